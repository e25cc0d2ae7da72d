/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-head.c: the head the scalp map is drawn on: shaded skin, ears,
 * a hint of the face, and hair as fine strokes where it grows. Not drawn
 * when the map is laid over a photo of the head. */
#define G_LOG_DOMAIN "meso-scalp-renderer"

#include <math.h>

#include "meso-scalp-renderer-private.h"

static void
skin (cairo_t              *cr,
      const MesoScalpStyle *style,
      double                cx,
      double                cy,
      double                radius)
{
  cairo_pattern_t *gradient = cairo_pattern_create_radial (cx - radius * 0.3, cy - radius * 0.35,
                                                           radius * 0.1, cx, cy, radius * 1.1);

  if (style->dark)
    {
      cairo_pattern_add_color_stop_rgb (gradient, 0, 0.66, 0.52, 0.43);
      cairo_pattern_add_color_stop_rgb (gradient, 1, 0.45, 0.33, 0.27);
    }
  else
    {
      cairo_pattern_add_color_stop_rgb (gradient, 0, 0.98, 0.88, 0.80);
      cairo_pattern_add_color_stop_rgb (gradient, 1, 0.86, 0.68, 0.57);
    }
  cairo_set_source (cr, gradient);
  cairo_pattern_destroy (gradient);
}

/* Fills the path with skin lit around (@cx, @cy), then outlines it in ink. */
static void
fill_skin (cairo_t              *cr,
           const MesoScalpStyle *style,
           double                cx,
           double                cy,
           double                radius,
           double                outline_alpha)
{
  skin (cr, style, cx, cy, radius);
  cairo_fill_preserve (cr);
  set_rgba (cr, &style->ink, outline_alpha);
  cairo_stroke (cr);
}

/* An ear seen from the side or above: an ellipse, filled and outlined. */
static void
draw_ear (cairo_t              *cr,
          const MesoScalpStyle *style,
          double                cx,
          double                cy,
          double                rx,
          double                ry,
          double                outline_alpha)
{
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  fill_skin (cr, style, cx, cy, ry, outline_alpha);
}

/* Ears, neck and face: the parts that are not scalp. */
static void
draw_anatomy (cairo_t              *cr,
              MesoScalpView         view,
              const MesoScalpStyle *style)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1.1);
  switch (view)
    {
    case MESO_SCALP_VIEW_TOP:
      /* Ears at the sides, the nose pointing up. */
      for (int side = -1; side <= 1; side += 2)
        draw_ear (cr, style, side * 76, -8, 6, 16, 0.5);
      cairo_move_to (cr, -9, -93);
      cairo_curve_to (cr, -6, -106, 6, -106, 9, -93);
      fill_skin (cr, style, 0, -98, 10, 0.5);
      break;
    case MESO_SCALP_VIEW_FRONT:
    case MESO_SCALP_VIEW_BACK:
      /* The neck, then the ears. */
      cairo_move_to (cr, -36, 80);
      cairo_curve_to (cr, -38, 110, -40, 122, -80, 138);
      cairo_line_to (cr, 80, 138);
      cairo_curve_to (cr, 40, 122, 38, 110, 36, 80);
      cairo_close_path (cr);
      fill_skin (cr, style, 0, 110, 60, 0.45);
      for (int side = -1; side <= 1; side += 2)
        draw_ear (cr, style, side * 75, 5, 11, 22, 0.5);
      break;
    case MESO_SCALP_VIEW_LEFT:
    case MESO_SCALP_VIEW_RIGHT:
      {
        double mirror = view == MESO_SCALP_VIEW_RIGHT ? -1 : 1;

        cairo_save (cr);
        cairo_scale (cr, mirror, 1);
        /* Neck, and the profile of nose and chin on the left. */
        cairo_move_to (cr, -20, 80);
        cairo_curve_to (cr, -22, 108, -30, 124, -60, 138);
        cairo_line_to (cr, 90, 138);
        cairo_curve_to (cr, 60, 120, 50, 100, 48, 72);
        cairo_close_path (cr);
        fill_skin (cr, style, 10, 110, 60, 0.45);
        /* Forehead, nose, lips and chin, down to the jaw. */
        cairo_move_to (cr, -88, -30);
        cairo_curve_to (cr, -95, -16, -96, -6, -93, 2);
        cairo_curve_to (cr, -100, 12, -106, 20, -107, 26);
        cairo_curve_to (cr, -104, 30, -98, 31, -94, 32);
        cairo_curve_to (cr, -97, 36, -97, 40, -94, 43);
        cairo_curve_to (cr, -97, 46, -96, 50, -93, 53);
        cairo_curve_to (cr, -95, 62, -92, 70, -82, 76);
        cairo_curve_to (cr, -66, 82, -48, 80, -34, 74);
        cairo_line_to (cr, -40, 20);
        cairo_close_path (cr);
        fill_skin (cr, style, -80, 30, 50, 0.45);
        cairo_restore (cr);
        break;
      }
    case MESO_SCALP_N_VIEWS:
    default:
      break;
    }
  cairo_restore (cr);
}

/* Eyes, brows and mouth in front; the ear on the sides. Drawn over the head. */
void
meso_scalp_draw_features (cairo_t              *cr,
               MesoScalpView         view,
               const MesoScalpStyle *style)
{
  cairo_save (cr);
  set_rgba (cr, &style->ink, 0.55);
  cairo_set_line_width (cr, 1.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (view == MESO_SCALP_VIEW_FRONT)
    {
      for (int side = -1; side <= 1; side += 2)
        {
          cairo_move_to (cr, side * 38, -16);
          cairo_curve_to (cr, side * 30, -22, side * 18, -22, side * 12, -17);
          cairo_move_to (cr, side * 34, -4);
          cairo_curve_to (cr, side * 28, -9, side * 20, -9, side * 15, -4);
          cairo_curve_to (cr, side * 20, 0, side * 28, 0, side * 34, -4);
        }
      cairo_move_to (cr, -4, -4);
      cairo_curve_to (cr, -6, 14, -10, 22, -2, 26);
      cairo_move_to (cr, -16, 48);
      cairo_curve_to (cr, -6, 54, 6, 54, 16, 48);
      cairo_stroke (cr);
    }
  else if (view == MESO_SCALP_VIEW_LEFT || view == MESO_SCALP_VIEW_RIGHT)
    {
      double mirror = view == MESO_SCALP_VIEW_RIGHT ? -1 : 1;

      cairo_scale (cr, mirror, 1);
      draw_ear (cr, style, 12, 12, 12, 22, 0.55);
      cairo_move_to (cr, 16, 2);
      cairo_curve_to (cr, 8, 6, 8, 18, 15, 24);
      cairo_move_to (cr, -62, -6);
      cairo_curve_to (cr, -70, -10, -78, -10, -84, -6);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Hair as short strokes combed back, clipped to the hair-bearing scalp. */
static void
draw_hair (cairo_t              *cr,
           MesoScalpView         view,
           const MesoScalpStyle *style)
{
  g_autoptr(GArray) scalp = NULL;

  switch (view)
    {
    case MESO_SCALP_VIEW_TOP:   scalp = meso_salt_area_polygon (MESO_SALT_TOP); break;
    case MESO_SCALP_VIEW_BACK:  scalp = meso_salt_area_polygon (MESO_SALT_BACK); break;
    case MESO_SCALP_VIEW_LEFT:  scalp = meso_salt_area_polygon (MESO_SALT_LEFT); break;
    case MESO_SCALP_VIEW_RIGHT: scalp = meso_salt_area_polygon (MESO_SALT_RIGHT); break;
    case MESO_SCALP_VIEW_FRONT:
    case MESO_SCALP_N_VIEWS:
    default:
      {
        g_autoptr(GArray) outline = meso_scalp_head_outline (view);
        g_autoptr(GArray) cap = meso_polygon_rectangle (-80, -100, 80, -46);

        scalp = meso_polygon_clip_convex ((MesoVec2 *) cap->data, cap->len,
                                          (MesoVec2 *) outline->data, outline->len);
      }
    }
  cairo_save (cr);
  path_polygon (cr, scalp);
  /* From the side, hair also grows behind the ear down to the nape. */
  if (view == MESO_SCALP_VIEW_LEFT || view == MESO_SCALP_VIEW_RIGHT)
    {
      g_autoptr(GArray) nape = meso_scalp_zone_polygon (MESO_SCALP_ZONE_OCCIPITAL, view);

      for (guint i = 0; i < nape->len; i++)
        cairo_line_to (cr, g_array_index (nape, MesoVec2, i).x, g_array_index (nape, MesoVec2, i).y);
      cairo_close_path (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
    }
  cairo_clip (cr);
  if (style->dark)
    cairo_set_source_rgba (cr, 0.30, 0.24, 0.20, 0.85);
  else
    cairo_set_source_rgba (cr, 0.42, 0.33, 0.26, 0.30);
  cairo_paint (cr);
  if (style->dark)
    cairo_set_source_rgba (cr, 0.55, 0.46, 0.38, 0.55);
  else
    cairo_set_source_rgba (cr, 0.35, 0.26, 0.19, 0.45);
  cairo_set_line_width (cr, 0.6);
  for (double y = -110; y < 110; y += 4.5)
    for (double x = -110; x < 110; x += 6)
      {
        double shift = fmod (y * 0.37, 3);

        cairo_move_to (cr, x + shift, y);
        cairo_rel_line_to (cr, 1.2, 3.6);
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The head itself: ears, neck and face, skin, and hair where it grows. */
void
meso_scalp_draw_head (cairo_t              *cr,
           MesoScalpView         view,
           const MesoScalpStyle *style)
{
  g_autoptr(GArray) outline = meso_scalp_head_outline (view);

  draw_anatomy (cr, view, style);
  path_polygon (cr, outline);
  skin (cr, style, 0, 0, 95);
  cairo_fill (cr);
  draw_hair (cr, view, style);
}

