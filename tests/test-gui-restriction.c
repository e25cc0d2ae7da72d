/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-restriction.c: restriction as an administrator does it in the
 * main window: the patient's form restricts the record after asking, the
 * patient leaves the list and is found under "Restricted"; anonymising
 * waits for the retention period and says until when; lifting brings the
 * patient back; other staff have no "Restricted" list. */
#include <adwaita.h>

#include "meso-patients-page.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
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

static guint
listed_patients (Fixture *f)
{
  GtkListView *list = GTK_LIST_VIEW (get_widget (f, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static gboolean
one_listed (gpointer f)
{
  return listed_patients (f) == 1;
}

static gboolean
none_listed (gpointer f)
{
  return listed_patients (f) == 0 &&
         g_strcmp0 (meso_test_visible_page (GTK_WIDGET (((Fixture *) f)->window), "list_stack"),
                    "empty") == 0;
}

/* The welcome page faded out: the screenshots show the patients. */
static gboolean
page_settled (gpointer f)
{
  return !gtk_stack_get_transition_running (GTK_STACK (get_widget (f, "page_stack")));
}

static const char *
state_title (Fixture *f)
{
  GtkWidget *group = get_widget (f, "restriction_group");
  GtkWidget *row = meso_test_find_by_type (group, ADW_TYPE_ACTION_ROW);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->window = meso_test_show_window (f->context);
  meso_test_create_first_account (f->window, "Selin Demir");
  meso_test_show_work_page (f->window, "patients");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  meso_test_type_into (GTK_WIDGET (f->window), "family_name_row", "Şahin");
  meso_test_type_into (GTK_WIDGET (f->window), "given_name_row", "Elif");
  gtk_widget_activate_action (get_widget (f, "editor"), "editor.save", NULL);
  meso_test_iterate_until (one_listed, f, "the patient listed");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

/* Answers the open question with @response. */
static void
answer (const char *heading,
        const char *response)
{
  AdwMessageDialog *dialog;

  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the question");
  dialog = ADW_MESSAGE_DIALOG (meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_restrict_and_lift (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *group = get_widget (f, "restriction_group");
  GtkWidget *restricted_toggle = get_widget (f, "restricted_toggle");
  GtkWidget *anonymise = meso_test_find_button (group, "A_nonymise…");

  g_assert_true (gtk_widget_get_visible (group));
  g_assert_true (gtk_widget_get_visible (restricted_toggle));
  g_assert_cmpstr (state_title (f), ==, "Not restricted");

  /* Asked first: cancelling changes nothing. */
  gtk_widget_activate_action (group, "restriction.restrict", NULL);
  answer ("Restrict This Record?", "cancel");
  g_assert_cmpstr (state_title (f), ==, "Not restricted");

  gtk_widget_activate_action (group, "restriction.restrict", NULL);
  answer ("Restrict This Record?", "restrict");
  meso_test_iterate_until (none_listed, f, "the patient gone from the list");
  g_assert_true (g_str_has_prefix (state_title (f), "Restricted since "));
  /* The clinic keeps records 25 years unless it says otherwise. */
  g_assert_true (gtk_widget_get_visible (anonymise));
  g_assert_false (gtk_widget_get_sensitive (anonymise));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (restricted_toggle), TRUE);
  meso_test_iterate_until (one_listed, f, "the patient under Restricted");
  gtk_widget_grab_focus (meso_test_find_button (group, "_Lift Restriction"));
  meso_test_iterate_until (page_settled, f, "the welcome page gone");
  meso_test_screenshot (GTK_WIDGET (f->window), "restricted", 1024, 600);
  meso_test_screenshot (GTK_WIDGET (f->window), "restricted", 1920, 1080);

  gtk_widget_activate_action (group, "restriction.lift", NULL);
  meso_test_iterate_until (none_listed, f, "the patient gone from Restricted");
  g_assert_cmpstr (state_title (f), ==, "Not restricted");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (restricted_toggle), FALSE);
  meso_test_iterate_until (one_listed, f, "the patient back in the list");
}

/* Another staff member signs in: no Restricted list for them. */
static void
test_others_have_none (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MesoStaff) physician = meso_test_sign_in (meso_context_get_db (f->context),
                                                      MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");

  meso_patients_page_reset (MESO_PATIENTS_PAGE (meso_test_find_by_type (GTK_WIDGET (f->window),
                                                                      MESO_TYPE_PATIENTS_PAGE)));
  g_assert_false (gtk_widget_get_visible (get_widget (f, "restricted_toggle")));
  g_assert_false (gtk_widget_get_visible (get_widget (f, "restriction_group")));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/restriction/restrict-and-lift", Fixture, NULL, fixture_set_up,
              test_restrict_and_lift, fixture_tear_down);
  g_test_add ("/meso/gui/restriction/others-have-none", Fixture, NULL, fixture_set_up,
              test_others_have_none, fixture_tear_down);
  return g_test_run ();
}
