/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-copy.c: a clinic's SQLite file copied whole onto a new clinic
 * server (mesodesk --copy-to). The file is read from a checked snapshot,
 * so it is never written, not even migrated; the server gets every row,
 * the audit trail and its hash chain included, in one transaction, with
 * its own triggers held off so that copying writes no audit entries of
 * its own and keeps every id. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>

#include "meso-db-copy.h"
#include "meso-db-private.h"

/* The tables a clinic in use has rows in: a server holding any is not new. */
static const char *const clinic_tables[] = { "staff", "patient", "appointment", "audit" };

typedef struct
{
  char      *name;
  GPtrArray *columns;
  gboolean   has_id;
  gboolean   derived;   /* the server's own, filled by <name>_rebuild () */
  gint64     n_source_rows;
  gint64     n_target_rows;
} Table;

static void
table_free (Table *table)
{
  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_free (table);
}

/* The first column of each row @sql selects (with @param as ?1). */
static GPtrArray *
select_texts (MesoDb      *db,
              const char  *sql,
              const char  *param,
              GError     **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MesoStmt *stmt = meso_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    meso_stmt_bind_text (stmt, 1, param);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    g_ptr_array_add (texts, g_strdup (meso_stmt_column_text (stmt, 0)));
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the clinic’s tables"), error))
    return NULL;
  return g_steal_pointer (&texts);
}

static gint64
count_rows (MesoDb      *db,
            const char  *table,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  MesoStmt *stmt = meso_db_prepare (db, sql, error);
  gint64 n;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = meso_stmt_step (stmt);
  n = rc == MESO_STEP_ROW ? meso_stmt_column_int64 (stmt, 0) : -1;
  meso_stmt_reset (stmt);
  if (n < 0)
    meso_db_set_error (db, error, rc, _("Could not count the clinic’s rows"));
  return n;
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

static gboolean
refuse_mismatch (const char  *table,
                 const char  *column,
                 GError     **error)
{
  g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE,
               column != NULL
                 ? _("The clinic server’s table “%s” has no column “%s” like the file’s: the "
                     "file and the server are not of the same Mesodesk version. Nothing was "
                     "copied.")
                 : _("The clinic server has no table “%s” like the file’s: the file and the "
                     "server are not of the same Mesodesk version. Nothing was copied."),
               table, column);
  return FALSE;
}

/* The server's tables, each after those it refers to, with the columns
 * that take values (not generated ones); each must be the file's too. */
static GPtrArray *
plan_tables (MesoDb  *source,
             MesoDb  *target,
             GError **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GPtrArray) source_names = NULL;
  g_autoptr(GPtrArray) target_names = NULL;
  g_autoptr(GPtrArray) derived_names = NULL;

  /* A full-text index and its own tables are built again from the rows. */
  source_names = select_texts (source,
                               "SELECT name FROM sqlite_schema t WHERE type = 'table'"
                               " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                               " AND sql NOT LIKE 'CREATE VIRTUAL %'"
                               " AND NOT EXISTS (SELECT 1 FROM sqlite_schema v"
                               "  WHERE v.sql LIKE 'CREATE VIRTUAL %'"
                               "  AND t.name LIKE v.name || '\\_%' ESCAPE '\\')",
                               NULL, error);
  if (source_names == NULL)
    return NULL;
  /* Depth: 0 for a table that refers to none, else one more than the
   * deepest it refers to (a table's references to itself aside). */
  target_names = select_texts (target,
                               "WITH RECURSIVE tables AS (SELECT oid, relname FROM pg_class"
                               "  WHERE relnamespace = current_schema ()::regnamespace"
                               "  AND relkind = 'r' AND relname <> 'mesodesk_schema'),"
                               " refs AS (SELECT conrelid AS child, confrelid AS parent"
                               "  FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid),"
                               " depth (oid, d) AS (SELECT oid, 0 FROM tables"
                               "  UNION ALL SELECT r.child, depth.d + 1 FROM depth"
                               "  JOIN refs r ON r.parent = depth.oid WHERE depth.d < 64)"
                               " SELECT t.relname FROM tables t JOIN depth USING (oid)"
                               " GROUP BY t.relname ORDER BY max (depth.d), t.relname",
                               NULL, error);
  if (target_names == NULL)
    return NULL;
  for (guint i = 0; i < source_names->len; i++)
    if (!has_text (target_names, source_names->pdata[i]))
      {
        refuse_mismatch (source_names->pdata[i], NULL, error);
        return NULL;
      }

  /* The server's own tables, which the file has not: each made from
   * other tables' rows by its function <name>_rebuild () (patient_word,
   * the file's full-text index). */
  derived_names = select_texts (target,
                                "SELECT substring (proname FOR length (proname) - 8)"
                                " FROM pg_proc WHERE pronamespace = current_schema ()::regnamespace"
                                " AND proname LIKE '%\\_rebuild' AND pronargs = 0",
                                NULL, error);
  if (derived_names == NULL)
    return NULL;

  for (guint i = 0; i < target_names->len; i++)
    {
      const char *name = target_names->pdata[i];
      g_autoptr(GPtrArray) source_columns = NULL;
      Table *table;

      if (!has_text (source_names, name) && has_text (derived_names, name))
        {
          table = g_new0 (Table, 1);
          table->name = g_strdup (name);
          table->columns = g_ptr_array_new ();
          table->derived = TRUE;
          g_ptr_array_add (tables, table);
          continue;
        }
      if (!has_text (source_names, name))
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE,
                       _("The file has no table “%s” like the clinic server’s: the file and "
                         "the server are not of the same Mesodesk version. Nothing was copied."),
                       name);
          return NULL;
        }
      table = g_new0 (Table, 1);
      table->name = g_strdup (name);
      g_ptr_array_add (tables, table);
      table->columns = select_texts (target,
                                     "SELECT attname FROM pg_attribute"
                                     " WHERE attrelid = to_regclass (?1) AND attnum > 0"
                                     " AND NOT attisdropped AND attgenerated = ''"
                                     " ORDER BY attnum", name, error);
      source_columns = select_texts (source,
                                     "SELECT name FROM pragma_table_xinfo (?1) WHERE hidden = 0",
                                     name, error);
      if (table->columns == NULL || source_columns == NULL)
        return NULL;
      if (source_columns->len != table->columns->len)
        {
          for (guint j = 0; j < source_columns->len; j++)
            if (!has_text (table->columns, source_columns->pdata[j]))
              {
                refuse_mismatch (name, source_columns->pdata[j], error);
                return NULL;
              }
        }
      for (guint j = 0; j < table->columns->len; j++)
        if (!has_text (source_columns, table->columns->pdata[j]))
          {
            refuse_mismatch (name, table->columns->pdata[j], error);
            return NULL;
          }
      table->has_id = has_text (table->columns, "id");
    }
  return g_steal_pointer (&tables);
}

/* Sent to the server in pieces of about this size. */
#define COPY_CHUNK (1 << 20)

/* Appends the value of @source's column @column to @row in COPY's text
 * format, as the server reads it (a blob as bytea's hex text). */
static void
append_value (GString  *row,
              MesoStmt *source,
              int       column)
{
  static const char hex[] = "0123456789abcdef";
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (meso_stmt_column_type (source, column))
    {
    case MESO_VALUE_INTEGER:
      g_string_append_printf (row, "%" G_GINT64_FORMAT, meso_stmt_column_int64 (source, column));
      break;
    case MESO_VALUE_FLOAT:
      g_string_append (row, g_ascii_dtostr (number, sizeof number,
                                            meso_stmt_column_double (source, column)));
      break;
    case MESO_VALUE_TEXT:
      {
        const char *text = meso_stmt_column_text (source, column);
        gsize size = meso_stmt_column_bytes (source, column);

        /* A backslash, and the separators, escaped with one. */
        for (gsize i = 0; i < size && text[i] != '\0'; i++)
          switch (text[i])
            {
            case '\\': g_string_append (row, "\\\\"); break;
            case '\t': g_string_append (row, "\\t"); break;
            case '\n': g_string_append (row, "\\n"); break;
            case '\r': g_string_append (row, "\\r"); break;
            default: g_string_append_c (row, text[i]); break;
            }
      }
      break;
    case MESO_VALUE_BLOB:
      {
        const guchar *bytes = meso_stmt_column_blob (source, column);
        gsize size = meso_stmt_column_bytes (source, column);

        /* bytea's \x, its backslash escaped for COPY. */
        g_string_append (row, "\\\\x");
        for (gsize i = 0; i < size; i++)
          {
            g_string_append_c (row, hex[bytes[i] >> 4]);
            g_string_append_c (row, hex[bytes[i] & 0xf]);
          }
      }
      break;
    case MESO_VALUE_NULL:
    default:
      g_string_append (row, "\\N");
      break;
    }
}

/* @table's rows from the file, sent with one COPY (row by row, a million
 * appointments took minutes of round trips). The server checks each row
 * as an INSERT would: a refused one fails the COPY and the transaction. */
static gboolean
copy_rows (MesoDb  *source,
           MesoDb  *target,
           Table   *table,
           GError **error)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) rows = g_string_sized_new (COPY_CHUNK + 4096);
  g_autofree char *select_sql = NULL;
  g_autofree char *copy_sql = NULL;
  MesoStmt *reader;
  gboolean ok = TRUE;
  int rc = MESO_STEP_DONE;

  for (guint i = 0; i < table->columns->len; i++)
    g_string_append_printf (columns, "%s\"%s\"", i > 0 ? ", " : "",
                            (const char *) table->columns->pdata[i]);
  /* In id order, so that a row refers only to rows copied before it. */
  select_sql = g_strdup_printf ("SELECT %s FROM \"%s\"%s", columns->str, table->name,
                                table->has_id ? " ORDER BY id" : "");
  copy_sql = g_strdup_printf ("COPY \"%s\" (%s) FROM STDIN", table->name, columns->str);
  reader = meso_db_prepare (source, select_sql, error);
  if (reader == NULL || !meso_pg_copy_begin (target->pg, copy_sql, error))
    return FALSE;
  while (ok && (rc = meso_stmt_step (reader)) == MESO_STEP_ROW)
    {
      for (guint i = 0; i < table->columns->len; i++)
        {
          if (i > 0)
            g_string_append_c (rows, '\t');
          append_value (rows, reader, i);
        }
      g_string_append_c (rows, '\n');
      table->n_source_rows++;
      if (rows->len >= COPY_CHUNK)
        {
          ok = meso_pg_copy_put (target->pg, rows->str, rows->len, error);
          g_string_truncate (rows, 0);
        }
    }
  /* Stopped by a failed put, the reader still has rows. */
  if (ok)
    ok = meso_db_rows_done (source, reader, rc, _("Could not read the file"), error);
  else
    meso_stmt_reset (reader);
  if (ok && rows->len > 0)
    ok = meso_pg_copy_put (target->pg, rows->str, rows->len, error);
  if (!ok)
    {
      /* Given up: the server drops what it had and the transaction fails. */
      meso_pg_copy_end (target->pg, "Mesodesk gave up the copy", NULL);
      return FALSE;
    }
  if (!meso_pg_copy_end (target->pg, NULL, error))
    {
      g_prefix_error (error, _("Copying “%s”: "), table->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_printf (MesoDb      *db,
             GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
exec_printf (MesoDb      *db,
             GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return meso_db_exec (db, sql, error);
}

/* Empties the new server's tables (the rows its schema was seeded with),
 * fills them from the file, gives each identity the next id after the
 * file's, and counts what arrived. One transaction: all or nothing. */
static gboolean
copy_tables (MesoDb     *source,
             MesoDb     *target,
             GPtrArray  *tables,
             GError    **error)
{
  if (!meso_db_begin (target, error))
    return FALSE;
  /* Triggers held off: the file's audit trail and chain arrive as they are. */
  for (guint i = 0; i < tables->len; i++)
    if (!exec_printf (target, error, "ALTER TABLE \"%s\" DISABLE TRIGGER USER",
                      ((Table *) tables->pdata[i])->name))
      goto fail;
  for (guint i = tables->len; i > 0; i--)
    if (!exec_printf (target, error, "DELETE FROM \"%s\"", ((Table *) tables->pdata[i - 1])->name))
      goto fail;
  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = tables->pdata[i];

      if (table->derived)
        continue;
      if (!copy_rows (source, target, table, error) ||
          !exec_printf (target, error, "ALTER TABLE \"%s\" ENABLE TRIGGER USER", table->name))
        goto fail;
      if (table->has_id &&
          !exec_printf (target, error,
                        "SELECT setval (s, coalesce ((SELECT max (id) FROM \"%s\"), 0) + 1, false)"
                        " FROM pg_get_serial_sequence ('\"%s\"', 'id') AS s WHERE s IS NOT NULL",
                        table->name, table->name))
        goto fail;
      table->n_target_rows = count_rows (target, table->name, error);
      if (table->n_target_rows < 0)
        goto fail;
      if (table->n_target_rows != table->n_source_rows)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE,
                       _("The clinic server holds %" PRId64 " rows of “%s” after the "
                         "copy, the file %" PRId64 ". Nothing was copied."),
                       table->n_target_rows, table->name, table->n_source_rows);
          goto fail;
        }
    }
  /* Made again from the rows copied, as the file's index would be. */
  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = tables->pdata[i];

      if (!table->derived)
        continue;
      if (!exec_printf (target, error, "ALTER TABLE \"%s\" ENABLE TRIGGER USER", table->name) ||
          !exec_printf (target, error, "SELECT \"%s_rebuild\" ()", table->name))
        goto fail;
      table->n_target_rows = count_rows (target, table->name, error);
      if (table->n_target_rows < 0)
        goto fail;
    }
  return meso_db_commit (target, error);

fail:
  meso_db_rollback (target);
  return FALSE;
}

/* A new clinic server has its schema, seeded, and nothing a clinic wrote. */
static gboolean
require_new_clinic (MesoDb      *target,
                    GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (clinic_tables); i++)
    {
      gint64 n = count_rows (target, clinic_tables[i], error);

      if (n < 0)
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED,
                       _("The clinic server’s database already holds a clinic (%" PRId64
                         " rows of “%s”). Copy into a new, empty database; nothing was copied."),
                       n, clinic_tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static void
write_report (GString    *report,
              const char *source_path,
              MesoDb     *target,
              GPtrArray  *tables)
{
  g_string_append_printf (report, _("Copied %s to %s in one transaction.\n"), source_path,
                          meso_db_get_path (target));
  g_string_append_printf (report, "%-24s %12s %12s\n", _("Table"), _("File"), _("Server"));
  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = tables->pdata[i];

      if (table->derived)
        g_string_append_printf (report, "%-24s %12s %12" G_GINT64_FORMAT "\n", table->name,
                                _("(rebuilt)"), table->n_target_rows);
      else
        g_string_append_printf (report, "%-24s %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT "\n",
                                table->name, table->n_source_rows, table->n_target_rows);
    }
}

/* The snapshot's folder, once its connection is closed: the snapshot, its
 * -wal and -shm, and the backup a migration may have left beside it. */
static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_folder (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * meso_db_copy_to_server:
 * @source_path: a clinic's SQLite file, which is only read
 * @target_uri: a clinic server's address: a new, empty database there
 * @report: (nullable): where the row counts of both sides are appended
 *
 * Copies the clinic at @source_path onto the clinic server at
 * @target_uri: its schema is made there, then every row goes across in
 * one transaction, audit trail included. A database that already holds a
 * clinic is refused. The file is read from a checked snapshot taken with
 * SQLite's backup API (and brought to this version there, if older).
 */
gboolean
meso_db_copy_to_server (const char  *source_path,
                        const char  *target_uri,
                        GString     *report,
                        GError     **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(MesoDb) source = NULL;
  g_autoptr(MesoDb) target = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  gboolean copied = FALSE;

  if (meso_db_is_server_address (source_path) || !meso_db_is_server_address (target_uri))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A copy goes from a clinic’s file to a clinic server’s address "
                             "(postgresql://…)."));
      return FALSE;
    }
  folder = g_dir_make_tmp ("mesodesk-copy-XXXXXX", error);
  if (folder == NULL)
    return FALSE;
  snapshot = g_build_filename (folder, "clinic.db", NULL);
  if (meso_db_backup_file (source_path, snapshot, error) &&
      (source = meso_db_open (snapshot, error)) != NULL &&
      (target = meso_db_open (target_uri, error)) != NULL &&
      require_new_clinic (target, error) &&
      (tables = plan_tables (source, target, error)) != NULL)
    {
      if (meso_db_get_schema_version (source) != meso_db_get_schema_version (target))
        g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE,
                     _("The file is at version %d of the clinic’s data, the clinic server at "
                       "%d. Nothing was copied."),
                     meso_db_get_schema_version (source), meso_db_get_schema_version (target));
      else
        copied = copy_tables (source, target, tables, error);
    }
  /* The server plans its queries from statistics that a bulk load leaves
   * empty until autovacuum's next round: gather them now. Not a failure
   * of the copy if it cannot. */
  if (copied)
    {
      g_autoptr(GError) analyze_error = NULL;

      if (!meso_db_exec (target, "ANALYZE", &analyze_error))
        g_debug ("ANALYZE after the copy: %s", analyze_error->message);
    }
  if (copied && report != NULL)
    write_report (report, source_path, target, tables);

  g_clear_object (&source);
  remove_folder (folder);
  return copied;
}
