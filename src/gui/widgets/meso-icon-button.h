/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-icon-button.h: the flat icon button at the end of a row made in code. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *meso_icon_button_new (const char *icon_name,
                                 const char *label);

G_END_DECLS
