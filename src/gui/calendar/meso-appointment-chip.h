/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-chip.h: one appointment of the calendar grid as a
 * keyboard focus stop and an accessible object. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MESO_TYPE_APPOINTMENT_CHIP (meso_appointment_chip_get_type ())
G_DECLARE_FINAL_TYPE (MesoAppointmentChip, meso_appointment_chip, MESO, APPOINTMENT_CHIP,
                      GtkWidget)

GtkWidget  *meso_appointment_chip_new       (void);
void        meso_appointment_chip_set       (MesoAppointmentChip *self,
                                             gint64               id,
                                             guint                index);
void        meso_appointment_chip_set_label (MesoAppointmentChip *self,
                                             const char          *label,
                                             guint                stamp);
guint       meso_appointment_chip_get_stamp (MesoAppointmentChip *self);
gint64      meso_appointment_chip_get_id    (MesoAppointmentChip *self);
guint       meso_appointment_chip_get_index (MesoAppointmentChip *self);
const char *meso_appointment_chip_get_label (MesoAppointmentChip *self);

G_END_DECLS
