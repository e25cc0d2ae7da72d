/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-restore-encrypted.c: an encrypted backup restored from the
 * preferences: the question asks for its passphrase, and Restore waits for
 * one. (A test of its own: one application per process.) */
#include <adwaita.h>

#include "meso-application.h"
#include "meso-backup.h"
#include "meso-patients-page.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-restore.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-window.h"

/* An encrypted backup: the question asks for its passphrase, and Restore
 * waits for one; with it, the backup's clinic opens. */
static void
test_restore_encrypted (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db.enc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoApplication) app = meso_application_new ();
  g_autoptr(MesoStaff) admin = meso_staff_new (0, "Test Administrator", MESO_ROLE_ADMINISTRATOR,
                                               TRUE);
  MesoTestReopened r = { NULL };
  MesoWindow *window;
  GtkWindow *confirm;
  GtkWidget *entry;
  MesoPatientsPage *page;
  gint64 id;

  id = meso_test_make_clinic (path, "Alpha");
  g_assert_cmpint (meso_test_make_clinic (other, "Berg"), ==, id);
  g_assert_true (meso_backup_write (other, backup, admin, "Karaköy, 3 Aralık", &error));
  g_assert_no_error (error);

  window = meso_test_open_in_app (app, path);
  meso_test_iterate_until (meso_test_window_shown, window, "the window");
  meso_test_enter_pin (GTK_WIDGET (window), 0, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, window, "the sign-in");

  confirm = meso_test_ask_to_restore (window, backup);
  entry = meso_test_find_by_type (GTK_WIDGET (confirm), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm),
                                                           "restore"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Karaköy, 3 Aralık");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm),
                                                          "restore"));
  meso_test_screenshot (GTK_WIDGET (confirm), "restore-encrypted", 1024, 600);
  meso_test_answer_restore (&r, window, confirm);
  gtk_window_destroy (meso_test_find_toplevel (MESO_TYPE_PREFERENCES_WINDOW));
  meso_test_iterate_until (meso_test_reopened, &r, "the database to open afresh in a new window");

  window = MESO_WINDOW (meso_test_find_toplevel (MESO_TYPE_WINDOW));
  meso_test_enter_pin (GTK_WIDGET (window), 0, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, window, "the sign-in after the restore");
  meso_test_show_work_page (window, "patients");
  page = MESO_PATIENTS_PAGE (meso_test_find_by_type (GTK_WIDGET (window),
                                                     MESO_TYPE_PATIENTS_PAGE));
  meso_patients_page_show_patient (page, id);
  g_assert_true (meso_test_form_holds ("Berg"));

  meso_test_close_app (window, dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init_with_chooser (&argc, &argv))
    return 0;
  g_test_add_func ("/meso/gui/restore/encrypted", test_restore_encrypted);
  return g_test_run ();
}
