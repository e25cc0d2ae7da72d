/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-reminders.c: reminders reach the staff on a private session bus.
 * First with no notification server: the reminder stays pending and shows
 * in Today, with a badge, until it is marked done there. Then with
 * python3-dbusmock's notification daemon: the Notify call carries the
 * reminder's summary, body and actions, and the daemon's action signals
 * snooze the reminder and open its appointment in the window; many due
 * at once make one notification. Last, an administrator edits a rule and
 * turns on starting with the session in the preferences. */
#include <adwaita.h>

#include "meso-appointment-dialog.h"
#include "config.h"
#include "meso-autostart.h"
#include "meso-lazy-page.h"
#include "meso-notifier.h"
#include "meso-preferences-window.h"
#include "meso-reminder-settings.h"
#include "meso-test-db.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-today-item.h"
#include "meso-today-page.h"
#include "meso-window.h"

#define HOUR 3600
#define DAY (24 * HOUR)
/* Lucía García's session: Monday 23 November 2026, 10:00 UTC. */
#define SESSION 1795428000
#define CONFIRM_SUMMARY "Confirm Lucía García’s appointment"
#define CONFIRM_BODY "Session with Dr. Elif Aydın on Monday 23 November at 10:00." \
                     " Phone: +34 600 123 456"
#define CONFIRM_PHONE "Phone: +34 600 123 456"

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoAppointment *session;
  MesoWindow      *window;
  MesoNotifier    *notifier;
  gint64           now;
} Fixture;

/* It is Sunday 10:00: the call to confirm Monday's session is due. The
 * physician has signed in. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoStaff) physician = NULL;
  MesoDb *db;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  f->session = meso_test_book_session (f->context, FALSE, &physician);
  g_assert_true (meso_db_exec (db, "UPDATE screening_answer SET asked_on = '2026-11-20'", NULL));
  meso_db_set_actor (db, NULL);
  f->now = SESSION - DAY;
  meso_clock_set_now (meso_context_get_clock (f->context), f->now);

  f->window = meso_test_show_window (f->context);
  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the physician to sign in");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->notifier);
  g_clear_object (&f->session);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static const char *
reminder_state (Fixture *f)
{
  static char state[16];
  MesoStmt *stmt = meso_db_prepare (meso_context_get_db (f->context),
                                        "SELECT state FROM reminder WHERE kind = 'confirm-call'",
                                        NULL);

  /* None until the first sync has made it. */
  g_strlcpy (state, meso_stmt_step (stmt) == MESO_STEP_ROW
                    ? meso_stmt_column_text (stmt, 0) : "none", sizeof state);
  meso_stmt_reset (stmt);
  return state;
}

static gboolean
no_server_answered (gpointer data)
{
  Fixture *f = data;

  return !meso_notifier_get_server_available (f->notifier);
}

static gboolean
call_shown (gpointer data)
{
  return g_strcmp0 (reminder_state (data), "shown") == 0;
}

static gboolean
four_shown (gpointer data)
{
  Fixture *f = data;

  return meso_test_query_int (meso_context_get_db (f->context),
                              "SELECT count (*) FROM reminder WHERE state = 'shown'") == 4;
}

static AdwViewStackPage *
today_stack_page (Fixture *f)
{
  AdwViewStack *stack = ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window),
                                                              "view_stack"));
  GtkWidget *today = adw_view_stack_get_child_by_name (stack, "today");

  g_assert_nonnull (today);
  return adw_view_stack_get_page (stack, today);
}

static gboolean
today_has_no_tasks (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (meso_test_visible_page (GTK_WIDGET (f->window), "today_stack"), "empty") == 0 &&
         adw_view_stack_page_get_badge_number (today_stack_page (f)) == 0;
}

static GtkWidget *find_button (GtkWidget *root, const char *icon_name);

/* Today's Mark Done button, by its icon: its tooltip is given only when
 * the pointer rests on it. */
#define MARK_DONE_ICON "object-select-symbolic"

/* Returns: (transfer none) (nullable): the reminder on line @position of
 * the Today list, if that line is one. */
static const MesoReminder *
today_line (Fixture *f,
            guint    position)
{
  GtkListView *list = GTK_LIST_VIEW (meso_test_get_widget (GTK_WIDGET (f->window), "today_list"));
  GListModel *lines = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(MesoTodayItem) line = g_list_model_get_item (lines, position);

  return line != NULL ? meso_today_item_get_reminder (line) : NULL;
}

static gboolean
today_lists_the_call (gpointer data)
{
  Fixture *f = data;
  const MesoReminder *first = today_line (f, 1);   /* after the heading */

  return first != NULL && g_strcmp0 (first->summary, CONFIRM_SUMMARY) == 0 &&
         find_button (GTK_WIDGET (f->window), MARK_DONE_ICON) != NULL;
}

static gboolean
is_button_with_icon (GtkWidget    *widget,
                     gconstpointer icon_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

/* The button on screen showing @icon_name: Today's icon buttons. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *icon_name)
{
  return meso_test_find_where (root, TRUE, is_button_with_icon, icon_name);
}

/* No server: nothing lost. The reminder stays pending, the window says
 * why, and Today lists it with a badge until it is marked done there. */
static void
test_no_server (Fixture       *f,
                gconstpointer  data)
{
  AdwViewStackPage *page;

  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  meso_test_iterate_until (no_server_answered, f, "the notification to fail");
  g_assert_cmpstr (reminder_state (f), ==, "pending");

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                               "view_stack")),
                                         "today");
  meso_test_iterate_until (today_lists_the_call, f, "the call to show under Today");
  g_assert_cmpstr (today_line (f, 1)->body, ==, CONFIRM_BODY);
  g_assert_true (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (f->window),
                                                               "offline_box")));
  page = today_stack_page (f);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (page));

  g_signal_emit_by_name (find_button (GTK_WIDGET (f->window), MARK_DONE_ICON), "clicked");
  meso_test_iterate_until (today_has_no_tasks, f, "Today to empty");
  g_assert_cmpstr (reminder_state (f), ==, "done");
}

static GDBusConnection *
session_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  return bus;
}

static gboolean
daemon_running (gpointer data)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus",
                                                           "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)",
                                                                          "org.freedesktop.Notifications"),
                                                           G_VARIANT_TYPE ("(b)"),
                                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean has_owner = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static GVariant *
mock_call (const char *method,
           GVariant   *parameters)
{
  g_autoptr(GDBusConnection) bus = session_bus ();
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                                 "/org/freedesktop/Notifications",
                                                 "org.freedesktop.DBus.Mock", method, parameters,
                                                 NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

/* The daemon clicks notification 1's @action. */
static void
invoke_action (const char *action)
{
  GVariantBuilder args;
  g_autoptr(GVariant) reply = NULL;

  g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&args, "v", g_variant_new_uint32 (1));
  g_variant_builder_add (&args, "v", g_variant_new_string (action));
  reply = mock_call ("EmitSignal", g_variant_new ("(sssav)", "org.freedesktop.Notifications",
                                                  "ActionInvoked", "us", &args));
}

static gboolean
snoozed (gpointer data)
{
  return g_strcmp0 (reminder_state (data), "snoozed") == 0;
}

static gboolean
appointment_dialog_open (gpointer data)
{
  return !meso_test_windows_gone (GSIZE_TO_POINTER (MESO_TYPE_APPOINTMENT_DIALOG));
}

/* What the application does when a notification is clicked. */
static void
on_open_cb (MesoNotifier *notifier,
            gint64        reminder_id,
            Fixture      *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-reminder", "x", reminder_id);
}

static GSubprocess *
start_mock_daemon (void)
{
  const char *argv[] = { "/usr/bin/python3", "-m", "dbusmock", "--template",
                         "notification_daemon", NULL };
  g_autoptr(GError) error = NULL;
  GSubprocess *daemon = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);

  g_assert_no_error (error);
  meso_test_iterate_until (daemon_running, NULL, "the mock notification daemon");
  return daemon;
}

static void
stop_mock_daemon (GSubprocess *daemon)
{
  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  g_object_unref (daemon);
}

/* Returns: (transfer full): the arguments of each Notify call the mock
 * daemon received, as (susssasa{sv}i). */
static GPtrArray *
notify_calls (void)
{
  g_autoptr(GVariant) calls = mock_call ("GetCalls", NULL);
  GPtrArray *notify = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GVariantIter) iter = NULL;
  GVariant *args;
  const char *method;

  g_variant_get (calls, "(a(tsav))", &iter);
  while (g_variant_iter_next (iter, "(t&s@av)", NULL, &method, &args))
    {
      GVariantBuilder unpacked;

      if (g_strcmp0 (method, "Notify") != 0)
        {
          g_variant_unref (args);
          continue;
        }
      g_variant_builder_init (&unpacked, G_VARIANT_TYPE_TUPLE);
      for (gsize i = 0; i < g_variant_n_children (args); i++)
        {
          g_autoptr(GVariant) boxed = g_variant_get_child_value (args, i);
          g_variant_builder_add_value (&unpacked, g_variant_get_variant (boxed));
        }
      g_ptr_array_add (notify, g_variant_ref_sink (g_variant_builder_end (&unpacked)));
      g_variant_unref (args);
    }
  return notify;
}

static void
test_notification_server (Fixture       *f,
                          gconstpointer  data)
{
  const char *const expected_actions[] = { "default", "Open Appointment", "open",
                                           "Open Appointment", "done", "Mark Done", "snooze",
                                           "Snooze 1 Hour", NULL };
  GSubprocess *daemon = start_mock_daemon ();
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree const char **actions = NULL;
  const char *summary, *body;

  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  g_signal_connect (f->notifier, "open", G_CALLBACK (on_open_cb), f);
  meso_test_iterate_until (call_shown, f, "the call to be shown");
  g_assert_true (meso_notifier_get_server_available (f->notifier));

  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  g_variant_get (g_ptr_array_index (calls, 0), "(&su&s&s&s^a&sa{sv}i)", NULL, NULL, NULL,
                 &summary, &body, &actions, NULL, NULL);
  /* Whom to call and the number: what the session is, and with whom, is
   * under Today. */
  g_assert_cmpstr (summary, ==, CONFIRM_SUMMARY);
  g_assert_cmpstr (body, ==, CONFIRM_PHONE);
  g_assert_cmpstrv (actions, expected_actions);
  /* A notification is not the only copy: Today still lists the call. */
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (today_stack_page (f)), ==, 1);
  g_assert_false (adw_view_stack_page_get_needs_attention (today_stack_page (f)));

  /* Snooze 1 Hour, clicked in the notification. */
  invoke_action ("snooze");
  meso_test_iterate_until (snoozed, f, "the reminder to be snoozed");
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context),
                                        "SELECT snoozed_until FROM reminder"
                                        " WHERE kind = 'confirm-call'"),
                   ==, SESSION - DAY + HOUR);

  /* Clicking the notification opens the appointment in the window. */
  invoke_action ("default");
  meso_test_iterate_until (appointment_dialog_open, NULL, "the appointment to open");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window), "view_stack"))),
                   ==, "calendar");
  stop_mock_daemon (daemon);
}

static gboolean
today_visible (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (adw_view_stack_get_visible_child_name (
                      ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window), "view_stack"))),
                    "today") == 0;
}

/* Books three more sessions like the fixture's, an hour apart after it:
 * four confirmation calls fall due at once. */
static void
book_three_more (Fixture *f)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(GError) error = NULL;

  for (int hour = 1; hour <= 3; hour++)
    {
      g_autoptr(MesoAppointment) later = meso_appointment_copy (f->session);

      later->id = 0;
      later->starts_at = SESSION + hour * HOUR;
      g_assert_true (meso_schedule_save (schedule, later, &error));
      g_assert_no_error (error);
    }
}

static guint wanted_lines;

static gboolean
today_has_wanted_lines (gpointer data)
{
  GtkWidget *list = meso_test_get_widget (GTK_WIDGET (((Fixture *) data)->window), "today_list");

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) ==
         wanted_lines;
}

/* Asserts that line @position of Today is @section's heading, of @count. */
static void
assert_heading (Fixture           *f,
                guint              position,
                MesoTriageSection  section,
                guint              count)
{
  GtkWidget *list = meso_test_get_widget (GTK_WIDGET (f->window), "today_list");
  g_autoptr(MesoTodayItem) line =
    g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))), position);

  g_assert_true (meso_today_item_is_heading (line));
  g_assert_cmpint (meso_today_item_get_section (line), ==, section);
  g_assert_cmpuint (meso_today_item_get_count (line), ==, count);
}

/* Today in parts: the calls due now under "Calls to Make" in due order,
 * a snoozed one under "Later Today"; a heading folds its part away and
 * back, and the workstation remembers which. */
static void
test_parts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folded = NULL;

  book_three_more (f);
  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                               "view_stack")),
                                         "today");
  wanted_lines = 5;
  meso_test_iterate_until (today_has_wanted_lines, f, "the four calls under one heading");
  g_assert_true (meso_reminders_snooze (meso_context_get_reminders (f->context),
                                        today_line (f, 2)->id, 60, &error));
  g_assert_no_error (error);
  wanted_lines = 6;
  meso_test_iterate_until (today_has_wanted_lines, f, "the snoozed call to move");
  assert_heading (f, 0, MESO_TRIAGE_CALLS, 3);
  for (guint i = 2; i <= 3; i++)
    g_assert_cmpint (today_line (f, i - 1)->due_at, <=, today_line (f, i)->due_at);
  assert_heading (f, 4, MESO_TRIAGE_LATER_TODAY, 1);

  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (f->window), "today_list"), "activate", 0);
  wanted_lines = 3;
  meso_test_iterate_until (today_has_wanted_lines, f, "the calls to fold away");
  folded = g_settings_get_strv (settings, "today-collapsed");
  g_assert_true (g_strv_contains ((const char * const *) folded, "calls"));
  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (f->window), "today_list"), "activate", 0);
  wanted_lines = 6;
  meso_test_iterate_until (today_has_wanted_lines, f, "the calls to unfold");
  g_settings_reset (settings, "today-collapsed");
}

/* Four calls due at once (Mesodesk was not running): one notification
 * tells of them all and opens Today, rather than four. */
static void
test_many_due_at_once (Fixture       *f,
                       gconstpointer  data)
{
  GSubprocess *daemon = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  const char *summary, *body;

  book_three_more (f);
  daemon = start_mock_daemon ();
  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  g_signal_connect (f->notifier, "open", G_CALLBACK (on_open_cb), f);
  meso_test_iterate_until (four_shown, f, "the four calls to be shown");

  calls = notify_calls ();
  g_assert_cmpuint (calls->len, ==, 1);
  g_variant_get (g_ptr_array_index (calls, 0), "(&su&s&s&sasa{sv}i)", NULL, NULL, NULL,
                 &summary, &body, NULL, NULL, NULL);
  g_assert_cmpstr (summary, ==, "4 reminders are due");
  g_assert_true (g_str_has_prefix (body, CONFIRM_SUMMARY "\n"));

  invoke_action ("default");
  meso_test_iterate_until (today_visible, f, "Today to open");
  stop_mock_daemon (daemon);
}

/* Returns: the only Notify call's summary and body, and its actions. */
static void
only_notification (char   **out_summary,
                   char   **out_body,
                   char  ***out_actions)
{
  g_autoptr(GPtrArray) calls = notify_calls ();

  g_assert_cmpuint (calls->len, ==, 1);
  g_variant_get (g_ptr_array_index (calls, 0), "(&su&sss^asa{sv}i)", NULL, NULL, NULL,
                 out_summary, out_body, out_actions, NULL, NULL);
}

static void
assert_names_nobody (const char *text)
{
  g_assert_null (strstr (text, "Lucía"));
  g_assert_null (strstr (text, "García"));
  g_assert_null (strstr (text, "600 123 456"));
  g_assert_null (strstr (text, "Session"));
  g_assert_null (strstr (text, "Elif"));
}

static gboolean
window_locked (gpointer data)
{
  Fixture *f = data;
  gboolean locked = FALSE;

  g_object_get (f->window, "locked", &locked, NULL);
  return locked;
}

/* Locks the window, then starts a notification server and the notifier.
 * Returns: the server, for stop_mock_daemon(). */
static GSubprocess *
lock_then_notify (Fixture *f)
{
  GSubprocess *daemon;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  meso_test_iterate_until (window_locked, f, "the window to lock");
  daemon = start_mock_daemon ();
  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  return daemon;
}

/* The workstation locked (the idle lock, or Lock): the notification says
 * how many reminders are due, not whose; the reminder is still shown only
 * once, and opening it waits for someone to sign in. */
static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  const char *const expected_actions[] = { "default", "Open Today", "open", "Open Today", NULL };
  GSubprocess *daemon = NULL;
  g_autofree char *summary = NULL, *body = NULL;
  g_auto(GStrv) actions = NULL;

  daemon = lock_then_notify (f);
  meso_test_iterate_until (call_shown, f, "the call to be shown");

  only_notification (&summary, &body, &actions);
  g_assert_cmpstr (summary, ==, "1 reminder is due");
  g_assert_cmpstr (body, ==, "Sign in to Mesodesk to see it under Today.");
  assert_names_nobody (summary);
  assert_names_nobody (body);
  g_assert_cmpstrv (actions, (const char **) expected_actions);
  stop_mock_daemon (daemon);
}

/* Four due at once on a locked workstation: "4 reminders are due", and
 * not one name, as the summary of several would list while signed in. */
static void
test_many_locked (Fixture       *f,
                  gconstpointer  data)
{
  GSubprocess *daemon = NULL;
  g_autofree char *summary = NULL, *body = NULL;
  g_auto(GStrv) actions = NULL;

  book_three_more (f);
  daemon = lock_then_notify (f);
  meso_test_iterate_until (four_shown, f, "the four calls to be shown");

  only_notification (&summary, &body, &actions);
  g_assert_cmpstr (summary, ==, "4 reminders are due");
  g_assert_cmpstr (body, ==, "Sign in to Mesodesk to see them under Today.");
  assert_names_nobody (body);
  stop_mock_daemon (daemon);
}

/* Running in the background, with no window: nobody is signed in, even if
 * the connection still had someone's account. */
static void
test_background (Fixture       *f,
                 gconstpointer  data)
{
  GSubprocess *daemon = start_mock_daemon ();
  g_autofree char *summary = NULL, *body = NULL;
  g_auto(GStrv) actions = NULL;

  g_assert_nonnull (meso_db_get_actor (meso_context_get_db (f->context)));
  f->notifier = meso_notifier_new (f->context);
  meso_notifier_start (f->notifier);   /* as --background does: no window, no frame */
  g_assert_true (meso_notifier_get_locked (f->notifier));
  meso_test_iterate_until (call_shown, f, "the call to be shown");

  only_notification (&summary, &body, &actions);
  g_assert_cmpstr (summary, ==, "1 reminder is due");
  assert_names_nobody (summary);
  assert_names_nobody (body);
  stop_mock_daemon (daemon);
}

/* A clinic that wants names on a locked screen: whom to call and the
 * number, still nothing of the session; no Mark Done for nobody. */
static void
test_locked_with_names (Fixture       *f,
                        gconstpointer  data)
{
  const char *const expected_actions[] = { "default", "Open Appointment", "open",
                                           "Open Appointment", NULL };
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (f->context),
                                                  MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  GSubprocess *daemon = NULL;
  g_autofree char *summary = NULL, *body = NULL;
  g_auto(GStrv) actions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_NAMES_WHEN_LOCKED, 1, &error));
  g_assert_no_error (error);
  daemon = lock_then_notify (f);
  meso_test_iterate_until (call_shown, f, "the call to be shown");

  only_notification (&summary, &body, &actions);
  g_assert_cmpstr (summary, ==, CONFIRM_SUMMARY);
  g_assert_cmpstr (body, ==, CONFIRM_PHONE);
  g_assert_cmpstrv (actions, (const char **) expected_actions);
  stop_mock_daemon (daemon);
}

static gboolean
notification_closed (gpointer data)
{
  g_autoptr(GVariant) calls = mock_call ("GetCalls", NULL);
  g_autoptr(GVariantIter) iter = NULL;
  const char *method;
  gboolean closed = FALSE;

  g_variant_get (calls, "(a(tsav))", &iter);
  while (g_variant_iter_next (iter, "(t&s@av)", NULL, &method, NULL))
    closed = closed || g_strcmp0 (method, "CloseNotification") == 0;
  return closed;
}

/* Locking withdraws the notifications shown while someone was signed in:
 * the screen is for whoever passes next. */
static void
test_lock_withdraws (Fixture       *f,
                     gconstpointer  data)
{
  GSubprocess *daemon = start_mock_daemon ();

  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  g_assert_false (meso_notifier_get_locked (f->notifier));
  meso_test_iterate_until (call_shown, f, "the call to be shown");
  g_assert_false (notification_closed (NULL));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  meso_test_iterate_until (window_locked, f, "the window to lock");
  g_assert_true (meso_notifier_get_locked (f->notifier));
  meso_test_iterate_until (notification_closed, NULL, "the notification to be withdrawn");
  /* Still a task under Today. */
  g_assert_cmpstr (reminder_state (f), ==, "shown");
  stop_mock_daemon (daemon);
}

/* The reminder marked done at another workstation (here a second
 * connection, as another process would be) leaves this one's Today and
 * withdraws its notification, without anyone touching this window. */
static void
test_done_elsewhere_withdraws (Fixture       *f,
                               gconstpointer  data)
{
  GSubprocess *daemon = start_mock_daemon ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) desk = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  gint64 id;

  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  meso_test_iterate_until (call_shown, f, "the call to be shown");
  g_assert_false (notification_closed (NULL));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                               "view_stack")),
                                         "today");
  meso_test_iterate_until (today_lists_the_call, f, "the call to show under Today");

  desk = meso_context_open (meso_context_get_address (f->context), FALSE, &error);
  g_assert_no_error (error);
  receptionist = meso_test_sign_in (meso_context_get_db (desk), MESO_ROLE_RECEPTIONIST,
                                    "Selin Demir");
  id = meso_test_query_int (meso_context_get_db (desk),
                            "SELECT id FROM reminder WHERE kind = 'confirm-call'");
  g_assert_true (meso_reminders_set_state (meso_context_get_reminders (desk), id,
                                           MESO_REMINDER_DONE, &error));
  g_assert_no_error (error);

  meso_test_iterate_until (notification_closed, NULL, "the notification to be withdrawn");
  meso_test_iterate_until (today_has_no_tasks, f, "Today to empty");
  stop_mock_daemon (daemon);
}

/* Closing the window while reminders run on in the background signs out:
 * what falls due next names nobody. */
static void
test_window_closed (Fixture       *f,
                    gconstpointer  data)
{
  f->notifier = meso_notifier_new (f->context);
  meso_window_set_notifier (f->window, f->notifier);
  g_assert_false (meso_notifier_get_locked (f->notifier));
  g_assert_nonnull (meso_db_get_actor (meso_context_get_db (f->context)));

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_true (meso_notifier_get_locked (f->notifier));
  g_assert_null (meso_db_get_actor (meso_context_get_db (f->context)));
}

static gint64
stored_wash_offset (Fixture *f)
{
  return meso_test_query_int (meso_context_get_db (f->context),
                              "SELECT coalesce (max (offset_minutes), 0) FROM reminder_rule"
                              " WHERE kind = 'aftercare-wash'");
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (f->context),
                                                  MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  MesoPreferencesWindow *preferences = meso_preferences_window_new (f->context);
  g_autoptr(MesoStaff) receptionist = NULL;
  GtkWidget *page, *wash, *text_row, *start_row, *names_row;
  GtkSwitch *names;
  g_autofree char *entry_path = g_build_filename (g_get_user_config_dir (), "autostart",
                                                  "io.github.mesodesk.Mesodesk.desktop", NULL);
  g_autofree char *entry = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  page = meso_test_find_by_type (GTK_WIDGET (preferences), MESO_TYPE_REMINDER_SETTINGS);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (page));

  /* Washing allowed after 36 hours, as this clinic's sources say. */
  wash = meso_test_find_row (page, "Washing allowed");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_find_by_type (wash,
                                                                      GTK_TYPE_SPIN_BUTTON)),
                             36);
  g_assert_cmpint (stored_wash_offset (f), ==, 36 * 60);

  /* A text with a field that does not exist is refused where it was typed. */
  text_row = meso_test_find_row (wash, "Text");
  gtk_editable_set_text (GTK_EDITABLE (text_row), "Call {name}");
  g_signal_emit_by_name (text_row, "apply");
  g_assert_true (gtk_widget_has_css_class (text_row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text_row)), ==, "Call {name}");
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context),
                                        "SELECT count (*) FROM reminder_rule"
                                        " WHERE body LIKE '%{name}%'"), ==, 0);

  /* Names on a locked screen: the clinic's choice, off until it says. */
  names_row = meso_test_find_row (page, "Patient Names While Locked");
  names = GTK_SWITCH (meso_test_find_by_type (names_row, GTK_TYPE_SWITCH));
  g_assert_true (gtk_widget_is_sensitive (names_row));
  g_assert_false (gtk_switch_get_active (names));
  gtk_switch_set_active (names, TRUE);
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context),
                                        "SELECT value FROM setting"
                                        " WHERE key = 'reminders.names-when-locked'"), ==, 1);

  /* Start with the session: an autostart entry for this database. */
  start_row = meso_test_find_row (page, "Start With the Session");
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_by_type (start_row, GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (g_file_get_contents (entry_path, &entry, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (entry, "--background --database \""));
  g_assert_nonnull (strstr (entry, meso_db_get_path (meso_context_get_db (f->context))));
  g_assert_true (meso_autostart_is_enabled ());
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_by_type (start_row, GTK_TYPE_SWITCH)), FALSE);
  g_assert_false (g_file_test (entry_path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* A receptionist sees the clinic's choice, and cannot change it. */
  receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                    "Deniz Kaya");
  preferences = meso_preferences_window_new (f->context);
  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  page = meso_test_find_by_type (GTK_WIDGET (preferences), MESO_TYPE_REMINDER_SETTINGS);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (page));
  names_row = meso_test_find_row (page, "Patient Names While Locked");
  g_assert_false (gtk_widget_is_sensitive (names_row));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (meso_test_find_by_type (names_row,
                                                                            GTK_TYPE_SWITCH))));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Both widgets take the context as a construct-only property: Today as a
 * .ui file declares it, the settings page from g_object_new (). Each shows
 * the clinic's data, as when made by its _new (). */
static void
test_declared (Fixture       *f,
               gconstpointer  data)
{
  static const char ui[] =
    "<interface>"
    "  <object class='MesoTodayPage' id='today'>"
    "    <property name='context'>context</property>"
    "  </object>"
    "</interface>";
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkWidget) today = NULL;
  g_autoptr(GtkWidget) settings = NULL;
  GtkListView *list;
  g_autoptr(MesoTodayItem) line = NULL;
  GtkWidget *names_row;
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_reminders_sync (meso_context_get_reminders (f->context), &error));
  g_assert_no_error (error);
  g_type_ensure (MESO_TYPE_TODAY_PAGE);
  gtk_builder_expose_object (builder, "context", G_OBJECT (f->context));
  g_assert_true (gtk_builder_add_from_string (builder, ui, -1, &error));
  g_assert_no_error (error);
  today = g_object_ref (GTK_WIDGET (gtk_builder_get_object (builder, "today")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (meso_test_get_widget (today, "date_label"))),
                   ==, "Sunday 22 November");
  list = GTK_LIST_VIEW (meso_test_get_widget (today, "today_list"));
  line = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)), 1);
  g_assert_nonnull (line);
  g_assert_nonnull (meso_today_item_get_reminder (line));
  g_assert_cmpstr (meso_today_item_get_reminder (line)->summary, ==, CONFIRM_SUMMARY);

  settings = g_object_ref_sink (g_object_new (MESO_TYPE_REMINDER_SETTINGS,
                                              "context", f->context, NULL));
  /* In a window it is built when first shown; here, at once. */
  meso_lazy_page_build_now (ADW_PREFERENCES_PAGE (settings));
  g_assert_nonnull (meso_test_find_row (settings, "Washing allowed"));
  names_row = meso_test_find_row (settings, "Patient Names While Locked");
  g_assert_nonnull (names_row);
  /* The physician may not change the clinic's settings. */
  g_assert_false (meso_context_can (f->context, MESO_PERMISSION_MANAGE_SETTINGS));
  g_assert_false (gtk_widget_is_sensitive (names_row));
}

typedef struct
{
  MesoNotifier *notifier;
  guint         n_paints;
  gboolean      started_before_a_frame;
} FirstFrame;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   FirstFrame    *ff)
{
  if (ff->n_paints == 0 && meso_notifier_get_started (ff->notifier))
    ff->started_before_a_frame = TRUE;
  ff->n_paints++;
}

static void
on_window_map_cb (GtkWidget  *window,
                  FirstFrame *ff)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), ff);
}

static gboolean
notifier_started (gpointer notifier)
{
  return meso_notifier_get_started (notifier);
}

/* The first frame is the sign-in page and nothing else: the reminders'
 * catch-up (a worker, and due reminders on the main loop) starts only
 * after it was painted, as the application opens a clinic. */
static void
test_first_frame_first (Fixture       *f,
                        gconstpointer  data)
{
  FirstFrame ff = { 0 };
  MesoWindow *window;

  f->context = meso_test_open_context (&f->dir);
  meso_db_set_actor (meso_context_get_db (f->context), NULL);
  f->notifier = meso_notifier_new (f->context);
  ff.notifier = f->notifier;
  window = meso_window_new (NULL, f->context);
  meso_window_set_notifier (window, f->notifier);
  g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), &ff);
  g_assert_false (meso_notifier_get_started (f->notifier));

  gtk_window_present (GTK_WINDOW (window));
  f->window = window;
  meso_test_iterate_until (notifier_started, f->notifier, "the reminders to start");
  g_assert_cmpuint (ff.n_paints, >, 0);
  g_assert_false (ff.started_before_a_frame);
  /* Still the sign-in page: nobody signed in. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (meso_test_get_widget (
                     GTK_WIDGET (window), "main_stack"))), ==, "sign-in");
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autofree char *config_home = meso_test_make_dir ();
  int status;

  /* The autostart entry goes here, not into the user's own folder. */
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  /* A bus of our own, with no services to start: no notification server
   * answers until the test starts one. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);   /* g_test_dbus_up() unsets it */

  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/reminders/first-frame-first", Fixture, NULL, NULL,
              test_first_frame_first, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/declared", Fixture, NULL, fixture_set_up, test_declared,
              fixture_tear_down);
  g_test_add ("/meso/gui/reminders/no-server", Fixture, NULL, fixture_set_up, test_no_server,
              fixture_tear_down);
  g_test_add ("/meso/gui/reminders/notification-server", Fixture, NULL, fixture_set_up,
              test_notification_server, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/parts", Fixture, NULL, fixture_set_up, test_parts,
              fixture_tear_down);
  g_test_add ("/meso/gui/reminders/many-due-at-once", Fixture, NULL, fixture_set_up,
              test_many_due_at_once, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/preferences", Fixture, NULL, fixture_set_up,
              test_preferences, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/locked", Fixture, NULL, fixture_set_up, test_locked,
              fixture_tear_down);
  g_test_add ("/meso/gui/reminders/background", Fixture, NULL, fixture_set_up, test_background,
              fixture_tear_down);
  g_test_add ("/meso/gui/reminders/many-locked", Fixture, NULL, fixture_set_up, test_many_locked,
              fixture_tear_down);
  g_test_add ("/meso/gui/reminders/locked-with-names", Fixture, NULL, fixture_set_up,
              test_locked_with_names, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/lock-withdraws", Fixture, NULL, fixture_set_up,
              test_lock_withdraws, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/done-elsewhere-withdraws", Fixture, NULL, fixture_set_up,
              test_done_elsewhere_withdraws, fixture_tear_down);
  g_test_add ("/meso/gui/reminders/window-closed", Fixture, NULL, fixture_set_up,
              test_window_closed, fixture_tear_down);

  status = g_test_run ();
  /* The bus connection is still GTK's and libnotify's: stop the bus
   * without waiting for that to go (which unreffing @bus would do). */
  g_test_dbus_stop (bus);
  meso_test_remove_tree (config_home);
  return status;
}
