/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-calendar-keys.c: the week view's appointments as a screen
 * reader and the keyboard find them (GTK's own accessible API). Two
 * appointments back to back: Shift+Down on the first, onto the second's
 * slot, is refused by the core, which says why, and nothing changes;
 * Shift+Up moves it a quarter hour earlier with a toast that offers Undo,
 * and undoing puts it back. A move from a grid drawn before another
 * workstation moved the appointment is refused. On a short screen the
 * arrows scroll the week to the appointment they move to. A practitioner
 * renamed is read out by the new name. A week booked solid gets a chip for
 * every appointment, in order, and each keeps it through a week away. */
#include <adwaita.h>

#include "meso-appointment-chip.h"
#include "meso-calendar-view.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-window.h"

/* Monday 23 November 2026, 08:00 UTC. */
#define MONDAY_MORNING 1795420800

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoWindow      *window;
  MesoAppointment *first;    /* Ayşe Yılmaz, today 11:00–11:30 */
  MesoAppointment *second;   /* Mehmet Öztürk, today 11:30–12:00 */
} Fixture;

static MesoAppointment *
book (Fixture    *f,
      gint64      practitioner_id,
      gint64      room_id,
      const char *family,
      const char *given,
      guint       minute_of_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (f->context));
  MesoAppointment *appointment = meso_appointment_new ();
  GDate today;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given);
  meso_context_get_today (f->context, &today);
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->context), patient,
                                          NULL, &today, &error));
  g_assert_no_error (error);
  appointment->patient_id = meso_patient_get_id (patient);
  appointment->practitioner_id = practitioner_id;
  appointment->room_id = room_id;
  appointment->starts_at = g_date_time_to_unix (now) - g_date_time_get_hour (now) * 3600
                           - g_date_time_get_minute (now) * 60 - g_date_time_get_second (now)
                           + minute_of_day * 60;
  appointment->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), appointment, &error));
  g_assert_no_error (error);
  return appointment;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  gint64 practitioner_id, room_id;
  MesoDb *db;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  /* A Monday, whatever day the test runs on: the clinic is open all day. */
  meso_clock_set_now (meso_context_get_clock (f->context), MONDAY_MORNING);
  admin = meso_test_add_resources (f->context, &practitioner_id, &room_id);
  f->first = book (f, practitioner_id, room_id, "Yılmaz", "Ayşe", 11 * 60);
  f->second = book (f, practitioner_id, room_id, "Öztürk", "Mehmet", 11 * 60 + 30);
  receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  meso_db_set_actor (db, NULL);
  f->window = meso_test_show_window (f->context);
  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->first);
  g_clear_object (&f->second);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

/* The chip of appointment @id in the window's calendar view, if shown. */
typedef struct
{
  Fixture   *f;
  gint64     id;
  GtkWidget *chip;
} ChipWait;

static gboolean
chip_shown (gpointer data)
{
  ChipWait *wait = data;
  GtkWidget *view = meso_test_find_by_type (GTK_WIDGET (wait->f->window),
                                            MESO_TYPE_CALENDAR_VIEW);

  wait->chip = NULL;
  for (GtkWidget *child = view != NULL ? gtk_widget_get_first_child (view) : NULL;
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (MESO_IS_APPOINTMENT_CHIP (child) && gtk_widget_get_visible (child) &&
        meso_appointment_chip_get_id (MESO_APPOINTMENT_CHIP (child)) == wait->id)
      wait->chip = child;
  return wait->chip != NULL;
}

static GtkWidget *
wait_for_chip (Fixture *f,
               gint64   id)
{
  ChipWait wait = { f, id, NULL };

  meso_test_iterate_until (chip_shown, &wait, "the appointment's chip");
  return wait.chip;
}

/* A key press as the view's key controller gets it from its focused chip. */
static void
press (GtkWidget       *view,
       guint            keyval,
       GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  /* Seen once in a long suite: say where the focus was, to tell why. */
  if (!handled)
    {
      GtkWidget *focus = gtk_widget_get_focus_child (view);
      g_autofree char *name = gtk_accelerator_name (keyval, state);

      g_error ("%s was not handled: the view's focus is on %s", name,
               focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
    }
}

static gint64
stored_start (Fixture *f,
              gint64   id,
              guint   *out_revision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) stored = meso_schedule_load (meso_context_get_schedule (f->context),
                                                          id, &error);

  g_assert_no_error (error);
  *out_revision = stored->revision;
  return stored->starts_at;
}

typedef struct
{
  Fixture *f;
  gint64   id;
  gint64   starts_at;
} StartWait;

static gboolean
stored_at (gpointer data)
{
  StartWait *wait = data;
  guint revision;

  return stored_start (wait->f, wait->id, &revision) == wait->starts_at;
}

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *chip = wait_for_chip (f, f->first->id);
  GtkWidget *view = gtk_widget_get_parent (chip);
  GtkWidget *page = gtk_widget_get_ancestor (view, g_type_from_name ("MesoCalendarPage"));
  g_autofree char *label = g_strdup (meso_appointment_chip_get_label (MESO_APPOINTMENT_CHIP (chip)));
  g_autofree char *toasts = NULL;
  StartWait wait = { f, f->first->id, f->first->starts_at - 15 * 60 };
  guint revision, revision_after;

  /* A button a screen reader names: patient, day, time, practitioner, status. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       label);
  g_assert_true (g_str_has_prefix (label, "Ayşe Yılmaz, "));
  g_assert_nonnull (strstr (label, ", 11:00–11:30, Dr. Elif Aydın, Booked"));
  g_assert_true (gtk_widget_get_focusable (chip));

  /* Shift+Down onto Mehmet Öztürk's slot: refused, with the reason. */
  g_assert_true (gtk_widget_grab_focus (chip));
  /* The window's focus, whether or not the window is active: with no
   * window manager, another test's window may be. */
  g_assert_true (gtk_widget_is_focus (chip));
  stored_start (f, f->first->id, &revision);
  press (view, GDK_KEY_Down, GDK_SHIFT_MASK);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Dr. Elif Aydın already sees Mehmet Öztürk",
                             TRUE);
  g_assert_cmpint (stored_start (f, f->first->id, &revision_after), ==, f->first->starts_at);
  g_assert_cmpuint (revision_after, ==, revision);
  g_assert_cmpint (stored_start (f, f->second->id, &revision_after), ==, f->second->starts_at);
  g_assert_true (wait_for_chip (f, f->first->id) == chip);
  g_assert_cmpstr (meso_appointment_chip_get_label (MESO_APPOINTMENT_CHIP (chip)), ==, label);
  g_assert_true (gtk_widget_is_focus (chip));

  /* Shift+Up to the free quarter hour before: moved, and undone. */
  press (view, GDK_KEY_Up, GDK_SHIFT_MASK);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Moved Ayşe Yılmaz to ", TRUE);
  meso_test_iterate_until (stored_at, &wait, "the move a quarter hour earlier");
  g_assert_nonnull (meso_test_find_button (GTK_WIDGET (f->window), "_Undo"));
  g_assert_true (gtk_widget_is_focus (wait_for_chip (f, f->first->id)));
  toasts = meso_test_dup_toasts (GTK_WIDGET (f->window));
  g_assert_nonnull (strstr (toasts, "10:45"));
  g_assert_true (gtk_widget_activate_action (page, "calendar.undo-move", NULL));
  wait.starts_at = f->first->starts_at;
  meso_test_iterate_until (stored_at, &wait, "the move undone");
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Moved Ayşe Yılmaz back to ", TRUE);
}

/* Another workstation moved the first appointment to 13:00 since this one
 * drew it at 11:00: Shift+Up on what is drawn is refused, not applied to
 * 13:00, and the appointment stays where the other workstation put it. */
static void
test_stale_move_refused (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *chip = wait_for_chip (f, f->first->id);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) desk = meso_context_open (meso_context_get_path (f->context), FALSE,
                                                   &error);
  g_autoptr(MesoStaff) colleague = NULL;
  g_autoptr(MesoAppointment) place = meso_appointment_copy (f->first);
  g_autoptr(MesoAppointment) before = NULL;
  guint revision;

  g_assert_no_error (error);
  colleague = meso_test_sign_in (meso_context_get_db (desk), MESO_ROLE_RECEPTIONIST,
                                 "Lucía Ortega");
  place->starts_at = f->first->starts_at + 2 * 3600;
  before = meso_schedule_move (meso_context_get_schedule (desk), place, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (before);

  /* No main-loop turn since: this window has not yet seen the change. */
  g_assert_true (gtk_widget_grab_focus (chip));
  press (gtk_widget_get_parent (chip), GDK_KEY_Up, GDK_SHIFT_MASK);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "The appointment was changed meanwhile",
                             TRUE);
  g_assert_cmpint (stored_start (f, f->first->id, &revision), ==, place->starts_at);
}

/* Two frames drawn: the viewport has placed the view where it scrolled to. */
static gboolean
frames_drawn (gpointer data)
{
  gint64 *until = data;

  return gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (until[1]))) >=
         until[0];
}

/* @chip lies wholly in the part of the scrolled week shown, below the row
 * of day names pinned at its top (30 pixels). */
static void
assert_in_sight (GtkWidget *chip)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (chip, GTK_TYPE_SCROLLED_WINDOW);
  gint64 until[2] = { 0, (gint64) (gintptr) chip };
  graphene_rect_t bounds;

  until[0] = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (chip)) + 2;
  gtk_widget_queue_draw (chip);
  meso_test_iterate_until (frames_drawn, until, "the view scrolled");
  g_assert_true (gtk_widget_is_focus (chip));
  g_assert_true (gtk_widget_compute_bounds (chip, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 30);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));
}

/* On a short screen the week scrolls: the arrows move the focus to an
 * appointment below what is shown, and the week scrolls to show it whole;
 * back up, it shows below the day names, not under them. */
static void
test_focus_scrolls (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MesoAppointment) morning = book (f, f->first->practitioner_id, f->first->room_id,
                                             "Kaya", "Deniz", 9 * 60);
  g_autoptr(MesoAppointment) evening = book (f, f->first->practitioner_id, f->first->room_id,
                                             "Demir", "Can", 18 * 60);
  GtkWidget *chip = wait_for_chip (f, evening->id);
  GtkWidget *view = gtk_widget_get_parent (chip);
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  meso_test_screenshot (GTK_WIDGET (f->window), "calendar-keys-week", 1024, 600);
  g_assert_true (gtk_widget_grab_focus (wait_for_chip (f, morning->id)));
  assert_in_sight (wait_for_chip (f, morning->id));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  /* 11:00, 11:30, then 18:00 below what is shown. */
  press (view, GDK_KEY_Down, 0);
  press (view, GDK_KEY_Down, 0);
  press (view, GDK_KEY_Down, 0);
  assert_in_sight (chip);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  meso_test_screenshot (GTK_WIDGET (f->window), "calendar-keys-week-evening", 1024, 600);
  /* Back up to 09:00, above what is shown now: below the day names. */
  press (view, GDK_KEY_Up, 0);
  press (view, GDK_KEY_Up, 0);
  press (view, GDK_KEY_Up, 0);
  assert_in_sight (wait_for_chip (f, morning->id));
  meso_test_screenshot (GTK_WIDGET (f->window), "calendar-keys-week-back-up", 1024, 600);
}

typedef struct
{
  GtkWidget  *chip;
  const char *says;
} LabelWait;

static gboolean
label_says (gpointer data)
{
  LabelWait *wait = data;
  const char *label = meso_appointment_chip_get_label (MESO_APPOINTMENT_CHIP (wait->chip));

  return label != NULL && strstr (label, wait->says) != NULL;
}

/* An administrator renames the practitioner: the appointment's name, as
 * a screen reader says it, follows, though nothing of the appointment
 * changed. */
static void
test_practitioner_renamed (Fixture       *f,
                           gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(MesoStaff) signed_in = g_object_ref (meso_db_get_actor (db));
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoStaffStore) staff = meso_staff_store_new (db);
  g_autoptr(GError) error = NULL;
  LabelWait wait = { wait_for_chip (f, f->first->id), ", Dr. Elif Aydın-Kaya, Booked" };
  MesoResources *resources;
  MesoPractitioner renamed;

  g_assert_nonnull (strstr (meso_appointment_chip_get_label (MESO_APPOINTMENT_CHIP (wait.chip)),
                            ", Dr. Elif Aydın, Booked"));
  admin = meso_staff_store_load (staff, 1, &error);
  g_assert_no_error (error);
  meso_db_set_actor (db, admin);
  resources = meso_schedule_get_resources (schedule, &error);
  g_assert_no_error (error);
  renamed = *meso_resources_find_practitioner (resources, f->first->practitioner_id);
  renamed.name = (char *) "Dr. Elif Aydın-Kaya";
  g_assert_true (meso_schedule_save_practitioner (schedule, &renamed, &error));
  g_assert_no_error (error);
  meso_db_set_actor (db, signed_in);
  meso_test_iterate_until (label_says, &wait, "the practitioner's new name");
  g_assert_true (wait_for_chip (f, f->first->id) == wait.chip);
}

/* The two appointments of Monday, and Tuesday to Friday booked every
 * quarter hour the clinic is open, 09:00 to 19:00. */
#define BUSY_WEEK (2 + 4 * 40)

/* Whether every appointment the week draws has its chip, the chips in the
 * order of the appointments they name. */
static gboolean
all_chips_made (gpointer data)
{
  MesoCalendarView *view = data;
  guint drawn = 0, chips = 0, last = 0;

  for (guint i = 0; i < meso_calendar_view_count_visible (view); i++)
    {
      graphene_rect_t rect;
      gboolean whole_name;

      if (meso_calendar_view_get_block (view, i, &rect, &whole_name) && rect.size.width > 0 &&
          rect.size.height > 0)
        drawn++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MESO_IS_APPOINTMENT_CHIP (child) && gtk_widget_get_visible (child))
      {
        guint index = meso_appointment_chip_get_index (MESO_APPOINTMENT_CHIP (child));

        if (chips++ > 0 && index <= last)
          return FALSE;
        last = index;
      }
  return drawn > 0 && chips == drawn;
}

static GHashTable *
chips_by_id (MesoCalendarView *view)
{
  GHashTable *chips = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MESO_IS_APPOINTMENT_CHIP (child) && gtk_widget_get_visible (child))
      {
        gint64 *id = g_new (gint64, 1);

        *id = meso_appointment_chip_get_id (MESO_APPOINTMENT_CHIP (child));
        g_hash_table_insert (chips, id, child);
      }
  return chips;
}

static gboolean
week_empty (gpointer data)
{
  return meso_calendar_view_count_visible (data) == 0;
}

static gboolean
week_full (gpointer data)
{
  return meso_calendar_view_count_visible (data) == BUSY_WEEK;
}

/* A week booked every quarter hour, more chips than one pass makes: each
 * appointment gets its chip, in order; after a week away, each has the
 * chip it had, so nothing is named again to the screen reader. */
static void
test_busy_week (Fixture       *f,
                gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  GtkWidget *view = gtk_widget_get_parent (wait_for_chip (f, f->first->id));
  GtkWidget *page = gtk_widget_get_ancestor (view, g_type_from_name ("MesoCalendarPage"));
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer id, chip;

  for (guint day = 1; day < 5; day++)
    for (guint minute = 9 * 60; minute < 19 * 60; minute += 15)
      {
        g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
        g_autoptr(GError) error = NULL;

        appointment->patient_id = f->first->patient_id;
        appointment->practitioner_id = f->first->practitioner_id;
        appointment->room_id = f->first->room_id;
        appointment->starts_at = f->first->starts_at - 11 * 3600 + day * 86400 + minute * 60;
        appointment->minutes = 15;
        meso_schedule_save (schedule, appointment, &error);
        g_assert_no_error (error);
      }
  meso_test_iterate_until (week_full, view, "the week's appointments drawn");
  meso_test_iterate_until (all_chips_made, view, "a chip for each of the week's appointments");
  before = chips_by_id (MESO_CALENDAR_VIEW (view));
  g_assert_cmpuint (g_hash_table_size (before), ==, BUSY_WEEK);

  g_assert_true (gtk_widget_activate_action (page, "calendar.next", NULL));
  meso_test_iterate_until (week_empty, view, "the next week, empty");
  g_assert_true (gtk_widget_activate_action (page, "calendar.previous", NULL));
  meso_test_iterate_until (week_full, view, "the busy week again");
  meso_test_iterate_until (all_chips_made, view, "the busy week's chips again");
  after = chips_by_id (MESO_CALENDAR_VIEW (view));
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &id, &chip))
    g_assert_true (g_hash_table_lookup (after, id) == chip);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/calendar-keys/refused-and-undone", Fixture, NULL, fixture_set_up,
              test_keys, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-keys/stale-move-refused", Fixture, NULL, fixture_set_up,
              test_stale_move_refused, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-keys/focus-scrolls", Fixture, NULL, fixture_set_up,
              test_focus_scrolls, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-keys/practitioner-renamed", Fixture, NULL, fixture_set_up,
              test_practitioner_renamed, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-keys/busy-week", Fixture, NULL, fixture_set_up,
              test_busy_week, fixture_tear_down);

  return g_test_run ();
}
