/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-command.h: mesodesk --backup and --restore, on the terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int meso_backup_command_run (const char *database,
                             const char *backup,
                             const char *restore,
                             gboolean    encrypt,
                             const char *passphrase_file);

G_END_DECLS
