/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-second-folder-row.c: the second backup folder (a USB disk, a cloud
 * folder), chosen or cleared; saved at once in the clinic's settings, which
 * only staff who manage backups may change (the core checks). */
#include <glib/gi18n.h>

#include "meso-file-chooser.h"
#include "meso-second-folder-row.h"

struct _MesoSecondFolderRow
{
  AdwActionRow          parent_instance;

  MesoContext          *context;
  GtkWidget            *clear_button;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MesoSecondFolderRow, meso_second_folder_row, ADW_TYPE_ACTION_ROW)

static void
show (MesoSecondFolderRow *self)
{
  const char *folder = meso_clinic_get_text (meso_context_get_clinic (self->context),
                                             MESO_CLINIC_BACKUP_SECOND_FOLDER);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               *folder != '\0' ? folder : _("None: backups are in one folder"));
  gtk_widget_set_sensitive (self->clear_button, *folder != '\0');
}

/* Saves @folder ("" for none); says why not in a toast. */
static void
save (MesoSecondFolderRow *self,
      const char          *folder)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!meso_clinic_set_text (meso_context_get_clinic (self->context),
                             MESO_CLINIC_BACKUP_SECOND_FOLDER, folder, &error) &&
      ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                      adw_toast_new (error->message));
  show (self);
}

static void
on_chooser_response_cb (MesoSecondFolderRow *self,
                        int                  response)
{
  g_autofree char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->chooser), response);

  g_clear_object (&self->chooser);
  if (path != NULL)
    save (self, path);
}

static void
on_choose_clicked_cb (MesoSecondFolderRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the Second Backup Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_clear_clicked_cb (MesoSecondFolderRow *self)
{
  save (self, "");
}

static void
meso_second_folder_row_dispose (GObject *object)
{
  MesoSecondFolderRow *self = MESO_SECOND_FOLDER_ROW (object);

  g_clear_object (&self->chooser);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (meso_second_folder_row_parent_class)->dispose (object);
}

static void
meso_second_folder_row_class_init (MesoSecondFolderRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_second_folder_row_dispose;
}

static void
meso_second_folder_row_init (MesoSecondFolderRow *self)
{
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("Ch_oose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Second folder"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (on_choose_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), choose);

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_tooltip_text (self->clear_button, _("Stop copying backups to this folder"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop copying backups to this folder"), -1);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);
}

/* Returns: (transfer floating): the row, showing @context's clinic's
 * second backup folder. */
GtkWidget *
meso_second_folder_row_new (MesoContext *context)
{
  MesoSecondFolderRow *self = g_object_new (MESO_TYPE_SECOND_FOLDER_ROW, NULL);

  self->context = g_object_ref (context);
  show (self);
  return GTK_WIDGET (self);
}
