/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-workstations.c: who is connected to a clinic server now, from the
 * server's pg_stat_activity: every connection of Mesodesk is named after
 * its computer (meso-db-pg.c), so a workstation is its name and address. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>
#include <string.h>

#include "meso-db-pg.h"
#include "meso-workstations.h"

void
meso_workstation_free (MesoWorkstation *workstation)
{
  g_free (workstation->name);
  g_free (workstation->address);
  g_free (workstation);
}

/**
 * meso_workstations_list:
 *
 * Returns: (transfer full) (element-type MesoWorkstation): the
 * workstations connected to @db's clinic server now, by name; empty on a
 * file, which only this computer opens. %NULL with @error if the server
 * could not say.
 */
GPtrArray *
meso_workstations_list (MesoDb  *db,
                        GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_workstation_free);
  MesoStmt *stmt;
  int rc;

  if (!meso_db_is_server (db))
    return g_steal_pointer (&list);
  stmt = meso_db_prepare (db, "SELECT substr (application_name, ?1::integer),"
                              "  coalesce (host (client_addr), ''),"
                              "  min (extract (epoch FROM backend_start))::bigint, count(*)"
                              " FROM pg_stat_activity"
                              " WHERE datname = current_database ()"
                              "  AND starts_with (application_name, ?2)"
                              " GROUP BY 1, 2 ORDER BY 1, 2", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int (stmt, 1, strlen (MESO_PG_APPLICATION_PREFIX) + 1);
  meso_stmt_bind_text (stmt, 2, MESO_PG_APPLICATION_PREFIX);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoWorkstation *workstation = g_new0 (MesoWorkstation, 1);
      gint64 connections = meso_stmt_column_int64 (stmt, 3);

      workstation->name = g_strdup (meso_stmt_column_text (stmt, 0));
      workstation->address = g_strdup (meso_stmt_column_text (stmt, 1));
      workstation->since = meso_stmt_column_int64 (stmt, 2);
      workstation->connections = (guint) CLAMP (connections, 0, G_MAXUINT);
      g_ptr_array_add (list, workstation);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not list the workstations"), error))
    return NULL;
  return g_steal_pointer (&list);
}
