/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-store.h: scalp photos in the clinic's database, seen only
 * with the clinical permission, every look at them audited. */
#pragma once

#include "meso-clock.h"
#include "meso-db.h"
#include "meso-geometry.h"
#include "meso-photo-image.h"
#include "meso-photo.h"
#include "meso-record-json.h"
#include "meso-scalp-store.h"
#include "meso-schedule.h"

G_BEGIN_DECLS

#define MESO_PHOTO_MAX_LANDMARKS 3

#define MESO_TYPE_PHOTO_STORE (meso_photo_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhotoStore, meso_photo_store, MESO, PHOTO_STORE, GObject)

MesoPhotoStore *meso_photo_store_new            (MesoDb            *db,
                                                 MesoSchedule      *schedule,
                                                 MesoScalpStore    *scalp,
                                                 MesoClock         *clock);

GPtrArray      *meso_photo_store_list_views     (MesoPhotoStore    *self,
                                                 gboolean           with_archived,
                                                 GError           **error);
gint64          meso_photo_store_add_view       (MesoPhotoStore    *self,
                                                 const char        *name,
                                                 GError           **error);
gboolean        meso_photo_store_archive_view   (MesoPhotoStore    *self,
                                                 gint64             view_id,
                                                 gboolean           archived,
                                                 GError           **error);

gint64          meso_photo_store_add            (MesoPhotoStore    *self,
                                                 gint64             appointment_id,
                                                 gint64             view_id,
                                                 const char        *spot,
                                                 MesoPhotoConsent   consent,
                                                 MesoPhotoImage    *image,
                                                 GError           **error);
GPtrArray      *meso_photo_store_list_patient   (MesoPhotoStore    *self,
                                                 gint64             patient_id,
                                                 GError           **error);
GBytes         *meso_photo_store_load_thumbnail (MesoPhotoStore    *self,
                                                 gint64             photo_id,
                                                 GError           **error);
GBytes         *meso_photo_store_load_image     (MesoPhotoStore    *self,
                                                 gint64             photo_id,
                                                 MesoPhotoPurpose   purpose,
                                                 GError           **error);
gboolean        meso_photo_store_set_consent    (MesoPhotoStore    *self,
                                                 gint64             photo_id,
                                                 MesoPhotoConsent   consent,
                                                 GError           **error);
gboolean        meso_photo_store_remove         (MesoPhotoStore    *self,
                                                 gint64             photo_id,
                                                 GError           **error);
gboolean        meso_photo_store_find_missing_view (MesoPhotoStore *self,
                                                 gint64             appointment_id,
                                                 gint64            *out_view_id,
                                                 char             **out_spot,
                                                 GError           **error);

gboolean        meso_photo_store_save_alignment (MesoPhotoStore    *self,
                                                 gint64             photo_id,
                                                 gint64             base_id,
                                                 const MesoVec2    *on_photo,
                                                 const MesoVec2    *on_base,
                                                 guint              n_landmarks,
                                                 GError           **error);
gboolean        meso_photo_store_load_alignment (MesoPhotoStore    *self,
                                                 gint64             photo_id,
                                                 gint64             base_id,
                                                 MesoVec2          *out_on_photo,
                                                 MesoVec2          *out_on_base,
                                                 guint             *out_n_landmarks,
                                                 GError           **error);

gboolean        meso_photo_store_save_map_placement (MesoPhotoStore       *self,
                                                     gint64                photo_id,
                                                     const MesoSimilarity *placement,
                                                     GError              **error);
gboolean        meso_photo_store_load_map_placement (MesoPhotoStore       *self,
                                                     gint64                photo_id,
                                                     MesoSimilarity       *out_placement,
                                                     gboolean             *out_placed,
                                                     GError              **error);
gboolean        meso_photo_map_placement_is_valid   (const MesoSimilarity *placement);
void            meso_photo_default_map_placement    (MesoScalpView         view,
                                                     guint                 width,
                                                     guint                 height,
                                                     MesoSimilarity       *out_placement);

gboolean        meso_photo_store_erase_patient_in_write (MesoPhotoStore *self,
                                                         gint64          patient_id,
                                                         const char     *today,
                                                         GError        **error);
gboolean        meso_photo_store_add_to_record  (MesoPhotoStore    *self,
                                                 gint64             patient_id,
                                                 MesoRecordJson    *record,
                                                 GError           **error);

G_END_DECLS
