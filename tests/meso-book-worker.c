/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-book-worker.c: one workstation of test-concurrency, in a process of
 * its own, writing through the core as the application does. It opens the
 * clinic given (a file, or a clinic server's URI whose password libpq reads
 * from PGPASSWORD), acts as the member of staff given, and then:
 *
 *   book LOCATION STAFF_ID SEED: prints "ready", then makes one booking
 *   attempt per byte read from stdin (the test releases every workstation's
 *   round at once), until the end of stdin: single appointments
 *   (meso_schedule_save()) and three-session courses (meso_schedule_book()).
 *   Prints one line per attempt: "booked ROWS", "refused CODE MESSAGE" for
 *   a practitioner, room or patient already taken, or "error DOMAIN CODE
 *   MESSAGE" for anything else.
 *
 *   write LOCATION STAFF_ID SEED: until killed, saves a patient with a
 *   screening ("patient ID" once committed), then books them a course of
 *   COURSE_SESSIONS sessions in one transaction ("course ID").
 *
 *   show LOCATION STAFF_ID NOW: prints "ready", then on a byte from stdin
 *   wakes as the notifier does at NOW (a Unix time): takes the reminders
 *   due and records them shown, printing "due N marked M".
 *
 *   claim LOCATION STAFF_ID NOW: prints "ready", then on a byte from stdin
 *   claims the day's backup as the window does at NOW (a Unix time),
 *   printing "won" or "lost". */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "meso-clinic.h"
#include "meso-clock.h"
#include "meso-patient-store.h"
#include "meso-reminders.h"
#include "meso-schedule.h"
#include "meso-staff-store.h"
#include "meso-test-util.h"

/* The kill test's courses: one transaction of this many sessions. */
#define COURSE_SESSIONS 6

typedef struct
{
  MesoDb           *db;
  MesoSchedule     *schedule;
  MesoPatientStore *patients;
  GRand            *rand;
} Worker;

static void
worker_open (Worker     *w,
             const char *location,
             const char *staff_id,
             const char *seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaffStore) staff_store = NULL;
  g_autoptr(MesoStaff) staff = NULL;

  w->db = meso_db_open (location, &error);
  if (w->db == NULL)
    g_error ("worker: %s", error->message);
  staff_store = meso_staff_store_new (w->db);
  staff = meso_staff_store_load (staff_store, g_ascii_strtoll (staff_id, NULL, 10), &error);
  if (staff == NULL)
    g_error ("worker: %s", error->message);
  meso_db_set_actor (w->db, staff);
  w->schedule = meso_schedule_new (w->db);
  w->patients = meso_patient_store_new (w->db);
  w->rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (seed, NULL, 10));
}

/* The ids of the clinic's patients. */
static GArray *
list_patients (MesoDb *db)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  MesoStmt *stmt = meso_db_prepare (db, "SELECT id FROM patient ORDER BY id", &error);

  if (stmt == NULL)
    g_error ("worker: %s", error->message);
  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    {
      gint64 id = meso_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  meso_stmt_reset (stmt);
  return ids;
}

static MesoAppointment *
make (gint64              patient_id,
      gint64              practitioner_id,
      gint64              room_id,
      gint64              starts_at,
      guint               minutes,
      MesoAppointmentKind kind)
{
  MesoAppointment *appointment = meso_appointment_new ();

  appointment->patient_id = patient_id;
  appointment->practitioner_id = practitioner_id;
  appointment->room_id = room_id;
  appointment->starts_at = starts_at;
  appointment->minutes = minutes;
  appointment->kind = kind;
  appointment->status = MESO_STATUS_BOOKED;
  return appointment;
}

static gpointer
pick (GRand     *rand,
      GPtrArray *items)
{
  return g_ptr_array_index (items, g_rand_int_range (rand, 0, (gint32) items->len));
}

/* The attempt of round @round. Every workstation aims at the round's own
 * 90 minutes, six a weekday from Monday 23 November 2026, at once (the
 * test releases the rounds): each picks a practitioner, a room and a
 * patient, a start in the first half hour and a length of 30 to 60
 * minutes, so that most rounds collide. One attempt in five is a course of
 * three weekly sessions, which also meets the rounds of the next weeks. */
static void
attempt (Worker *w,
         GArray *patients,
         guint   round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  MesoResources *resources = meso_schedule_get_resources (w->schedule, &error);
  MesoPractitioner *practitioner;
  MesoRoom *room;
  gint64 patient_id;
  gboolean is_course = g_rand_int_range (w->rand, 0, 5) == 0;
  guint minutes = 15 * g_rand_int_range (w->rand, 2, 5);
  guint minute_of_day = 9 * 60 + 90 * (round % 6) + 15 * g_rand_int_range (w->rand, 0, 3);
  MesoCourse course = { 0, };
  GDate day;
  gboolean ok;

  if (resources == NULL)
    g_error ("worker: %s", error->message);
  practitioner = pick (w->rand, meso_resources_get_practitioners (resources));
  room = pick (w->rand, meso_resources_get_rooms (resources));
  patient_id = g_array_index (patients, gint64,
                              g_rand_int_range (w->rand, 0, (gint32) patients->len));
  meso_test_date (&day, 2026, 11, 23);
  g_date_add_days (&day, round / 6 / 5 * 7 + round / 6 % 5);

  for (guint i = 0; i < (is_course ? 3 : 1); i++)
    {
      MesoAppointment *appointment =
        make (patient_id, practitioner->id, room->id,
              meso_resources_to_instant (resources, &day, minute_of_day), minutes,
              is_course ? MESO_KIND_SESSION : MESO_KIND_CONSULTATION);

      appointment->course_position = is_course ? i + 1 : 0;
      appointment->interval_days = is_course && i > 0 ? 7 : 0;
      g_ptr_array_add (appointments, appointment);
      g_date_add_days (&day, 7);
    }
  if (is_course)
    {
      course = (MesoCourse) { .patient_id = patient_id,
                              .protocol_name = (char *) "Concurrency",
                              .practitioner_id = practitioner->id, .room_id = room->id,
                              .minute_of_day = minute_of_day, .sessions = 3 };
      ok = meso_schedule_book (w->schedule, &course, appointments, &error);
    }
  else
    ok = meso_schedule_save (w->schedule, g_ptr_array_index (appointments, 0), &error);

  if (ok)
    printf ("booked %u\n", appointments->len);
  else if (error->domain == MESO_SCHEDULE_ERROR &&
           (error->code == MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY ||
            error->code == MESO_SCHEDULE_ERROR_ROOM_BUSY ||
            error->code == MESO_SCHEDULE_ERROR_PATIENT_BUSY))
    printf ("refused %d %s\n", error->code, error->message);
  else
    printf ("error %s %d %s\n", g_quark_to_string (error->domain), error->code, error->message);
}

/* One attempt per byte read from stdin, until its end. */
static int
run_book (Worker *w)
{
  g_autoptr(GArray) patients = list_patients (w->db);
  char go;
  gssize n_read;

  if (patients->len == 0)
    g_error ("worker: the clinic has no patients");
  printf ("ready\n");
  for (guint round = 0; (n_read = read (STDIN_FILENO, &go, 1)) == 1; round++)
    attempt (w, patients, round);
  if (n_read < 0)
    g_error ("worker: stdin: %s", g_strerror (errno));
  return 0;
}

/* A course of COURSE_SESSIONS daily sessions for @patient_id, on the first
 * free slots after everything already booked, in one transaction. */
static gint64
book_course (Worker *w,
             gint64  patient_id)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  MesoStmt *stmt = meso_db_prepare (w->db, "SELECT coalesce (max (ends_at), 1795000000)"
                                           " FROM appointment", &error);
  MesoCourse course = { .patient_id = patient_id, .protocol_name = (char *) "Kill test",
                        .practitioner_id = 1, .room_id = 1, .sessions = COURSE_SESSIONS };
  MesoSlotQuery query = { .practitioner_id = 1, .room_id = 1, .patient_id = patient_id,
                          .minutes = 30, .max_days = 30 };

  if (stmt == NULL || meso_stmt_step (stmt) != MESO_STEP_ROW)
    g_error ("worker: cannot read the calendar");
  query.not_before = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  for (guint i = 0; i < COURSE_SESSIONS; i++)
    {
      g_autoptr(GPtrArray) slots = meso_schedule_find_slots (w->schedule, &query, 1, &error);
      MesoAppointment *slot;

      if (slots == NULL || slots->len == 0)
        g_error ("worker: no slot: %s", error != NULL ? error->message : "none free");
      slot = g_ptr_array_index (slots, 0);
      slot->kind = MESO_KIND_SESSION;
      slot->course_position = i + 1;
      slot->interval_days = i > 0 ? 1 : 0;
      g_ptr_array_add (sessions, g_object_ref (slot));
      query.not_before = slot->starts_at + 86400;
    }
  if (!meso_schedule_book (w->schedule, &course, sessions, &error))
    g_error ("worker: %s", error->message);
  return course.id;
}

static int
run_write (Worker *w)
{
  GDate today;

  meso_test_date (&today, 2026, 11, 20);
  for (guint n = 0;; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoPatient) patient = meso_patient_new ();
      g_autoptr(MesoScreening) screening = meso_screening_new ();
      g_autofree char *family = g_strdup_printf ("Killed %u-%u", g_rand_int (w->rand), n);

      meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
      for (guint c = 0; c < MESO_N_CONDITIONS; c++)
        meso_screening_set_answer (screening, c, MESO_ANSWER_NO, "2026-11-20");
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *substance = g_strdup_printf ("%s substance %u", family, i);

          meso_screening_add_allergy (screening, substance);
          meso_screening_add_medication (screening, substance, i == 0);
        }
      if (!meso_patient_store_save (w->patients, patient, screening, &today, &error))
        g_error ("worker: %s", error->message);
      printf ("patient %" G_GINT64_FORMAT "\n", meso_patient_get_id (patient));
      printf ("course %" G_GINT64_FORMAT "\n",
              book_course (w, meso_patient_get_id (patient)));
    }
  return 0;
}

/* One wake of the notifier at @now, released by the test's byte. */
static int
run_show (Worker     *w,
          const char *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (w->db, &error);
  g_autoptr(MesoClock) clock = NULL;
  g_autoptr(MesoReminders) reminders = NULL;
  g_autoptr(GPtrArray) due = NULL;
  guint marked = 0;
  char byte;

  if (clinic == NULL)
    g_error ("worker: %s", error->message);
  clock = meso_clock_new_fixed (clinic, g_ascii_strtoll (now, NULL, 10));
  reminders = meso_reminders_new (w->schedule, clinic, clock);
  printf ("ready\n");
  if (read (STDIN_FILENO, &byte, 1) != 1)
    return 1;
  due = meso_reminders_take_due (reminders, &error);
  if (due == NULL || !meso_reminders_set_shown (reminders, due, &marked, &error))
    g_error ("worker: %s", error->message);
  printf ("due %u marked %u\n", due->len, marked);
  return 0;
}

/* One look at the day's backup at @now, released by the test's byte. */
static int
run_claim (Worker     *w,
           const char *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (w->db, &error);
  g_autoptr(MesoClock) clock = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *name = g_strdup_printf ("Workstation %d", (int) getpid ());
  gboolean won = FALSE;
  char byte;

  if (clinic == NULL)
    g_error ("worker: %s", error->message);
  clock = meso_clock_new_fixed (clinic, g_ascii_strtoll (now, NULL, 10));
  when = meso_clock_dup_now (clock);
  printf ("ready\n");
  if (read (STDIN_FILENO, &byte, 1) != 1)
    return 1;
  if (!meso_clinic_claim_backup (clinic, when, name, &won, &error))
    g_error ("worker: %s", error->message);
  printf (won ? "won\n" : "lost\n");
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Worker w = { 0, };
  int status;

  /* Each line reaches the test as soon as it is printed: a killed worker
   * has reported everything it committed, and nothing else. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 5 && g_str_equal (argv[1], "book"))
    {
      worker_open (&w, argv[2], argv[3], argv[4]);
      status = run_book (&w);
    }
  else if (argc == 5 && g_str_equal (argv[1], "write"))
    {
      worker_open (&w, argv[2], argv[3], argv[4]);
      status = run_write (&w);
    }
  else if (argc == 5 && g_str_equal (argv[1], "show"))
    {
      worker_open (&w, argv[2], argv[3], "0");
      status = run_show (&w, argv[4]);
    }
  else if (argc == 5 && g_str_equal (argv[1], "claim"))
    {
      worker_open (&w, argv[2], argv[3], "0");
      status = run_claim (&w, argv[4]);
    }
  else
    {
      fprintf (stderr, "Usage: %s book LOCATION STAFF_ID SEED | write LOCATION STAFF_ID SEED"
               " | show LOCATION STAFF_ID NOW | claim LOCATION STAFF_ID NOW\n", argv[0]);
      return 2;
    }
  g_object_unref (w.patients);
  g_object_unref (w.schedule);
  g_object_unref (w.db);
  g_rand_free (w.rand);
  return status;
}
