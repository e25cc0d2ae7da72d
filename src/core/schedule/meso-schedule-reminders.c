/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-reminders.c: the schedule as a source of reminders: the
 * sessions done (aftercare), the appointments ahead (confirmation, arrival,
 * screening to renew), the missed ones not rebooked, and the courses over
 * (maintenance). The patients' names, phones and screening come from their
 * store; the rules and the window from the sync's query. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>

#include "meso-date-format.h"
#include "meso-reminder-source.h"
#include "meso-schedule-private.h"

#define HOUR 3600
#define DAY (24 * HOUR)
/* The longest an appointment lasts (see the appointment table). */
#define LONGEST_APPOINTMENT (8 * HOUR)

/* A row of the appointment scan. Its texts are made only when one of its
 * reminders falls in the window, which few of the rows read do: a first
 * pass (probe) finds those rows, whose patients are then read at once. */
typedef struct
{
  gint64        id;
  gint64        patient_id;
  gint64        starts_at;
  gint64        ends_at;
  gint64        practitioner_id;
  MesoAppointmentStatus status;
  gboolean      rebook;        /* missed, and not booked again */
  gboolean      probe;         /* only note whether any reminder is wanted */
  gboolean      wanted;
  gboolean      ahead;         /* booked or confirmed */
  gboolean      contact_read;
  gboolean      screened_read;
  char         *screened;      /* YYYY-MM-DD, NULL: never (read for those ahead only) */
  gboolean      formatted;
  char         *name;
  char         *phone;
  char         *date;
  char         *time;
  char         *screened_on;
  MesoAppointmentKind kind;
  const char   *fields[MESO_REMINDER_N_FIELDS];
} AppointmentRow;

static void
appointment_row_clear (AppointmentRow *row)
{
  g_free (row->screened);
  g_free (row->name);
  g_free (row->phone);
  g_free (row->date);
  g_free (row->time);
  g_free (row->screened_on);
}

/* When the patient of @row was last screened in full: asked of the
 * patients' store once, and only for an appointment ahead. */
static gboolean
row_screened (MesoSchedule    *self,
              AppointmentRow  *row,
              GError         **error)
{
  if (row->screened_read || !row->ahead)
    return TRUE;
  row->screened_read = TRUE;
  return meso_patient_store_get_screened_on (self->patients, row->patient_id, &row->screened,
                                             error);
}

static const char *const *
row_fields (MesoSchedule       *self,
            MesoReminderQuery  *query,
            AppointmentRow     *row,
            GError            **error)
{
  MesoResources *resources = meso_reminder_query_get_resources (query);
  MesoPractitioner *practitioner;

  if (row->formatted)
    return row->fields;
  if (!row->contact_read &&
      !meso_patient_store_get_contact (self->patients, row->patient_id, &row->name, &row->phone,
                                       error))
    return NULL;
  row->contact_read = TRUE;
  if (!row_screened (self, row, error))
    return NULL;
  row->formatted = TRUE;
  practitioner = meso_resources_find_practitioner (resources,
                                                   row->practitioner_id);
  row->date = meso_resources_format (resources, row->starts_at, meso_date_format_day ());
  row->time = meso_resources_format (resources, row->starts_at, "%H:%M");
  row->screened_on = row->screened != NULL ? meso_reminder_format_date (row->screened)
                                           : g_strdup (_("never"));
  row->fields[MESO_REMINDER_FIELD_PATIENT] = row->name;
  row->fields[MESO_REMINDER_FIELD_PHONE] = row->phone;
  row->fields[MESO_REMINDER_FIELD_DATE] = row->date;
  row->fields[MESO_REMINDER_FIELD_TIME] = row->time;
  row->fields[MESO_REMINDER_FIELD_PRACTITIONER] = practitioner != NULL ? practitioner->name : "";
  row->fields[MESO_REMINDER_FIELD_APPOINTMENT] = meso_appointment_kind_get_label (row->kind);
  row->fields[MESO_REMINDER_FIELD_SCREENED] = row->screened_on;
  return row->fields;
}

static gboolean
want_for_appointment (MesoSchedule       *self,
                      MesoReminderQuery  *query,
                      MesoReminderKind    kind,
                      AppointmentRow     *row,
                      gint64              event,
                      GError            **error)
{
  gint64 due_at = meso_reminder_rule_due_after (meso_reminder_query_get_resources (query),
                                                meso_reminder_query_get_rule (query, kind), event);
  const char *const *fields;

  if (!meso_reminder_query_wants (query, kind, due_at))
    return TRUE;
  if (row->probe)
    {
      row->wanted = TRUE;
      return TRUE;
    }
  fields = row_fields (self, query, row, error);
  if (fields == NULL)
    return FALSE;
  meso_reminder_query_add (query, kind, g_strdup_printf ("appointment:%" G_GINT64_FORMAT, row->id),
                           row->patient_id, row->id, due_at, fields);
  return TRUE;
}

/* Whether the answers given on @screened (YYYY-MM-DD, or NULL: never)
 * will be too old for a session on @day. */
static gboolean
screening_outdated (MesoReminderQuery *query,
                    const char        *screened,
                    const GDate       *day)
{
  GDate oldest = *day;
  char oldest_iso[16];

  if (screened == NULL)
    return TRUE;
  g_date_subtract_days (&oldest, meso_clinic_get_number (meso_reminder_query_get_clinic (query),
                                                         MESO_CLINIC_SCREENING_DAYS));
  g_date_strftime (oldest_iso, sizeof oldest_iso, "%Y-%m-%d", &oldest);
  return g_strcmp0 (screened, oldest_iso) < 0;
}

/* The earliest and latest start of the appointments whose reminders, by
 * the enabled rules, can fall in the sync's window. */
static gboolean
appointment_window (MesoReminderQuery *query,
                    gint64            *out_first,
                    gint64            *out_last)
{
  static const MesoReminderKind appointment_kinds[] = {
    MESO_REMINDER_AFTERCARE_CALL, MESO_REMINDER_AFTERCARE_WASH, MESO_REMINDER_AFTERCARE_SUN,
    MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_ARRIVAL, MESO_REMINDER_NO_SHOW,
    MESO_REMINDER_SCREENING,
  };
  gboolean any = FALSE;
  gint64 from, to;

  meso_reminder_query_get_window (query, &from, &to);
  for (guint i = 0; i < G_N_ELEMENTS (appointment_kinds); i++)
    {
      const MesoReminderRule *rule = meso_reminder_query_get_rule (query, appointment_kinds[i]);
      gint64 offset = (gint64) rule->offset_minutes * 60;
      /* A day either way for the move to the rule's time of day. */
      gint64 snap = rule->at_minute >= 0 ? DAY : 0;
      gint64 first = from - offset - snap - LONGEST_APPOINTMENT;
      gint64 last = to - offset + snap;

      if (!rule->enabled)
        continue;
      *out_first = any ? MIN (*out_first, first) : first;
      *out_last = any ? MAX (*out_last, last) : last;
      any = TRUE;
    }
  return any;
}

/* The reminders one appointment wants, by its kind and status. */
static gboolean
want_for_row (MesoSchedule       *self,
              MesoReminderQuery  *query,
              AppointmentRow     *row,
              GError            **error)
{
  MesoAppointmentStatus status = row->status;
  gint64 ends_at = row->ends_at;
  gboolean treatment = row->kind != MESO_KIND_CONSULTATION && row->kind != MESO_KIND_FOLLOW_UP;
  gboolean booked = status == MESO_STATUS_BOOKED;

  if (treatment && status == MESO_STATUS_DONE &&
      (!want_for_appointment (self, query, MESO_REMINDER_AFTERCARE_CALL, row, ends_at, error) ||
       !want_for_appointment (self, query, MESO_REMINDER_AFTERCARE_WASH, row, ends_at, error) ||
       !want_for_appointment (self, query, MESO_REMINDER_AFTERCARE_SUN, row, ends_at, error)))
    return FALSE;
  if (booked &&
      !want_for_appointment (self, query, MESO_REMINDER_CONFIRM_CALL, row, row->starts_at, error))
    return FALSE;
  if (row->ahead &&
      !want_for_appointment (self, query, MESO_REMINDER_ARRIVAL, row, row->starts_at, error))
    return FALSE;
  if (row->ahead && treatment)
    {
      GDate day;

      meso_resources_get_day (meso_reminder_query_get_resources (query), row->starts_at, &day,
                              NULL);
      if (!row_screened (self, row, error))
        return FALSE;
      if (screening_outdated (query, row->screened, &day) &&
          !want_for_appointment (self, query, MESO_REMINDER_SCREENING, row, row->starts_at,
                                 error))
        return FALSE;
    }
  if (row->rebook &&
      !want_for_appointment (self, query, MESO_REMINDER_NO_SHOW, row, ends_at, error))
    return FALSE;
  return TRUE;
}

/* The reminders @rows want. Their patients' screening dates (for those
 * ahead) and then names (for the rows that want a reminder) are each read
 * in one query: on a clinic server a query a row was a round trip a row. */
static gboolean
want_for_rows (MesoSchedule       *self,
               MesoReminderQuery  *query,
               GArray             *rows,
               GError            **error)
{
  g_autofree gint64 *ids = g_new (gint64, MAX (rows->len, 1));
  g_autofree char **texts = g_new0 (char *, MAX (rows->len, 1) * 2);
  g_autofree guint *at = g_new (guint, MAX (rows->len, 1));
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      AppointmentRow *row = &g_array_index (rows, AppointmentRow, i);

      if (row->ahead)
        {
          at[n] = i;
          ids[n++] = row->patient_id;
        }
    }
  if (n > 0 && !meso_patient_store_get_screened_on_many (self->patients, ids, n, texts, error))
    return FALSE;
  for (guint j = 0; j < n; j++)
    {
      AppointmentRow *row = &g_array_index (rows, AppointmentRow, at[j]);

      row->screened = g_steal_pointer (&texts[j]);
      row->screened_read = TRUE;
    }

  n = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      AppointmentRow *row = &g_array_index (rows, AppointmentRow, i);

      row->probe = TRUE;
      if (!want_for_row (self, query, row, error))
        return FALSE;
      row->probe = FALSE;
      if (row->wanted)
        {
          at[n] = i;
          ids[n++] = row->patient_id;
        }
    }
  if (n > 0 && !meso_patient_store_get_contacts_unchecked (self->patients, ids, n, texts,
                                                           texts + n, error))
    {
      for (guint j = 0; j < 2 * n; j++)
        g_free (texts[j]);
      return FALSE;
    }
  for (guint j = 0; j < n; j++)
    {
      AppointmentRow *row = &g_array_index (rows, AppointmentRow, at[j]);

      /* No such patient: no name, as meso_patient_store_get_contact () says. */
      row->name = texts[j] != NULL ? g_steal_pointer (&texts[j]) : g_strdup ("");
      row->phone = texts[n + j] != NULL ? g_steal_pointer (&texts[n + j]) : g_strdup ("");
      row->contact_read = TRUE;
      if (!want_for_row (self, query, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
collect_appointments (MesoSchedule       *self,
                      MesoReminderQuery  *query,
                      GError            **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (AppointmentRow));
  MesoStmt *stmt;
  gint64 first, last;
  int rc;

  g_array_set_clear_func (rows, (GDestroyNotify) appointment_row_clear);
  if (!appointment_window (query, &first, &last))
    return TRUE;
  /* A missed session is rebooked when its course has an active session at
   * its place, or, outside a course, when the patient has a later one. */
  stmt = meso_db_prepare (self->db,
    "SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.kind, a.status, a.practitioner_id,"
    "  a.status = 'no_show' AND CASE WHEN a.course_id IS NOT NULL"
    "    THEN NOT EXISTS (SELECT 1 FROM appointment b WHERE b.course_id = a.course_id"
    "                     AND b.course_position = a.course_position"
    "                     AND b.status NOT IN ('cancelled', 'no_show'))"
    "    ELSE NOT EXISTS (SELECT 1 FROM appointment b WHERE b.patient_id = a.patient_id"
    "                     AND b.starts_at > a.starts_at"
    "                     AND b.status NOT IN ('cancelled', 'no_show')) END"
    " FROM appointment a WHERE a.starts_at BETWEEN ?1 AND ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, first);
  meso_stmt_bind_int64 (stmt, 2, last);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      AppointmentRow row = {
        .id = meso_stmt_column_int64 (stmt, 0),
        .patient_id = meso_stmt_column_int64 (stmt, 1),
        .starts_at = meso_stmt_column_int64 (stmt, 2),
        .ends_at = meso_stmt_column_int64 (stmt, 3),
        .practitioner_id = meso_stmt_column_int64 (stmt, 6),
        .rebook = meso_stmt_column_int (stmt, 7) != 0,
      };

      /* Both decide which reminders are made and what they say: one that is
       * not ours is damage, not a treatment session by default. */
      if (!meso_appointment_kind_from_code (meso_stmt_column_text (stmt, 4),
                                            &row.kind) ||
          !meso_appointment_status_from_code (meso_stmt_column_text (stmt, 5),
                                              &row.status))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "appointment");
          return FALSE;
        }
      row.ahead = row.status == MESO_STATUS_BOOKED || row.status == MESO_STATUS_CONFIRMED;
      g_array_append_val (rows, row);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the appointments"));
      return FALSE;
    }
  return want_for_rows (self, query, rows, error);
}

/* The maintenance @due, if the query wants it. */
static gboolean
want_maintenance (MesoSchedule              *self,
                  MesoReminderQuery         *query,
                  const MesoMaintenanceDue  *due,
                  GError                   **error)
{
  const MesoReminderRule *rule = meso_reminder_query_get_rule (query, MESO_REMINDER_MAINTENANCE);
  MesoResources *resources = meso_reminder_query_get_resources (query);
  const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  gint64 due_at = meso_reminder_rule_due_after (resources, rule, due->due_day_starts);

  if (!meso_reminder_query_wants (query, MESO_REMINDER_MAINTENANCE, due_at))
    return TRUE;
  if (!meso_patient_store_get_contact (self->patients, due->patient_id, &name, &phone, error))
    return FALSE;
  date = meso_resources_format (resources, due->due_day_starts, meso_date_format_day ());
  fields[MESO_REMINDER_FIELD_PATIENT] = name;
  fields[MESO_REMINDER_FIELD_PHONE] = phone;
  fields[MESO_REMINDER_FIELD_PROTOCOL] = due->protocol;
  fields[MESO_REMINDER_FIELD_DATE] = date;
  meso_reminder_query_add (query, MESO_REMINDER_MAINTENANCE,
                           g_strdup_printf ("course:%" G_GINT64_FORMAT, due->course_id),
                           due->patient_id, due->session_id, due_at, fields);
  return TRUE;
}

static void
maintenance_due_clear (MesoMaintenanceDue *due)
{
  g_free (due->protocol);
}

/* See meso_schedule_list_maintenance_due(); with no permission asked. */
static GArray *
list_maintenance_due (MesoSchedule  *self,
                      gint64         from,
                      gint64         to,
                      GError       **error)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (MesoMaintenanceDue));
  MesoResources *resources;
  MesoStmt *stmt;
  int rc;

  g_array_set_clear_func (found, (GDestroyNotify) maintenance_due_clear);
  resources = meso_schedule_get_resources (self, error);
  if (resources == NULL)
    return NULL;
  stmt = meso_db_prepare (self->db, "SELECT DISTINCT maintenance_days FROM course"
                                    " WHERE maintenance_days > 0", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 days = meso_stmt_column_int64 (stmt, 0);
      guint kept = (guint) days;

      /* An interval that selects the days to look at: read as it is used. */
      if (days < 1 || days > 3660)
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "course");
          return NULL;
        }
      g_array_append_val (intervals, kept);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the courses"));
      return NULL;
    }

  stmt = meso_db_prepare (self->db,
    "SELECT a.id, a.patient_id, a.starts_at, c.id, c.protocol_name"
    " FROM appointment a JOIN course c ON c.id = a.course_id"
    " WHERE a.starts_at BETWEEN ?1 AND ?2 AND a.status = 'done' AND c.maintenance_days = ?3"
    "  AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.course_id = a.course_id"
    "                  AND b.course_position > a.course_position"
    "                  AND b.status NOT IN ('cancelled', 'no_show'))"
    "  AND NOT EXISTS (SELECT 1 FROM appointment b WHERE b.patient_id = a.patient_id"
    "                  AND b.starts_at > a.starts_at AND b.status IN ('booked', 'confirmed'))",
    error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < intervals->len; i++)
    {
      guint days = g_array_index (intervals, guint, i);
      gint64 shift = (gint64) days * DAY;

      meso_stmt_bind_int64 (stmt, 1, from - shift - 2 * DAY);
      meso_stmt_bind_int64 (stmt, 2, to - shift + 2 * DAY);
      meso_stmt_bind_int (stmt, 3, days);
      while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
        {
          MesoMaintenanceDue due = {
            .session_id = meso_stmt_column_int64 (stmt, 0),
            .patient_id = meso_stmt_column_int64 (stmt, 1),
            .course_id = meso_stmt_column_int64 (stmt, 3),
            .protocol = g_strdup (meso_stmt_column_text (stmt, 4)),
          };
          GDate day;

          meso_resources_get_day (resources, meso_stmt_column_int64 (stmt, 2), &day, NULL);
          g_date_add_days (&day, days);
          due.due_day_starts = meso_resources_to_instant (resources, &day, 0);
          g_array_append_val (found, due);
        }
      meso_stmt_reset (stmt);
      if (rc != MESO_STEP_DONE)
        {
          meso_db_set_error (self->db, error, rc, _("Could not read the courses"));
          return NULL;
        }
    }
  return g_steal_pointer (&found);
}

/**
 * meso_schedule_list_maintenance_due:
 *
 * The courses whose maintenance session falls due on a day that starts
 * within two days of [@from, @to] (the callers keep those they want):
 * maintenance is due an interval after a course's last session done, when
 * nothing was booked after it. Each interval in use is one look at the
 * sessions done that long ago. Needs %MESO_PERMISSION_READ_CONTACT.
 *
 * Returns: (transfer full) (element-type MesoMaintenanceDue): the courses,
 *   or %NULL with @error
 */
GArray *
meso_schedule_list_maintenance_due (MesoSchedule  *self,
                                    gint64         from,
                                    gint64         to,
                                    GError       **error)
{
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  return list_maintenance_due (self, from, to, error);
}

static gboolean
collect_maintenance (MesoSchedule       *self,
                     MesoReminderQuery  *query,
                     GError            **error)
{
  const MesoReminderRule *rule = meso_reminder_query_get_rule (query, MESO_REMINDER_MAINTENANCE);
  gint64 offset = (gint64) rule->offset_minutes * 60;
  g_autoptr(GArray) due = NULL;
  gint64 from, to;

  if (!rule->enabled)
    return TRUE;
  meso_reminder_query_get_window (query, &from, &to);
  /* The sync reads patients' contacts for the staff, signed in or not. */
  due = list_maintenance_due (self, from - offset, to - offset, error);
  if (due == NULL)
    return FALSE;
  for (guint i = 0; i < due->len; i++)
    if (!want_maintenance (self, query, &g_array_index (due, MesoMaintenanceDue, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
meso_schedule_collect (MesoReminderSource  *source,
                       MesoReminderQuery   *query,
                       GError             **error)
{
  MesoSchedule *self = MESO_SCHEDULE (source);

  return collect_appointments (self, query, error) && collect_maintenance (self, query, error);
}

static MesoReminderSource *
meso_schedule_open_on (MesoReminderSource *source,
                       MesoDb             *db)
{
  return MESO_REMINDER_SOURCE (meso_schedule_new (db));
}

void
meso_schedule_reminder_source_init (MesoReminderSourceInterface *iface)
{
  iface->open_on = meso_schedule_open_on;
  iface->collect = meso_schedule_collect;
}
