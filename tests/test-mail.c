/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mail.c: e-mail through a real SMTP server on loopback (aiosmtpd,
 * tests/smtp-server.py). What arrives: a Turkish aftercare message with its
 * PDF, names and subject in any script, the date and Message-ID; over
 * STARTTLS with a login and over implicit TLS. What is refused, with a
 * clear message and nothing sent: a wrong password, a certificate for
 * another name or from nobody trusted, a recipient the server refuses, an
 * address that is not one, a server that is down, STARTTLS not offered. */
#include <glib/gstdio.h>

#include "meso-mail.h"
#include "meso-test-smtp.h"

/* The bytes of a tiny PDF: what matters is that they arrive unchanged. */
static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

typedef struct
{
  MesoTestSmtp    smtp;
  MesoMailServer  server;
  MesoMail        mail;
} Fixture;

static void
set_up_mail (Fixture *f)
{
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("Europe/Istanbul");
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);

  f->mail.to_name = g_strdup ("Ayşe Yılmaz");
  f->mail.to_address = g_strdup ("ayse@hasta.example");
  f->mail.subject = g_strdup ("Bakım sonrası: ilk yıkama ve güneşten korunma, 2. seans");
  f->mail.body = g_strdup ("Sayın Ayşe Yılmaz,\n\nSaçınızı yarın yıkayabilirsiniz.\n"
                           ".\nBu mesajları almak istemiyorsanız kliniği arayın.\n");
  f->mail.message_id = g_strdup ("42.outbox@klinik.example");
  f->mail.date = g_date_time_new (istanbul, 2026, 12, 7, 9, 30, 0);
  meso_mail_add_attachment (&f->mail, "bakım-sonrası.pdf", "application/pdf", bytes);
}

static void
set_up_starttls (Fixture       *f,
                 gconstpointer  data)
{
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1");
  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, &f->server);
  set_up_mail (f);
}

static void
set_up_tls (Fixture       *f,
            gconstpointer  data)
{
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_TLS, "127.0.0.1");
  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_TLS, &f->server);
  set_up_mail (f);
}

/* A certificate for another name than the address Mesodesk connects to. */
static void
set_up_other_name (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, "mail.other.example");
  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, &f->server);
  set_up_mail (f);
}

/* A server that offers no STARTTLS. */
static void
set_up_plain (Fixture       *f,
              gconstpointer  data)
{
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_NONE, "127.0.0.1");
  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, &f->server);
  set_up_mail (f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  meso_test_smtp_clear (&f->smtp);
  meso_mail_server_clear (&f->server);
  meso_mail_clear (&f->mail);
}

static void
assert_arrived (Fixture *f)
{
  g_autoptr(GKeyFile) message = NULL;
  g_autofree char *pdf_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                          (const guchar *) pdf, sizeof pdf - 1);
  g_autofree char *body = NULL;

  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 1);
  message = meso_test_smtp_message (&f->smtp, 1);
#define ASSERT_FIELD(group, key, expected)                                       \
  G_STMT_START {                                                                 \
    g_autofree char *value = g_key_file_get_string (message, group, key, NULL); \
    g_assert_cmpstr (value, ==, expected);                                       \
  } G_STMT_END
  ASSERT_FIELD ("message", "envelope_from", "randevu@klinik.example");
  ASSERT_FIELD ("message", "envelope_to", "ayse@hasta.example;");
  ASSERT_FIELD ("message", "from", "\"Klinik Saç, İstanbul\" <randevu@klinik.example>");
  ASSERT_FIELD ("message", "to", "Ayşe Yılmaz <ayse@hasta.example>");
  ASSERT_FIELD ("message", "subject", f->mail.subject);
  ASSERT_FIELD ("message", "date", "Mon, 07 Dec 2026 09:30:00 +0300");
  ASSERT_FIELD ("message", "message_id", "<42.outbox@klinik.example>");
  ASSERT_FIELD ("message", "mime_version", "1.0");
  ASSERT_FIELD ("message", "attachments", "1");
  ASSERT_FIELD ("attachment0", "file_name", "bakım-sonrası.pdf");
  ASSERT_FIELD ("attachment0", "content_type", "application/pdf");
  ASSERT_FIELD ("attachment0", "sha256", pdf_sha);
#undef ASSERT_FIELD
  /* The body as written, its lone "." line too (which would end the
   * message in SMTP unless escaped). */
  body = g_key_file_get_string (message, "message", "body", NULL);
  g_assert_cmpstr (body, ==, f->mail.body);
}

static void
test_sent (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_mail_send (&f->server, MESO_TEST_SMTP_PASSWORD, &f->mail, NULL, &error));
  g_assert_no_error (error);
  assert_arrived (f);
}

static void
assert_refused (Fixture      *f,
                const char   *password,
                MesoMailError code,
                gboolean      temporary,
                const char   *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (meso_mail_send (&f->server, password, &f->mail, NULL, &error));
  g_assert_error (error, MESO_MAIL_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_cmpint (meso_mail_error_is_temporary (error), ==, temporary);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 0);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  assert_refused (f, "not-the-password", MESO_MAIL_ERROR_LOGIN, FALSE, "password");
}

static void
test_other_name (Fixture       *f,
                 gconstpointer  data)
{
  assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_CERTIFICATE, FALSE, "127.0.0.1");
}

/* The server's own certificate, trusted by nobody the system knows. */
static void
test_untrusted (Fixture       *f,
                gconstpointer  data)
{
  g_clear_pointer (&f->server.certificate, g_free);
  assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_CERTIFICATE, FALSE, NULL);
}

static void
test_refused_recipient (Fixture       *f,
                        gconstpointer  data)
{
  g_free (f->mail.to_address);
  f->mail.to_address = g_strdup ("nobody@refused.example");
  assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_REFUSED, FALSE,
                  "No such mailbox here");
}

static void
test_not_an_address (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bad[] = {
    "ayse.hasta.example", "ayse@", "@hasta.example", "ayse@hasta", "ayse@@hasta.example",
    "ayse yilmaz@hasta.example", "ayse@hasta.example>\r\nRCPT TO:<x@y.example",
    "ayse@hasta..example", "ayse@.hasta.example", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_free (f->mail.to_address);
      f->mail.to_address = g_strdup (bad[i]);
      assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_INVALID, FALSE, NULL);
    }
  g_assert_true (meso_mail_address_is_valid ("şule.koç@örnek.example"));
  g_free (f->server.sender_address);
  f->server.sender_address = g_strdup ("randevu");
  g_free (f->mail.to_address);
  f->mail.to_address = g_strdup ("ayse@hasta.example");
  assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_INVALID, FALSE, "randevu");
}

/* Down, then back on the same port: the first try is worth repeating,
 * the second arrives. */
static void
test_server_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  meso_test_smtp_stop (&f->smtp);
  assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_UNREACHABLE, TRUE, "127.0.0.1");
  meso_test_smtp_start_in (&f->smtp, f->smtp.dir, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1",
                           f->smtp.port);
  g_assert_true (meso_mail_send (&f->server, MESO_TEST_SMTP_PASSWORD, &f->mail, NULL, &error));
  g_assert_no_error (error);
  assert_arrived (f);
}

static void
test_no_starttls (Fixture       *f,
                  gconstpointer  data)
{
  assert_refused (f, MESO_TEST_SMTP_PASSWORD, MESO_MAIL_ERROR_NO_TLS, FALSE, "STARTTLS");
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (meso_mail_send (&f->server, MESO_TEST_SMTP_PASSWORD, &f->mail, cancellable,
                                  &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, set_up, test) \
  g_test_add ("/meso/mail/" path, Fixture, NULL, set_up, test, tear_down)
  ADD ("starttls", set_up_starttls, test_sent);
  ADD ("implicit-tls", set_up_tls, test_sent);
  ADD ("wrong-password", set_up_starttls, test_wrong_password);
  ADD ("certificate-for-another-name", set_up_other_name, test_other_name);
  ADD ("certificate-untrusted", set_up_starttls, test_untrusted);
  ADD ("recipient-refused", set_up_starttls, test_refused_recipient);
  ADD ("not-an-address", set_up_starttls, test_not_an_address);
  ADD ("server-down", set_up_starttls, test_server_down);
  ADD ("no-starttls", set_up_plain, test_no_starttls);
  ADD ("cancelled", set_up_starttls, test_cancelled);
#undef ADD

  return g_test_run ();
}
