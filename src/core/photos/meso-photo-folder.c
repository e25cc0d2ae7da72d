/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-folder.c: watches a folder with a GFileMonitor and announces
 * each JPEG or PNG that appears in it, once: when its writer closed it
 * (a camera's tether writes for a while) or when it was moved in whole (a
 * sync's rename). Files already there are left alone, and nothing in the
 * folder is ever changed. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>

#include "meso-photo-folder.h"

struct _MesoPhotoFolder
{
  GObject       parent_instance;

  GFileMonitor *monitor;
  GHashTable   *announced;   /* names already announced */
};

enum
{
  PHOTO_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (MesoPhotoFolder, meso_photo_folder, G_TYPE_OBJECT)

static void
meso_photo_folder_dispose (GObject *object)
{
  MesoPhotoFolder *self = MESO_PHOTO_FOLDER (object);

  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  G_OBJECT_CLASS (meso_photo_folder_parent_class)->dispose (object);
}

static void
meso_photo_folder_class_init (MesoPhotoFolderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_photo_folder_dispose;

  /**
   * MesoPhotoFolder::photo-added:
   * @file: the new photo file
   *
   * Emitted once for each JPEG or PNG written into the folder.
   */
  signals[PHOTO_ADDED] = g_signal_new ("photo-added", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_FILE);
}

static void
meso_photo_folder_init (MesoPhotoFolder *self)
{
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* A camera's or phone's photo, by its name: hidden and partial files
 * (".IMG_1.JPG.part", "IMG_1.JPG~") are not. */
static gboolean
is_photo_name (const char *name)
{
  g_autofree char *folded = NULL;

  if (name == NULL || name[0] == '.')
    return FALSE;
  folded = g_ascii_strdown (name, -1);
  return g_str_has_suffix (folded, ".jpg") || g_str_has_suffix (folded, ".jpeg") ||
         g_str_has_suffix (folded, ".png");
}

static void
on_changed_cb (GFileMonitor      *monitor,
               GFile             *file,
               GFile             *other,
               GFileMonitorEvent  event,
               MesoPhotoFolder   *self)
{
  GFile *written = event == G_FILE_MONITOR_EVENT_MOVED_IN ? file
                   : event == G_FILE_MONITOR_EVENT_RENAMED ? other
                   : event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT ? file : NULL;
  g_autofree char *name = written != NULL ? g_file_get_basename (written) : NULL;

  if (!is_photo_name (name) ||
      !g_hash_table_add (self->announced, g_steal_pointer (&name)))
    return;
  g_signal_emit (self, signals[PHOTO_ADDED], 0, written);
}

/**
 * meso_photo_folder_new:
 * @folder: an existing folder
 *
 * Returns: (transfer full): the watch, or %NULL with @error when @folder
 *   cannot be watched (gone, not a folder)
 */
MesoPhotoFolder *
meso_photo_folder_new (GFile   *folder,
                       GError **error)
{
  g_autoptr(MesoPhotoFolder) self = g_object_new (MESO_TYPE_PHOTO_FOLDER, NULL);

  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("“%s” is not a folder that can be watched."), name);
      return NULL;
    }
  self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
  if (self->monitor == NULL)
    return NULL;
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_changed_cb), self, 0);
  return g_steal_pointer (&self);
}
