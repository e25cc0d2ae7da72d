/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-keys.c: the demo clinic driven with real key presses (XTEST,
 * through the X server and GTK's whole input path): Tab leaves the patient
 * list in one press, however many patients it shows, and Shift+Tab comes
 * back to it; from an appointment, Alt+arrows and Page Up/Down page the
 * calendar. */
#include <adwaita.h>

#include "meso-appointment-chip.h"
#include "meso-calendar-view.h"
#include "meso-patients-page.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-keys.h"
#include "meso-test-util.h"
#include "meso-window.h"

typedef struct
{
  char        *dir;
  MesoContext *context;
  MesoWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = meso_test_show_demo (&f->dir, &f->context);
  meso_test_sign_in_demo (f->window);
  meso_test_focus_window (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

typedef struct
{
  GtkWindow *window;
  GtkWidget *inside;
  gboolean   want_inside;
} FocusWait;

/* The keyboard focus is (or is not) in @inside. */
static gboolean
focus_is (gpointer data)
{
  FocusWait *wait = data;
  GtkWidget *focus = gtk_window_get_focus (wait->window);

  /* Somewhere: a Tab that drops the focus has not moved it on. */
  if (focus == NULL)
    return FALSE;
  return (focus == wait->inside || gtk_widget_is_ancestor (focus, wait->inside)) ==
         wait->want_inside;
}

static gboolean
list_has_rows (gpointer list)
{
  GtkSelectionModel *model = gtk_list_view_get_model (list);

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 20;
}

/* In a list of the demo's patients, one Tab reaches what follows the list,
 * not the next patient; Shift+Tab returns to the list. */
static void
test_tab_leaves_patient_list (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *list;
  FocusWait wait = { GTK_WINDOW (f->window), NULL, TRUE };

  meso_test_show_work_page (f->window, "patients");
  list = meso_test_get_widget (GTK_WIDGET (f->window), "list_view");
  meso_test_iterate_until (list_has_rows, list, "the patient list");
  wait.inside = list;
  g_assert_true (gtk_widget_grab_focus (list));
  meso_test_iterate_until (focus_is, &wait, "the list to have the focus");

  meso_test_press_key (GDK_KEY_Down);
  meso_test_press_key (GDK_KEY_Tab);
  wait.want_inside = FALSE;
  meso_test_iterate_until (focus_is, &wait, "Tab to leave the list");

  meso_test_press_key_with (GDK_KEY_Shift_L, GDK_KEY_Tab);
  wait.want_inside = TRUE;
  meso_test_iterate_until (focus_is, &wait, "Shift+Tab to return to the list");
}

typedef struct
{
  MesoCalendarView *view;
  guint             julian;   /* 0: any day but @not_julian */
  guint             not_julian;
} RangeWait;

static guint
first_day (MesoCalendarView *view)
{
  GDate first;

  meso_calendar_view_get_first_day (view, &first);
  return g_date_valid (&first) ? g_date_get_julian (&first) : 0;
}

static gboolean
range_moved (gpointer data)
{
  RangeWait *wait = data;
  guint julian = first_day (wait->view);

  return julian != 0 && meso_calendar_view_count_visible (wait->view) > 0 &&
         (wait->julian != 0 ? julian == wait->julian : julian > wait->not_julian);
}

static GtkWidget *
first_appointment (MesoCalendarView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MESO_IS_APPOINTMENT_CHIP (child) && gtk_widget_get_visible (child))
      return child;
  return NULL;
}

/* With an appointment focused, as the shortcuts window says: Alt+Right and
 * Page Down show the next range, Alt+Left and Page Up the previous one. */
static void
test_calendar_pages (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    guint modifier;   /* 0: none */
    guint next, previous;
  } keys[] = {
    { GDK_KEY_Alt_L, GDK_KEY_Right, GDK_KEY_Left },
    { 0, GDK_KEY_Page_Down, GDK_KEY_Page_Up },
  };
  MesoCalendarView *view;
  RangeWait wait = { NULL, 0, 0 };

  meso_test_show_work_page (f->window, "calendar");
  view = MESO_CALENDAR_VIEW (meso_test_find_by_type (GTK_WIDGET (f->window),
                                                     MESO_TYPE_CALENDAR_VIEW));
  wait.view = view;
  meso_test_iterate_until (range_moved, &wait, "the calendar's appointments");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      guint start = first_day (view);

      g_assert_true (gtk_widget_grab_focus (first_appointment (view)));
      if (keys[i].modifier != 0)
        meso_test_press_key_with (keys[i].modifier, keys[i].next);
      else
        meso_test_press_key (keys[i].next);
      wait.julian = 0;
      wait.not_julian = start;
      meso_test_iterate_until (range_moved, &wait, "the next range");

      g_assert_true (gtk_widget_grab_focus (first_appointment (view)));
      if (keys[i].modifier != 0)
        meso_test_press_key_with (keys[i].modifier, keys[i].previous);
      else
        meso_test_press_key (keys[i].previous);
      wait.julian = start;
      meso_test_iterate_until (range_moved, &wait, "the previous range");
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/keys/tab-leaves-patient-list", Fixture, NULL, fixture_set_up,
              test_tab_leaves_patient_list, fixture_tear_down);
  g_test_add ("/meso/gui/keys/calendar-pages", Fixture, NULL, fixture_set_up,
              test_calendar_pages, fixture_tear_down);

  return g_test_run ();
}
