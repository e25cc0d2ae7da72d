/* test-audit.c: every change to a patient's records is in the audit trail,
 * with who, when and the values before and after, and the trail cannot be
 * changed. */
#include "meso-audit.h"
#include "meso-patient-store.h"
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
  /* Newest first: what each entry must say. */
  static const struct
  {
    const char *who;
    const char *table;
    const char *action;
    const char *record;
    const char *changes;
  } expected[] = {
    { "Dr. Elif Aydın", "patient", "archive", "Patient record", "Archived: no → yes" },
    { "Dr. Elif Aydın", "allergy", "delete", "Allergy", "Substance: Biotin" },
    { "Dr. Elif Aydın", "screening_answer", "update", "Screening: Pregnancy",
      "Answer: no → yes\nAsked on: 2026-11-20 → 2026-11-21" },
    { "Zeynep Kaya", "patient", "update", "Patient record",
      "Phone: +90 532 111 22 33 → +90 532 999 88 77" },
    { "Dr. Elif Aydın", "medication", "insert", "Medication",
      "Name: Warfarin\nBlood thinner: yes" },
    { "Dr. Elif Aydın", "allergy", "insert", "Allergy", "Substance: Biotin" },
    { "Dr. Elif Aydın", "screening_answer", "insert", "Screening: Pregnancy",
      "Answer: no\nAsked on: 2026-11-20" },
    { "Dr. Elif Aydın", "patient", "insert", "Patient record", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  gint64 id = make_history (f);
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) older = NULL;
  MesoAuditEntry *first_insert;

  entries = meso_audit_query (f->db, MESO_AUDIT_BY_PATIENT, id, 0, 100, &error);
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
  older = meso_audit_query (f->db, MESO_AUDIT_BY_PATIENT, id,
                            meso_audit_entry_get_id (g_ptr_array_index (entries, 3)), 2, &error);
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
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) receptionist = NULL;
  g_autoptr(GPtrArray) admin = NULL;

  make_history (f);
  meso_db_set_actor (f->db, f->admin);
  receptionist = meso_audit_query (f->db, MESO_AUDIT_BY_STAFF,
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
  admin = meso_audit_query (f->db, MESO_AUDIT_BY_STAFF, meso_staff_get_id (f->admin), 0, 100,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (admin->len, ==, 3);
  g_assert_cmpstr (meso_audit_entry_get_who (g_ptr_array_index (admin, 2)), ==, "Mesodesk");
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "audit.csv", NULL);
  g_autofree char *refused_path = g_build_filename (f->dir, "refused.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 id = make_history (f);
  GStatBuf st;

  g_assert_true (meso_audit_export_csv (f->db, MESO_AUDIT_BY_PATIENT, id, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "entry,time_utc,staff,table,row,action,record,changes,old_values,new_values");
  /* A field with commas, quotes or line breaks is quoted, quotes doubled. */
  g_assert_true (g_str_has_suffix (lines[1],
                 ",Dr. Elif Aydın,patient,1,archive,Patient record,Archived: no → yes,"
                 "\"{\"\"family_name\"\":\"\"Yılmaz\"\",\"\"given_name\"\":\"\"Ayşe\"\","
                 "\"\"birth_date\"\":null,\"\"sex\"\":\"\"unknown\"\",\"\"phone\"\":"
                 "\"\"+90 532 999 88 77\"\",\"\"email\"\":\"\"\"\",\"\"address\"\":\"\"\"\","
                 "\"\"language\"\":\"\"\"\",\"\"notes\"\":\"\"\"\",\"\"archived\"\":0}\","
                 "\"{\"\"family_name\"\":\"\"Yılmaz\"\",\"\"given_name\"\":\"\"Ayşe\"\","
                 "\"\"birth_date\"\":null,\"\"sex\"\":\"\"unknown\"\",\"\"phone\"\":"
                 "\"\"+90 532 999 88 77\"\",\"\"email\"\":\"\"\"\",\"\"address\"\":\"\"\"\","
                 "\"\"language\"\":\"\"\"\",\"\"notes\"\":\"\"\"\",\"\"archived\"\":1}\""));
  /* Header, 8 entries, and the empty string after the last line break. */
  g_assert_cmpuint (g_strv_length (lines), ==, 10);

  meso_db_set_actor (f->db, f->receptionist);
  g_assert_false (meso_audit_export_csv (f->db, MESO_AUDIT_BY_PATIENT, id, refused_path, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_false (g_file_test (refused_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/audit/content", test_content);
  ADD ("/meso/audit/unchanged-save", test_unchanged_save_leaves_no_entry);
  ADD ("/meso/audit/append-only", test_append_only);
  ADD ("/meso/audit/by-staff", test_by_staff);
  ADD ("/meso/audit/export-csv", test_export_csv);
#undef ADD

  return g_test_run ();
}
