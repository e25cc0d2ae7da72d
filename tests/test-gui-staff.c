/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-staff.c: signs in through the sign-in screen as a receptionist,
 * who cannot open the clinical record, then as a physician, who can, and
 * locks the workstation in between. */
#include <adwaita.h>

#include "meso-account-dialog.h"
#include "meso-audit-window.h"
#include "meso-preferences-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-window.h"

typedef struct
{
  char        *dir;
  MesoContext *context;
  MesoWindow  *window;
} Fixture;

static GtkWidget *
get_widget (Fixture    *f,
            const char *id)
{
  return meso_test_get_widget (GTK_WIDGET (f->window), id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  MesoDb *db;
  GDate today;

  f->context = meso_test_open_context (&f->dir);
  db = meso_context_get_db (f->context);

  /* Listed by name: Administrator, Dr. Elif Aydın, Zeynep Kaya. */
  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Administrator");
  receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, "Diffuse thinning since pregnancy.");
  meso_screening_set_answer (screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_YES, "2026-11-20");
  meso_test_date (&today, 2026, 11, 20);
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->context), patient,
                                          screening, &today, &error));
  g_assert_no_error (error);
  meso_db_set_actor (db, NULL);

  f->window = meso_test_show_window (f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static gboolean
error_shown (gpointer f)
{
  return gtk_widget_get_visible (get_widget (f, "error_label"));
}

/* The patient list is read off the main loop: it may still be on its way. */
static gboolean
patients_listed (gpointer f)
{
  GtkListView *list = GTK_LIST_VIEW (get_widget (f, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) > 0;
}

static void
open_first_patient (Fixture *f)
{
  GtkListView *list;

  meso_test_show_work_page (f->window, "patients");
  list = GTK_LIST_VIEW (get_widget (f, "list_view"));
  meso_test_iterate_until (patients_listed, f, "the patients listed");
  gtk_selection_model_select_item (gtk_list_view_get_model (list), 0, TRUE);
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "content_stack"), ==,
                   "editor");
}

static gboolean
window_open (const char *type_name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (g_str_equal (G_OBJECT_TYPE_NAME (window), type_name) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
history_window_open (gpointer data)
{
  return window_open ("MesoAuditWindow");
}

static void
test_receptionist_then_physician (Fixture       *f,
                                  gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoScreening) screening = NULL;

  /* Nothing but the sign-in screen until someone signs in. */
  g_assert_false (gtk_widget_get_mapped (get_widget (f, "view_stack")));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "main_stack"), ==, "sign-in");

  meso_test_enter_pin (GTK_WIDGET (f->window), 2, "0000");
  meso_test_iterate_until (error_shown, f, "the wrong PIN to be refused");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_widget (f, "error_label"))),
                            "Wrong PIN"));
  g_assert_null (meso_db_get_actor (db));

  meso_test_enter_pin (GTK_WIDGET (f->window), 2, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (f, "user_label"))), ==,
                   "Zeynep Kaya");

  /* The receptionist sees the contact data, not the clinical record, and
   * the core would not give it either. */
  open_first_patient (f);
  g_assert_false (gtk_widget_get_visible (get_widget (f, "clinical_box")));
  g_assert_true (gtk_widget_get_visible (get_widget (f, "clinical_hidden_group")));
  g_assert_false (gtk_widget_get_visible (get_widget (f, "history_button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "family_name_row"))), ==,
                   "Yılmaz");
  screening = meso_patient_store_load_screening (meso_context_get_patient_store (f->context), 1,
                                                 &error);
  g_assert_null (screening);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL);
  g_assert_false (window_open ("MesoPreferencesWindow"));

  /* Lock: the sign-in screen, with nobody signed in on the database. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "main_stack"), ==, "sign-in");
  g_assert_null (meso_db_get_actor (db));

  /* The physician sees the whole record and its history. */
  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the physician to sign in");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (f, "user_label"))), ==,
                   "Dr. Elif Aydın");
  open_first_patient (f);
  g_assert_true (gtk_widget_get_visible (get_widget (f, "clinical_box")));
  g_assert_false (gtk_widget_get_visible (get_widget (f, "clinical_hidden_group")));
  g_assert_true (gtk_widget_get_visible (get_widget (f, "history_button")));
  gtk_widget_activate_action (get_widget (f, "editor"), "editor.show-history", NULL);
  meso_test_iterate_until (history_window_open, f, "the history window");

  /* Locking closes the windows that show data. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_false (history_window_open (f));
}

static const char *
error_text (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (get_widget (f, "error_label")));
}

typedef struct
{
  Fixture *f;
  char    *before;
} Answer;

static gboolean
new_error_shown (gpointer data)
{
  Answer *answer = data;

  return error_shown (answer->f) && g_strcmp0 (error_text (answer->f), answer->before) != 0;
}

/* Types @pin for the @index-th name and waits for a new answer under it:
 * the button answers a moment after it is pressed. */
static void
refused_pin (Fixture    *f,
             guint       index,
             const char *pin)
{
  Answer answer = { f, g_strdup (error_shown (f) ? error_text (f) : NULL) };

  meso_test_enter_pin (GTK_WIDGET (f->window), index, pin);
  meso_test_iterate_until (new_error_shown, &answer, "the PIN to be refused");
  g_free (answer.before);
}

/* Five wrong PINs pause the account, and closing Mesodesk and opening it
 * again does not lift the pause: the sign-in screen says how long is left. */
static void
test_pause_after_restart (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  gint64 t = 1795000000;

  meso_clock_set_now (meso_context_get_clock (f->context), t);
  for (guint i = 1; i < 5; i++)
    {
      refused_pin (f, 2, "135790");
      g_assert_true (g_str_has_prefix (error_text (f), "Wrong PIN. "));
    }
  refused_pin (f, 2, "135790");
  g_assert_cmpstr (error_text (f), ==, "Wrong PIN. Too many wrong PINs: try again in 30 seconds.");

  /* Quit and start again. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->context));
  f->context = meso_context_open (path, FALSE, &error);
  g_assert_no_error (error);
  meso_clock_set_now (meso_context_get_clock (f->context), t + 5);
  f->window = meso_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the window again");

  refused_pin (f, 2, MESO_TEST_PIN);
  g_assert_cmpstr (error_text (f), ==, "Too many wrong PINs. Try again in 25 seconds.");
  g_assert_null (meso_db_get_actor (meso_context_get_db (f->context)));

  meso_clock_set_now (meso_context_get_clock (f->context), t + 30);
  meso_test_enter_pin (GTK_WIDGET (f->window), 2, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
}

static GtkWidget *
new_pin_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (window), "MesoNewPinDialog") &&
          gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
new_pin_dialog_open (gpointer data)
{
  return new_pin_dialog () != NULL;
}

static gboolean
new_pin_dialog_gone (gpointer data)
{
  return new_pin_dialog () == NULL;
}

static gboolean
dialog_error_shown (gpointer dialog)
{
  return gtk_widget_get_visible (meso_test_get_widget (dialog, "error_label"));
}

/* An account whose PIN is from before the rules signs in, and must choose
 * a new PIN before anything else; the dialog does not let itself be closed. */
static void
test_outdated_pin (Fixture       *f,
                   gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);
  MesoStaffStore *store = meso_context_get_staff_store (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = meso_staff_store_load (store, 1, &error);
  g_autoptr(MesoStaff) checked = NULL;
  GtkWidget *dialog;

  meso_db_set_actor (db, admin);
  g_assert_true (meso_staff_store_set_secret (store, 3, MESO_TEST_OLD_PIN_HASH, &error));
  g_assert_no_error (error);
  meso_db_set_actor (db, NULL);

  /* Someone whose PIN follows the rules is not asked. */
  meso_test_enter_pin (GTK_WIDGET (f->window), 2, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, f->window, "the receptionist to sign in");
  g_assert_null (new_pin_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);

  meso_test_enter_pin (GTK_WIDGET (f->window), 1, MESO_TEST_OLD_PIN);
  meso_test_iterate_until (new_pin_dialog_open, NULL, "the dialog asking for a new PIN");
  dialog = new_pin_dialog ();
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (new_pin_dialog () == dialog);

  meso_test_type_into (dialog, "pin_row", "123456");
  meso_test_type_into (dialog, "repeat_row", "123456");
  gtk_widget_activate (meso_test_get_widget (dialog, "save_button"));
  meso_test_iterate_until (dialog_error_shown, dialog, "the common PIN to be refused");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (meso_test_get_widget (
                                     dialog, "error_label"))), "This is one of the PINs"));

  meso_test_type_into (dialog, "pin_row", "583016");
  meso_test_type_into (dialog, "repeat_row", "583016");
  gtk_widget_activate (meso_test_get_widget (dialog, "save_button"));
  meso_test_iterate_until (new_pin_dialog_gone, NULL, "the new PIN to be saved");
  g_assert_false (meso_staff_store_get_pin_outdated (store));

  /* The old PIN is gone; the new one signs in with no more questions. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  refused_pin (f, 1, MESO_TEST_OLD_PIN);
  meso_test_enter_pin (GTK_WIDGET (f->window), 1, "583016");
  meso_test_iterate_until (meso_test_working, f->window, "the physician to sign in");
  g_assert_null (new_pin_dialog ());
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (f, "user_label"))), ==,
                   "Dr. Elif Aydın");
}

/* An administrator's accounts list: each account's buttons open its own
 * dialog and history, and the list follows a change saved anywhere. */
static void
test_accounts_list (Fixture       *f,
                    gconstpointer  data)
{
  MesoStaffStore *store = meso_context_get_staff_store (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = meso_staff_store_load (store, 1, &error);
  MesoPreferencesWindow *preferences;
  GtkWidget *row;
  GtkWindow *dialog;

  meso_staff_store_set_actor (store, admin);
  preferences = meso_preferences_window_new (f->context);
  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (meso_test_get_widget (
                                             GTK_WIDGET (preferences), "staff_page")));

  row = meso_test_find_row (GTK_WIDGET (preferences), "Zeynep Kaya");
  g_assert_nonnull (row);
  g_signal_emit_by_name (meso_test_find_button (row, "_Change…"), "clicked");
  dialog = meso_test_find_toplevel (MESO_TYPE_ACCOUNT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (GTK_WIDGET (dialog),
                                                                             "name_row"))),
                   ==, "Zeynep Kaya");
  gtk_window_destroy (dialog);

  row = meso_test_find_row (GTK_WIDGET (preferences), "Dr. Elif Aydın");
  g_signal_emit_by_name (meso_test_find_button (row, "_History"), "clicked");
  dialog = meso_test_find_toplevel (MESO_TYPE_AUDIT_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (gtk_window_get_title (dialog), "Dr. Elif Aydın"));
  gtk_window_destroy (dialog);

  /* Renamed elsewhere (another window, the same store): the list follows. */
  g_assert_true (meso_staff_store_update (store, 2, "Zeynep Kaya Demir", MESO_ROLE_RECEPTIONIST,
                                          TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (meso_test_find_row (GTK_WIDGET (preferences), "Zeynep Kaya Demir"));
  g_assert_null (meso_test_find_row (GTK_WIDGET (preferences), "Zeynep Kaya"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  meso_staff_store_set_actor (store, NULL);
}

/* Who is working is chosen with the keyboard alone: Return on the first
 * account, not on the menu button. */
static void
test_first_focus (Fixture       *f,
                  gconstpointer  data)
{
  GtkListBox *staff_list = GTK_LIST_BOX (get_widget (f, "staff_list"));

  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 GTK_WIDGET (gtk_list_box_get_row_at_index (staff_list, 0)));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/staff/first-focus", Fixture, NULL, fixture_set_up,
              test_first_focus, fixture_tear_down);
  g_test_add ("/meso/gui/staff/receptionist-then-physician", Fixture, NULL, fixture_set_up,
              test_receptionist_then_physician, fixture_tear_down);
  g_test_add ("/meso/gui/staff/pause-after-restart", Fixture, NULL, fixture_set_up,
              test_pause_after_restart, fixture_tear_down);
  g_test_add ("/meso/gui/staff/outdated-pin", Fixture, NULL, fixture_set_up,
              test_outdated_pin, fixture_tear_down);
  g_test_add ("/meso/gui/staff/accounts-list", Fixture, NULL, fixture_set_up,
              test_accounts_list, fixture_tear_down);

  return g_test_run ();
}
