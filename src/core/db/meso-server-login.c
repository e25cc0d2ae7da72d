/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-server-login.c: how this workstation reaches its clinic server. The
 * password is kept only in the user's keyring, under the server's host,
 * port, database and user; the address is built here, escaped, for
 * meso_db_open(). */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <libsecret/secret.h>
#include <string.h>

#include "meso-server-login.h"

static const SecretSchema login_schema = {
  "io.github.mesodesk.Mesodesk.ClinicServer", SECRET_SCHEMA_NONE,
  {
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

void
meso_server_login_clear (MesoServerLogin *login)
{
  g_clear_pointer (&login->host, g_free);
  g_clear_pointer (&login->database, g_free);
  g_clear_pointer (&login->user, g_free);
  login->port = 0;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Returns: (transfer full) (nullable): what is missing or wrong, in words
 * for the form, or %NULL when @login can be tried. */
char *
meso_server_login_check (const MesoServerLogin *login)
{
  if (is_blank (login->host))
    return g_strdup (_("Enter the clinic server’s name or address."));
  if (is_blank (login->database))
    return g_strdup (_("Enter the name of the clinic’s database on the server."));
  if (is_blank (login->user))
    return g_strdup (_("Enter the user name the server knows this workstation by."));
  if (login->port > 65535)
    return g_strdup (_("A port is a number from 1 to 65535; leave it empty for 5432."));
  return NULL;
}

static void
append_escaped (GString    *uri,
                const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *escaped = g_uri_escape_string (stripped, NULL, TRUE);

  g_string_append (uri, escaped);
}

/* Returns: (transfer full): postgresql://user[:password]@host[:port]/database,
 * every part escaped, for meso_db_open(). */
char *
meso_server_login_to_uri (const MesoServerLogin *login,
                          const char            *password)
{
  GString *uri = g_string_new ("postgresql://");
  g_autofree char *host = g_strstrip (g_strdup (login->host));

  append_escaped (uri, login->user);
  if (password != NULL && *password != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (password, NULL, TRUE);

      g_string_append_printf (uri, ":%s", escaped);
    }
  g_string_append_c (uri, '@');
  /* An IPv6 address is written in brackets. */
  if (strchr (host, ':') != NULL)
    g_string_append_printf (uri, "[%s]", host);
  else
    append_escaped (uri, host);
  if (login->port != 0)
    g_string_append_printf (uri, ":%u", login->port);
  g_string_append_c (uri, '/');
  append_escaped (uri, login->database);
  return g_string_free (uri, FALSE);
}

/**
 * meso_server_login_from_uri:
 * @out_login: (out caller-allocates): the address's parts
 * @out_has_password: (out): whether @uri holds a password
 *
 * Returns: %FALSE when @uri names no host and user to look a password up
 * under (libpq's defaults, a local socket): it is used as it is.
 */
gboolean
meso_server_login_from_uri (const char      *uri,
                            MesoServerLogin *out_login,
                            gboolean        *out_has_password)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *port = NULL;

  *out_login = (MesoServerLogin) { NULL };
  *out_has_password = FALSE;
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        out_login->host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        out_login->database = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "user"))
        out_login->user = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "password"))
        *out_has_password = TRUE;
    }
  out_login->port = port != NULL ? (guint) g_ascii_strtoull (port, NULL, 10) : 0;
  if (out_login->port > 65535)
    out_login->port = 0;
  PQconninfoFree (options);
  if (out_login->host == NULL || out_login->user == NULL || out_login->database == NULL)
    {
      meso_server_login_clear (out_login);
      return FALSE;
    }
  return TRUE;
}

static GHashTable *
attributes_for (const MesoServerLogin *login)
{
  return secret_attributes_build (&login_schema, "host", login->host, "port", login->port,
                                  "database", login->database, "user", login->user, NULL);
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * meso_server_login_store_password_async:
 *
 * Keeps @password in the user's default keyring, under @login's host,
 * port, database and user, replacing the one kept before.
 */
void
meso_server_login_store_password_async (const MesoServerLogin *login,
                                        const char            *password,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = attributes_for (login);
  g_autofree char *label = g_strdup_printf (_("Mesodesk clinic server %s@%s/%s"), login->user,
                                            login->host, login->database);

  secret_password_storev (&login_schema, attributes, SECRET_COLLECTION_DEFAULT, label, password,
                          cancellable, on_stored_cb, task);
}

gboolean
meso_server_login_store_password_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

/* The password kept for @login; the result (free it with g_free()) is
 * %NULL without an error when the keyring has none (a server that trusts
 * this computer needs none). */
void
meso_server_login_lookup_password_async (const MesoServerLogin *login,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GHashTable) attributes = attributes_for (login);

  secret_password_lookupv (&login_schema, attributes, cancellable, on_looked_up_cb, task);
}

char *
meso_server_login_lookup_password_finish (GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
