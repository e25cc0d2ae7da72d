/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-store.c: the audit feature's store. Reading the trail for the
 * viewer and its export lives in meso-audit.c; here is what other features
 * ask of it inside their own write transactions. */
#define G_LOG_DOMAIN "meso-audit-store"


#include "meso-audit-store-private.h"

G_DEFINE_TYPE (MesoAuditStore, meso_audit_store, G_TYPE_OBJECT)

static void
meso_audit_store_finalize (GObject *object)
{
  g_clear_object (&MESO_AUDIT_STORE (object)->db);

  G_OBJECT_CLASS (meso_audit_store_parent_class)->finalize (object);
}

static void
meso_audit_store_class_init (MesoAuditStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_audit_store_finalize;
}

static void
meso_audit_store_init (MesoAuditStore *self)
{
}

MesoAuditStore *
meso_audit_store_new (MesoDb *db)
{
  MesoAuditStore *self = g_object_new (MESO_TYPE_AUDIT_STORE, NULL);

  self->db = g_object_ref (db);
  return self;
}

/**
 * meso_audit_store_add_to_record:
 *
 * Adds the audit trail's entries about the patient, every column of them,
 * to @record (the right-of-access export).
 */
gboolean
meso_audit_store_add_to_record (MesoAuditStore  *self,
                                gint64           patient_id,
                                MesoRecordJson  *record,
                                GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "audit", "SELECT * FROM audit WHERE patient_id = ?1 ORDER BY id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
