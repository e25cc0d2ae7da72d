/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-store-private.h: what the photo store's other files share. */
#pragma once

#include "meso-photo-store.h"

G_BEGIN_DECLS

MesoDb *meso_photo_store_get_db       (MesoPhotoStore  *self);
gint64  meso_photo_store_get_patient  (MesoPhotoStore  *self,
                                       gint64           photo_id,
                                       GError         **error);
void    meso_photo_store_emit_changed (MesoPhotoStore  *self,
                                       gint64           patient_id);

G_END_DECLS
