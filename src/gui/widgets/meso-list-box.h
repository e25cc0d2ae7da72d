/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-box.h: what every list of rows made in code needs. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void meso_list_box_remove_all (GtkListBox *list);

G_END_DECLS
