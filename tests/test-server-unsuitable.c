/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-unsuitable.c: a clinic server without btree_gist (run by
 * with-server.sh with MESO_TEST_SERVER_WITHOUT=btree_gist, as a server
 * without PostgreSQL's contrib package is): a new clinic is refused in
 * words whoever runs the server can act on, and nothing is written. */
#include <string.h>

#include "meso-test-db.h"

static void
test_no_btree_gist (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(MesoDb) db = NULL;
  PGconn *conn;
  PGresult *result;

  meso_test_server_require ();
  uri = meso_test_server_database ();
  db = meso_db_open (uri, &error);
  g_assert_null (db);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE);
  g_assert_nonnull (strstr (error->message, "btree_gist"));
  g_assert_nonnull (strstr (error->message, "contrib"));

  conn = PQconnectdb (uri);
  result = PQexec (conn, "SELECT count(*) FROM pg_class"
                         " WHERE relnamespace = 'public'::regnamespace");
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0");
  PQclear (result);
  PQfinish (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/server/no-btree-gist", test_no_btree_gist);
  return g_test_run ();
}
