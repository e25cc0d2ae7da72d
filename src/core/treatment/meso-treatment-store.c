/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-treatment-store.c: the treatment feature's store; its catalogue and
 * stock operations live in meso-catalogue.c and meso-stock.c. */
#define G_LOG_DOMAIN "meso-treatment-store"

#include "meso-treatment-store-private.h"

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_CODE (MesoTreatmentStore, meso_treatment_store, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (MESO_TYPE_REMINDER_SOURCE,
                                                meso_treatment_store_reminder_source_init))

static void
meso_treatment_store_finalize (GObject *object)
{
  MesoTreatmentStore *self = MESO_TREATMENT_STORE (object);

  g_clear_object (&self->db);

  G_OBJECT_CLASS (meso_treatment_store_parent_class)->finalize (object);
}

static void
meso_treatment_store_class_init (MesoTreatmentStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_treatment_store_finalize;

  /**
   * MesoTreatmentStore::changed:
   *
   * Emitted after the catalogue or the stock changed through this store.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_treatment_store_init (MesoTreatmentStore *self)
{
}

MesoTreatmentStore *
meso_treatment_store_new (MesoDb *db)
{
  MesoTreatmentStore *self = g_object_new (MESO_TYPE_TREATMENT_STORE, NULL);

  self->db = g_object_ref (db);
  return self;
}

/**
 * meso_treatment_store_may_write:
 *
 * Whether the signed-in user may change the catalogue and the stock, for
 * the widgets that offer it; every write checks it again.
 */
gboolean
meso_treatment_store_may_write (MesoTreatmentStore  *self,
                                GError             **error)
{
  return meso_db_require (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
}

/* Commits @write and, when that worked, says so: every write of the store
 * ends here, so that no change goes unannounced. */
gboolean
meso_treatment_store_commit (MesoTreatmentStore  *self,
                             MesoDbWrite         *write,
                             GError             **error)
{
  if (!meso_db_write_commit (write, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * meso_treatment_store_add_to_record:
 *
 * Adds the patient's session records and what each session gave, every
 * column of them, with the lots given and their products, to @record (the
 * right-of-access export).
 */
gboolean
meso_treatment_store_add_to_record (MesoTreatmentStore  *self,
                                    gint64               patient_id,
                                    MesoRecordJson      *record,
                                    GError             **error)
{
  static const MesoRecordTable tables[] = {
    { "administration", "SELECT * FROM administration WHERE patient_id = ?1 ORDER BY id" },
    { "administration_item", "SELECT * FROM administration_item WHERE patient_id = ?1"
                             " OR administration_id IN (SELECT id FROM administration"
                             "  WHERE patient_id = ?1) ORDER BY administration_id, position" },
    { "lot", "SELECT * FROM lot WHERE id IN (SELECT lot_id FROM administration_item"
             " WHERE patient_id = ?1 OR administration_id IN (SELECT id FROM administration"
             "  WHERE patient_id = ?1)) ORDER BY id" },
    { "product", "SELECT * FROM product WHERE id IN (SELECT product_id FROM lot WHERE id IN"
                 " (SELECT lot_id FROM administration_item WHERE patient_id = ?1"
                 "  OR administration_id IN (SELECT id FROM administration"
                 "  WHERE patient_id = ?1))) ORDER BY id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
