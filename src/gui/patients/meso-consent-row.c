/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-consent-row.c: a patient's consent to e-mail, as a switch. Consent
 * is a record of its own, audited with its day: the switch writes it at
 * once (today, by the clinic's clock), apart from the form's Save, as the
 * patient gives or withdraws it. A new patient is saved first. */
#include <glib/gi18n.h>

#include "meso-consent-row.h"

struct _MesoConsentRow
{
  AdwActionRow  parent_instance;

  GtkSwitch    *toggle;
  MesoContext  *context;
  gint64        patient_id;   /* 0: not saved yet */
  gboolean      filling;      /* the switch follows the record, not the user */
};

G_DEFINE_FINAL_TYPE (MesoConsentRow, meso_consent_row, ADW_TYPE_ACTION_ROW)

static void
show_consent (MesoConsentRow *self,
              const GDate    *agreed_on,
              const char     *problem)
{
  g_autofree char *since = NULL;

  if (problem != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), problem);
  else if (self->patient_id == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                 _("Save the patient first, then record the consent."));
  else if (agreed_on != NULL && g_date_valid (agreed_on))
    {
      char day[64] = "";

      g_date_strftime (day, sizeof day, "%x", agreed_on);
      /* Translators: %s is the day the patient agreed. */
      since = g_strdup_printf (_("Agreed on %s; every message says how to stop them."), day);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), since);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("Not agreed: nothing is sent."));

  self->filling = TRUE;
  gtk_switch_set_active (self->toggle, agreed_on != NULL && g_date_valid (agreed_on));
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), self->patient_id != 0);
}

static gboolean
on_toggle_state_set_cb (MesoConsentRow *self,
                        gboolean        state)
{
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  g_autoptr(GError) error = NULL;
  GDate today;

  if (self->filling)
    return FALSE;
  meso_context_get_today (self->context, &today);
  if (!meso_patient_store_set_consent (store, self->patient_id, MESO_CHANNEL_EMAIL,
                                       state ? &today : NULL, &error))
    {
      GDate before;
      gboolean agreed = meso_patient_store_get_consent (store, self->patient_id,
                                                        MESO_CHANNEL_EMAIL, &before, NULL);

      /* The switch goes back to what the record says. */
      show_consent (self, agreed ? &before : NULL, error->message);
      return TRUE;
    }
  show_consent (self, state ? &today : NULL, NULL);
  return FALSE;   /* the switch shows its new state */
}

static void
meso_consent_row_finalize (GObject *object)
{
  g_clear_object (&MESO_CONSENT_ROW (object)->context);
  G_OBJECT_CLASS (meso_consent_row_parent_class)->finalize (object);
}

static void
meso_consent_row_class_init (MesoConsentRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_consent_row_finalize;
}

static void
meso_consent_row_init (MesoConsentRow *self)
{
  self->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->toggle), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Agreed to messages by e-mail"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->toggle));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->toggle));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self, NULL, -1);
  g_signal_connect_swapped (self->toggle, "state-set", G_CALLBACK (on_toggle_state_set_cb), self);
}

/**
 * meso_consent_row_show:
 * @patient_id: the patient's, or 0 for one not saved yet
 *
 * Shows what patient @patient_id agreed to, read from @context's clinic.
 */
void
meso_consent_row_show (MesoConsentRow *self,
                       MesoContext    *context,
                       gint64          patient_id)
{
  g_autoptr(GError) error = NULL;
  GDate agreed_on;
  gboolean agreed = FALSE;

  g_set_object (&self->context, context);
  self->patient_id = patient_id;
  if (patient_id != 0)
    agreed = meso_patient_store_get_consent (meso_context_get_patient_store (context), patient_id,
                                             MESO_CHANNEL_EMAIL, &agreed_on, &error);
  show_consent (self, agreed ? &agreed_on : NULL, error != NULL ? error->message : NULL);
}
