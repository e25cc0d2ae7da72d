/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-json.c: a patient's stored rows as one JSON document. Each
 * feature adds the rows of its own tables (its store knows which are the
 * patient's); every column goes out as the query returns it, so that a
 * column added later is handed over without anyone remembering to. */
#define G_LOG_DOMAIN "meso-record-json"

#include <glib/gi18n.h>

#include "meso-record-json.h"

struct _MesoRecordJson
{
  GString    *head;    /* "key": "value", pairs of the document's own */
  GString    *tables;  /* "table": [rows], pairs */
  GHashTable *counts;  /* table -> rows */
};

MesoRecordJson *
meso_record_json_new (void)
{
  MesoRecordJson *self = g_new0 (MesoRecordJson, 1);

  self->head = g_string_new (NULL);
  self->tables = g_string_new (NULL);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
meso_record_json_free (MesoRecordJson *self)
{
  if (self == NULL)
    return;
  g_string_free (self->head, TRUE);
  g_string_free (self->tables, TRUE);
  g_hash_table_unref (self->counts);
  g_free (self);
}

/* @text as a JSON string; text that is not UTF-8 (a damaged row) is
 * handed over with replacement characters rather than refused. */
static void
append_string (GString    *out,
               const char *text,
               gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_pair_start (GString    *out,
                   const char *indent,
                   const char *key)
{
  if (out->len > 0)
    g_string_append (out, ",\n");
  g_string_append (out, indent);
  append_string (out, key, -1);
  g_string_append (out, ": ");
}

void
meso_record_json_set (MesoRecordJson *self,
                      const char     *key,
                      const char     *value)
{
  append_pair_start (self->head, "  ", key);
  append_string (self->head, value, -1);
}

static void
append_value (GString  *out,
              MesoStmt *stmt,
              int       column)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *base64 = NULL;

  switch (meso_stmt_column_type (stmt, column))
    {
    case MESO_VALUE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, meso_stmt_column_int64 (stmt, column));
      break;
    case MESO_VALUE_FLOAT:
      g_string_append (out, g_ascii_dtostr (number, sizeof number,
                                            meso_stmt_column_double (stmt, column)));
      break;
    case MESO_VALUE_TEXT:
      append_string (out, meso_stmt_column_text (stmt, column),
                     meso_stmt_column_bytes (stmt, column));
      break;
    case MESO_VALUE_BLOB:
      base64 = g_base64_encode (meso_stmt_column_blob (stmt, column),
                                meso_stmt_column_bytes (stmt, column));
      append_string (out, base64, -1);
      break;
    case MESO_VALUE_NULL:
    default:
      g_string_append (out, "null");
    }
}

/**
 * meso_record_json_add_rows:
 * @table: the name the rows go under
 * @sql: a query of the rows about the patient (?1), every column of them
 *
 * Adds the rows @sql gives as an array of objects, one member for each
 * column, under @table.
 */
gboolean
meso_record_json_add_rows (MesoRecordJson  *self,
                           MesoDb          *db,
                           const char      *table,
                           const char      *sql,
                           gint64           patient_id,
                           GError         **error)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  MesoStmt *stmt = meso_db_prepare (db, sql, error);
  guint n_rows = 0;
  int rc;

  g_return_val_if_fail (!g_hash_table_contains (self->counts, table), FALSE);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      g_string_append (rows, n_rows++ > 0 ? ",\n      {" : "\n      {");
      for (int column = 0; column < meso_stmt_column_count (stmt); column++)
        {
          if (column > 0)
            g_string_append (rows, ", ");
          append_string (rows, meso_stmt_column_name (stmt, column), -1);
          g_string_append (rows, ": ");
          append_value (rows, stmt, column);
        }
      g_string_append_c (rows, '}');
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the patient’s record"), error))
    return FALSE;

  append_pair_start (self->tables, "    ", table);
  g_string_append_c (self->tables, '[');
  g_string_append (self->tables, rows->str);
  g_string_append (self->tables, n_rows > 0 ? "\n    ]" : "]");
  g_hash_table_insert (self->counts, g_strdup (table), GUINT_TO_POINTER (n_rows));
  return TRUE;
}

/* meso_record_json_add_rows() for each of @tables, in order. */
gboolean
meso_record_json_add_tables (MesoRecordJson         *self,
                             MesoDb                 *db,
                             const MesoRecordTable  *tables,
                             guint                   n_tables,
                             gint64                  patient_id,
                             GError                **error)
{
  for (guint i = 0; i < n_tables; i++)
    if (!meso_record_json_add_rows (self, db, tables[i].table, tables[i].sql, patient_id, error))
      return FALSE;
  return TRUE;
}

guint
meso_record_json_count_rows (MesoRecordJson *self,
                             const char     *table)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, table));
}

/* Returns: (transfer full): the document, its own members first, then
 * "tables". The record may not be added to afterwards. */
char *
meso_record_json_end (MesoRecordJson *self)
{
  GString *out = g_string_new ("{\n");

  if (self->head->len > 0)
    g_string_append_printf (out, "%s,\n", self->head->str);
  g_string_append_printf (out, "  \"tables\": {\n%s\n", self->tables->str);
  g_string_append (out, "  }\n}\n");
  return g_string_free (out, FALSE);
}
