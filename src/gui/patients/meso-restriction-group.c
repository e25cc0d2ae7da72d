/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-restriction-group.c: restriction instead of deletion, in the
 * patient's form, for administrators: the record's state, and the buttons
 * that restrict it, lift the restriction, or anonymise the patient once
 * the retention period has passed. The core decides and enforces each
 * (meso-record-restriction.c); a refusal is said here, where the
 * administrator is looking. */
#define G_LOG_DOMAIN "meso-restriction-group"

#include <glib/gi18n.h>

#include "meso-confirm.h"
#include "meso-record-restriction.h"
#include "meso-restriction-group.h"
#include "meso-row-error.h"

struct _MesoRestrictionGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *state_row;
  GtkWidget           *restrict_button;
  GtkWidget           *lift_button;
  GtkWidget           *anonymise_button;
  GtkLabel            *problem_label;
  MesoContext         *context;
  gint64               patient_id;
  char                *name;
};

G_DEFINE_FINAL_TYPE (MesoRestrictionGroup, meso_restriction_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* @iso (YYYY-MM-DD) as the user's locale writes a date. */
static char *
format_day (const char *iso)
{
  GDate day;
  char text[64] = "";
  int y, m, d;

  g_date_clear (&day, 1);
  if (iso != NULL && sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    {
      g_date_set_dmy (&day, d, m, y);
      g_date_strftime (text, sizeof text, "%x", &day);
    }
  return g_strdup (*text != '\0' ? text : iso);
}

static void
show_problem (MesoRestrictionGroup *self,
              const char           *problem)
{
  meso_row_error_show_label (self->problem_label, NULL, problem);
}

/* Restricted: when the patient may be anonymised, from the core's rule. */
static void
show_anonymise_day (MesoRestrictionGroup *self)
{
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;
  GDate first_day;
  GDate today;
  char day[64] = "";

  if (!meso_record_get_anonymise_day (self->context, self->patient_id, &first_day, &error))
    {
      show_problem (self, error->message);
      gtk_widget_set_sensitive (self->anonymise_button, FALSE);
      return;
    }
  meso_context_get_today (self->context, &today);
  g_date_strftime (day, sizeof day, "%x", &first_day);
  if (g_date_compare (&today, &first_day) >= 0)
    subtitle = g_strdup (_("Hidden from searches and lists; only administrators can open the "
                           "record. The retention period has passed: the patient can be "
                           "anonymised."));
  else
    /* Translators: %s is a date. */
    subtitle = g_strdup_printf (_("Hidden from searches and lists; only administrators can open "
                                  "the record. The clinic’s retention period ends on %s: the "
                                  "patient can be anonymised from then."), day);
  adw_action_row_set_subtitle (self->state_row, subtitle);
  gtk_widget_set_sensitive (self->anonymise_button, g_date_compare (&today, &first_day) >= 0);
}

static void
show_state (MesoRestrictionGroup *self,
            MesoPatient          *patient)
{
  const char *restricted_on = meso_patient_get_restricted_on (patient);
  const char *anonymised_on = meso_patient_get_anonymised_on (patient);
  g_autofree char *title = NULL;

  show_problem (self, NULL);
  gtk_widget_set_visible (self->restrict_button, restricted_on == NULL);
  gtk_widget_set_visible (self->lift_button, restricted_on != NULL && anonymised_on == NULL);
  gtk_widget_set_visible (self->anonymise_button, restricted_on != NULL && anonymised_on == NULL);
  if (anonymised_on != NULL)
    {
      g_autofree char *day = format_day (anonymised_on);

      /* Translators: %s is a date. */
      title = g_strdup_printf (_("Anonymised on %s"), day);
      adw_action_row_set_subtitle (self->state_row,
                                   _("Names, contacts and notes were replaced; the clinical "
                                     "records are kept for the clinic’s statistics."));
    }
  else if (restricted_on != NULL)
    {
      g_autofree char *day = format_day (restricted_on);

      /* Translators: %s is a date. */
      title = g_strdup_printf (_("Restricted since %s"), day);
      show_anonymise_day (self);
    }
  else
    {
      title = g_strdup (_("Not restricted"));
      adw_action_row_set_subtitle (self->state_row,
                                   _("When the record must be kept but no longer used, restrict "
                                     "it instead of deleting it."));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title);
}

typedef gboolean (*RestrictionAction) (MesoContext  *context,
                                       gint64        patient_id,
                                       GError      **error);

static gboolean
lift_restriction (MesoContext  *context,
                  gint64        patient_id,
                  GError      **error)
{
  return meso_patient_store_lift_restriction (meso_context_get_patient_store (context),
                                              patient_id, error);
}

static void
run_action (MesoRestrictionGroup *self,
            RestrictionAction     action)
{
  g_autoptr(GError) error = NULL;

  if (!action (self->context, self->patient_id, &error))
    {
      show_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_confirm_response_cb (AdwMessageDialog     *dialog,
                        const char           *response,
                        MesoRestrictionGroup *self)
{
  if (g_str_equal (response, "restrict"))
    run_action (self, meso_record_restrict);
  else if (g_str_equal (response, "anonymise"))
    run_action (self, meso_record_anonymise);
}

static void
restriction_restrict (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MesoRestrictionGroup *self = MESO_RESTRICTION_GROUP (widget);
  g_autofree char *body = NULL;

  /* Translators: %s is the patient's name. */
  body = g_strdup_printf (_("%s will be left out of searches and lists, and only administrators "
                            "will be able to open the record. Their consent to messages is "
                            "withdrawn and queued messages are cancelled. Everything is kept, "
                            "in backups too."), self->name);
  meso_confirm_destructive (widget, _("Restrict This Record?"), body, "restrict", _("_Restrict"),
                            G_CALLBACK (on_confirm_response_cb), self);
}

static void
restriction_lift (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  run_action (MESO_RESTRICTION_GROUP (widget), lift_restriction);
}

static void
restriction_anonymise (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MesoRestrictionGroup *self = MESO_RESTRICTION_GROUP (widget);
  g_autofree char *body = NULL;

  /* Translators: %s is the patient's name. */
  body = g_strdup_printf (_("The names, contacts and notes of %s, and the addresses and texts of "
                            "the messages sent to them, are replaced for good, and their photos "
                            "that may show the face are erased. Appointments, sessions, "
                            "screening and scalp photos stay for the clinic’s statistics. This "
                            "cannot be undone."), self->name);
  meso_confirm_destructive (widget, _("Anonymise This Patient?"), body, "anonymise",
                            _("_Anonymise"), G_CALLBACK (on_confirm_response_cb), self);
}

static GtkWidget *
add_button (MesoRestrictionGroup *self,
            const char           *label,
            const char           *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  adw_action_row_add_suffix (self->state_row, button);
  return button;
}

static void
meso_restriction_group_finalize (GObject *object)
{
  MesoRestrictionGroup *self = MESO_RESTRICTION_GROUP (object);

  g_clear_object (&self->context);
  g_free (self->name);
  G_OBJECT_CLASS (meso_restriction_group_parent_class)->finalize (object);
}

static void
meso_restriction_group_class_init (MesoRestrictionGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = meso_restriction_group_finalize;

  /**
   * MesoRestrictionGroup::changed:
   *
   * Emitted after the patient was restricted, lifted or anonymised: the
   * form shows the patient again as stored.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "restriction.restrict", NULL,
                                   restriction_restrict);
  gtk_widget_class_install_action (widget_class, "restriction.lift", NULL, restriction_lift);
  gtk_widget_class_install_action (widget_class, "restriction.anonymise", NULL,
                                   restriction_anonymise);
}

static void
meso_restriction_group_init (MesoRestrictionGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Restriction"));
  self->state_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->state_row));
  self->restrict_button = add_button (self, _("_Restrict…"), "restriction.restrict");
  self->lift_button = add_button (self, _("_Lift Restriction"), "restriction.lift");
  self->anonymise_button = add_button (self, _("A_nonymise…"), "restriction.anonymise");
  gtk_widget_add_css_class (self->anonymise_button, "destructive-action");

  self->problem_label = meso_row_error_new_group_label ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->problem_label));
}

/**
 * meso_restriction_group_show:
 * @patient: the form's patient, as stored
 *
 * Shows @patient's restriction to an administrator; the group is hidden
 * from everyone else, and for a patient not saved yet.
 */
void
meso_restriction_group_show (MesoRestrictionGroup *self,
                             MesoContext          *context,
                             MesoPatient          *patient)
{
  g_return_if_fail (MESO_IS_RESTRICTION_GROUP (self));

  g_set_object (&self->context, context);
  self->patient_id = meso_patient_get_id (patient);
  g_free (self->name);
  self->name = meso_patient_dup_display_name (patient);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->patient_id != 0 &&
                          meso_context_can (context, MESO_PERMISSION_MANAGE_RECORDS));
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    show_state (self, patient);
}
