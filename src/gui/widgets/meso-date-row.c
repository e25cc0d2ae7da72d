/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-date-row.c: an entry row for a date. The text stays what the forms'
 * parsers read (typed, or written as 2026-11-23 when picked), a button beside
 * it opens a calendar, and the date is shown in words, in the order of the
 * user's language, once the text is one. */
#define G_LOG_DOMAIN "meso-date-row"

#include <glib/gi18n.h>

#include "meso-date-format.h"
#include "meso-date-row.h"
#include "meso-text.h"

struct _MesoDateRow
{
  AdwEntryRow  parent_instance;

  GtkLabel    *words;
  GtkWidget   *button;
  GtkCalendar *calendar;
  gboolean     syncing;   /* the text and the calendar are being set from each other */
  gboolean     inserts;   /* a picked day goes in at the cursor, the rest kept */
};

G_DEFINE_FINAL_TYPE (MesoDateRow, meso_date_row, ADW_TYPE_ENTRY_ROW)

static void
on_changed_cb (MesoDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  char words[128];
  GDate date;

  if (!meso_date_row_get_date (self, &date))
    {
      gtk_label_set_label (self->words, "");
      return;
    }
  g_date_strftime (words, sizeof words, meso_date_format_date (), &date);
  gtk_label_set_label (self->words, words);
  if (self->syncing)
    return;
  /* The calendar opens on the day typed. */
  day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), 12, 0, 0);
  self->syncing = TRUE;
  gtk_calendar_select_day (self->calendar, day);
  self->syncing = FALSE;
}

static void
on_day_selected_cb (MesoDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  char text[16];
  int position = -1;
  GDate date;

  if (self->syncing)
    return;
  day = gtk_calendar_get_date (self->calendar);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                  g_date_time_get_year (day));
  self->syncing = TRUE;
  if (self->inserts)
    {
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
      gtk_editable_delete_selection (GTK_EDITABLE (self));
      position = gtk_editable_get_position (GTK_EDITABLE (self));
      gtk_editable_insert_text (GTK_EDITABLE (self), text, -1, &position);
    }
  else
    meso_date_row_set_date (self, &date);
  self->syncing = FALSE;
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->button));
  gtk_widget_grab_focus (GTK_WIDGET (self));
  /* Focus selects the whole text; the next words are typed after the day. */
  if (position >= 0)
    gtk_editable_set_position (GTK_EDITABLE (self), position);
}

static void
meso_date_row_class_init (MesoDateRowClass *klass)
{
}

static void
meso_date_row_init (MesoDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();

  self->words = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->words), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->words), "date-in-words");
  /* In a narrow form the words give way to what is typed. */
  gtk_label_set_ellipsize (self->words, PANGO_ELLIPSIZE_END);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->words));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Calendar"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected_cb), self);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->button, "flat");
  /* Translators: the button beside a date field; in its calendar, the arrow
   * keys move and Space picks a day. */
  gtk_widget_set_tooltip_text (self->button, _("Choose a date (arrows, then Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a date"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->button);

  g_signal_connect (self, "changed", G_CALLBACK (on_changed_cb), NULL);
}

GtkWidget *
meso_date_row_new (void)
{
  return g_object_new (MESO_TYPE_DATE_ROW, NULL);
}

/**
 * meso_date_row_get_date:
 *
 * Returns: %TRUE with @out_date set if the text is a date, in any form
 * meso_text_parse_date() reads.
 */
gboolean
meso_date_row_get_date (MesoDateRow *self,
                        GDate       *out_date)
{
  g_return_val_if_fail (MESO_IS_DATE_ROW (self), FALSE);

  return meso_text_parse_date (gtk_editable_get_text (GTK_EDITABLE (self)), out_date);
}

/**
 * meso_date_row_set_inserts:
 *
 * For a row that holds more than one date and words ("2026-12-24 to
 * 2026-12-31 holiday"): a picked day is written where the cursor is,
 * and the rest of the text kept.
 */
void
meso_date_row_set_inserts (MesoDateRow *self,
                           gboolean     inserts)
{
  g_return_if_fail (MESO_IS_DATE_ROW (self));

  self->inserts = inserts;
}

/* Writes @date as 2026-11-23, the form every date parser of the forms reads. */
void
meso_date_row_set_date (MesoDateRow *self,
                        const GDate *date)
{
  char text[16];

  g_return_if_fail (MESO_IS_DATE_ROW (self));

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  gtk_editable_set_text (GTK_EDITABLE (self), text);
}
