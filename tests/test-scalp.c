/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scalp.c: the scalp map's geometry, SALT score, stage suggestions,
 * undo, and its storage with copy-forward; no display needed. */
#include <math.h>
#include <sqlite3.h>

#include "meso-patient-store.h"
#include "meso-scalp-store.h"
#include "meso-schedule.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define POLY(array) ((MesoVec2 *) (array)->data), (array)->len

static void
test_geometry (void)
{
  g_autoptr(GArray) square = meso_polygon_rectangle (0, 0, 100, 100);
  g_autoptr(GArray) ellipse = meso_polygon_ellipse (0, 0, 75, 95, 720);
  g_autoptr(GArray) half = meso_polygon_rectangle (50, -10, 200, 110);
  g_autoptr(GArray) clipped = meso_polygon_clip_convex (POLY (half), POLY (square));
  g_autoptr(GArray) grid = meso_polygon_grid (POLY (square), 10);
  /* An L shape: the notch at the top right is outside. */
  MesoVec2 l_shape[] = { { 0, 0 }, { 50, 0 }, { 50, 50 }, { 100, 50 }, { 100, 100 }, { 0, 100 } };

  g_assert_cmpfloat_with_epsilon (meso_polygon_area (POLY (square)), 10000, 1e-9);
  g_assert_cmpfloat_with_epsilon (meso_polygon_area (POLY (ellipse)), G_PI * 75 * 95, 30);
  g_assert_cmpfloat_with_epsilon (meso_polygon_area (POLY (clipped)), 5000, 1e-9);
  g_assert_true (meso_polygon_contains (l_shape, 6, (MesoVec2) { 25, 75 }));
  g_assert_false (meso_polygon_contains (l_shape, 6, (MesoVec2) { 75, 25 }));
  g_assert_false (meso_polygon_contains (POLY (square), (MesoVec2) { 101, 50 }));

  /* A 10 mm grid over a 100 mm square: 10 × 10 points (a point on an edge
   * belongs to one side only, so neighbouring zones do not share it), none
   * closer than 10 mm to another. */
  g_assert_cmpuint (grid->len, ==, 100);
  for (guint i = 0; i < grid->len; i++)
    for (guint j = i + 1; j < grid->len; j++)
      {
        MesoVec2 *a = &g_array_index (grid, MesoVec2, i), *b = &g_array_index (grid, MesoVec2, j);

        g_assert_cmpfloat (hypot (a->x - b->x, a->y - b->y), >=, 10 - 1e-9);
      }
}

static void
test_zones (void)
{
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_TOP, (MesoVec2) { 0, 26 }), ==,
                   MESO_SCALP_ZONE_VERTEX);
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_TOP, (MesoVec2) { 0, -80 }), ==,
                   MESO_SCALP_ZONE_FRONTAL);
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_TOP, (MesoVec2) { -60, 0 }), ==,
                   MESO_SCALP_ZONE_LEFT_PARIETAL);
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_TOP, (MesoVec2) { 0, -30 }), ==,
                   MESO_SCALP_ZONE_MID_SCALP);
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_TOP, (MesoVec2) { 0, 85 }), ==,
                   MESO_SCALP_ZONE_OCCIPITAL);
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_TOP, (MesoVec2) { 90, 0 }), ==,
                   MESO_SCALP_ZONE_NONE);
  /* Facing the patient, their right temple is on the left of the picture. */
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_FRONT, (MesoVec2) { -55, -60 }), ==,
                   MESO_SCALP_ZONE_RIGHT_TEMPLE);
  g_assert_cmpint (meso_scalp_zone_at (MESO_SCALP_VIEW_BACK, (MesoVec2) { 0, 20 }), ==,
                   MESO_SCALP_ZONE_OCCIPITAL);
  g_assert_null (meso_scalp_zone_polygon (MESO_SCALP_ZONE_VERTEX, MESO_SCALP_VIEW_FRONT));
  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    {
      g_autoptr(GArray) polygon = meso_scalp_zone_polygon (zone, MESO_SCALP_VIEW_TOP);

      g_assert_nonnull (polygon);
      g_assert_cmpfloat (meso_polygon_area (POLY (polygon)), >, 500);
    }
}

static void
test_salt (void)
{
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(GArray) top = meso_salt_area_polygon (MESO_SALT_TOP);
  g_autoptr(GArray) front_half = meso_polygon_rectangle (-100, -100, 100, 0);
  g_autoptr(GArray) half = meso_polygon_clip_convex (POLY (front_half), POLY (top));

  g_assert_cmpfloat (meso_scalp_map_salt_score (map), ==, 0);

  /* Half of the top area hairless: half of its 40 %. */
  meso_scalp_map_add_region (map, MESO_SCALP_VIEW_TOP, POLY (half));
  g_assert_cmpfloat_with_epsilon (meso_scalp_map_salt_score (map), 20, 0.3);
  /* Painting the same place again does not count twice. */
  meso_scalp_map_add_region (map, MESO_SCALP_VIEW_TOP, POLY (half));
  g_assert_cmpfloat_with_epsilon (meso_scalp_map_salt_score (map), 20, 0.3);
  g_assert_cmpfloat_with_epsilon (meso_scalp_region_area_cm2 (
                                    g_ptr_array_index (meso_scalp_map_get_regions (map), 0)),
                                  G_PI * 75 * 95 / 2 / 100, 1);

  /* The whole scalp: 100. */
  for (MesoSaltArea area = 0; area < MESO_SALT_N_AREAS; area++)
    {
      g_autoptr(GArray) polygon = meso_salt_area_polygon (area);

      meso_scalp_map_add_region (map, meso_salt_area_get_view (area), POLY (polygon));
    }
  g_assert_cmpfloat_with_epsilon (meso_scalp_map_salt_score (map), 100, 0.01);
}

static void
set_grades (MesoScalpMap *map,
            const guint  *grades)
{
  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    meso_scalp_map_set_grade (map, zone, grades[zone]);
}

static void
test_suggestions (void)
{
  /* Grades: frontal, left temple, right temple, mid-scalp, vertex, left
   * parietal, right parietal, occipital. */
  static const struct
  {
    guint       grades[MESO_SCALP_N_ZONES];
    const char *norwood;
    const char *ludwig;
    const char *sinclair;
  } cases[] = {
    { { 0, 0, 0, 0, 0, 0, 0, 0 }, "I", "I", "1" },
    { { 0, 1, 1, 0, 0, 0, 0, 0 }, "II", "I", "1" },
    { { 1, 0, 0, 1, 0, 0, 0, 0 }, "IIa", "I", "2" },
    { { 1, 2, 2, 0, 0, 0, 0, 0 }, "III", "I", "1" },
    { { 1, 2, 2, 0, 1, 0, 0, 0 }, "III vertex", "I", "2" },
    { { 2, 1, 1, 2, 0, 0, 0, 0 }, "IIIa", "II", "3" },
    { { 1, 2, 2, 1, 2, 0, 0, 0 }, "IV", "II", "3" },
    { { 3, 1, 1, 3, 0, 0, 0, 0 }, "IVa", "III", "4" },
    { { 2, 3, 3, 2, 3, 1, 1, 0 }, "V", "III", "4" },
    { { 3, 3, 3, 3, 3, 2, 2, 0 }, "VI", "III", "4" },
    { { 4, 4, 4, 4, 4, 3, 3, 1 }, "VII", "III", "5" },
    /* The crown counts without the temples. */
    { { 0, 0, 0, 2, 3, 0, 0, 0 }, "III vertex", "III", "4" },
    { { 1, 1, 1, 2, 3, 0, 0, 0 }, "III vertex", "III", "4" },
    { { 0, 2, 2, 0, 3, 0, 0, 0 }, "IV", "III", "4" },
    { { 3, 3, 3, 4, 4, 1, 1, 0 }, "VI", "III", "5" },
    /* A crown touched while the front recedes is no longer an "a" type. */
    { { 2, 1, 1, 2, 1, 0, 0, 0 }, "III vertex", "II", "3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
      g_autofree char *norwood = NULL;
      g_autofree char *ludwig = NULL;
      g_autofree char *sinclair = NULL;

      set_grades (map, cases[i].grades);
      norwood = meso_scalp_map_suggest_stage (map, MESO_HAIR_SCALE_NORWOOD);
      ludwig = meso_scalp_map_suggest_stage (map, MESO_HAIR_SCALE_LUDWIG);
      sinclair = meso_scalp_map_suggest_stage (map, MESO_HAIR_SCALE_SINCLAIR);
      g_assert_cmpstr (norwood, ==, cases[i].norwood);
      g_assert_cmpstr (ludwig, ==, cases[i].ludwig);
      g_assert_cmpstr (sinclair, ==, cases[i].sinclair);
    }
}

/* One zone graded alone, at each grade from mild to no follicles left. Loss
 * behind a kept hairline is a vertex type; the sides and the back alone
 * make no male pattern. */
static void
test_norwood_single_zones (void)
{
  static const char *expected[MESO_SCALP_N_ZONES][4] = {
    [MESO_SCALP_ZONE_FRONTAL] = { "IIa", "IIa", "IIa", "IIa" },
    [MESO_SCALP_ZONE_LEFT_TEMPLE] = { "II", "III", "III", "III" },
    [MESO_SCALP_ZONE_RIGHT_TEMPLE] = { "II", "III", "III", "III" },
    [MESO_SCALP_ZONE_MID_SCALP] = { "I", "III vertex", "III vertex", "III vertex" },
    [MESO_SCALP_ZONE_VERTEX] = { "III vertex", "III vertex", "III vertex", "III vertex" },
    [MESO_SCALP_ZONE_LEFT_PARIETAL] = { "I", "I", "I", "I" },
    [MESO_SCALP_ZONE_RIGHT_PARIETAL] = { "I", "I", "I", "I" },
    [MESO_SCALP_ZONE_OCCIPITAL] = { "I", "I", "I", "I" },
  };

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    for (MesoGrade grade = 1; grade < MESO_N_GRADES; grade++)
      {
        g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
        g_autofree char *suggested = NULL;

        meso_scalp_map_set_grade (map, zone, grade);
        suggested = meso_scalp_map_suggest_stage (map, MESO_HAIR_SCALE_NORWOOD);
        g_test_message ("zone %d, grade %d", zone, grade);
        g_assert_cmpstr (suggested, ==, expected[zone][grade - 1]);
      }
}

/* Every reference drawing's grades are suggested back as its own stage. */
static void
test_reference_stages (void)
{
  for (MesoHairScale scale = MESO_HAIR_SCALE_NORWOOD; scale < MESO_N_HAIR_SCALES; scale++)
    {
      const char * const *stages = meso_hair_scale_get_stages (scale);

      g_assert_cmpuint (g_strv_length ((char **) stages), ==,
                        scale == MESO_HAIR_SCALE_NORWOOD ? 12 : scale == MESO_HAIR_SCALE_LUDWIG
                                                                ? 3 : 5);
      for (guint i = 0; stages[i] != NULL; i++)
        {
          g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
          g_autofree char *suggested = NULL;
          MesoGrade grades[MESO_SCALP_N_ZONES];

          g_assert_true (meso_hair_scale_reference_grades (scale, stages[i], grades));
          for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
            meso_scalp_map_set_grade (map, zone, grades[zone]);
          suggested = meso_scalp_map_suggest_stage (map, scale);
          g_assert_cmpstr (suggested, ==, stages[i]);
        }
    }
}

static void
test_undo_and_totals (void)
{
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  MesoInjectionPoint point = { MESO_SCALP_VIEW_TOP, { 0, 20 }, 1.5, 0.05 };
  guint added;

  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  meso_scalp_map_add_point (map, &point);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 1);

  meso_scalp_map_undo (map);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 0);
  g_assert_cmpint (meso_scalp_map_get_grade (map, MESO_SCALP_ZONE_VERTEX), ==, MESO_GRADE_MODERATE);
  meso_scalp_map_undo (map);
  g_assert_cmpint (meso_scalp_map_get_grade (map, MESO_SCALP_ZONE_VERTEX), ==, MESO_GRADE_NONE);
  g_assert_false (meso_scalp_map_can_undo (map));
  meso_scalp_map_redo (map);
  meso_scalp_map_redo (map);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 1);
  g_assert_false (meso_scalp_map_can_redo (map));

  /* A 10 mm grid over the crown; the point already there is not doubled. */
  added = meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP, 1u << MESO_SCALP_ZONE_VERTEX, 10,
                                   1.0, 0.04);
  g_assert_cmpuint (added, >, 25);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, added + 1);
  g_assert_cmpfloat_with_epsilon (meso_scalp_map_total_volume (map), 0.05 + added * 0.04, 1e-9);
  /* One grid, one undo step. */
  meso_scalp_map_undo (map);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 1);
}

/* Storage ------------------------------------------------------------------ */

typedef struct
{
  char           *dir;
  MesoDb         *db;
  MesoScalpStore *store;
  MesoStaff      *physician;
  gint64          first;    /* two sessions of one patient, a week apart */
  gint64          second;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoSchedule) schedule = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  gint64 patient_id, practitioner_id, room_id;
  GDate today;

  f->db = meso_test_open_db (&f->dir);
  schedule = meso_schedule_new (f->db);
  f->store = meso_scalp_store_new (f->db, schedule);
  admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin");
  practitioner_id = meso_test_add_practitioner (schedule, "Dr. Elif Aydın");
  room_id = meso_test_add_room (schedule, "Room 1");
  patients = meso_patient_store_new (f->db);
  meso_test_date (&today, 2026, 11, 20);
  patient_id = meso_test_add_patient (patients, "Yılmaz", NULL, NULL, &today);
  for (guint week = 0; week < 2; week++)
    {
      g_autoptr(MesoAppointment) session = meso_appointment_new ();

      session->patient_id = patient_id;
      session->practitioner_id = practitioner_id;
      session->room_id = room_id;
      session->starts_at = 1795428000 + week * 7 * 86400;   /* Mondays 2026-11-23, 30, 10:00 UTC */
      session->minutes = 30;
      g_assert_true (meso_schedule_save (schedule, session, &error));
      g_assert_no_error (error);
      if (week == 0)
        f->first = session->id;
      else
        f->second = session->id;
    }
  f->physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->db);
  g_object_unref (f->physician);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static MesoScalpMap *
marked_map (void)
{
  MesoScalpMap *map = meso_scalp_map_new ();
  MesoVec2 patch[] = { { -10, 10 }, { 12.5, 8 }, { 15, 30 }, { -8, 35.25 } };

  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_SEVERE);
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_LEFT_TEMPLE, MESO_GRADE_MODERATE);
  meso_scalp_map_add_region (map, MESO_SCALP_VIEW_TOP, patch, G_N_ELEMENTS (patch));
  meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP, 1u << MESO_SCALP_ZONE_VERTEX, 8, 1.2, 0.05);
  meso_scalp_map_set_measurement (map, "Crown \"centre\"", 112.5, 58);
  meso_scalp_map_set_pull_test (map, MESO_PULL_TEST_POSITIVE);
  meso_scalp_map_set_scale (map, MESO_HAIR_SCALE_NORWOOD, "III vertex");
  return map;
}

static void
test_save_and_reload (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MesoScalpMap) map = marked_map ();
  g_autoptr(MesoScalpMap) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *reloaded = NULL;
  const char *stage;

  g_assert_true (meso_scalp_store_load (f->store, f->first, &loaded, &error));
  g_assert_null (loaded);
  g_assert_true (meso_scalp_store_save (f->store, f->first, map, &error));
  g_assert_no_error (error);
  g_assert_true (meso_scalp_store_load (f->store, f->first, &loaded, &error));
  g_assert_no_error (error);

  /* Everything comes back, to the stored precision. */
  saved = meso_scalp_map_to_json (map);
  reloaded = meso_scalp_map_to_json (loaded);
  g_assert_cmpstr (reloaded, ==, saved);
  g_assert_cmpint (meso_scalp_map_get_grade (loaded, MESO_SCALP_ZONE_VERTEX), ==,
                   MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (loaded), ==, meso_scalp_map_count_points (map));
  g_assert_cmpint (meso_scalp_map_get_scale (loaded, &stage), ==, MESO_HAIR_SCALE_NORWOOD);
  g_assert_cmpstr (stage, ==, "III vertex");
  /* Stored as data; shown through its label, which only the word changes. */
  g_assert_cmpstr (meso_hair_scale_get_stage_label (MESO_HAIR_SCALE_NORWOOD, stage), ==,
                   "III vertex");
  g_assert_cmpstr (meso_hair_scale_get_stage_label (MESO_HAIR_SCALE_NORWOOD, "IIIa"), ==, "IIIa");
  g_assert_cmpstr (((MesoTrichoscopy *) meso_scalp_map_get_measurements (loaded)->pdata[0])->spot,
                   ==, "Crown \"centre\"");
  g_assert_false (meso_scalp_map_can_undo (loaded));

  /* Saved twice, audited as an insert then an update. */
  meso_scalp_map_set_grade (loaded, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  g_assert_true (meso_scalp_store_save (f->store, f->first, loaded, &error));
  {
    MesoStmt *stmt = meso_db_prepare (f->db, "SELECT count(*) FROM audit"
                                                 " WHERE table_name = 'scalp_map'", NULL);

    g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
    g_assert_cmpint (meso_stmt_column_int (stmt, 0), ==, 2);
    meso_stmt_reset (stmt);
  }

  /* A document whose points cannot be read is refused, not half-loaded. */
  g_clear_object (&loaded);
  g_assert_true (meso_test_write_sql (f->db, "UPDATE scalp_map SET document ="
                                             " '{\"grades\":[3],\"points\":[[0,\"x\",1,1,1]]}'",
                                      &error));
  g_assert_false (meso_scalp_store_load (f->store, f->first, &loaded, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
  g_assert_null (loaded);
}

static void
test_copy_forward_and_history (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(MesoScalpMap) map = marked_map ();
  g_autoptr(MesoScalpMap) next = NULL;
  g_autoptr(GArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gboolean copied = FALSE;

  g_assert_true (meso_scalp_store_save (f->store, f->first, map, &error));
  next = meso_scalp_store_open_session (f->store, f->second, &copied, &error);
  g_assert_no_error (error);
  g_assert_true (copied);
  g_assert_cmpint (meso_scalp_map_get_grade (next, MESO_SCALP_ZONE_VERTEX), ==, MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (next), ==, meso_scalp_map_count_points (map));
  /* Readings and the pull test belong to the session that made them. */
  g_assert_cmpuint (meso_scalp_map_get_measurements (next)->len, ==, 0);
  g_assert_cmpint (meso_scalp_map_get_pull_test (next), ==, MESO_PULL_TEST_NOT_DONE);

  meso_scalp_map_set_grade (next, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  meso_scalp_map_set_measurement (next, "Crown", 130, 61);
  g_assert_true (meso_scalp_store_save (f->store, f->second, next, &error));
  history = meso_scalp_store_history (f->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (g_array_index (history, MesoScalpSummary, 0).appointment_id, ==, f->first);
  g_assert_cmpfloat_with_epsilon (g_array_index (history, MesoScalpSummary, 1).density, 130, 1e-9);
  g_assert_cmpuint (g_array_index (history, MesoScalpSummary, 1).points, ==,
                    meso_scalp_map_count_points (map));
}

static void
test_clinical_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep");
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(MesoScalpMap) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (meso_scalp_store_save (f->store, f->first, map, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_scalp_store_load (f->store, f->first, &loaded, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
}

/* Stored maps with a value that indexes, sizes or selects out of range,
 * each still valid JSON unless it says so: each is damage. */
static const char *const damaged_documents[] = {
  "json_replace (document, '$.grades[0]', 5)",
  "json_replace (document, '$.grades[0]', -1)",
  "json_replace (document, '$.grades[0]', 'severe')",
  "json_replace (document, '$.grades[0]', 1.5)",
  "json_insert (document, '$.grades[#]', 1)",
  "json_remove (document, '$.grades[7]')",
  "json_replace (document, '$.grades', json ('{\"0\": 1}'))",
  "json_replace (document, '$.regions[0].view', 5)",
  "json_replace (document, '$.regions[0].view', -1)",
  "json_remove (document, '$.regions[0].view')",
  "json_replace (document, '$.regions[0].outline', json ('[]'))",
  "json_replace (document, '$.regions[0].outline', json ('[1, 2, 3, 4]'))",
  "json_remove (document, '$.regions[0].outline[7]')",
  "json_replace (document, '$.regions[0].outline[0]', 'left')",
  "json_replace (document, '$.regions', json ('{\"1000000000\": {\"view\": 0,"
  " \"outline\": [0, 0, 1, 0, 1, 1]}}'))",
  "json_insert (document, '$.regions[#]', json ('{\"view\": 0, \"outline\": []}'))",
  "json_replace (document, '$.points[0][0]', 5)",
  "json_replace (document, '$.points[0][0]', -1)",
  "json_replace (document, '$.points[0][0]', 0.5)",
  "json_replace (document, '$.points[0][1]', 'x')",
  "json_replace (document, '$.points', json ('{\"0\": [0, 1, 1, 1, 1]}'))",
  "replace (document, '\"points\":[', '\"points\": [')",
  "replace (document, '\"points\":[[0,', '\"points\":[[0,1e999,1,1,1],[0,')",
  "json_replace (document, '$.pull_test', 3)",
  "json_replace (document, '$.pull_test', 'positive')",
  "json_remove (document, '$.pull_test')",
  "json_replace (document, '$.scale', 'hamilton')",
  "json_remove (document, '$.scale')",
  "json_remove (document, '$.stage')",
  "json_remove (document, '$.measurements[0].spot')",
  "json_replace (document, '$.measurements[0].density', 'dense')",
  "json_replace (document, '$.measurements', json ('{\"crown\": 1}'))",
};

/* The stored @document changed by SQLite's JSON function @expression (one
 * of the above), computed apart so that either engine stores the same text. */
static char *
doctor_document (const char *document,
                 const char *expression)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM (SELECT ?1 AS document)", expression);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *doctored;

  g_assert_cmpint (sqlite3_open (":memory:", &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, document, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  doctored = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_nonnull (doctored);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return doctored;
}

/* A damaged map is refused with the damaged error, never half-loaded. */
static void
test_damaged_document (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MesoScalpMap) map = marked_map ();
  g_autoptr(MesoScalpMap) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autofree char *doctored = NULL;
  MesoStmt *stmt;

  g_assert_true (meso_scalp_store_save (f->store, f->first, map, &error));
  g_assert_true (meso_scalp_store_load (f->store, f->first, &loaded, &error));
  g_assert_nonnull (loaded);
  g_clear_object (&loaded);
  document = meso_scalp_map_to_json (map);
  doctored = doctor_document (document, data);
  g_assert_cmpstr (doctored, !=, document);

  g_assert_true (meso_db_begin (f->db, &error));
  stmt = meso_db_prepare (f->db, "UPDATE scalp_map SET document = ?1", &error);
  g_assert_no_error (error);
  meso_stmt_bind_text (stmt, 1, doctored);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_DONE);
  g_assert_cmpint (meso_stmt_changes (stmt), ==, 1);
  meso_stmt_reset (stmt);
  g_assert_true (meso_db_commit (f->db, &error));

  g_assert_false (meso_scalp_store_load (f->store, f->first, &loaded, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
  g_assert_null (loaded);
}

/* Scores beside a map the charts scale to: each out of range is damage.
 * A server spells an infinite number as text; SQLite as an overflow. */
static const char *const damaged_scores[][2] = {
  { "salt = 1e999", "salt = 'Infinity'" },
  { "density = -1", "density = -1" },
  { "volume_ml = -1e999", "volume_ml = '-Infinity'" },
  { "points = -1", "points = -1" },
  { "points = 4294967296", "points = 4294967296" },
};

static void
test_damaged_scores (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoScalpMap) map = marked_map ();
  g_autoptr(GArray) history = NULL;
  g_autoptr(GError) error = NULL;
  const char *const *change = data;
  g_autofree char *sql = g_strdup_printf ("UPDATE scalp_map SET %s",
                                          change[meso_test_engine_is_server () ? 1 : 0]);
  gint64 patient_id;

  g_assert_true (meso_scalp_store_save (f->store, f->first, map, &error));
  patient_id = meso_test_query_int (f->db, "SELECT patient_id FROM scalp_map");
  history = meso_scalp_store_history (f->store, patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_array_unref);
  g_assert_true (meso_test_write_sql (f->db, sql, &error));
  g_assert_no_error (error);
  history = meso_scalp_store_history (f->store, patient_id, &error);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
  g_assert_null (history);
}

/* A window showing the map or the progress follows a save made elsewhere:
 * the store says so after each save that worked, and only then. */
static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect_swapped (f->store, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  g_assert_true (meso_scalp_store_save (f->store, f->first, map, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  /* A session that is gone is refused, and nothing changed. */
  g_assert_false (meso_scalp_store_save (f->store, f->second + 100, map, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_data (f->store, &changed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/scalp/geometry", test_geometry);
  g_test_add_func ("/meso/scalp/zones", test_zones);
  g_test_add_func ("/meso/scalp/salt", test_salt);
  g_test_add_func ("/meso/scalp/suggestions", test_suggestions);
  g_test_add_func ("/meso/scalp/reference-stages", test_reference_stages);
  g_test_add_func ("/meso/scalp/norwood-single-zones", test_norwood_single_zones);
  g_test_add_func ("/meso/scalp/undo-and-totals", test_undo_and_totals);
  g_test_add ("/meso/scalp/save-and-reload", Fixture, NULL, fixture_set_up, test_save_and_reload,
              fixture_tear_down);
  g_test_add ("/meso/scalp/copy-forward-and-history", Fixture, NULL, fixture_set_up,
              test_copy_forward_and_history, fixture_tear_down);
  g_test_add ("/meso/scalp/changed", Fixture, NULL, fixture_set_up, test_changed,
              fixture_tear_down);
  g_test_add ("/meso/scalp/clinical-only", Fixture, NULL, fixture_set_up, test_clinical_only,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (damaged_documents); i++)
    {
      g_autofree char *name = g_strdup_printf ("/meso/scalp/damaged-document/%u", i);

      g_test_add (name, Fixture, damaged_documents[i], fixture_set_up, test_damaged_document,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (damaged_scores); i++)
    {
      g_autofree char *name = g_strdup_printf ("/meso/scalp/damaged-scores/%u", i);

      g_test_add (name, Fixture, damaged_scores[i], fixture_set_up, test_damaged_scores,
                  fixture_tear_down);
    }

  return g_test_run ();
}
