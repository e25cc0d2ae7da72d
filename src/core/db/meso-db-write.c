/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-write.c: a write transaction that rolls back unless committed, so
 * that no early return can leave a transaction open or half a change saved. */
#define G_LOG_DOMAIN "meso-db-write"

#include <glib/gi18n.h>

#include "meso-db-write.h"

struct _MesoDbWrite
{
  MesoDb   *db;
  gboolean  ended;   /* committed, or rolled back by a failed commit */
};

static MesoDbWrite *
begin (MesoDb  *db,
       GError **error)
{
  MesoDbWrite *self;

  /* A write inside another would commit or roll back the outer one's work. */
  if (meso_db_in_transaction (db))
    {
      g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_NESTED,
                           _("Another change to the clinic database is under way."));
      return NULL;
    }
  if (!meso_db_is_connected (db))
    {
      g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNREACHABLE,
                           _("The clinic server cannot be reached. What you typed is kept: "
                             "save again once Mesodesk has reconnected."));
      return NULL;
    }
  if (!meso_db_begin (db, error))
    return NULL;
  self = g_new0 (MesoDbWrite, 1);
  self->db = g_object_ref (db);
  return self;
}

/**
 * meso_db_begin_write:
 * @permission: what the signed-in staff member must be allowed to do
 *
 * Checks @permission with meso_db_require(), then begins a write
 * transaction with meso_db_begin(). Nothing is begun when either fails,
 * or when @db is already inside a write (%MESO_DB_ERROR_NESTED).
 *
 * Returns: (transfer full) (nullable): the write, to commit with
 * meso_db_write_commit(); freeing it uncommitted rolls it back.
 */
MesoDbWrite *
meso_db_begin_write (MesoDb          *db,
                     MesoPermission   permission,
                     GError         **error)
{
  g_return_val_if_fail (MESO_IS_DB (db), NULL);

  if (!meso_db_require (db, permission, error))
    return NULL;
  return begin (db, error);
}

/**
 * meso_db_begin_write_unchecked:
 *
 * meso_db_begin_write() without the permission check: for writes the core
 * makes on its own account (seeding, reminders, counting failed sign-ins,
 * the demo), and for writes whose caller checks the permission itself:
 * one that depends on the data (the first account, one's own PIN), or one
 * checked before a form's own checks, so that a refusal is what is shown.
 *
 * Returns: (transfer full) (nullable): the write.
 */
MesoDbWrite *
meso_db_begin_write_unchecked (MesoDb  *db,
                               GError **error)
{
  g_return_val_if_fail (MESO_IS_DB (db), NULL);
  return begin (db, error);
}

/**
 * meso_db_write_commit:
 *
 * Commits the write. If the commit fails, it is rolled back and @error
 * says why. Either way the write is over: freeing it does nothing more.
 */
gboolean
meso_db_write_commit (MesoDbWrite  *self,
                      GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->ended, FALSE);

  self->ended = TRUE;
  return meso_db_commit (self->db, error);
}

/* Rolls the write back unless it was committed. */
void
meso_db_write_free (MesoDbWrite *self)
{
  if (self == NULL)
    return;
  if (!self->ended)
    meso_db_rollback (self->db);
  g_object_unref (self->db);
  g_free (self);
}
