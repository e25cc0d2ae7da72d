/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-write.h: a write transaction that rolls back unless committed. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/**
 * MesoDbWrite:
 *
 * A write transaction on a #MesoDb, held for the length of a scope:
 * |[<!-- language="C" -->
 *   g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
 *
 *   if (w == NULL || !write_rows (db, error))
 *     return FALSE;
 *   return meso_db_write_commit (w, error);
 * ]|
 * Whatever path leaves the scope without meso_db_write_commit() rolls the
 * transaction back (the pattern of GLib's #GMutexLocker).
 */
typedef struct _MesoDbWrite MesoDbWrite;

MesoDbWrite *meso_db_begin_write           (MesoDb          *db,
                                            MesoPermission   permission,
                                            GError         **error);
MesoDbWrite *meso_db_begin_write_unchecked (MesoDb          *db,
                                            GError         **error);
gboolean     meso_db_write_commit          (MesoDbWrite     *self,
                                            GError         **error);
void         meso_db_write_free            (MesoDbWrite     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoDbWrite, meso_db_write_free)

G_END_DECLS
