/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-import.c: the store's side of importing patients from
 * a file: the existing patients a duplicate is looked for among, the import
 * written in one transaction, and the undoing of the latest one. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>
#include <string.h>

#include "config.h"

#include "meso-db-write.h"
#include "meso-patient-store-private.h"
#include "meso-staff-store.h"

void
meso_patient_import_info_clear (MesoPatientImportInfo *info)
{
  g_clear_pointer (&info->source, g_free);
  g_clear_pointer (&info->staff_name, g_free);
  g_clear_pointer (&info->imported_at, g_free);
  info->id = 0;
}

/**
 * meso_patient_store_foreach_identity:
 * @func: called with each patient's names, birth date ("" if unknown) and phone
 *
 * Reads every patient, archived ones too, in one pass: what an import
 * compares its rows with to find the patients the clinic already has.
 */
gboolean
meso_patient_store_foreach_identity (MesoPatientStore        *self,
                                     MesoPatientIdentityFunc  func,
                                     gpointer                 user_data,
                                     GError                 **error)
{
  MesoStmt *stmt;
  int rc;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), FALSE);

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "SELECT id, family_name, given_name, coalesce (birth_date, ''), phone"
                          " FROM patient", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    func (meso_stmt_column_int64 (stmt, 0), meso_patient_column_text (stmt, 1),
          meso_patient_column_text (stmt, 2), meso_patient_column_text (stmt, 3),
          meso_patient_column_text (stmt, 4), user_data);
  return meso_db_rows_done (self->db, stmt, rc, _("Could not read the patients"), error);
}

static gint64
insert_import (MesoPatientStore  *self,
               const char        *source,
               const char        *format,
               guint              n_patients,
               GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "INSERT INTO patient_import (staff_id, source, format,"
                                    " n_patients) VALUES (meso_actor (), ?1, ?2, ?3)"
                                    " RETURNING id", error);

  if (stmt == NULL)
    return 0;
  meso_stmt_bind_text (stmt, 1, source);
  meso_stmt_bind_text (stmt, 2, format);
  meso_stmt_bind_int64 (stmt, 3, n_patients);
  return meso_db_step_new_id (self->db, stmt, error);
}

/* Names the import in its patients' rows, in one statement: the insert
 * stays the one every new patient goes through. */
static gboolean
mark_imported (MesoPatientStore  *self,
               gint64             import_id,
               GPtrArray         *patients,
               GError           **error)
{
  g_autofree gint64 *ids = g_new (gint64, MAX (patients->len, 1));
  g_autoptr(GString) list = NULL;
  MesoStmt *stmt;

  for (guint i = 0; i < patients->len; i++)
    ids[i] = meso_patient_get_id (g_ptr_array_index (patients, i));
  list = meso_patient_json_id_list (ids, NULL, patients->len);
  stmt = meso_db_prepare (self->db,
                          meso_db_is_server (self->db)
                            ? "UPDATE patient SET import_id = ?2"
                              " WHERE id IN (" SERVER_IDS_IN_JSON ")"
                            : "UPDATE patient SET import_id = ?2"
                              " WHERE id IN (" FILE_IDS_IN_JSON ")", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, list->str);
  meso_stmt_bind_int64 (stmt, 2, import_id);
  return meso_db_step_done (self->db, stmt, error);
}

/* Each patient as a form's save would have it, inside the write: whoever
 * calls, nothing invalid is written, and no notes are dropped unseen for
 * staff who may not write them. */
static gboolean
check_patients (MesoPatientStore  *self,
                GPtrArray         *patients,
                const GDate       *today,
                GError           **error)
{
  gboolean may_write_notes = meso_db_require (self->db, MESO_PERMISSION_WRITE_CLINICAL, NULL);
  GDate day = *today;

  for (guint i = 0; i < patients->len; i++)
    {
      MesoPatient *patient = g_ptr_array_index (patients, i);
      g_autoptr(GError) invalid = NULL;
      g_autofree char *name = NULL;

      meso_patient_normalize (patient);
      if (meso_patient_validate (patient, &day, &invalid) &&
          (may_write_notes || *meso_patient_get_field (patient, MESO_PATIENT_NOTES) == '\0'))
        continue;
      name = meso_patient_dup_display_name (patient);
      if (invalid != NULL)
        g_set_error (error, MESO_PATIENT_ERROR, invalid->code, _("%s: %s"), name,
                     invalid->message);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("%s: only physicians and administrators may import clinical notes."),
                     name);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_patient_store_import:
 * @source: the file's name, as the audit trail and the undo will show it
 * @format: "csv" or "vcard"
 * @patients: (element-type MesoPatient): new patients; each receives its id
 * @today: what a birth date in the future is measured from
 *
 * Normalizes and validates @patients, then writes the import and all of
 * them in one transaction: either every one is saved or none is. Needs
 * %MESO_PERMISSION_WRITE_CONTACT, and %MESO_PERMISSION_WRITE_CLINICAL for a
 * patient with notes.
 *
 * Returns: the import's id, or 0 with @error set.
 */
gint64
meso_patient_store_import (MesoPatientStore  *self,
                           const char        *source,
                           const char        *format,
                           GPtrArray         *patients,
                           const GDate       *today,
                           GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  gint64 import_id;
  gboolean written = TRUE;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), 0);

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL || !check_patients (self, patients, today, error))
    return 0;
  import_id = insert_import (self, source, format, patients->len, error);
  if (import_id == 0)
    return 0;

  for (guint i = 0; i < patients->len && written; i++)
    written = meso_patient_store_write_new (self, g_ptr_array_index (patients, i), error);
  if (!written || !mark_imported (self, import_id, patients, error) ||
      !meso_db_write_commit (w, error))
    {
      /* Nothing was saved: the patients are new again. */
      for (guint i = 0; i < patients->len; i++)
        meso_patient_set_id (g_ptr_array_index (patients, i), 0);
      return 0;
    }

  self->order_valid = FALSE;
  g_signal_emit_by_name (self, "changed");
  return import_id;
}

/**
 * meso_patient_store_get_last_import:
 * @out_info: (out caller-allocates): the latest import, its id 0 if there
 *   has been none; clear it with meso_patient_import_info_clear()
 */
gboolean
meso_patient_store_get_last_import (MesoPatientStore       *self,
                                    MesoPatientImportInfo  *out_info,
                                    GError                **error)
{
  MesoStmt *stmt;
  gint64 staff_id = 0;
  int rc;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), FALSE);

  memset (out_info, 0, sizeof *out_info);
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "SELECT id, source, staff_id, n_patients, imported_at,"
                          " undone_at IS NOT NULL FROM patient_import ORDER BY id DESC LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      out_info->id = meso_stmt_column_int64 (stmt, 0);
      out_info->source = g_strdup (meso_patient_column_text (stmt, 1));
      staff_id = meso_stmt_column_int64 (stmt, 2);
      out_info->n_patients = meso_stmt_column_int64 (stmt, 3);
      out_info->imported_at = g_strdup (meso_patient_column_text (stmt, 4));
      out_info->undone = meso_stmt_column_int (stmt, 5) != 0;
      rc = meso_stmt_step (stmt);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the latest import"), error))
    {
      meso_patient_import_info_clear (out_info);
      return FALSE;
    }
  if (staff_id != 0)
    out_info->staff_name = meso_staff_store_lookup_name (self->db, staff_id);
  return TRUE;
}

/* Refuses, in words, an undo that would take more than the import brought:
 * a patient changed or archived since, or an import that is not the latest. */
static gboolean
check_undoable (MesoPatientStore  *self,
                gint64             import_id,
                GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "SELECT (SELECT max (id) FROM patient_import),"
                                    " (SELECT undone_at IS NOT NULL FROM patient_import"
                                    "   WHERE id = ?1),"
                                    " (SELECT count(*) FROM patient WHERE import_id = ?1"
                                    "   AND (revision <> 0 OR archived <> 0"
                                    "        OR updated_at <> created_at)),"
                                    " (SELECT count(*) FROM patient WHERE import_id = ?1"
                                    "   AND notes <> '')", error);
  gint64 latest, changed, with_notes;
  gboolean undone;
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, import_id);
  rc = meso_stmt_step (stmt);
  if (rc != MESO_STEP_ROW)
    {
      meso_stmt_reset (stmt);
      meso_db_set_error (self->db, error, rc, _("Could not read the import"));
      return FALSE;
    }
  latest = meso_stmt_column_int64 (stmt, 0);
  undone = meso_stmt_column_int (stmt, 1) != 0;
  changed = meso_stmt_column_int64 (stmt, 2);
  with_notes = meso_stmt_column_int64 (stmt, 3);
  meso_stmt_reset (stmt);

  if (latest != import_id)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only the latest import can be undone."));
  else if (undone)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                         _("This import has been undone already."));
  else if (changed > 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "%lld imported patient was changed or archived since the import, "
                              "so it can no longer be undone.",
                              "%lld imported patients were changed or archived since the "
                              "import, so it can no longer be undone.", (gulong) changed),
                 (long long) changed);
  /* Taking back notes deletes clinical data: not for reception. */
  else if (with_notes > 0)
    return meso_db_require (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  else
    return TRUE;
  return FALSE;
}

static gboolean
delete_imported (MesoPatientStore  *self,
                 gint64             import_id,
                 GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "DELETE FROM patient WHERE import_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, import_id);
  rc = meso_stmt_step (stmt);
  meso_stmt_reset (stmt);
  if (rc == MESO_STEP_DONE)
    return TRUE;
  /* Another feature's rows (an appointment, a message) name the patient. */
  if (meso_step_is_foreign_key (rc))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Some imported patients have appointments, screening answers or "
                           "other records now, so the import can no longer be undone."));
  else
    meso_db_set_error (self->db, error, rc, _("Could not undo the import"));
  return FALSE;
}

/**
 * meso_patient_store_undo_import:
 *
 * Deletes every patient that import @import_id brought, in one transaction,
 * and marks it undone; the audit trail keeps both the import and the undo.
 * Only the latest import can be undone, and only while none of its patients
 * has been changed, archived, or given any other record. Needs
 * %MESO_PERMISSION_WRITE_CONTACT.
 */
gboolean
meso_patient_store_undo_import (MesoPatientStore  *self,
                                gint64             import_id,
                                GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), FALSE);

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL || !check_undoable (self, import_id, error) ||
      !delete_imported (self, import_id, error))
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "UPDATE patient_import SET undone_at = strftime ('%Y-%m-%dT%H:%M:%SZ')"
                          " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, import_id);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;

  self->order_valid = FALSE;
  g_signal_emit_by_name (self, "changed");
  return TRUE;
}

/* What a worker thread needs to open a store of its own, taken on the
 * main thread when the work is asked: the connection to copy, who is
 * signed in, and how names sort. */
struct _MesoPatientStoreWorker
{
  MesoDb          *db;
  MesoStaff       *actor;
  char            *language;
  MesoScriptOrder  script_order;
};

MesoPatientStoreWorker *
meso_patient_store_worker_new (MesoPatientStore *self)
{
  MesoPatientStoreWorker *worker = g_new0 (MesoPatientStoreWorker, 1);
  MesoStaff *actor = meso_db_get_actor (self->db);

  worker->db = g_object_ref (self->db);
  worker->actor = actor != NULL ? g_object_ref (actor) : NULL;
  worker->language = g_strdup (self->language);
  worker->script_order = self->script_order;
  return worker;
}

void
meso_patient_store_worker_free (MesoPatientStoreWorker *worker)
{
  if (worker == NULL)
    return;
  g_clear_object (&worker->db);
  g_clear_object (&worker->actor);
  g_free (worker->language);
  g_free (worker);
}

/**
 * meso_patient_store_worker_open:
 *
 * In the worker thread: a store on a connection of its own
 * (meso_db_open_worker()), acting for whoever was signed in when the work
 * was asked. Returns: (transfer full): the store, or %NULL with @error set.
 */
MesoPatientStore *
meso_patient_store_worker_open (MesoPatientStoreWorker  *worker,
                                GError                 **error)
{
  g_autoptr(MesoDb) db = meso_db_open_worker (worker->db, error);
  MesoPatientStore *store;

  if (db == NULL)
    return NULL;
  meso_db_set_actor (db, worker->actor);
  store = meso_patient_store_new (db);
  g_free (store->language);
  store->language = g_strdup (worker->language);
  store->script_order = worker->script_order;
  return store;
}

/* An import or its undo, written off the main loop. */
typedef struct
{
  MesoPatientStoreWorker *worker;
  char             *source;
  char             *format;
  GPtrArray        *patients;   /* NULL for an undo */
  GDate             today;
  gint64            import_id;  /* the undo's */
} ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  meso_patient_store_worker_free (job->worker);
  g_free (job->source);
  g_free (job->format);
  g_clear_pointer (&job->patients, g_ptr_array_unref);
  g_free (job);
}

static void
import_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;
  g_autoptr(MesoPatientStore) store = meso_patient_store_worker_open (job->worker, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else if (job->patients != NULL)
    {
      gint64 id = meso_patient_store_import (store, job->source, job->format, job->patients,
                                             &job->today, &error);
      if (id != 0)
        g_task_return_int (task, id);
      else
        g_task_return_error (task, error);
    }
  else if (meso_patient_store_undo_import (store, job->import_id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_job (MesoPatientStore    *self,
         ImportJob           *job,
         gpointer             source_tag,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  job->worker = meso_patient_store_worker_new (self);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_in_thread);
}

/* The other connection wrote: this store's list is read again. */
static void
notice_written (MesoPatientStore *self)
{
  self->order_valid = FALSE;
  g_signal_emit_by_name (self, "changed");
}

/**
 * meso_patient_store_import_async:
 *
 * meso_patient_store_import() in a worker thread on a connection of its
 * own, for the window: 100,000 patients take seconds. @patients must not
 * be touched until it finishes.
 */
void
meso_patient_store_import_async (MesoPatientStore    *self,
                                 const char          *source,
                                 const char          *format,
                                 GPtrArray           *patients,
                                 const GDate         *today,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ImportJob *job;

  g_return_if_fail (MESO_IS_PATIENT_STORE (self));

  job = g_new0 (ImportJob, 1);
  job->today = *today;
  job->source = g_strdup (source);
  job->format = g_strdup (format);
  job->patients = g_ptr_array_ref (patients);
  run_job (self, job, meso_patient_store_import_async, callback, user_data);
}

gint64
meso_patient_store_import_finish (MesoPatientStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  gint64 id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  if (id > 0)
    notice_written (self);
  return MAX (id, 0);
}

void
meso_patient_store_undo_import_async (MesoPatientStore    *self,
                                      gint64               import_id,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ImportJob *job;

  g_return_if_fail (MESO_IS_PATIENT_STORE (self));

  job = g_new0 (ImportJob, 1);
  job->import_id = import_id;
  run_job (self, job, meso_patient_store_undo_import_async, callback, user_data);
}

gboolean
meso_patient_store_undo_import_finish (MesoPatientStore  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  notice_written (self);
  return TRUE;
}
