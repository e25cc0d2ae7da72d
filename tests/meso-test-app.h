/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-app.h: the whole application in a GUI test: a clinic file to
 * open, finding its windows, waiting for the database to open afresh. */
#pragma once

#include <adwaita.h>

#include "meso-application.h"
#include "meso-demo.h"
#include "meso-patient-store.h"
#include "meso-test-gui.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-window.h"

/* A new clinic at @path: an administrator "Selin Demir" (the test PIN) and
 * one patient "Ada @family". Returns: the patient's id. */
static inline gint64
meso_test_make_clinic (const char *path,
                       const char *family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoPatientStore) store = NULL;
  GDate today;

  g_assert_no_error (error);
  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  store = meso_patient_store_new (db);
  meso_test_date (&today, 2026, 11, 20);
  return meso_test_add_patient (store, family, "Ada", NULL, &today);
}

/* Registers @app, not as the instance of a test running beside this one on
 * the same bus. */
static inline void
meso_test_register_app (MesoApplication *app)
{
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
}

/* Returns: (transfer none) (nullable): a shown window of @type. */
static inline GtkWindow *
meso_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* For meso_test_iterate_until(): a window of the type in @type (a GType,
 * cast) is shown. */
static inline gboolean
meso_test_toplevel_open (gpointer type)
{
  return meso_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

/* The main window of a database about to open afresh, weakly referenced. */
typedef struct
{
  MesoWindow *old_window;
} MesoTestReopened;

/* For meso_test_iterate_until(): the old window is gone and a new one shown. */
static inline gboolean
meso_test_reopened (gpointer data)
{
  MesoTestReopened *r = data;
  GtkWindow *window = meso_test_find_toplevel (MESO_TYPE_WINDOW);

  return r->old_window == NULL && window != NULL && meso_test_window_shown (window);
}

/* Registers @app and opens the clinic at @path in it, as the command line
 * would. Returns: (transfer none): the main window, not drawn yet. */
static inline MesoWindow *
meso_test_open_in_app (MesoApplication *app,
                       const char      *path)
{
  MesoWindow *window;

  meso_test_register_app (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "reopen-database",
                                  g_variant_new ("(sb)", path, FALSE));
  window = MESO_WINDOW (meso_test_find_toplevel (MESO_TYPE_WINDOW));
  g_assert_nonnull (window);
  return window;
}

/* Answers "restore" in @confirm, the question of a restore over the clinic
 * open in @window, watching @window in @r: meso_test_reopened() then tells
 * when the restored database is open in a new window. */
static inline void
meso_test_answer_restore (MesoTestReopened *r,
                          MesoWindow       *window,
                          GtkWindow        *confirm)
{
  r->old_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &r->old_window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "restore");
}

/* Closes @window and lets the application drop the database before its
 * folder @dir is removed. */
static inline void
meso_test_close_app (MesoWindow *window,
                     const char *dir)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  meso_test_remove_tree (dir);
}

/* Shows a main window on @context and waits until it is drawn: how most
 * GUI fixtures end their set-up.
 * Returns: (transfer none): the window. */
static inline MesoWindow *
meso_test_show_window (MesoContext *context)
{
  MesoWindow *window = meso_window_new (NULL, context);

  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the window");
  return window;
}

/* The demo clinic, made in a new folder @out_dir, its window shown on the
 * sign-in page. Returns: (transfer none): the window. */
static inline MesoWindow *
meso_test_show_demo (char        **out_dir,
                     MesoContext **out_context)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  *out_dir = meso_test_make_dir ();
  path = g_build_filename (*out_dir, "demo.db", NULL);
  *out_context = meso_context_open (path, TRUE, &error);
  g_assert_no_error (error);
  return meso_test_show_window (*out_context);
}

/* On the demo's sign-in list: Selin Demir, the administrator, who sees
 * every practitioner and may open every window. */
#define MESO_TEST_DEMO_ADMINISTRATOR_ROW 4

/* Signs in the demo's administrator on @window and waits until she is. */
static inline void
meso_test_sign_in_demo (MesoWindow *window)
{
  meso_test_enter_pin (GTK_WIDGET (window), MESO_TEST_DEMO_ADMINISTRATOR_ROW, MESO_DEMO_PIN);
  meso_test_iterate_until (meso_test_working, window, "the administrator to sign in");
}

/* Shows work page @name ("today", "calendar", "patients") of @window, as
 * its button in the view switcher would: a page is built when first shown. */
static inline void
meso_test_show_work_page (MesoWindow *window,
                          const char *name)
{
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (window),
                                                                              "view_stack")),
                                         name);
}

/* A new clinic's first account, made on the sign-in page of @window as the
 * front desk would, with the PIN 583016; waits until it is signed in. */
static inline void
meso_test_create_first_account (MesoWindow *window,
                                const char *name)
{
  meso_test_type_into (GTK_WIDGET (window), "name_row", name);
  meso_test_type_into (GTK_WIDGET (window), "new_pin_row", "583016");
  meso_test_type_into (GTK_WIDGET (window), "repeat_pin_row", "583016");
  gtk_widget_activate (meso_test_get_widget (GTK_WIDGET (window), "create_button"));
  meso_test_iterate_until (meso_test_working, window, "the first sign-in");
}

/* How most GUI fixtures tear down: closes @window (if any), drops the
 * context and removes the clinic's folder. */
static inline void
meso_test_close_clinic (MesoWindow   *window,
                        MesoContext **context,
                        char        **dir)
{
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (context);
  meso_test_remove_tree (*dir);
  g_clear_pointer (dir, g_free);
}
