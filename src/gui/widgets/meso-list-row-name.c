/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-row-name.c: an accessible name for a list view's row. In GTK
 * 4.8 the row a GtkListView makes around a factory's widget is what takes
 * the focus, and it takes no name from its child: a screen reader hears
 * "GtkListItemWidget". GtkListItem has no accessible properties before
 * 4.12, so the name is set on the row itself. */
#define G_LOG_DOMAIN "meso-list-row-name"

#include "meso-list-row-name.h"

/**
 * meso_list_row_name:
 * @child: the widget a list item factory made, already in its row
 * @name: what the row is called: a patient's name, an appointment's time
 * @description: (nullable): what else the row says
 */
void
meso_list_row_name (GtkWidget  *child,
                    const char *name,
                    const char *description)
{
  GtkWidget *row = gtk_widget_get_parent (child);

  if (row == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}
