/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-store.c: reads and writes scalp maps. The document is read
 * back with the engine's own JSON functions (the points, which are most of
 * it, directly), so no JSON library is needed, and
 * every save is audited by the schema's triggers. Maps are clinical data:
 * reading needs READ_CLINICAL, writing WRITE_CLINICAL. */
#define G_LOG_DOMAIN "meso-scalp-store"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "meso-db-write.h"
#include "meso-revision.h"
#include "meso-scalp-store.h"

struct _MesoScalpStore
{
  GObject       parent_instance;

  MesoDb       *db;
  MesoSchedule *schedule;
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (MesoScalpStore, meso_scalp_store, G_TYPE_OBJECT)

static void
meso_scalp_store_finalize (GObject *object)
{
  g_clear_object (&MESO_SCALP_STORE (object)->schedule);
  g_clear_object (&MESO_SCALP_STORE (object)->db);

  G_OBJECT_CLASS (meso_scalp_store_parent_class)->finalize (object);
}

static void
meso_scalp_store_class_init (MesoScalpStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_scalp_store_finalize;

  /**
   * MesoScalpStore::changed:
   *
   * Emitted after a map was saved through this store.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_scalp_store_init (MesoScalpStore *self)
{
}

/**
 * meso_scalp_store_new:
 * @schedule: the schedule the sessions are asked of (their patient, their
 *   date)
 */
MesoScalpStore *
meso_scalp_store_new (MesoDb       *db,
                      MesoSchedule *schedule)
{
  MesoScalpStore *self = g_object_new (MESO_TYPE_SCALP_STORE, NULL);

  self->db = g_object_ref (db);
  self->schedule = g_object_ref (schedule);
  return self;
}

/* Runs @sql over @document; each row goes to @row, and one it refuses
 * (%FALSE) makes the map damaged. */
static gboolean
each_row (MesoScalpStore  *self,
          const char      *sql,
          const char      *document,
          gboolean       (*row) (MesoStmt *stmt, gpointer data),
          gpointer         data,
          GError         **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, document);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    if (!row (stmt, data))
      {
        meso_stmt_reset (stmt);
        meso_db_set_damaged (error, "scalp_map");
        return FALSE;
      }
  return meso_db_rows_done (self->db, stmt, rc, _("Could not read the scalp map"), error);
}

static gboolean
is_number (MesoStmt *stmt,
           int       column)
{
  int type = meso_stmt_column_type (stmt, column);

  return (type == MESO_VALUE_INTEGER || type == MESO_VALUE_FLOAT) &&
         isfinite (meso_stmt_column_double (stmt, column));
}

typedef struct
{
  MesoGrade grades[MESO_SCALP_N_ZONES];
  guint     n_grades;
} Grades;

/* Rows of (array index, grade): one grade per zone, in zone order. */
static gboolean
grade_row (MesoStmt *stmt,
           gpointer  data)
{
  Grades *grades = data;

  if (!meso_stmt_column_int_in (stmt, 0, grades->n_grades, grades->n_grades) ||
      grades->n_grades >= MESO_SCALP_N_ZONES ||
      !meso_stmt_column_int_in (stmt, 1, 0, MESO_N_GRADES - 1))
    return FALSE;
  grades->grades[grades->n_grades++] = meso_stmt_column_int (stmt, 1);
  return TRUE;
}

typedef struct
{
  GPtrArray *regions;
  guint      n_values;   /* of the last region's outline, x and y each */
} Regions;

/* A painted region is a polygon: at least three points, x and y each. */
static gboolean
outline_complete (Regions *regions)
{
  return regions->regions->len == 0 || (regions->n_values >= 6 && regions->n_values % 2 == 0);
}

/* Rows of (region index, view, coordinate index, value), in order: each
 * index is the next one, so that a doctored one never sizes the list. */
static gboolean
region_row (MesoStmt *stmt,
            gpointer  data)
{
  Regions *regions = data;
  GPtrArray *list = regions->regions;
  MesoScalpRegion *region;

  if (!meso_stmt_column_int_in (stmt, 1, 0, MESO_SCALP_N_VIEWS - 1) || !is_number (stmt, 3))
    return FALSE;
  if (!meso_stmt_column_int_in (stmt, 0, list->len, list->len))
    {
      /* The next value of the last region. */
      if (list->len == 0 || !meso_stmt_column_int_in (stmt, 0, list->len - 1, list->len - 1))
        return FALSE;
    }
  else
    {
      if (!outline_complete (regions))
        return FALSE;
      g_ptr_array_add (list, meso_scalp_region_new (meso_stmt_column_int (stmt, 1)));
      regions->n_values = 0;
    }
  region = g_ptr_array_index (list, list->len - 1);
  if (!meso_stmt_column_int_in (stmt, 2, regions->n_values, regions->n_values))
    return FALSE;
  if (regions->n_values % 2 == 0)
    {
      MesoVec2 point = { meso_stmt_column_double (stmt, 3), 0 };

      g_array_append_val (region->outline, point);
    }
  else
    g_array_index (region->outline, MesoVec2, region->outline->len - 1).y =
      meso_stmt_column_double (stmt, 3);
  regions->n_values++;
  return TRUE;
}

/* The points are most of a map: hundreds of [view, x, y, depth, volume]
 * arrays. They are read here directly, which is several times faster than
 * one JSON query per number; the document is what
 * meso_scalp_map_to_json() wrote, and valid JSON (the table checks), unless
 * the file was damaged or doctored: the view must be one of ours, every
 * number finite. */
static gboolean
parse_points (const char  *document,
              GArray      *points,
              GError     **error)
{
  const char *p = strstr (document, "\"points\":[");

  if (p == NULL)
    return TRUE;
  p += strlen ("\"points\":[");
  while (g_ascii_isspace (*p))
    p++;
  while (*p == '[')
    {
      double values[5];
      MesoInjectionPoint point;

      p++;
      for (guint i = 0; i < 5; i++)
        {
          char *end;

          values[i] = g_ascii_strtod (p, &end);
          if (end == p || *end != (i < 4 ? ',' : ']') || !isfinite (values[i]))
            goto damaged;
          p = end + 1;
        }
      if (values[0] != floor (values[0]) || values[0] < 0 || values[0] >= MESO_SCALP_N_VIEWS)
        goto damaged;
      point = (MesoInjectionPoint) { (MesoScalpView) values[0], { values[1], values[2] },
                                     values[3], values[4] };
      g_array_append_val (points, point);
      while (g_ascii_isspace (*p) || *p == ',')
        p++;
    }
  if (*p == ']')
    return TRUE;

damaged:
  meso_db_set_damaged (error, "scalp_map");
  return FALSE;
}

static gboolean
measurement_row (MesoStmt *stmt,
                 gpointer  data)
{
  if (meso_stmt_column_type (stmt, 0) != MESO_VALUE_TEXT || !is_number (stmt, 1) ||
      !is_number (stmt, 2))
    return FALSE;
  g_ptr_array_add (data, meso_trichoscopy_new (meso_stmt_column_text (stmt, 0),
                                               meso_stmt_column_double (stmt, 1),
                                               meso_stmt_column_double (stmt, 2)));
  return TRUE;
}

/* The map owns them only once restored: until then, they are freed here. */
static void
free_regions (GPtrArray *regions)
{
  for (guint i = 0; i < regions->len; i++)
    {
      MesoScalpRegion *region = regions->pdata[i];

      g_array_unref (region->outline);
      g_free (region);
    }
  g_ptr_array_unref (regions);
}

static void
free_measurements (GPtrArray *measurements)
{
  for (guint i = 0; i < measurements->len; i++)
    {
      MesoTrichoscopy *reading = measurements->pdata[i];

      g_free (reading->spot);
      g_free (reading);
    }
  g_ptr_array_unref (measurements);
}

/* The queries that read a document, one text per engine. SQLite's JSON
 * values keep their JSON type (an integer reads as one); on a server a
 * number is cast to numeric, which reads as an integer when it is whole,
 * and a value of the wrong JSON type reads as NULL: either way a doctored
 * value is refused by the row checks below, never by a failing query. */
typedef enum
{
  QUERY_SCORES,
  QUERY_GRADES,
  QUERY_REGIONS,
  QUERY_MEASUREMENTS,
} Query;

#define PG_NUMBER(value) "CASE json_typeof (" value ") WHEN 'number' THEN (" value " #>> '{}')::numeric END"
#define PG_STRING(value) "CASE json_typeof (" value ") WHEN 'string' THEN " value " #>> '{}' END"
#define PG_ARRAY_LENGTH(value) "CASE json_typeof (" value ") WHEN 'array' THEN json_array_length (" value ") END"

static const char *const file_queries[] = {
  [QUERY_SCORES] = "SELECT ?1 ->> 'pull_test', ?1 ->> 'scale', ?1 ->> 'stage',"
                   " json_type (?1, '$.grades'), json_type (?1, '$.regions'),"
                   " json_type (?1, '$.points'), json_type (?1, '$.measurements'),"
                   " json_array_length (?1, '$.regions'),"
                   " json_array_length (?1, '$.points')",
  [QUERY_GRADES] = "SELECT key, value FROM json_each (?1, '$.grades')",
  [QUERY_REGIONS] = "SELECT r.key, json_extract (r.value, '$.view'), o.key, o.value"
                    " FROM json_each (?1, '$.regions') r,"
                    "      json_each (r.value, '$.outline') o ORDER BY r.key, o.key",
  [QUERY_MEASUREMENTS] = "SELECT value ->> 'spot', value ->> 'density', value ->> 'diameter'"
                         " FROM json_each (?1, '$.measurements')",
};

/* Each list was checked to be an array (QUERY_SCORES) before it is walked. */
static const char *const server_queries[] = {
  [QUERY_SCORES] = "SELECT " PG_NUMBER ("d -> 'pull_test'") ", d ->> 'scale',"
                   " " PG_STRING ("d -> 'stage'") ","
                   " json_typeof (d -> 'grades'), json_typeof (d -> 'regions'),"
                   " json_typeof (d -> 'points'), json_typeof (d -> 'measurements'),"
                   " " PG_ARRAY_LENGTH ("d -> 'regions'") ","
                   " " PG_ARRAY_LENGTH ("d -> 'points'")
                   " FROM (SELECT ?1::json AS d) AS document",
  [QUERY_GRADES] = "SELECT g.i - 1, " PG_NUMBER ("g.v")
                   " FROM json_array_elements (?1::json -> 'grades') WITH ORDINALITY AS g (v, i)"
                   " ORDER BY g.i",
  /* An outline that is not an array gives its region no row: the count of
   * regions then differs, which is refused as damage. */
  [QUERY_REGIONS] = "SELECT r.i - 1, " PG_NUMBER ("r.v -> 'view'") ", o.i - 1, " PG_NUMBER ("o.v")
                    " FROM json_array_elements (?1::json -> 'regions') WITH ORDINALITY AS r (v, i),"
                    "  json_array_elements (CASE json_typeof (r.v -> 'outline')"
                    "   WHEN 'array' THEN r.v -> 'outline' ELSE '[]' END) WITH ORDINALITY AS o (v, i)"
                    " ORDER BY r.i, o.i",
  [QUERY_MEASUREMENTS] = "SELECT " PG_STRING ("m.v -> 'spot'") ", " PG_NUMBER ("m.v -> 'density'") ","
                         " " PG_NUMBER ("m.v -> 'diameter'")
                         " FROM json_array_elements (?1::json -> 'measurements') WITH ORDINALITY AS m (v, i)"
                         " ORDER BY m.i",
};

static const char *
query (MesoScalpStore *self,
       Query           which)
{
  return (meso_db_is_server (self->db) ? server_queries : file_queries)[which];
}

/* The rest of the document: the pull test and the scale select, so they
 * must be ours; the stage is text. */
static gboolean
read_scores (MesoScalpStore  *self,
             const char      *document,
             MesoPullTest    *out_pull_test,
             MesoHairScale   *out_scale,
             char           **out_stage,
             guint           *out_n_regions,
             guint           *out_n_points,
             GError         **error)
{
  MesoStmt *stmt;
  gboolean known;
  int rc;

  stmt = meso_db_prepare (self->db, query (self, QUERY_SCORES), error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, document);
  rc = meso_stmt_step (stmt);
  if (rc != MESO_STEP_ROW)
    {
      meso_stmt_reset (stmt);
      meso_db_set_error (self->db, error, rc, _("Could not read the scalp map"));
      return FALSE;
    }
  known = meso_stmt_column_int_in (stmt, 0, MESO_PULL_TEST_NOT_DONE, MESO_PULL_TEST_POSITIVE) &&
          meso_hair_scale_from_code (meso_stmt_column_text (stmt, 1), out_scale) &&
          meso_stmt_column_type (stmt, 2) == MESO_VALUE_TEXT;
  /* Each list is an array, or json_each would read an object's keys. */
  for (int i = 3; i <= 6; i++)
    known = known && g_strcmp0 (meso_stmt_column_text (stmt, i), "array") == 0;
  if (known)
    {
      *out_pull_test = meso_stmt_column_int (stmt, 0);
      *out_stage = g_strdup (meso_stmt_column_text (stmt, 2));
      *out_n_regions = meso_stmt_column_int (stmt, 7);
      *out_n_points = meso_stmt_column_int (stmt, 8);
    }
  meso_stmt_reset (stmt);
  if (!known)
    meso_db_set_damaged (error, "scalp_map");
  return known;
}

static MesoScalpMap *
map_from_document (MesoScalpStore  *self,
                   const char      *document,
                   GError         **error)
{
  g_autoptr(MesoScalpMap) map = NULL;
  Regions regions = { g_ptr_array_new (), 0 };
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (MesoInjectionPoint));
  GPtrArray *measurements = g_ptr_array_new ();
  Grades grades = { { 0 }, 0 };
  MesoHairScale scale = MESO_HAIR_SCALE_NONE;
  g_autofree char *stage = NULL;
  MesoPullTest pull_test = MESO_PULL_TEST_NOT_DONE;
  guint n_regions = 0;
  guint n_points = 0;

  if (!read_scores (self, document, &pull_test, &scale, &stage, &n_regions, &n_points, error) ||
      !each_row (self, query (self, QUERY_GRADES), document, grade_row, &grades, error) ||
      !each_row (self, query (self, QUERY_REGIONS), document, region_row, &regions, error) ||
      !parse_points (document, points, error) ||
      !each_row (self, query (self, QUERY_MEASUREMENTS), document, measurement_row,
                 measurements, error))
    goto fail;
  /* Every zone has its grade; the last region is a polygon too; a region
   * with no outline at all has no row, and points the parser did not find
   * would be lost: both are counted. */
  if (grades.n_grades != MESO_SCALP_N_ZONES || !outline_complete (&regions) ||
      regions.regions->len != n_regions || points->len != n_points)
    {
      meso_db_set_damaged (error, "scalp_map");
      goto fail;
    }

  map = meso_scalp_map_new ();
  meso_scalp_map_restore (map, grades.grades, regions.regions, g_steal_pointer (&points),
                          measurements, pull_test, scale, stage);
  return g_steal_pointer (&map);

fail:
  free_regions (regions.regions);
  free_measurements (measurements);
  return NULL;
}

/**
 * meso_scalp_store_load:
 * @out_map: (out) (transfer full) (nullable): the session's map, or %NULL
 *   when it has none yet; it carries the revision it was read at
 */
gboolean
meso_scalp_store_load (MesoScalpStore  *self,
                       gint64           appointment_id,
                       MesoScalpMap   **out_map,
                       GError         **error)
{
  g_autofree char *document = NULL;
  gint64 revision = 0;
  MesoStmt *stmt;
  int rc;

  *out_map = NULL;
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error))
    return FALSE;
  stmt = meso_db_prepare (self->db, "SELECT document, revision FROM scalp_map"
                                    " WHERE appointment_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, appointment_id);
  rc = meso_stmt_step (stmt);
  /* A stored map's revision is 1 or more: 0 says that none was stored. */
  if (rc == MESO_STEP_ROW && !meso_stmt_column_int_in (stmt, 1, 1, G_MAXINT64))
    {
      meso_stmt_reset (stmt);
      meso_db_set_damaged (error, "scalp_map");
      return FALSE;
    }
  if (rc == MESO_STEP_ROW)
    {
      document = g_strdup (meso_stmt_column_text (stmt, 0));
      revision = meso_stmt_column_int64 (stmt, 1);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the scalp map"));
      return FALSE;
    }
  if (document == NULL)
    return TRUE;
  *out_map = map_from_document (self, document, error);
  if (*out_map != NULL)
    meso_scalp_map_set_revision (*out_map, revision);
  return *out_map != NULL;
}

/**
 * meso_scalp_store_save:
 * @map: the map, carrying the revision it was read at (0: the session had
 *   none stored)
 *
 * Stores @map as the map of the session @appointment_id, with its scores,
 * only over the revision it was read at: if another workstation saved the
 * session's map since, the save is refused with %MESO_DB_ERROR_STALE,
 * naming who and when, and nothing is stored. On success @map carries the
 * new revision (the same when nothing changed, so that other windows open
 * on it stay current).
 */
gboolean
meso_scalp_store_save (MesoScalpStore  *self,
                       gint64           appointment_id,
                       MesoScalpMap    *map,
                       GError         **error)
{
  g_autofree char *document = meso_scalp_map_to_json (map);
  g_autoptr(MesoAppointment) session = NULL;
  g_autoptr(MesoDbWrite) w = NULL;
  gint64 revision = 0;
  MesoStmt *stmt;
  int rc;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return FALSE;
  /* The map is filed under the session's patient as the schedule has it now. */
  session = meso_schedule_load_session (self->schedule, appointment_id, error);
  if (session == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "INSERT INTO scalp_map (appointment_id, patient_id, document, salt,"
                          "  points, volume_ml, density)"
                          " VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6)"
                          " ON CONFLICT (appointment_id)"
                          " DO UPDATE SET document = excluded.document,"
                          "  salt = excluded.salt, points = excluded.points,"
                          "  volume_ml = excluded.volume_ml, density = excluded.density,"
                          "  updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ'),"
                          "  revision = scalp_map.revision + CASE WHEN scalp_map.document"
                          "   IS DISTINCT FROM excluded.document THEN 1 ELSE 0 END"
                          " WHERE scalp_map.revision = ?8"
                          " RETURNING revision", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, appointment_id);
  meso_stmt_bind_text (stmt, 2, document);
  meso_stmt_bind_double (stmt, 3, meso_scalp_map_salt_score (map));
  meso_stmt_bind_int (stmt, 4, meso_scalp_map_count_points (map));
  meso_stmt_bind_double (stmt, 5, meso_scalp_map_total_volume (map));
  meso_stmt_bind_double (stmt, 6, meso_scalp_map_mean_density (map));
  meso_stmt_bind_int64 (stmt, 7, session->patient_id);
  meso_stmt_bind_int64 (stmt, 8, meso_scalp_map_get_revision (map));
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    revision = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  /* No row: a map is stored, at another revision than this one was read at. */
  if (rc == MESO_STEP_DONE)
    return meso_revision_refuse (self->db, MESO_RECORD_SCALP_MAP, appointment_id,
                                 "SELECT 1 FROM scalp_map WHERE appointment_id = ?1", error);
  if (rc != MESO_STEP_ROW)
    {
      meso_db_set_error (self->db, error, rc, _("Could not save the scalp map"));
      return FALSE;
    }
  if (!meso_db_write_commit (w, error))
    return FALSE;
  meso_scalp_map_set_revision (map, revision);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Returns: (transfer full) (element-type gint64 MesoScalpSummary): the
 * scores of @patient_id's mapped sessions by session, without their date. */
static GHashTable *
load_mapped (MesoScalpStore  *self,
             gint64           patient_id,
             GError         **error)
{
  g_autoptr(GHashTable) mapped = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  MesoStmt *stmt;
  int rc;

  stmt = meso_db_prepare (self->db,
                          "SELECT appointment_id, salt, density, points, volume_ml"
                          " FROM scalp_map WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoScalpSummary *summary;

      /* The charts scale to the scores: one that is not a finite count is damage. */
      if (!is_number (stmt, 1) || !is_number (stmt, 2) ||
          !meso_stmt_column_int_in (stmt, 3, 0, G_MAXINT) || !is_number (stmt, 4) ||
          meso_stmt_column_double (stmt, 1) < 0 || meso_stmt_column_double (stmt, 2) < 0 || meso_stmt_column_double (stmt, 4) < 0)
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "scalp_map");
          return NULL;
        }
      summary = g_new (MesoScalpSummary, 1);
      *summary = (MesoScalpSummary) {
        meso_stmt_column_int64 (stmt, 0), 0,
        meso_stmt_column_double (stmt, 1), meso_stmt_column_double (stmt, 2),
        meso_stmt_column_int (stmt, 3), meso_stmt_column_double (stmt, 4),
      };
      g_hash_table_insert (mapped, &summary->appointment_id, summary);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the scalp maps"), error))
    return NULL;
  return g_steal_pointer (&mapped);
}

/**
 * meso_scalp_store_open_session:
 * @out_copied: (out) (optional): set when the map was copied forward
 *
 * The map of session @appointment_id to edit: its own when it has one, a
 * copy of the patient's latest earlier map, without that session's
 * readings and pull test; otherwise an empty one. Nothing is stored until
 * meso_scalp_store_save(). A map copied forward or new carries revision 0:
 * its save is refused if another workstation saved the session's map first.
 * Returns: (transfer full): the map.
 */
MesoScalpMap *
meso_scalp_store_open_session (MesoScalpStore  *self,
                               gint64           appointment_id,
                               gboolean        *out_copied,
                               GError         **error)
{
  g_autoptr(MesoAppointment) session = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GHashTable) mapped = NULL;
  MesoScalpMap *map = NULL;
  gint64 previous = 0;

  if (out_copied != NULL)
    *out_copied = FALSE;
  if (!meso_scalp_store_load (self, appointment_id, &map, error))
    return NULL;
  if (map != NULL)
    return map;

  if ((session = meso_schedule_load_session (self->schedule, appointment_id, error)) == NULL ||
      (sessions = meso_schedule_list_patient (self->schedule, session->patient_id,
                                              error)) == NULL ||
      (mapped = load_mapped (self, session->patient_id, error)) == NULL)
    return NULL;
  /* The sessions come by start: the last mapped one before this is the latest. */
  for (guint i = sessions->len; i > 0 && previous == 0; i--)
    {
      MesoAppointment *earlier = g_ptr_array_index (sessions, i - 1);

      if (earlier->starts_at < session->starts_at &&
          g_hash_table_contains (mapped, &earlier->id))
        previous = earlier->id;
    }

  if (previous != 0 && !meso_scalp_store_load (self, previous, &map, error))
    return NULL;
  if (map == NULL)
    return meso_scalp_map_new ();
  /* Copied forward, it is not the session's stored map: it was read at none. */
  meso_scalp_map_clear_session (map);
  meso_scalp_map_set_revision (map, 0);
  if (out_copied != NULL)
    *out_copied = TRUE;
  return map;
}

/**
 * meso_scalp_store_history:
 *
 * Returns: (transfer full) (element-type MesoScalpSummary): the scores of
 * the patient's mapped sessions, oldest first.
 */
GArray *
meso_scalp_store_history (MesoScalpStore  *self,
                          gint64           patient_id,
                          GError         **error)
{
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (MesoScalpSummary));
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GHashTable) mapped = NULL;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error) ||
      (mapped = load_mapped (self, patient_id, error)) == NULL ||
      (sessions = meso_schedule_list_patient (self->schedule, patient_id, error)) == NULL)
    return NULL;
  /* In the order of the sessions, which is their date's. */
  for (guint i = 0; i < sessions->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (sessions, i);
      MesoScalpSummary *summary = g_hash_table_lookup (mapped, &session->id);

      if (summary == NULL)
        continue;
      summary->starts_at = session->starts_at;
      g_array_append_val (history, *summary);
    }
  return g_steal_pointer (&history);
}

/**
 * meso_scalp_store_add_to_record:
 *
 * Adds the patient's scalp maps, every column of them, to @record (the
 * right-of-access export).
 */
gboolean
meso_scalp_store_add_to_record (MesoScalpStore  *self,
                                gint64           patient_id,
                                MesoRecordJson  *record,
                                GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "scalp_map", "SELECT * FROM scalp_map WHERE patient_id = ?1 ORDER BY appointment_id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
