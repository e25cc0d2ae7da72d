/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-model.c: a schematic adult head, 150 mm wide and 190 mm long
 * seen from above, 190 mm high seen from the front. Zones are the clinics'
 * named areas of hair loss, cut out of each view's scalp with convex
 * shapes, so that they can be clipped against and hit-tested exactly.
 * Coordinates are millimetres, x to the right of the picture, y down. */
#define G_LOG_DOMAIN "meso-scalp-model"

#include <glib/gi18n.h>

#include "meso-scalp-model.h"

#define SEGMENTS 72

/* The views and the SALT areas share English names, not others'. */
static const char * const view_names[MESO_SCALP_N_VIEWS] = {
  NC_("scalp view", "Top"), NC_("scalp view", "Front"), NC_("scalp view", "Back"),
  NC_("scalp view", "Left side"), NC_("scalp view", "Right side"),
};

static const char * const zone_names[MESO_SCALP_N_ZONES] = {
  N_("Frontal hairline"), N_("Left temple"), N_("Right temple"), N_("Mid-scalp"),
  N_("Vertex (crown)"), N_("Left parietal"), N_("Right parietal"), N_("Occipital"),
};

static const char * const salt_names[MESO_SALT_N_AREAS] = {
  NC_("SALT area", "Top"), NC_("SALT area", "Back"), NC_("SALT area", "Left side"),
  NC_("SALT area", "Right side"),
};

const char *
meso_scalp_view_get_name (MesoScalpView view)
{
  g_return_val_if_fail (view < MESO_SCALP_N_VIEWS, NULL);
  return g_dpgettext2 (NULL, "scalp view", view_names[view]);
}

const char *
meso_scalp_zone_get_name (MesoScalpZone zone)
{
  g_return_val_if_fail (zone >= 0 && zone < MESO_SCALP_N_ZONES, NULL);
  return _(zone_names[zone]);
}

const char *
meso_salt_area_get_name (MesoSaltArea area)
{
  g_return_val_if_fail (area < MESO_SALT_N_AREAS, NULL);
  return g_dpgettext2 (NULL, "SALT area", salt_names[area]);
}

/* The shapes never change: they are computed once, and shared. */
static struct
{
  GArray *outlines[MESO_SCALP_N_VIEWS];
  GArray *zones[MESO_SCALP_N_ZONES][MESO_SCALP_N_VIEWS];
  GArray *salt[MESO_SALT_N_AREAS];
} shapes;

static GArray *compute_head_outline (MesoScalpView view);
static GArray *compute_zone_polygon (MesoScalpZone zone, MesoScalpView view);
static GArray *compute_salt_polygon (MesoSaltArea area);

static void
ensure_shapes (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  for (MesoScalpView view = 0; view < MESO_SCALP_N_VIEWS; view++)
    {
      shapes.outlines[view] = compute_head_outline (view);
      for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
        shapes.zones[zone][view] = compute_zone_polygon (zone, view);
    }
  for (MesoSaltArea area = 0; area < MESO_SALT_N_AREAS; area++)
    shapes.salt[area] = compute_salt_polygon (area);
  g_once_init_leave (&done, 1);
}

/* Returns: (transfer full) (element-type MesoVec2): the head's outline in
 * @view (the skull; ears and face are drawing details). */
GArray *
meso_scalp_head_outline (MesoScalpView view)
{
  g_return_val_if_fail (view < MESO_SCALP_N_VIEWS, NULL);
  ensure_shapes ();
  return g_array_ref (shapes.outlines[view]);
}

/**
 * meso_scalp_zone_polygon:
 *
 * Returns: (transfer full) (nullable) (element-type MesoVec2): @zone as
 * seen in @view, or %NULL where it cannot be seen. Shared: do not change it.
 */
GArray *
meso_scalp_zone_polygon (MesoScalpZone zone,
                         MesoScalpView view)
{
  g_return_val_if_fail (zone >= 0 && zone < MESO_SCALP_N_ZONES && view < MESO_SCALP_N_VIEWS,
                        NULL);
  ensure_shapes ();
  return shapes.zones[zone][view] != NULL ? g_array_ref (shapes.zones[zone][view]) : NULL;
}

/* Returns: (transfer full) (element-type MesoVec2): the hair-bearing scalp
 * of @area in its view (convex). Shared: do not change it. */
GArray *
meso_salt_area_polygon (MesoSaltArea area)
{
  g_return_val_if_fail (area < MESO_SALT_N_AREAS, NULL);
  ensure_shapes ();
  return g_array_ref (shapes.salt[area]);
}

static GArray *
compute_head_outline (MesoScalpView view)
{
  switch (view)
    {
    case MESO_SCALP_VIEW_TOP:
      return meso_polygon_ellipse (0, 0, 75, 95, SEGMENTS);
    case MESO_SCALP_VIEW_FRONT:
    case MESO_SCALP_VIEW_BACK:
      return meso_polygon_ellipse (0, 0, 75, 95, SEGMENTS);
    case MESO_SCALP_VIEW_LEFT:
    case MESO_SCALP_VIEW_RIGHT:
    case MESO_SCALP_N_VIEWS:
    default:
      return meso_polygon_ellipse (0, 0, 95, 92, SEGMENTS);
    }
}

/* A rectangle clipped to the head's outline in @view. */
static GArray *
cut (MesoScalpView view,
     double        x0,
     double        y0,
     double        x1,
     double        y1)
{
  g_autoptr(GArray) outline = compute_head_outline (view);
  g_autoptr(GArray) box = NULL;

  /* The side views are mirror images: the face is on the left of the left side. */
  if (view == MESO_SCALP_VIEW_RIGHT)
    {
      double t = x0;

      x0 = -x1;
      x1 = -t;
    }
  box = meso_polygon_rectangle (x0, y0, x1, y1);
  return meso_polygon_clip_convex ((MesoVec2 *) box->data, box->len, (MesoVec2 *) outline->data,
                                   outline->len);
}

/* @zone as seen in @view, or NULL where it cannot be seen. */
static GArray *
compute_zone_polygon (MesoScalpZone zone,
                      MesoScalpView view)
{
  switch (view)
    {
    case MESO_SCALP_VIEW_TOP:
      switch (zone)
        {
        case MESO_SCALP_ZONE_FRONTAL:        return cut (view, -35, -95, 35, -62);
        case MESO_SCALP_ZONE_LEFT_TEMPLE:    return cut (view, -75, -95, -35, -45);
        case MESO_SCALP_ZONE_RIGHT_TEMPLE:   return cut (view, 35, -95, 75, -45);
        case MESO_SCALP_ZONE_MID_SCALP:      return cut (view, -35, -62, 35, -8);
        case MESO_SCALP_ZONE_VERTEX:         return meso_polygon_ellipse (0, 26, 35, 34, 36);
        case MESO_SCALP_ZONE_LEFT_PARIETAL:  return cut (view, -75, -45, -35, 60);
        case MESO_SCALP_ZONE_RIGHT_PARIETAL: return cut (view, 35, -45, 75, 60);
        case MESO_SCALP_ZONE_OCCIPITAL:      return cut (view, -75, 60, 75, 95);
        case MESO_SCALP_ZONE_NONE:
        case MESO_SCALP_N_ZONES:
        default:                             return NULL;
        }
    case MESO_SCALP_VIEW_FRONT:
      /* Facing the patient: their right temple is on the left of the picture. */
      switch (zone)
        {
        case MESO_SCALP_ZONE_FRONTAL:        return cut (view, -35, -95, 35, -48);
        case MESO_SCALP_ZONE_RIGHT_TEMPLE:   return cut (view, -75, -90, -35, -30);
        case MESO_SCALP_ZONE_LEFT_TEMPLE:    return cut (view, 35, -90, 75, -30);
        default:                             return NULL;
        }
    case MESO_SCALP_VIEW_BACK:
      switch (zone)
        {
        case MESO_SCALP_ZONE_VERTEX:         return cut (view, -40, -95, 40, -42);
        case MESO_SCALP_ZONE_LEFT_PARIETAL:  return cut (view, -75, -80, -40, 35);
        case MESO_SCALP_ZONE_RIGHT_PARIETAL: return cut (view, 40, -80, 75, 35);
        case MESO_SCALP_ZONE_OCCIPITAL:      return cut (view, -40, -42, 40, 55);
        default:                             return NULL;
        }
    case MESO_SCALP_VIEW_LEFT:
    case MESO_SCALP_VIEW_RIGHT:
      switch (zone)
        {
        case MESO_SCALP_ZONE_LEFT_TEMPLE:
          return view == MESO_SCALP_VIEW_LEFT ? cut (view, -72, -62, -30, -12) : NULL;
        case MESO_SCALP_ZONE_RIGHT_TEMPLE:
          return view == MESO_SCALP_VIEW_RIGHT ? cut (view, -72, -62, -30, -12) : NULL;
        case MESO_SCALP_ZONE_LEFT_PARIETAL:
          return view == MESO_SCALP_VIEW_LEFT ? cut (view, -30, -92, 40, 10) : NULL;
        case MESO_SCALP_ZONE_RIGHT_PARIETAL:
          return view == MESO_SCALP_VIEW_RIGHT ? cut (view, -30, -92, 40, 10) : NULL;
        case MESO_SCALP_ZONE_OCCIPITAL:      return cut (view, 40, -60, 95, 50);
        default:                             return NULL;
        }
    case MESO_SCALP_N_VIEWS:
    default:
      return NULL;
    }
}

/* Returns: the zone under @point in @view; the crown is on top of its
 * neighbours, as it is drawn. */
MesoScalpZone
meso_scalp_zone_at (MesoScalpView view,
                    MesoVec2      point)
{
  static const MesoScalpZone order[] = {
    MESO_SCALP_ZONE_VERTEX, MESO_SCALP_ZONE_FRONTAL, MESO_SCALP_ZONE_LEFT_TEMPLE,
    MESO_SCALP_ZONE_RIGHT_TEMPLE, MESO_SCALP_ZONE_MID_SCALP, MESO_SCALP_ZONE_LEFT_PARIETAL,
    MESO_SCALP_ZONE_RIGHT_PARIETAL, MESO_SCALP_ZONE_OCCIPITAL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(GArray) polygon = meso_scalp_zone_polygon (order[i], view);

      if (polygon != NULL &&
          meso_polygon_contains ((MesoVec2 *) polygon->data, polygon->len, point))
        return order[i];
    }
  return MESO_SCALP_ZONE_NONE;
}

MesoScalpView
meso_salt_area_get_view (MesoSaltArea area)
{
  static const MesoScalpView views[MESO_SALT_N_AREAS] = {
    MESO_SCALP_VIEW_TOP, MESO_SCALP_VIEW_BACK, MESO_SCALP_VIEW_LEFT, MESO_SCALP_VIEW_RIGHT,
  };

  g_return_val_if_fail (area < MESO_SALT_N_AREAS, MESO_SCALP_VIEW_TOP);
  return views[area];
}

/* The SALT weights: the share of the whole scalp each area stands for. */
double
meso_salt_area_get_weight (MesoSaltArea area)
{
  static const double weights[MESO_SALT_N_AREAS] = { 0.40, 0.24, 0.18, 0.18 };

  g_return_val_if_fail (area < MESO_SALT_N_AREAS, 0);
  return weights[area];
}

/* The hair-bearing scalp of @area in its view, convex: the whole head from
 * above, and down to the nape or above the ear from behind and the sides. */
static GArray *
compute_salt_polygon (MesoSaltArea area)
{
  switch (area)
    {
    case MESO_SALT_TOP:
      return compute_head_outline (MESO_SCALP_VIEW_TOP);
    case MESO_SALT_BACK:
      return cut (MESO_SCALP_VIEW_BACK, -75, -95, 75, 55);
    case MESO_SALT_LEFT:
      return cut (MESO_SCALP_VIEW_LEFT, -95, -92, 95, 10);
    case MESO_SALT_RIGHT:
      return cut (MESO_SCALP_VIEW_RIGHT, -95, -92, 95, 10);
    case MESO_SALT_N_AREAS:
    default:
      return NULL;
    }
}
