/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-copy-to.c: a clinic's file copied onto a new clinic server
 * (mesodesk --copy-to), on the throw-away server of with-server.sh: every
 * row arrives, the file is untouched, and a server that already holds a
 * clinic is refused. */
#include <string.h>

#include "meso-context.h"
#include "meso-db-copy.h"
#include "meso-test-db.h"
#include "meso-test-photos.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"

typedef struct
{
  char *dir;
  char *file;
  char *server;
} Fixture;

/* The demo clinic in a file: 200 patients, nine weeks of bookings, session
 * records, scalp maps, their audit trail and its chain; and a scalp photo,
 * with the scalp map laid over it. */
/* A photo of the top at the first session, the scalp map placed on it:
 * images are bytea on a server, the placement's numbers double precision. */
static void
add_photo (MesoContext *context)
{
  MesoPhotoStore *photos = meso_context_get_photo_store (context);
  MesoDb *db = meso_context_get_db (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(MesoPhotoImage) image = meso_photo_image_prepare (file, "top.png", &error);
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos, FALSE, &error);
  MesoSimilarity placement = { 0.3, 0.1, 31.5, 30.25 };
  gint64 session = meso_test_query_int (db, "SELECT min (id) FROM appointment");
  gint64 id = meso_photo_store_add (photos, session, MESO_PHOTO_VIEW (views->pdata[0])->id, NULL,
                                    MESO_PHOTO_CONSENT_TEACHING, image, &error);

  g_assert_no_error (error);
  g_assert_true (meso_photo_store_save_map_placement (photos, id, &placement, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(MesoScreening) screening = NULL;
  MesoDb *db;
  GDate today;

  meso_test_server_require ();
  f->dir = meso_test_make_dir ();
  f->file = g_build_filename (f->dir, "clinic.db", NULL);
  f->server = meso_test_server_database ();
  context = meso_context_open (f->file, TRUE, &error);
  g_assert_no_error (error);

  /* Text the server's COPY reads only escaped: a backslash (and one
   * before N, COPY's NULL), a tab and line breaks. */
  db = meso_context_get_db (context);
  physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "Test Physician");
  patients = meso_patient_store_new (db);
  patient = meso_patient_store_load (patients, 1, &error);
  g_assert_no_error (error);
  screening = meso_patient_store_load_screening (patients, 1, &error);
  g_assert_no_error (error);
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, "C:\\scalp\tleft\nright\r\n\\N end");
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_NOVEMBER, 2026);
  g_assert_true (meso_patient_store_save (patients, patient, screening, &today, &error));
  g_assert_no_error (error);
  add_photo (context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->server);
}

/* The tables a clinic's data lives in (the file's, FTS index aside). */
static GPtrArray *
list_tables (MesoDb *file)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  MesoStmt *stmt = meso_db_prepare (file, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                          " AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'patient_fts%'"
                                          " ORDER BY name", NULL);

  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    g_ptr_array_add (names, g_strdup (meso_stmt_column_text (stmt, 0)));
  meso_stmt_reset (stmt);
  g_assert_cmpuint (names->len, >=, 30);
  return names;
}

/* SHA-256 of a table's rows in a stable order. An integer and its text
 * read alike: a file's setting may hold either, a server's is text. */
static char *
table_checksum (MesoDb     *db,
                const char *table,
                gint64     *out_rows)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autofree char *count_sql = NULL;
  g_autofree char *sql = NULL;
  MesoStmt *stmt;
  int n_columns;

  count_sql = meso_db_is_server (db)
                ? g_strdup_printf ("SELECT count(*) FROM pg_attribute WHERE attrelid = '%s'::regclass"
                                   " AND attnum > 0 AND NOT attisdropped", table)
                : g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s')", table);
  n_columns = meso_test_query_int (db, count_sql);
  g_assert_cmpint (n_columns, >, 0);
  for (int i = 1; i <= n_columns; i++)
    g_string_append_printf (order, "%s%d NULLS FIRST", i > 1 ? ", " : "", i);
  sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", table, order->str);
  stmt = meso_db_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  *out_rows = 0;
  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    {
      for (int i = 0; i < n_columns; i++)
        {
          g_autofree char *value = NULL;

          switch (meso_stmt_column_type (stmt, i))
            {
            case MESO_VALUE_INTEGER:
              value = g_strdup_printf ("%" G_GINT64_FORMAT, meso_stmt_column_int64 (stmt, i));
              break;
            case MESO_VALUE_FLOAT:
              value = g_strdup_printf ("r%.17g", meso_stmt_column_double (stmt, i));
              break;
            case MESO_VALUE_TEXT:
              value = g_strdup (meso_stmt_column_text (stmt, i));
              break;
            case MESO_VALUE_BLOB:
              {
                const guchar *bytes = meso_stmt_column_blob (stmt, i);
                gsize size = meso_stmt_column_bytes (stmt, i);

                value = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, size);
              }
              break;
            case MESO_VALUE_NULL:
            default:
              value = g_strdup ("\x01NULL");
              break;
            }
          g_checksum_update (checksum, (const guchar *) value, strlen (value) + 1);
        }
      (*out_rows)++;
    }
  meso_stmt_reset (stmt);
  return g_strdup (g_checksum_get_string (checksum));
}

/* The demo clinic arrives whole: every table's rows, the audit trail and
 * its chain, the same on both sides, and the file is not changed. */
static void
test_demo_copied (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = meso_test_fingerprint (f->file);
  g_autofree char *after = NULL;
  g_autoptr(MesoDb) file = NULL;
  g_autoptr(MesoDb) server = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  gint64 total = 0;

  g_assert_true (meso_db_copy_to_server (f->file, f->server, report, &error));
  g_assert_no_error (error);
  g_test_message ("%s", report->str);
  after = meso_test_fingerprint (f->file);
  g_assert_cmpstr (after, ==, before);

  file = meso_db_open (f->file, &error);
  g_assert_no_error (error);
  server = meso_db_open (f->server, &error);
  g_assert_no_error (error);
  tables = list_tables (file);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = tables->pdata[i];
      gint64 file_rows, server_rows;
      g_autofree char *file_sum = table_checksum (file, table, &file_rows);
      g_autofree char *server_sum = table_checksum (server, table, &server_rows);
      g_autofree char *line = NULL;

      g_assert_cmpint (server_rows, ==, file_rows);
      if (g_strcmp0 (file_sum, server_sum) != 0)
        g_error ("%s differs on the server", table);
      /* The report gives both counts of each table. */
      line = g_strdup_printf ("\n%-24s %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT "\n", table,
                              file_rows, server_rows);
      g_assert_nonnull (strstr (report->str, line));
      total += file_rows;
    }
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM patient"), ==, 200);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM patient WHERE notes ="
                                                " E'C:\\\\scalp\\tleft\\nright\\r\\n\\\\N end'"),
                   ==, 1);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM audit"), >, 200);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM photo_image"), ==, 1);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM photo_map_placement"), ==, 1);
  g_assert_cmpint (total, >, 2000);
}

/* After the copy the server is a working clinic: new rows take the next
 * ids and are audited, linked after the copied trail. */
static void
test_server_continues (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) server = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  gint64 last_patient, last_audit, id;
  GDate today;

  g_assert_true (meso_db_copy_to_server (f->file, f->server, NULL, &error));
  g_assert_no_error (error);
  server = meso_db_open (f->server, &error);
  g_assert_no_error (error);
  last_patient = meso_test_query_int (server, "SELECT max (id) FROM patient");
  last_audit = meso_test_query_int (server, "SELECT max (id) FROM audit");

  admin = meso_test_sign_in (server, MESO_ROLE_ADMINISTRATOR, "Deniz Arslan");
  patients = meso_patient_store_new (server);
  meso_test_date (&today, 2026, 12, 3);
  id = meso_test_add_patient (patients, "Yılmaz", "Ayşe", NULL, &today);
  g_assert_cmpint (id, ==, last_patient + 1);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM audit_chain"), ==,
                   meso_test_query_int (server, "SELECT count(*) FROM audit"));
  g_assert_cmpint (meso_test_query_int (server, "SELECT max (id) FROM audit"), >, last_audit);
}

/* A database that already holds a clinic is refused, and left as it was;
 * so is a copy to anything but a server's address. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) server = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  gint64 n_audit;

  g_assert_true (meso_db_copy_to_server (f->file, f->server, NULL, &error));
  server = meso_db_open (f->server, &error);
  g_assert_no_error (error);
  n_audit = meso_test_query_int (server, "SELECT count(*) FROM audit");

  g_assert_false (meso_db_copy_to_server (f->file, f->server, NULL, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED);
  g_assert_nonnull (strstr (error->message, "already holds a clinic"));
  g_clear_error (&error);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM audit"), ==, n_audit);
  g_assert_cmpint (meso_test_query_int (server, "SELECT count(*) FROM patient"), ==, 200);

  g_assert_false (meso_db_copy_to_server (f->file, other, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* The command: the counts of both sides on stdout; a refusal on stderr,
 * with a failing exit status. */
static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  const char *args[] = { "--copy-to", f->server, "--database", f->file, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (meso_test_run_mesodesk (args, &out, &err), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "in one transaction"));
  g_assert_true (g_regex_match_simple ("\\npatient +200 +200\\n", out, 0, 0));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (meso_test_run_mesodesk (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already holds a clinic"));
  g_assert_cmpstr (out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/copy-to/demo-copied", Fixture, NULL, fixture_set_up, test_demo_copied,
              fixture_tear_down);
  g_test_add ("/meso/copy-to/server-continues", Fixture, NULL, fixture_set_up,
              test_server_continues, fixture_tear_down);
  g_test_add ("/meso/copy-to/command", Fixture, NULL, fixture_set_up, test_command,
              fixture_tear_down);
  g_test_add ("/meso/copy-to/refusals", Fixture, NULL, fixture_set_up, test_refusals,
              fixture_tear_down);
  return g_test_run ();
}
