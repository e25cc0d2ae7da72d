/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-generate.h: appointments written in bulk, for the demo
 * clinic and the benchmark's generator. */
#pragma once

#include "meso-schedule.h"

G_BEGIN_DECLS

/**
 * MesoGeneratedAppointment:
 * @patient_name: the patient's name as the calendar shows it, from the
 *   patient store (see meso_patient_store_list_names())
 *
 * One appointment for meso_schedule_add_generated(); times are instants.
 */
typedef struct
{
  gint64                 patient_id;
  const char            *patient_name;
  gint64                 practitioner_id;
  gint64                 room_id;
  gint64                 starts_at;
  gint64                 ends_at;
  MesoAppointmentKind    kind;
  MesoAppointmentStatus  status;
} MesoGeneratedAppointment;

gboolean meso_schedule_add_generated (MesoSchedule                   *self,
                                      const MesoGeneratedAppointment *rows,
                                      guint                           n_rows,
                                      guint                          *out_added,
                                      GError                        **error);

G_END_DECLS
