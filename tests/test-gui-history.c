/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-history.c: the History window reads as people speak: the room
 * by its name, not its id; the time as the clinic's clock showed it, its
 * date in words; the scalp map's grades by zone; the patient by name; and
 * its filters narrow the rows. With MESO_TEST_SCREENSHOTS set to a folder,
 * the window is saved there at 1024 x 600 and 1280 x 800, light and dark. */
#include <string.h>

#include "meso-audit-window.h"
#include "meso-clinic.h"
#include "meso-scalp-store.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoStaff       *admin;
  gint64           patient_id;
  gint64           room_id;
  MesoAuditWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  MesoDb *db;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(MesoPatient) at_desk = NULL;
  g_autoptr(MesoAppointment) session = meso_appointment_new ();
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  MesoPatientStore *patients;
  gint64 practitioner_id;
  GDate today;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  patients = meso_context_get_patient_store (f->context);
  f->admin = meso_test_add_resources (f->context, &practitioner_id, &f->room_id);
  /* A clinic three hours from UTC, the workstation in UTC (TZ). */
  g_assert_true (meso_clinic_set_text (meso_context_get_clinic (f->context),
                                       MESO_CLINIC_TIME_ZONE, "Europe/Istanbul", &error));
  g_assert_no_error (error);
  receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");

  meso_db_set_actor (db, f->admin);
  meso_test_date (&today, 2026, 11, 20);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ayşe");
  g_assert_true (meso_patient_store_save (patients, patient, NULL, &today, &error));
  g_assert_no_error (error);
  f->patient_id = meso_patient_get_id (patient);
  session->patient_id = f->patient_id;
  session->practitioner_id = practitioner_id;
  session->room_id = f->room_id;
  session->starts_at = 1795428000;   /* Monday 2026-11-23, 13:00 in Istanbul */
  session->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), session, &error));
  g_assert_no_error (error);
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_FRONTAL, MESO_GRADE_MILD);
  g_assert_true (meso_scalp_store_save (meso_context_get_scalp_store (f->context), session->id,
                                        map, &error));
  g_assert_no_error (error);

  meso_db_set_actor (db, receptionist);
  at_desk = meso_patient_store_load (patients, f->patient_id, &error);
  g_assert_no_error (error);
  meso_patient_set_field (at_desk, MESO_PATIENT_PHONE, "+90 532 999 88 77");
  g_assert_true (meso_patient_store_save (patients, at_desk, NULL, &today, &error));
  g_assert_no_error (error);

  /* The administrator reads the history. */
  meso_db_set_actor (db, f->admin);
  f->window = meso_audit_window_new (f->context, MESO_AUDIT_BY_PATIENT, f->patient_id,
                                     "Yılmaz, Ayşe");
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the History");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->admin);
  meso_test_close_clinic (NULL, &f->context, &f->dir);
}

static gboolean
is_label_containing (GtkWidget    *widget,
                     gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static void
wait_for_label (Fixture       *f,
                MesoTestMatch  match,
                const char    *text)
{
  MesoTestWidgetWait wait = { GTK_WIDGET (f->window), match, text, TRUE };

  meso_test_iterate_until (meso_test_widget_shown, &wait, text);
}

static guint
rows (Fixture *f)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (meso_test_get_widget (GTK_WIDGET (f->window),
                                                               "column_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static void
test_reads (Fixture       *f,
            gconstpointer  data)
{
  MesoAuditStore *audit_store = meso_context_get_audit_store (f->context);
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) at_clinic = NULL;
  g_autofree char *clinic_time = NULL;
  g_autofree char *utc_time = NULL;
  g_autofree char *room_id = g_strdup_printf ("Room: %" G_GINT64_FORMAT, f->room_id);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = GTK_WIDGET (f->window);

  /* The room by its name; its id nowhere. */
  wait_for_label (f, is_label_containing, "Room: Room 1");
  g_assert_null (meso_test_find_where (window, FALSE, meso_test_is_label_showing, room_id));
  g_assert_null (meso_test_find_where (window, FALSE, is_label_containing, room_id));
  g_assert_nonnull (meso_test_find_where (window, FALSE, is_label_containing,
                                          "Starts: 23 November 2026, 13:00"));
  /* Grades by zone and grade, not an array. */
  g_assert_nonnull (meso_test_find_where (window, FALSE, is_label_containing,
                                          "Zone grades: Frontal hairline: Mild, "
                                          "Vertex (crown): Moderate"));
  g_assert_null (meso_test_find_where (window, FALSE, is_label_containing, "[1,0,0,0,2"));
  /* Whose record: the patient's name. */
  g_assert_nonnull (meso_test_find_where (window, FALSE, meso_test_is_label_showing, "Ayşe Yılmaz"));

  /* The newest change's time as the clinic's clock showed it, in words. */
  newest = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT, f->patient_id, 0, 1,
                                   &error);
  g_assert_no_error (error);
  at = g_date_time_new_from_iso8601 (meso_audit_entry_get_at (newest->pdata[0]), NULL);
  at_clinic = g_date_time_to_timezone (at, istanbul);
  clinic_time = g_date_time_format (at_clinic, "%-d %B %Y, %H:%M:%S");
  utc_time = g_date_time_format (at, "%-d %B %Y, %H:%M:%S");
  g_assert_cmpstr (clinic_time, !=, utc_time);
  g_assert_nonnull (meso_test_find_where (window, FALSE, meso_test_is_label_showing, clinic_time));
  g_assert_null (meso_test_find_where (window, FALSE, meso_test_is_label_showing, utc_time));
  g_assert_null (meso_test_find_where (window, FALSE, meso_test_is_label_showing,
                                       meso_audit_entry_get_at (newest->pdata[0])));

  meso_test_screenshot (GTK_WIDGET (f->window), "history-light", 1024, 600);
  meso_test_screenshot (GTK_WIDGET (f->window), "history-light", 1280, 800);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  meso_test_screenshot (GTK_WIDGET (f->window), "history-dark", 1024, 600);
  meso_test_screenshot (GTK_WIDGET (f->window), "history-dark", 1280, 800);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

/* Every filter narrows the rows, and lets them all through again. */
static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkDropDown *staff = GTK_DROP_DOWN (meso_test_get_widget (window, "staff_dropdown"));
  GtkDropDown *record = GTK_DROP_DOWN (meso_test_get_widget (window, "record_dropdown"));
  GtkWidget *from = meso_test_get_widget (window, "from_entry");
  GtkWidget *to = meso_test_get_widget (window, "to_entry");
  GtkWidget *error_label = meso_test_get_widget (window, "filter_error");
  const char *controls[] = { "staff_dropdown", "patient_entry", "record_dropdown", "from_entry",
                             "to_entry" };
  GListModel *names;
  guint all = rows (f), position = GTK_INVALID_LIST_POSITION;
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (f->context));
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow_typed = g_date_time_format (tomorrow, "%-d.%-m.%Y");
  g_autofree char *tomorrow_picked = g_date_time_format (tomorrow, "%Y-%m-%d");

  g_assert_cmpuint (all, >=, 4);
  /* Each control says what it is to a screen reader. */
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    g_assert_true (gtk_test_accessible_has_property (
                     GTK_ACCESSIBLE (meso_test_get_widget (window, controls[i])),
                     GTK_ACCESSIBLE_PROPERTY_LABEL));
  /* A patient's history: who changed it is the choice, the patient is not. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (staff)));
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (window, "patient_entry")));

  /* By staff member: only the receptionist's change. */
  names = gtk_drop_down_get_model (staff);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Zeynep Kaya") == 0)
      position = i;
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (staff, position);
  g_assert_cmpuint (rows (f), ==, 1);
  wait_for_label (f, is_label_containing, "Phone: — → +90 532 999 88 77");
  gtk_drop_down_set_selected (staff, 0);
  g_assert_cmpuint (rows (f), ==, all);

  /* By record: the scalp map alone. */
  names = gtk_drop_down_get_model (record);
  position = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Scalp map") == 0)
      position = i;
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (record, position);
  g_assert_cmpuint (rows (f), ==, 1);
  gtk_drop_down_set_selected (record, 0);
  g_assert_cmpuint (rows (f), ==, all);

  /* By days typed at the desk: none from tomorrow; a wrong date is said,
   * and the list stays. */
  gtk_editable_set_text (GTK_EDITABLE (from), tomorrow_typed);
  g_assert_cmpuint (rows (f), ==, 0);
  g_assert_cmpstr (meso_test_visible_page (window, "stack"), ==, "empty");
  gtk_editable_set_text (GTK_EDITABLE (from), "1.1.2020");
  g_assert_cmpuint (rows (f), ==, all);
  gtk_editable_set_text (GTK_EDITABLE (to), "31.02.2026");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (rows (f), ==, all);
  gtk_editable_set_text (GTK_EDITABLE (to), "");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (rows (f), ==, all);

  /* Or picked in the filter's calendar: written as typed days are. */
  gtk_calendar_select_day (GTK_CALENDAR (meso_test_get_widget (window, "from_calendar")), tomorrow);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), ==, tomorrow_picked);
  g_assert_cmpuint (rows (f), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (from), "");
  g_assert_cmpuint (rows (f), ==, all);
}

/* A staff member's history: the patient is the choice, found by name. */
static void
test_patient_filter (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoAuditWindow) window = NULL;
  GtkWidget *entry;
  GtkColumnView *view;
  guint all;

  window = g_object_ref_sink (meso_audit_window_new (f->context, MESO_AUDIT_BY_STAFF,
                                                     meso_staff_get_id (f->admin),
                                                     "Administrator"));
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the staff History");
  view = GTK_COLUMN_VIEW (meso_test_get_widget (GTK_WIDGET (window), "column_view"));
  all = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
  entry = meso_test_get_widget (GTK_WIDGET (window), "patient_entry");
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (window),
                                                                "staff_dropdown")));
  /* The search entry's own signal, without waiting for its delay. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ayse");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))),
                    <, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))),
                    >, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "nobody here");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))),
                    ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/gui/history/reads", test_reads);
  ADD ("/meso/gui/history/filters", test_filters);
  ADD ("/meso/gui/history/patient-filter", test_patient_filter);
#undef ADD

  return g_test_run ();
}
