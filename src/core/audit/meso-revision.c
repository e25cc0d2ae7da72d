/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-revision.c: the refusal of a save made against a stale revision,
 * naming who changed the record and when, from the audit trail. The owner
 * of the record's table says whether it still exists; the staff feature
 * names the account. */
#define G_LOG_DOMAIN "meso-revision"

#include <glib/gi18n.h>

#include "meso-clock.h"
#include "meso-revision.h"
#include "meso-staff-store.h"

/* The latest audited change of each kind of record (a patient's screening,
 * allergies and medications are saved with the patient, so they count
 * too). The table names are the audit trail's values, not tables read. */
static const char * const latest_change_sql[] = {
  [MESO_RECORD_PATIENT] = "SELECT staff_id, at FROM audit WHERE patient_id = ?1"
    " AND table_name IN ('patient', 'screening_answer', 'allergy', 'medication')"
    " ORDER BY id DESC LIMIT 1",
  [MESO_RECORD_APPOINTMENT] = "SELECT staff_id, at FROM audit"
    " WHERE table_name = 'appointment' AND row_id = ?1 ORDER BY id DESC LIMIT 1",
  [MESO_RECORD_PRACTITIONER] = "SELECT staff_id, at FROM audit"
    " WHERE table_name = 'practitioner' AND row_id = ?1 ORDER BY id DESC LIMIT 1",
  [MESO_RECORD_ROOM] = "SELECT staff_id, at FROM audit"
    " WHERE table_name = 'room' AND row_id = ?1 ORDER BY id DESC LIMIT 1",
  /* A scalp map's row is its session's: row_id is the appointment's id. */
  [MESO_RECORD_SCALP_MAP] = "SELECT staff_id, at FROM audit"
    " WHERE table_name = 'scalp_map' AND row_id = ?1 ORDER BY id DESC LIMIT 1",
  /* A record is audited once, when it is closed, naming who recorded it. */
  [MESO_RECORD_COCKTAIL] = "SELECT staff_id, at FROM audit"
    " WHERE table_name = 'administration' AND row_id = ?1 ORDER BY id DESC LIMIT 1",
};

/* Whether the audit trail recorded a change of the record ?1 after entry ?2. */
static const char * const changed_since_sql[] = {
  [MESO_RECORD_PATIENT] = "SELECT EXISTS (SELECT 1 FROM audit WHERE patient_id = ?1 AND id > ?2"
    " AND table_name IN ('patient', 'screening_answer', 'allergy', 'medication'))",
  [MESO_RECORD_APPOINTMENT] = "SELECT EXISTS (SELECT 1 FROM audit"
    " WHERE table_name = 'appointment' AND row_id = ?1 AND id > ?2)",
  [MESO_RECORD_PRACTITIONER] = "SELECT EXISTS (SELECT 1 FROM audit"
    " WHERE table_name = 'practitioner' AND row_id = ?1 AND id > ?2)",
  [MESO_RECORD_ROOM] = "SELECT EXISTS (SELECT 1 FROM audit"
    " WHERE table_name = 'room' AND row_id = ?1 AND id > ?2)",
  [MESO_RECORD_SCALP_MAP] = "SELECT EXISTS (SELECT 1 FROM audit"
    " WHERE table_name = 'scalp_map' AND row_id = ?1 AND id > ?2)",
  [MESO_RECORD_COCKTAIL] = "SELECT EXISTS (SELECT 1 FROM audit"
    " WHERE table_name = 'administration' AND row_id = ?1 AND id > ?2)",
};

/* The one number @stmt selects, with ?1 and ?2 bound to @a and @b. */
static gboolean
query_number (MesoDb   *db,
              MesoStmt *stmt,
              gint64    a,
              gint64    b,
              gint64   *out_value,
              GError  **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, a);
  meso_stmt_bind_int64 (stmt, 2, b);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    *out_value = meso_stmt_column_int64 (stmt, 0);
  else
    meso_db_set_error (db, error, rc, _("Could not read the audit trail"));
  meso_stmt_reset (stmt);
  return rc == MESO_STEP_ROW;
}

/**
 * meso_revision_mark:
 * @out_mark: (out): the newest entry of the audit trail (0 for none)
 *
 * Where the audit trail stands, read inside a save's write transaction
 * before it writes: see meso_revision_changed_since().
 */
gboolean
meso_revision_mark (MesoDb   *db,
                    gint64   *out_mark,
                    GError  **error)
{
  return query_number (db, meso_db_prepare (db, "SELECT coalesce (max (id), 0) FROM audit", error),
                       0, 0, out_mark, error);
}

/**
 * meso_revision_changed_since:
 * @mark: from meso_revision_mark()
 * @out_changed: (out): whether the save changed the record
 *
 * Whether the audit trail recorded a change of the record since @mark: a
 * save that changed nothing keeps its revision, so that other forms open
 * on it stay current.
 */
gboolean
meso_revision_changed_since (MesoDb          *db,
                             MesoRecordKind   kind,
                             gint64           id,
                             gint64           mark,
                             gboolean        *out_changed,
                             GError         **error)
{
  gint64 changed = 0;

  g_return_val_if_fail (kind < G_N_ELEMENTS (changed_since_sql), FALSE);

  if (!query_number (db, meso_db_prepare (db, changed_since_sql[kind], error), id, mark, &changed,
                     error))
    return FALSE;
  *out_changed = changed != 0;
  return TRUE;
}

/* "14:32" for a change today, "2026-12-02 14:32" for an older one, in the
 * clinic's zone. The audit trail's time is SQLite's, so "today" is read
 * from a clock of its own rather than a context's. */
static char *
format_when (MesoDb     *db,
             const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(MesoClinic) clinic = utc != NULL ? meso_clinic_load (db, NULL) : NULL;
  g_autoptr(MesoClock) clock = clinic != NULL ? meso_clock_new (clinic) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  int year, month, day, now_year, now_month, now_day;

  if (clock == NULL)
    return NULL;
  local = meso_clock_to_clinic_time (clock, utc);
  now = meso_clock_dup_now (clock);
  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_time_get_ymd (now, &now_year, &now_month, &now_day);
  if (year == now_year && month == now_month && day == now_day)
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Whole sentences per kind, so that translators never assemble one. */
static char *
dup_message (MesoRecordKind  kind,
             const char     *who,
             const char     *when)
{
  gboolean known = who != NULL && when != NULL;

  switch (kind)
    {
    case MESO_RECORD_PATIENT:
      return known
        /* Translators: a staff member's name, then "14:32" or "2026-12-02 14:32" */
        ? g_strdup_printf (_("%s changed this patient at %s after you opened it. Your changes "
                             "are still in the form: reload the patient to add them to what "
                             "was saved, then save again."), who, when)
        : g_strdup (_("Someone else changed this patient after you opened it. Your changes are "
                      "still in the form: reload the patient to add them to what was saved, "
                      "then save again."));
    case MESO_RECORD_APPOINTMENT:
      return known
        /* Translators: a staff member's name, then "14:32" or "2026-12-02 14:32" */
        ? g_strdup_printf (_("%s changed this appointment at %s after you opened it. Your "
                             "changes are still in the form: reload the appointment to add "
                             "them to what was saved, then save again."), who, when)
        : g_strdup (_("Someone else changed this appointment after you opened it. Your changes "
                      "are still in the form: reload the appointment to add them to what was "
                      "saved, then save again."));
    case MESO_RECORD_PRACTITIONER:
      return known
        /* Translators: a staff member's name, then "14:32" or "2026-12-02 14:32" */
        ? g_strdup_printf (_("%s changed this practitioner at %s after you opened the settings: "
                             "reopen them and try again."), who, when)
        : g_strdup (_("Someone else changed this practitioner after you opened the settings: "
                      "reopen them and try again."));
    case MESO_RECORD_SCALP_MAP:
      return known
        /* Translators: a staff member's name, then "14:32" or "2026-12-02 14:32" */
        ? g_strdup_printf (_("%s changed this scalp map at %s after you opened it. Your changes "
                             "are still in the window: reload the map to add them to what was "
                             "saved, then save again."), who, when)
        : g_strdup (_("Someone else changed this scalp map after you opened it. Your changes "
                      "are still in the window: reload the map to add them to what was saved, "
                      "then save again."));
    case MESO_RECORD_COCKTAIL:
      return known
        /* Translators: a staff member's name, then "14:32" or "2026-12-02 14:32" */
        ? g_strdup_printf (_("%s changed this session’s cocktail at %s after you opened it. "
                             "Your changes are still in the composer: record them again to "
                             "keep them as a correction of what was recorded."), who, when)
        : g_strdup (_("Someone else changed this session’s cocktail after you opened it. Your "
                      "changes are still in the composer: record them again to keep them as a "
                      "correction of what was recorded."));
    case MESO_RECORD_ROOM:
    default:
      return known
        /* Translators: a staff member's name, then "14:32" or "2026-12-02 14:32" */
        ? g_strdup_printf (_("%s changed this room at %s after you opened the settings: reopen "
                             "them and try again."), who, when)
        : g_strdup (_("Someone else changed this room after you opened the settings: reopen "
                      "them and try again."));
    }
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
  g_autofree char *message = NULL;
  MesoStmt *stmt;

  g_return_if_fail (kind < G_N_ELEMENTS (latest_change_sql));

  /* The message is best effort: a failed read still refuses the save. */
  stmt = meso_db_prepare (db, latest_change_sql[kind], NULL);
  if (stmt != NULL)
    {
      meso_stmt_bind_int64 (stmt, 1, id);
      if (meso_stmt_step (stmt) == MESO_STEP_ROW)
        {
          if (meso_stmt_column_type (stmt, 0) != MESO_VALUE_NULL)
            who = meso_staff_store_lookup_name (db, meso_stmt_column_int64 (stmt, 0));
          when = format_when (db, meso_stmt_column_text (stmt, 1));
        }
      meso_stmt_reset (stmt);
    }
  message = dup_message (kind, who, when);
  g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE, message);
}

/**
 * meso_revision_refuse:
 * @db: the connection the refused save ran on, inside its transaction
 * @kind: what was saved
 * @id: the record's id
 * @exists_sql: the owning store's query for whether the record ?1 is there
 *   (a row, or none)
 *
 * For a save whose UPDATE, naming the revision the form was read at,
 * changed no row: sets @error to %MESO_DB_ERROR_STALE (see
 * meso_revision_set_stale_error()) if the record exists, else to
 * %G_IO_ERROR_NOT_FOUND.
 *
 * Returns: %FALSE, so that a caller can return it.
 */
gboolean
meso_revision_refuse (MesoDb          *db,
                      MesoRecordKind   kind,
                      gint64           id,
                      const char      *exists_sql,
                      GError         **error)
{
  MesoStmt *stmt;
  int rc;

  g_return_val_if_fail (kind < G_N_ELEMENTS (latest_change_sql), FALSE);

  stmt = meso_db_prepare (db, exists_sql, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  meso_stmt_reset (stmt);
  if (rc == MESO_STEP_ROW)
    meso_revision_set_stale_error (db, kind, id, error);
  else if (rc == MESO_STEP_DONE)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("This record no longer exists: someone else removed it."));
  else
    meso_db_set_error (db, error, rc, _("Could not read the record"));
  return FALSE;
}
