/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ical.c: iCalendar export parses with libical and passes its
 * RFC 5546 restriction check, Python's icalendar reads it, and exporting
 * again keeps each appointment's UID so that calendars update instead of
 * duplicating. A patient's copy has the clinic's phone and an alarm the
 * day before, never staff notes. */

#include "meso-clinic.h"
#include "meso-handout-store.h"
#include "meso-ical.h"
#include "meso-patient-store.h"
#include "meso-test-db.h"
#include "meso-test-ical.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char         *dir;
  MesoDb       *db;
  MesoSchedule *schedule;
  MesoHandoutStore *handouts;
  MesoStaff    *staff;
  gint64        practitioner;
  gint64        room;
  gint64        patient;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoPatientStore) patients = NULL;
  GDate today;

  f->db = meso_test_open_db (&f->dir);
  f->schedule = meso_schedule_new (f->db);
  f->handouts = meso_handout_store_new (f->db);
  f->staff = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin");
  f->practitioner = meso_test_add_practitioner (f->schedule, "Dr. Elif Aydın");
  f->room = meso_test_add_room (f->schedule, "Room 1");

  patients = meso_patient_store_new (f->db);
  meso_test_date (&today, 2026, 11, 20);
  f->patient = meso_test_add_patient (patients, "Yılmaz", "Ayşe", NULL, &today);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->schedule);
  g_assert_finalize_object (f->handouts);
  g_assert_finalize_object (f->db);
  g_object_unref (f->staff);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
book (Fixture *f,
      int      day,
      int      hour)
{
  g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
  g_autoptr(GError) error = NULL;
  GDate date;

  meso_test_date (&date, 2026, 11, day);
  appointment->patient_id = f->patient;
  appointment->practitioner_id = f->practitioner;
  appointment->room_id = f->room;
  appointment->minutes = 30;
  appointment->notes = (g_free (appointment->notes), g_strdup ("Sensitive scalp"));
  appointment->starts_at =
    meso_resources_to_instant (meso_schedule_get_resources (f->schedule, NULL), &date, hour * 60);
  g_assert_true (meso_schedule_save (f->schedule, appointment, &error));
  g_assert_no_error (error);
  return appointment->id;
}

/* Parses @text with libical; returns its events' UIDs mapped to their
 * DTSTART (Unix time) and STATUS. */
static GHashTable *
parse_events (const char *text)
{
  icalcomponent *calendar = icalparser_parse_string (text);
  GHashTable *events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      struct icaltimetype start = icalcomponent_get_dtstart (event);

      g_assert_null (g_hash_table_lookup (events, icalcomponent_get_uid (event)));
      g_hash_table_insert (events, g_strdup (icalcomponent_get_uid (event)),
                           g_strdup_printf ("%" G_GINT64_FORMAT " %s",
                                            (gint64) icaltime_as_timet_with_zone (
                                              start, icaltimezone_get_utc_timezone ()),
                                            icalproperty_status_to_string (
                                              icalcomponent_get_status (event))));
    }
  icalcomponent_free (calendar);
  return events;
}

/* Friday 20 November 2026, 10:00 UTC. */
#define EXPORTED_AT 1795168800

/* The patient's calendar, worded in @language. */
static char *
export_for_patient (Fixture    *f,
                    const char *language,
                    gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandoutTexts) texts = meso_handout_store_load_texts (f->handouts, language, &error);
  char *text;

  g_assert_no_error (error);
  text = meso_ical_patient_calendar (f->schedule, texts, f->patient, now, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  gint64 first = book (f, 23, 10);
  gint64 second = book (f, 30, 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = export_for_patient (f, "en", EXPORTED_AT);
  g_autofree char *again = NULL;
  g_autofree char *path = g_build_filename (f->dir, "course.ics", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GHashTable) events_again = NULL;
  g_autoptr(MesoAppointment) moved = NULL;
  g_autofree char *first_prefix = NULL;
  g_autofree char *moved_value = NULL;
  g_autoptr(MesoClinic) clinic = meso_clinic_load (f->db, &error);
  g_autofree char *uid_suffix = NULL;
  GHashTableIter iter;
  gpointer uid, value;

  g_assert_no_error (error);
  /* The patient's copy carries no clinical notes. */
  g_assert_null (strstr (text, "Sensitive"));
  /* Stamped with the time the caller gave, in UTC. */
  g_assert_nonnull (strstr (text, "DTSTAMP:20261120T100000Z"));
  g_assert_true (meso_ical_save (path, text, &error));
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_cmpstr (saved, ==, text);
  events = parse_events (saved);
  g_assert_cmpuint (g_hash_table_size (events), ==, 2);
  /* The UIDs name this clinic (its own domain, made with the database),
   * so that two clinics' exports never collide in one calendar. */
  g_assert_true (g_str_has_suffix (meso_clinic_get_text (clinic, MESO_CLINIC_ICAL_DOMAIN),
                                   ".mesodesk"));
  uid_suffix = g_strconcat ("@", meso_clinic_get_text (clinic, MESO_CLINIC_ICAL_DOMAIN), NULL);
  g_hash_table_iter_init (&iter, events);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    g_assert_true (g_str_has_suffix (uid, uid_suffix));

  /* Move one, cancel the other, export again: the same UIDs, new times. */
  moved = meso_schedule_load (f->schedule, first, &error);
  moved->starts_at += 3600;
  g_assert_true (meso_schedule_save (f->schedule, moved, &error));
  g_assert_true (meso_schedule_set_status (f->schedule, second, MESO_STATUS_CANCELLED, &error));
  g_assert_no_error (error);
  again = export_for_patient (f, "en", EXPORTED_AT + 60);
  events_again = parse_events (again);
  g_assert_cmpuint (g_hash_table_size (events_again), ==, 2);
  g_hash_table_iter_init (&iter, events);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    g_assert_true (g_hash_table_contains (events_again, uid));

  first_prefix = g_strdup_printf ("appointment-%" G_GINT64_FORMAT "@", first);
  moved_value = g_strdup_printf ("%" G_GINT64_FORMAT " CONFIRMED", moved->starts_at);
  g_hash_table_iter_init (&iter, events_again);
  while (g_hash_table_iter_next (&iter, &uid, &value))
    if (g_str_has_prefix (uid, first_prefix))
      g_assert_cmpstr (value, ==, moved_value);
    else
      g_assert_true (g_str_has_suffix (value, " CANCELLED"));
}

/* The first event's SUMMARY and DESCRIPTION, as a calendar shows them. */
static char *
first_event_words (const char *text)
{
  icalcomponent *calendar = icalparser_parse_string (text);
  icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  char *words;

  g_assert_nonnull (event);
  words = g_strdup_printf ("%s | %s", icalcomponent_get_summary (event),
                           icalcomponent_get_description (event));
  icalcomponent_free (calendar);
  return words;
}

/* A patient reads their calendar in their own language, whatever the
 * interface's: the words come from the handout texts. */
static void
test_patient_language (Fixture       *f,
                       gconstpointer  data)
{
  const struct { const char *language, *words; } cases[] = {
    { "en", "Mesotherapy: Session | With Dr. Elif Aydın." },
    { "ru", "Мезотерапия: Сеанс | Врач: Dr. Elif Aydın." },
    { "tr", "Mezoterapi: Seans | Hekim: Dr. Elif Aydın." },
  };

  book (f, 23, 10);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = export_for_patient (f, cases[i].language, EXPORTED_AT);
      g_autofree char *words = first_event_words (text);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_patient_copy (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MesoClinic) clinic = meso_clinic_load (f->db, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  icalcomponent *calendar, *event, *alarm;
  const char *organizer;

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, "Klinik Saç", &error));
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 01 23", &error));
  g_assert_no_error (error);
  book (f, 23, 10);
  text = export_for_patient (f, "es", EXPORTED_AT);
  meso_test_assert_publishable (text);
  g_assert_null (strstr (text, "Sensitive scalp"));

  calendar = icalparser_parse_string (text);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpstr (icalcomponent_get_description (event), ==,
                   "Con Dr. Elif Aydın.\nPara cambiarla o anularla, llame a Klinik Saç al "
                   "+90 212 555 01 23.");
  /* No sender's address set: one of the clinic's calendar domain. */
  organizer = icalproperty_get_organizer (icalcomponent_get_first_property (
                event, ICAL_ORGANIZER_PROPERTY));
  g_assert_true (g_str_has_prefix (organizer, "mailto:calendar@"));
  g_assert_true (g_str_has_suffix (organizer, meso_clinic_get_text (clinic,
                                                                     MESO_CLINIC_ICAL_DOMAIN)));
  alarm = icalcomponent_get_first_component (event, ICAL_VALARM_COMPONENT);
  g_assert_nonnull (alarm);
  g_assert_cmpint (icaldurationtype_as_int (icalproperty_get_trigger (
                     icalcomponent_get_first_property (alarm, ICAL_TRIGGER_PROPERTY)).duration),
                   ==, -24 * 60 * 60);
  g_assert_cmpstr (icalproperty_get_description (icalcomponent_get_first_property (
                     alarm, ICAL_DESCRIPTION_PROPERTY)), ==, "Mañana: Sesión en Klinik Saç.");
  icalcomponent_free (calendar);
}

static void
test_practitioner_agenda (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(MesoClinic) clinic = NULL;

  book (f, 23, 10);
  book (f, 24, 11);
  text = meso_ical_practitioner_agenda (f->schedule, f->practitioner, 0, G_MAXINT32, EXPORTED_AT,
                                        &error);
  g_assert_no_error (error);
  events = parse_events (text);
  g_assert_cmpuint (g_hash_table_size (events), ==, 2);
  meso_test_assert_publishable (text);
  /* The practitioner's agenda names the patient and keeps the notes. */
  g_assert_nonnull (strstr (text, "Ayşe Yılmaz"));
  g_assert_nonnull (strstr (text, "Sensitive scalp"));

  /* Unless the clinic chose initials for agendas that leave its screens. */
  clinic = meso_clinic_load (f->db, &error);
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_AGENDA_INITIALS, 1, &error));
  g_assert_no_error (error);
  g_free (text);
  text = meso_ical_practitioner_agenda (f->schedule, f->practitioner, 0, G_MAXINT32, EXPORTED_AT,
                                        &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "Ayşe"));
  g_assert_nonnull (strstr (text, "SUMMARY:AY — Session"));
  meso_test_assert_publishable (text);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/ical/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/meso/ical/patient-language", Fixture, NULL, fixture_set_up,
              test_patient_language, fixture_tear_down);
  g_test_add ("/meso/ical/patient-copy", Fixture, NULL, fixture_set_up,
              test_patient_copy, fixture_tear_down);
  g_test_add ("/meso/ical/practitioner-agenda", Fixture, NULL, fixture_set_up,
              test_practitioner_agenda, fixture_tear_down);

  return g_test_run ();
}
