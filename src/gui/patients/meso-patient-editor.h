/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-editor.h: the form that edits one patient and their screening. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_PATIENT_EDITOR (meso_patient_editor_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientEditor, meso_patient_editor, MESO, PATIENT_EDITOR, GtkWidget)

void               meso_patient_editor_set_context    (MesoPatientEditor  *self,
                                                       MesoContext        *context);
gboolean           meso_patient_editor_edit           (MesoPatientEditor  *self,
                                                       MesoPatient        *patient,
                                                       GError            **error);
gboolean           meso_patient_editor_save           (MesoPatientEditor  *self,
                                                       GError            **error);
gint64             meso_patient_editor_get_patient_id (MesoPatientEditor  *self);
gboolean           meso_patient_editor_is_dirty       (MesoPatientEditor  *self);
GtkWidget         *meso_patient_editor_new_save_dialog (GtkWindow        *parent);
void               meso_patient_editor_focus_first_field (MesoPatientEditor *self);

G_END_DECLS
