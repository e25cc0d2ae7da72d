/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-consent.c: what each patient agreed to be sent, by
 * channel, and on which day. The outbox asks here, inside the transaction
 * that queues a message, so that nothing goes to a patient who did not
 * agree or has since withdrawn. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-enum.h"
#include "meso-patient-store-private.h"
#include "meso-text.h"

/**
 * meso_patient_store_set_consent:
 * @agreed_on: (nullable): the day the patient agreed; %NULL withdraws
 *
 * Records (or withdraws) patient @patient_id's consent to messages on
 * @channel. Audited. Needs %MESO_PERMISSION_WRITE_CONTACT.
 */
gboolean
meso_patient_store_set_consent (MesoPatientStore  *self,
                                gint64             patient_id,
                                MesoChannel        channel,
                                const GDate       *agreed_on,
                                GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  char day[11] = "";
  MesoStmt *stmt;

  g_return_val_if_fail (agreed_on == NULL || g_date_valid (agreed_on), FALSE);
  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL)
    return FALSE;
  if (agreed_on != NULL)
    {
      g_snprintf (day, sizeof day, "%04d-%02d-%02d", g_date_get_year (agreed_on),
                  g_date_get_month (agreed_on), g_date_get_day (agreed_on));
      stmt = meso_db_prepare (self->db,
                              "INSERT INTO patient_consent (patient_id, channel, agreed_on)"
                              " SELECT id, ?2, ?3 FROM patient WHERE id = ?1"
                              " ON CONFLICT (patient_id, channel)"
                              " DO UPDATE SET agreed_on = excluded.agreed_on", error);
    }
  else
    stmt = meso_db_prepare (self->db, "DELETE FROM patient_consent"
                                      " WHERE patient_id = ?1 AND channel = ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  meso_stmt_bind_text (stmt, 2, meso_enum_to_code (MESO_TYPE_CHANNEL, channel));
  if (agreed_on != NULL)
    meso_stmt_bind_text (stmt, 3, day);
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (agreed_on != NULL && meso_stmt_changes (stmt) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no patient number %lld."), (long long) patient_id);
      return FALSE;
    }
  if (!meso_db_write_commit (w, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed");
  return TRUE;
}

/**
 * meso_patient_store_get_consent:
 * @out_agreed_on: (out) (optional): the day the patient agreed, cleared
 *   when they did not
 *
 * Whether patient @patient_id agreed to messages on @channel. Asks no
 * permission: the outbox asks inside a write its caller was allowed.
 *
 * Returns: %TRUE when the patient agreed; %FALSE with @error unset when
 *   not, with @error set when the database could not say.
 */
gboolean
meso_patient_store_get_consent (MesoPatientStore  *self,
                                gint64             patient_id,
                                MesoChannel        channel,
                                GDate             *out_agreed_on,
                                GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT agreed_on FROM patient_consent"
                                              " WHERE patient_id = ?1 AND channel = ?2", error);
  GDate day;
  int rc;

  if (out_agreed_on != NULL)
    g_date_clear (out_agreed_on, 1);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  meso_stmt_bind_text (stmt, 2, meso_enum_to_code (MESO_TYPE_CHANNEL, channel));
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_DONE)
    {
      meso_stmt_reset (stmt);
      return FALSE;
    }
  if (rc != MESO_STEP_ROW)
    {
      meso_stmt_reset (stmt);
      meso_db_set_error (self->db, error, rc, _("Could not read the patient"));
      return FALSE;
    }
  if (!meso_text_parse_date (meso_stmt_column_text (stmt, 0), &day))
    {
      meso_stmt_reset (stmt);
      meso_db_set_damaged (error, "patient_consent");
      return FALSE;
    }
  meso_stmt_reset (stmt);
  if (out_agreed_on != NULL)
    *out_agreed_on = day;
  return TRUE;
}
