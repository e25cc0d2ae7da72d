/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-patient-restriction.c: restriction instead of deletion. A restricted
 * patient leaves every list and search, is opened by administrators only,
 * is not booked again, gets no messages; anonymisation waits for the
 * retention period, replaces what identifies the patient everywhere the
 * clinic keeps it but the audit trail's history, writes no name into the
 * audit trail, keeps the clinical rows, and cannot be undone. */
#include "meso-record-restriction.h"
#include "meso-test-db.h"
#include "meso-test-session.h"

typedef MesoSessionFixture Fixture;

#define DAY (24 * 3600)

static gint64
lucia (Fixture *f)
{
  return f->session->patient_id;
}

static MesoPatientStore *
store (Fixture *f)
{
  return meso_context_get_patient_store (f->context);
}

static MesoDb *
db (Fixture *f)
{
  return meso_context_get_db (f->context);
}

/* Moves the clinic's clock @days after the session starts. */
static void
days_after_session (Fixture *f,
                    int      days)
{
  meso_clock_set_now (meso_context_get_clock (f->context),
                      f->session->starts_at + (gint64) days * DAY);
}

static gboolean
listed (Fixture          *f,
        MesoPatientShown  shown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = meso_patient_store_search (store (f), "garcía", shown, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == lucia (f))
      return TRUE;
  return FALSE;
}

static gint64
count (Fixture    *f,
       const char *sql_format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, sql_format);
  sql = g_strdup_vprintf (sql_format, args);
  va_end (args);
  return meso_test_query_int (db (f), sql);
}

/* The name the calendar shows on her past session. */
static const char *
calendar_name (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) day = meso_schedule_list_range (meso_context_get_schedule (f->context),
                                                      f->session->starts_at,
                                                      f->session->starts_at + 3600, &error);
  static char name[64];

  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 1);
  g_strlcpy (name, ((MesoAppointment *) day->pdata[0])->patient_name, sizeof name);
  return name;
}

static void
restrict_lucia (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  days_after_session (f, 2);
  g_assert_true (meso_record_restrict (f->context, lucia (f), &error));
  g_assert_no_error (error);
}

/* An upcoming appointment keeps the patient unrestricted: it would remind
 * and message them. Nothing changes. */
static void
test_upcoming_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db (f), MESO_ROLE_ADMINISTRATOR, "Admin");
  g_autoptr(GError) error = NULL;

  days_after_session (f, -1);
  g_assert_false (meso_record_restrict (f->context, lucia (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "1 upcoming appointment"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE restricted_on IS NOT NULL"), ==,
                   0);
  g_assert_true (listed (f, MESO_PATIENTS_CURRENT));
}

/* Only administrators restrict, see restricted patients, or open them. */
static void
test_restricted_hidden (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoAppointment) again = meso_appointment_new ();
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  GDate today;

  days_after_session (f, 2);
  meso_context_get_today (f->context, &today);
  g_assert_true (meso_patient_store_set_consent (store (f), lucia (f), MESO_CHANNEL_EMAIL,
                                                 &today, &error));
  g_assert_no_error (error);
  g_assert_false (meso_record_restrict (f->context, lucia (f), &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* A message still to send, a reminder still open. */
  pending = g_strdup_printf ("INSERT INTO message (patient_id, channel, kind, source, recipient,"
                             " subject, body, send_at, created_at) VALUES (%" G_GINT64_FORMAT ","
                             " 'email', 'maintenance', 'test', 'lucia@example.com', 'Hola', 'Hola',"
                             " %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ");"
                             "INSERT INTO reminder (kind, source, due_at, summary, body, patient_id)"
                             " VALUES ('follow-up', 'test', %" G_GINT64_FORMAT ", 'Call Lucía',"
                             " '', %" G_GINT64_FORMAT ");",
                             lucia (f), f->session->starts_at + 9 * DAY, f->session->starts_at,
                             f->session->starts_at + 9 * DAY, lucia (f));
  g_assert_true (meso_test_write_sql (db (f), pending, &error));
  g_assert_no_error (error);

  admin = meso_test_sign_in (db (f), MESO_ROLE_ADMINISTRATOR, "Admin");
  restrict_lucia (f);
  g_assert_false (listed (f, MESO_PATIENTS_CURRENT));
  g_assert_false (listed (f, MESO_PATIENTS_ARCHIVED));
  g_assert_true (listed (f, MESO_PATIENTS_RESTRICTED));
  patient = meso_patient_store_load (store (f), lucia (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_patient_get_restricted_on (patient), ==, "2026-11-25");
  g_assert_cmpstr (meso_patient_get_state_name (patient), ==, "Restricted");
  /* Audited with who did it; the consent to messages is withdrawn. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'patient'"
                             " AND row_id = %" G_GINT64_FORMAT " AND staff_id = %" G_GINT64_FORMAT
                             " AND new_values LIKE '%%\"restricted_on\":\"2026-11-25\"%%'",
                          lucia (f), meso_staff_get_id (admin)), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_consent"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE state = 'queued'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM reminder WHERE patient_id = %" G_GINT64_FORMAT
                             " AND state <> 'dismissed'", lucia (f)), ==, 0);

  /* Not booked again, by anyone. */
  again->patient_id = lucia (f);
  again->practitioner_id = f->session->practitioner_id;
  again->room_id = f->session->room_id;
  again->starts_at = f->session->starts_at + 7 * DAY;
  again->minutes = 30;
  g_assert_false (meso_schedule_save (meso_context_get_schedule (f->context), again, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "restricted"));
  g_clear_error (&error);

  g_assert_cmpstr (calendar_name (f), ==, "Lucía García");

  meso_db_set_actor (db (f), f->physician);
  g_assert_cmpstr (calendar_name (f), ==, "Restricted record");
  g_assert_false (listed (f, MESO_PATIENTS_CURRENT));
  g_assert_null (meso_patient_store_search (store (f), NULL, MESO_PATIENTS_RESTRICTED, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (meso_patient_store_load (store (f), lucia (f), &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* A form opened before the restriction cannot save over it. */
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+34 600 000 000");
  g_assert_false (meso_patient_store_save (store (f), patient, NULL, &today, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_patient_store_set_archived (store (f), lucia (f), TRUE, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Lifted, she is back in the lists. */
  meso_db_set_actor (db (f), admin);
  g_assert_true (meso_patient_store_lift_restriction (store (f), lucia (f), &error));
  g_assert_no_error (error);
  g_assert_false (listed (f, MESO_PATIENTS_RESTRICTED));
  meso_db_set_actor (db (f), f->physician);
  g_assert_true (listed (f, MESO_PATIENTS_CURRENT));
}

/* Anonymised after the retention period: nothing that names her is left
 * outside the audit trail's history, and nothing new in it names her. */
static void
test_anonymise (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db (f), MESO_ROLE_ADMINISTRATOR, "Admin");
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent = NULL;
  gint64 last_audit;
  GDate first_day;
  GDate today;

  /* Only a restricted patient is anonymised. */
  days_after_session (f, 2);
  g_assert_false (meso_record_anonymise (f->context, lucia (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  /* A message she was sent, a reminder about her: both name her. */
  sent = g_strdup_printf ("INSERT INTO message (patient_id, channel, kind, source, recipient,"
                          " subject, body, state, send_at, created_at, sent_at) VALUES (%"
                          G_GINT64_FORMAT ", 'email', 'aftercare', 'test', 'lucia@example.com',"
                          " 'Lucía', 'Hola Lucía', 'sent', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                          ", %" G_GINT64_FORMAT ");"
                          "INSERT INTO reminder (kind, source, due_at, summary, body, state,"
                          " patient_id) VALUES ('follow-up', 'test', %" G_GINT64_FORMAT ","
                          " 'Call Lucía', 'García', 'done', %" G_GINT64_FORMAT ");",
                          lucia (f), f->session->starts_at, f->session->starts_at,
                          f->session->starts_at, f->session->starts_at, lucia (f));
  g_assert_true (meso_test_write_sql (db (f), sent, &error));
  g_assert_no_error (error);
  restrict_lucia (f);
  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_RETENTION_YEARS, 5, &error));
  g_assert_no_error (error);
  g_assert_true (meso_record_get_anonymise_day (f->context, lucia (f), &first_day, &error));
  g_assert_cmpint (g_date_get_year (&first_day), ==, 2031);
  g_assert_cmpint (g_date_get_month (&first_day), ==, 11);
  g_assert_cmpint (g_date_get_day (&first_day), ==, 23);
  g_assert_false (meso_record_anonymise (f->context, lucia (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2031-11-23"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE family_name = 'García'"), ==, 1);

  last_audit = count (f, "SELECT max (id) FROM audit");
  days_after_session (f, 5 * 366);
  g_assert_true (meso_record_anonymise (f->context, lucia (f), &error));
  g_assert_no_error (error);

  patient = meso_patient_store_load (store (f), lucia (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME), ==, "Anonymised");
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_GIVEN_NAME), ==, "");
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_PHONE), ==, "");
  g_assert_nonnull (meso_patient_get_anonymised_on (patient));
  g_assert_cmpstr (meso_patient_get_state_name (patient), ==, "Anonymised");
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment WHERE patient_name LIKE '%%García%%'"
                             " OR patient_name LIKE '%%Lucía%%'"), ==, 0);
  g_assert_false (listed (f, MESO_PATIENTS_RESTRICTED));
  g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE recipient || subject || body"
                             " LIKE '%%Luc%%'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM reminder WHERE summary || body LIKE '%%Luc%%'"
                             " OR summary || body LIKE '%%García%%'"), ==, 0);
  /* The clinical rows stay for the statistics. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment WHERE patient_id = %"
                             G_GINT64_FORMAT, lucia (f)), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_answer WHERE patient_id = %"
                             G_GINT64_FORMAT, lucia (f)), >, 0);
  /* One new entry for the patient, without her names or phone. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE id > %" G_GINT64_FORMAT
                             " AND table_name = 'patient'", last_audit), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE id > %" G_GINT64_FORMAT
                             " AND (coalesce (old_values, '') || coalesce (new_values, '')"
                             "      LIKE '%%García%%' OR coalesce (old_values, '')"
                             "      || coalesce (new_values, '') LIKE '%%600 123%%')", last_audit),
                   ==, 0);

  /* For good. */
  g_assert_false (meso_patient_store_lift_restriction (store (f), lucia (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "García");
  meso_context_get_today (f->context, &today);
  g_assert_false (meso_patient_store_save (store (f), patient, NULL, &today, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, meso_session_fixture_set_up, func, \
              meso_session_fixture_tear_down)
  ADD ("/meso/patient-restriction/upcoming-refused", test_upcoming_refused);
  ADD ("/meso/patient-restriction/hidden", test_restricted_hidden);
  ADD ("/meso/patient-restriction/anonymise", test_anonymise);
#undef ADD
  return g_test_run ();
}
