/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-export-dialog.h: a patient's whole record exported from the editor. */
#pragma once

#include <gtk/gtk.h>

#include "meso-context.h"

G_BEGIN_DECLS

void meso_record_export_dialog_run (GtkWindow   *parent,
                                    MesoContext *context,
                                    gint64       patient_id,
                                    const char  *name);

G_END_DECLS
