/* meso-scalp-store.c: reads and writes scalp maps. The document is read
 * back with SQLite's own JSON functions (the points, which are most of it,
 * directly), so no JSON library is needed, and
 * every save is audited by the schema's triggers. Maps are clinical data:
 * reading needs READ_CLINICAL, writing WRITE_CLINICAL. */
#define G_LOG_DOMAIN "meso-scalp-store"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-scalp-store.h"

struct _MesoScalpStore
{
  GObject  parent_instance;

  MesoDb  *db;
};

G_DEFINE_TYPE (MesoScalpStore, meso_scalp_store, G_TYPE_OBJECT)

static void
meso_scalp_store_finalize (GObject *object)
{
  g_clear_object (&MESO_SCALP_STORE (object)->db);

  G_OBJECT_CLASS (meso_scalp_store_parent_class)->finalize (object);
}

static void
meso_scalp_store_class_init (MesoScalpStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_scalp_store_finalize;
}

static void
meso_scalp_store_init (MesoScalpStore *self)
{
}

MesoScalpStore *
meso_scalp_store_new (MesoDb *db)
{
  MesoScalpStore *self = g_object_new (MESO_TYPE_SCALP_STORE, NULL);

  self->db = g_object_ref (db);
  return self;
}

/* Runs @sql over @document; each row goes to @row. */
static gboolean
each_row (MesoScalpStore  *self,
          const char      *sql,
          const char      *document,
          void           (*row) (sqlite3_stmt *stmt, gpointer data),
          gpointer         data,
          GError         **error)
{
  sqlite3_stmt *stmt = meso_db_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, document, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the scalp map"));
      return FALSE;
    }
  return TRUE;
}

static void
grade_row (sqlite3_stmt *stmt,
           gpointer      data)
{
  MesoGrade *grades = data;
  int zone = sqlite3_column_int (stmt, 0);

  if (zone >= 0 && zone < MESO_SCALP_N_ZONES)
    grades[zone] = CLAMP (sqlite3_column_int (stmt, 1), 0, MESO_N_GRADES - 1);
}

/* Rows of (region index, view, coordinate index, value). */
static void
region_row (sqlite3_stmt *stmt,
            gpointer      data)
{
  GPtrArray *regions = data;
  guint index = sqlite3_column_int (stmt, 0);
  guint coordinate = sqlite3_column_int (stmt, 2);
  MesoScalpRegion *region;

  while (regions->len <= index)
    g_ptr_array_add (regions, meso_scalp_region_new (CLAMP (sqlite3_column_int (stmt, 1), 0,
                                                            MESO_SCALP_N_VIEWS - 1)));
  region = g_ptr_array_index (regions, index);
  if (coordinate % 2 == 0)
    {
      MesoVec2 point = { sqlite3_column_double (stmt, 3), 0 };

      g_array_append_val (region->outline, point);
    }
  else
    g_array_index (region->outline, MesoVec2, region->outline->len - 1).y =
      sqlite3_column_double (stmt, 3);
}

/* The points are most of a map: hundreds of [view, x, y, depth, volume]
 * arrays. They are read here directly, which is several times faster than
 * one JSON query per number; the document is what
 * meso_scalp_map_to_json() wrote, and valid JSON (the table checks). */
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
          if (end == p || *end != (i < 4 ? ',' : ']'))
            goto damaged;
          p = end + 1;
        }
      point = (MesoInjectionPoint) { CLAMP ((int) values[0], 0, MESO_SCALP_N_VIEWS - 1),
                                     { values[1], values[2] }, values[3], values[4] };
      g_array_append_val (points, point);
      while (g_ascii_isspace (*p) || *p == ',')
        p++;
    }
  if (*p == ']')
    return TRUE;

damaged:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The injection points of this scalp map cannot be read."));
  return FALSE;
}

static void
measurement_row (sqlite3_stmt *stmt,
                 gpointer      data)
{
  g_ptr_array_add (data, meso_trichoscopy_new ((const char *) sqlite3_column_text (stmt, 0),
                                               sqlite3_column_double (stmt, 1),
                                               sqlite3_column_double (stmt, 2)));
}

static MesoScalpMap *
map_from_document (MesoScalpStore  *self,
                   const char      *document,
                   GError         **error)
{
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (MesoInjectionPoint));
  g_autoptr(GPtrArray) measurements = g_ptr_array_new ();
  MesoGrade grades[MESO_SCALP_N_ZONES] = { 0 };
  MesoHairScale scale = MESO_HAIR_SCALE_NONE;
  g_autofree char *stage = NULL;
  MesoPullTest pull_test;
  sqlite3_stmt *stmt;

  if (!each_row (self, "SELECT key, value FROM json_each (?1, '$.grades')", document,
                 grade_row, grades, error) ||
      !each_row (self, "SELECT r.key, json_extract (r.value, '$.view'), o.key, o.value"
                       " FROM json_each (?1, '$.regions') r,"
                       "      json_each (r.value, '$.outline') o ORDER BY r.key, o.key",
                 document, region_row, regions, error) ||
      !parse_points (document, points, error) ||
      !each_row (self, "SELECT value ->> 'spot', value ->> 'density', value ->> 'diameter'"
                       " FROM json_each (?1, '$.measurements')", document, measurement_row,
                 measurements, error))
    return NULL;

  stmt = meso_db_prepare (self->db, "SELECT ?1 ->> 'pull_test', ?1 ->> 'scale', ?1 ->> 'stage'",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, document, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  pull_test = CLAMP (sqlite3_column_int (stmt, 0), 0, MESO_PULL_TEST_POSITIVE);
  meso_hair_scale_from_code ((const char *) sqlite3_column_text (stmt, 1), &scale);
  stage = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);

  meso_scalp_map_restore (map, grades, g_steal_pointer (&regions), g_steal_pointer (&points),
                          g_steal_pointer (&measurements), pull_test, scale, stage);
  return g_steal_pointer (&map);
}

/**
 * meso_scalp_store_load:
 * @out_map: (out) (transfer full) (nullable): the session's map, or %NULL
 *   when it has none yet
 */
gboolean
meso_scalp_store_load (MesoScalpStore  *self,
                       gint64           appointment_id,
                       MesoScalpMap   **out_map,
                       GError         **error)
{
  g_autofree char *document = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *out_map = NULL;
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error))
    return FALSE;
  stmt = meso_db_prepare (self->db, "SELECT document FROM scalp_map WHERE appointment_id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, appointment_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    document = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the scalp map"));
      return FALSE;
    }
  if (document == NULL)
    return TRUE;
  *out_map = map_from_document (self, document, error);
  return *out_map != NULL;
}

/* Stores @map as the map of the session @appointment_id, with its scores. */
gboolean
meso_scalp_store_save (MesoScalpStore  *self,
                       gint64           appointment_id,
                       MesoScalpMap    *map,
                       GError         **error)
{
  g_autofree char *document = meso_scalp_map_to_json (map);
  g_autoptr(MesoDbWrite) w = NULL;
  sqlite3_stmt *stmt;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "INSERT INTO scalp_map (appointment_id, patient_id, document, salt,"
                          "  points, volume_ml, density)"
                          " SELECT id, patient_id, ?2, ?3, ?4, ?5, ?6 FROM appointment"
                          "  WHERE id = ?1"
                          " ON CONFLICT DO UPDATE SET document = excluded.document,"
                          "  salt = excluded.salt, points = excluded.points,"
                          "  volume_ml = excluded.volume_ml, density = excluded.density,"
                          "  updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, appointment_id);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 3, meso_scalp_map_salt_score (map));
  sqlite3_bind_int (stmt, 4, meso_scalp_map_count_points (map));
  sqlite3_bind_double (stmt, 5, meso_scalp_map_total_volume (map));
  sqlite3_bind_double (stmt, 6, meso_scalp_map_mean_density (map));
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;
  if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This session no longer exists."));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_scalp_store_open_session:
 * @out_copied: (out) (optional): set when the map was copied forward
 *
 * The map to work on in a session: its own if it has one; otherwise a
 * copy of the patient's latest earlier map, without that session's
 * readings and pull test; otherwise an empty one. Nothing is stored until
 * meso_scalp_store_save().
 * Returns: (transfer full): the map.
 */
MesoScalpMap *
meso_scalp_store_open_session (MesoScalpStore  *self,
                               gint64           appointment_id,
                               gboolean        *out_copied,
                               GError         **error)
{
  MesoScalpMap *map = NULL;
  gint64 previous = 0;
  sqlite3_stmt *stmt;

  if (out_copied != NULL)
    *out_copied = FALSE;
  if (!meso_scalp_store_load (self, appointment_id, &map, error))
    return NULL;
  if (map != NULL)
    return map;

  stmt = meso_db_prepare (self->db,
                          "SELECT s.appointment_id FROM scalp_map s"
                          " JOIN appointment a ON a.id = s.appointment_id"
                          " JOIN appointment this ON this.id = ?1"
                          " WHERE s.patient_id = this.patient_id AND a.starts_at < this.starts_at"
                          " ORDER BY a.starts_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, appointment_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    previous = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (previous != 0 && !meso_scalp_store_load (self, previous, &map, error))
    return NULL;
  if (map == NULL)
    return meso_scalp_map_new ();
  meso_scalp_map_clear_session (map);
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
  sqlite3_stmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (self->db,
                          "SELECT s.appointment_id, a.starts_at, s.salt, s.density, s.points,"
                          "  s.volume_ml FROM scalp_map s JOIN appointment a"
                          "  ON a.id = s.appointment_id"
                          " WHERE s.patient_id = ?1 ORDER BY a.starts_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MesoScalpSummary summary = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
        sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3),
        sqlite3_column_int (stmt, 4), sqlite3_column_double (stmt, 5),
      };

      g_array_append_val (history, summary);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the scalp maps"));
      return NULL;
    }
  return g_steal_pointer (&history);
}
