/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-geometry.h: plane polygons in millimetres: area, containment, clipping, grids;
 * the similarity transform that aligns one photo on another. */
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

/* A rotation, a uniform scale and a shift: x' = a x - b y + tx,
 * y' = b x + a y + ty (a = s cos θ, b = s sin θ). No mirror, no shear: a
 * photo of the same scalp taken again differs by these only. */
typedef struct
{
  double a;
  double b;
  double tx;
  double ty;
} MesoSimilarity;

#define MESO_SIMILARITY_IDENTITY ((MesoSimilarity) { 1, 0, 0, 0 })

gboolean meso_similarity_fit         (const MesoVec2       *from,
                                      const MesoVec2       *to,
                                      guint                 n_points,
                                      MesoSimilarity       *out_transform);
MesoVec2 meso_similarity_apply       (const MesoSimilarity *transform,
                                      MesoVec2              point);
gboolean meso_similarity_invert      (const MesoSimilarity *transform,
                                      MesoSimilarity       *out_inverse);
double   meso_similarity_get_scale   (const MesoSimilarity *transform);

G_END_DECLS
