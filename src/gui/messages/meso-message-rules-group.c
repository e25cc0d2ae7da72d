/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message-rules-group.c: which messages the clinic's rules send to
 * patients (meso-message-maker.c), and when; each change is saved at
 * once, as the staff reminders' rules beside it are. Only staff who may
 * change the clinic's settings can change them. */
#define G_LOG_DOMAIN "meso-messages"

#include <glib/gi18n.h>

#include "meso-message-rules-group.h"
#include "meso-time-row.h"

struct _MesoMessageRulesGroup
{
  AdwPreferencesGroup  parent_instance;

  MesoContext         *context;
};

G_DEFINE_FINAL_TYPE (MesoMessageRulesGroup, meso_message_rules_group,
                     ADW_TYPE_PREFERENCES_GROUP)

static void
meso_message_rules_group_dispose (GObject *object)
{
  g_clear_object (&MESO_MESSAGE_RULES_GROUP (object)->context);
  G_OBJECT_CLASS (meso_message_rules_group_parent_class)->dispose (object);
}

static void
meso_message_rules_group_class_init (MesoMessageRulesGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_message_rules_group_dispose;
}

static void
meso_message_rules_group_init (MesoMessageRulesGroup *self)
{
}

/* Saves @value as @number; says why not where the user is looking, and
 * returns %FALSE so that the control can go back. */
static gboolean
save (MesoMessageRulesGroup *self,
      MesoClinicNumber       number,
      guint                  value)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (meso_clinic_get_number (clinic, number) == value ||
      meso_clinic_set_number (clinic, number, value, &error))
    return TRUE;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                      adw_toast_new (error->message));
  return FALSE;
}

static MesoClinicNumber
number_of (gpointer widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "meso-setting"));
}

static void
on_switch_active_cb (GtkSwitch             *toggle,
                     GParamSpec            *pspec,
                     MesoMessageRulesGroup *self)
{
  gboolean active = gtk_switch_get_active (toggle);

  if (!save (self, number_of (toggle), active))
    gtk_switch_set_active (toggle, !active);
}

static void
on_spin_value_changed_cb (GtkSpinButton         *spin,
                          MesoMessageRulesGroup *self)
{
  MesoClinicNumber number = number_of (spin);

  if (!save (self, number, gtk_spin_button_get_value_as_int (spin)))
    gtk_spin_button_set_value (spin, meso_clinic_get_number (meso_context_get_clinic (self->context),
                                                             number));
}

/* A time that does not read yet is not saved: the row shows it is wrong. */
static void
on_time_changed_cb (MesoTimeRow           *row,
                    MesoMessageRulesGroup *self)
{
  guint minutes;

  if (meso_time_row_get_minutes (row, &minutes))
    save (self, MESO_CLINIC_MESSAGE_MINUTE, minutes);
}

static void
add_switch (MesoMessageRulesGroup *self,
            MesoClinicNumber       number,
            const char            *title,
            const char            *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  g_object_set_data (G_OBJECT (toggle), "meso-setting", GUINT_TO_POINTER (number));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle),
                         meso_clinic_get_number (meso_context_get_clinic (self->context),
                                                 number) != 0);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_switch_active_cb), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

static void
add_spin (MesoMessageRulesGroup *self,
          MesoClinicNumber       number,
          const char            *title,
          const char            *subtitle,
          guint                  lowest,
          guint                  highest)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lowest, highest, 1);

  g_object_set_data (G_OBJECT (spin), "meso-setting", GUINT_TO_POINTER (number));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             meso_clinic_get_number (meso_context_get_clinic (self->context),
                                                     number));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_value_changed_cb), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

GtkWidget *
meso_message_rules_group_new (MesoContext *context)
{
  MesoMessageRulesGroup *self = g_object_new (MESO_TYPE_MESSAGE_RULES_GROUP, NULL);
  GtkWidget *time_row = meso_time_row_new ();

  self->context = g_object_ref (context);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Messages to Patients"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
    _("E-mailed to the patients who agreed, in their language, once the clinic's mail server "
      "is set. The texts are the handout texts' “Messages to Patients”."));
  add_switch (self, MESO_CLINIC_MESSAGE_CONFIRMATION, _("Confirmation the Day Before"),
              _("Asks the patient to reply to confirm the appointment"));
  add_switch (self, MESO_CLINIC_MESSAGE_NEXT_SESSION, _("Next Session of a Course"),
              _("Announces each session of a course after the first"));
  add_switch (self, MESO_CLINIC_MESSAGE_AFTERCARE, _("Aftercare After a Session"),
              _("Until when not to wash the hair, and to keep out of the sun and sport"));
  add_switch (self, MESO_CLINIC_MESSAGE_MAINTENANCE, _("Maintenance Session Due"),
              _("On the day a finished course's maintenance session is due"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (time_row),
                                 _("Confirmations and Announcements Go At"));
  meso_time_row_set_minutes (MESO_TIME_ROW (time_row),
                             meso_clinic_get_number (meso_context_get_clinic (context),
                                                     MESO_CLINIC_MESSAGE_MINUTE));
  g_signal_connect (time_row, "changed", G_CALLBACK (on_time_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), time_row);
  add_spin (self, MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS, _("Days Ahead of the Next Session"),
            _("When the next session of a course is announced"), 1, 60);
  add_spin (self, MESO_CLINIC_MESSAGE_AFTERCARE_MINUTES, _("Minutes After a Session"),
            _("When the aftercare goes, after the session ends"), 0, 1440);
  gtk_widget_set_sensitive (GTK_WIDGET (self),
                            meso_context_can (context, MESO_PERMISSION_MANAGE_SETTINGS));
  return GTK_WIDGET (self);
}
