/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-message-maker.c: the clinic's rules make messages to patients, in
 * each patient's language, and a real SMTP server on loopback receives
 * them: the Spanish confirmation the day before, the Turkish aftercare
 * with its dates, nothing for a patient who did not agree, each message
 * made once, and none for an appointment cancelled before its time. Made
 * with nobody signed in, by a worker acting for the clinic. On both
 * engines. The clock is the test's. */
#include "meso-mail-sender.h"
#include "meso-course.h"
#include "meso-message-maker.h"
#include "meso-test-db.h"
#include "meso-test-handout.h"
#include "meso-test-outbox.h"
#include "meso-test-session.h"
#include "meso-test-smtp.h"

#define HOUR 3600
/* Monday 23 November 2026, 00:00 UTC. */
#define MONDAY 1795392000
/* 11:05: the confirmations went at 10:00. */
#define NOW (MONDAY + 11 * HOUR + 300)

typedef struct
{
  char         *dir;
  MesoContext  *context;
  MesoContext  *worker;
  MesoTestSmtp  smtp;
  gint64        practitioner;
  gint64        room;
} Fixture;

static gint64
add_patient (Fixture    *f,
             const char *family,
             const char *given,
             const char *language,
             gboolean    agreed)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  g_autofree char *email = g_strdup_printf ("%s@hasta.example", language);
  gint64 id = meso_test_add_emailed_patient (f->context, family, given, email, agreed);
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(GError) error = NULL;

  patient = meso_patient_store_load (store, id, &error);
  g_assert_no_error (error);
  meso_patient_set_field (patient, MESO_PATIENT_LANGUAGE, language);
  g_assert_true (meso_patient_store_save (store, patient, NULL, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
book (Fixture               *f,
      gint64                 patient_id,
      gint64                 starts_at,
      MesoAppointmentStatus  status)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(MesoAppointment) appointment = meso_appointment_new ();
  g_autoptr(GError) error = NULL;

  appointment->patient_id = patient_id;
  appointment->practitioner_id = f->practitioner;
  appointment->room_id = f->room;
  appointment->starts_at = starts_at;
  appointment->minutes = 30;
  meso_schedule_save (schedule, appointment, &error);
  g_assert_no_error (error);
  if (status != MESO_STATUS_BOOKED)
    {
      g_assert_true (meso_schedule_set_status (schedule, appointment->id, status, &error));
      g_assert_no_error (error);
    }
  return appointment->id;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(GError) error = NULL;

  f->context = meso_test_open_context (&f->dir);
  meso_clock_set_now (meso_context_get_clock (f->context), NOW);
  admin = meso_test_add_resources (f->context, &f->practitioner, &f->room);
  f->worker = meso_context_open_worker (f->context, meso_context_get_clock (f->context), &error);
  g_assert_no_error (error);
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  meso_test_smtp_clear (&f->smtp);
  g_clear_object (&f->worker);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gssize
make (Fixture *f)
{
  g_autoptr(MesoMessageMaker) maker = meso_message_maker_new (f->worker);
  g_autoptr(GError) error = NULL;
  gssize made = meso_message_maker_make (maker, &error);

  g_assert_no_error (error);
  return made;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return meso_test_query_int (meso_context_get_db (f->context), sql);
}

/* Sends the outbox through the test's server, until @n messages arrived. */
static void
send_all (Fixture *f,
          guint    n)
{
  g_auto(MesoMailServer) server = { 0 };
  g_autoptr(MesoMailSender) sender = meso_mail_sender_new (f->worker);
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, &server);
  meso_mail_sender_set_server (sender, &server, MESO_TEST_SMTP_PASSWORD);
  while (count (f, "SELECT count (*) FROM message WHERE state = 'sent'") < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  meso_mail_sender_stop (sender);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, n);
}

/* The arrived message to @address whose subject has @subject, as the
 * server's GKeyFile. */
static GKeyFile *
arrived_to (Fixture    *f,
            const char *address,
            const char *subject)
{
  for (guint n = 1; n <= meso_test_smtp_count (&f->smtp); n++)
    {
      g_autoptr(GKeyFile) message = meso_test_smtp_message (&f->smtp, n);
      g_autofree char *to = g_key_file_get_string (message, "message", "envelope_to", NULL);
      g_autofree char *title = g_key_file_get_string (message, "message", "subject", NULL);

      if (g_str_has_prefix (to, address) && strstr (title, subject) != NULL)
        return g_steal_pointer (&message);
    }
  g_error ("nothing arrived for %s about “%s”", address, subject);
}

static void
assert_contains (GKeyFile   *message,
                 const char *key,
                 const char *expected)
{
  g_autofree char *value = g_key_file_get_string (message, "message", key, NULL);

  if (value == NULL || strstr (value, expected) == NULL)
    g_error ("%s “%s” does not contain “%s”", key, value, expected);
}

/* The text of attachment @i of the arrived @message, as a file; PDF read
 * by pdftotext. */
static char *
attachment_text (Fixture    *f,
                 GKeyFile   *message,
                 guint       i,
                 const char *content_type)
{
  g_autofree char *group = g_strdup_printf ("attachment%u", i);
  g_autofree char *type = g_key_file_get_string (message, group, "content_type", NULL);
  g_autofree char *id = g_key_file_get_string (message, "message", "message_id", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_cmpstr (type, ==, content_type);
  for (guint n = 1; n <= meso_test_smtp_count (&f->smtp); n++)
    {
      g_autoptr(GKeyFile) arrived = meso_test_smtp_message (&f->smtp, n);
      g_autofree char *arrived_id = g_key_file_get_string (arrived, "message", "message_id",
                                                           NULL);
      g_autofree char *path = g_strdup_printf ("%s/%04u.message.%u", f->smtp.dir, n, i);
      const char *pdftotext[] = { "pdftotext", path, "-", NULL };
      int status;

      if (g_strcmp0 (arrived_id, id) != 0)
        continue;
      if (g_str_equal (content_type, "application/pdf"))
        {
          g_assert_true (g_spawn_sync (NULL, (char **) pdftotext, NULL, G_SPAWN_SEARCH_PATH,
                                       NULL, NULL, &text, NULL, &status, &error));
          g_assert_no_error (error);
          g_assert_true (g_spawn_check_wait_status (status, NULL));
        }
      else
        {
          g_assert_true (g_file_get_contents (path, &text, NULL, &error));
          g_assert_no_error (error);
        }
      return text;
    }
  g_error ("no message %s", id);
}

static void
test_by_rules (Fixture       *f,
               gconstpointer  data)
{
  gint64 lucia = add_patient (f, "García", "Lucía", "es", TRUE);
  gint64 ayse = add_patient (f, "Yılmaz", "Ayşe", "tr", TRUE);
  gint64 ivan = add_patient (f, "Petrov", "Ivan", "ru", FALSE);
  g_autoptr(MesoAppointment) course_of = meso_appointment_new ();
  g_autoptr(GKeyFile) spanish = NULL;
  g_autoptr(GKeyFile) turkish = NULL;
  g_autoptr(GKeyFile) next = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *calendar = NULL;
  g_autoptr(GError) error = NULL;

  /* Tomorrow at 15:00 and 16:00; a session at 09:00 today, done. */
  book (f, lucia, MONDAY + 39 * HOUR, MESO_STATUS_BOOKED);
  book (f, ivan, MONDAY + 40 * HOUR, MESO_STATUS_BOOKED);
  book (f, ayse, MONDAY + 9 * HOUR, MESO_STATUS_DONE);
  /* Lucía's weekly course from Wednesday: its second session, on 2
   * December, announced nine days ahead. */
  course_of->patient_id = lucia;
  course_of->practitioner_id = f->practitioner;
  course_of->room_id = f->room;
  meso_test_book_course (f->context, course_of, 3);
  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS, 9, &error));
  g_assert_no_error (error);
  /* The worker's connection has nobody signed in: it acts for the clinic. */

  g_assert_cmpint (make (f), ==, 3);
  g_assert_cmpint (make (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit WHERE table_name = 'message'"
                             " AND action = 'insert' AND staff_id IS NULL"), ==, 3);

  send_all (f, 3);
  spanish = arrived_to (f, "es@hasta.example", "mañana");
  assert_contains (spanish, "subject", "mañana a las 15:00");
  assert_contains (spanish, "body", "Lucía García, le esperamos");
  assert_contains (spanish, "body", "responda a este mensaje para confirmar");
  assert_contains (spanish, "body", "Para dejar de recibirlos");
  turkish = arrived_to (f, "tr@hasta.example", "");
  assert_contains (turkish, "subject", "seansınızdan sonra");
  assert_contains (turkish, "body", "Ayşe Yılmaz, bugün geldiğiniz için");
  /* Washing from the next day, in Turkish words. */
  assert_contains (turkish, "body", "24 Kasım");
  assert_contains (turkish, "body", "DUR");
  assert_contains (turkish, "attachments", "1");
  sheet = attachment_text (f, turkish, 0, "application/pdf");
  g_assert_nonnull (strstr (sheet, "Mezoterapi seansı sonrası bakım"));
  g_assert_nonnull (strstr (sheet, "Ayşe Yılmaz"));
  g_assert_nonnull (strstr (sheet, "Kasım"));

  next = arrived_to (f, "es@hasta.example", "próxima sesión");
  assert_contains (next, "body", "miércoles, 2 de diciembre de 2026 a las 14:00");
  calendar = attachment_text (f, next, 0, "text/calendar");
  g_assert_nonnull (strstr (calendar, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (calendar, "DTSTART:20261202T140000Z"));
}

/* A rule turned off makes nothing; an appointment cancelled before its
 * confirmation's time gets none. */
static void
test_rules_off (Fixture       *f,
                gconstpointer  data)
{
  gint64 lucia = add_patient (f, "García", "Lucía", "es", TRUE);
  gint64 ayse = add_patient (f, "Yılmaz", "Ayşe", "tr", TRUE);
  g_autoptr(GError) error = NULL;

  book (f, lucia, MONDAY + 39 * HOUR, MESO_STATUS_CANCELLED);
  book (f, ayse, MONDAY + 9 * HOUR, MESO_STATUS_DONE);
  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_MESSAGE_AFTERCARE, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (make (f), ==, 0);
  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_MESSAGE_AFTERCARE, 1, &error));
  g_assert_cmpint (make (f), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message WHERE kind = 'aftercare'"), ==, 1);
}

/* A confirmation not sent yet (the server down, or refused) is cancelled,
 * with why, once its appointment is cancelled; one moved to another day
 * gets a confirmation of its own, about the new time. */
static void
test_event_gone (Fixture       *f,
                 gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  gint64 lucia = add_patient (f, "García", "Lucía", "es", TRUE);
  gint64 ayse = add_patient (f, "Yılmaz", "Ayşe", "tr", TRUE);
  gint64 cancelled = book (f, lucia, MONDAY + 39 * HOUR, MESO_STATUS_BOOKED);
  gint64 moved = book (f, ayse, MONDAY + 40 * HOUR, MESO_STATUS_BOOKED);
  g_autoptr(MesoAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (make (f), ==, 2);
  /* Lucía's, the first due: failed, Retry-able. */
  meso_test_refuse_next (meso_context_get_outbox (f->worker));
  meso_schedule_set_status (schedule, cancelled, MESO_STATUS_CANCELLED, &error);
  g_assert_no_error (error);
  /* Moved to Wednesday, whose confirmation goes tomorrow. */
  appointment = meso_schedule_load (schedule, moved, &error);
  g_assert_no_error (error);
  appointment->starts_at += 24 * HOUR;
  meso_schedule_save (schedule, appointment, &error);
  g_assert_no_error (error);

  g_assert_cmpint (make (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message WHERE state = 'cancelled'"
                             " AND answer LIKE '%cancelled or moved%'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message WHERE state = 'failed'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message WHERE state = 'queued'"), ==, 0);
  meso_clock_set_now (meso_context_get_clock (f->context), NOW + 24 * HOUR);
  g_assert_cmpint (make (f), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message WHERE state = 'queued'"), ==, 1);
}

/* Mesodesk off all Monday: on Tuesday morning, the confirmation of
 * Tuesday's appointment is not sent ("tomorrow" would be wrong), nor the
 * aftercare of Monday's session ("today"). */
static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  gint64 lucia = add_patient (f, "García", "Lucía", "es", TRUE);
  gint64 ayse = add_patient (f, "Yılmaz", "Ayşe", "tr", TRUE);

  book (f, lucia, MONDAY + 39 * HOUR, MESO_STATUS_BOOKED);
  book (f, ayse, MONDAY + 9 * HOUR, MESO_STATUS_DONE);
  meso_clock_set_now (meso_context_get_clock (f->context), MONDAY + 24 * HOUR + 8 * HOUR);
  g_assert_cmpint (make (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message"), ==, 0);
}

/* A finished course's maintenance session falls due 30 days after its
 * last session: the Turkish patient is told, once, naming the protocol. */
static void
test_maintenance (Fixture       *f,
                  gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  gint64 ayse = add_patient (f, "Yılmaz", "Ayşe", "tr", TRUE);
  g_autoptr(MesoProtocol) protocol = meso_protocol_new ("Dutasterid", 30);
  g_autoptr(GPtrArray) planned = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GKeyFile) turkish = NULL;
  g_autoptr(GError) error = NULL;
  MesoCourse course = {
    .patient_id = ayse, .protocol_name = (char *) "Dutasterid",
    .practitioner_id = f->practitioner, .room_id = f->room,
    .weekday = G_DATE_WEDNESDAY, .minute_of_day = 14 * 60, .sessions = 2,
    .maintenance_days = 30,
  };
  GDate first;

  g_assert_true (meso_protocol_parse_phases (protocol, "2x7", &error));
  g_assert_no_error (error);
  meso_test_date (&first, 2026, 11, 25);
  planned = meso_course_plan (schedule, protocol, &course, &first, &error);
  g_assert_no_error (error);
  g_assert_true (meso_schedule_book (schedule, &course, planned, &error));
  g_assert_no_error (error);
  /* Both sessions done, on 25 November and 2 December. */
  meso_clock_set_now (meso_context_get_clock (f->context), MONDAY + 10 * 24 * HOUR);
  sessions = meso_schedule_list_course (schedule, course.id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  for (guint i = 0; i < sessions->len; i++)
    {
      meso_schedule_set_status (schedule, ((MesoAppointment *) sessions->pdata[i])->id,
                                MESO_STATUS_DONE, &error);
      g_assert_no_error (error);
    }

  /* Friday 1 January 2027, 11:05: due that day, at 10:00. */
  meso_clock_set_now (meso_context_get_clock (f->context), MONDAY + 39 * 24 * HOUR + 11 * HOUR);
  g_assert_cmpint (make (f), ==, 1);
  g_assert_cmpint (make (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM message WHERE kind = 'maintenance'"), ==, 1);
  send_all (f, 1);
  turkish = arrived_to (f, "tr@hasta.example", "idame seansı zamanı");
  assert_contains (turkish, "body", "kürünüz (Dutasterid) birkaç ay önce bitti");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/meso/message-maker/by-rules", Fixture, NULL, set_up, test_by_rules, tear_down);
  g_test_add ("/meso/message-maker/rules-off", Fixture, NULL, set_up, test_rules_off, tear_down);
  g_test_add ("/meso/message-maker/maintenance", Fixture, NULL, set_up, test_maintenance,
              tear_down);
  g_test_add ("/meso/message-maker/event-gone", Fixture, NULL, set_up, test_event_gone,
              tear_down);
  g_test_add ("/meso/message-maker/stale", Fixture, NULL, set_up, test_stale, tear_down);
  return g_test_run ();
}
