/* meso-test-db.h: a database in a fresh folder, and counting its rows,
 * for the core tests. */
#pragma once

#include "meso-db.h"
#include "meso-test-util.h"

/* Returns: (transfer full): a new database "clinic.db" in a new folder,
 * returned in @out_dir for meso_test_remove_tree(). */
static inline MesoDb *
meso_test_open_db (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MesoDb *db;

  *out_dir = meso_test_make_dir ();
  path = g_build_filename (*out_dir, "clinic.db", NULL);
  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  return db;
}

/* The one number @sql selects, such as a count(*). */
static inline gint64
meso_test_query_int (MesoDb     *db,
                     const char *sql)
{
  sqlite3_stmt *stmt = meso_db_prepare (db, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}
