/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup-background.c: the daily backup runs beside the clinic's work:
 * a copy made while another connection writes ends, holds one moment's
 * data, and refuses none of the writes; its thread, and it alone, runs at
 * low CPU and I/O priority. */
#include <linux/ioprio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "meso-backup.h"
#include "meso-db.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-thread-priority.h"

/* Enough data that the copy takes many steps (about 24 MB). */
#define FILLER_ROWS 6000
#define FILLER_BYTES 4000
/* A copy that has not ended after this many writes never will. */
#define MAX_WRITES 20000

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

typedef struct
{
  const char *source;
  const char *dest;
  GError     *error;
  gboolean    ok;
  gint        done;
} Copy;

static gpointer
copy_in_thread (gpointer data)
{
  Copy *copy = data;

  copy->ok = meso_db_backup_file (copy->source, copy->dest, &copy->error);
  g_atomic_int_set (&copy->done, TRUE);
  return NULL;
}

/* A clinic saves all day: while the copy runs, another connection commits
 * one write after another, each adding a row and counting it. None is
 * refused (no waiting allowed: busy_timeout 0), the copy ends, and it is
 * whole and of one moment: the count matches the rows, all filler is there. */
static void
test_copy_while_writing (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *fill = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    " INSERT INTO filler SELECT i, randomblob (%d) FROM n", FILLER_ROWS, FILLER_BYTES);
  Copy copy = { path, backup, NULL, FALSE, FALSE };
  sqlite3 *writer = NULL;
  sqlite3 *check = NULL;
  GThread *thread;
  guint writes = 0;

  g_assert_cmpint (sqlite3_open (path, &writer), ==, SQLITE_OK);
  exec_ok (writer, "PRAGMA journal_mode = WAL");
  exec_ok (writer, "CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB);"
                   "CREATE TABLE saved (id INTEGER PRIMARY KEY, at INTEGER);"
                   "CREATE TABLE tally (n INTEGER); INSERT INTO tally VALUES (0)");
  exec_ok (writer, fill);
  sqlite3_busy_timeout (writer, 0);

  thread = g_thread_new ("copy", copy_in_thread, &copy);
  while (!g_atomic_int_get (&copy.done))
    {
      g_assert_cmpuint (writes, <, MAX_WRITES);
      g_assert_cmpint (sqlite3_exec (writer,
                                     "BEGIN IMMEDIATE;"
                                     " INSERT INTO saved (at) VALUES (unixepoch ());"
                                     " UPDATE tally SET n = n + 1;"
                                     " COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      writes++;
    }
  g_thread_join (thread);
  g_assert_no_error (copy.error);
  g_assert_true (copy.ok);
  g_test_message ("%u writes while the copy ran", writes);
  g_assert_cmpuint (writes, >, 0);
  g_assert_cmpint (query_int (writer, "SELECT n FROM tally"), ==, writes);

  g_assert_cmpint (sqlite3_open_v2 (backup, &check, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (check, "SELECT count (*) FROM filler"), ==, FILLER_ROWS);
  g_assert_cmpint (query_int (check, "SELECT count (*) FROM saved"), ==,
                   query_int (check, "SELECT n FROM tally"));
  g_assert_cmpint (query_int (check, "SELECT n FROM tally"), <=, writes);
  g_assert_cmpint (query_int (check, "SELECT count (*) FROM pragma_integrity_check"
                                     " WHERE integrity_check <> 'ok'"), ==, 0);
  sqlite3_close (check);
  sqlite3_close (writer);
  meso_test_remove_tree (dir);
}

static int
thread_nice (pid_t tid)
{
  errno = 0;
  return getpriority (PRIO_PROCESS, (id_t) tid);
}

static int
thread_io_class (pid_t tid)
{
  int value = (int) syscall (SYS_ioprio_get, IOPRIO_WHO_PROCESS, tid);

  g_assert_cmpint (value, >=, 0);
  return IOPRIO_PRIO_CLASS (value);
}

typedef struct
{
  gboolean lowered;
  int      nice;
  int      io_class;
} Lowered;

static gpointer
lower_in_thread (gpointer data)
{
  Lowered *lowered = data;
  pid_t tid = (pid_t) syscall (SYS_gettid);
  g_autoptr(GError) error = NULL;

  lowered->lowered = meso_thread_priority_lower (&error);
  g_assert_no_error (error);
  lowered->nice = thread_nice (tid);
  lowered->io_class = thread_io_class (tid);
  return NULL;
}

/* The thread that asks runs at nice 19 in the idle I/O class; the main
 * thread, which draws the windows, keeps its priority. */
static void
test_priority_own_thread (void)
{
  pid_t main_tid = (pid_t) syscall (SYS_gettid);
  int main_nice = thread_nice (main_tid);
  int main_class = thread_io_class (main_tid);
  Lowered lowered = { FALSE, 0, 0 };

  g_assert_cmpint (main_nice, <, 19);
  g_assert_cmpint (main_class, !=, IOPRIO_CLASS_IDLE);
  g_thread_join (g_thread_new ("lower", lower_in_thread, &lowered));
  g_assert_true (lowered.lowered);
  g_assert_cmpint (lowered.nice, ==, 19);
  g_assert_cmpint (lowered.io_class, ==, IOPRIO_CLASS_IDLE);
  g_assert_cmpint (thread_nice (main_tid), ==, main_nice);
  g_assert_cmpint (thread_io_class (main_tid), ==, main_class);
}

static void
on_backup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **path = user_data;
  g_autoptr(GError) error = NULL;

  *path = meso_backup_write_rotated_finish (result, &error);
  g_assert_no_error (error);
}

static void
record_nice (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_int (task, thread_nice ((pid_t) syscall (SYS_gettid)));
}

/* The daily backup and the full check at start run their work this way:
 * at nice 19, and the pool's threads stay as they were. */
static void
test_task_at_low_priority (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  g_autoptr(GTask) after = g_task_new (NULL, NULL, NULL, NULL);
  int main_nice = thread_nice ((pid_t) syscall (SYS_gettid));

  g_task_set_name (task, "low");
  meso_task_run_at_low_priority (task, record_nice);
  while (!g_task_get_completed (task))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_task_propagate_int (task, NULL), ==, 19);

  g_task_run_in_thread (after, record_nice);
  while (!g_task_get_completed (after))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_task_propagate_int (after, NULL), ==, main_nice);
}

/* After the daily backup, the work that follows in worker threads (a
 * search, a sync of reminders) runs at normal priority: the backup's low
 * priority went with its own thread, not left on a shared one. */
static void
test_backup_leaves_workers_alone (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) db = meso_test_open_db (&dir);
  g_autofree char *folder = g_build_filename (dir, "backups", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, 10, 0, 0);
  MesoBackupPolicy policy = { 7, 4, 12 };
  g_autofree char *written = NULL;
  int main_nice = thread_nice ((pid_t) syscall (SYS_gettid));

  meso_backup_write_rotated_async (meso_db_get_path (db), folder, NULL, now, &policy, NULL, NULL,
                                   on_backup_done_cb, &written);
  while (written == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
  g_assert_cmpint (thread_nice ((pid_t) syscall (SYS_gettid)), ==, main_nice);

  /* Several at once, so that every idle thread of the pool is used. */
  for (guint round = 0; round < 3; round++)
    {
      GTask *tasks[8];

      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        {
          tasks[i] = g_task_new (NULL, NULL, NULL, NULL);
          g_task_run_in_thread (tasks[i], record_nice);
        }
      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        {
          while (!g_task_get_completed (tasks[i]))
            g_main_context_iteration (NULL, TRUE);
          g_assert_cmpint (g_task_propagate_int (tasks[i], NULL), ==, main_nice);
          g_object_unref (tasks[i]);
        }
    }
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/backup/background/copy-while-writing", test_copy_while_writing);
  g_test_add_func ("/meso/backup/background/priority-own-thread", test_priority_own_thread);
  g_test_add_func ("/meso/backup/background/task-at-low-priority", test_task_at_low_priority);
  g_test_add_func ("/meso/backup/background/leaves-workers-alone",
                   test_backup_leaves_workers_alone);

  return g_test_run ();
}
