/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-db-errors.c: what a person reads when SQLite fails: what happened and
 * what to do, never SQLite's own words, which go to the debug log; the
 * error still carries SQLite's code for the code that handles it. */
#include <string.h>

#include "meso-db-private.h"
#include "meso-test-db.h"

/* fail(CODE): a statement that fails with any SQLite result code, so that
 * each code's sentence can be checked without filling a disk. */
static void
sql_fail (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  sqlite3_result_error_code (context, sqlite3_value_int (argv[0]));
}

typedef struct
{
  int         code;
  const char *sentence;
} Case;

static const Case cases[] = {
  { SQLITE_BUSY, "Another Mesodesk or program is writing to the clinic database; "
                 "try again in a moment." },
  { SQLITE_LOCKED, "Another Mesodesk or program is writing to the clinic database; "
                   "try again in a moment." },
  { SQLITE_FULL, "The disk is full: free some space, then save again." },
  { SQLITE_READONLY, "The clinic database cannot be written" },
  { SQLITE_CORRUPT, "The clinic database is damaged. Run “mesodesk --check”" },
  { SQLITE_NOTADB, "The clinic database is damaged. Run “mesodesk --check”" },
  { SQLITE_IOERR, "The disk could not be read or written." },
  { SQLITE_CANTOPEN, "The clinic database file cannot be opened" },
  { SQLITE_NOMEM, "The computer has no memory left" },
};

/* The message names what failed and says what to do; the code is SQLite's. */
static void
assert_plain (const GError *error,
              int           code,
              const char   *sentence,
              const char   *raw)
{
  g_assert_error (error, MESO_DB_ERROR, code);
  if (strstr (error->message, sentence) == NULL)
    g_error ("“%s” is not in “%s”", sentence, error->message);
  if (strstr (error->message, raw) != NULL)
    g_error ("SQLite's own words “%s” reach the user: “%s”", raw, error->message);
}

static void
test_result_code (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) db = meso_test_open_db (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT fail (%d)", c->code);
  g_autofree char *logged = g_strdup_printf ("*SQLite error %d: %s*", c->code,
                                             sqlite3_errstr (c->code));
  sqlite3 *handle = meso_db_get_sqlite (db);

  sqlite3_create_function (handle, "fail", 1, SQLITE_UTF8, NULL, sql_fail, NULL, NULL);
  g_test_expect_message ("meso-db", G_LOG_LEVEL_DEBUG, logged);
  g_assert_false (meso_db_exec (db, sql, &error));
  g_test_assert_expected_messages ();
  assert_plain (error, c->code, c->sentence, sqlite3_errstr (c->code));
  g_assert_true (g_str_has_prefix (error->message, "Nothing was changed. "));

  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

/* Another program holds the write lock: after the busy timeout the user
 * reads that someone else is writing, not "database is locked". */
static void
test_busy (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) db = meso_test_open_db (&dir);
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (meso_db_get_path (db), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_test_expect_message ("meso-db", G_LOG_LEVEL_DEBUG, "*database is locked*");
  g_assert_false (meso_db_begin (db, &error));
  g_test_assert_expected_messages ();
  assert_plain (error, SQLITE_BUSY, "Another Mesodesk or program is writing to the clinic "
                "database; try again in a moment.", "locked");

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  g_clear_error (&error);
  g_assert_true (meso_db_begin (db, &error));
  g_assert_no_error (error);
  meso_db_rollback (db);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

static const MesoDbMigration migrations[] = {
  { 1, "CREATE TABLE setting (name TEXT NOT NULL UNIQUE, value TEXT) STRICT;"
       "CREATE TABLE booking (id INTEGER PRIMARY KEY, at INTEGER NOT NULL) STRICT;"
       "CREATE TRIGGER booking_once BEFORE INSERT ON booking"
       "  WHEN EXISTS (SELECT 1 FROM booking WHERE at = NEW.at) BEGIN"
       "  SELECT RAISE (ABORT, 'double booking');"
       "  END;"
       "CREATE TRIGGER booking_unknown BEFORE INSERT ON booking WHEN NEW.at < 0 BEGIN"
       "  SELECT RAISE (ABORT, 'a rule added later');"
       "  END;"
       "PRAGMA application_id = 1296388943;" },
  /* A database someone changed by hand already has the table. */
  { 2, "CREATE TABLE setting (name TEXT) STRICT;" },
};

/* Constraints and the schema's own rules are said in words, not SQL. */
static void
test_constraints (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open_with_migrations (path, migrations, 1, &error);

  g_assert_no_error (error);
  g_assert_true (meso_db_exec (db, "INSERT INTO setting VALUES ('paper', 'a4')", &error));
  g_assert_false (meso_db_exec (db, "INSERT INTO setting VALUES ('paper', 'letter')", &error));
  assert_plain (error, SQLITE_CONSTRAINT_UNIQUE, "Another record already uses this name or "
                "number", "UNIQUE constraint failed");
  g_clear_error (&error);
  g_assert_false (meso_db_exec (db, "INSERT INTO setting VALUES (NULL, 'x')", &error));
  assert_plain (error, SQLITE_CONSTRAINT_NOTNULL, "A value is missing or out of range",
                "NOT NULL constraint failed");
  g_clear_error (&error);

  g_assert_true (meso_db_exec (db, "INSERT INTO booking (at) VALUES (10)", &error));
  g_assert_false (meso_db_exec (db, "INSERT INTO booking (at) VALUES (10)", &error));
  assert_plain (error, SQLITE_CONSTRAINT_TRIGGER, "The practitioner, the room or the patient "
                "already has an appointment at that time.", "double booking");
  g_clear_error (&error);
  /* A rule the table of sentences does not know yet still explains itself. */
  g_assert_false (meso_db_exec (db, "INSERT INTO booking (at) VALUES (-1)", &error));
  g_assert_error (error, MESO_DB_ERROR, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_nonnull (strstr (error->message, "a rule added later"));
  g_clear_error (&error);
  g_clear_object (&db);

  /* The message of the issue: "table setting already exists". */
  db = meso_db_open_with_migrations (path, migrations, 2, &error);
  g_assert_null (db);
  assert_plain (error, SQLITE_ERROR, "Run “mesodesk --check”", "already exists");
  g_assert_nonnull (strstr (error->message, "version 2"));

  meso_test_remove_tree (dir);
}

/* A list read from the database is whole, or its reader says why not: a
 * step that fails halfway never passes for the end of the rows. */
static int
read_rows (MesoDb   *db,
           MesoStmt *stmt,
           gboolean *out_done,
           GError  **error)
{
  int n_rows = 0;
  int rc;

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    n_rows++;
  *out_done = meso_db_rows_done (db, stmt, rc, "Could not read the stock", error);
  return n_rows;
}

static void
test_rows (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) db = meso_test_open_db (&dir);
  g_autoptr(GError) error = NULL;
  MesoStmt *stmt;
  gboolean done;

  stmt = meso_db_prepare (db, "SELECT column1 FROM (VALUES (1), (2), (3))", &error);
  g_assert_no_error (error);
  g_assert_cmpint (read_rows (db, stmt, &done, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_true (done);

  /* The second row fails: one row was read, and the reader says so. */
  sqlite3_create_function (meso_db_get_sqlite (db), "fail", 1, SQLITE_UTF8, NULL, sql_fail,
                           NULL, NULL);
  stmt = meso_db_prepare (db, "SELECT CASE column1 WHEN 2 THEN fail (13) ELSE column1 END"
                              " FROM (VALUES (1), (2), (3))", &error);
  g_assert_no_error (error);
  g_test_expect_message ("meso-db", G_LOG_LEVEL_DEBUG, "*Could not read the stock*");
  g_assert_cmpint (read_rows (db, stmt, &done, &error), ==, 1);
  g_test_assert_expected_messages ();
  g_assert_false (done);
  assert_plain (error, SQLITE_FULL, "Could not read the stock. The disk is full",
                sqlite3_errstr (SQLITE_FULL));

  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/meso/db/error/code/%s",
                                               sqlite3_errstr (cases[i].code));

      g_strdelimit (path + strlen ("/meso/db/error/code/"), " /", '-');
      g_test_add_data_func (path, &cases[i], test_result_code);
    }
  g_test_add_func ("/meso/db/error/busy", test_busy);
  g_test_add_func ("/meso/db/error/constraints", test_constraints);
  g_test_add_func ("/meso/db/error/rows", test_rows);

  return g_test_run ();
}
