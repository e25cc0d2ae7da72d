/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-import.c: the Import Patients window as a receptionist uses it:
 * the file's rows to look at before anything is written, a likely
 * duplicate let in by hand, a column mapped where the file has no header,
 * the import written, and undone from the same window. */
#include <string.h>

#include "meso-import-window.h"
#include "meso-test-app.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"

typedef struct
{
  char             *dir;
  MesoContext      *context;
  MesoStaff        *receptionist;
  MesoImportWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                       "Zeynep Kaya");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->receptionist);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

typedef struct
{
  Fixture    *f;
  const char *page;
} PageWait;

static gboolean
page_shown (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (meso_test_visible_page (GTK_WIDGET (wait->f->window), "stack"),
                    wait->page) == 0;
}

static void
wait_for_page (Fixture    *f,
               const char *page)
{
  PageWait wait = { f, page };

  meso_test_iterate_until (page_shown, &wait, page);
}

static void
open_window (Fixture    *f,
             const char *path)
{
  f->window = meso_import_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the import window");
  meso_import_window_open_path (f->window, path);
  wait_for_page (f, "preview");
}

static const char *
label_of (Fixture    *f,
          const char *id)
{
  return gtk_label_get_label (GTK_LABEL (meso_test_get_widget (GTK_WIDGET (f->window), id)));
}

static gint64
count_patients (Fixture *f)
{
  return meso_patient_store_count (meso_context_get_patient_store (f->context), NULL);
}

static void
save_patient (Fixture    *f,
              const char *family,
              const char *given,
              const char *phone)
{
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GError) error = NULL;
  GDate today;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given);
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
  meso_context_get_today (f->context, &today);
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->context), patient,
                                          NULL, &today, &error));
  g_assert_no_error (error);
}

static gboolean
undo_button_shown (gpointer data)
{
  Fixture *f = data;

  return meso_test_find_where (GTK_WIDGET (f->window), TRUE, meso_test_is_button_labelled,
                               "_Undo Import…") != NULL;
}

static void
test_import_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (f, "eski-sistem.csv",
                                      "Soyadı;Adı;Telefon\n"
                                      "Yılmaz;Ayşe;0532 123 45 67\n"
                                      ";Ali;\n"
                                      "Demirci;Mehmet;0532 999 88 77\n"
                                      "Aydın;Can;\n");
  GtkWidget *row, *include, *dialog;

  save_patient (f, "Demir", "Mehmet", "+90 532 999 88 77");
  open_window (f, path);

  g_assert_cmpstr (label_of (f, "summary_label"), ==,
                   "4 rows: 2 to import, 1 with problems, 1 likely duplicate.");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                           "import_button"))),
                   ==, "_Import 2 Patients");
  g_assert_cmpint (adw_combo_row_get_selected (ADW_COMBO_ROW (meso_test_get_widget (
                     GTK_WIDGET (f->window), "delimiter_row"))), ==, 1);
  g_assert_nonnull (meso_test_find_row (GTK_WIDGET (f->window), "Soyadı"));
  row = meso_test_find_row (GTK_WIDGET (f->window), "Line 3: Ali");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Family name: Enter the family name.");

  /* Reception knows the second Mehmet is another man. */
  row = meso_test_find_row (GTK_WIDGET (f->window), "Line 4: Demirci, Mehmet");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Mehmet Demir"));
  include = meso_test_find_by_type (row, GTK_TYPE_CHECK_BUTTON);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (include)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (include), TRUE);
  g_assert_cmpstr (label_of (f, "summary_label"), ==,
                   "4 rows: 3 to import, 1 with problems, 1 likely duplicate.");
  meso_test_screenshot (GTK_WIDGET (f->window), "import-preview", 1024, 600);
  meso_test_screenshot (GTK_WIDGET (f->window), "import-preview", 1920, 1080);
  g_assert_cmpint (count_patients (f), ==, 1);

  gtk_widget_activate (meso_test_get_widget (GTK_WIDGET (f->window), "import_button"));
  wait_for_page (f, "done");
  g_assert_cmpint (count_patients (f), ==, 4);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (meso_test_get_widget (
                     GTK_WIDGET (f->window), "done_page"))), ==, "3 Patients Imported");

  meso_test_iterate_until (undo_button_shown, f, "the Undo Import button");
  gtk_widget_activate (meso_test_find_where (GTK_WIDGET (f->window), TRUE,
                                             meso_test_is_button_labelled, "_Undo Import…"));
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the question before an undo");
  dialog = GTK_WIDGET (meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "undo");
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "The import was undone.", FALSE);
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "stack"), ==, "start");
  g_assert_cmpint (count_patients (f), ==, 1);
  /* Undone, it is no longer offered. */
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                "last_group")));
}

static gboolean
error_gone (gpointer data)
{
  Fixture *f = data;

  return page_shown (&(PageWait) { f, "preview" }) &&
         !gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (f->window), "error_label"));
}

static gboolean
error_shown (gpointer data)
{
  Fixture *f = data;

  return page_shown (&(PageWait) { f, "preview" }) &&
         gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (f->window), "error_label"));
}

/* A file with no header says what is missing; mapping a column fixes it. */
static void
test_map_columns (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (f, "list.csv", "Yılmaz,Ayşe\nKaya,Zeynep\n");
  GtkWidget *error_label, *first_column;

  open_window (f, path);
  error_label = meso_test_get_widget (GTK_WIDGET (f->window), "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "No column holds the family name: choose the column that does.");
  g_assert_false (gtk_widget_get_sensitive (meso_test_get_widget (GTK_WIDGET (f->window),
                                                                  "import_button")));

  first_column = meso_test_find_row (GTK_WIDGET (f->window), "Column 1");
  g_assert_nonnull (first_column);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first_column)), ==, "Yılmaz");
  adw_combo_row_set_selected (ADW_COMBO_ROW (first_column), 1 + MESO_PATIENT_FAMILY_NAME);
  meso_test_iterate_until (error_gone, f, "the rows checked again");
  g_assert_cmpstr (label_of (f, "summary_label"), ==,
                   "2 rows: 2 to import, 0 with problems, 0 likely duplicates.");
}

/* Cells split at the wrong delimiter leave no column to import; choosing
 * the right one reads the file again. */
static void
test_change_delimiter (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "export.csv",
                                      "Soyadı;Adı;Not\nYılmaz;Ayşe;ilk, ikinci\n"
                                      "Kaya;Zeynep;üçüncü, dördüncü\n");
  AdwComboRow *delimiter;

  open_window (f, path);
  delimiter = ADW_COMBO_ROW (meso_test_get_widget (GTK_WIDGET (f->window), "delimiter_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (delimiter), ==, 1);
  g_assert_cmpstr (label_of (f, "summary_label"), ==,
                   "2 rows: 2 to import, 0 with problems, 0 likely duplicates.");

  adw_combo_row_set_selected (delimiter, 0);
  meso_test_iterate_until (error_shown, f, "the file read again with commas");
  g_assert_nonnull (meso_test_find_row (GTK_WIDGET (f->window), "Soyadı;Adı;Not"));

  adw_combo_row_set_selected (delimiter, 1);
  meso_test_iterate_until (error_gone, f, "the file read again with semicolons");
  g_assert_nonnull (meso_test_find_row (GTK_WIDGET (f->window), "Adı"));
  g_assert_cmpstr (label_of (f, "summary_label"), ==,
                   "2 rows: 2 to import, 0 with problems, 0 likely duplicates.");
}

/* A file the window cannot read says why, and nothing changes. */
static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "empty.csv", "\n\n");

  f->window = meso_import_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  meso_import_window_open_path (f->window, path);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "The file holds no patients.", FALSE);
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "stack"), ==, "start");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/gui/import/import-and-undo", test_import_and_undo);
  ADD ("/meso/gui/import/map-columns", test_map_columns);
  ADD ("/meso/gui/import/change-delimiter", test_change_delimiter);
  ADD ("/meso/gui/import/unreadable", test_unreadable);
#undef ADD
  return g_test_run ();
}
