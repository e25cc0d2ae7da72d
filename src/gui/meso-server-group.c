/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-server-group.c: the preferences' Clinic Server group. Connect tries
 * the server first (in a worker: connecting, and making the clinic in a new
 * database, may take seconds), then keeps the password in the keyring and
 * the address in this workstation's settings, then opens the clinic there.
 * What fails is said under the form, which keeps what was typed. */
#include <glib/gi18n.h>

#include "config.h"
#include "meso-db.h"
#include "meso-row-error.h"
#include "meso-server-group.h"
#include "meso-server-login.h"

struct _MesoServerGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *host_row;
  AdwEntryRow         *port_row;
  AdwEntryRow         *database_row;
  AdwEntryRow         *user_row;
  AdwEntryRow         *password_row;
  AdwActionRow        *status_row;
  GtkButton           *use_file_button;
  GtkButton           *connect_button;
  GtkLabel            *error_label;

  GSettings           *settings;
  GCancellable        *cancellable;
  MesoServerLogin      login;      /* the one being connected */
  char                *uri;        /* its address, password included */
};

G_DEFINE_FINAL_TYPE (MesoServerGroup, meso_server_group, ADW_TYPE_PREFERENCES_GROUP)

static void
show_error (MesoServerGroup *self,
            GtkWidget       *field,
            const char      *message)
{
  meso_row_error_show_label (self->error_label, field, message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), TRUE);
}

static void
open_clinic (MesoServerGroup *self,
             const char      *address)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.reopen-database", "(sb)", address, FALSE);
}

static void
on_password_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MesoServerGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!meso_server_login_store_password_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Without the keyring the password could only be kept in a file. */
      message = g_strdup_printf (_("The server accepted the password, but your keyring could "
                                   "not keep it, so the clinic was not switched: %s"),
                                 error->message);
      show_error (self, GTK_WIDGET (self->password_row), message);
      return;
    }
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "server-host", self->login.host);
  g_settings_set_uint (self->settings, "server-port", self->login.port);
  g_settings_set_string (self->settings, "server-database", self->login.database);
  g_settings_set_string (self->settings, "server-user", self->login.user);
  g_settings_apply (self->settings);
  open_clinic (self, self->uri);
}

static void
connect_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (task_data, &error);

  if (db != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MesoServerGroup *self = MESO_SERVER_GROUP (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, GTK_WIDGET (self->host_row), error->message);
      return;
    }
  meso_server_login_store_password_async (&self->login,
                                          gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                          self->cancellable, on_password_stored_cb,
                                          g_object_ref (self));
}

/* The port field: empty for PostgreSQL's own, else digits only. */
static gboolean
read_port (MesoServerGroup *self,
           guint           *out_port)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  guint64 port = 0;

  *out_port = 0;
  if (*text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    return FALSE;
  *out_port = (guint) port;
  return TRUE;
}

static void
on_connect_button_clicked_cb (MesoServerGroup *self)
{
  g_autofree char *problem = NULL;
  g_autoptr(GTask) task = NULL;
  guint port;

  meso_server_login_clear (&self->login);
  if (!read_port (self, &port))
    {
      show_error (self, GTK_WIDGET (self->port_row),
                  _("A port is a number from 1 to 65535; leave it empty for 5432."));
      return;
    }
  self->login.host = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row)));
  self->login.port = port;
  self->login.database = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->database_row)));
  self->login.user = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row)));
  problem = meso_server_login_check (&self->login);
  if (problem != NULL)
    {
      show_error (self, GTK_WIDGET (*self->login.host == '\0' ? self->host_row
                                    : *self->login.database == '\0' ? self->database_row
                                    : self->user_row), problem);
      return;
    }

  show_error (self, NULL, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), FALSE);
  g_free (self->uri);
  self->uri = meso_server_login_to_uri (&self->login,
                                        gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  task = g_task_new (self, self->cancellable, on_connected_cb, NULL);
  g_task_set_task_data (task, g_strdup (self->uri), g_free);
  g_task_run_in_thread (task, connect_in_thread);
}

static void
on_use_file_button_clicked_cb (MesoServerGroup *self)
{
  g_autofree char *path = meso_db_default_path ();

  g_settings_reset (self->settings, "server-host");
  open_clinic (self, path);
}

static void
meso_server_group_dispose (GObject *object)
{
  MesoServerGroup *self = MESO_SERVER_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_SERVER_GROUP);

  G_OBJECT_CLASS (meso_server_group_parent_class)->dispose (object);
}

static void
meso_server_group_finalize (GObject *object)
{
  MesoServerGroup *self = MESO_SERVER_GROUP (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  meso_server_login_clear (&self->login);
  g_free (self->uri);

  G_OBJECT_CLASS (meso_server_group_parent_class)->finalize (object);
}

static void
meso_server_group_class_init (MesoServerGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_server_group_dispose;
  object_class->finalize = meso_server_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-server-group.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, host_row);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, port_row);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, database_row);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, user_row);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, use_file_button);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, connect_button);
  gtk_widget_class_bind_template_child (widget_class, MesoServerGroup, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_use_file_button_clicked_cb);
}

static void
meso_server_group_init (MesoServerGroup *self)
{
  g_autofree char *port = NULL;
  g_autofree char *host = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  host = g_settings_get_string (self->settings, "server-host");
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  if (g_settings_get_uint (self->settings, "server-port") != 0)
    port = g_strdup_printf ("%u", g_settings_get_uint (self->settings, "server-port"));
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port != NULL ? port : "");
  database = g_settings_get_string (self->settings, "server-database");
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database);
  user = g_settings_get_string (self->settings, "server-user");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_widget_set_visible (GTK_WIDGET (self->use_file_button), *host != '\0');
}

/**
 * meso_server_group_new:
 * @current_path: the clinic open now, shown (a server's without its password)
 */
GtkWidget *
meso_server_group_new (const char *current_path)
{
  MesoServerGroup *self = g_object_new (MESO_TYPE_SERVER_GROUP, NULL);

  adw_action_row_set_subtitle (self->status_row, current_path);
  return GTK_WIDGET (self);
}
