/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup.c: verified backups, their rotation, and restore that never
 * loses the data it replaces. */
#include <fcntl.h>
#include <grp.h>
#include <unistd.h>
#include <utime.h>

#include "meso-audit-store.h"
#include "meso-backup.h"
#include "meso-patient-store.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

static const MesoBackupPolicy default_policy = { 7, 4, 12 };

typedef struct
{
  char             *dir;
  char             *db_path;
  char             *folder;
  MesoDb           *db;
  MesoPatientStore *patients;
  MesoStaff        *admin;
  GDate             today;
} Fixture;

static gint64
add_patient (Fixture    *f,
             const char *family)
{
  return meso_test_add_patient (f->patients, family, NULL, NULL, &f->today);
}

/* Backs the clinic up as the administrator, to @name in the test's folder.
 * Returns: (transfer full): the backup's path. */
static char *
write_backup (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  char *backup = g_build_filename (f->dir, name, NULL);

  g_assert_true (meso_backup_write (f->db_path, backup, f->admin, NULL, &error));
  g_assert_no_error (error);
  return backup;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = meso_test_make_dir ();
  f->db_path = g_build_filename (f->dir, "clinic.db", NULL);
  f->folder = g_build_filename (f->dir, "backups", NULL);
  f->db = meso_db_open (f->db_path, &error);
  g_assert_no_error (error);
  f->patients = meso_patient_store_new (f->db);
  meso_test_date (&f->today, 2026, 11, 20);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Test Administrator");
  add_patient (f, "Before");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->patients);
  g_clear_object (&f->db);
  g_assert_finalize_object (f->admin);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->folder);
}

static GDateTime *
utc (int year, int month, int day, int hour)
{
  return g_date_time_new_utc (year, month, day, hour, 0, 0);
}

/* Monday 23 November 2026, 10:00 at a clinic in Istanbul (07:00 UTC). */
static GDateTime *
monday_in_istanbul (void)
{
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");

  return g_date_time_new (istanbul, 2026, 11, 23, 10, 0, 0);
}

static void
test_names (void)
{
  g_autoptr(GDateTime) when = utc (2026, 11, 20, 10);
  g_autofree char *name = meso_backup_file_name (when);
  g_autoptr(GDateTime) parsed = meso_backup_parse_name (name);
  static const char *not_ours[] = {
    "clinic.db", "mesodesk-20261120T100000Z.db-wal", "before-restore-20261120T100000Z.db",
    "mesodesk-2026112XT100000Z.db", "mesodesk-20261120T100000.db",
  };

  g_assert_cmpstr (name, ==, "mesodesk-20261120T100000Z.db");
  g_assert_nonnull (parsed);
  g_assert_true (g_date_time_equal (parsed, when));
  for (guint i = 0; i < G_N_ELEMENTS (not_ours); i++)
    g_assert_null (meso_backup_parse_name (not_ours[i]));
}

/* 400 daily backups up to Friday 2026-11-20 (UTC, TZ=UTC): 7 days, the
 * newest of 4 ISO weeks and of 12 months are kept, 20 backups in all. */
static void
test_plan_keep_daily (void)
{
  static const char *kept[] = {
    "2026-11-20", "2026-11-19", "2026-11-18", "2026-11-17", "2026-11-16", "2026-11-15",
    "2026-11-14", "2026-11-08", "2026-11-01", "2026-10-31", "2026-09-30", "2026-08-31",
    "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31", "2026-02-28",
    "2026-01-31", "2025-12-31",
  };
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autoptr(GDateTime) last = utc (2026, 11, 20, 2);
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autofree gboolean *keep = NULL;
  g_autoptr(GPtrArray) kept_days = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < 400; i++)
    g_ptr_array_add (times, g_date_time_add_days (last, -i));
  keep = meso_backup_plan_keep ((GDateTime **) times->pdata, times->len, zone, &default_policy);
  for (guint i = 0; i < times->len; i++)
    if (keep[i])
      g_ptr_array_add (kept_days, g_date_time_format (g_ptr_array_index (times, i), "%F"));

  /* The week of 2026-11-09 is kept by its Sunday, 2026-11-15, a daily one. */
  g_assert_cmpuint (kept_days->len, ==, G_N_ELEMENTS (kept));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_cmpstr (g_ptr_array_index (kept_days, i), ==, kept[i]);
}

/* Several backups a day: only the newest of each day counts. */
static void
test_plan_keep_same_day (void)
{
  const MesoBackupPolicy two_days = { 2, 0, 0 };
  GDateTime *times[] = {
    utc (2026, 11, 20, 18), utc (2026, 11, 20, 9), utc (2026, 11, 19, 17), utc (2026, 11, 19, 8),
    utc (2026, 11, 18, 12),
  };
  const gboolean expected[] = { TRUE, FALSE, TRUE, FALSE, FALSE };
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autofree gboolean *keep = meso_backup_plan_keep (times, G_N_ELEMENTS (times), zone,
                                                     &two_days);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_assert_cmpint (keep[i], ==, expected[i]);
      g_date_time_unref (times[i]);
    }
}

static void
touch_backup (const char *folder,
              GDateTime  *when)
{
  g_autofree char *name = meso_backup_file_name (when);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, "old backup", -1, NULL));
}

/* "One backup a day" counts the clinic's days: a backup at 01:00 in
 * Istanbul (22:00 the day before in UTC, the workstation's zone) is that
 * morning's; past the clinic's next midnight one is due again. */
static void
test_due_on_clinic_day (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  g_autoptr(GDateTime) night = utc (2026, 11, 20, 22);
  g_autoptr(GDateTime) morning = g_date_time_new (istanbul, 2026, 11, 21, 8, 0, 0);
  g_autoptr(GDateTime) next_night = g_date_time_new (istanbul, 2026, 11, 22, 0, 30, 0);

  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  touch_backup (f->folder, night);
  g_assert_false (meso_backup_is_due (f->folder, morning));
  g_assert_true (meso_backup_is_due (f->folder, next_night));
}

static void
test_write_rotated (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = utc (2026, 11, 20, 10);
  g_autofree char *other = g_build_filename (f->folder, "notes.txt", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GDateTime) latest = NULL;
  guint n_backups = 0;
  const char *name;
  GStatBuf st;

  /* Sixty older daily backups, and a file that is not a backup. */
  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  for (int i = 1; i <= 60; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -i);
      touch_backup (f->folder, day);
    }
  g_assert_true (g_file_set_contents (other, "keep me", -1, NULL));
  g_assert_true (meso_backup_is_due (f->folder, now));

  path = meso_backup_write_rotated (f->db_path, f->folder, NULL, now, &default_policy, NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_true (meso_backup_verify (path, NULL, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (meso_backup_is_due (f->folder, now));
  latest = meso_backup_latest (f->folder);
  g_assert_cmpint (g_date_time_to_unix (latest), ==, g_date_time_to_unix (now));

  dir = g_dir_open (f->folder, 0, &error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(GDateTime) when = meso_backup_parse_name (name);
      n_backups += when != NULL;
      /* Nothing of the copy's making is left beside it. */
      g_assert_false (g_str_has_suffix (name, "-wal") || g_str_has_suffix (name, "-shm") ||
                      strstr (name, ".partial") != NULL);
    }
  /* November 14-20; the weeks' newest: November 8 and 1; the months':
   * October 31 and September 30. */
  g_assert_cmpuint (n_backups, ==, 7 + 2 + 2);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_backup_never_overwrites (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *fingerprint = NULL;

  g_assert_true (g_file_set_contents (dest, "my thesis", -1, NULL));
  fingerprint = meso_test_fingerprint (dest);
  g_assert_false (meso_backup_write (f->db_path, dest, f->admin, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpstr (meso_test_fingerprint (dest), ==, fingerprint);
}

static gboolean
read_only_has_patient (const char *db_path,
                       const char *family)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &handle, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT 1 FROM patient WHERE family_name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, family, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return found;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = write_backup (f, "monday.db");
  g_autofree char *saved_as = NULL;
  g_autoptr(GPtrArray) history = NULL;
  MesoAuditEntry *restore;

  add_patient (f, "After");

  g_assert_true (meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, f->admin,
                                      &saved_as, &error));
  g_assert_no_error (error);

  /* The database is Monday's; what it replaced was saved first. */
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "before"));
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
  g_assert_nonnull (saved_as);
  g_assert_true (g_str_has_prefix (saved_as, f->folder));
  /* Named after the time the caller gave, in UTC. */
  g_assert_true (g_str_has_suffix (saved_as, "/before-restore-20261123T070000Z.db"));
  g_assert_true (meso_backup_verify (saved_as, NULL, &error));
  g_assert_true (meso_test_has_patient (saved_as, f->admin, "after"));

  /* The restore is in the restored database's audit trail. The open
   * connection sees the new data. */
  history = meso_audit_store_query (audit_store, MESO_AUDIT_BY_STAFF, meso_staff_get_id (f->admin),
                                    0, 1, &error);
  g_assert_no_error (error);
  restore = g_ptr_array_index (history, 0);
  g_assert_cmpstr (meso_audit_entry_get_action (restore), ==, "restore");
  g_assert_nonnull (strstr (meso_audit_entry_get_new_values (restore), "monday.db"));
}

static void
test_restore_refuses_damaged_backup (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = write_backup (f, "damaged.db");
  g_autofree char *contents = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *saved_as = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (backup, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (backup, contents, length / 2, NULL));

  g_assert_true (meso_db_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  fingerprint = meso_test_fingerprint (f->db_path);
  g_assert_false (meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, f->admin,
                                       &saved_as, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TRUNCATED);
  g_assert_cmpstr (meso_test_fingerprint (f->db_path), ==, fingerprint);
  g_assert_null (saved_as);
  g_assert_false (g_file_test (f->folder, G_FILE_TEST_EXISTS));
}

/* A damaged database, which the backup API cannot save, is copied byte for
 * byte, WAL included, before the restore replaces it; and the window that
 * still has it open keeps its lock on the file throughout. */
static void
test_restore_over_damaged (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = write_backup (f, "monday.db");
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autofree char *saved_as = NULL;
  g_autofree char *saved_wal = NULL;
  g_autofree char *damaged = NULL;

  g_clear_object (&f->patients);
  damaged = meso_test_damage_table_pages (g_steal_pointer (&f->db));

  /* The window opens it (the damage is in table pages, found only by an
   * integrity check) and adds a record, which waits in the WAL. */
  f->db = meso_db_open (f->db_path, &error);
  g_assert_no_error (error);
  f->patients = meso_patient_store_new (f->db);
  meso_db_set_actor (f->db, f->admin);
  add_patient (f, "After");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (meso_test_holds_lock (f->db_path));

  g_assert_true (meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, f->admin,
                                      &saved_as,
                                      &error));
  g_assert_no_error (error);
  g_assert_true (meso_test_holds_lock (f->db_path));

  saved_wal = g_strconcat (saved_as, "-wal", NULL);
  g_assert_cmpstr (meso_test_fingerprint (saved_as), ==, damaged);
  g_assert_cmpint (meso_test_file_mode (saved_as), ==, 0600);
  g_assert_cmpint (meso_test_file_mode (saved_wal), ==, 0600);
  /* The record that was only in the WAL was saved with it. The saved copy is
   * damaged, so Mesodesk refuses to open it: read it as SQLite sees it. */
  g_assert_true (read_only_has_patient (saved_as, "After"));
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "before"));
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **saved_as = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_backup_restore_finish (result, saved_as, &error));
  g_assert_no_error (error);
}

/* The same in a worker thread, as the preferences run it. */
static void
test_restore_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autofree char *backup = write_backup (f, "monday.db");
  g_autofree char *saved_as = NULL;

  add_patient (f, "After");
  meso_backup_restore_async (f->db_path, backup, NULL, f->folder, restore_time, f->admin, NULL,
                             on_restored, &saved_as);
  while (saved_as == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
  g_assert_true (meso_test_has_patient (saved_as, f->admin, "after"));
}

/* A dead disk: the database is gone, the backup brings it back. */
static void
test_restore_onto_new_disk (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = write_backup (f, "usb.db");
  g_autofree char *new_disk = g_build_filename (f->dir, "new-disk.db", NULL);
  g_autofree char *saved_as = NULL;

  g_assert_true (meso_backup_restore (new_disk, backup, NULL, f->folder, restore_time, f->admin,
                                      &saved_as, &error));
  g_assert_no_error (error);
  g_assert_null (saved_as);
  g_assert_true (meso_test_has_patient (new_disk, f->admin, "before"));
}

/* The newest backup may have been taken of damage not found yet: what is
 * offered is the newest that passes its check. */
static void
test_find_verified (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) tuesday = utc (2026, 11, 17, 10);
  g_autoptr(GDateTime) wednesday = utc (2026, 11, 18, 10);
  g_autoptr(GDateTime) thursday = utc (2026, 11, 19, 10);
  g_autofree char *found = NULL;
  g_autofree char *oldest = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *newest = NULL;

  g_assert_null (meso_backup_find_verified (f->folder, NULL, NULL, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  oldest = meso_backup_write_rotated (f->db_path, f->folder, NULL, tuesday, &default_policy, NULL,
                                      &error);
  expected = meso_backup_write_rotated (f->db_path, f->folder, NULL, wednesday, &default_policy,
                                        NULL, &error);
  newest = meso_backup_write_rotated (f->db_path, f->folder, NULL, thursday, &default_policy, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (newest, "Patient list\nŞahin, Elif\n", -1, NULL));

  found = meso_backup_find_verified (f->folder, NULL, &when, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, expected);
  g_assert_true (g_date_time_equal (when, wednesday));

  /* None passes: said so. */
  g_assert_true (g_file_set_contents (expected, "", -1, NULL));
  g_assert_cmpint (g_unlink (oldest), ==, 0);
  g_assert_null (meso_backup_find_verified (f->folder, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A backup holds every patient's records, and a restore replaces them all:
 * only an administrator may do either, whoever calls the core. */
static void
test_needs_administrator (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
  g_autofree char *backup = g_build_filename (f->dir, "monday.db", NULL);
  g_autofree char *stolen = g_build_filename (f->dir, "stolen.db", NULL);
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autofree char *fingerprint = NULL;
  g_autofree char *saved_as = NULL;

  g_assert_false (meso_backup_write (f->db_path, stolen, physician, NULL, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_backup_write (f->db_path, stolen, NULL, NULL, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_false (g_file_test (stolen, G_FILE_TEST_EXISTS));

  g_assert_true (meso_backup_write (f->db_path, backup, f->admin, NULL, &error));
  g_assert_no_error (error);
  add_patient (f, "After");
  g_assert_true (meso_db_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  fingerprint = meso_test_fingerprint (f->db_path);
  g_assert_false (meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, physician,
                                       &saved_as, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, NULL,
                                       &saved_as, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_assert_cmpstr (meso_test_fingerprint (f->db_path), ==, fingerprint);
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "after"));
}

/* Damaged current databases: each is moved aside, byte for byte with its
 * companions, and the backup takes its place. */

typedef void (*Damage) (Fixture *f);

typedef struct
{
  const char *name;
  Damage      damage;
  gboolean    as_other_user;   /* root writes any file */
  gboolean    kept_aside;
} DamagedCase;

static void
damage_truncate (Fixture *f)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (f->db_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (f->db_path, contents, length / 2 + 123, NULL));
}

static void
damage_zero_header (Fixture *f)
{
  char zeros[100] = { 0, };

  meso_test_overwrite (f->db_path, 0, zeros, sizeof zeros);
}

static void
damage_garbage (Fixture *f)
{
  g_assert_true (g_file_set_contents (f->db_path, "Patient list\nŞahin, Elif\n", -1, NULL));
}

static void
damage_read_only (Fixture *f)
{
  g_assert_cmpint (g_chmod (f->db_path, 0444), ==, 0);
}

/* The -wal of another database, copied beside this one. */
static void
damage_foreign_wal (Fixture *f)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *other_wal = g_strconcat (other, "-wal", NULL);
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *handle;

  g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA journal_mode = WAL;"
                                 "PRAGMA wal_autocheckpoint = 0;"
                                 "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);"
                                 "INSERT INTO photos (name) VALUES ('scalp.jpg');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (other_wal, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  g_assert_true (g_file_set_contents (wal, contents, length, NULL));
  sqlite3_close (handle);
}

static void
damage_remove (Fixture *f)
{
  g_assert_cmpint (g_unlink (f->db_path), ==, 0);
}

static const DamagedCase damaged_cases[] = {
  { "truncated", damage_truncate, FALSE, TRUE },
  { "zeroed-header", damage_zero_header, FALSE, TRUE },
  { "garbage", damage_garbage, FALSE, TRUE },
  { "read-only", damage_read_only, TRUE, TRUE },
  { "foreign-wal", damage_foreign_wal, FALSE, TRUE },
  { "missing", damage_remove, FALSE, FALSE },
};

static void
become_nobody (void)
{
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
}

static void
restore_over_damaged_case (Fixture           *f,
                           const DamagedCase *c,
                           const char        *backup)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_as = NULL;
  g_autofree char *expected = g_strconcat (f->db_path, ".damaged-20261123T070000Z", NULL);
  g_autofree char *fingerprints[G_N_ELEMENTS (suffixes)] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db_path, suffixes[i], NULL);
      fingerprints[i] = meso_test_fingerprint (path);
    }

  meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, f->admin,
                       &saved_as, &error);
  g_assert_no_error (error);
  if (c->kept_aside)
    {
      g_assert_cmpstr (saved_as, ==, expected);
      /* Each file it replaced, byte for byte, under the clear name. */
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *aside = g_strconcat (saved_as, suffixes[i], NULL);
          g_autofree char *now = meso_test_fingerprint (aside);

          if (i < 2)
            g_assert_cmpstr (now, ==, fingerprints[i]);
        }
    }
  else
    g_assert_null (saved_as);

  /* The restored database opens with the backup's data and its audit entry. */
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "before"));
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
  {
    g_autoptr(MesoDb) db = meso_db_open (f->db_path, &error);
    MesoStmt *stmt;

    g_assert_no_error (error);
    stmt = meso_db_prepare (db, "SELECT count(*) FROM audit WHERE action = 'restore'", &error);
    g_assert_no_error (error);
    g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
    g_assert_cmpint (meso_stmt_column_int (stmt, 0), ==, 1);
    meso_stmt_reset (stmt);
  }
}

static void
test_restore_damaged_current (Fixture       *f,
                              gconstpointer  data)
{
  const DamagedCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = write_backup (f, "monday.db");

  add_patient (f, "After");
  g_assert_true (meso_db_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_clear_object (&f->patients);
  g_clear_object (&f->db);
  c->damage (f);

  if (c->as_other_user && geteuid () == 0)
    {
      g_autofree char *subprocess = g_strdup_printf ("%s/subprocess",
                                                     g_test_get_path ());

      /* Another user may write the folder, read the backup, not the file. */
      g_assert_cmpint (g_chmod (f->dir, 0777), ==, 0);
      g_assert_cmpint (g_chmod (backup, 0666), ==, 0);
      g_setenv ("MESO_TEST_DIR", f->dir, TRUE);
      g_test_trap_subprocess (subprocess, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  restore_over_damaged_case (f, c, backup);
}

/* The half run as another user: the restore over the read-only file. */
static void
test_restore_damaged_subprocess (gconstpointer data)
{
  const DamagedCase *c = data;
  Fixture f = { 0, };
  if (!g_test_subprocess ())
    return;   /* run by its parent test only */
  f.dir = g_strdup (g_getenv ("MESO_TEST_DIR"));
  f.db_path = g_build_filename (f.dir, "clinic.db", NULL);
  f.folder = g_build_filename (f.dir, "backups", NULL);
  become_nobody ();
  f.admin = meso_staff_new (1, "Test Administrator", MESO_ROLE_ADMINISTRATOR, TRUE);
  {
    g_autofree char *backup = g_build_filename (f.dir, "monday.db", NULL);
    restore_over_damaged_case (&f, c, backup);
  }
  g_clear_object (&f.admin);
  g_free (f.dir);
  g_free (f.db_path);
  g_free (f.folder);
}

/* A backup on read-only media (file and folder), in WAL mode with no -shm
 * beside it: checked and restored all the same, by a user who cannot
 * write there, and left as it is. */
static void
test_restore_read_only_backup (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *media = g_build_filename (f->dir, "usb", NULL);
  g_autofree char *backup = g_build_filename (media, "backup.db", NULL);
  g_autofree char *desk = g_build_filename (f->dir, "desk", NULL);
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;

  g_assert_cmpint (g_mkdir (media, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (desk, 0700), ==, 0);
  g_assert_cmpint (g_chmod (desk, 0777), ==, 0);   /* past the umask */
  g_assert_true (meso_backup_write (f->db_path, backup, f->admin, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (backup, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
  g_assert_cmpint (g_chmod (backup, 0444), ==, 0);
  g_assert_cmpint (g_chmod (media, 0555), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  before = meso_test_fingerprint (backup);

  g_setenv ("MESO_TEST_DIR", f->dir, TRUE);
  g_test_trap_subprocess ("/meso/backup/restore-read-only-backup/subprocess", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_cmpstr (meso_test_fingerprint (backup), ==, before);
  g_assert_cmpint (g_chmod (media, 0755), ==, 0);
}

static void
test_restore_read_only_backup_subprocess (void)
{
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = meso_test_file_admin ();
  const char *dir = g_getenv ("MESO_TEST_DIR");
  g_autofree char *backup = g_build_filename (dir, "usb", "backup.db", NULL);
  g_autofree char *shm = g_strconcat (backup, "-shm", NULL);
  g_autofree char *db_path = g_build_filename (dir, "desk", "clinic.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "desk", "backups", NULL);

  if (!g_test_subprocess ())
    return;   /* run by its parent test only */
  become_nobody ();
  g_assert_true (meso_backup_verify (backup, NULL, &error));
  g_assert_no_error (error);
  meso_backup_restore (db_path, backup, NULL, folder, restore_time, admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (read_only_has_patient (db_path, "Before"));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

/* Another program holds the write lock: the restore gives up after a
 * bounded wait, says so plainly, and changes nothing. */
static void
test_restore_waits_bounded (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GDateTime) restore_time = monday_in_istanbul ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = write_backup (f, "monday.db");
  sqlite3 *other;

  add_patient (f, "After");
  g_assert_cmpint (sqlite3_open (f->db_path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (meso_backup_restore (f->db_path, backup, NULL, f->folder, restore_time, f->admin,
                                       NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, "Another program is using the clinic database; close "
                   "it, then restore again.");
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "after"));
}

static void
touch_at (const char *path,
          gint64      mtime)
{
  struct utimbuf times = { mtime, mtime };

  g_assert_true (g_file_set_contents (path, "partial", -1, NULL));
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* A killed backup's hidden partial copy goes at the next start; the one
 * being written now, and files not of Mesodesk's naming, stay. */
static void
test_clean_partials (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = utc (2026, 11, 20, 12);
  gint64 t = g_date_time_to_unix (now);
  g_autofree char *killed = g_build_filename (f->folder, ".mesodesk-20261119T100000Z.db.partial",
                                              NULL);
  g_autofree char *running = g_build_filename (f->folder, ".mesodesk-20261120T115900Z.db.partial",
                                               NULL);
  g_autofree char *foreign = g_build_filename (f->folder, ".thesis.db.partial", NULL);
  g_autofree char *backup = g_build_filename (f->folder, "mesodesk-20261119T100000Z.db", NULL);

  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0700), ==, 0);
  touch_at (killed, t - 86400);
  touch_at (running, t - 30);
  touch_at (foreign, t - 86400);
  touch_at (backup, t - 86400);

  g_assert_cmpuint (meso_backup_clean_partials (f->folder, now), ==, 1);
  g_assert_false (g_file_test (killed, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (running, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/backup/names", test_names);
  g_test_add_func ("/meso/backup/rotation/daily", test_plan_keep_daily);
  g_test_add_func ("/meso/backup/rotation/same-day", test_plan_keep_same_day);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/backup/write-rotated", test_write_rotated);
  ADD ("/meso/backup/due-on-clinic-day", test_due_on_clinic_day);
  ADD ("/meso/backup/never-overwrites", test_backup_never_overwrites);
  ADD ("/meso/backup/restore", test_restore);
  ADD ("/meso/backup/restore-async", test_restore_async);
  ADD ("/meso/backup/restore-refuses-damaged", test_restore_refuses_damaged_backup);
  ADD ("/meso/backup/restore-onto-new-disk", test_restore_onto_new_disk);
  ADD ("/meso/backup/find-verified", test_find_verified);
  ADD ("/meso/backup/restore-read-only-backup", test_restore_read_only_backup);
  g_test_add_func ("/meso/backup/restore-read-only-backup/subprocess",
                   test_restore_read_only_backup_subprocess);
  ADD ("/meso/backup/restore-over-damaged", test_restore_over_damaged);
  ADD ("/meso/backup/needs-administrator", test_needs_administrator);
  ADD ("/meso/backup/restore-waits-bounded", test_restore_waits_bounded);
  ADD ("/meso/backup/clean-partials", test_clean_partials);
  for (guint i = 0; i < G_N_ELEMENTS (damaged_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/meso/backup/restore-damaged/%s",
                                               damaged_cases[i].name);
      g_autofree char *sub = g_strdup_printf ("%s/subprocess", path);

      g_test_add (path, Fixture, &damaged_cases[i], fixture_set_up,
                  test_restore_damaged_current, fixture_tear_down);
      if (damaged_cases[i].as_other_user)
        g_test_add_data_func (sub, &damaged_cases[i], test_restore_damaged_subprocess);
    }
#undef ADD

  return g_test_run ();
}
