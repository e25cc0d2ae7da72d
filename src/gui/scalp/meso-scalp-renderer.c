/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-renderer.c: the scalp map as an illustration: on the head
 * (meso-scalp-head.c), the zones tinted by grade behind dashed borders,
 * hair-loss regions hatched, and the injection points on top; or the same
 * without the head, over a photo. Pure cairo and pango, so that the widget,
 * the PNG and SVG exports and the benchmark draw the same picture. */
#define G_LOG_DOMAIN "meso-scalp-renderer"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "meso-scalp-renderer-private.h"

/* Each view's box in mm: the head with ears, face and neck. */
static const struct
{
  double x0, y0, x1, y1;
} boxes[MESO_SCALP_N_VIEWS] = {
  [MESO_SCALP_VIEW_TOP]   = { -100, -112, 100, 108 },
  [MESO_SCALP_VIEW_FRONT] = { -100, -105, 100, 140 },
  [MESO_SCALP_VIEW_BACK]  = { -100, -105, 100, 140 },
  [MESO_SCALP_VIEW_LEFT]  = { -118, -105, 110, 140 },
  [MESO_SCALP_VIEW_RIGHT] = { -110, -105, 118, 140 },
};

#define MARGIN 8.0

/* Room for a view's name above it; none in thumbnails. */
static double
title_height (double height)
{
  return height < 160 ? 0 : 22;
}

/* The cell of @view in the overview: three columns, two rows. */
static void
overview_cell (MesoScalpView view,
               double        width,
               double        height,
               double       *x,
               double       *y,
               double       *w,
               double       *h)
{
  static const guint columns[] = { 0, 1, 2, 0, 1 }, rows[] = { 0, 0, 0, 1, 1 };

  *w = width / 3;
  *h = height / 2;
  *x = columns[view] * *w;
  *y = rows[view] * *h;
}

/**
 * meso_scalp_frame_for_view:
 * @shown: a view, or %MESO_SCALP_OVERVIEW
 *
 * Where @view is drawn when @shown fills @width × @height pixels.
 * Returns: %FALSE when @view is not shown.
 */
gboolean
meso_scalp_frame_for_view (guint           shown,
                           MesoScalpView   view,
                           double          width,
                           double          height,
                           MesoScalpFrame *out_frame)
{
  double x = 0, y = 0, w = width, h = height, box_w, box_h;

  if (shown != MESO_SCALP_OVERVIEW && shown != view)
    return FALSE;
  if (shown == MESO_SCALP_OVERVIEW)
    overview_cell (view, width, height, &x, &y, &w, &h);
  y += title_height (h);
  h -= title_height (h);
  box_w = boxes[view].x1 - boxes[view].x0;
  box_h = boxes[view].y1 - boxes[view].y0;
  out_frame->scale = MAX (0.01, MIN ((w - 2 * MARGIN * (w > 160)) / box_w,
                                     (h - 2 * MARGIN * (h > 160)) / box_h));
  out_frame->x0 = x + w / 2 - (boxes[view].x0 + box_w / 2) * out_frame->scale;
  out_frame->y0 = y + h / 2 - (boxes[view].y0 + box_h / 2) * out_frame->scale;
  return TRUE;
}

/* Which view, and where in it (mm), pixel (@x, @y) falls. */
gboolean
meso_scalp_hit_view (guint          shown,
                     double         width,
                     double         height,
                     double         x,
                     double         y,
                     MesoScalpView *out_view,
                     MesoVec2      *out_point)
{
  for (MesoScalpView view = 0; view < MESO_SCALP_N_VIEWS; view++)
    {
      MesoScalpFrame frame;
      double mx, my;

      if (!meso_scalp_frame_for_view (shown, view, width, height, &frame))
        continue;
      mx = (x - frame.x0) / frame.scale;
      my = (y - frame.y0) / frame.scale;
      if (mx >= boxes[view].x0 && mx <= boxes[view].x1 && my >= boxes[view].y0 &&
          my <= boxes[view].y1)
        {
          *out_view = view;
          *out_point = (MesoVec2) { mx, my };
          return TRUE;
        }
    }
  return FALSE;
}

static void
grade_colour (MesoGrade grade,
              double   *r,
              double   *g,
              double   *b,
              double   *a)
{
  static const double colours[MESO_N_GRADES][4] = {
    { 0, 0, 0, 0 },
    { 0.96, 0.83, 0.18, 0.35 },
    { 0.95, 0.55, 0.12, 0.45 },
    { 0.86, 0.20, 0.16, 0.52 },
    { 0.42, 0.16, 0.42, 0.62 },
  };

  *r = colours[grade][0];
  *g = colours[grade][1];
  *b = colours[grade][2];
  *a = colours[grade][3];
}

static void
draw_label (cairo_t       *cr,
            PangoLayout   *layout,
            const char    *text,
            double         x,
            double         y,
            double         scale,
            const GdkRGBA *ink,
            gboolean       bold)
{
  int width, height;
  g_autofree char *markup = bold ? g_markup_printf_escaped ("<b>%s</b>", text)
                                 : g_markup_escape_text (text, -1);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_move_to (cr, x - width / 2.0, y - height / 2.0);
  set_rgba (cr, ink, 0.9);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  (void) scale;
}

static gboolean
same_rgba (const GdkRGBA *a,
           const GdkRGBA *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

/* A point's dot and rim, drawn once in device pixels and kept while the
 * radius and the style's colours stay the same, so that hundreds of points
 * are copies rather than hundreds of curves to fill. */
static cairo_surface_t *
point_sprite (double                radius_px,
              gboolean              deep,
              const MesoScalpStyle *style)
{
  static struct
  {
    cairo_surface_t *surface;
    double           radius;
    GdkRGBA          fill;
    GdkRGBA          rim;
  } sprites[2];
  const GdkRGBA *fill = deep ? &style->warning : &style->accent;
  int size = (int) ceil (radius_px * 2 + 4);
  cairo_t *cr;

  if (sprites[deep].surface != NULL && sprites[deep].radius == radius_px &&
      same_rgba (&sprites[deep].fill, fill) && same_rgba (&sprites[deep].rim, &style->rim))
    return sprites[deep].surface;
  g_clear_pointer (&sprites[deep].surface, cairo_surface_destroy);
  sprites[deep].surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  sprites[deep].radius = radius_px;
  sprites[deep].fill = *fill;
  sprites[deep].rim = style->rim;
  cr = cairo_create (sprites[deep].surface);
  cairo_arc (cr, size / 2.0, size / 2.0, radius_px, 0, 2 * G_PI);
  set_rgba (cr, fill, 1);
  cairo_fill_preserve (cr);
  set_rgba (cr, &style->rim, 1);
  cairo_set_line_width (cr, radius_px * 0.35);
  cairo_stroke (cr);
  cairo_destroy (cr);
  return sprites[deep].surface;
}

static void
draw_point_sprites (cairo_t              *cr,
                    GArray               *points,
                    MesoScalpView         view,
                    double                radius_px,
                    const MesoScalpStyle *style)
{
  cairo_matrix_t to_device;

  cairo_get_matrix (cr, &to_device);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  for (guint i = 0; i < points->len; i++)
    {
      MesoInjectionPoint *point = &g_array_index (points, MesoInjectionPoint, i);
      cairo_surface_t *sprite;
      double x = point->at.x, y = point->at.y;
      int size;

      if (point->view != view)
        continue;
      sprite = point_sprite (radius_px, point->depth_mm > MESO_INJECTION_MAX_DEPTH_MM, style);
      size = cairo_image_surface_get_width (sprite);
      cairo_matrix_transform_point (&to_device, &x, &y);
      x = round (x - size / 2.0);
      y = round (y - size / 2.0);
      cairo_set_source_surface (cr, sprite, x, y);
      cairo_rectangle (cr, x, y, size, size);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* Diagonal hatching: a small tile of pixels repeated, laid in device pixels
 * (@scale pixels per mm) so that it needs no resampling. */
static cairo_pattern_t *
hatch_pattern (double         scale,
               const GdkRGBA *colour)
{
  static cairo_surface_t *tile;
  static GdkRGBA tile_colour;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  if (tile == NULL || !same_rgba (&tile_colour, colour))
    {
      cairo_t *cr;

      g_clear_pointer (&tile, cairo_surface_destroy);
      tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
      tile_colour = *colour;
      cr = cairo_create (tile);
      set_rgba (cr, colour, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, -1, -1);
      cairo_line_to (cr, 9, 9);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&matrix, scale, scale);
  cairo_pattern_set_matrix (pattern, &matrix);
  return pattern;
}

/* What changes only when a zone's grade or the selection does: the head,
 * the tinted zones with their borders, the outline, the face and the zone
 * names. Drawn in the view's coordinates. */
static void
draw_static_layer (cairo_t              *cr,
                   MesoScalpMap         *map,
                   MesoScalpView         view,
                   double                scale,
                   PangoLayout          *layout,
                   const MesoScalpStyle *style)
{
  g_autoptr(GArray) outline = meso_scalp_head_outline (view);
  cairo_matrix_t device;

  cairo_get_matrix (cr, &device);
  cairo_set_line_width (cr, 1.0);
  if (!style->over_photo)
    meso_scalp_draw_head (cr, view, style);

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    {
      static const double dashes[] = { 3, 2 };
      g_autoptr(GArray) polygon = meso_scalp_zone_polygon (zone, view);
      double r, g, b, a;

      if (polygon == NULL)
        continue;
      grade_colour (meso_scalp_map_get_grade (map, zone), &r, &g, &b, &a);
      path_polygon (cr, polygon);
      if (a > 0)
        {
          cairo_set_source_rgba (cr, r, g, b, a);
          cairo_fill_preserve (cr);
        }
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_line_width (cr, 0.6);
      set_rgba (cr, &style->ink, 0.35);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (style->selected >= 0)
    {
      g_autoptr(GArray) polygon = meso_scalp_zone_polygon (style->selected, view);

      if (polygon != NULL)
        {
          path_polygon (cr, polygon);
          set_rgba (cr, &style->accent, 0.95);
          cairo_set_line_width (cr, MAX (2.0 / scale, 0.8));
          cairo_stroke (cr);
        }
    }

  path_polygon (cr, outline);
  /* Over a photo, dark hair or pale skin: a dark edge under the outline. */
  if (style->over_photo)
    {
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 3.5 / scale);
      cairo_stroke_preserve (cr);
    }
  set_rgba (cr, &style->ink, 0.75);
  cairo_set_line_width (cr, MAX (1.3 / scale, 0.5));
  cairo_stroke (cr);
  /* A photo shows the face and ears themselves. */
  if (!style->over_photo)
    meso_scalp_draw_features (cr, view, style);

  /* Zone names, where there is room for them. */
  if (scale > 1.6)
    for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
      {
        g_autoptr(GArray) polygon = meso_scalp_zone_polygon (zone, view);
        double cx = 0, cy = 0;

        if (polygon == NULL)
          continue;
        for (guint i = 0; i < polygon->len; i++)
          {
            cx += g_array_index (polygon, MesoVec2, i).x / polygon->len;
            cy += g_array_index (polygon, MesoVec2, i).y / polygon->len;
          }
        cairo_matrix_transform_point (&device, &cx, &cy);
        draw_label (cr, layout, meso_scalp_zone_get_name (zone), cx, cy, scale, &style->ink,
                    zone == style->selected);
      }
}

/* On screen the picture is three layers per view, each kept as pixels and
 * redrawn only when what it shows changes: the static layer (head, zones,
 * names: grades, selection, size, style), the painted regions, and the
 * points. A key hashes what a layer depends on. */
enum
{
  LAYER_STATIC,
  LAYER_REGIONS,
  LAYER_POINTS,
  N_LAYERS
};

typedef void (*LayerDraw) (cairo_t              *cr,
                           MesoScalpMap         *map,
                           MesoScalpView         view,
                           double                scale,
                           PangoLayout          *layout,
                           const MesoScalpStyle *style);

static guint64
hash_bytes (guint64       hash,
            gconstpointer data,
            gsize         size)
{
  const guint8 *bytes = data;

  /* FNV-1a. */
  for (gsize i = 0; i < size; i++)
    hash = (hash ^ bytes[i]) * 0x100000001b3ull;
  return hash;
}

/* Where a layer's key starts: the style's colours, so that a change of
 * style draws the layer again. */
static guint64
style_seed (const MesoScalpStyle *style)
{
  guint64 hash = 0xcbf29ce484222325ull;

  hash = hash_bytes (hash, &style->dark, sizeof style->dark);
  hash = hash_bytes (hash, &style->ink, sizeof style->ink);
  hash = hash_bytes (hash, &style->accent, sizeof style->accent);
  hash = hash_bytes (hash, &style->warning, sizeof style->warning);
  hash = hash_bytes (hash, &style->error, sizeof style->error);
  return hash_bytes (hash, &style->rim, sizeof style->rim);
}

static guint64
static_key (MesoScalpMap         *map,
            const MesoScalpStyle *style)
{
  guint64 hash = style_seed (style);

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    {
      MesoGrade grade = meso_scalp_map_get_grade (map, zone);

      hash = hash_bytes (hash, &grade, sizeof grade);
    }
  return hash_bytes (hash, &style->selected, sizeof style->selected);
}

static guint64
regions_key (MesoScalpMap         *map,
             MesoScalpView         view,
             const MesoScalpStyle *style)
{
  GPtrArray *regions = meso_scalp_map_get_regions (map);
  guint64 hash = style_seed (style);

  for (guint i = 0; i < regions->len; i++)
    {
      MesoScalpRegion *region = g_ptr_array_index (regions, i);

      if (region->view == view)
        hash = hash_bytes (hash, region->outline->data, region->outline->len * sizeof (MesoVec2));
    }
  return hash;
}

/* Of the first @n_points points: a layer that showed them and has the same
 * key needs only the points added since. */
static guint64
points_key (MesoScalpMap         *map,
            guint                 n_points,
            const MesoScalpStyle *style)
{
  GArray *points = meso_scalp_map_get_points (map);

  return hash_bytes (style_seed (style), points->data, n_points * sizeof (MesoInjectionPoint));
}

static void
draw_regions_layer (cairo_t              *cr,
                    MesoScalpMap         *map,
                    MesoScalpView         view,
                    double                scale,
                    PangoLayout          *layout,
                    const MesoScalpStyle *style)
{
  GPtrArray *regions = meso_scalp_map_get_regions (map);
  cairo_pattern_t *hatch = style->cache_background ? hatch_pattern (scale, &style->error) : NULL;

  for (guint i = 0; i < regions->len; i++)
    {
      MesoScalpRegion *region = g_ptr_array_index (regions, i);

      if (region->view != view)
        continue;
      path_polygon (cr, region->outline);
      set_rgba (cr, &style->error, 0.22);
      cairo_fill_preserve (cr);
      if (hatch != NULL)
        {
          cairo_set_source (cr, hatch);
          cairo_fill_preserve (cr);
        }
      else
        {
          double x0, y0, x1, y1;

          /* Exports stay vector: real lines, clipped to the region. */
          cairo_save (cr);
          cairo_clip_preserve (cr);
          cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
          cairo_new_path (cr);
          for (double d = floor ((x0 - (y1 - y0)) / 3.5) * 3.5; d < x1; d += 3.5)
            {
              cairo_move_to (cr, d, y0);
              cairo_line_to (cr, d + (y1 - y0), y1);
            }
          set_rgba (cr, &style->error, 0.8);
          cairo_set_line_width (cr, 0.45);
          cairo_stroke (cr);
          cairo_restore (cr);
          path_polygon (cr, region->outline);
        }
      set_rgba (cr, &style->error, 0.8);
      cairo_set_line_width (cr, 0.9);
      cairo_stroke (cr);
    }
  g_clear_pointer (&hatch, cairo_pattern_destroy);
}

static void
draw_points_layer (cairo_t              *cr,
                   MesoScalpMap         *map,
                   MesoScalpView         view,
                   double                scale,
                   PangoLayout          *layout,
                   const MesoScalpStyle *style)
{
  GArray *points = meso_scalp_map_get_points (map);
  double radius = MAX (1.6, 3.0 / scale);

  if (style->cache_background)
    {
      draw_point_sprites (cr, points, view, radius * scale, style);
      return;
    }
  for (guint i = 0; i < points->len; i++)
    {
      MesoInjectionPoint *point = &g_array_index (points, MesoInjectionPoint, i);

      if (point->view != view)
        continue;
      cairo_new_path (cr);
      cairo_arc (cr, point->at.x, point->at.y, radius, 0, 2 * G_PI);
      set_rgba (cr, point->depth_mm > MESO_INJECTION_MAX_DEPTH_MM ? &style->warning
                                                                  : &style->accent, 1);
      cairo_fill_preserve (cr);
      set_rgba (cr, &style->rim, 1);
      cairo_set_line_width (cr, radius * 0.35);
      cairo_stroke (cr);
    }
}

/* Draws a layer, from its pixels when they are still current. @cr is in
 * the view's millimetres. */
static void
draw_layer (cairo_t              *cr,
            guint                 layer,
            guint64               key,
            LayerDraw             draw,
            MesoScalpMap         *map,
            MesoScalpView         view,
            const MesoScalpFrame *frame,
            PangoLayout          *layout,
            const MesoScalpStyle *style)
{
  static struct
  {
    cairo_surface_t *surface;
    double           scale;
    guint64          key;
    guint            n_points;   /* for the points' layer: how many it shows */
  } cache[N_LAYERS][MESO_SCALP_N_VIEWS];
  double x0 = boxes[view].x0, y0 = boxes[view].y0, dx = x0, dy = y0;
  GArray *points = meso_scalp_map_get_points (map);

  if (!style->cache_background)
    {
      draw (cr, map, view, frame->scale, layout, style);
      return;
    }
  /* Points added at the end (a click, a grid) are drawn onto the layer
   * rather than redrawing all of them. */
  if (layer == LAYER_POINTS && cache[layer][view].surface != NULL &&
      cache[layer][view].scale == frame->scale && cache[layer][view].key != key &&
      points->len > cache[layer][view].n_points &&
      points_key (map, cache[layer][view].n_points, style) == cache[layer][view].key)
    {
      g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (MesoInjectionPoint));
      cairo_t *image = cairo_create (cache[layer][view].surface);

      g_array_append_vals (added, &g_array_index (points, MesoInjectionPoint,
                                                  cache[layer][view].n_points),
                           points->len - cache[layer][view].n_points);
      cairo_scale (image, frame->scale, frame->scale);
      cairo_translate (image, -x0, -y0);
      draw_point_sprites (image, added, view, MAX (1.6, 3.0 / frame->scale) * frame->scale,
                          style);
      cairo_destroy (image);
      cache[layer][view].key = key;
      cache[layer][view].n_points = points->len;
    }
  if (cache[layer][view].surface == NULL || cache[layer][view].scale != frame->scale ||
      cache[layer][view].key != key)
    {
      cairo_t *image;

      g_clear_pointer (&cache[layer][view].surface, cairo_surface_destroy);
      cache[layer][view].surface =
        cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                    ceil ((boxes[view].x1 - x0) * frame->scale),
                                    ceil ((boxes[view].y1 - y0) * frame->scale));
      cache[layer][view].scale = frame->scale;
      cache[layer][view].key = key;
      cache[layer][view].n_points = points->len;
      image = cairo_create (cache[layer][view].surface);
      cairo_scale (image, frame->scale, frame->scale);
      cairo_translate (image, -x0, -y0);
      draw (image, map, view, frame->scale, layout, style);
      cairo_destroy (image);
    }
  /* Copied at whole device pixels: a plain copy, no resampling. */
  cairo_user_to_device (cr, &dx, &dy);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_source_surface (cr, cache[layer][view].surface, round (dx), round (dy));
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_view (cairo_t              *cr,
           MesoScalpMap         *map,
           MesoScalpView         view,
           const MesoScalpFrame *frame,
           PangoLayout          *layout,
           const MesoScalpStyle *style)
{
  GArray *points = meso_scalp_map_get_points (map);

  cairo_save (cr);
  cairo_translate (cr, frame->x0, frame->y0);
  cairo_scale (cr, frame->scale, frame->scale);
  draw_layer (cr, LAYER_STATIC, static_key (map, style), draw_static_layer, map, view, frame,
              layout, style);
  draw_layer (cr, LAYER_REGIONS, regions_key (map, view, style), draw_regions_layer, map, view, frame,
              layout, style);
  draw_layer (cr, LAYER_POINTS, points_key (map, points->len, style), draw_points_layer, map, view, frame, layout,
              style);

  /* The focused point's ring is live: it moves with the keys. */
  if (style->focused_point >= 0 && style->focused_point < (int) points->len &&
      g_array_index (points, MesoInjectionPoint, style->focused_point).view == view)
    {
      MesoInjectionPoint *point = &g_array_index (points, MesoInjectionPoint,
                                                  style->focused_point);
      double radius = MAX (1.6, 3.0 / frame->scale);

      cairo_arc (cr, point->at.x, point->at.y, radius * 2.2, 0, 2 * G_PI);
      set_rgba (cr, &style->accent, 0.9);
      cairo_set_line_width (cr, radius * 0.4);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Labels are drawn upright in device pixels, however the view is turned. */
static PangoLayout *
label_layout (cairo_t *cr)
{
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  PangoLayout *layout;

  cairo_save (cr);
  cairo_identity_matrix (cr);
  layout = pango_cairo_create_layout (cr);
  cairo_restore (cr);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/**
 * meso_scalp_render_one_view:
 * @cr: in @view's millimetres, turned and scaled as the caller needs
 * @scale: device pixels per millimetre, for line widths and labels
 *
 * Draws one view where @cr's user space puts it; with @style's
 * `over_photo`, without the head, to lay over a photo of it.
 */
void
meso_scalp_render_one_view (cairo_t              *cr,
                            MesoScalpMap         *map,
                            MesoScalpView         view,
                            double                scale,
                            const MesoScalpStyle *style)
{
  MesoScalpFrame frame = { scale, 0, 0 };
  PangoLayout *layout;

  g_return_if_fail (view < MESO_SCALP_N_VIEWS && !style->cache_background);
  layout = label_layout (cr);
  cairo_save (cr);
  cairo_scale (cr, 1 / scale, 1 / scale);
  draw_view (cr, map, view, &frame, layout, style);
  cairo_restore (cr);
  g_object_unref (layout);
}

/**
 * meso_scalp_style_init_for_paper:
 *
 * The light style's colours whatever the desktop's, for exports and
 * handouts; nothing selected or focused.
 */
void
meso_scalp_style_init_for_paper (MesoScalpStyle *style)
{
  *style = (MesoScalpStyle) {
    .ink = { 0.1, 0.1, 0.12, 1 },
    .accent = { 0.11, 0.44, 0.85, 1 },
    .warning = { 0.90, 0.38, 0.0, 1 },
    .error = { 0.75, 0.11, 0.16, 1 },
    .rim = { 1, 1, 1, 1 },
    .selected = MESO_SCALP_ZONE_NONE,
    .focused_point = -1,
  };
}

/**
 * meso_scalp_render:
 * @view: a MesoScalpView, or %MESO_SCALP_OVERVIEW
 *
 * Draws @map into a @width × @height area of @cr.
 */
void
meso_scalp_render (cairo_t              *cr,
                   MesoScalpMap         *map,
                   guint                 view,
                   double                width,
                   double                height,
                   const MesoScalpStyle *style)
{
  PangoLayout *layout = label_layout (cr);

  cairo_save (cr);
  for (MesoScalpView v = 0; v < MESO_SCALP_N_VIEWS; v++)
    {
      MesoScalpFrame frame;
      double cx = width / 2, top = 0, cell_w = width, cell_h = height;

      if (!meso_scalp_frame_for_view (view, v, width, height, &frame))
        continue;
      if (view == MESO_SCALP_OVERVIEW)
        {
          double cell_x, cell_y;

          overview_cell (v, width, height, &cell_x, &cell_y, &cell_w, &cell_h);
          cx = cell_x + cell_w / 2;
          top = cell_y;
        }
      draw_view (cr, map, v, &frame, layout, style);
      if (title_height (cell_h) > 0)
        draw_label (cr, layout, meso_scalp_view_get_name (v), cx, top + title_height (cell_h) / 2,
                    1, &style->ink, TRUE);
    }
  cairo_restore (cr);
  g_object_unref (layout);
}
