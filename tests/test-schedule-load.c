/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-schedule-load.c: the calendar's week read off the main loop, on a
 * connection of its own: the same rows as on the app's connection, what
 * was booked just before, the permissions of whoever asked, and nothing
 * once the request is cancelled. */
#include "meso-schedule.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char         *dir;
  MesoDb       *db;
  MesoSchedule *schedule;
  MesoStaff    *receptionist;
  gint64        patient;
  gint64        practitioner;
  gint64        room;
  gint64        week;      /* Monday 23 November 2026, at the clinic's midnight */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoPatientStore) store = NULL;
  GDate day;

  path = meso_test_clinic_location (&f->dir);
  f->db = meso_db_open (path, &error);
  g_assert_no_error (error);
  f->schedule = meso_schedule_new (f->db);
  admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin");
  f->practitioner = meso_test_add_practitioner (f->schedule, "Dr. Elif Aydın");
  f->room = meso_test_add_room (f->schedule, "Room 1");
  store = meso_patient_store_new (f->db);
  meso_test_date (&day, 2026, 10, 1);
  f->patient = meso_test_add_patient (store, "Yılmaz", "Ayşe", NULL, &day);
  f->receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep");
  meso_test_date (&day, 2026, 11, 23);
  f->week = meso_resources_to_instant (meso_schedule_get_resources (f->schedule, NULL), &day, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A worker thread lets go of its task, and so of the schedule, just
   * after the result was handed back. */
  while (g_atomic_int_get (&G_OBJECT (f->schedule)->ref_count) > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->schedule);
  g_assert_finalize_object (f->db);
  g_object_unref (f->receptionist);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Books a 30-minute appointment at @hour:00, @day_offset days into the week. */
static gint64
book (Fixture *f,
      int      day_offset,
      int      hour)
{
  g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
  g_autoptr(GError) error = NULL;
  GDate day;

  meso_test_date (&day, 2026, 11, 23);
  g_date_add_days (&day, day_offset);
  appointment->patient_id = f->patient;
  appointment->practitioner_id = f->practitioner;
  appointment->room_id = f->room;
  appointment->starts_at = meso_resources_to_instant (meso_schedule_get_resources (f->schedule,
                                                                                   NULL),
                                                      &day, hour * 60);
  appointment->minutes = 30;
  if (!meso_schedule_save (f->schedule, appointment, &error))
    g_error ("booking refused: %s", error->message);
  return appointment->id;
}

typedef struct
{
  gboolean              done;
  MesoAppointmentRange *range;
  GError               *error;
} Result;

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->range = meso_schedule_load_range_finish (MESO_SCHEDULE (source), result, &r->error);
  r->done = TRUE;
}

/* Runs the main loop till @r has come back. */
static void
wait_for (Result *r)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!r->done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the load");
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Loads the week asynchronously, as the calendar does, and waits for it. */
static Result
load_week (Fixture      *f,
           GCancellable *cancellable)
{
  Result r = { FALSE };

  meso_schedule_load_range_async (f->schedule, f->week, f->week + 7 * 86400, cancellable,
                                  on_loaded_cb, &r);
  wait_for (&r);
  return r;
}

static void
assert_ids (MesoAppointmentRange *range,
            gint64                first,
            gint64                second)
{
  g_assert_nonnull (range);
  g_assert_cmpuint (meso_appointment_range_get_size (range), ==, 2);
  g_assert_cmpint (meso_appointment_range_get_row (range, 0)->id, ==, first);
  g_assert_cmpint (meso_appointment_range_get_row (range, 1)->id, ==, second);
}

/* The worker's rows are the app connection's, booked a moment before
 * included: the worker reads what was committed, not an old snapshot. */
static void
test_same_rows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoAppointmentRange) direct = NULL;
  gint64 tuesday = book (f, 1, 9);
  gint64 monday = book (f, 0, 10);
  gint64 wednesday;
  Result r;

  book (f, 7, 10);   /* the next week's: not in this one */
  r = load_week (f, NULL);
  g_assert_no_error (r.error);
  assert_ids (r.range, monday, tuesday);
  direct = meso_schedule_load_range (f->schedule, f->week, f->week + 7 * 86400, NULL);
  assert_ids (direct, monday, tuesday);
  g_object_unref (r.range);

  wednesday = book (f, 2, 9);
  r = load_week (f, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpuint (meso_appointment_range_get_size (r.range), ==, 3);
  g_assert_cmpint (meso_appointment_range_get_row (r.range, 2)->id, ==, wednesday);
  g_object_unref (r.range);
}

/* The worker's connection checks the permissions of whoever is signed in
 * when the load is asked for: after a sign-out, nothing, though the
 * connection read for the receptionist before. */
static void
test_permission_of_the_asker (Fixture       *f,
                              gconstpointer  data)
{
  Result r;

  book (f, 0, 10);
  r = load_week (f, NULL);
  g_assert_no_error (r.error);
  g_clear_object (&r.range);

  meso_db_set_actor (f->db, NULL);
  r = load_week (f, NULL);
  g_assert_error (r.error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_assert_null (r.range);
  g_clear_error (&r.error);

  meso_db_set_actor (f->db, f->receptionist);
  r = load_week (f, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpuint (meso_appointment_range_get_size (r.range), ==, 1);
  g_clear_object (&r.range);
}

/* A load cancelled before or just after it was asked for gives nothing:
 * the calendar has moved on to other days. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) after = g_cancellable_new ();
  Result r = { FALSE };

  book (f, 0, 10);
  g_cancellable_cancel (before);
  r = load_week (f, before);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r.range);
  g_clear_error (&r.error);

  r.done = FALSE;
  meso_schedule_load_range_async (f->schedule, f->week, f->week + 7 * 86400, after,
                                  on_loaded_cb, &r);
  g_cancellable_cancel (after);
  wait_for (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r.range);
  g_clear_error (&r.error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/schedule/load/same-rows", Fixture, NULL, fixture_set_up, test_same_rows,
              fixture_tear_down);
  g_test_add ("/meso/schedule/load/permission-of-the-asker", Fixture, NULL, fixture_set_up,
              test_permission_of_the_asker, fixture_tear_down);
  g_test_add ("/meso/schedule/load/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);

  return g_test_run ();
}
