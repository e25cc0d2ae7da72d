/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-outbox-kill.c: the outbox's sender (meso-send-worker, a process of
 * its own) killed with SIGKILL at random moments, a hundred times, while
 * it sends 250 messages through a real SMTP server: every message
 * arrives, and a message arrives twice at most once per kill (the window:
 * the server took it, and the sender died before marking it sent; the copy
 * carries the same Message-ID, so mail programs show it once). The figure
 * is printed for the closing note. Each new sender's clock is past the
 * dead one's claims, as it would be ten minutes later. And two senders in
 * two processes on one database, as two workstations: each message
 * arrives exactly once. */
#include <signal.h>
#include <sys/wait.h>

#include "meso-test-db.h"
#include "meso-test-outbox.h"
#include "meso-test-session.h"
#include "meso-test-smtp.h"

#define MESSAGES 250
#define KILLS 100
/* Monday 23 November 2026, 08:00 UTC. */
#define NOW 1795420800
/* Longer than a claim (meso-outbox.c): a new sender takes the dead one's. */
#define AFTER_A_CLAIM 601

typedef struct
{
  char         *dir;
  MesoContext  *context;
  MesoStaff    *receptionist;
  MesoTestSmtp  smtp;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  meso_clock_set_now (meso_context_get_clock (f->context), NOW);
  f->receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                       "Zeynep Kaya");
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  meso_test_smtp_clear (&f->smtp);
  g_clear_object (&f->receptionist);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
queue_messages (Fixture *f)
{
  gint64 patient = meso_test_add_emailed_patient (f->context, "Yılmaz", "Ayşe",
                                                  "ayse@hasta.example", TRUE);

  for (guint i = 0; i < MESSAGES; i++)
    {
      g_autofree char *source = g_strdup_printf ("event:%u", i + 1);
      g_autofree char *subject = g_strdup_printf ("Randevu %u", i + 1);

      g_assert_true (meso_test_queue_message (f->context, meso_context_get_outbox (f->context),
                                              patient, source, "ayse@hasta.example", subject,
                                              NOW));
    }
}

/* meso-send-worker, built beside this program, started with its clock at
 * @now. */
static GPid
start_sender (Fixture *f,
              gint64   now)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self);
  g_autofree char *worker = g_build_filename (dir, "meso-send-worker", NULL);
  g_autofree char *port = g_strdup_printf ("%u", f->smtp.port);
  g_autofree char *certificate = g_build_filename (f->smtp.dir, "server.crt", NULL);
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  const char *argv[] = { worker, meso_db_get_path (meso_context_get_db (f->context)), port,
                         certificate, at, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static void
stop_sender (GPid pid,
             int  signal_number)
{
  int status = 0;

  kill (pid, signal_number);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
}

static gint64
sent (Fixture *f)
{
  return meso_test_query_int (meso_context_get_db (f->context),
                              "SELECT count(*) FROM message WHERE state = 'sent'");
}

/* Waits until every message is sent (a minute at most). */
static void
wait_all_sent (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (sent (f) < MESSAGES && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpint (sent (f), ==, MESSAGES);
}

/* The Message-IDs that arrived, each once. Returns: how many arrived. */
static guint
arrived_ids (Fixture    *f,
             GHashTable *ids)
{
  guint arrived = meso_test_smtp_count (&f->smtp);

  for (guint n = 1; n <= arrived; n++)
    {
      g_autoptr(GKeyFile) message = meso_test_smtp_message (&f->smtp, n);

      g_hash_table_add (ids, g_key_file_get_string (message, "message", "message_id", NULL));
    }
  return arrived;
}

static void
test_two_processes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPid first, second;

  queue_messages (f);
  first = start_sender (f, NOW);
  second = start_sender (f, NOW);
  wait_all_sent (f);
  stop_sender (first, SIGTERM);
  stop_sender (second, SIGTERM);
  g_assert_cmpuint (arrived_ids (f, ids), ==, MESSAGES);
  g_assert_cmpuint (g_hash_table_size (ids), ==, MESSAGES);
}

static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = NOW;
  guint arrived, duplicates, killed_before_all_sent = 0;
  GPid pid;

  queue_messages (f);
  for (guint i = 0; i < KILLS; i++)
    {
      pid = start_sender (f, now);
      g_usleep (g_test_rand_int_range (0, 150) * 1000);
      stop_sender (pid, SIGKILL);
      killed_before_all_sent += sent (f) < MESSAGES;
      now += AFTER_A_CLAIM;
    }

  /* A last sender, left alone, sends what is left. */
  pid = start_sender (f, now);
  wait_all_sent (f);
  stop_sender (pid, SIGTERM);

  arrived = arrived_ids (f, ids);
  duplicates = arrived - g_hash_table_size (ids);
  g_test_message ("outbox-kill: %u kills (%u while messages were left to send), %u messages, "
                  "%u arrived, %u duplicates", KILLS, killed_before_all_sent, MESSAGES, arrived,
                  duplicates);
  g_assert_cmpuint (g_hash_table_size (ids), ==, MESSAGES);
  g_assert_cmpuint (duplicates, <=, killed_before_all_sent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/meso/outbox/two-processes", Fixture, NULL, set_up, test_two_processes,
              tear_down);
  g_test_add ("/meso/outbox/killed", Fixture, NULL, set_up, test_killed, tear_down);
  return g_test_run ();
}
