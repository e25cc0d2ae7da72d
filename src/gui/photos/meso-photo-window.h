/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window.h: a session's scalp photos, taken the same way every
 * time, and compared across the course. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_PHOTO_WINDOW (meso_photo_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhotoWindow, meso_photo_window, MESO, PHOTO_WINDOW, AdwWindow)

MesoPhotoWindow *meso_photo_window_new (GtkWindow        *parent,
                                        MesoContext      *context,
                                        MesoAppointment  *session,
                                        GError          **error);

G_END_DECLS
