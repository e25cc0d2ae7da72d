/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminders.c: reminders are made by syncing: the rules are applied to
 * the events in a window around now (sessions done, appointments ahead,
 * missed ones, courses ending) and to the stock as it stands, and the
 * result is merged into the reminder table. A reminder keeps its state
 * through later syncs: one dismissed is not made again, one whose event
 * went away (an appointment cancelled, a lot used up) is withdrawn or, if
 * already shown, closed. The app syncs in a worker thread, on a
 * connection of its own, so that the window never waits for it. */
#define G_LOG_DOMAIN "meso-reminders"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-reminders.h"

#define HOUR 3600
#define DAY (24 * HOUR)
/* How far back a sync looks, past the previous one: a session marked done
 * late still gets its aftercare. */
#define MARGIN DAY
/* Reminders older than this when Mesodesk starts again are not made. */
#define CATCH_UP (14 * DAY)
/* Syncs at least this often, for changes no signal tells of (stock used up
 * by a session record, another workstation's bookings), and so that a wake
 * after the computer slept is never much late. */
#define RESYNC_SECONDS (15 * 60)
/* The longest an appointment lasts (see the appointment table). */
#define LONGEST_APPOINTMENT (8 * HOUR)

#define SYNCED_AT_KEY "reminders.synced-at"

struct _MesoReminders
{
  GObject        parent_instance;

  MesoDb        *db;
  MesoSchedule  *schedule;
  MesoClinic    *clinic;
  MesoClock     *clock;
  GHashTable    *delivered;      /* ids handed out by take_due, still pending */
  gint64         taken_until;    /* take_due has read what woke up to here */
  gint64         taken_id;       /* and the reminders made up to this id */
  MesoSchedule  *worker_schedule; /* on the worker thread's own connection */
  gboolean       running;        /* a sync is under way in the worker thread */
  gboolean       run_again;      /* and another was asked for meanwhile */
  guint          wake_source;
  guint          idle_source;
  gulong         schedule_handler;
  gulong         day_handler;
};

G_DEFINE_TYPE (MesoReminders, meso_reminders, G_TYPE_OBJECT)

enum {
  DUE,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

typedef struct
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
} Sync;

static void
wanted_free (Wanted *wanted)
{
  g_free (wanted->source);
  g_free (wanted->summary);
  g_free (wanted->body);
  g_free (wanted);
}

static void
meso_reminders_dispose (GObject *object)
{
  MesoReminders *self = MESO_REMINDERS (object);

  meso_reminders_stop (self);
  g_clear_signal_handler (&self->schedule_handler, self->schedule);
  g_clear_object (&self->schedule);
  g_clear_object (&self->worker_schedule);
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
}

/**
 * meso_reminders_new:
 * @clock: the time the reminders fall due by
 */
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
  return self;
}

/* Returns: the time now by the reminders' clock, in Unix seconds. */
gint64
meso_reminders_now (MesoReminders *self)
{
  return meso_clock_get_now (self->clock);
}

static void schedule_wake (MesoReminders *self);

static void
emit_changed (MesoReminders *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Rules */

static gboolean
load_rule (MesoDb            *db,
           MesoReminderKind   kind,
           MesoReminderRule  *out_rule,
           GError           **error)
{
  sqlite3_stmt *stmt;
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
  sqlite3_bind_text (stmt, 1, meso_reminder_kind_get_code (kind), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  /* The time of day is a minute of the day or -1, the delay at most a year
   * either way (meso_reminder_rule_check()): out of them is damage. */
  if (rc == SQLITE_ROW &&
      (sqlite3_column_int64 (stmt, 2) < -1 || sqlite3_column_int64 (stmt, 2) > 1439 ||
       ABS (sqlite3_column_int64 (stmt, 1)) > 365 * 24 * 60))
    {
      sqlite3_reset (stmt);
      meso_reminder_rule_clear (out_rule);
      meso_db_set_damaged (error, "reminder_rule");
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    {
      out_rule->enabled = sqlite3_column_int (stmt, 0) != 0;
      out_rule->offset_minutes = sqlite3_column_int (stmt, 1);
      out_rule->at_minute = sqlite3_column_int (stmt, 2);
      g_free (out_rule->summary);
      out_rule->summary = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_free (out_rule->body);
      out_rule->body = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
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
  return load_rule (self->db, kind, out_rule, error);
}

/* Saves @rule for the whole clinic; reminders not shown yet follow it at
 * the next sync. */
gboolean
meso_reminders_save_rule (MesoReminders           *self,
                          const MesoReminderRule  *rule,
                          GError                 **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  sqlite3_stmt *stmt;

  if (!meso_reminder_rule_check (rule, error) ||
      (w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error)) == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "INSERT OR REPLACE INTO reminder_rule"
                          " (kind, enabled, offset_minutes, at_minute, summary, body)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, meso_reminder_kind_get_code (rule->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, rule->enabled);
  sqlite3_bind_int (stmt, 3, rule->offset_minutes);
  sqlite3_bind_int (stmt, 4, rule->at_minute);
  sqlite3_bind_text (stmt, 5, rule->summary, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, rule->body, -1, SQLITE_TRANSIENT);
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (w, error);
}

/* Goes back to the built-in rule for @kind. */
gboolean
meso_reminders_reset_rule (MesoReminders     *self,
                           MesoReminderKind   kind,
                           GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  sqlite3_stmt *stmt;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db, "DELETE FROM reminder_rule WHERE kind = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, meso_reminder_kind_get_code (kind), -1, SQLITE_STATIC);
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (w, error);
}

/* Making reminders */

/* Whether @kind's rule is on and, for an event, its reminder due at
 * @due_at falls in the sync's window. */
static gboolean
wants (Sync             *sync,
       MesoReminderKind  kind,
       gint64            due_at)
{
  return sync->rules[kind].enabled &&
         (meso_reminder_kind_is_standing (kind) || (due_at >= sync->from && due_at <= sync->to));
}

/* Records that a reminder of @kind is wanted for @source, due at @due_at
 * (0: now, when first made), its texts filled from @fields. */
static void
want (Sync              *sync,
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

static char *
format_iso_date (const char *iso)
{
  GDate date;
  char text[64];

  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  if (!g_date_valid (&date))
    return g_strdup (iso);
  g_date_strftime (text, sizeof text, "%-d %B %Y", &date);
  return g_strdup (text);
}

/* A row of the appointment scan. Its texts are made only when one of its
 * reminders falls in the window, which few of the rows read do. */
typedef struct
{
  sqlite3_stmt *stmt;
  gint64        id;
  gint64        patient_id;
  gint64        starts_at;
  gboolean      formatted;
  char         *date;
  char         *time;
  char         *screened_on;
  MesoAppointmentKind kind;
  const char   *fields[MESO_REMINDER_N_FIELDS];
} AppointmentRow;

static const char *const *
row_fields (Sync           *sync,
            AppointmentRow *row)
{
  sqlite3_stmt *stmt = row->stmt;
  const char *screened;
  MesoPractitioner *practitioner;

  if (row->formatted)
    return row->fields;
  row->formatted = TRUE;
  screened = (const char *) sqlite3_column_text (stmt, 10);
  practitioner = meso_resources_find_practitioner (sync->resources, sqlite3_column_int64 (stmt, 6));
  row->date = meso_resources_format (sync->resources, row->starts_at, "%A %-d %B");
  row->time = meso_resources_format (sync->resources, row->starts_at, "%H:%M");
  row->screened_on = screened != NULL ? format_iso_date (screened) : g_strdup (_("never"));
  row->fields[MESO_REMINDER_FIELD_PATIENT] = (const char *) sqlite3_column_text (stmt, 7);
  row->fields[MESO_REMINDER_FIELD_PHONE] = (const char *) sqlite3_column_text (stmt, 8);
  row->fields[MESO_REMINDER_FIELD_DATE] = row->date;
  row->fields[MESO_REMINDER_FIELD_TIME] = row->time;
  row->fields[MESO_REMINDER_FIELD_PRACTITIONER] = practitioner != NULL ? practitioner->name : "";
  row->fields[MESO_REMINDER_FIELD_APPOINTMENT] = meso_appointment_kind_get_label (row->kind);
  row->fields[MESO_REMINDER_FIELD_SCREENED] = row->screened_on;
  return row->fields;
}

static void
want_for_appointment (Sync             *sync,
                      MesoReminderKind  kind,
                      AppointmentRow   *row,
                      gint64            event)
{
  gint64 due_at = meso_reminder_rule_due_after (sync->resources, &sync->rules[kind], event);

  if (wants (sync, kind, due_at))
    want (sync, kind, g_strdup_printf ("appointment:%" G_GINT64_FORMAT, row->id),
          row->patient_id, row->id, due_at, row_fields (sync, row));
}

/* Whether the answers given on @screened (YYYY-MM-DD, or NULL: never)
 * will be too old for a session on @day. */
static gboolean
screening_outdated (Sync        *sync,
                    const char  *screened,
                    const GDate *day)
{
  GDate oldest = *day;
  char oldest_iso[16];

  if (screened == NULL)
    return TRUE;
  g_date_subtract_days (&oldest, meso_clinic_get_number (sync->self->clinic,
                                                         MESO_CLINIC_SCREENING_DAYS));
  g_date_strftime (oldest_iso, sizeof oldest_iso, "%Y-%m-%d", &oldest);
  return g_strcmp0 (screened, oldest_iso) < 0;
}

/* The earliest and latest start of the appointments whose reminders, by
 * the enabled rules, can fall in the sync's window. */
static gboolean
appointment_window (Sync   *sync,
                    gint64 *out_first,
                    gint64 *out_last)
{
  static const MesoReminderKind appointment_kinds[] = {
    MESO_REMINDER_AFTERCARE_CALL, MESO_REMINDER_AFTERCARE_WASH, MESO_REMINDER_AFTERCARE_SUN,
    MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_ARRIVAL, MESO_REMINDER_NO_SHOW,
    MESO_REMINDER_SCREENING,
  };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (appointment_kinds); i++)
    {
      const MesoReminderRule *rule = &sync->rules[appointment_kinds[i]];
      gint64 offset = (gint64) rule->offset_minutes * 60;
      /* A day either way for the move to the rule's time of day. */
      gint64 snap = rule->at_minute >= 0 ? DAY : 0;
      gint64 first = sync->from - offset - snap - LONGEST_APPOINTMENT;
      gint64 last = sync->to - offset + snap;

      if (!rule->enabled)
        continue;
      *out_first = any ? MIN (*out_first, first) : first;
      *out_last = any ? MAX (*out_last, last) : last;
      any = TRUE;
    }
  return any;
}

static gboolean
collect_appointments (Sync    *sync,
                      GError **error)
{
  sqlite3_stmt *stmt;
  gint64 first, last;
  int rc;

  if (!appointment_window (sync, &first, &last))
    return TRUE;
  /* A missed session is rebooked when its course has an active session at
   * its place, or, outside a course, when the patient has a later one. */
  stmt = meso_db_prepare (sync->db,
    "SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.kind, a.status, a.practitioner_id,"
    "  trim (p.given_name || ' ' || p.family_name), p.phone,"
    "  a.status = 'no_show' AND CASE WHEN a.course_id IS NOT NULL"
    "    THEN NOT EXISTS (SELECT 1 FROM appointment b WHERE b.course_id = a.course_id"
    "                     AND b.course_position = a.course_position"
    "                     AND b.status NOT IN ('cancelled', 'no_show'))"
    "    ELSE NOT EXISTS (SELECT 1 FROM appointment b WHERE b.patient_id = a.patient_id"
    "                     AND b.starts_at > a.starts_at"
    "                     AND b.status NOT IN ('cancelled', 'no_show')) END,"
    "  CASE WHEN a.status IN ('booked', 'confirmed')"
    "    THEN (SELECT min (asked_on) FROM screening_answer s WHERE s.patient_id = a.patient_id"
    "          AND s.answer <> 'unknown' AND s.condition NOT IN ('pregnancy', 'breastfeeding'))"
    "  END"
    " FROM appointment a JOIN patient p ON p.id = a.patient_id"
    " WHERE a.starts_at BETWEEN ?1 AND ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AppointmentRow row = {
        .stmt = stmt,
        .id = sqlite3_column_int64 (stmt, 0),
        .patient_id = sqlite3_column_int64 (stmt, 1),
        .starts_at = sqlite3_column_int64 (stmt, 2),
      };
      gint64 ends_at = sqlite3_column_int64 (stmt, 3);
      const char *kind_code = (const char *) sqlite3_column_text (stmt, 4);
      const char *status = (const char *) sqlite3_column_text (stmt, 5);
      gboolean treatment = g_strcmp0 (kind_code, "consultation") != 0 &&
                           g_strcmp0 (kind_code, "follow_up") != 0;
      gboolean booked = g_strcmp0 (status, "booked") == 0;
      gboolean ahead = booked || g_strcmp0 (status, "confirmed") == 0;
      MesoAppointmentStatus known_status;

      /* Both decide which reminders are made and what they say: one that is
       * not ours is damage, not a treatment session by default. */
      if (!meso_appointment_kind_from_code (kind_code, &row.kind) ||
          !meso_appointment_status_from_code (status, &known_status))
        {
          sqlite3_reset (stmt);
          meso_db_set_damaged (error, "appointment");
          return FALSE;
        }

      if (treatment && g_strcmp0 (status, "done") == 0)
        {
          want_for_appointment (sync, MESO_REMINDER_AFTERCARE_CALL, &row, ends_at);
          want_for_appointment (sync, MESO_REMINDER_AFTERCARE_WASH, &row, ends_at);
          want_for_appointment (sync, MESO_REMINDER_AFTERCARE_SUN, &row, ends_at);
        }
      if (booked)
        want_for_appointment (sync, MESO_REMINDER_CONFIRM_CALL, &row, row.starts_at);
      if (ahead)
        want_for_appointment (sync, MESO_REMINDER_ARRIVAL, &row, row.starts_at);
      if (ahead && treatment)
        {
          GDate day;

          meso_resources_get_day (sync->resources, row.starts_at, &day, NULL);
          if (screening_outdated (sync, (const char *) sqlite3_column_text (stmt, 10), &day))
            want_for_appointment (sync, MESO_REMINDER_SCREENING, &row, row.starts_at);
        }
      if (sqlite3_column_int (stmt, 9) != 0)
        want_for_appointment (sync, MESO_REMINDER_NO_SHOW, &row, ends_at);
      g_free (row.date);
      g_free (row.time);
      g_free (row.screened_on);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (sync->db, error, rc, _("Could not read the appointments"));
      return FALSE;
    }
  return TRUE;
}

/* Maintenance is due an interval after a course's last session; each
 * interval in use is one look at the sessions done that long ago. */
static gboolean
collect_maintenance (Sync    *sync,
                     GError **error)
{
  const MesoReminderRule *rule = &sync->rules[MESO_REMINDER_MAINTENANCE];
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3_stmt *stmt;
  int rc;

  if (!rule->enabled)
    return TRUE;
  stmt = meso_db_prepare (sync->db, "SELECT DISTINCT maintenance_days FROM course"
                                    " WHERE maintenance_days > 0", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint days = sqlite3_column_int (stmt, 0);
      g_array_append_val (intervals, days);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (sync->db, error, rc, _("Could not read the courses"));
      return FALSE;
    }

  stmt = meso_db_prepare (sync->db,
    "SELECT a.id, a.patient_id, a.starts_at, c.id, c.protocol_name,"
    "  trim (p.given_name || ' ' || p.family_name), p.phone"
    " FROM appointment a JOIN course c ON c.id = a.course_id"
    " JOIN patient p ON p.id = a.patient_id"
    " WHERE a.starts_at BETWEEN ?1 AND ?2 AND a.status = 'done' AND c.maintenance_days = ?3"
    "  AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.course_id = a.course_id"
    "                  AND b.course_position > a.course_position"
    "                  AND b.status NOT IN ('cancelled', 'no_show'))"
    "  AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.patient_id = a.patient_id"
    "                  AND b.starts_at > a.starts_at AND b.status IN ('booked', 'confirmed'))",
    error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < intervals->len; i++)
    {
      guint days = g_array_index (intervals, guint, i);
      gint64 shift = (gint64) days * DAY + (gint64) rule->offset_minutes * 60;

      sqlite3_bind_int64 (stmt, 1, sync->from - shift - 2 * DAY);
      sqlite3_bind_int64 (stmt, 2, sync->to - shift + 2 * DAY);
      sqlite3_bind_int (stmt, 3, days);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
          g_autofree char *date = NULL;
          gint64 due_day_starts, due_at;
          GDate day;

          meso_resources_get_day (sync->resources, sqlite3_column_int64 (stmt, 2), &day, NULL);
          g_date_add_days (&day, days);
          due_day_starts = meso_resources_to_instant (sync->resources, &day, 0);
          due_at = meso_reminder_rule_due_after (sync->resources, rule, due_day_starts);
          if (!wants (sync, MESO_REMINDER_MAINTENANCE, due_at))
            continue;
          date = meso_resources_format (sync->resources, due_day_starts, "%A %-d %B");
          fields[MESO_REMINDER_FIELD_PATIENT] = (const char *) sqlite3_column_text (stmt, 5);
          fields[MESO_REMINDER_FIELD_PHONE] = (const char *) sqlite3_column_text (stmt, 6);
          fields[MESO_REMINDER_FIELD_PROTOCOL] = (const char *) sqlite3_column_text (stmt, 4);
          fields[MESO_REMINDER_FIELD_DATE] = date;
          want (sync, MESO_REMINDER_MAINTENANCE,
                g_strdup_printf ("course:%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 3)),
                sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0), due_at, fields);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          meso_db_set_error (sync->db, error, rc, _("Could not read the courses"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Lots in stock that expire within the clinic's warning time, and
 * products low on what can still be used. A delivery of a low product
 * names a new source, so that running low again reminds again. */
static gboolean
collect_stock (Sync    *sync,
               GError **error)
{
  const MesoReminderRule *lot_rule = &sync->rules[MESO_REMINDER_LOT_EXPIRING];
  guint warning_days = meso_clinic_get_number (sync->self->clinic,
                                               MESO_CLINIC_EXPIRY_WARNING_DAYS);
  sqlite3_stmt *stmt;
  char today_iso[16], limit_iso[16];
  GDate today, limit;
  int rc;

  meso_resources_get_day (sync->resources, sync->now, &today, NULL);
  limit = today;
  g_date_add_days (&limit, warning_days);
  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", &today);
  g_date_strftime (limit_iso, sizeof limit_iso, "%Y-%m-%d", &limit);

  stmt = meso_db_prepare (sync->db,
    "SELECT l.id, l.lot_number, l.expires_on, l.quantity_ml, i.name || ' (' || p.brand || ')'"
    " FROM lot l JOIN product p ON p.id = l.product_id JOIN ingredient i ON i.id = p.ingredient_id"
    " WHERE l.quantity_ml > 0 AND l.expires_on <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, limit_iso, -1, SQLITE_TRANSIENT);
  while (lot_rule->enabled && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *expires_on = (const char *) sqlite3_column_text (stmt, 2);
      const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
      g_autofree char *expires = format_iso_date (expires_on);
      g_autofree char *ml = g_strdup_printf ("%.1f", sqlite3_column_double (stmt, 3));
      GDate warn_on;

      g_date_clear (&warn_on, 1);
      g_date_set_parse (&warn_on, expires_on);
      /* The schema allows only dates: skipping another would hide a lot
       * that may have expired. */
      if (!g_date_valid (&warn_on))
        {
          sqlite3_reset (stmt);
          meso_db_set_damaged (error, "lot");
          return FALSE;
        }
      g_date_subtract_days (&warn_on, warning_days);
      fields[MESO_REMINDER_FIELD_LOT] = (const char *) sqlite3_column_text (stmt, 1);
      fields[MESO_REMINDER_FIELD_EXPIRES] = expires;
      fields[MESO_REMINDER_FIELD_PRODUCT] = (const char *) sqlite3_column_text (stmt, 4);
      fields[MESO_REMINDER_FIELD_ML] = ml;
      want (sync, MESO_REMINDER_LOT_EXPIRING,
            g_strdup_printf ("lot:%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)), 0, 0,
            meso_resources_to_instant (sync->resources, &warn_on, MAX (lot_rule->at_minute, 0)),
            fields);
    }
  sqlite3_reset (stmt);
  if (lot_rule->enabled && rc != SQLITE_DONE)
    {
      meso_db_set_error (sync->db, error, rc, _("Could not read the stock"));
      return FALSE;
    }
  if (!sync->rules[MESO_REMINDER_LOW_STOCK].enabled)
    return TRUE;

  stmt = meso_db_prepare (sync->db,
    "SELECT p.id, i.name || ' (' || p.brand || ')',"
    "  (SELECT total (quantity_ml) FROM lot WHERE product_id = p.id AND expires_on >= ?1) AS usable,"
    "  (SELECT coalesce (max (id), 0) FROM lot WHERE product_id = p.id)"
    " FROM product p JOIN ingredient i ON i.id = p.ingredient_id"
    " WHERE p.active AND usable < ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today_iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 2, meso_clinic_get_number (sync->self->clinic,
                                                        MESO_CLINIC_LOW_STOCK_ML));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
      g_autofree char *ml = g_strdup_printf ("%.1f", sqlite3_column_double (stmt, 2));

      fields[MESO_REMINDER_FIELD_PRODUCT] = (const char *) sqlite3_column_text (stmt, 1);
      fields[MESO_REMINDER_FIELD_ML] = ml;
      want (sync, MESO_REMINDER_LOW_STOCK,
            g_strdup_printf ("product:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                             (gint64) sqlite3_column_int64 (stmt, 0),
                             (gint64) sqlite3_column_int64 (stmt, 3)),
            0, 0, 0, fields);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (sync->db, error, rc, _("Could not read the stock"));
      return FALSE;
    }
  return TRUE;
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
  sqlite3_stmt *stmt = meso_db_prepare (sync->db,
    "SELECT id, kind, source, state, due_at, summary, body FROM reminder"
    " WHERE state IN ('pending', 'shown', 'snoozed')"
    "  AND (kind IN ('lot-expiring', 'low-stock') OR due_at BETWEEN ?1 AND ?2)", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sync->from);
  sqlite3_bind_int64 (stmt, 2, sync->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Stored *row = g_new0 (Stored, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->pending = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "pending") == 0;
      row->due_at = sqlite3_column_int64 (stmt, 4);
      row->summary = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      row->body = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_hash_table_insert (stored, g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 1),
                                                    sqlite3_column_text (stmt, 2)),
                           row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (sync->db, error, rc, _("Could not read the reminders"));
      return NULL;
    }
  return g_steal_pointer (&stored);
}

/* Steps @stmt for reminder @id, with the time now if it takes one. */
static gboolean
step_with_id (MesoDb        *db,
              sqlite3_stmt  *stmt,
              gint64         id,
              gint64         now,
              GError       **error)
{
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, now);
  return meso_db_step_done (db, stmt, error);
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
  sqlite3_stmt *insert, *update, *withdraw, *close;
  GHashTableIter iter;
  const char *key;
  Wanted *wanted;
  Stored *row;

  if (stored == NULL)
    return FALSE;
  insert = meso_db_prepare (sync->db,
                            "INSERT INTO reminder (kind, source, patient_id, appointment_id,"
                            "  due_at, wake_at, summary, body)"
                            " VALUES (?1, ?2, nullif (?3, 0), nullif (?4, 0), ?5, ?5, ?6, ?7)"
                            " ON CONFLICT (kind, source) DO NOTHING", error);
  update = insert != NULL
           ? meso_db_prepare (sync->db, "UPDATE reminder SET due_at = ?2, wake_at = ?2,"
                                        " summary = ?3, body = ?4 WHERE id = ?1", error)
           : NULL;
  if (update == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, sync->wanted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &wanted))
    {
      gint64 due_at = wanted->due_at != 0 ? wanted->due_at : sync->now;

      row = g_hash_table_lookup (stored, key);
      if (row == NULL)
        {
          sqlite3_bind_text (insert, 1, meso_reminder_kind_get_code (wanted->kind), -1,
                             SQLITE_STATIC);
          sqlite3_bind_text (insert, 2, wanted->source, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert, 3, wanted->patient_id);
          sqlite3_bind_int64 (insert, 4, wanted->appointment_id);
          sqlite3_bind_int64 (insert, 5, due_at);
          sqlite3_bind_text (insert, 6, wanted->summary, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 7, wanted->body, -1, SQLITE_STATIC);
          /* Not made again if it was done or dismissed. */
          if (!meso_db_step_done (sync->db, insert, error))
            return FALSE;
          sync->written += sqlite3_changes (sqlite3_db_handle (insert));
          continue;
        }
      if (due_at <= sync->now)
        due_at = row->due_at <= sync->now ? row->due_at : sync->now;
      if (row->pending && (due_at != row->due_at || g_strcmp0 (row->summary, wanted->summary) != 0 ||
                           g_strcmp0 (row->body, wanted->body) != 0))
        {
          sqlite3_bind_int64 (update, 1, row->id);
          sqlite3_bind_int64 (update, 2, due_at);
          sqlite3_bind_text (update, 3, wanted->summary, -1, SQLITE_STATIC);
          sqlite3_bind_text (update, 4, wanted->body, -1, SQLITE_STATIC);
          if (!meso_db_step_done (sync->db, update, error))
            return FALSE;
          sync->written++;
        }
      g_hash_table_remove (stored, key);
    }

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

static gint64
read_synced_at (MesoDb *db)
{
  sqlite3_stmt *stmt = meso_db_prepare (db, "SELECT value FROM setting WHERE key = ?1", NULL);
  gint64 synced_at = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, SYNCED_AT_KEY, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    synced_at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return synced_at;
}

static gboolean
write_synced_at (MesoDb  *db,
                 gint64   now,
                 GError **error)
{
  sqlite3_stmt *stmt = meso_db_prepare (db, "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                            " ON CONFLICT DO UPDATE SET value = excluded.value",
                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, SYNCED_AT_KEY, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  return meso_db_step_done (db, stmt, error);
}

/* The sync, on @schedule's connection: the app's, or the worker thread's,
 * at @now read from the clock on the main thread.
 * Returns: how many reminders it made, changed or withdrawn, or -1 on error. */
static gssize
sync_on (MesoReminders  *self,
         MesoSchedule   *schedule,
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
  synced_at = read_synced_at (sync.db);
  sync.from = synced_at > 0 ? MAX (MIN (synced_at, sync.now) - MARGIN, sync.now - CATCH_UP)
                            : sync.now - MARGIN;
  /* Today's reminders, for the Today list, and past the next wake. */
  meso_resources_get_day (sync.resources, sync.now, &tomorrow, NULL);
  g_date_add_days (&tomorrow, 1);
  sync.to = MAX (meso_resources_to_instant (sync.resources, &tomorrow, 0),
                 sync.now + 2 * RESYNC_SECONDS);

  for (MesoReminderKind k = 0; k < MESO_REMINDER_N_KINDS; k++)
    if (ok)
      ok = load_rule (sync.db, k, &sync.rules[k], error);
    else
      meso_reminder_rule_init_default (&sync.rules[k], k);
  ok = ok && collect_appointments (&sync, error) && collect_maintenance (&sync, error) &&
       collect_stock (&sync, error);
  for (MesoReminderKind k = 0; k < MESO_REMINDER_N_KINDS; k++)
    meso_reminder_rule_clear (&sync.rules[k]);
  if (!ok || (w = meso_db_begin_write_unchecked (sync.db, error)) == NULL)
    return -1;
  if (!reconcile (&sync, error) || !write_synced_at (sync.db, sync.now, error) ||
      !meso_db_write_commit (w, error))
    return -1;
  return sync.written;
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
  gssize written = sync_on (self, self->schedule, meso_reminders_now (self), error);

  if (written > 0)
    emit_changed (self);
  return written >= 0;
}

/* Reading and handling reminders */

#define REMINDER_COLUMNS \
  "id, kind, source, coalesce (patient_id, 0), coalesce (appointment_id, 0), due_at," \
  " coalesce (snoozed_until, 0), state, summary, body," \
  " coalesce ((SELECT p.phone FROM patient p WHERE p.id = reminder.patient_id), '')"

/* Instants a GDateTime can hold in any zone, with a day to spare, as in
 * meso-schedule.c: the times are shown. */
#define MIN_INSTANT (G_GINT64_CONSTANT (-62135596800) + 86400)
#define MAX_INSTANT (G_GINT64_CONSTANT (253402300799) - 86400)

static gboolean
instant_in_range (gint64 instant)
{
  return instant >= MIN_INSTANT && instant <= MAX_INSTANT;
}

/* A kind or state that is not one of ours is damage: the kind selects the
 * rule, the label and the actions, the state whether it is still a task.
 * So are times no calendar can show (the snooze time is 0 when unset). */
static MesoReminder *
read_reminder (sqlite3_stmt  *stmt,
               GError       **error)
{
  MesoReminder *reminder;
  MesoReminderKind kind;
  MesoReminderState state;

  if (!meso_reminder_kind_from_code ((const char *) sqlite3_column_text (stmt, 1), &kind) ||
      !meso_reminder_state_from_code ((const char *) sqlite3_column_text (stmt, 7), &state) ||
      !instant_in_range (sqlite3_column_int64 (stmt, 5)) ||
      (sqlite3_column_int64 (stmt, 6) != 0 && !instant_in_range (sqlite3_column_int64 (stmt, 6))))
    {
      meso_db_set_damaged (error, "reminder");
      return NULL;
    }
  reminder = g_new0 (MesoReminder, 1);
  reminder->id = sqlite3_column_int64 (stmt, 0);
  reminder->kind = kind;
  reminder->source = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  reminder->patient_id = sqlite3_column_int64 (stmt, 3);
  reminder->appointment_id = sqlite3_column_int64 (stmt, 4);
  reminder->due_at = sqlite3_column_int64 (stmt, 5);
  reminder->snoozed_until = sqlite3_column_int64 (stmt, 6);
  reminder->state = state;
  reminder->summary = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  reminder->body = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  reminder->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  return reminder;
}

static GPtrArray *
read_reminders (MesoDb       *db,
                sqlite3_stmt *stmt,
                GError      **error)
{
  g_autoptr(GPtrArray) reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_reminder_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MesoReminder *reminder = read_reminder (stmt, error);

      if (reminder == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (reminders, reminder);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the reminders"));
      return NULL;
    }
  return g_steal_pointer (&reminders);
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
  sqlite3_stmt *stmt = meso_db_prepare (self->db, "SELECT coalesce (max (id), 0) FROM reminder",
                                        error);
  g_autoptr(GPtrArray) due = NULL;
  gint64 now = meso_reminders_now (self);
  gint64 last_id;
  /* Asked here, not of the caller: whoever is signed in on this connection
   * now, which locking the workstation clears. */
  gboolean may_read = meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, NULL);
  gboolean may_name = may_read ||
                      meso_clinic_get_number (self->clinic, MESO_CLINIC_NAMES_WHEN_LOCKED) != 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_step (stmt);
  last_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  stmt = meso_db_prepare (self->db, "SELECT " REMINDER_COLUMNS ", coalesce ((SELECT"
                                    "  trim (p.given_name || ' ' || p.family_name) FROM patient p"
                                    "  WHERE p.id = reminder.patient_id), '')"
                                    " FROM reminder"
                                    " WHERE wake_at <= ?1 AND (wake_at >= ?2 OR id > ?3)"
                                    " ORDER BY wake_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, self->taken_until);
  sqlite3_bind_int64 (stmt, 3, self->taken_id);
  due = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_reminder_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MesoReminder *reminder = read_reminder (stmt, error);

      if (reminder == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      meso_reminder_set_notice (reminder,
                                may_name ? (const char *) sqlite3_column_text (stmt, 11) : NULL);
      if (!may_read)
        meso_reminder_redact (reminder);
      g_ptr_array_add (due, reminder);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the reminders"));
      return NULL;
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
  sqlite3_stmt *stmt = meso_db_prepare (self->db, sql, error);
  gint64 value;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, meso_reminders_now (self));
  rc = sqlite3_step (stmt);
  value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
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
  sqlite3_stmt *stmt = meso_db_prepare (self->db,
                                        "SELECT " REMINDER_COLUMNS " FROM reminder"
                                        " WHERE state IN ('pending', 'shown', 'snoozed')"
                                        "  AND due_at < ?1 ORDER BY due_at, id LIMIT 500", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, due_before);
  return read_reminders (self->db, stmt, error);
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
  sqlite3_stmt *stmt = meso_db_prepare (self->db, "SELECT " REMINDER_COLUMNS " FROM reminder"
                                                  " WHERE id = ?1", error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  found = read_reminders (self->db, stmt, error);
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
                  GError            **error)
{
  MesoStaff *actor = meso_db_get_actor (self->db);
  g_autoptr(MesoDbWrite) w = NULL;
  sqlite3_stmt *stmt;

  w = meso_db_begin_write_unchecked (self->db, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "UPDATE reminder SET state = ?2, wake_at = nullif (?3, 0),"
                          "  snoozed_until = CASE WHEN ?2 = 'snoozed' THEN ?3 ELSE snoozed_until END,"
                          "  handled_by = nullif (?4, 0), handled_at = ?5"
                          " WHERE id = ?1", error);
  for (guint i = 0; stmt != NULL && i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      sqlite3_bind_text (stmt, 2, meso_reminder_state_get_code (state), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, wake_at);
      sqlite3_bind_int64 (stmt, 4, actor != NULL ? meso_staff_get_id (actor) : 0);
      sqlite3_bind_int64 (stmt, 5, meso_reminders_now (self));
      if (!meso_db_step_done (self->db, stmt, error))
        stmt = NULL;
    }
  if (stmt == NULL || !meso_db_write_commit (w, error))
    return FALSE;
  emit_changed (self);
  return TRUE;
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
  return update_reminders (self, &id, 1, state, 0, error);
}

/**
 * meso_reminders_set_shown:
 * @reminders: (element-type MesoReminder): reminders shown together
 *
 * Records that @reminders were shown, in one transaction.
 */
gboolean
meso_reminders_set_shown (MesoReminders  *self,
                          GPtrArray      *reminders,
                          GError        **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), reminders->len);

  for (guint i = 0; i < reminders->len; i++)
    g_array_append_val (ids, ((MesoReminder *) g_ptr_array_index (reminders, i))->id);
  return update_reminders (self, (const gint64 *) ids->data, ids->len, MESO_REMINDER_SHOWN, 0,
                           error);
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
                         meso_reminders_now (self) + (gint64) minutes * 60, error))
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

      if (db == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      self->worker_schedule = meso_schedule_new (db);
    }
  gssize written = sync_on (self, self->worker_schedule, *(gint64 *) task_data, &error);

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
