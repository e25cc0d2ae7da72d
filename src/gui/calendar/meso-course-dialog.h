/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-course-dialog.h: plan a treatment course, adjust it, and book it whole. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_COURSE_DIALOG (meso_course_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MesoCourseDialog, meso_course_dialog, MESO, COURSE_DIALOG, AdwWindow)

MesoCourseDialog *meso_course_dialog_new (GtkWindow   *parent,
                                          MesoContext *context,
                                          gint64       patient_id,
                                          const char  *patient_name);

G_END_DECLS
