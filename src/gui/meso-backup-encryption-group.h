/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-encryption-group.h: whether the clinic's backups are
 * encrypted, and with which passphrase. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_BACKUP_ENCRYPTION_GROUP (meso_backup_encryption_group_get_type ())
G_DECLARE_FINAL_TYPE (MesoBackupEncryptionGroup, meso_backup_encryption_group, MESO,
                      BACKUP_ENCRYPTION_GROUP, AdwPreferencesGroup)

GtkWidget *meso_backup_encryption_group_new (MesoContext *context);

G_END_DECLS
