/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-settings.c: the Reminders page of the preferences. This
 * workstation: keep running in the background, start with the session.
 * The clinic: whether notifications name patients while nobody is signed
 * in, and a MesoReminderRuleRow per kind of reminder. Its groups are built
 * when the page is first shown. */
#define G_LOG_DOMAIN "meso-reminder-settings"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-autostart.h"
#include "meso-lazy-page.h"
#include "meso-message-rules-group.h"
#include "meso-reminder-rule-row.h"
#include "meso-reminder-settings.h"

struct _MesoReminderSettings
{
  AdwPreferencesPage  parent_instance;

  MesoContext        *context;
  GSettings          *settings;
  GtkSwitch          *autostart_switch;
  GtkSwitch          *names_switch;
};

G_DEFINE_FINAL_TYPE (MesoReminderSettings, meso_reminder_settings, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (MesoReminderSettings *self,
       const char           *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
on_autostart_active_cb (GtkSwitch            *toggle,
                        GParamSpec           *pspec,
                        MesoReminderSettings *self)
{
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_switch_get_active (toggle);

  if (active == meso_autostart_is_enabled ())
    return;
  if (!meso_autostart_set_enabled (active,
                                   meso_context_get_path (self->context),
                                   &error))
    {
      toast (self, error->message);
      gtk_switch_set_active (toggle, !active);
    }
}

static void
on_names_active_cb (GtkSwitch            *toggle,
                    GParamSpec           *pspec,
                    MesoReminderSettings *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_switch_get_active (toggle);

  if (active == (meso_clinic_get_number (clinic, MESO_CLINIC_NAMES_WHEN_LOCKED) != 0))
    return;
  if (!meso_clinic_set_number (clinic, MESO_CLINIC_NAMES_WHEN_LOCKED, active, &error))
    {
      toast (self, error->message);
      gtk_switch_set_active (toggle, !active);
    }
}

static GtkWidget *
switch_row (const char  *title,
            const char  *subtitle,
            GtkSwitch  **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  *out_switch = GTK_SWITCH (toggle);
  return row;
}

static void
build (AdwPreferencesPage *page)
{
  MesoReminderSettings *self = MESO_REMINDER_SETTINGS (page);
  AdwPreferencesGroup *workstation = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *notifications = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *rules = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *fields = meso_reminder_list_fields ();
  g_autofree char *description = NULL;
  GtkSwitch *background;

  self->settings = g_settings_new (APP_ID);
  adw_preferences_group_set_title (workstation, _("This Workstation"));
  adw_preferences_group_add (workstation,
                             switch_row (_("Keep Running When the Window Is Closed"),
                                         _("Reminders keep arriving as notifications; opening "
                                           "one brings the window back."),
                                         &background));
  g_settings_bind (self->settings, "run-in-background", background, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (workstation,
                             switch_row (_("Start With the Session"),
                                         _("Mesodesk starts in the background when someone "
                                           "logs in to this computer, for this clinic’s "
                                           "reminders."),
                                         &self->autostart_switch));
  gtk_switch_set_active (self->autostart_switch, meso_autostart_is_enabled ());
  g_signal_connect (self->autostart_switch, "notify::active",
                    G_CALLBACK (on_autostart_active_cb), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), workstation);

  adw_preferences_group_set_title (notifications, _("Notifications"));
  adw_preferences_group_set_description (notifications,
                                         _("Notifications say whom to call, never what for: "
                                           "the texts below are shown under Today."));
  adw_preferences_group_add (notifications,
                             switch_row (_("Patient Names While Locked"),
                                         _("While nobody is signed in, notifications give the "
                                           "patient’s name and phone number, not only how many "
                                           "reminders are due. For the whole clinic."),
                                         &self->names_switch));
  gtk_switch_set_active (self->names_switch,
                         meso_clinic_get_number (meso_context_get_clinic (self->context),
                                                 MESO_CLINIC_NAMES_WHEN_LOCKED) != 0);
  g_signal_connect (self->names_switch, "notify::active", G_CALLBACK (on_names_active_cb), self);
  /* The core refuses anyone else; the switch says so before it is tried. */
  gtk_widget_set_sensitive (GTK_WIDGET (notifications),
                            meso_context_can (self->context, MESO_PERMISSION_MANAGE_SETTINGS));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), notifications);

  adw_preferences_group_set_title (rules, _("Reminders"));
  description = g_strdup_printf (_("For the whole clinic. Texts may use %s."), fields);
  adw_preferences_group_set_description (rules, description);
  for (MesoReminderKind k = 0; k < MESO_REMINDER_N_KINDS; k++)
    adw_preferences_group_add (rules, meso_reminder_rule_row_new (self->context, k));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), rules);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self),
                            ADW_PREFERENCES_GROUP (meso_message_rules_group_new (self->context)));
}

static void
meso_reminder_settings_constructed (GObject *object)
{
  MesoReminderSettings *self = MESO_REMINDER_SETTINGS (object);

  G_OBJECT_CLASS (meso_reminder_settings_parent_class)->constructed (object);

  meso_lazy_page_build_when_shown (ADW_PREFERENCES_PAGE (self), build);
}

static void
meso_reminder_settings_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  MesoReminderSettings *self = MESO_REMINDER_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_reminder_settings_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  MesoReminderSettings *self = MESO_REMINDER_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_reminder_settings_dispose (GObject *object)
{
  MesoReminderSettings *self = MESO_REMINDER_SETTINGS (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_reminder_settings_parent_class)->dispose (object);
}

static void
meso_reminder_settings_class_init (MesoReminderSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = meso_reminder_settings_constructed;
  object_class->dispose = meso_reminder_settings_dispose;
  object_class->set_property = meso_reminder_settings_set_property;
  object_class->get_property = meso_reminder_settings_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_reminder_settings_init (MesoReminderSettings *self)
{
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Reminders"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "alarm-symbolic");
}

MesoReminderSettings *
meso_reminder_settings_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_REMINDER_SETTINGS, "context", context, NULL);
}
