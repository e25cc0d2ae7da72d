/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-server.h: databases on the throw-away PostgreSQL server that
 * with-server.sh starts for a test program (its PG* variables lead libpq
 * there). */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

/* Fails the program at once when it was run without its server. */
static inline void
meso_test_server_require (void)
{
  if (g_getenv ("PGHOST") == NULL)
    g_error ("Run through tests/with-server.sh, as meson test does: it starts the server "
             "these tests need");
}

/* Creates an empty database of its own for one test.
 * Returns: (transfer full): its URI. */
static inline char *
meso_test_server_database (void)
{
  static int n_databases;
  g_autofree char *name = g_strdup_printf ("meso_test_%d", ++n_databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *conn = PQconnectdb ("");
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, create);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", create, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
  return g_strdup_printf ("postgresql:///%s", name);
}
