/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-send-worker.c: the outbox's sender in a process of its own, for
 * test-outbox-kill, which kills it at random moments:
 *
 *   meso-send-worker DATABASE PORT CERTIFICATE NOW
 *
 * opens the clinic at DATABASE, and sends its outbox through the SMTP
 * server on 127.0.0.1:PORT (STARTTLS, the test server's login, trusting
 * the certificate in the file CERTIFICATE), its clock stopped at NOW (a
 * Unix time), until SIGTERM. */
#include <glib-unix.h>
#include <stdlib.h>

#include "meso-context.h"
#include "meso-test-smtp.h"

static gboolean
on_term_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(MesoContext) worker = NULL;
  g_autoptr(MesoClock) clock = NULL;
  g_autoptr(MesoMailSender) sender = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  MesoMailServer server = { 0 };

  if (argc != 5)
    {
      g_printerr ("usage: meso-send-worker DATABASE PORT CERTIFICATE NOW\n");
      return 2;
    }
  context = meso_context_open (argv[1], FALSE, &error);
  if (context == NULL)
    g_error ("%s", error->message);
  clock = meso_clock_new_fixed (meso_context_get_clinic (context),
                                g_ascii_strtoll (argv[4], NULL, 10));
  worker = meso_context_open_worker (context, clock, &error);
  if (worker == NULL)
    g_error ("%s", error->message);
  sender = meso_mail_sender_new (worker);

  server.host = g_strdup ("127.0.0.1");
  server.port = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  server.security = MESO_MAIL_SECURITY_STARTTLS;
  server.user = g_strdup (MESO_TEST_SMTP_USER);
  server.sender_address = g_strdup ("randevu@klinik.example");
  if (!g_file_get_contents (argv[3], &server.certificate, NULL, &error))
    g_error ("%s", error->message);
  meso_mail_sender_set_server (sender, &server, MESO_TEST_SMTP_PASSWORD);
  meso_mail_server_clear (&server);

  g_unix_signal_add (SIGTERM, on_term_cb, loop);
  g_main_loop_run (loop);
  meso_mail_sender_stop (sender);
  return 0;
}
