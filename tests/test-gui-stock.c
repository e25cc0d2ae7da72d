/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-stock.c: a physician receives a delivery in the stock window:
 * a wrong expiry date is refused where it was typed, and nothing of the
 * form is lost; then a recall from a lot's row finds the patient who
 * received it, with her phone number. */
#include <adwaita.h>

#include "meso-ingredient-row.h"
#include "meso-stock-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-treatment-store.h"

typedef struct
{
  MesoSessionFixture  clinic;
  MesoStockWindow    *window;
} Fixture;

/* Biotin in stock, lot BIO-7, part of which went into the session. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoCatalogue) catalogue = NULL;
  g_autoptr(MesoCocktail) cocktail = meso_cocktail_new ();
  MesoCocktailItem item = { 0, 0, 1, 0.5, 0 };
  MesoTreatmentStore *store;
  gint64 product;
  GDate today;

  meso_session_fixture_set_up (&f->clinic, data);
  store = meso_context_get_treatment_store (f->clinic.context);

  catalogue = meso_treatment_store_load_catalogue (store, &error);
  item.ingredient_id = meso_catalogue_find_by_name (catalogue, "Biotin (B7)")->id;
  product = meso_treatment_store_add_product (store, item.ingredient_id, "Mesolab", 5, 1, &error);
  item.lot_id = meso_treatment_store_receive (store, product, "BIO-7", "2099-12-31", 20, &error);
  g_assert_no_error (error);
  meso_cocktail_add (cocktail, &item);
  meso_context_get_today (f->clinic.context, &today);
  g_assert_cmpint (meso_treatment_store_administer (store,
                                                    meso_context_get_schedule (f->clinic.context),
                                                    f->clinic.session->id,
                                                    f->clinic.session->patient_id,
                                                    cocktail, 0, NULL, "", 0, &today, &error),
                   >, 0);
  g_assert_no_error (error);

  f->window = meso_stock_window_new (NULL, f->clinic.context, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the stock window");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (MESO_TYPE_STOCK_WINDOW),
                           "the stock window to close");
  meso_session_fixture_tear_down (&f->clinic, data);
}

static guint
lots_numbered (Fixture    *f,
               const char *number)
{
  g_autoptr(GError) error = NULL;
  MesoTreatmentStore *store = meso_context_get_treatment_store (f->clinic.context);
  g_autoptr(GPtrArray) lots = meso_treatment_store_find_lots (store, number, &error);

  g_assert_no_error (error);
  return lots->len;
}

/* The first row of @list, made in code, whose title or subtitle holds @text. */
static GtkWidget *
row_mentioning (GtkWidget  *list,
                const char *text)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = ADW_IS_ACTION_ROW (row)
                               ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

      if (strstr (title, text) != NULL || (subtitle != NULL && strstr (subtitle, text) != NULL))
        return row;
    }
  return NULL;
}

static void
test_receive_delivery (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *error_label = meso_test_find_widget_in (root, "receive_error", FALSE);
  GtkWidget *lots = meso_test_get_widget (root, "lots_list");

  meso_test_type_into (root, "lot_number_row", "BIO-8");
  meso_test_type_into (root, "expiry_row", "31.02.2027");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_get_widget (root, "quantity_spin")), 20);

  /* February has no 31st: refused beside the form, and all of it kept. */
  g_signal_emit_by_name (meso_test_get_widget (root, "receive_button"), "clicked");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "expiry"));
  g_assert_cmpuint (lots_numbered (f, "BIO-8"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (root,
                                                                              "lot_number_row"))),
                   ==, "BIO-8");
  g_assert_null (row_mentioning (lots, "BIO-8"));

  /* Corrected, and written as the box says it: received and listed. */
  gtk_editable_set_text (GTK_EDITABLE (meso_test_get_widget (root, "expiry_row")), "28.02.2027");
  g_signal_emit_by_name (meso_test_get_widget (root, "receive_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (lots_numbered (f, "BIO-8"), ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_mentioning (lots,
                                                                                       "BIO-8"))),
                            "expires 2027-02-28 · 20.0 ml left"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (root,
                                                                              "lot_number_row"))),
                   ==, "");
}

/* The expiry picked from the calendar beside the field, not typed: the
 * lot is received with that date. */
static void
test_receive_picked_expiry (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *expiry = meso_test_get_widget (root, "expiry_row");
  GtkMenuButton *button = GTK_MENU_BUTTON (meso_test_find_by_type (expiry, GTK_TYPE_MENU_BUTTON));
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_autoptr(GDateTime) day = g_date_time_new_utc (2028, 6, 30, 12, 0, 0);

  meso_test_type_into (root, "lot_number_row", "BIO-9");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_get_widget (root, "quantity_spin")), 10);
  gtk_menu_button_popup (button);
  meso_test_iterate_until (meso_test_window_shown, popover, "the expiry's calendar");
  gtk_calendar_select_day (GTK_CALENDAR (meso_test_find_by_type (popover, GTK_TYPE_CALENDAR)), day);
  g_assert_false (gtk_widget_get_visible (popover));

  g_signal_emit_by_name (meso_test_get_widget (root, "receive_button"), "clicked");
  g_assert_cmpuint (lots_numbered (f, "BIO-9"), ==, 1);
  g_assert_nonnull (row_mentioning (meso_test_get_widget (root, "lots_list"), "expires 2028-06-30"));
}

static gboolean
recall_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *list = meso_test_find_widget_in (GTK_WIDGET (f->window), "recall_list", FALSE);

  return gtk_widget_get_first_child (list) != NULL;
}

static gboolean
is_action_row_holding (GtkWidget    *widget,
                       gconstpointer text)
{
  return ADW_IS_ACTION_ROW (widget) &&
         strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) != NULL;
}

/* The first action row under @root, made in code, whose title holds @text. */
static GtkWidget *
find_row_titled (GtkWidget  *root,
                 const char *text)
{
  return meso_test_find_where (root, FALSE, is_action_row_holding, text);
}

/* The chooser answers with the file @path set on it once it has read its
 * folder. */
static gboolean
chooser_has_path (gpointer path)
{
  GtkWindow *chooser = meso_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return file != NULL && g_str_equal (g_file_peek_path (file), path);
}

static void
test_recall_from_lot (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *row = row_mentioning (meso_test_get_widget (root, "lots_list"), "BIO-7");
  GtkWidget *patient;

  /* The lot's row leads to the recall, its number typed in. */
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (meso_test_find_by_type (row, GTK_TYPE_BUTTON)), ==,
                   "Who received this lot");
  g_signal_emit_by_name (meso_test_find_by_type (row, GTK_TYPE_BUTTON), "clicked");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (meso_test_get_widget (root, "view_stack"))), ==, "recall");
  meso_test_iterate_until (recall_shown, f, "the recall's results");

  /* One lot found, opened: the patient, her phone, the volume given. */
  patient = find_row_titled (meso_test_get_widget (root, "recall_list"), "Lucía García");
  g_assert_nonnull (patient);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (patient)),
                            "+34 600 123 456"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (patient)), "0.50 ml"));
  /* Its list is exported under the lot's own number. */
  {
    GtkWidget *export = meso_test_find_button (meso_test_get_widget (root, "recall_list"),
                                               "_Export…");
    g_autofree char *csv = g_build_filename (f->clinic.dir, "recall-BIO-7.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (csv);
    g_autofree char *current_name = NULL;
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;
    GtkFileChooser *chooser;
    const char *number;
    gint64 lot_id;

    g_assert_nonnull (export);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (export)), ==,
                     "stock.export-recall");
    g_variant_get (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (export)), "(x&s)",
                   &lot_id, &number);
    g_assert_cmpstr (number, ==, "BIO-7");
    g_assert_cmpint (lot_id, ==, 1);   /* the only lot received */

    /* The chooser proposes that name, and the list lands where chosen. */
    g_signal_emit_by_name (export, "clicked");
    meso_test_iterate_until (meso_test_toplevel_open,
                             GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG), "the file chooser");
    chooser = GTK_FILE_CHOOSER (meso_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
    current_name = gtk_file_chooser_get_current_name (chooser);
    g_assert_cmpstr (current_name, ==, "recall-BIO-7.csv");
    meso_test_iterate_until (meso_test_window_shown, chooser, "the file chooser shown");
    g_assert_true (gtk_file_chooser_set_file (chooser, file, &error));
    g_assert_no_error (error);
    meso_test_iterate_until (chooser_has_path, csv, "the folder to be read");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    meso_test_wait_for_toasts (root, "Recall list exported.", FALSE);
    g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (contents, "Lucía García"));
  }

  /* A number nobody has: said so. */
  gtk_editable_set_text (GTK_EDITABLE (meso_test_get_widget (root, "recall_entry")), "XYZ");
  g_signal_emit_by_name (meso_test_get_widget (root, "recall_entry"), "search-changed");
  g_assert_nonnull (find_row_titled (meso_test_get_widget (root, "recall_list"),
                                     "No lot has this number"));
}

/* A new ingredient with its usual strength above the maximum: refused
 * beside the form; corrected, it joins the catalogue and its list. */
static void
test_add_ingredient (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *error_label = meso_test_find_widget_in (root, "ingredient_error", FALSE);
  g_autoptr(MesoCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (meso_test_get_widget (root,
                                                                              "view_stack")),
                                         "ingredients");
  meso_test_type_into (root, "new_name_row", "Peptide complex");
  meso_test_type_into (root, "new_category_row", "Peptide");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_get_widget (root, "new_usual_spin")), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_get_widget (root, "new_maximum_spin")), 2);
  g_signal_emit_by_name (meso_test_get_widget (root, "add_ingredient_button"), "clicked");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "maximum"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (root,
                                                                              "new_name_row"))),
                   ==, "Peptide complex");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (meso_test_get_widget (root, "new_maximum_spin")), 5);
  g_signal_emit_by_name (meso_test_get_widget (root, "add_ingredient_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (error_label));
  catalogue = meso_treatment_store_load_catalogue (
    meso_context_get_treatment_store (f->clinic.context), &error);
  g_assert_nonnull (meso_catalogue_find_by_name (catalogue, "Peptide complex"));
  g_assert_nonnull (row_mentioning (meso_test_get_widget (root, "ingredients_list"),
                                    "Peptide complex"));
}

static MesoIngredient *
stored_ingredient (Fixture       *f,
                   MesoCatalogue **catalogue,
                   const char     *name)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (catalogue);
  *catalogue = meso_treatment_store_load_catalogue (
    meso_context_get_treatment_store (f->clinic.context), &error);
  g_assert_no_error (error);
  return meso_catalogue_find_by_name (*catalogue, name);
}

/* An ingredient edited in its row: a rule chosen is stored and counted in
 * the row's summary; a maximum below the usual strength is refused in the
 * row, nothing stored; a pair not to mix is added, then taken back. */
static void
test_edit_ingredient (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *row = row_mentioning (meso_test_get_widget (root, "ingredients_list"), "Biotin (B7)");
  const char *diabetes = meso_condition_get_label (MESO_CONDITION_DIABETES);
  g_autoptr(MesoCatalogue) catalogue = NULL;
  MesoIngredient *biotin;
  GtkWidget *rule, *maximum, *error_row, *add, *pair;
  g_autofree char *counted = NULL;
  GPtrArray *ingredients;
  guint n_rules, blocking = 0;
  double stored_maximum;
  gint64 zinc;

  g_assert_true (MESO_IS_INGREDIENT_ROW (row));
  n_rules = stored_ingredient (f, &catalogue, "Biotin (B7)")->rules->len;
  g_assert_null (find_row_titled (row, diabetes));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  rule = find_row_titled (row, diabetes);
  g_assert_nonnull (rule);
  adw_combo_row_set_selected (ADW_COMBO_ROW (rule), 2);
  biotin = stored_ingredient (f, &catalogue, "Biotin (B7)");
  g_assert_cmpuint (biotin->rules->len, ==, n_rules + 1);
  for (guint i = 0; i < biotin->rules->len; i++)
    blocking += ((MesoRule *) biotin->rules->pdata[i])->severity == MESO_SEVERITY_ABSOLUTE;
  counted = g_strdup_printf (" %u blocking,", blocking);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), counted));

  maximum = meso_test_find_by_type (find_row_titled (row, "Maximum concentration"),
                                    GTK_TYPE_SPIN_BUTTON);
  stored_maximum = biotin->maximum;
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (maximum), biotin->usual / 2);
  error_row = find_row_titled (row, "the maximum");
  g_assert_nonnull (error_row);
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_cmpfloat (stored_ingredient (f, &catalogue, "Biotin (B7)")->maximum, ==,
                     stored_maximum);

  add = find_row_titled (row, "Not to be mixed with…");
  g_assert_nonnull (add);
  g_assert_null (find_row_titled (row, "Not to be mixed with Zinc"));
  ingredients = meso_catalogue_get_ingredients (catalogue);
  for (guint i = 0; i < ingredients->len; i++)
    if (g_str_equal (((MesoIngredient *) ingredients->pdata[i])->name, "Zinc"))
      adw_combo_row_set_selected (ADW_COMBO_ROW (add), i + 1);
  pair = find_row_titled (row, "Not to be mixed with Zinc");
  g_assert_nonnull (pair);
  biotin = stored_ingredient (f, &catalogue, "Biotin (B7)");
  zinc = meso_catalogue_find_by_name (catalogue, "Zinc")->id;
  g_assert_nonnull (meso_catalogue_get_incompatibility (catalogue, biotin->id, zinc));
  g_signal_emit_by_name (meso_test_find_by_type (pair, GTK_TYPE_BUTTON), "clicked");
  g_assert_null (find_row_titled (row, "Not to be mixed with Zinc"));
  biotin = stored_ingredient (f, &catalogue, "Biotin (B7)");
  g_assert_null (meso_catalogue_get_incompatibility (catalogue, biotin->id, zinc));
}

/* Built from its context alone, as a .ui file would declare it, then
 * loaded: the window lists the lot and the ingredient. */
static void
test_built_from_context (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoStockWindow *window = g_object_new (MESO_TYPE_STOCK_WINDOW,
                                          "context", f->clinic.context,
                                          NULL);
  GtkWidget *root = GTK_WIDGET (window);

  g_assert_true (meso_stock_window_load (window, &error));
  g_assert_no_error (error);
  g_assert_nonnull (row_mentioning (meso_test_get_widget (root, "lots_list"), "BIO-7"));
  g_assert_nonnull (row_mentioning (meso_test_get_widget (root, "ingredients_list"),
                                    "Biotin (B7)"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init_with_chooser (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/stock/receive-delivery", Fixture, NULL, fixture_set_up,
              test_receive_delivery, fixture_tear_down);
  g_test_add ("/meso/gui/stock/receive-picked-expiry", Fixture, NULL, fixture_set_up,
              test_receive_picked_expiry, fixture_tear_down);
  g_test_add ("/meso/gui/stock/recall-from-lot", Fixture, NULL, fixture_set_up,
              test_recall_from_lot, fixture_tear_down);

  g_test_add ("/meso/gui/stock/add-ingredient", Fixture, NULL, fixture_set_up,
              test_add_ingredient, fixture_tear_down);
  g_test_add ("/meso/gui/stock/edit-ingredient", Fixture, NULL, fixture_set_up,
              test_edit_ingredient, fixture_tear_down);
  g_test_add ("/meso/gui/stock/built-from-context", Fixture, NULL, fixture_set_up,
              test_built_from_context, fixture_tear_down);

  return g_test_run ();
}
