/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-check.c: what decides whether a file may be opened, and the full
 * check (integrity, constraints, triggers, the audit chain), all on
 * read-only connections. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>
#include <string.h>

#include "config.h"
#include "meso-audit-sqlite.h"
#include "meso-db-private.h"
#include "meso-patient-store-sqlite.h"
#include "meso-photo-check-sqlite.h"
#include "meso-schema.h"

static gboolean
query_int (sqlite3    *handle,
           const char *sql,
           int        *out_value,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      meso_db_set_sqlite_error (handle, error, rc, _("Could not read the database"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *out_value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Opens @path read-only and reads what decides whether Mesodesk may use it.
 * Nothing here writes to the file. */
sqlite3 *
meso_db_check_inspect (const char *path,
                       int        *out_version,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3 *handle = NULL;
  int n_objects = 0;
  int application_id = 0;
  int rc;

  rc = meso_db_file_open_read_only (path, &handle);
  if (rc != SQLITE_OK)
    {
      meso_db_set_sqlite_error (handle, error, rc, _("Could not open the database"));
      sqlite3_close_v2 (handle);
      return NULL;
    }

  if (!query_int (handle, "SELECT count(*) FROM sqlite_schema", &n_objects, &local_error) ||
      !query_int (handle, "PRAGMA application_id", &application_id, &local_error) ||
      !query_int (handle, "PRAGMA user_version", out_version, &local_error))
    {
      int code = local_error->code & 0xff;

      if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be read."), path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      sqlite3_close_v2 (handle);
      return NULL;
    }

  if (application_id != MESO_SCHEMA_APPLICATION_ID && n_objects > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_MESODESK,
                   _("“%s” is a database of another program, not of Mesodesk."), path);
      sqlite3_close_v2 (handle);
      return NULL;
    }

  return handle;
}

/* Ends a check that lists what it found: an error naming every problem (or
 * SQLite's own message, when the check itself failed), else a line in
 * @report. @failed takes the path, then the problems. */
static gboolean
finish_check (sqlite3    *handle,
              const char *path,
              int         rc,
              GString    *problems,
              const char *failed,
              const char *check_name,
              GString    *report,
              GError    **error)
{
  if (rc != SQLITE_DONE || problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT, failed, path,
                   problems->len > 0 ? problems->str : sqlite3_errmsg (handle));
      return FALSE;
    }
  if (report != NULL)
    g_string_append_printf (report, "%s: ok\n", check_name);
  return TRUE;
}

gboolean
meso_db_check_integrity (sqlite3    *handle,
                         const char *path,
                         GString    *report,
                         GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s\n", line);
    }
  sqlite3_finalize (stmt);

  return finish_check (handle, path, rc, problems,
                       _("“%s” is damaged: the integrity check failed.\n%s"),
                       _("Integrity check"), report, error);
}

/* PRAGMA quick_check: the structure of every page, without the indexes'
 * contents. */
static gboolean
quick_check (sqlite3    *handle,
             const char *path,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  /* One line is enough to refuse; the full list is for --check. */
  rc = sqlite3_prepare_v2 (handle, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      ok = g_strcmp0 (line, "ok") == 0;
      if (!ok)
        g_debug ("Quick check of %s: %s", path, line);
    }
  else
    g_debug ("Quick check of %s: %s", path, sqlite3_errmsg (handle));
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                 _("“%s” is damaged, or the write-ahead log beside it (“-wal”) belongs to "
                   "another database: both were left as they are."), path);
  return ok;
}

/* The largest database whose WAL is checked while it opens. The quick
 * check reads every page, about 0.3 s for 64 MB in the page cache and far
 * more from disk: a larger file opens held (*@out_checked cleared) and is
 * checked after the first frame by meso_db_verify_async(). */
#define WAL_CHECK_MAX_BYTES (G_GINT64_CONSTANT (64) << 20)

/* A WAL beside the file is merged into it by the first read-write
 * connection. The read-only @inspect sees the file through it without
 * changing either, so the merged view is checked first: another clinic's
 * WAL, or a damaged one, is refused and both are left as they are. */
gboolean
meso_db_check_wal (sqlite3    *inspect,
                   const char *path,
                   gboolean   *out_checked,
                   GError    **error)
{
  int n_pages = 0;
  int page_size = 0;

  if (!query_int (inspect, "PRAGMA page_count", &n_pages, error) ||
      !query_int (inspect, "PRAGMA page_size", &page_size, error))
    return FALSE;
  *out_checked = (gint64) n_pages * page_size <= WAL_CHECK_MAX_BYTES;
  return !*out_checked || quick_check (inspect, path, error);
}

/* PRAGMA integrity_check skips CHECK constraints. Each table that has any is
 * re-created as an empty TEMP table from its own CREATE statement, so the
 * constraints are the schema's own, not a copy, and its rows are inserted
 * into it: SQLite then checks every row against them. The temp schema is
 * writable even on a read-only connection; the database itself is not
 * written. */
static gboolean
constraint_check (sqlite3    *handle,
                  const char *path,
                  GString    *report,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);

  /* Read the schema first: SQLite cannot drop a table while a statement of
   * the same connection is still reading. */
  rc = sqlite3_prepare_v2 (handle,
                           "SELECT name, sql FROM main.sqlite_schema WHERE type = 'table' AND "
                           "name NOT LIKE 'sqlite_%' AND sql LIKE '%CHECK%' ORDER BY name",
                           -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; rc == SQLITE_DONE && i + 1 < tables->len; i += 2)
    {
      const char *name = tables->pdata[i];
      const char *sql = tables->pdata[i + 1];
      const char *columns = sql != NULL ? strchr (sql, '(') : NULL;
      g_autofree char *create = NULL;
      char *copy;
      int copy_rc;

      if (name == NULL || columns == NULL)
        {
          g_string_append_printf (problems, "%s\n", name);
          continue;
        }
      create = g_strconcat ("CREATE TEMP TABLE meso_constraint_check ", columns, NULL);
      copy = sqlite3_mprintf ("INSERT INTO temp.meso_constraint_check SELECT * FROM main.\"%w\"",
                              name);
      copy_rc = sqlite3_exec (handle, create, NULL, NULL, NULL);
      if (copy_rc == SQLITE_OK)
        copy_rc = sqlite3_exec (handle, copy, NULL, NULL, NULL);
      sqlite3_free (copy);
      if (copy_rc != SQLITE_OK)
        {
          g_debug ("Constraint check of %s: %s", name, sqlite3_errmsg (handle));
          g_string_append_printf (problems, _("Table “%s” holds a value its schema forbids."),
                                  name);
          g_string_append_c (problems, '\n');
        }
      if (sqlite3_exec (handle, "DROP TABLE IF EXISTS temp.meso_constraint_check",
                        NULL, NULL, NULL) != SQLITE_OK)
        rc = SQLITE_ERROR;
    }

  return finish_check (handle, path, rc, problems,
                       _("“%s” is damaged: the constraint check failed.\n%s"),
                       _("Constraint check"), report, error);
}

/* A trigger dropped, changed or added by another program could silence the
 * audit trail: such a database is refused for writing, and --check names
 * the triggers (the data stays readable there, and for a backup). */
gboolean
meso_db_check_triggers (sqlite3               *handle,
                        const char            *path,
                        const MesoDbMigration *migrations,
                        guint                  n_migrations,
                        int                    version,
                        GError               **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  if (!meso_audit_check_triggers (handle, migrations, n_migrations, version, problems, error))
    return FALSE;
  if (problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED,
                   _("“%s” was changed by another program, and Mesodesk will not write to it: "
                     "its changes might not be in the audit trail. “mesodesk --check” reports "
                     "what changed; “mesodesk --restore FILE” brings back a backup.\n%s"),
                   path, problems->str);
      return FALSE;
    }
  return TRUE;
}

/* The triggers, and the audit trail's hash chain (schema 10 on): every
 * trace another program left is listed, then reported as one error. */
static gboolean
check_tamper (sqlite3     *handle,
              const char  *path,
              int          version,
              GString     *report,
              GError     **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  gint64 first_broken = 0;
  gint64 n_entries = 0;
  guint n_migrations;
  const MesoDbMigration *migrations = meso_schema_get_migrations (&n_migrations);

  if (!meso_audit_check_triggers (handle, migrations, n_migrations, version, problems, error))
    return FALSE;
  if (problems->len == 0)
    g_string_append_printf (report, "%s: ok\n", _("Triggers"));
  if (version >= 10)
    {
      if (!meso_audit_check_chain (handle, problems, &first_broken, &n_entries, error))
        return FALSE;
      if (first_broken == 0)
        g_string_append_printf (report, _("Audit trail: ok (%lld entries, chain unbroken)\n"),
                                (long long) n_entries);
    }
  if (problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED,
                   _("“%s” was changed by another program: its audit trail cannot be "
                     "trusted.\n%s"), path, problems->str);
      return FALSE;
    }
  return TRUE;
}

static int
check_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* meso_db_check(), stopped at its next step once @cancellable is. */
char *
meso_db_check_database (const char    *path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GString) damaged_photos = g_string_new (NULL);
  sqlite3 *handle;
  gboolean empty;
  gboolean ok;
  int version = 0;
  int latest = meso_schema_latest_version ();
  gint64 n_patients;

  if (meso_db_is_server_address (path))
    return meso_db_check_server (path, error);
  g_string_append_printf (report, "%s: %s\n", _("Database"), path);

  if (!meso_db_file_check (path, FALSE, &empty, error))
    return NULL;
  if (empty)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_SQLITE,
                   _("“%s” does not exist or is empty: there is nothing to check."), path);
      return NULL;
    }

  handle = meso_db_check_inspect (path, &version, error);
  if (handle == NULL)
    return NULL;
  /* A cancelled check stops at its next step. */
  sqlite3_progress_handler (handle, 1000, check_cancelled, cancellable);

  g_string_append_printf (report, "%s: %d (%s %d)\n", _("Schema version"), version,
                          _("this build:"), latest);
  if (version > latest)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Mesodesk (database version %d; "
                     "this version understands up to %d)."), path, version, latest);
      sqlite3_close_v2 (handle);
      return NULL;
    }
  ok = meso_db_check_integrity (handle, path, report, error) &&
       constraint_check (handle, path, report, error);
  /* The patients are the patients feature's to count. */
  n_patients = ok && version >= 1 ? meso_patient_store_count_file (handle) : -1;
  if (n_patients >= 0)
    g_string_append_printf (report, "%s: %" G_GINT64_FORMAT "\n", _("Patients"), n_patients);
  ok = ok && check_tamper (handle, path, version, report, error);
  /* The photos are the photos feature's to check (schema 23 on). */
  ok = ok && (version < 23 || meso_photo_check_file (handle, report, damaged_photos, error));
  sqlite3_close_v2 (handle);

  /* A stopped check found nothing: what it says is not about the file. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The check was stopped."));
      return NULL;
    }
  if (ok && damaged_photos->len > 0)
    {
      meso_db_set_photos_damaged (error, report->str, damaged_photos->str);
      return NULL;
    }
  return ok ? g_string_free (g_steal_pointer (&report), FALSE) : NULL;
}

/* The error of a sound database whose photos are damaged: the report
 * with what was found, so that --check still shows the rest. */
void
meso_db_set_photos_damaged (GError     **error,
                            const char  *report,
                            const char  *damaged)
{
  g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_PHOTOS_DAMAGED,
               _("%sSome photos were damaged after they were stored; restore them from a "
                 "backup:\n%s"), report, damaged);
}

/**
 * meso_db_check:
 *
 * Runs the checks meso_db_open() makes, plus a full PRAGMA integrity_check,
 * a check of every row against its table's CHECK constraints and the audit
 * trail's hash chain, without writing anything. A file or folder that
 * cannot be written (a backup on read-only media) is checked too. A
 * database whose triggers or audit trail another program changed fails with
 * %MESO_DB_ERROR_TAMPERED naming them. Stored photos that no longer match
 * their checksums fail it with %MESO_DB_ERROR_PHOTOS_DAMAGED. Returns a
 * readable report, or %NULL with @error saying what is wrong.
 */
char *
meso_db_check (const char  *path,
               GError     **error)
{
  return meso_db_check_database (path, NULL, error);
}
