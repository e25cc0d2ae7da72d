/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup.h: verified, rotated backups of the database, and restore. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/* The backup is made, but its copy in the second folder is not. */
#define MESO_BACKUP_SECOND_FOLDER_ERROR (meso_backup_second_folder_error_quark ())
GQuark meso_backup_second_folder_error_quark (void);

/* How many of the newest backups of distinct days, weeks and months to keep. */
typedef struct
{
  guint daily;
  guint weekly;
  guint monthly;
} MesoBackupPolicy;

char      *meso_backup_file_name    (GDateTime               *when);
GDateTime *meso_backup_parse_name   (const char              *name);
gboolean   meso_backup_verify       (const char              *path,
                                     const char              *passphrase,
                                     GError                 **error);
gboolean   meso_backup_write        (const char              *db_path,
                                     const char              *dest_path,
                                     MesoStaff               *actor,
                                     const char              *passphrase,
                                     GError                 **error);
char      *meso_backup_write_rotated (const char             *db_path,
                                     const char              *folder,
                                     const char              *second_folder,
                                     GDateTime               *now,
                                     const MesoBackupPolicy  *policy,
                                     const char              *passphrase,
                                     GError                 **error);
void       meso_backup_write_rotated_async (const char             *db_path,
                                     const char              *folder,
                                     const char              *second_folder,
                                     GDateTime               *now,
                                     const MesoBackupPolicy  *policy,
                                     const char              *passphrase,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data);
char      *meso_backup_write_rotated_finish (GAsyncResult    *result,
                                     GError                 **error);
gboolean  *meso_backup_plan_keep    (GDateTime              **times,
                                     guint                    n_times,
                                     GTimeZone               *zone,
                                     const MesoBackupPolicy  *policy);
gboolean   meso_backup_rotate       (const char              *folder,
                                     GTimeZone               *zone,
                                     const MesoBackupPolicy  *policy,
                                     GError                 **error);
GDateTime *meso_backup_latest       (const char              *folder);
char      *meso_backup_find_verified (const char             *folder,
                                     const char              *passphrase,
                                     GDateTime              **out_when,
                                     GCancellable            *cancellable,
                                     GError                 **error);
void       meso_backup_find_verified_async (const char       *folder,
                                     const char              *passphrase,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data);
char      *meso_backup_find_verified_finish (GAsyncResult    *result,
                                     GDateTime              **out_when,
                                     GError                 **error);
guint      meso_backup_clean_partials (const char            *folder,
                                     GDateTime               *now);
gboolean   meso_backup_is_due       (const char              *folder,
                                     GDateTime               *now);
gboolean   meso_backup_restore      (const char              *db_path,
                                     const char              *backup_path,
                                     const char              *passphrase,
                                     const char              *safety_folder,
                                     GDateTime               *now,
                                     MesoStaff               *actor,
                                     char                   **out_saved_as,
                                     GError                 **error);
void       meso_backup_restore_async (const char             *db_path,
                                     const char              *backup_path,
                                     const char              *passphrase,
                                     const char              *safety_folder,
                                     GDateTime               *now,
                                     MesoStaff               *actor,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data);
gboolean   meso_backup_restore_finish (GAsyncResult          *result,
                                     char                   **out_saved_as,
                                     GError                 **error);

G_END_DECLS
