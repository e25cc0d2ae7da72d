/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-window.h: patients imported from another program's file. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_IMPORT_WINDOW (meso_import_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoImportWindow, meso_import_window, MESO, IMPORT_WINDOW, AdwWindow)

MesoImportWindow *meso_import_window_new       (GtkWindow        *parent,
                                                MesoContext      *context);
void              meso_import_window_open_path (MesoImportWindow *self,
                                                const char       *path);

G_END_DECLS
