/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment.h: one booked (or proposed) appointment. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  MESO_KIND_CONSULTATION,
  MESO_KIND_FIRST_SESSION,
  MESO_KIND_SESSION,
  MESO_KIND_MAINTENANCE,
  MESO_KIND_FOLLOW_UP,
  MESO_N_KINDS
} MesoAppointmentKind;

#define MESO_TYPE_APPOINTMENT_KIND (meso_appointment_kind_get_type ())
GType meso_appointment_kind_get_type (void);

typedef enum
{
  MESO_STATUS_BOOKED,
  MESO_STATUS_CONFIRMED,
  MESO_STATUS_ARRIVED,
  MESO_STATUS_IN_TREATMENT,
  MESO_STATUS_DONE,
  MESO_STATUS_CANCELLED,
  MESO_STATUS_NO_SHOW,
  MESO_N_STATUSES
} MesoAppointmentStatus;

#define MESO_TYPE_APPOINTMENT_STATUS (meso_appointment_status_get_type ())
GType meso_appointment_status_get_type (void);

/**
 * MesoAppointment:
 *
 * An appointment as stored, or as proposed by a course plan (id 0). Times
 * are instants (Unix seconds, UTC); the clinic's zone turns them into
 * local times. The fields are public so that the calendar can lay out
 * thousands of them without a call per field; treat them as read-only
 * once the appointment is shared.
 */
struct _MesoAppointment
{
  GObject                parent_instance;

  gint64                 id;
  gint64                 patient_id;
  gint64                 practitioner_id;
  gint64                 room_id;
  gint64                 starts_at;
  guint                  minutes;
  MesoAppointmentKind    kind;
  MesoAppointmentStatus  status;
  char                  *patient_name;
  char                  *notes;
  gint64                 course_id;        /* 0 outside a course */
  guint                  course_position;  /* 1 for the first session */
  guint                  interval_days;    /* the protocol's days since the previous session */
  guint                  revision;         /* bumped by every change, for iCalendar */
};

#define MESO_TYPE_APPOINTMENT (meso_appointment_get_type ())
G_DECLARE_FINAL_TYPE (MesoAppointment, meso_appointment, MESO, APPOINTMENT, GObject)

MesoAppointment *meso_appointment_new          (void);
MesoAppointment *meso_appointment_copy         (MesoAppointment *self);
MesoAppointment *meso_appointment_merge        (MesoAppointment *base,
                                                MesoAppointment *mine,
                                                MesoAppointment *stored);
gint64           meso_appointment_get_ends_at  (MesoAppointment *self);
gboolean         meso_appointment_is_active    (MesoAppointment *self);

const char      *meso_appointment_kind_get_code   (MesoAppointmentKind kind);
const char      *meso_appointment_kind_get_label  (MesoAppointmentKind kind);
gboolean         meso_appointment_kind_from_code  (const char          *code,
                                                   MesoAppointmentKind *out_kind);
const char      *meso_appointment_status_get_code  (MesoAppointmentStatus status);
const char      *meso_appointment_status_get_label (MesoAppointmentStatus status);
gboolean         meso_appointment_status_from_code (const char            *code,
                                                    MesoAppointmentStatus *out_status);
gboolean         meso_appointment_status_is_active (MesoAppointmentStatus status);

G_END_DECLS
