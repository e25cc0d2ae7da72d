/* meso-application.c: the single-instance application: command line, opening
 * databases (refusing bad ones with a way out), about and demo actions. */
#define G_LOG_DOMAIN "meso-application"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-application.h"
#include "meso-backup.h"
#include "meso-window.h"

struct _MesoApplication
{
  AdwApplication        parent_instance;

  GtkFileChooserNative *chooser;
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
        g_strcmp0 (meso_db_get_path (meso_context_get_db (meso_window_get_context (l->data))),
                   path) == 0)
      return l->data;
  return NULL;
}

static void
on_chooser_response_cb (MesoApplication *self,
                        int              response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = g_file_get_path (file);

      open_database (self, path, FALSE);
    }
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

static void
open_database (MesoApplication *self,
               const char      *path,
               gboolean         is_demo)
{
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(GError) error = NULL;
  MesoWindow *window = find_window (self, path);

  if (window == NULL)
    {
      context = meso_context_open (path, is_demo, &error);
      if (context == NULL)
        {
          g_printerr ("mesodesk: %s\n", error->message);
          show_open_error (self, error);
          return;
        }
      window = meso_window_new (GTK_APPLICATION (self), context);
    }
  gtk_window_present (GTK_WINDOW (window));
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

static void
app_open_database (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  const char *path;
  gboolean is_demo;

  g_variant_get (parameter, "(&sb)", &path, &is_demo);
  open_database (user_data, path, is_demo);
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

  /* Close through each window so unsaved edits are offered for saving. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "open-demo", app_open_demo },
  { "open-database", app_open_database, "(sb)" },
  { "about", app_about },
  { "quit", app_quit },
};

static void
meso_application_startup (GApplication *application)
{
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
  gtk_application_set_accels_for_action (app, "win.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (app, "win.lock",
                                         (const char *[]) { "<Control>l", NULL });
}

static void
meso_application_activate (GApplication *application)
{
  MesoApplication *self = MESO_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = private_path (meso_db_default_path, &error);

  if (path == NULL)
    show_open_error (self, error);
  else
    open_database (self, path, FALSE);
}

static int
meso_application_command_line (GApplication            *application,
                               GApplicationCommandLine *command_line)
{
  MesoApplication *self = MESO_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *database = NULL;
  gboolean demo = FALSE;

  g_variant_dict_lookup (options, "database", "^ay", &database);
  g_variant_dict_lookup (options, "demo", "b", &demo);

  if (demo)
    app_open_demo (NULL, NULL, self);
  else if (database != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                              database);
      g_autofree char *path = g_file_get_path (file);

      open_database (self, path, FALSE);
    }
  else
    g_application_activate (application);
  return 0;
}

static char *
backup_folder_for (const char *database)
{
  g_autoptr(MesoDb) db = meso_db_open (database, NULL);
  g_autoptr(MesoClinic) clinic = db != NULL ? meso_clinic_load (db, NULL) : NULL;
  g_autofree char *db_folder = NULL;

  if (clinic != NULL)
    return meso_clinic_dup_backup_folder (clinic);
  /* A database too damaged to open still gets saved before a restore. */
  db_folder = g_path_get_dirname (database);
  return g_build_filename (db_folder, "backups", NULL);
}

/* --backup and --restore work on the file, for scripts and for a clinic
 * whose Mesodesk will not start; whoever may run them can already copy
 * the database file, so they ask for no PIN. */
static int
back_up_or_restore (const char *database,
                    const char *backup,
                    const char *restore)
{
  g_autoptr(GError) error = NULL;

  if (backup != NULL)
    {
      if (!meso_backup_write (database, backup, &error))
        {
          g_printerr ("mesodesk: %s\n", error->message);
          return 1;
        }
      g_print (_("Backed up %s to %s, and checked the copy.\n"), database, backup);
    }
  else
    {
      g_autofree char *folder = backup_folder_for (database);
      g_autofree char *saved_as = NULL;

      if (!meso_backup_restore (database, restore, folder, 0, &saved_as, &error))
        {
          g_printerr ("mesodesk: %s\n", error->message);
          return 1;
        }
      g_print (_("Restored %s from %s.\n"), database, restore);
      if (saved_as != NULL)
        g_print (_("The data it replaced is saved in %s.\n"), saved_as);
    }
  return 0;
}

/* --check, --backup, --restore and --version work on the terminal and
 * exit, with no window. */
static int
meso_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  g_autofree char *database = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *restore = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mesodesk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "backup", "^ay", &backup);
  g_variant_dict_lookup (options, "restore", "^ay", &restore);
  if (!g_variant_dict_contains (options, "check") && backup == NULL && restore == NULL)
    return -1;

  if (!g_variant_dict_lookup (options, "database", "^ay", &database))
    database = g_variant_dict_contains (options, "demo") ? meso_db_demo_path ()
                                                         : meso_db_default_path ();
  if (backup != NULL || restore != NULL)
    return back_up_or_restore (database, backup, restore);

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
meso_application_class_init (MesoApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = meso_application_startup;
  app_class->activate = meso_application_activate;
  app_class->command_line = meso_application_command_line;
  app_class->handle_local_options = meso_application_handle_local_options;
}

static const GOptionEntry options[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the clinic database at PATH instead of the default one"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo clinic, a separate database with sample patients"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the database (with --database, or the default one) and exit"), NULL },
  { "backup", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Back up the database to FILE, check the copy, and exit"), N_("FILE") },
  { "restore", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Replace the database with the backup FILE, after saving it in the backup folder, "
       "and exit"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static void
meso_application_init (MesoApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
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
