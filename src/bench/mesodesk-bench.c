/* mesodesk-bench.c: generates large synthetic clinics and measures what the
 * staff feel: opening the database, the first page, search as you type,
 * saving with the audit trail, signing in, reading a history, a backup. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "meso-audit.h"
#include "meso-backup.h"
#include "meso-demo.h"
#include "meso-patient-list.h"
#include "meso-staff-store.h"

#define FIRST_PAGE 50
#define OPEN_RUNS 7
#define SAVES 200
#define SIGN_INS 5
#define HISTORIES 200

/* The demo clinic's first physician, who works through the measurements. */
#define PHYSICIAN_ID 2
#define ADMINISTRATOR_ID 1

static int n_patients = 100000;
static char *database = NULL;
static char *generate = NULL;
static int n_searches = 1000;

static const GOptionEntry entries[] = {
  { "patients", 'n', 0, G_OPTION_ARG_INT, &n_patients, "Patients to generate (100000)", "N" },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
    "Measure this database instead of generating one", "PATH" },
  { "generate", 'g', 0, G_OPTION_ARG_FILENAME, &generate,
    "Only generate a synthetic database at PATH, then exit", "PATH" },
  { "searches", 's', 0, G_OPTION_ARG_INT, &n_searches, "Searches to time (1000)", "N" },
  { NULL }
};

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

static void
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
static MesoDb *
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

static void
generate_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoPatientStore) store = NULL;
  gint64 start = g_get_monotonic_time ();
  GDate today;

  if (db == NULL)
    g_error ("%s", error->message);
  store = meso_patient_store_new (db);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  if (!meso_demo_populate (store, n_patients, 42, &today, &error))
    g_error ("%s", error->message);
  if (!meso_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error))
    g_error ("%s", error->message);
  g_print ("generate: %d patients with screening records and audit trail in %.1f s\n", n_patients,
           (g_get_monotonic_time () - start) / 1e6);
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
      double ms;

      store = meso_patient_store_new (db);
      list = meso_patient_list_new (store);
      if (!meso_patient_list_set_query (list, NULL, FALSE, &error))
        g_error ("%s", error->message);
      touch_first_page (list);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);
  g_print ("open + first page: median %.1f ms, max %.1f ms (%d runs; target < 50 ms)\n",
           percentile (times, 0.5), percentile (times, 1.0), OPEN_RUNS);
}

/* Search as the receptionist types: 1-3 letter prefixes, first page shown. */
static void
measure_search (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (db);
  g_autoptr(MesoPatientList) list = meso_patient_list_new (store);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  guint64 total_matches = 0;

  if (!meso_patient_list_set_query (list, NULL, FALSE, &error))
    g_error ("%s", error->message);

  for (int i = 0; i < n_searches; i++)
    {
      char prefix[4] = { 0 };
      int length = g_rand_int_range (rand, 1, 4);
      gint64 start;
      double ms;

      for (int c = 0; c < length; c++)
        prefix[c] = 'a' + g_rand_int_range (rand, 0, 26);
      start = g_get_monotonic_time ();
      if (!meso_patient_list_set_query (list, prefix, FALSE, &error))
        g_error ("%s", error->message);
      touch_first_page (list);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      total_matches += g_list_model_get_n_items (G_LIST_MODEL (list));
    }
  g_array_sort (times, compare_doubles);
  g_print ("search p50: %.2f ms (%d random 1-3 letter prefixes, %.0f matches on average)\n",
           percentile (times, 0.5), n_searches, (double) total_matches / n_searches);
  g_print ("search p99: %.2f ms (target < 5 ms)\n", percentile (times, 0.99));
}

/* A physician's save: contact data and screening, audit trail, fsync. */
static void
measure_save (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
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
      double ms;

      if (screening == NULL)
        g_error ("%s", error->message);
      meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
      meso_screening_set_answer (screening, MESO_CONDITION_DIABETES,
                                 i % 2 ? MESO_ANSWER_YES : MESO_ANSWER_NO, "2026-11-20");
      start = g_get_monotonic_time ();
      if (!meso_patient_store_save (store, patient, screening, &today, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  print_times ("save patient + screening (audited, synchronous=FULL)", times, NULL);
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
      double ms;

      signed_in = meso_staff_store_sign_in (staff, PHYSICIAN_ID, MESO_DEMO_PIN, &error);
      if (signed_in == NULL)
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  print_times ("sign-in (Argon2id, off the main thread)", times, NULL);
}

/* A patient's history, and the first page of the history of the
 * administrator who generated every record. */
static void
measure_history (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, ADMINISTRATOR_ID);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) staff_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (int i = 0; i < HISTORIES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      entries = meso_audit_query (db, MESO_AUDIT_BY_PATIENT,
                                  g_rand_int_range (rand, 1, n_patients + 1), 0, 200, &error);
      if (entries == NULL)
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);

      start = g_get_monotonic_time ();
      g_clear_pointer (&entries, g_ptr_array_unref);
      entries = meso_audit_query (db, MESO_AUDIT_BY_STAFF, i % 2 ? ADMINISTRATOR_ID : 5, 0, 200,
                                  &error);
      if (entries == NULL)
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (staff_times, ms);
    }
  print_times ("patient history", times, "target < 16 ms");
  print_times ("staff history, first 200 changes", staff_times, "target < 16 ms");
}

/* The daily backup, which the GUI writes in a thread: copy and check. */
static void
measure_backup (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_strconcat (path, "-backups", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const MesoBackupPolicy policy = { 7, 4, 12 };
  gint64 start = g_get_monotonic_time ();
  g_autofree char *backup = meso_backup_write_rotated (path, folder, now, &policy, &error);
  GStatBuf st;

  if (backup == NULL)
    g_error ("%s", error->message);
  g_stat (backup, &st);
  g_print ("backup + integrity check: %.1f s for %.0f MB (in a worker thread)\n",
           (g_get_monotonic_time () - start) / 1e6, st.st_size / 1e6);
  g_unlink (backup);
  g_rmdir (folder);
}

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
      generate_database (generate);
      return 0;
    }

  if (database != NULL)
    path = g_strdup (database);
  else
    {
      dir = g_dir_make_tmp ("mesodesk-bench-XXXXXX", &error);
      if (dir == NULL)
        g_error ("%s", error->message);
      path = g_build_filename (dir, "bench.db", NULL);
      generate_database (path);
    }

  measure_open (path);
  measure_search (path);
  measure_save (path);
  measure_sign_in (path);
  measure_history (path);
  measure_backup (path);

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
