/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-passphrase.c: the passphrase the clinic's daily backups are
 * encrypted with. The clinic's settings keep only its check, an Argon2id
 * hash (MESO_CLINIC_BACKUP_PASSPHRASE_CHECK): every workstation learns
 * from it that backups are encrypted and whether the passphrase it knows
 * is the current one. The passphrase itself stays in each workstation's
 * keyring, where the one that makes the day's backup finds it without
 * asking anybody. Hashing and checking take a moment of Argon2id: each
 * runs in a worker thread, off the main loop. */
#define G_LOG_DOMAIN "meso-clinic"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "meso-backup-passphrase.h"
#include "meso-passphrase.h"
#include "meso-secret.h"

/* Stored under the check it belongs to: a new passphrase is a new item,
 * and an old one never passes for it. */
static const SecretSchema passphrase_schema = {
  "io.github.mesodesk.Mesodesk.BackupPassphrase", SECRET_SCHEMA_NONE,
  {
    { "check", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
make_check_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *passphrase = task_data;
  GError *error = NULL;
  char *check = NULL;

  if (meso_passphrase_check_new (passphrase, &error))
    check = meso_secret_hash (passphrase, &error);
  if (check == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, check, g_free);
}

/**
 * meso_backup_passphrase_make_check_async:
 *
 * Makes the check of a new backup passphrase, for the clinic's settings;
 * fails, saying why, when @passphrase is too short to encrypt backups with.
 */
void
meso_backup_passphrase_make_check_async (const char          *passphrase,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, meso_backup_passphrase_make_check_async);
  g_task_set_task_data (task, g_strdup (passphrase), (GDestroyNotify) meso_passphrase_free);
  g_task_run_in_thread (task, make_check_in_thread);
}

/* Returns: (transfer full): the check, or %NULL with @error set. */
char *
meso_backup_passphrase_make_check_finish (GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *check;
  char *passphrase;
} Keep;

static void
keep_free (gpointer data)
{
  Keep *keep = data;

  g_free (keep->check);
  meso_passphrase_free (keep->passphrase);
  g_free (keep);
}

/* For a workstation whose keyring does not keep the clinic's passphrase. */
void
meso_backup_passphrase_set_unknown_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The clinic’s backups are encrypted, and this workstation does not know "
                         "the passphrase: an administrator enters it in Preferences, Backups."));
}

static void
set_not_the_clinics (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       _("This is not the passphrase the clinic’s backups are encrypted with."));
}

static void
keep_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Keep *keep = task_data;
  GError *error = NULL;

  if (!meso_secret_verify (keep->check, keep->passphrase))
    set_not_the_clinics (&error);
  else
    secret_password_store_sync (&passphrase_schema, SECRET_COLLECTION_DEFAULT,
                                _("Mesodesk backup passphrase"), keep->passphrase,
                                cancellable, &error, "check", keep->check, NULL);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * meso_backup_passphrase_keep_async:
 * @check: the clinic's check (MESO_CLINIC_BACKUP_PASSPHRASE_CHECK)
 *
 * Keeps @passphrase in this workstation's keyring for the daily backups,
 * once it is found to be the one @check was made from; fails, changing
 * nothing, when it is not.
 */
void
meso_backup_passphrase_keep_async (const char          *check,
                                   const char          *passphrase,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Keep *keep = g_new0 (Keep, 1);

  keep->check = g_strdup (check);
  keep->passphrase = g_strdup (passphrase);
  g_task_set_source_tag (task, meso_backup_passphrase_keep_async);
  g_task_set_task_data (task, keep, keep_free);
  g_task_run_in_thread (task, keep_in_thread);
}

gboolean
meso_backup_passphrase_keep_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
find_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *check = task_data;
  GError *error = NULL;
  char *kept;
  char *passphrase = NULL;

  /* Backups in the plain. */
  if (*check == '\0')
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  kept = secret_password_lookup_sync (&passphrase_schema, cancellable, &error,
                                            "check", check, NULL);

  if (kept != NULL && meso_secret_verify (check, kept))
    passphrase = g_strdup (kept);
  else if (error == NULL)
    meso_backup_passphrase_set_unknown_error (&error);
  secret_password_free (kept);
  if (passphrase == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, passphrase, (GDestroyNotify) meso_passphrase_free);
}

/**
 * meso_backup_passphrase_find_async:
 *
 * Looks in this workstation's keyring for the passphrase @clinic's check
 * (MESO_CLINIC_BACKUP_PASSPHRASE_CHECK) was made from: what the clinic's
 * backups are made, checked and restored with.
 */
void
meso_backup_passphrase_find_async (MesoClinic          *clinic,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, meso_backup_passphrase_find_async);
  g_task_set_task_data (task, g_strdup (meso_clinic_get_text (clinic,
                                                              MESO_CLINIC_BACKUP_PASSPHRASE_CHECK)),
                        g_free);
  g_task_run_in_thread (task, find_in_thread);
}

/**
 * meso_backup_passphrase_find_finish:
 *
 * Returns: (transfer full) (nullable): the passphrase (free it with
 * meso_passphrase_free()); %NULL without @error when the backups are not
 * encrypted, with it when the keyring keeps none for the check or cannot
 * be reached.
 */
char *
meso_backup_passphrase_find_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
