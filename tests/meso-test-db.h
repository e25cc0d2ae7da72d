/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-db.h: a database in a fresh folder, and counting its rows,
 * for the core tests. */
#pragma once

#include <sqlite3.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "meso-audit-sqlite.h"
#include "meso-audit.h"
#include "meso-db.h"
#include "meso-staff.h"
#include "meso-test-server.h"
#include "meso-test-util.h"

/* An administrator who works on the file itself, as the command line's
 * --backup does: for tests that back up or restore a database with no
 * account signed in on it. */
static inline MesoStaff *
meso_test_file_admin (void)
{
  return meso_staff_new (0, "Test file administrator", MESO_ROLE_ADMINISTRATOR, TRUE);
}

/* Returns: (transfer full): a new database (meso_test_clinic_location()),
 * its folder returned in @out_dir for meso_test_remove_tree(). */
static inline MesoDb *
meso_test_open_db (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = meso_test_clinic_location (out_dir);
  MesoDb *db = meso_db_open (path, &error);

  g_assert_no_error (error);
  return db;
}

/* Runs @sql, which changes audited rows directly (as another program
 * would), in a write transaction: on a server, the audit triggers learn the
 * signed-in actor only inside one (meso_db_begin()). */
static inline gboolean
meso_test_write_sql (MesoDb      *db,
                     const char  *sql,
                     GError     **error)
{
  if (!meso_db_begin (db, error))
    return FALSE;
  if (!meso_db_exec (db, sql, error))
    {
      meso_db_rollback (db);
      return FALSE;
    }
  return meso_db_commit (db, error);
}

/* The one number @sql selects, such as a count(*). */
static inline gint64
meso_test_query_int (MesoDb     *db,
                     const char *sql)
{
  MesoStmt *stmt = meso_db_prepare (db, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  value = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  return value;
}

/* Whether process @pid holds a POSIX lock on the file @path, as listed in
 * /proc/locks ("1: POSIX ADVISORY READ <pid> <major>:<minor>:<inode>
 * <start> <end>", the device in hex): any lock, or with @byte >= 0 a
 * write lock over that byte. %FALSE when @path does not exist. */
static inline gboolean
meso_test_lock_held (const char *path,
                     GPid        pid,
                     gint64      byte)
{
  g_autofree char *locks = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *file_id = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  file_id = g_strdup_printf ("%02x:%02x:%" G_GUINT64_FORMAT, major (st.st_dev),
                             minor (st.st_dev), (guint64) st.st_ino);
  g_assert_true (g_file_get_contents ("/proc/locks", &locks, NULL, NULL));
  lines = g_strsplit (locks, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      /* Waiters are listed as "1: -> POSIX ...": they hold nothing. */
      if (words->len >= 8 && g_str_equal (words->pdata[1], "POSIX") &&
          g_ascii_strtoll (words->pdata[4], NULL, 10) == pid &&
          g_str_equal (words->pdata[5], file_id) &&
          (byte < 0 || (g_str_equal (words->pdata[3], "WRITE") &&
                        g_ascii_strtoll (words->pdata[6], NULL, 10) <= byte &&
                        (g_str_equal (words->pdata[7], "EOF") ||
                         g_ascii_strtoll (words->pdata[7], NULL, 10) >= byte))))
        return TRUE;
    }
  return FALSE;
}

/* Whether this process holds a lock on the file @path. SQLite in WAL mode
 * keeps a shared lock on the database file for as long as a connection is
 * open: without it, another process that closes its connection deletes
 * the WAL under this one. */
static inline gboolean
meso_test_holds_lock (const char *path)
{
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  return meso_test_lock_held (path, getpid (), -1);
}

/* The audit triggers' actor for meso_test_forge(): staff 1. */
static inline void
meso_test_sql_actor (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  sqlite3_result_int64 (context, 1);
}

/* meso_test_forge() on a clinic server: another program connected to the
 * database, acting as staff 1 so that the audit triggers keep the chain. */
static inline void
meso_test_forge_server (const char *uri,
                        const char *sql)
{
  const char *steps[] = { "BEGIN", "SELECT set_config ('meso.actor', '1', true)", sql, "COMMIT" };
  PGconn *conn = PQconnectdb (uri);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      PGresult *result = PQexec (conn, steps[i]);
      ExecStatusType status = PQresultStatus (result);

      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        g_error ("%s: %s", steps[i], PQerrorMessage (conn));
      if (steps[i] == sql && g_strcmp0 (PQcmdTuples (result), "0") == 0)
        g_error ("%s changed nothing", sql);
      PQclear (result);
    }
  PQfinish (conn);
}

/* Runs @sql on the file at @path behind the core's back, as another
 * program could, one that even keeps the audit chain: the checks must find
 * what it wrote by itself. With @keep_wal, the changes stay in the WAL only,
 * as a crash leaves them (a file's case only). On a clinic server (@path is
 * its address), @sql runs there the same way. */
static inline void
meso_test_forge (const char *path,
                 const char *sql,
                 gboolean    keep_wal)
{
  sqlite3 *handle = NULL;
  char *message = NULL;

  if (meso_db_is_server_address (path))
    {
      g_assert_false (keep_wal);
      meso_test_forge_server (path, sql);
      return;
    }
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  if (keep_wal)
    g_assert_cmpint (sqlite3_exec (handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) |
                     sqlite3_db_config (handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL),
                     ==, SQLITE_OK);
  sqlite3_create_function (handle, "meso_actor", 0, SQLITE_UTF8, NULL, meso_test_sql_actor,
                           NULL, NULL);
  sqlite3_create_function (handle, "meso_actor_or_null", 0, SQLITE_UTF8, NULL,
                           meso_test_sql_actor, NULL, NULL);
  meso_audit_register_functions (handle);
  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  if (sqlite3_changes (handle) == 0)
    g_error ("%s changed nothing", sql);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
}

/* Fills @db's last pages with rooms, closes it (@db is the last reference,
 * taken), and writes garbage into those table pages: damage that opening
 * does not see and only an integrity check finds. Returns: (transfer full):
 * the damaged file's fingerprint. */
static inline char *
meso_test_damage_table_pages (MesoDb *db)
{
  g_autofree char *path = g_strdup (meso_db_get_path (db));
  g_autoptr(GError) error = NULL;
  char garbage[512];
  GStatBuf st;

  g_assert_true (meso_db_exec (db,
                               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                               " WHERE i < 2000) INSERT INTO room (name)"
                               " SELECT printf ('Room %04d with a longer name', i) FROM n;"
                               "PRAGMA wal_checkpoint(TRUNCATE);", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (db);
  /* The rooms, written last, fill the last pages of the file. */
  memset (garbage, 0xff, sizeof garbage);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  meso_test_overwrite (path, st.st_size - 4096 * 2 + 8, garbage, sizeof garbage);
  return meso_test_fingerprint (path);
}

/* Flips a byte in the middle of @image where it lies in the file @path,
 * as a failing disk would: no SQL, so no trigger or constraint sees it. */
static inline void
meso_test_damage_in_file (const char *path,
                          GBytes     *image)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size, image_size;
  const guint8 *image_data = g_bytes_get_data (image, &image_size);
  const guint8 *middle = image_data + image_size / 2;
  char *found = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  for (gsize i = 0; found == NULL && i + 64 <= size; i++)
    if (memcmp (contents + i, middle, 64) == 0)
      found = contents + i;
  g_assert_nonnull (found);
  found[32] ^= 0x5a;
  g_assert_true (g_file_set_contents (path, contents, size, &error));
}

/* Runs the check the application starts after its first frame, and waits
 * for its verdict. */
static inline MesoDbHealth
meso_test_verify (MesoDb *db)
{
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  meso_db_verify_async (db);
  while (meso_db_get_health (db) != MESO_DB_HEALTH_VERIFIED &&
         meso_db_get_health (db) != MESO_DB_HEALTH_DAMAGED &&
         g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, FALSE);
  return meso_db_get_health (db);
}
