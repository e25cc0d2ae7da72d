/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-transaction.c: a connection's statements without results and
 * its write transactions, on a file or a clinic server. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>

#include "meso-db-private.h"

gboolean
meso_db_exec (MesoDb      *self,
              const char  *sql,
              GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  if (self->pg != NULL)
    return meso_pg_exec (self->pg, sql, error);
  return meso_db_exec_sqlite (self->handle, sql, error);
}

/* On a server the audit triggers learn who acts from a setting of the
 * transaction (meso.actor), as SQLite's learn it from meso_actor(). */
static gboolean
begin_on_server (MesoDb  *self,
                 GError **error)
{
  g_autofree char *actor = NULL;
  MesoStmt *stmt;
  int rc;

  actor = self->actor != NULL
            ? g_strdup_printf ("%" G_GINT64_FORMAT, meso_staff_get_id (self->actor))
            : g_strdup ("");
  if (!meso_pg_exec (self->pg, "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  stmt = meso_db_prepare (self, "SELECT set_config ('meso.actor', ?1, true)", error);
  if (stmt == NULL)
    {
      meso_db_rollback (self);
      return FALSE;
    }
  meso_stmt_bind_text (stmt, 1, actor);
  rc = meso_stmt_step (stmt);
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW)
    {
      meso_db_set_error (self, error, rc, _("Could not begin the change"));
      meso_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_db_begin:
 *
 * Starts a write transaction (BEGIN IMMEDIATE, so that a conflicting writer
 * waits for the busy timeout here rather than failing at COMMIT). End it
 * with meso_db_commit() or meso_db_rollback().
 */
gboolean
meso_db_begin (MesoDb      *self,
               GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!meso_db_is_writable (self))
    {
      meso_db_set_unwritable_error (self, error);
      return FALSE;
    }
  if (self->pg != NULL)
    return begin_on_server (self, error);
  if (!meso_db_exec_sqlite (self->handle, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
meso_db_commit (MesoDb      *self,
                GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!meso_db_exec (self, "COMMIT", error))
    {
      meso_db_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
meso_db_rollback (MesoDb *self)
{
  g_return_if_fail (MESO_IS_DB (self));

  if (self->in_transaction && self->pg != NULL)
    meso_pg_exec (self->pg, "ROLLBACK", NULL);
  else if (self->in_transaction)
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

/* Returns: whether a write transaction meso_db_begin() opened is still open. */
gboolean
meso_db_in_transaction (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return self->in_transaction;
}
