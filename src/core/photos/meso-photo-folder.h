/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-folder.h: a folder where a tethered camera or a phone's sync
 * drops photos, watched for each new one once it is written whole. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MESO_TYPE_PHOTO_FOLDER (meso_photo_folder_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhotoFolder, meso_photo_folder, MESO, PHOTO_FOLDER, GObject)

MesoPhotoFolder *meso_photo_folder_new (GFile   *folder,
                                        GError **error);

G_END_DECLS
