/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-server-login.h: how this workstation reaches its clinic server: the
 * address in settings, the password in the user's keyring (libsecret). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @port 0 is PostgreSQL's own, 5432. */
typedef struct
{
  char    *host;
  guint    port;
  char    *database;
  char    *user;
} MesoServerLogin;

void      meso_server_login_clear           (MesoServerLogin        *login);
char     *meso_server_login_check           (const MesoServerLogin  *login);
gboolean  meso_server_login_from_uri        (const char             *uri,
                                             MesoServerLogin        *out_login,
                                             gboolean               *out_has_password);
char     *meso_server_login_to_uri          (const MesoServerLogin  *login,
                                             const char             *password);
void      meso_server_login_store_password_async  (const MesoServerLogin *login,
                                                   const char            *password,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean  meso_server_login_store_password_finish (GAsyncResult          *result,
                                                   GError               **error);
void      meso_server_login_lookup_password_async (const MesoServerLogin *login,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
char     *meso_server_login_lookup_password_finish (GAsyncResult         *result,
                                                    GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MesoServerLogin, meso_server_login_clear)

G_END_DECLS
