/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-map.c: the scalp map of one session. Every change first keeps
 * a copy of the state before it, which is what undo returns to: maps are
 * small (hundreds of points), so whole copies are simpler than inverse
 * operations and cannot get out of step. */
#define G_LOG_DOMAIN "meso-scalp-map"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-enum.h"
#include "meso-scalp-map.h"
#include "meso-text.h"

/* SALT is measured on a sampling grid this fine, in mm: exact enough for a
 * score given to one decimal, and it counts overlapping regions once. */
#define SALT_STEP_MM 1.0
#define MAX_UNDO 100

typedef struct
{
  MesoGrade      grades[MESO_SCALP_N_ZONES];
  GPtrArray     *regions;        /* of MesoScalpRegion */
  GArray        *points;         /* of MesoInjectionPoint */
  GPtrArray     *measurements;   /* of MesoTrichoscopy */
  MesoPullTest   pull_test;
  MesoHairScale  scale;
  char          *stage;
} State;

struct _MesoScalpMap
{
  GObject    parent_instance;

  State     *state;
  GPtrArray *undo;   /* of State, the newest last */
  GPtrArray *redo;
  gint64     revision;   /* of the stored map this was read as; 0: none was stored */
};

G_DEFINE_TYPE (MesoScalpMap, meso_scalp_map, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const grade_labels[MESO_N_GRADES] = {
  N_("None"), N_("Mild"), N_("Moderate"), N_("Severe"), N_("No follicles left"),
};

/* The nicks are the codes stored in a scalp map's "scale" (empty: none). */
G_DEFINE_ENUM_TYPE (MesoHairScale, meso_hair_scale,
  G_DEFINE_ENUM_VALUE (MESO_HAIR_SCALE_NONE, ""),
  G_DEFINE_ENUM_VALUE (MESO_HAIR_SCALE_NORWOOD, "norwood"),
  G_DEFINE_ENUM_VALUE (MESO_HAIR_SCALE_LUDWIG, "ludwig"),
  G_DEFINE_ENUM_VALUE (MESO_HAIR_SCALE_SINCLAIR, "sinclair"))

static void
region_free (gpointer data)
{
  MesoScalpRegion *region = data;

  g_array_unref (region->outline);
  g_free (region);
}

static void
trichoscopy_free (gpointer data)
{
  MesoTrichoscopy *reading = data;

  g_free (reading->spot);
  g_free (reading);
}

static State *
state_new (void)
{
  State *state = g_new0 (State, 1);

  state->regions = g_ptr_array_new_with_free_func (region_free);
  state->points = g_array_new (FALSE, FALSE, sizeof (MesoInjectionPoint));
  state->measurements = g_ptr_array_new_with_free_func (trichoscopy_free);
  state->stage = g_strdup ("");
  return state;
}

static void
state_free (gpointer data)
{
  State *state = data;

  g_ptr_array_unref (state->regions);
  g_array_unref (state->points);
  g_ptr_array_unref (state->measurements);
  g_free (state->stage);
  g_free (state);
}

static State *
state_copy (const State *state)
{
  State *copy = state_new ();

  memcpy (copy->grades, state->grades, sizeof copy->grades);
  for (guint i = 0; i < state->regions->len; i++)
    {
      MesoScalpRegion *region = g_ptr_array_index (state->regions, i);
      MesoScalpRegion *region_copy = g_new0 (MesoScalpRegion, 1);

      region_copy->view = region->view;
      region_copy->outline = g_array_copy (region->outline);
      g_ptr_array_add (copy->regions, region_copy);
    }
  g_array_append_vals (copy->points, state->points->data, state->points->len);
  for (guint i = 0; i < state->measurements->len; i++)
    {
      MesoTrichoscopy *reading = g_ptr_array_index (state->measurements, i);
      MesoTrichoscopy *reading_copy = g_new0 (MesoTrichoscopy, 1);

      *reading_copy = *reading;
      reading_copy->spot = g_strdup (reading->spot);
      g_ptr_array_add (copy->measurements, reading_copy);
    }
  copy->pull_test = state->pull_test;
  copy->scale = state->scale;
  g_free (copy->stage);
  copy->stage = g_strdup (state->stage);
  return copy;
}

static void
meso_scalp_map_finalize (GObject *object)
{
  MesoScalpMap *self = MESO_SCALP_MAP (object);

  state_free (self->state);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (meso_scalp_map_parent_class)->finalize (object);
}

static void
meso_scalp_map_class_init (MesoScalpMapClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_scalp_map_finalize;

  /**
   * MesoScalpMap::changed:
   *
   * Emitted after any change, undo and redo included.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_scalp_map_init (MesoScalpMap *self)
{
  self->state = state_new ();
  self->undo = g_ptr_array_new_with_free_func (state_free);
  self->redo = g_ptr_array_new_with_free_func (state_free);
}

MesoScalpMap *
meso_scalp_map_new (void)
{
  return g_object_new (MESO_TYPE_SCALP_MAP, NULL);
}

/* Returns: (transfer full): a map with the same content and revision, and no history. */
MesoScalpMap *
meso_scalp_map_copy (MesoScalpMap *self)
{
  MesoScalpMap *copy = meso_scalp_map_new ();

  state_free (copy->state);
  copy->state = state_copy (self->state);
  copy->revision = self->revision;
  return copy;
}

/**
 * meso_scalp_map_get_revision:
 *
 * Returns: the revision of the stored map this one was read as, or 0 when
 * the session had none stored; a save names it.
 */
gint64
meso_scalp_map_get_revision (MesoScalpMap *self)
{
  return self->revision;
}

void
meso_scalp_map_set_revision (MesoScalpMap *self,
                             gint64        revision)
{
  self->revision = revision;
}

/* Keeps the state before a change, for undo; a new change ends any redo. */
static void
begin_change (MesoScalpMap *self)
{
  g_ptr_array_add (self->undo, state_copy (self->state));
  if (self->undo->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
}

static void
changed (MesoScalpMap *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * meso_scalp_map_replace:
 * @content: the map whose content @self takes
 *
 * Gives @self the content of @content (not its revision) as one change,
 * which undo takes back: a reload that keeps the user's marks.
 */
void
meso_scalp_map_replace (MesoScalpMap *self,
                        MesoScalpMap *content)
{
  begin_change (self);
  state_free (self->state);
  self->state = state_copy (content->state);
  changed (self);
}

MesoGrade
meso_scalp_map_get_grade (MesoScalpMap  *self,
                          MesoScalpZone  zone)
{
  g_return_val_if_fail (zone >= 0 && zone < MESO_SCALP_N_ZONES, MESO_GRADE_NONE);
  return self->state->grades[zone];
}

void
meso_scalp_map_set_grade (MesoScalpMap  *self,
                          MesoScalpZone  zone,
                          MesoGrade      grade)
{
  g_return_if_fail (zone >= 0 && zone < MESO_SCALP_N_ZONES && grade < MESO_N_GRADES);
  if (self->state->grades[zone] == grade)
    return;
  begin_change (self);
  self->state->grades[zone] = grade;
  changed (self);
}

/* Returns: (transfer none) (element-type MesoScalpRegion): the painted regions. */
GPtrArray *
meso_scalp_map_get_regions (MesoScalpMap *self)
{
  return self->state->regions;
}

void
meso_scalp_map_add_region (MesoScalpMap   *self,
                           MesoScalpView   view,
                           const MesoVec2 *outline,
                           guint           n_points)
{
  MesoScalpRegion *region;

  g_return_if_fail (view < MESO_SCALP_N_VIEWS && n_points >= 3);
  begin_change (self);
  region = g_new0 (MesoScalpRegion, 1);
  region->view = view;
  region->outline = g_array_sized_new (FALSE, FALSE, sizeof (MesoVec2), n_points);
  g_array_append_vals (region->outline, outline, n_points);
  g_ptr_array_add (self->state->regions, region);
  changed (self);
}

void
meso_scalp_map_remove_region (MesoScalpMap *self,
                              guint         index)
{
  g_return_if_fail (index < self->state->regions->len);
  begin_change (self);
  g_ptr_array_remove_index (self->state->regions, index);
  changed (self);
}

/* Returns: (transfer none) (element-type MesoInjectionPoint): the points. */
GArray *
meso_scalp_map_get_points (MesoScalpMap *self)
{
  return self->state->points;
}

void
meso_scalp_map_add_point (MesoScalpMap             *self,
                          const MesoInjectionPoint *point)
{
  begin_change (self);
  g_array_append_val (self->state->points, *point);
  changed (self);
}

void
meso_scalp_map_remove_point (MesoScalpMap *self,
                             guint         index)
{
  g_return_if_fail (index < self->state->points->len);
  begin_change (self);
  g_array_remove_index (self->state->points, index);
  changed (self);
}

/**
 * meso_scalp_map_add_grid:
 * @zones: bit mask of MesoScalpZone
 * @spacing_mm: distance between neighbouring points
 *
 * Lays injection points at even spacing over @zones in @view, skipping
 * places already within half a spacing of a point; one undo step.
 * Returns: how many points were added.
 */
guint
meso_scalp_map_add_grid (MesoScalpMap  *self,
                         MesoScalpView  view,
                         guint          zones,
                         double         spacing_mm,
                         double         depth_mm,
                         double         volume_ml)
{
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (MesoInjectionPoint));

  g_return_val_if_fail (spacing_mm >= 1, 0);
  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    {
      g_autoptr(GArray) polygon = NULL;
      g_autoptr(GArray) grid = NULL;

      if (!(zones & (1u << zone)) || (polygon = meso_scalp_zone_polygon (zone, view)) == NULL)
        continue;
      grid = meso_polygon_grid ((MesoVec2 *) polygon->data, polygon->len, spacing_mm);
      for (guint i = 0; i < grid->len; i++)
        {
          MesoVec2 at = g_array_index (grid, MesoVec2, i);
          MesoInjectionPoint point = { view, at, depth_mm, volume_ml };
          gboolean near = FALSE;

          for (guint j = 0; j < self->state->points->len && !near; j++)
            {
              MesoInjectionPoint *other = &g_array_index (self->state->points,
                                                          MesoInjectionPoint, j);

              near = other->view == view && hypot (other->at.x - at.x,
                                                   other->at.y - at.y) < spacing_mm / 2;
            }
          for (guint j = 0; j < added->len && !near; j++)
            {
              MesoInjectionPoint *other = &g_array_index (added, MesoInjectionPoint, j);

              near = hypot (other->at.x - at.x, other->at.y - at.y) < spacing_mm / 2;
            }
          if (!near)
            g_array_append_val (added, point);
        }
    }
  if (added->len == 0)
    return 0;
  begin_change (self);
  g_array_append_vals (self->state->points, added->data, added->len);
  changed (self);
  return added->len;
}

/* Returns: (transfer none) (element-type MesoTrichoscopy): the readings. */
GPtrArray *
meso_scalp_map_get_measurements (MesoScalpMap *self)
{
  return self->state->measurements;
}

/* Records the reading at @spot, replacing an earlier one there. */
void
meso_scalp_map_set_measurement (MesoScalpMap *self,
                                const char   *spot,
                                double        density,
                                double        diameter_um)
{
  MesoTrichoscopy *reading = NULL;

  begin_change (self);
  for (guint i = 0; i < self->state->measurements->len && reading == NULL; i++)
    if (g_strcmp0 (((MesoTrichoscopy *) self->state->measurements->pdata[i])->spot, spot) == 0)
      reading = self->state->measurements->pdata[i];
  if (reading == NULL)
    {
      reading = g_new0 (MesoTrichoscopy, 1);
      reading->spot = g_strdup (spot);
      g_ptr_array_add (self->state->measurements, reading);
    }
  reading->density = density;
  reading->diameter_um = diameter_um;
  changed (self);
}

/* Removes the reading at @spot, if there is one. */
void
meso_scalp_map_remove_measurement (MesoScalpMap *self,
                                   const char   *spot)
{
  for (guint i = 0; i < self->state->measurements->len; i++)
    if (g_strcmp0 (((MesoTrichoscopy *) self->state->measurements->pdata[i])->spot, spot) == 0)
      {
        begin_change (self);
        g_ptr_array_remove_index (self->state->measurements, i);
        changed (self);
        return;
      }
}

MesoPullTest
meso_scalp_map_get_pull_test (MesoScalpMap *self)
{
  return self->state->pull_test;
}

void
meso_scalp_map_set_pull_test (MesoScalpMap *self,
                              MesoPullTest  result)
{
  if (self->state->pull_test == result)
    return;
  begin_change (self);
  self->state->pull_test = result;
  changed (self);
}

/* Returns: the scale the physician chose, and its stage in @out_stage. */
MesoHairScale
meso_scalp_map_get_scale (MesoScalpMap  *self,
                          const char   **out_stage)
{
  if (out_stage != NULL)
    *out_stage = self->state->stage;
  return self->state->scale;
}

void
meso_scalp_map_set_scale (MesoScalpMap  *self,
                          MesoHairScale  scale,
                          const char    *stage)
{
  begin_change (self);
  self->state->scale = scale;
  g_free (self->state->stage);
  self->state->stage = g_strdup (stage != NULL ? stage : "");
  changed (self);
}

/* What is measured anew at each session: readings and the pull test. A
 * map copied forward from the last session keeps the rest. */
void
meso_scalp_map_clear_session (MesoScalpMap *self)
{
  g_ptr_array_set_size (self->state->measurements, 0);
  self->state->pull_test = MESO_PULL_TEST_NOT_DONE;
}

/* A region with an empty outline, for a loader to fill. */
MesoScalpRegion *
meso_scalp_region_new (MesoScalpView view)
{
  MesoScalpRegion *region = g_new0 (MesoScalpRegion, 1);

  region->view = view;
  region->outline = g_array_new (FALSE, FALSE, sizeof (MesoVec2));
  return region;
}

MesoTrichoscopy *
meso_trichoscopy_new (const char *spot,
                      double      density,
                      double      diameter_um)
{
  MesoTrichoscopy *reading = g_new0 (MesoTrichoscopy, 1);

  reading->spot = g_strdup (spot);
  reading->density = density;
  reading->diameter_um = diameter_um;
  return reading;
}

/**
 * meso_scalp_map_restore:
 * @regions: (transfer full) (element-type MesoScalpRegion): made with
 *   meso_scalp_region_new(), freed by the map
 * @points: (transfer full) (element-type MesoInjectionPoint)
 * @measurements: (transfer full) (element-type MesoTrichoscopy): made
 *   with meso_trichoscopy_new()
 *
 * Replaces the whole map with what was stored, as one step and without
 * history: for loading, which must stay fast with hundreds of points.
 */
void
meso_scalp_map_restore (MesoScalpMap    *self,
                        const MesoGrade *grades,
                        GPtrArray       *regions,
                        GArray          *points,
                        GPtrArray       *measurements,
                        MesoPullTest     pull_test,
                        MesoHairScale    scale,
                        const char      *stage)
{
  State *state = self->state;

  memcpy (state->grades, grades, sizeof state->grades);
  g_ptr_array_unref (state->regions);
  state->regions = regions;
  g_ptr_array_set_free_func (regions, region_free);
  g_array_unref (state->points);
  state->points = points;
  g_ptr_array_unref (state->measurements);
  state->measurements = measurements;
  g_ptr_array_set_free_func (measurements, trichoscopy_free);
  state->pull_test = pull_test;
  state->scale = scale;
  g_free (state->stage);
  state->stage = g_strdup (stage != NULL ? stage : "");
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  changed (self);
}

gboolean
meso_scalp_map_can_undo (MesoScalpMap *self)
{
  return self->undo->len > 0;
}

gboolean
meso_scalp_map_can_redo (MesoScalpMap *self)
{
  return self->redo->len > 0;
}

void
meso_scalp_map_undo (MesoScalpMap *self)
{
  if (self->undo->len == 0)
    return;
  g_ptr_array_add (self->redo, self->state);
  self->state = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  changed (self);
}

void
meso_scalp_map_redo (MesoScalpMap *self)
{
  if (self->redo->len == 0)
    return;
  g_ptr_array_add (self->undo, self->state);
  self->state = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  changed (self);
}

/**
 * meso_scalp_map_salt_score:
 *
 * The Severity of Alopecia Tool score: for each of the four areas, the
 * share of its scalp covered by painted hair-loss regions, weighted 40 %
 * (top), 24 % (back) and 18 % (each side).
 * Returns: from 0 (no loss) to 100 (the whole scalp).
 */
double
meso_scalp_map_salt_score (MesoScalpMap *self)
{
  double score = 0;

  for (MesoSaltArea area = 0; area < MESO_SALT_N_AREAS; area++)
    {
      g_autoptr(GArray) polygon = meso_salt_area_polygon (area);
      MesoScalpView view = meso_salt_area_get_view (area);
      const MesoVec2 *vertices = (MesoVec2 *) polygon->data;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      guint inside = 0, lost = 0;
      gboolean any = FALSE;

      for (guint r = 0; r < self->state->regions->len; r++)
        any |= ((MesoScalpRegion *) self->state->regions->pdata[r])->view == view;
      if (!any)
        continue;
      for (guint i = 0; i < polygon->len; i++)
        {
          x0 = MIN (x0, vertices[i].x);
          y0 = MIN (y0, vertices[i].y);
          x1 = MAX (x1, vertices[i].x);
          y1 = MAX (y1, vertices[i].y);
        }
      /* Sample at the centres of the grid's cells. */
      for (double y = y0 + SALT_STEP_MM / 2; y < y1; y += SALT_STEP_MM)
        for (double x = x0 + SALT_STEP_MM / 2; x < x1; x += SALT_STEP_MM)
          {
            MesoVec2 p = { x, y };

            if (!meso_polygon_contains (vertices, polygon->len, p))
              continue;
            inside++;
            for (guint r = 0; r < self->state->regions->len; r++)
              {
                MesoScalpRegion *region = self->state->regions->pdata[r];

                if (region->view == view &&
                    meso_polygon_contains ((MesoVec2 *) region->outline->data,
                                           region->outline->len, p))
                  {
                    lost++;
                    break;
                  }
              }
          }
      if (inside > 0)
        score += 100 * meso_salt_area_get_weight (area) * lost / inside;
    }
  return score;
}

/* The region's area on the drawing, in cm². */
double
meso_scalp_region_area_cm2 (const MesoScalpRegion *region)
{
  return meso_polygon_area ((MesoVec2 *) region->outline->data, region->outline->len) / 100;
}

guint
meso_scalp_map_count_points (MesoScalpMap *self)
{
  return self->state->points->len;
}

/* The volume to prepare: the sum of every point's volume, in ml. */
double
meso_scalp_map_total_volume (MesoScalpMap *self)
{
  double total = 0;

  for (guint i = 0; i < self->state->points->len; i++)
    total += g_array_index (self->state->points, MesoInjectionPoint, i).volume_ml;
  return total;
}

/* The mean of the density readings, or 0 without any. */
double
meso_scalp_map_mean_density (MesoScalpMap *self)
{
  double sum = 0;

  for (guint i = 0; i < self->state->measurements->len; i++)
    sum += ((MesoTrichoscopy *) self->state->measurements->pdata[i])->density;
  return self->state->measurements->len > 0 ? sum / self->state->measurements->len : 0;
}

/**
 * meso_scalp_map_suggest_stage:
 *
 * Suggests a stage on @scale from the zone grades, for the physician to
 * confirm or correct: Norwood follows the temples, the crown and what
 * remains of the bridge between them, and any loss at the crown makes at
 * least "III vertex"; Ludwig and Sinclair follow the
 * central thinning behind a kept frontal hairline.
 * Returns: (transfer full): the stage, such as "III vertex", "II" or "3".
 */
char *
meso_scalp_map_suggest_stage (MesoScalpMap  *self,
                              MesoHairScale  scale)
{
  const MesoGrade *g = self->state->grades;
  guint temples = MAX (g[MESO_SCALP_ZONE_LEFT_TEMPLE], g[MESO_SCALP_ZONE_RIGHT_TEMPLE]);
  guint sides = MAX (g[MESO_SCALP_ZONE_LEFT_PARIETAL], g[MESO_SCALP_ZONE_RIGHT_PARIETAL]);
  guint front = g[MESO_SCALP_ZONE_FRONTAL], mid = g[MESO_SCALP_ZONE_MID_SCALP];
  guint crown = g[MESO_SCALP_ZONE_VERTEX];
  guint central = MAX (mid, crown);

  switch (scale)
    {
    case MESO_HAIR_SCALE_NORWOOD:
      if (crown >= 3 && mid >= 3 && temples >= 3 && sides >= 3)
        return g_strdup ("VII");
      if (crown >= 3 && mid >= 3 && temples >= 3)
        return g_strdup ("VI");
      if (crown >= 3 && temples >= 3)
        return g_strdup ("V");
      /* Loss moving from the front backwards, deeper at the centre than at
       * the temples, the crown spared (touched only in Va): the "a" types. */
      if (front > temples && mid >= 1 && (crown == 0 || (crown == 1 && mid >= 3)))
        return g_strdup (mid >= 3 ? (crown >= 1 ? "Va" : "IVa") : mid == 2 ? "IIIa" : "IIa");
      if (crown >= 2 && temples >= 2)
        return g_strdup ("IV");
      /* Loss behind a kept hairline is a vertex type whatever the temples:
       * a severe crown alone must not read as an early stage. */
      if (crown >= 1 || mid >= 2)
        return g_strdup (MESO_NORWOOD_III_VERTEX);
      if (temples >= 2)
        return g_strdup ("III");
      if (front > temples)
        return g_strdup ("IIa");
      if (temples >= 1 || front >= 1)
        return g_strdup ("II");
      return g_strdup ("I");
    case MESO_HAIR_SCALE_LUDWIG:
      return g_strdup (central <= 1 ? "I" : central == 2 ? "II" : "III");
    case MESO_HAIR_SCALE_SINCLAIR:
      return g_strdup_printf ("%u", central + 1);
    case MESO_HAIR_SCALE_NONE:
    case MESO_N_HAIR_SCALES:
    default:
      return g_strdup ("");
    }
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

/**
 * meso_scalp_map_to_json:
 *
 * Returns: (transfer full): the map as a JSON document, as stored.
 */
char *
meso_scalp_map_to_json (MesoScalpMap *self)
{
  State *state = self->state;
  GString *out = g_string_new ("{\"grades\":[");

  for (guint z = 0; z < MESO_SCALP_N_ZONES; z++)
    g_string_append_printf (out, "%s%u", z > 0 ? "," : "", state->grades[z]);
  g_string_append (out, "],\"regions\":[");
  for (guint r = 0; r < state->regions->len; r++)
    {
      MesoScalpRegion *region = state->regions->pdata[r];

      g_string_append_printf (out, "%s{\"view\":%u,\"outline\":[", r > 0 ? "," : "", region->view);
      for (guint i = 0; i < region->outline->len; i++)
        {
          MesoVec2 *p = &g_array_index (region->outline, MesoVec2, i);

          g_string_append (out, i > 0 ? "," : "");
          append_number (out, p->x);
          g_string_append_c (out, ',');
          append_number (out, p->y);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "],\"points\":[");
  for (guint i = 0; i < state->points->len; i++)
    {
      MesoInjectionPoint *p = &g_array_index (state->points, MesoInjectionPoint, i);

      g_string_append_printf (out, "%s[%u,", i > 0 ? "," : "", p->view);
      append_number (out, p->at.x);
      g_string_append_c (out, ',');
      append_number (out, p->at.y);
      g_string_append_c (out, ',');
      append_number (out, p->depth_mm);
      g_string_append_c (out, ',');
      append_number (out, p->volume_ml);
      g_string_append_c (out, ']');
    }
  g_string_append (out, "],\"measurements\":[");
  for (guint i = 0; i < state->measurements->len; i++)
    {
      MesoTrichoscopy *reading = state->measurements->pdata[i];

      g_string_append (out, i > 0 ? ",{\"spot\":" : "{\"spot\":");
      meso_text_append_json_string (out, reading->spot);
      g_string_append (out, ",\"density\":");
      append_number (out, reading->density);
      g_string_append (out, ",\"diameter\":");
      append_number (out, reading->diameter_um);
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "],\"pull_test\":%u,\"scale\":", state->pull_test);
  meso_text_append_json_string (out, meso_hair_scale_get_code (state->scale));
  g_string_append (out, ",\"stage\":");
  meso_text_append_json_string (out, state->stage);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* Typical zone grades for each stage, in zone order (frontal, left and
 * right temple, mid-scalp, vertex, left and right parietal, occipital):
 * what the reference drawings show, and what the suggestion maps back to
 * the same stage. */
static const struct
{
  MesoHairScale scale;
  const char   *stage;
  guint8        grades[MESO_SCALP_N_ZONES];
} references[] = {
  { MESO_HAIR_SCALE_NORWOOD, "I",          { 0, 0, 0, 0, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "II",         { 0, 1, 1, 0, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "IIa",        { 1, 0, 0, 1, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "III",        { 1, 2, 2, 0, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "IIIa",       { 2, 1, 1, 2, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, MESO_NORWOOD_III_VERTEX, { 1, 2, 2, 0, 1, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "IV",         { 1, 2, 2, 1, 2, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "IVa",        { 3, 1, 1, 3, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "V",          { 2, 3, 3, 2, 3, 1, 1, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "Va",         { 3, 2, 2, 3, 1, 0, 0, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "VI",         { 3, 3, 3, 3, 3, 2, 2, 0 } },
  { MESO_HAIR_SCALE_NORWOOD, "VII",        { 4, 4, 4, 4, 4, 3, 3, 1 } },
  { MESO_HAIR_SCALE_LUDWIG,  "I",          { 0, 0, 0, 1, 1, 0, 0, 0 } },
  { MESO_HAIR_SCALE_LUDWIG,  "II",         { 0, 0, 0, 2, 2, 0, 0, 0 } },
  { MESO_HAIR_SCALE_LUDWIG,  "III",        { 1, 0, 0, 3, 3, 1, 1, 0 } },
  { MESO_HAIR_SCALE_SINCLAIR, "1",         { 0, 0, 0, 0, 0, 0, 0, 0 } },
  { MESO_HAIR_SCALE_SINCLAIR, "2",         { 0, 0, 0, 1, 1, 0, 0, 0 } },
  { MESO_HAIR_SCALE_SINCLAIR, "3",         { 0, 0, 0, 2, 2, 0, 0, 0 } },
  { MESO_HAIR_SCALE_SINCLAIR, "4",         { 0, 0, 0, 3, 3, 0, 0, 0 } },
  { MESO_HAIR_SCALE_SINCLAIR, "5",         { 1, 0, 0, 4, 4, 1, 1, 0 } },
};

/**
 * meso_hair_scale_get_stage_label:
 *
 * Returns: (transfer none): @stage of @scale as shown to the user: the
 * stored text, except the Norwood "III vertex", whose word is translated.
 */
const char *
meso_hair_scale_get_stage_label (MesoHairScale  scale,
                                 const char    *stage)
{
  if (scale == MESO_HAIR_SCALE_NORWOOD && g_strcmp0 (stage, MESO_NORWOOD_III_VERTEX) == 0)
    return C_("hair loss stage", "III vertex");
  return stage;
}

/* Returns: (transfer none) (array zero-terminated=1): the stages of @scale, in order. */
const char * const *
meso_hair_scale_get_stages (MesoHairScale scale)
{
  static const char **stages[MESO_N_HAIR_SCALES];

  g_return_val_if_fail (scale < MESO_N_HAIR_SCALES, NULL);
  if (g_once_init_enter (&stages[scale]))
    {
      GPtrArray *list = g_ptr_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (references); i++)
        if (references[i].scale == scale)
          g_ptr_array_add (list, (gpointer) references[i].stage);
      g_ptr_array_add (list, NULL);
      g_once_init_leave (&stages[scale], (const char **) g_ptr_array_free (list, FALSE));
    }
  return stages[scale];
}

/* Fills @out_grades with the typical grades of @stage on @scale. */
gboolean
meso_hair_scale_reference_grades (MesoHairScale  scale,
                                  const char    *stage,
                                  MesoGrade     *out_grades)
{
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    if (references[i].scale == scale && g_strcmp0 (references[i].stage, stage) == 0)
      {
        for (guint z = 0; z < MESO_SCALP_N_ZONES; z++)
          out_grades[z] = references[i].grades[z];
        return TRUE;
      }
  return FALSE;
}

const char *
meso_grade_get_label (MesoGrade grade)
{
  g_return_val_if_fail (grade < MESO_N_GRADES, NULL);
  return _(grade_labels[grade]);
}

const char *
meso_hair_scale_get_code (MesoHairScale scale)
{
  return meso_enum_to_code (MESO_TYPE_HAIR_SCALE, scale);
}

gboolean
meso_hair_scale_from_code (const char    *code,
                           MesoHairScale *out_scale)
{
  return meso_enum_from_code (MESO_TYPE_HAIR_SCALE, code, (int *) out_scale);
}
