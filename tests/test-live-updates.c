/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-live-updates.c: what one workstation saves, another's stores announce
 * within a second, without a reload: each store only what is its own, the
 * schedule with the starts of the appointments touched. Two contexts in
 * this process, and another process writing through the core. */
#include <gio/gio.h>
#include <string.h>

#include "meso-reminders.h"
#include "meso-test-db.h"
#include "meso-test-session.h"

/* The promise: seen on another workstation within one second. */
#define WITHIN_US G_USEC_PER_SEC

/* Two workstations on one clinic: the front desk writes, the treatment
 * room watches. */
typedef struct
{
  char            *dir;
  MesoContext     *room;
  MesoContext     *desk;
  MesoStaff       *physician;
  MesoStaff       *receptionist;
  MesoAppointment *session;
  /* What the room's stores announced. */
  guint            patients_changed;
  guint            schedule_changed;
  guint            reminders_changed;
  GArray          *starts;
  gint64           newest_patient;   /* the room's, when its patient store announced */
} Fixture;

static void
on_count_cb (guint *count)
{
  (*count)++;
}

static void
on_appointments_changed_cb (Fixture *f,
                            GArray  *starts)
{
  g_array_append_vals (f->starts, starts->data, starts->len);
}

static void
on_patients_changed_cb (Fixture *f)
{
  f->patients_changed++;
  f->newest_patient = meso_test_query_int (meso_context_get_db (f->room),
                                           "SELECT max (id) FROM patient");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->room = meso_test_open_context (&f->dir);
  f->session = meso_test_book_session (f->room, FALSE, &f->physician);
  f->desk = meso_context_open (meso_db_get_path (meso_context_get_db (f->room)), FALSE, &error);
  g_assert_no_error (error);
  f->receptionist = meso_test_sign_in (meso_context_get_db (f->desk), MESO_ROLE_RECEPTIONIST,
                                       "Selin Demir");
  f->starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect_swapped (meso_context_get_patient_store (f->room), "changed",
                            G_CALLBACK (on_patients_changed_cb), f);
  g_signal_connect_swapped (meso_context_get_schedule (f->room), "changed",
                            G_CALLBACK (on_count_cb), &f->schedule_changed);
  g_signal_connect_swapped (meso_context_get_reminders (f->room), "changed",
                            G_CALLBACK (on_count_cb), &f->reminders_changed);
  g_signal_connect_swapped (meso_context_get_schedule (f->room), "appointments-changed",
                            G_CALLBACK (on_appointments_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_array_unref (f->starts);
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->desk);
  g_assert_finalize_object (f->room);
  g_assert_finalize_object (f->receptionist);
  g_assert_finalize_object (f->physician);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Runs the main loop until *@count moves past @before, for at most
 * @timeout_us. Returns: whether it did. */
static gboolean
wait_for_count (const guint *count,
                guint        before,
                gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (*count == before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  return *count != before;
}

/* Runs the main loop for @us, to see that nothing more is announced. */
static void
settle (gint64 us)
{
  gint64 until = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static gboolean
has_start (GArray *starts,
           gint64  start)
{
  for (guint i = 0; i < starts->len; i++)
    if (g_array_index (starts, gint64, i) == start)
      return TRUE;
  return FALSE;
}

/* The desk moves the room's session a week on: the room's schedule names
 * both days within a second, and the rest of the room stays quiet. */
static void
test_moved_appointment_seen (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) moved = meso_schedule_load (meso_context_get_schedule (f->desk),
                                                         f->session->id, &error);
  gint64 old_start = f->session->starts_at;
  gint64 new_start = old_start + 7 * 24 * 3600;

  g_assert_no_error (error);
  moved->starts_at = new_start;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->desk), moved, &error));
  g_assert_no_error (error);

  g_assert_true (wait_for_count (&f->starts->len, 0, WITHIN_US));
  g_assert_true (has_start (f->starts, old_start));
  g_assert_true (has_start (f->starts, new_start));
  settle (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (f->schedule_changed, ==, 0);   /* not every day: the two touched */
  g_assert_cmpuint (f->patients_changed, ==, 0);
}

/* A patient saved at the desk: the room's patient list hears of it, its
 * calendar does not. */
static void
test_saved_patient_seen (Fixture       *f,
                         gconstpointer  data)
{
  MesoPatientStore *desk = meso_context_get_patient_store (f->desk);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_store_load (desk, f->session->patient_id, &error);
  GDate today;

  g_assert_no_error (error);
  meso_context_get_today (f->desk, &today);
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 000 11 22");
  g_assert_true (meso_patient_store_save (desk, patient, NULL, &today, &error));
  g_assert_no_error (error);

  g_assert_true (wait_for_count (&f->patients_changed, 0, WITHIN_US));
  settle (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (f->patients_changed, ==, 1);
  g_assert_cmpuint (f->starts->len, ==, 0);
  g_assert_cmpuint (f->schedule_changed, ==, 0);
}

/* A reminder handled at the desk leaves the room's Today within a second;
 * the desk's own writes that leave the open reminders as they were (the
 * sync's time) announce nothing. */
static void
test_handled_reminder_seen (Fixture       *f,
                            gconstpointer  data)
{
  MesoDb *desk_db = meso_context_get_db (f->desk);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (meso_test_write_sql (desk_db,
                                      "INSERT INTO reminder (kind, source, due_at, summary, body)"
                                      " VALUES ('low-stock', 'product:1', 1, 'Low stock', '')",
                                      &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_count (&f->reminders_changed, 0, WITHIN_US));
  id = meso_test_query_int (desk_db, "SELECT id FROM reminder WHERE source = 'product:1'");

  g_assert_true (meso_test_write_sql (desk_db, "UPDATE reminder SET body = 'x' WHERE id < 0",
                                      &error));
  settle (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (f->reminders_changed, ==, 1);

  g_assert_true (meso_reminders_set_state (meso_context_get_reminders (f->desk), id,
                                           MESO_REMINDER_DONE, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_count (&f->reminders_changed, 1, WITHIN_US));
}

/* Runs the main loop until the room's patient store announced patient
 * @id, for at most @timeout_us. Returns: whether it did. */
static gboolean
wait_for_patient (Fixture *f,
                  gint64   id,
                  gint64   timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (f->newest_patient < id && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  return f->newest_patient >= id;
}

/* Another process, writing through the core as the application does: each
 * patient it reports committed is announced by this one's store within a
 * second. */
static void
test_other_process_seen (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self);
  g_autofree char *worker = g_build_filename (dir, "meso-book-worker", NULL);
  g_autofree char *staff_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               meso_staff_get_id (f->physician));
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, worker, "write",
                      meso_context_get_address (f->desk), staff_id, "7", NULL);
  g_autoptr(GDataInputStream) lines = NULL;

  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *line = NULL;

      /* "patient ID" once committed, then "course ID". */
      do
        {
          g_free (line);
          line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (line);
        }
      while (!g_str_has_prefix (line, "patient "));
      g_assert_true (wait_for_patient (f, g_ascii_strtoll (line + strlen ("patient "), NULL, 10),
                                       WITHIN_US));
    }
  g_subprocess_force_exit (process);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
}

/* A room added at the desk (rooms are not audited: the schedule compares
 * a mark) reaches the room's schedule. */
static void
test_added_room_seen (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (f->desk),
                                                  MESO_ROLE_ADMINISTRATOR, "Deniz Arslan");

  g_assert_cmpint (meso_test_add_room (meso_context_get_schedule (f->desk), "Room 2"), >, 0);
  g_assert_true (wait_for_count (&f->schedule_changed, 0, WITHIN_US));
  settle (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (f->schedule_changed, ==, 1);
}

static void
add_row (MesoAppointmentRange *range,
         gint64                id,
         gint64                starts_at)
{
  MesoAppointmentRow row = { .id = id, .starts_at = starts_at, .minutes = 30 };

  meso_appointment_range_append (range, &row);
}

/* A day loaded again replaces that day's rows, in start order, and leaves
 * the others: the calendar's partial reload. */
static void
test_range_splice (void)
{
  g_autoptr(MesoAppointmentRange) shown = meso_appointment_range_new ();
  g_autoptr(MesoAppointmentRange) fresh = meso_appointment_range_new ();
  g_autoptr(MesoAppointmentRange) spliced = NULL;
  const gint64 day = 86400, monday = 1795392000;   /* 23 November 2026, 00:00 UTC */
  const gint64 expected[][2] = {
    { 1, monday + 9 * 3600 },
    { 5, monday + day + 8 * 3600 },   /* moved in */
    { 3, monday + day + 11 * 3600 },  /* kept, fresh */
    { 4, monday + 2 * day + 9 * 3600 },
  };

  add_row (shown, 1, monday + 9 * 3600);
  add_row (shown, 2, monday + day + 10 * 3600);   /* cancelled elsewhere: gone */
  add_row (shown, 3, monday + day + 11 * 3600);
  add_row (shown, 4, monday + 2 * day + 9 * 3600);
  add_row (fresh, 5, monday + day + 8 * 3600);
  add_row (fresh, 3, monday + day + 11 * 3600);
  add_row (fresh, 4, monday + 2 * day + 9 * 3600);  /* loaded beyond the span: not doubled */

  spliced = meso_appointment_range_splice (shown, fresh, monday + day, monday + 2 * day);
  g_assert_cmpuint (meso_appointment_range_get_size (spliced), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const MesoAppointmentRow *row = meso_appointment_range_get_row (spliced, i);

      g_assert_cmpint (row->id, ==, expected[i][0]);
      g_assert_cmpint (row->starts_at, ==, expected[i][1]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/live/moved-appointment-seen", Fixture, NULL, fixture_set_up,
              test_moved_appointment_seen, fixture_tear_down);
  g_test_add ("/meso/live/saved-patient-seen", Fixture, NULL, fixture_set_up,
              test_saved_patient_seen, fixture_tear_down);
  g_test_add ("/meso/live/handled-reminder-seen", Fixture, NULL, fixture_set_up,
              test_handled_reminder_seen, fixture_tear_down);
  g_test_add ("/meso/live/other-process-seen", Fixture, NULL, fixture_set_up,
              test_other_process_seen, fixture_tear_down);
  g_test_add ("/meso/live/added-room-seen", Fixture, NULL, fixture_set_up,
              test_added_room_seen, fixture_tear_down);
  g_test_add_func ("/meso/live/range-splice", test_range_splice);
  return g_test_run ();
}
