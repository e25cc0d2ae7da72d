/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-schedule.c: booking rules, treatment courses, the waitlist, and two
 * workstations booking one slot at once. The clinic runs on Madrid time,
 * which changes to winter time on Sunday 25 October 2026. */
#include "meso-clinic.h"
#include "meso-course.h"
#include "meso-patient-store.h"
#include "meso-schedule.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-waitlist.h"

typedef struct
{
  char          *dir;
  char          *path;
  MesoDb        *db;
  MesoSchedule  *schedule;
  MesoStaff     *admin;
  MesoStaff     *receptionist;
  gint64         elif;      /* practitioners */
  gint64         javier;
  gint64         room1;
  gint64         room2;
  gint64         ayse;      /* patients */
  gint64         lucia;
  gint64         anna;
} Fixture;

static gint64
add_patient (Fixture    *f,
             const char *family,
             const char *given)
{
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (f->db);
  GDate today;

  meso_test_date (&today, 2026, 10, 1);
  return meso_test_add_patient (store, family, given, NULL, &today);
}

/* The administrator sets the clinic up; the receptionist books. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) clinic = NULL;

  f->path = meso_test_clinic_location (&f->dir);
  f->db = meso_db_open (f->path, &error);
  g_assert_no_error (error);
  f->schedule = meso_schedule_new (f->db);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin");

  clinic = meso_clinic_load (f->db, &error);
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_TIME_ZONE, "Europe/Madrid", &error));
  g_assert_no_error (error);
  f->elif = meso_test_add_practitioner (f->schedule, "Dr. Elif Aydın");
  f->javier = meso_test_add_practitioner (f->schedule, "Dr. Javier Moreno");
  f->room1 = meso_test_add_room (f->schedule, "Room 1");
  f->room2 = meso_test_add_room (f->schedule, "Room 2");
  f->ayse = add_patient (f, "Yılmaz", "Ayşe");
  f->lucia = add_patient (f, "Ortega", "Lucía");
  f->anna = add_patient (f, "Berg", "Anna");

  f->receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->schedule);
  g_assert_finalize_object (f->db);
  g_object_unref (f->admin);
  g_object_unref (f->receptionist);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static MesoResources *
resources (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (f->schedule, &error);

  g_assert_no_error (error);
  return resources;
}

/* The instant of local @hour:@minute on @year-@month-@day, in Madrid. */
static gint64
at (Fixture *f,
    int      year,
    int      month,
    int      day,
    int      hour,
    int      minute)
{
  GDate date;

  meso_test_date (&date, year, month, day);
  return meso_resources_to_instant (resources (f), &date, hour * 60 + minute);
}

static MesoAppointment *
make (gint64 patient_id,
      gint64 practitioner_id,
      gint64 room_id,
      gint64 starts_at,
      guint  minutes)
{
  MesoAppointment *appointment = meso_appointment_new ();

  appointment->patient_id = patient_id;
  appointment->practitioner_id = practitioner_id;
  appointment->room_id = room_id;
  appointment->starts_at = starts_at;
  appointment->minutes = minutes;
  return appointment;
}

static gint64
book (Fixture *f,
      gint64   patient_id,
      gint64   practitioner_id,
      gint64   room_id,
      gint64   starts_at,
      guint    minutes)
{
  g_autoptr(MesoAppointment) appointment = make (patient_id, practitioner_id, room_id, starts_at,
                                                 minutes);
  g_autoptr(GError) error = NULL;

  if (!meso_schedule_save (f->schedule, appointment, &error))
    g_error ("booking refused: %s", error->message);
  return appointment->id;
}

/* Asserts that booking is refused with @code and a message containing @words. */
static void
assert_refused (Fixture    *f,
                gint64      patient_id,
                gint64      practitioner_id,
                gint64      room_id,
                gint64      starts_at,
                guint       minutes,
                int         code,
                const char *words)
{
  g_autoptr(MesoAppointment) appointment = make (patient_id, practitioner_id, room_id, starts_at,
                                                 minutes);
  g_autoptr(GError) error = NULL;

  g_assert_false (meso_schedule_save (f->schedule, appointment, &error));
  g_assert_error (error, MESO_SCHEDULE_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, words);
  g_assert_cmpint (appointment->id, ==, 0);
}

static void
test_overlap_edges (Fixture       *f,
                    gconstpointer  data)
{
  gint64 nine = at (f, 2026, 11, 23, 9, 0);
  gint64 ten = at (f, 2026, 11, 23, 10, 0);

  book (f, f->ayse, f->elif, f->room1, nine, 60);
  /* Ending at 10:00 and starting at 10:00 do not clash. */
  book (f, f->lucia, f->elif, f->room1, ten, 30);

  assert_refused (f, f->anna, f->elif, f->room2, nine + 59 * 60, 30,
                  MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY, "Dr. Elif Aydın already sees Ayşe Yılmaz");
  assert_refused (f, f->anna, f->javier, f->room1, ten + 25 * 60, 30,
                  MESO_SCHEDULE_ERROR_ROOM_BUSY, "Room 1 is taken from 10:00 to 10:30");
  assert_refused (f, f->ayse, f->javier, f->room2, nine + 15 * 60, 30,
                  MESO_SCHEDULE_ERROR_PATIENT_BUSY, "Ayşe Yılmaz already has an appointment");
  /* Next door in time, on another practitioner and room: fine. */
  book (f, f->anna, f->javier, f->room2, ten, 30);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 3);
}

static void
test_cancelled_frees_the_slot (Fixture       *f,
                               gconstpointer  data)
{
  gint64 ten = at (f, 2026, 11, 23, 10, 0);
  gint64 id = book (f, f->ayse, f->elif, f->room1, ten, 30);
  gint64 other;
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_schedule_set_status (f->schedule, id, MESO_STATUS_CANCELLED, &error));
  g_assert_no_error (error);
  other = book (f, f->lucia, f->elif, f->room1, ten, 30);
  g_assert_cmpint (other, !=, id);

  /* Giving the cancelled one its slot back is a booking like any other. */
  g_assert_false (meso_schedule_set_status (f->schedule, id, MESO_STATUS_BOOKED, &error));
  g_assert_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY);
}

static void
test_move_keeps_the_old_slot_on_refusal (Fixture       *f,
                                         gconstpointer  data)
{
  gint64 nine = at (f, 2026, 11, 23, 9, 0);
  gint64 id = book (f, f->ayse, f->elif, f->room1, nine, 30);
  g_autoptr(MesoAppointment) stored = NULL;
  g_autoptr(MesoAppointment) moved = NULL;
  g_autoptr(GError) error = NULL;

  book (f, f->lucia, f->elif, f->room1, nine + 3600, 30);
  moved = meso_schedule_load (f->schedule, id, &error);
  g_assert_no_error (error);
  moved->starts_at = nine + 3600 + 15 * 60;   /* drag onto Lucía */
  g_assert_false (meso_schedule_save (f->schedule, moved, &error));
  g_assert_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY);

  stored = meso_schedule_load (f->schedule, id, NULL);
  g_assert_cmpint (stored->starts_at, ==, nine);
  g_assert_cmpuint (stored->revision, ==, 0);
}

static void
test_opening_hours (Fixture       *f,
                    gconstpointer  data)
{
  /* Monday to Friday 09:00-19:00, Saturday 10:00-14:00, Sunday closed. */
  assert_refused (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 23, 8, 30), 30,
                  MESO_SCHEDULE_ERROR_CLINIC_CLOSED, "open from 09:00 to 19:00");
  assert_refused (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 23, 18, 45), 30,
                  MESO_SCHEDULE_ERROR_CLINIC_CLOSED, "open from 09:00 to 19:00");
  assert_refused (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 29, 11, 0), 30,
                  MESO_SCHEDULE_ERROR_CLINIC_CLOSED, "closed on Sunday");
  book (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 23, 18, 30), 30);
  book (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 28, 13, 30), 30);
}

static void
test_working_hours_and_days_off (Fixture       *f,
                                 gconstpointer  data)
{
  MesoPractitioner *javier;
  MesoPractitioner changed;
  g_autoptr(GError) error = NULL;
  GDate first, last;

  meso_db_set_actor (f->db, f->admin);
  javier = meso_resources_find_practitioner (resources (f), f->javier);
  changed = *javier;
  changed.name = (char *) "Dr. Javier Moreno";
  changed.colour = (char *) "#2ec27e";
  changed.own_hours = TRUE;
  memset (changed.hours, 0, sizeof changed.hours);
  changed.hours[G_DATE_MONDAY] = (MesoHours) { 13 * 60, 19 * 60 };
  changed.hours[G_DATE_TUESDAY] = (MesoHours) { 9 * 60, 13 * 60 };
  g_assert_true (meso_schedule_save_practitioner (f->schedule, &changed, &error));
  g_assert_no_error (error);
  meso_test_date (&first, 2026, 12, 1);
  meso_test_date (&last, 2026, 12, 1);
  g_assert_true (meso_schedule_add_day_off (f->schedule, f->javier, &first, &last, "congress",
                                            &error));
  g_assert_no_error (error);
  meso_db_set_actor (f->db, f->receptionist);

  assert_refused (f, f->ayse, f->javier, f->room1, at (f, 2026, 11, 23, 10, 0), 30,
                  MESO_SCHEDULE_ERROR_NOT_WORKING, "works from 13:00 to 19:00 on Monday");
  assert_refused (f, f->ayse, f->javier, f->room1, at (f, 2026, 11, 25, 10, 0), 30,
                  MESO_SCHEDULE_ERROR_NOT_WORKING, "does not work on Wednesday");
  assert_refused (f, f->ayse, f->javier, f->room1, at (f, 2026, 12, 1, 10, 0), 30,
                  MESO_SCHEDULE_ERROR_DAY_OFF, "away on Tuesday 1 December 2026 (congress)");
  book (f, f->ayse, f->javier, f->room1, at (f, 2026, 11, 23, 13, 0), 30);
  book (f, f->ayse, f->javier, f->room1, at (f, 2026, 11, 24, 12, 30), 30);
  /* The others keep the clinic's hours. */
  book (f, f->lucia, f->elif, f->room2, at (f, 2026, 11, 25, 10, 0), 30);

  /* Only an administrator changes hours. */
  g_assert_false (meso_schedule_save_practitioner (f->schedule, &changed, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
}

static void
test_holiday (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate christmas;

  meso_test_date (&christmas, 2026, 12, 25);
  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_schedule_add_holiday (f->schedule, &christmas, "Christmas Day", &error));
  g_assert_no_error (error);
  meso_db_set_actor (f->db, f->receptionist);

  assert_refused (f, f->ayse, f->elif, f->room1, at (f, 2026, 12, 25, 10, 0), 30,
                  MESO_SCHEDULE_ERROR_HOLIDAY, "closed on Friday 25 December 2026: Christmas Day");
  book (f, f->ayse, f->elif, f->room1, at (f, 2026, 12, 24, 10, 0), 30);
}

static void
test_trigger_refuses_raw_double_booking (Fixture       *f,
                                         gconstpointer  data)
{
  gint64 ten = at (f, 2026, 11, 23, 10, 0);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  book (f, f->ayse, f->elif, f->room1, ten, 30);
  sql = g_strdup_printf ("INSERT INTO appointment (id, patient_id, practitioner_id, room_id,"
                         " starts_at, ends_at, kind) VALUES (99, %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", 'session')", f->lucia, f->javier, f->room1,
                         ten + 600, ten + 1800);
  g_assert_false (meso_db_exec (f->db, sql, &error));
  g_assert_nonnull (strstr (error->message, "already has an appointment at that time"));
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 1);
  g_clear_pointer (&sql, g_free);
  g_clear_error (&error);

  /* The same patient, with another practitioner in another room. */
  sql = g_strdup_printf ("INSERT INTO appointment (id, patient_id, practitioner_id, room_id,"
                         " starts_at, ends_at, kind) VALUES (99, %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", 'session')", f->ayse, f->javier, f->room2,
                         ten + 600, ten + 1800);
  g_assert_false (meso_db_exec (f->db, sql, &error));
  g_assert_nonnull (strstr (error->message, "already has an appointment at that time"));
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 1);
  g_clear_error (&error);

  /* Moved onto the patient's other appointment, likewise. */
  book (f, f->ayse, f->javier, f->room2, ten + 3600, 30);
  g_assert_false (meso_db_exec (f->db, "UPDATE appointment SET starts_at = starts_at - 3000,"
                                       " ends_at = ends_at - 3000 WHERE starts_at > 0"
                                       " AND practitioner_id <> (SELECT min (id) FROM practitioner)",
                                &error));
  g_assert_nonnull (strstr (error->message, "already has an appointment at that time"));
}

/* Values the schema forbids, written by a program that ignores CHECK
 * constraints, are refused as damage when read, never used as indexes;
 * and a load that fails part way cleans up after itself. */
static void
test_damaged_hours_refused (Fixture       *f,
                            gconstpointer  data)
{
  static const char *damage[] = {
    "UPDATE opening_hours SET weekday = 100000 WHERE weekday = 1",
    "UPDATE opening_hours SET weekday = -3 WHERE weekday = 1",
    "UPDATE opening_hours SET closes = 90000 WHERE weekday = 1",
    "INSERT INTO practitioner_hours VALUES ((SELECT min (id) FROM practitioner), 8, 540, 600)",
    "INSERT INTO practitioner_hours VALUES ((SELECT min (id) FROM practitioner), 2, 600, 540)",
  };

  /* On a server the forger drops the CHECK constraints and writes as a
   * replica, past the audit triggers, in a transaction rolled back after. */
  static const char *server_forger =
    "BEGIN; SET LOCAL session_replication_role = replica;"
    " DO $$ DECLARE c record; BEGIN"
    "   FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint"
    "            WHERE contype = 'c' AND conrelid IN ('opening_hours'::regclass,"
    "                                                 'practitioner_hours'::regclass) LOOP"
    "     EXECUTE format ('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname);"
    "   END LOOP; END $$";

  g_assert_true (meso_db_exec (f->db, meso_test_engine_is_server ()
                                      ? server_forger
                                      : "PRAGMA ignore_check_constraints = ON; BEGIN", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoResources) loaded = NULL;

      g_assert_true (meso_db_exec (f->db, "SAVEPOINT damage", NULL));
      g_assert_true (meso_db_exec (f->db, damage[i], &error));
      loaded = meso_resources_load (f->db, &error);
      g_assert_null (loaded);
      g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
      g_assert_true (meso_db_exec (f->db, "ROLLBACK TO damage; RELEASE damage", NULL));
    }
  g_assert_true (meso_db_exec (f->db, "ROLLBACK", NULL));

  /* A table that cannot be read at all. */
  {
    g_autoptr(GError) error = NULL;

    if (!meso_test_engine_is_server ())
      g_assert_true (meso_db_exec (f->db, "PRAGMA foreign_keys = OFF", NULL));
    g_assert_true (meso_db_exec (f->db, "ALTER TABLE room RENAME TO room_gone", NULL));
    g_assert_null (meso_resources_load (f->db, &error));
    g_assert_nonnull (error);
  }
}

static void
test_audited (Fixture       *f,
              gconstpointer  data)
{
  gint64 id = book (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 23, 10, 0), 30);

  g_assert_true (meso_schedule_set_status (f->schedule, id, MESO_STATUS_CONFIRMED, NULL));
  g_assert_cmpuint (meso_test_query_int (f->db,
                                         "SELECT count(*) FROM audit"
                                         " WHERE table_name = 'appointment'"
                                         " AND staff_id = 2"), ==, 2);
}

/* Daylight saving --------------------------------------------------------- */

static MesoProtocol *
find_protocol (Fixture    *f,
               const char *name)
{
  g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (f->schedule, NULL);

  g_assert_nonnull (protocols);
  for (guint i = 0; i < protocols->len; i++)
    {
      MesoProtocol *protocol = g_ptr_array_index (protocols, i);

      if (g_str_equal (protocol->name, name))
        return g_ptr_array_steal_index (protocols, i);
    }
  g_assert_not_reached ();
}

static GPtrArray *
plan (Fixture      *f,
      const char   *protocol_name,
      gint64        patient_id,
      GDateWeekday  weekday,
      int           year,
      int           month,
      int           day,
      MesoCourse   *out_course)
{
  g_autoptr(MesoProtocol) protocol = find_protocol (f, protocol_name);
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions;
  GDate first;

  *out_course = (MesoCourse) {
    .patient_id = patient_id, .protocol_name = protocol->name, .practitioner_id = f->elif,
    .room_id = f->room1, .weekday = weekday, .minute_of_day = 10 * 60,
    .sessions = meso_protocol_count_sessions (protocol),
    .maintenance_days = protocol->maintenance_days,
  };
  meso_test_date (&first, year, month, day);
  sessions = meso_course_plan (f->schedule, protocol, out_course, &first, &error);
  g_assert_no_error (error);
  out_course->protocol_name = g_strdup (protocol->name);
  return sessions;
}

static int
days_between (Fixture *f,
              gint64   a,
              gint64   b)
{
  GDate x, y;

  meso_resources_get_day (resources (f), a, &x, NULL);
  meso_resources_get_day (resources (f), b, &y, NULL);
  return g_date_days_between (&x, &y);
}

static void
assert_local (Fixture      *f,
              gint64        instant,
              GDateWeekday  weekday,
              guint         minute_of_day)
{
  GDate day;
  guint minute;

  meso_resources_get_day (resources (f), instant, &day, &minute);
  g_assert_cmpint (g_date_get_weekday (&day), ==, weekday);
  g_assert_cmpuint (minute, ==, minute_of_day);
}

static void
test_daylight_saving (Fixture       *f,
                      gconstpointer  data)
{
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = plan (f, "Plan C", f->ayse, G_DATE_MONDAY, 2026, 10, 12,
                                        &course);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sessions->len, ==, 11);
  for (guint i = 0; i < sessions->len; i++)
    assert_local (f, ((MesoAppointment *) g_ptr_array_index (sessions, i))->starts_at,
                  G_DATE_MONDAY, 10 * 60);
  /* 19 October is summer time, 26 October winter time: an hour more between them. */
  g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, 2))->starts_at -
                   ((MesoAppointment *) g_ptr_array_index (sessions, 1))->starts_at, ==,
                   7 * 24 * 3600 + 3600);

  g_assert_true (meso_schedule_book (f->schedule, &course, sessions, &error));
  g_assert_no_error (error);
  g_clear_pointer (&course.protocol_name, g_free);
}

/* Courses ------------------------------------------------------------------ */

static void
assert_intervals (Fixture     *f,
                  GPtrArray   *sessions,
                  const guint *expected,
                  guint        n_expected)
{
  g_assert_cmpuint (sessions->len, ==, n_expected);
  for (guint i = 1; i < sessions->len; i++)
    {
      MesoAppointment *a = g_ptr_array_index (sessions, i - 1);
      MesoAppointment *b = g_ptr_array_index (sessions, i);
      int days = days_between (f, a->starts_at, b->starts_at);

      /* Long intervals land on the nearest preferred weekday: within 3 days. */
      if (ABS (days - (int) expected[i]) > (expected[i] % 7 == 0 ? 0 : 3))
        g_error ("session %u comes %d days after the one before, not about %u", i + 1, days,
                 expected[i]);
      g_assert_cmpuint (b->interval_days, ==, expected[i]);
      g_assert_cmpuint (b->course_position, ==, i + 1);
    }
}

static void
test_plan_a (Fixture       *f,
             gconstpointer  data)
{
  static const guint expected[] = { 0, 7, 7, 7, 30, 30, 30, 30 };
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = plan (f, "Plan A", f->ayse, G_DATE_MONDAY, 2026, 11, 20,
                                        &course);
  MesoAppointment *first = g_ptr_array_index (sessions, 0);

  assert_intervals (f, sessions, expected, G_N_ELEMENTS (expected));
  /* It starts on the first Monday from the start date, longer: it includes the analysis. */
  g_assert_cmpint (first->starts_at, ==, at (f, 2026, 11, 23, 10, 0));
  g_assert_cmpint (first->kind, ==, MESO_KIND_FIRST_SESSION);
  g_assert_cmpuint (first->minutes, ==, 60);
  g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, 1))->kind, ==,
                   MESO_KIND_SESSION);
  g_assert_cmpuint (((MesoAppointment *) g_ptr_array_index (sessions, 1))->minutes, ==, 30);
  for (guint i = 0; i < sessions->len; i++)
    assert_local (f, ((MesoAppointment *) g_ptr_array_index (sessions, i))->starts_at,
                  G_DATE_MONDAY, 10 * 60);
  g_assert_cmpuint (course.maintenance_days, ==, 182);
  g_free (course.protocol_name);
}

static void
test_plan_b (Fixture       *f,
             gconstpointer  data)
{
  static const guint expected[] = { 0, 7, 7, 7, 15, 15, 15, 15 };
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = plan (f, "Plan B", f->ayse, G_DATE_THURSDAY, 2026, 11, 20,
                                        &course);

  assert_intervals (f, sessions, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (course.maintenance_days, ==, 30);
  g_free (course.protocol_name);
}

static void
test_plan_c (Fixture       *f,
             gconstpointer  data)
{
  static const guint expected[] = { 0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = plan (f, "Plan C", f->ayse, G_DATE_BAD_WEEKDAY, 2026, 11, 20,
                                        &course);

  assert_intervals (f, sessions, expected, G_N_ELEMENTS (expected));
  /* Without a preferred weekday it starts on the start date itself. */
  g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, 0))->starts_at, ==,
                   at (f, 2026, 11, 20, 10, 0));
  g_free (course.protocol_name);
}

static void
test_own_protocol (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MesoProtocol) protocol = meso_protocol_new ("Intensive", 60);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint changed = 0;

  g_assert_false (meso_protocol_parse_phases (protocol, "3 weekly", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (meso_protocol_parse_phases (protocol, "3×3, 2x10", &error));
  g_assert_no_error (error);
  text = meso_protocol_format_phases (protocol);
  g_assert_cmpstr (text, ==, "3×3, 2×10");
  g_assert_cmpuint (meso_protocol_count_sessions (protocol), ==, 5);

  /* Protocols are clinic settings. The pages showing them follow the
   * schedule's "changed", which a refused save does not emit. */
  g_signal_connect_swapped (f->schedule, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  g_assert_false (meso_schedule_save_protocol (f->schedule, protocol, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 0);
  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_schedule_save_protocol (f->schedule, protocol, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_data (f->schedule, &changed);
  meso_db_set_actor (f->db, f->receptionist);
  {
    g_autoptr(MesoProtocol) stored = find_protocol (f, "Intensive");
    g_autofree char *stored_text = meso_protocol_format_phases (stored);

    g_assert_cmpstr (stored_text, ==, "3×3, 2×10");
    g_assert_cmpuint (stored->maintenance_days, ==, 60);
  }

  /* A second protocol of that name, or another renamed to it, is refused in
   * words beside the name; nothing is saved or announced. */
  meso_db_set_actor (f->db, f->admin);
  g_signal_connect_swapped (f->schedule, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  {
    g_autoptr(MesoProtocol) twin = meso_protocol_new ("Intensive", 30);
    g_autoptr(MesoProtocol) renamed = find_protocol (f, "Plan A");
    g_autoptr(MesoProtocol) stored = NULL;
    g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (f->schedule, NULL);
    guint n_protocols = protocols->len;

    g_assert_true (meso_protocol_parse_phases (twin, "2×7", &error));
    g_assert_false (meso_schedule_save_protocol (f->schedule, twin, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==, "Another protocol has this name.");
    g_clear_error (&error);
    g_assert_cmpint (twin->id, ==, 0);

    g_free (renamed->name);
    renamed->name = g_strdup ("Intensive");
    g_assert_false (meso_schedule_save_protocol (f->schedule, renamed, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==, "Another protocol has this name.");
    g_clear_error (&error);

    g_clear_pointer (&protocols, g_ptr_array_unref);
    protocols = meso_schedule_list_protocols (f->schedule, NULL);
    g_assert_cmpuint (protocols->len, ==, n_protocols);
    stored = find_protocol (f, "Intensive");
    g_assert_cmpuint (stored->maintenance_days, ==, 60);
    g_clear_pointer (&stored, meso_protocol_free);
    stored = find_protocol (f, "Plan A");
  }
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_data (f->schedule, &changed);
  meso_db_set_actor (f->db, f->receptionist);
}

static void
test_plan_skips_holidays_and_busy_slots (Fixture       *f,
                                         gconstpointer  data)
{
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  GDate holiday;

  meso_test_date (&holiday, 2026, 12, 7);
  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_schedule_add_holiday (f->schedule, &holiday, "Clinic closed", &error));
  meso_db_set_actor (f->db, f->receptionist);
  /* Dr. Aydın is taken at 10:00 on 30 November. */
  book (f, f->lucia, f->elif, f->room2, at (f, 2026, 11, 30, 10, 0), 30);

  sessions = plan (f, "Plan A", f->ayse, G_DATE_MONDAY, 2026, 11, 23, &course);
  /* Right after the clash, then the next day at the usual time, then back to Mondays. */
  g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, 1))->starts_at, ==,
                   at (f, 2026, 11, 30, 10, 30));
  g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, 2))->starts_at, ==,
                   at (f, 2026, 12, 8, 10, 0));
  g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, 3))->starts_at, ==,
                   at (f, 2026, 12, 14, 10, 0));
  g_free (course.protocol_name);
}

static void
test_course_is_booked_whole_or_not_at_all (Fixture       *f,
                                           gconstpointer  data)
{
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = plan (f, "Plan A", f->ayse, G_DATE_MONDAY, 2026, 11, 23,
                                        &course);
  g_autoptr(GError) error = NULL;

  /* Another workstation takes session 4's slot between preview and booking. */
  book (f, f->lucia, f->elif, f->room2, at (f, 2026, 12, 14, 10, 15), 30);
  g_assert_false (meso_schedule_book (f->schedule, &course, sessions, &error));
  g_assert_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY);
  g_clear_error (&error);
  g_assert_cmpint (course.id, ==, 0);
  for (guint i = 0; i < sessions->len; i++)
    g_assert_cmpint (((MesoAppointment *) g_ptr_array_index (sessions, i))->id, ==, 0);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM course"), ==, 0);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 1);

  /* The receptionist adjusts session 4 and books again. */
  ((MesoAppointment *) g_ptr_array_index (sessions, 3))->starts_at = at (f, 2026, 12, 14, 11, 0);
  g_assert_true (meso_schedule_book (f->schedule, &course, sessions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meso_test_query_int (f->db,
                                         "SELECT count(*) FROM appointment"
                                         " WHERE course_id IS NOT NULL"),
                    ==, 8);
  g_free (course.protocol_name);
}

static void
test_missed_session_cascade (Fixture       *f,
                             gconstpointer  data)
{
  static const guint expected[] = { 0, 7, 7, 7, 30, 30, 30, 30 };
  MesoCourse course;
  g_autoptr(GPtrArray) sessions = plan (f, "Plan A", f->ayse, G_DATE_MONDAY, 2026, 11, 23,
                                        &course);
  g_autoptr(GPtrArray) rebooking = NULL;
  g_autoptr(GPtrArray) after = g_ptr_array_new ();
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(MesoAppointment) missed = NULL;
  g_autoptr(GError) error = NULL;
  MesoCourseProgress progress;

  g_assert_true (meso_schedule_book (f->schedule, &course, sessions, &error));
  g_assert_no_error (error);
  g_assert_true (meso_schedule_set_status (f->schedule,
                                           ((MesoAppointment *) sessions->pdata[0])->id,
                                           MESO_STATUS_DONE, &error));
  g_assert_true (meso_schedule_set_status (f->schedule,
                                           ((MesoAppointment *) sessions->pdata[1])->id,
                                           MESO_STATUS_NO_SHOW, &error));
  g_assert_no_error (error);

  missed = meso_schedule_load (f->schedule, ((MesoAppointment *) sessions->pdata[1])->id, &error);
  rebooking = meso_course_plan_rebooking (f->schedule, missed, at (f, 2026, 12, 1, 0, 0), &error);
  g_assert_no_error (error);
  /* The missed session comes back on the next Monday, where session 3 was;
   * the six later ones all move. */
  g_assert_cmpuint (rebooking->len, ==, 7);
  g_assert_cmpint (((MesoAppointment *) rebooking->pdata[0])->id, ==, 0);
  g_assert_cmpint (((MesoAppointment *) rebooking->pdata[0])->starts_at, ==,
                   at (f, 2026, 12, 7, 10, 0));
  g_assert_cmpint (((MesoAppointment *) rebooking->pdata[1])->starts_at, ==,
                   at (f, 2026, 12, 14, 10, 0));
  g_assert_true (meso_schedule_book (f->schedule, NULL, rebooking, &error));
  g_assert_no_error (error);

  /* The course again has one active session per position, the protocol's
   * intervals between them; the no-show stays on record. */
  stored = meso_schedule_list_course (f->schedule, course.id, &error);
  for (guint i = 0; i < stored->len; i++)
    if (meso_appointment_is_active (stored->pdata[i]))
      g_ptr_array_add (after, stored->pdata[i]);
  g_assert_cmpuint (after->len, ==, 8);
  g_assert_cmpuint (stored->len, ==, 9);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpuint (((MesoAppointment *) after->pdata[i])->course_position, ==, i + 1);
  for (guint i = 2; i < after->len; i++)
    {
      int days = days_between (f, ((MesoAppointment *) after->pdata[i - 1])->starts_at,
                               ((MesoAppointment *) after->pdata[i])->starts_at);

      g_assert_cmpint (ABS (days - (int) expected[i]), <=, expected[i] % 7 == 0 ? 0 : 3);
    }

  /* Rebooking twice is refused. */
  g_clear_pointer (&rebooking, g_ptr_array_unref);
  rebooking = meso_course_plan_rebooking (f->schedule, missed, at (f, 2026, 12, 1, 0, 0), &error);
  g_assert_null (rebooking);
  g_assert_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (meso_course_get_progress (f->schedule, course.id, at (f, 2026, 12, 1, 0, 0),
                                           &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.total, ==, 8);
  g_assert_cmpuint (progress.done, ==, 1);
  g_assert_cmpint (progress.next_session, ==, at (f, 2026, 12, 7, 10, 0));
  /* 182 days after the last session. */
  g_assert_cmpint (days_between (f, ((MesoAppointment *) after->pdata[7])->starts_at,
                                 meso_resources_to_instant (resources (f),
                                                            &progress.maintenance_due, 600)),
                   ==, 182);
  g_free (course.protocol_name);
}

/* Free slots and the waitlist --------------------------------------------- */

static void
test_find_slots (Fixture       *f,
                 gconstpointer  data)
{
  /* Dr. Moreno's Monday afternoon is full until 15:00. */
  MesoSlotQuery query = {
    .practitioner_id = f->javier, .minutes = 45, .not_before = at (f, 2026, 11, 23, 8, 0),
    .weekdays = 0x1f, .earliest = 12 * 60, .latest = 18 * 60, .max_days = 14,
  };
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GError) error = NULL;

  book (f, f->ayse, f->javier, f->room1, at (f, 2026, 11, 23, 12, 0), 120);
  book (f, f->lucia, f->javier, f->room1, at (f, 2026, 11, 23, 14, 0), 60);
  slots = meso_schedule_find_slots (f->schedule, &query, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 3);
  g_assert_cmpint (((MesoAppointment *) slots->pdata[0])->starts_at, ==,
                   at (f, 2026, 11, 23, 15, 0));
  g_assert_cmpint (((MesoAppointment *) slots->pdata[0])->practitioner_id, ==, f->javier);
  g_assert_cmpint (((MesoAppointment *) slots->pdata[1])->starts_at, ==,
                   at (f, 2026, 11, 24, 12, 0));
  /* No weekend: Friday, then Monday. */
  g_assert_cmpint (((MesoAppointment *) slots->pdata[2])->starts_at, ==,
                   at (f, 2026, 11, 25, 12, 0));
}

static void
test_waitlist_offer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoWaitlistEntry) monday_morning = meso_waitlist_entry_new ();
  g_autoptr(MesoWaitlistEntry) tuesday = meso_waitlist_entry_new ();
  g_autoptr(MesoWaitlistEntry) afternoon = meso_waitlist_entry_new ();
  g_autoptr(MesoWaitlistEntry) own = meso_waitlist_entry_new ();
  g_autoptr(MesoAppointment) freed = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  monday_morning->patient_id = f->lucia;
  monday_morning->weekdays = 1 << 0;
  monday_morning->earliest = 9 * 60;
  monday_morning->latest = 12 * 60;
  tuesday->patient_id = f->anna;
  tuesday->weekdays = 1 << 1;
  afternoon->patient_id = f->anna;
  afternoon->earliest = 14 * 60;
  own->patient_id = f->ayse;
  g_assert_true (meso_waitlist_add (f->schedule, monday_morning, &error));
  g_assert_true (meso_waitlist_add (f->schedule, tuesday, &error));
  g_assert_true (meso_waitlist_add (f->schedule, afternoon, &error));
  g_assert_true (meso_waitlist_add (f->schedule, own, &error));
  g_assert_no_error (error);

  id = book (f, f->ayse, f->elif, f->room1, at (f, 2026, 11, 23, 10, 0), 30);
  g_assert_true (meso_schedule_set_status (f->schedule, id, MESO_STATUS_CANCELLED, &error));
  freed = meso_schedule_load (f->schedule, id, &error);
  offers = meso_waitlist_offers (f->schedule, freed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offers->len, ==, 1);
  g_assert_cmpint (((MesoWaitlistEntry *) offers->pdata[0])->id, ==, monday_morning->id);
  g_assert_cmpstr (((MesoWaitlistEntry *) offers->pdata[0])->patient_name, ==, "Lucía Ortega");

  /* Once booked, Lucía leaves the waitlist and is not offered again. */
  g_assert_true (meso_waitlist_resolve (f->schedule, monday_morning->id, &error));
  g_clear_pointer (&offers, g_ptr_array_unref);
  offers = meso_waitlist_offers (f->schedule, freed, &error);
  g_assert_cmpuint (offers->len, ==, 0);
  waiting = meso_waitlist_list (f->schedule, &error);
  g_assert_cmpuint (waiting->len, ==, 3);
}

/* Two workstations --------------------------------------------------------- */

typedef struct
{
  char      *path;
  gint64     staff_id;
  gint64     patient_id;
  gint64     practitioner_id;
  gint64     room_id;
  gint64     starts_at;
  GMutex    *mutex;
  GCond     *cond;
  guint     *ready;
  gboolean   booked;
  GError    *error;
} Workstation;

/* One workstation: its own connection, signed in, waits for the other
 * then books at once. */
static gpointer
workstation_book (gpointer data)
{
  Workstation *w = data;
  g_autoptr(MesoDb) db = meso_db_open (w->path, &w->error);
  g_autoptr(MesoStaffStore) staff_store = NULL;
  g_autoptr(MesoStaff) staff = NULL;
  g_autoptr(MesoSchedule) schedule = NULL;
  g_autoptr(MesoAppointment) appointment = make (w->patient_id, w->practitioner_id, w->room_id,
                                                 w->starts_at, 30);

  g_assert_no_error (w->error);
  staff_store = meso_staff_store_new (db);
  staff = meso_staff_store_load (staff_store, w->staff_id, &w->error);
  g_assert_no_error (w->error);
  meso_db_set_actor (db, staff);
  schedule = meso_schedule_new (db);
  g_assert_nonnull (meso_schedule_get_resources (schedule, &w->error));

  g_mutex_lock (w->mutex);
  (*w->ready)++;
  g_cond_broadcast (w->cond);
  while (*w->ready < 2)
    g_cond_wait (w->cond, w->mutex);
  g_mutex_unlock (w->mutex);

  w->booked = meso_schedule_save (schedule, appointment, &w->error);
  return NULL;
}

static void
test_two_workstations_one_slot (Fixture       *f,
                                gconstpointer  data)
{
  GMutex mutex;
  GCond cond;
  guint ready = 0;
  Workstation w[2];
  GThread *threads[2];

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (guint round = 0; round < 20; round++)
    {
      gint64 starts_at = at (f, 2026, 11, 23, 9, 0) + round * 1800;

      ready = 0;
      for (guint i = 0; i < 2; i++)
        {
          w[i] = (Workstation) { f->path, meso_staff_get_id (f->receptionist),
                                 i == 0 ? f->ayse : f->lucia, f->elif, f->room1, starts_at,
                                 &mutex, &cond, &ready, FALSE, NULL };
          threads[i] = g_thread_new ("workstation", workstation_book, &w[i]);
        }
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);

      /* Exactly one booking; the other is told who has the slot. */
      g_assert_true (w[0].booked != w[1].booked);
      {
        GError *refusal = w[0].booked ? w[1].error : w[0].error;

        g_assert_error (refusal, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY);
      }
      g_clear_error (&w[0].error);
      g_clear_error (&w[1].error);
    }
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 20);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/schedule/overlap-edges", test_overlap_edges);
  ADD ("/meso/schedule/cancelled-frees-the-slot", test_cancelled_frees_the_slot);
  ADD ("/meso/schedule/refused-move-keeps-slot", test_move_keeps_the_old_slot_on_refusal);
  ADD ("/meso/schedule/opening-hours", test_opening_hours);
  ADD ("/meso/schedule/working-hours-days-off", test_working_hours_and_days_off);
  ADD ("/meso/schedule/holiday", test_holiday);
  ADD ("/meso/schedule/trigger", test_trigger_refuses_raw_double_booking);
  ADD ("/meso/schedule/damaged-hours", test_damaged_hours_refused);
  ADD ("/meso/schedule/audited", test_audited);
  ADD ("/meso/schedule/daylight-saving", test_daylight_saving);
  ADD ("/meso/course/plan-a", test_plan_a);
  ADD ("/meso/course/plan-b", test_plan_b);
  ADD ("/meso/course/plan-c", test_plan_c);
  ADD ("/meso/course/own-protocol", test_own_protocol);
  ADD ("/meso/course/skips-holidays-and-busy", test_plan_skips_holidays_and_busy_slots);
  ADD ("/meso/course/whole-or-nothing", test_course_is_booked_whole_or_not_at_all);
  ADD ("/meso/course/missed-session-cascade", test_missed_session_cascade);
  ADD ("/meso/schedule/find-slots", test_find_slots);
  ADD ("/meso/waitlist/offer", test_waitlist_offer);
  ADD ("/meso/schedule/two-workstations", test_two_workstations_one_slot);
#undef ADD

  return g_test_run ();
}
