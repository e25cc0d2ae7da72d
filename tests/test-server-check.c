/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-check.c: mesodesk --check of a clinic server (see
 * with-server.sh): a sound clinic reports ok; a trigger turned off or
 * dropped, an audit entry edited or deleted by another program is named;
 * an empty database is not written to. */
#include <string.h>

#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"

typedef struct
{
  char   *uri;
  MesoDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  GDate today;

  meso_test_server_require ();
  f->uri = meso_test_server_database ();
  f->db = meso_db_open (f->uri, &error);
  g_assert_no_error (error);
  admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  patients = meso_patient_store_new (f->db);
  meso_test_date (&today, 2026, 12, 3);
  g_assert_cmpint (meso_test_add_patient (patients, "Yılmaz", "Ayşe", NULL, &today), >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->uri);
}

/* SQL as another program (a superuser with psql) would send it. */
static void
exec_as_other_program (Fixture    *f,
                       const char *sql)
{
  PGconn *conn = PQconnectdb (f->uri);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

static void
assert_tampered (Fixture    *f,
                 const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (f->uri, &error);

  g_assert_null (report);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” not in: %s", needle, error->message);
}

static void
test_sound (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (f->uri, &error);

  g_assert_no_error (error);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "Schema version: "));
  g_assert_nonnull (strstr (report, "Extensions: btree_gist"));
  g_assert_nonnull (strstr (report, "Constraints: ok"));
  g_assert_nonnull (strstr (report, "Triggers: ok"));
  g_assert_nonnull (strstr (report, "chain unbroken"));
  g_assert_nonnull (strstr (report, "Patients: 1\n"));
}

static void
test_trigger_turned_off (Fixture       *f,
                         gconstpointer  data)
{
  exec_as_other_program (f, "ALTER TABLE patient DISABLE TRIGGER patient_audit_update");
  assert_tampered (f, "patient_audit_update");
}

static void
test_trigger_dropped (Fixture       *f,
                      gconstpointer  data)
{
  exec_as_other_program (f, "DROP TRIGGER audit_no_delete ON audit");
  assert_tampered (f, "The trigger “audit_no_delete” is missing");
}

static void
test_entry_edited (Fixture       *f,
                   gconstpointer  data)
{
  exec_as_other_program (f, "ALTER TABLE audit DISABLE TRIGGER audit_no_update;"
                            " UPDATE audit SET staff_id = NULL WHERE id = 2;"
                            " ALTER TABLE audit ENABLE TRIGGER audit_no_update");
  assert_tampered (f, "Audit entry 2 was changed");
}

static void
test_entry_deleted (Fixture       *f,
                    gconstpointer  data)
{
  exec_as_other_program (f, "ALTER TABLE audit DISABLE TRIGGER audit_no_delete;"
                            " DELETE FROM audit WHERE id = (SELECT max (id) FROM audit);"
                            " ALTER TABLE audit ENABLE TRIGGER audit_no_delete");
  assert_tampered (f, "was deleted");
}

/* An empty database has nothing to check, and is left empty. */
static void
test_empty_left_alone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = meso_test_server_database ();
  g_autofree char *report = meso_db_check (empty, &error);
  PGconn *conn;
  PGresult *result;

  g_assert_null (report);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_MESODESK);
  g_assert_nonnull (strstr (error->message, "nothing to check"));
  conn = PQconnectdb (empty);
  result = PQexec (conn, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace");
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0");
  PQclear (result);
  PQfinish (conn);
}

/* The command prints the report and exits 0; a tampered clinic fails. */
static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  const char *args[] = { "--check", "--database", f->uri, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (meso_test_run_mesodesk (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "chain unbroken"));

  exec_as_other_program (f, "ALTER TABLE appointment DROP CONSTRAINT"
                            " appointment_no_double_booking_room");
  g_assert_cmpint (meso_test_run_mesodesk (args, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "bookings from taking the same time"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/server-check/sound", test_sound);
  ADD ("/meso/server-check/trigger-turned-off", test_trigger_turned_off);
  ADD ("/meso/server-check/trigger-dropped", test_trigger_dropped);
  ADD ("/meso/server-check/entry-edited", test_entry_edited);
  ADD ("/meso/server-check/entry-deleted", test_entry_deleted);
  ADD ("/meso/server-check/empty-left-alone", test_empty_left_alone);
  ADD ("/meso/server-check/command", test_command);
#undef ADD
  return g_test_run ();
}
