/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-change-feed.c: after another connection commits
 * (MesoDb::committed-elsewhere), the audit entries written since the last
 * read say which tables and rows changed, so that each store announces
 * only its own changes, and the calendar reloads only the days touched.
 * Writes take turns on both engines, so entries commit in id order, and
 * the entries this connection's own write made are those it added between
 * its start and its commit: those were announced by the store that wrote
 * them, and are skipped. */
#define G_LOG_DOMAIN "meso-change-feed"

#include <glib/gi18n.h>

#include "meso-change-feed.h"

/* More entries than this at once (an import, a restore): the tables are
 * named, not each row. */
#define MAX_LISTED 1000

/* The start each side of a timed row's entry records (an appointment's
 * "starts_at", as "2026-12-04 09:30:00Z"). */
static const char file_entries_sql[] =
  "SELECT id, table_name, row_id, coalesce (patient_id, 0),"
  " coalesce (unixepoch (json_extract (old_values, '$.starts_at')), 0),"
  " coalesce (unixepoch (json_extract (new_values, '$.starts_at')), 0)"
  " FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char server_entries_sql[] =
  "SELECT id, table_name, row_id, coalesce (patient_id, 0),"
  " coalesce (extract (epoch FROM (old_values::json ->> 'starts_at')::timestamptz)::bigint, 0),"
  " coalesce (extract (epoch FROM (new_values::json ->> 'starts_at')::timestamptz)::bigint, 0)"
  " FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2";

struct _MesoChangeFeed
{
  GObject  parent_instance;

  MesoDb  *db;
  gint64   last_id;      /* the newest entry read */
  gint64   write_start;  /* the newest entry when this connection's write began */
  gint64   write_last;   /* and just before its COMMIT */
  GArray  *own;          /* OwnSpan: entries of its own committed writes, not yet read */
};

/* The ids in (after, last] are a write's of this connection. */
typedef struct
{
  gint64 after;
  gint64 last;
} OwnSpan;

G_DEFINE_FINAL_TYPE (MesoChangeFeed, meso_change_feed, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
meso_change_feed_finalize (GObject *object)
{
  MesoChangeFeed *self = MESO_CHANGE_FEED (object);

  g_clear_object (&self->db);
  g_array_unref (self->own);

  G_OBJECT_CLASS (meso_change_feed_parent_class)->finalize (object);
}

static void
meso_change_feed_class_init (MesoChangeFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_change_feed_finalize;

  /**
   * MesoChangeFeed::changed:
   * @changes: (element-type utf8 GArray): each table changed elsewhere, to
   *   its #MesoChange<!-- -->s in order, or to %NULL when too many to list
   *
   * Emitted once per read that found changes.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_HASH_TABLE);
}

static void
meso_change_feed_init (MesoChangeFeed *self)
{
  self->own = g_array_new (FALSE, FALSE, sizeof (OwnSpan));
  self->write_start = self->write_last = -1;
}

static gboolean
query_last_id (MesoChangeFeed  *self,
               gint64          *out_id,
               GError         **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT coalesce (max (id), 0) FROM audit", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    *out_id = meso_stmt_column_int64 (stmt, 0);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the audit trail"));
  meso_stmt_reset (stmt);
  return rc == MESO_STEP_ROW;
}

static void
on_write_began_cb (MesoChangeFeed *self)
{
  if (!query_last_id (self, &self->write_start, NULL))
    self->write_start = -1;   /* its entries will be announced twice, that is all */
}

static void
on_write_committing_cb (MesoChangeFeed *self)
{
  if (self->write_start < 0 || !query_last_id (self, &self->write_last, NULL))
    self->write_last = -1;
}

/* Only a committed write's entries exist: a rolled-back one's ids may be
 * another's next. */
static void
on_write_committed_cb (MesoChangeFeed *self)
{
  OwnSpan span = { self->write_start, self->write_last };

  if (span.after >= 0 && span.last > span.after)
    g_array_append_val (self->own, span);
  self->write_start = self->write_last = -1;
}

/* Whether entry @id is one of this connection's own writes'. */
static gboolean
is_own (MesoChangeFeed *self,
        gint64          id)
{
  for (guint i = 0; i < self->own->len; i++)
    {
      OwnSpan *span = &g_array_index (self->own, OwnSpan, i);

      if (id > span->after && id <= span->last)
        return TRUE;
    }
  return FALSE;
}

/* Forgets the spans read past. */
static void
forget_read_spans (MesoChangeFeed *self)
{
  for (guint i = self->own->len; i-- > 0;)
    if (g_array_index (self->own, OwnSpan, i).last <= self->last_id)
      g_array_remove_index (self->own, i);
}

static void
on_committed_elsewhere_cb (MesoChangeFeed *self)
{
  g_autoptr(GError) error = NULL;

  if (!meso_change_feed_read (self, &error))
    g_message ("Other workstations' changes not read: %s", error->message);
}

/**
 * meso_change_feed_new:
 *
 * Follows the changes @db's other connections commit from now on.
 *
 * Returns: (transfer full) (nullable): the feed.
 */
MesoChangeFeed *
meso_change_feed_new (MesoDb  *db,
                      GError **error)
{
  g_autoptr(MesoChangeFeed) self = g_object_new (MESO_TYPE_CHANGE_FEED, NULL);

  self->db = g_object_ref (db);
  if (!query_last_id (self, &self->last_id, error))
    return NULL;
  g_signal_connect_object (db, "committed-elsewhere", G_CALLBACK (on_committed_elsewhere_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "write-began", G_CALLBACK (on_write_began_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "write-committing", G_CALLBACK (on_write_committing_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (db, "write-committed", G_CALLBACK (on_write_committed_cb), self,
                           G_CONNECT_SWAPPED);
  return g_steal_pointer (&self);
}

static void
free_listed (GArray *listed)
{
  if (listed != NULL)
    g_array_unref (listed);
}

/* Adds one entry's change under its table, unless the table's changes are
 * past listing. */
static void
add_change (GHashTable       *changes,
            const char       *table,
            const MesoChange *change)
{
  GArray *listed;

  if (!g_hash_table_lookup_extended (changes, table, NULL, (gpointer *) &listed))
    {
      listed = g_array_new (FALSE, FALSE, sizeof (MesoChange));
      g_hash_table_insert (changes, g_strdup (table), listed);
    }
  if (listed != NULL)
    g_array_append_val (listed, *change);
}

/* After MAX_LISTED entries, the rest's tables are named without rows, and
 * read up to the newest entry of any (in one statement: an entry committed
 * meanwhile is read next time). */
static gboolean
add_unlisted (MesoChangeFeed  *self,
              GHashTable      *changes,
              GError         **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT table_name, max (id) FROM audit"
                                              " WHERE id > ?1 GROUP BY table_name", error);
  gint64 last_id = self->last_id;
  GHashTableIter iter;
  gpointer table;
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* What was listed is not complete any more either. */
  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &table, NULL))
    g_hash_table_iter_replace (&iter, NULL);
  meso_stmt_bind_int64 (stmt, 1, self->last_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      g_hash_table_insert (changes, g_strdup (meso_stmt_column_text (stmt, 0)), NULL);
      last_id = MAX (last_id, meso_stmt_column_int64 (stmt, 1));
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the audit trail"));
      return FALSE;
    }
  self->last_id = last_id;
  return TRUE;
}

/**
 * meso_change_feed_read:
 *
 * Reads the audit entries written since the last read and emits
 * #MesoChangeFeed::changed with them, if any. Called on
 * #MesoDb::committed-elsewhere; a change this connection made itself is
 * among them when another's follows it.
 */
gboolean
meso_change_feed_read (MesoChangeFeed  *self,
                       GError         **error)
{
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) free_listed);
  MesoStmt *stmt;
  guint n_read = 0;
  int rc;

  g_return_val_if_fail (MESO_IS_CHANGE_FEED (self), FALSE);

  stmt = meso_db_prepare (self->db, meso_db_is_server (self->db) ? server_entries_sql
                                                                  : file_entries_sql, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, self->last_id);
  meso_stmt_bind_int64 (stmt, 2, MAX_LISTED);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 id = meso_stmt_column_int64 (stmt, 0);
      const char *table = meso_stmt_column_text (stmt, 1);
      MesoChange change = {
        .row_id = meso_stmt_column_int64 (stmt, 2),
        .patient_id = meso_stmt_column_int64 (stmt, 3),
        .old_start = meso_stmt_column_int64 (stmt, 4),
        .new_start = meso_stmt_column_int64 (stmt, 5),
      };

      if (table == NULL)
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "audit");
          return FALSE;
        }
      self->last_id = id;
      n_read++;
      if (!is_own (self, id))
        add_change (changes, table, &change);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the audit trail"));
      return FALSE;
    }
  if (n_read == MAX_LISTED && !add_unlisted (self, changes, error))
    return FALSE;
  forget_read_spans (self);
  if (g_hash_table_size (changes) > 0)
    g_signal_emit (self, signals[CHANGED], 0, changes);
  return TRUE;
}
