/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminders-sync.c: what a sync of MesoReminders does: the rules are
 * applied to the events in a window around now (sessions done, appointments
 * ahead, missed ones, courses ending) and to the stock as it stands, and the
 * result is merged into the reminder table. meso-reminders.c says when a
 * sync runs, and on which connection. */
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
/* The longest an appointment lasts (see the appointment table). */
#define LONGEST_APPOINTMENT (8 * HOUR)

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
      MesoAppointmentStatus status;
      gboolean treatment, booked, ahead;

      /* Both decide which reminders are made and what they say: one that is
       * not ours is damage, not a treatment session by default. */
      if (!meso_appointment_kind_from_code ((const char *) sqlite3_column_text (stmt, 4),
                                            &row.kind) ||
          !meso_appointment_status_from_code ((const char *) sqlite3_column_text (stmt, 5),
                                              &status))
        {
          sqlite3_reset (stmt);
          meso_db_set_damaged (error, "appointment");
          return FALSE;
        }
      treatment = row.kind != MESO_KIND_CONSULTATION && row.kind != MESO_KIND_FOLLOW_UP;
      booked = status == MESO_STATUS_BOOKED;
      ahead = booked || status == MESO_STATUS_CONFIRMED;

      if (treatment && status == MESO_STATUS_DONE)
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
gssize
meso_reminders_sync_on (MesoReminders  *self,
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
      ok = meso_reminders_load_rule (sync.db, k, &sync.rules[k], error);
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
