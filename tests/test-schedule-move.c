/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-schedule-move.c: meso_schedule_move(), what the calendar's drags,
 * Shift+arrows and Undo call. The core, not the grid, refuses to move an
 * appointment that is over, and an Undo whose appointment was changed
 * since; a refused move changes nothing. Both engines. */
#include "meso-schedule.h"
#include "meso-test-session.h"
#include "meso-test-util.h"

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoAppointment *session;
  MesoStaff       *physician;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->session = meso_test_book_session (f->context, FALSE, &f->physician);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->physician);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Where the session is now, as stored. */
static gint64
stored_start (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) stored = meso_schedule_load (meso_context_get_schedule (f->context),
                                                          f->session->id, &error);

  g_assert_no_error (error);
  return stored->starts_at;
}

static MesoAppointment *
place_at (Fixture *f,
          gint64   starts_at)
{
  MesoAppointment *place = meso_appointment_copy (f->session);

  place->starts_at = starts_at;
  return place;
}

/* A move returns where the appointment was; Undo puts it back only from
 * where the move left it. */
static void
test_move_and_undo (Fixture       *f,
                    gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  gint64 start = f->session->starts_at;
  g_autoptr(MesoAppointment) later = place_at (f, start + 15 * 60);
  g_autoptr(MesoAppointment) elsewhere = place_at (f, start + 30 * 60);
  g_autoptr(MesoAppointment) back = place_at (f, start);
  g_autoptr(MesoAppointment) before = NULL;
  g_autoptr(MesoAppointment) undone = NULL;
  g_autoptr(GError) error = NULL;

  before = meso_schedule_move (schedule, later, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->starts_at, ==, start);
  g_assert_cmpint (stored_start (f), ==, start + 15 * 60);

  /* Undo from a place it is not at: refused, nothing moves. */
  g_assert_null (meso_schedule_move (schedule, back, elsewhere, &error));
  g_assert_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (stored_start (f), ==, start + 15 * 60);

  undone = meso_schedule_move (schedule, back, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (undone);
  g_assert_cmpint (stored_start (f), ==, start);
}

/* What happened stays put, whatever the caller passes. */
static void
test_over_is_not_moved (Fixture       *f,
                        gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  gint64 start = f->session->starts_at;
  g_autoptr(MesoAppointment) later = place_at (f, start + 15 * 60);
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_schedule_set_status (schedule, f->session->id, MESO_STATUS_NO_SHOW,
                                           &error));
  g_assert_no_error (error);
  g_assert_null (meso_schedule_move (schedule, later, NULL, &error));
  g_assert_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID);
  g_assert_cmpint (stored_start (f), ==, start);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/schedule/move/move-and-undo", Fixture, NULL, fixture_set_up,
              test_move_and_undo, fixture_tear_down);
  g_test_add ("/meso/schedule/move/over-is-not-moved", Fixture, NULL, fixture_set_up,
              test_over_is_not_moved, fixture_tear_down);

  return g_test_run ();
}
