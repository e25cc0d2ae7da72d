/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-lock.c: the idle lock and the windows opened from the main one.
 * A physician grades a scalp map with real key presses (XTEST, through the
 * X server and GTK's whole input path) while the lock time passes on the
 * idle timer's clock: the workstation stays unlocked. Left alone, it locks,
 * hides the map with its unsaved grades, and the next keys go to the PIN;
 * she signs in again and finds the map as she left it. When someone else
 * signs in instead, the map is closed and both are told. */
#include <adwaita.h>

#include "meso-appointment-dialog.h"
#include "meso-calendar-page.h"
#include "meso-patients-page.h"
#include "meso-scalp-map-view.h"
#include "meso-scalp-store.h"
#include "meso-scalp-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-keys.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-window.h"

/* On the sign-in screen, by name. */
#define PHYSICIAN_ROW 1
#define RECEPTIONIST_ROW 2

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoAppointment *session;
  MesoWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  MesoDb *db;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  f->session = meso_test_book_session (f->context, FALSE, &physician);
  receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  admin = meso_staff_store_load (meso_context_get_staff_store (f->context), 1, &error);
  g_assert_no_error (error);
  meso_db_set_actor (db, admin);
  /* The shortest lock time the preferences allow. */
  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_LOCK_MINUTES, 1, &error));
  g_assert_no_error (error);
  meso_db_set_actor (db, NULL);

  f->window = meso_test_show_window (f->context);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static void
sign_in (Fixture *f,
         guint    row)
{
  meso_test_enter_pin (GTK_WIDGET (f->window), row, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "someone to sign in");
}

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gboolean
scalp_window_open (gpointer data)
{
  return find_window (MESO_TYPE_SCALP_WINDOW) != NULL;
}

/* As a physician does it: the session's appointment, then its Scalp Map…
 * button; the map opens over the appointment, over the main window. */
static MesoScalpWindow *
open_scalp_map (Fixture *f)
{
  MesoCalendarPage *page = MESO_CALENDAR_PAGE (meso_test_find_by_type (GTK_WIDGET (f->window),
                                                                       MESO_TYPE_CALENDAR_PAGE));
  GtkWindow *dialog;
  GtkWindow *map;

  meso_calendar_page_open_appointment (page, f->session->id);
  dialog = find_window (MESO_TYPE_APPOINTMENT_DIALOG);
  g_assert_nonnull (dialog);
  meso_test_iterate_until (meso_test_window_shown, dialog, "the appointment");
  gtk_widget_activate (meso_test_get_widget (GTK_WIDGET (dialog), "scalp_button"));
  /* A button's activation is a short press: it clicks when that is over. */
  meso_test_iterate_until (scalp_window_open, NULL, "the scalp map to open");
  map = find_window (MESO_TYPE_SCALP_WINDOW);
  g_assert_true (gtk_window_get_transient_for (map) == dialog);
  meso_test_iterate_until (meso_test_window_shown, map, "the scalp map");
  return MESO_SCALP_WINDOW (map);
}

static MesoScalpMapView *
map_view (MesoScalpWindow *window)
{
  return MESO_SCALP_MAP_VIEW (meso_test_find_by_type (GTK_WIDGET (window),
                                                      MESO_TYPE_SCALP_MAP_VIEW));
}

static MesoScalpMap *
scalp_map (MesoScalpWindow *window)
{
  return meso_scalp_map_view_get_map (map_view (window));
}

typedef struct
{
  MesoScalpWindow *window;
  MesoScalpZone    zone;
  MesoGrade        grade;
} Expect;

static gboolean
zone_selected (gpointer data)
{
  Expect *e = data;

  return meso_scalp_map_view_get_selected (map_view (e->window)) == e->zone;
}

static gboolean
zone_left (gpointer data)
{
  return !zone_selected (data);
}

static gboolean
zone_graded (gpointer data)
{
  Expect *e = data;

  return meso_scalp_map_get_grade (scalp_map (e->window), e->zone) == e->grade;
}

/* Right to the next zone, a digit to grade it: each key is waited for
 * until the map shows it. Returns: the zone graded. */
static MesoScalpZone
grade_next_zone (MesoScalpWindow *window,
                 MesoGrade        grade)
{
  Expect e = { window, meso_scalp_map_view_get_selected (map_view (window)), grade };

  meso_test_press_key (GDK_KEY_Right);
  meso_test_iterate_until (zone_left, &e, "the Right key in the scalp map");
  e.zone = meso_scalp_map_view_get_selected (map_view (window));
  meso_test_press_key (GDK_KEY_0 + grade);
  meso_test_iterate_until (zone_graded, &e, "the digit key in the scalp map");
  return e.zone;
}

static gboolean
locked (gpointer window)
{
  return g_strcmp0 (meso_test_visible_page (window, "main_stack"), "sign-in") == 0;
}

static const char *
pin_text (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                    "pin_row")));
}

static gboolean
pin_focused (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  GtkWidget *pin = meso_test_get_widget (GTK_WIDGET (f->window), "pin_row");

  return gtk_window_is_active (GTK_WINDOW (f->window)) && focus != NULL &&
         (focus == pin || gtk_widget_is_ancestor (focus, pin));
}

static gboolean
pin_typed (gpointer data)
{
  return g_strcmp0 (pin_text (data), MESO_TEST_PIN) == 0;
}

static void
test_scalp_input_keeps_unlocked (Fixture       *f,
                                 gconstpointer  data)
{
  MesoIdleTimer *timer = meso_window_get_idle_timer (f->window);
  MesoScalpWindow *window;
  GtkWindow *dialog;
  MesoScalpZone graded[5];
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoScalpMap) stored = NULL;
  g_autoptr(MesoScalpStore) store = NULL;

  sign_in (f, PHYSICIAN_ROW);
  window = open_scalp_map (f);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  dialog = gtk_window_get_transient_for (GTK_WINDOW (window));
  meso_test_focus_window (GTK_WINDOW (window));

  /* Two minutes of a one-minute lock time, a key in the map every 12 s
   * and none in the main window. */
  for (guint i = 0; i < 10; i++)
    {
      meso_idle_timer_advance (timer, 12 * G_USEC_PER_SEC);
      g_assert_true (meso_test_working (f->window));
      if (i % 2 == 0)
        graded[i / 2] = grade_next_zone (window, (i / 2) % 4 + 1);
      else
        {
          /* Left and back to the same zone: input, and the map unchanged. */
          Expect e = { window, graded[i / 2], 0 };

          meso_test_press_key (GDK_KEY_Left);
          meso_test_iterate_until (zone_left, &e, "the Left key in the scalp map");
          meso_test_press_key (GDK_KEY_Right);
          meso_test_iterate_until (zone_selected, &e, "the Right key in the scalp map");
        }
    }
  g_assert_true (meso_test_working (f->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* A minute alone: locked. The map and the appointment are hidden, not
   * closed, and take no keys; the keys go to the PIN. */
  meso_idle_timer_advance (timer, 61 * G_USEC_PER_SEC);
  g_assert_true (locked (f->window));
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));
  meso_test_iterate_until (pin_focused, f, "the PIN field to have the keyboard");
  for (const char *digit = MESO_TEST_PIN; *digit != '\0'; digit++)
    meso_test_press_key (GDK_KEY_0 + (*digit - '0'));
  meso_test_iterate_until (pin_typed, f, "the PIN typed");
  for (guint i = 0; i < G_N_ELEMENTS (graded); i++)
    g_assert_cmpint (meso_scalp_map_get_grade (scalp_map (window), graded[i]), ==, i % 4 + 1);

  /* Enter: the same physician is back, and so is her map, grades and all,
   * with the keyboard. Nothing was stored meanwhile. */
  meso_test_press_key (GDK_KEY_Return);
  meso_test_iterate_until (meso_test_working, f->window, "the physician to sign in again");
  g_assert_nonnull (window);
  meso_test_iterate_until (meso_test_window_shown, window, "the scalp map to come back");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  for (guint i = 0; i < G_N_ELEMENTS (graded); i++)
    g_assert_cmpint (meso_scalp_map_get_grade (scalp_map (window), graded[i]), ==, i % 4 + 1);
  store = g_object_ref (meso_context_get_scalp_store (f->context));
  g_assert_true (meso_scalp_store_load (store, f->session->id, &stored, &error));
  g_assert_no_error (error);
  g_assert_null (stored);
  meso_test_focus_window (GTK_WINDOW (window));
  grade_next_zone (window, MESO_GRADE_SEVERE);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (dialog);
}

/* The labels of the toasts and dialogs shown: the text a person reads. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static void
test_someone_else_signs_in (Fixture       *f,
                            gconstpointer  data)
{
  MesoScalpWindow *window;
  GtkWindow *notice;
  const char *body;

  sign_in (f, PHYSICIAN_ROW);
  window = open_scalp_map (f);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  meso_test_focus_window (GTK_WINDOW (window));
  grade_next_zone (window, MESO_GRADE_MODERATE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* The receptionist does not get the map: it is closed, and she is told
   * whose work was lost, and where. */
  sign_in (f, RECEPTIONIST_ROW);
  g_assert_null (window);
  g_assert_null (find_window (MESO_TYPE_APPOINTMENT_DIALOG));
  notice = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (notice);
  meso_test_iterate_until (meso_test_window_shown, notice, "the notice");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (notice)), ==,
                   "Unsaved Work Was Discarded");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (notice));
  g_assert_nonnull (strstr (body, "Dr. Elif Aydın left "));
  g_assert_nonnull (strstr (body, "“Scalp Map: Lucía García”"));
  g_assert_nonnull (strstr (body, "anything not saved in them is lost"));
  gtk_window_close (notice);
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the notice to close");

  /* The physician is told too, when she is back. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_false (shows_text (GTK_WIDGET (f->window), "You left "));
  sign_in (f, PHYSICIAN_ROW);
  g_assert_true (shows_text (GTK_WIDGET (f->window),
                             "were closed when Zeynep Kaya signed in: anything not saved"));
  g_assert_true (shows_text (GTK_WIDGET (f->window), "“Scalp Map: Lucía García”"));
  g_assert_null (find_window (MESO_TYPE_SCALP_WINDOW));
}

static gboolean
dialog_gone (gpointer data)
{
  return find_window (MESO_TYPE_APPOINTMENT_DIALOG) == NULL;
}

/* The appointment a map was opened from is closed, the map kept open: it
 * is still the physician's work, hidden by the lock, here locked with
 * Ctrl+L typed in the map itself. */
static void
test_map_outlives_its_appointment (Fixture       *f,
                                   gconstpointer  data)
{
  MesoScalpWindow *window;
  MesoScalpZone zone;

  sign_in (f, PHYSICIAN_ROW);
  window = open_scalp_map (f);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (find_window (MESO_TYPE_APPOINTMENT_DIALOG));
  meso_test_iterate_until (dialog_gone, NULL, "the appointment to close");
  g_assert_null (gtk_window_get_transient_for (GTK_WINDOW (window)));
  meso_test_focus_window (GTK_WINDOW (window));
  zone = grade_next_zone (window, MESO_GRADE_SEVERE);

  meso_test_press_control_key (GDK_KEY_l);
  meso_test_iterate_until (locked, f->window, "Ctrl+L in the scalp map to lock");
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  sign_in (f, PHYSICIAN_ROW);
  g_assert_nonnull (window);
  meso_test_iterate_until (meso_test_window_shown, window, "the map to come back");
  g_assert_cmpint (meso_scalp_map_get_grade (scalp_map (window), zone), ==, MESO_GRADE_SEVERE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Closing the locked window would close the map hidden behind the lock:
 * not without asking. */
static void
test_close_while_locked (Fixture       *f,
                         gconstpointer  data)
{
  MesoScalpWindow *window;
  GtkWindow *question;

  sign_in (f, PHYSICIAN_ROW);
  window = open_scalp_map (f);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_widget_activate_action (GTK_WIDGET (window), "scalp.grade", "i", MESO_GRADE_SEVERE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);

  gtk_window_close (GTK_WINDOW (f->window));
  question = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   "Discard Unsaved Work?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)),
                            "Dr. Elif Aydın left “Appointment” and “Scalp Map: Lucía García” "
                            "open"));
  g_assert_nonnull (f->window);
  g_assert_nonnull (window);

  /* Cancel: she can still come back to it. */
  gtk_window_close (question);
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the question to close");
  g_assert_nonnull (f->window);
  g_assert_nonnull (window);

  /* Asked again and told to discard, both close. */
  gtk_window_close (GTK_WINDOW (f->window));
  question = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "close");
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_WINDOW),
                           "the window to close");
  g_assert_null (f->window);
  g_assert_null (window);
  g_assert_null (find_window (MESO_TYPE_APPOINTMENT_DIALOG));
  if (find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL)
    gtk_window_destroy (find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static AdwViewStack *
view_stack (Fixture *f)
{
  return ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window), "view_stack"));
}

/* Shows work page @name, as its switcher button would, and returns the
 * page itself: the stack holds each in a container till it is first shown. */
static GtkWidget *
show_page (Fixture    *f,
           const char *name)
{
  GtkWidget *child;

  adw_view_stack_set_visible_child_name (view_stack (f), name);
  child = adw_view_stack_get_child_by_name (view_stack (f), name);
  g_assert_true (ADW_IS_BIN (child));
  g_assert_nonnull (adw_bin_get_child (ADW_BIN (child)));
  return adw_bin_get_child (ADW_BIN (child));
}

static const char *
family_name (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (meso_test_find_widget_in (
                                  GTK_WIDGET (f->window), "family_name_row", FALSE)));
}

/* The work pages are built once per window, not at each sign-in; the
 * receptionist who signs in after the physician finds them emptied of
 * the patient the physician had open, screening answers included. */
static void
test_pages_kept_across_sign_in (Fixture       *f,
                                gconstpointer  data)
{
  GtkWidget *today, *calendar, *patients, *clinical;

  sign_in (f, PHYSICIAN_ROW);
  today = show_page (f, "today");
  calendar = show_page (f, "calendar");
  patients = show_page (f, "patients");
  g_assert_true (MESO_IS_PATIENTS_PAGE (patients));
  meso_patients_page_show_patient (MESO_PATIENTS_PAGE (patients), f->session->patient_id);
  clinical = meso_test_find_widget_in (patients, "clinical_box", FALSE);
  g_assert_true (gtk_widget_get_visible (clinical));
  g_assert_cmpstr (family_name (f), ==, "García");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  sign_in (f, RECEPTIONIST_ROW);
  g_assert_true (show_page (f, "today") == today);
  g_assert_true (show_page (f, "calendar") == calendar);
  g_assert_true (show_page (f, "patients") == patients);
  /* Nothing of Lucía García's record, and no clinical part to fill. */
  g_assert_cmpstr (family_name (f), ==, "");
  g_assert_false (gtk_widget_get_visible (clinical));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (meso_test_find_widget_in (
                     patients, "content_stack", FALSE))), ==, "none");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("real key presses need an X display");
      return g_test_run ();
    }

  g_test_add ("/meso/gui/lock/scalp-input-keeps-unlocked", Fixture, NULL, fixture_set_up,
              test_scalp_input_keeps_unlocked, fixture_tear_down);
  g_test_add ("/meso/gui/lock/pages-kept-across-sign-in", Fixture, NULL, fixture_set_up,
              test_pages_kept_across_sign_in, fixture_tear_down);
  g_test_add ("/meso/gui/lock/someone-else-signs-in", Fixture, NULL, fixture_set_up,
              test_someone_else_signs_in, fixture_tear_down);
  g_test_add ("/meso/gui/lock/map-outlives-its-appointment", Fixture, NULL, fixture_set_up,
              test_map_outlives_its_appointment, fixture_tear_down);
  g_test_add ("/meso/gui/lock/close-while-locked", Fixture, NULL, fixture_set_up,
              test_close_while_locked, fixture_tear_down);

  return g_test_run ();
}
