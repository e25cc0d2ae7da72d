/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-stmt.c: MesoStmt, a thin layer over sqlite3_stmt or, on a clinic
 * server, MesoPgStmt (meso-db-pg.c), that keeps the stores free of either
 * engine's own calls; and the connection's cache of prepared statements. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>
#include <string.h>

#include "meso-db-private.h"

/* One of the two is set. */
struct _MesoStmt
{
  sqlite3_stmt *sqlite;
  MesoPgStmt   *pg;
};

MesoStmt *
meso_stmt_new (sqlite3_stmt *sqlite,
               MesoPgStmt   *pg)
{
  MesoStmt *stmt = g_new0 (MesoStmt, 1);

  stmt->sqlite = sqlite;
  stmt->pg = pg;
  return stmt;
}

void
meso_stmt_free (MesoStmt *stmt)
{
  if (stmt->pg != NULL)
    meso_pg_stmt_free (stmt->pg);
  else
    sqlite3_finalize (stmt->sqlite);
  g_free (stmt);
}

/* A number bound on a server travels as text, typed by @type. */
static void
bind_number (MesoStmt      *stmt,
             int            index,
             MesoValueType  type,
             const char    *text)
{
  meso_pg_stmt_bind (stmt->pg, index, type, text, strlen (text));
}

void
meso_stmt_bind_int64 (MesoStmt *stmt,
                      int       index,
                      gint64    value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (stmt->pg == NULL)
    {
      sqlite3_bind_int64 (stmt->sqlite, index, value);
      return;
    }
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  bind_number (stmt, index, MESO_VALUE_INTEGER, text);
}

void
meso_stmt_bind_int (MesoStmt *stmt,
                    int       index,
                    int       value)
{
  meso_stmt_bind_int64 (stmt, index, value);
}

void
meso_stmt_bind_double (MesoStmt *stmt,
                       int       index,
                       double    value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (stmt->pg == NULL)
    {
      sqlite3_bind_double (stmt->sqlite, index, value);
      return;
    }
  bind_number (stmt, index, MESO_VALUE_FLOAT, g_ascii_dtostr (text, sizeof text, value));
}

/* @value: (nullable): copied; %NULL binds SQL NULL */
void
meso_stmt_bind_text (MesoStmt   *stmt,
                     int         index,
                     const char *value)
{
  if (stmt->pg != NULL)
    meso_pg_stmt_bind (stmt->pg, index, MESO_VALUE_TEXT, value,
                       value != NULL ? strlen (value) : 0);
  else
    sqlite3_bind_text (stmt->sqlite, index, value, -1, SQLITE_TRANSIENT);
}

/* @value: @length bytes of UTF-8, not nul-terminated; copied */
void
meso_stmt_bind_text_len (MesoStmt   *stmt,
                         int         index,
                         const char *value,
                         gsize       length)
{
  g_return_if_fail (length <= G_MAXINT);
  if (stmt->pg != NULL)
    meso_pg_stmt_bind (stmt->pg, index, MESO_VALUE_TEXT, value, length);
  else
    sqlite3_bind_text (stmt->sqlite, index, value, (int) length, SQLITE_TRANSIENT);
}

/* @value: copied */
void
meso_stmt_bind_blob (MesoStmt *stmt,
                     int       index,
                     GBytes   *value)
{
  gsize size;
  const void *data = g_bytes_get_data (value, &size);

  if (stmt->pg != NULL)
    meso_pg_stmt_bind (stmt->pg, index, MESO_VALUE_BLOB, data != NULL ? data : "", size);
  else
    sqlite3_bind_blob64 (stmt->sqlite, index, data != NULL ? data : "", size,
                         SQLITE_TRANSIENT);
}

void
meso_stmt_bind_null (MesoStmt *stmt,
                     int       index)
{
  if (stmt->pg != NULL)
    meso_pg_stmt_bind (stmt->pg, index, MESO_VALUE_NULL, NULL, 0);
  else
    sqlite3_bind_null (stmt->sqlite, index);
}

int
meso_stmt_count_parameters (MesoStmt *stmt)
{
  if (stmt->pg != NULL)
    return meso_pg_stmt_count_parameters (stmt->pg);
  return sqlite3_bind_parameter_count (stmt->sqlite);
}

/* Returns: %MESO_STEP_ROW, %MESO_STEP_DONE, or a failure (see #MesoStep) */
int
meso_stmt_step (MesoStmt *stmt)
{
  int rc;

  if (stmt->pg != NULL)
    return meso_pg_stmt_step (stmt->pg);
  rc = sqlite3_step (stmt->sqlite);
  if (rc == SQLITE_ROW)
    return MESO_STEP_ROW;
  if (rc == SQLITE_DONE)
    return MESO_STEP_DONE;
  return sqlite3_extended_errcode (sqlite3_db_handle (stmt->sqlite));
}

void
meso_stmt_reset (MesoStmt *stmt)
{
  if (stmt->pg != NULL)
    meso_pg_stmt_reset (stmt->pg);
  else
    sqlite3_reset (stmt->sqlite);
}

/* Returns: how many rows the statement's last run inserted, changed or
 * deleted (not counting what triggers did). */
gint64
meso_stmt_changes (MesoStmt *stmt)
{
  if (stmt->pg != NULL)
    return meso_pg_stmt_changes (stmt->pg);
  return sqlite3_changes (sqlite3_db_handle (stmt->sqlite));
}

/* The columns of the row a step gave, and their names as the query gave
 * them: for a record written out whole, whatever columns its table has. */
int
meso_stmt_column_count (MesoStmt *stmt)
{
  if (stmt->pg != NULL)
    return meso_pg_stmt_column_count (stmt->pg);
  return sqlite3_column_count (stmt->sqlite);
}

const char *
meso_stmt_column_name (MesoStmt *stmt,
                       int       column)
{
  if (stmt->pg != NULL)
    return meso_pg_stmt_column_name (stmt->pg, column);
  return sqlite3_column_name (stmt->sqlite, column);
}

MesoValueType
meso_stmt_column_type (MesoStmt *stmt,
                       int       column)
{
  if (stmt->pg != NULL)
    return meso_pg_stmt_column_type (stmt->pg, column);
  switch (sqlite3_column_type (stmt->sqlite, column))
    {
    case SQLITE_INTEGER:
      return MESO_VALUE_INTEGER;
    case SQLITE_FLOAT:
      return MESO_VALUE_FLOAT;
    case SQLITE_TEXT:
      return MESO_VALUE_TEXT;
    case SQLITE_BLOB:
      return MESO_VALUE_BLOB;
    default:
      return MESO_VALUE_NULL;
    }
}

gint64
meso_stmt_column_int64 (MesoStmt *stmt,
                        int       column)
{
  const char *text;

  if (stmt->pg == NULL)
    return sqlite3_column_int64 (stmt->sqlite, column);
  text = meso_pg_stmt_column_text (stmt->pg, column);
  /* A real reads as its whole part, as SQLite converts it. */
  if (text != NULL && strpbrk (text, ".eE") != NULL)
    return (gint64) g_ascii_strtod (text, NULL);
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

int
meso_stmt_column_int (MesoStmt *stmt,
                      int       column)
{
  if (stmt->pg != NULL)
    return (int) meso_stmt_column_int64 (stmt, column);
  return sqlite3_column_int (stmt->sqlite, column);
}

double
meso_stmt_column_double (MesoStmt *stmt,
                         int       column)
{
  const char *text;

  if (stmt->pg == NULL)
    return sqlite3_column_double (stmt->sqlite, column);
  text = meso_pg_stmt_column_text (stmt->pg, column);
  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

/* Returns: (nullable): valid until the next step or reset */
const char *
meso_stmt_column_text (MesoStmt *stmt,
                       int       column)
{
  if (stmt->pg != NULL)
    return meso_pg_stmt_column_text (stmt->pg, column);
  return (const char *) sqlite3_column_text (stmt->sqlite, column);
}

const void *
meso_stmt_column_blob (MesoStmt *stmt,
                       int       column)
{
  gsize size;

  if (stmt->pg != NULL)
    return meso_pg_stmt_column_blob (stmt->pg, column, &size);
  return sqlite3_column_blob (stmt->sqlite, column);
}

/* Returns: the size of the text or blob that the column's last read returned. */
gsize
meso_stmt_column_bytes (MesoStmt *stmt,
                        int       column)
{
  const char *text;

  if (stmt->pg == NULL)
    return sqlite3_column_bytes (stmt->sqlite, column);
  if (meso_pg_stmt_column_type (stmt->pg, column) == MESO_VALUE_BLOB)
    {
      gsize size;

      meso_pg_stmt_column_blob (stmt->pg, column, &size);
      return size;
    }
  text = meso_pg_stmt_column_text (stmt->pg, column);
  return text != NULL ? strlen (text) : 0;
}

/* Whether @column is an integer within [@min, @max]: a value read from the
 * database that indexes, sizes or selects is checked where it is read. */
gboolean
meso_stmt_column_int_in (MesoStmt *stmt,
                         int       column,
                         gint64    min,
                         gint64    max)
{
  return meso_stmt_column_type (stmt, column) == MESO_VALUE_INTEGER &&
         meso_stmt_column_int64 (stmt, column) >= min &&
         meso_stmt_column_int64 (stmt, column) <= max;
}

/* Returns: whether a failed @step broke a constraint: a CHECK, UNIQUE,
 * NOT NULL or foreign key, or a rule a trigger enforces. */
gboolean
meso_step_is_constraint (int step)
{
  return (step & 0xff) == SQLITE_CONSTRAINT;
}

/* Returns: whether a failed @step would have left a row naming one that is gone. */
gboolean
meso_step_is_foreign_key (int step)
{
  return step == SQLITE_CONSTRAINT_FOREIGNKEY;
}

/* Returns: whether a failed @step would have made a UNIQUE column repeat. */
gboolean
meso_step_is_unique (int step)
{
  return step == SQLITE_CONSTRAINT_UNIQUE;
}

/**
 * meso_db_prepare:
 * @sql: a constant SQL text with bound parameters only
 *
 * Returns: (transfer none): a cached statement, reset and with its bindings
 * cleared, owned by @self.
 */
MesoStmt *
meso_db_prepare (MesoDb      *self,
                 const char  *sql,
                 GError     **error)
{
  GHashTable *statements;
  MesoStmt *stmt;
  sqlite3_stmt *sqlite;
  int rc;

  g_return_val_if_fail (MESO_IS_DB (self), NULL);

  /* Never inside a transaction: the next statements would run outside it. */
  if (self->pg != NULL && !self->in_transaction)
    meso_pg_reset_if_lost (self->pg);
  statements = self->statements;
  stmt = g_hash_table_lookup (statements, sql);
  if (stmt != NULL && stmt->pg != NULL)
    {
      meso_pg_stmt_reset (stmt->pg);
      meso_pg_stmt_clear_bindings (stmt->pg);
      return stmt;
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt->sqlite);
      sqlite3_clear_bindings (stmt->sqlite);
      return stmt;
    }

  if (self->pg != NULL)
    stmt = meso_stmt_new (NULL, meso_pg_stmt_new (self->pg, sql, error));
  else
    {
      rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &sqlite, NULL);
      if (rc != SQLITE_OK)
        {
          meso_db_set_error (self, error, rc, _("Could not prepare a query"));
          return NULL;
        }
      stmt = meso_stmt_new (sqlite, NULL);
    }
  g_hash_table_insert (statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a statement that returns no rows, and resets it. */
gboolean
meso_db_step_done (MesoDb   *self,
                   MesoStmt *stmt,
                   GError  **error)
{
  int rc = meso_stmt_step (stmt);

  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self, error, rc, _("Could not save"));
      meso_stmt_reset (stmt);
      return FALSE;
    }
  meso_stmt_reset (stmt);
  return TRUE;
}

/**
 * meso_db_step_new_id:
 * @stmt: an INSERT of one row ... RETURNING id
 *
 * Steps @stmt and resets it. The id comes from the insert itself: on a
 * clinic server the audit triggers insert rows of their own, so no "last
 * insert id" of the connection is the record's.
 *
 * Returns: the new row's id, or 0 with @error.
 */
gint64
meso_db_step_new_id (MesoDb    *self,
                     MesoStmt  *stmt,
                     GError   **error)
{
  int rc = meso_stmt_step (stmt);
  gint64 id = 0;

  if (rc == MESO_STEP_ROW)
    id = meso_stmt_column_int64 (stmt, 0);
  else
    meso_db_set_error (self, error, rc, _("Could not save"));
  meso_stmt_reset (stmt);
  return id;
}

/**
 * meso_db_rows_done:
 * @rc: what the last meso_stmt_step() of @stmt returned
 * @what: what was being read, for the message
 *
 * Ends a loop over the rows of @stmt: resets it, and sets @error unless the
 * rows ran out (@rc is %MESO_STEP_DONE) rather than a step failing.
 *
 * Returns: whether every row was read
 */
gboolean
meso_db_rows_done (MesoDb     *self,
                   MesoStmt   *stmt,
                   int         rc,
                   const char *what,
                   GError    **error)
{
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_db_read_names:
 * @sql: a query of two columns, an id and a text
 * @what: what is being read, for the message
 *
 * Returns: (transfer full) (element-type gint64 utf8): the texts by id
 * (keys point to gint64), or %NULL with @error.
 */
GHashTable *
meso_db_read_names (MesoDb      *self,
                    const char  *sql,
                    const char  *what,
                    GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);
  MesoStmt *stmt = meso_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    g_hash_table_insert (names, g_memdup2 (&(gint64) { meso_stmt_column_int64 (stmt, 0) },
                                           sizeof (gint64)),
                         g_strdup (meso_stmt_column_text (stmt, 1)));
  if (!meso_db_rows_done (self, stmt, rc, what, error))
    return NULL;
  return g_steal_pointer (&names);
}
