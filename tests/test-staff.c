/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff.c: accounts, PINs, and what each role may do, called on the core
 * as each role. */
#define _GNU_SOURCE   /* memmem */
#include <string.h>

#include "meso-audit-store.h"
#include "meso-clinic.h"
#include "meso-clock.h"
#include "meso-patient-store.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char             *dir;
  MesoDb           *db;
  MesoStaffStore   *staff;
  MesoPatientStore *patients;
  MesoStaff        *admin;
  MesoStaff        *physician;
  MesoStaff        *receptionist;
  gint64            patient_id;
  GDate             today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(MesoScreening) screening = meso_screening_new ();

  f->db = meso_test_open_db (&f->dir);
  f->staff = meso_staff_store_new (f->db);
  f->patients = meso_patient_store_new (f->db);
  meso_test_date (&f->today, 2026, 11, 20);

  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Test Administrator");
  f->receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  f->physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");

  /* A patient with clinical data, written by the physician. */
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ayşe");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 111 22 33");
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, "Diffuse thinning since pregnancy.");
  meso_screening_set_answer (screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-11-20");
  meso_screening_add_allergy (screening, "Biotin");
  g_assert_true (meso_patient_store_save (f->patients, patient, screening, &f->today, &error));
  g_assert_no_error (error);
  f->patient_id = meso_patient_get_id (patient);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->patients);
  g_assert_finalize_object (f->staff);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->admin);
  g_assert_finalize_object (f->physician);
  g_assert_finalize_object (f->receptionist);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* The whole permission table, written out so that a change to it is seen. */
static void
test_role_table (void)
{
  static const struct
  {
    MesoPermission permission;
    gboolean       receptionist, physician, administrator;
  } expected[] = {
    { MESO_PERMISSION_READ_CONTACT,    TRUE,  TRUE,  TRUE },
    { MESO_PERMISSION_WRITE_CONTACT,   TRUE,  TRUE,  TRUE },
    { MESO_PERMISSION_READ_CLINICAL,   FALSE, TRUE,  TRUE },
    { MESO_PERMISSION_WRITE_CLINICAL,  FALSE, TRUE,  TRUE },
    { MESO_PERMISSION_READ_AUDIT,      FALSE, TRUE,  TRUE },
    { MESO_PERMISSION_MANAGE_STAFF,    FALSE, FALSE, TRUE },
    { MESO_PERMISSION_MANAGE_SETTINGS, FALSE, FALSE, TRUE },
    { MESO_PERMISSION_MANAGE_BACKUPS,  FALSE, FALSE, TRUE },
    { MESO_PERMISSION_MANAGE_RECORDS,  FALSE, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (meso_role_can (MESO_ROLE_RECEPTIONIST, expected[i].permission), ==,
                       expected[i].receptionist);
      g_assert_cmpint (meso_role_can (MESO_ROLE_PHYSICIAN, expected[i].permission), ==,
                       expected[i].physician);
      g_assert_cmpint (meso_role_can (MESO_ROLE_ADMINISTRATOR, expected[i].permission), ==,
                       expected[i].administrator);
    }
}

static void
test_secret_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = meso_secret_hash ("83917465", &error);
  g_autofree char *again = meso_secret_hash ("83917465", &error);
  g_autofree char *short_hash = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "83917465"));
  g_assert_cmpstr (hash, !=, again);   /* a fresh salt each time */
  g_assert_true (meso_secret_verify (hash, "83917465"));
  g_assert_false (meso_secret_verify (hash, "83917466"));
  g_assert_false (meso_secret_verify (hash, ""));

  short_hash = meso_secret_hash ("123", &error);
  g_assert_null (short_hash);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_first_account (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = meso_test_clinic_location (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoStaffStore) store = meso_staff_store_new (db);
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoStaff) second = NULL;

  g_assert_cmpint (meso_staff_store_count (store, NULL), ==, 0);
  physician = meso_staff_store_add (store, "Dr. First", MESO_ROLE_PHYSICIAN,
                                    meso_test_pin_hash (), &error);
  g_assert_null (physician);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* A clear-text PIN is never stored, even if a caller passes one. */
  admin = meso_staff_store_add (store, "Owner", MESO_ROLE_ADMINISTRATOR, "2468", &error);
  g_assert_null (admin);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  admin = meso_staff_store_add (store, "Owner", MESO_ROLE_ADMINISTRATOR, meso_test_pin_hash (),
                                &error);
  g_assert_no_error (error);
  /* Once an account exists, nobody signed in cannot add another. */
  second = meso_staff_store_add (store, "Intruder", MESO_ROLE_ADMINISTRATOR,
                                 meso_test_pin_hash (), &error);
  g_assert_null (second);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_assert_cmpint (meso_staff_store_count (store, NULL), ==, 1);

  g_clear_object (&store);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) signed_in = NULL;
  gint64 id = meso_staff_get_id (f->receptionist);

  meso_staff_store_sign_out (f->staff);
  g_assert_null (meso_db_get_actor (f->db));

  signed_in = meso_staff_store_sign_in (f->staff, id, "1357", &error);
  g_assert_null (signed_in);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_WRONG_SECRET);
  g_assert_null (meso_db_get_actor (f->db));
  g_clear_error (&error);

  signed_in = meso_staff_store_sign_in (f->staff, id, MESO_TEST_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_staff_get_display_name (signed_in), ==, "Zeynep Kaya");
  g_assert_true (meso_db_get_actor (f->db) == signed_in);
  g_clear_object (&signed_in);

  /* Five wrong PINs in a row pause the account: even the right one waits. */
  for (guint i = 0; i < MESO_STAFF_MAX_FAILED_SIGN_INS; i++)
    {
      int expected = i + 1 < MESO_STAFF_MAX_FAILED_SIGN_INS
                       ? MESO_ACCESS_ERROR_WRONG_SECRET
                       : MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS;

      g_assert_null (meso_staff_store_sign_in (f->staff, id, "0000", &error));
      g_assert_error (error, MESO_ACCESS_ERROR, expected);
      g_clear_error (&error);
    }
  g_assert_null (meso_staff_store_sign_in (f->staff, id, MESO_TEST_PIN, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS);
  g_clear_error (&error);

  /* The other accounts are not paused. */
  signed_in = meso_staff_store_sign_in (f->staff, meso_staff_get_id (f->physician),
                                        MESO_TEST_PIN, &error);
  g_assert_no_error (error);
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MesoStaff **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = meso_staff_store_sign_in_finish (MESO_STAFF_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_sign_in_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MesoStaff) signed_in = NULL;

  meso_staff_store_sign_out (f->staff);
  meso_staff_store_sign_in_async (f->staff, meso_staff_get_id (f->physician), MESO_TEST_PIN,
                                  NULL, on_signed_in, &signed_in);
  /* Nobody is signed in until the hash is checked. */
  g_assert_null (meso_db_get_actor (f->db));
  while (signed_in == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (meso_db_get_actor (f->db) == signed_in);
  g_assert_cmpint (meso_staff_get_role (signed_in), ==, MESO_ROLE_PHYSICIAN);
}

/* Every row of every table in the clinic's server database, as text: what
 * the server keeps, where the file's test reads the file's bytes. */
static char *
server_contents (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *tables;
  GString *contents = g_string_new ("");

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  tables = PQexec (conn, "SELECT quote_ident (schemaname) || '.' || quote_ident (tablename) "
                         "FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
                         "'information_schema')");
  g_assert_cmpint (PQresultStatus (tables), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (tables), >, 1);
  for (int i = 0; i < PQntuples (tables); i++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT t::text FROM %s t",
                                                 PQgetvalue (tables, i, 0));
      PGresult *rows = PQexec (conn, select);

      g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
      for (int j = 0; j < PQntuples (rows); j++)
        g_string_append_printf (contents, "%s\n", PQgetvalue (rows, j, 0));
      PQclear (rows);
    }
  PQclear (tables);
  PQfinish (conn);
  return g_string_free (contents, FALSE);
}

static void
test_pin_never_in_clear (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = meso_secret_hash ("83917465", &error);
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (meso_db_get_path (f->db), "-wal", NULL);
  g_autofree char *wal_contents = NULL;
  gsize length, wal_length;

  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_staff_store_set_secret (f->staff, meso_staff_get_id (f->physician), hash,
                                              &error));
  g_assert_no_error (error);
  if (meso_test_engine_is_server ())
    {
      /* The server has no file to read: every row it keeps, audit included. */
      contents = server_contents (meso_db_get_path (f->db));
      g_assert_nonnull (strstr (contents, hash));
      g_assert_null (strstr (contents, "83917465"));
      return;
    }
  g_assert_true (g_file_get_contents (meso_db_get_path (f->db), &contents, &length, NULL));
  g_assert_true (g_file_get_contents (wal, &wal_contents, &wal_length, NULL));
  g_assert_null (memmem (contents, length, "83917465", 8));
  g_assert_null (memmem (wal_contents, wal_length, "83917465", 8));
}

/* The names of the accounts a list shows, in its order. */
static char *
list_names (MesoStaffStore *store,
            gboolean        include_inactive)
{
  g_autoptr(GListModel) list = meso_staff_store_list (store, include_inactive, NULL);
  GString *names = g_string_new ("");

  g_assert_nonnull (list);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MesoStaff) staff = g_list_model_get_item (list, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                              meso_staff_get_display_name (staff));
    }
  return g_string_free (names, FALSE);
}

static void
test_only_admin_manages_staff (Fixture       *f,
                               gconstpointer  data)
{
  MesoStaff *not_admins[] = { f->receptionist, f->physician };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) added = NULL;
  gint64 physician_id = meso_staff_get_id (f->physician);

  for (guint i = 0; i < G_N_ELEMENTS (not_admins); i++)
    {
      g_autoptr(MesoStaff) refused = NULL;
      g_autoptr(GListModel) everyone = NULL;

      meso_db_set_actor (f->db, not_admins[i]);
      refused = meso_staff_store_add (f->staff, "New Hire", MESO_ROLE_ADMINISTRATOR,
                                      meso_test_pin_hash (), &error);
      g_assert_null (refused);
      g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
      g_clear_error (&error);
      g_assert_false (meso_staff_store_update (f->staff, meso_staff_get_id (not_admins[i]),
                                               "Promoted", MESO_ROLE_ADMINISTRATOR, TRUE, NULL,
                                               &error));
      g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
      g_clear_error (&error);
      /* Someone else's PIN cannot be reset either. */
      g_assert_false (meso_staff_store_set_secret (f->staff, meso_staff_get_id (f->admin),
                                                   meso_test_pin_hash (), &error));
      g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
      g_clear_error (&error);
      everyone = meso_staff_store_list (f->staff, TRUE, &error);
      g_assert_null (everyone);
      g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
      g_clear_error (&error);
    }
  g_assert_cmpint (meso_staff_store_count (f->staff, NULL), ==, 3);

  meso_db_set_actor (f->db, f->admin);
  added = meso_staff_store_add (f->staff, "Lucía Ortega", MESO_ROLE_RECEPTIONIST,
                                meso_test_pin_hash (), &error);
  g_assert_no_error (error);
  /* Two active accounts cannot share a name, whatever the case or accents. */
  g_assert_null (meso_staff_store_add (f->staff, "lucia ortega", MESO_ROLE_PHYSICIAN,
                                       meso_test_pin_hash (), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* A name that shows other than it reads, or shows nothing, is refused. */
  g_assert_null (meso_staff_store_add (f->staff, "Dr. \u202Eyalk\u202C", MESO_ROLE_PHYSICIAN,
                                       meso_test_pin_hash (), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (meso_staff_store_add (f->staff, "\u200B\u200B", MESO_ROLE_PHYSICIAN,
                                       meso_test_pin_hash (), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (meso_staff_store_count (f->staff, NULL), ==, 4);

  /* Deactivated accounts cannot sign in. */
  g_assert_true (meso_staff_store_update (f->staff, physician_id, "Dr. Elif Aydın",
                                          MESO_ROLE_PHYSICIAN, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (meso_staff_store_sign_in (f->staff, physician_id, MESO_TEST_PIN, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_INACTIVE);
  g_clear_error (&error);

  /* The sign-in screen lists the active accounts by name, whatever its case; the
   * staff settings list the deactivated ones too, after them. */
  g_clear_object (&added);
  added = meso_staff_store_add (f->staff, "ayla Demir", MESO_ROLE_RECEPTIONIST,
                                meso_test_pin_hash (), &error);
  g_assert_no_error (error);
  {
    g_autofree char *active = list_names (f->staff, FALSE);
    g_autofree char *everyone = list_names (f->staff, TRUE);

    g_assert_cmpstr (active, ==, "ayla Demir, Lucía Ortega, Test Administrator, Zeynep Kaya");
    g_assert_cmpstr (everyone, ==, "ayla Demir, Lucía Ortega, Test Administrator, Zeynep Kaya,"
                                   " Dr. Elif Aydın");
  }

  /* The clinic always keeps an administrator. */
  g_assert_false (meso_staff_store_update (f->staff, meso_staff_get_id (f->admin),
                                           "Test Administrator", MESO_ROLE_PHYSICIAN, TRUE, NULL,
                                           &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_staff_store_update (f->staff, meso_staff_get_id (f->admin),
                                           "Test Administrator", MESO_ROLE_ADMINISTRATOR, FALSE,
                                           NULL, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
}

static void
test_receptionist (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(MesoPatient) reloaded = NULL;
  g_autoptr(MesoScreening) screening = NULL;
  g_autoptr(MesoScreening) forged = meso_screening_new ();
  g_autoptr(MesoClinic) clinic = meso_clinic_load (f->db, &error);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GArray) found = NULL;

  meso_db_set_actor (f->db, f->receptionist);

  /* Contact data: yes. */
  patient = meso_patient_store_load (f->patients, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_PHONE), ==, "+90 532 111 22 33");
  found = meso_patient_store_search (f->patients, "yilmaz", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* Clinical notes and the screening record: no. */
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_NOTES), ==, "");
  screening = meso_patient_store_load_screening (f->patients, f->patient_id, &error);
  g_assert_null (screening);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  meso_screening_set_answer (forged, MESO_CONDITION_PREGNANCY, MESO_ANSWER_YES, "2026-11-20");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 999 88 77");
  g_assert_false (meso_patient_store_save (f->patients, patient, forged, &f->today, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Saving the contact data keeps the notes the receptionist never saw. */
  g_assert_true (meso_patient_store_save (f->patients, patient, NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_true (meso_patient_store_set_archived (f->patients, f->patient_id, TRUE, &error));
  g_assert_no_error (error);

  /* Settings, staff, audit: no. */
  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, "Taken Over", &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_BACKUP_DAILY, 1, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  audit = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT, f->patient_id, 0, 100, &error);
  g_assert_null (audit);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* The physician finds the clinical record as it was. */
  meso_db_set_actor (f->db, f->physician);
  reloaded = meso_patient_store_load (f->patients, f->patient_id, &error);
  g_clear_object (&screening);
  screening = meso_patient_store_load_screening (f->patients, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_patient_get_field (reloaded, MESO_PATIENT_NOTES), ==,
                   "Diffuse thinning since pregnancy.");
  g_assert_cmpstr (meso_patient_get_field (reloaded, MESO_PATIENT_PHONE), ==,
                   "+90 532 999 88 77");
  g_assert_cmpint (meso_screening_get_answer (screening, MESO_CONDITION_PREGNANCY), ==,
                   MESO_ANSWER_NO);
}

static void
test_physician (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoAuditStore) audit_store = meso_audit_store_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(MesoScreening) screening = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (f->db, &error);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) staff_audit = NULL;

  meso_db_set_actor (f->db, f->physician);
  patient = meso_patient_store_load (f->patients, f->patient_id, &error);
  screening = meso_patient_store_load_screening (f->patients, f->patient_id, &error);
  g_assert_no_error (error);
  meso_screening_set_answer (screening, MESO_CONDITION_DIABETES, MESO_ANSWER_YES, "2026-11-20");
  g_assert_true (meso_patient_store_save (f->patients, patient, screening, &f->today, &error));
  g_assert_no_error (error);
  audit = meso_audit_store_query (audit_store, MESO_AUDIT_BY_PATIENT, f->patient_id, 0, 100, &error);
  g_assert_no_error (error);

  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_LOCK_MINUTES, 30, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  staff_audit = meso_audit_store_query (audit_store, MESO_AUDIT_BY_STAFF,
                                        meso_staff_get_id (f->admin), 0, 100, &error);
  g_assert_null (staff_audit);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
}

static void
test_nobody_signed_in (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(MesoPatient) stranger = meso_patient_new ();
  g_autoptr(GArray) found = NULL;

  meso_staff_store_sign_out (f->staff);
  patient = meso_patient_store_load (f->patients, f->patient_id, &error);
  g_assert_null (patient);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  found = meso_patient_store_search (f->patients, NULL, MESO_PATIENTS_CURRENT, &error);
  g_assert_null (found);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  meso_patient_set_field (stranger, MESO_PATIENT_FAMILY_NAME, "Nobody");
  g_assert_false (meso_patient_store_save (f->patients, stranger, NULL, &f->today, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  /* Even SQL that skips the stores' checks cannot write anonymously: the
   * audit triggers need a signed-in actor. */
  g_assert_false (meso_db_exec (f->db,
                                "UPDATE patient SET phone = '+1 555 0100' WHERE id = 1", &error));
  g_assert_nonnull (strstr (error->message, "Nobody is signed in: sign in"));
}

/* What a new PIN may be; the reason is checked by its first words. */
static void
test_pin_rules (void)
{
  static const struct
  {
    const char *pin;
    const char *refused;   /* NULL: allowed */
  } cases[] = {
    { "2468", "Use at least 6" },
    { "83917", "Use at least 6" },
    { "000000", "This is one of" },
    { "111111", "This is one of" },
    { "123456", "This is one of" },
    { "654321", "This is one of" },
    { "121212", "This is one of" },
    { "123123", "This is one of" },
    { "112233", "This is one of" },
    { "159753", "This is one of" },
    { "696969", "This is one of" },
    { "789456", "This is one of" },
    { "000001", "This is one of" },
    { "100000", "This is one of" },
    { "123321", "This is one of" },
    { "890123", "This is one of" },
    { "12345678", "This is one of" },
    { "Password", "This is one of" },
    { "aaaaaaaa", "This is one of" },
    { "198512", "This PIN reads like a date" },   /* December 1985 */
    { "121985", "This PIN reads like a date" },
    { "150385", "This PIN reads like a date" },   /* 15 March 1985 */
    { "031585", "This PIN reads like a date" },
    { "850315", "This PIN reads like a date" },
    { "15031985", "This PIN reads like a date" },
    { "19850315", "This PIN reads like a date" },
    { MESO_TEST_PIN, NULL },
    { "428571", NULL },      /* the demo's */
    { "83917465", NULL },
    { "583016", NULL },
    { "973582", NULL },
    { "320485", NULL },      /* no 32nd day, no 20th month, no 85th */
    { "zeynep-k", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *problem = meso_secret_check (cases[i].pin);

      if (cases[i].refused == NULL)
        g_assert_null (problem);
      else if (problem == NULL || !g_str_has_prefix (problem, cases[i].refused))
        g_error ("“%s”: expected “%s...”, got “%s”", cases[i].pin, cases[i].refused,
                 problem != NULL ? problem : "allowed");
    }
}

static MesoStaffStore *
store_at (MesoDb *db,
          gint64  now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, &error);
  g_autoptr(MesoClock) clock = NULL;
  MesoStaffStore *store = meso_staff_store_new (db);

  g_assert_no_error (error);
  clock = meso_clock_new_fixed (clinic, now);
  meso_staff_store_set_clock (store, clock);
  return store;
}

static void
assert_refused (MesoStaffStore *store,
                gint64          id,
                const char     *pin,
                int             code,
                const char     *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) staff = meso_staff_store_sign_in (store, id, pin, &error);

  g_assert_null (staff);
  g_assert_error (error, MESO_ACCESS_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

/* The count of wrong PINs and the pause are in the file: a restart, a new
 * store on another connection (another workstation) see them; the pause
 * grows; the right PIN ends it. */
static void
test_pause_survives_restart (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaffStore) store = NULL;
  g_autoptr(MesoStaffStore) other_store = NULL;
  g_autoptr(MesoDb) other = NULL;
  g_autoptr(MesoStaff) signed_in = NULL;
  g_autofree char *path = NULL;
  gint64 id = meso_staff_get_id (f->receptionist);
  gint64 t = 1795000000;   /* 2026-11-18 */

  meso_staff_store_sign_out (f->staff);
  store = store_at (f->db, t);
  for (guint i = 1; i < MESO_STAFF_MAX_FAILED_SIGN_INS; i++)
    assert_refused (store, id, "135790", MESO_ACCESS_ERROR_WRONG_SECRET, NULL);

  /* Restart: a new connection and store on the same file. */
  path = g_strdup (meso_db_get_path (f->db));
  g_clear_object (&store);
  g_clear_object (&f->staff);
  g_clear_object (&f->patients);
  g_assert_finalize_object (g_steal_pointer (&f->db));
  f->db = meso_db_open (path, &error);
  g_assert_no_error (error);
  f->staff = meso_staff_store_new (f->db);
  f->patients = meso_patient_store_new (f->db);
  store = store_at (f->db, t);
  assert_refused (store, id, "135790", MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Wrong PIN. Too many wrong PINs: try again in 30 seconds.");

  /* Another workstation is paused too, even with the right PIN. */
  other = meso_db_open (meso_db_get_path (f->db), &error);
  g_assert_no_error (error);
  other_store = store_at (other, t + 10);
  assert_refused (other_store, id, MESO_TEST_PIN, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Too many wrong PINs. Try again in 20 seconds.");
  g_clear_object (&other_store);

  /* After the pause, each further wrong PIN doubles it, up to an hour. */
  g_clear_object (&store);
  store = store_at (f->db, t + 30);
  assert_refused (store, id, "135790", MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Wrong PIN. Too many wrong PINs: try again in 60 seconds.");
  g_clear_object (&store);
  store = store_at (f->db, t + 89);
  assert_refused (store, id, MESO_TEST_PIN, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Too many wrong PINs. Try again in 1 second.");
  t += 90;
  for (guint i = 0; i < 6; i++)
    {
      static const char *const messages[] = {
        "Wrong PIN. Too many wrong PINs: try again in 2 minutes.",
        "Wrong PIN. Too many wrong PINs: try again in 4 minutes.",
        "Wrong PIN. Too many wrong PINs: try again in 8 minutes.",
        "Wrong PIN. Too many wrong PINs: try again in 16 minutes.",
        "Wrong PIN. Too many wrong PINs: try again in 32 minutes.",
        "Wrong PIN. Too many wrong PINs: try again in 60 minutes.",
      };
      static const gint64 pauses[] = { 120, 240, 480, 960, 1920, 3600 };

      g_clear_object (&store);
      store = store_at (f->db, t);
      assert_refused (store, id, "135790", MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS, messages[i]);
      assert_refused (store, id, MESO_TEST_PIN, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS, NULL);
      t += pauses[i];
    }
  g_clear_object (&store);
  store = store_at (f->db, t);
  assert_refused (store, id, "135790", MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Wrong PIN. Too many wrong PINs: try again in 60 minutes.");
  /* A clock set back a year does not pause the account for a year. */
  g_clear_object (&store);
  store = store_at (f->db, t + 3600 - 366 * 86400);
  assert_refused (store, id, MESO_TEST_PIN, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Too many wrong PINs. Try again in 60 minutes.");
  g_clear_object (&store);
  store = store_at (f->db, t + 2 * 3600 - 366 * 86400);

  /* The right PIN signs in and starts the count afresh, on every workstation. */
  signed_in = meso_staff_store_sign_in (store, id, MESO_TEST_PIN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);
  meso_staff_store_sign_out (store);
  other_store = store_at (other, t);
  for (guint i = 1; i < MESO_STAFF_MAX_FAILED_SIGN_INS; i++)
    assert_refused (other_store, id, "135790", MESO_ACCESS_ERROR_WRONG_SECRET, NULL);
  g_clear_object (&other_store);
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
on_refused (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *n_refused = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) staff = meso_staff_store_sign_in_finish (MESO_STAFF_STORE (source),
                                                                result, &error);

  g_assert_null (staff);
  g_assert_nonnull (error);
  (*n_refused)++;
}

/* Tries started together, before any hash is checked, still count: the
 * sixth is refused at once, and so is the right PIN. */
static void
test_tries_together (Fixture       *f,
                     gconstpointer  data)
{
  MesoStaffStore *store = store_at (f->db, 1795000000);
  gint64 id = meso_staff_get_id (f->physician);
  guint n_refused = 0;

  meso_staff_store_sign_out (f->staff);
  for (guint i = 0; i < MESO_STAFF_MAX_FAILED_SIGN_INS; i++)
    meso_staff_store_sign_in_async (store, id, "135790", NULL, on_refused, &n_refused);
  assert_refused (store, id, "246802", MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                  "Too many wrong PINs. Try again in 30 seconds.");
  assert_refused (store, id, MESO_TEST_PIN, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS, NULL);
  while (n_refused < MESO_STAFF_MAX_FAILED_SIGN_INS)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (meso_db_get_actor (f->db));

  /* The worker threads let go of their tasks, and so of the store, a
   * moment after the last answer. */
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  while (store != NULL)
    g_usleep (1000);
}

/* An account whose PIN predates the rules still signs in, and is then told
 * to choose a new one; a PIN by the rules ends that. */
static void
test_outdated_pin (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) signed_in = NULL;
  g_autofree char *new_hash = NULL;
  gint64 id = meso_staff_get_id (f->physician);

  /* No new hash is made of such a PIN any more. */
  g_assert_null (meso_secret_hash (MESO_TEST_OLD_PIN, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_staff_store_set_secret (f->staff, id, MESO_TEST_OLD_PIN_HASH, &error));
  g_assert_no_error (error);
  meso_staff_store_sign_out (f->staff);

  signed_in = meso_staff_store_sign_in (f->staff, id, MESO_TEST_OLD_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (meso_staff_store_get_pin_outdated (f->staff));
  meso_staff_store_sign_out (f->staff);
  g_assert_false (meso_staff_store_get_pin_outdated (f->staff));
  g_clear_object (&signed_in);

  /* Someone else, with a PIN by the rules, is not asked. */
  signed_in = meso_staff_store_sign_in (f->staff, meso_staff_get_id (f->receptionist),
                                        MESO_TEST_PIN, &error);
  g_assert_no_error (error);
  g_assert_false (meso_staff_store_get_pin_outdated (f->staff));
  g_clear_object (&signed_in);

  signed_in = meso_staff_store_sign_in (f->staff, id, MESO_TEST_OLD_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (meso_staff_store_get_pin_outdated (f->staff));
  new_hash = meso_secret_hash ("583016", &error);
  g_assert_no_error (error);
  g_assert_true (meso_staff_store_set_secret (f->staff, id, new_hash, &error));
  g_assert_no_error (error);
  g_assert_false (meso_staff_store_get_pin_outdated (f->staff));
}

/* A hash made with the heavier settings of older versions still signs in,
 * and is stored anew with today's; a wrong PIN does not renew it. */
static void
test_hash_renewed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) signed_in = NULL;
  gint64 id = meso_staff_get_id (f->physician);
  g_autofree char *select =
    g_strdup_printf ("SELECT count(*) FROM staff WHERE id = %" G_GINT64_FORMAT
                     " AND secret_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%%'", id);

  meso_db_set_actor (f->db, f->admin);
  g_assert_true (meso_staff_store_set_secret (f->staff, id, MESO_TEST_OLD_PIN_HASH, &error));
  g_assert_no_error (error);
  meso_staff_store_sign_out (f->staff);

  g_assert_null (meso_staff_store_sign_in (f->staff, id, "2469", &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_WRONG_SECRET);
  g_clear_error (&error);
  g_assert_cmpint (meso_test_query_int (f->db, select), ==, 0);

  meso_staff_store_sign_in_async (f->staff, id, MESO_TEST_OLD_PIN, NULL, on_signed_in,
                                  &signed_in);
  while (signed_in == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (meso_test_query_int (f->db, select), ==, 1);
  meso_staff_store_sign_out (f->staff);
  g_clear_object (&signed_in);

  signed_in = meso_staff_store_sign_in (f->staff, id, MESO_TEST_OLD_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (meso_staff_store_get_pin_outdated (f->staff));
}

/* The account lists follow the store: every committed change to an account
 * says so once, a refused one and a sign-in do not. */
static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) added = NULL;
  g_autoptr(MesoStaff) signed_in = NULL;
  guint changed = 0;

  g_signal_connect_swapped (f->staff, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  meso_db_set_actor (f->db, f->admin);
  added = meso_staff_store_add (f->staff, "Lucía Ortega", MESO_ROLE_RECEPTIONIST,
                                meso_test_pin_hash (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (meso_staff_store_update (f->staff, meso_staff_get_id (added), "Lucía Ortega Gil",
                                          MESO_ROLE_RECEPTIONIST, TRUE, NULL, &error));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (meso_staff_store_set_secret (f->staff, meso_staff_get_id (added),
                                              meso_test_pin_hash (), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);

  /* Refused: the last administrator cannot be deactivated. */
  g_assert_false (meso_staff_store_update (f->staff, meso_staff_get_id (f->admin),
                                           "Test Administrator", MESO_ROLE_ADMINISTRATOR, FALSE,
                                           NULL, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  signed_in = meso_staff_store_sign_in (f->staff, meso_staff_get_id (added), MESO_TEST_PIN,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  meso_staff_store_sign_out (f->staff);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/staff/roles", test_role_table);
  g_test_add_func ("/meso/staff/secret-hash", test_secret_hash);
  g_test_add_func ("/meso/staff/first-account", test_first_account);
  g_test_add_func ("/meso/staff/pin-rules", test_pin_rules);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/staff/sign-in", test_sign_in);
  ADD ("/meso/staff/sign-in-async", test_sign_in_async);
  ADD ("/meso/staff/pause-survives-restart", test_pause_survives_restart);
  ADD ("/meso/staff/tries-together", test_tries_together);
  ADD ("/meso/staff/hash-renewed", test_hash_renewed);
  ADD ("/meso/staff/outdated-pin", test_outdated_pin);
  ADD ("/meso/staff/pin-never-in-clear", test_pin_never_in_clear);
  ADD ("/meso/staff/only-admin-manages-staff", test_only_admin_manages_staff);
  ADD ("/meso/staff/as/receptionist", test_receptionist);
  ADD ("/meso/staff/as/physician", test_physician);
  ADD ("/meso/staff/as/nobody", test_nobody_signed_in);
  ADD ("/meso/staff/changed", test_changed);
#undef ADD

  return g_test_run ();
}
