/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-db.c: opening, migrating and refusing database files. */
#include <fcntl.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meso-backup.h"
#include "meso-context.h"
#include "meso-db.h"
#include "meso-schema.h"
#include "meso-test-db.h"
#include "meso-test-util.h"

/* The user a refusal test runs as when the suite runs as root, who could
 * otherwise read and write any file. */
#define NOBODY 65534

static char *
query_text (MesoDb     *db,
            const char *sql)
{
  MesoStmt *stmt = meso_db_prepare (db, sql, NULL);
  char *value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  value = g_strdup (meso_stmt_column_text (stmt, 0));
  meso_stmt_reset (stmt);
  return value;
}

static void
test_create (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *journal_mode = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  GStatBuf st;

  umask (022);
  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  journal_mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (meso_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (meso_test_query_int (db, "PRAGMA user_version"), ==,
                   meso_schema_latest_version ());
  g_assert_cmpint (meso_test_query_int (db, "PRAGMA application_id"), ==,
                   MESO_SCHEMA_APPLICATION_ID);
  g_assert_cmpint (meso_db_get_schema_version (db), ==, meso_schema_latest_version ());
  g_assert_null (meso_db_get_migration_backup (db));

  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

static void
test_private_folder (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "a", "b", "mesodesk.db", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (meso_db_ensure_private_folder (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  meso_test_remove_tree (dir);
}

static void
test_reopen_keeps_data (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  MesoDb *db;

  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (meso_db_begin (db, &error));
  g_assert_true (meso_db_exec (db, "INSERT INTO room (name) VALUES ('Room 1')", &error));
  g_assert_true (meso_db_commit (db, &error));
  g_object_unref (db);

  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM room"), ==, 1);
  g_object_unref (db);

  meso_test_remove_tree (dir);
}

static void
test_rollback_leaves_nothing (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);

  g_assert_true (meso_db_begin (db, &error));
  g_assert_true (meso_db_exec (db, "INSERT INTO room (name) VALUES ('Room 1')", &error));
  /* The second row breaks a CHECK: the whole transaction must go. */
  g_assert_false (meso_db_exec (db, "INSERT INTO room (name) VALUES ('')", &error));
  g_assert_error (error, MESO_DB_ERROR, SQLITE_CONSTRAINT_CHECK);
  meso_db_rollback (db);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM room"), ==, 0);

  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

static const MesoDbMigration test_migrations[] = {
  { 1, "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"
       "PRAGMA application_id = 1296388943;" },
  { 2, "ALTER TABLE item ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';" },
};

static const MesoDbMigration failing_migrations[] = {
  { 1, "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"
       "PRAGMA application_id = 1296388943;" },
  { 2, "ALTER TABLE item ADD COLUMN colour TEXT;"
       "INSERT INTO no_such_table VALUES (1);" },
};

/* A C step: writes a row in the column its version's SQL has just added. */
static gboolean
insert_from_c (MesoDb  *db,
               GError **error)
{
  return meso_db_exec (db, "INSERT INTO item (name, colour) VALUES ('from C', 'green')", error);
}

/* A C step that writes, then fails: none of its version may remain. */
static gboolean
insert_then_fail (MesoDb  *db,
                  GError **error)
{
  if (!meso_db_exec (db, "INSERT INTO item (name, colour) VALUES ('half done', 'red')", error))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the data could not be moved");
  return FALSE;
}

static const MesoDbMigration stepped_migrations[] = {
  { 1, "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"
       "PRAGMA application_id = 1296388943;" },
  { 2, "ALTER TABLE item ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';", insert_from_c },
};

static const MesoDbMigration failing_step_migrations[] = {
  { 1, "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"
       "PRAGMA application_id = 1296388943;" },
  { 2, "ALTER TABLE item ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';", insert_then_fail },
};

static char *
make_v1_database (const char *dir)
{
  char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open_with_migrations (path, test_migrations, 1, &error);

  g_assert_no_error (error);
  g_assert_true (meso_db_exec (db, "INSERT INTO item (name) VALUES ('kept')", &error));
  return path;
}

static void
test_migrate_backs_up_first (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = make_v1_database (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  g_autoptr(MesoDb) backup = NULL;
  g_autofree char *colour = NULL;
  GStatBuf st;

  db = meso_db_open_with_migrations (path, test_migrations, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_db_get_schema_version (db), ==, 2);
  colour = query_text (db, "SELECT colour FROM item");
  g_assert_cmpstr (colour, ==, "blue");

  /* The backup is the database as it was before the migration. */
  g_assert_nonnull (meso_db_get_migration_backup (db));
  g_assert_true (g_str_has_prefix (meso_db_get_migration_backup (db), path));
  g_assert_cmpint (g_stat (meso_db_get_migration_backup (db), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  backup = meso_db_open_with_migrations (meso_db_get_migration_backup (db),
                                         test_migrations, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (backup, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (meso_test_query_int (backup, "SELECT count(*) FROM item WHERE name = 'kept'"),
                   ==, 1);

  g_clear_object (&db);
  g_clear_object (&backup);
  meso_test_remove_tree (dir);
}

/* A version's C step runs after its SQL, for an existing database being
 * updated and for a new one alike. */
static void
test_migration_c_step (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = make_v1_database (dir);
  g_autofree char *new_path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;

  db = meso_db_open_with_migrations (path, stepped_migrations, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM item"), ==, 2);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM item"
                                            " WHERE name = 'from C' AND colour = 'green'"), ==, 1);
  g_clear_object (&db);

  /* Opening again runs nothing twice. */
  db = meso_db_open_with_migrations (path, stepped_migrations, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM item"), ==, 2);
  g_clear_object (&db);

  db = meso_db_open_with_migrations (new_path, stepped_migrations, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM item WHERE name = 'from C'"),
                   ==, 1);

  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

/* The database at @path is as make_v1_database() left it: version 1, two
 * columns, one row; a failed migration must leave it so. */
static void
assert_still_v1 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open_with_migrations (path, test_migrations, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM pragma_table_info('item')"),
                   ==, 2);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM item"), ==, 1);
}

/* A migration that fails, in its SQL or in a C step, takes its version's
 * SQL and its own writes with it: the database stays at the version
 * before, as it was. */
typedef struct
{
  const MesoDbMigration *migrations;
  GQuark               (*domain) (void);
  int                    code;
  const char            *message;   /* a part of the error's message, or NULL */
} FailedMigrationCase;

static const FailedMigrationCase failed_sql_case = {
  failing_migrations, meso_db_error_quark, SQLITE_ERROR, NULL
};
static const FailedMigrationCase failed_c_step_case = {
  failing_step_migrations, g_io_error_quark, G_IO_ERROR_INVALID_DATA,
  "the data could not be moved"
};

static void
test_failed_migration_rolls_back (gconstpointer data)
{
  const FailedMigrationCase *c = data;
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = make_v1_database (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;

  db = meso_db_open_with_migrations (path, c->migrations, 2, &error);
  g_assert_null (db);
  g_assert_error (error, c->domain (), c->code);
  if (c->message != NULL)
    g_assert_nonnull (strstr (error->message, c->message));
  g_clear_error (&error);

  assert_still_v1 (path);
  meso_test_remove_tree (dir);
}

/* Bad files.  Each maker writes a file at @path that must be refused. */

typedef void (*MakeBadFile) (const char *dir, const char *path);

typedef struct
{
  const char  *name;
  MakeBadFile  make;
  int          code;
  gboolean     as_other_user;   /* needs a user who is denied access */
  gboolean     detected_by_check_only;
  gboolean     checkable;       /* refused for writing, but --check reads it */
} BadFileCase;

/* A real Mesodesk database with enough rows to span many pages. */
static void
make_good_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (meso_db_exec (db,
                               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                               " WHERE i < 2000) INSERT INTO room (name)"
                               " SELECT printf ('Room %04d with a longer name', i) FROM n;"
                               "PRAGMA wal_checkpoint(TRUNCATE);", &error));
}

static void
make_text_file (const char *dir,
                const char *path)
{
  g_assert_true (g_file_set_contents (path, "Patient list\nŞahin, Elif\n", -1, NULL));
}

static void
make_truncated (const char *dir,
                const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  make_good_database (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length / 2 + 123, NULL));
}

static void
make_bad_header (const char *dir,
                 const char *path)
{
  make_good_database (path);
  meso_test_overwrite (path, 16, "\x03\x07", 2);   /* page size 775: not a power of two */
}

static void
make_bad_schema_page (const char *dir,
                      const char *path)
{
  char garbage[3000];

  make_good_database (path);
  memset (garbage, 0x5a, sizeof garbage);
  meso_test_overwrite (path, 100, garbage, sizeof garbage);
}

static void
make_other_program (const char *dir,
                    const char *path)
{
  sqlite3 *handle;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE photos (id INTEGER PRIMARY KEY);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

static void
make_too_new (const char *dir,
              const char *path)
{
  make_good_database (path);
  meso_test_overwrite (path, 60, "\x00\x00\x03\xe7", 4);   /* user_version 999 */
}

static void
make_directory (const char *dir,
                const char *path)
{
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
}

static void
make_unreadable (const char *dir,
                 const char *path)
{
  make_good_database (path);
  g_assert_cmpint (g_chmod (path, 0000), ==, 0);
}

static void
make_read_only_file (const char *dir,
                     const char *path)
{
  make_good_database (path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
}

static void
make_read_only_folder (const char *dir,
                       const char *path)
{
  make_good_database (path);
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
}

static void
make_new_in_read_only_folder (const char *dir,
                              const char *path)
{
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
}

/* Damage inside a table's pages: unseen by the quick checks at open, found
 * by the integrity check that runs before a migration and by --check. */
static void
make_damaged_pages (const char *dir,
                    const char *path)
{
  char garbage[512];
  GStatBuf st;

  make_good_database (path);
  memset (garbage, 0xff, sizeof garbage);
  /* The rooms, written last, fill the last pages of the file. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  meso_test_overwrite (path, st.st_size - 4096 * 2 + 8, garbage, sizeof garbage);
}

static const BadFileCase bad_files[] = {
  { "not-sqlite", make_text_file, MESO_DB_ERROR_NOT_SQLITE },
  { "truncated", make_truncated, MESO_DB_ERROR_TRUNCATED },
  { "bad-header", make_bad_header, MESO_DB_ERROR_CORRUPT },
  { "bad-schema-page", make_bad_schema_page, MESO_DB_ERROR_CORRUPT },
  { "other-program", make_other_program, MESO_DB_ERROR_NOT_MESODESK },
  { "too-new", make_too_new, MESO_DB_ERROR_TOO_NEW },
  { "directory", make_directory, MESO_DB_ERROR_NOT_A_FILE },
  { "damaged-pages", make_damaged_pages, MESO_DB_ERROR_CORRUPT, FALSE, TRUE },
  { "unreadable", make_unreadable, MESO_DB_ERROR_UNREADABLE, TRUE },
  { "read-only-file", make_read_only_file, MESO_DB_ERROR_READ_ONLY, TRUE, FALSE, TRUE },
  { "read-only-folder", make_read_only_folder, MESO_DB_ERROR_READ_ONLY, TRUE, FALSE, TRUE },
  { "new-in-read-only-folder", make_new_in_read_only_folder, MESO_DB_ERROR_READ_ONLY, TRUE },
};

static void
become_other_user (void)
{
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setgid (NOBODY), ==, 0);
      g_assert_cmpint (setuid (NOBODY), ==, 0);
    }
}

static void
assert_refused (const BadFileCase *c,
                const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(MesoDb) db = NULL;
  g_autofree char *report = NULL;
  int check_code;

  if (!c->detected_by_check_only)
    {
      db = meso_db_open (path, &error);
      g_assert_null (db);
      g_assert_error (error, MESO_DB_ERROR, c->code);
      g_assert_cmpstr (error->message, !=, "");
    }
  report = meso_db_check (path, &check_error);
  if (c->checkable)
    {
      /* A backup on read-only media: read immutable, no -shm made. */
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_assert_no_error (check_error);
      g_assert_nonnull (strstr (report, "Integrity check: ok"));
      g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
      return;
    }
  g_assert_null (report);
  /* No file at all: there is nothing to check, whatever the folder. */
  check_code = g_file_test (path, G_FILE_TEST_EXISTS) ? c->code : MESO_DB_ERROR_NOT_SQLITE;
  g_assert_error (check_error, MESO_DB_ERROR, check_code);
}

static void
test_refuse_bad_file (gconstpointer data)
{
  const BadFileCase *c = data;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *subprocess = NULL;

  if (g_test_subprocess ())
    {
      become_other_user ();
      assert_refused (c, g_getenv ("MESO_TEST_BAD_FILE"));
      return;
    }

  dir = meso_test_make_dir ();
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);  /* the other user may enter */
  path = g_build_filename (dir, "clinic.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  c->make (dir, path);
  before = meso_test_fingerprint (path);

  if (c->as_other_user)
    {
      g_setenv ("MESO_TEST_BAD_FILE", path, TRUE);
      subprocess = g_strdup_printf ("/meso/db/refuse/%s", c->name);
      g_test_trap_subprocess (subprocess, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  else
    assert_refused (c, path);

  /* A refused file is never written, migrated or replaced. */
  after = meso_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS) &&
                  !g_file_test (path, G_FILE_TEST_EXISTS));
  meso_test_remove_tree (dir);
}

static void
test_damaged_file_not_migrated (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  char garbage[512];

  db = meso_db_open_with_migrations (path, test_migrations, 1, &error);
  g_assert_no_error (error);
  g_assert_true (meso_db_exec (db,
                               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                               " WHERE i < 3000) INSERT INTO item (name)"
                               " SELECT printf ('item %05d', i) FROM n;"
                               "PRAGMA wal_checkpoint(TRUNCATE);", &error));
  g_clear_object (&db);
  memset (garbage, 0xff, sizeof garbage);
  meso_test_overwrite (path, 4096 * 10 + 8, garbage, sizeof garbage);
  before = meso_test_fingerprint (path);

  db = meso_db_open_with_migrations (path, test_migrations, 2, &error);
  g_assert_null (db);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);

  after = meso_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  meso_test_remove_tree (dir);
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "no-such-folder", "clinic.db", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);

  g_assert_null (db);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NO_FOLDER);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  meso_test_remove_tree (dir);
}

static void
test_check_reports_good_file (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;

  make_good_database (path);
  before = meso_test_fingerprint (path);
  report = meso_db_check (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "Integrity check: ok"));
  g_assert_nonnull (strstr (report, "Patients: 0"));
  after = meso_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  meso_test_remove_tree (dir);
}

static void
test_backup_to (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  g_autoptr(MesoDb) restored = NULL;

  make_good_database (path);
  db = meso_db_open (path, &error);
  g_assert_true (meso_db_backup_to (db, copy, &error));
  g_assert_no_error (error);
  /* Never over an existing file. */
  g_assert_false (meso_db_backup_to (db, copy, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  restored = meso_db_open (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (restored, "SELECT count(*) FROM room"), ==, 2000);

  g_clear_object (&db);
  g_clear_object (&restored);
  meso_test_remove_tree (dir);
}

/* Every way this process opens, reads or copies its database, run while the
 * first connection is open: after each, the process must still hold that
 * connection's shared lock on the file. */
typedef struct
{
  char      *dir;
  char      *path;
  GPtrArray *kept;   /* connections and contexts open for the whole test */
} LockRun;

static void
lock_open (LockRun *run)
{
  g_autoptr(GError) error = NULL;
  MesoDb *db = meso_db_open (run->path, &error);

  g_assert_no_error (error);
  g_ptr_array_add (run->kept, db);
  g_assert_true (meso_db_exec (db, "CREATE TABLE IF NOT EXISTS lock_test (n INTEGER) STRICT;"
                                   "INSERT INTO lock_test VALUES (1);", &error));
  g_assert_no_error (error);
}

static gpointer
open_in_thread (gpointer path)
{
  g_autoptr(GError) error = NULL;
  MesoDb *db = meso_db_open (path, &error);

  g_assert_no_error (error);
  return db;
}

/* As the reminders' sync worker does: its own connection, in a thread. */
static void
lock_worker_thread (LockRun *run)
{
  GThread *thread = g_thread_new ("worker", open_in_thread, run->path);

  g_ptr_array_add (run->kept, g_thread_join (thread));
}

static void
lock_context (LockRun *run)
{
  g_autoptr(GError) error = NULL;
  MesoContext *context = meso_context_open (run->path, FALSE, &error);

  g_assert_no_error (error);
  g_ptr_array_add (run->kept, context);
}

static void
lock_check (LockRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (run->path, &error);

  g_assert_no_error (error);
}

static void
lock_backup (LockRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (run->dir, "backup.db", NULL);
  g_autoptr(MesoStaff) admin = meso_test_file_admin ();

  g_assert_true (meso_backup_write (run->path, backup, admin, NULL, &error));
  g_assert_no_error (error);
}

static void
lock_copy_file (LockRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (run->dir, "copy.db", NULL);

  g_assert_true (meso_db_copy_file (run->path, copy, &error));
  g_assert_no_error (error);
}

/* Restore replaces the data under the open window, as the preferences do. */
static void
lock_restore (LockRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (run->dir, "backup.db", NULL);
  g_autofree char *folder = g_build_filename (run->dir, "safety", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 9, 0, 0);
  g_autoptr(MesoStaff) admin = meso_test_file_admin ();

  g_assert_true (meso_backup_restore (run->path, backup, NULL, folder, now, admin, NULL, &error));
  g_assert_no_error (error);
}

static const struct
{
  const char *name;
  void      (*run) (LockRun *run);
} lock_steps[] = {
  { "meso_db_open", lock_open },
  { "a second connection", lock_open },
  { "a worker thread's connection", lock_worker_thread },
  { "meso_context_open", lock_context },
  { "meso_db_check", lock_check },
  { "meso_backup_write", lock_backup },
  { "meso_db_copy_file", lock_copy_file },
  { "meso_backup_restore", lock_restore },
};

static void
test_lock_kept (void)
{
  LockRun run;

  run.dir = meso_test_make_dir ();
  run.path = g_build_filename (run.dir, "clinic.db", NULL);
  run.kept = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (lock_steps); i++)
    {
      gboolean held;

      lock_steps[i].run (&run);
      held = meso_test_holds_lock (run.path);
      if (!held)
        g_test_message ("After %s, this process holds no lock on the database", lock_steps[i].name);
      g_assert_true (held);
    }

  g_ptr_array_unref (run.kept);
  meso_test_remove_tree (run.dir);
  g_free (run.dir);
  g_free (run.path);
}

/* Another program (here the sqlite3 shell) reads the database and
 * checkpoints while the window and a worker have it open: what is saved
 * afterwards still goes into the database, and Back Up Now still works. */
static void
test_outside_reader (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  g_autoptr(MesoDb) worker = NULL;
  g_autoptr(MesoDb) copy = NULL;
  g_autoptr(MesoStaff) admin = meso_test_file_admin ();
  const char *argv[] = { shell, path, "SELECT count(*) FROM room; PRAGMA wal_checkpoint;", NULL };
  int status;

  g_assert_nonnull (shell);   /* build-aux/dev installs it */
  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  worker = meso_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (meso_db_exec (db, "INSERT INTO room (name) VALUES ('Room 1')", &error));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  /* One room; the checkpoint ran (not busy: 0). */
  g_assert_true (g_str_has_prefix (out, "1\n0|"));

  g_assert_true (meso_db_exec (db, "INSERT INTO room (name) VALUES ('Room 2')", &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (worker, "SELECT count(*) FROM room"), ==, 2);
  meso_backup_write (path, backup, admin, NULL, &error);
  g_assert_no_error (error);   /* was: "disk I/O error" */
  copy = meso_db_open (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (copy, "SELECT count(*) FROM room"), ==, 2);

  g_clear_object (&copy);
  g_clear_object (&worker);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/db/create", test_create);
  g_test_add_func ("/meso/db/private-folder", test_private_folder);
  g_test_add_func ("/meso/db/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/meso/db/rollback-leaves-nothing", test_rollback_leaves_nothing);
  g_test_add_func ("/meso/db/migrate/backs-up-first", test_migrate_backs_up_first);
  g_test_add_data_func ("/meso/db/migrate/failure-rolls-back", &failed_sql_case,
                        test_failed_migration_rolls_back);
  g_test_add_func ("/meso/db/migrate/c-step", test_migration_c_step);
  g_test_add_data_func ("/meso/db/migrate/c-step-failure-rolls-back", &failed_c_step_case,
                        test_failed_migration_rolls_back);
  g_test_add_func ("/meso/db/migrate/damaged-file-refused", test_damaged_file_not_migrated);
  g_test_add_func ("/meso/db/refuse/missing-folder", test_missing_folder);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/meso/db/refuse/%s", bad_files[i].name);
      g_test_add_data_func (path, &bad_files[i], test_refuse_bad_file);
    }
  g_test_add_func ("/meso/db/check/good-file", test_check_reports_good_file);
  g_test_add_func ("/meso/db/backup-to", test_backup_to);
  g_test_add_func ("/meso/db/lock-kept", test_lock_kept);
  g_test_add_func ("/meso/db/outside-reader", test_outside_reader);

  return g_test_run ();
}
