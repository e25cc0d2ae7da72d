/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-file-chooser.c: what every native file chooser of the windows needs. */
#include <glib/gi18n.h>

#include "meso-file-chooser.h"

/* A chooser that asks where to save an export, @file_name proposed; the
 * caller connects to its ::response, shows it and keeps it until then. */
GtkFileChooserNative *
meso_file_chooser_new_export (GtkWindow  *parent,
                              const char *title,
                              const char *file_name)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, parent,
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  return chooser;
}

/* The path chosen in @chooser's answer @response, or %NULL when the person
 * cancelled or closed it. */
char *
meso_file_chooser_get_path (GtkNativeDialog *chooser,
                            int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  return file != NULL ? g_file_get_path (file) : NULL;
}
