/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window-folder.c: the photos window's watched folder, where a
 * tethered camera or a phone's sync writes: chosen for the workstation,
 * and taken by one window at a time. */
#define G_LOG_DOMAIN "meso-photo-window"

#include <glib/gi18n.h>

#include "meso-photo-window-private.h"

/* The watched folder, from this workstation's settings: each photo written
 * into it goes to the session's next missing view. */
static void
on_folder_photo_added_cb (MesoPhotoWindow *self,
                          GFile           *file)
{
  meso_photo_window_import_file (self, file, FALSE);
}

/* The one photos window that takes the folder's photos: with two open, a
 * camera's photo must go to one session only, the one the physician last
 * worked in. */
static MesoPhotoWindow *folder_owner;

static void
watch_folder (MesoPhotoWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "photo-folder");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->folder);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.stop-folder", *path != '\0');
  if (*path == '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->folder_row), _("None"));
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->folder_row), path);
  if (folder_owner != self)
    return;
  file = g_file_new_for_path (path);
  self->folder = meso_photo_folder_new (file, &error);
  if (self->folder == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->folder_row), error->message);
      return;
    }
  g_signal_connect_object (self->folder, "photo-added", G_CALLBACK (on_folder_photo_added_cb),
                           self, G_CONNECT_SWAPPED);
}

/* The window the physician works in takes the folder from another. */
void
meso_photo_window_take_folder (MesoPhotoWindow *self)
{
  if (folder_owner == self)
    return;
  if (folder_owner != NULL)
    {
      g_clear_object (&folder_owner->folder);
      g_object_remove_weak_pointer (G_OBJECT (folder_owner), (gpointer *) &folder_owner);
    }
  folder_owner = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &folder_owner);
  watch_folder (self);
}

static void
on_folder_chooser_response_cb (MesoPhotoWindow      *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

  if (response != GTK_RESPONSE_ACCEPT || path == NULL)
    return;
  g_settings_set_string (self->settings, "photo-folder", path);
}

/* photo-window.choose-folder */
void
meso_photo_window_choose_folder (GtkWidget  *widget,
                                 const char *action,
                                 GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Watch a Folder for Photos"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Watch"), NULL);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_folder_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* photo-window.stop-folder */
void
meso_photo_window_stop_folder (GtkWidget  *widget,
                               const char *action,
                               GVariant   *parameter)
{
  g_settings_set_string (MESO_PHOTO_WINDOW (widget)->settings, "photo-folder", "");
}

static void
on_active_cb (MesoPhotoWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    meso_photo_window_take_folder (self);
}

void
meso_photo_window_folder_init (MesoPhotoWindow *self)
{
  g_signal_connect_object (self->settings, "changed::photo-folder", G_CALLBACK (watch_folder),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_cb), NULL);
}
