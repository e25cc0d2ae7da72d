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

/* Steps @stmt, whose one row is one number, into @out_value. */
static gboolean
read_number (MesoAuditStore  *self,
             sqlite3_stmt    *stmt,
             gint64          *out_value,
             GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the audit trail"));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/**
 * meso_audit_store_get_last_id:
 * @out_id: (out): the newest entry's id, 0 when the trail is empty
 *
 * Read inside a write transaction, it marks where that write's entries
 * start (see meso_audit_store_patient_changed_since()).
 */
gboolean
meso_audit_store_get_last_id (MesoAuditStore  *self,
                              gint64          *out_id,
                              GError         **error)
{
  sqlite3_stmt *stmt = meso_db_prepare (self->db, "SELECT ifnull (max (id), 0) FROM audit",
                                        error);

  return stmt != NULL && read_number (self, stmt, out_id, error);
}

/**
 * meso_audit_store_patient_changed_since:
 * @after_id: an id from meso_audit_store_get_last_id()
 * @out_changed: (out): whether the trail recorded a change to the patient's
 *   record (the patient, screening, allergies, medication) after @after_id
 */
gboolean
meso_audit_store_patient_changed_since (MesoAuditStore  *self,
                                        gint64           patient_id,
                                        gint64           after_id,
                                        gboolean        *out_changed,
                                        GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 changed = 0;

  stmt = meso_db_prepare (self->db,
                          "SELECT EXISTS (SELECT 1 FROM audit WHERE patient_id = ?1 AND id > ?2"
                          "  AND table_name IN ('patient', 'screening_answer', 'allergy',"
                          "                     'medication'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, patient_id);
  sqlite3_bind_int64 (stmt, 2, after_id);
  if (!read_number (self, stmt, &changed, error))
    return FALSE;
  *out_changed = changed != 0;
  return TRUE;
}
