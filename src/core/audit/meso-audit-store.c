/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-store.c: the audit feature's store. Reading the trail for the
 * viewer and its export lives in meso-audit.c; here is what other features
 * ask of it inside their own write transactions. */
#define G_LOG_DOMAIN "meso-audit-store"

#include <glib/gi18n.h>

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

/**
 * meso_audit_store_count_patient:
 * @out_first: (out) (optional): when the first entry was written
 *   (audit.at, ISO 8601 in UTC), %NULL when there is none
 * @out_last: (out) (optional): when the latest was
 *
 * How many entries of the audit trail are about patient @patient_id: the
 * record summary says so, record.json lists them. Needs
 * %MESO_PERMISSION_READ_AUDIT.
 *
 * Returns: the number of entries, or -1 with @error set
 */
gint64
meso_audit_store_count_patient (MesoAuditStore  *self,
                                gint64           patient_id,
                                char           **out_first,
                                char           **out_last,
                                GError         **error)
{
  MesoStmt *stmt;
  gint64 count = -1;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_AUDIT, error) ||
      (stmt = meso_db_prepare (self->db, "SELECT count(*), min (at), max (at) FROM audit"
                                         " WHERE patient_id = ?1", error)) == NULL)
    return -1;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      count = meso_stmt_column_int64 (stmt, 0);
      if (out_first != NULL)
        *out_first = g_strdup (meso_stmt_column_text (stmt, 1));
      if (out_last != NULL)
        *out_last = g_strdup (meso_stmt_column_text (stmt, 2));
    }
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the audit trail"));
  meso_stmt_reset (stmt);
  return count;
}
