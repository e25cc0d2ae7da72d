/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-restore.c: a backup replaces the database only once checked,
 * and the database it replaces is saved first. */
#define G_LOG_DOMAIN "meso-backup"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include <sqlite3.h>

#include "meso-audit-record.h"
#include "meso-backup-crypt.h"
#include "meso-backup-pg.h"
#include "meso-backup-private.h"
#include "meso-backup.h"

/* A staging copy, and its companions, from this restore or a killed one. */
static void
remove_staging (const char *staging)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (staging, suffixes[i], NULL);
      g_unlink (path);
    }
}

/* Saves the database about to be replaced, encrypted with @passphrase
 * unless %NULL. A damaged database cannot go through the backup API, and
 * is then copied file by file, WAL included, through SQLite's VFS: the
 * window may still have it open (see meso_db_copy_file()). */
static gboolean
save_current (const char  *db_path,
              const char  *saved_as,
              const char  *passphrase,
              GError     **error)
{
  g_autoptr(GError) backup_error = NULL;
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *saved_wal = g_strconcat (saved_as, "-wal", NULL);

  if (meso_backup_write_verified_copy (db_path, saved_as, passphrase, NULL, &backup_error))
    return TRUE;
  g_debug ("Backup API refused %s (%s): copying the file", db_path, backup_error->message);

  /* g_file_test() only stats the file: it opens no descriptor. */
  return meso_backup_copy_encrypted (meso_db_copy_file, db_path, saved_as, passphrase, error) &&
         (!g_file_test (wal, G_FILE_TEST_EXISTS) ||
          meso_backup_copy_encrypted (meso_db_copy_file, wal, saved_wal, passphrase, error));
}

/* Copies the backup @source (@backup_path, or its decrypted copy) to
 * @staging, beside the database, and records the restore in its audit
 * trail there: the data and its audit entry then land in the database
 * together, in one transaction or one rename. */
static gboolean
stage_restore (const char  *source,
               const char  *backup_path,
               const char  *staging,
               const char  *saved_as,
               gint64       actor_id,
               GError     **error)
{
  g_autoptr(MesoDb) db = NULL;
  const char *migration_backup;

  remove_staging (staging);
  if (!meso_db_backup_file (source, staging, error))
    return FALSE;
  db = meso_db_open (staging, error);
  if (db == NULL)
    return FALSE;
  /* An older backup was migrated: the backup itself is the old version. */
  migration_backup = meso_db_get_migration_backup (db);
  if (migration_backup != NULL)
    g_unlink (migration_backup);
  /* One file, no -wal: it is copied or renamed as a whole. */
  return meso_audit_record_restore (db, actor_id, backup_path, saved_as, error) &&
         meso_db_exec (db, "PRAGMA journal_mode = DELETE", error);
}

/* Whether @db_path is a whole Mesodesk database that the backup API can
 * write into; %FALSE for a damaged, read-only or foreign file. (meso_db_check()
 * reads a read-only file; access() opens nothing.) */
static gboolean
current_is_sound (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (db_path, &error);

  if (report == NULL)
    g_debug ("The database to replace fails its check: %s", error->message);
  /* Damaged photos alone leave a database the backup API writes into. */
  return (report != NULL ||
          g_error_matches (error, MESO_DB_ERROR, MESO_DB_ERROR_PHOTOS_DAMAGED)) &&
         access (db_path, W_OK) == 0;
}

/* Whether anything of a database is at @db_path: the file or a companion. */
static gboolean
current_exists (const char *db_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  GStatBuf st;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      if (g_lstat (path, &st) == 0 && (i > 0 || st.st_size > 0 || !S_ISREG (st.st_mode)))
        return TRUE;
    }
  return FALSE;
}

/* In place, through the backup API: connections this process has open see
 * the restored data, and the file keeps their locks. The current database is
 * saved first into @safety_folder as before-restore-<stamp>.db. */
static gboolean
restore_in_place (const char  *db_path,
                  const char  *source,
                  const char  *backup_path,
                  const char  *passphrase,
                  const char  *staging,
                  const char  *safety_folder,
                  const char  *stamp,
                  gint64       actor_id,
                  char       **out_saved_as,
                  GError     **error)
{
  g_autofree char *name = g_strdup_printf ("before-restore-%s.db%s", stamp,
                                           passphrase != NULL ? MESO_BACKUP_ENCRYPTED_SUFFIX : "");
  g_autofree char *saved_as = g_build_filename (safety_folder, name, NULL);

  if (g_mkdir_with_parents (safety_folder, 0700) != 0 ||
      !save_current (db_path, saved_as, passphrase, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Could not create the folder “%s”."), safety_folder);
      g_prefix_error (error, _("The current database could not be saved first, so "
                               "nothing was restored: "));
      return FALSE;
    }
  if (!stage_restore (source, backup_path, staging, saved_as, actor_id, error) ||
      !meso_db_restore_file (staging, db_path, error))
    return FALSE;
  *out_saved_as = g_steal_pointer (&saved_as);
  return TRUE;
}

/* meso_backup_restore() of @source: @backup_path, or its decrypted copy. */
static gboolean
restore_plain (const char  *db_path,
               const char  *source,
               const char  *backup_path,
               const char  *passphrase,
               const char  *safety_folder,
               GDateTime   *now,
               MesoStaff   *actor,
               char       **out_saved_as,
               GError     **error)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  g_autofree char *folder = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *staging_name = g_strconcat (".", base, ".restoring", NULL);
  g_autofree char *staging = g_build_filename (folder, staging_name, NULL);
  g_autofree char *saved_as = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 actor_id = actor != NULL ? meso_staff_get_id (actor) : 0;
  gboolean ok;

  /* A server's backup goes into a new, empty database of its own. */
  if (meso_db_is_server_address (db_path))
    return meso_backup_restore_server (source, db_path, error);
  if (meso_backup_is_dump (source))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a clinic server’s backup: restore it into a new database on a "
                     "clinic server, not into a file. Nothing was changed."), backup_path);
      return FALSE;
    }

  if (!meso_backup_verify (source, NULL, error))
    {
      g_prefix_error (error, _("This backup cannot be restored, and nothing was changed. "));
      return FALSE;
    }

  if (!current_exists (db_path))
    ok = stage_restore (source, backup_path, staging, NULL, actor_id, error) &&
         meso_db_replace_file (staging, db_path, NULL, error);
  else if (current_is_sound (db_path))
    ok = restore_in_place (db_path, source, backup_path, passphrase, staging, safety_folder,
                           stamp, actor_id, &saved_as, error);
  else
    {
      saved_as = g_strdup_printf ("%s.damaged-%s", db_path, stamp);
      ok = stage_restore (source, backup_path, staging, saved_as, actor_id, error) &&
           meso_db_replace_file (staging, db_path, saved_as, &local_error);
      /* This process has it open, its damage unseen at open: write over it. */
      if (!ok && g_error_matches (local_error, MESO_DB_ERROR, SQLITE_BUSY))
        {
          g_clear_pointer (&saved_as, g_free);
          g_clear_error (&local_error);
          ok = restore_in_place (db_path, source, backup_path, passphrase, staging,
                                 safety_folder, stamp, actor_id, &saved_as, error);
        }
      else if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  remove_staging (staging);
  if (!ok)
    return FALSE;

  if (out_saved_as != NULL)
    *out_saved_as = g_steal_pointer (&saved_as);
  return TRUE;
}

/**
 * meso_backup_restore:
 * @db_path: the database to replace; need not exist (a new disk)
 * @passphrase: (nullable): for an encrypted backup, its passphrase; the
 *   database saved before the restore is then encrypted with it too
 * @safety_folder: where the current database is saved first
 * @now: the time now, for the saved database's name
 * @actor: (nullable): who restores, for the permission and the audit trail:
 *   an administrator, or the command line's file-level administrator
 * @out_saved_as: (out) (optional) (nullable): where the replaced database
 *   was saved, %NULL when there was none
 *
 * Checks @backup_path (decrypted first, in a private folder of this
 * computer's, if it is encrypted), then replaces the database with it, the
 * restore recorded in its audit trail in the same step (a killed restore
 * leaves the old data, or the restored data with its audit entry). A sound
 * database is saved into @safety_folder and replaced in place; one that
 * fails its check (damaged, read-only, beside a foreign -wal, of another
 * program) is moved aside, with its -wal, -shm and -journal, as
 * <db_path>.damaged-<stamp>, when no connection has it open. Nothing is
 * overwritten. If the backup fails its check, or the passphrase does not
 * open it, nothing is changed. Needs %MESO_PERMISSION_MANAGE_BACKUPS.
 */
gboolean
meso_backup_restore (const char  *db_path,
                     const char  *backup_path,
                     const char  *passphrase,
                     const char  *safety_folder,
                     GDateTime   *now,
                     MesoStaff   *actor,
                     char       **out_saved_as,
                     GError     **error)
{
  g_autofree char *plain = NULL;
  gboolean ok;

  if (!meso_staff_require (actor, MESO_PERMISSION_MANAGE_BACKUPS, error))
    return FALSE;
  if (!meso_backup_is_encrypted (backup_path))
    return restore_plain (db_path, backup_path, backup_path, passphrase, safety_folder, now,
                          actor, out_saved_as, error);

  plain = meso_backup_decrypt_backup (backup_path, passphrase, error);
  if (plain == NULL)
    {
      g_prefix_error (error, _("This backup cannot be restored, and nothing was changed. "));
      return FALSE;
    }
  ok = restore_plain (db_path, plain, backup_path, passphrase, safety_folder, now, actor,
                      out_saved_as, error);
  if (!ok)
    meso_backup_name_in_error (error, plain, backup_path);
  meso_backup_remove_temp (plain);
  return ok;
}

static void
restore_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BackupJob *job = task_data;
  GError *error = NULL;
  char *saved_as = NULL;

  /* "" stands for "nothing needed saving": NULL would read as an error. */
  if (meso_backup_restore (job->db_path, job->backup_path, job->passphrase, job->folder,
                           job->now, job->actor, &saved_as, &error))
    g_task_return_pointer (task, saved_as != NULL ? saved_as : g_strdup (""), g_free);
  else
    g_task_return_error (task, error);
}

/* meso_backup_restore() in a worker thread. */
void
meso_backup_restore_async (const char          *db_path,
                           const char          *backup_path,
                           const char          *passphrase,
                           const char          *safety_folder,
                           GDateTime           *now,
                           MesoStaff           *actor,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  BackupJob *job = g_new0 (BackupJob, 1);

  job->db_path = g_strdup (db_path);
  job->backup_path = g_strdup (backup_path);
  job->passphrase = g_strdup (passphrase);
  job->folder = g_strdup (safety_folder);
  job->now = g_date_time_ref (now);
  job->actor = actor != NULL ? g_object_ref (actor) : NULL;
  meso_backup_run_job (meso_backup_restore_async, restore_in_thread, job, cancellable, callback,
                       user_data);
}

/**
 * meso_backup_restore_finish:
 * @out_saved_as: (out) (optional) (nullable): as for meso_backup_restore()
 */
gboolean
meso_backup_restore_finish (GAsyncResult  *result,
                            char         **out_saved_as,
                            GError       **error)
{
  g_autofree char *saved_as = g_task_propagate_pointer (G_TASK (result), error);

  if (saved_as == NULL)
    return FALSE;
  if (out_saved_as != NULL)
    *out_saved_as = *saved_as != '\0' ? g_steal_pointer (&saved_as) : NULL;
  return TRUE;
}
