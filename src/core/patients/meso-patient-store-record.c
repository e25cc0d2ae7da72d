/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-record.c: the rows of the patients' tables about one
 * patient, for the right-of-access export. */
#define G_LOG_DOMAIN "meso-patient-store"

#include "meso-patient-store-private.h"

/**
 * meso_patient_store_add_to_record:
 *
 * Adds every row of the patient tables about patient @id, every column of
 * them, to @record: the patient, their screening answers, allergies,
 * medication, consent to messages, and the import that brought them.
 */
gboolean
meso_patient_store_add_to_record (MesoPatientStore  *self,
                                  gint64             id,
                                  MesoRecordJson    *record,
                                  GError           **error)
{
  static const MesoRecordTable tables[] = {
    { "patient", "SELECT * FROM patient WHERE id = ?1" },
    { "screening_answer", "SELECT * FROM screening_answer WHERE patient_id = ?1"
                          " ORDER BY condition" },
    { "allergy", "SELECT * FROM allergy WHERE patient_id = ?1 ORDER BY id" },
    { "medication", "SELECT * FROM medication WHERE patient_id = ?1 ORDER BY id" },
    { "patient_consent", "SELECT * FROM patient_consent WHERE patient_id = ?1"
                         " ORDER BY channel" },
    { "patient_import", "SELECT * FROM patient_import"
                        " WHERE id = (SELECT import_id FROM patient WHERE id = ?1)" },
  };

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), FALSE);

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables), id, error);
}
