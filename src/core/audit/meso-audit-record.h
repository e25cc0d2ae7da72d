/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-record.h: entries that the application writes to the audit
 * trail itself, where no table's trigger could. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

gboolean meso_audit_record_restore (MesoDb      *db,
                                    gint64       actor_id,
                                    const char  *backup_path,
                                    const char  *saved_as,
                                    GError     **error);

G_END_DECLS
