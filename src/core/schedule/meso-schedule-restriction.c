/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-restriction.c: the schedule's part in restricting and
 * anonymising a patient (meso-record-restriction.c): a patient still
 * booked or waiting is not restricted, and the retention period runs from
 * their last visit. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-clock.h"
#include "meso-schedule-private.h"

/* Steps @stmt, prepared and bound, for the one number it selects. */
static gboolean
read_number (MesoSchedule  *self,
             MesoStmt      *stmt,
             gint64        *out_number,
             GError       **error)
{
  int rc = meso_stmt_step (stmt);

  if (rc == MESO_STEP_ROW)
    *out_number = meso_stmt_column_int64 (stmt, 0);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the patient's appointments"));
  meso_stmt_reset (stmt);
  return rc == MESO_STEP_ROW;
}

/* Prepares @sql and binds ?1 to @patient_id. */
static MesoStmt *
prepare_for_patient (MesoSchedule  *self,
                     const char    *sql,
                     gint64         patient_id,
                     GError       **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, sql, error);

  if (stmt != NULL)
    meso_stmt_bind_int64 (stmt, 1, patient_id);
  return stmt;
}

/**
 * meso_schedule_check_nothing_booked_in_write:
 * @now: the clinic's clock's now, as a Unix time
 *
 * Inside the caller's write transaction: fails, saying what to do first,
 * when patient @patient_id has an upcoming appointment or waits on the
 * waiting list, which would bring them back into the lists and to the
 * clinic's attention.
 */
gboolean
meso_schedule_check_nothing_booked_in_write (MesoSchedule  *self,
                                             gint64         patient_id,
                                             gint64         now,
                                             GError       **error)
{
  gint64 n_upcoming = 0;
  gint64 n_waiting = 0;
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = prepare_for_patient (self, "SELECT count (*) FROM appointment WHERE patient_id = ?1"
                                    " AND ends_at > ?2 AND status IN ('booked', 'confirmed',"
                                    " 'arrived', 'in_treatment')", patient_id, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 2, now);
  if (!read_number (self, stmt, &n_upcoming, error))
    return FALSE;
  stmt = prepare_for_patient (self, "SELECT count (*) FROM waitlist WHERE patient_id = ?1"
                                    " AND resolved = 0", patient_id, error);
  if (stmt == NULL || !read_number (self, stmt, &n_waiting, error))
    return FALSE;
  if (n_upcoming > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The patient has %lld upcoming appointment: cancel it before "
                                "restricting the record.",
                                "The patient has %lld upcoming appointments: cancel them before "
                                "restricting the record.", n_upcoming),
                   (long long) n_upcoming);
      return FALSE;
    }
  if (n_waiting > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The patient is on the waiting list: remove them from it before "
                             "restricting the record."));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_schedule_get_last_visit:
 * @out_starts_at: (out): when patient @patient_id's last appointment that
 *   was not cancelled or missed began, or 0 if they never had one
 *
 * Needs %MESO_PERMISSION_READ_CONTACT.
 */
gboolean
meso_schedule_get_last_visit (MesoSchedule  *self,
                              gint64         patient_id,
                              gint64        *out_starts_at,
                              GError       **error)
{
  MesoStmt *stmt;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return FALSE;
  stmt = prepare_for_patient (self, "SELECT coalesce (max (starts_at), 0) FROM appointment"
                                    " WHERE patient_id = ?1"
                                    " AND status NOT IN ('cancelled', 'no_show')",
                              patient_id, error);
  if (stmt == NULL || !read_number (self, stmt, out_starts_at, error))
    return FALSE;
  /* Out of the clock's range only in a damaged file. */
  if (*out_starts_at != 0 &&
      (*out_starts_at < MESO_CLOCK_MIN_INSTANT || *out_starts_at > MESO_CLOCK_MAX_INSTANT))
    {
      meso_db_set_damaged (error, "appointment");
      return FALSE;
    }
  return TRUE;
}
