/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-second-folder-row.h: where each daily backup is copied too. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_SECOND_FOLDER_ROW (meso_second_folder_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoSecondFolderRow, meso_second_folder_row, MESO, SECOND_FOLDER_ROW,
                      AdwActionRow)

GtkWidget *meso_second_folder_row_new (MesoContext *context);

G_END_DECLS
