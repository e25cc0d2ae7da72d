/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-names.c: the patients' sort keys and search text made again, when the
 * clinic's language or script order changes and once after the upgrade that brought them. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-patient-store-private.h"
#include "meso-text.h"

/**
 * meso_patient_rebuild_names:
 * @db: the clinic, inside the caller's transaction
 * @language: the clinic's language, for the order (meso_text_icu_sort_key())
 * @order: where names in other scripts go
 *
 * Makes every patient's sort key, search text and initials again, as a
 * save would. It changes no name, so the audit trail records nothing.
 * Also a schema step's (meso-schema.c), which has only the database.
 *
 * Returns: %FALSE with @error set, the caller then rolling back.
 */
gboolean
meso_patient_rebuild_names (MesoDb           *db,
                            const char       *language,
                            MesoScriptOrder   order,
                            GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  MesoStmt *stmt;
  int rc;

  /* Read first, then write: a statement still reading would see its own writes. */
  stmt = meso_db_prepare (db, "SELECT id, family_name, given_name, email, phone FROM patient",
                          error);
  if (stmt == NULL)
    return FALSE;
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
  return TRUE;
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
