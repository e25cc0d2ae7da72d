/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-audit-link.c: the audit chain's links as SQLite's meso_audit_link()
 * makes them, for fixed rows. tests/test-schema-pg.sh asserts the same hex
 * values from PostgreSQL's meso_audit_link() (data/schema-pg/0010), so that
 * a chain written on either engine verifies on the other. Change a value
 * here only with the same change there. */
#include <sqlite3.h>

#include "meso-audit-sqlite.h"

/* The rows: names in Turkish and Russian (multi-byte UTF-8), NULLs, a
 * negative row id and patient id, and each link chained to the one before. */
#define ROW_1 "1, '2026-01-02T03:04:05.678Z', 7, 'patient', 12, 12, 'insert', NULL," \
  " '{\"family_name\":\"Şahin\",\"given_name\":\"Ayşe Gül\",\"archived\":0}'"
#define ROW_2 "2, '2026-01-02T03:04:06.000Z', NULL, 'staff', 3, NULL, 'update'," \
  " '{\"display_name\":\"Иванова\"}', '{\"display_name\":\"Мария Иванова\",\"pin\":\"changed\"}'"
#define ROW_3 "3, '2026-12-31T23:59:59.999Z', 7, 'lot', -5, -9223372036854775807, 'update'," \
  " '{\"quantity_ml\":2.5}', '{\"quantity_ml\":-0.25}'"
#define LINK_1 "b7d88330e131070602972b07a6a32a6d52b01a49aa37a35b0039a929816c25c0"
#define LINK_2 "f55bdc0013dc3b0b57ee64e08d15ca992793f377b3b2abea23bd8dd56f7a1050"
#define LINK_3 "e82755928353ed7cd82c2cc9ada0b7aee206d7244fd0977c3efe522fa77fee87"
/* Reals and a blob, which audit rows do not hold but the encoding does:
 * PostgreSQL's meso_audit_digest() of the same encoded values. */
#define MIXED "NULL, 1.5, -0.25, 1e300, 'é', -9223372036854775807 - 1, NULL, X'00ff', 0, ''"
#define LINK_MIXED "f3c8a9caaf709575c0a10c586cb187732e88724192aa8cadc775d9a000bfd431"

static char *
link_hex (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *hex = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  hex = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_test_message ("%s", hex);
  return hex;
}

static void
test_vectors (void)
{
  sqlite3 *db = NULL;
  g_autofree char *link_1 = NULL;
  g_autofree char *link_2 = NULL;
  g_autofree char *link_3 = NULL;
  g_autofree char *mixed = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  meso_audit_register_functions (db);

  link_1 = link_hex (db, "SELECT lower (hex (meso_audit_link (NULL, " ROW_1 ")))");
  g_assert_cmpstr (link_1, ==, LINK_1);
  link_2 = link_hex (db, "SELECT lower (hex (meso_audit_link (X'" LINK_1 "', " ROW_2 ")))");
  g_assert_cmpstr (link_2, ==, LINK_2);
  link_3 = link_hex (db, "SELECT lower (hex (meso_audit_link (X'" LINK_2 "', " ROW_3 ")))");
  g_assert_cmpstr (link_3, ==, LINK_3);
  mixed = link_hex (db, "SELECT lower (hex (meso_audit_link (" MIXED ")))");
  g_assert_cmpstr (mixed, ==, LINK_MIXED);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/audit/link-vectors", test_vectors);

  return g_test_run ();
}
