/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench-live.c: several workstations on one clinic: how soon one
 * workstation's stores hear of another's commit, and what a workstation
 * left idle costs its clinic server. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include "meso-context.h"
#include "mesodesk-bench.h"

/* Commits the front desk makes, a round of three at a time: a booking,
 * its cancellation and a patient's new phone number. */
#define LIVE_COMMITS 201
/* Each commit follows the one before after 0 to this many ms, at random:
 * so commits fall anywhere in a file's 250 ms poll. */
#define LIVE_MAX_GAP_MS 100
/* A commit not heard of by then is reported as missed. */
#define LIVE_GIVE_UP_US (5 * G_USEC_PER_SEC)
/* Before the idle minute: long enough for the workstation's start to be
 * over, and for the server to have counted its transactions (an idle
 * session reports them at most ten seconds late). */
#define IDLE_SETTLE_SECONDS 15
#define IDLE_SECONDS 60
/* A reminders' wake is over by then. */
#define WAKE_SECONDS 3

/* What the watching workstation has not heard of yet, by the store that
 * announces it: the return times of the front desk's commits. */
typedef struct
{
  GArray *calendar_pending;
  GArray *patients_pending;
  GArray *latencies;
} Live;

static void
take_pending (Live   *live,
              GArray *pending)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < pending->len; i++)
    {
      double ms = (now - g_array_index (pending, gint64, i)) / 1000.0;

      g_array_append_val (live->latencies, ms);
    }
  g_array_set_size (pending, 0);
}

/* The read that emits a store's signal saw every commit returned before
 * it: commits are made on this thread, between the main loop's dispatches. */
static void
on_appointments_changed_cb (Live   *live,
                            GArray *starts)
{
  take_pending (live, live->calendar_pending);
}

static void
on_schedule_changed_cb (Live *live)
{
  take_pending (live, live->calendar_pending);
}

static void
on_patients_changed_cb (Live *live)
{
  take_pending (live, live->patients_pending);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, as a workstation does between its own writes. */
static void
run_main_loop (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Opens @path as a workstation does, with the physician signed in. */
static MesoContext *
open_workstation (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (path, FALSE, &error);
  g_autoptr(MesoStaff) physician = NULL;

  if (context == NULL)
    g_error ("%s", error->message);
  physician = meso_staff_store_load (meso_context_get_staff_store (context), PHYSICIAN_ID,
                                     &error);
  if (physician == NULL)
    g_error ("%s", error->message);
  meso_db_set_actor (meso_context_get_db (context), physician);
  return g_steal_pointer (&context);
}

/* A free half hour for a consultation in a random fortnight: bookings are
 * found before the timed commits, so that only the commits hold the main
 * loop. Returns: (transfer full): the appointment to book. */
static MesoAppointment *
find_free_slot (MesoSchedule *schedule,
                GRand        *rand)
{
  g_autoptr(GError) error = NULL;

  while (TRUE)
    {
      MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
      GPtrArray *practitioners = meso_resources_get_practitioners (resources);
      MesoPractitioner *practitioner =
        practitioners->pdata[g_rand_int_range (rand, 0, practitioners->len)];
      GDate day;
      MesoSlotQuery query = {
        .practitioner_id = practitioner->id,
        .patient_id = g_rand_int_range (rand, 1, n_patients + 1),
        .minutes = 30,
        .max_days = 14,
      };
      g_autoptr(GPtrArray) slots = NULL;
      MesoAppointment *slot;

      /* A fortnight of the coming year, as a receptionist books. */
      g_date_clear (&day, 1);
      g_date_set_time_t (&day, time (NULL));
      g_date_add_days (&day, g_rand_int_range (rand, 1, 365));
      query.not_before = meso_resources_to_instant (resources, &day, 0);
      slots = meso_schedule_find_slots (schedule, &query, 1, &error);
      if (slots == NULL)
        g_error ("%s", error->message);
      if (slots->len == 0)
        continue;
      slot = g_ptr_array_steal_index (slots, 0);
      slot->patient_id = query.patient_id;
      slot->kind = MESO_KIND_CONSULTATION;
      slot->status = MESO_STATUS_BOOKED;
      return slot;
    }
}

/**
 * measure_live_update:
 *
 * Two workstations on one clinic in this process, as the treatment room
 * and the front desk: the desk books, cancels and saves patients' phones,
 * 0-100 ms apart at random; the time from each commit's return to the
 * room's store announcing it (#MesoSchedule::appointments-changed, the
 * patient store's #MesoPatientStore::changed), on the main loop, as a
 * window would hear it.
 */
void
measure_live_update (const char *path)
{
  g_autoptr(MesoContext) room = open_workstation (path);
  g_autoptr(MesoContext) desk = open_workstation (path);
  MesoSchedule *schedule = meso_context_get_schedule (desk);
  MesoPatientStore *patients = meso_context_get_patient_store (desk);
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) saves = g_ptr_array_new_with_free_func (g_object_unref);
  Live live = {
    .calendar_pending = g_array_new (FALSE, FALSE, sizeof (gint64)),
    .patients_pending = g_array_new (FALSE, FALSE, sizeof (gint64)),
    .latencies = g_array_new (FALSE, FALSE, sizeof (double)),
  };
  gboolean on_server = meso_db_is_server (meso_context_get_db (room));
  gint64 give_up;
  guint missed;
  GDate today;

  meso_context_get_today (desk, &today);
  for (guint round = 0; round < LIVE_COMMITS / 3; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoPatient) patient = NULL;
      /* A number no earlier run gave: a save that changes nothing writes
       * nothing, and nothing is announced. */
      g_autofree char *phone = g_strdup_printf ("+90 5%06" G_GINT64_FORMAT " %02u",
                                                g_get_real_time () / 1000 % 1000000, round);

      g_ptr_array_add (bookings, find_free_slot (schedule, rand));
      patient = meso_patient_store_load (patients, g_rand_int_range (rand, 1, n_patients + 1),
                                         &error);
      if (patient == NULL)
        g_error ("%s", error->message);
      meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
      g_ptr_array_add (saves, g_steal_pointer (&patient));
    }

  g_signal_connect_swapped (meso_context_get_schedule (room), "appointments-changed",
                            G_CALLBACK (on_appointments_changed_cb), &live);
  g_signal_connect_swapped (meso_context_get_schedule (room), "changed",
                            G_CALLBACK (on_schedule_changed_cb), &live);
  g_signal_connect_swapped (meso_context_get_patient_store (room), "changed",
                            G_CALLBACK (on_patients_changed_cb), &live);
  /* Whatever the opening left to announce is announced before the first. */
  run_main_loop (500);

  for (guint i = 0; i < LIVE_COMMITS; i++)
    {
      g_autoptr(GError) error = NULL;
      MesoAppointment *booking = bookings->pdata[i / 3];
      GArray *pending = live.calendar_pending;
      gint64 returned;
      gboolean ok;

      run_main_loop (g_rand_int_range (rand, 0, LIVE_MAX_GAP_MS + 1));
      switch (i % 3)
        {
        case 0:
          ok = meso_schedule_save (schedule, booking, &error);
          break;
        case 1:
          ok = meso_schedule_set_status (schedule, booking->id, MESO_STATUS_CANCELLED, &error);
          break;
        default:
          ok = meso_patient_store_save (patients, saves->pdata[i / 3], NULL, &today, &error);
          pending = live.patients_pending;
          break;
        }
      returned = g_get_monotonic_time ();
      if (!ok)
        g_error ("%s", error->message);
      g_array_append_val (pending, returned);
    }
  give_up = g_get_monotonic_time () + LIVE_GIVE_UP_US;
  while ((live.calendar_pending->len > 0 || live.patients_pending->len > 0) &&
         g_get_monotonic_time () < give_up)
    run_main_loop (10);
  missed = live.calendar_pending->len + live.patients_pending->len;

  if (missed > 0)
    g_print ("live update: %u of %d commits not heard of within %d s\n", missed,
             LIVE_COMMITS, (int) (LIVE_GIVE_UP_US / G_USEC_PER_SEC));
  print_times (on_server ? "live update: commit to another workstation's store signal"
                           " (bookings, cancellations, phones; LISTEN/NOTIFY)"
                         : "live update: commit to another workstation's store signal"
                           " (bookings, cancellations, phones; data_version polled every 250 ms)",
               live.latencies, on_server ? "target p99 < 250 ms" : "target p99 < 1000 ms");
  g_signal_handlers_disconnect_by_data (meso_context_get_schedule (room), &live);
  g_signal_handlers_disconnect_by_data (meso_context_get_patient_store (room), &live);
  g_array_unref (live.calendar_pending);
  g_array_unref (live.patients_pending);
  g_array_unref (live.latencies);
}

/* The idle minute's numbers, read by a connection of the benchmark's own
 * in one read-only transaction (so that it adds none to the count), each
 * time from a fresh snapshot of the server's statistics. */
typedef struct
{
  MesoDb     *monitor;
  GHashTable *last_start;  /* a session's pid to its last statement's start */
  GHashTable *statements;  /* a statement's text to the times it was seen new */
} Idle;

static void
clear_snapshot (Idle *idle)
{
  MesoStmt *stmt = meso_db_prepare (idle->monitor, "SELECT pg_stat_clear_snapshot ()", NULL);

  if (stmt == NULL || meso_stmt_step (stmt) != MESO_STEP_ROW)
    g_error ("The server's statistics are not readable");
  meso_stmt_reset (stmt);
}

/* Returns: the transactions the server has counted on the clinic's
 * database, committed or rolled back. */
static gint64
count_transactions (Idle *idle)
{
  clear_snapshot (idle);
  return count_rows (idle->monitor, "SELECT xact_commit + xact_rollback FROM pg_stat_database"
                                    " WHERE datname = current_database ()");
}

/* Looks at what the other sessions on the clinic's database are doing:
 * a session whose last statement started since the last look ran at least
 * one. Returns: how many sessions there are. */
static guint
look_at_sessions (Idle *idle)
{
  MesoStmt *stmt;
  guint n = 0;

  clear_snapshot (idle);
  stmt = meso_db_prepare (idle->monitor,
                          "SELECT pid, coalesce ((extract (epoch FROM query_start) * 1000000)"
                          "::bigint, 0), coalesce (query, '') FROM pg_stat_activity"
                          " WHERE datname = current_database () AND pid <> pg_backend_pid ()"
                          " AND backend_type = 'client backend'", NULL);
  if (stmt == NULL)
    g_error ("The server's sessions are not readable");
  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    {
      gint64 pid = meso_stmt_column_int64 (stmt, 0);
      gint64 started = meso_stmt_column_int64 (stmt, 1);
      gint64 *last = g_hash_table_lookup (idle->last_start, &pid);

      n++;
      if (last != NULL && *last != started)
        {
          /* One line of the statement, enough to tell it. */
          g_autofree char *text = g_strndup (meso_stmt_column_text (stmt, 2), 60);

          g_strdelimit (text, "\n\t", ' ');
          g_hash_table_insert (idle->statements, g_strdup (text),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup
                                                                     (idle->statements, text))
                                                 + 1));
        }
      if (last == NULL)
        g_hash_table_insert (idle->last_start, g_memdup2 (&pid, sizeof pid),
                             g_memdup2 (&started, sizeof started));
      else
        *last = started;
    }
  meso_stmt_reset (stmt);
  return n;
}

/* Runs the main loop for IDLE_SECONDS (or, with @wake, wakes the reminders
 * of @close and gives them WAKE_SECONDS), looking at the sessions each
 * second, then closes @close. Returns: the transactions the server
 * counted meanwhile. */
static gint64
count_idle_minute (Idle         *idle,
                   MesoContext **close,
                   gboolean      wake)
{
  gint64 before = count_transactions (idle);
  gint64 give_up;

  look_at_sessions (idle);
  if (wake)
    meso_reminders_run (meso_context_get_reminders (*close));
  for (int second = 0; second < (wake ? WAKE_SECONDS : IDLE_SECONDS); second++)
    {
      run_main_loop (1000);
      look_at_sessions (idle);
    }
  /* A session counts its last transactions when it ends, at the latest
   * (while it lives, up to ten seconds late). */
  g_clear_object (close);
  give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (look_at_sessions (idle) > 0 && g_get_monotonic_time () < give_up)
    run_main_loop (100);
  return count_transactions (idle) - before;
}

/* Prints the statements the sessions were seen starting, and forgets them. */
static void
print_statements (GHashTable *statements)
{
  GHashTableIter iter;
  gpointer text, count;

  if (g_hash_table_size (statements) == 0)
    g_print ("  no session was seen starting a statement\n");
  g_hash_table_iter_init (&iter, statements);
  while (g_hash_table_iter_next (&iter, &text, &count))
    g_print ("  seen starting in a session %u times: %s\n", GPOINTER_TO_UINT (count),
             (const char *) text);
  g_hash_table_remove_all (statements);
}

/**
 * measure_idle:
 *
 * A workstation left idle, as its window leaves it: the clinic open and
 * its reminders started. On a clinic server, the transactions the server
 * counts on the clinic's database in a minute with it and, for
 * comparison, in the minute before it opened (the server's own
 * autovacuum visits the database about once a minute), then in one wake
 * of its reminders, which ends the idleness every quarter of an hour; the
 * statements its sessions were seen starting, looked at each second, say
 * what they were. A file costs no server anything.
 */
void
measure_idle (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) workstation = NULL;
  g_autoptr(GHashTable) last_start = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            g_free);
  g_autoptr(GHashTable) statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  g_autoptr(MesoDb) monitor = NULL;
  Idle idle = { NULL, last_start, statements };
  gint64 without, with, wake;

  if (!meso_db_is_server_address (path))
    {
      g_print ("idle workstation: not measured on a file (its watch reads the file's shared"
               " memory four times a second, and asks no server)\n");
      return;
    }
  monitor = meso_db_open (path, &error);
  if (monitor == NULL)
    g_error ("%s", error->message);
  idle.monitor = monitor;
  if (!meso_db_exec (monitor, "BEGIN READ ONLY", &error))
    g_error ("%s", error->message);

  without = count_idle_minute (&idle, &workstation, FALSE);
  workstation = open_workstation (path);
  meso_reminders_start (meso_context_get_reminders (workstation));
  run_main_loop (IDLE_SETTLE_SECONDS * 1000);
  with = count_idle_minute (&idle, &workstation, FALSE);
  g_print ("idle workstation (clinic open, reminders started): %" G_GINT64_FORMAT
           " transactions a minute on the clinic's database; %" G_GINT64_FORMAT
           " in the minute before it opened (the server's autovacuum)\n", with, without);
  print_statements (statements);
  g_hash_table_remove_all (last_start);
  /* What breaks the idleness: the reminders' wake, every quarter of an
   * hour at the latest, sooner when a reminder falls due. */
  workstation = open_workstation (path);
  meso_reminders_start (meso_context_get_reminders (workstation));
  run_main_loop (IDLE_SETTLE_SECONDS * 1000);
  wake = count_idle_minute (&idle, &workstation, TRUE);

  if (!meso_db_exec (monitor, "COMMIT", &error))
    g_error ("%s", error->message);
  g_print ("idle workstation's reminder wake (every 15 min at the latest): %" G_GINT64_FORMAT
           " transactions\n", wake);
  print_statements (statements);
}
