/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-login.c: how a workstation reaches its clinic server: an
 * address built from the form's fields, every part escaped, and the
 * password kept in a keyring (with-keyring.sh gives this program one of
 * its own), never in the address the settings keep. */
#include <libpq-fe.h>
#include <string.h>

#include "meso-server-login.h"
#include "meso-test-util.h"

/* The value libpq reads for @keyword from @uri. */
static char *
conninfo_value (const char *uri,
                const char *keyword)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  char *value = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword))
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

static void
test_uri (void)
{
  MesoServerLogin login = { "db.klinik.example", 5433, "klinik ışık/2", "dr.ayşe@klinik" };
  g_autofree char *uri = meso_server_login_to_uri (&login, "p@ss:/wörd");
  g_autofree char *without = meso_server_login_to_uri (&login, NULL);
  MesoServerLogin v6 = { " fd00::5 ", 0, "clinic", "reception" };
  g_autofree char *v6_uri = meso_server_login_to_uri (&v6, NULL);
  const char *expected[][2] = {
    { "host", "db.klinik.example" }, { "port", "5433" }, { "dbname", "klinik ışık/2" },
    { "user", "dr.ayşe@klinik" }, { "password", "p@ss:/wörd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *value = conninfo_value (uri, expected[i][0]);

      g_assert_cmpstr (value, ==, expected[i][1]);
    }
  g_assert_null (strstr (without, "p%40ss"));
  g_assert_null (conninfo_value (without, "password"));
  g_assert_cmpstr (v6_uri, ==, "postgresql://reception@[fd00::5]/clinic");
}

/* An address without its password gives the parts the keyring is asked
 * with; one that names no host and user is used as it is. */
static void
test_from_uri (void)
{
  g_auto(MesoServerLogin) login = { NULL };
  g_auto(MesoServerLogin) local = { NULL };
  gboolean has_password = TRUE;

  g_assert_true (meso_server_login_from_uri ("postgresql://dr.ay%C5%9Fe@db.example:5433/klinik",
                                             &login, &has_password));
  g_assert_cmpstr (login.host, ==, "db.example");
  g_assert_cmpuint (login.port, ==, 5433);
  g_assert_cmpstr (login.database, ==, "klinik");
  g_assert_cmpstr (login.user, ==, "dr.ayşe");
  g_assert_false (has_password);
  meso_server_login_clear (&login);
  g_assert_true (meso_server_login_from_uri ("postgresql://u:secret@h/d", &login, &has_password));
  g_assert_true (has_password);
  g_assert_false (meso_server_login_from_uri ("postgresql:///clinic", &local, &has_password));
}

static void
test_check (void)
{
  MesoServerLogin login = { "db", 0, "clinic", "reception" };
  g_autofree char *fine = meso_server_login_check (&login);
  g_autofree char *no_host = NULL;
  g_autofree char *bad_port = NULL;

  g_assert_null (fine);
  login.host = (char *) "  ";
  no_host = meso_server_login_check (&login);
  g_assert_nonnull (strstr (no_host, "server’s name"));
  login.host = (char *) "db";
  login.port = 70000;
  bad_port = meso_server_login_check (&login);
  g_assert_nonnull (strstr (bad_port, "65535"));
}

static char *
lookup (const MesoServerLogin *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  meso_server_login_lookup_password_async (login, NULL, meso_test_keep_result_cb, &result);
  password = meso_server_login_lookup_password_finish (meso_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return password;
}

static void
store (const MesoServerLogin *login,
       const char            *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored;

  meso_server_login_store_password_async (login, password, NULL, meso_test_keep_result_cb, &result);
  stored = meso_server_login_store_password_finish (meso_test_wait_result (&result), &error);

  g_assert_no_error (error);
  g_assert_true (stored);
}

/* Kept per server, database and user; a second store replaces the first. */
static void
test_keyring (void)
{
  MesoServerLogin login = { "db.klinik.example", 0, "clinic", "reception" };
  MesoServerLogin other = { "db.klinik.example", 0, "clinic", "dr.aydin" };
  g_autofree char *none = lookup (&login);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *others = NULL;

  g_assert_null (none);
  store (&login, "first secret");
  first = lookup (&login);
  g_assert_cmpstr (first, ==, "first secret");
  store (&login, "second secret");
  second = lookup (&login);
  g_assert_cmpstr (second, ==, "second secret");
  others = lookup (&other);
  g_assert_null (others);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/server-login/uri", test_uri);
  g_test_add_func ("/meso/server-login/check", test_check);
  g_test_add_func ("/meso/server-login/from-uri", test_from_uri);
  g_test_add_func ("/meso/server-login/keyring", test_keyring);
  return g_test_run ();
}
