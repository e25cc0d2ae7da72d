/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-concurrency.c: several workstations writing one clinic, each a
 * process of its own (meso-book-worker), on an SQLite file and, as
 * test-concurrency-server, on a clinic server.
 *
 * Four workstations make 1,000 booking attempts in all, at once, on a
 * crowded fortnight: afterwards no practitioner, room or patient is booked
 * twice at one time, every attempt was either saved or refused with the
 * message naming who has the slot, and every saved appointment is there.
 *
 * A workstation killed in the middle of a write leaves all of it or none:
 * the test stops the writer at random moments until it holds the write
 * lock (the file's WAL write lock, or the server's write turn), kills it
 * there, and checks that no patient, screening or course is half-saved.
 *
 * Three workstations waking at the same moment over due reminders mark
 * each shown once; claiming the day's backup at the same moment, one of
 * them makes it. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meso-patient-store.h"
#include "meso-schedule.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-server.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define N_WORKSTATIONS 4
#define N_ATTEMPTS     1000
#define N_KILLS        30

/* The worker's course length (meso-book-worker.c). */
#define COURSE_SESSIONS 6

/* A worker process and what it printed. */
typedef struct
{
  GPid     pid;
  int      in_fd;
  int      out_fd;
  GString *out;
  gboolean ended;
} Child;

/* meso-book-worker, built beside this program. */
static char *
worker_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self);

  return g_build_filename (dir, "meso-book-worker", NULL);
}

/* A worker dies with the test: one left stopped (SIGSTOP) by a failed
 * test would hold the clinic's write lock for ever. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
child_spawn (Child              *child,
             const char * const *argv)
{
  g_autoptr(GError) error = NULL;

  *child = (Child) { .out = g_string_new (NULL) };
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                                           &child->pid, &child->in_fd, &child->out_fd, NULL,
                                           &error));
  g_assert_no_error (error);
}

static guint
count_lines (GString *out)
{
  guint n = 0;

  for (const char *c = out->str; (c = strchr (c, '\n')) != NULL; c++)
    n++;
  return n;
}

/* Reads what @children print until each has printed @until (or @n_lines
 * lines, when @until is "\n"), or, for %NULL, until each has closed its
 * output. */
static void
children_read_lines (Child      *children,
                     guint       n,
                     const char *until,
                     guint       n_lines)
{
  for (;;)
    {
      struct pollfd fds[N_WORKSTATIONS];
      Child *polled[N_WORKSTATIONS];
      guint n_fds = 0;

      g_assert_cmpuint (n, <=, N_WORKSTATIONS);
      for (guint i = 0; i < n; i++)
        if (!children[i].ended &&
            (until == NULL ||
             (g_str_equal (until, "\n") ? count_lines (children[i].out) < n_lines
                                        : strstr (children[i].out->str, until) == NULL)))
          {
            fds[n_fds] = (struct pollfd) { .fd = children[i].out_fd, .events = POLLIN };
            polled[n_fds++] = &children[i];
          }
      if (n_fds == 0)
        return;
      /* A worker that hangs fails the test rather than the meson timeout. */
      if (poll (fds, n_fds, 120 * 1000) == 0)
        g_error ("A worker printed nothing for two minutes");
      for (guint i = 0; i < n_fds; i++)
        if (fds[i].revents != 0)
          {
            char buffer[4096];
            gssize n_read = read (fds[i].fd, buffer, sizeof buffer);

            g_assert_cmpint (n_read, >=, 0);
            if (n_read == 0)
              polled[i]->ended = TRUE;
            g_string_append_len (polled[i]->out, buffer, n_read);
          }
    }
}

static void
children_read (Child      *children,
               guint       n,
               const char *until)
{
  children_read_lines (children, n, until, 1);
}

static void
child_clear (Child *child)
{
  g_spawn_close_pid (child->pid);
  if (child->in_fd >= 0)
    close (child->in_fd);
  close (child->out_fd);
  g_string_free (child->out, TRUE);
}

/* Asserts no two active appointments of one practitioner, room or patient
 * overlap: the double bookings the core exists to refuse. */
static void
assert_no_double_booking (MesoDb *db)
{
  g_assert_cmpint (meso_test_query_int (db,
                   "SELECT count(*) FROM appointment a JOIN appointment b"
                   "   ON a.id < b.id AND b.starts_at < a.ends_at AND b.ends_at > a.starts_at"
                   "  AND (a.practitioner_id = b.practitioner_id OR a.room_id = b.room_id"
                   "       OR a.patient_id = b.patient_id)"
                   " WHERE a.status NOT IN ('cancelled', 'no_show')"
                   "   AND b.status NOT IN ('cancelled', 'no_show')"), ==, 0);
}

/* Asserts meso_db_check() passes on @location: on a file, its integrity
 * check; on a server, its constraints; on both, the audit chain. */
static void
assert_check_passes (const char *location)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (location, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_nonnull (strstr (report, meso_test_engine_is_server () ? "Constraints: ok"
                                                                  : "Integrity check: ok"));
  g_assert_nonnull (strstr (report, "chain unbroken"));
}

/* Four workstations ------------------------------------------------------- */

static void
test_four_workstations (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *location = meso_test_clinic_location (&dir);
  g_autofree char *worker = worker_path ();
  char *staff_ids[N_WORKSTATIONS] = { NULL, };
  char *seeds[N_WORKSTATIONS] = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  Child children[N_WORKSTATIONS];
  guint n_attempts = 0, n_booked = 0, n_courses = 0, n_errors = 0;
  guint n_refused[MESO_SCHEDULE_ERROR_PATIENT_BUSY + 1] = { 0, };
  gint64 n_rows = 0;
  gint64 started, elapsed;

  /* The clinic: three practitioners, three rooms, four patients; and a
   * member of staff for each workstation, two at reception. */
  {
    g_autoptr(MesoDb) setup = meso_db_open (location, &error);
    g_autoptr(MesoSchedule) schedule = NULL;
    g_autoptr(MesoPatientStore) patients = NULL;
    g_autoptr(MesoStaff) admin = NULL;
    const char *names[] = { "Yılmaz", "Ortega", "Berg", "Novak" };
    GDate today;

    g_assert_no_error (error);
    admin = meso_test_sign_in (setup, MESO_ROLE_ADMINISTRATOR, "Selin");
    schedule = meso_schedule_new (setup);
    patients = meso_patient_store_new (setup);
    meso_test_add_practitioner (schedule, "Dr. Elif Aydın");
    meso_test_add_practitioner (schedule, "Dr. Javier Moreno");
    meso_test_add_practitioner (schedule, "Dr. Ana Souza");
    meso_test_add_room (schedule, "Room 1");
    meso_test_add_room (schedule, "Room 2");
    meso_test_add_room (schedule, "Room 3");
    meso_test_date (&today, 2026, 11, 1);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      meso_test_add_patient (patients, names[i], NULL, NULL, &today);
    for (guint i = 0; i < N_WORKSTATIONS; i++)
      {
        g_autofree char *name = g_strdup_printf ("Workstation %u", i + 1);
        g_autoptr(MesoStaff) staff =
          meso_test_sign_in (setup, i < 2 ? MESO_ROLE_RECEPTIONIST : MESO_ROLE_PHYSICIAN, name);

        staff_ids[i] = g_strdup_printf ("%" G_GINT64_FORMAT, meso_staff_get_id (staff));
        seeds[i] = g_strdup_printf ("%u", g_test_rand_int ());
      }
  }

  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      const char *argv[] = { worker, "book", location, staff_ids[i], seeds[i], NULL };

      child_spawn (&children[i], argv);
    }
  /* Every workstation has opened the clinic and signed in. Then, round
   * after round, all four book at once: each gets its byte, and the next
   * round waits for every answer. */
  children_read (children, N_WORKSTATIONS, "ready\n");
  started = g_get_monotonic_time ();
  for (guint round = 0; round < N_ATTEMPTS / N_WORKSTATIONS; round++)
    {
      for (guint i = 0; i < N_WORKSTATIONS; i++)
        g_assert_cmpint (write (children[i].in_fd, "g", 1), ==, 1);
      children_read_lines (children, N_WORKSTATIONS, "\n", round + 2);
    }
  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      close (children[i].in_fd);
      children[i].in_fd = -1;
    }
  children_read (children, N_WORKSTATIONS, NULL);
  elapsed = g_get_monotonic_time () - started;

  for (guint i = 0; i < N_WORKSTATIONS; i++)
    {
      g_auto(GStrv) lines = g_strsplit (children[i].out->str, "\n", -1);
      int status;

      g_assert_cmpint (waitpid (children[i].pid, &status, 0), ==, children[i].pid);
      g_assert_true (g_spawn_check_wait_status (status, &error));
      g_assert_no_error (error);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          const char *line = lines[j];

          if (*line == '\0' || g_str_equal (line, "ready"))
            continue;
          n_attempts++;
          if (g_str_has_prefix (line, "booked "))
            {
              guint rows = (guint) g_ascii_strtoull (line + 7, NULL, 10);

              g_assert_true (rows == 1 || rows == 3);
              n_booked++;
              n_courses += rows == 3;
              n_rows += rows;
            }
          else if (g_str_has_prefix (line, "refused "))
            {
              char *message = NULL;
              guint code = (guint) g_ascii_strtoull (line + 8, &message, 10);

              g_assert_cmpuint (code, <, G_N_ELEMENTS (n_refused));
              n_refused[code]++;
              /* What the user reads names who has the slot ("?" for a
               * practitioner or room the workstation did not know). */
              if ((strstr (message, " already ") == NULL &&
                   strstr (message, " is taken ") == NULL) || strchr (message, '?') != NULL)
                g_error ("workstation %u: unclear refusal: %s", i + 1, message);
            }
          else
            {
              g_test_message ("workstation %u: %s", i + 1, line);
              n_errors++;
            }
        }
      child_clear (&children[i]);
      g_free (staff_ids[i]);
      g_free (seeds[i]);
    }

  g_test_message ("%u attempts by %d processes in %" G_GINT64_FORMAT " ms: %u booked (%u of "
                  "them three-session courses, %" G_GINT64_FORMAT " appointments); refused: "
                  "practitioner busy %u, room busy %u, patient busy %u; other errors %u",
                  n_attempts, N_WORKSTATIONS, elapsed / 1000, n_booked, n_courses, n_rows,
                  n_refused[MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY],
                  n_refused[MESO_SCHEDULE_ERROR_ROOM_BUSY],
                  n_refused[MESO_SCHEDULE_ERROR_PATIENT_BUSY], n_errors);
  /* Every attempt answered, none with anything but a clash. */
  g_assert_cmpuint (n_attempts, ==, N_ATTEMPTS);
  g_assert_cmpuint (n_errors, ==, 0);
  /* The slots were fought over: every kind of clash was refused. */
  g_assert_cmpuint (n_booked, >, 0);
  g_assert_cmpuint (n_refused[MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY], >, 0);
  g_assert_cmpuint (n_refused[MESO_SCHEDULE_ERROR_ROOM_BUSY], >, 0);
  g_assert_cmpuint (n_refused[MESO_SCHEDULE_ERROR_PATIENT_BUSY], >, 0);

  db = meso_db_open (location, &error);
  g_assert_no_error (error);
  assert_no_double_booking (db);
  /* Every booking reported saved is there, and nothing else: no course is
   * half-booked. */
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM appointment"), ==, n_rows);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM course"), ==, n_courses);
  g_assert_cmpint (meso_test_query_int (db,
                   "SELECT count(*) FROM course c WHERE (SELECT count(*) FROM appointment a"
                   "  WHERE a.course_id = c.id) <> 3"), ==, 0);
  g_clear_object (&db);
  assert_check_passes (location);
  meso_test_remove_tree (dir);
}

/* A workstation killed mid-write ------------------------------------------ */

/* Whether process @pid holds the WAL write lock of the SQLite file @path:
 * SQLite's unix VFS takes it, for a write transaction, as a POSIX write
 * lock on byte 120 of the "-shm" file, which /proc/locks lists. */
static gboolean
file_write_lock_held (const char *path,
                      GPid        pid)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  return meso_test_lock_held (shm, pid, 120);
}

/* Whether another connection holds the server's write turn: the advisory
 * lock meso_db_begin() takes (meso-db-transaction.c). The worker is the
 * only other client of the test's database. */
static gboolean
server_write_lock_held (PGconn *conn)
{
  PGresult *result = PQexec (conn,
                             "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                             " AND granted AND classid = 1296388943 AND objid = 10"
                             " AND pid <> pg_backend_pid ()");
  gboolean held;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  held = g_str_equal (PQgetvalue (result, 0, 0), "1");
  PQclear (result);
  return held;
}

/* What the writers reported committed, and where the kills landed. */
typedef struct
{
  GArray *patients;
  GArray *courses;
  guint   in_patient_save;
  guint   in_course_booking;
  gint64  n_unreported;      /* writes committed but not reported */
} Reports;

static gint64
count_id (MesoDb     *db,
          const char *sql,
          gint64      id)
{
  MesoStmt *stmt = meso_db_prepare (db, sql, NULL);
  gint64 count;

  g_assert_nonnull (stmt);
  meso_stmt_bind_int64 (stmt, 1, id);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  count = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  return count;
}

/* All or nothing: every patient with their whole screening and audit
 * entry, every course with all its sessions, every appointment and no
 * more with its audit entry; and every write reported committed there. */
static void
verify_whole (const char *location,
              Reports    *reports)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (location, &error);
  g_autofree char *half_patients =
    g_strdup_printf ("SELECT count(*) FROM patient p"
                     " WHERE (SELECT count(*) FROM allergy a WHERE a.patient_id = p.id) <> 3"
                     "    OR (SELECT count(*) FROM medication m WHERE m.patient_id = p.id) <> 3"
                     "    OR (SELECT count(*) FROM screening_answer s"
                     "        WHERE s.patient_id = p.id) <> %d"
                     "    OR (SELECT count(*) FROM audit u WHERE u.table_name = 'patient'"
                     "        AND u.action = 'insert' AND u.row_id = p.id) <> 1",
                     MESO_N_CONDITIONS);

  /* The clinic opens after the kill. */
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, half_patients), ==, 0);
  g_assert_cmpint (meso_test_query_int (db,
                   "SELECT count(*) FROM course c WHERE c.sessions <>"
                   " (SELECT count(*) FROM appointment a WHERE a.course_id = c.id)"), ==, 0);
  g_assert_cmpint (meso_test_query_int (db,
                   "SELECT count(*) FROM appointment a WHERE a.course_id IS NULL"
                   "  OR NOT EXISTS (SELECT 1 FROM audit u WHERE u.table_name = 'appointment'"
                   "                 AND u.action = 'insert' AND u.row_id = a.id)"), ==, 0);
  g_assert_cmpint (meso_test_query_int (db,
                   "SELECT count(*) FROM audit u WHERE u.table_name = 'appointment'"
                   "  AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.id = u.row_id)"), ==, 0);
  assert_no_double_booking (db);

  /* The write killed in flight, if it got as far as its commit. */
  reports->n_unreported =
    meso_test_query_int (db, "SELECT (SELECT count(*) FROM patient)"
                             " + (SELECT count(*) FROM course)") -
    (gint64) (reports->patients->len + reports->courses->len);
  for (guint i = 0; i < reports->patients->len; i++)
    g_assert_cmpint (count_id (db, "SELECT count(*) FROM patient WHERE id = ?1",
                               g_array_index (reports->patients, gint64, i)), ==, 1);
  for (guint i = 0; i < reports->courses->len; i++)
    g_assert_cmpint (count_id (db, "SELECT count(*) FROM course WHERE id = ?1",
                               g_array_index (reports->courses, gint64, i)), ==, 1);
}

/* Reads a killed writer's report of its commits; the last says which write
 * it was killed in: the course after a patient, else the next patient. */
static void
read_reports (const char *out,
              Reports    *reports)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean last_was_patient = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 id;

      if (g_str_has_prefix (lines[i], "patient "))
        {
          id = g_ascii_strtoll (lines[i] + 8, NULL, 10);
          g_array_append_val (reports->patients, id);
          last_was_patient = TRUE;
        }
      else if (g_str_has_prefix (lines[i], "course "))
        {
          id = g_ascii_strtoll (lines[i] + 7, NULL, 10);
          g_array_append_val (reports->courses, id);
          last_was_patient = FALSE;
        }
      else
        g_assert_cmpstr (lines[i], ==, "");
    }
  if (last_was_patient)
    reports->in_course_booking++;
  else
    reports->in_patient_save++;
}

static void
test_killed_mid_write (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *location = meso_test_clinic_location (&dir);
  g_autofree char *worker = worker_path ();
  g_autofree char *physician_id = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GArray) patients = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) courses = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  Reports reports = { patients, courses, 0, 0, 0 };
  PGconn *conn = NULL;
  guint n_stops = 0;
  gint64 n_unreported = 0;

  {
    g_autoptr(MesoDb) db = meso_db_open (location, &error);
    g_autoptr(MesoSchedule) schedule = NULL;
    g_autoptr(MesoStaff) admin = NULL;
    g_autoptr(MesoStaff) physician = NULL;

    g_assert_no_error (error);
    admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Selin");
    schedule = meso_schedule_new (db);
    g_assert_cmpint (meso_test_add_practitioner (schedule, "Dr. Elif Aydın"), ==, 1);
    g_assert_cmpint (meso_test_add_room (schedule, "Room 1"), ==, 1);
    physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
    physician_id = g_strdup_printf ("%" G_GINT64_FORMAT, meso_staff_get_id (physician));
  }
  if (meso_test_engine_is_server ())
    {
      conn = PQconnectdb (location);
      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
    }

  for (guint kill_no = 0; kill_no < N_KILLS; kill_no++)
    {
      g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));
      const char *argv[] = { worker, "write", location, physician_id, seed, NULL };
      Child child;
      gboolean held = FALSE;
      int status;

      child_spawn (&child, argv);
      /* Let it commit a few writes, then stop it at random moments until
       * it is inside a write, and kill it there. */
      children_read_lines (&child, 1, "\n", g_rand_int_range (rand, 1, 9));
      for (guint stop = 0; !held; stop++)
        {
          g_assert_cmpuint (stop, <, 10000);
          g_usleep (g_rand_int_range (rand, 0, 4000));
          g_assert_cmpint (kill (child.pid, SIGSTOP), ==, 0);
          g_assert_cmpint (waitpid (child.pid, &status, WUNTRACED), ==, child.pid);
          if (!WIFSTOPPED (status))
            {
              children_read (&child, 1, NULL);
              g_error ("The writer ended (status %d) before it was killed:\n%s", status,
                       child.out->str);
            }
          n_stops++;
          held = conn != NULL ? server_write_lock_held (conn)
                              : file_write_lock_held (location, child.pid);
          g_assert_cmpint (kill (child.pid, held ? SIGKILL : SIGCONT), ==, 0);
        }
      g_assert_cmpint (waitpid (child.pid, &status, 0), ==, child.pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      children_read (&child, 1, NULL);
      read_reports (child.out->str, &reports);
      child_clear (&child);

      verify_whole (location, &reports);
      /* At most the write it was killed in, whole, if its commit was
       * through when the lock was seen held. */
      g_assert_cmpint (reports.n_unreported, >=, n_unreported);
      g_assert_cmpint (reports.n_unreported, <=, n_unreported + 1);
      n_unreported = reports.n_unreported;
    }

  g_test_message ("%d writers killed while holding the write lock (after %u stops): %u in a "
                  "patient save with screening, %u in the booking of a %d-session course; "
                  "%u patients and %u courses reported committed, all there and whole; "
                  "of the writes killed, %" G_GINT64_FORMAT " were committed whole (killed "
                  "during the commit), the others left nothing; nothing half-saved", N_KILLS,
                  n_stops, reports.in_patient_save, reports.in_course_booking, COURSE_SESSIONS,
                  patients->len, courses->len, n_unreported);
  g_assert_cmpuint (reports.in_patient_save, >, 0);
  g_assert_cmpuint (reports.in_course_booking, >, 0);

  /* The clinic is sound and takes the next write. */
  assert_check_passes (location);
  {
    g_autoptr(MesoDb) db = meso_db_open (location, &error);
    g_autoptr(MesoStaffStore) staff = NULL;
    g_autoptr(MesoStaff) physician = NULL;
    g_autoptr(MesoSchedule) schedule = NULL;
    g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
    GDate day;

    g_assert_no_error (error);
    staff = meso_staff_store_new (db);
    physician = meso_staff_store_load (staff, g_ascii_strtoll (physician_id, NULL, 10), &error);
    g_assert_no_error (error);
    meso_db_set_actor (db, physician);
    schedule = meso_schedule_new (db);
    /* Before the writers' courses (meso-book-worker.c). */
    meso_test_date (&day, 2026, 11, 16);
    appointment->patient_id = g_array_index (patients, gint64, 0);
    appointment->practitioner_id = 1;
    appointment->room_id = 1;
    appointment->starts_at =
      meso_resources_to_instant (meso_schedule_get_resources (schedule, &error), &day, 9 * 60);
    appointment->minutes = 30;
    appointment->kind = MESO_KIND_CONSULTATION;
    g_assert_true (meso_schedule_save (schedule, appointment, &error));
    g_assert_no_error (error);
  }
  if (conn != NULL)
    PQfinish (conn);
  meso_test_remove_tree (dir);
}

/* Three workstations wake at the same moment over 200 due reminders:
 * each shows all of them, and each is recorded shown exactly once. */
static void
test_reminders_shown_once (void)
{
  enum { N_SHOWING = 3, N_DUE = 200 };
  const gint64 due_at = 1796637600;   /* 2026-12-07 10:00 UTC */
  g_autofree char *dir = NULL;
  g_autofree char *location = meso_test_clinic_location (&dir);
  g_autofree char *worker = worker_path ();
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, due_at + 60);
  g_autofree char *insert = NULL;
  char *staff_ids[N_SHOWING] = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (location, &error);
  g_autoptr(MesoStaff) admin = NULL;
  Child children[N_SHOWING];
  guint n_marked = 0;

  g_assert_no_error (error);
  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Selin");
  for (guint i = 0; i < N_SHOWING; i++)
    {
      g_autofree char *name = g_strdup_printf ("Workstation %u", i + 1);
      g_autoptr(MesoStaff) staff = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, name);

      staff_ids[i] = g_strdup_printf ("%" G_GINT64_FORMAT, meso_staff_get_id (staff));
    }
  meso_db_set_actor (db, admin);
  insert = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                            "  WHERE i < %d)"
                            " INSERT INTO reminder (kind, source, due_at, wake_at, summary, body)"
                            " SELECT 'low-stock', 'product:' || i, %" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", 'Low stock', '' FROM n", N_DUE, due_at, due_at);
  g_assert_true (meso_test_write_sql (db, insert, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_SHOWING; i++)
    {
      const char *argv[] = { worker, "show", location, staff_ids[i], now, NULL };

      child_spawn (&children[i], argv);
    }
  children_read (children, N_SHOWING, "ready\n");
  for (guint i = 0; i < N_SHOWING; i++)
    g_assert_cmpint (write (children[i].in_fd, "w", 1), ==, 1);
  children_read (children, N_SHOWING, NULL);
  for (guint i = 0; i < N_SHOWING; i++)
    {
      guint n_due = 0, marked = 0;
      const char *line = strstr (children[i].out->str, "due ");

      g_assert_nonnull (line);
      g_assert_cmpint (sscanf (line, "due %u marked %u", &n_due, &marked), ==, 2);
      /* Every workstation shows every reminder... */
      g_assert_cmpuint (n_due, ==, N_DUE);
      n_marked += marked;
      child_clear (&children[i]);
      g_free (staff_ids[i]);
    }
  /* ...and the shown mark, with who and when, is made once for each. */
  g_assert_cmpuint (n_marked, ==, N_DUE);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM reminder"
                                            " WHERE state = 'shown' AND handled_by IS NOT NULL"),
                   ==, N_DUE);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

/* Three workstations look at the day's backup at the same moment, each
 * day of a week: each day, exactly one of them is to make it. */
static void
test_backup_claimed_once (void)
{
  enum { N_CLAIMING = 3, N_DAYS = 5 };
  const gint64 monday = 1796637600;   /* 2026-12-07 10:00 UTC */
  g_autofree char *dir = NULL;
  g_autofree char *location = meso_test_clinic_location (&dir);
  g_autofree char *worker = worker_path ();
  char *staff_ids[N_CLAIMING] = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (location, &error);
  g_autoptr(MesoStaff) admin = NULL;

  g_assert_no_error (error);
  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Selin");
  for (guint i = 0; i < N_CLAIMING; i++)
    {
      g_autofree char *name = g_strdup_printf ("Workstation %u", i + 1);
      g_autoptr(MesoStaff) staff = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, name);

      staff_ids[i] = g_strdup_printf ("%" G_GINT64_FORMAT, meso_staff_get_id (staff));
    }

  for (guint day = 0; day < N_DAYS; day++)
    {
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, monday + day * 86400);
      Child children[N_CLAIMING];
      guint n_won = 0;

      for (guint i = 0; i < N_CLAIMING; i++)
        {
          const char *argv[] = { worker, "claim", location, staff_ids[i], now, NULL };

          child_spawn (&children[i], argv);
        }
      children_read (children, N_CLAIMING, "ready\n");
      for (guint i = 0; i < N_CLAIMING; i++)
        g_assert_cmpint (write (children[i].in_fd, "c", 1), ==, 1);
      children_read (children, N_CLAIMING, NULL);
      for (guint i = 0; i < N_CLAIMING; i++)
        {
          const char *out = children[i].out->str;

          g_assert_true (g_str_equal (out, "ready\nwon\n") || g_str_equal (out, "ready\nlost\n"));
          n_won += g_str_equal (out, "ready\nwon\n");
          child_clear (&children[i]);
        }
      g_test_message ("day %u: %u won", day, n_won);
      g_assert_cmpuint (n_won, ==, 1);
    }
  for (guint i = 0; i < N_CLAIMING; i++)
    g_free (staff_ids[i]);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/concurrency/four-workstations", test_four_workstations);
  g_test_add_func ("/meso/concurrency/killed-mid-write", test_killed_mid_write);
  g_test_add_func ("/meso/concurrency/reminders-shown-once", test_reminders_shown_once);
  g_test_add_func ("/meso/concurrency/backup-claimed-once", test_backup_claimed_once);
  return g_test_run ();
}
