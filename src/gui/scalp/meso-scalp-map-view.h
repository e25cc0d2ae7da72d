/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-map-view.h: the scalp map widget: views, marking zones, points and regions. */
#pragma once

#include <gtk/gtk.h>

#include "meso-scalp-map.h"
#include "meso-scalp-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_SCALP_TOOL_SELECT,   /* pick a zone or a point */
  MESO_SCALP_TOOL_POINT,    /* place injection points */
  MESO_SCALP_TOOL_PAINT,    /* outline a hair-loss region */
} MesoScalpTool;

#define MESO_TYPE_SCALP_MAP_VIEW (meso_scalp_map_view_get_type ())
G_DECLARE_FINAL_TYPE (MesoScalpMapView, meso_scalp_map_view, MESO, SCALP_MAP_VIEW, GtkWidget)

GtkWidget     *meso_scalp_map_view_new           (void);
void           meso_scalp_map_view_set_map       (MesoScalpMapView *self,
                                                  MesoScalpMap     *map);
MesoScalpMap  *meso_scalp_map_view_get_map       (MesoScalpMapView *self);
void           meso_scalp_map_view_set_view      (MesoScalpMapView *self,
                                                  guint             view);
guint          meso_scalp_map_view_get_view      (MesoScalpMapView *self);
void           meso_scalp_map_view_set_tool      (MesoScalpMapView *self,
                                                  MesoScalpTool     tool);
void           meso_scalp_map_view_set_injection (MesoScalpMapView *self,
                                                  double            depth_mm,
                                                  double            volume_ml);
MesoScalpZone  meso_scalp_map_view_get_selected  (MesoScalpMapView *self);
void           meso_scalp_map_view_select        (MesoScalpMapView *self,
                                                  MesoScalpZone     zone);

void           meso_scalp_map_view_init_style    (GtkWidget        *widget,
                                                  MesoScalpStyle   *out_style);

G_END_DECLS
