/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-record-export.c: the patient editor's Export Record… as a
 * physician uses it: the folder chosen, the record written there, and a
 * message saying where; reception has no such button. */
#include <glib/gstdio.h>

#include "meso-patient-editor.h"
#include "meso-test-app.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"

typedef MesoSessionFixture Fixture;

/* The editor on Lucía García, in a window of its own. */
static GtkWidget *
show_editor (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_store_load (meso_context_get_patient_store (
                                                              f->context),
                                                            f->session->patient_id, &error);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = g_object_new (MESO_TYPE_PATIENT_EDITOR, "context", f->context, NULL);

  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  g_assert_true (meso_patient_editor_edit (MESO_PATIENT_EDITOR (editor), patient, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the editor");
  return window;
}

static gboolean
chooser_in (gpointer path)
{
  GtkWindow *chooser = meso_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return file != NULL && g_str_equal (g_file_peek_path (file), path);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *window = show_editor (f);
  GtkWidget *button = meso_test_get_widget (window, "export_button");
  g_autofree char *folder = g_build_filename (f->dir, "for-the-patient", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *staff = NULL;
  GtkWindow *chooser, *message;
  const char *name;
  guint n_exports = 0;

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_signal_emit_by_name (button, "clicked");
  meso_test_iterate_until (meso_test_toplevel_open,
                           GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG), "the file chooser");
  chooser = meso_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  meso_test_iterate_until (meso_test_window_shown, chooser, "the file chooser shown");
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  meso_test_iterate_until (chooser_in, folder, "the folder chosen");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the message");
  message = meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)), ==,
                   "Record Exported");
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_exports += g_str_has_prefix (name, "García Lucía ");
  g_assert_cmpuint (n_exports, ==, 1);
  /* Written in a worker thread, audited as the physician's own. */
  staff = g_strdup_printf ("SELECT count(*) FROM record_export WHERE staff_id = %" G_GINT64_FORMAT,
                           meso_staff_get_id (f->physician));
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context), staff), ==, 1);
  gtk_window_destroy (message);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_reception_has_none (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (meso_context_get_db (f->context),
                                                         MESO_ROLE_RECEPTIONIST, "Reception");
  GtkWidget *window = show_editor (f);

  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (window, "export_button")));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init_with_chooser (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/record-export/export", Fixture, NULL, meso_session_fixture_set_up,
              test_export, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/record-export/reception-has-none", Fixture, NULL,
              meso_session_fixture_set_up, test_reception_has_none,
              meso_session_fixture_tear_down);
  return g_test_run ();
}
