/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crash.c: committed records survive a killed process. A writer child
 * saves patients with their screening records, and books each a two-session
 * course, as fast as it can, and reports each one after its commits
 * returned; the test kills it with SIGKILL at random moments, hundreds of
 * times, then checks that every reported record is there, whole, that no
 * course is half-booked, and that the database is intact. Like the
 * application, the writer has a second connection open, as its worker
 * threads do; and in half the runs another program reads the database
 * while it works (the sqlite3 shell, which then checkpoints, or
 * mesodesk --backup), which must not cost a single record. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meso-backup.h"
#include "meso-patient-store.h"
#include "meso-schedule.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define N_KILLS 200

/* Which other program reads the database during a run. */
typedef enum
{
  OUTSIDE_NONE,
  OUTSIDE_SQLITE3_SHELL,
  OUTSIDE_MESODESK_BACKUP,
  N_OUTSIDE,
} Outside;

/* Run n does what entry n % 4 says. */
/* A backup checks every row of its copy (about a second near the end):
 * one kill in eight is enough to catch one mid-way. */
static const Outside outside_by_run[] = {
  OUTSIDE_NONE, OUTSIDE_SQLITE3_SHELL, OUTSIDE_NONE, OUTSIDE_MESODESK_BACKUP,
  OUTSIDE_NONE, OUTSIDE_SQLITE3_SHELL, OUTSIDE_NONE, OUTSIDE_NONE,
};

/* Books a course of two weekly sessions for @patient_id on the first free
 * slots after everything already booked. */
static void
book_course (MesoSchedule *schedule,
             gint64        patient_id)
{
  MesoDb *db = meso_schedule_get_db (schedule);
  MesoStmt *stmt = meso_db_prepare (db, "SELECT ifnull (max (ends_at), 1795000000)"
                                            " FROM appointment", NULL);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  MesoCourse course = { .patient_id = patient_id, .protocol_name = (char *) "Kill test",
                        .practitioner_id = 1, .room_id = 1, .sessions = 2 };
  MesoSlotQuery query = { .practitioner_id = 1, .room_id = 1, .patient_id = patient_id,
                          .minutes = 30, .max_days = 30 };

  meso_stmt_step (stmt);
  query.not_before = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) slots = meso_schedule_find_slots (schedule, &query, 1, &error);

      if (slots == NULL || slots->len == 0)
        g_error ("writer: no slot: %s", error != NULL ? error->message : "none free");
      ((MesoAppointment *) slots->pdata[0])->course_position = i + 1;
      g_ptr_array_add (sessions, g_object_ref (slots->pdata[0]));
      query.not_before = ((MesoAppointment *) slots->pdata[0])->starts_at + 7 * 86400;
    }
  if (!meso_schedule_book (schedule, &course, sessions, &error))
    g_error ("writer: %s", error->message);
}

/* The child: saves until killed; prints "<id> <family name>" per commit. */
static int
run_writer (const char *path,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoDb) worker = NULL;
  g_autoptr(MesoPatientStore) store = NULL;
  g_autoptr(MesoSchedule) schedule = NULL;
  g_autoptr(MesoStaffStore) staff = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GDate today;

  if (db == NULL)
    g_error ("writer: %s", error->message);
  /* A second connection to the same file, as the reminders' worker opens
   * while the window's is in use. */
  worker = meso_db_open (path, &error);
  if (worker == NULL)
    g_error ("writer: %s", error->message);
  store = meso_patient_store_new (db);
  schedule = meso_schedule_new (db);
  staff = meso_staff_store_new (db);
  physician = meso_staff_store_load (staff, 2, &error);
  if (physician == NULL)
    g_error ("writer: %s", error->message);
  meso_db_set_actor (db, physician);
  meso_test_date (&today, 2026, 11, 20);

  for (guint n = 0;; n++)
    {
      g_autoptr(MesoPatient) patient = meso_patient_new ();
      g_autoptr(MesoScreening) screening = meso_screening_new ();
      g_autofree char *family = g_strdup_printf ("Crash %u-%u", seed, n);

      meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
      meso_patient_set_field (patient, MESO_PATIENT_NOTES,
                              g_rand_boolean (rand) ? "Session recorded." : "");
      for (guint c = 0; c < MESO_N_CONDITIONS; c++)
        meso_screening_set_answer (screening, c, MESO_ANSWER_NO, "2026-11-20");
      meso_screening_add_allergy (screening, family);
      meso_screening_add_medication (screening, family, g_rand_boolean (rand));

      if (!meso_patient_store_save (store, patient, screening, &today, &error))
        g_error ("writer: %s", error->message);
      book_course (schedule, meso_patient_get_id (patient));
      /* The worker reads what the window wrote, as the reminders' sync does. */
      if (meso_db_data_version (worker) < 0)
        g_error ("writer: the worker connection cannot read");
      printf ("%" G_GINT64_FORMAT " %s\n", meso_patient_get_id (patient), family);
      fflush (stdout);
    }
  return 0;
}

typedef struct
{
  gint64    id;
  char     *family;
  gboolean  after_outside;   /* saved after another program read the file */
} Reported;

/* Runs another program on the database while the writer works, and waits
 * for it: it opens the file, reads it and closes it, and the sqlite3 shell
 * also checkpoints. Closing a connection checkpoints and deletes the WAL if
 * that program sees no other connection, that is, no lock on the file. */
static void
run_outside (Outside     outside,
             const char *path,
             const char *dir,
             guint       kill_no)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_strdup_printf ("%s/outside-%u.db", dir, kill_no);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sqlite3_shell = g_find_program_in_path ("sqlite3");
  const char *mesodesk = g_getenv ("MESODESK");
  const char *shell_argv[] = { sqlite3_shell, path,
                               "SELECT count(*) FROM patient; PRAGMA wal_checkpoint;", NULL };
  const char *backup_argv[] = { mesodesk, "--database", path, "--backup", backup, NULL };
  const char **argv = outside == OUTSIDE_SQLITE3_SHELL ? shell_argv : backup_argv;
  int status;

  /* Installed by build-aux/dev; set by tests/meson.build. */
  if (outside == OUTSIDE_SQLITE3_SHELL && sqlite3_shell == NULL)
    g_error ("The sqlite3 shell is not installed (apt-get install sqlite3)");
  if (outside == OUTSIDE_MESODESK_BACKUP && mesodesk == NULL)
    g_error ("MESODESK does not name the mesodesk program");

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", argv[0], error->message, out, err);
  if (outside == OUTSIDE_MESODESK_BACKUP)
    g_unlink (backup);
}

/* Reads every line the writer printed before it died. */
static guint
read_reports (FILE      *out,
              GArray    *reported,
              guint      at_least,
              gboolean   after_outside)
{
  char line[256];
  guint n = 0;

  while ((at_least == 0 || n < at_least) && fgets (line, sizeof line, out) != NULL)
    {
      Reported r;
      char *space = strchr (line, ' ');

      g_assert_nonnull (space);
      g_strchomp (line);
      r.id = g_ascii_strtoll (line, NULL, 10);
      r.family = g_strdup (space + 1);
      r.after_outside = after_outside;
      g_array_append_val (reported, r);
      n++;
    }
  return n;
}

static guint
count_course_sessions (MesoDb *db,
                       gint64  patient_id)
{
  MesoStmt *stmt = meso_db_prepare (db, "SELECT count(*) FROM appointment"
                                            " WHERE patient_id = ?1 AND course_id IS NOT NULL",
                                        NULL);
  guint count;

  meso_stmt_bind_int64 (stmt, 1, patient_id);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  count = meso_stmt_column_int (stmt, 0);
  meso_stmt_reset (stmt);
  return count;
}

static void
verify (const char *path,
        GArray     *reported,
        MesoStaff  *physician,
        gint64     *out_n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (path, &error);
  g_autoptr(MesoDb) db = NULL;
  g_autoptr(MesoPatientStore) store = NULL;
  MesoStmt *stmt;
  guint n_lost = 0;
  guint n_lost_after_outside = 0;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "Integrity check: ok"));

  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  meso_db_set_actor (db, physician);
  store = meso_patient_store_new (db);
  /* A lost record's id may have gone to a later one: a record is there
   * only if its id holds its name, its allergy and its two sessions. */
  for (guint i = 0; i < reported->len; i++)
    {
      Reported *r = &g_array_index (reported, Reported, i);
      g_autoptr(MesoPatient) patient = meso_patient_store_load (store, r->id, NULL);
      g_autoptr(MesoScreening) screening = meso_patient_store_load_screening (store, r->id, NULL);

      if (patient == NULL || screening == NULL ||
          g_strcmp0 (meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME), r->family) != 0 ||
          meso_screening_get_allergies (screening)->len != 1 ||
          count_course_sessions (db, r->id) != 2)
        {
          n_lost++;
          n_lost_after_outside += r->after_outside;
        }
    }
  if (n_lost > 0)
    g_test_message ("%u of %u records reported saved are lost, %u of them saved after another "
                    "program read the file", n_lost, reported->len, n_lost_after_outside);
  g_assert_cmpuint (n_lost, ==, 0);

  /* No course is half-booked, and no two appointments overlap. */
  stmt = meso_db_prepare (db,
                          "SELECT (SELECT count(*) FROM course c WHERE (SELECT count(*)"
                          "          FROM appointment a WHERE a.course_id = c.id) <> 2),"
                          "  (SELECT count(*) FROM appointment a JOIN appointment b"
                          "     ON b.room_id = a.room_id AND b.id <> a.id"
                          "    AND b.starts_at < a.ends_at AND b.ends_at > a.starts_at)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  g_assert_cmpint (meso_stmt_column_int64 (stmt, 0), ==, 0);
  g_assert_cmpint (meso_stmt_column_int64 (stmt, 1), ==, 0);
  meso_stmt_reset (stmt);

  /* Nothing half-saved either: every patient, reported or not, has its
   * allergy, its medication and its audit entry. */
  stmt = meso_db_prepare (db,
                          "SELECT count(*),"
                          " sum ((SELECT count(*) FROM allergy a WHERE a.patient_id = p.id) <> 1),"
                          " sum ((SELECT count(*) FROM medication m WHERE m.patient_id = p.id) <> 1),"
                          " sum ((SELECT count(*) FROM audit u WHERE u.patient_id = p.id"
                          "       AND u.table_name = 'patient') <> 1)"
                          " FROM patient p", &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  *out_n_rows = meso_stmt_column_int64 (stmt, 0);
  g_assert_cmpint (meso_stmt_column_int64 (stmt, 1), ==, 0);
  g_assert_cmpint (meso_stmt_column_int64 (stmt, 2), ==, 0);
  g_assert_cmpint (meso_stmt_column_int64 (stmt, 3), ==, 0);
  meso_stmt_reset (stmt);
}

static void
clear_reported (gpointer data)
{
  g_free (((Reported *) data)->family);
}

static void
test_kill (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GArray) reported = g_array_new (FALSE, FALSE, sizeof (Reported));
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  gint64 n_rows = 0;
  guint n_after_outside = 0;
  guint n_outside[N_OUTSIDE] = { 0, };

  g_array_set_clear_func (reported, clear_reported);
  {
    g_autoptr(MesoDb) db = meso_db_open (path, &error);
    g_assert_no_error (error);
    g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
    g_autoptr(MesoStaffStore) staff = meso_staff_store_new (db);
    g_autoptr(MesoStaff) admin = NULL;
    MesoPractitioner practitioner = { .name = (char *) "Dr. Elif Aydın",
                                      .colour = (char *) "#3584e4", .active = TRUE };
    MesoRoom room = { .name = (char *) "Room 1", .active = TRUE };

    g_assert_no_error (error);
    physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
    g_assert_cmpint (meso_staff_get_id (physician), ==, 2);
    admin = meso_staff_store_load (staff, 1, &error);
    meso_db_set_actor (db, admin);
    g_assert_true (meso_schedule_save_practitioner (schedule, &practitioner, &error));
    g_assert_true (meso_schedule_save_room (schedule, &room, &error));
    g_assert_no_error (error);
    g_assert_cmpint (practitioner.id, ==, 1);
    g_assert_cmpint (room.id, ==, 1);
  }

  for (guint kill_no = 0; kill_no < N_KILLS; kill_no++)
    {
      g_autofree char *seed = g_strdup_printf ("%u", kill_no);
      const char *argv[] = { self_exe, "--writer", path, seed, NULL };
      Outside outside = outside_by_run[kill_no % G_N_ELEMENTS (outside_by_run)];
      GPid pid;
      int out_fd;
      FILE *out;
      int status;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                               G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                               NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      out = fdopen (out_fd, "r");

      /* Let it commit a few records, then kill it somewhere in the next. */
      read_reports (out, reported, g_rand_int_range (rand, 1, 12), FALSE);
      if (outside != OUTSIDE_NONE)
        {
          run_outside (outside, path, dir, kill_no);
          n_outside[outside]++;
          read_reports (out, reported, g_rand_int_range (rand, 1, 12), TRUE);
        }
      g_usleep (g_rand_int_range (rand, 0, 3000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);
      read_reports (out, reported, 0, outside != OUTSIDE_NONE);
      fclose (out);

      if (kill_no % 50 == 49)
        verify (path, reported, physician, &n_rows);
    }

  g_test_message ("%d kills; %u records (each with a booked course) reported saved, %"
                  G_GINT64_FORMAT " in the database (committed before the kill but not yet reported: %"
                  G_GINT64_FORMAT "); lost: 0", N_KILLS, reported->len, n_rows,
                  n_rows - (gint64) reported->len);
  for (guint i = 0; i < reported->len; i++)
    n_after_outside += g_array_index (reported, Reported, i).after_outside;
  g_test_message ("another program read the database in %u runs (sqlite3 shell and checkpoint: "
                  "%u, mesodesk --backup: %u); %u records saved after it, all checked; lost: 0",
                  n_outside[OUTSIDE_SQLITE3_SHELL] + n_outside[OUTSIDE_MESODESK_BACKUP],
                  n_outside[OUTSIDE_SQLITE3_SHELL], n_outside[OUTSIDE_MESODESK_BACKUP],
                  n_after_outside);
  g_assert_cmpint (n_rows, >=, reported->len);
  g_assert_cmpint (n_rows - (gint64) reported->len, <=, N_KILLS);

  meso_test_remove_tree (dir);
}

/* The child of the restore test: restores @backup over @path, then exits. */
static int
run_restorer (const char *path,
              const char *backup,
              const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 7, 0, 0);
  g_autoptr(MesoStaff) admin = meso_staff_new (1, "Test Administrator", MESO_ROLE_ADMINISTRATOR,
                                               TRUE);

  if (!meso_backup_restore (path, backup, NULL, folder, now, admin, NULL, &error))
    g_error ("restorer: %s", error->message);
  return 0;
}

typedef struct
{
  gboolean has_after;   /* the record written after the backup: old data */
  gint64   n_restores;  /* audit entries of a restore */
} RestoreOutcome;

static RestoreOutcome
read_outcome (const char *path,
              MesoStaff  *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoPatientStore) store = NULL;
  g_autoptr(GArray) found = NULL;
  RestoreOutcome outcome;
  MesoStmt *stmt;

  g_assert_no_error (error);
  meso_db_set_actor (db, admin);
  store = meso_patient_store_new (db);
  found = meso_patient_store_search (store, "After", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  outcome.has_after = found->len > 0;
  stmt = meso_db_prepare (db, "SELECT count(*) FROM audit WHERE action = 'restore'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  outcome.n_restores = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  return outcome;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

#define N_RESTORE_KILLS 40

/* A restore killed at random moments: afterwards the database holds the
 * old data without a restore entry, or the restored data with it. */
static void
test_kill_restore (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *template = g_build_filename (dir, "template.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "backups", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self_exe, "--restorer", path, backup, folder, NULL };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  guint n_old = 0, n_restored = 0;
  gint64 started, duration;
  int status;

  {
    g_autoptr(MesoDb) db = meso_db_open (path, &error);
    g_autoptr(MesoPatientStore) store = NULL;
    GDate today;

    g_assert_no_error (error);
    admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Test Administrator");
    store = meso_patient_store_new (db);
    meso_test_date (&today, 2026, 11, 20);
    /* Enough pages for the restore to take a while. */
    g_assert_true (meso_db_exec (db,
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                 " WHERE i < 20000) INSERT INTO room (name)"
                                 " SELECT printf ('Room %05d with a longer name', i) FROM n;",
                                 &error));
    meso_test_add_patient (store, "Before", NULL, NULL, &today);
    g_assert_true (meso_backup_write (path, backup, admin, NULL, &error));
    meso_test_add_patient (store, "After", NULL, NULL, &today);
    g_assert_true (meso_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
    g_assert_no_error (error);
  }
  copy_file (path, template);

  /* How long a whole restore takes here, to kill inside it. */
  started = g_get_monotonic_time ();
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  duration = g_get_monotonic_time () - started;
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_false (read_outcome (path, admin).has_after);

  for (guint kill_no = 0; kill_no < N_RESTORE_KILLS; kill_no++)
    {
      RestoreOutcome outcome;
      GPid pid;

      meso_test_remove_tree (folder);
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *companion = g_strconcat (path, (const char *[]) { "-wal", "-shm",
                                                                             "-journal" }[i],
                                                    NULL);
          g_unlink (companion);
        }
      copy_file (template, path);
      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                    NULL, &pid, &error));
      g_usleep (g_rand_int_range (rand, 0, (gint32) (duration * 11 / 10) + 1));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      outcome = read_outcome (path, admin);
      if (outcome.has_after)
        {
          g_assert_cmpint (outcome.n_restores, ==, 0);
          n_old++;
        }
      else
        {
          g_assert_cmpint (outcome.n_restores, ==, 1);
          n_restored++;
        }
    }
  g_test_message ("A restore takes %" G_GINT64_FORMAT " ms here; of %d kills, %u left the old "
                  "data, %u the restored data with its audit entry; none the data without it",
                  duration / 1000, N_RESTORE_KILLS, n_old, n_restored);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], (guint32) g_ascii_strtoull (argv[3], NULL, 10));

  if (argc == 5 && g_str_equal (argv[1], "--restorer"))
    return run_restorer (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/crash/kill", test_kill);
  g_test_add_func ("/meso/crash/kill-restore", test_kill_restore);
  return g_test_run ();
}
