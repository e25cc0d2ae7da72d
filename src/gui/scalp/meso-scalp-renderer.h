/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-renderer.h: draws a scalp map with cairo, for the widget, handouts and exports. */
#pragma once

#include <cairo.h>
#include <gdk/gdk.h>

#include "meso-scalp-map.h"

G_BEGIN_DECLS

/* MESO_SCALP_VIEW_* or this: all five views at once. */
#define MESO_SCALP_OVERVIEW MESO_SCALP_N_VIEWS

/* The colours come from the style on screen (meso_scalp_map_view_init_style())
 * and from meso_scalp_style_init_for_paper() on paper. */
typedef struct
{
  GdkRGBA ink;        /* outlines and labels */
  GdkRGBA accent;     /* the selected zone, the focus ring, injection points */
  GdkRGBA warning;    /* points deeper than the safe depth */
  GdkRGBA error;      /* hair-loss regions */
  GdkRGBA rim;        /* the ring that sets a point off what is under it */
  gboolean dark;      /* a dark style: darker skin, lighter lines */
  int     selected;   /* MesoScalpZone, or MESO_SCALP_ZONE_NONE */
  int     focused_point;   /* index, or -1 */
  gboolean cache_background;  /* keep the drawn head as pixels: on screen, not in SVG */
  gboolean over_photo;  /* no head drawn: zones, regions and points over a photo of it */
} MesoScalpStyle;

typedef struct
{
  double scale;       /* pixels per mm */
  double x0;          /* where the view's origin lands */
  double y0;
} MesoScalpFrame;

void     meso_scalp_style_init_for_paper (MesoScalpStyle *style);

void     meso_scalp_render          (cairo_t              *cr,
                                     MesoScalpMap         *map,
                                     guint                 view,
                                     double                width,
                                     double                height,
                                     const MesoScalpStyle *style);
void     meso_scalp_render_one_view (cairo_t              *cr,
                                     MesoScalpMap         *map,
                                     MesoScalpView         view,
                                     double                scale,
                                     const MesoScalpStyle *style);
gboolean meso_scalp_frame_for_view  (guint                 shown,
                                     MesoScalpView         view,
                                     double                width,
                                     double                height,
                                     MesoScalpFrame       *out_frame);
gboolean meso_scalp_hit_view        (guint                 shown,
                                     double                width,
                                     double                height,
                                     double                x,
                                     double                y,
                                     MesoScalpView        *out_view,
                                     MesoVec2             *out_point);

G_END_DECLS
