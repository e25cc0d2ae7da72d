/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-row-error.c: inline field errors: a red message inside the row that was
 * refused, also given to screen readers as the row's description. */
#define G_LOG_DOMAIN "meso-row-error"

#include <glib/gi18n.h>

#include "meso-row-error.h"

#define ERROR_LABEL_KEY "meso-row-error-label"

/* Gives @row a hidden error label at its end; call once per row. */
void
meso_row_error_attach (AdwEntryRow *row)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  adw_entry_row_add_suffix (row, label);
  g_object_set_data (G_OBJECT (row), ERROR_LABEL_KEY, label);
}

/* Shows @message in @row, or clears it when @message is %NULL. */
void
meso_row_error_set (AdwEntryRow *row,
                    const char  *message)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), ERROR_LABEL_KEY);

  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
}

/* Shows @message in a form's own error @label, or hides it when @message is
 * %NULL; @field, when given, also carries it as its description for screen
 * readers. */
void
meso_row_error_show_label (GtkLabel   *label,
                           GtkWidget  *field,
                           const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field != NULL && message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

/**
 * meso_row_error_new_group_label:
 *
 * Returns: (transfer floating): a label, hidden until
 * meso_row_error_show_label() says a problem, for the foot of a group
 * whose action the core refused.
 */
GtkLabel *
meso_row_error_new_group_label (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_xalign (label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Problem"), -1);
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
  return label;
}
