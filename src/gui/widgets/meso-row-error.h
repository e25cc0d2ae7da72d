/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-row-error.h: an entry row that shows why its value was refused, beside it. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void meso_row_error_attach (AdwEntryRow *row);
void meso_row_error_set    (AdwEntryRow *row,
                            const char  *message);
GtkLabel *meso_row_error_new_group_label (void);
void meso_row_error_show_label (GtkLabel   *label,
                                GtkWidget  *field,
                                const char *message);

G_END_DECLS
