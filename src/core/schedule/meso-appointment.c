/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment.c: one appointment, and the names of its kinds and statuses. */
#define G_LOG_DOMAIN "meso-appointment"

#include <glib/gi18n.h>

#include "meso-appointment.h"

G_DEFINE_TYPE (MesoAppointment, meso_appointment, G_TYPE_OBJECT)

static const struct
{
  const char *code;
  const char *label;
} kinds[MESO_N_KINDS] = {
  [MESO_KIND_CONSULTATION]  = { "consultation", N_("Consultation") },
  [MESO_KIND_FIRST_SESSION] = { "first_session", N_("First session") },
  [MESO_KIND_SESSION]       = { "session", N_("Session") },
  [MESO_KIND_MAINTENANCE]   = { "maintenance", N_("Maintenance") },
  [MESO_KIND_FOLLOW_UP]     = { "follow_up", N_("Follow-up") },
}, statuses[MESO_N_STATUSES] = {
  [MESO_STATUS_BOOKED]       = { "booked", N_("Booked") },
  [MESO_STATUS_CONFIRMED]    = { "confirmed", N_("Confirmed") },
  [MESO_STATUS_ARRIVED]      = { "arrived", N_("Arrived") },
  [MESO_STATUS_IN_TREATMENT] = { "in_treatment", N_("In treatment") },
  [MESO_STATUS_DONE]         = { "done", N_("Done") },
  [MESO_STATUS_CANCELLED]    = { "cancelled", N_("Cancelled") },
  [MESO_STATUS_NO_SHOW]      = { "no_show", N_("No-show") },
};

static void
meso_appointment_finalize (GObject *object)
{
  MesoAppointment *self = MESO_APPOINTMENT (object);

  g_free (self->patient_name);
  g_free (self->notes);

  G_OBJECT_CLASS (meso_appointment_parent_class)->finalize (object);
}

static void
meso_appointment_class_init (MesoAppointmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_appointment_finalize;
}

static void
meso_appointment_init (MesoAppointment *self)
{
  self->kind = MESO_KIND_SESSION;
  self->status = MESO_STATUS_BOOKED;
  self->notes = g_strdup ("");
}

MesoAppointment *
meso_appointment_new (void)
{
  return g_object_new (MESO_TYPE_APPOINTMENT, NULL);
}

/* Returns: (transfer full): an independent copy, to edit. */
MesoAppointment *
meso_appointment_copy (MesoAppointment *self)
{
  MesoAppointment *copy = meso_appointment_new ();

  copy->id = self->id;
  copy->patient_id = self->patient_id;
  copy->practitioner_id = self->practitioner_id;
  copy->room_id = self->room_id;
  copy->starts_at = self->starts_at;
  copy->minutes = self->minutes;
  copy->kind = self->kind;
  copy->status = self->status;
  copy->patient_name = g_strdup (self->patient_name);
  g_free (copy->notes);
  copy->notes = g_strdup (self->notes);
  copy->course_id = self->course_id;
  copy->course_position = self->course_position;
  copy->interval_days = self->interval_days;
  copy->revision = self->revision;
  return copy;
}

gint64
meso_appointment_get_ends_at (MesoAppointment *self)
{
  return self->starts_at + (gint64) self->minutes * 60;
}

/* Whether the appointment holds its slot: cancelled and missed ones do not. */
gboolean
meso_appointment_is_active (MesoAppointment *self)
{
  return meso_appointment_status_is_active (self->status);
}

const char *
meso_appointment_kind_get_code (MesoAppointmentKind kind)
{
  g_return_val_if_fail (kind < MESO_N_KINDS, NULL);
  return kinds[kind].code;
}

const char *
meso_appointment_kind_get_label (MesoAppointmentKind kind)
{
  g_return_val_if_fail (kind < MESO_N_KINDS, NULL);
  return _(kinds[kind].label);
}

gboolean
meso_appointment_kind_from_code (const char          *code,
                                 MesoAppointmentKind *out_kind)
{
  for (guint i = 0; i < MESO_N_KINDS; i++)
    if (g_strcmp0 (code, kinds[i].code) == 0)
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
meso_appointment_status_get_code (MesoAppointmentStatus status)
{
  g_return_val_if_fail (status < MESO_N_STATUSES, NULL);
  return statuses[status].code;
}

const char *
meso_appointment_status_get_label (MesoAppointmentStatus status)
{
  g_return_val_if_fail (status < MESO_N_STATUSES, NULL);
  return _(statuses[status].label);
}

gboolean
meso_appointment_status_from_code (const char            *code,
                                   MesoAppointmentStatus *out_status)
{
  for (guint i = 0; i < MESO_N_STATUSES; i++)
    if (g_strcmp0 (code, statuses[i].code) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
meso_appointment_status_is_active (MesoAppointmentStatus status)
{
  return status != MESO_STATUS_CANCELLED && status != MESO_STATUS_NO_SHOW;
}
