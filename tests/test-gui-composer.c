/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-composer.c: a physician composes a cocktail with finasteride for
 * a pregnant patient: the composer says it is blocked and why, and will
 * not administer it. For a patient who is not pregnant, zinc is clear, is
 * recorded from its lot, and reopening the session offers a correction; a
 * record another room made first is corrected, never overwritten. */
#include <adwaita.h>

#include "meso-appointment-dialog.h"
#include "meso-composer-window.h"
#include "meso-patient-editor.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-treatment-store.h"

/* A clinic with one booked session, the physician signed in. */
typedef MesoSessionFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoCatalogue) catalogue = NULL;
  MesoTreatmentStore *store;

  meso_session_fixture_set_up (f, data);
  store = meso_context_get_treatment_store (f->context);

  catalogue = meso_treatment_store_load_catalogue (store, &error);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "Finasteride" : "Zinc";
      MesoIngredient *ingredient = meso_catalogue_find_by_name (catalogue, name);
      gint64 product = meso_treatment_store_add_product (store, ingredient->id, "Mesolab", 5, 1,
                                                         &error);

      g_assert_cmpint (meso_treatment_store_receive (store, product, i == 0 ? "F-1" : "Z-1",
                                                     "2099-12-31", 20, &error), >, 0);
      g_assert_no_error (error);
    }
}

static void
test_blocked_in_pregnancy (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoComposerWindow *window = meso_composer_window_new (NULL, f->context, f->session, &error);
  GtkWidget *verdict, *findings, *first;
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the composer");
  verdict = meso_test_get_widget (GTK_WIDGET (window), "verdict_label");
  findings = meso_test_get_widget (GTK_WIDGET (window), "findings_list");

  /* Pregnancy alone blocks mesotherapy: nothing can be given. */
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.add-ingredient", "s", "Finasteride");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (verdict)), ==, "Blocked");
  g_assert_true (gtk_widget_has_css_class (verdict, "error"));
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (findings), 0));
  g_assert_nonnull (first);
  /* The reasons are listed where the physician looks, finasteride's among them. */
  {
    gboolean named = FALSE;

    for (guint i = 0; gtk_list_box_get_row_at_index (GTK_LIST_BOX (findings), i) != NULL; i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (findings), i);
        const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

        named |= strstr (title, "Finasteride") != NULL && strstr (title, "pregnancy") != NULL;
      }
    g_assert_true (named);
  }
  g_assert_false (gtk_widget_get_sensitive (meso_test_get_widget (GTK_WIDGET (window),
                                                                  "administer_button")));
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.administer", NULL);
  hits = meso_treatment_store_recall (meso_context_get_treatment_store (f->context), 1, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");
}

/* Starting the treatment screens again: for the pregnant patient the
 * status is not saved, and the dialog says why. */
static void
test_start_is_screened (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoAppointmentDialog *dialog = meso_appointment_dialog_new (NULL, f->context, f->session, 0);
  g_autoptr(MesoAppointment) stored = NULL;
  GtkWidget *error_label;

  gtk_window_present (GTK_WINDOW (dialog));
  meso_test_iterate_until (meso_test_window_shown, dialog, "the appointment dialog");
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_get_widget (GTK_WIDGET (dialog),
                                                                   "status_row")),
                              MESO_STATUS_IN_TREATMENT);
  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (dialog), "save_button"), "clicked");
  error_label = meso_test_get_widget (GTK_WIDGET (dialog), "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "cannot start"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "pregnancy"));
  stored = meso_schedule_load (meso_context_get_schedule (f->context), f->session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, MESO_STATUS_BOOKED);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_clear_is_recorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoComposerWindow *window = meso_composer_window_new (NULL, f->context, f->session, &error);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(MesoLot) zinc = NULL;
  GtkWidget *administer;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the composer");
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.add-ingredient", "s", "Zinc");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (meso_test_get_widget (GTK_WIDGET (window),
                                                                         "verdict_label"))),
                   ==, "Clear: no contraindication found");
  /* The lot in stock was chosen, and the syringe label names it. */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (meso_test_get_widget (
                                GTK_WIDGET (window), "label_preview"))), "Z-1"));
  /* Kept as a recipe for the next patient. */
  meso_test_type_into (GTK_WIDGET (window), "save_recipe_row", "Zinc only");
  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (window), "save_recipe_row"), "apply");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (
                      meso_test_get_widget (GTK_WIDGET (window), "recipe_row")))), ==, 5);
  administer = meso_test_get_widget (GTK_WIDGET (window), "administer_button");
  g_assert_true (gtk_widget_get_sensitive (administer));
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.administer", NULL);
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");

  /* Given is done: the session's aftercare can start. */
  {
    g_autoptr(MesoAppointment) stored = meso_schedule_load (meso_context_get_schedule (f->context),
                                                            f->session->id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (stored->status, ==, MESO_STATUS_DONE);
  }

  /* Recorded from lot Z-1 (the second lot), and deducted from it. */
  zinc = meso_treatment_store_load_lot (meso_context_get_treatment_store (f->context), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (zinc->lot_number, ==, "Z-1");
  g_assert_cmpfloat_with_epsilon (zinc->quantity_ml, 19.5, 1e-9);
  hits = meso_treatment_store_recall (meso_context_get_treatment_store (f->context), zinc->id,
                                      &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((MesoRecallHit *) hits->pdata[0])->patient_id, ==, f->session->patient_id);

  /* Reopened, the session shows what was given, to be corrected. */
  window = meso_composer_window_new (NULL, f->context, f->session, &error);
  g_assert_no_error (error);
  administer = meso_test_get_widget (GTK_WIDGET (window), "administer_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (administer)), ==, "_Record Correction");
  g_assert_true (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (window),
                                                               "record_label")));
  g_assert_nonnull (gtk_list_box_get_row_at_index (
    GTK_LIST_BOX (meso_test_get_widget (GTK_WIDGET (window), "items_list")), 0));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Built from its context alone, as a .ui file would declare it, then
   * loaded: the same record to correct. */
  window = g_object_new (MESO_TYPE_COMPOSER_WINDOW, "context", f->context, NULL);
  g_assert_true (meso_composer_window_load (window, f->session, &error));
  g_assert_no_error (error);
  administer = meso_test_get_widget (GTK_WIDGET (window), "administer_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (administer)), ==, "_Record Correction");
  g_assert_nonnull (gtk_list_box_get_row_at_index (
    GTK_LIST_BOX (meso_test_get_widget (GTK_WIDGET (window), "items_list")), 0));
  gtk_window_destroy (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");
}

/* Another room records the session while the composer is open: the
 * composer's record is refused, naming who and when, keeps the cocktail,
 * and records it again as a correction of theirs. */
static void
test_recorded_elsewhere_first (Fixture       *f,
                               gconstpointer  data)
{
  MesoTreatmentStore *store = meso_context_get_treatment_store (f->context);
  g_autoptr(GError) error = NULL;
  MesoComposerWindow *window = meso_composer_window_new (NULL, f->context, f->session, &error);
  g_autoptr(MesoCocktail) theirs = meso_cocktail_new ();
  g_autoptr(MesoLot) zinc = NULL;
  g_autoptr(MesoRecord) latest = NULL;
  MesoCocktailItem item;
  GtkWidget *summary;
  gint64 first;
  GDate today;

  g_assert_no_error (error);
  /* Kept alive should the refused record wrongly close it. */
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the composer");
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.add-ingredient", "s", "Zinc");

  zinc = meso_treatment_store_load_lot (store, 2, &error);
  g_assert_no_error (error);
  item = (MesoCocktailItem) { zinc->ingredient_id, zinc->id, zinc->concentration, 1, 0 };
  meso_cocktail_add (theirs, &item);
  meso_context_get_today (f->context, &today);
  first = meso_treatment_store_administer (store, meso_context_get_schedule (f->context),
                                           f->session->id, f->session->patient_id, theirs, 0,
                                           NULL, "", 0, &today, &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (window), "composer.administer", NULL);
  summary = meso_test_get_widget (GTK_WIDGET (window), "summary_label");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (summary)),
                                   "Dr. Elif Aydın changed this session’s cocktail at "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (meso_test_get_widget (GTK_WIDGET (window),
                                                                           "administer_button"))),
                   ==, "_Record Correction");
  g_assert_nonnull (gtk_list_box_get_row_at_index (
    GTK_LIST_BOX (meso_test_get_widget (GTK_WIDGET (window), "items_list")), 0));
  latest = meso_treatment_store_load_session_record (store, f->session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->id, ==, first);

  /* Recorded again, it corrects theirs: their millilitre is given back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.administer", NULL);
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");
  g_clear_pointer (&latest, meso_record_free);
  latest = meso_treatment_store_load_session_record (store, f->session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->id, >, first);
  g_clear_pointer (&zinc, meso_lot_free);
  zinc = meso_treatment_store_load_lot (store, 2, &error);
  g_assert_cmpfloat_with_epsilon (zinc->quantity_ml, 20 - latest->total_ml, 1e-9);
  g_object_unref (window);
}

/* An item's trash button: it has an icon and no label. */
static gboolean
is_trash_button (GtkWidget    *widget,
                 gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "user-trash-symbolic") == 0;
}

/* Each item's controls act on their own item: the volume typed in the
 * second goes to the second, the first's trash takes out the first. */
static void
test_edit_items (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoComposerWindow *window = meso_composer_window_new (NULL, f->context, f->session, &error);
  GtkWidget *items, *preview, *first;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the composer");
  items = meso_test_get_widget (GTK_WIDGET (window), "items_list");
  preview = meso_test_get_widget (GTK_WIDGET (window), "label_preview");
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.add-ingredient", "s", "Biotin (B7)");
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.add-ingredient", "s", "Zinc");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_find_by_type (
                               GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (items), 1)),
                               GTK_TYPE_SPIN_BUTTON)), 1.25);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (preview)), "Zinc 1.25 ml"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (preview)), "Biotin (B7) 0.50 ml"));

  first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (items), 0));
  g_signal_emit_by_name (meso_test_find_where (first, FALSE, is_trash_button, NULL), "clicked");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (items), 1));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (preview)), "Biotin"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (preview)), "Zinc 1.25 ml"));
  gtk_window_destroy (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");
}

static gboolean
composer_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (MESO_IS_COMPOSER_WINDOW (window) && meso_test_window_shown (window))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* Recorded from the appointment's dialog: the dialog follows the core's
 * "done", so saving it keeps the status, and the aftercare sheet prints. */
static void
test_recorded_in_dialog (Fixture       *f,
                         gconstpointer  data)
{
  MesoAppointmentDialog *dialog = meso_appointment_dialog_new (NULL, f->context, f->session, 0);
  GtkWidget *status, *print, *composer = NULL;
  g_autoptr(MesoAppointment) stored = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  meso_test_iterate_until (meso_test_window_shown, dialog, "the appointment dialog");
  status = meso_test_get_widget (GTK_WIDGET (dialog), "status_row");
  print = meso_test_get_widget (GTK_WIDGET (dialog), "print_button");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (status)), ==, MESO_STATUS_BOOKED);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (print), "once the session is done"));

  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (dialog), "cocktail_button"), "clicked");
  meso_test_iterate_until (composer_open, &composer, "the composer");
  gtk_widget_activate_action (composer, "composer.add-ingredient", "s", "Zinc");
  gtk_widget_activate_action (composer, "composer.administer", NULL);
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (status)), ==, MESO_STATUS_DONE);
  g_assert_null (strstr (gtk_widget_get_tooltip_text (print), "once the session is done"));
  /* Saving closes the dialog, and keeps the session done. */
  g_signal_emit_by_name (meso_test_get_widget (GTK_WIDGET (dialog), "save_button"), "clicked");
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_APPOINTMENT_DIALOG),
                           "the appointment dialog to close");
  stored = meso_schedule_load (meso_context_get_schedule (f->context), f->session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, MESO_STATUS_DONE);
}

static gboolean
message_dialog_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
editor_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *editor = meso_test_find_by_type (window, MESO_TYPE_PATIENT_EDITOR);

      if (editor != NULL && meso_test_window_shown (window))
        {
          *(GtkWidget **) data = editor;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
screening_gone (gpointer data)
{
  GtkWidget *editor = NULL;

  return !editor_open (&editor);
}

/* An allergy answered Yes with no allergen named: the composer blocks, says
 * what to fill in, and opens the screening; once the allergen is named and
 * saved, the mixture is screened again and is clear. The form asks a man
 * neither pregnancy nor breastfeeding. */
static void
test_allergen_unnamed (Fixture       *f,
                       gconstpointer  data)
{
  MesoPatientStore *patients = meso_context_get_patient_store (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_store_load (patients, f->session->patient_id,
                                                            &error);
  g_autoptr(MesoScreening) screening = meso_patient_store_load_screening (patients,
                                                                          patient != NULL
                                                                          ? f->session->patient_id
                                                                          : 0, &error);
  MesoComposerWindow *window = NULL;
  GtkWidget *verdict, *findings, *row, *button, *editor = NULL, *pregnancy, *question = NULL;
  GDate today;

  g_assert_no_error (error);
  meso_screening_set_answer (screening, MESO_CONDITION_INGREDIENT_ALLERGY, MESO_ANSWER_YES,
                             meso_screening_get_asked_on (screening, MESO_CONDITION_CANCER));
  meso_context_get_today (f->context, &today);
  g_assert_true (meso_patient_store_save (patients, patient, screening, &today, &error));
  g_assert_no_error (error);

  window = meso_composer_window_new (NULL, f->context, f->session, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the composer");
  verdict = meso_test_get_widget (GTK_WIDGET (window), "verdict_label");
  findings = meso_test_get_widget (GTK_WIDGET (window), "findings_list");
  gtk_widget_activate_action (GTK_WIDGET (window), "composer.add-ingredient", "s", "Zinc");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (verdict)), ==, "Blocked");
  g_assert_false (gtk_widget_get_sensitive (meso_test_get_widget (GTK_WIDGET (window),
                                                                  "administer_button")));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (findings), 0));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            "no allergen is named: name it under Allergies"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Zinc"));
  button = meso_test_find_button (row, "Open _Screening…");
  g_assert_nonnull (button);

  g_signal_emit_by_name (button, "clicked");
  meso_test_iterate_until (editor_open, &editor, "the screening");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_root (editor))));
  /* Lucía is asked about pregnancy; the same form for a man is not. */
  pregnancy = meso_test_find_row (editor, "Pregnancy");
  g_assert_true (gtk_widget_get_visible (pregnancy));
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_get_widget (editor, "sex_row")), 2);
  g_assert_false (gtk_widget_get_visible (pregnancy));
  g_assert_false (gtk_widget_get_visible (meso_test_find_row (editor, "Breastfeeding")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (meso_test_get_widget (editor, "sex_row")), 1);
  g_assert_true (gtk_widget_get_visible (pregnancy));

  /* Named, and closed: the edits are not lost, the window asks to save. */
  meso_test_type_into (editor, "allergy_entry", "Penicillin");
  g_signal_emit_by_name (meso_test_get_widget (editor, "allergy_entry"), "apply");
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (editor)));
  meso_test_iterate_until (message_dialog_open, &question, "the question to save");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_root (editor))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (verdict)), ==, "Blocked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "save");
  meso_test_iterate_until (screening_gone, NULL, "the screening to close");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (verdict)), ==,
                   "Clear: no contraindication found");
  g_assert_true (gtk_widget_get_sensitive (meso_test_get_widget (GTK_WIDGET (window),
                                                                 "administer_button")));
  gtk_window_destroy (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_COMPOSER_WINDOW),
                           "the composer to close");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/composer/blocked-in-pregnancy", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_blocked_in_pregnancy, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/composer/start-is-screened", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_start_is_screened, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/composer/clear-is-recorded", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_clear_is_recorded, meso_session_fixture_tear_down);

  g_test_add ("/meso/gui/composer/recorded-in-dialog", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_recorded_in_dialog, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/composer/recorded-elsewhere-first", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_recorded_elsewhere_first, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/composer/edit-items", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_edit_items, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/composer/allergen-unnamed", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_allergen_unnamed, meso_session_fixture_tear_down);

  return g_test_run ();
}
