/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-sqlite.c: the audit trail's engine side on SQLite: the
 * meso_audit_link() function its triggers call, and the checks of the hash
 * chain and of the triggers that --check and the open run. */
#define G_LOG_DOMAIN "meso-audit"

#include <glib/gi18n.h>
#include <string.h>

#include "meso-audit-sqlite.h"
#include "meso-db.h"

/* The hash chain. Each audit row has a link in audit_chain: SHA-256 over
 * the previous row's link and this row's columns, in the encoding below.
 * The link is made by a trigger calling meso_audit_link(), which only
 * Mesodesk's connections have: another program cannot add an audit row at
 * all, and a row added with the trigger dropped, or deleted or changed,
 * breaks the chain where --check finds it. Without a secret key the chain
 * proves edits made by tools that do not recompute it, not those of someone
 * who rewrites the whole chain from the altered row on (or cuts its tail). */

/* One value, tagged with its type, length-prefixed, so that no two rows
 * encode alike. */
static void
hash_value (GChecksum    *sum,
            int           type,
            gint64        integer,
            double        real,
            const guint8 *bytes,
            guint32       n_bytes)
{
  guint8 tag;
  guint8 be[8];
  guint64 bits = 0;

  switch (type)
    {
    case SQLITE_NULL:
      tag = 'N';
      g_checksum_update (sum, &tag, 1);
      return;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      tag = type == SQLITE_INTEGER ? 'I' : 'R';
      if (type == SQLITE_INTEGER)
        bits = (guint64) integer;
      else
        memcpy (&bits, &real, sizeof bits);
      for (guint i = 0; i < 8; i++)
        be[i] = bits >> (56 - 8 * i);
      g_checksum_update (sum, &tag, 1);
      g_checksum_update (sum, be, 8);
      return;
    default:
      tag = type == SQLITE_TEXT ? 'T' : 'B';
      for (guint i = 0; i < 4; i++)
        be[i] = n_bytes >> (24 - 8 * i);
      g_checksum_update (sum, &tag, 1);
      g_checksum_update (sum, be, 4);
      if (n_bytes > 0)
        g_checksum_update (sum, bytes, n_bytes);
    }
}

#define LINK_SIZE 32
#define LINK_ARGS 10   /* the previous link, then the audit row's 9 columns */
#define LINK_DOMAIN "mesodesk-audit-1"

/* The same encoding from a statement's column @i, which saves copying
 * each value on the walk over the whole trail. */
static void
hash_column (GChecksum    *sum,
             sqlite3_stmt *stmt,
             int           i)
{
  int type = sqlite3_column_type (stmt, i);
  const guint8 *bytes = NULL;

  if (type == SQLITE_TEXT)
    bytes = sqlite3_column_text (stmt, i);
  else if (type == SQLITE_BLOB)
    bytes = sqlite3_column_blob (stmt, i);
  hash_value (sum, type, type == SQLITE_INTEGER ? sqlite3_column_int64 (stmt, i) : 0,
              type == SQLITE_FLOAT ? sqlite3_column_double (stmt, i) : 0, bytes,
              bytes != NULL ? sqlite3_column_bytes (stmt, i) : 0);
}

/* meso_audit_link (previous link, id, at, staff_id, table_name, row_id,
 * patient_id, action, old_values, new_values): the new row's link. */
static void
sql_audit_link (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 link[LINK_SIZE];
  gsize size = LINK_SIZE;

  g_checksum_update (sum, (const guint8 *) LINK_DOMAIN, strlen (LINK_DOMAIN));
  for (int i = 0; i < LINK_ARGS; i++)
    {
      int type = sqlite3_value_type (argv[i]);
      const guint8 *bytes = NULL;

      if (type == SQLITE_TEXT)
        bytes = sqlite3_value_text (argv[i]);
      else if (type == SQLITE_BLOB)
        bytes = sqlite3_value_blob (argv[i]);
      hash_value (sum, type, type == SQLITE_INTEGER ? sqlite3_value_int64 (argv[i]) : 0,
                  type == SQLITE_FLOAT ? sqlite3_value_double (argv[i]) : 0, bytes,
                  bytes != NULL ? sqlite3_value_bytes (argv[i]) : 0);
    }
  g_checksum_get_digest (sum, link, &size);
  sqlite3_result_blob (context, link, LINK_SIZE, SQLITE_TRANSIENT);
}

/**
 * meso_audit_register_functions:
 *
 * Registers meso_audit_link(), which the audit trail's trigger calls, on
 * @handle. Every Mesodesk connection that writes has it.
 */
void
meso_audit_register_functions (sqlite3 *handle)
{
  sqlite3_create_function_v2 (handle, "meso_audit_link", LINK_ARGS,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                              sql_audit_link, NULL, NULL, NULL);
}

/**
 * meso_audit_check_chain:
 * @problems: what is wrong, one line each, is appended here
 * @out_first_broken: (out) (optional): the id of the first broken link, or 0
 * @out_n_entries: (out) (optional): how many entries the trail has
 *
 * Recomputes every link of the audit trail's hash chain on @handle (which
 * may be read-only and need not have Mesodesk's functions).
 *
 * Returns: %FALSE with @error if the trail could not be read; %TRUE
 * otherwise, with *@out_first_broken set when the chain is broken.
 */
gboolean
meso_audit_check_chain (sqlite3  *handle,
                        GString  *problems,
                        gint64   *out_first_broken,
                        gint64   *out_n_entries,
                        GError  **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;
  guint8 previous[LINK_SIZE];   /* the stored link of the row before */
  int n_previous = 0;
  gboolean has_previous = FALSE;
  gint64 previous_id = 0;
  gint64 first_broken = 0;
  gint64 n_entries = 0;
  gint64 orphan = 0;
  int rc;

  /* A link without its row: the row was deleted. */
  rc = sqlite3_prepare_v2 (handle, "SELECT min (audit_id) FROM audit_chain"
                                   " WHERE audit_id NOT IN (SELECT id FROM audit)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    orphan = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    goto fail;

  rc = sqlite3_prepare_v2 (handle, "SELECT a.id, a.at, a.staff_id, a.table_name, a.row_id,"
                                   " a.patient_id, a.action, a.old_values, a.new_values, c.hash"
                                   " FROM audit a LEFT JOIN audit_chain c ON c.audit_id = a.id"
                                   " ORDER BY a.id", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const void *stored = sqlite3_column_blob (stmt, LINK_ARGS - 1);
      int n_stored = sqlite3_column_bytes (stmt, LINK_ARGS - 1);
      guint8 expected[LINK_SIZE];
      gsize size = LINK_SIZE;

      g_checksum_reset (sum);
      g_checksum_update (sum, (const guint8 *) LINK_DOMAIN, strlen (LINK_DOMAIN));
      hash_value (sum, previous_id != 0 && has_previous ? SQLITE_BLOB : SQLITE_NULL, 0, 0,
                  previous, n_previous);
      for (int i = 0; i < LINK_ARGS - 1; i++)
        hash_column (sum, stmt, i);
      g_checksum_get_digest (sum, expected, &size);
      n_entries++;

      if (first_broken == 0 && (orphan == 0 || id < orphan))
        {
          if (stored == NULL)
            {
              first_broken = id;
              g_string_append_printf (problems, _("Audit entry %lld was added without its link in "
                                                  "the chain."), (long long) id);
            }
          else if (n_stored != LINK_SIZE || memcmp (stored, expected, LINK_SIZE) != 0)
            {
              first_broken = id;
              if (previous_id == 0)
                g_string_append_printf (problems, _("Audit entry %lld was changed, or entries "
                                                    "before it removed."), (long long) id);
              else
                g_string_append_printf (problems, _("Audit entry %lld was changed, or entries "
                                                    "between it and entry %lld removed."),
                                        (long long) id, (long long) previous_id);
            }
          if (first_broken != 0)
            g_string_append_c (problems, '\n');
        }

      /* The next link is checked against this row's stored one, so that an
       * edit is reported at the entry it touched. */
      has_previous = stored != NULL;
      n_previous = MIN (n_stored, LINK_SIZE);
      if (has_previous)
        memcpy (previous, stored, n_previous);
      previous_id = id;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    goto fail;

  if (orphan != 0 && (first_broken == 0 || orphan < first_broken))
    {
      first_broken = orphan;
      g_string_append_printf (problems, _("Audit entry %lld was deleted.\n"),
                              (long long) orphan);
    }
  if (out_first_broken != NULL)
    *out_first_broken = first_broken;
  if (out_n_entries != NULL)
    *out_n_entries = n_entries;
  return TRUE;

fail:
  g_set_error (error, MESO_DB_ERROR, sqlite3_extended_errcode (handle), "%s: %s",
               _("Could not read the audit trail"), sqlite3_errmsg (handle));
  return FALSE;
}

G_LOCK_DEFINE_STATIC (expected_triggers);

/* Returns: (transfer none): trigger name -> SQL, as @migrations up to
 * @version create them, worked out once on an in-memory database. */
static GHashTable *
expected_triggers (const MesoDbMigration  *migrations,
                   guint                   n_migrations,
                   int                     version,
                   GError                **error)
{
  static GHashTable *cache;   /* "pointer:version" -> (name -> SQL) */
  g_autofree char *key = g_strdup_printf ("%p:%d", (gpointer) migrations, version);
  g_autoptr(GHashTable) triggers = NULL;
  GHashTable *found;
  sqlite3 *memory = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  G_LOCK (expected_triggers);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_hash_table_unref);
  found = g_hash_table_lookup (cache, key);
  G_UNLOCK (expected_triggers);
  if (found != NULL)
    return found;

  triggers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rc = sqlite3_open_v2 (":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL);
  if (rc == SQLITE_OK)
    meso_audit_register_functions (memory);
  for (guint i = 0; rc == SQLITE_OK && i < n_migrations; i++)
    if (migrations[i].version <= version)
      rc = sqlite3_exec (memory, migrations[i].sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (memory, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'",
                             -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, MESO_DB_ERROR, rc, "%s: %s",
                   _("Could not work out the database’s triggers"), sqlite3_errmsg (memory));
      sqlite3_close_v2 (memory);
      return NULL;
    }
  sqlite3_close_v2 (memory);

  G_LOCK (expected_triggers);
  found = g_hash_table_lookup (cache, key);
  if (found == NULL)
    {
      found = triggers;
      g_hash_table_insert (cache, g_steal_pointer (&key), g_steal_pointer (&triggers));
    }
  G_UNLOCK (expected_triggers);
  return found;
}

/**
 * meso_audit_check_triggers:
 * @migrations: (array length=n_migrations): the schema @handle was made with
 * @version: the schema version of @handle
 * @problems: one line for each trigger missing, changed or added
 *
 * Compares the triggers of @handle, which write the audit trail and guard
 * the records, with those @migrations create.
 *
 * Returns: %FALSE with @error if they could not be compared; %TRUE
 * otherwise, with any difference appended to @problems.
 */
gboolean
meso_audit_check_triggers (sqlite3                *handle,
                           const MesoDbMigration  *migrations,
                           guint                   n_migrations,
                           int                     version,
                           GString                *problems,
                           GError                **error)
{
  GHashTable *expected = expected_triggers (migrations, n_migrations, version, error);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GList) names = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (expected == NULL)
    return FALSE;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rc = sqlite3_prepare_v2 (handle, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
                                   " ORDER BY name", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *sql = g_hash_table_lookup (expected, name);

      if (sql == NULL)
        g_string_append_printf (problems, _("The trigger “%s” was added.\n"), name);
      else
        {
          g_hash_table_add (seen, g_strdup (name));
          if (g_strcmp0 (sql, (const char *) sqlite3_column_text (stmt, 1)) != 0)
            g_string_append_printf (problems, _("The trigger “%s” was changed.\n"), name);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, MESO_DB_ERROR, sqlite3_extended_errcode (handle), "%s: %s",
                   _("Could not read the database’s triggers"), sqlite3_errmsg (handle));
      return FALSE;
    }

  names = g_list_sort (g_hash_table_get_keys (expected), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_hash_table_contains (seen, l->data))
      g_string_append_printf (problems, _("The trigger “%s” is missing.\n"),
                              (const char *) l->data);
  return TRUE;
}
