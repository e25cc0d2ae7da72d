/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-box.c: GTK 4.8 has no gtk_list_box_remove_all (it came in 4.12). */
#include "meso-list-box.h"

/* Removes every row of @list, before it is filled again. */
void
meso_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
