/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-backup.c: backups of a clinic server (see with-server.sh):
 * pg_dump's archive, checked with pg_restore --list, restored into a new
 * database that then passes --check, rotated like a file's backups; a
 * damaged archive and a database that is not empty are refused. The
 * daily backup is made by one workstation a day, and a failed one by the
 * next to look. */
#include <string.h>

#include "meso-backup-crypt.h"
#include "meso-backup.h"
#include "meso-clinic.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"

typedef struct
{
  char      *dir;
  char      *uri;
  MesoDb    *db;
  MesoStaff *admin;
  GDateTime *now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  GDate today;

  meso_test_server_require ();
  f->now = g_date_time_new_utc (2026, 12, 3, 20, 0, 0);
  f->dir = meso_test_make_dir ();
  f->uri = meso_test_server_database ();
  f->db = meso_db_open (f->uri, &error);
  g_assert_no_error (error);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  patients = meso_patient_store_new (f->db);
  meso_test_date (&today, 2026, 12, 3);
  g_assert_cmpint (meso_test_add_patient (patients, "Yılmaz", "Ayşe", NULL, &today), >, 0);
  g_assert_cmpint (meso_test_add_patient (patients, "García", "Lucía", NULL, &today), >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->db);
  g_date_time_unref (f->now);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->uri);
}

/* A backup restored into a new database is the same clinic, and sound;
 * with @data, the backup is encrypted with that passphrase. */
static void
test_backup_and_restore (Fixture       *f,
                         gconstpointer  data)
{
  const char *passphrase = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "clinic.dump", NULL);
  g_autofree char *scratch = meso_test_server_database ();
  g_autofree char *report = NULL;
  g_autoptr(MesoDb) restored = NULL;

  g_assert_true (meso_backup_write (f->uri, backup, f->admin, passphrase, &error));
  g_assert_no_error (error);
  g_assert_true (meso_backup_is_encrypted (backup) == (passphrase != NULL));
  g_assert_true (meso_backup_verify (backup, passphrase, &error));
  g_assert_no_error (error);

  g_assert_true (meso_backup_restore (scratch, backup, passphrase, f->dir, f->now, f->admin, NULL,
                                      &error));
  g_assert_no_error (error);
  restored = meso_db_open (scratch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (restored, "SELECT count(*) FROM patient"), ==, 2);
  g_assert_cmpint (meso_test_query_int (restored, "SELECT count(*) FROM audit"), ==,
                   meso_test_query_int (f->db, "SELECT count(*) FROM audit"));
  report = meso_db_check (scratch, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "chain unbroken"));
}

/* A backup is restored into an empty database only, and a damaged one
 * or a file's not at all: the database is left as it was. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "clinic.dump", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.dump", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  gint64 n_audit = meso_test_query_int (f->db, "SELECT count(*) FROM audit");

  g_assert_true (meso_backup_write (f->uri, backup, f->admin, NULL, &error));
  g_assert_false (meso_backup_restore (f->uri, backup, NULL, f->dir, f->now, f->admin, NULL,
                                       &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM audit"), ==, n_audit);

  /* Cut short, as a full disk leaves it. */
  g_assert_true (g_file_get_contents (backup, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (damaged, contents, length / 2, NULL));
  g_assert_false (meso_backup_verify (damaged, NULL, &error));
  g_clear_error (&error);
  {
    g_autofree char *scratch = meso_test_server_database ();
    g_autoptr(MesoDb) untouched = NULL;

    g_assert_false (meso_backup_restore (scratch, damaged, NULL, f->dir, f->now, f->admin, NULL,
                                         &error));
    g_clear_error (&error);
    /* Still empty: a new clinic can be made there. */
    untouched = meso_db_open (scratch, &error);
    g_assert_no_error (error);
    g_assert_cmpint (meso_test_query_int (untouched, "SELECT count(*) FROM patient"), ==, 0);
  }

  /* A server's backup is not restored into a file. */
  {
    g_autofree char *file = g_build_filename (f->dir, "clinic.db", NULL);

    g_assert_false (meso_backup_restore (file, backup, NULL, f->dir, f->now, f->admin, NULL,
                                         &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  }
}

/* The daily backup of a server is a dump, and old ones are rotated away
 * as a file's are. */
static void
test_rotated (Fixture       *f,
              gconstpointer  data)
{
  static const MesoBackupPolicy policy = { 2, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_kept = 0;

  for (int day = 1; day <= 3; day++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, day, 20, 0, 0);
      g_autofree char *path = meso_backup_write_rotated (f->uri, folder, NULL, now, &policy, NULL,
                                                         &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (path, ".dump"));
    }
  dir = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_equal (name, "mesodesk-20261202T200000Z.dump") ||
                     g_str_equal (name, "mesodesk-20261203T200000Z.dump"));
      n_kept++;
    }
  g_assert_cmpuint (n_kept, ==, 2);
}

/* The command line backs up a server as it backs up a file. */
static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "by-hand.dump", NULL);
  const char *args[] = { "--backup", backup, "--database", f->uri, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;

  /* Captured, so that the confirmation is checked and not taken for TAP. */
  g_assert_cmpint (meso_test_run_mesodesk (args, &said, NULL), ==, 0);
  g_assert_nonnull (strstr (said, backup));
  g_assert_true (meso_backup_verify (backup, NULL, &error));
  g_assert_no_error (error);
}

static void
on_daily_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The window's daily backup, waited for. */
static char *
back_up_daily (MesoClinic  *clinic,
               const char  *address,
               GDateTime   *now,
               GError     **error)
{
  GAsyncResult *result = NULL;
  char *path;

  meso_clinic_back_up_daily_async (clinic, address, NULL, now, NULL, on_daily_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = meso_clinic_back_up_daily_finish (clinic, result, error);
  g_object_unref (result);
  return path;
}

static guint
count_dumps (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".dump");
  return n;
}

/* Two workstations, both looking at the day's backup into one folder: the
 * first makes it, the second not. The next day the first one's dump fails
 * (its address is wrong): the second, looking later, makes it. */
static void
test_daily_once (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autoptr(MesoClinic) first = meso_clinic_load (f->db, &error);
  g_autoptr(MesoDb) other_db = NULL;
  g_autoptr(MesoClinic) second = NULL;
  g_autoptr(GDateTime) evening = g_date_time_add_minutes (f->now, 30);
  g_autoptr(GDateTime) next_day = g_date_time_add_days (f->now, 1);
  g_autoptr(GDateTime) next_evening = g_date_time_add_days (evening, 1);
  g_autofree char *made = NULL;
  g_autofree char *not_made = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *made_next = NULL;

  g_assert_no_error (error);
  g_assert_true (g_mkdir_with_parents (folder, 0700) == 0);
  g_assert_true (meso_clinic_set_text (first, MESO_CLINIC_BACKUP_FOLDER, folder, &error));
  g_assert_no_error (error);
  /* The other workstation: nobody signed in there. */
  other_db = meso_db_open (f->uri, &error);
  g_assert_no_error (error);
  second = meso_clinic_load (other_db, &error);
  g_assert_no_error (error);

  made = back_up_daily (first, f->uri, f->now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  not_made = back_up_daily (second, f->uri, evening, &error);
  g_assert_no_error (error);
  g_assert_null (not_made);
  g_assert_cmpuint (count_dumps (folder), ==, 1);

  failed = back_up_daily (first, "postgresql:///meso_no_such_database", next_day, &error);
  g_assert_nonnull (error);
  g_assert_null (failed);
  g_clear_error (&error);
  made_next = back_up_daily (second, f->uri, next_evening, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made_next);
  g_assert_cmpuint (count_dumps (folder), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/server-backup/backup-and-restore", test_backup_and_restore);
  g_test_add ("/meso/server-backup/backup-and-restore-encrypted", Fixture, "clinic server 2026",
              fixture_set_up, test_backup_and_restore, fixture_tear_down);
  ADD ("/meso/server-backup/refusals", test_refusals);
  ADD ("/meso/server-backup/rotated", test_rotated);
  ADD ("/meso/server-backup/command", test_command);
  ADD ("/meso/server-backup/daily-once", test_daily_once);
#undef ADD
  return g_test_run ();
}
