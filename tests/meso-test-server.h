/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-server.h: databases on the throw-away PostgreSQL server that
 * with-server.sh starts for a test program (its PG* variables lead libpq
 * there), and the engine a store test runs on. */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "meso-test-util.h"

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

/* Whether this program runs as its "-server" variant (meson.build): the
 * same store tests, on a clinic server instead of a file. */
static inline gboolean
meso_test_engine_is_server (void)
{
  return g_strcmp0 (g_getenv ("MESO_TEST_ENGINE"), "server") == 0;
}

/* Where a test's clinic lives: a new database on the throw-away server for
 * the "-server" variant, else a file "clinic.db". Either way a new folder
 * for the test's other files is returned in @out_dir, for
 * meso_test_remove_tree().
 * Returns: (transfer full): the path or URI, for meso_db_open(). */
static inline char *
meso_test_clinic_location (char **out_dir)
{
  *out_dir = meso_test_make_dir ();
  if (meso_test_engine_is_server ())
    {
      meso_test_server_require ();
      return meso_test_server_database ();
    }
  return g_build_filename (*out_dir, "clinic.db", NULL);
}

/* Adds a test that is about the SQLite file itself (its bytes, its locks,
 * another program writing it): registered for the file engine only, as the
 * server variant has no file to look at. */
#define meso_test_add_file_only(path, Fixture, data, set_up, func, tear_down) \
  G_STMT_START {                                                              \
    if (!meso_test_engine_is_server ())                                       \
      g_test_add (path, Fixture, data, set_up, func, tear_down);              \
  } G_STMT_END
