/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminders-sync.c: what a sync of MesoReminders does: each source
 * (meso-reminder-source.h: the schedule, the stock) is asked which
 * reminders its events in a window around now want by the rules, and the
 * result is merged into the reminder table. This file implements the
 * query the sources are given; meso-reminders.c says when a sync runs,
 * and on which connection. */
#define G_LOG_DOMAIN "meso-reminders"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-reminders-private.h"

#define HOUR 3600
#define DAY (24 * HOUR)
/* How far back a sync looks, past the previous one: a session marked done
 * late still gets its aftercare. */
#define MARGIN DAY
/* Reminders older than this when Mesodesk starts again are not made. */
#define CATCH_UP (14 * DAY)

#define SYNCED_AT_KEY "reminders.synced-at"

/* A reminder the rules want, before it is merged into the table. */
typedef struct
{
  MesoReminderKind kind;
  char            *source;
  gint64           patient_id;
  gint64           appointment_id;
  gint64           due_at;
  char            *summary;
  char            *body;
} Wanted;

typedef struct _MesoReminderQuery Sync;

struct _MesoReminderQuery
{
  MesoReminders    *self;
  MesoDb           *db;         /* the connection the sync runs on */
  MesoResources    *resources;
  MesoReminderRule  rules[MESO_REMINDER_N_KINDS];
  gint64            now;
  gint64            from;       /* event reminders due in [from, to] are made */
  gint64            to;
  GHashTable       *wanted;     /* "kind/source" -> Wanted */
  guint             written;    /* reminders made, changed or withdrawn */
};

static void
wanted_free (Wanted *wanted)
{
  g_free (wanted->source);
  g_free (wanted->summary);
  g_free (wanted->body);
  g_free (wanted);
}

/* The query the sources are given */

/* Returns: (transfer none): the clinic's zone, days and practitioners. */
MesoResources *
meso_reminder_query_get_resources (MesoReminderQuery *sync)
{
  return sync->resources;
}

/* Returns: (transfer none): the clinic's settings (warning times, limits). */
MesoClinic *
meso_reminder_query_get_clinic (MesoReminderQuery *sync)
{
  return sync->self->clinic;
}

/* Returns: the time of the sync: a source reads no clock of its own. */
gint64
meso_reminder_query_get_now (MesoReminderQuery *sync)
{
  return sync->now;
}

/* The window: an event reminder is made if it falls due in [from, to]. */
void
meso_reminder_query_get_window (MesoReminderQuery *sync,
                                gint64            *out_from,
                                gint64            *out_to)
{
  *out_from = sync->from;
  *out_to = sync->to;
}

/* Returns: (transfer none): the clinic's rule for @kind. */
const MesoReminderRule *
meso_reminder_query_get_rule (MesoReminderQuery *sync,
                              MesoReminderKind   kind)
{
  g_return_val_if_fail (kind < MESO_REMINDER_N_KINDS, NULL);
  return &sync->rules[kind];
}

/**
 * meso_reminder_query_wants:
 *
 * Whether @kind's rule is on and, for an event, its reminder due at
 * @due_at falls in the sync's window: a source asks before it makes the
 * reminder's texts.
 */
gboolean
meso_reminder_query_wants (MesoReminderQuery *sync,
                           MesoReminderKind   kind,
                           gint64             due_at)
{
  return sync->rules[kind].enabled &&
         (meso_reminder_kind_is_standing (kind) || (due_at >= sync->from && due_at <= sync->to));
}

/**
 * meso_reminder_query_add:
 * @source: (transfer full): what the reminder is about ("appointment:12"),
 *   unique for @kind
 * @patient_id: 0 for none
 * @appointment_id: 0 for none
 * @due_at: when it falls due; 0: now, when first made
 * @fields: (array fixed-size=MESO_REMINDER_N_FIELDS): its rule's texts'
 *   values by #MesoReminderField, %NULL for none
 *
 * Records that a reminder of @kind is wanted for @source.
 */
void
meso_reminder_query_add (MesoReminderQuery *sync,
                         MesoReminderKind   kind,
                         char              *source,
                         gint64             patient_id,
                         gint64             appointment_id,
                         gint64             due_at,
                         const char *const *fields)
{
  const MesoReminderRule *rule = &sync->rules[kind];
  Wanted *wanted = g_new0 (Wanted, 1);

  wanted->kind = kind;
  wanted->source = source;
  wanted->patient_id = patient_id;
  wanted->appointment_id = appointment_id;
  wanted->due_at = due_at;
  wanted->summary = meso_reminder_expand (meso_reminder_rule_get_summary (rule), fields);
  wanted->body = meso_reminder_expand (meso_reminder_rule_get_body (rule), fields);
  g_hash_table_replace (sync->wanted,
                        g_strdup_printf ("%s/%s", meso_reminder_kind_get_code (kind),
                                         wanted->source),
                        wanted);
}

/* An open reminder the sync answers for, as stored. */
typedef struct
{
  gint64   id;
  gboolean pending;
  gint64   due_at;
  char    *summary;
  char    *body;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->summary);
  g_free (stored->body);
  g_free (stored);
}

/* Returns: (transfer full): the open reminders a sync answers for, by
 * "kind/source": standing ones, and event ones due in its window. */
static GHashTable *
read_stored (Sync    *sync,
             GError **error)
{
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) stored_free);
  MesoStmt *stmt = meso_db_prepare (sync->db,
    "SELECT id, kind, source, state, due_at, summary, body FROM reminder"
    " WHERE state IN ('pending', 'shown', 'snoozed')"
    "  AND (kind IN ('lot-expiring', 'low-stock') OR due_at BETWEEN ?1 AND ?2)", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, sync->from);
  meso_stmt_bind_int64 (stmt, 2, sync->to);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      Stored *row = g_new0 (Stored, 1);

      row->id = meso_stmt_column_int64 (stmt, 0);
      row->pending = g_strcmp0 (meso_stmt_column_text (stmt, 3), "pending") == 0;
      row->due_at = meso_stmt_column_int64 (stmt, 4);
      row->summary = g_strdup (meso_stmt_column_text (stmt, 5));
      row->body = g_strdup (meso_stmt_column_text (stmt, 6));
      g_hash_table_insert (stored, g_strdup_printf ("%s/%s", meso_stmt_column_text (stmt, 1),
                                                    meso_stmt_column_text (stmt, 2)),
                           row);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (sync->db, error, rc, _("Could not read the reminders"));
      return NULL;
    }
  return g_steal_pointer (&stored);
}

/* Steps @stmt for reminder @id, with the time now if it takes one. */
static gboolean
step_with_id (MesoDb   *db,
              MesoStmt *stmt,
              gint64    id,
              gint64    now,
              GError  **error)
{
  meso_stmt_bind_int64 (stmt, 1, id);
  if (meso_stmt_count_parameters (stmt) > 1)
    meso_stmt_bind_int64 (stmt, 2, now);
  return meso_db_step_done (db, stmt, error);
}

/* New reminders go in multi-row INSERTs of up to this many: on a clinic
 * server each statement is a round trip, and a catch-up after two weeks
 * away makes thousands. */
#define INSERT_BATCH 64

/* Inserts @n_rows of @rows in one statement; one done or dismissed
 * before is not made again. */
static gboolean
insert_batch (Sync     *sync,
              Wanted  **rows,
              guint     n_rows,
              GError  **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO reminder (kind, source, patient_id,"
                                         "  appointment_id, due_at, wake_at, summary, body)"
                                         " VALUES");
  MesoStmt *stmt;

  for (guint i = 0; i < n_rows; i++)
    {
      guint p = i * 7;

      g_string_append_printf (sql, "%s (?%u, ?%u, nullif (?%u, 0), nullif (?%u, 0), ?%u, ?%u,"
                                   " ?%u, ?%u)", i > 0 ? "," : "",
                              p + 1, p + 2, p + 3, p + 4, p + 5, p + 5, p + 6, p + 7);
    }
  g_string_append (sql, " ON CONFLICT (kind, source) DO NOTHING");
  stmt = meso_db_prepare (sync->db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_rows; i++)
    {
      Wanted *wanted = rows[i];
      guint p = i * 7;

      meso_stmt_bind_text (stmt, p + 1, meso_reminder_kind_get_code (wanted->kind));
      meso_stmt_bind_text (stmt, p + 2, wanted->source);
      meso_stmt_bind_int64 (stmt, p + 3, wanted->patient_id);
      meso_stmt_bind_int64 (stmt, p + 4, wanted->appointment_id);
      meso_stmt_bind_int64 (stmt, p + 5, wanted->due_at != 0 ? wanted->due_at : sync->now);
      meso_stmt_bind_text (stmt, p + 6, wanted->summary);
      meso_stmt_bind_text (stmt, p + 7, wanted->body);
    }
  if (!meso_db_step_done (sync->db, stmt, error))
    return FALSE;
  sync->written += meso_stmt_changes (stmt);
  return TRUE;
}

/* Inserts @new_rows: whole batches, then the rest in batches of 16, 4 and
 * 1, so that a server prepares a handful of statements, not one for each
 * number of rows. */
static gboolean
insert_new (Sync       *sync,
            GPtrArray  *new_rows,
            GError    **error)
{
  guint done = 0;

  for (guint size = INSERT_BATCH; size >= 1; size /= 4)
    for (; new_rows->len - done >= size; done += size)
      if (!insert_batch (sync, (Wanted **) new_rows->pdata + done, size, error))
        return FALSE;
  return TRUE;
}

/* Writes what changed. A reminder not shown yet takes its event's new
 * time and the rule's new text; once due, it stays due (a later time moves
 * it only while that time is ahead). Open reminders the rules no longer
 * want: not shown yet, they go; shown or snoozed, their task is over (the
 * appointment was confirmed, the patient arrived, the lot was used up).
 * Done and dismissed ones are left as they are: never made again. */
static gboolean
reconcile (Sync    *sync,
           GError **error)
{
  g_autoptr(GHashTable) stored = read_stored (sync, error);
  g_autoptr(GPtrArray) new_rows = g_ptr_array_new ();
  MesoStmt *update, *withdraw, *close;
  GHashTableIter iter;
  const char *key;
  Wanted *wanted;
  Stored *row;

  if (stored == NULL)
    return FALSE;
  update = meso_db_prepare (sync->db, "UPDATE reminder SET due_at = ?2, wake_at = ?2,"
                                      " summary = ?3, body = ?4 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, sync->wanted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &wanted))
    {
      gint64 due_at = wanted->due_at != 0 ? wanted->due_at : sync->now;

      row = g_hash_table_lookup (stored, key);
      if (row == NULL)
        {
          g_ptr_array_add (new_rows, wanted);
          continue;
        }
      if (due_at <= sync->now)
        due_at = row->due_at <= sync->now ? row->due_at : sync->now;
      if (row->pending && (due_at != row->due_at || g_strcmp0 (row->summary, wanted->summary) != 0 ||
                           g_strcmp0 (row->body, wanted->body) != 0))
        {
          meso_stmt_bind_int64 (update, 1, row->id);
          meso_stmt_bind_int64 (update, 2, due_at);
          meso_stmt_bind_text (update, 3, wanted->summary);
          meso_stmt_bind_text (update, 4, wanted->body);
          if (!meso_db_step_done (sync->db, update, error))
            return FALSE;
          sync->written++;
        }
      g_hash_table_remove (stored, key);
    }
  if (!insert_new (sync, new_rows, error))
    return FALSE;

  withdraw = meso_db_prepare (sync->db, "DELETE FROM reminder WHERE id = ?1", error);
  close = withdraw != NULL
          ? meso_db_prepare (sync->db, "UPDATE reminder SET state = 'done', wake_at = NULL,"
                                       " handled_by = NULL, handled_at = ?2 WHERE id = ?1", error)
          : NULL;
  if (close == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (!step_with_id (sync->db, row->pending ? withdraw : close, row->id, sync->now, error))
      return FALSE;
  sync->written += g_hash_table_size (stored);
  return TRUE;
}

/* The sync, on @schedule's connection: the app's, or the worker thread's,
 * with @clinic and @sources on the same one, at @now read from the clock
 * on the main thread.
 * Returns: how many reminders it made, changed or withdrawn, or -1 on error. */
gssize
meso_reminders_sync_on (MesoReminders  *self,
                        MesoSchedule   *schedule,
                        MesoClinic     *clinic,
                        GPtrArray      *sources,
                        gint64          now,
                        GError        **error)
{
  Sync sync = { .self = self, .db = meso_schedule_get_db (schedule) };
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) wanted_free);
  g_autoptr(MesoDbWrite) w = NULL;
  gint64 synced_at;
  gboolean ok = TRUE;
  GDate tomorrow;

  sync.resources = meso_schedule_get_resources (schedule, error);
  if (sync.resources == NULL)
    return -1;
  sync.wanted = wanted;
  sync.now = now;
  synced_at = meso_clinic_read_mark (clinic, SYNCED_AT_KEY);
  sync.from = synced_at > 0 ? MAX (MIN (synced_at, sync.now) - MARGIN, sync.now - CATCH_UP)
                            : sync.now - MARGIN;
  /* Today's reminders, for the Today list, and past the next wake. */
  meso_resources_get_day (sync.resources, sync.now, &tomorrow, NULL);
  g_date_add_days (&tomorrow, 1);
  sync.to = MAX (meso_resources_to_instant (sync.resources, &tomorrow, 0),
                 sync.now + 2 * RESYNC_SECONDS);

  for (MesoReminderKind k = 0; k < MESO_REMINDER_N_KINDS; k++)
    if (ok)
      ok = meso_reminders_load_rule (sync.db, k, &sync.rules[k], error);
    else
      meso_reminder_rule_init_default (&sync.rules[k], k);
  for (guint i = 0; ok && i < sources->len; i++)
    ok = meso_reminder_source_collect (g_ptr_array_index (sources, i), &sync, error);
  for (MesoReminderKind k = 0; k < MESO_REMINDER_N_KINDS; k++)
    meso_reminder_rule_clear (&sync.rules[k]);
  if (!ok || (w = meso_db_begin_write_unchecked (sync.db, error)) == NULL)
    return -1;
  if (!reconcile (&sync, error) ||
      !meso_clinic_write_mark (clinic, SYNCED_AT_KEY, sync.now, error) ||
      !meso_db_write_commit (w, error))
    return -1;
  return sync.written;
}
