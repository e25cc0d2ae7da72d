/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-restore-question.c: the question asked before a backup replaces
 * all data: which backup, where the current data is saved first, and for
 * an encrypted backup its passphrase, typed in the question itself. The
 * restore answers a wrong passphrase, and changes nothing. */
#include <glib/gi18n.h>

#include "meso-backup-crypt.h"
#include "meso-restore-question.h"

static void
on_passphrase_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "restore",
                                           *gtk_editable_get_text (entry) != '\0');
}

static void
ask_passphrase (AdwMessageDialog *dialog)
{
  /* Not a GtkPasswordEntry: with GTK 4.8, one in this question warned of
   * a freed entry in a caps-lock handler when the windows closed for the
   * reopened database (test-gui-restore-encrypted). Its buffer keeps the
   * text in memory that is wiped and never swapped out. */
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();
  GtkWidget *entry = gtk_entry_new_with_buffer (buffer);

  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Passphrase of the backup"), -1);
  g_object_set (entry, "placeholder-text", _("Passphrase of the backup"), NULL);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_set_response_enabled (dialog, "restore", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_passphrase_changed_cb), dialog);
}

/**
 * meso_restore_question_new:
 * @path: the backup
 * @taken: (nullable): when it was taken, in the clinic's time zone, if known
 * @saved_folder: where the current data is saved first
 *
 * Returns: (transfer floating): the question, with the responses "cancel"
 * and "restore"; "restore" is enabled once an encrypted backup's
 * passphrase is typed.
 */
GtkWidget *
meso_restore_question_new (GtkWindow  *parent,
                           const char *path,
                           GDateTime  *taken,
                           const char *saved_folder)
{
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (taken != NULL)
    {
      /* Translators: a date and time, as in "Wednesday 18 November 2026, 10:00" */
      g_autofree char *when = g_date_time_format (taken, _("%A %-d %B %Y, %H:%M"));

      heading = g_strdup_printf (_("Restore the Backup of %s?"), when);
    }
  body = g_strdup_printf (_("All data in this database is replaced with the data in “%s”. The "
                            "current data is saved in “%s” first. Everyone signs in again."),
                          path, saved_folder);
  dialog = adw_message_dialog_new (parent,
                                   heading != NULL ? heading
                                                   : _("Replace All Data with the Backup?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (meso_backup_is_encrypted (path))
    {
      g_autofree char *asked = g_strdup_printf ("%s\n\n%s", body,
                                                _("The backup is encrypted: type its passphrase."));

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), asked);
      ask_passphrase (ADW_MESSAGE_DIALOG (dialog));
    }
  return dialog;
}

/* Returns: (nullable): the passphrase typed, or %NULL for a plain backup. */
const char *
meso_restore_question_get_passphrase (AdwMessageDialog *question)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (question);

  return entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL;
}
