/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-names.c: the patients' sort keys and search text made again, when the
 * clinic's language or script order changes and once after the upgrade that brought them. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-patient-store-private.h"
#include "meso-text.h"

/* The keys of the patients after @after_id, @limit of them in id order;
 * the last one's id in @out_last, how many in @out_n. */
static gboolean
rebuild_batch (MesoDb           *db,
               const char       *language,
               MesoScriptOrder   order,
               gint64            after_id,
               int               limit,
               gint64           *out_last,
               guint            *out_n,
               GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  MesoStmt *stmt;
  int rc;

  /* Read first, then write: a statement still reading would see its own writes. */
  stmt = meso_db_prepare (db, "SELECT id, family_name, given_name, email, phone FROM patient"
                              " WHERE id > ?1 ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, after_id);
  meso_stmt_bind_int64 (stmt, 2, limit);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoPatient *patient = meso_patient_new ();

      meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME,
                              meso_patient_column_text (stmt, 1));
      meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, meso_patient_column_text (stmt, 2));
      meso_patient_set_field (patient, MESO_PATIENT_EMAIL, meso_patient_column_text (stmt, 3));
      meso_patient_set_field (patient, MESO_PATIENT_PHONE, meso_patient_column_text (stmt, 4));
      g_array_append_val (ids, (gint64) { meso_stmt_column_int64 (stmt, 0) });
      g_ptr_array_add (patients, patient);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the patients"), error))
    return FALSE;

  stmt = meso_db_prepare (db, "UPDATE patient SET sort_key = ?2, search_text = ?3,"
                              " initials = ?4 WHERE id = ?1"
                              " AND (sort_key <> ?2 OR search_text <> ?3)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < patients->len; i++)
    {
      MesoPatient *patient = g_ptr_array_index (patients, i);
      g_autofree char *sort_key = meso_patient_dup_sort_key (patient, language, order);
      g_autofree char *search_text = meso_patient_dup_search_text (patient);

      meso_stmt_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      meso_stmt_bind_text (stmt, 2, sort_key);
      meso_stmt_bind_text (stmt, 3, search_text);
      meso_stmt_bind_int64 (stmt, 4, (gint64) meso_text_initials (search_text));
      if (!meso_db_step_done (db, stmt, error))
        return FALSE;
    }
  *out_n = ids->len;
  *out_last = ids->len > 0 ? g_array_index (ids, gint64, ids->len - 1) : after_id;
  return TRUE;
}

/* Patients a worker's transaction makes keys for: a save waiting for it
 * waits a fraction of a second, never the busy timeout. */
#define BATCH 2000

/**
 * meso_patient_rebuild_names:
 * @db: the clinic, inside the caller's transaction
 * @language: the clinic's language, for the order (meso_text_icu_sort_key())
 * @order: where names in other scripts go
 *
 * Makes every patient's sort key, search text and initials again, as a
 * save would. It changes no name, so the audit trail records nothing.
 * A schema step's (meso-schema.c), which has only the database.
 *
 * Returns: %FALSE with @error set, the caller then rolling back.
 */
gboolean
meso_patient_rebuild_names (MesoDb           *db,
                            const char       *language,
                            MesoScriptOrder   order,
                            GError          **error)
{
  gint64 last = 0;
  guint n = BATCH;

  while (n == BATCH)
    if (!rebuild_batch (db, language, order, last, BATCH, &last, &n, error))
      return FALSE;
  return TRUE;
}

typedef struct
{
  MesoDb          *db;
  char            *language;
  MesoScriptOrder  order;
  gboolean         unchanged;
  GCancellable    *superseded;   /* cancelled by the next rebuild */
} Rebuild;

static void
rebuild_free (gpointer data)
{
  Rebuild *rebuild = data;

  g_clear_object (&rebuild->db);
  g_clear_object (&rebuild->superseded);
  g_free (rebuild->language);
  g_free (rebuild);
}

/* On a connection of its own, a transaction a batch, so that saves on the
 * main connection go on between them. Rebuilds take turns, and one that a
 * newer setting superseded stops: the last one's keys are the ones left. */
static void
rebuild_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MesoPatientStore *self = source_object;
  Rebuild *rebuild = task_data;
  g_autoptr(MesoDb) worker = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->rebuild_lock);
  GError *error = NULL;
  gint64 last = 0;
  guint n = BATCH;

  if (!g_cancellable_is_cancelled (rebuild->superseded))
    worker = meso_db_open_worker (rebuild->db, &error);
  while (worker != NULL && n == BATCH && !g_cancellable_is_cancelled (rebuild->superseded))
    {
      g_autoptr(MesoDbWrite) w = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;
      w = meso_db_begin_write_unchecked (worker, &error);
      if (w == NULL ||
          !rebuild_batch (worker, rebuild->language, rebuild->order, last, BATCH, &last, &n,
                          &error) ||
          !meso_db_write_commit (w, &error))
        break;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * meso_patient_store_set_name_order_async:
 * @language: the clinic's language ("tr", "ru" ...)
 * @order: where names in other scripts go
 *
 * Makes the patients' sort keys and search text again in a worker thread,
 * the clinic's language or script order having changed: saves from now on
 * make theirs so at once. #MesoPatientStore::changed is emitted when done.
 */
void
meso_patient_store_set_name_order_async (MesoPatientStore    *self,
                                         const char          *language,
                                         MesoScriptOrder      order,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Rebuild *rebuild = g_new0 (Rebuild, 1);

  g_return_if_fail (MESO_IS_PATIENT_STORE (self));

  g_task_set_source_tag (task, meso_patient_store_set_name_order_async);
  g_task_set_task_data (task, rebuild, rebuild_free);
  self->n_rebuilding++;
  if (g_strcmp0 (language, self->language) == 0 && order == self->script_order)
    {
      /* Another of the clinic's settings changed: nothing to make. */
      rebuild->unchanged = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_free (self->language);
  self->language = g_strdup (language);
  self->script_order = order;
  if (self->rebuild_superseded != NULL)
    g_cancellable_cancel (self->rebuild_superseded);
  g_clear_object (&self->rebuild_superseded);
  self->rebuild_superseded = g_cancellable_new ();
  rebuild->superseded = g_object_ref (self->rebuild_superseded);
  rebuild->db = g_object_ref (self->db);
  rebuild->language = g_strdup (language);
  rebuild->order = order;
  g_task_run_in_thread (task, rebuild_in_thread);
}

/**
 * meso_patient_store_set_name_order_finish:
 *
 * Returns: %FALSE with @error set if the keys could not all be made again
 * (those made stay: each is right for the setting).
 */
gboolean
meso_patient_store_set_name_order_finish (MesoPatientStore  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  Rebuild *rebuild;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  rebuild = g_task_get_task_data (G_TASK (result));
  self->n_rebuilding--;
  if (!rebuild->unchanged)
    {
      self->order_valid = FALSE;
      g_signal_emit_by_name (self, "changed");
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns: whether the keys are being made again (meso_patient_store_set_name_order_async()). */
gboolean
meso_patient_store_is_rebuilding (MesoPatientStore *self)
{
  return self->n_rebuilding > 0;
}

/**
 * meso_patient_store_set_name_order:
 * @language: the clinic's language ("tr", "ru" ...)
 * @order: where names in other scripts go
 * @rebuild: %TRUE to make the stored keys again now (the clinic's setting
 *   changed), %FALSE only to make new saves' keys so (opening the clinic)
 *
 * Returns: %FALSE with @error set if the keys could not be made again;
 * nothing is then changed.
 */
gboolean
meso_patient_store_set_name_order (MesoPatientStore  *self,
                                   const char        *language,
                                   MesoScriptOrder    order,
                                   gboolean           rebuild,
                                   GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), FALSE);

  if (g_strcmp0 (language, self->language) == 0 && order == self->script_order)
    return TRUE;
  if (rebuild)
    {
      /* Bookkeeping like a save's derived columns: whoever may change the
       * clinic's language may have the keys follow it. */
      w = meso_db_begin_write_unchecked (self->db, error);
      if (w == NULL || !meso_patient_rebuild_names (self->db, language, order, error) ||
          !meso_db_write_commit (w, error))
        return FALSE;
    }
  g_free (self->language);
  self->language = g_strdup (language);
  self->script_order = order;
  if (rebuild)
    {
      self->order_valid = FALSE;
      g_signal_emit_by_name (self, "changed");
    }
  return TRUE;
}
