/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup-encrypted.c: the clinic's backups encrypted with a
 * passphrase: written, checked by decrypting, found, and restored; a wrong
 * passphrase or a changed file changes nothing; and the plain copy is
 * never left anywhere. */
#include <glib/gstdio.h>
#include <stdarg.h>

#include "meso-audit-store.h"
#include "meso-backup-crypt.h"
#include "meso-backup.h"
#include "meso-patient-store.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define PASSPHRASE "Nişantaşı klinik yedek 2026"

static const MesoBackupPolicy policy = { 7, 4, 12 };

/* The test's folder, and in it the TMPDIR where plain copies are made. */
static char *test_root;
static char *private_tmp;

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

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_mkdtemp (g_build_filename (test_root, "clinic-XXXXXX", NULL));
  g_assert_nonnull (f->dir);
  f->db_path = g_build_filename (f->dir, "clinic.db", NULL);
  f->folder = g_build_filename (f->dir, "usb-disk", NULL);
  f->db = meso_db_open (f->db_path, &error);
  g_assert_no_error (error);
  f->patients = meso_patient_store_new (f->db);
  meso_test_date (&f->today, 2026, 11, 20);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Test Administrator");
  meso_test_add_patient (f->patients, "Before", NULL, NULL, &f->today);
}

/* Nothing decrypted or made in plain is left in TMPDIR. */
static void
assert_no_plain_copy_left (void)
{
  g_autoptr(GDir) dir = g_dir_open (private_tmp, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assert_no_plain_copy_left ();
  g_clear_object (&f->patients);
  g_clear_object (&f->db);
  g_assert_finalize_object (f->admin);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->folder);
}

/* Whether any file in @folder starts as an SQLite database does. */
static gboolean
folder_has_plain_database (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (path, &contents, &length, NULL) && length >= 16 &&
          memcmp (contents, "SQLite format 3", 16) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
write_encrypted (Fixture   *f,
                 GDateTime *when)
{
  g_autoptr(GError) error = NULL;
  char *path = meso_backup_write_rotated (f->db_path, f->folder, NULL, when, &policy, PASSPHRASE,
                                          &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

/* The daily backup on a USB disk: encrypted, private, named as a backup
 * (so rotated and found), checked by decrypting it, and no plain copy
 * beside it or left on this computer. */
static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);
  g_autofree char *path = write_encrypted (f, now);
  g_autoptr(GDateTime) latest = meso_backup_latest (f->folder);
  g_autofree char *notes = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *junk = g_build_filename (f->dir, "notes.db.enc", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_suffix (path, "/mesodesk-20261120T100000Z.db.enc"));
  g_assert_true (meso_backup_is_encrypted (path));
  g_assert_cmpint (meso_test_file_mode (path), ==, 0600);
  g_assert_false (folder_has_plain_database (f->folder));
  g_assert_nonnull (latest);
  g_assert_true (g_date_time_equal (latest, now));
  g_assert_false (meso_backup_is_due (f->folder, now));

  g_assert_true (meso_backup_verify (path, PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_false (meso_backup_verify (path, NULL, &error));
  g_assert_error (error, MESO_BACKUP_CRYPT_ERROR, MESO_BACKUP_CRYPT_ERROR_NEEDS_PASSPHRASE);
  g_clear_error (&error);
  g_assert_false (meso_backup_verify (path, "Nisantasi klinik yedek 2026", &error));
  g_assert_error (error, MESO_BACKUP_CRYPT_ERROR, MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  /* Encrypted, but no database inside: the message names the backup, not
   * the decrypted copy, which is gone by then. */
  g_assert_true (g_file_set_contents (notes, "Patient list: Şahin, Elif", -1, NULL));
  g_assert_true (meso_backup_encrypt_file (notes, junk, PASSPHRASE, NULL));
  g_assert_false (meso_backup_verify (junk, PASSPHRASE, &error));
  g_assert_nonnull (strstr (error->message, junk));
  g_assert_null (strstr (error->message, private_tmp));
}

/* Refused restores of @backup leave the database and the backup folder as
 * they were. */
static void
assert_restore_refused (Fixture    *f,
                        const char *backup,
                        const char *passphrase,
                        int         code)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 7, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *saved_as = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n_files = 0;

  g_assert_true (meso_db_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  before = meso_test_fingerprint (f->db_path);
  g_assert_false (meso_backup_restore (f->db_path, backup, passphrase, f->folder, now, f->admin,
                                       &saved_as, &error));
  g_assert_error (error, MESO_BACKUP_CRYPT_ERROR, code);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  g_assert_null (saved_as);
  g_assert_cmpstr (meso_test_fingerprint (f->db_path), ==, before);
  dir = g_dir_open (f->folder, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GDateTime) friday = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 7, 0, 0);
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  g_autofree char *backup = write_encrypted (f, friday);
  g_autofree char *contents = NULL;
  g_autofree char *saved_as = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  meso_test_add_patient (f->patients, "After", NULL, NULL, &f->today);

  assert_restore_refused (f, backup, NULL, MESO_BACKUP_CRYPT_ERROR_NEEDS_PASSPHRASE);
  assert_restore_refused (f, backup, "wrong", MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE);
  /* One byte changed in the middle, then the file cut short. */
  g_assert_true (g_file_get_contents (backup, &contents, &length, NULL));
  contents[length / 2] ^= 0x20;
  g_assert_true (g_file_set_contents (backup, contents, length, NULL));
  assert_restore_refused (f, backup, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);
  contents[length / 2] ^= 0x20;
  g_assert_true (g_file_set_contents (backup, contents, length - 100, NULL));
  assert_restore_refused (f, backup, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "after"));

  /* Whole again, with its passphrase: Friday's clinic is back, and what it
   * replaced was saved encrypted too, beside it on the disk. */
  g_assert_true (g_file_set_contents (backup, contents, length, NULL));
  g_assert_true (meso_backup_restore (f->db_path, backup, PASSPHRASE, f->folder, now, f->admin,
                                      &saved_as, &error));
  g_assert_no_error (error);
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "before"));
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
  g_assert_true (g_str_has_suffix (saved_as, "/before-restore-20261123T070000Z.db.enc"));
  g_assert_true (meso_backup_is_encrypted (saved_as));
  g_assert_true (meso_backup_verify (saved_as, PASSPHRASE, &error));
  g_assert_false (folder_has_plain_database (f->folder));

  history = meso_audit_store_query (audit_store, MESO_AUDIT_BY_STAFF,
                                    meso_staff_get_id (f->admin), 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_audit_entry_get_action (g_ptr_array_index (history, 0)), ==, "restore");
  g_assert_nonnull (strstr (meso_audit_entry_get_new_values (g_ptr_array_index (history, 0)),
                            "mesodesk-20261120T100000Z.db.enc"));
}

/* A damaged database that the window still has open cannot go through the
 * backup API: it is saved byte for byte before the restore, and encrypted
 * too, WAL included, as the backup folder holds nothing in the clear. */
static void
test_restore_over_damaged (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) friday = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 7, 0, 0);
  g_autofree char *backup = write_encrypted (f, friday);
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autofree char *saved_as = NULL;
  g_autofree char *saved_wal = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *decrypted = NULL;
  g_autofree char *decrypted_print = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->patients);
  damaged = meso_test_damage_table_pages (g_steal_pointer (&f->db));
  f->db = meso_db_open (f->db_path, &error);
  g_assert_no_error (error);
  f->patients = meso_patient_store_new (f->db);
  meso_db_set_actor (f->db, f->admin);
  meso_test_add_patient (f->patients, "After", NULL, NULL, &f->today);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_true (meso_backup_restore (f->db_path, backup, PASSPHRASE, f->folder, now, f->admin,
                                      &saved_as, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (saved_as, ".db.enc"));
  saved_wal = g_strconcat (saved_as, "-wal", NULL);
  g_assert_true (meso_backup_is_encrypted (saved_as));
  g_assert_true (meso_backup_is_encrypted (saved_wal));
  g_assert_false (folder_has_plain_database (f->folder));
  decrypted = meso_backup_decrypt_to_temp (saved_as, PASSPHRASE, &error);
  g_assert_no_error (error);
  decrypted_print = meso_test_fingerprint (decrypted);
  g_assert_cmpstr (decrypted_print, ==, damaged);
  meso_backup_remove_temp (decrypted);
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
}

/* What the damage banner offers: the newest backup that decrypts and
 * passes its check. */
static void
test_find_verified (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) thursday = g_date_time_new_utc (2026, 11, 19, 10, 0, 0);
  g_autoptr(GDateTime) friday = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);
  g_autofree char *good = write_encrypted (f, thursday);
  g_autofree char *changed = write_encrypted (f, friday);
  g_autofree char *found = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;

  meso_test_overwrite (changed, 200, "x", 1);
  found = meso_backup_find_verified (f->folder, PASSPHRASE, &when, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, good);
  g_assert_true (g_date_time_equal (when, thursday));

  g_assert_null (meso_backup_find_verified (f->folder, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Runs mesodesk with the arguments up to %NULL; what it prints on its
 * standard output is kept from the test's TAP stream. */
static int
run (char **out_stderr,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  va_list ap;
  const char *arg;

  va_start (ap, out_stderr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return meso_test_run_mesodesk ((const char *const *) args->pdata, &out, out_stderr);
}

/* The daily backup copied to a second folder (a USB disk), encrypted and
 * checked there too; a second folder that is not there (a drive not
 * plugged in) is named in the error, never made, and the first folder's
 * backup is kept. */
static void
test_second_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 11, 21, 10, 0, 0);
  g_autofree char *second = g_build_filename (f->dir, "cloud", NULL);
  g_autofree char *blocked = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *copy = g_build_filename (second, "mesodesk-20261120T100000Z.db.enc", NULL);
  g_autofree char *path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *copy_print = NULL;
  g_autofree char *path_print = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (second, 0700), ==, 0);
  path = meso_backup_write_rotated (f->db_path, f->folder, second, now, &policy, PASSPHRASE,
                                    &error);
  g_assert_no_error (error);
  g_assert_true (meso_backup_is_encrypted (copy));
  g_assert_cmpint (meso_test_file_mode (copy), ==, 0600);
  copy_print = meso_test_fingerprint (copy);
  path_print = meso_test_fingerprint (path);
  g_assert_cmpstr (copy_print, ==, path_print);
  g_assert_true (meso_backup_verify (copy, PASSPHRASE, NULL));
  g_assert_false (folder_has_plain_database (second));

  g_assert_true (g_file_set_contents (blocked, "a file", -1, NULL));
  g_assert_null (meso_backup_write_rotated (f->db_path, f->folder, blocked, later, &policy,
                                            PASSPHRASE, &error));
  g_assert_error (error, MESO_BACKUP_SECOND_FOLDER_ERROR, 0);
  g_assert_nonnull (strstr (error->message, blocked));
  kept = g_build_filename (f->folder, "mesodesk-20261121T100000Z.db.enc", NULL);
  g_assert_true (meso_backup_verify (kept, PASSPHRASE, NULL));
}

/* mesodesk --backup --encrypt and --restore, with the passphrase in a
 * file only its owner reads; nothing typed, so nothing waits. */
static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *secret = g_build_filename (f->dir, "passphrase", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "friday.db.enc", NULL);
  g_autofree char *short_backup = g_build_filename (f->dir, "short.db.enc", NULL);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (secret, PASSPHRASE "\n", -1, NULL));
  g_assert_cmpint (g_chmod (secret, 0644), ==, 0);
  g_assert_cmpint (run (&err, "--backup", backup, "--encrypt", "--passphrase-file", secret,
                        "--database", f->db_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "chmod 600"));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (g_chmod (secret, 0600), ==, 0);
  g_assert_cmpint (run (&err, "--backup", backup, "--encrypt", "--passphrase-file", secret,
                        "--database", f->db_path, NULL), ==, 0);
  g_assert_true (meso_backup_is_encrypted (backup));
  g_assert_true (meso_backup_verify (backup, PASSPHRASE, NULL));
  g_clear_pointer (&err, g_free);

  /* Nobody at a terminal to type the passphrase: told how to give it. */
  meso_test_add_patient (f->patients, "After", NULL, NULL, &f->today);
  g_assert_cmpint (run (&err, "--restore", backup, "--database", f->db_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--passphrase-file"));
  g_assert_true (meso_test_has_patient (f->db_path, f->admin, "after"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&err, "--restore", backup, "--passphrase-file", secret, "--database",
                        f->db_path, NULL), ==, 0);
  g_assert_false (meso_test_has_patient (f->db_path, f->admin, "after"));
  g_clear_pointer (&err, g_free);

  /* A new passphrase keeps the rule; the options go together. */
  g_assert_true (g_file_set_contents (secret, "short\n", -1, NULL));
  g_assert_cmpint (g_chmod (secret, 0600), ==, 0);
  g_assert_cmpint (run (&err, "--backup", short_backup, "--encrypt", "--passphrase-file", secret,
                        "--database", f->db_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "at least 12"));
  g_assert_false (g_file_test (short_backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&err, "--check", "--encrypt", "--database", f->db_path, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&err, "--backup", short_backup, "--passphrase-file", secret,
                        "--database", f->db_path, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before GLib reads TMPDIR (g_get_tmp_dir() keeps the first value): the
   * plain copies go here, where the test sees them, and no other test's do. */
  test_root = g_mkdtemp (g_build_filename (g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR")
                                                                      : "/tmp",
                                            "test-backup-encrypted-XXXXXX", NULL));
  g_assert_nonnull (test_root);
  private_tmp = g_build_filename (test_root, "tmp", NULL);
  g_assert_cmpint (g_mkdir (private_tmp, 0700), ==, 0);
  g_setenv ("TMPDIR", private_tmp, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/backup-encrypted/write", test_write);
  ADD ("/backup-encrypted/restore", test_restore);
  ADD ("/backup-encrypted/restore-over-damaged", test_restore_over_damaged);
  ADD ("/backup-encrypted/find-verified", test_find_verified);
  ADD ("/backup-encrypted/second-folder", test_second_folder);
  ADD ("/backup-encrypted/command-line", test_command_line);
#undef ADD

  status = g_test_run ();
  g_rmdir (private_tmp);
  g_rmdir (test_root);
  return status;
}
