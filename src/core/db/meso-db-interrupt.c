/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-interrupt.c: a worker's connection stops its statement early when
 * the work it does is no longer wanted (a search superseded by the next
 * key). */
#define G_LOG_DOMAIN "meso-db"

#include "meso-db-private.h"

static int
on_progress (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

/**
 * meso_db_set_cancellable:
 * @cancellable: (nullable): what stops this connection's statements, or
 *   %NULL for none
 *
 * For a worker's connection: once @cancellable is cancelled (from any
 * thread), the statement running stops soon with %SQLITE_INTERRUPT instead
 * of running to its end. The caller keeps @cancellable alive until it sets
 * another one.
 */
void
meso_db_set_cancellable (MesoDb       *self,
                         GCancellable *cancellable)
{
  g_return_if_fail (MESO_IS_DB (self));

  if (self->pg != NULL)
    {
      meso_pg_set_cancellable (self->pg, cancellable);
      return;
    }
  /* Checked every 1,000 virtual machine steps: well under a millisecond. */
  sqlite3_progress_handler (self->handle, cancellable != NULL ? 1000 : 0,
                            cancellable != NULL ? on_progress : NULL, cancellable);
}
