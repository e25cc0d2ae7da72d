/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-list-view.c: what GTK 4.8's list views lack for the keyboard and
 * screen readers. Tab walks their rows one at a time (4.12 added
 * GtkListTabBehavior), so a receptionist would press it 200 times to get
 * past the patients: here Tab leaves the list at once, the arrow keys still
 * move between rows. And their rows have no names of their own. */
#define G_LOG_DOMAIN "meso-list-view"

#include "meso-list-view.h"

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   gpointer               data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (list);
  GtkDirectionType direction;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  /* While the list cannot take the focus, the window's focus chain passes
   * over it whole, to the widget before or after it. */
  gtk_widget_set_can_focus (list, FALSE);
  if (!gtk_widget_child_focus (GTK_WIDGET (root), direction))
    {
      /* Past the last widget: round to the first, as the window's Tab does. */
      gtk_root_set_focus (root, NULL);
      gtk_widget_child_focus (GTK_WIDGET (root), direction);
    }
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

/**
 * meso_list_view_tab_leaves:
 *
 * Makes Tab and Shift+Tab move the focus out of @list in one press.
 */
void
meso_list_view_tab_leaves (GtkListView *list)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (list), keys);
}

/**
 * meso_list_view_name_row:
 * @child: the widget a list item factory made, already in its row
 * @name: what the row is called: a patient's name, an appointment's time
 * @description: (nullable): what else the row says
 *
 * Names the row of a list view that holds @child. In GTK 4.8 the row a
 * GtkListView makes around a factory's widget is what takes the focus, and
 * it takes no name from its child (GtkListItem has accessible properties
 * only from 4.12): a screen reader would hear "GtkListItemWidget".
 */
void
meso_list_view_name_row (GtkWidget  *child,
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
