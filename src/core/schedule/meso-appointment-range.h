/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-range.h: the appointments of a span of days, compact, as a list model. */
#pragma once

#include "meso-appointment.h"

G_BEGIN_DECLS

/**
 * MesoAppointmentRow:
 *
 * What the calendar draws of an appointment: no notes, and the patient's
 * name shared by the range. Rows are read-only.
 */
typedef struct
{
  gint64                 id;
  gint64                 patient_id;
  gint64                 practitioner_id;
  gint64                 room_id;
  gint64                 starts_at;
  guint                  minutes;
  MesoAppointmentKind    kind;
  MesoAppointmentStatus  status;
  const char            *patient_name;
  gint64                 course_id;
  guint                  course_position;
} MesoAppointmentRow;

#define MESO_TYPE_APPOINTMENT_RANGE (meso_appointment_range_get_type ())
G_DECLARE_FINAL_TYPE (MesoAppointmentRange, meso_appointment_range, MESO, APPOINTMENT_RANGE,
                      GObject)

MesoAppointmentRange     *meso_appointment_range_new      (void);
void                      meso_appointment_range_append   (MesoAppointmentRange     *self,
                                                           const MesoAppointmentRow *row);
guint                     meso_appointment_range_get_size (MesoAppointmentRange     *self);
const MesoAppointmentRow *meso_appointment_range_get_row  (MesoAppointmentRange     *self,
                                                           guint                     index);
MesoAppointmentRange     *meso_appointment_range_splice   (MesoAppointmentRange     *self,
                                                           MesoAppointmentRange     *fresh,
                                                           gint64                    from,
                                                           gint64                    to);

G_END_DECLS
