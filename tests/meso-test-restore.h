/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-restore.h: a restore asked for through the preferences, and
 * what the patient form shows afterwards. */
#pragma once

#include <adwaita.h>

#include "meso-preferences-window.h"
#include "meso-test-gui.h"
#include "meso-window.h"

/* The chooser selects a file set on it once it has read its folder. */
static inline gboolean
meso_test_chooser_has_file (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  GFile *wanted = g_object_get_data (chooser, "wanted");

  return file != NULL && g_file_equal (file, wanted);
}

/* Preferences, Restore…, @backup chosen: returns the question asked. */
static inline GtkWindow *
meso_test_ask_to_restore (MesoWindow *window,
                const char *backup)
{
  g_autoptr(GFile) backup_file = g_file_new_for_path (backup);
  g_autoptr(GError) error = NULL;
  GtkWindow *preferences;
  GtkWindow *chooser;

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
  g_object_set_data (G_OBJECT (chooser), "wanted", backup_file);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), backup_file, &error));
  g_assert_no_error (error);
  meso_test_iterate_until (meso_test_chooser_has_file, chooser, "the backup to be selected");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the question");
  return meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

/* Whether any window shows a patient form holding @family. */
static inline gboolean
meso_test_form_holds (const char *family)
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
