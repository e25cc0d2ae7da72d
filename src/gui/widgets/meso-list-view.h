/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-view.h: what GTK 4.8's list views lack for the keyboard and screen readers. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void meso_list_view_tab_leaves (GtkListView *list);
void meso_list_view_name_row   (GtkWidget   *child,
                                const char  *name,
                                const char  *description);

G_END_DECLS
