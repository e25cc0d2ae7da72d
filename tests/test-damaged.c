/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-damaged.c: damaged copies of a real clinic database, generated from a
 * seed, are refused or opened cleanly: never a crash, and a refused file is
 * never changed. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meso-audit-store.h"
#include "meso-catalogue.h"
#include "meso-clinic.h"
#include "meso-context.h"
#include "meso-course.h"
#include "meso-demo.h"
#include "meso-patient-store.h"
#include "meso-reminders.h"
#include "meso-schedule.h"
#include "meso-staff-store.h"
#include "meso-waitlist.h"
#include "meso-db.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define SEED 16
#define N_BIT_FLIPS 40
#define N_TRUNCATIONS 10
#define N_ZEROED_PAGES 20

/* What a child reports through its exit status. */
enum
{
  CHECK_REFUSED = 1 << 0,
  OPEN_REFUSED = 1 << 1,
  FOUND_DAMAGED = 1 << 2,   /* opened, then the full check after it failed */
};

typedef enum
{
  DAMAGE_BIT_FLIP,
  DAMAGE_TRUNCATE,
  DAMAGE_ZERO_PAGE,
  DAMAGE_FORBIDDEN,
} DamageKind;

/* Values the schema's CHECK constraints forbid, written past them: each
 * must be refused by mesodesk --check and by the backup verification. */
static const char *const forbidden[] = {
  "UPDATE opening_hours SET weekday = 9 WHERE weekday = 1",
  "INSERT INTO practitioner_hours (practitioner_id, weekday, opens, closes) "
  "VALUES ((SELECT min(id) FROM practitioner), 8, 540, 1020)",
  "UPDATE appointment SET status = 'lost' WHERE id = (SELECT min(id) FROM appointment)",
  "UPDATE appointment SET kind = 'surgery' WHERE id = (SELECT max(id) FROM appointment)",
  "UPDATE staff SET role = 'root' WHERE id = (SELECT min(id) FROM staff)",
  "UPDATE patient SET sex = 'x' WHERE id = (SELECT min(id) FROM patient)",
  "UPDATE patient SET archived = 7 WHERE id = (SELECT max(id) FROM patient)",
  "UPDATE opening_hours SET opens = 900, closes = 600 WHERE weekday = 2",
};

/* Most forgeries leave no WAL. */
static void
forge (const char *path,
       const char *sql)
{
  meso_test_forge (path, sql, FALSE);
}

typedef struct
{
  char *dir;
  char *pristine;
  char *pristine_wal;
  gsize page_size;
  guint n_refused;
  guint n_found_later;
  guint n_opened;
  guint n_crashed;
  guint n_changed;
  gboolean last_refused;
} Fixture;

/* The demo clinic, made by the core itself, then checkpointed into one
 * file with no WAL beside it. */
static void
make_pristine (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  f->dir = meso_test_make_dir ();
  f->pristine = g_build_filename (f->dir, "pristine.db", NULL);
  f->pristine_wal = g_strconcat (f->pristine, "-wal", NULL);
  context = meso_context_open (f->pristine, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&context);
  g_assert_false (g_file_test (f->pristine_wal, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_get_contents (f->pristine, &contents, &length, NULL));
  f->page_size = ((guint8) contents[16] << 8) | (guint8) contents[17];
  g_assert_cmpuint (length % f->page_size, ==, 0);
}

/* Another clinic, started empty, with changes still in its WAL: what a crash
 * of its Mesodesk leaves beside its file. */
static GBytes *
make_foreign_wal (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (path, FALSE, &error);
  sqlite3 *handle = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_clear_object (&context);
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_db_config (handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle,
                                 "CREATE TABLE other_clinic (note TEXT);"
                                 "INSERT INTO other_clinic VALUES ('not this clinic');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (wal, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  return g_bytes_new_take (contents, length);
}

/* Runs --check's and the application's open of @path, with the full check
 * after it, in a child, so that a crash is counted, not fatal, and this
 * process never holds the file. */
static int
probe (const char *path)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *report = meso_db_check (path, &error);
      MesoContext *context;
      int result = 0;

      if (report == NULL)
        result |= CHECK_REFUSED;
      g_clear_error (&error);
      context = meso_context_open (path, FALSE, &error);
      if (context == NULL)
        result |= OPEN_REFUSED;
      else if (meso_test_verify (meso_context_get_db (context)) == MESO_DB_HEALTH_DAMAGED)
        result |= FOUND_DAMAGED;
      g_clear_object (&context);
      _exit (result);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return status;
}

/* An empty WAL holds nothing: SQLite may leave one behind a refused open. */
static char *
wal_fingerprint (const char *wal)
{
  GStatBuf st;

  if (g_stat (wal, &st) != 0 || st.st_size == 0)
    return g_strdup ("no WAL");
  return meso_test_fingerprint (wal);
}

static char *
fingerprint_pair (const char *path,
                  const char *wal)
{
  g_autofree char *db = meso_test_fingerprint (path);
  g_autofree char *log = wal_fingerprint (wal);

  return g_strdup_printf ("%s + %s", db, log);
}

static void
try_copy (Fixture    *f,
          const char *label,
          GBytes     *bytes,
          const char *sql,
          GBytes     *wal_bytes,
          gboolean    must_refuse)
{
  g_autofree char *path = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int status;

  g_unlink (wal);
  g_unlink (shm);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  if (sql != NULL)
    {
      g_autofree char *guarded = g_strconcat ("PRAGMA ignore_check_constraints = ON; ", sql,
                                              NULL);
      forge (path, guarded);
    }
  if (wal_bytes != NULL)
    g_assert_true (g_file_set_contents (wal, g_bytes_get_data (wal_bytes, NULL),
                                        g_bytes_get_size (wal_bytes), NULL));
  /* The WAL is part of what a refused open must leave as it is. */
  before = fingerprint_pair (path, wal);
  status = probe (path);
  after = fingerprint_pair (path, wal);

  if (!WIFEXITED (status))
    {
      f->n_crashed++;
      g_test_message ("%s: crashed (status %d)", label, status);
      return;
    }
  if (must_refuse && !(WEXITSTATUS (status) & CHECK_REFUSED))
    g_error ("%s: --check passed it", label);

  f->last_refused = (WEXITSTATUS (status) & OPEN_REFUSED) != 0;
  if (f->last_refused || (WEXITSTATUS (status) & FOUND_DAMAGED))
    {
      if (f->last_refused)
        f->n_refused++;
      else
        f->n_found_later++;
      /* Refused before the first write, or held from the moment the damage
       * was found: the file and its WAL are as they were. */
      if (g_strcmp0 (before, after) != 0)
        {
          f->n_changed++;
          g_test_message ("%s: damaged, but changed: %s -> %s", label, before, after);
        }
    }
  else
    {
      /* Damage no check can see: a flip in free space or inside a text. */
      f->n_opened++;
      g_test_message ("%s: opened, no damage found", label);
    }
  if (must_refuse && !f->last_refused && !(WEXITSTATUS (status) & FOUND_DAMAGED))
    g_error ("%s: opened, and the full check after it passed it", label);
}

static void
test_generated (void)
{
  Fixture f = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autofree char *contents = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gsize length;
  guint n_pages;

  make_pristine (&f);
  g_assert_true (g_file_get_contents (f.pristine, &contents, &length, NULL));
  n_pages = length / f.page_size;

  for (guint i = 0; i < N_BIT_FLIPS; i++)
    {
      g_autofree char *copy = g_memdup2 (contents, length);
      gsize offset = g_rand_int_range (rand, 0, length);
      g_autofree char *label = NULL;
      g_autoptr(GBytes) bytes = NULL;

      copy[offset] ^= 1 << g_rand_int_range (rand, 0, 8);
      label = g_strdup_printf ("bit flip at %" G_GSIZE_FORMAT, offset);
      bytes = g_bytes_new_take (g_steal_pointer (&copy), length);
      try_copy (&f, label, bytes, NULL, NULL, FALSE);
    }

  for (guint i = 0; i < N_TRUNCATIONS; i++)
    {
      /* Half cut at a page boundary, half anywhere. */
      gsize cut = (i % 2 == 0)
                    ? f.page_size * g_rand_int_range (rand, 0, n_pages)
                    : (gsize) g_rand_int_range (rand, 0, length);
      g_autofree char *label = g_strdup_printf ("truncated to %" G_GSIZE_FORMAT, cut);
      g_autoptr(GBytes) bytes = g_bytes_new (contents, cut);

      try_copy (&f, label, bytes, NULL, NULL, FALSE);
    }

  for (guint i = 0; i < N_ZEROED_PAGES; i++)
    {
      g_autofree char *copy = g_memdup2 (contents, length);
      guint page = g_rand_int_range (rand, 0, n_pages);
      g_autofree char *label = g_strdup_printf ("page %u zeroed", page + 1);
      g_autoptr(GBytes) bytes = NULL;

      memset (copy + page * f.page_size, 0, f.page_size);
      bytes = g_bytes_new_take (g_steal_pointer (&copy), length);
      try_copy (&f, label, bytes, NULL, NULL, FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (contents, length);

      try_copy (&f, forbidden[i], bytes, forbidden[i], NULL, TRUE);
    }

  /* Another clinic's WAL, left by a crash, beside this clinic's file. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new (contents, length);
    g_autoptr(GBytes) wal_bytes = make_foreign_wal (&f);

    try_copy (&f, "another clinic's WAL", bytes, NULL, wal_bytes, TRUE);
    g_assert_true (f.last_refused);
  }

  g_test_message ("%u damaged copies: %u refused at open, %u found damaged by the check "
                  "after the first frame (no write allowed), %u opened, %u crashed, %u changed; "
                  "%.1f s", f.n_refused + f.n_found_later + f.n_opened + f.n_crashed, f.n_refused,
                  f.n_found_later, f.n_opened, f.n_crashed, f.n_changed,
                  g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (f.n_crashed, ==, 0);
  g_assert_cmpuint (f.n_changed, ==, 0);

  meso_test_remove_tree (f.dir);
  g_free (f.dir);
  g_free (f.pristine);
  g_free (f.pristine_wal);
}

typedef enum
{
  LOAD_STAFF,
  LOAD_APPOINTMENTS,
  LOAD_CALENDAR,
  LOAD_COURSE,
  LOAD_REMINDERS,
  LOAD_REMINDER,
  LOAD_REMINDER_RULE,
  LOAD_REMINDER_SYNC,
  LOAD_CATALOGUE,
  LOAD_SCREENING,
  LOAD_CONTEXT,   /* the clinic's settings, read by the open */
  LOAD_PROTOCOLS,
  LOAD_WAITLIST,
  LOAD_PATIENT,
  LOAD_RESOURCES,
  LOAD_AUDIT,
  LOAD_SIGN_IN,
} Loader;

typedef struct
{
  const char *sql;
  Loader      loader;
} ValueCase;

/* A course with as many sessions as the SQL's end says. */
#define COURSE_SQL "INSERT INTO course (patient_id, protocol_name, practitioner_id, room_id, " \
  "weekday, " \
  "minute_of_day, sessions) SELECT (SELECT min(id) FROM patient), 'Standard', " \
  "(SELECT min(id) FROM practitioner), (SELECT min(id) FROM room), 2, 600, "

/* An open reminder of the kind and in the state the SQL's end says. */
#define REMINDER_SQL "INSERT INTO reminder (source, due_at, summary, body, kind, state) " \
  "VALUES ('test', 0, 'Summary', 'Body', "

/* The aftercare call's rule at the minute of the day the SQL's end says. */
#define RULE_SQL "INSERT OR REPLACE INTO reminder_rule (kind, enabled, offset_minutes, summary, " \
  "body, at_minute) VALUES ('aftercare-call', 1, 1440, 'Summary', 'Body', "

/* A waitlist entry whose minutes, weekdays, earliest and latest the SQL's
 * end says. */
#define WAITLIST_SQL "INSERT INTO waitlist (patient_id, minutes, weekdays, earliest, latest) " \
  "SELECT min(id), "

#define APPOINTMENT_SQL "UPDATE appointment SET "
#define LAST_APPOINTMENT " WHERE id = (SELECT max(id) FROM appointment)"

#define SETTING_SQL "INSERT OR REPLACE INTO setting (key, value) VALUES "

/* A value that selects an enum is read as damage, never as a default. */
static const ValueCase value_cases[] = {
  { "UPDATE staff SET role = 'root'", LOAD_STAFF },
  { "UPDATE appointment SET status = 'lost'", LOAD_APPOINTMENTS },
  { "UPDATE appointment SET kind = 'surgery'", LOAD_APPOINTMENTS },
  { "UPDATE appointment SET status = 'lost'", LOAD_CALENDAR },
  { "UPDATE appointment SET kind = 'surgery'", LOAD_CALENDAR },
  { COURSE_SQL "2147483647", LOAD_COURSE },
  { COURSE_SQL "0", LOAD_COURSE },
  { REMINDER_SQL "'teleport', 'pending')", LOAD_REMINDERS },
  { REMINDER_SQL "'teleport', 'pending')", LOAD_REMINDER },
  { REMINDER_SQL "'aftercare-call', 'lost')", LOAD_REMINDER },
  { "INSERT INTO reminder (source, kind, summary, body, due_at)"
    " VALUES ('test', 'aftercare-call', 'Summary', 'Body', -9000000000000000)", LOAD_REMINDERS },
  { "INSERT INTO reminder (source, kind, summary, body, due_at, state, snoozed_until)"
    " VALUES ('test', 'aftercare-call', 'Summary', 'Body', 0, 'snoozed', 9000000000000000)",
    LOAD_REMINDER },
  { RULE_SQL "1440)", LOAD_REMINDER_RULE },
  { RULE_SQL "-2)", LOAD_REMINDER_RULE },
  { RULE_SQL "100000)", LOAD_REMINDER_SYNC },
  { "INSERT OR REPLACE INTO reminder_rule (kind, enabled, offset_minutes, summary, body,"
    " at_minute) VALUES ('aftercare-call', 1, -2147483648, 'Summary', 'Body', 600)",
    LOAD_REMINDER_RULE },
  { "UPDATE appointment SET kind = 'surgery'", LOAD_REMINDER_SYNC },
  { "UPDATE appointment SET status = 'lost'", LOAD_REMINDER_SYNC },
  { "UPDATE ingredient_rule SET severity = 'Absolute' WHERE severity = 'absolute'",
    LOAD_CATALOGUE },
  { "UPDATE general_rule SET severity = 'never'", LOAD_CATALOGUE },
  { "UPDATE screening_answer SET answer = 'maybe'"
    " WHERE patient_id = (SELECT min(patient_id) FROM screening_answer)", LOAD_SCREENING },
  { SETTING_SQL "('security.lock-minutes', 0)", LOAD_CONTEXT },
  { SETTING_SQL "('backup.keep-daily', 100000)", LOAD_CONTEXT },
  { SETTING_SQL "('calendar.session-minutes', '30')", LOAD_CONTEXT },
  { SETTING_SQL "('aftercare.hat', 2)", LOAD_CONTEXT },
  { SETTING_SQL "('handout.paper', 'a3')", LOAD_CONTEXT },
  { SETTING_SQL "('handout.default-language', 'en; x')", LOAD_CONTEXT },
  { SETTING_SQL "('clinic.name', CAST (x'ff' AS TEXT))", LOAD_CONTEXT },
  { "UPDATE protocol SET maintenance_days = -1", LOAD_PROTOCOLS },
  { "UPDATE protocol_phase SET sessions = 100000", LOAD_PROTOCOLS },
  { "UPDATE protocol_phase SET every_days = 0", LOAD_PROTOCOLS },
  { "INSERT INTO protocol_phase (protocol_id, position, sessions, every_days)"
    " SELECT (SELECT min(id) FROM protocol), 100 + value, 60, 7"
    " FROM json_each ('[1, 2, 3, 4]')", LOAD_PROTOCOLS },
  { WAITLIST_SQL "0, 127, 0, 1440 FROM patient", LOAD_WAITLIST },
  { WAITLIST_SQL "30, 0, 0, 1440 FROM patient", LOAD_WAITLIST },
  { WAITLIST_SQL "30, 4096, 0, 1440 FROM patient", LOAD_WAITLIST },
  { WAITLIST_SQL "30, 127, 600, 100000 FROM patient", LOAD_WAITLIST },
  { WAITLIST_SQL "30, 127, 600, 610 FROM patient", LOAD_WAITLIST },
  { APPOINTMENT_SQL "ends_at = starts_at" LAST_APPOINTMENT, LOAD_APPOINTMENTS },
  { APPOINTMENT_SQL "ends_at = starts_at - 60" LAST_APPOINTMENT, LOAD_CALENDAR },
  { APPOINTMENT_SQL "ends_at = starts_at + 86400" LAST_APPOINTMENT, LOAD_CALENDAR },
  { APPOINTMENT_SQL "starts_at = 4000000000000000, ends_at = 4000000000001800" LAST_APPOINTMENT,
    LOAD_APPOINTMENTS },
  { APPOINTMENT_SQL "starts_at = 4000000000000000, ends_at = 4000000000001800" LAST_APPOINTMENT,
    LOAD_CALENDAR },
  { APPOINTMENT_SQL "course_position = -1" LAST_APPOINTMENT, LOAD_APPOINTMENTS },
  { APPOINTMENT_SQL "course_position = 4294967297" LAST_APPOINTMENT, LOAD_CALENDAR },
  { APPOINTMENT_SQL "interval_days = -7" LAST_APPOINTMENT, LOAD_APPOINTMENTS },
  { "UPDATE patient SET sex = 'x' WHERE id = (SELECT min(id) FROM patient)", LOAD_PATIENT },
  { "INSERT INTO holiday (day, name) VALUES ('soon', 'Bad')", LOAD_RESOURCES },
  { "INSERT INTO practitioner_day_off (practitioner_id, first_day, last_day)"
    " SELECT min(id), '2026-05-10', '2026-05-01' FROM practitioner", LOAD_RESOURCES },
  { "INSERT INTO practitioner_day_off (practitioner_id, first_day, last_day)"
    " SELECT min(id), 'soon', '2026-05-01' FROM practitioner", LOAD_RESOURCES },
  { "INSERT INTO audit (table_name, row_id, patient_id, action, new_values)"
    " SELECT 'patient', min(id), min(id), 'update', '5' FROM patient", LOAD_AUDIT },
  { "INSERT INTO sign_in_failure (staff_id, failures) SELECT min(id), 9223372036854775807"
    " FROM staff", LOAD_SIGN_IN },
  { "INSERT INTO sign_in_failure (staff_id, failures) SELECT min(id), 0 FROM staff",
    LOAD_SIGN_IN },
  { "UPDATE lot SET expires_on = '2026-02-30', quantity_ml = 5"
    " WHERE id = (SELECT min(id) FROM lot)", LOAD_REMINDER_SYNC },
};

/* The demo clinic, made once for all the value cases: each works on a copy. */
static Fixture shared;

/* Returns: (transfer full) (nullable): a context on a copy, as "clinic.db"
 * in @dir, of the pristine database made once for the program, forged
 * with @sql before it is opened. */
static MesoContext *
open_forged (const char  *dir,
             const char  *sql,
             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  gsize length;

  if (shared.dir == NULL)
    make_pristine (&shared);
  g_assert_true (g_file_get_contents (shared.pristine, &contents, &length, NULL));
  g_assert_true (g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_NONE,
                                           0600, NULL));
  forge (path, sql);
  return meso_context_open (path, FALSE, error);
}

static gpointer
load (Loader        loader,
      MesoContext  *context,
      GError      **error)
{
  MesoDb *db = meso_context_get_db (context);
  MesoAuditStore *audit_store = meso_context_get_audit_store (context);
  MesoSchedule *schedule = meso_context_get_schedule (context);
  MesoReminders *reminders = meso_context_get_reminders (context);
  g_autoptr(MesoStaff) physician = NULL;
  MesoReminderRule rule;

  if (loader == LOAD_STAFF)
    return meso_staff_store_list (meso_context_get_staff_store (context), FALSE, error);
  if (loader == LOAD_SIGN_IN)
    return meso_staff_store_sign_in (meso_context_get_staff_store (context),
                                     meso_test_query_int (db, "SELECT min(id) FROM staff"),
                                     MESO_TEST_PIN, error);
  physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "Dr. Test");
  switch (loader)
    {
    case LOAD_COURSE:
      return meso_schedule_load_course (schedule,
                                        meso_test_query_int (db, "SELECT min(id) FROM course"),
                                        error);
    case LOAD_APPOINTMENTS:
      return meso_schedule_list_range (schedule, 0, G_MAXINT64 / 2, error);
    case LOAD_CALENDAR:
      return meso_schedule_load_range (schedule, 0, G_MAXINT64 / 2, error);
    case LOAD_REMINDERS:
      return meso_reminders_list_open (reminders, G_MAXINT64, error);
    case LOAD_REMINDER:
      return meso_reminders_load (reminders,
                                  meso_test_query_int (db, "SELECT max(id) FROM reminder"), error);
    case LOAD_REMINDER_RULE:
      if (!meso_reminders_get_rule (reminders, MESO_REMINDER_AFTERCARE_CALL, &rule, error))
        return NULL;
      meso_reminder_rule_clear (&rule);
      return g_object_ref (db);
    case LOAD_REMINDER_SYNC:
      return meso_reminders_sync (reminders, error) ? g_object_ref (db) : NULL;
    case LOAD_CATALOGUE:
      return meso_treatment_store_load_catalogue (meso_context_get_treatment_store (context), error);
    case LOAD_SCREENING:
      return meso_patient_store_load_screening (meso_context_get_patient_store (context),
                                                meso_test_query_int (db, "SELECT min(patient_id)"
                                                                         " FROM screening_answer"),
                                                error);
    case LOAD_PROTOCOLS:
      return meso_schedule_list_protocols (schedule, error);
    case LOAD_WAITLIST:
      return meso_waitlist_list (schedule, error);
    case LOAD_PATIENT:
      return meso_patient_store_load (meso_context_get_patient_store (context),
                                      meso_test_query_int (db, "SELECT min(id) FROM patient"),
                                      error);
    case LOAD_RESOURCES:
      return meso_schedule_get_resources (schedule, error);
    case LOAD_AUDIT:
      return meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT,
                                     meso_test_query_int (db, "SELECT min(id) FROM patient"), 0, 50,
                                     error);
    case LOAD_STAFF:
    case LOAD_SIGN_IN:
    case LOAD_CONTEXT:
    default:
      g_assert_not_reached ();
    }
}

/* A test on a forged copy of the pristine database, in a folder of its own. */
typedef struct
{
  char        *dir;
  MesoContext *context;
} Forged;

static void
forged_set_up (Forged        *f,
               gconstpointer  data)
{
  f->dir = meso_test_make_dir ();
}

static void
forged_tear_down (Forged        *f,
                  gconstpointer  data)
{
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_value_read (Forged        *f,
                 gconstpointer  data)
{
  const ValueCase *c = data;
  g_autofree char *sql = g_strconcat ("PRAGMA ignore_check_constraints = ON; ", c->sql, NULL);
  g_autoptr(GError) error = NULL;

  f->context = open_forged (f->dir, sql, &error);
  if (c->loader == LOAD_CONTEXT)
    g_assert_null (f->context);
  else
    {
      g_assert_no_error (error);
      /* A failed load hands out nothing: no result is freed here. */
      g_assert_null (load (c->loader, f->context, &error));
    }
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
}

/* A condition added by a newer Mesodesk (the schema leaves the codes open)
 * selects nothing here: it is skipped, and the rest of the record is read. */
static void
test_unknown_condition (Forged        *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoScreening) screening = NULL;
  gint64 patient_id;

  f->context = open_forged (f->dir,
                            "INSERT INTO screening_answer (patient_id, condition, answer)"
                            " SELECT min(patient_id), 'future-condition', 'yes'"
                            " FROM screening_answer", &error);
  g_assert_no_error (error);
  physician = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_PHYSICIAN,
                                 "Dr. Test");
  patient_id = meso_test_query_int (meso_context_get_db (f->context),
                                    "SELECT patient_id FROM screening_answer"
                                    " WHERE condition = 'future-condition'");
  screening = meso_patient_store_load_screening (meso_context_get_patient_store (f->context),
                                                 patient_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (screening);
}

/* A language a newer Mesodesk may offer is read as the default, as the
 * handouts read it: the rest of the settings still load. */
static void
test_unknown_language (Forged        *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoClinic *clinic;

  f->context = open_forged (f->dir, SETTING_SQL "('handout.default-language', 'de'),"
                                               " ('handout.paper', 'letter')", &error);
  g_assert_no_error (error);
  clinic = meso_context_get_clinic (f->context);
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE), ==, "en");
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_PAPER), ==, "letter");
}

static void
fixture_clear (Fixture *f)
{
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->pristine);
  g_free (f->pristine_wal);
}

/* A value the schema forbids passes the checks at open; the full check
 * after the first frame finds it, and from then on nothing is written to
 * the file, yet staff can still sign in (to restore a backup). */
static void
test_found_damaged_holds_writes (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MesoStaffStore *staff;
  MesoDb *db;
  gint64 admin_id, physician_id;
  GDate today;

  make_pristine (&f);
  forge (f.pristine, "PRAGMA ignore_check_constraints = ON; "
                     "UPDATE patient SET sex = 'x' WHERE id = (SELECT min(id) FROM patient)");
  before = meso_test_fingerprint (f.pristine);

  context = meso_context_open (f.pristine, FALSE, &error);
  g_assert_no_error (error);
  db = meso_context_get_db (context);
  staff = meso_context_get_staff_store (context);
  g_assert_cmpint (meso_db_get_health (db), ==, MESO_DB_HEALTH_UNCHECKED);
  g_assert_true (meso_db_is_writable (db));
  g_assert_cmpint (meso_test_verify (db), ==, MESO_DB_HEALTH_DAMAGED);
  g_assert_false (meso_db_is_writable (db));
  g_assert_nonnull (strstr (meso_db_get_damage (db), "“patient”"));

  /* Wrong PINs still pause the account, counted in memory... */
  admin_id = meso_test_query_int (db, "SELECT min(id) FROM staff WHERE role = 'administrator'");
  for (guint i = 1; i < MESO_STAFF_MAX_FAILED_SIGN_INS; i++)
    {
      g_assert_null (meso_staff_store_sign_in (staff, admin_id, "000000", &error));
      g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_WRONG_SECRET);
      g_clear_error (&error);
    }
  g_assert_null (meso_staff_store_sign_in (staff, admin_id, "000000", &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS);
  g_clear_error (&error);
  g_assert_null (meso_staff_store_sign_in (staff, admin_id, MESO_DEMO_PIN, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS);
  g_clear_error (&error);
  /* ...not in the file. */
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM sign_in_failure"), ==, 0);

  /* The right PIN signs in, and a save is refused with what to do. */
  physician_id = meso_test_query_int (db, "SELECT min(id) FROM staff WHERE role = 'physician'");
  physician = meso_staff_store_sign_in (staff, physician_id, MESO_DEMO_PIN, &error);
  g_assert_no_error (error);
  meso_test_date (&today, 2026, 11, 20);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  g_assert_false (meso_patient_store_save (meso_context_get_patient_store (context), patient,
                                           NULL, &today, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "restore the latest backup"));
  g_clear_error (&error);
  /* Not even a statement that bypasses the transactions. */
  g_assert_false (meso_db_exec (db, "DELETE FROM sign_in_failure", &error));
  g_assert_nonnull (error);

  /* Nor the reminders' worker, on a connection of its own. */
  meso_reminders_run (meso_context_get_reminders (context));
  for (guint i = 0; i < 50; i++)
    {
      g_usleep (10000);
      g_main_context_iteration (NULL, FALSE);
    }

  g_clear_object (&physician);
  g_clear_object (&context);
  after = meso_test_fingerprint (f.pristine);
  g_assert_cmpstr (before, ==, after);
  fixture_clear (&f);
}

static void
test_sound_verified (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;

  make_pristine (&f);
  db = meso_db_open (f.pristine, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_verify (db), ==, MESO_DB_HEALTH_VERIFIED);
  g_assert_true (meso_db_begin (db, &error));
  g_assert_no_error (error);
  meso_db_rollback (db);
  g_clear_object (&db);
  fixture_clear (&f);
}

/* A WAL left beside a file too large to check while it opens: nothing is
 * written (the WAL included) until the check after the first frame passes. */
static void
test_large_wal_held (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  make_pristine (&f);
  forge (f.pristine, "CREATE TABLE ballast (b BLOB);"
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                     " WHERE i < 70) INSERT INTO ballast SELECT randomblob(1048576) FROM n");
  meso_test_forge (f.pristine, "UPDATE room SET name = name || ' (east)'"
                               " WHERE id = (SELECT min(id) FROM room)", TRUE);
  g_assert_true (g_file_test (f.pristine_wal, G_FILE_TEST_EXISTS));
  before = fingerprint_pair (f.pristine, f.pristine_wal);

  db = meso_db_open (f.pristine, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_db_get_health (db), ==, MESO_DB_HEALTH_CHECKING);
  g_assert_false (meso_db_begin (db, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY);
  g_clear_error (&error);
  /* Read through the WAL all the same. */
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM room WHERE name LIKE '%(east)'"),
                   ==, 1);
  after = fingerprint_pair (f.pristine, f.pristine_wal);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (meso_test_verify (db), ==, MESO_DB_HEALTH_VERIFIED);
  g_assert_true (meso_db_begin (db, &error));
  g_assert_no_error (error);
  meso_db_rollback (db);
  g_clear_object (&db);
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/damaged/generated", test_generated);
  g_test_add_func ("/meso/damaged/found-later-holds-writes", test_found_damaged_holds_writes);
  g_test_add_func ("/meso/damaged/sound-verified", test_sound_verified);
  g_test_add_func ("/meso/damaged/large-wal-held", test_large_wal_held);
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/meso/damaged/value-read/%u", i);
      g_test_add (name, Forged, &value_cases[i], forged_set_up, test_value_read,
                  forged_tear_down);
    }
  g_test_add ("/meso/damaged/unknown-condition", Forged, NULL, forged_set_up,
              test_unknown_condition, forged_tear_down);
  g_test_add ("/meso/damaged/unknown-language", Forged, NULL, forged_set_up,
              test_unknown_language, forged_tear_down);
  status = g_test_run ();
  if (shared.dir != NULL)
    fixture_clear (&shared);
  return status;
}
