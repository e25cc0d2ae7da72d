/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-audit.c: every change to a patient's records is in the audit trail,
 * with who, when and the values before and after, and the trail cannot be
 * changed. */
#include "meso-audit-store.h"
#include "meso-clinic.h"
#include "meso-course.h"
#include "meso-patient-store.h"
#include "meso-schema.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char             *dir;
  MesoDb           *db;
  MesoPatientStore *patients;
  MesoStaff        *admin;
  MesoStaff        *physician;
  MesoStaff        *receptionist;
  GDate             today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->db = meso_test_open_db (&f->dir);
  f->patients = meso_patient_store_new (f->db);
  meso_test_date (&f->today, 2026, 11, 20);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Test Administrator");
  f->receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  f->physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->patients);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->admin);
  g_assert_finalize_object (f->physician);
  g_assert_finalize_object (f->receptionist);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  return meso_test_query_int (f->db, sql);
}

/* A patient's history, as the physician makes it and the receptionist
 * changes it. Returns the patient's id. */
static gint64
make_history (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  g_autoptr(MesoPatient) at_desk = NULL;
  g_autoptr(MesoPatient) in_clinic = NULL;
  g_autoptr(MesoScreening) later = NULL;
  gint64 id;

  meso_db_set_actor (f->db, f->physician);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ayşe");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 111 22 33");
  meso_screening_set_answer (screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-11-20");
  meso_screening_add_allergy (screening, "Biotin");
  meso_screening_add_medication (screening, "Warfarin", TRUE);
  g_assert_true (meso_patient_store_save (f->patients, patient, screening, &f->today, &error));
  g_assert_no_error (error);
  id = meso_patient_get_id (patient);

  meso_db_set_actor (f->db, f->receptionist);
  at_desk = meso_patient_store_load (f->patients, id, &error);
  meso_patient_set_field (at_desk, MESO_PATIENT_PHONE, "+90 532 999 88 77");
  g_assert_true (meso_patient_store_save (f->patients, at_desk, NULL, &f->today, &error));
  g_assert_no_error (error);

  meso_db_set_actor (f->db, f->physician);
  in_clinic = meso_patient_store_load (f->patients, id, &error);
  later = meso_patient_store_load_screening (f->patients, id, &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (meso_screening_get_allergies (later), 0);
  meso_screening_set_answer (later, MESO_CONDITION_PREGNANCY, MESO_ANSWER_YES, "2026-11-21");
  g_assert_true (meso_patient_store_save (f->patients, in_clinic, later, &f->today, &error));
  g_assert_no_error (error);

  g_assert_true (meso_patient_store_set_archived (f->patients, id, TRUE, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_content (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  /* Newest first: what each entry must say. */
  static const struct
  {
    const char *who;
    const char *table;
    const char *action;
    const char *record;
    const char *changes;
  } expected[] = {
    { "Dr. Elif Aydın", "patient", "archive", "Patient record", "Archived: No → Yes" },
    { "Dr. Elif Aydın", "allergy", "delete", "Allergy", "Substance: Biotin" },
    { "Dr. Elif Aydın", "screening_answer", "update", "Screening: Pregnancy",
      "Answer: No → Yes\nAsked on: 20 November 2026 → 21 November 2026" },
    { "Zeynep Kaya", "patient", "update", "Patient record",
      "Phone: +90 532 111 22 33 → +90 532 999 88 77" },
    { "Dr. Elif Aydın", "medication", "insert", "Medication",
      "Name: Warfarin\nBlood thinner: Yes" },
    { "Dr. Elif Aydın", "allergy", "insert", "Allergy", "Substance: Biotin" },
    { "Dr. Elif Aydın", "screening_answer", "insert", "Screening: Pregnancy",
      "Answer: No\nAsked on: 20 November 2026" },
    { "Dr. Elif Aydın", "patient", "insert", "Patient record", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  gint64 id = make_history (f);
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) older = NULL;
  MesoAuditEntry *first_insert;

  entries = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT, id, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < entries->len; i++)
    {
      MesoAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (meso_audit_entry_get_at (entry),
                                                              NULL);

      g_test_message ("entry %u: %s %s", i, meso_audit_entry_get_record (entry),
                      meso_audit_entry_get_changes (entry));
      g_assert_cmpstr (meso_audit_entry_get_who (entry), ==, expected[i].who);
      g_assert_cmpstr (meso_audit_entry_get_table (entry), ==, expected[i].table);
      g_assert_cmpstr (meso_audit_entry_get_action (entry), ==, expected[i].action);
      g_assert_cmpstr (meso_audit_entry_get_record (entry), ==, expected[i].record);
      if (expected[i].changes != NULL)
        g_assert_cmpstr (meso_audit_entry_get_changes (entry), ==, expected[i].changes);
      /* The time is the server's clock, in milliseconds, between our marks. */
      g_assert_nonnull (at);
      g_assert_cmpint (g_date_time_difference (at, before), >=, -1000);
      g_assert_cmpint (g_date_time_difference (after, at), >=, -1000);
    }

  /* The first entry holds the whole new record, the clinical notes too. */
  first_insert = g_ptr_array_index (entries, entries->len - 1);
  g_assert_null (meso_audit_entry_get_old_values (first_insert));
  g_assert_nonnull (strstr (meso_audit_entry_get_new_values (first_insert),
                            "\"family_name\":\"Yılmaz\""));
  g_assert_nonnull (strstr (meso_audit_entry_get_changes (first_insert), "Given name: Ayşe"));

  /* Paging goes on from the oldest entry seen. */
  older = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT, id,
                                  meso_audit_entry_get_id (g_ptr_array_index (entries, 3)), 2,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (older->len, ==, 2);
  g_assert_cmpstr (meso_audit_entry_get_table (g_ptr_array_index (older, 0)), ==, "medication");
}

static void
test_unchanged_save_leaves_no_entry (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = make_history (f);
  gint64 n_before = count_rows (f, "SELECT count(*) FROM audit");
  g_autoptr(MesoPatient) patient = meso_patient_store_load (f->patients, id, &error);
  g_autoptr(MesoScreening) screening = meso_patient_store_load_screening (f->patients, id, &error);

  g_assert_true (meso_patient_store_save (f->patients, patient, screening, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit"), ==, n_before);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 n_before;

  make_history (f);
  n_before = count_rows (f, "SELECT count(*) FROM audit");
  g_assert_cmpint (n_before, >, 0);

  /* As administrator, with raw SQL: still refused. */
  meso_db_set_actor (f->db, f->admin);
  g_assert_false (meso_db_exec (f->db, "UPDATE audit SET staff_id = NULL", &error));
  g_assert_nonnull (strstr (error->message, "The audit trail cannot be changed"));
  g_clear_error (&error);
  g_assert_false (meso_db_exec (f->db, "DELETE FROM audit WHERE id = 1", &error));
  g_assert_nonnull (strstr (error->message, "The audit trail cannot be changed"));
  g_clear_error (&error);
  g_assert_false (meso_db_exec (f->db, "DELETE FROM patient", &error));
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit"), ==, n_before);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE staff_id IS NULL"), ==, 1);
}

static void
test_by_staff (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) receptionist = NULL;
  g_autoptr(GPtrArray) admin = NULL;

  make_history (f);
  meso_db_set_actor (f->db, f->admin);
  receptionist = meso_audit_store_query (audit_store, MESO_AUDIT_BY_STAFF,
                                         meso_staff_get_id (f->receptionist), 0, 100, &error);
  g_assert_no_error (error);
  /* Her phone change, and the creation of her account by the administrator. */
  g_assert_cmpuint (receptionist->len, ==, 2);
  g_assert_cmpstr (meso_audit_entry_get_table (g_ptr_array_index (receptionist, 0)), ==,
                   "patient");
  g_assert_cmpstr (meso_audit_entry_get_table (g_ptr_array_index (receptionist, 1)), ==,
                   "staff");
  g_assert_cmpstr (meso_audit_entry_get_who (g_ptr_array_index (receptionist, 1)), ==,
                   "Test Administrator");

  /* The administrator created two accounts; their own was made by Mesodesk. */
  admin = meso_audit_store_query (audit_store, MESO_AUDIT_BY_STAFF, meso_staff_get_id (f->admin), 0,
                                  100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (admin->len, ==, 3);
  g_assert_cmpstr (meso_audit_entry_get_who (g_ptr_array_index (admin, 2)), ==, "Mesodesk");
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "audit.csv", NULL);
  g_autofree char *refused_path = g_build_filename (f->dir, "refused.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 id = make_history (f);
  GStatBuf st;

  g_assert_true (meso_audit_store_export_csv (audit_store, MESO_AUDIT_BY_PATIENT, id, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "\xEF\xBB\xBF" "entry,time (UTC),staff,patient,table,row,action,"
                   "record,"
                   "changes,old values,new values");
  /* A field with commas, quotes or line breaks is quoted, quotes doubled. */
  g_assert_true (g_str_has_suffix (lines[1],
                 ",Dr. Elif Aydın,Ayşe Yılmaz,patient,1,archive,Patient record,Archived: No → Yes,"
                 "\"{\"\"family_name\"\":\"\"Yılmaz\"\",\"\"given_name\"\":\"\"Ayşe\"\","
                 "\"\"birth_date\"\":null,\"\"sex\"\":\"\"unknown\"\",\"\"phone\"\":"
                 "\"\"+90 532 999 88 77\"\",\"\"email\"\":\"\"\"\",\"\"address\"\":\"\"\"\","
                 "\"\"language\"\":\"\"\"\",\"\"notes\"\":\"\"\"\",\"\"archived\"\":0,"
                 "\"\"restricted_on\"\":null}\","
                 "\"{\"\"family_name\"\":\"\"Yılmaz\"\",\"\"given_name\"\":\"\"Ayşe\"\","
                 "\"\"birth_date\"\":null,\"\"sex\"\":\"\"unknown\"\",\"\"phone\"\":"
                 "\"\"+90 532 999 88 77\"\",\"\"email\"\":\"\"\"\",\"\"address\"\":\"\"\"\","
                 "\"\"language\"\":\"\"\"\",\"\"notes\"\":\"\"\"\",\"\"archived\"\":1,"
                 "\"\"restricted_on\"\":null}\""));
  /* Header, 8 entries, and the empty string after the last line break. */
  g_assert_cmpuint (g_strv_length (lines), ==, 10);

  meso_db_set_actor (f->db, f->receptionist);
  g_assert_false (meso_audit_store_export_csv (audit_store, MESO_AUDIT_BY_PATIENT, id, refused_path,
                                               &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_false (g_file_test (refused_path, G_FILE_TEST_EXISTS));
}

/* What another program does to the file: plain SQLite, without the
 * functions Mesodesk registers on its own connections. */
static sqlite3 *
open_raw (Fixture *f)
{
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (meso_db_get_path (f->db), &raw), ==, SQLITE_OK);
  sqlite3_busy_timeout (raw, 5000);
  return raw;
}

static void
exec_raw (sqlite3    *raw,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (raw, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A row written by another program, with any staff id and date, is
 * refused: only Mesodesk can link it into the chain. */
static void
test_forged_row_refused (Fixture       *f,
                         gconstpointer  data)
{
  sqlite3 *raw;
  gint64 n_before;
  int rc;

  make_history (f);
  n_before = count_rows (f, "SELECT count(*) FROM audit");
  raw = open_raw (f);
  rc = sqlite3_exec (raw, "INSERT INTO audit (at, staff_id, table_name, row_id, patient_id, action,"
                          " new_values) VALUES ('2026-01-01T09:00:00.000Z', 3, 'patient', 1, 1,"
                          " 'update', json_object ('notes', 'no contraindications'))",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  g_assert_nonnull (strstr (sqlite3_errmsg (raw), "meso_audit_link"));
  sqlite3_close (raw);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit"), ==, n_before);
}

static void
assert_tampered (Fixture    *f,
                 const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = meso_db_check (meso_db_get_path (f->db), &error);

  g_assert_null (report);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” not in: %s", needle, error->message);
}

/* Each kind of edit is found, at the entry it touched. */
static void
test_chain_finds_edits (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3 *raw;
  gint64 first_broken = -1;
  gint64 n_entries = 0;

  make_history (f);
  report = meso_db_check (meso_db_get_path (f->db), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "chain unbroken"));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit"), >=, 8);

  /* The row deleted, its link left: the deleted entry is named. */
  raw = open_raw (f);
  exec_raw (raw, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5;");
  g_assert_true (meso_audit_check_chain (raw, problems, &first_broken, &n_entries, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first_broken, ==, 5);
  g_assert_nonnull (strstr (problems->str, "5 was deleted"));
  assert_tampered (f, "Audit entry 5 was deleted");
  assert_tampered (f, "The trigger “audit_no_delete” is missing");

  /* Row and link deleted: the entry after the gap no longer follows. */
  exec_raw (raw, "DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain WHERE audit_id = 5;");
  g_string_truncate (problems, 0);
  g_assert_true (meso_audit_check_chain (raw, problems, &first_broken, NULL, &error));
  g_assert_cmpint (first_broken, ==, 6);
  g_assert_nonnull (strstr (problems->str, "entry 6 was changed, or entries between it and entry 4"));

  /* An earlier entry backdated and given to someone else: found first. */
  exec_raw (raw, "DROP TRIGGER audit_no_update; UPDATE audit SET at = '2020-01-01T09:00:00.000Z',"
                 " staff_id = 2 WHERE id = 3;");
  g_string_truncate (problems, 0);
  g_assert_true (meso_audit_check_chain (raw, problems, &first_broken, NULL, &error));
  g_assert_cmpint (first_broken, ==, 3);

  /* A row added with the linking trigger dropped. */
  exec_raw (raw, "DROP TRIGGER audit_chain_link; INSERT INTO audit (id, table_name, row_id, action)"
                 " VALUES (1000, 'patient', 1, 'insert');");
  g_string_truncate (problems, 0);
  g_assert_true (meso_audit_check_chain (raw, problems, &first_broken, NULL, &error));
  g_assert_cmpint (first_broken, ==, 3);
  exec_raw (raw, "DELETE FROM audit_chain WHERE audit_id < 1000; DELETE FROM audit WHERE id < 1000;");
  g_string_truncate (problems, 0);
  g_assert_true (meso_audit_check_chain (raw, problems, &first_broken, NULL, &error));
  g_assert_cmpint (first_broken, ==, 1000);
  g_assert_nonnull (strstr (problems->str, "1000 was added without its link"));
  sqlite3_close (raw);
}

/* A trigger dropped or rewritten by another program is named when the
 * database is opened and when it is checked. */
static void
test_trigger_tamper_reported (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) reopened = NULL;
  sqlite3 *raw = open_raw (f);

  exec_raw (raw, "DROP TRIGGER patient_audit_update;"
                 "DROP TRIGGER setting_audit_update;"
                 "CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting BEGIN SELECT 1; END;"
                 "CREATE TRIGGER audit_quiet BEFORE INSERT ON audit BEGIN"
                 "  SELECT RAISE (IGNORE); END;");
  sqlite3_close (raw);

  reopened = meso_db_open (meso_db_get_path (f->db), &error);
  g_assert_null (reopened);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "The trigger “patient_audit_update” is missing"));
  g_assert_nonnull (strstr (error->message, "The trigger “setting_audit_update” was changed"));
  g_assert_nonnull (strstr (error->message, "The trigger “audit_quiet” was added"));
  assert_tampered (f, "The trigger “patient_audit_update” is missing");
}

/* The newest audit entry is @actor's, on @table, with @action, and its
 * values before and after contain @old_part and @new_part. */
static void
assert_last_entry (Fixture    *f,
                   MesoStaff  *actor,
                   const char *table,
                   const char *action,
                   const char *old_part,
                   const char *new_part)
{
  MesoStmt *stmt = meso_db_prepare (f->db,
                                        "SELECT staff_id, table_name, action, old_values,"
                                        " new_values FROM audit ORDER BY id DESC LIMIT 1", NULL);
  const char *old_values;
  const char *new_values;

  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_ROW);
  old_values = meso_stmt_column_text (stmt, 3);
  new_values = meso_stmt_column_text (stmt, 4);
  g_assert_cmpint (meso_stmt_column_int64 (stmt, 0), ==, meso_staff_get_id (actor));
  g_assert_cmpstr (meso_stmt_column_text (stmt, 1), ==, table);
  g_assert_cmpstr (meso_stmt_column_text (stmt, 2), ==, action);
  if (old_part == NULL)
    g_assert_null (old_values);
  else if (old_values == NULL || strstr (old_values, old_part) == NULL)
    g_error ("“%s” not in the old values %s", old_part, old_values);
  if (new_part == NULL)
    g_assert_null (new_values);
  else if (new_values == NULL || strstr (new_values, new_part) == NULL)
    g_error ("“%s” not in the new values %s", new_part, new_values);
  meso_stmt_reset (stmt);
}

/* Changes made with SQL on a signed-in connection, as any code path that
 * forgot to audit would make them: the triggers record them anyway. */
typedef struct
{
  const char *table;
  const char *setup;
  const char *change;
  const char *action;
  const char *old_part;
  const char *new_part;
} TableCase;

#define PATIENT_ROW \
  "INSERT INTO patient (id, family_name, sort_key, search_text, created_at, updated_at)" \
  " VALUES (1, 'Yılmaz', 'yilmaz', 'yilmaz', '2026-11-20', '2026-11-20');"
#define PRACTITIONER_ROW "INSERT INTO practitioner (id, display_name) VALUES (1, 'Dr. Aydın');"

static const TableCase table_cases[] = {
  { "screening_answer",
    PATIENT_ROW "INSERT INTO screening_answer VALUES (1, 'pregnancy', 'yes', '2026-11-20');",
    "DELETE FROM screening_answer", "delete", "\"answer\":\"yes\"", NULL },
  { "scalp_map",
    PATIENT_ROW PRACTITIONER_ROW "INSERT INTO room (id, name) VALUES (1, 'Room 1');"
    "INSERT INTO appointment (id, patient_id, practitioner_id, room_id, starts_at, ends_at, kind)"
    " VALUES (1, 1, 1, 1, 1795000000, 1795001800, 'session');"
    "INSERT INTO scalp_map (appointment_id, patient_id, document, points)"
    " VALUES (1, 1, '{\"grades\": {\"vertex\": 2}, \"stage\": \"III\"}', 42);",
    "DELETE FROM scalp_map", "delete", "\"points\":42", NULL },
  { "setting", "INSERT INTO setting VALUES ('clinic.name', 'Saç Kliniği');",
    "UPDATE setting SET value = 'Other' WHERE key = 'clinic.name'", "update",
    "Saç Kliniği", "\"value\":\"Other\"" },
  { "lot",
    "INSERT INTO ingredient (id, name, unit) VALUES (1, 'Biotin', 'mg/ml');"
    "INSERT INTO product (id, ingredient_id, brand, vial_ml, concentration)"
    " VALUES (1, 1, 'Brand', 5, 1);"
    "INSERT INTO lot (id, product_id, lot_number, expires_on, quantity_ml)"
    " VALUES (1, 1, 'L1', '2027-01-31', 10);",
    "UPDATE lot SET expires_on = '2028-01-31'", "update",
    "\"expires_on\":\"2027-01-31\"", "\"expires_on\":\"2028-01-31\"" },
  { "practitioner_hours",
    PRACTITIONER_ROW "INSERT INTO practitioner_hours VALUES (1, 1, 540, 1000);",
    "UPDATE practitioner_hours SET closes = 1020", "update", "\"closes\":1000",
    "\"closes\":1020" },
  { "practitioner_day_off",
    PRACTITIONER_ROW "INSERT INTO practitioner_day_off (id, practitioner_id, first_day, last_day)"
    " VALUES (1, 1, '2026-12-24', '2026-12-31');",
    "DELETE FROM practitioner_day_off", "delete", "\"first_day\":\"2026-12-24\"", NULL },
  { "protocol_phase", "",
    "UPDATE protocol_phase SET sessions = 6 WHERE protocol_id = 1 AND position = 1", "update",
    "\"sessions\":4", "\"sessions\":6" },
};

static void
test_table_audited (Fixture       *f,
                    gconstpointer  data)
{
  const TableCase *c = data;
  g_autoptr(GError) error = NULL;

  meso_db_set_actor (f->db, f->admin);
  g_assert_true (*c->setup == '\0' || meso_test_write_sql (f->db, c->setup, &error));
  g_assert_no_error (error);
  meso_db_set_actor (f->db, f->physician);
  g_assert_true (meso_test_write_sql (f->db, c->change, &error));
  g_assert_no_error (error);
  assert_last_entry (f, f->physician, c->table, c->action, c->old_part, c->new_part);
}

/* The same through the core, as the preferences make them. */
static void
test_settings_audited (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (f->db, &error);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (f->db);
  g_autoptr(GPtrArray) protocols = NULL;
  MesoProtocol *plan;
  MesoHours hours = { 480, 1020 };
  GDate day;

  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 00 00", &error));
  g_assert_no_error (error);
  assert_last_entry (f, f->admin, "setting", "insert", NULL, "+90 212 555 00 00");

  g_assert_true (meso_schedule_set_opening_hours (schedule, G_DATE_MONDAY, hours, &error));
  g_assert_no_error (error);
  assert_last_entry (f, f->admin, "opening_hours", "update", "\"opens\":540", "\"opens\":480");

  meso_test_date (&day, 2026, 12, 31);
  g_assert_true (meso_schedule_add_holiday (schedule, &day, "Yılbaşı", &error));
  g_assert_no_error (error);
  assert_last_entry (f, f->admin, "holiday", "insert", NULL, "Yılbaşı");
  g_assert_true (meso_schedule_remove_holiday (schedule, &day, &error));
  g_assert_no_error (error);
  assert_last_entry (f, f->admin, "holiday", "delete", "2026-12-31", NULL);

  protocols = meso_schedule_list_protocols (schedule, &error);
  g_assert_no_error (error);
  plan = g_ptr_array_index (protocols, 0);
  plan->maintenance_days = 90;
  g_assert_true (meso_schedule_save_protocol (schedule, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE table_name = 'protocol'"
                                  " AND action = 'update' AND old_values LIKE '%\"maintenance_days\":182%'"
                                  " AND new_values LIKE '%\"maintenance_days\":90%'"), ==, 1);
}

/* A role change is in the trail, with both roles (the staff table's
 * trigger, from schema 2). */
static void
test_role_change_audited (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaffStore) store = meso_staff_store_new (f->db);

  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_staff_store_update (store, meso_staff_get_id (f->receptionist),
                                          "Zeynep Kaya", MESO_ROLE_ADMINISTRATOR, TRUE, NULL, &error));
  g_assert_no_error (error);
  assert_last_entry (f, f->admin, "staff", "update", "\"role\":\"receptionist\"",
                     "\"role\":\"administrator\"");
}

/* A trail written before the chain existed (schema 9) is linked, in
 * order, when the database is updated, and stays checkable. */
static void
test_migration_links_existing_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *report = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  MesoDb *db;
  MesoPatientStore *store;
  GDate today;
  gint64 n_entries;
  const MesoDbMigration *migrations;
  guint n_migrations;

  migrations = meso_schema_get_migrations (&n_migrations);
  g_assert_cmpuint (n_migrations, >=, 9);
  g_assert_cmpint (migrations[8].version, ==, 9);
  dir = meso_test_make_dir ();
  path = g_build_filename (dir, "clinic.db", NULL);
  db = meso_db_open_with_migrations (path, migrations, 9, &error);
  g_assert_no_error (error);
  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Test Administrator");
  store = meso_patient_store_new (db);
  meso_test_date (&today, 2026, 11, 20);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  g_assert_true (meso_patient_store_save (store, patient, NULL, &today, &error));
  g_assert_no_error (error);
  n_entries = meso_test_query_int (db, "SELECT count(*) FROM audit");
  g_assert_cmpint (n_entries, ==, 2);
  g_assert_finalize_object (store);
  g_assert_finalize_object (db);

  db = meso_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM audit_chain"), ==, n_entries);
  g_assert_finalize_object (db);
  report = meso_db_check (path, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("Audit trail: ok (%lld entries, chain unbroken)",
                              (long long) n_entries);
  g_assert_nonnull (strstr (report, expected));
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Another program writing the file, and SQLite's schema 9: the
   * server's chain and triggers are its schema's own (test-schema-pg). */
  if (!meso_test_engine_is_server ())
    g_test_add_func ("/meso/audit/chain/migration-links-existing-rows",
                     test_migration_links_existing_rows);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_FILE_ONLY(path, func) \
  meso_test_add_file_only (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/audit/content", test_content);
  ADD ("/meso/audit/unchanged-save", test_unchanged_save_leaves_no_entry);
  ADD ("/meso/audit/append-only", test_append_only);
  ADD ("/meso/audit/by-staff", test_by_staff);
  ADD ("/meso/audit/export-csv", test_export_csv);
  ADD_FILE_ONLY ("/meso/audit/chain/forged-row-refused", test_forged_row_refused);
  ADD_FILE_ONLY ("/meso/audit/chain/finds-edits", test_chain_finds_edits);
  ADD_FILE_ONLY ("/meso/audit/triggers/tamper-reported", test_trigger_tamper_reported);
  ADD ("/meso/audit/tables/settings-hours-holidays-protocols", test_settings_audited);
  ADD ("/meso/audit/tables/staff-role", test_role_change_audited);
#undef ADD_FILE_ONLY
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (table_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/meso/audit/tables/%s", table_cases[i].table);

      g_test_add (path, Fixture, &table_cases[i], fixture_set_up, test_table_audited,
                  fixture_tear_down);
    }

  return g_test_run ();
}
