/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-count.h: hairs counted on a trichoscopy photo, in a 1 cm²
 * square: density and the terminal to vellus ratio, over the course. */
#pragma once

#include "meso-photo-store.h"

G_BEGIN_DECLS

#define MESO_PHOTO_COUNT_MAX_HAIRS 1000

/* One hair tapped: where, and whether terminal (thick) or vellus (fine). */
typedef struct
{
  MesoVec2 at;
  gboolean terminal;
} MesoHairMark;

/* A session's count at a spot, for the progress chart. */
typedef struct
{
  gint64  photo_id;
  gint64  appointment_id;
  gint64  session_starts_at;
  char   *spot;
  guint   terminal;
  guint   vellus;
} MesoHairCount;

double   meso_hair_count_get_density          (const MesoHairCount *count);
gboolean meso_hair_count_get_ratio            (const MesoHairCount *count,
                                               double              *out_ratio);

gboolean meso_photo_store_save_count          (MesoPhotoStore      *self,
                                               gint64               photo_id,
                                               MesoVec2             square_corner,
                                               double               square_side,
                                               const MesoHairMark  *marks,
                                               guint                n_marks,
                                               GError             **error);
gboolean meso_photo_store_load_count          (MesoPhotoStore      *self,
                                               gint64               photo_id,
                                               MesoVec2            *out_square_corner,
                                               double              *out_square_side,
                                               GArray             **out_marks,
                                               GError             **error);
GArray  *meso_photo_store_list_counts         (MesoPhotoStore      *self,
                                               gint64               patient_id,
                                               GError             **error);

G_END_DECLS
