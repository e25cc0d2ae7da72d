/* meso-revision.c: the refusal of a save made against a stale revision,
 * naming who changed the record and when, from the audit trail. */
#define G_LOG_DOMAIN "meso-revision"

#include <glib/gi18n.h>

#include "meso-revision.h"

/* The latest audited change of the record: a patient's screening, allergies
 * and medications are saved with the patient, so their changes count too. */
static const char * const latest_change_sql[] = {
  [MESO_RECORD_PATIENT] =
    "SELECT s.display_name, a.at FROM audit a LEFT JOIN staff s ON s.id = a.staff_id"
    " WHERE a.patient_id = ?1"
    "   AND a.table_name IN ('patient', 'screening_answer', 'allergy', 'medication')"
    " ORDER BY a.id DESC LIMIT 1",
  [MESO_RECORD_APPOINTMENT] =
    "SELECT s.display_name, a.at FROM audit a LEFT JOIN staff s ON s.id = a.staff_id"
    " WHERE a.table_name = 'appointment' AND a.row_id = ?1 ORDER BY a.id DESC LIMIT 1",
};

/* "14:32" for a change today, "2026-12-02 14:32" for an older one. */
static char *
format_when (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day, now_year, now_month, now_day;

  if (local == NULL)
    return NULL;
  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_time_get_ymd (now, &now_year, &now_month, &now_day);
  if (year == now_year && month == now_month && day == now_day)
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * meso_revision_set_stale_error:
 * @db: the connection the refused save ran on, inside its transaction
 * @kind: what was saved
 * @id: the record's id
 *
 * Sets @error to %MESO_DB_ERROR_STALE, with a sentence naming the staff
 * member who last changed the record and when, read from the audit trail,
 * and telling the user that what they typed is still in the form.
 */
void
meso_revision_set_stale_error (MesoDb          *db,
                               MesoRecordKind   kind,
                               gint64           id,
                               GError         **error)
{
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  sqlite3_stmt *stmt;

  g_return_if_fail (kind <= MESO_RECORD_APPOINTMENT);

  /* The message is best effort: a failed read still refuses the save. */
  stmt = meso_db_prepare (db, latest_change_sql[kind], NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          who = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          when = format_when ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }

  if (kind == MESO_RECORD_PATIENT && who != NULL && when != NULL)
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE,
                 /* Translators: "Selin Demir changed this patient at 14:32 after…" */
                 _("%s changed this patient at %s after you opened it. Your changes are still "
                   "in the form: copy what you need, then reload the patient."), who, when);
  else if (kind == MESO_RECORD_PATIENT)
    g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE,
                         _("Someone else changed this patient after you opened it. Your changes "
                           "are still in the form: copy what you need, then reload the patient."));
  else if (who != NULL && when != NULL)
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE,
                 /* Translators: "Selin Demir changed this appointment at 14:32 after…" */
                 _("%s changed this appointment at %s after you opened it. Your changes are "
                   "still in the form: copy what you need, then reload the appointment."),
                 who, when);
  else
    g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE,
                         _("Someone else changed this appointment after you opened it. Your "
                           "changes are still in the form: copy what you need, then reload the "
                           "appointment."));
}
