/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-password.c: the mail account's password in the keyring, under
 * the server's host, port and user: every workstation of the clinic keeps
 * its own copy, as the settings in the database are shared and readable
 * by every signed-in member of staff. */
#define G_LOG_DOMAIN "meso-outbox"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "meso-mail-password.h"

static const SecretSchema mail_schema = {
  "io.github.mesodesk.Mesodesk.MailServer", SECRET_SCHEMA_NONE,
  {
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static GHashTable *
attributes_for (const MesoMailServer *server)
{
  guint port = server->port != 0 ? server->port : meso_mail_security_port (server->security);

  return secret_attributes_build (&mail_schema, "host", server->host, "port", port,
                                  "user", server->user != NULL ? server->user : "", NULL);
}

/**
 * meso_mail_password_store_async:
 *
 * Keeps @password in the default keyring for @server's account, replacing
 * the one kept before; an empty one stands for none.
 */
void
meso_mail_password_store_async (const MesoMailServer *server,
                                const char           *password,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GHashTable) attributes = attributes_for (server);
  g_autofree char *label = g_strdup_printf (_("Mesodesk e-mail %s@%s"), server->user,
                                            server->host);

  secret_password_storev (&mail_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                          password != NULL ? password : "", cancellable, callback, user_data);
}

gboolean
meso_mail_password_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return secret_password_store_finish (result, error);
}

/* The result (free it with g_free()) is %NULL without an error when the
 * keyring keeps none, or an empty one: a server that needs no login. */
void
meso_mail_password_lookup_async (const MesoMailServer *server,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GHashTable) attributes = attributes_for (server);

  secret_password_lookupv (&mail_schema, attributes, cancellable, callback, user_data);
}

char *
meso_mail_password_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  char *secret = secret_password_lookup_finish (result, error);
  char *password = secret != NULL && *secret != '\0' ? g_strdup (secret) : NULL;

  secret_password_free (secret);
  return password;
}
