/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-picker.h: search and choose a patient inside a form. */
#pragma once

#include <gtk/gtk.h>

#include "meso-clock.h"
#include "meso-patient-store.h"

G_BEGIN_DECLS

#define MESO_TYPE_PATIENT_PICKER (meso_patient_picker_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientPicker, meso_patient_picker, MESO, PATIENT_PICKER, GtkBox)

GtkWidget *meso_patient_picker_new          (MesoPatientStore  *store,
                                             MesoClock         *clock);
gint64     meso_patient_picker_get_patient  (MesoPatientPicker *self);
void       meso_patient_picker_set_patient  (MesoPatientPicker *self,
                                             gint64             patient_id,
                                             const char        *name);

void       meso_patient_picker_grab_focus   (MesoPatientPicker *self);

G_END_DECLS
