/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-password.h: the password of the clinic's mail account, kept
 * in this computer's keyring (libsecret), never in the database. */
#pragma once

#include "meso-mail.h"

G_BEGIN_DECLS

void      meso_mail_password_store_async   (const MesoMailServer  *server,
                                            const char            *password,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
gboolean  meso_mail_password_store_finish  (GAsyncResult          *result,
                                            GError               **error);
void      meso_mail_password_lookup_async  (const MesoMailServer  *server,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
char     *meso_mail_password_lookup_finish (GAsyncResult          *result,
                                            GError               **error);

G_END_DECLS
