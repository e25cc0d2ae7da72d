/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-summary.h: what a click on an appointment shows. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MESO_TYPE_APPOINTMENT_SUMMARY (meso_appointment_summary_get_type ())
G_DECLARE_FINAL_TYPE (MesoAppointmentSummary, meso_appointment_summary, MESO,
                      APPOINTMENT_SUMMARY, GtkPopover)

GtkWidget *meso_appointment_summary_new (void);
void       meso_appointment_summary_set (MesoAppointmentSummary *self,
                                         gint64                  id,
                                         const char             *patient,
                                         const char             *time,
                                         const char             *practitioner,
                                         const char             *room,
                                         const char             *status);
gint64     meso_appointment_summary_get_id (MesoAppointmentSummary *self);

G_END_DECLS
