/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-smtp.h: a real SMTP server on loopback for a test
 * (tests/smtp-server.py, aiosmtpd): started and stopped by the test, with
 * a self-signed certificate, the login clinic / secret, and each message
 * it takes readable as a GKeyFile of its decoded headers, body and
 * attachments. */
#pragma once

#include <gio/gio.h>

#include "meso-mail.h"
#include "meso-test-util.h"

typedef struct
{
  char        *dir;
  guint        port;
  GSubprocess *process;
} MesoTestSmtp;

#define MESO_TEST_SMTP_USER "clinic"
#define MESO_TEST_SMTP_PASSWORD "secret"

/* Starts the server in @dir (its certificate there, made once, for
 * @cert_name), on @port or a free one: again on the same port after a
 * stop, as a server back up. */
static inline void
meso_test_smtp_start_in (MesoTestSmtp     *smtp,
                         const char       *dir,
                         MesoMailSecurity  security,
                         const char       *cert_name,
                         guint             port)
{
  static const char * const securities[] = { "starttls", "tls", "none" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *line = NULL;
  const char *script = g_getenv ("MESO_TEST_SMTP_SERVER");

  g_assert_nonnull (script);
  if (smtp->dir != dir)
    {
      g_free (smtp->dir);
      smtp->dir = g_strdup (dir);
    }
  smtp->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error, "/usr/bin/python3",
                                    script, "--dir", dir, "--security", securities[security],
                                    "--cert-name", cert_name, "--port", port_text, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (smtp->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  smtp->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (smtp->port, >, 0);
}

static inline void
meso_test_smtp_start (MesoTestSmtp     *smtp,
                      MesoMailSecurity  security,
                      const char       *cert_name)
{
  smtp->dir = meso_test_make_dir ();
  meso_test_smtp_start_in (smtp, smtp->dir, security, cert_name, 0);
}

/* Stops the server; the messages stay for the test to read. */
static inline void
meso_test_smtp_stop (MesoTestSmtp *smtp)
{
  if (smtp->process == NULL)
    return;
  g_subprocess_send_signal (smtp->process, SIGTERM);
  g_assert_true (g_subprocess_wait (smtp->process, NULL, NULL));
  g_clear_object (&smtp->process);
}

static inline void
meso_test_smtp_clear (MesoTestSmtp *smtp)
{
  meso_test_smtp_stop (smtp);
  if (smtp->dir != NULL)
    meso_test_remove_tree (smtp->dir);
  g_clear_pointer (&smtp->dir, g_free);
}

/* The server's self-signed certificate (PEM), as a clinic would trust it;
 * %NULL for a server without TLS. */
static inline char *
meso_test_smtp_dup_certificate (MesoTestSmtp *smtp)
{
  g_autofree char *path = g_build_filename (smtp->dir, "server.crt", NULL);
  char *pem = NULL;

  if (!g_file_get_contents (path, &pem, NULL, NULL))
    return NULL;
  return pem;
}

/* The server as Mesodesk's settings would name it, trusting its
 * certificate alone. */
static inline void
meso_test_smtp_server (MesoTestSmtp     *smtp,
                       MesoMailSecurity  security,
                       MesoMailServer   *out_server)
{
  out_server->host = g_strdup ("127.0.0.1");
  out_server->port = smtp->port;
  out_server->security = security;
  out_server->user = security == MESO_MAIL_SECURITY_NONE ? NULL : g_strdup (MESO_TEST_SMTP_USER);
  out_server->sender_name = g_strdup ("Klinik Saç, İstanbul");
  out_server->sender_address = g_strdup ("randevu@klinik.example");
  out_server->certificate = meso_test_smtp_dup_certificate (smtp);
}

static inline guint
meso_test_smtp_count (MesoTestSmtp *smtp)
{
  g_autoptr(GDir) dir = g_dir_open (smtp->dir, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    count += g_str_has_suffix (name, ".message");
  return count;
}

/* The @n-th message the server took, from 1. */
static inline GKeyFile *
meso_test_smtp_message (MesoTestSmtp *smtp,
                        guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%04u.message", n);
  g_autofree char *path = g_build_filename (smtp->dir, name, NULL);
  GKeyFile *message = g_key_file_new ();

  g_key_file_load_from_file (message, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return message;
}
