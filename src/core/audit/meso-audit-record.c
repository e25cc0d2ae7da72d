/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-record.c: entries that the application writes to the audit
 * trail itself, where no table's trigger could: a restore replaces every
 * table at once. */
#define G_LOG_DOMAIN "meso-audit-record"

#include "meso-audit-record.h"
#include "meso-staff-store.h"

/**
 * meso_audit_record_restore:
 * @db: the restored data, before it replaces the database
 * @actor_id: who restores, or 0 for the file-level administrator
 * @backup_path: the backup restored
 * @saved_as: where the replaced data was saved
 *
 * Records in @db's own audit trail that it was restored from @backup_path,
 * so that the data and its audit entry land in the database together.
 */
gboolean
meso_audit_record_restore (MesoDb      *db,
                           gint64       actor_id,
                           const char  *backup_path,
                           const char  *saved_as,
                           GError     **error)
{
  g_autofree char *actor_name = actor_id != 0 ? meso_staff_store_lookup_name (db, actor_id)
                                              : NULL;
  MesoStmt *stmt;

  stmt = meso_db_prepare (db,
                          "INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
                          " VALUES (?1, 'database', 0, 'restore',"
                          " json_object ('from', ?2, 'saved_as', ?3))", error);
  if (stmt == NULL)
    return FALSE;
  /* The account that restored may not exist in the restored data. */
  if (actor_name != NULL)
    meso_stmt_bind_int64 (stmt, 1, actor_id);
  meso_stmt_bind_text (stmt, 2, backup_path);
  meso_stmt_bind_text (stmt, 3, saved_as);
  return meso_db_step_done (db, stmt, error);
}
