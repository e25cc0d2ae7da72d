/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminders.c: reminders are made by syncing: the rules are applied to
 * the events in a window around now (sessions done, appointments ahead,
 * missed ones, courses ending) and to the stock as it stands, and the
 * result is merged into the reminder table. A reminder keeps its state
 * through later syncs: one dismissed is not made again, one whose event
 * went away (an appointment cancelled, a lot used up) is withdrawn or, if
 * already shown, closed. The app syncs in a worker thread, on a
 * connection of its own, so that the window never waits for it. This file
 * is the store (rules, reading and handling reminders) and when it syncs;
 * what a sync does is in meso-reminders-sync.c. */
#define G_LOG_DOMAIN "meso-reminders"

#include <glib/gi18n.h>

#include "meso-clock.h"
#include "meso-db-write.h"
#include "meso-reminders-private.h"

G_DEFINE_TYPE (MesoReminders, meso_reminders, G_TYPE_OBJECT)

enum {
  DUE,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
meso_reminders_dispose (GObject *object)
{
  MesoReminders *self = MESO_REMINDERS (object);

  meso_reminders_stop (self);
  g_clear_signal_handler (&self->schedule_handler, self->schedule);
  g_clear_object (&self->schedule);
  g_clear_object (&self->worker_schedule);
  g_clear_object (&self->worker_clinic);
  g_clear_pointer (&self->worker_sources, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_object (&self->patients);
  g_clear_object (&self->clinic);
  g_clear_object (&self->clock);
  g_clear_object (&self->db);
  g_clear_pointer (&self->delivered, g_hash_table_unref);

  G_OBJECT_CLASS (meso_reminders_parent_class)->dispose (object);
}

static void
meso_reminders_class_init (MesoRemindersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_reminders_dispose;

  /**
   * MesoReminders::due:
   * @reminders: (element-type MesoReminder): the reminders that fell due
   *   and were not handed out yet in this run of Mesodesk, oldest first;
   *   redacted when nobody who may read contact data is signed in (see
   *   meso_reminders_take_due())
   *
   * Emitted by meso_reminders_run() when reminders are to be shown: many
   * at once after Mesodesk was not running.
   */
  signals[DUE] = g_signal_new ("due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  /**
   * MesoReminders::changed:
   *
   * Reminders were made, withdrawn, changed state or fell due.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_reminders_init (MesoReminders *self)
{
  self->delivered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * meso_reminders_new:
 * @clock: the time the reminders fall due by
 */
static guint64 read_open_fingerprint (MesoReminders *self);

MesoReminders *
meso_reminders_new (MesoSchedule *schedule,
                    MesoClinic   *clinic,
                    MesoClock    *clock)
{
  MesoReminders *self = g_object_new (MESO_TYPE_REMINDERS, NULL);

  self->schedule = g_object_ref (schedule);
  self->clinic = g_object_ref (clinic);
  self->clock = g_object_ref (clock);
  self->db = g_object_ref (meso_schedule_get_db (schedule));
  self->patients = meso_patient_store_new (self->db);
  self->open_fingerprint = read_open_fingerprint (self);
  return self;
}

/**
 * meso_reminders_add_source:
 * @source: a feature whose events want reminders, on the reminders' connection
 *
 * Each sync asks @source, as well as those added before, which reminders
 * its events want. Add the sources before the first sync.
 */
void
meso_reminders_add_source (MesoReminders      *self,
                           MesoReminderSource *source)
{
  g_return_if_fail (!self->running && self->worker_sources == NULL);

  g_ptr_array_add (self->sources, g_object_ref (source));
}

/* Returns: the time now by the reminders' clock, in Unix seconds. */
gint64
meso_reminders_now (MesoReminders *self)
{
  return meso_clock_get_now (self->clock);
}

static void schedule_wake (MesoReminders *self);

/* A number that changes when a reminder opens, closes, is shown or is
 * snoozed: what Today lists and the notifications show. Unreadable now,
 * it is the last one: no change is announced. */
static guint64
read_open_fingerprint (MesoReminders *self)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "SELECT count (*), coalesce (sum (id), 0),"
                                    " coalesce (sum (coalesce (wake_at, 0)), 0),"
                                    " count (CASE WHEN state = 'shown' THEN 1 END)"
                                    " FROM reminder WHERE state IN ('pending', 'shown', 'snoozed')",
                                    NULL);
  guint64 fingerprint = 0;

  if (stmt == NULL)
    return self->open_fingerprint;
  if (meso_stmt_step (stmt) == MESO_STEP_ROW)
    for (int i = 0; i < 4; i++)
      fingerprint = fingerprint * 1000003 + (guint64) meso_stmt_column_int64 (stmt, i);
  else
    fingerprint = self->open_fingerprint;
  meso_stmt_reset (stmt);
  return fingerprint;
}

static void
emit_changed (MesoReminders *self)
{
  self->open_fingerprint = read_open_fingerprint (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * meso_reminders_changed_elsewhere:
 *
 * After another connection committed: emits #MesoReminders::changed if
 * the open reminders changed (another workstation made, handled, showed
 * or snoozed one), and looks again for the next to fall due.
 */
void
meso_reminders_changed_elsewhere (MesoReminders *self)
{
  g_return_if_fail (MESO_IS_REMINDERS (self));

  if (read_open_fingerprint (self) == self->open_fingerprint)
    return;
  emit_changed (self);
  if (self->schedule_handler != 0 && !self->running)
    schedule_wake (self);
}

/* Rules */

gboolean
meso_reminders_load_rule (MesoDb            *db,
                          MesoReminderKind   kind,
                          MesoReminderRule  *out_rule,
                          GError           **error)
{
  MesoStmt *stmt;
  int rc;

  meso_reminder_rule_init_default (out_rule, kind);
  stmt = meso_db_prepare (db, "SELECT enabled, offset_minutes, at_minute, summary, body"
                              " FROM reminder_rule WHERE kind = ?1", error);
  /* A rule that fails to load holds nothing to clear. */
  if (stmt == NULL)
    {
      meso_reminder_rule_clear (out_rule);
      return FALSE;
    }
  meso_stmt_bind_text (stmt, 1, meso_reminder_kind_get_code (kind));
  rc = meso_stmt_step (stmt);
  /* The time of day is a minute of the day or -1, the delay at most a year
   * either way (meso_reminder_rule_check()): out of them is damage. */
  if (rc == MESO_STEP_ROW &&
      (meso_stmt_column_int64 (stmt, 2) < -1 || meso_stmt_column_int64 (stmt, 2) > 1439 ||
       ABS (meso_stmt_column_int64 (stmt, 1)) > 365 * 24 * 60))
    {
      meso_stmt_reset (stmt);
      meso_reminder_rule_clear (out_rule);
      meso_db_set_damaged (error, "reminder_rule");
      return FALSE;
    }
  if (rc == MESO_STEP_ROW)
    {
      out_rule->enabled = meso_stmt_column_int (stmt, 0) != 0;
      out_rule->offset_minutes = meso_stmt_column_int (stmt, 1);
      out_rule->at_minute = meso_stmt_column_int (stmt, 2);
      g_free (out_rule->summary);
      out_rule->summary = g_strdup (meso_stmt_column_text (stmt, 3));
      g_free (out_rule->body);
      out_rule->body = g_strdup (meso_stmt_column_text (stmt, 4));
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_reminder_rule_clear (out_rule);
      meso_db_set_error (db, error, rc, _("Could not read the reminder rules"));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_reminders_get_rule:
 * @out_rule: (out caller-allocates): cleared with meso_reminder_rule_clear()
 *
 * The clinic's rule for @kind, or the built-in one if it never changed it.
 */
gboolean
meso_reminders_get_rule (MesoReminders     *self,
                         MesoReminderKind   kind,
                         MesoReminderRule  *out_rule,
                         GError           **error)
{
  return meso_reminders_load_rule (self->db, kind, out_rule, error);
}

/* Saves @rule for the whole clinic; reminders not shown yet follow it at
 * the next sync. */
gboolean
meso_reminders_save_rule (MesoReminders           *self,
                          const MesoReminderRule  *rule,
                          GError                 **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  if (!meso_reminder_rule_check (rule, error) ||
      (w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error)) == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "INSERT INTO reminder_rule"
                          " (kind, enabled, offset_minutes, at_minute, summary, body)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (kind) DO UPDATE"
                          " SET enabled = excluded.enabled,"
                          "  offset_minutes = excluded.offset_minutes,"
                          "  at_minute = excluded.at_minute, summary = excluded.summary,"
                          "  body = excluded.body", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, meso_reminder_kind_get_code (rule->kind));
  meso_stmt_bind_int (stmt, 2, rule->enabled);
  meso_stmt_bind_int (stmt, 3, rule->offset_minutes);
  meso_stmt_bind_int (stmt, 4, rule->at_minute);
  meso_stmt_bind_text (stmt, 5, rule->summary);
  meso_stmt_bind_text (stmt, 6, rule->body);
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (w, error);
}

/* Goes back to the built-in rule for @kind. */
gboolean
meso_reminders_reset_rule (MesoReminders     *self,
                           MesoReminderKind   kind,
                           GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db, "DELETE FROM reminder_rule WHERE kind = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, meso_reminder_kind_get_code (kind));
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (w, error);
}

/**
 * meso_reminders_sync:
 *
 * Applies the rules to the events since the last sync (at most two weeks
 * back: what fell due while Mesodesk was not running is made now) and up
 * to the end of today, and to the stock, in one transaction. The app runs
 * it off the main loop through meso_reminders_run().
 */
gboolean
meso_reminders_sync (MesoReminders  *self,
                     GError        **error)
{
  gssize written = meso_reminders_sync_on (self, self->schedule, self->clinic, self->sources,
                                           meso_reminders_now (self), error);

  if (written > 0)
    emit_changed (self);
  return written >= 0;
}

/* Reading and handling reminders */

#define REMINDER_COLUMNS \
  "id, kind, source, coalesce (patient_id, 0), coalesce (appointment_id, 0), due_at," \
  " coalesce (snoozed_until, 0), state, summary, body"

/* The times are shown: see MESO_CLOCK_MIN_INSTANT. */

static gboolean
instant_in_range (gint64 instant)
{
  return instant >= MESO_CLOCK_MIN_INSTANT && instant <= MESO_CLOCK_MAX_INSTANT;
}

/* A kind or state that is not one of ours is damage: the kind selects the
 * rule, the label and the actions, the state whether it is still a task.
 * So are times no calendar can show (the snooze time is 0 when unset). */
static MesoReminder *
read_reminder (MesoStmt *stmt,
               GError  **error)
{
  MesoReminder *reminder;
  MesoReminderKind kind;
  MesoReminderState state;

  if (!meso_reminder_kind_from_code (meso_stmt_column_text (stmt, 1), &kind) ||
      !meso_reminder_state_from_code (meso_stmt_column_text (stmt, 7), &state) ||
      !instant_in_range (meso_stmt_column_int64 (stmt, 5)) ||
      (meso_stmt_column_int64 (stmt, 6) != 0 &&
       !instant_in_range (meso_stmt_column_int64 (stmt, 6))))
    {
      meso_db_set_damaged (error, "reminder");
      return NULL;
    }
  reminder = g_new0 (MesoReminder, 1);
  reminder->id = meso_stmt_column_int64 (stmt, 0);
  reminder->kind = kind;
  reminder->source = g_strdup (meso_stmt_column_text (stmt, 2));
  reminder->patient_id = meso_stmt_column_int64 (stmt, 3);
  reminder->appointment_id = meso_stmt_column_int64 (stmt, 4);
  reminder->due_at = meso_stmt_column_int64 (stmt, 5);
  reminder->snoozed_until = meso_stmt_column_int64 (stmt, 6);
  reminder->state = state;
  reminder->summary = g_strdup (meso_stmt_column_text (stmt, 8));
  reminder->body = g_strdup (meso_stmt_column_text (stmt, 9));
  return reminder;
}

/* Reads the reminders @stmt selects, each with its patient's phone as it
 * is now, from the patients' store; and into @out_names (nullable), each
 * one's patient's name ("" for none). */
static GPtrArray *
read_reminders (MesoReminders *self,
                MesoStmt      *stmt,
                GPtrArray     *out_names,
                GError       **error)
{
  g_autoptr(GPtrArray) reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_reminder_free);
  g_autofree gint64 *ids = NULL;
  g_autofree char **names = NULL;   /* each freed as it is taken, or below */
  g_autofree char **phones = NULL;
  gboolean read;
  MesoDb *db = self->db;
  int rc;

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoReminder *reminder = read_reminder (stmt, error);

      if (reminder == NULL)
        {
          meso_stmt_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (reminders, reminder);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the reminders"));
      return NULL;
    }
  /* The patients' names and phones in one query: one round trip to a
   * clinic server, however many are due. Stock reminders are about nobody. */
  ids = g_new (gint64, reminders->len + 1);
  names = g_new0 (char *, reminders->len + 1);
  phones = g_new0 (char *, reminders->len + 1);
  for (guint i = 0; i < reminders->len; i++)
    ids[i] = ((MesoReminder *) g_ptr_array_index (reminders, i))->patient_id;
  read = reminders->len == 0 ||
         meso_patient_store_get_contacts_unchecked (self->patients, ids, reminders->len, names,
                                                    phones, error);
  for (guint i = 0; i < reminders->len; i++)
    {
      MesoReminder *reminder = g_ptr_array_index (reminders, i);

      g_free (reminder->phone);
      reminder->phone = phones[i] != NULL ? g_steal_pointer (&phones[i]) : g_strdup ("");
      if (out_names != NULL && read)
        g_ptr_array_add (out_names, names[i] != NULL ? g_steal_pointer (&names[i])
                                                     : g_strdup (""));
      g_free (names[i]);
    }
  return read ? g_steal_pointer (&reminders) : NULL;
}

/**
 * meso_reminders_take_due:
 *
 * Each reminder gets its notice texts (meso_reminder_set_notice()). With
 * nobody signed in (the workstation locked, or Mesodesk in the
 * background), or someone who may not read contact data, each is
 * redacted (meso_reminder_redact()), and its notice names the patient
 * only if the clinic's %MESO_CLINIC_NAMES_WHEN_LOCKED says so: a
 * notification then tells how many are due, and Today, once someone has
 * signed in, what they are.
 *
 * Returns: (transfer full) (element-type MesoReminder): the reminders due
 * now that were not handed out yet in this run; each is handed out once
 * per run, and stays pending until meso_reminders_set_state() records
 * that it was shown. Only what fell due since the last call, or was made
 * since, is read: not every reminder no notification server took.
 */
GPtrArray *
meso_reminders_take_due (MesoReminders  *self,
                         GError        **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT coalesce (max (id), 0) FROM reminder",
                                        error);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 now = meso_reminders_now (self);
  gint64 last_id;
  /* Asked here, not of the caller: whoever is signed in on this connection
   * now, which locking the workstation clears. */
  gboolean may_read = meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, NULL);
  gboolean may_name = may_read ||
                      meso_clinic_get_number (self->clinic, MESO_CLINIC_NAMES_WHEN_LOCKED) != 0;

  if (stmt == NULL)
    return NULL;
  meso_stmt_step (stmt);
  last_id = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  stmt = meso_db_prepare (self->db, "SELECT " REMINDER_COLUMNS " FROM reminder"
                                    " WHERE wake_at <= ?1 AND (wake_at >= ?2 OR id > ?3)"
                                    " ORDER BY wake_at, id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, now);
  meso_stmt_bind_int64 (stmt, 2, self->taken_until);
  meso_stmt_bind_int64 (stmt, 3, self->taken_id);
  due = read_reminders (self, stmt, names, error);
  if (due == NULL)
    return NULL;
  for (guint i = 0; i < due->len; i++)
    {
      MesoReminder *reminder = g_ptr_array_index (due, i);

      meso_reminder_set_notice (reminder, may_name ? g_ptr_array_index (names, i) : NULL);
      if (!may_read)
        meso_reminder_redact (reminder);
    }
  self->taken_until = now;
  self->taken_id = last_id;
  for (guint i = due->len; i-- > 0; )
    {
      MesoReminder *reminder = g_ptr_array_index (due, i);

      if (g_hash_table_contains (self->delivered, &reminder->id))
        g_ptr_array_remove_index (due, i);
      else
        g_hash_table_add (self->delivered, g_memdup2 (&reminder->id, sizeof (gint64)));
    }
  return g_steal_pointer (&due);
}

/* Runs @sql, a query of one number, with the time now as ?1; -1 on error. */
static gint64
query_at_now (MesoReminders  *self,
              const char     *sql,
              GError        **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, sql, error);
  gint64 value;
  int rc;

  if (stmt == NULL)
    return -1;
  meso_stmt_bind_int64 (stmt, 1, meso_reminders_now (self));
  rc = meso_stmt_step (stmt);
  value = rc == MESO_STEP_ROW ? meso_stmt_column_int64 (stmt, 0) : -1;
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW)
    meso_db_set_error (self->db, error, rc, _("Could not read the reminders"));
  return value;
}

/* Returns: when the next reminder after now falls due, 0 if none does, or
 * -1 on error. */
gint64
meso_reminders_get_next_wake (MesoReminders  *self,
                              GError        **error)
{
  return query_at_now (self, "SELECT coalesce (min (wake_at), 0) FROM reminder"
                             " WHERE wake_at > ?1", error);
}

/**
 * meso_reminders_list_open:
 *
 * Returns: (transfer full) (element-type MesoReminder): the reminders
 * still to be dealt with that fall due before @due_before, oldest first
 * (at most 500).
 */
GPtrArray *
meso_reminders_list_open (MesoReminders  *self,
                          gint64          due_before,
                          GError        **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                        "SELECT " REMINDER_COLUMNS " FROM reminder"
                                        " WHERE state IN ('pending', 'shown', 'snoozed')"
                                        "  AND due_at < ?1 ORDER BY due_at, id LIMIT 500", error);

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, due_before);
  return read_reminders (self, stmt, NULL, error);
}

/* Returns: how many open reminders are due now (not snoozed past now), or
 * -1 on error. */
gint64
meso_reminders_count_due (MesoReminders  *self,
                          GError        **error)
{
  return query_at_now (self, "SELECT count (*) FROM reminder"
                             " WHERE state IN ('pending', 'shown', 'snoozed')"
                             "  AND due_at <= ?1 AND coalesce (wake_at, 0) <= ?1", error);
}

MesoReminder *
meso_reminders_load (MesoReminders  *self,
                     gint64          id,
                     GError        **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT " REMINDER_COLUMNS " FROM reminder"
                                                  " WHERE id = ?1", error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  found = read_reminders (self, stmt, NULL, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error_literal (error, MESO_REMINDER_ERROR, MESO_REMINDER_ERROR_NOT_FOUND,
                           _("This reminder no longer exists: its appointment may have been "
                             "cancelled."));
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

/* Sets the state of @n_ids reminders in one transaction (one write to the
 * disk, however many came due together). */
static gboolean
update_reminders (MesoReminders      *self,
                  const gint64       *ids,
                  guint               n_ids,
                  MesoReminderState   state,
                  gint64              wake_at,
                  guint              *out_changed,
                  GError            **error)
{
  MesoStaff *actor = meso_db_get_actor (self->db);
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  guint changed = 0;

  w = meso_db_begin_write_unchecked (self->db, error);
  if (w == NULL)
    return FALSE;
  /* Shown is recorded once, by the first workstation to show it: the
   * others, waking at the same moment, find it no longer waiting. */
  stmt = meso_db_prepare (self->db,
                          "UPDATE reminder SET state = ?2, wake_at = nullif (?3, 0),"
                          "  snoozed_until = CASE WHEN ?2 = 'snoozed' THEN ?3 ELSE snoozed_until END,"
                          "  handled_by = nullif (?4, 0), handled_at = ?5"
                          " WHERE id = ?1"
                          "  AND (?2 <> 'shown' OR state IN ('pending', 'snoozed'))", error);
  for (guint i = 0; stmt != NULL && i < n_ids; i++)
    {
      int rc;

      meso_stmt_bind_int64 (stmt, 1, ids[i]);
      meso_stmt_bind_text (stmt, 2, meso_reminder_state_get_code (state));
      meso_stmt_bind_int64 (stmt, 3, wake_at);
      meso_stmt_bind_int64 (stmt, 4, actor != NULL ? meso_staff_get_id (actor) : 0);
      meso_stmt_bind_int64 (stmt, 5, meso_reminders_now (self));
      rc = meso_stmt_step (stmt);
      if (rc == MESO_STEP_DONE)
        changed += meso_stmt_changes (stmt) > 0 ? 1 : 0;
      meso_stmt_reset (stmt);
      if (rc != MESO_STEP_DONE)
        {
          meso_db_set_error (self->db, error, rc, _("Could not save"));
          stmt = NULL;
        }
    }
  if (stmt == NULL || !meso_db_write_commit (w, error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = changed;
  emit_changed (self);
  return TRUE;
}

/**
 * meso_reminders_dismiss_patient_in_write:
 *
 * Inside the caller's write transaction: dismisses, in the signed-in
 * person's name, patient @patient_id's open reminders, their record being
 * restricted (meso_record_restrict()). The caller calls
 * meso_reminders_changed_elsewhere() once it has committed, which
 * announces the change.
 */
gboolean
meso_reminders_dismiss_patient_in_write (MesoReminders  *self,
                                         gint64          patient_id,
                                         GError        **error)
{
  MesoStaff *actor = meso_db_get_actor (self->db);
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = meso_db_prepare (self->db, "UPDATE reminder SET state = 'dismissed',"
                                    " handled_by = nullif (?2, 0), handled_at = ?3"
                                    " WHERE patient_id = ?1"
                                    " AND state IN ('pending', 'shown', 'snoozed')", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  meso_stmt_bind_int64 (stmt, 2, actor != NULL ? meso_staff_get_id (actor) : 0);
  meso_stmt_bind_int64 (stmt, 3, meso_reminders_now (self));
  return meso_db_step_done (self->db, stmt, error);
}

/**
 * meso_reminders_erase_patient_in_write:
 * @marker: the name the anonymised patient is given
 *
 * Inside the caller's write transaction: replaces the texts of patient
 * @patient_id's reminders, which name them, the patient being anonymised
 * (meso_record_anonymise()).
 */
gboolean
meso_reminders_erase_patient_in_write (MesoReminders  *self,
                                       gint64          patient_id,
                                       const char     *marker,
                                       GError        **error)
{
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = meso_db_prepare (self->db, "UPDATE reminder SET summary = ?2, body = ''"
                                    " WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  meso_stmt_bind_text (stmt, 2, marker);
  return meso_db_step_done (self->db, stmt, error);
}

/* Records that reminder @id was shown, done or dismissed; who did it is
 * the signed-in person, if any. */
gboolean
meso_reminders_set_state (MesoReminders      *self,
                          gint64              id,
                          MesoReminderState   state,
                          GError            **error)
{
  g_return_val_if_fail (state == MESO_REMINDER_SHOWN || state == MESO_REMINDER_DONE ||
                        state == MESO_REMINDER_DISMISSED, FALSE);
  return update_reminders (self, &id, 1, state, 0, NULL, error);
}

/**
 * meso_reminders_set_shown:
 * @reminders: (element-type MesoReminder): reminders shown together
 * @out_marked: (out) (optional): how many this call marked shown; one
 *   another workstation marked first is not marked again
 *
 * Records that @reminders were shown, in one transaction: each once,
 * however many workstations show it.
 */
gboolean
meso_reminders_set_shown (MesoReminders  *self,
                          GPtrArray      *reminders,
                          guint          *out_marked,
                          GError        **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), reminders->len);

  for (guint i = 0; i < reminders->len; i++)
    g_array_append_val (ids, ((MesoReminder *) g_ptr_array_index (reminders, i))->id);
  return update_reminders (self, (const gint64 *) ids->data, ids->len, MESO_REMINDER_SHOWN, 0,
                           out_marked, error);
}

/* Shows reminder @id again in @minutes. */
gboolean
meso_reminders_snooze (MesoReminders  *self,
                       gint64          id,
                       guint           minutes,
                       GError        **error)
{
  g_return_val_if_fail (minutes > 0, FALSE);
  if (!update_reminders (self, &id, 1, MESO_REMINDER_SNOOZED,
                         meso_reminders_now (self) + (gint64) minutes * 60, NULL, error))
    return FALSE;
  g_hash_table_remove (self->delivered, &id);
  if (self->schedule_handler != 0)
    schedule_wake (self);
  return TRUE;
}

/* Waking */

static gboolean
on_wake_cb (gpointer user_data)
{
  MesoReminders *self = user_data;

  self->wake_source = 0;
  meso_reminders_run (self);
  return G_SOURCE_REMOVE;
}

/* A timeout for the next reminder due, not a poll: at most RESYNC_SECONDS
 * away, for the sync. */
static void
schedule_wake (MesoReminders *self)
{
  g_autoptr(GError) error = NULL;
  gint64 next = meso_reminders_get_next_wake (self, &error);
  gint64 delay = RESYNC_SECONDS;

  if (next < 0)
    g_message ("Reminders: %s", error->message);
  else if (next > 0)
    delay = CLAMP (next - meso_reminders_now (self), 1, RESYNC_SECONDS);
  g_clear_handle_id (&self->wake_source, g_source_remove);
  self->wake_source = g_timeout_add_seconds (delay, on_wake_cb, self);
}

/* In the worker thread: the sync on a connection of its own, so that the
 * window never waits for it. Runs never overlap (see meso_reminders_run()),
 * so the connection is only ever used by one thread at a time. */
static void
sync_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MesoReminders *self = source_object;
  GError *error = NULL;

  if (self->worker_schedule == NULL)
    {
      g_autoptr(MesoDb) db = meso_db_open_worker (self->db, &error);
      g_autoptr(MesoClinic) clinic = db != NULL ? meso_clinic_load (db, &error) : NULL;

      if (clinic == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      self->worker_schedule = meso_schedule_new (db);
      self->worker_clinic = g_steal_pointer (&clinic);
      self->worker_sources = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < self->sources->len; i++)
        g_ptr_array_add (self->worker_sources,
                         meso_reminder_source_open_on (g_ptr_array_index (self->sources, i), db));
    }
  gssize written = meso_reminders_sync_on (self, self->worker_schedule, self->worker_clinic,
                                           self->worker_sources, *(gint64 *) task_data, &error);

  if (written >= 0)
    g_task_return_int (task, written);
  else
    g_task_return_error (task, error);
}

/* Back on the main loop: hands out what is due, and waits for the next. */
static void
on_synced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MesoReminders *self = MESO_REMINDERS (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gssize written;

  self->running = FALSE;
  written = g_task_propagate_int (G_TASK (result), &error);
  if (written < 0)
    g_message ("Reminders not brought up to date: %s", error->message);
  g_clear_error (&error);
  due = meso_reminders_take_due (self, &error);
  if (due == NULL)
    g_message ("Reminders not read: %s", error->message);
  /* Today is rebuilt only when something changed, or fell due: not at
   * every wake, which would scroll it back to the top. */
  if (written > 0 || (due != NULL && due->len > 0))
    emit_changed (self);
  if (due != NULL && due->len > 0)
    g_signal_emit (self, signals[DUE], 0, due);
  if (self->schedule_handler != 0)
    schedule_wake (self);
  if (self->run_again)
    {
      self->run_again = FALSE;
      meso_reminders_run (self);
    }
}

/**
 * meso_reminders_run:
 *
 * Syncs in a worker thread, then emits #MesoReminders::due with the
 * reminders due and, once started, sets the timeout for the next one. A
 * failure (the database busy with another workstation's write) is logged
 * and tried again at the next wake.
 */
void
meso_reminders_run (MesoReminders *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }
  /* A file being checked, or found damaged, is not written to: the worker's
   * connection does not hear what the checks found, so ask before each run. */
  if (!meso_db_is_writable (self->db))
    {
      if (self->schedule_handler != 0)
        schedule_wake (self);
      return;
    }
  self->running = TRUE;
  task = g_task_new (self, NULL, on_synced_cb, NULL);
  g_task_set_source_tag (task, meso_reminders_run);
  g_task_set_task_data (task, g_memdup2 (&(gint64) { meso_reminders_now (self) }, sizeof (gint64)),
                        g_free);
  g_task_run_in_thread (task, sync_in_thread);
}

static gboolean
on_idle_run_cb (gpointer user_data)
{
  MesoReminders *self = user_data;

  self->idle_source = 0;
  meso_reminders_run (self);
  return G_SOURCE_REMOVE;
}

/* Bookings come in bursts (a whole course): one run after them. */
static void
on_schedule_changed_cb (MesoReminders *self)
{
  if (self->idle_source == 0)
    self->idle_source = g_idle_add (on_idle_run_cb, self);
}

/**
 * meso_reminders_start:
 *
 * Runs now (which shows what fell due while Mesodesk was not running),
 * then again whenever a reminder falls due or the schedule changes.
 */
void
meso_reminders_start (MesoReminders *self)
{
  if (self->schedule_handler == 0)
    self->schedule_handler = g_signal_connect_swapped (self->schedule, "changed",
                                                       G_CALLBACK (on_schedule_changed_cb),
                                                       self);
  /* A new day has its own reminders to make, for Today at once. */
  if (self->day_handler == 0)
    self->day_handler = g_signal_connect_swapped (self->clock, "day-changed",
                                                  G_CALLBACK (on_schedule_changed_cb), self);
  meso_reminders_run (self);
}

void
meso_reminders_stop (MesoReminders *self)
{
  g_clear_signal_handler (&self->schedule_handler, self->schedule);
  g_clear_signal_handler (&self->day_handler, self->clock);
  g_clear_handle_id (&self->wake_source, g_source_remove);
  g_clear_handle_id (&self->idle_source, g_source_remove);
}

/**
 * meso_reminders_add_to_record:
 *
 * Adds the reminders about the patient, every column of them, to @record
 * (the right-of-access export).
 */
gboolean
meso_reminders_add_to_record (MesoReminders   *self,
                              gint64           patient_id,
                              MesoRecordJson  *record,
                              GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "reminder", "SELECT * FROM reminder WHERE patient_id = ?1 ORDER BY id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
