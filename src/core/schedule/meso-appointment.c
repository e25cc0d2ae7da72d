/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment.c: one appointment, and the names of its kinds and statuses. */
#define G_LOG_DOMAIN "meso-appointment"

#include <glib/gi18n.h>

#include "meso-appointment.h"
#include "meso-enum.h"

G_DEFINE_TYPE (MesoAppointment, meso_appointment, G_TYPE_OBJECT)

/* The nicks are the codes stored in appointment.kind and appointment.status. */
G_DEFINE_ENUM_TYPE (MesoAppointmentKind, meso_appointment_kind,
  G_DEFINE_ENUM_VALUE (MESO_KIND_CONSULTATION, "consultation"),
  G_DEFINE_ENUM_VALUE (MESO_KIND_FIRST_SESSION, "first_session"),
  G_DEFINE_ENUM_VALUE (MESO_KIND_SESSION, "session"),
  G_DEFINE_ENUM_VALUE (MESO_KIND_MAINTENANCE, "maintenance"),
  G_DEFINE_ENUM_VALUE (MESO_KIND_FOLLOW_UP, "follow_up"))

G_DEFINE_ENUM_TYPE (MesoAppointmentStatus, meso_appointment_status,
  G_DEFINE_ENUM_VALUE (MESO_STATUS_BOOKED, "booked"),
  G_DEFINE_ENUM_VALUE (MESO_STATUS_CONFIRMED, "confirmed"),
  G_DEFINE_ENUM_VALUE (MESO_STATUS_ARRIVED, "arrived"),
  G_DEFINE_ENUM_VALUE (MESO_STATUS_IN_TREATMENT, "in_treatment"),
  G_DEFINE_ENUM_VALUE (MESO_STATUS_DONE, "done"),
  G_DEFINE_ENUM_VALUE (MESO_STATUS_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (MESO_STATUS_NO_SHOW, "no_show"))

static const char * const kind_labels[MESO_N_KINDS] = {
  [MESO_KIND_CONSULTATION]  = N_("Consultation"),
  [MESO_KIND_FIRST_SESSION] = N_("First session"),
  [MESO_KIND_SESSION]       = N_("Session"),
  [MESO_KIND_MAINTENANCE]   = N_("Maintenance"),
  [MESO_KIND_FOLLOW_UP]     = N_("Follow-up"),
};

static const char * const status_labels[MESO_N_STATUSES] = {
  [MESO_STATUS_BOOKED]       = N_("Booked"),
  [MESO_STATUS_CONFIRMED]    = N_("Confirmed"),
  [MESO_STATUS_ARRIVED]      = N_("Arrived"),
  [MESO_STATUS_IN_TREATMENT] = N_("In treatment"),
  [MESO_STATUS_DONE]         = N_("Done"),
  [MESO_STATUS_CANCELLED]    = N_("Cancelled"),
  [MESO_STATUS_NO_SHOW]      = N_("No-show"),
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

/**
 * meso_appointment_merge:
 * @base: the appointment as a form read it
 * @mine: the form's appointment, edited since
 * @stored: the appointment as stored now, saved meanwhile elsewhere
 *
 * Returns: (transfer full): @stored, at its revision, with each field the
 * form changed from @base as the form has it (as meso_patient_merge()).
 */
MesoAppointment *
meso_appointment_merge (MesoAppointment *base,
                        MesoAppointment *mine,
                        MesoAppointment *stored)
{
  MesoAppointment *merged = meso_appointment_copy (stored);

  if (mine->patient_id != base->patient_id)
    {
      merged->patient_id = mine->patient_id;
      g_free (merged->patient_name);
      merged->patient_name = g_strdup (mine->patient_name);
    }
  if (mine->practitioner_id != base->practitioner_id)
    merged->practitioner_id = mine->practitioner_id;
  if (mine->room_id != base->room_id)
    merged->room_id = mine->room_id;
  if (mine->starts_at != base->starts_at)
    merged->starts_at = mine->starts_at;
  if (mine->minutes != base->minutes)
    merged->minutes = mine->minutes;
  if (mine->kind != base->kind)
    merged->kind = mine->kind;
  if (mine->status != base->status)
    merged->status = mine->status;
  if (g_strcmp0 (mine->notes, base->notes) != 0)
    {
      g_free (merged->notes);
      merged->notes = g_strdup (mine->notes);
    }
  return merged;
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
  return meso_enum_to_code (MESO_TYPE_APPOINTMENT_KIND, kind);
}

const char *
meso_appointment_kind_get_label (MesoAppointmentKind kind)
{
  g_return_val_if_fail (kind < MESO_N_KINDS, NULL);
  return _(kind_labels[kind]);
}

gboolean
meso_appointment_kind_from_code (const char          *code,
                                 MesoAppointmentKind *out_kind)
{
  return meso_enum_from_code (MESO_TYPE_APPOINTMENT_KIND, code, (int *) out_kind);
}

const char *
meso_appointment_status_get_code (MesoAppointmentStatus status)
{
  return meso_enum_to_code (MESO_TYPE_APPOINTMENT_STATUS, status);
}

const char *
meso_appointment_status_get_label (MesoAppointmentStatus status)
{
  g_return_val_if_fail (status < MESO_N_STATUSES, NULL);
  return _(status_labels[status]);
}

gboolean
meso_appointment_status_from_code (const char            *code,
                                   MesoAppointmentStatus *out_status)
{
  return meso_enum_from_code (MESO_TYPE_APPOINTMENT_STATUS, code, (int *) out_status);
}

gboolean
meso_appointment_status_is_active (MesoAppointmentStatus status)
{
  return status != MESO_STATUS_CANCELLED && status != MESO_STATUS_NO_SHOW;
}
