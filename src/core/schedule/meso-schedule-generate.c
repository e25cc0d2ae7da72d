/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-generate.c: appointments written in bulk, for the demo
 * clinic and the benchmark's generator: a million of them through
 * meso_schedule_book(), with its checks and a transaction each, would take
 * far too long. The schema's trigger still refuses a double booking. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-enum.h"
#include "meso-schedule-generate.h"
#include "meso-schedule-private.h"

/* The new id as meso-schedule-booking.c gives it: the next one on a file,
 * inside the write lock; the column's identity on a server. */
#define INSERT_GENERATED(id_column, id_value)                                          \
  "INSERT INTO appointment (" id_column "patient_id, patient_name, practitioner_id,"    \
  "  room_id, starts_at, ends_at, kind, status)"                                        \
  " VALUES (" id_value "?1, ?8, ?2, ?3, ?4, ?5, ?6, ?7)"
static const char *const insert_generated_file =
  INSERT_GENERATED ("id, ", "(SELECT coalesce (max (id), 0) + 1 FROM appointment), ");
/* A server ends the transaction at a refused statement: there a taken
 * slot (an exclusion constraint) is skipped by the insert itself. */
static const char *const insert_generated_server =
  INSERT_GENERATED ("", "") " ON CONFLICT DO NOTHING";

/**
 * meso_schedule_add_generated:
 * @rows: (array length=n_rows): the appointments to add
 * @out_added: (out) (optional): how many were added
 *
 * Adds @rows in one write transaction, as someone who may book. A row
 * whose slot is taken is skipped (on a file, also one whose patient,
 * practitioner or room does not exist); any other failure adds none of
 * them.
 */
gboolean
meso_schedule_add_generated (MesoSchedule                   *self,
                             const MesoGeneratedAppointment *rows,
                             guint                           n_rows,
                             guint                          *out_added,
                             GError                        **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  guint added = 0;

  for (guint i = 0; i < n_rows; i++)
    if (rows[i].kind >= MESO_N_KINDS || rows[i].status >= MESO_N_STATUSES)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Could not add the demo appointments"));
        return FALSE;
      }
  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL)
    return FALSE;
  for (guint i = 0; i < n_rows; i++)
    {
      const MesoGeneratedAppointment *row = &rows[i];
      gboolean inserted;
      int rc;

      stmt = meso_db_prepare (self->db, meso_db_is_server (self->db)
                                        ? insert_generated_server
                                        : insert_generated_file, error);
      if (stmt == NULL)
        return FALSE;
      meso_stmt_bind_int64 (stmt, 1, row->patient_id);
      meso_stmt_bind_int64 (stmt, 2, row->practitioner_id);
      meso_stmt_bind_int64 (stmt, 3, row->room_id);
      meso_stmt_bind_int64 (stmt, 4, row->starts_at);
      meso_stmt_bind_int64 (stmt, 5, row->ends_at);
      meso_stmt_bind_text (stmt, 6, meso_enum_to_code (MESO_TYPE_APPOINTMENT_KIND, row->kind));
      meso_stmt_bind_text (stmt, 7, meso_enum_to_code (MESO_TYPE_APPOINTMENT_STATUS, row->status));
      meso_stmt_bind_text (stmt, 8, row->patient_name != NULL ? row->patient_name : "");
      rc = meso_stmt_step (stmt);
      inserted = rc == MESO_STEP_DONE && meso_stmt_changes (stmt) > 0;
      meso_stmt_reset (stmt);
      /* On a file, a taken slot (the double-booking trigger) is simply
       * skipped; a server's transaction cannot go on after a refusal. */
      if (rc != MESO_STEP_DONE &&
          (meso_db_is_server (self->db) || !meso_step_is_constraint (rc)))
        {
          meso_db_set_error (self->db, error, rc, _("Could not add the demo appointments"));
          return FALSE;
        }
      if (inserted)
        added++;
    }
  if (!meso_db_write_commit (w, error))
    return FALSE;
  if (out_added != NULL)
    *out_added = added;
  if (added > 0)
    meso_schedule_emit_changed (self);
  return TRUE;
}
