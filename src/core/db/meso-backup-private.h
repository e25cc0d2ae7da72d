/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-private.h: what the backup's writing and restoring share. */
#pragma once

#include "meso-backup.h"

G_BEGIN_DECLS

/* Added to a backup's name when it is encrypted. */
#define MESO_BACKUP_ENCRYPTED_SUFFIX ".enc"

/* What a worker thread needs to write or restore a backup on its own
 * connections, copied so that the caller may go on. */
typedef struct
{
  char             *db_path;
  char             *folder;
  char             *second_folder;
  char             *backup_path;
  GDateTime        *now;
  MesoBackupPolicy  policy;
  MesoStaff        *actor;
  char             *passphrase;
} BackupJob;

typedef gboolean (*MesoBackupCopyFunc) (const char  *source,
                                        const char  *dest,
                                        GError     **error);

void      meso_backup_job_free            (gpointer             data);
void      meso_backup_run_job             (gpointer             source_tag,
                                           GTaskThreadFunc      thread_func,
                                           BackupJob           *job,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  meso_backup_write_verified_copy (const char          *db_path,
                                           const char          *dest_path,
                                           const char          *passphrase,
                                           gboolean            *out_photos_damaged,
                                           GError             **error);
gboolean  meso_backup_copy_encrypted      (MesoBackupCopyFunc   copy,
                                           const char          *source,
                                           const char          *dest,
                                           const char          *passphrase,
                                           GError             **error);
void      meso_backup_name_in_error       (GError            **error,
                                           const char          *plain,
                                           const char          *path);
char     *meso_backup_decrypt_backup      (const char          *path,
                                           const char          *passphrase,
                                           GError             **error);

G_END_DECLS
