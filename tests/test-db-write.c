/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-db-write.c: a write guard rolls back unless committed, begins nothing
 * when refused, and refuses to begin inside another write. */
#include "meso-db-write.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char      *dir;
  MesoDb    *db;
  MesoStaff *staff;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->db = meso_test_open_db (&fixture->dir);
  fixture->staff = meso_test_sign_in (fixture->db, MESO_ROLE_ADMINISTRATOR, "Ada Admin");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->staff);
  g_clear_object (&fixture->db);
  meso_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gint64
count_rooms (MesoDb *db)
{
  return meso_test_query_int (db, "SELECT count(*) FROM room");
}

/* A store's write that fails half-way: it returns early, never commits. */
static gboolean
add_two_rooms (MesoDb  *db,
               GError **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_MANAGE_SETTINGS, error);

  if (w == NULL || !meso_db_exec (db, "INSERT INTO room (name) VALUES ('Room 1')", error))
    return FALSE;
  /* An empty name breaks the table's CHECK. */
  if (!meso_db_exec (db, "INSERT INTO room (name) VALUES ('')", error))
    return FALSE;
  return meso_db_write_commit (w, error);
}

static void
test_uncommitted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(MesoDbWrite) w = meso_db_begin_write (fixture->db, MESO_PERMISSION_MANAGE_SETTINGS,
                                                    &error);

    g_assert_no_error (error);
    g_assert_nonnull (w);
    g_assert_true (meso_db_exec (fixture->db, "INSERT INTO room (name) VALUES ('Room 1')",
                                 &error));
    g_assert_cmpint (count_rooms (fixture->db), ==, 1);
  }
  g_assert_false (meso_db_in_transaction (fixture->db));
  g_assert_cmpint (count_rooms (fixture->db), ==, 0);

  /* An early return rolls back the rows written before it. */
  g_assert_false (add_two_rooms (fixture->db, &error));
  g_assert_error (error, MESO_DB_ERROR, SQLITE_CONSTRAINT_CHECK);
  g_assert_false (meso_db_in_transaction (fixture->db));
  g_assert_cmpint (count_rooms (fixture->db), ==, 0);
}

static void
test_committed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) other = NULL;

  {
    g_autoptr(MesoDbWrite) w = meso_db_begin_write (fixture->db, MESO_PERMISSION_MANAGE_SETTINGS,
                                                    &error);

    g_assert_nonnull (w);
    g_assert_true (meso_db_exec (fixture->db, "INSERT INTO room (name) VALUES ('Room 1')",
                                 &error));
    g_assert_true (meso_db_write_commit (w, &error));
    g_assert_no_error (error);
    g_assert_false (meso_db_in_transaction (fixture->db));
  }
  g_assert_cmpint (count_rooms (fixture->db), ==, 1);

  /* Committed for every connection, not only this one. */
  other = meso_db_open (meso_db_get_path (fixture->db), &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rooms (other), ==, 1);
}

/* A commit that fails rolls back; the guard leaves nothing open. */
static void
test_commit_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(MesoDbWrite) w = meso_db_begin_write (fixture->db, MESO_PERMISSION_MANAGE_SETTINGS,
                                                    &error);

    g_assert_nonnull (w);
    g_assert_true (meso_db_exec (fixture->db, "INSERT INTO room (name) VALUES ('Room 1')",
                                 &error));
    /* A missing practitioner is then found at COMMIT, not at the INSERT.
     * A server defers only a DEFERRABLE key: made so in this transaction,
     * which the failed commit rolls back with the rest. */
    g_assert_true (meso_db_exec (fixture->db, meso_test_engine_is_server ()
                                 ? "ALTER TABLE practitioner_day_off ALTER CONSTRAINT"
                                   " practitioner_day_off_practitioner_id_fkey"
                                   " DEFERRABLE INITIALLY DEFERRED"
                                 : "PRAGMA defer_foreign_keys = ON", &error));
    g_assert_true (meso_db_exec (fixture->db,
                                 "INSERT INTO practitioner_day_off (practitioner_id, first_day,"
                                 " last_day) VALUES (999, '2026-01-05', '2026-01-06')", &error));
    g_assert_no_error (error);
    g_assert_false (meso_db_write_commit (w, &error));
    g_assert_error (error, MESO_DB_ERROR, SQLITE_CONSTRAINT_FOREIGNKEY);
    g_assert_false (meso_db_in_transaction (fixture->db));
  }
  g_assert_cmpint (count_rooms (fixture->db), ==, 0);
  g_clear_error (&error);
  /* The key checks at once again. */
  g_assert_false (meso_db_exec (fixture->db,
                                "INSERT INTO practitioner_day_off (practitioner_id, first_day,"
                                " last_day) VALUES (999, '2026-01-05', '2026-01-06')", &error));
  g_assert_error (error, MESO_DB_ERROR, SQLITE_CONSTRAINT_FOREIGNKEY);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (fixture->db, MESO_ROLE_RECEPTIONIST,
                                                         "Rita Reception");
  g_autoptr(MesoDbWrite) w = NULL;

  w = meso_db_begin_write (fixture->db, MESO_PERMISSION_MANAGE_SETTINGS, &error);
  g_assert_null (w);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* Nothing was begun: a transaction may start straight away. */
  g_assert_false (meso_db_in_transaction (fixture->db));
  g_assert_true (meso_db_begin (fixture->db, &error));
  meso_db_rollback (fixture->db);

  meso_db_set_actor (fixture->db, NULL);
  w = meso_db_begin_write (fixture->db, MESO_PERMISSION_WRITE_CONTACT, &error);
  g_assert_null (w);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_false (meso_db_in_transaction (fixture->db));
  g_assert_true (meso_db_begin (fixture->db, &error));
  meso_db_rollback (fixture->db);

  /* The core's own writes need nobody signed in. */
  w = meso_db_begin_write_unchecked (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_true (meso_db_in_transaction (fixture->db));
  g_assert_true (meso_db_write_commit (w, &error));
}

static void
test_nested (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDbWrite) outer = meso_db_begin_write (fixture->db,
                                                      MESO_PERMISSION_MANAGE_SETTINGS, &error);

  g_assert_nonnull (outer);
  g_assert_true (meso_db_exec (fixture->db, "INSERT INTO room (name) VALUES ('Room 1')", &error));
  {
    g_autoptr(MesoDbWrite) inner = meso_db_begin_write (fixture->db,
                                                        MESO_PERMISSION_MANAGE_SETTINGS, &error);

    g_assert_null (inner);
    g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NESTED);
    g_clear_error (&error);
    inner = meso_db_begin_write_unchecked (fixture->db, &error);
    g_assert_null (inner);
    g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NESTED);
    g_clear_error (&error);
  }
  /* The refusal left the outer write as it was: open, with its row. */
  g_assert_true (meso_db_in_transaction (fixture->db));
  g_assert_true (meso_db_exec (fixture->db, "INSERT INTO room (name) VALUES ('Room 2')", &error));
  g_assert_true (meso_db_write_commit (outer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rooms (fixture->db), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/meso/db-write/uncommitted-rolls-back", Fixture, NULL, fixture_set_up,
              test_uncommitted, fixture_tear_down);
  g_test_add ("/meso/db-write/committed-stays", Fixture, NULL, fixture_set_up,
              test_committed, fixture_tear_down);
  g_test_add ("/meso/db-write/failed-commit-rolls-back", Fixture, NULL, fixture_set_up,
              test_commit_fails, fixture_tear_down);
  g_test_add ("/meso/db-write/refused-begins-nothing", Fixture, NULL, fixture_set_up,
              test_refused, fixture_tear_down);
  g_test_add ("/meso/db-write/nested-refused", Fixture, NULL, fixture_set_up,
              test_nested, fixture_tear_down);
  return g_test_run ();
}
