/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-pg.h: backups of a clinic server, with pg_dump and pg_restore. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

gboolean meso_backup_dump_server    (const char  *uri,
                                     const char  *dest_path,
                                     GError     **error);
gboolean meso_backup_is_dump        (const char  *path);
gboolean meso_backup_verify_dump    (const char  *path,
                                     GError     **error);
gboolean meso_backup_restore_server (const char  *dump_path,
                                     const char  *uri,
                                     GError     **error);

G_END_DECLS
