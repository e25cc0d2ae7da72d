/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-window.c: what a sign-in shows. Only the page the user will see
 * is built; the others are built, and work, when first shown: a new
 * patient from the Calendar opens an empty form. Another person's sign-in
 * still discards unsaved edits. The calendar's weeks are read off the main
 * loop: paging quickly ends on the last week's appointments, never an
 * older week's, and a failed read says why. Preferences is built ahead. */
#include <adwaita.h>

#include "meso-calendar-page.h"
#include "meso-calendar-view.h"
#include "meso-patients-page.h"
#include "meso-preferences-window.h"
#include "meso-test-app.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-today-page.h"
#include "meso-window.h"

/* On the sign-in screen, by name. */
#define ADMINISTRATOR_ROW 0
#define PHYSICIAN_ROW 1
#define RECEPTIONIST_ROW 2

/* Monday 16 November 2026, 08:00 UTC: the clinic's clock for every test. */
#define NOW 1794816000
/* Monday 23 November 2026, 10:00 UTC: the session meso_test_book_session() books. */
#define SESSION 1795428000
#define DAY 86400

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoAppointment *session;
  MesoWindow      *window;
  GSettings       *settings;
} Fixture;

static void
book (Fixture *f,
      gint64   starts_at)
{
  g_autoptr(MesoAppointment) appointment = meso_appointment_copy (f->session);
  g_autoptr(GError) error = NULL;

  appointment->id = 0;
  appointment->revision = 0;
  appointment->starts_at = starts_at;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), appointment, &error));
  g_assert_no_error (error);
}

/* One appointment in the week shown at sign-in, the session in the next
 * week, two in the week after and three in the one after that. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  MesoDb *db;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  meso_clock_set_now (meso_context_get_clock (f->context), NOW);
  f->session = meso_test_book_session (f->context, FALSE, &physician);
  receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  book (f, SESSION - 4 * DAY);                 /* Thursday 19 November */
  book (f, SESSION + 8 * DAY);                 /* Tuesday 1 December */
  book (f, SESSION + 8 * DAY + 3600);
  book (f, SESSION + 16 * DAY);                /* Wednesday 9 December */
  book (f, SESSION + 16 * DAY + 3600);
  book (f, SESSION + 16 * DAY + 7200);
  meso_db_set_actor (db, NULL);

  /* @data: the view the window was closed on last time. */
  f->settings = g_settings_new ("io.github.mesodesk.Mesodesk");
  if (data != NULL)
    g_settings_set_string (f->settings, "last-view", data);
  else
    g_settings_reset (f->settings, "last-view");
  f->window = meso_test_show_window (f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_reset (f->settings, "last-view");
  g_clear_object (&f->settings);
  g_clear_object (&f->session);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static void
sign_in (Fixture *f,
         guint    row)
{
  meso_test_enter_pin (GTK_WIDGET (f->window), row, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the sign-in");
}

static AdwViewStack *
view_stack (Fixture *f)
{
  return ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window), "view_stack"));
}

/* Returns: (nullable): work page @name, if it has been built. */
static GtkWidget *
built_page (Fixture    *f,
            const char *name)
{
  GtkWidget *place = adw_view_stack_get_child_by_name (view_stack (f), name);

  g_assert_nonnull (place);
  return adw_bin_get_child (ADW_BIN (place));
}

static MesoCalendarView *
grid (Fixture *f)
{
  GtkWidget *calendar = built_page (f, "calendar");

  g_assert_nonnull (calendar);
  return MESO_CALENDAR_VIEW (meso_test_find_by_type (calendar, MESO_TYPE_CALENDAR_VIEW));
}

/* The Julian day the grid's range starts on; 0 before any. */
static guint
first_shown (Fixture *f)
{
  GDate first;

  meso_calendar_view_get_first_day (grid (f), &first);
  return g_date_valid (&first) ? g_date_get_julian (&first) : 0;
}

/* The Julian day of the Monday @weeks weeks after 16 November 2026. */
static guint
monday (int weeks)
{
  GDate day;

  meso_test_date (&day, 2026, 11, 16);
  g_date_add_days (&day, 7 * weeks);
  return g_date_get_julian (&day);
}

typedef struct
{
  Fixture *f;
  guint    julian;
  guint    count;
} WeekWait;

static gboolean
week_shown (gpointer data)
{
  WeekWait *wait = data;

  return first_shown (wait->f) == wait->julian &&
         meso_calendar_view_count_visible (grid (wait->f)) == wait->count;
}

/* Waits until the grid shows the week @weeks after this one, with @count
 * appointments in it. */
static void
wait_for_week (Fixture *f,
               int      weeks,
               guint    count)
{
  WeekWait wait = { f, monday (weeks), count };

  meso_test_iterate_until (week_shown, &wait, "the week's appointments");
}

/* The calendar, the last view, is what the receptionist sees, with this
 * week's appointment; Today and Patients are not built for it. */
static void
test_last_view_shown (Fixture       *f,
                      gconstpointer  data)
{
  sign_in (f, RECEPTIONIST_ROW);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (f)), ==, "calendar");
  g_assert_true (MESO_IS_CALENDAR_PAGE (built_page (f, "calendar")));
  g_assert_null (built_page (f, "today"));
  g_assert_null (built_page (f, "patients"));
  /* The switcher still offers all three. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adw_view_stack_get_pages (
                                                view_stack (f)))), ==, 3);
  /* A clinic's own window offers the demo (the demo's does not). */
  g_assert_true (meso_test_menu_has_action (meso_test_main_menu (GTK_WIDGET (f->window)),
                                            "app.open-demo"));
  wait_for_week (f, 0, 1);
}

/* Closed on Patients: that is what opens, and the calendar is built, with
 * its week, once she switches to it (here with Alt+2). */
static void
test_page_built_when_shown (Fixture       *f,
                            gconstpointer  data)
{
  sign_in (f, RECEPTIONIST_ROW);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (f)), ==, "patients");
  g_assert_true (MESO_IS_PATIENTS_PAGE (built_page (f, "patients")));
  g_assert_null (built_page (f, "calendar"));
  g_assert_null (built_page (f, "today"));

  /* Alt+2 and Alt+1, as the keyboard reaches the switcher's pages. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "calendar");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (f)), ==, "calendar");
  g_assert_true (MESO_IS_CALENDAR_PAGE (built_page (f, "calendar")));
  wait_for_week (f, 0, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "today");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (f)), ==, "today");
  g_assert_true (MESO_IS_TODAY_PAGE (built_page (f, "today")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (meso_test_get_widget (
                     built_page (f, "today"), "date_label"))), ==, "Monday 16 November");
}

/* New Patient (Ctrl+N) while on the Calendar, before Patients was ever
 * shown: the Patients page opens on an empty form. */
static void
test_new_patient_from_calendar (Fixture       *f,
                                gconstpointer  data)
{
  GtkWidget *patients;

  sign_in (f, RECEPTIONIST_ROW);
  g_assert_null (built_page (f, "patients"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (f)), ==, "patients");
  patients = built_page (f, "patients");
  g_assert_true (MESO_IS_PATIENTS_PAGE (patients));
  g_assert_cmpstr (meso_test_visible_page (patients, "content_stack"), ==, "editor");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (
                     patients, "family_name_row"))), ==, "");
  meso_test_type_into (patients, "family_name_row", "Şahin");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (
                     patients, "family_name_row"))), ==, "Şahin");
}

/* The physician's unsaved new patient is not the receptionist's to see:
 * her sign-in empties the form and says what was discarded. */
static void
test_other_person_clears_edits (Fixture       *f,
                                gconstpointer  data)
{
  GtkWidget *patients;

  sign_in (f, PHYSICIAN_ROW);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  patients = built_page (f, "patients");
  meso_test_type_into (patients, "family_name_row", "Unsaved");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);

  sign_in (f, RECEPTIONIST_ROW);
  g_assert_true (built_page (f, "patients") == patients);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (
                     patients, "family_name_row"))), ==, "");
  meso_test_wait_for_toasts (GTK_WIDGET (f->window),
                             "Dr. Elif Aydın’s unsaved changes were discarded when you signed in.",
                             FALSE);
}

/* Neither is a page built only to be emptied for the next person. */
static void
test_other_person_before_patients_shown (Fixture       *f,
                                         gconstpointer  data)
{
  sign_in (f, PHYSICIAN_ROW);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  sign_in (f, RECEPTIONIST_ROW);
  g_assert_null (built_page (f, "patients"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (f)), ==, "calendar");
  wait_for_week (f, 0, 1);
}

/* Each range drawn: its first day, its size, and how many of its
 * appointments fall in the week of 7 December. */
typedef struct
{
  guint julian;
  guint in_week;
  guint size;
} Drawn;

static void
on_range_cb (MesoCalendarView *view,
             GParamSpec       *pspec,
             GArray           *drawn)
{
  g_autoptr(MesoAppointmentRange) range = NULL;
  gint64 week_start = SESSION - 10 * 3600 + 14 * DAY;   /* Monday 7 December, 00:00 */
  Drawn d = { 0 };
  GDate first;

  g_object_get (view, "range", &range, NULL);
  meso_calendar_view_get_first_day (view, &first);
  d.julian = g_date_get_julian (&first);
  d.size = meso_appointment_range_get_size (range);
  for (guint i = 0; i < d.size; i++)
    {
      gint64 starts_at = meso_appointment_range_get_row (range, i)->starts_at;

      d.in_week += starts_at >= week_start && starts_at < week_start + 7 * DAY;
    }
  g_array_append_val (drawn, d);
}

/* Three weeks ahead at once, faster than they load: the weeks paged
 * through are never drawn, not even late; the last one is, with its
 * three appointments. */
static void
test_quick_weeks (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (Drawn));
  GtkWidget *calendar;

  sign_in (f, RECEPTIONIST_ROW);
  wait_for_week (f, 0, 1);
  calendar = built_page (f, "calendar");
  g_signal_connect (grid (f), "notify::range", G_CALLBACK (on_range_cb), drawn);
  gtk_widget_activate_action (calendar, "calendar.next", NULL);
  gtk_widget_activate_action (calendar, "calendar.next", NULL);
  gtk_widget_activate_action (calendar, "calendar.next", NULL);
  wait_for_week (f, 3, 3);
  /* Anything still under way would land within these. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_signal_handlers_disconnect_by_func (grid (f), on_range_cb, drawn);
  g_assert_cmpuint (drawn->len, >=, 1);
  for (guint i = 0; i < drawn->len; i++)
    {
      Drawn *d = &g_array_index (drawn, Drawn, i);

      g_assert_cmpuint (d->julian, ==, monday (3));
      g_assert_cmpuint (d->size, ==, 3);
      g_assert_cmpuint (d->in_week, ==, 3);
    }
  g_assert_cmpuint (meso_calendar_view_count_visible (grid (f)), ==, 3);

  /* And back: the week's own appointments, not the ones last drawn. */
  gtk_widget_activate_action (calendar, "calendar.previous", NULL);
  wait_for_week (f, 2, 2);
}

/* A week that cannot be read says why, where errors are shown. */
static void
test_load_error_shown (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA ignore_check_constraints = ON;"
                                          " UPDATE appointment SET ends_at = starts_at + 9 * 3600"
                                          " WHERE id = %" G_GINT64_FORMAT, f->session->id);

  sign_in (f, RECEPTIONIST_ROW);
  wait_for_week (f, 0, 1);
  meso_test_forge (meso_context_get_path (f->context), sql, FALSE);
  gtk_widget_activate_action (built_page (f, "calendar"), "calendar.next", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "The clinic database is damaged: the "
                             "“appointment” table holds a value Mesodesk cannot use.", TRUE);
}

/* A view that fails on every retry does not wipe out the result of what
 * the user just did: "Not saved" is shown, and stays to be read. Nor does
 * a failure that comes while the result waits behind an earlier toast. */
static void
test_result_toast_kept (Fixture       *f,
                        gconstpointer  data)
{
  const char *earlier = "Patient saved";
  const char *background = "Could not list the patients.";
  const char *result = "Not saved: the clinic server cannot be reached.";
  gint64 until;

  sign_in (f, RECEPTIONIST_ROW);
  meso_window_add_toast (f->window, adw_toast_new (background));
  meso_window_add_toast (f->window, adw_toast_new (result));
  meso_window_add_toast (f->window, adw_toast_new (background));
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), result, FALSE);
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), result, FALSE);

  meso_window_add_toast (f->window, adw_toast_new (earlier));
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), earlier, FALSE);
  meso_window_add_toast (f->window, adw_toast_new (result));
  meso_window_add_toast (f->window, adw_toast_new (background));
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), result, FALSE);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), background, FALSE);
}

static GtkWindow *
spare_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MESO_IS_PREFERENCES_WINDOW (window) && !gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
spare_built (gpointer data)
{
  return spare_preferences () != NULL;
}

/* Preferences is built ahead while nobody touches the workstation, and
 * shown at once when opened, with the clinic's details as they are then;
 * once closed, it is built afresh, never shown again. */
static void
test_preferences_built_ahead (Fixture       *f,
                              gconstpointer  data)
{
  MesoIdleTimer *timer = meso_window_get_idle_timer (f->window);
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autoptr(GError) error = NULL;
  GtkWindow *spare, *shown;

  sign_in (f, ADMINISTRATOR_ROW);
  g_assert_null (spare_preferences ());
  meso_idle_timer_advance (timer, 2 * G_USEC_PER_SEC);
  meso_test_iterate_until (spare_built, NULL, "Preferences to be built ahead");
  spare = spare_preferences ();
  g_object_add_weak_pointer (G_OBJECT (spare), (gpointer *) &spare);

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, "Klinik Moda", &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL);
  shown = meso_test_find_toplevel (MESO_TYPE_PREFERENCES_WINDOW);
  g_assert_true (shown == spare);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (
                     GTK_WIDGET (shown), "name_row"))), ==, "Klinik Moda");

  gtk_window_close (shown);
  g_assert_null (spare);
  meso_idle_timer_advance (timer, 2 * G_USEC_PER_SEC);
  meso_test_iterate_until (spare_built, NULL, "a new Preferences to be built ahead");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/window/last-view-shown", Fixture, NULL, fixture_set_up,
              test_last_view_shown, fixture_tear_down);
  g_test_add ("/meso/gui/window/page-built-when-shown", Fixture, "patients", fixture_set_up,
              test_page_built_when_shown, fixture_tear_down);
  g_test_add ("/meso/gui/window/new-patient-from-calendar", Fixture, NULL, fixture_set_up,
              test_new_patient_from_calendar, fixture_tear_down);
  g_test_add ("/meso/gui/window/other-person-clears-edits", Fixture, NULL, fixture_set_up,
              test_other_person_clears_edits, fixture_tear_down);
  g_test_add ("/meso/gui/window/other-person-before-patients-shown", Fixture, NULL,
              fixture_set_up, test_other_person_before_patients_shown, fixture_tear_down);
  g_test_add ("/meso/gui/window/quick-weeks", Fixture, NULL, fixture_set_up, test_quick_weeks,
              fixture_tear_down);
  g_test_add ("/meso/gui/window/load-error-shown", Fixture, NULL, fixture_set_up,
              test_load_error_shown, fixture_tear_down);
  g_test_add ("/meso/gui/window/preferences-built-ahead", Fixture, NULL, fixture_set_up,
              test_preferences_built_ahead, fixture_tear_down);
  g_test_add ("/meso/gui/window/result-toast-kept", Fixture, NULL, fixture_set_up,
              test_result_toast_kept, fixture_tear_down);

  return g_test_run ();
}
