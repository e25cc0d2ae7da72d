/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-icon-button.c: the flat icon button at the end of a row made in code. */
#include "meso-icon-button.h"

/* An icon says nothing to a screen reader: @label is its name, and its
 * tooltip for those who point at it. */
GtkWidget *
meso_icon_button_new (const char *icon_name,
                      const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}
