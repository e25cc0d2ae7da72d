/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-outbox.c: messages to patients through a real SMTP server on
 * loopback. Nothing is queued for a patient who did not agree, a message
 * is made once per event, each is sent once (also by two senders at
 * once), a server that is down keeps them queued until it is back, a
 * refusal fails with the server's answer and can be retried or cancelled,
 * a sender lost mid-send has its message sent again (with the same
 * Message-ID), and every change of state is in the audit trail. On both
 * engines. The clock is the test's. */
#include "meso-context.h"
#include "meso-db-write.h"
#include "meso-mail-sender.h"
#include "meso-outbox.h"
#include "meso-test-db.h"
#include "meso-test-outbox.h"
#include "meso-test-session.h"
#include "meso-test-smtp.h"
#include "meso-test-staff.h"

/* Monday 23 November 2026, 08:00 UTC. */
#define NOW 1795420800

typedef struct
{
  char         *dir;
  MesoContext  *context;
  MesoOutbox   *outbox;
  MesoTestSmtp  smtp;
  MesoStaff    *receptionist;
  gint64        ayse;      /* agreed to e-mail */
  gint64        lucia;     /* agreed to e-mail */
  gint64        ivan;      /* did not agree */
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  MesoDb *db;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);
  meso_clock_set_now (meso_context_get_clock (f->context), NOW);
  f->receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  f->outbox = meso_outbox_new (db, meso_context_get_clock (f->context),
                               meso_context_get_patient_store (f->context));
  f->ayse = meso_test_add_emailed_patient (f->context, "Yılmaz", "Ayşe", "ayse@hasta.example",
                                           TRUE);
  f->lucia = meso_test_add_emailed_patient (f->context, "García", "Lucía",
                                            "lucia@paciente.example", TRUE);
  f->ivan = meso_test_add_emailed_patient (f->context, "Petrov", "Ivan", "ivan@patient.example",
                                           FALSE);
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  meso_test_smtp_clear (&f->smtp);
  g_clear_object (&f->outbox);
  g_clear_object (&f->receptionist);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Queues a confirmation about @source, as an event would in its write.
 * Returns whether it was queued. */
static gboolean
queue (Fixture    *f,
       gint64      patient_id,
       const char *source,
       const char *recipient,
       const char *subject)
{
  return meso_test_queue_message (f->context, f->outbox, patient_id, source, recipient, subject,
                                  NOW);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return meso_test_query_int (meso_context_get_db (f->context), sql);
}

/* Waits (at most a minute) until @sql counts @expected. */
static void
wait_for_count (Fixture    *f,
                const char *sql,
                gint64      expected)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (count (f, sql) != expected)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("“%s” counts %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT, sql,
                 count (f, sql), expected);
      g_usleep (10 * 1000);
    }
}

static MesoMailSender *
start_sender (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_auto(MesoMailServer) server = { 0 };
  g_autoptr(MesoContext) worker = meso_context_open_worker (f->context,
                                                            meso_context_get_clock (f->context),
                                                            &error);
  MesoMailSender *sender;

  g_assert_no_error (error);
  sender = meso_mail_sender_new (worker);
  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, &server);
  meso_mail_sender_set_server (sender, &server, MESO_TEST_SMTP_PASSWORD);
  return sender;
}

static char *
arrived (Fixture    *f,
         guint       n,
         const char *key)
{
  g_autoptr(GKeyFile) message = meso_test_smtp_message (&f->smtp, n);

  return g_key_file_get_string (message, "message", key, NULL);
}

static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  g_autoptr(GError) error = NULL;
  GDate agreed;

  g_assert_false (queue (f, f->ivan, "event:1", "ivan@patient.example", "Reminder"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM message"), ==, 0);

  g_assert_true (queue (f, f->ayse, "event:2", "ayse@hasta.example", "Randevu"));
  /* Made once per event. */
  g_assert_false (queue (f, f->ayse, "event:2", "ayse@hasta.example", "Randevu"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM message"), ==, 1);

  /* Withdrawn: nothing more. */
  g_assert_true (meso_patient_store_get_consent (store, f->ayse, MESO_CHANNEL_EMAIL, &agreed,
                                                 &error));
  g_assert_cmpint (g_date_get_julian (&agreed), >, 0);
  g_assert_true (meso_patient_store_set_consent (store, f->ayse, MESO_CHANNEL_EMAIL, NULL,
                                                 &error));
  g_assert_no_error (error);
  g_assert_false (meso_patient_store_get_consent (store, f->ayse, MESO_CHANNEL_EMAIL, NULL,
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (queue (f, f->ayse, "event:3", "ayse@hasta.example", "Randevu"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM message"), ==, 1);

  /* The consent, its withdrawal and the message are in the trail. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'patient_consent'"),
                   ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'message'"), ==, 1);

  /* The message queued before the withdrawal is not sent: a sender that
   * takes it cancels it, says why, and looks again at once. */
  {
    g_autoptr(MesoMessage) claimed = NULL;
    gint64 next_due = 0;

    claimed = meso_outbox_claim (f->outbox, "sender", &next_due, &error);
    g_assert_no_error (error);
    g_assert_null (claimed);
    g_assert_cmpint (next_due, ==, NOW);
    g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE state = 'cancelled'"
                               " AND answer LIKE '%no longer agrees%'"), ==, 1);
  }
}

/* An address that is not one is refused at the queue, and the event's
 * write with it: nothing half-saved. */
static void
test_not_an_address (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoMessage) message = meso_message_new ();
  MesoDb *db = meso_context_get_db (f->context);
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CONTACT, &error);

  message->patient_id = f->ayse;
  message->kind = MESO_MESSAGE_AFTERCARE;
  message->source = g_strdup ("session:1");
  message->recipient = g_strdup ("ayse.hasta.example");
  message->subject = g_strdup ("Bakım");
  message->body = g_strdup ("Bakım");
  message->send_at = NOW;
  g_assert_false (meso_outbox_queue_in_write (f->outbox, message, NULL, &error));
  g_assert_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_INVALID);
  g_clear_pointer (&w, meso_db_write_free);
  g_assert_cmpint (count (f, "SELECT count(*) FROM message"), ==, 0);
}

/* Each message once, in the patient's words, the Message-ID made of the
 * row; a patient without consent gets nothing. */
static void
test_sent_once (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoMailSender) sender = NULL;
  g_autoptr(GHashTable) subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (queue (f, f->ayse, "event:1", "ayse@hasta.example",
                        "Yarınki randevunuz: 24 Kasım, 10:00"));
  g_assert_true (queue (f, f->lucia, "event:2", "lucia@paciente.example",
                        "Su cita de mañana: 24 de noviembre, 11:00"));
  g_assert_false (queue (f, f->ivan, "event:3", "ivan@patient.example", "Reminder"));
  sender = start_sender (f);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'sent'", 2);
  meso_mail_sender_stop (sender);

  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 2);
  for (guint n = 1; n <= 2; n++)
    {
      g_autofree char *id = arrived (f, n, "message_id");

      g_assert_true (g_str_has_prefix (id, "<mesodesk."));
      g_assert_true (g_str_has_suffix (id, "@klinik.example>"));
      g_hash_table_add (subjects, arrived (f, n, "subject"));
    }
  g_assert_true (g_hash_table_contains (subjects, "Yarınki randevunuz: 24 Kasım, 10:00"));
  g_assert_true (g_hash_table_contains (subjects, "Su cita de mañana: 24 de noviembre, 11:00"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE sent_at = " G_STRINGIFY (NOW)),
                   ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'message'"
                             " AND new_values LIKE '%\"sent\"%' AND action = 'update'"), ==, 2);
}

/* Down: the message stays queued with the reason, and goes, once, when
 * the server is back and its wait is over. */
static void
test_server_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MesoMailSender) sender = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  MesoMessage *message;

  meso_test_smtp_stop (&f->smtp);
  g_assert_true (queue (f, f->ayse, "event:1", "ayse@hasta.example", "Randevu"));
  sender = start_sender (f);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'queued' AND attempts = 1", 1);
  messages = meso_outbox_list (f->outbox, 10, &error);
  g_assert_no_error (error);
  message = messages->pdata[0];
  g_assert_cmpint (message->state, ==, MESO_MESSAGE_QUEUED);
  g_assert_cmpint (message->send_at, ==, NOW + 60);
  g_assert_nonnull (strstr (message->answer, "does not answer"));

  meso_test_smtp_start_in (&f->smtp, f->smtp.dir, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1",
                           f->smtp.port);
  meso_clock_set_now (meso_context_get_clock (f->context), NOW + 60);
  meso_mail_sender_wake (sender);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'sent'", 1);
  meso_mail_sender_stop (sender);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 1);
}

/* Refused: failed with the server's answer; Retry tries again, Cancel
 * keeps it from going. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MesoMailSender) sender = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  MesoMessage *message;

  g_assert_true (queue (f, f->lucia, "event:1", "nadie@refused.example", "Cita"));
  sender = start_sender (f);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'failed'", 1);
  messages = meso_outbox_list (f->outbox, 10, &error);
  g_assert_no_error (error);
  message = messages->pdata[0];
  g_assert_nonnull (strstr (message->answer, "550 5.1.1 No such mailbox here"));

  g_assert_true (meso_outbox_retry (f->outbox, message->id, &error));
  g_assert_no_error (error);
  meso_mail_sender_wake (sender);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'failed' AND attempts = 1"
                     " AND send_at = " G_STRINGIFY (NOW), 1);
  g_assert_true (meso_outbox_cancel (f->outbox, message->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE state = 'cancelled'"), ==, 1);
  /* Cancelled twice: the outbox shown was out of date. */
  g_assert_false (meso_outbox_cancel (f->outbox, message->id, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  meso_mail_sender_stop (sender);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 0);
  /* Failed twice, retried, cancelled: four lines of the trail after the queue. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'message'"
                             " AND action = 'update'"), ==, 4);
}

/* The event went away before its message was sent. */
static void
test_cancelled_with_event (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(MesoMailSender) sender = NULL;
  g_autoptr(GError) error = NULL;
  MesoDb *db = meso_context_get_db (f->context);

  g_assert_true (queue (f, f->ayse, "event:1", "ayse@hasta.example", "Randevu"));
  g_assert_true (queue (f, f->ayse, "event:2", "ayse@hasta.example", "Randevu 2"));
  {
    g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CONTACT, &error);

    g_assert_true (meso_outbox_cancel_in_write (f->outbox, MESO_MESSAGE_CONFIRMATION,
                                                "event:1", &error));
    g_assert_true (meso_db_write_commit (w, &error));
    g_assert_no_error (error);
  }
  sender = start_sender (f);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'sent'", 1);
  meso_mail_sender_stop (sender);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE state = 'cancelled'"
                             " AND source = 'event:1'"), ==, 1);
}

/* Two senders (two workstations) over forty messages: each sent once. */
static void
test_two_senders (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MesoMailSender) first = NULL;
  g_autoptr(MesoMailSender) second = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *source = g_strdup_printf ("event:%u", i);

      g_assert_true (queue (f, i % 2 ? f->ayse : f->lucia, source,
                            i % 2 ? "ayse@hasta.example" : "lucia@paciente.example", source));
    }
  first = start_sender (f);
  second = start_sender (f);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'sent'", 40);
  meso_mail_sender_stop (first);
  meso_mail_sender_stop (second);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 40);
  for (guint n = 1; n <= 40; n++)
    g_assert_true (g_hash_table_add (ids, arrived (f, n, "message_id")));
}

/* A sender that claimed a message and stopped (killed, its machine off):
 * nobody else takes it while its claim lasts; then it is sent again, with
 * the same Message-ID, and the trail says it was interrupted. */
static void
test_lost_sender (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) lost_db = meso_db_open_worker (meso_context_get_db (f->context), &error);
  g_autoptr(MesoOutbox) lost = NULL;
  g_autoptr(MesoOutbox) other = NULL;
  g_autoptr(MesoMessage) claimed = NULL;
  g_autoptr(MesoMessage) none = NULL;
  g_autoptr(MesoMailSender) sender = NULL;
  g_autofree char *expected_id = NULL;
  g_autofree char *id = NULL;
  gint64 next_due;

  g_assert_no_error (error);
  g_assert_true (queue (f, f->ayse, "event:1", "ayse@hasta.example", "Randevu"));
  lost = meso_outbox_new (lost_db, meso_context_get_clock (f->context),
                          meso_context_get_patient_store (f->context));
  claimed = meso_outbox_claim (lost, "lost", &next_due, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claimed);

  other = meso_outbox_new (meso_context_get_db (f->context),
                           meso_context_get_clock (f->context),
                           meso_context_get_patient_store (f->context));
  none = meso_outbox_claim (other, "other", &next_due, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpint (next_due, >, NOW);

  meso_clock_set_now (meso_context_get_clock (f->context), next_due);
  sender = start_sender (f);
  wait_for_count (f, "SELECT count(*) FROM message WHERE state = 'sent'", 1);
  meso_mail_sender_stop (sender);
  expected_id = g_strdup_printf ("<mesodesk.%" G_GINT64_FORMAT ".%d@klinik.example>",
                                 claimed->id, NOW);
  id = arrived (f, 1, "message_id");
  g_assert_cmpstr (id, ==, expected_id);
  g_assert_cmpint (count (f, "SELECT attempts FROM message"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'message'"
                             " AND new_values LIKE '%interrupted%'"), ==, 1);

  /* The lost sender's late word changes nothing. */
  g_assert_true (meso_outbox_finish (lost, claimed, "lost", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM message WHERE state = 'sent'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, test) \
  g_test_add ("/meso/outbox/" path, Fixture, NULL, set_up, test, tear_down)
  ADD ("consent", test_consent);
  ADD ("not-an-address", test_not_an_address);
  ADD ("sent-once", test_sent_once);
  ADD ("server-down", test_server_down);
  ADD ("refused", test_refused);
  ADD ("cancelled-with-its-event", test_cancelled_with_event);
  ADD ("two-senders", test_two_senders);
  ADD ("lost-sender", test_lost_sender);
#undef ADD

  return g_test_run ();
}
