/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench.c: on a large synthetic clinic (mesodesk-bench-generate.c
 * makes it), measures what the staff feel: opening the database, the first
 * page, search as you type, saving with the audit trail, signing in,
 * reading a history, a backup, loading the calendar, planning a course,
 * drawing a crowded week and a scalp map, screening a cocktail,
 * recalling a lot, another workstation hearing of a commit, and importing
 * another system's 100,000 patients. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include <adwaita.h>

#include "meso-audit-store.h"
#include "meso-backup.h"
#include "meso-calendar-view.h"
#include "meso-catalogue.h"
#include "meso-course.h"
#include "meso-demo.h"
#include "meso-scalp-renderer.h"
#include "meso-scalp-store.h"
#include "meso-patient-list.h"
#include "meso-staff-store.h"
#include "meso-treatment-store.h"
#include "mesodesk-bench.h"

#define FIRST_PAGE 50
#define OPEN_RUNS 7
#define SAVES 200
#define SIGN_INS 5
#define HISTORIES 200
#define RANGE_RUNS 200
#define COURSE_RUNS 100
#define DRAW_RUNS 50
#define SCREEN_RUNS 1000
#define RECALL_RUNS 100
#define BOOKINGS 200

int n_patients = 100000;
static char *database = NULL;
static char *generate = NULL;
static int n_searches = 1000;
int n_appointments = 1000000;
int n_records = 1000000;
static char *only = NULL;
/* The clinic measured is on a clinic server (--database postgresql://…):
 * the file's own figures (its backup, its check) give way to the server's
 * counterparts (pg_dump, the server's check), said so in their lines. */
static gboolean on_server = FALSE;

static const GOptionEntry entries[] = {
  { "patients", 'n', 0, G_OPTION_ARG_INT, &n_patients, "Patients to generate (100000)", "N" },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
    "Measure this database instead of generating one: a file, or a clinic server's"
    " postgresql:// address", "PATH|URI" },
  { "generate", 'g', 0, G_OPTION_ARG_FILENAME, &generate,
    "Only generate a synthetic database file at PATH, then exit (for a server: then"
    " mesodesk --copy-to URI --database PATH)", "PATH" },
  { "searches", 's', 0, G_OPTION_ARG_INT, &n_searches, "Searches to time (1000)", "N" },
  { "appointments", 'a', 0, G_OPTION_ARG_INT, &n_appointments,
    "Appointments to generate over 10 years (1000000)", "N" },
  { "records", 'r', 0, G_OPTION_ARG_INT, &n_records,
    "Session records (cocktails given) to generate (1000000)", "N" },
  { "only", 'o', 0, G_OPTION_ARG_STRING, &only,
    "Run only this measurement: open, search, save, sign-in, history, calendar, course,"
    " week-view, scalp, cocktail, booking, backup, check, reminders, handouts, messages,"
    " agendas, live-update, idle, photos or import", "NAME" },
  { NULL }
};

/* Adds the milliseconds since @start to @times. */
void
add_time_since (GArray *times,
                gint64  start)
{
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_array_append_val (times, ms);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, index);
}

void
print_times (const char *what,
             GArray     *times,
             const char *target)
{
  g_array_sort (times, compare_doubles);
  g_print ("%s: median %.2f ms, p99 %.2f ms, max %.2f ms (%u runs%s%s)\n", what,
           percentile (times, 0.5), percentile (times, 0.99), percentile (times, 1.0), times->len,
           target != NULL ? "; " : "", target != NULL ? target : "");
}

/* Opens @path with staff member @staff_id signed in, as after a sign-in. */
MesoDb *
open_as (const char *path,
         gint64      staff_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoStaffStore) staff_store = NULL;
  g_autoptr(MesoStaff) staff = NULL;

  if (db == NULL)
    g_error ("%s", error->message);
  staff_store = meso_staff_store_new (db);
  staff = meso_staff_store_load (staff_store, staff_id, &error);
  if (staff == NULL)
    g_error ("%s", error->message);
  meso_db_set_actor (db, staff);
  return g_steal_pointer (&db);
}

static void
touch_first_page (MesoPatientList *list)
{
  guint n = MIN (FIRST_PAGE, g_list_model_get_n_items (G_LIST_MODEL (list)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
}

gint64
count_rows (MesoDb     *db,
            const char *sql)
{
  MesoStmt *stmt = meso_db_prepare (db, sql, NULL);
  gint64 count;

  meso_stmt_step (stmt);
  count = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  return count;
}

/* A server setting's value, as SHOW gives it; valid until the next call. */
static const char *
setting_text (MesoDb     *db,
              const char *name)
{
  static char value[64];
  MesoStmt *stmt = meso_db_prepare (db, "SELECT current_setting (?1)", NULL);

  g_strlcpy (value, "?", sizeof value);
  meso_stmt_bind_text (stmt, 1, name);
  if (meso_stmt_step (stmt) == MESO_STEP_ROW && meso_stmt_column_text (stmt, 0) != NULL)
    g_strlcpy (value, meso_stmt_column_text (stmt, 0), sizeof value);
  meso_stmt_reset (stmt);
  return value;
}

/* What a commit waits for on @db's engine. Returns: (transfer full) */
char *
durability (MesoDb *db)
{
  g_autofree char *fsync = NULL;

  if (!on_server)
    return g_strdup ("synchronous=FULL");
  fsync = g_strdup (setting_text (db, "fsync"));
  return g_strdup_printf ("server fsync=%s, synchronous_commit=%s", fsync,
                          setting_text (db, "synchronous_commit"));
}

/* Database open plus the patient list's first page, as at start-up. */
static void
measure_open (const char *path)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (int run = 0; run < OPEN_RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
      g_autoptr(MesoPatientStore) store = NULL;
      g_autoptr(MesoPatientList) list = NULL;

      store = meso_patient_store_new (db);
      list = meso_patient_list_new (store);
      if (!meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error))
        g_error ("%s", error->message);
      touch_first_page (list);
      add_time_since (times, start);
    }
  g_array_sort (times, compare_doubles);
  g_print ("open + first page: median %.1f ms, max %.1f ms (%d runs; target < %s)\n",
           percentile (times, 0.5), percentile (times, 1.0), OPEN_RUNS,
           on_server ? "150 ms, connecting included" : "50 ms");
}

/* Search as the receptionist types: 1-3 letter prefixes from @alphabet
 * (UTF-8 letters), first page shown. */
static void
time_searches (MesoPatientList *list,
               const char      *alphabet,
               const char      *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  glong n_letters = g_utf8_strlen (alphabet, -1);
  guint64 total_matches = 0;

  for (int i = 0; i < n_searches; i++)
    {
      g_autoptr(GString) prefix = g_string_new (NULL);
      int length = g_rand_int_range (rand, 1, 4);
      gint64 start;

      for (int c = 0; c < length; c++)
        g_string_append_unichar (prefix, g_utf8_get_char (
          g_utf8_offset_to_pointer (alphabet, g_rand_int_range (rand, 0, n_letters))));
      start = g_get_monotonic_time ();
      if (!meso_patient_list_set_query (list, prefix->str, MESO_PATIENTS_CURRENT, &error))
        g_error ("%s", error->message);
      touch_first_page (list);
      add_time_since (times, start);
      total_matches += g_list_model_get_n_items (G_LIST_MODEL (list));
    }
  g_array_sort (times, compare_doubles);
  g_print ("search%s p50: %.2f ms (%d random 1-3 letter prefixes, %.0f matches on average)\n",
           what, percentile (times, 0.5), n_searches, (double) total_matches / n_searches);
  g_print ("search%s p99: %.2f ms (target < 5 ms)\n", what, percentile (times, 0.99));
}

static void
measure_search (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (db);
  g_autoptr(MesoPatientList) list = meso_patient_list_new (store);

  if (!meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error))
    g_error ("%s", error->message);
  time_searches (list, "abcdefghijklmnopqrstuvwxyz", "");
  /* Typed on a Cyrillic keyboard: each word is transliterated first. */
  time_searches (list, "абвгдежзийклмнопрстуфхцчшщэюя", " in Cyrillic");
}

/* A physician's save: contact data and screening, audit trail, fsync. */
static void
measure_save (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  g_autofree char *how = NULL;
  g_autofree char *label = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  for (int i = 0; i < SAVES; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_rand_int_range (rand, 1, n_patients + 1);
      g_autoptr(MesoPatient) patient = meso_patient_store_load (store, id, &error);
      g_autoptr(MesoScreening) screening = meso_patient_store_load_screening (store, id, &error);
      g_autofree char *phone = g_strdup_printf ("+90 532 %03d %02d %02d", i, i % 100,
                                                (int) (id % 100));
      gint64 start;

      if (screening == NULL)
        g_error ("%s", error->message);
      meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
      meso_screening_set_answer (screening, MESO_CONDITION_DIABETES,
                                 i % 2 ? MESO_ANSWER_YES : MESO_ANSWER_NO, "2026-11-20");
      start = g_get_monotonic_time ();
      if (!meso_patient_store_save (store, patient, screening, &today, &error))
        g_error ("%s", error->message);
      add_time_since (times, start);
    }
how = durability (db);
  label = g_strdup_printf ("save patient + screening (audited, %s)", how);
  print_times (label, times, NULL);
}

/* Checking a PIN against its Argon2id hash; the GUI does it in a thread. */
static void
measure_sign_in (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoStaffStore) staff = meso_staff_store_new (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < SIGN_INS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoStaff) signed_in = NULL;
      gint64 start = g_get_monotonic_time ();

      signed_in = meso_staff_store_sign_in (staff, PHYSICIAN_ID, MESO_DEMO_PIN, &error);
      if (signed_in == NULL)
        g_error ("%s", error->message);
      add_time_since (times, start);
    }
  print_times ("sign-in (Argon2id, off the main thread)", times, NULL);
}

/* A patient's history, and the first page of the history of the
 * administrator who generated every record. */
static void
measure_history (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, ADMINISTRATOR_ID);
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) staff_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (int i = 0; i < HISTORIES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      gint64 start = g_get_monotonic_time ();

      entries = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT,
                                        g_rand_int_range (rand, 1, n_patients + 1), 0, 200, &error);
      if (entries == NULL)
        g_error ("%s", error->message);
      add_time_since (times, start);

      start = g_get_monotonic_time ();
      g_clear_pointer (&entries, g_ptr_array_unref);
      entries = meso_audit_store_query (audit_store, MESO_AUDIT_BY_STAFF,
                                        i % 2 ? ADMINISTRATOR_ID : 5, 0, 200, &error);
      if (entries == NULL)
        g_error ("%s", error->message);
      add_time_since (staff_times, start);
    }
  print_times ("patient history", times, "target < 16 ms");
  print_times ("staff history, first 200 changes", staff_times, "target < 16 ms");
}

static void
on_backup_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The daily backup as the GUI writes it, in its own low-priority thread:
 * copy and check (a server's: pg_dump, then pg_restore --list). */
static void
measure_backup (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = on_server ? g_dir_make_tmp ("mesodesk-bench-XXXXXX", NULL)
                                      : g_strconcat (path, "-backups", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const MesoBackupPolicy policy = { 7, 4, 12 };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *backup = NULL;
  GStatBuf st;

  meso_backup_write_rotated_async (path, folder, NULL, now, &policy, NULL, NULL,
                                   on_backup_written_cb,
                                   &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  backup = meso_backup_write_rotated_finish (result, &error);
  if (backup == NULL)
    g_error ("%s", error->message);
  g_stat (backup, &st);
  g_print ("%s: %.1f s for %.0f MB (in a worker thread at low priority)\n",
           on_server ? "backup (pg_dump) + pg_restore --list of the dump"
                     : "backup + full check of the copy",
           (g_get_monotonic_time () - start) / 1e6, st.st_size / 1e6);
  g_unlink (backup);
  g_rmdir (folder);
}

/* The full check the window starts after its first frame, in a worker
 * thread: how long until the banner could say anything, and until a file
 * held for its WAL can be written. */
static void
measure_check (const char *path)
{
  g_autoptr(MesoDb) db = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A server is not checked after the first frame: --check asks it for
   * its version, extensions, constraints and audit chain. */
  if (on_server)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *report = meso_db_check (path, &error);

      g_print ("mesodesk --check of the clinic server (version, extensions, constraints, audit"
               " chain): %.1f s, %s\n", (g_get_monotonic_time () - start) / 1e6,
               report != NULL ? "passed" : error->message);
      return;
    }
  db = open_as (path, PHYSICIAN_ID);
  start = g_get_monotonic_time ();
  meso_db_verify_async (db);
  while (meso_db_get_health (db) != MESO_DB_HEALTH_VERIFIED &&
         meso_db_get_health (db) != MESO_DB_HEALTH_DAMAGED)
    g_main_context_iteration (NULL, TRUE);
  g_print ("full check after the first frame (integrity, constraints, audit chain): %.1f s, "
           "%s (worker thread)\n", (g_get_monotonic_time () - start) / 1e6,
           meso_db_get_health (db) == MESO_DB_HEALTH_VERIFIED ? "passed" : "FAILED");
}

/* A random Monday of the ten years, as an instant, and its date. */
static gint64
random_monday (MesoResources *resources,
               GRand         *rand,
               GDate         *out_day)
{
  g_date_clear (out_day, 1);
  g_date_set_time_t (out_day, time (NULL));
  g_date_subtract_days (out_day, g_rand_int_range (rand, 0, (YEARS - 1) * 365));
  g_date_subtract_days (out_day, g_date_get_weekday (out_day) - G_DATE_MONDAY);
  return meso_resources_to_instant (resources, out_day, 0);
}

/* What the calendar page loads: a week, and the six weeks of a month view. */
static void
measure_ranges (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(GArray) weeks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
  guint64 week_total = 0, month_total = 0;

  for (int i = 0; i < RANGE_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoAppointmentRange) week = NULL;
      g_autoptr(MesoAppointmentRange) month = NULL;
      GDate day;
      gint64 from = random_monday (resources, rand, &day);
      gint64 start = g_get_monotonic_time ();

      week = meso_schedule_load_range (schedule, from, from + 7 * 86400, &error);
      if (week == NULL)
        g_error ("%s", error->message);
      add_time_since (weeks, start);
      week_total += meso_appointment_range_get_size (week);

      start = g_get_monotonic_time ();
      month = meso_schedule_load_range (schedule, from, from + 42 * 86400, &error);
      if (month == NULL)
        g_error ("%s", error->message);
      add_time_since (months, start);
      month_total += meso_appointment_range_get_size (month);
    }
  g_print ("calendar: %.0f appointments a week, %.0f in a month view on average\n",
           (double) week_total / RANGE_RUNS, (double) month_total / RANGE_RUNS);
  print_times ("week, all practitioners", weeks,
               on_server ? "target p99 < 10 ms" : "target p99 < 5 ms");
  print_times ("month view (6 weeks)", months, "target p99 < 20 ms");
}

/* An 11-session course (Plan C) planned on free slots, then each session
 * checked as booking would, in the busiest part of the calendar. */
static void
measure_course (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (schedule, NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
  MesoProtocol *plan_c = NULL;

  for (guint i = 0; i < protocols->len; i++)
    if (g_str_equal (((MesoProtocol *) protocols->pdata[i])->name, "Plan C"))
      plan_c = protocols->pdata[i];
  g_assert (plan_c != NULL && meso_protocol_count_sessions (plan_c) == 11);

  for (int i = 0; i < COURSE_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sessions = NULL;
      GPtrArray *practitioners = meso_resources_get_practitioners (resources);
      GPtrArray *rooms = meso_resources_get_rooms (resources);
      guint index = g_rand_int_range (rand, 0, practitioners->len);
      MesoPractitioner *practitioner = practitioners->pdata[index];
      MesoCourse course = {
        .patient_id = g_rand_int_range (rand, 1, n_patients + 1), .protocol_name = plan_c->name,
        .practitioner_id = practitioner->id, .weekday = G_DATE_TUESDAY,
        .minute_of_day = 11 * 60, .sessions = 11,
      };
      GDate first;
      gint64 start;

      /* Each practitioner works in a room of their own (see the generator). */
      course.room_id = ((MesoRoom *) rooms->pdata[index % rooms->len])->id;
      random_monday (resources, rand, &first);
      start = g_get_monotonic_time ();
      sessions = meso_course_plan (schedule, plan_c, &course, &first, &error);
      if (sessions == NULL)
        g_error ("%s", error->message);
      for (guint s = 0; s < sessions->len; s++)
        if (!meso_schedule_check (schedule, sessions->pdata[s], NULL, &error))
          g_error ("%s", error->message);
      add_time_since (times, start);
    }
  print_times ("11-session course planned and checked", times, "target < 10 ms");
}

/* A receptionist's booking: one appointment in the first free slot of a
 * week, for a patient free then, checked and written with its audit entry
 * in one transaction, committed (synchronously, on both engines). Each is
 * cancelled afterwards, untimed, so that the calendar stays as generated. */
static void
measure_booking (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autofree char *how = NULL;
  g_autofree char *label = NULL;

  for (int i = 0; i < BOOKINGS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) slots = NULL;
      /* Read again after each commit, as the calendar does: a write may
       * have reloaded them. */
      MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
      GPtrArray *practitioners = meso_resources_get_practitioners (resources);
      MesoAppointment *slot;
      MesoPractitioner *practitioner = practitioners->pdata[g_rand_int_range (rand, 0,
                                                                              practitioners->len)];
      GDate day;
      MesoSlotQuery query = {
        .practitioner_id = practitioner->id,
        .patient_id = g_rand_int_range (rand, 1, n_patients + 1),
        .minutes = 30,
        .not_before = random_monday (resources, rand, &day),
        .max_days = 14,
      };
      gint64 start;

      slots = meso_schedule_find_slots (schedule, &query, 1, &error);
      if (slots == NULL)
        g_error ("%s", error->message);
      if (slots->len == 0)
        continue;
      slot = slots->pdata[0];
      slot->patient_id = query.patient_id;
      slot->kind = MESO_KIND_CONSULTATION;
      slot->status = MESO_STATUS_BOOKED;
      start = g_get_monotonic_time ();
      if (!meso_schedule_save (schedule, slot, &error))
        g_error ("%s", error->message);
      add_time_since (times, start);
      if (!meso_schedule_set_status (schedule, slot->id, MESO_STATUS_CANCELLED, &error))
        g_error ("%s", error->message);
    }
  how = durability (db);
  label = g_strdup_printf ("booking committed (checked, audited, %s)", how);
  print_times (label, times, "target p99 < 20 ms");
}

/* The busiest week, laid out by the week view and drawn (its snapshot,
 * then rendered by cairo into an image), as one frame of the calendar. */
static void
measure_week_view (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(MesoAppointmentRange) busiest = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
  GtkWidget *window, *view;
  GDate busiest_day;
  double first_ms = 0, rest_ms = 0, longest_slice_ms = 0;

  if (!gtk_init_check ())
    {
      g_print ("week view drawing: skipped (no display; run under xvfb-run)\n");
      return;
    }
  adw_init ();
  for (int i = 0; i < 50; i++)
    {
      GDate day;
      gint64 from = random_monday (resources, rand, &day);
      g_autoptr(MesoAppointmentRange) week = meso_schedule_load_range (schedule, from,
                                                                       from + 7 * 86400, NULL);

      if (busiest == NULL ||
          meso_appointment_range_get_size (week) > meso_appointment_range_get_size (busiest))
        {
          g_clear_object (&busiest);
          busiest = g_steal_pointer (&week);
          busiest_day = day;
        }
    }

  window = gtk_window_new ();
  view = meso_calendar_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_width (view) < 100)
    g_main_context_iteration (NULL, TRUE);

  /* The first run fills the font and glyph caches, as the app's first frame does. */
  for (int i = -1; i < DRAW_RUNS; i++)
    {
      int width = gtk_widget_get_width (view), height = gtk_widget_get_height (view);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      gint64 start = g_get_monotonic_time ();
      double ms;

      meso_calendar_view_set_range (MESO_CALENDAR_VIEW (view), resources, MESO_CALENDAR_WEEK,
                                    &busiest_day, 7, busiest);
      /* The widget's own snapshot function, as the frame clock would call it. */
      GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        gsk_render_node_draw (node, cr);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i >= 0)
        g_array_append_val (times, ms);
      else
        first_ms = ms;
      g_clear_pointer (&node, gsk_render_node_unref);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      /* The chips the first range had no time for are made at idle, a
       * slice at a time, between frames: time the longest iteration. */
      if (i < 0)
        {
          gint64 rest_start = g_get_monotonic_time ();

          while (g_main_context_pending (NULL))
            {
              gint64 iteration_start = g_get_monotonic_time ();

              g_main_context_iteration (NULL, FALSE);
              longest_slice_ms = MAX (longest_slice_ms,
                                      (g_get_monotonic_time () - iteration_start) / 1000.0);
            }
          rest_ms = (g_get_monotonic_time () - rest_start) / 1000.0;
        }
    }
  g_print ("week view: %u appointments (%u laid out) in 1280×800\n",
           meso_appointment_range_get_size (busiest),
           meso_calendar_view_count_visible (MESO_CALENDAR_VIEW (view)));
  /* The first range makes a chip (a child widget, for the keyboard and
   * screen readers) for each appointment drawn; later ones reuse them. */
  g_print ("week view, first range: %.1f ms; its other chips made after it in %.1f ms, "
           "the longest main-loop iteration %.1f ms\n", first_ms, rest_ms, longest_slice_ms);
  print_times ("week view laid out and drawn (cairo)", times, "target < 16 ms");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A full map: all eight zones graded, 20 painted regions, 500 points. */
static MesoScalpMap *
busy_map (GRand *rand)
{
  MesoScalpMap *map = meso_scalp_map_new ();
  guint all = (1u << MESO_SCALP_N_ZONES) - 1;

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    meso_scalp_map_set_grade (map, zone, g_rand_int_range (rand, 1, MESO_N_GRADES));
  for (guint r = 0; r < 20; r++)
    {
      g_autoptr(GArray) blob = meso_polygon_ellipse (g_rand_double_range (rand, -50, 50),
                                                     g_rand_double_range (rand, -60, 60),
                                                     g_rand_double_range (rand, 5, 15),
                                                     g_rand_double_range (rand, 5, 15), 24);

      meso_scalp_map_add_region (map, MESO_SCALP_VIEW_TOP, (MesoVec2 *) blob->data, blob->len);
    }
  meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP, all, 6.2, 1.5, 0.05);
  while (meso_scalp_map_count_points (map) < 500)
    {
      MesoInjectionPoint point = { MESO_SCALP_VIEW_TOP,
                                   { g_rand_double_range (rand, -40, 40),
                                     g_rand_double_range (rand, -40, 40) }, 1.5, 0.05 };

      meso_scalp_map_add_point (map, &point);
    }
  return map;
}

/* The scalp map: loading a session's map, hit-testing a click (view, zone
 * and nearest point, as the widget does), drawing it offscreen. */
static void
measure_scalp (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(MesoScalpStore) store = meso_scalp_store_new (db, schedule);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(MesoScalpMap) map = busy_map (rand);
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draws = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) colds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  MesoScalpStyle style;
  GArray *points = meso_scalp_map_get_points (map);
  guint zones_hit = 0;

  meso_scalp_style_init_for_paper (&style);
  style.selected = MESO_SCALP_ZONE_VERTEX;
  style.cache_background = TRUE;
  if (!meso_scalp_store_save (store, 1, map, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(MesoScalpMap) loaded = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!meso_scalp_store_load (store, 1, &loaded, &error) || loaded == NULL)
        g_error ("%s", error != NULL ? error->message : "no map");
      add_time_since (loads, start);
    }
  for (int i = 0; i < 1000; i++)
    {
      double x = g_rand_double_range (rand, 0, 800), y = g_rand_double_range (rand, 0, 800);
      gint64 start = g_get_monotonic_time ();
      MesoScalpView view;
      MesoVec2 at;
      double best = G_MAXDOUBLE;

      if (meso_scalp_hit_view (MESO_SCALP_VIEW_TOP, 800, 800, x, y, &view, &at))
        {
          zones_hit += meso_scalp_zone_at (view, at) != MESO_SCALP_ZONE_NONE;
          for (guint p = 0; p < points->len; p++)
            {
              MesoInjectionPoint *point = &g_array_index (points, MesoInjectionPoint, p);

              best = MIN (best, hypot (point->at.x - at.x, point->at.y - at.y));
            }
        }
      add_time_since (hits, start);
    }
  /* A frame as the widget draws it: unchanged (hover, focus moves), and
   * right after a point was added, which redraws the points' layer. */
  for (int i = -1; i < 200; i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 800);
      cairo_t *cr = cairo_create (surface);
      gint64 start;
      double ms;

      if (i >= 0 && i % 2 == 1)
        {
          MesoInjectionPoint point = { MESO_SCALP_VIEW_TOP,
                                       { g_rand_double_range (rand, -40, 40),
                                         g_rand_double_range (rand, -40, 40) }, 1.5, 0.05 };

          meso_scalp_map_add_point (map, &point);
        }
      start = g_get_monotonic_time ();
      meso_scalp_render (cr, map, MESO_SCALP_VIEW_TOP, 800, 800, &style);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i >= 0)
        g_array_append_val (i % 2 == 1 ? edits : draws, ms);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  /* After a resize every layer is drawn again: the cost of a cold frame. */
  for (int i = 0; i < 50; i++)
    {
      int size = 800 + (i % 2 ? 2 : 0);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      cairo_t *cr = cairo_create (surface);
      gint64 start = g_get_monotonic_time ();

      meso_scalp_render (cr, map, MESO_SCALP_VIEW_TOP, size, size, &style);
      cairo_surface_flush (surface);
      add_time_since (colds, start);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  g_print ("scalp map: 8 zones graded, 20 regions, %u points; %u of 1000 clicks on a zone\n",
           points->len, zones_hit);
  print_times ("scalp map loaded from the database", loads, "target < 5 ms");
  print_times ("scalp map click hit-tested", hits, "target < 0.1 ms");
  print_times ("scalp map frame drawn offscreen (800×800, cairo)", draws, "target < 2 ms");
  print_times ("scalp map frame after adding a point", edits, "target < 2 ms");
  print_times ("scalp map frame after a resize (every layer redrawn)", colds, NULL);
}

/* Screening a ten-ingredient cocktail for a patient who answered yes to
 * several questions, as every change in the composer does; and recalling
 * one lot over the generated records. */
static void
measure_cocktail (const char *path)
{
  g_autoptr(MesoDb) db = NULL;
  g_autoptr(MesoTreatmentStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoCatalogue) catalogue = NULL;
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  g_autoptr(GArray) screens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) recalls = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 ids[10];
  guint n_rules = 0, n_findings = 0, n_hits = 0;
  gint64 n_lots;
  GDate today;
  char today_iso[16];

  /* A database generated before the records existed gets them first. */
  db = open_as (path, PHYSICIAN_ID);
  generate_records (db);
  g_clear_object (&db);
  db = open_as (path, PHYSICIAN_ID);
  store = meso_treatment_store_new (db);
  catalogue = meso_treatment_store_load_catalogue (store, &error);
  if (catalogue == NULL)
    g_error ("%s", error->message);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", &today);
  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (screening, c,
                               c == MESO_CONDITION_DIABETES || c == MESO_CONDITION_CIRCULATORY_PROBLEMS
                               ? MESO_ANSWER_YES : MESO_ANSWER_NO, today_iso);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      MesoIngredient *ingredient = g_ptr_array_index (meso_catalogue_get_ingredients (catalogue),
                                                      i + 8);

      ids[i] = ingredient->id;
      n_rules += ingredient->rules->len;
    }
  for (int i = 0; i < SCREEN_RUNS; i++)
    {
      MesoVerdict verdict;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) findings = meso_catalogue_screen (catalogue, screening, TRUE, ids,
                                                             G_N_ELEMENTS (ids), &today, 30,
                                                             &verdict);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (screens, ms);
      n_findings = findings->len;
    }

  n_lots = count_rows (db, "SELECT count(*) FROM lot");
  for (int i = 0; i < RECALL_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) hits = meso_treatment_store_recall (store, 1 + (i * 37) % n_lots, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (hits == NULL)
        g_error ("%s", error->message);
      g_array_append_val (recalls, ms);
      n_hits += hits->len;
    }
  g_print ("cocktail: 10 ingredients with %u rules of their own, plus the general ones;"
           " %u findings\n", n_rules, n_findings);
  print_times ("cocktail screened", screens, "target < 1 ms");
  g_print ("recall: %" G_GINT64_FORMAT " session records, %" G_GINT64_FORMAT " lots;"
           " %u patients' records per lot on average\n",
           count_rows (db, "SELECT count(*) FROM administration"), n_lots, n_hits / RECALL_RUNS);
  print_times ("recall of one lot", recalls, "target < 50 ms");
}

static const struct
{
  const char *name;
  void      (*run) (const char *path);
} measurements[] = {
  { "open", measure_open },
  { "search", measure_search },
  { "save", measure_save },
  { "sign-in", measure_sign_in },
  { "history", measure_history },
  { "calendar", measure_ranges },
  { "course", measure_course },
  { "booking", measure_booking },
  { "week-view", measure_week_view },
  { "scalp", measure_scalp },
  { "cocktail", measure_cocktail },
  { "backup", measure_backup },
  { "check", measure_check },
  { "reminders", measure_reminders },
  { "handouts", measure_handouts },
  { "messages", measure_messages },
  { "agendas", measure_agendas },
  { "live-update", measure_live_update },
  { "idle", measure_idle },
  { "photos", measure_photos },
  /* Last: it adds 100,000 patients and takes them back, which leaves audit
   * entries and free pages behind. */
  { "import", measure_import },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- measure Mesodesk");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (generate != NULL)
    {
      if (meso_db_is_server_address (generate))
        {
          g_printerr ("--generate writes a file; then copy it onto the server with\n"
                      "  mesodesk --copy-to %s --database FILE\n", generate);
          return 2;
        }
      generate_database (generate);
      return 0;
    }

  if (database != NULL)
    {
      path = g_strdup (database);
      on_server = meso_db_is_server_address (database);
    }
  else
    {
      dir = g_dir_make_tmp ("mesodesk-bench-XXXXXX", &error);
      if (dir == NULL)
        g_error ("%s", error->message);
      path = g_build_filename (dir, "bench.db", NULL);
      generate_database (path);
    }

  for (guint i = 0; i < G_N_ELEMENTS (measurements); i++)
    if (only == NULL || g_str_equal (only, measurements[i].name))
      measurements[i].run (path);

  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
