/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-restore.c: a restore from the preferences closes every window of
 * the database and opens it afresh. A patient is open in the editor with an
 * unsaved change; the backup restored holds another patient under that id;
 * the preferences are closed before the restore ends. Afterwards no editor
 * holds the old patient, and saving cannot write it over the other one. */
#include <adwaita.h>

#include "meso-application.h"
#include "meso-backup.h"
#include "meso-patients-page.h"
#include "meso-preferences-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-window.h"

/* The chooser selects a file set on it once it has read its folder. */
static gboolean
chooser_has_file (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL && g_str_has_suffix (g_file_peek_path (file), "/backup.db");
}

/* Whether any window shows a patient form holding @family. */
static gboolean
form_holds (const char *family)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *row = meso_test_find_widget (window, "family_name_row");

      if (row != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), family) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_restore_closes_editor (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoApplication) app = meso_application_new ();
  g_autoptr(GFile) backup_file = g_file_new_for_path (backup);
  g_autoptr(MesoStaff) admin = meso_staff_new (0, "Test Administrator", MESO_ROLE_ADMINISTRATOR,
                                               TRUE);
  MesoTestReopened r = { NULL };
  MesoWindow *window;
  GtkWindow *preferences;
  GtkWindow *chooser;
  GtkWindow *confirm;
  MesoPatientsPage *page;
  gint64 id;

  id = meso_test_make_clinic (path, "Alpha");
  g_assert_cmpint (meso_test_make_clinic (other, "Berg"), ==, id);
  g_assert_true (meso_backup_write (other, backup, admin, NULL, &error));
  g_assert_no_error (error);

  window = meso_test_open_in_app (app, path);
  meso_test_iterate_until (meso_test_window_shown, window, "the window");
  meso_test_enter_pin (GTK_WIDGET (window), 0, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, window, "the sign-in");

  /* Alpha in the editor, with a change not saved yet. */
  meso_test_show_work_page (window, "patients");
  page = MESO_PATIENTS_PAGE (meso_test_find_by_type (GTK_WIDGET (window),
                                                     MESO_TYPE_PATIENTS_PAGE));
  meso_patients_page_show_patient (page, id);
  g_assert_true (form_holds ("Alpha"));
  meso_test_type_into (GTK_WIDGET (window), "given_name_row", "Ada Maria");

  /* Preferences, Restore…, the backup, Restore; the preferences closed at once. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (MESO_TYPE_PREFERENCES_WINDOW),
                           "the preferences");
  preferences = meso_test_find_toplevel (MESO_TYPE_PREFERENCES_WINDOW);
  /* The Backups page is built when shown. */
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (meso_test_get_widget (
                                             GTK_WIDGET (preferences), "backups_page")));
  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (preferences), "restore_button"),
                         "clicked");
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG),
                           "the file chooser");
  chooser = meso_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), backup_file, &error));
  g_assert_no_error (error);
  meso_test_iterate_until (chooser_has_file, chooser, "the backup to be selected");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the question");
  confirm = meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  meso_test_answer_restore (&r, window, confirm);
  gtk_window_destroy (preferences);

  meso_test_iterate_until (meso_test_reopened, &r, "the database to open afresh in a new window");

  /* No window shows Alpha; whatever is saved now cannot overwrite Berg. */
  g_assert_false (form_holds ("Alpha"));
  window = MESO_WINDOW (meso_test_find_toplevel (MESO_TYPE_WINDOW));
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (window), "main_stack"), ==, "sign-in");
  meso_test_enter_pin (GTK_WIDGET (window), 0, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, window, "the sign-in after the restore");
  gtk_widget_activate_action (GTK_WIDGET (window), "editor.save", NULL);
  {
    g_autoptr(MesoDb) db = meso_db_open (path, &error);
    g_autoptr(MesoStaffStore) staff = NULL;
    g_autoptr(MesoStaff) admin = NULL;
    g_autoptr(MesoPatientStore) store = NULL;
    g_autoptr(MesoPatient) patient = NULL;

    g_assert_no_error (error);
    staff = meso_staff_store_new (db);
    admin = meso_staff_store_load (staff, 1, &error);
    meso_db_set_actor (db, admin);
    store = meso_patient_store_new (db);
    patient = meso_patient_store_load (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME), ==, "Berg");
    g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_GIVEN_NAME), ==, "Ada");
  }

  meso_test_close_app (window, dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init_with_chooser (&argc, &argv))
    return 0;
  g_test_add_func ("/meso/gui/restore/closes-editor", test_restore_closes_editor);
  return g_test_run ();
}
