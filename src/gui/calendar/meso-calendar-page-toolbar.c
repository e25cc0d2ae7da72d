/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page-toolbar.c: the calendar toolbar where it is narrow.
 * Its secondary buttons (Free Slot, Waitlist, Book Course) give way to
 * items of the More menu with the same actions and mnemonics, and the Free
 * Slot's search to an icon: the toolbar stays one row at 1024 pixels. */
#define G_LOG_DOMAIN "meso-calendar-page"

#include "meso-calendar-page-private.h"

/* The Free Slot's search belongs to whichever of its buttons is shown. */
static void
on_toolbar_squeezer_visible_child_cb (MesoCalendarPage *self)
{
  gboolean narrow = adw_squeezer_get_visible_child (self->toolbar_squeezer) ==
                    GTK_WIDGET (self->narrow_actions);
  GtkMenuButton *from = narrow ? self->find_button : self->narrow_find_button;
  GtkMenuButton *to = narrow ? self->narrow_find_button : self->find_button;
  g_autoptr(GtkPopover) popover = NULL;

  if (gtk_menu_button_get_popover (to) == self->find_popover)
    return;
  popover = g_object_ref (self->find_popover);
  gtk_popover_popdown (popover);
  gtk_menu_button_set_popover (from, NULL);
  gtk_menu_button_set_popover (to, GTK_WIDGET (popover));
}

/* From the narrow More menu, or any shortcut: the search under its button. */
static void
find_free_slot_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (widget);

  on_toolbar_squeezer_visible_child_cb (self);
  gtk_menu_button_popup (gtk_menu_button_get_popover (self->find_button) != NULL
                         ? self->find_button : self->narrow_find_button);
}

void
meso_calendar_page_class_add_toolbar (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, toolbar_squeezer);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, narrow_actions);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_button);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, narrow_find_button);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, more_menu);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, narrow_more_menu);
  gtk_widget_class_install_action (widget_class, "calendar.find-free-slot", NULL,
                                   find_free_slot_action);
}

/* After the template: the narrow More menu also holds the wide one's sections. */
void
meso_calendar_page_init_toolbar (MesoCalendarPage *self)
{
  GMenuModel *more = G_MENU_MODEL (self->more_menu);

  for (int i = 0; i < g_menu_model_get_n_items (more); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (more, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;

      g_menu_model_get_item_attribute (more, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      if (section != NULL)
        g_menu_append_section (self->narrow_more_menu, label, section);
    }
  g_signal_connect_object (self->toolbar_squeezer, "notify::visible-child",
                           G_CALLBACK (on_toolbar_squeezer_visible_child_cb), self,
                           G_CONNECT_SWAPPED);
}
