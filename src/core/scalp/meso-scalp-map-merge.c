/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-map-merge.c: what changed between two versions of a scalp map,
 * and the map another workstation saved with this one's changes on top: a
 * refused save is reloaded without losing the user's marks. Values are
 * compared as stored (three decimals), since one side was read back. */
#define G_LOG_DOMAIN "meso-scalp-map"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-scalp-map.h"

/* Half the last stored decimal, and a little more for the rounding. */
#define SAME_EPSILON 0.0006

static gboolean
same_number (double a,
             double b)
{
  return fabs (a - b) < SAME_EPSILON;
}

static gboolean
same_point (gconstpointer a,
            gconstpointer b)
{
  const MesoInjectionPoint *p = a, *q = b;

  return p->view == q->view && same_number (p->at.x, q->at.x) && same_number (p->at.y, q->at.y) &&
         same_number (p->depth_mm, q->depth_mm) && same_number (p->volume_ml, q->volume_ml);
}

static gboolean
same_region (gconstpointer a,
             gconstpointer b)
{
  const MesoScalpRegion *r = *(MesoScalpRegion * const *) a, *s = *(MesoScalpRegion * const *) b;

  if (r->view != s->view || r->outline->len != s->outline->len)
    return FALSE;
  for (guint i = 0; i < r->outline->len; i++)
    {
      MesoVec2 *u = &g_array_index (r->outline, MesoVec2, i);
      MesoVec2 *v = &g_array_index (s->outline, MesoVec2, i);

      if (!same_number (u->x, v->x) || !same_number (u->y, v->y))
        return FALSE;
    }
  return TRUE;
}

/* The indexes of the elements of @a that have no equal in @b, each
 * element of @b standing for one of @a at most (a list may repeat one). */
static GArray *
unmatched (const char    *a,
           guint          n_a,
           const char    *b,
           guint          n_b,
           gsize          size,
           gboolean     (*same) (gconstpointer, gconstpointer))
{
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n_b, 1));
  GArray *result = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_a; i++)
    {
      guint j = 0;

      while (j < n_b && (used[j] || !same (a + i * size, b + j * size)))
        j++;
      if (j < n_b)
        used[j] = TRUE;
      else
        g_array_append_val (result, i);
    }
  return result;
}

static GArray *
unmatched_points (MesoScalpMap *a,
                  MesoScalpMap *b)
{
  GArray *p = meso_scalp_map_get_points (a), *q = meso_scalp_map_get_points (b);

  return unmatched (p->data, p->len, q->data, q->len, sizeof (MesoInjectionPoint), same_point);
}

static GArray *
unmatched_regions (MesoScalpMap *a,
                   MesoScalpMap *b)
{
  GPtrArray *p = meso_scalp_map_get_regions (a), *q = meso_scalp_map_get_regions (b);

  return unmatched ((const char *) p->pdata, p->len, (const char *) q->pdata, q->len,
                    sizeof (gpointer), same_region);
}

static MesoTrichoscopy *
find_reading (MesoScalpMap *map,
              const char   *spot)
{
  GPtrArray *readings = meso_scalp_map_get_measurements (map);

  for (guint i = 0; i < readings->len; i++)
    if (g_strcmp0 (((MesoTrichoscopy *) readings->pdata[i])->spot, spot) == 0)
      return readings->pdata[i];
  return NULL;
}

static gboolean
same_reading (MesoTrichoscopy *a,
              MesoTrichoscopy *b)
{
  return a != NULL && b != NULL && same_number (a->density, b->density) &&
         same_number (a->diameter_um, b->diameter_um);
}

static gboolean
same_scale (MesoScalpMap *a,
            MesoScalpMap *b)
{
  const char *stage_a, *stage_b;

  return meso_scalp_map_get_scale (a, &stage_a) == meso_scalp_map_get_scale (b, &stage_b) &&
         g_strcmp0 (stage_a, stage_b) == 0;
}

/* Removes from @map an element equal to each of @gone's at @indexes. */
static void
remove_points (MesoScalpMap *map,
               MesoScalpMap *gone,
               GArray       *indexes)
{
  for (guint i = 0; i < indexes->len; i++)
    {
      MesoInjectionPoint *point = &g_array_index (meso_scalp_map_get_points (gone),
                                                  MesoInjectionPoint,
                                                  g_array_index (indexes, guint, i));
      GArray *points = meso_scalp_map_get_points (map);

      for (guint j = 0; j < points->len; j++)
        if (same_point (point, &g_array_index (points, MesoInjectionPoint, j)))
          {
            meso_scalp_map_remove_point (map, j);
            break;
          }
    }
}

static void
remove_regions (MesoScalpMap *map,
                MesoScalpMap *gone,
                GArray       *indexes)
{
  for (guint i = 0; i < indexes->len; i++)
    {
      gpointer region = g_ptr_array_index (meso_scalp_map_get_regions (gone),
                                           g_array_index (indexes, guint, i));
      GPtrArray *regions = meso_scalp_map_get_regions (map);

      for (guint j = 0; j < regions->len; j++)
        if (same_region (&region, &regions->pdata[j]))
          {
            meso_scalp_map_remove_region (map, j);
            break;
          }
    }
}

/**
 * meso_scalp_map_merge:
 * @base: the map as @mine was read (or last saved)
 * @mine: the map with the user's changes since @base
 * @theirs: the map another workstation saved since
 *
 * @theirs with what @mine changed since @base: a grade, the pull test or
 * the stage changed in @mine is @mine's; points, painted areas and
 * readings added in @mine are added, those removed in @mine removed. What
 * only @theirs changed stays theirs.
 *
 * Returns: (transfer full): the merged map, with @theirs's revision and no
 * history.
 */
MesoScalpMap *
meso_scalp_map_merge (MesoScalpMap *base,
                      MesoScalpMap *mine,
                      MesoScalpMap *theirs)
{
  MesoScalpMap *merged = meso_scalp_map_copy (theirs);
  g_autoptr(GArray) points_gone = unmatched_points (base, mine);
  g_autoptr(GArray) points_new = unmatched_points (mine, base);
  g_autoptr(GArray) regions_gone = unmatched_regions (base, mine);
  g_autoptr(GArray) regions_new = unmatched_regions (mine, base);
  GPtrArray *readings = meso_scalp_map_get_measurements (mine);
  GPtrArray *base_readings = meso_scalp_map_get_measurements (base);

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    if (meso_scalp_map_get_grade (mine, zone) != meso_scalp_map_get_grade (base, zone))
      meso_scalp_map_set_grade (merged, zone, meso_scalp_map_get_grade (mine, zone));
  if (meso_scalp_map_get_pull_test (mine) != meso_scalp_map_get_pull_test (base))
    meso_scalp_map_set_pull_test (merged, meso_scalp_map_get_pull_test (mine));
  if (!same_scale (mine, base))
    {
      const char *stage;
      MesoHairScale scale = meso_scalp_map_get_scale (mine, &stage);

      meso_scalp_map_set_scale (merged, scale, stage);
    }

  remove_points (merged, base, points_gone);
  for (guint i = 0; i < points_new->len; i++)
    meso_scalp_map_add_point (merged, &g_array_index (meso_scalp_map_get_points (mine),
                                                      MesoInjectionPoint,
                                                      g_array_index (points_new, guint, i)));
  remove_regions (merged, base, regions_gone);
  for (guint i = 0; i < regions_new->len; i++)
    {
      MesoScalpRegion *region = g_ptr_array_index (meso_scalp_map_get_regions (mine),
                                                   g_array_index (regions_new, guint, i));

      meso_scalp_map_add_region (merged, region->view, (MesoVec2 *) region->outline->data,
                                 region->outline->len);
    }

  for (guint i = 0; i < readings->len; i++)
    {
      MesoTrichoscopy *reading = readings->pdata[i];

      if (!same_reading (reading, find_reading (base, reading->spot)))
        meso_scalp_map_set_measurement (merged, reading->spot, reading->density,
                                        reading->diameter_um);
    }
  for (guint i = 0; i < base_readings->len; i++)
    {
      MesoTrichoscopy *reading = base_readings->pdata[i];

      if (find_reading (mine, reading->spot) == NULL)
        meso_scalp_map_remove_measurement (merged, reading->spot);
    }

  /* The steps above are not the user's to undo one by one. */
  {
    MesoScalpMap *result = meso_scalp_map_copy (merged);

    g_object_unref (merged);
    return result;
  }
}

/**
 * meso_scalp_map_describe_changes:
 *
 * Returns: (transfer full) (nullable): what changed from @from to @to, in
 * a few words for the user ("2 zones regraded, 14 points added"), or
 * %NULL when nothing did.
 */
char *
meso_scalp_map_describe_changes (MesoScalpMap *from,
                                 MesoScalpMap *to)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) points_gone = unmatched_points (from, to);
  g_autoptr(GArray) points_new = unmatched_points (to, from);
  g_autoptr(GArray) regions_gone = unmatched_regions (from, to);
  g_autoptr(GArray) regions_new = unmatched_regions (to, from);
  GPtrArray *readings = meso_scalp_map_get_measurements (to);
  gboolean readings_changed = readings->len != meso_scalp_map_get_measurements (from)->len;
  guint zones = 0;

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    zones += meso_scalp_map_get_grade (from, zone) != meso_scalp_map_get_grade (to, zone);
  for (guint i = 0; i < readings->len && !readings_changed; i++)
    {
      MesoTrichoscopy *reading = readings->pdata[i];

      readings_changed = !same_reading (reading, find_reading (from, reading->spot));
    }

  if (zones > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u zone regraded", "%u zones regraded",
                                                       zones), zones));
  if (points_new->len > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u point added", "%u points added",
                                                       points_new->len), points_new->len));
  if (points_gone->len > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u point removed", "%u points removed",
                                                       points_gone->len), points_gone->len));
  if (regions_new->len > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u area painted", "%u areas painted",
                                                       regions_new->len), regions_new->len));
  if (regions_gone->len > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u area erased", "%u areas erased",
                                                       regions_gone->len), regions_gone->len));
  if (readings_changed)
    g_ptr_array_add (parts, g_strdup (_("the readings")));
  if (meso_scalp_map_get_pull_test (from) != meso_scalp_map_get_pull_test (to))
    g_ptr_array_add (parts, g_strdup (_("the pull test")));
  if (!same_scale (from, to))
    g_ptr_array_add (parts, g_strdup (_("the stage")));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  /* Translators: joins the changes listed, as in "2 zones regraded, the stage" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}
