/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mail-password.c: the mail account's password lives in the keyring
 * (with-keyring.sh gives this program one of its own), one per server and
 * user, and a second save replaces the first. */
#include "meso-mail-password.h"
#include "meso-test-util.h"

static char *
lookup (const MesoMailServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  meso_mail_password_lookup_async (server, NULL, meso_test_keep_result_cb, &result);
  password = meso_mail_password_lookup_finish (meso_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return password;
}

static void
store (const MesoMailServer *server,
       const char           *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored;

  meso_mail_password_store_async (server, password, NULL, meso_test_keep_result_cb, &result);
  stored = meso_mail_password_store_finish (meso_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (stored);
}

static void
test_keyring (void)
{
  MesoMailServer server = { .host = "smtp.klinik.example", .user = "resepsiyon" };
  MesoMailServer same_port = { .host = "smtp.klinik.example", .port = 587, .user = "resepsiyon" };
  MesoMailServer other_user = { .host = "smtp.klinik.example", .user = "dr.aydin" };
  MesoMailServer other_port = { .host = "smtp.klinik.example", .port = 25, .user = "resepsiyon" };
  g_autofree char *found = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *emptied = NULL;
  g_autofree char *other_found = NULL;
  g_autofree char *port_found = NULL;

  g_assert_null (lookup (&server));

  store (&server, "şifre:/1");
  found = lookup (&same_port);   /* port 0 is STARTTLS's usual 587 */
  g_assert_cmpstr (found, ==, "şifre:/1");
  other_found = lookup (&other_user);
  g_assert_null (other_found);
  port_found = lookup (&other_port);
  g_assert_null (port_found);

  store (&server, "yeni");
  replaced = lookup (&server);
  g_assert_cmpstr (replaced, ==, "yeni");

  /* A server without login: an empty password is none. */
  store (&server, "");
  emptied = lookup (&server);
  g_assert_null (emptied);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/mail-password/keyring", test_keyring);
  return g_test_run ();
}
