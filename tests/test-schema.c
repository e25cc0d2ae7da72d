/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-schema.c: the schema files, and the schema every path through them reaches. */
#include "meso-db.h"
#include "meso-schema.h"
#include "meso-test-db.h"
#include "meso-test-util.h"

/* SHA-256 of each released version's SQL, as the migration runs it. A
 * database carries its triggers' text, and the audit check compares it
 * byte for byte: a released version is never edited. Pin each version
 * here when it is released. */
static const char *const released[] = {
  "4d674bcac693b8ea15be87c7b136b5c791b4a34dde3e65d2e33230ed098119fc",
  "29705cf547bf2d29a46ea764e0e9a295f52f38ffdbb540653c858ab1bdb9ecc7",
  "12dba5dcb26214f9eccf4751a9adb686ab694d9200cc2040eeb66a8b26128828",
  "f21100986975b94efcc9ea71725bcaf190c1d39dd59d8b51cebcf05979d10dbc",
  "5651a78471ae36e3aa772e5da9b4268fa784a6fa3914729436e08a4583868f91",
  "01dbd881dab699567baa2c14fbd5766396d1935b4d4ea9f7e2a3cd782d746942",
  "6fe7f8566a99abed03975ca6a2d34bd1d04c8f6ce74e1cb426e19cc42d6a2ac8",
  "4a53772afffb5f831874d260feada1102f8ab8cf0911beb0253ab5b7eb759d23",
  "75be54a28d29534007e889eb9156a174d8918c3c2453bffd315e62776a704909",
  "6b4622c5e04133800162945ef9c5fc01f1f380c86d59b496131ca38bb857a78e",
  "36d0c2c16cfd03fdc42eb34398ab41c5bd19a574e6fbff861b05b346a4330e65",
  "f98c743715cd0ad1f81400e909a59b6480a627b88ce8aa3d317d39d4de1cafaf",
  "016d148df14fd03c33e0d2ed3007b403d010b78034c20f3c6f45c6bca00109c0",
  "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a",
  "0f69f4ae79c1b1920551e15a9540a2319f684739736a71c0e0f93c9508a27633",
  "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a",
};

static void
test_released_versions_unchanged (void)
{
  guint n_migrations;
  const MesoDbMigration *migrations = meso_schema_get_migrations (&n_migrations);

  g_assert_cmpuint (n_migrations, >=, G_N_ELEMENTS (released));
  for (guint i = 0; i < n_migrations; i++)
    {
      g_assert_cmpint (migrations[i].version, ==, i + 1);
      if (i < G_N_ELEMENTS (released))
        {
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                                migrations[i].sql, -1);

          g_test_message ("version %d", migrations[i].version);
          g_assert_cmpstr (sha, ==, released[i]);
        }
    }
  g_assert_cmpint (meso_schema_latest_version (), ==, migrations[n_migrations - 1].version);
}

/* Everything the database file says about its schema, one line per object. */
static char *
dump_schema (MesoDb *db)
{
  MesoStmt *stmt = meso_db_prepare (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema"
                                            " ORDER BY type, name", NULL);
  GString *dump = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    g_string_append_printf (dump, "%s|%s|%s|%s\n", meso_stmt_column_text (stmt, 0),
                            meso_stmt_column_text (stmt, 1), meso_stmt_column_text (stmt, 2),
                            meso_stmt_column_type (stmt, 3) == MESO_VALUE_NULL
                              ? "NULL" : meso_stmt_column_text (stmt, 3));
  meso_stmt_reset (stmt);
  g_string_append_printf (dump, "user_version %" G_GINT64_FORMAT "\n",
                          meso_test_query_int (db, "PRAGMA user_version"));
  g_string_append_printf (dump, "application_id %" G_GINT64_FORMAT "\n",
                          meso_test_query_int (db, "PRAGMA application_id"));
  return g_string_free (dump, FALSE);
}

/* Line by line, so that a failure names the object that differs. */
static void
assert_same_schema (const char *upgraded,
                    const char *expected)
{
  g_auto(GStrv) got = g_strsplit (upgraded, "\n", -1);
  g_auto(GStrv) want = g_strsplit (expected, "\n", -1);

  for (guint i = 0; got[i] != NULL && want[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, want[i]);
  g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
}

static char *
new_database_schema (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  char *dump;

  g_assert_no_error (error);
  dump = dump_schema (db);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
  return dump;
}

/* A database made by an older Mesodesk, at schema @data, then opened by
 * this one, has exactly the schema a new database gets. */
static void
test_upgrade_matches_new (gconstpointer data)
{
  guint from = GPOINTER_TO_UINT (data);
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *expected = new_database_schema ();
  g_autofree char *upgraded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  guint n_migrations;
  const MesoDbMigration *migrations = meso_schema_get_migrations (&n_migrations);

  db = meso_db_open_with_migrations (path, migrations, from, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_db_get_schema_version (db), ==, from);
  g_clear_object (&db);

  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meso_db_get_migration_backup (db));
  upgraded = dump_schema (db);
  assert_same_schema (upgraded, expected);

  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint n_migrations;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/schema/released-versions-unchanged", test_released_versions_unchanged);
  meso_schema_get_migrations (&n_migrations);
  for (guint from = 1; from < n_migrations; from++)
    {
      g_autofree char *path = g_strdup_printf ("/meso/schema/upgrade-matches-new/from-%u", from);

      g_test_add_data_func (path, GUINT_TO_POINTER (from), test_upgrade_matches_new);
    }

  return g_test_run ();
}
