/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-geometry.h: plane polygons in millimetres: area, containment, clipping, grids. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
} MesoVec2;

double  meso_polygon_area            (const MesoVec2 *points,
                                      guint           n_points);
gboolean meso_polygon_contains       (const MesoVec2 *points,
                                      guint           n_points,
                                      MesoVec2        point);
GArray *meso_polygon_clip_convex     (const MesoVec2 *subject,
                                      guint           n_subject,
                                      const MesoVec2 *convex,
                                      guint           n_convex);
GArray *meso_polygon_ellipse         (double          cx,
                                      double          cy,
                                      double          rx,
                                      double          ry,
                                      guint           segments);
GArray *meso_polygon_rectangle       (double          x0,
                                      double          y0,
                                      double          x1,
                                      double          y1);
GArray *meso_polygon_grid            (const MesoVec2 *points,
                                      guint           n_points,
                                      double          spacing);

G_END_DECLS
