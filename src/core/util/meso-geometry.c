/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-geometry.c: the little plane geometry the scalp map needs (polygons
 * are arrays of vertices in millimetres, closed implicitly), and the
 * similarity that aligns two photos by landmarks. */
#define G_LOG_DOMAIN "meso-geometry"

#include <math.h>

#include "meso-geometry.h"

/* Returns: the area of the simple polygon, in mm² (shoelace formula). */
double
meso_polygon_area (const MesoVec2 *points,
                   guint           n_points)
{
  double twice = 0;

  for (guint i = 0; i < n_points; i++)
    {
      const MesoVec2 *a = &points[i], *b = &points[(i + 1) % n_points];

      twice += a->x * b->y - b->x * a->y;
    }
  return fabs (twice) / 2;
}

/* Whether @point lies inside the polygon (even-odd rule). */
gboolean
meso_polygon_contains (const MesoVec2 *points,
                       guint           n_points,
                       MesoVec2        point)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n_points - 1; i < n_points; j = i++)
    {
      const MesoVec2 *a = &points[i], *b = &points[j];

      if ((a->y > point.y) != (b->y > point.y) &&
          point.x < (b->x - a->x) * (point.y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }
  return n_points >= 3 && inside;
}

static double
side (MesoVec2 a,
      MesoVec2 b,
      MesoVec2 p)
{
  return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

static MesoVec2
intersect (MesoVec2 p,
           MesoVec2 q,
           MesoVec2 a,
           MesoVec2 b)
{
  double sp = side (a, b, p), sq = side (a, b, q);
  double t = sp / (sp - sq);

  return (MesoVec2) { p.x + t * (q.x - p.x), p.y + t * (q.y - p.y) };
}

/**
 * meso_polygon_clip_convex:
 * @convex: a convex polygon, in either orientation
 *
 * Clips @subject (any simple polygon) to @convex (Sutherland–Hodgman).
 * Returns: (transfer full) (element-type MesoVec2): the part of @subject
 * inside @convex; empty when they do not meet.
 */
GArray *
meso_polygon_clip_convex (const MesoVec2 *subject,
                          guint           n_subject,
                          const MesoVec2 *convex,
                          guint           n_convex)
{
  GArray *output = g_array_new (FALSE, FALSE, sizeof (MesoVec2));
  double orientation = 0;

  g_array_append_vals (output, subject, n_subject);
  for (guint i = 0; i < n_convex; i++)
    orientation += convex[i].x * convex[(i + 1) % n_convex].y -
                   convex[(i + 1) % n_convex].x * convex[i].y;

  for (guint e = 0; e < n_convex && output->len > 0; e++)
    {
      MesoVec2 a = convex[e], b = convex[(e + 1) % n_convex];
      g_autoptr(GArray) input = output;

      output = g_array_new (FALSE, FALSE, sizeof (MesoVec2));
      for (guint i = 0; i < input->len; i++)
        {
          MesoVec2 p = g_array_index (input, MesoVec2, i);
          MesoVec2 q = g_array_index (input, MesoVec2, (i + 1) % input->len);
          gboolean p_in = side (a, b, p) * orientation >= 0;
          gboolean q_in = side (a, b, q) * orientation >= 0;

          if (p_in)
            g_array_append_val (output, p);
          if (p_in != q_in)
            {
              MesoVec2 cut = intersect (p, q, a, b);

              g_array_append_val (output, cut);
            }
        }
    }
  return output;
}

/* Returns: (transfer full) (element-type MesoVec2): an ellipse as a polygon. */
GArray *
meso_polygon_ellipse (double cx,
                      double cy,
                      double rx,
                      double ry,
                      guint  segments)
{
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (MesoVec2), segments);

  for (guint i = 0; i < segments; i++)
    {
      double angle = 2 * G_PI * i / segments;
      MesoVec2 point = { cx + rx * cos (angle), cy + ry * sin (angle) };

      g_array_append_val (points, point);
    }
  return points;
}

/* Returns: (transfer full) (element-type MesoVec2): an axis-aligned rectangle. */
GArray *
meso_polygon_rectangle (double x0,
                        double y0,
                        double x1,
                        double y1)
{
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (MesoVec2), 4);
  MesoVec2 corners[] = { { x0, y0 }, { x1, y0 }, { x1, y1 }, { x0, y1 } };

  g_array_append_vals (points, corners, 4);
  return points;
}

/**
 * meso_polygon_grid:
 * @spacing: the distance between neighbouring points, in mm
 *
 * Lays a square grid over the polygon, aligned on multiples of @spacing,
 * and keeps the points inside it: injection points at even spacing.
 * Returns: (transfer full) (element-type MesoVec2): the points inside.
 */
GArray *
meso_polygon_grid (const MesoVec2 *points,
                   guint           n_points,
                   double          spacing)
{
  GArray *grid = g_array_new (FALSE, FALSE, sizeof (MesoVec2));
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  g_return_val_if_fail (spacing > 0, grid);
  for (guint i = 0; i < n_points; i++)
    {
      x0 = MIN (x0, points[i].x);
      y0 = MIN (y0, points[i].y);
      x1 = MAX (x1, points[i].x);
      y1 = MAX (y1, points[i].y);
    }
  for (double y = ceil (y0 / spacing) * spacing; y <= y1; y += spacing)
    for (double x = ceil (x0 / spacing) * spacing; x <= x1; x += spacing)
      {
        MesoVec2 point = { x, y };

        if (meso_polygon_contains (points, n_points, point))
          g_array_append_val (grid, point);
      }
  return grid;
}

/**
 * meso_similarity_fit:
 * @from: landmarks on the photo to move
 * @to: the same landmarks on the photo it is laid over, in the same order
 *
 * The similarity that brings @from closest to @to in the least-squares
 * sense (exact for two landmarks). With the points as complex numbers,
 * centred on their means, the best a + ib is Σ conj(p)·q / Σ |p|².
 * Returns: %FALSE when fewer than two landmarks are given, or @from's
 *   coincide (no scale or angle can be read from them).
 */
gboolean
meso_similarity_fit (const MesoVec2 *from,
                     const MesoVec2 *to,
                     guint           n_points,
                     MesoSimilarity *out_transform)
{
  MesoVec2 from_mean = { 0, 0 }, to_mean = { 0, 0 };
  double re = 0, im = 0, norm = 0;

  *out_transform = MESO_SIMILARITY_IDENTITY;
  if (n_points < 2)
    return FALSE;
  for (guint i = 0; i < n_points; i++)
    {
      from_mean.x += from[i].x / n_points;
      from_mean.y += from[i].y / n_points;
      to_mean.x += to[i].x / n_points;
      to_mean.y += to[i].y / n_points;
    }
  for (guint i = 0; i < n_points; i++)
    {
      double px = from[i].x - from_mean.x, py = from[i].y - from_mean.y;
      double qx = to[i].x - to_mean.x, qy = to[i].y - to_mean.y;

      re += px * qx + py * qy;
      im += px * qy - py * qx;
      norm += px * px + py * py;
    }
  /* Landmarks within a millionth of their distance from the origin coincide. */
  if (!isfinite (norm) ||
      !(norm > 1e-12 * n_points * (1 + from_mean.x * from_mean.x + from_mean.y * from_mean.y)))
    return FALSE;
  out_transform->a = re / norm;
  out_transform->b = im / norm;
  if (!(meso_similarity_get_scale (out_transform) > 0))
    {
      *out_transform = MESO_SIMILARITY_IDENTITY;
      return FALSE;
    }
  out_transform->tx = to_mean.x - (out_transform->a * from_mean.x - out_transform->b * from_mean.y);
  out_transform->ty = to_mean.y - (out_transform->b * from_mean.x + out_transform->a * from_mean.y);
  return isfinite (out_transform->tx) && isfinite (out_transform->ty);
}

MesoVec2
meso_similarity_apply (const MesoSimilarity *transform,
                       MesoVec2              point)
{
  return (MesoVec2) { transform->a * point.x - transform->b * point.y + transform->tx,
                      transform->b * point.x + transform->a * point.y + transform->ty };
}

/* The factor by which lengths grow. */
double
meso_similarity_get_scale (const MesoSimilarity *transform)
{
  return hypot (transform->a, transform->b);
}

/* Returns: %FALSE for a transform that shrinks everything to a point. */
gboolean
meso_similarity_invert (const MesoSimilarity *transform,
                        MesoSimilarity       *out_inverse)
{
  double d = transform->a * transform->a + transform->b * transform->b;

  *out_inverse = MESO_SIMILARITY_IDENTITY;
  if (!(d > 0) || !isfinite (d))
    return FALSE;
  out_inverse->a = transform->a / d;
  out_inverse->b = -transform->b / d;
  out_inverse->tx = -(out_inverse->a * transform->tx - out_inverse->b * transform->ty);
  out_inverse->ty = -(out_inverse->b * transform->tx + out_inverse->a * transform->ty);
  return TRUE;
}
