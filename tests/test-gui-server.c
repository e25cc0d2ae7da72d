/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server.c: the preferences' Clinic Server group, driven as a user
 * would, against the throw-away server of with-server.sh and a keyring of
 * its own (with-keyring.sh): Connect keeps the address in the settings and
 * the password in the keyring only; a wrong password or a missing field is
 * said under the form, which keeps what was typed, and nothing is kept.
 * The server stopped mid-session: the window says so, keeps the form, and
 * reconnects by itself once it is back. */
#include <libpq-fe.h>
#include <string.h>

#include "config.h"
#include "meso-lazy-page.h"
#include "meso-patient-editor.h"
#include "meso-preferences-window.h"
#include "meso-server-group.h"
#include "meso-server-login.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-server.h"
#include "meso-test-staff.h"
#include "meso-waitlist-window.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *group;
  GSettings *settings;
  char      *database;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *uri = NULL;

  meso_test_server_require ();
  uri = meso_test_server_database ();
  f->database = g_strdup (strrchr (uri, '/') + 1);
  f->settings = g_settings_new (APP_ID);
  f->group = meso_server_group_new ("/home/clinic/clinic.db");
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), f->group);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_settings_reset (f->settings, "server-host");
  g_settings_reset (f->settings, "server-port");
  g_settings_reset (f->settings, "server-database");
  g_settings_reset (f->settings, "server-user");
  g_clear_object (&f->settings);
  g_free (f->database);
}

static void
fill_in (Fixture    *f,
         const char *database,
         const char *password)
{
  meso_test_type_into (f->group, "host_row", g_getenv ("PGHOST"));
  meso_test_type_into (f->group, "port_row", g_getenv ("PGPORT"));
  meso_test_type_into (f->group, "database_row", database);
  meso_test_type_into (f->group, "user_row", g_getenv ("PGUSER"));
  meso_test_type_into (f->group, "password_row", password);
}

static gboolean
settled (gpointer data)
{
  Fixture *f = data;
  g_autofree char *host = g_settings_get_string (f->settings, "server-host");

  return *host != '\0' ||
         gtk_widget_get_visible (meso_test_get_widget (f->group, "error_label"));
}

static const char *
error_text (Fixture *f)
{
  GtkWidget *label = meso_test_get_widget (f->group, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static char *
kept_password (Fixture *f)
{
  MesoServerLogin login = { (char *) g_getenv ("PGHOST"), 0, f->database,
                            (char *) g_getenv ("PGUSER") };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  login.port = (guint) g_ascii_strtoull (g_getenv ("PGPORT"), NULL, 10);
  meso_server_login_lookup_password_async (&login, NULL, on_looked_up_cb, &result);
  meso_test_iterate_until (result_arrived, &result, "the keyring");
  password = meso_server_login_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

/* Connect: the clinic is made on the new database, the address is in the
 * settings and the password in the keyring, in no setting. */
static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  const char *password = g_getenv ("PGPASSWORD");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *host = NULL;

  fill_in (f, f->database, password);
  g_signal_emit_by_name (meso_test_get_widget (f->group, "connect_button"), "clicked");
  meso_test_iterate_until (settled, f, "the connection");
  g_assert_null (error_text (f));

  host = g_settings_get_string (f->settings, "server-host");
  g_assert_cmpstr (host, ==, g_getenv ("PGHOST"));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "server-port"), ==,
                    g_ascii_strtoull (g_getenv ("PGPORT"), NULL, 10));
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (f->settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, password));
    }
  kept = kept_password (f);
  g_assert_cmpstr (kept, ==, password);

  /* The clinic was made there, as on a first open. */
  {
    g_autofree char *uri = g_strdup_printf ("postgresql:///%s", f->database);
    PGconn *conn = PQconnectdb (uri);
    PGresult *result = PQexec (conn, "SELECT count(*) FROM mesodesk_schema");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    PQclear (result);
    PQfinish (conn);
  }
}

/* A wrong password is said under the form; nothing is kept anywhere, and
 * what was typed stays. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *host = NULL;
  g_autofree char *kept = NULL;

  fill_in (f, f->database, "not-the-password");
  g_signal_emit_by_name (meso_test_get_widget (f->group, "connect_button"), "clicked");
  meso_test_iterate_until (settled, f, "the refusal");
  g_assert_nonnull (strstr (error_text (f), "password"));
  g_assert_null (strstr (error_text (f), "not-the-password"));
  host = g_settings_get_string (f->settings, "server-host");
  g_assert_cmpstr (host, ==, "");
  kept = kept_password (f);
  g_assert_null (kept);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (f->group,
                                                                               "database_row"))),
                   ==, f->database);
  g_assert_true (gtk_widget_get_sensitive (meso_test_get_widget (f->group, "connect_button")));
}

/* A field left empty is named before anything is tried. */
static void
test_missing_database (Fixture       *f,
                       gconstpointer  data)
{
  fill_in (f, "", "whatever");
  g_signal_emit_by_name (meso_test_get_widget (f->group, "connect_button"), "clicked");
  g_assert_nonnull (strstr (error_text (f), "database"));
  meso_test_type_into (f->group, "port_row", "eighty");
  g_signal_emit_by_name (meso_test_get_widget (f->group, "connect_button"), "clicked");
  g_assert_nonnull (strstr (error_text (f), "65535"));
}

/* On a server, the page lists who is connected now: this computer. */
static void
test_workstations_listed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  MesoPreferencesWindow *preferences;
  GtkWidget *page;

  meso_test_server_require ();
  uri = meso_test_server_database ();
  context = meso_context_open (uri, FALSE, &error);
  g_assert_no_error (error);
  admin = meso_test_sign_in (meso_context_get_db (context), MESO_ROLE_ADMINISTRATOR,
                             "Selin Demir");
  preferences = meso_preferences_window_new (context);
  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  page = meso_test_get_widget (GTK_WIDGET (preferences), "server_page");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (page));
  meso_lazy_page_build_now (ADW_PREFERENCES_PAGE (page));
  g_assert_nonnull (meso_test_find_row (page, g_get_host_name ()));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Whether the banner @id of @root is shown. */
static gboolean
banner_shown (GtkWidget  *root,
              const char *id)
{
  GtkWidget *banner = meso_test_get_widget (root, id);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_first_child (banner)));
}

static gboolean
work_banner_shown_cb (gpointer window)
{
  return banner_shown (window, "work_banner");
}

/* The banner's Reconnect Now button, clicked. */
static void
click_reconnect (GtkWidget *root)
{
  GtkWidget *banner = meso_test_get_widget (root, "work_banner");
  GtkWidget *box = gtk_revealer_get_child (GTK_REVEALER (gtk_widget_get_first_child (banner)));

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child) &&
        g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), "_Reconnect Now") == 0)
      {
        g_signal_emit_by_name (child, "clicked");
        return;
      }
  g_error ("no Reconnect Now button in the banner");
}

static gboolean
one_patient_listed (gpointer window)
{
  GtkWidget *count = meso_test_get_widget (window, "count_label");

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (count)), "1 patient") == 0;
}

static void
server_ctl (const char *command)
{
  const char *argv[] = { g_getenv ("MESO_TEST_SERVER_CTL"), command, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

/* The server is stopped while the desk types a patient's phone: the banner
 * says so, Save is refused with a message and the phone stays in the form;
 * once the server is back the window reconnects by itself (no click), and
 * the same Save stores it. */
static void
test_connection_lost (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(MesoContext) context = NULL;
  g_autoptr(MesoPatient) stored = NULL;
  MesoWindow *window;
  MesoWaitlistWindow *waitlist;
  GtkWidget *editor;
  gint64 deadline;

  meso_test_server_require ();
  uri = meso_test_server_database ();
  context = meso_context_open (uri, FALSE, &error);
  g_assert_no_error (error);
  window = meso_test_show_window (context);
  meso_test_create_first_account (window, "Selin Demir");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-patient", NULL);
  editor = meso_test_get_widget (GTK_WIDGET (window), "editor");
  meso_test_type_into (GTK_WIDGET (window), "family_name_row", "Şahin");
  meso_test_type_into (GTK_WIDGET (window), "given_name_row", "Elif");
  gtk_widget_activate_action (editor, "editor.save", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (window), "Patient saved", TRUE);
  g_assert_false (banner_shown (GTK_WIDGET (window), "work_banner"));

  meso_test_type_into (GTK_WIDGET (window), "phone_row", "+90 532 123 45 67");
  server_ctl ("stop");
  meso_test_iterate_until (work_banner_shown_cb, window, "the banner");
  g_assert_false (meso_context_is_connected (context));
  /* A window of its own says so too. */
  waitlist = meso_waitlist_window_new (GTK_WINDOW (window), context);
  gtk_window_present (GTK_WINDOW (waitlist));
  g_assert_true (banner_shown (GTK_WIDGET (waitlist), "health_banner"));
  gtk_widget_activate_action (editor, "editor.save", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (window),
                             "Not saved: The clinic server cannot be reached", TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (GTK_WIDGET (window),
                                                                              "phone_row"))),
                   ==, "+90 532 123 45 67");
  g_assert_true (meso_patient_editor_is_dirty (MESO_PATIENT_EDITOR (editor)));

  /* Asked to try at once while the server is still down, it fails, and
   * goes on trying by itself. */
  click_reconnect (GTK_WIDGET (window));
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (banner_shown (GTK_WIDGET (window), "work_banner"));

  /* Tries again after 1, 2, 4, 8 ... s: well within a minute. */
  server_ctl ("start");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (banner_shown (GTK_WIDGET (window), "work_banner") &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (banner_shown (GTK_WIDGET (window), "work_banner"));
  g_assert_false (banner_shown (GTK_WIDGET (waitlist), "health_banner"));
  gtk_window_destroy (GTK_WINDOW (waitlist));
  /* The list that could not be read meanwhile is read again. */
  meso_test_iterate_until (one_patient_listed, window, "the patient list to be read again");
  gtk_widget_activate_action (editor, "editor.save", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (window), "Patient saved", TRUE);
  stored = meso_patient_store_load (meso_context_get_patient_store (context), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_PHONE), ==, "+90 532 123 45 67");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/gui/server/connect", test_connect);
  ADD ("/meso/gui/server/wrong-password", test_wrong_password);
  ADD ("/meso/gui/server/missing-database", test_missing_database);
#undef ADD
  g_test_add_func ("/meso/gui/server/workstations-listed", test_workstations_listed);
  g_test_add_func ("/meso/gui/server/connection-lost", test_connection_lost);
  return g_test_run ();
}
