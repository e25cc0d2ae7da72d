/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-restriction.c: restriction instead of deletion, the
 * patient's part of it. A patient whose data must be kept for the legal
 * retention period is restricted: kept, in backups and the audit trail too,
 * but left out of searches and lists and opened by administrators only.
 * Once the clinic's retention period has passed since their last visit, an
 * administrator may anonymise them: names, contacts and notes replaced, the
 * clinical rows kept for statistics. meso-record-restriction.c joins this
 * to the other features' parts in one write; the schema
 * (data/schema/0022-patient-restriction.sql) keeps an anonymised patient so
 * and audits the anonymisation without repeating the names it removes. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-clinic.h"
#include "meso-db-write.h"
#include "meso-patient-store-private.h"
#include "meso-text.h"

void
meso_patient_store_set_restricted_error (GError **error)
{
  g_set_error_literal (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN,
                       _("This patient's record is restricted: only an administrator can "
                         "open it."));
}

/* The patient's restriction and anonymisation days, each NULL when not;
 * %FALSE with G_IO_ERROR_NOT_FOUND when there is no such patient. */
static gboolean
read_restriction (MesoPatientStore  *self,
                  gint64             id,
                  char             **out_restricted_on,
                  char             **out_anonymised_on,
                  GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "SELECT restricted_on, anonymised_on FROM patient"
                                    " WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      *out_restricted_on = g_strdup (meso_stmt_column_text (stmt, 0));
      *out_anonymised_on = g_strdup (meso_stmt_column_text (stmt, 1));
    }
  else if (rc == MESO_STEP_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no patient number %lld."), (long long) id);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the patient"));
  meso_stmt_reset (stmt);
  return rc == MESO_STEP_ROW;
}

/**
 * meso_patient_store_check_access:
 *
 * Fails with %MESO_ACCESS_ERROR_FORBIDDEN when patient @id is restricted
 * and the signed-in staff member may not manage records, or with
 * G_IO_ERROR_NOT_FOUND when there is no such patient. Called inside a
 * write, it checks what that write will change.
 */
gboolean
meso_patient_store_check_access (MesoPatientStore  *self,
                                 gint64             id,
                                 GError           **error)
{
  g_autofree char *restricted_on = NULL;
  g_autofree char *anonymised_on = NULL;

  if (!read_restriction (self, id, &restricted_on, &anonymised_on, error))
    return FALSE;
  if (restricted_on != NULL && !meso_db_require (self->db, MESO_PERMISSION_MANAGE_RECORDS, NULL))
    {
      meso_patient_store_set_restricted_error (error);
      return FALSE;
    }
  return TRUE;
}

/* Patient @id no longer agrees to any message. */
static gboolean
withdraw_consent (MesoPatientStore  *self,
                  gint64             id,
                  GError           **error)
{
  return meso_patient_store_run_with_id (self, "DELETE FROM patient_consent WHERE patient_id = ?1",
                                         id, error);
}

/**
 * meso_patient_store_restrict_in_write:
 * @today: the clinic's date, as YYYY-MM-DD
 *
 * Restricts patient @id inside the write transaction the caller holds
 * (meso_record_restrict(), which also ends what would contact them): from
 * its commit on they are listed only for administrators, who alone may open
 * them, and their consent to messages is withdrawn. Refused when they are
 * restricted already. The caller emits #MesoPatientStore::changed once it
 * has committed.
 */
gboolean
meso_patient_store_restrict_in_write (MesoPatientStore  *self,
                                      gint64             id,
                                      const char        *today,
                                      GError           **error)
{
  g_autofree char *restricted_on = NULL;
  g_autofree char *anonymised_on = NULL;
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  if (!meso_db_require (self->db, MESO_PERMISSION_MANAGE_RECORDS, error) ||
      !read_restriction (self, id, &restricted_on, &anonymised_on, error))
    return FALSE;
  if (restricted_on != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The patient's record has been restricted since %s."), restricted_on);
      return FALSE;
    }
  if (!withdraw_consent (self, id, error))
    return FALSE;
  stmt = meso_db_prepare (self->db, "UPDATE patient SET restricted_on = ?2,"
                                    " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ')"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_text (stmt, 2, today);
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  self->order_valid = FALSE;
  return TRUE;
}

/**
 * meso_patient_store_lift_restriction:
 *
 * Lists patient @id again for all staff. An anonymised patient stays
 * restricted. Needs %MESO_PERMISSION_MANAGE_RECORDS.
 */
gboolean
meso_patient_store_lift_restriction (MesoPatientStore  *self,
                                     gint64             id,
                                     GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autofree char *restricted_on = NULL;
  g_autofree char *anonymised_on = NULL;
  MesoStmt *stmt;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_RECORDS, error);
  if (w == NULL || !read_restriction (self, id, &restricted_on, &anonymised_on, error))
    return FALSE;
  if (anonymised_on != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The patient was anonymised on %s: their record stays restricted."),
                   anonymised_on);
      return FALSE;
    }
  if (restricted_on == NULL)
    return TRUE;
  stmt = meso_db_prepare (self->db, "UPDATE patient SET restricted_on = NULL,"
                                    " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ')"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;

  self->order_valid = FALSE;
  g_signal_emit_by_name (self, "changed");
  return TRUE;
}

/**
 * meso_patient_store_get_anonymise_day:
 * @last_visit: when the patient's last appointment that took place began,
 *   or 0 if they never had one (meso_schedule_get_last_visit())
 * @zone: the clinic's time zone, which says the day of an appointment
 * @out_day: (out caller-allocates): the first day patient @id may be
 *   anonymised: the clinic's retention period after @last_visit, or after
 *   they were added if they never came
 *
 * Reads the retention period in the caller's transaction, if it holds one.
 * Needs %MESO_PERMISSION_MANAGE_RECORDS.
 */
gboolean
meso_patient_store_get_anonymise_day (MesoPatientStore  *self,
                                      gint64             id,
                                      gint64             last_visit,
                                      GTimeZone         *zone,
                                      GDate             *out_day,
                                      GError           **error)
{
  g_autoptr(MesoClinic) clinic = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) local = NULL;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_MANAGE_RECORDS, error) ||
      (clinic = meso_clinic_load (self->db, error)) == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db, "SELECT created_at FROM patient WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    last = last_visit != 0
           ? g_date_time_new_from_unix_utc (last_visit)
           : g_date_time_new_from_iso8601 (meso_patient_column_text (stmt, 0), NULL);
  else if (rc == MESO_STEP_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no patient number %lld."), (long long) id);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the patient"));
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW)
    return FALSE;
  /* Out of GDateTime's range only in a damaged file. */
  if (last == NULL)
    {
      meso_db_set_damaged (error, "patient");
      return FALSE;
    }
  local = g_date_time_to_timezone (last, zone);
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  g_date_add_years (out_day, meso_clinic_get_number (clinic, MESO_CLINIC_RETENTION_YEARS));
  return TRUE;
}

/* Writes the anonymised patient row: every field that identifies the
 * patient replaced, the birth date kept to its year for statistics by age. */
static gboolean
write_anonymised (MesoPatientStore  *self,
                  gint64             id,
                  const char        *marker,
                  const char        *today,
                  GError           **error)
{
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autofree char *sort_key = NULL;
  g_autofree char *search_text = NULL;
  MesoStmt *stmt;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, marker);
  sort_key = meso_patient_dup_sort_key (patient, self->language, self->script_order);
  search_text = meso_patient_dup_search_text (patient);
  stmt = meso_db_prepare (self->db,
                          "UPDATE patient SET family_name = ?2, given_name = '',"
                          " birth_date = CASE WHEN birth_date IS NULL THEN NULL"
                          "                   ELSE substr (birth_date, 1, 4) || '-01-01' END,"
                          " phone = '', email = '', address = '', notes = '',"
                          " sort_key = ?3, search_text = ?4, initials = ?5, anonymised_on = ?6,"
                          " revision = revision + 1,"
                          " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ')"
                          " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_text (stmt, 2, marker);
  meso_stmt_bind_text (stmt, 3, sort_key);
  meso_stmt_bind_text (stmt, 4, search_text);
  meso_stmt_bind_int64 (stmt, 5, (gint64) meso_text_initials (search_text));
  meso_stmt_bind_text (stmt, 6, today);
  return meso_db_step_done (self->db, stmt, error);
}

/**
 * meso_patient_store_anonymise_in_write:
 * @now: the clinic's clock's now
 * @last_visit: as for meso_patient_store_get_anonymise_day()
 * @marker: the name an anonymised patient is given
 * @out_anonymised: (out): whether this call anonymised them: not when they
 *   were already
 *
 * Anonymises restricted patient @id inside the write transaction the
 * caller holds (meso_record_anonymise(), which also clears their messages
 * and reminders), once the clinic's retention period has passed: names,
 * contacts, notes and consent are replaced or removed, the birth date
 * keeps its year, the clinical rows stay. It cannot be undone. The caller
 * emits #MesoPatientStore::changed once it has committed.
 */
gboolean
meso_patient_store_anonymise_in_write (MesoPatientStore  *self,
                                       gint64             id,
                                       GDateTime         *now,
                                       gint64             last_visit,
                                       const char        *marker,
                                       gboolean          *out_anonymised,
                                       GError           **error)
{
  g_autofree char *restricted_on = NULL;
  g_autofree char *anonymised_on = NULL;
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GDate first_day;
  GDate day;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  *out_anonymised = FALSE;
  if (!meso_db_require (self->db, MESO_PERMISSION_MANAGE_RECORDS, error) ||
      !read_restriction (self, id, &restricted_on, &anonymised_on, error))
    return FALSE;
  if (anonymised_on != NULL)
    return TRUE;
  if (restricted_on == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Only a restricted patient can be anonymised: restrict the record "
                             "first."));
      return FALSE;
    }
  if (!meso_patient_store_get_anonymise_day (self, id, last_visit,
                                             g_date_time_get_timezone (now), &first_day, error))
    return FALSE;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (g_date_compare (&day, &first_day) < 0)
    {
      char first[16];

      g_date_strftime (first, sizeof first, "%Y-%m-%d", &first_day);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The clinic keeps records for its retention period after the last "
                     "appointment: this patient can be anonymised from %s."), first);
      return FALSE;
    }
  if (!withdraw_consent (self, id, error) ||
      !write_anonymised (self, id, marker, today, error))
    return FALSE;
  self->order_valid = FALSE;
  *out_anonymised = TRUE;
  return TRUE;
}

/**
 * meso_patients_require_open:
 * @db: the connection to read on, in or out of a write
 *
 * Another feature's gate to a patient's records: a restricted patient's
 * are opened by administrators only (MANAGE_RECORDS), as the patient is.
 * Returns: %FALSE with a FORBIDDEN @error when the signed-in person may not
 */
gboolean
meso_patients_require_open (MesoDb  *db,
                            gint64   patient_id,
                            GError **error)
{
  MesoStmt *stmt = meso_db_prepare (db, "SELECT restricted_on IS NOT NULL FROM patient"
                                        " WHERE id = ?1", error);
  gboolean restricted = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    restricted = meso_stmt_column_int (stmt, 0) != 0;
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the patients"));
      return FALSE;
    }
  if (restricted && !meso_db_require (db, MESO_PERMISSION_MANAGE_RECORDS, NULL))
    {
      meso_patient_store_set_restricted_error (error);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_patients_read_restricted:
 * @db: the connection to read on: a store's, or a worker's
 *
 * Returns: (transfer full) (element-type gint64 gint64): the set of
 * restricted patients' ids, or %NULL with @error set. There are few: the
 * read takes one small index.
 */
GHashTable *
meso_patients_read_restricted (MesoDb  *db,
                               GError **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  MesoStmt *stmt = meso_db_prepare (db, "SELECT id FROM patient WHERE restricted_on IS NOT NULL",
                                    error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = meso_stmt_column_int64 (stmt, 0);
      g_hash_table_add (ids, id);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the patients"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}
