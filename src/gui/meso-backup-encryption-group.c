/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-encryption-group.c: whether the clinic's backups are
 * encrypted, on the Backups page. An administrator sets the passphrase
 * (the clinic keeps its check, this workstation's keyring the passphrase),
 * enters it on each other workstation that makes backups, or stops
 * encrypting. The core makes and checks each step in a worker thread
 * (meso-backup-passphrase.c) and refuses a plain backup once the clinic
 * encrypts; a refusal is said here, where the administrator is looking. */
#define G_LOG_DOMAIN "meso-backup-encryption-group"

#include <glib/gi18n.h>

#include "meso-backup-encryption-group.h"
#include "meso-backup-passphrase.h"
#include "meso-confirm.h"
#include "meso-passphrase.h"
#include "meso-row-error.h"

struct _MesoBackupEncryptionGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *state_row;
  GtkWidget           *set_row;
  GtkWidget           *enter_row;
  GtkWidget           *stop_row;
  GtkLabel            *problem_label;
  MesoContext         *context;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (MesoBackupEncryptionGroup, meso_backup_encryption_group,
                     ADW_TYPE_PREFERENCES_GROUP)

static MesoClinic *
get_clinic (MesoBackupEncryptionGroup *self)
{
  return meso_context_get_clinic (self->context);
}

static void
show_problem (MesoBackupEncryptionGroup *self,
              const char                *problem)
{
  meso_row_error_show_label (self->problem_label, NULL, problem);
}

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *passphrase = meso_backup_passphrase_find_finish (result, &error);
  MesoBackupEncryptionGroup *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_BACKUP_ENCRYPTION_GROUP (user_data);
  meso_passphrase_free (passphrase);
  adw_action_row_set_subtitle (self->state_row,
                               error == NULL
                               ? _("Backups are safe on a USB disk or in a cloud folder. This "
                                   "workstation knows the passphrase.")
                               : error->message);
  gtk_widget_set_visible (self->enter_row, error != NULL);
}

/* Shows the clinic's setting, and asks the keyring whether this
 * workstation knows the passphrase. */
static void
show_state (MesoBackupEncryptionGroup *self)
{
  gboolean encrypted = meso_clinic_encrypts_backups (get_clinic (self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row),
                                 encrypted ? _("Encrypted") : _("Not encrypted"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->set_row),
                                 encrypted ? _("_Change Passphrase…") : _("_Encrypt Backups…"));
  gtk_widget_set_visible (self->stop_row, encrypted);
  gtk_widget_set_visible (self->enter_row, FALSE);
  if (!encrypted)
    {
      adw_action_row_set_subtitle (self->state_row,
                                   _("Anyone who has a backup file can read the clinic’s "
                                     "data: encrypt backups before they go to a USB disk or a "
                                     "cloud folder."));
      return;
    }
  adw_action_row_set_subtitle (self->state_row, _("Looking for the passphrase…"));
  meso_backup_passphrase_find_async (get_clinic (self), self->cancellable, on_found_cb, self);
}

/* A passphrase on its way from the dialog to the clinic and the keyring. */
typedef struct
{
  MesoBackupEncryptionGroup *self;
  char                      *passphrase;
  char                      *check;
} Setting;

static void
setting_free (Setting *setting)
{
  g_object_unref (setting->self);
  meso_passphrase_free (setting->passphrase);
  g_free (setting->check);
  g_free (setting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Setting, setting_free)

static void
on_kept_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Setting) setting = user_data;
  g_autoptr(GError) error = NULL;

  if (!meso_backup_passphrase_keep_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (setting->self, error->message);
      return;
    }
  show_state (setting->self);
}

static void
keep (Setting *setting)
{
  meso_backup_passphrase_keep_async (setting->check, setting->passphrase,
                                     setting->self->cancellable, on_kept_cb, setting);
}

static void
on_check_made_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Setting) setting = user_data;
  g_autoptr(GError) error = NULL;

  setting->check = meso_backup_passphrase_make_check_finish (result, &error);
  if (setting->check == NULL ||
      !meso_clinic_set_text (get_clinic (setting->self), MESO_CLINIC_BACKUP_PASSPHRASE_CHECK,
                             setting->check, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (setting->self, error->message);
      return;
    }
  keep (g_steal_pointer (&setting));
}

/* Why the typed passphrase cannot be used yet, or %NULL. */
static char *
dup_passphrase_problem (GtkEditable *entry,
                        GtkEditable *again)
{
  g_autoptr(GError) error = NULL;

  if (!meso_passphrase_check_new (gtk_editable_get_text (entry), &error))
    return g_strdup (error->message);
  if (again != NULL && !g_str_equal (gtk_editable_get_text (entry), gtk_editable_get_text (again)))
    return g_strdup (_("Type the same passphrase twice."));
  return NULL;
}

static void
on_passphrase_changed_cb (AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkEditable *again = g_object_get_data (G_OBJECT (dialog), "again");
  GtkLabel *hint = g_object_get_data (G_OBJECT (dialog), "hint");
  g_autofree char *problem = NULL;

  /* The entries empty themselves as the dialog goes, one after the other. */
  if (gtk_widget_in_destruction (GTK_WIDGET (dialog)))
    return;
  problem = dup_passphrase_problem (entry, again);

  gtk_label_set_text (hint, problem != NULL ? problem : "");
  adw_message_dialog_set_response_enabled (dialog, "save", problem == NULL);
}

static void
on_passphrase_response_cb (AdwMessageDialog          *dialog,
                           const char                *response,
                           MesoBackupEncryptionGroup *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gboolean new = g_object_get_data (G_OBJECT (dialog), "again") != NULL;
  Setting *setting;

  /* libadwaita 1.2's entry rows cast what they no longer have when the
   * window goes with the focus in them. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (!g_str_equal (response, "save"))
    return;
  show_problem (self, NULL);
  setting = g_new0 (Setting, 1);
  setting->self = g_object_ref (self);
  setting->passphrase = g_strdup (gtk_editable_get_text (entry));
  /* The entries forget what was typed as the dialog closes. */
  gtk_editable_set_text (entry, "");
  if (new)
    {
      adw_action_row_set_subtitle (self->state_row, _("Saving the passphrase…"));
      meso_backup_passphrase_make_check_async (setting->passphrase, self->cancellable,
                                               on_check_made_cb, setting);
      return;
    }
  setting->check = g_strdup (meso_clinic_get_text (get_clinic (self),
                                                   MESO_CLINIC_BACKUP_PASSPHRASE_CHECK));
  keep (setting);
}

static GtkWidget *
add_entry (GtkListBox *list,
           const char *name)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_list_box_append (list, row);
  return row;
}

/* Asks for a passphrase: a new one, typed twice, or the clinic's. */
static void
ask_passphrase (MesoBackupEncryptionGroup *self,
                gboolean                   new)
{
  GtkWidget *dialog;
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  GtkWidget *entry;
  GtkWidget *hint = gtk_label_new (NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   new ? _("New Backup Passphrase")
                                       : _("Enter the Backup Passphrase"),
                                   new ? _("Backups from now on are encrypted with it. Keep it "
                                           "somewhere safe away from this computer: without it "
                                           "nobody, not even the clinic, can restore them.")
                                       : _("The passphrase the clinic’s backups are encrypted "
                                           "with, for this workstation to make them."));
  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_box_append (box, GTK_WIDGET (list));
  entry = add_entry (list, _("Passphrase"));
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_passphrase_changed_cb), dialog);
  if (new)
    {
      GtkWidget *again = add_entry (list, _("The same passphrase again"));

      g_object_set_data (G_OBJECT (dialog), "again", again);
      g_signal_connect_swapped (again, "changed", G_CALLBACK (on_passphrase_changed_cb), dialog);
    }
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (box, hint);
  g_object_set_data (G_OBJECT (dialog), "hint", hint);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (box));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "save", new ? _("_Encrypt") : _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  on_passphrase_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_passphrase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
encryption_set (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask_passphrase (MESO_BACKUP_ENCRYPTION_GROUP (widget), TRUE);
}

static void
encryption_enter (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ask_passphrase (MESO_BACKUP_ENCRYPTION_GROUP (widget), FALSE);
}

static void
on_stop_response_cb (AdwMessageDialog          *dialog,
                     const char                *response,
                     MesoBackupEncryptionGroup *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "stop"))
    return;
  if (!meso_clinic_set_text (get_clinic (self), MESO_CLINIC_BACKUP_PASSPHRASE_CHECK, "", &error))
    {
      show_problem (self, error->message);
      return;
    }
  show_problem (self, NULL);
  show_state (self);
}

static void
encryption_stop (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  meso_confirm_destructive (widget, _("Stop Encrypting Backups?"),
                            _("Backups from now on can be read by anyone who has the file. The "
                              "encrypted backups already made still need the passphrase."),
                            "stop", _("_Stop Encrypting"), G_CALLBACK (on_stop_response_cb),
                            widget);
}

/* A row that runs @action when activated, by click or keyboard. */
static GtkWidget *
add_action_row (MesoBackupEncryptionGroup *self,
                const char                *title,
                const char                *action)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return row;
}

static void
meso_backup_encryption_group_dispose (GObject *object)
{
  MesoBackupEncryptionGroup *self = MESO_BACKUP_ENCRYPTION_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (meso_backup_encryption_group_parent_class)->dispose (object);
}

static void
meso_backup_encryption_group_class_init (MesoBackupEncryptionGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = meso_backup_encryption_group_dispose;
  gtk_widget_class_install_action (widget_class, "encryption.set", NULL, encryption_set);
  gtk_widget_class_install_action (widget_class, "encryption.enter", NULL, encryption_enter);
  gtk_widget_class_install_action (widget_class, "encryption.stop", NULL, encryption_stop);
}

static void
meso_backup_encryption_group_init (MesoBackupEncryptionGroup *self)
{
  self->cancellable = g_cancellable_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Encryption"));
  self->state_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->state_row));
  self->enter_row = add_action_row (self, _("E_nter Passphrase…"), "encryption.enter");
  self->set_row = add_action_row (self, _("_Encrypt Backups…"), "encryption.set");
  self->stop_row = add_action_row (self, _("S_top Encrypting…"), "encryption.stop");

  self->problem_label = meso_row_error_new_group_label ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->problem_label));
}

/**
 * meso_backup_encryption_group_new:
 *
 * The Backups page's encryption, for a member of staff who manages backups.
 */
GtkWidget *
meso_backup_encryption_group_new (MesoContext *context)
{
  MesoBackupEncryptionGroup *self = g_object_new (MESO_TYPE_BACKUP_ENCRYPTION_GROUP, NULL);

  self->context = g_object_ref (context);
  show_state (self);
  return GTK_WIDGET (self);
}
