/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-time-row.c: an entry row for a time of day. The text stays what the
 * forms' parsers read ("10:30"), and a button beside it opens an hour and a
 * minute spin button that write it; both follow what is typed. */
#define G_LOG_DOMAIN "meso-time-row"

#include <glib/gi18n.h>

#include "meso-time-row.h"

struct _MesoTimeRow
{
  AdwEntryRow    parent_instance;

  GtkWidget     *button;
  GtkSpinButton *hour;
  GtkSpinButton *minute;
  gboolean       syncing;   /* the text and the spin buttons are being set from each other */
};

G_DEFINE_FINAL_TYPE (MesoTimeRow, meso_time_row, ADW_TYPE_ENTRY_ROW)

/* Shows 9 as "09", so that the minutes read as a clock's. */
static gboolean
on_spin_output_cb (GtkSpinButton *spin)
{
  char text[8];

  g_snprintf (text, sizeof text, "%02d", gtk_spin_button_get_value_as_int (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
on_spin_value_changed_cb (MesoTimeRow *self)
{
  if (self->syncing)
    return;
  self->syncing = TRUE;
  meso_time_row_set_minutes (self, gtk_spin_button_get_value_as_int (self->hour) * 60 +
                                   gtk_spin_button_get_value_as_int (self->minute));
  self->syncing = FALSE;
}

static void
on_changed_cb (MesoTimeRow *self)
{
  guint minutes;

  if (self->syncing || !meso_time_row_get_minutes (self, &minutes))
    return;
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->hour, minutes / 60);
  gtk_spin_button_set_value (self->minute, minutes % 60);
  self->syncing = FALSE;
}

static GtkSpinButton *
add_spin (GtkWidget  *box,
          guint       max,
          guint       step,
          const char *name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);

  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output_cb), NULL);
  gtk_box_append (GTK_BOX (box), spin);
  return GTK_SPIN_BUTTON (spin);
}

static void
meso_time_row_class_init (MesoTimeRowClass *klass)
{
}

static void
meso_time_row_init (MesoTimeRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->hour = add_spin (box, 23, 1, _("Hours"));
  gtk_box_append (GTK_BOX (box), gtk_label_new (":"));
  /* Five minutes a step: the clinic's slots start on them. */
  self->minute = add_spin (box, 59, 5, _("Minutes"));
  g_signal_connect_swapped (self->hour, "value-changed", G_CALLBACK (on_spin_value_changed_cb), self);
  g_signal_connect_swapped (self->minute, "value-changed", G_CALLBACK (on_spin_value_changed_cb), self);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "preferences-system-time-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("Choose a time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a time"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->button);

  g_signal_connect (self, "changed", G_CALLBACK (on_changed_cb), NULL);
}

GtkWidget *
meso_time_row_new (void)
{
  return g_object_new (MESO_TYPE_TIME_ROW, NULL);
}

/**
 * meso_time_row_get_minutes:
 *
 * Reads the text as the forms do: "10:30", "9:05" or "10".
 *
 * Returns: %TRUE with @out_minutes (since midnight) set if it is a time.
 */
gboolean
meso_time_row_get_minutes (MesoTimeRow *self,
                           guint       *out_minutes)
{
  g_auto(GStrv) parts = NULL;
  guint64 hour, minute = 0;

  g_return_val_if_fail (MESO_IS_TIME_ROW (self), FALSE);

  parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self)), ":", 3);
  if (parts[0] == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 0, 23, &hour, NULL) ||
      (parts[1] != NULL &&
       (parts[2] != NULL ||
        !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 59, &minute, NULL))))
    return FALSE;
  *out_minutes = hour * 60 + minute;
  return TRUE;
}

void
meso_time_row_set_minutes (MesoTimeRow *self,
                           guint        minutes)
{
  char text[8];

  g_return_if_fail (MESO_IS_TIME_ROW (self));

  g_snprintf (text, sizeof text, "%02u:%02u", minutes / 60 % 24, minutes % 60);
  gtk_editable_set_text (GTK_EDITABLE (self), text);
}
