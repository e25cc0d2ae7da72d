/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-patients.c: drives the main window of a new clinic: creates the
 * first account, then a patient through the form, is refused on a bad field,
 * finds them by search; records and withdraws their consent to e-mail. */
#include <adwaita.h>
#include <string.h>

#include "meso-audit-window.h"
#include "meso-initials.h"
#include "meso-patient.h"
#include "meso-patient-editor.h"
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

static const char *
visible_page (Fixture    *f,
              const char *stack_id)
{
  return meso_test_visible_page (GTK_WIDGET (f->window), stack_id);
}

static void
type_into (Fixture    *f,
           const char *id,
           const char *text)
{
  meso_test_type_into (GTK_WIDGET (f->window), id, text);
}

static guint
listed_patients (Fixture *f)
{
  GtkListView *list = GTK_LIST_VIEW (get_widget (f, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static gboolean
one_patient_listed (gpointer f)
{
  return listed_patients (f) == 1;
}

/* The search has landed and the page shows that nobody matches. */
static gboolean
no_patient_listed (gpointer f)
{
  return listed_patients (f) == 0 && g_strcmp0 (visible_page (f, "list_stack"), "empty") == 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->window = meso_test_show_window (f->context);

  /* A new clinic starts by creating its administrator's account. */
  g_assert_cmpstr (visible_page (f, "main_stack"), ==, "sign-in");
  g_assert_true (gtk_widget_get_visible (get_widget (f, "setup_box")));
  meso_test_create_first_account (f->window, "Selin Demir");
  meso_test_show_work_page (f->window, "patients");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static void
test_create_and_find (Fixture       *f,
                      gconstpointer  data)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  GtkListView *list_view;
  g_autoptr(MesoPatient) listed = NULL;
  g_autofree char *name = NULL;

  /* An empty clinic greets the user rather than showing an empty list. */
  g_assert_cmpstr (visible_page (f, "page_stack"), ==, "welcome");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  g_assert_cmpstr (visible_page (f, "page_stack"), ==, "patients");
  g_assert_cmpstr (visible_page (f, "content_stack"), ==, "editor");

  type_into (f, "family_name_row", "Şahin");
  type_into (f, "given_name_row", "Elif");
  type_into (f, "birth_date_row", "12.03.1988");
  type_into (f, "phone_row", "+90 532 123 45 67");
  type_into (f, "email_row", "elif.sahin@gmail");

  /* A bad e-mail is refused beside its field; nothing is saved and the
   * form keeps every character typed. */
  gtk_widget_activate_action (get_widget (f, "editor"), "editor.save", NULL);
  g_assert_cmpint (meso_patient_store_count (store, NULL), ==, 0);
  g_assert_true (gtk_widget_has_css_class (get_widget (f, "email_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (get_widget (f, "family_name_row"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "email_row"))), ==,
                   "elif.sahin@gmail");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "family_name_row"))), ==,
                   "Şahin");
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Not saved: correct the fields marked in red.",
                             FALSE);

  /* Once saved, the result replaces the refusal: no stale "not saved" over
   * a saved record, no confirmation queued behind it. */
  type_into (f, "email_row", "elif.sahin@gmail.com");
  gtk_widget_activate_action (get_widget (f, "editor"), "editor.save", NULL);
  g_assert_cmpint (meso_patient_store_count (store, NULL), ==, 1);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Patient saved", FALSE);
  g_assert_false (gtk_widget_has_css_class (get_widget (f, "email_row"), "error"));
  /* The date typed day-first is stored and shown as ISO. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "birth_date_row"))), ==,
                   "1988-03-12");

  /* Search without the accent, as a receptionist with a plain keyboard would. */
  type_into (f, "search_entry", "sahin");
  meso_test_iterate_until (one_patient_listed, f, "the search to find Şahin");
  list_view = GTK_LIST_VIEW (get_widget (f, "list_view"));
  listed = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list_view)), 0);
  name = meso_patient_dup_display_name (listed);
  g_assert_cmpstr (name, ==, "Şahin, Elif");
  g_assert_cmpstr (visible_page (f, "list_stack"), ==, "list");

  /* The History built from its properties alone, as a .ui file would
   * declare it, shows the patient's record being created. */
  {
    GtkWidget *audit = g_object_new (MESO_TYPE_AUDIT_WINDOW,
                                     "context", f->context,
                                     "scope", MESO_AUDIT_BY_PATIENT,
                                     "subject-id", meso_patient_get_id (listed),
                                     "subject-name", name,
                                     NULL);
    GtkColumnView *column_view = GTK_COLUMN_VIEW (meso_test_get_widget (audit, "column_view"));

    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (audit)), ==, "History of Şahin, Elif");
    g_assert_cmpstr (meso_test_visible_page (audit, "stack"), ==, "list");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                        gtk_column_view_get_model (column_view))), >=, 1);
    gtk_window_destroy (GTK_WINDOW (audit));
  }

  /* So does an editor given the context at construction: it shows the
   * patient as saved. */
  {
    g_autoptr(GError) error = NULL;
    GtkWidget *editor = g_object_ref_sink (g_object_new (MESO_TYPE_PATIENT_EDITOR,
                                                         "context", f->context, NULL));

    g_assert_true (meso_patient_editor_edit (MESO_PATIENT_EDITOR (editor), listed, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                       meso_test_get_widget (editor, "family_name_row"))), ==, "Şahin");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                       meso_test_get_widget (editor, "birth_date_row"))), ==, "1988-03-12");
    g_object_unref (editor);
  }

  type_into (f, "search_entry", "müllerova");
  meso_test_iterate_until (no_patient_listed, f, "the search to find nobody");
  g_assert_cmpstr (visible_page (f, "list_stack"), ==, "empty");
}

static void
test_unsaved_changes_kept (Fixture       *f,
                           gconstpointer  data)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  type_into (f, "family_name_row", "Kaya");

  /* Starting another patient must not silently drop what was typed. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  dialog = meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "family_name_row"))), ==,
                   "Kaya");

  /* Closing the window asks too; "Save" saves before closing. */
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (f->window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_assert_cmpint (meso_patient_store_count (store, NULL), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Leave the fixture a window to destroy. */
  g_object_unref (f->window);
  f->window = meso_window_new (NULL, f->context);
}

/* Clicks the remove button of the list row titled @title. */
static void
remove_listed (Fixture    *f,
               const char *title)
{
  GtkWidget *row = meso_test_find_row (get_widget (f, "editor"), title);

  g_assert_nonnull (row);
  g_signal_emit_by_name (meso_test_find_by_type (row, GTK_TYPE_BUTTON), "clicked");
}

/* The screening answers and lists are edited in the form and saved with
 * the patient: an answer chosen per condition, items removed by their own
 * button. */
static void
test_screening_edits (Fixture       *f,
                      gconstpointer  data)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(MesoScreening) saved = NULL;
  GPtrArray *allergies;
  GtkWidget *editor;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  editor = get_widget (f, "editor");
  type_into (f, "family_name_row", "Kaya");
  type_into (f, "given_name_row", "Zeynep");
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_find_row (editor, "Pregnancy")),
                              MESO_ANSWER_NO);
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_find_row (editor, "Breastfeeding")),
                              MESO_ANSWER_YES);
  for (guint i = 0; i < 3; i++)
    {
      type_into (f, "allergy_entry", (const char *[]) { "Penicillin", "Biotin", "Latex" }[i]);
      g_signal_emit_by_name (get_widget (f, "allergy_entry"), "apply");
    }
  remove_listed (f, "Penicillin");
  remove_listed (f, "Latex");
  gtk_widget_activate_action (editor, "editor.save", NULL);

  ids = meso_patient_store_search (store, NULL, MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  saved = meso_patient_store_load_screening (store, g_array_index (ids, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_screening_get_answer (saved, MESO_CONDITION_PREGNANCY), ==, MESO_ANSWER_NO);
  g_assert_cmpint (meso_screening_get_answer (saved, MESO_CONDITION_BREASTFEEDING), ==,
                   MESO_ANSWER_YES);
  allergies = meso_screening_get_allergies (saved);
  g_assert_cmpuint (allergies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (allergies, 0), ==, "Biotin");
}

/* Patients saved straight through the store, as another window would. */
static void
add_patients (Fixture *f)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  const char *names[][2] = { { "Kaya", "Ali" }, { "Kaya", "Banu" }, { "Yıldız", "Deniz" },
                             { "Zorlu", "Ece" }, { "Aydın", "Mert" } };
  GDate today;

  meso_context_get_today (f->context, &today);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MesoPatient) patient = meso_patient_new ();
      g_autoptr(GError) error = NULL;

      meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, names[i][0]);
      meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, names[i][1]);
      g_assert_true (meso_patient_store_save (store, patient, NULL, &today, &error));
      g_assert_no_error (error);
    }
}

typedef struct
{
  Fixture *f;
  guint    n;
} Listed;

/* The search has landed: @n patients listed, and the count says so. */
static gboolean
n_listed (gpointer data)
{
  Listed *listed = data;
  g_autofree char *count = g_strdup_printf (listed->n == 1 ? "%u patient" : "%u patients",
                                            listed->n);

  return listed_patients (listed->f) == listed->n &&
         g_str_equal (gtk_label_get_text (GTK_LABEL (get_widget (listed->f, "count_label"))),
                      count);
}

static void
search_for (Fixture    *f,
            const char *query,
            guint       n)
{
  Listed listed = { f, n };

  type_into (f, "search_entry", query);
  meso_test_iterate_until (n_listed, &listed, query);
}

static GtkSingleSelection *
get_selection (Fixture *f)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (get_widget (f,
                                                                                   "list_view"))));
}

static MesoPatient *
selected_patient (Fixture *f)
{
  return gtk_single_selection_get_selected_item (get_selection (f));
}

/* The user picks "Kaya, Banu" from the whole list. */
static MesoPatient *
pick_banu (Fixture *f)
{
  GtkSingleSelection *selection = get_selection (f);
  MesoPatient *banu;

  /* On the patients page: ids repeat on the pages not shown. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find-patient", NULL);
  add_patients (f);
  search_for (f, "", 5);
  /* Aydın, Kaya Ali, Kaya Banu, Yıldız, Zorlu. */
  gtk_single_selection_set_selected (selection, 2);
  banu = selected_patient (f);
  g_assert_cmpstr (meso_patient_get_field (banu, MESO_PATIENT_GIVEN_NAME), ==, "Banu");
  g_assert_cmpstr (visible_page (f, "content_stack"), ==, "editor");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "given_name_row"))), ==,
                   "Banu");
  return banu;
}

/* The selected patient stays selected, the same row, through a search that
 * still lists them; one that does not list them leaves nothing selected;
 * clearing the search selects them again. */
static void
test_selection_kept_by_search (Fixture       *f,
                               gconstpointer  data)
{
  MesoPatient *banu = pick_banu (f);

  search_for (f, "kaya", 2);
  g_assert_true (selected_patient (f) == banu);
  g_assert_cmpuint (gtk_single_selection_get_selected (get_selection (f)), ==, 1);

  search_for (f, "zorlu", 1);
  g_assert_null (selected_patient (f));

  search_for (f, "", 5);
  g_assert_true (selected_patient (f) == banu);
  g_assert_cmpuint (gtk_single_selection_get_selected (get_selection (f)), ==, 2);
  g_assert_cmpstr (visible_page (f, "content_stack"), ==, "editor");
}

/* Typing in the search while the form holds unsaved edits keeps them:
 * no question asked, nothing reloaded into the form. */
static void
test_editor_kept_while_searching (Fixture       *f,
                                  gconstpointer  data)
{
  pick_banu (f);
  type_into (f, "given_name_row", "Banu Nur");
  g_assert_true (meso_patient_editor_is_dirty (MESO_PATIENT_EDITOR (get_widget (f, "editor"))));

  search_for (f, "zorlu", 1);
  search_for (f, "ka", 2);
  search_for (f, "", 5);
  g_assert_null (meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "given_name_row"))), ==,
                   "Banu Nur");
  g_assert_true (meso_patient_editor_is_dirty (MESO_PATIENT_EDITOR (get_widget (f, "editor"))));
}

/* A patient saved that the search does not match is not lost from sight:
 * the search is cleared once the list has them, and they are selected. */
static void
test_saved_patient_revealed (Fixture       *f,
                             gconstpointer  data)
{
  Listed everyone = { f, 6 };
  MesoPatient *selected;

  pick_banu (f);
  search_for (f, "zorlu", 1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  type_into (f, "family_name_row", "Kaya");
  type_into (f, "given_name_row", "Cem");
  gtk_widget_activate_action (get_widget (f, "editor"), "editor.save", NULL);

  meso_test_iterate_until (n_listed, &everyone, "the new patient listed");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "search_entry"))), ==, "");
  selected = selected_patient (f);
  g_assert_nonnull (selected);
  g_assert_cmpstr (meso_patient_get_field (selected, MESO_PATIENT_GIVEN_NAME), ==, "Cem");
}

/* Consent is recorded for a saved patient only, on today's date, and
 * withdrawn by the same switch; the outbox reads the same record. */
static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  GtkWidget *row = get_widget (f, "consent_row");
  GtkWidget *toggle = meso_test_find_by_type (row, GTK_TYPE_SWITCH);
  GDate agreed_on, today;
  gint64 id;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_widget_is_sensitive (toggle));

  type_into (f, "family_name_row", "García");
  type_into (f, "given_name_row", "Lucía");
  type_into (f, "email_row", "lucia@paciente.example");
  gtk_widget_activate_action (get_widget (f, "editor"), "editor.save", NULL);
  id = meso_patient_editor_get_patient_id (MESO_PATIENT_EDITOR (get_widget (f, "editor")));
  g_assert_cmpint (id, >, 0);
  g_assert_true (gtk_widget_is_sensitive (toggle));
  g_assert_false (meso_patient_store_get_consent (store, id, MESO_CHANNEL_EMAIL, NULL, NULL));

  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (gtk_switch_get_state (GTK_SWITCH (toggle)));
  g_assert_true (meso_patient_store_get_consent (store, id, MESO_CHANNEL_EMAIL, &agreed_on,
                                                 NULL));
  meso_context_get_today (f->context, &today);
  g_assert_cmpint (g_date_compare (&agreed_on, &today), ==, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Agreed on"));

  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (gtk_switch_get_state (GTK_SWITCH (toggle)));
  g_assert_false (meso_patient_store_get_consent (store, id, MESO_CHANNEL_EMAIL, NULL, NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Not agreed: nothing is sent.");
}

/* The list's initials (meso_text_name_initials(), tested in test-text), in
 * the colour that the editor's AdwAvatar gives the same name. */
static void
test_initials (void)
{
  static const char *const names[] = { "Elif Şahin", "Javier Moreno", "Анна Петрова" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *avatar = g_object_ref_sink (adw_avatar_new (36, names[i], TRUE));
      GtkWidget *initials = g_object_ref_sink (meso_initials_new (36));
      g_auto(GStrv) classes = NULL;

      meso_initials_set_name (MESO_INITIALS (initials), names[i]);
      classes = gtk_widget_get_css_classes (initials);
      g_assert_cmpuint (g_strv_length (classes), ==, 1);
      g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (avatar), classes[0]));
      g_object_unref (avatar);
      g_object_unref (initials);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/meso/gui/patients/initials", test_initials);
  g_test_add ("/meso/gui/patients/consent", Fixture, NULL, fixture_set_up, test_consent,
              fixture_tear_down);
  g_test_add ("/meso/gui/patients/create-and-find", Fixture, NULL, fixture_set_up,
              test_create_and_find, fixture_tear_down);
  g_test_add ("/meso/gui/patients/unsaved-changes-kept", Fixture, NULL, fixture_set_up,
              test_unsaved_changes_kept, fixture_tear_down);
  g_test_add ("/meso/gui/patients/screening-edits", Fixture, NULL, fixture_set_up,
              test_screening_edits, fixture_tear_down);
  g_test_add ("/meso/gui/patients/selection-kept-by-search", Fixture, NULL, fixture_set_up,
              test_selection_kept_by_search, fixture_tear_down);
  g_test_add ("/meso/gui/patients/editor-kept-while-searching", Fixture, NULL, fixture_set_up,
              test_editor_kept_while_searching, fixture_tear_down);
  g_test_add ("/meso/gui/patients/saved-patient-revealed", Fixture, NULL, fixture_set_up,
              test_saved_patient_revealed, fixture_tear_down);

  return g_test_run ();
}
