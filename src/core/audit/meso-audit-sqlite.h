/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-sqlite.h: the audit trail's engine side on SQLite, for
 * src/core/db only. */
#pragma once

#include <sqlite3.h>

#include "meso-db.h"

G_BEGIN_DECLS

void        meso_audit_register_functions   (sqlite3               *handle);
gboolean    meso_audit_check_triggers       (sqlite3               *handle,
                                             const MesoDbMigration *migrations,
                                             guint                  n_migrations,
                                             int                    version,
                                             GString               *problems,
                                             GError               **error);
gboolean    meso_audit_check_chain          (sqlite3               *handle,
                                             GString               *problems,
                                             gint64                *out_first_broken,
                                             gint64                *out_n_entries,
                                             GError               **error);

G_END_DECLS
