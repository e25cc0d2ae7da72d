/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-file-chooser.h: what every native file chooser of the windows needs. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFileChooserNative *meso_file_chooser_new_export (GtkWindow       *parent,
                                                    const char      *title,
                                                    const char      *file_name);
char                 *meso_file_chooser_get_path   (GtkNativeDialog *chooser,
                                                    int              response);

G_END_DECLS
