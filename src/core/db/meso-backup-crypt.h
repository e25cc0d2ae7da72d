/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-crypt.h: backups encrypted with a passphrase, so that a copy
 * on a USB disk or in a cloud folder is no risk to the patients. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MESO_BACKUP_CRYPT_ERROR (meso_backup_crypt_error_quark ())

typedef enum
{
  MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE,
  MESO_BACKUP_CRYPT_ERROR_DAMAGED,
  MESO_BACKUP_CRYPT_ERROR_NEEDS_PASSPHRASE,
} MesoBackupCryptError;

GQuark   meso_backup_crypt_error_quark (void);

gboolean meso_backup_is_encrypted      (const char  *path);
gboolean meso_backup_encrypt_file      (const char  *plain_path,
                                        const char  *encrypted_path,
                                        const char  *passphrase,
                                        GError     **error);
gboolean meso_backup_decrypt_file      (const char  *encrypted_path,
                                        const char  *plain_path,
                                        const char  *passphrase,
                                        GError     **error);
char    *meso_backup_decrypt_to_temp   (const char  *encrypted_path,
                                        const char  *passphrase,
                                        GError     **error);
char    *meso_backup_temp_path         (const char  *name,
                                        GError     **error);
void     meso_backup_remove_temp       (const char  *path);

G_END_DECLS
