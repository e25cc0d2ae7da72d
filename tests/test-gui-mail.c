/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-mail.c: the preferences' E-mail group, driven as a user would,
 * against a real SMTP server on loopback (STARTTLS, a self-signed
 * certificate, a login) and a keyring of its own (with-keyring.sh). A test
 * message says what went wrong under the form (a certificate nobody
 * trusts, a wrong password) and keeps what was typed; Save keeps the
 * settings in the clinic and the password in the keyring only, and the
 * clinic's outbox then sends through them; a bad sender's address saves
 * nothing. */
#include <string.h>

#include "meso-mail-group.h"
#include "meso-mail-password.h"
#include "meso-message-rules-group.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-outbox.h"
#include "meso-test-session.h"
#include "meso-test-smtp.h"

typedef struct
{
  char         *dir;
  MesoContext  *context;
  MesoStaff    *admin;
  MesoTestSmtp  smtp;
  GtkWidget    *window;
  GtkWidget    *group;
} Fixture;

#define SENDER "randevu@klinik.example"

static void
show_group (Fixture *f)
{
  f->group = meso_mail_group_new (f->context);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), f->group);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                                "Administrator");
  meso_test_smtp_start (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, "127.0.0.1");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  meso_test_smtp_clear (&f->smtp);
  g_clear_object (&f->admin);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* As another workstation saved it: the test server, trusted by its own
 * certificate, without the password (each computer keeps its own). */
static void
save_server_elsewhere (Fixture *f)
{
  g_auto(MesoMailServer) server = { 0 };
  g_autoptr(GError) error = NULL;

  meso_test_smtp_server (&f->smtp, MESO_MAIL_SECURITY_STARTTLS, &server);
  g_free (server.sender_address);
  server.sender_address = g_strdup (SENDER);
  g_assert_true (meso_clinic_set_mail_server (meso_context_get_clinic (f->context), &server,
                                              &error));
  g_assert_no_error (error);
}

static void
fill_in (Fixture    *f,
         const char *password)
{
  g_autofree char *port = g_strdup_printf ("%u", f->smtp.port);

  meso_test_type_into (f->group, "host_row", "127.0.0.1");
  meso_test_type_into (f->group, "port_row", port);
  meso_test_type_into (f->group, "user_row", MESO_TEST_SMTP_USER);
  meso_test_type_into (f->group, "password_row", password);
  meso_test_type_into (f->group, "sender_name_row", "Klinik Saç");
  meso_test_type_into (f->group, "sender_address_row", SENDER);
}

static gboolean
status_settled (gpointer data)
{
  GtkWidget *label = meso_test_get_widget (data, "status_label");

  return gtk_widget_get_visible (label) &&
         !g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), "…");
}

/* Clicks @button (a user could: it is sensitive) and waits for what the
 * group says, which it returns. */
static const char *
click_and_wait (Fixture    *f,
                const char *button)
{
  GtkWidget *widget = meso_test_get_widget (f->group, button);

  g_assert_true (gtk_widget_is_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
  meso_test_iterate_until (status_settled, f->group, "the e-mail group's answer");
  return gtk_label_get_text (GTK_LABEL (meso_test_get_widget (f->group, "status_label")));
}

static void
assert_has (const char *text,
            const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not in “%s”", expected, text);
}

static const char *
text_of (Fixture    *f,
         const char *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (f->group, row)));
}

static gboolean
two_arrived (gpointer smtp)
{
  return meso_test_smtp_count (smtp) == 2;
}

/* Queues a confirmation to a new patient who agreed, as a booking would. */
static void
queue_confirmation (Fixture    *f,
                    const char *address)
{
  gint64 patient = meso_test_add_emailed_patient (f->context, "García", "Lucía", address, TRUE);

  g_assert_true (meso_test_queue_message (f->context, meso_context_get_outbox (f->context),
                                          patient, "event:1", address,
                                          "Su cita de mañana",
                                          meso_clock_get_now (meso_context_get_clock (f->context))));
}

static char *
kept_password (Fixture *f)
{
  g_auto(MesoMailServer) server = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  meso_clinic_get_mail_server (meso_context_get_clinic (f->context), &server);
  meso_mail_password_lookup_async (&server, NULL, meso_test_keep_result_cb, &result);
  password = meso_mail_password_lookup_finish (meso_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return password;
}

/* The server's own certificate, trusted by nobody yet: said under the
 * form; nothing is saved, and what was typed stays. */
static void
test_untrusted (Fixture       *f,
                gconstpointer  data)
{
  show_group (f);
  fill_in (f, MESO_TEST_SMTP_PASSWORD);

  assert_has (click_and_wait (f, "test_button"), "could not prove it is that server");
  g_assert_true (gtk_widget_has_css_class (meso_test_get_widget (f->group, "status_label"),
                                           "error"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "127.0.0.1");
  g_assert_cmpstr (text_of (f, "password_row"), ==, MESO_TEST_SMTP_PASSWORD);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 0);
  g_assert_cmpstr (meso_clinic_get_text (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_MAIL_HOST), ==, "");
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  save_server_elsewhere (f);
  show_group (f);
  meso_test_type_into (f->group, "password_row", "wrong");

  assert_has (click_and_wait (f, "test_button"), "refused the user name or password");
  g_assert_cmpstr (text_of (f, "password_row"), ==, "wrong");
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 0);
}

/* Saved with its password, the clinic's e-mail goes out: a test message
 * with the kept password, and a patient's queued message, once. */
static void
test_save_then_send (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *password = NULL;
  g_autoptr(GKeyFile) test_message = NULL;
  g_autoptr(GKeyFile) patient_message = NULL;
  g_autofree char *to = NULL;

  save_server_elsewhere (f);
  show_group (f);
  meso_test_type_into (f->group, "password_row", MESO_TEST_SMTP_PASSWORD);
  assert_has (click_and_wait (f, "save_button"), "Saved");
  password = kept_password (f);
  g_assert_cmpstr (password, ==, MESO_TEST_SMTP_PASSWORD);
  g_assert_cmpstr (text_of (f, "password_row"), ==, "");

  /* The field is empty: the keyring's password is used. */
  assert_has (click_and_wait (f, "test_button"), "A test message was sent to " SENDER);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 1);
  test_message = meso_test_smtp_message (&f->smtp, 1);
  to = g_key_file_get_string (test_message, "message", "envelope_to", NULL);
  g_assert_cmpstr (to, ==, SENDER ";");

  meso_context_start_sending (f->context);
  queue_confirmation (f, "lucia@paciente.example");
  meso_test_iterate_until (two_arrived, &f->smtp, "the patient's message");
  patient_message = meso_test_smtp_message (&f->smtp, 2);
  g_free (to);
  to = g_key_file_get_string (patient_message, "message", "envelope_to", NULL);
  g_assert_cmpstr (to, ==, "lucia@paciente.example;");
}

static gboolean
one_arrived (gpointer smtp)
{
  return meso_test_smtp_count (smtp) == 1;
}

/* A login whose password this computer does not keep: the group says so,
 * and the outbox waits rather than fail every message on a refused login;
 * once the password is saved, the message goes. */
static void
test_password_missing (Fixture       *f,
                       gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);

  save_server_elsewhere (f);
  show_group (f);
  meso_test_iterate_until (status_settled, f->group, "the missing password");
  assert_has (gtk_label_get_text (GTK_LABEL (meso_test_get_widget (f->group, "status_label"))),
              "keeps no password");

  meso_context_start_sending (f->context);
  queue_confirmation (f, "lucia@paciente.example");
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM message"
                                            " WHERE state = 'queued' AND attempts = 0"), ==, 1);
  g_assert_cmpuint (meso_test_smtp_count (&f->smtp), ==, 0);

  meso_test_type_into (f->group, "password_row", MESO_TEST_SMTP_PASSWORD);
  assert_has (click_and_wait (f, "save_button"), "Saved");
  meso_test_iterate_until (one_arrived, &f->smtp, "the waiting message");
}

static void
test_bad_sender (Fixture       *f,
                 gconstpointer  data)
{
  show_group (f);
  fill_in (f, MESO_TEST_SMTP_PASSWORD);
  meso_test_type_into (f->group, "sender_address_row", "randevu");

  assert_has (click_and_wait (f, "save_button"), "Use an e-mail address");
  g_assert_cmpstr (text_of (f, "sender_address_row"), ==, "randevu");
  g_assert_cmpstr (meso_clinic_get_text (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_MAIL_HOST), ==, "");
}

static guint
stored (Fixture          *f,
        MesoClinicNumber  number)
{
  g_autoptr(MesoClinic) clinic = meso_clinic_load (meso_context_get_db (f->context), NULL);

  return meso_clinic_get_number (clinic, number);
}

/* The rules for patients' messages are saved as soon as changed, and only
 * by staff who may change the clinic's settings. */
static void
test_message_rules (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = NULL;
  GtkWidget *row, *time_row;

  f->group = meso_message_rules_group_new (f->context);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), f->group);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_is_sensitive (f->group));

  row = meso_test_find_row (f->group, "Confirmation the Day Before");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (meso_test_find_by_type (row,
                                                                            GTK_TYPE_SWITCH))));
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_by_type (row, GTK_TYPE_SWITCH)), FALSE);
  g_assert_cmpuint (stored (f, MESO_CLINIC_MESSAGE_CONFIRMATION), ==, 0);

  row = meso_test_find_row (f->group, "Days Ahead of the Next Session");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_find_by_type (row,
                                                                      GTK_TYPE_SPIN_BUTTON)), 3);
  g_assert_cmpuint (stored (f, MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS), ==, 3);

  time_row = meso_test_find_row (f->group, "Confirmations and Announcements Go At");
  gtk_editable_set_text (GTK_EDITABLE (time_row), "25:00");
  g_assert_cmpuint (stored (f, MESO_CLINIC_MESSAGE_MINUTE), ==, 10 * 60);
  gtk_editable_set_text (GTK_EDITABLE (time_row), "09:30");
  g_assert_cmpuint (stored (f, MESO_CLINIC_MESSAGE_MINUTE), ==, 9 * 60 + 30);
  gtk_window_destroy (GTK_WINDOW (f->window));

  receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                    "Deniz Kaya");
  f->group = meso_message_rules_group_new (f->context);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), f->group);
  g_assert_false (gtk_widget_is_sensitive (f->group));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/gui/mail/untrusted", test_untrusted);
  ADD ("/meso/gui/mail/wrong-password", test_wrong_password);
  ADD ("/meso/gui/mail/save-then-send", test_save_then_send);
  ADD ("/meso/gui/mail/password-missing", test_password_missing);
  ADD ("/meso/gui/mail/bad-sender", test_bad_sender);
  ADD ("/meso/gui/mail/message-rules", test_message_rules);
#undef ADD
  return g_test_run ();
}
