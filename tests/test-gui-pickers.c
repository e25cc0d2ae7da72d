/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-pickers.c: the date and time rows of the forms. A day picked in
 * the calendar is written in the entry as the forms read it, a date typed
 * is shown by the calendar and in words, and a time set with the spin
 * buttons or typed is the same in both. */
#include <adwaita.h>

#include "meso-date-row.h"
#include "meso-test-gui.h"
#include "meso-time-row.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *row;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *list = gtk_list_box_new ();

  f->row = GPOINTER_TO_INT (data) ? meso_time_row_new () : meso_date_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), "Date");
  gtk_list_box_append (GTK_LIST_BOX (list), f->row);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), list);
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the window");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static GtkWidget *
popover_of (Fixture *f)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (meso_test_find_by_type (f->row, GTK_TYPE_MENU_BUTTON));

  return GTK_WIDGET (gtk_menu_button_get_popover (button));
}

/* Saves @widget's window (a popover is one) as NAME.png when
 * MESO_TEST_SCREENSHOTS names a folder, to be looked at. */
static void
save_shot (GtkWidget  *native,
           const char *name)
{
  const char *folder = g_getenv ("MESO_TEST_SCREENSHOTS");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  texture = meso_test_render_window (native);
  path = g_build_filename (folder, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Opens the row's popover as its button would, and waits for it. */
static GtkWidget *
open_popover (Fixture *f)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (meso_test_find_by_type (f->row, GTK_TYPE_MENU_BUTTON));

  gtk_menu_button_popup (button);
  meso_test_iterate_until (meso_test_window_shown, popover_of (f), "the popover");
  return popover_of (f);
}

static void
assert_calendar_shows (GtkCalendar *calendar,
                       int          year,
                       int          month,
                       int          day)
{
  g_autoptr(GDateTime) shown = gtk_calendar_get_date (calendar);

  g_assert_cmpint (g_date_time_get_year (shown), ==, year);
  g_assert_cmpint (g_date_time_get_month (shown), ==, month);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, day);
}

/* The date in words beside the entry. */
static gboolean
is_words (GtkWidget    *widget,
          gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "date-in-words");
}

static const char *
words_of (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (meso_test_find_where (f->row, FALSE, is_words, NULL)));
}

static void
test_date_picked (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *popover = open_popover (f);
  GtkCalendar *calendar = GTK_CALENDAR (meso_test_find_by_type (popover, GTK_TYPE_CALENDAR));
  g_autoptr(GDateTime) day = g_date_time_new_utc (2027, 3, 14, 12, 0, 0);
  GDate date, expected;

  /* A click on a day selects it, as this does. */
  gtk_calendar_select_day (calendar, day);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->row)), ==, "2027-03-14");
  g_assert_cmpstr (words_of (f), ==, "14 March 2027");
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (meso_date_row_get_date (MESO_DATE_ROW (f->row), &date));
  g_date_clear (&expected, 1);
  g_date_set_dmy (&expected, 14, 3, 2027);
  g_assert_cmpint (g_date_compare (&date, &expected), ==, 0);
}

static void
test_date_typed (Fixture       *f,
                 gconstpointer  data)
{
  GtkCalendar *calendar = GTK_CALENDAR (meso_test_find_by_type (popover_of (f), GTK_TYPE_CALENDAR));

  /* Day first, as reception desks type it: the calendar opens on that day. */
  gtk_editable_set_text (GTK_EDITABLE (f->row), "23.11.2026");
  save_shot (open_popover (f), "date-popover");
  save_shot (f->window, "date-row");
  assert_calendar_shows (calendar, 2026, 11, 23);
  g_assert_cmpstr (words_of (f), ==, "23 November 2026");
  /* What is typed stays as typed: the form's parser reads it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->row)), ==, "23.11.2026");

  gtk_editable_set_text (GTK_EDITABLE (f->row), "2027-01-05");
  assert_calendar_shows (calendar, 2027, 1, 5);

  /* No such day: no words, and the calendar stays where it was. */
  gtk_editable_set_text (GTK_EDITABLE (f->row), "2027-02-31");
  g_assert_cmpstr (words_of (f), ==, "");
  assert_calendar_shows (calendar, 2027, 1, 5);
}

/* A row of days off: the day picked goes where the cursor is. */
static void
test_date_inserted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 12, 31, 12, 0, 0);
  GtkWidget *popover;

  meso_date_row_set_inserts (MESO_DATE_ROW (f->row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (f->row), "2026-12-24 to  holiday");
  gtk_editable_set_position (GTK_EDITABLE (f->row), 14);
  popover = open_popover (f);
  gtk_calendar_select_day (GTK_CALENDAR (meso_test_find_by_type (popover, GTK_TYPE_CALENDAR)), day);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->row)), ==,
                   "2026-12-24 to 2026-12-31 holiday");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->row)), ==, 24);
}

static void
test_time (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *popover = open_popover (f);
  GtkSpinButton *hour = GTK_SPIN_BUTTON (meso_test_find_by_type (popover, GTK_TYPE_SPIN_BUTTON));
  GtkSpinButton *minute =
    GTK_SPIN_BUTTON (gtk_widget_get_last_child (gtk_widget_get_parent (GTK_WIDGET (hour))));
  guint minutes;

  gtk_spin_button_set_value (hour, 9);
  gtk_spin_button_set_value (minute, 45);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->row)), ==, "09:45");

  /* Minutes step by five, and wrap. */
  gtk_spin_button_spin (minute, GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->row)), ==, "09:50");

  save_shot (popover, "time-popover");
  gtk_editable_set_text (GTK_EDITABLE (f->row), "14:07");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour), ==, 14);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (minute), ==, 7);
  g_assert_true (meso_time_row_get_minutes (MESO_TIME_ROW (f->row), &minutes));
  g_assert_cmpuint (minutes, ==, 14 * 60 + 7);
  /* Typed as it stays, not rewritten while the user types. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->row)), ==, "14:07");

  gtk_editable_set_text (GTK_EDITABLE (f->row), "25:00");
  g_assert_false (meso_time_row_get_minutes (MESO_TIME_ROW (f->row), &minutes));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour), ==, 14);
}

/* Each button says what it does to a screen reader. */
static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *button = meso_test_find_by_type (f->row, GTK_TYPE_MENU_BUTTON);

  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add ("/meso/gui/pickers/date-picked", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_date_picked, fixture_tear_down);
  g_test_add ("/meso/gui/pickers/date-typed", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_date_typed, fixture_tear_down);
  g_test_add ("/meso/gui/pickers/date-inserted", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_date_inserted, fixture_tear_down);
  g_test_add ("/meso/gui/pickers/time", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_time, fixture_tear_down);
  g_test_add ("/meso/gui/pickers/date-names", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_names, fixture_tear_down);
  g_test_add ("/meso/gui/pickers/time-names", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_names, fixture_tear_down);
  return g_test_run ();
}
