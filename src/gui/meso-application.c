/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-application.c: the single-instance application: command line, opening
 * databases (refusing bad ones with a way out), about and demo actions, and
 * each open database's reminders, which may outlive its window. */
#define G_LOG_DOMAIN "meso-application"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "config.h"
#include "meso-agenda-keeper.h"
#include "meso-application.h"
#include "meso-backup-command.h"
#include "meso-command-line.h"
#include "meso-patient-command.h"
#include "meso-db-copy.h"
#include "meso-file-chooser.h"
#include "meso-handout-print.h"
#include "meso-output-file.h"
#include "meso-server-login.h"
#include "meso-window.h"

struct _MesoApplication
{
  AdwApplication        parent_instance;

  GtkFileChooserNative *chooser;
  GSettings            *settings;
  GHashTable           *notifiers;        /* database path -> MesoNotifier */
  gboolean              held_for_reminders;
};

G_DEFINE_FINAL_TYPE (MesoApplication, meso_application, ADW_TYPE_APPLICATION)

static void open_database (MesoApplication *self, const char *path, gboolean is_demo);

/* The window already showing @path, if any: one window per database. */
static MesoWindow *
find_window (MesoApplication *self,
             const char      *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MESO_IS_WINDOW (l->data) &&
        g_strcmp0 (meso_context_get_address (meso_window_get_context (l->data)), path) == 0)
      return l->data;
  return NULL;
}

static void
on_chooser_response_cb (MesoApplication *self,
                        int              response)
{
  g_autofree char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->chooser), response);

  if (path != NULL)
    open_database (self, path, FALSE);
  g_clear_object (&self->chooser);
  g_application_release (G_APPLICATION (self));
}

static void
choose_database (MesoApplication *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Mesodesk databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  self->chooser = gtk_file_chooser_native_new (_("Open a Clinic Database"), NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  g_application_hold (G_APPLICATION (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_open_error_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           MesoApplication  *self)
{
  if (g_strcmp0 (response, "choose") == 0)
    choose_database (self);
}

/* Explains why @path was refused and offers another file. The file itself
 * has not been touched: the checks only read it. */
static void
show_open_error (MesoApplication *self,
                 const GError    *error)
{
  GtkWidget *dialog;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *body = g_strdup_printf ("%s\n\n%s", error->message,
                                           _("Mesodesk has not changed the file."));

  dialog = adw_message_dialog_new (parent, _("Cannot Open the Clinic Database"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", parent != NULL ? _("_Close") : _("_Quit"),
                                    "choose", _("C_hoose Another File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "choose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_error_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Keeps running with no window while the workstation wants reminders in
 * the background (and stops when it no longer does). */
static void
update_hold (MesoApplication *self,
             gboolean         wanted)
{
  if (wanted == self->held_for_reminders)
    return;
  self->held_for_reminders = wanted;
  if (wanted)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
on_run_in_background_changed_cb (MesoApplication *self)
{
  update_hold (self, g_settings_get_boolean (self->settings, "run-in-background"));
}

static MesoWindow *
window_for_notifier (MesoApplication *self,
                     MesoNotifier    *notifier)
{
  MesoContext *context = meso_notifier_get_context (notifier);
  const char *path = meso_context_get_address (context);
  MesoWindow *window = find_window (self, path);

  if (window == NULL)
    {
      window = meso_window_new (GTK_APPLICATION (self), context);
      meso_window_set_notifier (window, notifier);
    }
  return window;
}

/* A notification was clicked: its window shows what it is about, once
 * someone has signed in. */
static void
on_notifier_open_cb (MesoNotifier    *notifier,
                     gint64           reminder_id,
                     MesoApplication *self)
{
  MesoWindow *window = window_for_notifier (self, notifier);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-reminder", "x", reminder_id);
}

/* The agendas are kept for the clinic this workstation works on, not for
 * the demo's. */
static void
follow_agendas (MesoApplication *self,
                MesoContext     *context)
{
  g_autofree char *folder = NULL;

  if (g_settings_get_boolean (self->settings, "keep-agendas") && !meso_context_is_demo (context))
    folder = meso_agenda_keeper_dup_default_folder ();
  meso_context_keep_agendas (context, folder);
}

static void
on_keep_agendas_changed_cb (MesoApplication *self)
{
  GHashTableIter iter;
  MesoNotifier *notifier;

  g_hash_table_iter_init (&iter, self->notifiers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &notifier))
    if (meso_notifier_get_started (notifier))
      follow_agendas (self, meso_notifier_get_context (notifier));
}

/* The quick checks ran in meso_context_open(); the full one reads the
 * whole file in a worker thread, started with the reminders: after the
 * window's first frame, or at once in the background. What it finds shows
 * in the window's banner. The outbox's e-mail starts going out then too,
 * and the agendas are written. */
static void
on_notifier_started_cb (MesoNotifier    *notifier,
                        GParamSpec      *pspec,
                        MesoApplication *self)
{
  meso_context_verify_async (meso_notifier_get_context (notifier));
  meso_context_start_sending (meso_notifier_get_context (notifier));
  follow_agendas (self, meso_notifier_get_context (notifier));
}

/* Returns: (transfer none) (nullable): the reminders of the database at
 * @path, opened if need be but not started; %NULL if it cannot be opened. */
static MesoNotifier *
ensure_notifier (MesoApplication  *self,
                 const char       *path,
                 gboolean          is_demo,
                 GError          **error)
{
  g_autoptr(MesoContext) context = NULL;
  MesoNotifier *notifier = g_hash_table_lookup (self->notifiers, path);

  if (notifier != NULL)
    return notifier;
  context = meso_context_open (path, is_demo, error);
  if (context == NULL)
    return NULL;
  notifier = meso_notifier_new (context);
  g_signal_connect_object (notifier, "notify::started", G_CALLBACK (on_notifier_started_cb), self,
                           0);
  g_signal_connect_object (notifier, "open", G_CALLBACK (on_notifier_open_cb), self, 0);
  g_hash_table_insert (self->notifiers, g_strdup (path), notifier);
  return notifier;
}

static void
open_database (MesoApplication *self,
               const char      *path,
               gboolean         is_demo)
{
  g_autoptr(GError) error = NULL;
  MesoNotifier *notifier = ensure_notifier (self, path, is_demo, &error);

  if (notifier == NULL)
    {
      g_printerr ("mesodesk: %s\n", error->message);
      show_open_error (self, error);
      return;
    }
  gtk_window_present (GTK_WINDOW (window_for_notifier (self, notifier)));
}

/* Mesodesk's own folders are created, private; a path the user names is not. */
static char *
private_path (char    *(*default_path) (void),
              GError  **error)
{
  g_autofree char *path = default_path ();

  if (!meso_db_ensure_private_folder (path, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
app_open_demo (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  MesoApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = private_path (meso_db_demo_path, &error);

  if (path == NULL)
    show_open_error (self, error);
  else
    open_database (self, path, TRUE);
}

/* Whether @window shows another database than @path: it is a main window
 * of another database, or was opened from one. */
static gboolean
shows_other_database (GtkWindow  *window,
                      const char *path)
{
  GtkWindow *root = window;

  while (gtk_window_get_transient_for (root) != NULL)
    root = gtk_window_get_transient_for (root);
  return MESO_IS_WINDOW (root) &&
         g_strcmp0 (meso_context_get_address (meso_window_get_context (MESO_WINDOW (root))), path) != 0;
}

/* Opens the database at @path afresh, with new reminders: after a restore,
 * the old connection and caches belong to the data that was replaced. Every
 * window that may hold them closes first, whichever window started the
 * restore and whether or not it is still open: an editor left open would
 * save its patient over whoever has that id in the restored data. */
static void
app_reopen_database (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  MesoApplication *self = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);
  const char *path;
  gboolean is_demo;

  g_variant_get (parameter, "(&sb)", &path, &is_demo);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *window = g_list_model_get_item (toplevels, i);

      if (shows_other_database (window, path))
        g_object_unref (window);
      else
        g_ptr_array_add (windows, window);
    }
  g_application_hold (G_APPLICATION (self));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
  g_hash_table_remove (self->notifiers, path);
  open_database (self, path, is_demo);
  g_application_release (G_APPLICATION (self));
}

static void
app_about (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Mesodesk developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Mesodesk",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Mesodesk developers"),
                         "developers", developers,
                         "comments", _("Practice management for hair mesotherapy clinics: "
                                       "patients, screening, courses and handouts."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Mesodesk developers",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
app_quit (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = user_data;

  /* Quitting stops the reminders too; the windows close through each one,
   * so that unsaved edits are offered for saving. */
  update_hold (MESO_APPLICATION (app), FALSE);
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "open-demo", app_open_demo },
  { "reopen-database", app_reopen_database, "(sb)" },
  { "about", app_about },
  { "quit", app_quit },
};

static void
meso_application_startup (GApplication *application)
{
  MesoApplication *self = MESO_APPLICATION (application);
  GtkApplication *app = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (meso_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (app, "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (app, "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (app, "win.new-patient",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (app, "win.find-patient",
                                         (const char *[]) { "<Control>f", NULL });
  gtk_application_set_accels_for_action (app, "win.show-page('today')",
                                         (const char *[]) { "<Alt>1", NULL });
  gtk_application_set_accels_for_action (app, "win.show-page('calendar')",
                                         (const char *[]) { "<Alt>2", NULL });
  gtk_application_set_accels_for_action (app, "win.show-page('patients')",
                                         (const char *[]) { "<Alt>3", NULL });
  gtk_application_set_accels_for_action (app, "win.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (app, "win.lock",
                                         (const char *[]) { "<Control>l", NULL });

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (on_run_in_background_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::keep-agendas",
                           G_CALLBACK (on_keep_agendas_changed_cb), self, G_CONNECT_SWAPPED);
  on_run_in_background_changed_cb (self);
}

static void
meso_application_shutdown (GApplication *application)
{
  MesoApplication *self = MESO_APPLICATION (application);

  g_hash_table_remove_all (self->notifiers);
  g_clear_object (&self->settings);

  G_APPLICATION_CLASS (meso_application_parent_class)->shutdown (application);
}

/* A clinic to open once its server's password is known: in a window, or
 * in the background for its reminders. */
typedef struct
{
  MesoApplication *self;
  MesoServerLogin  login;
  char            *address;
  gboolean         is_demo;
  gboolean         background;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_object_unref (job->self);
  meso_server_login_clear (&job->login);
  g_free (job->address);
  g_free (job);
}

/* Returns: %FALSE with @error when the background's clinic cannot be
 * opened (a window's says so itself). */
static gboolean
open_now (MesoApplication  *self,
          const char       *address,
          gboolean          is_demo,
          gboolean          background,
          GError          **error)
{
  MesoNotifier *notifier;

  if (!background)
    {
      open_database (self, address, is_demo);
      return TRUE;
    }
  notifier = ensure_notifier (self, address, FALSE, error);
  if (notifier == NULL)
    return FALSE;
  /* No window, no frame to wait for. */
  meso_notifier_start (notifier);
  update_hold (self, TRUE);
  return TRUE;
}

static void
on_server_password_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  OpenJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = meso_server_login_lookup_password_finish (result, &error);
  g_autofree char *uri = NULL;

  /* Without one the server may still trust this computer, or says why not. */
  if (error != NULL)
    g_message ("No password from the keyring: %s", error->message);
  uri = password != NULL ? meso_server_login_to_uri (&job->login, password)
                         : g_strdup (job->address);
  g_clear_error (&error);
  if (!open_now (job->self, uri, job->is_demo, job->background, &error))
    g_printerr ("mesodesk: %s\n", error->message);
  g_application_release (G_APPLICATION (job->self));
  open_job_free (job);
}

/* Opens @address; a clinic server's without a password gets the one the
 * keyring keeps for it (Preferences, Clinic Server), so that neither the
 * settings nor the session's autostart file ever hold it. */
static gboolean
open_address (MesoApplication  *self,
              const char       *address,
              gboolean          is_demo,
              gboolean          background,
              GError          **error)
{
  OpenJob *job = g_new0 (OpenJob, 1);
  gboolean has_password = FALSE;

  if (!meso_db_is_server_address (address) ||
      !meso_server_login_from_uri (address, &job->login, &has_password) || has_password)
    {
      meso_server_login_clear (&job->login);
      g_free (job);
      return open_now (self, address, is_demo, background, error);
    }
  job->self = g_object_ref (self);
  job->address = g_strdup (address);
  job->is_demo = is_demo;
  job->background = background;
  g_application_hold (G_APPLICATION (self));
  meso_server_login_lookup_password_async (&job->login, NULL, on_server_password_cb, job);
  return TRUE;
}

/* Returns: (transfer full): the clinic this workstation works on: its
 * clinic server's address (without the password) from the settings, or
 * the default file. */
static char *
workstation_address (MesoApplication  *self,
                     GError          **error)
{
  g_auto(MesoServerLogin) login = { NULL };

  login.host = g_settings_get_string (self->settings, "server-host");
  if (*login.host == '\0')
    return private_path (meso_db_default_path, error);
  login.port = g_settings_get_uint (self->settings, "server-port");
  login.database = g_settings_get_string (self->settings, "server-database");
  login.user = g_settings_get_string (self->settings, "server-user");
  return meso_server_login_to_uri (&login, NULL);
}

static void
meso_application_activate (GApplication *application)
{
  MesoApplication *self = MESO_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = workstation_address (self, &error);

  if (address == NULL)
    show_open_error (self, error);
  else
    open_address (self, address, FALSE, FALSE, NULL);
}

/* The database the command line's @arg names: a clinic server's address
 * as it is, a file's path against the caller's folder. Returns: (transfer
 * full) (nullable): it, or %NULL with @error for another kind of address. */
static char *
database_for_arg (GApplicationCommandLine  *command_line,
                  const char               *arg,
                  GError                  **error)
{
  g_autoptr(GFile) file = NULL;
  char *path;

  if (meso_db_is_server_address (arg))
    return g_strdup (arg);
  file = g_application_command_line_create_file_for_arg (command_line, arg);
  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("“%s” is neither a file on this computer nor a clinic server’s address "
                   "(postgresql://user@host/database)."), arg);
  return path;
}

static int
meso_application_command_line (GApplication            *application,
                               GApplicationCommandLine *command_line)
{
  MesoApplication *self = MESO_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *database = NULL;
  g_autoptr(GError) error = NULL;
  gboolean demo = FALSE;

  g_variant_dict_lookup (options, "database", "^ay", &database);
  g_variant_dict_lookup (options, "demo", "b", &demo);

  if (g_variant_dict_contains (options, "background"))
    {
      g_autofree char *path = database != NULL
                                ? database_for_arg (command_line, database, &error)
                                : workstation_address (self, &error);

      if (path == NULL || !open_address (self, path, FALSE, TRUE, &error))
        {
          g_application_command_line_printerr (command_line, "mesodesk: %s\n", error->message);
          return 1;
        }
    }
  else if (demo && database == NULL)
    app_open_demo (NULL, NULL, self);
  else if (database != NULL)
    {
      g_autofree char *path = database_for_arg (command_line, database, &error);

      /* --demo --database URI: the demo clinic, made on a clinic server. */
      if (path == NULL)
        show_open_error (self, error);
      else
        open_address (self, path, demo, FALSE, NULL);
    }
  else
    g_application_activate (application);
  return 0;
}

/* --print-handout, --check and --backup only read the database: a mistyped
 * path must not become a new, empty clinic (nor its folder be created). */
static gboolean
require_database (const char *database)
{
  GStatBuf st;

  /* A server's database is made by whoever runs the server. */
  if (meso_db_is_server_address (database))
    return TRUE;
  if (g_stat (database, &st) == 0 ? S_ISREG (st.st_mode) && st.st_size == 0 : errno == ENOENT)
    {
      g_printerr (_("mesodesk: there is no clinic database at %s. Check the path (--database "
                    "PATH); this command only reads a database and never creates one.\n"),
                  database);
      return FALSE;
    }
  return TRUE;
}

/* --print-handout works on the file, like --backup: whoever can run it can
 * read the database, so it reads as a physician would, without a PIN. It
 * writes nothing but the PDF, and never over the database or, unless
 * --force, over any existing file. */
static int
print_handout (const char *database,
               gboolean    demo,
               const char *type,
               gint64      session,
               gint64      patient,
               const char *output,
               gboolean    force,
               const char *paper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(MesoStaff) reader = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *paper_problem = paper != NULL ? meso_clinic_check_text (MESO_CLINIC_PAPER, paper)
                                                 : NULL;
  MesoHandoutKind kind;

  /* The record summary is handed over with the whole record, whose export
   * the audit trail records: --export-patient writes it. The progress
   * handout's photos are printed by someone signed in, whose reads the
   * photo store audits: from the photos window. */
  if (!meso_handout_kind_from_code (type, &kind) || kind == MESO_HANDOUT_RECORD_SUMMARY ||
      kind == MESO_HANDOUT_PROGRESS)
    {
      g_printerr (_("mesodesk: the handout types are aftercare, schedule, record and "
                    "instructions.\n"));
      return 2;
    }
  if (output == NULL || (session == 0 && (kind != MESO_HANDOUT_SCHEDULE || patient == 0)))
    {
      g_printerr (_("mesodesk: give --session ID (or, for a schedule, --patient ID) and "
                    "--output FILE.pdf.\n"));
      return 2;
    }
  if (paper_problem != NULL)
    {
      g_printerr (_("mesodesk: --paper is a4 or letter.\n"));
      return 2;
    }
  if (!require_database (database))
    return 1;
  if (!meso_output_file_check (output, database, force, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_printerr (_("mesodesk: %s Add --force to replace it.\n"), error->message);
      else
        g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  /* Pango needs a display's font setup: the PDF is drawn as for a printer. */
  if (!gtk_init_check ())
    {
      g_printerr (_("mesodesk: printing needs a graphical session.\n"));
      return 1;
    }

  context = meso_context_open (database, demo, &error);
  if (context != NULL)
    {
      reader = meso_staff_new (0, "mesodesk --print-handout", MESO_ROLE_PHYSICIAN, TRUE);
      meso_staff_store_set_actor (meso_context_get_staff_store (context), reader);
      now = meso_clock_dup_now (meso_context_get_clock (context));
      handout = meso_handout_build (context, kind, session, patient, now, &error);
    }
  if (handout == NULL ||
      !meso_handout_print_export (handout,
                                  paper != NULL ? paper
                                                : meso_clinic_get_text (meso_context_get_clinic (context),
                                                                        MESO_CLINIC_PAPER),
                                  output, &error))
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  return 0;
}

/* --copy-to: the file stays as it was; the server gets all or nothing. */
static int
copy_to_server (const char *database,
                const char *uri)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!meso_db_copy_to_server (database, uri, report, &error))
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  g_print ("%s", report->str);
  return 0;
}

static int
run_patient_command (GVariantDict *options,
            const char   *database,
            const char   *file)
{
  g_autofree char *staff = NULL;
  g_autofree char *pin_file = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *output = NULL;
  MesoPatientCommand command = { database, file, 0, NULL, FALSE, NULL, NULL, NULL };

  g_variant_dict_lookup (options, "staff", "s", &staff);
  g_variant_dict_lookup (options, "pin-file", "^ay", &pin_file);
  g_variant_dict_lookup (options, "encoding", "s", &encoding);
  g_variant_dict_lookup (options, "export-patient", "x", &command.export_id);
  g_variant_dict_lookup (options, "output", "^ay", &output);
  command.output = output;
  command.dry_run = g_variant_dict_contains (options, "dry-run");
  command.staff = staff;
  command.pin_file = pin_file;
  command.encoding = encoding;
  return meso_patient_command_run (&command);
}

/* --check, --backup, --restore, --print-handout and --version work on the
 * terminal and exit, with no window. */
static int
meso_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  g_autofree char *database = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *restore = NULL;
  g_autofree char *report = NULL;
  g_autofree char *handout = NULL;
  g_autofree char *output = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *copy_to = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *import_file = NULL;
  g_autoptr(GError) error = NULL;
  gint64 session = 0, patient = 0;
  int refused = meso_command_line_refuse_conflicts (options);

  if (refused >= 0)
    return refused;
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mesodesk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "backup", "^ay", &backup);
  g_variant_dict_lookup (options, "restore", "^ay", &restore);
  g_variant_dict_lookup (options, "print-handout", "s", &handout);
  g_variant_dict_lookup (options, "copy-to", "s", &copy_to);
  g_variant_dict_lookup (options, "import-patients", "^ay", &import_file);
  if (!g_variant_dict_contains (options, "check") && backup == NULL && restore == NULL &&
      handout == NULL && copy_to == NULL && import_file == NULL &&
      !g_variant_dict_contains (options, "undo-import") &&
      !g_variant_dict_contains (options, "export-patient"))
    return -1;

  if (!g_variant_dict_lookup (options, "database", "^ay", &database))
    database = g_variant_dict_contains (options, "demo") ? meso_db_demo_path ()
                                                         : meso_db_default_path ();
  if (handout != NULL)
    {
      g_variant_dict_lookup (options, "session", "x", &session);
      g_variant_dict_lookup (options, "patient", "x", &patient);
      g_variant_dict_lookup (options, "output", "^ay", &output);
      g_variant_dict_lookup (options, "paper", "s", &paper);
      return print_handout (database, g_variant_dict_contains (options, "demo"), handout,
                            session, patient, output, g_variant_dict_contains (options, "force"),
                            paper);
    }
  /* A restore may create the database (onto a new disk); the rest only read it. */
  if (restore == NULL && !require_database (database))
    return 1;
  if (backup != NULL || restore != NULL)
    {
      g_variant_dict_lookup (options, "passphrase-file", "^ay", &passphrase_file);
      return meso_backup_command_run (database, backup, restore,
                                      g_variant_dict_contains (options, "encrypt"),
                                      passphrase_file);
    }
  if (copy_to != NULL)
    return copy_to_server (database, copy_to);
  if (import_file != NULL || g_variant_dict_contains (options, "undo-import") ||
      g_variant_dict_contains (options, "export-patient"))
    return run_patient_command (options, database, import_file);

  report = meso_db_check (database, &error);
  if (report == NULL)
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  g_print ("%s", report);
  return 0;
}

static void
meso_application_finalize (GObject *object)
{
  MesoApplication *self = MESO_APPLICATION (object);

  g_clear_pointer (&self->notifiers, g_hash_table_unref);

  G_OBJECT_CLASS (meso_application_parent_class)->finalize (object);
}

static void
meso_application_class_init (MesoApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = meso_application_finalize;

  app_class->startup = meso_application_startup;
  app_class->activate = meso_application_activate;
  app_class->command_line = meso_application_command_line;
  app_class->shutdown = meso_application_shutdown;
  app_class->handle_local_options = meso_application_handle_local_options;
}

static void
meso_application_init (MesoApplication *self)
{
  self->notifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_application_add_main_option_entries (G_APPLICATION (self), meso_command_line_options);
}

MesoApplication *
meso_application_new (void)
{
  return g_object_new (MESO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/mesodesk/Mesodesk",
                       NULL);
}
