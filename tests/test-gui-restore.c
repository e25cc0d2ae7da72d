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
#include "meso-test-restore.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-window.h"

static void
test_restore_closes_editor (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoApplication) app = meso_application_new ();
  g_autoptr(MesoStaff) admin = meso_staff_new (0, "Test Administrator", MESO_ROLE_ADMINISTRATOR,
                                               TRUE);
  MesoTestReopened r = { NULL };
  MesoWindow *window;
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
  g_assert_true (meso_test_form_holds ("Alpha"));
  meso_test_type_into (GTK_WIDGET (window), "given_name_row", "Ada Maria");

  /* Preferences, Restore…, the backup, Restore; the preferences closed at once. */
  confirm = meso_test_ask_to_restore (window, backup);
  meso_test_answer_restore (&r, window, confirm);
  gtk_window_destroy (meso_test_find_toplevel (MESO_TYPE_PREFERENCES_WINDOW));

  meso_test_iterate_until (meso_test_reopened, &r, "the database to open afresh in a new window");

  /* No window shows Alpha; whatever is saved now cannot overwrite Berg. */
  g_assert_false (meso_test_form_holds ("Alpha"));
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
