/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-clinic-backup.c: the clinic's daily backup, made once a day. A file
 * is backed up by the one computer it lives on when its backup folder has
 * none of today's; a clinic server by the one workstation that claims the
 * day in the clinic's settings first. */
#define G_LOG_DOMAIN "meso-clinic"

#include <glib/gi18n.h>

#include "meso-backup-passphrase.h"
#include "meso-clinic-private.h"
#include "meso-db-write.h"

/* Until when the day's backup is taken care of, in Unix seconds, and by
 * which workstation. The instant is stored as text on both engines, so
 * that a claim can ask for the value exactly as it read it. */
#define CLAIMED_UNTIL_KEY "backup.claimed-until"
#define CLAIMED_BY_KEY    "backup.claimed-by"

/* No claim holds longer than to the end of its day (a day of 25 hours at
 * most, when the clocks go back); one further ahead was written by a
 * workstation whose clock is wrong, and is not obeyed. */
#define MAX_HOLD_SECONDS (25 * 60 * 60)

/* The start of the day after @when's, in @when's zone (the clinic's). */
static gint64
next_day_start (GDateTime *when)
{
  g_autoptr(GDateTime) start = NULL;
  int year, month, day;
  GDate date;

  g_date_time_get_ymd (when, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  g_date_add_days (&date, 1);
  start = g_date_time_new (g_date_time_get_timezone (when), g_date_get_year (&date),
                           g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
  return start != NULL ? g_date_time_to_unix (start) : g_date_time_to_unix (when) + 24 * 60 * 60;
}

/* What a claim made at @claimed_at holds the day for: long enough for its
 * dump, never into the next day, whose backup is another one. */
static char *
claim_value (GDateTime *claimed_at)
{
  gint64 until = MIN (g_date_time_to_unix (claimed_at) + MESO_CLINIC_BACKUP_CLAIM_SECONDS,
                      next_day_start (claimed_at));

  return g_strdup_printf ("%" G_GINT64_FORMAT, until);
}

/* Reads the claim: its instant into @out_until (0 when no claim was ever
 * made) and its text, as stored, into @out_stored (%NULL then). */
static gboolean
read_claim (MesoClinic  *self,
            gint64      *out_until,
            char       **out_stored,
            GError     **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT value FROM setting WHERE key = ?1", error);
  guint64 until = 0;
  int rc;

  *out_until = 0;
  *out_stored = NULL;
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, CLAIMED_UNTIL_KEY);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      const char *text = meso_stmt_column_type (stmt, 0) == MESO_VALUE_TEXT
                         ? meso_stmt_column_text (stmt, 0) : NULL;

      /* It decides whether this workstation dumps the clinic: an instant
       * in decimal digits, as written, or damage. */
      if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &until, NULL))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "setting");
          return FALSE;
        }
      *out_stored = g_strdup (text);
      *out_until = (gint64) until;
      rc = meso_stmt_step (stmt);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read who makes today’s backup"),
                          error))
    {
      g_clear_pointer (out_stored, g_free);
      return FALSE;
    }
  return TRUE;
}

/* Replaces the claim with @value if it is still @stored (%NULL: none): a
 * claim made meanwhile by another workstation is never overwritten.
 * Returns: 1 if replaced, 0 if not, -1 with @error on failure. */
static int
replace_claim (MesoClinic  *self,
               const char  *stored,
               const char  *value,
               GError     **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                                    " WHERE setting.value IS NOT DISTINCT FROM ?3", error);
  int rc;
  int changes;

  if (stmt == NULL)
    return -1;
  meso_stmt_bind_text (stmt, 1, CLAIMED_UNTIL_KEY);
  meso_stmt_bind_text (stmt, 2, value);
  if (stored != NULL)
    meso_stmt_bind_text (stmt, 3, stored);
  else
    meso_stmt_bind_null (stmt, 3);
  rc = meso_stmt_step (stmt);
  changes = rc == MESO_STEP_DONE ? meso_stmt_changes (stmt) : 0;
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not save"));
      return -1;
    }
  return changes > 0 ? 1 : 0;
}

/**
 * meso_clinic_claim_backup:
 * @now: the time now, in the clinic's zone (the context's #MesoClock)
 * @claimer: the workstation's name, recorded with the claim
 * @out_won: (out): whether this workstation is to make today's backup
 *
 * Claims the day's backup of the clinic for this workstation, in one write
 * that every other workstation's waits for: of all that claim a day, one
 * wins. A claim holds until the backup is recorded made or failed
 * (meso_clinic_end_backup()); one never ended, its workstation switched
 * off in the middle of the dump, may be taken again after
 * %MESO_CLINIC_BACKUP_CLAIM_SECONDS. Whoever is signed in claims, or
 * nobody: the backup is the clinic's own.
 *
 * Returns: %FALSE with @error if the claim could not be read or written.
 */
gboolean
meso_clinic_claim_backup (MesoClinic  *self,
                          GDateTime   *now,
                          const char  *claimer,
                          gboolean    *out_won,
                          GError     **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *value = NULL;
  gint64 held_until;
  gint64 at = g_date_time_to_unix (now);
  MesoStmt *stmt;
  int replaced;

  g_return_val_if_fail (MESO_IS_CLINIC (self), FALSE);
  *out_won = FALSE;
  w = meso_db_begin_write_unchecked (self->db, error);
  if (w == NULL || !read_claim (self, &held_until, &stored, error))
    return FALSE;
  if (held_until > at && held_until - at <= MAX_HOLD_SECONDS)
    return TRUE;
  value = claim_value (now);
  replaced = replace_claim (self, stored, value, error);
  if (replaced <= 0)
    return replaced == 0;
  stmt = meso_clinic_prepare_setting (self, CLAIMED_BY_KEY, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 2, claimer);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;
  *out_won = TRUE;
  return TRUE;
}

/**
 * meso_clinic_end_backup:
 * @claimed_at: the @now the day was claimed with
 * @made: whether the backup was made and checked
 *
 * Ends this workstation's claim made at @claimed_at. A backup made holds
 * the day to its end: nobody makes another. A failed one gives the day
 * back at once, so that the next workstation to look (this one included)
 * tries again, rather than the day going without. A claim that is no
 * longer this one's (it was taken again) is left alone.
 */
gboolean
meso_clinic_end_backup (MesoClinic  *self,
                        GDateTime   *claimed_at,
                        gboolean     made,
                        GError     **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *mine = claim_value (claimed_at);
  g_autofree char *value = NULL;
  gint64 held_until;

  g_return_val_if_fail (MESO_IS_CLINIC (self), FALSE);
  w = meso_db_begin_write_unchecked (self->db, error);
  if (w == NULL || !read_claim (self, &held_until, &stored, error))
    return FALSE;
  if (g_strcmp0 (stored, mine) != 0)
    return TRUE;
  value = g_strdup_printf ("%" G_GINT64_FORMAT, made ? next_day_start (claimed_at)
                                                     : g_date_time_to_unix (claimed_at));
  return replace_claim (self, stored, value, error) >= 0 && meso_db_write_commit (w, error);
}

/* The daily backup's work, copied so that the caller may go on. */
typedef struct
{
  GDateTime *now;
  gboolean   claimed;
} Daily;

static void
daily_free (gpointer data)
{
  Daily *daily = data;

  g_date_time_unref (daily->now);
  g_free (daily);
}

static void
on_daily_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MesoClinic *self = g_task_get_source_object (task);
  Daily *daily = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) end_error = NULL;
  char *path = meso_backup_write_rotated_finish (result, &error);

  /* Unrecorded, the claim still ends by itself after its hours. A copy
   * that failed in the second folder is told, but the backup is made. */
  if (daily->claimed &&
      !meso_clinic_end_backup (self, daily->now,
                               path != NULL ||
                                 g_error_matches (error, MESO_BACKUP_SECOND_FOLDER_ERROR, 0),
                               &end_error))
    g_message ("Today’s backup could not be recorded: %s", end_error->message);
  if (path == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, path, g_free);
}

/**
 * meso_clinic_encrypts_backups:
 *
 * Returns: whether the clinic's daily backups are encrypted, with the
 * passphrase its check was made from (meso-backup-passphrase.c).
 */
gboolean
meso_clinic_encrypts_backups (MesoClinic *self)
{
  return *meso_clinic_get_text (self, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK) != '\0';
}

/**
 * meso_clinic_back_up_daily_async:
 * @address: the clinic's address to connect with (meso_context_get_address())
 * @passphrase: (nullable): when the clinic encrypts its backups, the
 *   passphrase meso_backup_passphrase_find_async() found; without it the
 *   backup is refused, never made plain
 * @now: the time now, in the clinic's zone
 *
 * Makes the clinic's daily backup into its backup folder, if it is this
 * computer's to make: for a file, when the folder has none of today's
 * (meso_backup_is_due()); for a clinic server, when this workstation wins
 * the day's claim (meso_clinic_claim_backup()), whose end it then records
 * even if @cancellable stops the caller's wait.
 */
void
meso_clinic_back_up_daily_async (MesoClinic          *self,
                                 const char          *address,
                                 const char          *passphrase,
                                 GDateTime           *now,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *folder = meso_clinic_dup_backup_folder (self);
  MesoBackupPolicy policy = meso_clinic_get_backup_policy (self);
  Daily *daily = g_new0 (Daily, 1);
  g_autoptr(GError) error = NULL;
  gboolean due;

  daily->now = g_date_time_ref (now);
  g_task_set_source_tag (task, meso_clinic_back_up_daily_async);
  g_task_set_task_data (task, daily, daily_free);
  if (!meso_clinic_encrypts_backups (self))
    passphrase = NULL;
  else if (passphrase == NULL)
    {
      meso_backup_passphrase_set_unknown_error (&error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!meso_db_is_server (self->db))
    due = meso_backup_is_due (folder, now);
  else if (meso_clinic_claim_backup (self, now, g_get_host_name (), &daily->claimed, &error))
    due = daily->claimed;
  else
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!due)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  /* Not the caller's cancellable: a claim won is ended whatever happens. */
  meso_backup_write_rotated_async (address, folder,
                                   meso_clinic_get_text (self, MESO_CLINIC_BACKUP_SECOND_FOLDER),
                                   now, &policy, passphrase, NULL, on_daily_written_cb,
                                   g_steal_pointer (&task));
}

/**
 * meso_clinic_back_up_daily_finish:
 *
 * Returns: (transfer full) (nullable): the backup's path; %NULL without
 * @error when it was not this computer's to make.
 */
char *
meso_clinic_back_up_daily_finish (MesoClinic    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
