/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-settings.h: the preferences page for scalp photos: the views
 * every session is photographed in, the clinic's own among them. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_PHOTO_SETTINGS (meso_photo_settings_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhotoSettings, meso_photo_settings, MESO, PHOTO_SETTINGS,
                      AdwPreferencesPage)

MesoPhotoSettings *meso_photo_settings_new (MesoContext *context);

G_END_DECLS
