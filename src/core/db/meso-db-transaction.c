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
  if (self->pg != NULL && !self->in_transaction)
    meso_pg_reset_if_lost (self->pg);
  if (self->pg != NULL)
    return meso_pg_exec (self->pg, sql, error);
  return meso_db_exec_sqlite (self->handle, sql, error);
}

/* On a server the audit triggers learn who acts from a setting of the
 * transaction (meso.actor), as SQLite's learn it from meso_actor().
 * Writes take turns as on SQLite (BEGIN IMMEDIATE): the stores check their
 * rules with reads inside the write, which must see what any other
 * workstation committed before. The lock is the audit chain's
 * (0010-audit-chain.sql), which an audited write takes anyway, later,
 * while holding row locks another write may wait for; a write waits for
 * it at most BUSY_TIMEOUT_MS, then is refused as busy. */
static gboolean
begin_on_server (MesoDb  *self,
                 GError **error)
{
  static const char *const statements[] = {
    "SELECT set_config ('meso.actor', ?1, true), set_config ('lock_timeout', ?2, true)",
    "SELECT pg_advisory_xact_lock (1296388943, 10)",
  };
  g_autofree char *actor = NULL;
  g_autofree char *timeout = g_strdup_printf ("%d", BUSY_TIMEOUT_MS);

  actor = self->actor != NULL
            ? g_strdup_printf ("%" G_GINT64_FORMAT, meso_staff_get_id (self->actor))
            : g_strdup ("");
  if (!meso_pg_exec (self->pg, "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      MesoStmt *stmt = meso_db_prepare (self, statements[i], error);
      int rc;

      if (stmt == NULL)
        {
          meso_db_rollback (self);
          return FALSE;
        }
      meso_stmt_bind_text (stmt, 1, actor);
      meso_stmt_bind_text (stmt, 2, timeout);
      rc = meso_stmt_step (stmt);
      meso_stmt_reset (stmt);
      if (rc != MESO_STEP_ROW)
        {
          meso_db_set_error (self, error, rc, _("Could not begin the change"));
          meso_db_rollback (self);
          return FALSE;
        }
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
  if (self->pg != NULL ? !begin_on_server (self, error)
                       : !meso_db_exec_sqlite (self->handle, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  meso_db_emit_write_began (self);
  return TRUE;
}

gboolean
meso_db_commit (MesoDb      *self,
                GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  meso_db_emit_write_committing (self);
  if (!meso_db_exec (self, "COMMIT", error))
    {
      meso_db_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  meso_db_emit_write_committed (self);
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
