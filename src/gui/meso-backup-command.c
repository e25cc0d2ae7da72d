/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-command.c: --backup and --restore work on the file, for
 * scripts and for a clinic whose Mesodesk will not start; whoever may run
 * them can already copy the database file, so they ask for no PIN and act
 * as a file-level administrator (id 0: the audit trail records the restore
 * as nobody's). An encrypted backup's passphrase is typed at the terminal
 * or read from a private file. */
#include <glib/gi18n.h>
#include <string.h>

#include "config.h"
#include "meso-backup-command.h"
#include "meso-backup-crypt.h"
#include "meso-backup.h"
#include "meso-clinic.h"
#include "meso-clock.h"
#include "meso-passphrase.h"

static char *
backup_folder_for (const char *database)
{
  g_autoptr(MesoDb) db = meso_db_open (database, NULL);
  g_autoptr(MesoClinic) clinic = db != NULL ? meso_clinic_load (db, NULL) : NULL;
  g_autofree char *db_folder = NULL;

  if (clinic != NULL)
    return meso_clinic_dup_backup_folder (clinic);
  /* A database too damaged to open still gets saved before a restore. */
  db_folder = g_path_get_dirname (database);
  return g_build_filename (db_folder, "backups", NULL);
}

/* Returns: (transfer full) (nullable): the passphrase from @file, or typed;
 * a @new one is typed twice and must keep the rule. Free it with
 * meso_passphrase_free(). */
static char *
read_passphrase (const char  *file,
                 gboolean     new,
                 GError     **error)
{
  char *passphrase = NULL;
  char *again = NULL;

  if (file != NULL)
    passphrase = meso_passphrase_read_file (file, error);
  else
    passphrase = meso_passphrase_ask (new ? _("Passphrase to encrypt the backup with: ")
                                          : _("Passphrase of the backup: "),
                                      error);
  if (passphrase == NULL || !new)
    return passphrase;

  if (!meso_passphrase_check_new (passphrase, error))
    g_clear_pointer (&passphrase, meso_passphrase_free);
  else if (file == NULL)
    {
      again = meso_passphrase_ask (_("The same passphrase again: "), error);
      if (again == NULL)
        g_clear_pointer (&passphrase, meso_passphrase_free);
      else if (strcmp (again, passphrase) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The two passphrases differ; nothing was backed up."));
          g_clear_pointer (&passphrase, meso_passphrase_free);
        }
      meso_passphrase_free (again);
    }
  return passphrase;
}

static int
back_up_or_restore (const char *database,
                    const char *backup,
                    const char *restore,
                    const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) operator = meso_staff_new (0, "mesodesk --backup/--restore",
                                                  MESO_ROLE_ADMINISTRATOR, TRUE);

  if (backup != NULL)
    {
      if (!meso_backup_write (database, backup, operator, passphrase, &error))
        {
          g_printerr ("mesodesk: %s\n", error->message);
          return 1;
        }
      g_print (passphrase != NULL ? _("Backed up %s to %s, encrypted, and checked the copy.\n")
                                  : _("Backed up %s to %s, and checked the copy.\n"),
               database, backup);
    }
  else
    {
      g_autofree char *folder = backup_folder_for (database);
      g_autofree char *saved_as = NULL;
      /* Only for the saved file's name, in UTC: no clinic's zone needed. */
      g_autoptr(MesoClock) clock = meso_clock_new (NULL);
      g_autoptr(GDateTime) now = meso_clock_dup_now (clock);

      if (!meso_backup_restore (database, restore, passphrase, folder, now, operator, &saved_as,
                                &error))
        {
          g_printerr ("mesodesk: %s\n", error->message);
          return 1;
        }
      g_print (_("Restored %s from %s.\n"), database, restore);
      if (saved_as != NULL)
        g_print (_("The data it replaced is saved in %s.\n"), saved_as);
    }
  return 0;
}

/**
 * meso_backup_command_run:
 * @backup: (nullable): --backup's file
 * @restore: (nullable): --restore's file, when @backup is %NULL
 * @encrypt: encrypt the backup (--encrypt)
 * @passphrase_file: (nullable): --passphrase-file; else the passphrase is
 *   typed, when one is needed
 *
 * Returns: the exit status.
 */
int
meso_backup_command_run (const char *database,
                         const char *backup,
                         const char *restore,
                         gboolean    encrypt,
                         const char *passphrase_file)
{
  g_autoptr(GError) error = NULL;
  char *passphrase = NULL;
  int status;

  /* The backup is read (to see whether it is encrypted) before the
   * database is opened, never after. */
  if ((encrypt || (restore != NULL && meso_backup_is_encrypted (restore))) &&
      (passphrase = read_passphrase (passphrase_file, encrypt, &error)) == NULL)
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  status = back_up_or_restore (database, backup, restore, passphrase);
  meso_passphrase_free (passphrase);
  return status;
}
