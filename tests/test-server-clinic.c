/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-clinic.c: the clinic's own schema on a real PostgreSQL (see
 * with-server.sh), written through the stores as on a file: accounts,
 * patients, bookings, the audit trail and its refusals. */
#include <string.h>

#include "meso-clinic.h"
#include "meso-context.h"
#include "meso-demo.h"
#include "meso-schema.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-server.h"
#include "meso-test-staff.h"
#include "meso-treatment-store.h"
#include "meso-workstations.h"

typedef struct
{
  MesoDb           *db;
  MesoStaff        *admin;
  MesoPatientStore *patients;
  MesoSchedule     *schedule;
  GDate             today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *uri = meso_test_server_database ();
  g_autoptr(GError) error = NULL;

  f->db = meso_db_open (uri, &error);
  g_assert_no_error (error);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  f->patients = meso_patient_store_new (f->db);
  f->schedule = meso_schedule_new (f->db);
  meso_test_date (&f->today, 2026, 12, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->schedule);
  g_clear_object (&f->patients);
  g_clear_object (&f->admin);
  g_clear_object (&f->db);
}

/* A new server database gets the same schema version as a new file, and
 * the first account, made before anyone could sign in, is audited. */
static void
test_new_clinic (Fixture       *f,
                 gconstpointer  data)
{
  guint n_server, n_file;

  meso_schema_get_server_migrations (&n_server);
  meso_schema_get_migrations (&n_file);
  g_assert_cmpuint (n_server, ==, n_file);
  g_assert_cmpint (meso_db_get_schema_version (f->db), ==, meso_schema_latest_version ());
  g_assert_true (meso_db_is_server (f->db));
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM audit WHERE table_name = 'staff'"),
                   ==, 1);
}

/* A patient saved through the store is audited as the signed-in account. */
static void
test_patient_audited (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  gint64 id;
  g_autofree char *sql = NULL;

  meso_screening_set_answer (screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-12-03");
  id = meso_test_add_patient (f->patients, "Yılmaz", "Ayşe", screening, &f->today);
  g_assert_cmpint (id, >, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE table_name = 'patient'"
                         " AND row_id = %" G_GINT64_FORMAT " AND staff_id = %" G_GINT64_FORMAT,
                         id, meso_staff_get_id (f->admin));
  g_assert_cmpint (meso_test_query_int (f->db, sql), ==, 1);
}

/* With nobody signed in, the server's triggers refuse the write itself,
 * whatever the code around it forgot; the message is the file's. */
static void
test_nobody_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  meso_db_set_actor (f->db, NULL);
  g_assert_true (meso_db_begin (f->db, &error));
  g_assert_false (meso_db_exec (f->db, "UPDATE staff SET display_name = 'Nobody'", &error));
  meso_db_rollback (f->db);
  g_assert_error (error, MESO_DB_ERROR, 1811 /* SQLite's CONSTRAINT_TRIGGER */);
  g_assert_nonnull (strstr (error->message, "Nobody is signed in"));
  meso_db_set_actor (f->db, f->admin);
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM staff"
                                     " WHERE display_name = 'Nobody'"), ==, 0);
}

/* A second booking for the same practitioner at the same time is refused,
 * with the words a receptionist reads on a file. */
static void
test_double_booking (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoAppointment) first = meso_appointment_new ();
  g_autoptr(MesoAppointment) second = meso_appointment_new ();
  g_autoptr(GError) error = NULL;
  gint64 ayse = meso_test_add_patient (f->patients, "Yılmaz", "Ayşe", NULL, &f->today);
  gint64 zeynep = meso_test_add_patient (f->patients, "Kaya", "Zeynep", NULL, &f->today);
  gint64 elif = meso_test_add_practitioner (f->schedule, "Dr. Elif Aydın");
  gint64 room1 = meso_test_add_room (f->schedule, "Room 1");
  gint64 room2 = meso_test_add_room (f->schedule, "Room 2");
  /* 2026-12-07 10:00 UTC, a Monday. */
  gint64 ten = 1796637600;

  first->patient_id = ayse;
  first->practitioner_id = elif;
  first->room_id = room1;
  first->starts_at = ten;
  first->minutes = 30;
  g_assert_true (meso_schedule_save (f->schedule, first, &error));
  g_assert_no_error (error);

  second->patient_id = zeynep;
  second->practitioner_id = elif;
  second->room_id = room2;
  second->starts_at = ten + 15 * 60;
  second->minutes = 30;
  g_assert_false (meso_schedule_save (f->schedule, second, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 1);

  /* A write that skips the store's check meets the server's constraint. */
  g_assert_true (meso_db_begin (f->db, &error));
  g_assert_false (meso_db_exec (f->db, "INSERT INTO appointment SELECT (jsonb_populate_record"
                                       " (a, '{\"id\": 99}')).* FROM appointment a", &error));
  meso_db_rollback (f->db);
  g_assert_error (error, MESO_DB_ERROR, 1811 /* SQLite's CONSTRAINT_TRIGGER */);
  g_assert_cmpstr (error->message, ==, "Nothing was changed. The practitioner, the room or the "
                                       "patient already has an appointment at that time.");
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM appointment"), ==, 1);
}

/* The seed catalogue lands the same on a server as in a file: each table
 * the same number of rows, and the same rows of recipe items. */
static void
test_seed_catalogue (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const counts[] = {
    "SELECT count(*) FROM ingredient",
    "SELECT count(*) FROM ingredient_rule",
    "SELECT count(*) FROM general_rule",
    "SELECT count(*) FROM incompatibility",
    "SELECT count(*) FROM recipe",
    "SELECT count(*) FROM recipe_item",
    "SELECT count(*) FROM recipe_item ri JOIN ingredient i ON i.id = ri.ingredient_id"
    " JOIN recipe r ON r.id = ri.recipe_id"
    " WHERE r.name = 'Regenerative' AND ri.position = 2 AND i.name = 'Growth factor peptides'"
    " AND ri.volume_ml = 0.5",
  };
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) file = meso_test_open_db (&dir);
  g_autoptr(MesoStaff) file_admin = meso_test_sign_in (file, MESO_ROLE_ADMINISTRATOR, "Selin");
  g_autoptr(MesoTreatmentStore) on_file = meso_treatment_store_new (file);
  g_autoptr(MesoTreatmentStore) on_server = meso_treatment_store_new (f->db);
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_treatment_store_seed (on_file, &error));
  g_assert_no_error (error);
  g_assert_true (meso_treatment_store_seed (on_server, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_test_query_int (f->db, counts[0]), >, 10);
  g_assert_cmpint (meso_test_query_int (f->db, counts[G_N_ELEMENTS (counts) - 1]), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_assert_cmpint (meso_test_query_int (f->db, counts[i]), ==,
                     meso_test_query_int (file, counts[i]));
  g_clear_object (&on_file);
  g_clear_object (&file);
  meso_test_remove_tree (dir);
}

/* A number setting reads back from the server's text column; a value that
 * is not a number in range is damage, as on a file. */
static void
test_number_setting (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (f->db, &error);

  g_assert_no_error (error);
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_LOCK_MINUTES, 12, &error));
  g_assert_no_error (error);
  g_clear_object (&clinic);
  clinic = meso_clinic_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_LOCK_MINUTES), ==, 12);
  g_clear_object (&clinic);

  g_assert_true (meso_db_begin (f->db, &error));
  g_assert_true (meso_db_exec (f->db, "UPDATE setting SET value = '12 minutes'"
                                      " WHERE key = (SELECT key FROM setting"
                                      " WHERE value = '12' LIMIT 1)", &error));
  g_assert_true (meso_db_commit (f->db, &error));
  clinic = meso_clinic_load (f->db, &error);
  g_assert_null (clinic);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
}

/* A page of the patient list, and the names of a recall, are read in one
 * query on a server too. */
static void
test_patients_in_one_query (Fixture       *f,
                            gconstpointer  data)
{
  gint64 ids[3];
  MesoPatient *patients[3];
  char *names[3], *phones[3];
  g_autoptr(GError) error = NULL;

  ids[0] = meso_test_add_patient (f->patients, "Yılmaz", "Ayşe", NULL, &f->today);
  ids[1] = 9999;
  ids[2] = meso_test_add_patient (f->patients, "Kaya", "Zeynep", NULL, &f->today);
  g_assert_true (meso_patient_store_load_many (f->patients, ids, 3, patients, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (meso_patient_get_field (patients[0], MESO_PATIENT_FAMILY_NAME), ==, "Yılmaz");
  g_assert_null (patients[1]);
  g_assert_cmpstr (meso_patient_get_field (patients[2], MESO_PATIENT_FAMILY_NAME), ==, "Kaya");
  g_assert_true (meso_patient_store_get_contacts (f->patients, ids, 3, names, phones, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (names[0], ==, "Ayşe Yılmaz");
  g_assert_null (names[1]);
  g_assert_cmpstr (names[2], ==, "Zeynep Kaya");
  for (guint i = 0; i < 3; i++)
    {
      g_clear_object (&patients[i]);
      g_free (names[i]);
      g_free (phones[i]);
    }
}

/* Who is connected now: this computer (its window and a second
 * connection as one workstation), the reception desk by its name, and not
 * another program. */
static void
test_workstations (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) second = meso_db_open (meso_db_get_path (f->db), &error);
  g_autofree char *reception_info = NULL;
  g_autofree char *other_info = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PGconn *reception, *other;
  MesoWorkstation *here = NULL, *desk = NULL;

  g_assert_no_error (error);
  reception_info = g_strdup_printf ("dbname=%s application_name='Mesodesk: reception-pc'",
                                    strrchr (meso_db_get_path (f->db), '/') + 1);
  reception = PQconnectdb (reception_info);
  other_info = g_strdup_printf ("dbname=%s application_name=psql",
                                strrchr (meso_db_get_path (f->db), '/') + 1);
  other = PQconnectdb (other_info);
  g_assert_cmpint (PQstatus (reception), ==, CONNECTION_OK);
  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);

  list = meso_workstations_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      MesoWorkstation *w = list->pdata[i];

      if (g_str_equal (w->name, g_get_host_name ()))
        here = w;
      else if (g_str_equal (w->name, "reception-pc"))
        desk = w;
    }
  g_assert_nonnull (here);
  g_assert_cmpuint (here->connections, >=, 2);
  g_assert_cmpstr (here->address, ==, "127.0.0.1");
  g_assert_nonnull (desk);
  g_assert_cmpuint (desk->connections, ==, 1);
  g_assert_cmpint (desk->since, >, 0);
  PQfinish (reception);
  PQfinish (other);
}

/* --demo --database URI: the demo clinic is made on an empty server
 * database as in its own file, and passes the server's check. */
static void
test_demo (void)
{
  g_autofree char *uri = meso_test_server_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (uri, TRUE, &error);
  g_autofree char *report = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_store_count (meso_context_get_patient_store (context), &error),
                   ==, MESO_DEMO_PATIENTS);
  g_clear_object (&context);
  report = meso_db_check (uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "chain unbroken"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  meso_test_server_require ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/server-clinic/new-clinic", test_new_clinic);
  ADD ("/meso/server-clinic/patient-audited", test_patient_audited);
  ADD ("/meso/server-clinic/nobody-refused", test_nobody_refused);
  ADD ("/meso/server-clinic/double-booking", test_double_booking);
  ADD ("/meso/server-clinic/seed-catalogue", test_seed_catalogue);
  ADD ("/meso/server-clinic/number-setting", test_number_setting);
  ADD ("/meso/server-clinic/patients-in-one-query", test_patients_in_one_query);
  ADD ("/meso/server-clinic/workstations", test_workstations);
#undef ADD
  g_test_add_func ("/meso/server-clinic/demo", test_demo);

  return g_test_run ();
}
