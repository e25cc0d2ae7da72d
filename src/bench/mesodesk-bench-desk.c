/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench-desk.c: the front desk's measurements beside the
 * calendar's: the reminder engine over the whole clinic, the handouts
 * composed and written to PDF, and the day's messages to patients. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include <glib/gstdio.h>

#include <gtk/gtk.h>

#include "meso-agenda-keeper.h"
#include "meso-context.h"
#include "meso-db-write.h"
#include "meso-handout-print.h"
#include "meso-message-maker.h"
#include "meso-reminders.h"
#include "meso-staff-store.h"
#include "meso-treatment-store.h"
#include "mesodesk-bench.h"

/* The reminder engine over the whole clinic. The sync runs in a worker
 * thread, at a start after two weeks away and then on every wake (each
 * quarter of an hour); what the main loop does on a wake is handing out
 * what is due and finding the next wake, and Today and its badge read
 * the open reminders. The reminders made are removed afterwards, so that
 * runs compare. */
void
measure_reminders (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, ADMINISTRATOR_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(MesoTreatmentStore) treatment = meso_treatment_store_new (db);
  g_autoptr(MesoClinic) clinic = NULL;
  g_autoptr(MesoReminders) reminders = NULL;
  g_autoptr(MesoClock) clock = NULL;
  gint64 bench_now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GArray) syncs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wakes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lists = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDbWrite) w = NULL;
  gint64 start;
  double catch_up_ms;

  clinic = meso_clinic_load (db, &error);
  if (clinic == NULL)
    g_error ("%s", error->message);
  clock = meso_clock_new_fixed (clinic, bench_now);
  reminders = meso_reminders_new (schedule, clinic, clock);
  meso_reminders_add_source (reminders, MESO_REMINDER_SOURCE (schedule));
  meso_reminders_add_source (reminders, MESO_REMINDER_SOURCE (treatment));
  /* Behind the stores' back, so in a write (a server's triggers learn
   * who acts only there). */
  w = meso_db_begin_write_unchecked (db, &error);
  if (w == NULL || !meso_db_exec (db, "DELETE FROM reminder", &error) ||
      !meso_clinic_write_mark (clinic, "reminders.synced-at", bench_now - 14 * 24 * 3600,
                               &error) ||
      !meso_db_write_commit (w, &error))
    g_error ("%s", error->message);
  g_clear_pointer (&w, meso_db_write_free);

  start = g_get_monotonic_time ();
  if (!meso_reminders_sync (reminders, &error))
    g_error ("%s", error->message);
  catch_up_ms = (g_get_monotonic_time () - start) / 1000.0;
  for (int i = 1; i <= 96; i++)
    {
      g_autoptr(GPtrArray) due = NULL;

      bench_now += 15 * 60;
      meso_clock_set_now (clock, bench_now);
      start = g_get_monotonic_time ();
      if (!meso_reminders_sync (reminders, &error))
        g_error ("%s", error->message);
      add_time_since (syncs, start);
      start = g_get_monotonic_time ();
      due = meso_reminders_take_due (reminders, &error);
      if (due == NULL || meso_reminders_get_next_wake (reminders, &error) < 0)
        g_error ("%s", error->message);
      add_time_since (wakes, start);
    }
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GPtrArray) open = NULL;

      start = g_get_monotonic_time ();
      open = meso_reminders_list_open (reminders, bench_now + 24 * 3600, &error);
      if (open == NULL)
        g_error ("%s", error->message);
      add_time_since (lists, start);
      start = g_get_monotonic_time ();
      if (meso_reminders_count_due (reminders, &error) < 0)
        g_error ("%s", error->message);
      add_time_since (counts, start);
    }
  g_print ("reminders: %" G_GINT64_FORMAT " made over a day and %" G_GINT64_FORMAT
           " appointments, none dealt with; the catch-up after two weeks away took %.0f ms"
           " (worker thread, once at start; target < 2000 ms)\n",
           count_rows (db, "SELECT count(*) FROM reminder"),
           count_rows (db, "SELECT count(*) FROM appointment"), catch_up_ms);
  print_times ("reminder sync on a wake (worker thread)", syncs, "target < 250 ms");
  print_times ("reminder wake on the main loop (due handed out, next wake)", wakes,
               "target < 16 ms");
  print_times ("Today's open reminders listed", lists, "target < 16 ms");
  print_times ("Today's badge counted", counts, "target < 2 ms");
  w = meso_db_begin_write_unchecked (db, &error);
  if (w == NULL || !meso_db_exec (db, "DELETE FROM reminder", &error) ||
      !meso_db_exec (db, "DELETE FROM setting WHERE key = 'reminders.synced-at'", &error) ||
      !meso_db_write_commit (w, &error))
    g_error ("%s", error->message);
}

/* Runs @sql in a write of its own, behind the stores' back (a server's
 * triggers learn who acts only inside one). */
static gboolean
run_write (MesoDb      *db,
           const char  *sql,
           GError     **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (db, error);

  return w != NULL && meso_db_exec (db, sql, error) && meso_db_write_commit (w, error);
}

/* Composing a handout happens on the main loop when the print menu is
 * used; laying it out and writing the PDF too (GTK prints there). */
void
measure_handouts (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (path, FALSE, &error);
  g_autoptr(MesoStaffStore) staff_store = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *dir = g_dir_make_tmp ("mesodesk-bench-pdf-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "record.pdf", NULL);
  g_autoptr(GArray) exports = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 session;

  if (context == NULL)
    g_error ("%s", error->message);
  staff_store = meso_staff_store_new (meso_context_get_db (context));
  physician = meso_staff_store_load (staff_store, PHYSICIAN_ID, &error);
  if (physician == NULL)
    g_error ("%s", error->message);
  meso_db_set_actor (meso_context_get_db (context), physician);
  /* Aftercare sheets and records are only for sessions done. */
  session = count_rows (meso_context_get_db (context),
                        "SELECT coalesce (max (a.appointment_id), 0) FROM administration a"
                        " JOIN appointment p ON p.id = a.appointment_id WHERE p.status = 'done'");

  for (MesoHandoutKind kind = 0; kind < MESO_HANDOUT_N_KINDS; kind++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *what = g_strdup_printf ("%s composed",
                                               meso_handout_kind_get_label (kind));

      /* The bench clinic books no courses and takes no photos. */
      if (kind == MESO_HANDOUT_SCHEDULE || kind == MESO_HANDOUT_PROGRESS)
        continue;
      for (int i = 0; i < 50; i++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(MesoHandout) handout = meso_handout_build (context, kind, session, 0, now,
                                                               &error);
          double ms = (g_get_monotonic_time () - start) / 1000.0;

          if (handout == NULL)
            g_error ("%s", error->message);
          g_array_append_val (times, ms);
        }
      print_times (what, times, "target < 16 ms");
    }

  if (!gtk_init_check ())
    {
      g_print ("handout PDF export: not measured, no display\n");
      return;
    }
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(MesoHandout) handout = meso_handout_build (context, MESO_HANDOUT_RECORD, session,
                                                           0, now, &error);
      gint64 start = g_get_monotonic_time ();

      if (handout == NULL || !meso_handout_print_export (handout, "a4", pdf, &error))
        g_error ("%s", error->message);
      add_time_since (exports, start);
    }
  print_times ("session record laid out and written to PDF", exports, "target < 250 ms");
  g_unlink (pdf);
  g_rmdir (dir);
}

/* The day's messages to patients, made by the rules in the sending
 * thread's worker context, with every patient who has an address agreeing
 * to e-mail, at 19:00 on the last weekday before today: the aftercare of
 * that day's sessions done and the confirmations of the next day's
 * appointments (booked again for the run, as the generator made them
 * done, and put back afterwards). Each run starts from an empty outbox, as
 * the first pass of a day does. */
void
measure_messages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (path, FALSE, &error);
  g_autoptr(MesoContext) worker = NULL;
  g_autoptr(MesoClock) clock = NULL;
  g_autoptr(MesoStaffStore) staff_store = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) evening = NULL;
  g_autofree char *next_day_done = NULL;
  MesoDb *db;
  gssize made = 0;
  gint64 aftercare = 0;
  double first_ms = 0;

  if (context == NULL)
    g_error ("%s", error->message);
  db = meso_context_get_db (context);
  staff_store = meso_staff_store_new (db);
  admin = meso_staff_store_load (staff_store, ADMINISTRATOR_ID, &error);
  if (admin == NULL)
    g_error ("%s", error->message);
  meso_db_set_actor (db, admin);
  day = meso_clock_dup_now (meso_context_get_clock (context));
  do
    {
      GDateTime *before = g_date_time_add_days (day, -1);

      g_date_time_unref (day);
      day = before;
    }
  while (g_date_time_get_day_of_week (day) > 5);
  evening = g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day),
                             g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                             19, 0, 0);
  clock = meso_clock_new_fixed (meso_context_get_clinic (context),
                                g_date_time_to_unix (evening));
  worker = meso_context_open_worker (context, clock, &error);
  if (worker == NULL)
    g_error ("%s", error->message);
  next_day_done = g_strdup_printf ("CREATE TEMP TABLE bench_booked AS SELECT id FROM appointment"
                                   " WHERE starts_at BETWEEN %" G_GINT64_FORMAT
                                   " AND %" G_GINT64_FORMAT " AND status = 'done'",
                                   g_date_time_to_unix (evening) + 5 * 3600,
                                   g_date_time_to_unix (evening) + 29 * 3600);
  if (!run_write (db, "INSERT INTO patient_consent (patient_id, channel, agreed_on)"
                      " SELECT id, 'email', '2026-01-01' FROM patient WHERE email <> ''"
                      " ON CONFLICT DO NOTHING", &error) ||
      !run_write (db, next_day_done, &error) ||
      !run_write (db, "UPDATE appointment SET status = 'booked'"
                      " WHERE id IN (SELECT id FROM bench_booked)", &error))
    g_error ("%s", error->message);
  /* The set-up's bulk writes are not the day's: out of the file's log
   * before the runs. */
  if (!meso_db_is_server_address (path) &&
      !meso_db_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", &error))
    g_error ("%s", error->message);

  for (int i = 0; i < 11; i++)
    {
      g_autoptr(MesoMessageMaker) maker = meso_message_maker_new (worker);
      gint64 start = g_get_monotonic_time ();

      made = meso_message_maker_make (maker, &error);
      if (made < 0)
        g_error ("%s", error->message);
      if (i == 0)
        first_ms = (g_get_monotonic_time () - start) / 1000.0;
      else
        add_time_since (times, start);
      aftercare = count_rows (db, "SELECT count(*) FROM message WHERE kind = 'aftercare'");
      if (!run_write (db, "DELETE FROM message", &error))
        g_error ("%s", error->message);
    }
  if (!run_write (db, "UPDATE appointment SET status = 'done'"
                      " WHERE id IN (SELECT id FROM bench_booked)", &error) ||
      !run_write (db, "DROP TABLE bench_booked", &error))
    g_error ("%s", error->message);
  g_print ("messages: %" G_GSSIZE_FORMAT " made for a weekday (%" G_GINT64_FORMAT
           " aftercare, the rest confirmations) of %" G_GINT64_FORMAT " appointments in all;"
           " the first pass on the worker's new connection took %.0f ms\n",
           made, aftercare, count_rows (db, "SELECT count(*) FROM appointment"), first_ms);
  print_times ("the day's messages made (worker thread)", times, "target < 200 ms");
}

/* Removes @dir and the files in it. */
static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
on_agendas_written_cb (MesoAgendaKeeper *keeper,
                       const GError     *error,
                       guint            *passes)
{
  if (error != NULL)
    g_error ("%s", error->message);
  (*passes)++;
}

/* The agendas kept as files: from a booking to every practitioner's file
 * written again (the past month and the next six, in the worker thread),
 * what a subscribed calendar waits for. */
void
measure_agendas (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (path, FALSE, &error);
  g_autoptr(MesoAgendaKeeper) keeper = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("mesodesk-bench-agendas-XXXXXX", NULL);
  guint passes = 0;

  if (context == NULL)
    g_error ("%s", error->message);
  keeper = meso_agenda_keeper_new (context, dir, &error);
  if (keeper == NULL)
    g_error ("%s", error->message);
  g_signal_connect (keeper, "written", G_CALLBACK (on_agendas_written_cb), &passes);
  while (passes < 1)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();

      /* As a booking tells it. */
      meso_schedule_emit_changed (meso_context_get_schedule (context));
      while (passes < i + 2)
        g_main_context_iteration (NULL, TRUE);
      add_time_since (times, start);
    }
  g_clear_object (&keeper);
  remove_folder (dir);
  print_times ("agendas written again after a booking (worker thread)", times,
               "target < 1000 ms");
}
