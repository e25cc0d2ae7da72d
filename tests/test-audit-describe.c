/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-audit-describe.c: the history reads as people speak: names for
 * ids (and a gone record still says what it was), grades and statuses by
 * their labels, times in the clinic's zone; and its filters narrow the
 * entries in the query, on either engine. */
#include "meso-audit-describe.h"
#include "meso-audit-store.h"
#include "meso-patient-store.h"
#include "meso-scalp-store.h"
#include "meso-schedule.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

/* A stored key and value, and what the history must show for it. */
static const struct
{
  const char *key;
  const char *value;
  const char *shown;
} value_cases[] = {
  { "room_id", "3", "Treatment Room" },
  { "room_id", "9", "Room 9 (deleted)" },
  { "practitioner_id", "7", "Dr. Elif Aydın" },
  { "practitioner_id", "8", "Practitioner 8 (deleted)" },
  { "product_id", "4", "Product 4 (deleted)" },
  /* Not an id: shown as stored, never looked up. */
  { "room_id", "3a", "3a" },
  { "room_id", "-3", "-3" },
  { "room_id", "", "—" },
  { "grades", "[0,0,0,0,2,0,0,0]", "Vertex (crown): Moderate" },
  { "grades", "[1,0,0,0,3,0,0,4]",
    "Frontal hairline: Mild, Vertex (crown): Severe, Occipital: No follicles left" },
  { "grades", "[0,0,0,0,0,0,0,0]", "None" },
  { "grades", "[]", "None" },
  /* Read from the database: out of range is shown raw, never indexed. */
  { "grades", "[0,5,0,0,0,0,0,0]", "[0,5,0,0,0,0,0,0]" },
  { "grades", "[0,0,0,0,0,0,0,0,1]", "[0,0,0,0,0,0,0,0,1]" },
  { "grades", "[-1,0]", "[-1,0]" },
  { "grades", "[0,,1]", "[0,,1]" },
  { "grades", "moderate", "moderate" },
  { "status", "no_show", "No-show" },
  { "status", "in_treatment", "In treatment" },
  { "status", "lost", "lost" },
  { "kind", "first_session", "First session" },
  { "role", "physician", "Physician" },
  { "sex", "female", "Female" },
  { "sex", "3", "3" },
  { "language", "tr", "Türkçe" },
  { "language", "xx", "xx" },
  { "active", "0", "No" },
  { "blood_thinner", "1", "Yes" },
  /* 2026-11-23 10:00 UTC, in Istanbul (UTC+3). */
  { "starts_at", "1795428000", "23 November 2026, 13:00" },
  { "starts_at", "2026-11-23 10:00:00Z", "23 November 2026, 13:00" },
  { "starts_at", "soon", "soon" },
  { "phone", "+90 532 111 22 33", "+90 532 111 22 33" },
  { "answer", "no", "No" },
  { "answer", "unknown", "Unknown" },
  { "answer", "maybe", "maybe" },
  { "birth_date", "1988-03-12", "12 March 1988" },
  { "expires_on", "2026-02-30", "2026-02-30" },
  { "asked_on", "soon", "soon" },
};

static void
test_values (void)
{
  g_autoptr(MesoAuditNames) names = meso_audit_names_new ();
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");

  g_assert_nonnull (istanbul);
  meso_audit_names_set_zone (names, istanbul);
  meso_audit_names_add (names, MESO_AUDIT_REF_ROOM, 3, "Treatment Room");
  meso_audit_names_add (names, MESO_AUDIT_REF_PRACTITIONER, 7, "Dr. Elif Aydın");
  /* A room's id is not a practitioner's. */
  meso_audit_names_add (names, MESO_AUDIT_REF_PRACTITIONER, 9, "Dr. Nobody");
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      g_autofree char *shown = meso_audit_describe_value (names, value_cases[i].key,
                                                          value_cases[i].value);

      g_test_message ("%s = %s", value_cases[i].key, value_cases[i].value);
      g_assert_cmpstr (shown, ==, value_cases[i].shown);
    }
}

static void
test_wanted_once (void)
{
  g_autoptr(MesoAuditNames) names = meso_audit_names_new ();
  GArray *wanted;

  meso_audit_names_want (names, MESO_AUDIT_REF_ROOM, 3);
  meso_audit_names_want (names, MESO_AUDIT_REF_ROOM, 3);
  meso_audit_names_want (names, MESO_AUDIT_REF_ROOM, 5);
  meso_audit_names_want (names, MESO_AUDIT_REF_PATIENT, 3);
  wanted = meso_audit_names_get_wanted (names, MESO_AUDIT_REF_ROOM);
  g_assert_cmpuint (wanted->len, ==, 2);
  g_assert_cmpint (g_array_index (wanted, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (wanted, gint64, 1), ==, 5);
  g_assert_cmpuint (meso_audit_names_get_wanted (names, MESO_AUDIT_REF_PATIENT)->len, ==, 1);
  g_assert_cmpint (meso_audit_ref_for_key ("room_id"), ==, MESO_AUDIT_REF_ROOM);
  g_assert_cmpint (meso_audit_ref_for_key ("room"), ==, MESO_AUDIT_REF_NONE);
}

typedef struct
{
  char             *dir;
  MesoDb           *db;
  MesoAuditStore   *audit;
  MesoStaff        *admin;
  MesoStaff        *physician;
  MesoStaff        *receptionist;
  gint64            ayse;
  gint64            mehmet;
  gint64            room;
} Fixture;

/* Ayşe's appointment and scalp map by the physician, her phone changed
 * at the desk; Mehmet added by the physician too. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoSchedule) schedule = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  g_autoptr(MesoScalpStore) scalp = NULL;
  g_autoptr(MesoAppointment) session = meso_appointment_new ();
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(MesoPatient) at_desk = NULL;
  gint64 practitioner;
  GDate today;

  f->db = meso_test_open_db (&f->dir);
  f->audit = meso_audit_store_new (f->db);
  schedule = meso_schedule_new (f->db);
  patients = meso_patient_store_new (f->db);
  scalp = meso_scalp_store_new (f->db, schedule);
  meso_test_date (&today, 2026, 11, 20);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  f->receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  f->physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");

  meso_db_set_actor (f->db, f->admin);
  practitioner = meso_test_add_practitioner (schedule, "Dr. Elif Aydın");
  f->room = meso_test_add_room (schedule, "Treatment Room");

  meso_db_set_actor (f->db, f->physician);
  f->ayse = meso_test_add_patient (patients, "Yılmaz", "Ayşe", NULL, &today);
  f->mehmet = meso_test_add_patient (patients, "Öztürk", "Mehmet", NULL, &today);
  session->patient_id = f->ayse;
  session->practitioner_id = practitioner;
  session->room_id = f->room;
  session->starts_at = 1795428000;   /* Monday 2026-11-23, 10:00 UTC */
  session->minutes = 30;
  g_assert_true (meso_schedule_save (schedule, session, &error));
  g_assert_no_error (error);
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  g_assert_true (meso_scalp_store_save (scalp, session->id, map, &error));
  g_assert_no_error (error);

  meso_db_set_actor (f->db, f->receptionist);
  at_desk = meso_patient_store_load (patients, f->ayse, &error);
  g_assert_no_error (error);
  meso_patient_set_field (at_desk, MESO_PATIENT_PHONE, "+90 532 999 88 77");
  g_assert_true (meso_patient_store_save (patients, at_desk, NULL, &today, &error));
  g_assert_no_error (error);
  meso_db_set_actor (f->db, f->physician);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->audit);
  g_assert_finalize_object (f->db);
  g_object_unref (f->admin);
  g_object_unref (f->physician);
  g_object_unref (f->receptionist);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GPtrArray *
query (Fixture               *f,
       MesoAuditScope         scope,
       gint64                 id,
       const MesoAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  GPtrArray *entries = meso_audit_store_query_filtered (f->audit, scope, id, filter, istanbul, 0,
                                                        200, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static MesoAuditEntry *
find_table (GPtrArray  *entries,
            const char *table)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (meso_audit_entry_get_table (entries->pdata[i]), table) == 0)
      return entries->pdata[i];
  g_error ("no %s entry", table);
}

static void
test_named (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = query (f, MESO_AUDIT_BY_PATIENT, f->ayse, NULL);
  MesoAuditEntry *appointment = find_table (entries, "appointment");
  MesoAuditEntry *map = find_table (entries, "scalp_map");
  g_autofree char *raw_room = g_strdup_printf ("Room: %" G_GINT64_FORMAT, f->room);
  g_autofree char *when = NULL;
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *expected_when = NULL;

  g_assert_nonnull (strstr (meso_audit_entry_get_changes (appointment), "Room: Treatment Room"));
  g_assert_null (strstr (meso_audit_entry_get_changes (appointment), raw_room));
  g_assert_nonnull (strstr (meso_audit_entry_get_changes (appointment),
                            "Practitioner: Dr. Elif Aydın"));
  g_assert_nonnull (strstr (meso_audit_entry_get_changes (appointment),
                            "Starts: 23 November 2026, 13:00"));
  g_assert_nonnull (strstr (meso_audit_entry_get_changes (appointment), "Status: Booked"));
  g_assert_nonnull (strstr (meso_audit_entry_get_changes (map),
                            "Zone grades: Vertex (crown): Moderate"));
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (meso_audit_entry_get_patient (entries->pdata[i]), ==, "Ayşe Yılmaz");
  /* The stored record is untouched: ids and codes as written. */
  g_assert_nonnull (strstr (meso_audit_entry_get_new_values (map), "\"grades\":[0,0,0,0,2"));

  /* Shown in the clinic's zone, the date in words. */
  at = g_date_time_new_from_iso8601 (meso_audit_entry_get_at (appointment), NULL);
  local = g_date_time_to_timezone (at, istanbul);
  expected_when = g_date_time_format (local, "%-d %B %Y, %H:%M:%S");
  g_object_get (appointment, "when", &when, NULL);
  g_assert_cmpstr (when, ==, expected_when);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) all = query (f, MESO_AUDIT_BY_PATIENT, f->ayse, NULL);
  g_autoptr(GPtrArray) by_desk = NULL;
  g_autoptr(GPtrArray) maps = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) tomorrow = NULL;
  g_autoptr(GPtrArray) yesterday = NULL;
  g_autoptr(GPtrArray) mehmet = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  guint by_physician = 0;

  /* By staff member: only the receptionist's change, of the patient's. */
  by_desk = query (f, MESO_AUDIT_BY_PATIENT, f->ayse,
                   &(MesoAuditFilter) { .staff_id = meso_staff_get_id (f->receptionist) });
  g_assert_cmpuint (by_desk->len, ==, 1);
  g_assert_cmpstr (meso_audit_entry_get_who (by_desk->pdata[0]), ==, "Zeynep Kaya");
  g_assert_cmpuint (all->len, >, by_desk->len);

  /* By record. */
  maps = query (f, MESO_AUDIT_BY_PATIENT, f->ayse, &(MesoAuditFilter) { .table = "scalp_map" });
  g_assert_cmpuint (maps->len, ==, 1);
  g_assert_cmpstr (meso_audit_entry_get_table (maps->pdata[0]), ==, "scalp_map");

  /* By date: the changes were made now. */
  today = query (f, MESO_AUDIT_BY_PATIENT, f->ayse,
                 &(MesoAuditFilter) { .from = now - 3600, .until = now + 3600 });
  g_assert_cmpuint (today->len, ==, all->len);
  tomorrow = query (f, MESO_AUDIT_BY_PATIENT, f->ayse, &(MesoAuditFilter) { .from = now + 3600 });
  g_assert_cmpuint (tomorrow->len, ==, 0);
  yesterday = query (f, MESO_AUDIT_BY_PATIENT, f->ayse, &(MesoAuditFilter) { .until = now - 3600 });
  g_assert_cmpuint (yesterday->len, ==, 0);

  /* By patient, of one staff member's changes (the administrator reads them). */
  meso_db_set_actor (f->db, f->admin);
  everyone = query (f, MESO_AUDIT_BY_STAFF, meso_staff_get_id (f->physician), NULL);
  mehmet = query (f, MESO_AUDIT_BY_STAFF, meso_staff_get_id (f->physician),
                  &(MesoAuditFilter) { .patient_id = f->mehmet });
  g_assert_cmpuint (mehmet->len, ==, 1);
  g_assert_cmpint (meso_audit_entry_get_patient_id (mehmet->pdata[0]), ==, f->mehmet);
  g_assert_cmpstr (meso_audit_entry_get_patient (mehmet->pdata[0]), ==, "Mehmet Öztürk");
  for (guint i = 0; i < everyone->len; i++)
    if (g_strcmp0 (meso_audit_entry_get_who (everyone->pdata[i]), "Dr. Elif Aydın") == 0)
      by_physician++;
  g_assert_cmpuint (by_physician, >, mehmet->len);
}

/* Patients found by the words typed, archived or not; blank finds all. */
static void
test_patient_search (Fixture       *f,
                     gconstpointer  data)
{
  gint64 physician = meso_staff_get_id (f->physician);
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GPtrArray) mehmet = NULL;
  g_autoptr(GPtrArray) nobody = NULL;
  g_autoptr(GPtrArray) blank = NULL;

  meso_db_set_actor (f->db, f->admin);
  everyone = query (f, MESO_AUDIT_BY_STAFF, physician, NULL);
  mehmet = query (f, MESO_AUDIT_BY_STAFF, physician,
                  &(MesoAuditFilter) { .patient_search = "mehm" });
  g_assert_cmpuint (mehmet->len, ==, 1);
  g_assert_cmpstr (meso_audit_entry_get_patient (mehmet->pdata[0]), ==, "Mehmet Öztürk");
  nobody = query (f, MESO_AUDIT_BY_STAFF, physician,
                  &(MesoAuditFilter) { .patient_search = "Zzyzx" });
  g_assert_cmpuint (nobody->len, ==, 0);
  blank = query (f, MESO_AUDIT_BY_STAFF, physician, &(MesoAuditFilter) { .patient_search = " " });
  g_assert_cmpuint (blank->len, ==, everyone->len);
}

/* Days typed as at the desk, whole days of the clinic, the last included. */
static void
test_days (void)
{
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  g_autoptr(GError) error = NULL;
  MesoAuditFilter filter = { 0 };
  g_autofree const char **tables = meso_audit_describe_tables ();

  g_assert_true (meso_audit_filter_set_days (&filter, "23.11.2026", "2026-11-24", istanbul,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (filter.from, ==, 1795381200);    /* 2026-11-22 21:00 UTC */
  g_assert_cmpint (filter.until, ==, 1795554000);   /* 2026-11-24 21:00 UTC */
  g_assert_true (meso_audit_filter_set_days (&filter, "", NULL, istanbul, &error));
  g_assert_cmpint (filter.from, ==, 0);
  g_assert_cmpint (filter.until, ==, 0);

  filter.from = 7;
  g_assert_false (meso_audit_filter_set_days (&filter, "31.02.2026", NULL, istanbul, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (meso_audit_filter_set_days (&filter, "24.11.2026", "23.11.2026", istanbul,
                                              &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (filter.from, ==, 7);

  g_assert_true (g_strv_contains (tables, "appointment"));
  g_assert_true (g_strv_contains (tables, "scalp_map"));
  g_assert_cmpstr (meso_audit_describe_table ("scalp_map"), ==, "Scalp map");
}

/* The export writes what the window shows: the filtered entries. */
static void
test_export_filtered (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "history.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (meso_audit_store_export_csv_filtered (f->audit, MESO_AUDIT_BY_PATIENT, f->ayse,
                                                       &(MesoAuditFilter) { .table = "appointment" },
                                                       NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  /* Header, one entry, and the empty string after the last line break. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[1], ",Ayşe Yılmaz,appointment,"));
  g_assert_nonnull (strstr (lines[1], "Room: Treatment Room"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/audit/describe/values", test_values);
  g_test_add_func ("/meso/audit/describe/wanted-once", test_wanted_once);
  g_test_add_func ("/meso/audit/filter/days", test_days);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/audit/describe/named", test_named);
  ADD ("/meso/audit/filter/staff-record-date-patient", test_filters);
  ADD ("/meso/audit/filter/patient-search", test_patient_search);
  ADD ("/meso/audit/filter/export", test_export_filtered);
#undef ADD

  return g_test_run ();
}
