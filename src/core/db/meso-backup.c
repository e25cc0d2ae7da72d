/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup.c: backups are written with SQLite's online backup API while
 * the clinic works, checked with PRAGMA integrity_check before they count,
 * and thinned out to the newest of each recent day, week and month. */
#define G_LOG_DOMAIN "meso-backup"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "meso-audit-record.h"
#include "meso-backup-crypt.h"
#include "meso-backup-pg.h"
#include "meso-backup.h"
#include "meso-backup-private.h"
#include "meso-thread-priority.h"

G_DEFINE_QUARK (meso-backup-second-folder-error-quark, meso_backup_second_folder_error)

#define NAME_PREFIX "mesodesk-"
#define NAME_SUFFIX ".db"
/* A clinic server's backups are pg_dump's archives. */
#define DUMP_SUFFIX ".dump"

/* Returns: (transfer full): the file name of a backup taken at @when, in
 * UTC so that names sort by time and never repeat across a clock change. */
char *
meso_backup_file_name (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");

  return g_strconcat (NAME_PREFIX, stamp, NAME_SUFFIX, NULL);
}

/* The name of a backup of @db_path taken at @when: a file's copy or a
 * server's dump, encrypted or not. */
static char *
backup_name_for (const char *db_path,
                 GDateTime  *when,
                 gboolean    encrypted)
{
  g_autofree char *name = meso_backup_file_name (when);
  const char *end = encrypted ? MESO_BACKUP_ENCRYPTED_SUFFIX : "";

  if (!meso_db_is_server_address (db_path))
    return g_strconcat (name, end, NULL);
  name[strlen (name) - strlen (NAME_SUFFIX)] = '\0';
  return g_strconcat (name, DUMP_SUFFIX, end, NULL);
}

/* Returns: (transfer full) (nullable): when the backup @name was taken, or
 * %NULL for any other file: rotation never touches files it did not name. */
GDateTime *
meso_backup_parse_name (const char *name)
{
  g_autofree char *stamp = NULL;
  g_autofree char *plain_name = NULL;
  int year, month, day, hour, minute, second;
  char end;

  if (g_str_has_suffix (name, MESO_BACKUP_ENCRYPTED_SUFFIX))
    name = plain_name = g_strndup (name, strlen (name) - strlen (MESO_BACKUP_ENCRYPTED_SUFFIX));
  if (!g_str_has_prefix (name, NAME_PREFIX) ||
      !((g_str_has_suffix (name, NAME_SUFFIX) &&
         strlen (name) == strlen (NAME_PREFIX "20261120T103000Z" NAME_SUFFIX)) ||
        (g_str_has_suffix (name, DUMP_SUFFIX) &&
         strlen (name) == strlen (NAME_PREFIX "20261120T103000Z" DUMP_SUFFIX))))
    return NULL;
  stamp = g_strndup (name + strlen (NAME_PREFIX), 16);
  if (sscanf (stamp, "%4d%2d%2dT%2d%2d%2d%c", &year, &month, &day, &hour, &minute, &second,
              &end) != 7 || end != 'Z')
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* Returns: (transfer full) (nullable): the encrypted backup @path decrypted
 * with @passphrase into a private folder of this computer's; remove it with
 * meso_backup_remove_temp(). */
char *
meso_backup_decrypt_backup (const char  *path,
                const char  *passphrase,
                GError     **error)
{
  if (passphrase == NULL)
    {
      g_set_error (error, MESO_BACKUP_CRYPT_ERROR, MESO_BACKUP_CRYPT_ERROR_NEEDS_PASSPHRASE,
                   _("The backup “%s” is encrypted: it needs its passphrase."), path);
      return NULL;
    }
  return meso_backup_decrypt_to_temp (path, passphrase, error);
}

/* Where @error names the decrypted copy @plain, names the backup @path:
 * the copy is gone when the user reads it. */
void
meso_backup_name_in_error (GError    **error,
                           const char *plain,
                           const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (error == NULL || *error == NULL || strstr ((*error)->message, plain) == NULL)
    return;
  parts = g_strsplit ((*error)->message, plain, -1);
  g_free ((*error)->message);
  (*error)->message = g_strjoinv (path, parts);
}

static gboolean verify_copy (const char  *path,
                             const char  *passphrase,
                             gboolean    *out_photos_damaged,
                             GError     **error);

/* Decrypts @path, checks the copy, and removes it. */
static gboolean
verify_encrypted (const char  *path,
                  const char  *passphrase,
                  gboolean    *out_photos_damaged,
                  GError     **error)
{
  g_autofree char *plain = meso_backup_decrypt_backup (path, passphrase, error);
  gboolean sound;

  if (plain == NULL)
    return FALSE;
  sound = verify_copy (plain, NULL, out_photos_damaged, error);
  if (!sound)
    meso_backup_name_in_error (error, plain, path);
  meso_backup_remove_temp (plain);
  return sound;
}

/**
 * meso_backup_verify:
 * @passphrase: (nullable): for an encrypted backup, its passphrase
 *
 * Returns: %TRUE if @path is a whole Mesodesk database that this version
 * can open and that passes PRAGMA integrity_check, or a clinic server's
 * dump that pg_restore reads whole (meso_backup_verify_dump()); if it is
 * encrypted, once decrypted with @passphrase.
 */
gboolean
meso_backup_verify (const char  *path,
                    const char  *passphrase,
                    GError     **error)
{
  return verify_copy (path, passphrase, NULL, error);
}

/* meso_backup_verify(), telling in @out_photos_damaged whether the copy's
 * photos failed their checksums. */
static gboolean
verify_copy (const char  *path,
             const char  *passphrase,
             gboolean    *out_photos_damaged,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *report = NULL;

  if (meso_backup_is_encrypted (path))
    return verify_encrypted (path, passphrase, out_photos_damaged, error);
  if (meso_backup_is_dump (path))
    return meso_backup_verify_dump (path, error);
  report = meso_db_check (path, &local_error);
  /* The copy is exact: a photo damaged in the clinic's database is damaged
   * in it too, and the backup keeps everything else. */
  if (g_error_matches (local_error, MESO_DB_ERROR, MESO_DB_ERROR_PHOTOS_DAMAGED))
    {
      if (out_photos_damaged != NULL)
        *out_photos_damaged = TRUE;
      return TRUE;
    }
  if (report != NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Copies @db_path to @copy_path: a file's copy or a server's dump. */
static gboolean
write_copy (const char  *db_path,
            const char  *copy_path,
            GError     **error)
{
  return meso_db_is_server_address (db_path) ? meso_backup_dump_server (db_path, copy_path, error)
                                             : meso_db_backup_file (db_path, copy_path, error);
}

/**
 * meso_backup_copy_encrypted:
 * @copy: how @source is copied: a database's backup, a server's dump, or
 *   a damaged file byte for byte
 *
 * Copies @source to @dest through @copy, encrypted with @passphrase unless
 * %NULL: the plain copy is then made in a private folder of this
 * computer's and removed, never written beside the backup.
 */
gboolean
meso_backup_copy_encrypted (MesoBackupCopyFunc   copy,
                            const char          *source,
                            const char          *dest,
                            const char          *passphrase,
                            GError             **error)
{
  g_autofree char *plain = NULL;
  gboolean copied;

  if (passphrase == NULL)
    return copy (source, dest, error);
  plain = meso_backup_temp_path ("backup", error);
  if (plain == NULL)
    return FALSE;
  copied = copy (source, plain, error) &&
           meso_backup_encrypt_file (plain, dest, passphrase, error);
  meso_backup_remove_temp (plain);
  return copied;
}

/* Copies @db_path to @dest_path, which must not exist, encrypted with
 * @passphrase unless %NULL, and verifies the copy (decrypted, if it is).
 * The copy is written under a temporary name and only renamed once
 * verified, so a file with the final name is always good; a copy whose
 * photos are damaged is kept too, and said so in @out_photos_damaged. */
gboolean
meso_backup_write_verified_copy (const char  *db_path,
                                 const char  *dest_path,
                                 const char  *passphrase,
                                 gboolean    *out_photos_damaged,
                                 GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  g_autofree char *partial_name = g_strconcat (".", base, ".partial", NULL);
  g_autofree char *partial = g_build_filename (folder, partial_name, NULL);

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists: choose a new file name for the backup."), dest_path);
      return FALSE;
    }
  /* A partial file can only be left over from a crash during a backup. */
  g_unlink (partial);

  if (!meso_backup_copy_encrypted (write_copy, db_path, partial, passphrase, error))
    {
      g_unlink (partial);
      return FALSE;
    }
  if (!verify_copy (partial, passphrase, out_photos_damaged, error))
    {
      g_prefix_error (error, _("The backup failed its check and was not kept: "));
      g_unlink (partial);
      return FALSE;
    }
  if (g_rename (partial, dest_path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not name the backup “%s”: %s"), dest_path,
                   g_strerror (saved_errno));
      g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}

/* A killed backup's partial file is this old at least, by its last write:
 * one being written now is written to all the time. */
#define PARTIAL_AGE_S (60 * 60)

/**
 * meso_backup_clean_partials:
 * @now: the time now
 *
 * Deletes the partial files of backups killed before they were verified
 * (".mesodesk-<stamp>.db.partial") from @folder, when last written over an
 * hour before @now. Other files are never touched. Returns: how many.
 */
guint
meso_backup_clean_partials (const char *folder,
                            GDateTime  *now)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 limit = g_date_time_to_unix (now) - PARTIAL_AGE_S;
  const char *name;
  guint n_removed = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *backup_name = NULL;
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *path = NULL;
      GStatBuf st;

      if (name[0] != '.' || !g_str_has_suffix (name, ".partial"))
        continue;
      backup_name = g_strndup (name + 1, strlen (name) - 1 - strlen (".partial"));
      when = meso_backup_parse_name (backup_name);
      path = g_build_filename (folder, name, NULL);
      if (when != NULL && g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
          st.st_mtime < limit && g_unlink (path) == 0)
        n_removed++;
    }
  return n_removed;
}

/**
 * meso_backup_write:
 * @actor: (nullable): who asks; an administrator, or the command line's
 *   file-level administrator (see mesodesk --backup)
 * @passphrase: (nullable): encrypt the copy with it
 *
 * Copies the database @db_path to @dest_path, which must not exist, and
 * verifies the copy. The copy is written under a temporary name and only
 * renamed once verified, so a file with the final name is always good.
 * Needs %MESO_PERMISSION_MANAGE_BACKUPS: a copy holds every patient's
 * records.
 */
gboolean
meso_backup_write (const char  *db_path,
                   const char  *dest_path,
                   MesoStaff   *actor,
                   const char  *passphrase,
                   GError     **error)
{
  if (!meso_staff_require (actor, MESO_PERMISSION_MANAGE_BACKUPS, error))
    return FALSE;
  return meso_backup_write_verified_copy (db_path, dest_path, passphrase, NULL, error);
}

typedef struct
{
  char      *name;
  GDateTime *when;
} Backup;

static GPtrArray *list_backups (const char  *folder,
                                GError     **error);

/* While a folder's new backups hold damaged photos, its newest backup from
 * before them, which holds them whole, is named in this file, and the
 * rotation keeps it; a backup whose photos check out ends that. */
#define SOUND_PHOTOS_MARK ".mesodesk-photos-sound"

static void
note_photos (const char *folder,
             const char *name,
             gboolean    photos_damaged)
{
  g_autofree char *mark = g_build_filename (folder, SOUND_PHOTOS_MARK, NULL);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;

  if (!photos_damaged)
    {
      g_unlink (mark);
      return;
    }
  if (g_file_test (mark, G_FILE_TEST_EXISTS))
    return;
  backups = list_backups (folder, NULL);
  for (guint i = 0; backups != NULL && i < backups->len; i++)
    if (g_strcmp0 (((Backup *) backups->pdata[i])->name, name) != 0)
      {
        /* Not fatal: the backup is made; only the older one is not kept. */
        if (!g_file_set_contents (mark, ((Backup *) backups->pdata[i])->name, -1, &error))
          g_message ("Could not note the backup whose photos are whole: %s", error->message);
        return;
      }
}

/* Copies the backup @path into @folder (a USB disk, a cloud folder) under
 * the same name, checks the copy there before it counts, and thins @folder
 * out as the first folder is. A failure is a %MESO_BACKUP_SECOND_FOLDER_ERROR:
 * the backup itself is made. */
static gboolean
copy_to_second_folder (const char              *path,
                       const char              *folder,
                       GDateTime               *now,
                       const MesoBackupPolicy  *policy,
                       const char              *passphrase,
                       gboolean                 photos_damaged,
                       GError                 **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *partial_name = g_strconcat (".", base, ".partial", NULL);
  g_autofree char *partial = g_build_filename (folder, partial_name, NULL);
  g_autofree char *dest = g_build_filename (folder, base, NULL);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) copy = g_file_new_for_path (partial);
  g_autoptr(GError) local_error = NULL;
  gboolean copied;

  /* Never made: a USB disk not plugged in leaves its mount point empty. */
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MESO_BACKUP_SECOND_FOLDER_ERROR, 0,
                   _("The backup is in the backup folder, but the second folder “%s” is not "
                     "there. Is the drive connected?"), folder);
      return FALSE;
    }
  meso_backup_clean_partials (folder, now);
  copied = g_file_copy (source, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error) &&
           g_chmod (partial, 0600) == 0 && meso_backup_verify (partial, passphrase, &local_error) &&
           g_rename (partial, dest) == 0;
  if (copied)
    note_photos (folder, base, photos_damaged);
  copied = copied &&
           meso_backup_rotate (folder, g_date_time_get_timezone (now), policy, &local_error);
  if (!copied)
    {
      int saved_errno = errno;

      g_unlink (partial);
      g_set_error (error, MESO_BACKUP_SECOND_FOLDER_ERROR, 0,
                   _("The backup is in the backup folder, but could not be copied to the second "
                     "folder “%s”: %s"), folder,
                   local_error != NULL ? local_error->message : g_strerror (saved_errno));
    }
  return copied;
}

/**
 * meso_backup_write_rotated:
 * @folder: created (mode 0700) if missing
 * @second_folder: (nullable): where the backup is copied too; "" or %NULL
 *   for nowhere
 * @passphrase: (nullable): encrypt the backup with it
 *
 * Writes a verified backup named after @now into @folder, then deletes the
 * backups @policy no longer keeps; then the same in @second_folder, with a
 * copy checked there. This is the clinic's daily backup into
 * its backup folder, which only an administrator sets, so it runs for
 * whoever is signed in.
 *
 * Returns: (transfer full): the new backup's path.
 */
char *
meso_backup_write_rotated (const char              *db_path,
                           const char              *folder,
                           const char              *second_folder,
                           GDateTime               *now,
                           const MesoBackupPolicy  *policy,
                           const char              *passphrase,
                           GError                 **error)
{
  g_autofree char *name = backup_name_for (db_path, now, passphrase != NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  gboolean photos_damaged = FALSE;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the backup folder “%s”: %s"), folder,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!meso_backup_write_verified_copy (db_path, path, passphrase, &photos_damaged, error))
    return NULL;
  note_photos (folder, name, photos_damaged);
  if (!meso_backup_rotate (folder, g_date_time_get_timezone (now), policy, error))
    return NULL;
  if (second_folder != NULL && *second_folder != '\0' &&
      !copy_to_second_folder (path, second_folder, now, policy, passphrase, photos_damaged,
                              error))
    return NULL;
  return g_steal_pointer (&path);
}

void
meso_backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_free (job->db_path);
  g_free (job->folder);
  g_free (job->second_folder);
  g_free (job->backup_path);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_clear_object (&job->actor);
  if (job->passphrase != NULL)
    sodium_memzero (job->passphrase, strlen (job->passphrase));
  g_free (job->passphrase);
  g_free (job);
}

void
meso_backup_run_job (gpointer             source_tag,
         GTaskThreadFunc      thread_func,
         BackupJob           *job,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, meso_backup_job_free);
  g_task_run_in_thread (task, thread_func);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BackupJob *job = task_data;
  GError *error = NULL;
  char *path = meso_backup_write_rotated (job->db_path, job->folder, job->second_folder,
                                          job->now, &job->policy, job->passphrase, &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

/* meso_backup_write_rotated() in a worker thread of its own, at low
 * priority. */
void
meso_backup_write_rotated_async (const char              *db_path,
                                 const char              *folder,
                                 const char              *second_folder,
                                 GDateTime               *now,
                                 const MesoBackupPolicy  *policy,
                                 const char              *passphrase,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  BackupJob *job = g_new0 (BackupJob, 1);
  g_autoptr(GTask) task = NULL;

  job->db_path = g_strdup (db_path);
  job->folder = g_strdup (folder);
  job->second_folder = g_strdup (second_folder);
  job->now = g_date_time_ref (now);
  job->policy = *policy;
  job->passphrase = g_strdup (passphrase);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, meso_backup_write_rotated_async);
  g_task_set_task_data (task, job, meso_backup_job_free);
  g_task_set_name (task, "meso-backup");
  /* The copy and its check of a large clinic read the whole file, and must
   * not slow down the people working meanwhile. */
  meso_task_run_at_low_priority (task, write_in_thread);
}

char *
meso_backup_write_rotated_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef enum
{
  PERIOD_DAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
} Period;

/* Days, ISO weeks and months in @zone, the clinic's: a backup at 23:30
 * there belongs to that day. */
static int
period_key (GDateTime *time,
            GTimeZone *zone,
            Period     period)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, zone);

  switch (period)
    {
    case PERIOD_DAY:
      return g_date_time_get_year (local) * 1000 + g_date_time_get_day_of_year (local);
    case PERIOD_WEEK:
      return g_date_time_get_week_numbering_year (local) * 100 +
             g_date_time_get_week_of_year (local);
    case PERIOD_MONTH:
    default:
      return g_date_time_get_year (local) * 100 + g_date_time_get_month (local);
    }
}

/**
 * meso_backup_plan_keep:
 * @times: (array length=n_times): when each backup was taken, newest first
 * @zone: the time zone whose days, weeks and months count
 *
 * Grandfather-father-son rotation: keeps the newest backup of each of the
 * @policy->daily most recent days that have one, likewise for weeks and
 * months, and always the newest backup of all.
 *
 * Returns: (transfer full) (array length=n_times): %TRUE for each backup
 * to keep.
 */
gboolean *
meso_backup_plan_keep (GDateTime              **times,
                       guint                    n_times,
                       GTimeZone               *zone,
                       const MesoBackupPolicy  *policy)
{
  gboolean *keep = g_new0 (gboolean, MAX (n_times, 1));
  const guint counts[] = { policy->daily, policy->weekly, policy->monthly };

  if (n_times > 0)
    keep[0] = TRUE;
  for (Period period = PERIOD_DAY; period <= PERIOD_MONTH; period++)
    {
      guint n_periods = 0;
      int last_key = -1;

      for (guint i = 0; i < n_times && n_periods < counts[period]; i++)
        {
          int key = period_key (times[i], zone, period);

          if (key == last_key)
            continue;
          last_key = key;
          keep[i] = TRUE;
          n_periods++;
        }
    }
  return keep;
}

/* A backup in a folder: its file's name, and when it was taken. */
static void
backup_free (Backup *backup)
{
  g_free (backup->name);
  g_date_time_unref (backup->when);
  g_free (backup);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return g_date_time_compare ((*(Backup **) b)->when, (*(Backup **) a)->when);
}

/* Returns: (transfer full) (element-type Backup): the backups in @folder,
 * a file's and a server's alike, newest first. */
static GPtrArray *
list_backups (const char  *folder,
              GError     **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) backup_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      GDateTime *when = meso_backup_parse_name (name);

      if (when != NULL)
        {
          Backup *backup = g_new (Backup, 1);

          backup->name = g_strdup (name);
          backup->when = when;
          g_ptr_array_add (backups, backup);
        }
    }
  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

/**
 * meso_backup_rotate:
 *
 * Deletes the backups in @folder that meso_backup_plan_keep() does not
 * keep, counting days in @zone, but for the one that holds whole photos
 * later backups hold damaged (note_photos()). Other files in @folder are
 * never touched.
 */
gboolean
meso_backup_rotate (const char              *folder,
                    GTimeZone               *zone,
                    const MesoBackupPolicy  *policy,
                    GError                 **error)
{
  g_autoptr(GPtrArray) backups = list_backups (folder, error);
  g_autofree GDateTime **times = NULL;
  g_autofree gboolean *keep = NULL;
  g_autofree char *mark = g_build_filename (folder, SOUND_PHOTOS_MARK, NULL);
  g_autofree char *sound = NULL;

  if (backups == NULL)
    return FALSE;
  if (g_file_get_contents (mark, &sound, NULL, NULL))
    g_strstrip (sound);
  times = g_new0 (GDateTime *, backups->len + 1);
  for (guint i = 0; i < backups->len; i++)
    times[i] = ((Backup *) backups->pdata[i])->when;
  keep = meso_backup_plan_keep (times, backups->len, zone, policy);
  for (guint i = 0; i < backups->len; i++)
    {
      g_autofree char *path = NULL;

      if (keep[i] || g_strcmp0 (((Backup *) backups->pdata[i])->name, sound) == 0)
        continue;
      path = g_build_filename (folder, ((Backup *) backups->pdata[i])->name, NULL);
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not delete the old backup “%s”: %s"), path,
                       g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

/* Returns: (transfer full) (nullable): when the newest backup in @folder
 * was taken, or %NULL if it has none. */
GDateTime *
meso_backup_latest (const char *folder)
{
  g_autoptr(GPtrArray) backups = list_backups (folder, NULL);

  if (backups == NULL || backups->len == 0)
    return NULL;
  return g_date_time_ref (((Backup *) backups->pdata[0])->when);
}

/**
 * meso_backup_find_verified:
 * @passphrase: (nullable): for encrypted backups, their passphrase
 * @out_when: (out) (optional): when the backup was taken
 *
 * Checks the backups in @folder, newest first, with meso_backup_verify(),
 * and stops at the first that passes: what to offer when the database is
 * found damaged (the newest backup may have been taken of damage not found
 * yet).
 *
 * Returns: (transfer full) (nullable): its path, or %NULL with @error when
 * none passes or the folder cannot be read.
 */
char *
meso_backup_find_verified (const char    *folder,
                           const char    *passphrase,
                           GDateTime    **out_when,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GPtrArray) backups = list_backups (folder, error);

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    {
      GDateTime *when = ((Backup *) backups->pdata[i])->when;
      g_autofree char *path = g_build_filename (folder, ((Backup *) backups->pdata[i])->name,
                                                NULL);
      g_autoptr(GError) check_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (meso_backup_verify (path, passphrase, &check_error))
        {
          if (out_when != NULL)
            *out_when = g_date_time_ref (when);
          return g_steal_pointer (&path);
        }
      g_debug ("Backup %s fails its check: %s", path, check_error->message);
    }
  if (backups != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No backup in “%s” passes its check."), folder);
  return NULL;
}

static void
find_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BackupJob *job = task_data;
  GError *error = NULL;
  char *path = meso_backup_find_verified (job->folder, job->passphrase, &job->now, cancellable,
                                          &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

/* meso_backup_find_verified() in a worker thread. */
void
meso_backup_find_verified_async (const char          *folder,
                                 const char          *passphrase,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BackupJob *job = g_new0 (BackupJob, 1);

  job->folder = g_strdup (folder);
  job->passphrase = g_strdup (passphrase);
  meso_backup_run_job (meso_backup_find_verified_async, find_in_thread, job, cancellable, callback,
           user_data);
}

/**
 * meso_backup_find_verified_finish:
 * @out_when: (out) (optional): when the backup was taken
 *
 * Returns: (transfer full) (nullable): as meso_backup_find_verified()
 */
char *
meso_backup_find_verified_finish (GAsyncResult  *result,
                                  GDateTime    **out_when,
                                  GError       **error)
{
  BackupJob *job = g_task_get_task_data (G_TASK (result));
  char *path = g_task_propagate_pointer (G_TASK (result), error);

  if (path != NULL && out_when != NULL)
    *out_when = g_date_time_ref (job->now);
  return path;
}

/* Returns: whether today, in the time zone of @now, has no backup in
 * @folder yet. */
gboolean
meso_backup_is_due (const char *folder,
                    GDateTime  *now)
{
  g_autoptr(GDateTime) latest = meso_backup_latest (folder);
  GTimeZone *zone = g_date_time_get_timezone (now);

  return latest == NULL ||
         period_key (latest, zone, PERIOD_DAY) != period_key (now, zone, PERIOD_DAY);
}
