/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-group.c: the preferences' E-mail group. Save keeps the
 * server's settings in the clinic's database (all or none) and the
 * password in this computer's keyring; Send a Test Message sends, in a
 * worker, one message to the sender's own address with what the form says
 * now, saved or not. What fails is said under the form, which keeps what
 * was typed. */
#include <glib/gi18n.h>
#include <string.h>

#include "meso-file-chooser.h"
#include "meso-mail-group.h"
#include "meso-mail-password.h"
#include "meso-row-error.h"

struct _MesoMailGroup
{
  AdwPreferencesGroup   parent_instance;

  AdwEntryRow          *host_row;
  AdwComboRow          *security_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  AdwEntryRow          *sender_name_row;
  AdwEntryRow          *sender_address_row;
  AdwActionRow         *certificate_row;
  GtkButton            *clear_certificate_button;
  GtkButton            *choose_certificate_button;
  GtkButton            *test_button;
  GtkButton            *save_button;
  GtkLabel             *status_label;

  MesoContext          *context;
  GCancellable         *cancellable;
  GtkFileChooserNative *certificate_chooser;
  char                 *certificate;   /* PEM, or NULL: the system's authorities */
};

G_DEFINE_FINAL_TYPE (MesoMailGroup, meso_mail_group, ADW_TYPE_PREFERENCES_GROUP)

/* Says @message under the form, as an error about @field (or the form)
 * or, with @field %NULL and not @is_error, as news. */
static void
show_status (MesoMailGroup *self,
             GtkWidget     *field,
             const char    *message,
             gboolean       is_error)
{
  meso_row_error_show_label (self->status_label, field, message);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
}

/* While a test or a save is under way, neither starts again. */
static void
set_busy (MesoMailGroup *self,
          gboolean       busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_certificate_row (MesoMailGroup *self)
{
  adw_action_row_set_subtitle (self->certificate_row,
                               self->certificate != NULL
                                 ? _("Only this certificate is trusted")
                                 : _("None: the system’s certificate authorities are trusted"));
  gtk_widget_set_visible (GTK_WIDGET (self->clear_certificate_button), self->certificate != NULL);
}

/* The row that shows the clinic's text @field; %NULL for none. */
static GtkWidget *
row_for (MesoMailGroup  *self,
         MesoClinicText  field)
{
  switch ((int) field)
    {
    case MESO_CLINIC_MAIL_HOST:
      return GTK_WIDGET (self->host_row);
    case MESO_CLINIC_MAIL_USER:
      return GTK_WIDGET (self->user_row);
    case MESO_CLINIC_MAIL_SENDER_NAME:
      return GTK_WIDGET (self->sender_name_row);
    case MESO_CLINIC_MAIL_SENDER_ADDRESS:
      return GTK_WIDGET (self->sender_address_row);
    case MESO_CLINIC_MAIL_CERTIFICATE:
      return GTK_WIDGET (self->certificate_row);
    default:
      return NULL;
    }
}

/* Reads the form into @out_server. Returns: %FALSE with the problem said
 * under the form if a part cannot be used. */
static gboolean
read_form (MesoMailGroup  *self,
           MesoMailServer *out_server)
{
  g_autofree char *port_text = g_strstrip (g_strdup (text_of (self->port_row)));
  GtkWidget *fields[] = { GTK_WIDGET (self->host_row), GTK_WIDGET (self->port_row),
                          GTK_WIDGET (self->user_row), GTK_WIDGET (self->sender_name_row),
                          GTK_WIDGET (self->sender_address_row),
                          GTK_WIDGET (self->certificate_row) };
  g_autofree char *problem = NULL;
  MesoClinicText field;
  guint64 port = 0;

  /* An error said before no longer describes its field. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (fields[i]),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if (*port_text != '\0' && !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    {
      show_status (self, GTK_WIDGET (self->port_row),
                   _("A port is a number from 1 to 65535; leave it empty for the usual one."),
                   TRUE);
      return FALSE;
    }
  *out_server = (MesoMailServer) {
    .host = g_strstrip (g_strdup (text_of (self->host_row))),
    .port = (guint) port,
    .security = MIN (adw_combo_row_get_selected (self->security_row), MESO_MAIL_SECURITY_NONE),
    .user = g_strstrip (g_strdup (text_of (self->user_row))),
    .sender_name = g_strstrip (g_strdup (text_of (self->sender_name_row))),
    .sender_address = g_strstrip (g_strdup (text_of (self->sender_address_row))),
    .certificate = g_strdup (self->certificate),
  };
  /* The clinic's own rules, said beside the field at fault. */
  problem = meso_clinic_check_mail_server (out_server, &field);
  if (problem == NULL)
    return TRUE;
  show_status (self, row_for (self, field), problem, TRUE);
  meso_mail_server_clear (out_server);
  return FALSE;
}

static void
on_password_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MesoMailGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!meso_mail_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      message = g_strdup_printf (_("The settings were saved, but your keyring could not keep "
                                   "the password: %s"), error->message);
      show_status (self, GTK_WIDGET (self->password_row), message, TRUE);
      return;
    }
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  meso_context_mail_password_changed (self->context);
  show_status (self, NULL, _("Saved. The password is kept in this computer’s keyring."), FALSE);
}

/* Whether this computer's keyring keeps the login's password: without it
 * nothing is sent (the outbox waits). */
static gboolean
password_is_kept (GAsyncResult  *result,
                  gboolean      *out_cancelled)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = meso_mail_password_lookup_finish (result, &error);

  *out_cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  return password != NULL;
}

static void
on_kept_after_save_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MesoMailGroup) self = user_data;
  gboolean cancelled;
  gboolean kept = password_is_kept (result, &cancelled);

  if (cancelled)
    return;
  set_busy (self, FALSE);
  if (kept)
    show_status (self, NULL, _("Saved"), FALSE);
  else
    show_status (self, GTK_WIDGET (self->password_row),
                 _("Saved, but this computer keeps no password for this login: nothing is "
                   "sent until you type it and save again."), TRUE);
}

/* On opening, said only while nothing else is. */
static void
on_kept_on_open_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MesoMailGroup) self = user_data;
  gboolean cancelled;
  gboolean kept = password_is_kept (result, &cancelled);

  if (!cancelled && !kept && !gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    show_status (self, GTK_WIDGET (self->password_row),
                 _("This computer keeps no password for this login: nothing is sent until "
                   "you type it and save."), TRUE);
}

static void
on_save_button_clicked_cb (MesoMailGroup *self)
{
  g_auto(MesoMailServer) server = { 0 };
  g_autoptr(GError) error = NULL;
  const char *password = text_of (self->password_row);

  if (!read_form (self, &server))
    return;
  if (!meso_clinic_set_mail_server (meso_context_get_clinic (self->context), &server, &error))
    {
      show_status (self, NULL, error->message, TRUE);
      return;
    }
  if (*server.host == '\0' || *server.user == '\0')
    {
      show_status (self, NULL, _("Saved"), FALSE);
      return;
    }
  set_busy (self, TRUE);
  show_status (self, NULL, _("Saving…"), FALSE);
  if (*password == '\0')
    {
      meso_mail_password_lookup_async (&server, self->cancellable, on_kept_after_save_cb,
                                       g_object_ref (self));
      return;
    }
  meso_mail_password_store_async (&server, password, self->cancellable, on_password_stored_cb,
                                  g_object_ref (self));
}

/* What the worker sends: the server as the form says, to its sender. */
typedef struct
{
  MesoMailServer  server;
  char           *password;
  MesoMail        mail;
} TestRun;

static void
test_run_free (TestRun *run)
{
  meso_mail_server_clear (&run->server);
  if (run->password != NULL)
    memset (run->password, 0, strlen (run->password));
  g_free (run->password);
  meso_mail_clear (&run->mail);
  g_free (run);
}

static void
send_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TestRun *run = task_data;
  GError *error = NULL;

  if (meso_mail_send (&run->server, run->password, &run->mail, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_test_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MesoMailGroup *self = MESO_MAIL_GROUP (source);
  TestRun *run = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_status (self, NULL, error->message, TRUE);
      return;
    }
  set_busy (self, FALSE);
  message = g_strdup_printf (_("A test message was sent to %s. Look for it in that mailbox."),
                             run->mail.to_address);
  show_status (self, NULL, message, FALSE);
}

static void
send_test (MesoMailGroup *self,
           TestRun       *run)
{
  MesoClock *clock = meso_context_get_clock (self->context);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (meso_clock_get_now (clock));
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_test_sent_cb, NULL);

  run->mail.to_name = g_strdup (run->server.sender_name);
  run->mail.to_address = g_strdup (run->server.sender_address);
  run->mail.subject = g_strdup (_("Mesodesk test message"));
  run->mail.body = g_strdup (_("Mesodesk sent this message to check the clinic’s e-mail "
                               "settings. Messages to patients go out the same way.\n"));
  run->mail.message_id = g_strdup_printf ("mesodesk.test.%" G_GINT64_FORMAT ".%08x%s",
                                          meso_clock_get_now (clock), g_random_int (),
                                          strrchr (run->server.sender_address, '@'));
  run->mail.date = g_date_time_to_timezone (utc, meso_clock_get_zone (clock));
  g_task_set_task_data (task, run, (GDestroyNotify) test_run_free);
  g_task_run_in_thread (task, send_in_thread);
}

static void
on_test_password_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MesoMailGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  TestRun *run = g_object_steal_data (G_OBJECT (self), "test-run");
  g_autofree char *password = meso_mail_password_lookup_finish (result, &error);

  if (run == NULL)
    return;
  if (error != NULL)
    {
      test_run_free (run);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_status (self, GTK_WIDGET (self->password_row), error->message, TRUE);
      return;
    }
  run->password = g_steal_pointer (&password);
  send_test (self, run);
}

static void
on_test_button_clicked_cb (MesoMailGroup *self)
{
  TestRun *run = g_new0 (TestRun, 1);
  g_autofree char *message = NULL;

  if (!read_form (self, &run->server))
    {
      g_free (run);
      return;
    }
  if (*run->server.host == '\0')
    {
      test_run_free (run);
      show_status (self, GTK_WIDGET (self->host_row),
                   _("Use the mail server’s name, such as smtp.example.com."), TRUE);
      return;
    }
  set_busy (self, TRUE);
  message = g_strdup_printf (_("Sending a test message to %s…"), run->server.sender_address);
  show_status (self, NULL, message, FALSE);
  /* An empty password field means the one kept in the keyring. */
  if (*text_of (self->password_row) != '\0')
    {
      run->password = g_strdup (text_of (self->password_row));
      send_test (self, run);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "test-run", run, (GDestroyNotify) test_run_free);
  meso_mail_password_lookup_async (&run->server, self->cancellable, on_test_password_cb,
                                   g_object_ref (self));
}

static void
on_certificate_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(MesoMailGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *problem = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, GTK_WIDGET (self->certificate_row), error->message, TRUE);
      return;
    }
  /* A NUL inside would cut the text short; an empty file is no certificate. */
  if (memchr (contents, '\0', length) != NULL || *g_strstrip (contents) == '\0')
    problem = g_strdup (_("Choose the server’s certificate: a PEM file that begins with "
                          "“-----BEGIN CERTIFICATE-----”."));
  else
    problem = meso_clinic_check_text (MESO_CLINIC_MAIL_CERTIFICATE, contents);
  if (problem != NULL)
    {
      show_status (self, GTK_WIDGET (self->certificate_row), problem, TRUE);
      return;
    }
  g_free (self->certificate);
  self->certificate = g_steal_pointer (&contents);
  update_certificate_row (self);
  show_status (self, NULL, _("Save to trust this certificate on every workstation."), FALSE);
}

static void
on_certificate_chooser_response_cb (MesoMailGroup *self,
                                    int            response)
{
  g_autofree char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->certificate_chooser),
                                                      response);
  g_autoptr(GFile) file = NULL;

  g_clear_object (&self->certificate_chooser);
  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  g_file_load_contents_async (file, self->cancellable, on_certificate_loaded_cb,
                              g_object_ref (self));
}

static void
on_choose_certificate_button_clicked_cb (MesoMailGroup *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  self->certificate_chooser =
    gtk_file_chooser_native_new (_("Choose the Mail Server’s Certificate"),
                                 GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->certificate_chooser), filter);
  g_signal_connect_swapped (self->certificate_chooser, "response",
                            G_CALLBACK (on_certificate_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->certificate_chooser));
}

static void
on_clear_certificate_button_clicked_cb (MesoMailGroup *self)
{
  g_clear_pointer (&self->certificate, g_free);
  update_certificate_row (self);
  show_status (self, NULL, _("Save to trust the system’s certificate authorities again."), FALSE);
}

static void
meso_mail_group_dispose (GObject *object)
{
  MesoMailGroup *self = MESO_MAIL_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  if (self->certificate_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->certificate_chooser));
  g_clear_object (&self->certificate_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_MAIL_GROUP);

  G_OBJECT_CLASS (meso_mail_group_parent_class)->dispose (object);
}

static void
meso_mail_group_finalize (GObject *object)
{
  MesoMailGroup *self = MESO_MAIL_GROUP (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_free (self->certificate);

  G_OBJECT_CLASS (meso_mail_group_parent_class)->finalize (object);
}

static void
meso_mail_group_class_init (MesoMailGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_mail_group_dispose;
  object_class->finalize = meso_mail_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-mail-group.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, host_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, security_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, port_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, user_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, sender_name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, sender_address_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, clear_certificate_button);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, choose_certificate_button);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, test_button);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, save_button);
  gtk_widget_class_bind_template_child (widget_class, MesoMailGroup, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_certificate_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_certificate_button_clicked_cb);
}

static void
meso_mail_group_init (MesoMailGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * meso_mail_group_new:
 *
 * The E-mail group, filled with @context's clinic's mail settings.
 */
GtkWidget *
meso_mail_group_new (MesoContext *context)
{
  MesoMailGroup *self = g_object_new (MESO_TYPE_MAIL_GROUP, NULL);
  g_auto(MesoMailServer) server = { 0 };
  g_autofree char *port = NULL;

  self->context = g_object_ref (context);
  meso_clinic_get_mail_server (meso_context_get_clinic (context), &server);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), server.host);
  adw_combo_row_set_selected (self->security_row, server.security);
  if (server.port != 0)
    port = g_strdup_printf ("%u", server.port);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port != NULL ? port : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), server.user);
  gtk_editable_set_text (GTK_EDITABLE (self->sender_name_row), server.sender_name);
  gtk_editable_set_text (GTK_EDITABLE (self->sender_address_row), server.sender_address);
  self->certificate = *server.certificate != '\0' ? g_strdup (server.certificate) : NULL;
  update_certificate_row (self);
  if (*server.host != '\0' && *server.user != '\0')
    meso_mail_password_lookup_async (&server, self->cancellable, on_kept_on_open_cb,
                                     g_object_ref (self));
  return GTK_WIDGET (self);
}
