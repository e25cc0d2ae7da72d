/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-agenda-keeper.c: a practitioner's agenda kept as a file that a
 * calendar program subscribes to: written when the keeper starts, written
 * again after a booking (here or on another workstation), always whole
 * and always a valid METHOD:PUBLISH calendar (libical's restriction check
 * and Python's icalendar). The test waits for each rewrite; it does not
 * time it. On both engines. */
#include "meso-agenda-keeper.h"
#include "meso-test-ical.h"
#include "meso-test-session.h"

typedef struct
{
  char             *dir;
  MesoContext      *context;
  MesoStaff        *admin;
  gint64            practitioner;
  gint64            room;
  gint64            patient;
  char             *folder;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->admin = meso_test_add_resources (f->context, &f->practitioner, &f->room);
  f->patient = meso_test_add_patient (meso_context_get_patient_store (f->context), "Yılmaz",
                                      "Ayşe", NULL, NULL);
  f->folder = g_build_filename (f->dir, "agendas", NULL);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->folder);
}

static void
on_written_cb (MesoAgendaKeeper *keeper,
               const GError     *error,
               guint            *passes)
{
  g_assert_no_error (error);
  (*passes)++;
}

static gboolean
on_too_long_cb (gpointer data)
{
  g_error ("the agenda was not written again within a minute");
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the keeper has made @passes passes. */
static void
wait_for_passes (guint *passes,
                 guint  expected)
{
  guint watchdog = g_timeout_add_seconds (60, on_too_long_cb, NULL);

  while (*passes < expected)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
}

static gint64
book (Fixture *f,
      gint64   starts_at)
{
  g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
  g_autoptr(GError) error = NULL;

  appointment->patient_id = f->patient;
  appointment->practitioner_id = f->practitioner;
  appointment->room_id = f->room;
  appointment->starts_at = starts_at;
  appointment->minutes = 30;
  meso_schedule_save (meso_context_get_schedule (f->context), appointment, &error);
  g_assert_no_error (error);
  return appointment->id;
}

static char *
read_agenda (MesoAgendaKeeper *keeper)
{
  g_autofree char *path = meso_agenda_keeper_dup_path (keeper, "Dr. Elif Aydın");
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_file_mode (path) & 0777, ==, 0600);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR"));
  return text;
}

static void
test_follows_bookings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAgendaKeeper) keeper = meso_agenda_keeper_new (f->context, f->folder, &error);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (f->context));
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) at_ten = g_date_time_new (g_date_time_get_timezone (tomorrow),
                                                 g_date_time_get_year (tomorrow),
                                                 g_date_time_get_month (tomorrow),
                                                 g_date_time_get_day_of_month (tomorrow),
                                                 10, 0, 0);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *uid = NULL;
  guint passes = 0;
  gint64 id;

  g_assert_no_error (error);
  g_signal_connect (keeper, "written", G_CALLBACK (on_written_cb), &passes);
  wait_for_passes (&passes, 1);
  before = read_agenda (keeper);
  g_assert_null (strstr (before, "BEGIN:VEVENT"));

  id = book (f, g_date_time_to_unix (at_ten));
  /* The pass after the booking has it. */
  wait_for_passes (&passes, 2);
  after = read_agenda (keeper);
  meso_test_assert_publishable (after);
  uid = g_strdup_printf ("UID:appointment-%" G_GINT64_FORMAT "@", id);
  g_assert_nonnull (strstr (after, uid));
  g_assert_nonnull (strstr (after, "Ayşe Yılmaz"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/meso/agenda-keeper/follows-bookings", Fixture, NULL, set_up,
              test_follows_bookings, tear_down);
  return g_test_run ();
}
