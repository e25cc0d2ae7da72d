/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patients-page.h: the patient area of the main window. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_PATIENTS_PAGE (meso_patients_page_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientsPage, meso_patients_page, MESO, PATIENTS_PAGE, GtkWidget)

MesoPatientsPage *meso_patients_page_new                 (MesoContext      *context);
void              meso_patients_page_new_patient         (MesoPatientsPage *self);
void              meso_patients_page_focus_search        (MesoPatientsPage *self);
void              meso_patients_page_show_patient        (MesoPatientsPage *self,
                                                          gint64            id);
void              meso_patients_page_close_window        (MesoPatientsPage *self);
gboolean          meso_patients_page_has_unsaved_changes (MesoPatientsPage *self);
void              meso_patients_page_reset               (MesoPatientsPage *self);

G_END_DECLS
