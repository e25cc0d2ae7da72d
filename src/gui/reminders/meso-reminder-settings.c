/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-settings.c: the Reminders page of the preferences. This
 * workstation: keep running in the background, start with the session.
 * The clinic: whether notifications name patients while nobody is signed
 * in, and one row per kind of reminder, to turn it off, change when it
 * comes (the sources disagree on the aftercare delays) and its texts. A
 * text left as the built-in one is stored as such, so that each user
 * reads it in their own language. */
#define G_LOG_DOMAIN "meso-reminder-settings"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-autostart.h"
#include "meso-reminder-settings.h"
#include "meso-row-error.h"

typedef struct
{
  AdwExpanderRow *row;
  GtkSpinButton  *timing;    /* NULL for a standing condition */
  AdwEntryRow    *at;        /* NULL when the reminder comes as the condition appears */
  AdwEntryRow    *summary;
  AdwEntryRow    *body;
} RuleRows;

struct _MesoReminderSettings
{
  AdwPreferencesPage  parent_instance;

  MesoContext        *context;
  GSettings          *settings;
  GtkSwitch          *autostart_switch;
  GtkSwitch          *names_switch;
  RuleRows            rules[MESO_REMINDER_N_KINDS];
  gboolean            filling;     /* widgets are being set from the stored rule */
};

G_DEFINE_FINAL_TYPE (MesoReminderSettings, meso_reminder_settings, ADW_TYPE_PREFERENCES_PAGE)

#define KIND_KEY "meso-reminder-kind"

static MesoReminders *
reminders (MesoReminderSettings *self)
{
  return meso_context_get_reminders (self->context);
}

static void
toast (MesoReminderSettings *self,
       const char           *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static MesoReminderKind
widget_kind (gpointer widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), KIND_KEY));
}

static char *
describe_timing (const MesoReminderRule *rule)
{
  int unit = meso_reminder_kind_get_unit_minutes (rule->kind);
  g_autofree char *when = NULL;

  if (unit == 0)
    when = g_strdup (_("As the stock settings say"));
  else
    when = g_strdup_printf ("%s: %d", meso_reminder_kind_get_timing_label (rule->kind),
                            ABS (rule->offset_minutes / unit));
  if (rule->at_minute < 0)
    return g_steal_pointer (&when);
  return g_strdup_printf (_("%s, at %02d:%02d"), when, rule->at_minute / 60,
                          rule->at_minute % 60);
}

static void
fill_rule (MesoReminderSettings *self,
           MesoReminderKind      kind)
{
  RuleRows *rows = &self->rules[kind];
  g_autoptr(GError) error = NULL;
  g_autofree char *timing = NULL;
  MesoReminderRule rule;

  if (!meso_reminders_get_rule (reminders (self), kind, &rule, &error))
    {
      toast (self, error->message);
      return;
    }
  self->filling = TRUE;
  adw_expander_row_set_enable_expansion (rows->row, rule.enabled);
  timing = describe_timing (&rule);
  adw_expander_row_set_subtitle (rows->row, timing);
  if (rows->timing != NULL)
    gtk_spin_button_set_value (rows->timing,
                               ABS (rule.offset_minutes /
                                    meso_reminder_kind_get_unit_minutes (kind)));
  if (rows->at != NULL)
    {
      g_autofree char *at = rule.at_minute < 0 ? g_strdup ("")
                                               : g_strdup_printf ("%02d:%02d", rule.at_minute / 60,
                                                                  rule.at_minute % 60);
      gtk_editable_set_text (GTK_EDITABLE (rows->at), at);
      meso_row_error_set (rows->at, NULL);
    }
  gtk_editable_set_text (GTK_EDITABLE (rows->summary), meso_reminder_rule_get_summary (&rule));
  gtk_editable_set_text (GTK_EDITABLE (rows->body), meso_reminder_rule_get_body (&rule));
  meso_row_error_set (rows->summary, NULL);
  meso_row_error_set (rows->body, NULL);
  self->filling = FALSE;
  meso_reminder_rule_clear (&rule);
}

/* "" for no time of day, "10:00" for 600; FALSE if @text is neither. */
static gboolean
parse_time_of_day (const char *text,
                   int        *out_minute)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint hours, minutes;
  char end;

  if (*trimmed == '\0')
    {
      *out_minute = -1;
      return TRUE;
    }
  if (sscanf (trimmed, "%u:%u%c", &hours, &minutes, &end) != 2 || hours > 23 || minutes > 59)
    return FALSE;
  *out_minute = hours * 60 + minutes;
  return TRUE;
}

/* @text, or "" when it is the built-in text: kept in each user's language. */
static char *
own_text (const char *text,
          const char *built_in)
{
  return g_strdup (g_strcmp0 (text, built_in) == 0 ? "" : text);
}

/* Saves the rule of @kind as its rows show it; a refusal shows in
 * @changed, the row the user just changed, if it is an entry. */
static void
save_rule (MesoReminderSettings *self,
           MesoReminderKind      kind,
           GtkWidget            *changed)
{
  RuleRows *rows = &self->rules[kind];
  g_autoptr(GError) error = NULL;
  MesoReminderRule built_in, rule;

  if (self->filling)
    return;
  meso_reminder_rule_init_default (&built_in, kind);
  meso_reminder_rule_init_default (&rule, kind);
  rule.enabled = adw_expander_row_get_enable_expansion (rows->row);
  if (rows->timing != NULL)
    rule.offset_minutes = gtk_spin_button_get_value_as_int (rows->timing) *
                          meso_reminder_kind_get_unit_minutes (kind);
  if (rows->at != NULL &&
      !parse_time_of_day (gtk_editable_get_text (GTK_EDITABLE (rows->at)), &rule.at_minute))
    {
      meso_row_error_set (rows->at, _("Use a time such as 10:00, or leave it empty."));
      goto out;
    }
  g_free (rule.summary);
  rule.summary = own_text (gtk_editable_get_text (GTK_EDITABLE (rows->summary)),
                           meso_reminder_rule_get_summary (&built_in));
  g_free (rule.body);
  rule.body = own_text (gtk_editable_get_text (GTK_EDITABLE (rows->body)),
                        meso_reminder_rule_get_body (&built_in));

  if (!meso_reminders_save_rule (reminders (self), &rule, &error))
    {
      if (ADW_IS_ENTRY_ROW (changed))
        meso_row_error_set (ADW_ENTRY_ROW (changed), error->message);
      else
        toast (self, error->message);
    }
  else
    {
      fill_rule (self, kind);
      /* Pending reminders follow the rule now, not at the next wake. */
      meso_reminders_run (reminders (self));
    }
out:
  meso_reminder_rule_clear (&built_in);
  meso_reminder_rule_clear (&rule);
}

static void
on_rule_changed_cb (GtkWidget            *widget,
                    MesoReminderSettings *self)
{
  save_rule (self, widget_kind (widget), widget);
}

static void
on_enabled_changed_cb (GObject              *row,
                       GParamSpec           *pspec,
                       MesoReminderSettings *self)
{
  save_rule (self, widget_kind (row), GTK_WIDGET (row));
}

static void
on_reset_clicked_cb (GtkButton            *button,
                     MesoReminderSettings *self)
{
  MesoReminderKind kind = widget_kind (button);
  g_autoptr(GError) error = NULL;

  if (!meso_reminders_reset_rule (reminders (self), kind, &error))
    {
      toast (self, error->message);
      return;
    }
  fill_rule (self, kind);
  meso_reminders_run (reminders (self));
}

static AdwEntryRow *
add_entry_row (MesoReminderSettings *self,
               RuleRows             *rows,
               MesoReminderKind      kind,
               const char           *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (row, TRUE);
  meso_row_error_attach (row);
  g_object_set_data (G_OBJECT (row), KIND_KEY, GUINT_TO_POINTER (kind));
  g_signal_connect (row, "apply", G_CALLBACK (on_rule_changed_cb), self);
  adw_expander_row_add_row (rows->row, GTK_WIDGET (row));
  return row;
}

static void
add_rule_rows (MesoReminderSettings *self,
               AdwPreferencesGroup  *group,
               MesoReminderKind      kind)
{
  RuleRows *rows = &self->rules[kind];
  int unit = meso_reminder_kind_get_unit_minutes (kind);
  GtkWidget *reset_row, *reset;

  rows->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->row),
                                 meso_reminder_kind_get_label (kind));
  adw_expander_row_set_show_enable_switch (rows->row, TRUE);
  g_object_set_data (G_OBJECT (rows->row), KIND_KEY, GUINT_TO_POINTER (kind));
  g_signal_connect (rows->row, "notify::enable-expansion", G_CALLBACK (on_enabled_changed_cb),
                    self);

  if (unit != 0)
    {
      GtkWidget *timing_row = adw_action_row_new ();
      /* Up to a year, in the rule's unit. */
      int most = 365 * 24 * 60 / ABS (unit);

      rows->timing = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, MIN (most, 9999), 1));
      gtk_widget_set_valign (GTK_WIDGET (rows->timing), GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (rows->timing), KIND_KEY, GUINT_TO_POINTER (kind));
      g_signal_connect (rows->timing, "value-changed", G_CALLBACK (on_rule_changed_cb), self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (timing_row),
                                     meso_reminder_kind_get_timing_label (kind));
      adw_action_row_add_suffix (ADW_ACTION_ROW (timing_row), GTK_WIDGET (rows->timing));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (timing_row),
                                             GTK_WIDGET (rows->timing));
      adw_expander_row_add_row (rows->row, timing_row);
    }
  if (kind != MESO_REMINDER_LOW_STOCK)
    rows->at = add_entry_row (self, rows, kind, _("At a Time of Day (empty: exactly then)"));
  rows->summary = add_entry_row (self, rows, kind, _("Title"));
  rows->body = add_entry_row (self, rows, kind, _("Text"));

  reset_row = adw_action_row_new ();
  reset = gtk_button_new_with_mnemonic (_("_Restore Built-In Rule"));
  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (reset), KIND_KEY, GUINT_TO_POINTER (kind));
  g_signal_connect (reset, "clicked", G_CALLBACK (on_reset_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (reset_row), reset);
  adw_expander_row_add_row (rows->row, reset_row);

  adw_preferences_group_add (group, GTK_WIDGET (rows->row));
  fill_rule (self, kind);
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
build (MesoReminderSettings *self)
{
  AdwPreferencesGroup *workstation = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *notifications = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *rules = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *fields = meso_reminder_list_fields ();
  g_autofree char *description = NULL;
  GtkSwitch *background;

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
    add_rule_rows (self, rules, k);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), rules);
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
  G_OBJECT_CLASS (klass)->dispose = meso_reminder_settings_dispose;
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
  MesoReminderSettings *self = g_object_new (MESO_TYPE_REMINDER_SETTINGS, NULL);

  self->context = g_object_ref (context);
  self->settings = g_settings_new (APP_ID);
  build (self);
  return self;
}
