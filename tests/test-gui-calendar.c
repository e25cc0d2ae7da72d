/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-calendar.c: a receptionist books a Plan A course through the
 * course planner's widgets, then finds its sessions in the week view, one
 * a week, and the course in the database. With the clinic in Istanbul and
 * the workstation in UTC, the week view's today follows the clinic's
 * midnight, and the windows show times as the clinic's clock showed them. */
#include <adwaita.h>

#include "meso-appointment-dialog.h"
#include "meso-audit-window.h"
#include "meso-calendar-page.h"
#include "meso-calendar-settings.h"
#include "meso-calendar-view.h"
#include "meso-course.h"
#include "meso-course-dialog.h"
#include "meso-enum-row.h"
#include "meso-patient-picker.h"
#include "meso-preferences-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-waitlist.h"
#include "meso-waitlist-window.h"
#include "meso-window.h"

/* Friday 20 November 2026, 23:59:30 in Istanbul (20:59:30 UTC). */
#define ISTANBUL_LAST_MINUTE 1795208370
/* Wednesday 25 November 2026, 08:00 UTC: a working day, whatever the date. */
#define WEDNESDAY_MORNING 1795593600

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
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  MesoDb *db;
  GDate today;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  admin = meso_test_add_resources (f->context, NULL, NULL);
  receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ayşe");
  meso_test_date (&today, 2026, 11, 20);
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->context), patient,
                                          NULL, &today, &error));
  g_assert_no_error (error);
  /* @data: the clinic's time zone, and its clock stopped a minute before
   * midnight there. */
  if (data != NULL)
    {
      meso_db_set_actor (db, admin);
      g_assert_true (meso_clinic_set_text (meso_context_get_clinic (f->context),
                                           MESO_CLINIC_TIME_ZONE, data, &error));
      g_assert_no_error (error);
      meso_clock_set_now (meso_context_get_clock (f->context), ISTANBUL_LAST_MINUTE);
    }
  meso_db_set_actor (db, NULL);

  f->window = meso_test_show_window (f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static GtkWidget *
find_window (const char *type_name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (g_str_equal (G_OBJECT_TYPE_NAME (window), type_name) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
course_dialog_open (gpointer data)
{
  return find_window ("MesoCourseDialog") != NULL;
}

static gboolean
course_dialog_closed (gpointer data)
{
  return find_window ("MesoCourseDialog") == NULL;
}

static GtkWidget *
patient_matches (GtkWidget *dialog)
{
  GtkWidget *picker = meso_test_find_by_type (dialog, g_type_from_name ("MesoPatientPicker"));

  return meso_test_find_by_type (picker, GTK_TYPE_LIST_BOX);
}

static gboolean
patient_found (gpointer dialog)
{
  GtkWidget *matches = patient_matches (dialog);

  return matches != NULL && gtk_widget_get_visible (matches) &&
         gtk_list_box_get_row_at_index (GTK_LIST_BOX (matches), 0) != NULL;
}

static gboolean
sessions_shown (gpointer dialog)
{
  return gtk_widget_get_visible (meso_test_get_widget (dialog, "sessions_group"));
}

static guint
count_in_week_view (Fixture *f)
{
  GtkWidget *view = meso_test_find_by_type (GTK_WIDGET (f->window), MESO_TYPE_CALENDAR_VIEW);

  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (view));
  return meso_calendar_view_count_visible (MESO_CALENDAR_VIEW (view));
}

/* For meso_test_iterate_until(): the grid of @data's window shows the days
 * from the Julian day in a GDate at ->date: the calendar draws a range when
 * its appointments, read off the main loop, have come. */
typedef struct
{
  Fixture *f;
  GDate    date;
} GridWait;

static gboolean
grid_shows (gpointer data)
{
  GridWait *wait = data;
  GtkWidget *view = meso_test_find_by_type (GTK_WIDGET (wait->f->window),
                                            MESO_TYPE_CALENDAR_VIEW);
  GDate first;

  meso_calendar_view_get_first_day (MESO_CALENDAR_VIEW (view), &first);
  return g_date_valid (&first) && g_date_compare (&first, &wait->date) == 0;
}

/* Waits until the grid shows the week from @year-@month-@day. */
static void
wait_for_week (Fixture *f,
               int      year,
               int      month,
               int      day)
{
  GridWait wait = { f };

  meso_test_date (&wait.date, year, month, day);
  meso_test_iterate_until (grid_shows, &wait, "the week's appointments");
}

static void
test_book_course (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *dialog, *entry, *matches, *page, *date_button;
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(GPtrArray) booked = NULL;
  g_autoptr(GError) error = NULL;

  /* The receptionist signs in; the calendar is the first thing she sees. */
  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window), "view_stack"))),
                   ==, "calendar");

  page = meso_test_find_by_type (GTK_WIDGET (f->window), g_type_from_name ("MesoCalendarPage"));
  gtk_widget_activate_action (page, "calendar.book-course", NULL);
  meso_test_iterate_until (course_dialog_open, NULL, "the course planner");
  dialog = find_window ("MesoCourseDialog");

  /* Find the patient by name and choose her. */
  entry = meso_test_find_by_type (meso_test_find_by_type (dialog, g_type_from_name ("MesoPatientPicker")),
                        GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ayşe");
  meso_test_iterate_until (patient_found, dialog, "the patient search");
  matches = patient_matches (dialog);
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (matches), 0)));

  /* Plan A (listed first), Mondays at 10:00 from 23 November 2026. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_get_widget (dialog, "protocol_row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (meso_test_get_widget (dialog, "start_row")), "2026-11-23");
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_get_widget (dialog, "weekday_row")), 1);
  gtk_editable_set_text (GTK_EDITABLE (meso_test_get_widget (dialog, "time_row")), "10:00");
  gtk_widget_activate (meso_test_get_widget (dialog, "preview_button"));
  meso_test_iterate_until (sessions_shown, dialog, "the preview");
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (dialog, "error_label")));
  g_assert_true (gtk_widget_get_sensitive (meso_test_get_widget (dialog, "book_button")));

  gtk_widget_activate (meso_test_get_widget (dialog, "book_button"));
  meso_test_iterate_until (course_dialog_closed, NULL, "the planner to close");

  /* The week of the first session is shown, with it in it; one a week after. */
  date_button = meso_test_get_widget (page, "date_button");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (date_button)), ==, "23–29 Nov 2026");
  wait_for_week (f, 2026, 11, 23);
  g_assert_cmpuint (count_in_week_view (f), ==, 1);
  gtk_widget_activate_action (page, "calendar.next", NULL);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (date_button)), ==,
                   "30 Nov–6 Dec 2026");
  wait_for_week (f, 2026, 11, 30);
  g_assert_cmpuint (count_in_week_view (f), ==, 1);

  /* All eight sessions of Plan A are booked, as one course. */
  booked = meso_schedule_list_patient (schedule, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (booked->len, ==, 8);
  for (guint i = 0; i < booked->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (booked, i);

      g_assert_cmpint (session->course_id, ==, ((MesoAppointment *) booked->pdata[0])->course_id);
      g_assert_cmpuint (session->course_position, ==, i + 1);
    }
}

/* The treatment room's calendar shows the week; the front desk (another
 * connection to the file, as another workstation is) books a session in
 * it: the session appears within a second, with nobody touching this
 * window. */
static void
test_booked_elsewhere (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) desk = meso_context_open (meso_context_get_address (f->context), FALSE,
                                                   &error);
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(MesoAppointment) session = meso_appointment_new ();
  guint before;
  gint64 booked_at;

  g_assert_no_error (error);
  meso_clock_set_now (meso_context_get_clock (f->context), WEDNESDAY_MORNING);
  meso_clock_set_now (meso_context_get_clock (desk), WEDNESDAY_MORNING);
  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window), "view_stack"))),
                   ==, "calendar");
  wait_for_week (f, 2026, 11, 23);
  before = count_in_week_view (f);

  receptionist = meso_test_sign_in (meso_context_get_db (desk), MESO_ROLE_RECEPTIONIST,
                                    "Selin Demir");
  session->patient_id = 1;
  session->practitioner_id = 1;
  session->room_id = 1;
  session->starts_at = WEDNESDAY_MORNING + 2 * 3600;
  session->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (desk), session, &error));
  g_assert_no_error (error);
  booked_at = g_get_monotonic_time ();

  while (count_in_week_view (f) == before &&
         g_get_monotonic_time () - booked_at < MESO_TEST_TIMEOUT_US)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_in_week_view (f), ==, before + 1);
  g_assert_cmpint (g_get_monotonic_time () - booked_at, <, G_USEC_PER_SEC);
}

static GtkWidget *
week_view (Fixture *f)
{
  GtkWidget *view = meso_test_find_by_type (GTK_WIDGET (f->window), MESO_TYPE_CALENDAR_VIEW);

  g_assert_nonnull (view);
  return view;
}

static void
assert_today (Fixture *f,
              int      day)
{
  GDate today;

  meso_calendar_view_get_today (MESO_CALENDAR_VIEW (week_view (f)), &today);
  g_assert_true (g_date_valid (&today));
  g_assert_cmpint (g_date_get_year (&today), ==, 2026);
  g_assert_cmpint (g_date_get_month (&today), ==, 11);
  g_assert_cmpint (g_date_get_day (&today), ==, day);
}

/* A window left open overnight: the highlight moves at the clinic's
 * midnight, three hours before the workstation's. */
static void
test_today_at_midnight (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *page, *date_button;

  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
  page = meso_test_find_by_type (GTK_WIDGET (f->window), g_type_from_name ("MesoCalendarPage"));
  date_button = meso_test_get_widget (page, "date_button");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (date_button)), ==, "16–22 Nov 2026");
  assert_today (f, 20);

  /* 00:00:10 in Istanbul, 21:00:10 on Friday in UTC. */
  meso_clock_set_now (meso_context_get_clock (f->context), ISTANBUL_LAST_MINUTE + 40);
  assert_today (f, 21);

  /* "Today" goes to the clinic's today too: still this week, Saturday. */
  gtk_widget_activate_action (page, "calendar.view", "s", "day");
  gtk_widget_activate_action (page, "calendar.today", NULL);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (date_button)), ==,
                   "Sat 21 Nov 2026");
}

static gboolean
gone (gpointer data)
{
  return !meso_test_widget_shown (data);
}

/* The last backup's time in the preferences and the History's times are
 * the clinic's, not the workstation's. */
static void
test_times_in_clinic_zone (Fixture       *f,
                           gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);
  MesoAuditStore *audit_store = meso_context_get_audit_store (f->context);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *backup = g_build_filename (folder, "mesodesk-20261120T213000Z.db", NULL);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) at_clinic = NULL;
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  g_autofree char *clinic_time = NULL;
  g_autofree char *utc_time = NULL;
  g_autoptr(GError) error = NULL;
  MesoPreferencesWindow *preferences;
  MesoAuditWindow *audit;
  MesoTestWidgetWait wait;

  /* A backup taken at 21:30 UTC, 00:30 the next day at the clinic (newer
   * than the one the window takes at the clinic's 23:59). */
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (backup, "", 0, NULL));
  preferences = meso_preferences_window_new (f->context);
  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (meso_test_get_widget (
                                             GTK_WIDGET (preferences), "backups_page")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     meso_test_get_widget (GTK_WIDGET (preferences), "last_backup_row"))),
                   ==, "2026-11-21 00:30");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The patient's record was saved at some instant: History shows it in
   * Istanbul's time, three hours from UTC's. */
  history = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT, 1, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  at = g_date_time_new_from_iso8601 (meso_audit_entry_get_at (history->pdata[0]), NULL);
  g_assert_nonnull (at);
  at_clinic = g_date_time_to_timezone (at, istanbul);
  clinic_time = g_date_time_format (at_clinic, "%-d %B %Y, %H:%M:%S");
  utc_time = g_date_time_format (at, "%-d %B %Y, %H:%M:%S");
  g_assert_cmpstr (clinic_time, !=, utc_time);

  audit = meso_audit_window_new (f->context, MESO_AUDIT_BY_PATIENT, 1, "Yılmaz, Ayşe");
  gtk_window_present (GTK_WINDOW (audit));
  meso_test_iterate_until (meso_test_window_shown, audit, "the History");
  wait = (MesoTestWidgetWait) { GTK_WIDGET (audit), meso_test_is_label_showing, clinic_time };
  meso_test_iterate_until (meso_test_widget_shown, &wait,
                           "the change's time in the clinic's zone");
  g_assert_null (meso_test_find_where (GTK_WIDGET (audit), FALSE, meso_test_is_label_showing,
                                       utc_time));
  gtk_window_destroy (GTK_WINDOW (audit));
}

/* An administrator edits what the calendar books against on the Calendar
 * page of the preferences: each row saves what it shows, to what it is
 * about (a weekday, a holiday, a practitioner's days off, a protocol). */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (f->context),
                                                  MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  GtkWidget *window = adw_preferences_window_new ();
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GError) error = NULL;
  MesoResources *resources;
  MesoPractitioner *practitioner;
  MesoHours monday;
  guint maintenance_days = 0;
  GtkWidget *row, *plan;
  MesoTestWidgetWait wait = { window, meso_test_is_row_titled, "Fri 25 Dec 2026" };

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window),
                              ADW_PREFERENCES_PAGE (meso_calendar_settings_new (f->context)));
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the settings");

  row = meso_test_find_row (window, "Open on Monday (empty: closed)");
  gtk_editable_set_text (GTK_EDITABLE (row), "10:00-16:00");
  g_signal_emit_by_name (row, "apply");
  resources = meso_schedule_get_resources (schedule, &error);
  g_assert_no_error (error);
  monday = meso_resources_get_opening_hours (resources, G_DATE_MONDAY);
  g_assert_cmpuint (monday.opens, ==, 10 * 60);
  g_assert_cmpuint (monday.closes, ==, 16 * 60);

  row = meso_test_find_row (window, "Add a holiday: 2026-12-25 Christmas Day");
  gtk_editable_set_text (GTK_EDITABLE (row), "2026-12-25 Christmas Day");
  g_signal_emit_by_name (row, "apply");
  meso_test_iterate_until (meso_test_widget_shown, &wait, "the holiday");
  g_signal_emit_by_name (meso_test_find_button (meso_test_find_row (window, wait.text),
                                                "_Remove"), "clicked");
  meso_test_iterate_until (gone, &wait, "the holiday removed");
  resources = meso_schedule_get_resources (schedule, &error);
  g_assert_cmpuint (meso_resources_get_holidays (resources)->len, ==, 0);

  row = meso_test_find_row (meso_test_find_row (window, "Dr. Elif Aydın"),
                            "Add days off: 2026-12-24 to 2026-12-31 holiday");
  gtk_editable_set_text (GTK_EDITABLE (row), "2026-12-28 to 2026-12-30 congress");
  g_signal_emit_by_name (row, "apply");
  wait.text = "Away 28 Dec 2026 – 30 Dec 2026";
  meso_test_iterate_until (meso_test_widget_shown, &wait, "the days off");
  resources = meso_schedule_get_resources (schedule, &error);
  practitioner = meso_resources_find_practitioner (resources, 1);
  g_assert_cmpstr (practitioner->name, ==, "Dr. Elif Aydın");
  g_assert_cmpuint (practitioner->days_off->len, ==, 1);
  g_signal_emit_by_name (meso_test_find_button (meso_test_find_row (window, wait.text),
                                                "_Remove"), "clicked");
  meso_test_iterate_until (gone, &wait, "the days off removed");

  /* The word between the days is the user's own. The rows were made
   * again with the days off: found again. */
  row = meso_test_find_row (meso_test_find_row (window, "Dr. Elif Aydın"),
                            "Add days off: 2026-12-24 to 2026-12-31 holiday");
  gtk_editable_set_text (GTK_EDITABLE (row), "2026-12-28 по 2026-12-30 конгресс");
  g_signal_emit_by_name (row, "apply");
  meso_test_iterate_until (meso_test_widget_shown, &wait, "the days off typed in Russian");
  resources = meso_schedule_get_resources (schedule, &error);
  practitioner = meso_resources_find_practitioner (resources, 1);
  g_assert_cmpuint (practitioner->days_off->len, ==, 1);
  g_assert_cmpstr (g_array_index (practitioner->days_off, MesoDayOff, 0).reason, ==, "конгресс");
  g_signal_emit_by_name (meso_test_find_button (meso_test_find_row (window, wait.text),
                                                "_Remove"), "clicked");
  meso_test_iterate_until (gone, &wait, "the days off removed again");

  plan = meso_test_find_row (window, "Plan A");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_find_by_type (plan,
                                                                      GTK_TYPE_SPIN_BUTTON)),
                             90);
  g_signal_emit_by_name (meso_test_find_button (plan, "_Save Changes"), "clicked");
  protocols = meso_schedule_list_protocols (schedule, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < protocols->len; i++)
    {
      MesoProtocol *protocol = g_ptr_array_index (protocols, i);

      if (g_str_equal (protocol->name, "Plan A"))
        maintenance_days = protocol->maintenance_days;
    }
  g_assert_cmpuint (maintenance_days, ==, 90);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The question headed @heading, if one is open. */
static GtkWidget *
find_question (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
question_shown (gpointer heading)
{
  return find_question (heading) != NULL;
}

static gboolean
offer_dialog_open (gpointer data)
{
  GtkWidget *dialog = find_window ("MesoAppointmentDialog");

  return dialog != NULL &&
         meso_patient_picker_get_patient (MESO_PATIENT_PICKER (meso_test_find_by_type (
           dialog, MESO_TYPE_PATIENT_PICKER))) == (gint64) GPOINTER_TO_SIZE (data);
}

static guint
count_active (MesoSchedule *schedule,
              gint64        patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) appointments = meso_schedule_list_patient (schedule, patient_id, &error);
  guint active = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < appointments->len; i++)
    active += meso_appointment_is_active (appointments->pdata[i]);
  return active;
}

/* A course session cancelled at the desk: the page proposes rebooking it,
 * books the proposal when asked to, then offers the freed slot to the
 * waitlist, and opens the offered appointment for the patient chosen. */
static void
test_rebook_and_offer (Fixture       *f,
                       gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(MesoPatient) lucia = meso_patient_new ();
  g_autoptr(MesoWaitlistEntry) entry = meso_waitlist_entry_new ();
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  MesoProtocol *protocol;
  MesoCourse course;
  GtkWidget *dialog;
  GDate day;

  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");

  /* Ayşe's course starts next week, on Mondays at 10:00; Lucía waits for
   * any half hour. */
  protocols = meso_schedule_list_protocols (schedule, &error);
  g_assert_no_error (error);
  protocol = protocols->pdata[0];
  course = (MesoCourse) {
    .patient_id = 1, .protocol_name = protocol->name, .practitioner_id = 1, .room_id = 1,
    .weekday = G_DATE_MONDAY, .minute_of_day = 10 * 60,
    .sessions = meso_protocol_count_sessions (protocol),
    .maintenance_days = protocol->maintenance_days,
  };
  meso_context_get_today (f->context, &day);
  g_date_add_days (&day, 7);
  sessions = meso_course_plan (schedule, protocol, &course, &day, &error);
  g_assert_no_error (error);
  g_assert_true (meso_schedule_book (schedule, &course, sessions, &error));
  g_assert_no_error (error);
  meso_patient_set_field (lucia, MESO_PATIENT_FAMILY_NAME, "García");
  meso_patient_set_field (lucia, MESO_PATIENT_GIVEN_NAME, "Lucía");
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->context), lucia,
                                          NULL, &day, &error));
  g_assert_no_error (error);
  entry->patient_id = meso_patient_get_id (lucia);
  entry->minutes = 30;
  entry->weekdays = 0x7f;
  entry->latest = 24 * 60;
  g_assert_true (meso_waitlist_add (schedule, entry, &error));
  g_assert_no_error (error);

  meso_calendar_page_open_appointment (
    MESO_CALENDAR_PAGE (meso_test_find_by_type (GTK_WIDGET (f->window), MESO_TYPE_CALENDAR_PAGE)),
    ((MesoAppointment *) sessions->pdata[0])->id);
  dialog = find_window ("MesoAppointmentDialog");
  g_assert_nonnull (dialog);
  meso_enum_row_set_value (ADW_COMBO_ROW (meso_test_get_widget (dialog, "status_row")),
                           MESO_STATUS_CANCELLED);
  gtk_widget_activate (meso_test_get_widget (dialog, "save_button"));
  meso_test_iterate_until (question_shown, (gpointer) "Rebook the Missed Session?",
                           "the rebooking");
  g_assert_cmpuint (count_active (schedule, 1), ==, sessions->len - 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_question ("Rebook the Missed Session?")),
                               "rebook");
  g_assert_cmpuint (count_active (schedule, 1), ==, sessions->len);

  meso_test_iterate_until (question_shown, (gpointer) "A Slot Is Free", "the waitlist's offer");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_question ("A Slot Is Free")), "offer-0");
  meso_test_iterate_until (offer_dialog_open, GSIZE_TO_POINTER (entry->patient_id),
                           "the offered appointment");
  gtk_window_destroy (GTK_WINDOW (find_window ("MesoAppointmentDialog")));
}

static gboolean
toasted_wednesday (gpointer window)
{
  g_autofree char *toasts = meso_test_dup_toasts (window);

  return g_str_has_prefix (toasts, "Wednesday: ");
}

/* The practitioner's form saves all it shows, twice in a row (at the
 * revision the first save left), and names the weekday whose hours it
 * cannot read; the clinic's first-session length and a new room are
 * stored from the page too. */
static void
test_settings_practitioner (Fixture       *f,
                            gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (f->context),
                                                  MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  GtkWidget *window = adw_preferences_window_new ();
  g_autoptr(GError) error = NULL;
  MesoResources *resources;
  MesoPractitioner *practitioner;
  GtkWidget *expander, *spin;
  guint rooms;
  gboolean new_room = FALSE;
  MesoTestWidgetWait wait = { window, meso_test_is_row_titled, "Dr. Elif Aydın Kaya" };

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window),
                              ADW_PREFERENCES_PAGE (meso_calendar_settings_new (f->context)));
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the settings");

  expander = meso_test_find_row (window, "Dr. Elif Aydın");
  gtk_editable_set_text (GTK_EDITABLE (meso_test_find_row (expander, "Name")),
                         "Dr. Elif Aydın Kaya");
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_by_type (
                           meso_test_find_row (expander, "Own working hours"), GTK_TYPE_SWITCH)),
                         TRUE);
  gtk_editable_set_text (GTK_EDITABLE (meso_test_find_row (expander, "Tuesday")), "09:00-13:00");
  g_signal_emit_by_name (meso_test_find_button (expander, "_Save Changes"), "clicked");
  resources = meso_schedule_get_resources (schedule, &error);
  g_assert_no_error (error);
  practitioner = meso_resources_find_practitioner (resources, 1);
  g_assert_cmpstr (practitioner->name, ==, "Dr. Elif Aydın Kaya");
  g_assert_true (practitioner->own_hours);
  g_assert_cmpuint (practitioner->hours[G_DATE_TUESDAY].opens, ==, 9 * 60);
  g_assert_cmpuint (practitioner->hours[G_DATE_TUESDAY].closes, ==, 13 * 60);

  /* A second save from the same form, before the page is rebuilt. */
  gtk_editable_set_text (GTK_EDITABLE (meso_test_find_row (expander, "Tuesday")), "09:00-12:00");
  g_signal_emit_by_name (meso_test_find_button (expander, "_Save Changes"), "clicked");
  resources = meso_schedule_get_resources (schedule, &error);
  practitioner = meso_resources_find_practitioner (resources, 1);
  g_assert_cmpuint (practitioner->hours[G_DATE_TUESDAY].closes, ==, 12 * 60);

  meso_test_iterate_until (meso_test_widget_shown, &wait, "the renamed practitioner");
  expander = meso_test_find_row (window, wait.text);
  gtk_editable_set_text (GTK_EDITABLE (meso_test_find_row (expander, "Wednesday")), "nonsense");
  g_signal_emit_by_name (meso_test_find_button (expander, "_Save Changes"), "clicked");
  meso_test_iterate_until (toasted_wednesday, window, "the refusal naming Wednesday");

  spin = meso_test_find_by_type (meso_test_find_row (window, "First session of a course"),
                                 GTK_TYPE_SPIN_BUTTON);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 45);
  g_assert_cmpint (meso_clinic_get_number (clinic, MESO_CLINIC_FIRST_SESSION_MINUTES), ==, 45);

  resources = meso_schedule_get_resources (schedule, &error);
  rooms = meso_resources_get_rooms (resources)->len;
  g_signal_emit_by_name (meso_test_find_button (window, "Add _Room"), "clicked");
  resources = meso_schedule_get_resources (schedule, &error);
  g_assert_cmpuint (meso_resources_get_rooms (resources)->len, ==, rooms + 1);
  for (guint i = 0; i <= rooms; i++)
    new_room |= g_str_equal (((MesoRoom *) meso_resources_get_rooms (resources)->pdata[i])->name,
                             "New room");
  g_assert_true (new_room);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The text of item @position of the combo row @id in @root. */
static const char *
combo_item (GtkWidget  *root,
            const char *id,
            guint       position)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (meso_test_get_widget (root, id)));
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static const char *
entry_text (GtkWidget  *root,
            const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (root, id)));
}

/* Each widget takes the context as a construct-only property, so a .ui file
 * can declare it: built that way, each shows the clinic's data. */
static void
test_declared (Fixture       *f,
               gconstpointer  data)
{
  static const char ui[] =
    "<interface>"
    "  <object class='MesoCalendarPage' id='page'>"
    "    <property name='context'>context</property>"
    "    <property name='view'>day</property>"
    "  </object>"
    "</interface>";
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkWidget) page = NULL;
  g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (schedule, NULL);
  g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
  g_autoptr(GError) error = NULL;
  MesoPractitioner *practitioner;
  GtkWidget *window, *button;
  GListModel *model;
  gint64 entry_id;

  /* The calendar page, from a .ui string, opens on the clinic's today. */
  g_type_ensure (MESO_TYPE_CALENDAR_PAGE);
  gtk_builder_expose_object (builder, "context", G_OBJECT (f->context));
  g_assert_true (gtk_builder_add_from_string (builder, ui, -1, &error));
  g_assert_no_error (error);
  page = g_object_ref (GTK_WIDGET (gtk_builder_get_object (builder, "page")));
  button = meso_test_get_widget (page, "date_button");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Fri 20 Nov 2026");

  /* The course planner lists the protocols and starts tomorrow. */
  g_assert_nonnull (protocols);
  g_assert_cmpuint (protocols->len, >, 0);
  window = g_object_new (MESO_TYPE_COURSE_DIALOG, "context", f->context, NULL);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (meso_test_get_widget (window, "protocol_row")));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, protocols->len);
  g_assert_true (g_str_has_prefix (combo_item (window, "protocol_row", 0),
                                   ((MesoProtocol *) protocols->pdata[0])->name));
  g_assert_cmpstr (entry_text (window, "start_row"), ==, "2026-11-21");
  gtk_window_destroy (GTK_WINDOW (window));

  /* The waitlist offers the practitioners, after anyone. */
  window = g_object_new (MESO_TYPE_WAITLIST_WINDOW, "context", f->context, NULL);
  g_assert_cmpstr (combo_item (window, "practitioner_row", 0), ==, "Anyone");
  practitioner = g_ptr_array_index (meso_resources_get_practitioners (resources), 0);
  g_assert_cmpstr (combo_item (window, "practitioner_row", 1), ==, practitioner->name);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The appointment dialog shows its appointment in the clinic's time. */
  appointment->patient_id = 1;
  appointment->starts_at = ISTANBUL_LAST_MINUTE - 50370;   /* 10:00 in Istanbul */
  appointment->minutes = 45;
  window = g_object_new (MESO_TYPE_APPOINTMENT_DIALOG, "context", f->context,
                         "appointment", appointment, "waitlist-entry-id", (gint64) 7, NULL);
  g_assert_cmpstr (entry_text (window, "date_row"), ==, "2026-11-20");
  g_assert_cmpstr (entry_text (window, "time_row"), ==, "10:00");
  button = meso_test_get_widget (window, "minutes_spin");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (button)), ==, 45);
  g_object_get (window, "waitlist-entry-id", &entry_id, NULL);
  g_assert_cmpint (entry_id, ==, 7);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/calendar/book-course", Fixture, NULL, fixture_set_up, test_book_course,
              fixture_tear_down);
  g_test_add ("/meso/gui/calendar/booked-elsewhere", Fixture, NULL, fixture_set_up,
              test_booked_elsewhere, fixture_tear_down);
  g_test_add ("/meso/gui/calendar/rebook-and-offer", Fixture, NULL, fixture_set_up,
              test_rebook_and_offer, fixture_tear_down);
  g_test_add ("/meso/gui/calendar/settings", Fixture, NULL, fixture_set_up, test_settings,
              fixture_tear_down);
  g_test_add ("/meso/gui/calendar/settings-practitioner", Fixture, NULL, fixture_set_up,
              test_settings_practitioner, fixture_tear_down);
  g_test_add ("/meso/gui/calendar/declared", Fixture, "Europe/Istanbul", fixture_set_up,
              test_declared, fixture_tear_down);
  g_test_add ("/meso/gui/calendar/today-at-midnight", Fixture, "Europe/Istanbul", fixture_set_up,
              test_today_at_midnight, fixture_tear_down);
  g_test_add ("/meso/gui/calendar/times-in-clinic-zone", Fixture, "Europe/Istanbul",
              fixture_set_up, test_times_in_clinic_zone, fixture_tear_down);

  return g_test_run ();
}
