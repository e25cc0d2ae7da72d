/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-passphrase.h: the passphrase the clinic's daily backups are
 * encrypted with, known to each workstation from its own keyring. */
#pragma once

#include "meso-clinic.h"

G_BEGIN_DECLS

void      meso_backup_passphrase_make_check_async (const char           *passphrase,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char     *meso_backup_passphrase_make_check_finish (GAsyncResult        *result,
                                                    GError             **error);
void      meso_backup_passphrase_keep_async       (const char           *check,
                                                   const char           *passphrase,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean  meso_backup_passphrase_keep_finish      (GAsyncResult         *result,
                                                   GError              **error);
void      meso_backup_passphrase_find_async       (MesoClinic           *clinic,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char     *meso_backup_passphrase_find_finish      (GAsyncResult         *result,
                                                   GError              **error);

void      meso_backup_passphrase_set_unknown_error (GError             **error);

G_END_DECLS
