/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup-passphrase.c: the clinic's daily backups, encrypted. The
 * clinic keeps the passphrase's check, each workstation's keyring the
 * passphrase (with-keyring.sh gives this program one of its own). Once the
 * clinic encrypts, no plain daily backup is made; a passphrase that is not
 * the clinic's is not kept; the backup made opens with the passphrase only. */
#include "meso-backup-crypt.h"
#include "meso-backup-passphrase.h"
#include "meso-passphrase.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define PASSPHRASE "kırmızı elma 2026"

typedef struct
{
  char       *dir;
  char       *folder;
  MesoDb     *db;
  MesoStaff  *admin;
  MesoClinic *clinic;
  GDateTime  *now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = meso_test_open_db (&f->dir);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  f->clinic = meso_clinic_load (f->db, &error);
  g_assert_no_error (error);
  f->folder = g_build_filename (f->dir, "backups", NULL);
  g_assert_cmpint (g_mkdir (f->folder, 0700), ==, 0);
  g_assert_true (meso_clinic_set_text (f->clinic, MESO_CLINIC_BACKUP_FOLDER, f->folder, &error));
  g_assert_no_error (error);
  f->now = g_date_time_new_local (2026, 12, 7, 20, 0, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->clinic);
  g_clear_object (&f->admin);
  g_clear_object (&f->db);
  g_date_time_unref (f->now);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->folder);
}

static char *
make_check (const char  *passphrase,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  meso_backup_passphrase_make_check_async (passphrase, NULL, meso_test_keep_result_cb, &result);
  return meso_backup_passphrase_make_check_finish (meso_test_wait_result (&result), error);
}

static gboolean
keep (const char  *check,
      const char  *passphrase,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  meso_backup_passphrase_keep_async (check, passphrase, NULL, meso_test_keep_result_cb, &result);
  return meso_backup_passphrase_keep_finish (meso_test_wait_result (&result), error);
}

static char *
find (Fixture  *f,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  meso_backup_passphrase_find_async (f->clinic, NULL, meso_test_keep_result_cb, &result);
  return meso_backup_passphrase_find_finish (meso_test_wait_result (&result), error);
}

static char *
back_up_daily (Fixture     *f,
               const char  *passphrase,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  meso_clinic_back_up_daily_async (f->clinic, meso_db_get_path (f->db), passphrase, f->now, NULL,
                                   meso_test_keep_result_cb, &result);
  return meso_clinic_back_up_daily_finish (f->clinic, meso_test_wait_result (&result), error);
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_encrypted_daily (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autofree char *check = NULL;
  g_autofree char *found = NULL;
  g_autofree char *path = NULL;
  char *none;

  /* Plain until the clinic says otherwise: no passphrase to find. */
  none = find (f, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* Too short to encrypt with. */
  g_assert_null (make_check ("short", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  check = make_check (PASSPHRASE, &error);
  g_assert_no_error (error);

  /* Only who manages backups sets it; what is set is a check, nothing typed. */
  receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  g_assert_false (meso_clinic_set_text (f->clinic, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK, check,
                                        &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  meso_db_set_actor (f->db, f->admin);
  g_assert_false (meso_clinic_set_text (f->clinic, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK,
                                        PASSPHRASE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (meso_clinic_set_text (f->clinic, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK, check,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (meso_clinic_encrypts_backups (f->clinic));

  /* This workstation does not know it yet: no backup, not even a plain one. */
  g_assert_null (find (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (back_up_daily (f, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (f->folder), ==, 0);

  /* A passphrase that is not the clinic's is not kept. */
  g_assert_false (keep (check, "another long passphrase", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_null (find (f, &error));
  g_clear_error (&error);

  g_assert_true (keep (check, PASSPHRASE, &error));
  g_assert_no_error (error);
  found = find (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, PASSPHRASE);

  path = back_up_daily (f, found, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (meso_backup_is_encrypted (path));
  g_assert_true (meso_backup_verify (path, PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_false (meso_backup_verify (path, "another long passphrase", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (meso_backup_verify (path, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A new passphrase: the one kept here is no longer the clinic's. */
  g_free (check);
  check = make_check ("a newer passphrase", &error);
  g_assert_no_error (error);
  g_assert_true (meso_clinic_set_text (f->clinic, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK, check,
                                       &error));
  g_assert_no_error (error);
  g_assert_null (find (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  meso_passphrase_free (g_steal_pointer (&found));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/meso/backup-passphrase/encrypted-daily", Fixture, NULL, fixture_set_up,
              test_encrypted_daily, fixture_tear_down);
  return g_test_run ();
}
