/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-secret.h: PINs and passwords, hashed with Argon2id. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MESO_SECRET_MIN_CHARS 6
#define MESO_SECRET_MAX_CHARS 128

char     *meso_secret_check       (const char          *secret);
char     *meso_secret_hash        (const char          *secret,
                                   GError             **error);
gboolean  meso_secret_verify      (const char          *hash,
                                   const char          *secret);
char     *meso_secret_renew       (const char          *hash,
                                   const char          *secret);
void      meso_secret_hash_async  (const char          *secret,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char     *meso_secret_hash_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
