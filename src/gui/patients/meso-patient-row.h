/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "meso-patient.h"

G_BEGIN_DECLS

#define MESO_TYPE_PATIENT_ROW (meso_patient_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientRow, meso_patient_row, MESO, PATIENT_ROW, GtkWidget)

GtkWidget *meso_patient_row_new         (void);
void       meso_patient_row_set_patient (MesoPatientRow *self,
                                         MesoPatient    *patient);

GtkListItemFactory *meso_patient_row_factory_new (void);

G_END_DECLS
