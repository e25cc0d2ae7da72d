/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-row-name.h: an accessible name for a list view's row. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void meso_list_row_name (GtkWidget  *child,
                         const char *name,
                         const char *description);

G_END_DECLS
