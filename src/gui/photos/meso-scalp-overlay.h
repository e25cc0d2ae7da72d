/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-overlay.h: the scalp map's drawing of one view laid over a
 * photo of it, moved, sized and turned by the physician until it fits. */
#pragma once

#include <gtk/gtk.h>

#include "meso-geometry.h"
#include "meso-scalp-map.h"

G_BEGIN_DECLS

#define MESO_TYPE_SCALP_OVERLAY (meso_scalp_overlay_get_type ())
G_DECLARE_FINAL_TYPE (MesoScalpOverlay, meso_scalp_overlay, MESO, SCALP_OVERLAY, GtkWidget)

GtkWidget *meso_scalp_overlay_new           (void);
void       meso_scalp_overlay_set_map       (MesoScalpOverlay     *self,
                                             MesoScalpMap         *map,
                                             MesoScalpView         view,
                                             guint                 photo_width,
                                             guint                 photo_height);
void       meso_scalp_overlay_set_placement (MesoScalpOverlay     *self,
                                             const MesoSimilarity *map_to_photo);
void       meso_scalp_overlay_get_placement (MesoScalpOverlay     *self,
                                             MesoSimilarity       *out_map_to_photo);

G_END_DECLS
