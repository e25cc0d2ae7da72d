/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-view.h: what GTK 4.8's list views lack for the keyboard. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void meso_list_view_tab_leaves (GtkListView *list);

G_END_DECLS
