/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-compare.h: two photos of the same view compared: side by side, one laid over
 * the other, or wiped across; and the landmarks picked on each to align them. */
#pragma once

#include <gtk/gtk.h>

#include "meso-geometry.h"

G_BEGIN_DECLS

/* As many as the store keeps (MESO_PHOTO_MAX_LANDMARKS). */
#define MESO_PHOTO_COMPARE_MAX_LANDMARKS 3

/**
 * MesoCompareMode:
 * @MESO_COMPARE_SIDE_BY_SIDE: each photo fitted to its half, before on the left
 * @MESO_COMPARE_OVERLAY: the after photo over the before one, `position` its opacity
 * @MESO_COMPARE_WIPE: before left of the split at `position`, after right of it
 */
typedef enum
{
  MESO_COMPARE_SIDE_BY_SIDE,
  MESO_COMPARE_OVERLAY,
  MESO_COMPARE_WIPE,
} MesoCompareMode;

#define MESO_TYPE_COMPARE_MODE (meso_compare_mode_get_type ())
GType meso_compare_mode_get_type (void);

#define MESO_TYPE_PHOTO_COMPARE (meso_photo_compare_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhotoCompare, meso_photo_compare, MESO, PHOTO_COMPARE, GtkWidget)

GtkWidget       *meso_photo_compare_new               (void);
void             meso_photo_compare_set_photos        (MesoPhotoCompare     *self,
                                                       GdkTexture           *before,
                                                       const char           *before_label,
                                                       GdkTexture           *after,
                                                       const char           *after_label);
void             meso_photo_compare_set_mode          (MesoPhotoCompare     *self,
                                                       MesoCompareMode       mode);
MesoCompareMode  meso_photo_compare_get_mode          (MesoPhotoCompare     *self);
void             meso_photo_compare_set_position      (MesoPhotoCompare     *self,
                                                       double                position);
double           meso_photo_compare_get_position      (MesoPhotoCompare     *self);
void             meso_photo_compare_set_alignment     (MesoPhotoCompare     *self,
                                                       const MesoSimilarity *after_to_before);

void             meso_photo_compare_set_picking       (MesoPhotoCompare     *self,
                                                       gboolean              picking);
gboolean         meso_photo_compare_get_picking       (MesoPhotoCompare     *self);
guint            meso_photo_compare_get_landmarks     (MesoPhotoCompare     *self,
                                                       MesoVec2             *out_on_after,
                                                       MesoVec2             *out_on_before);
void             meso_photo_compare_set_landmarks     (MesoPhotoCompare     *self,
                                                       const MesoVec2       *on_after,
                                                       const MesoVec2       *on_before,
                                                       guint                 n_landmarks);
void             meso_photo_compare_clear_landmarks   (MesoPhotoCompare     *self);

G_END_DECLS
