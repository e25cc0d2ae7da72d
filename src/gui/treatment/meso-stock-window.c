/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-stock-window.c: the physician's stock room. Deliveries are received
 * into lots, the lots that need attention (expiring, expired, running
 * low) come first, a recall finds everyone who received a lot, and the
 * ingredients' contraindication rules are edited here. The window only
 * gathers input and shows results: every rule is in the core. */
#define G_LOG_DOMAIN "meso-stock-window"

#include <glib/gi18n.h>

#include "meso-catalogue.h"
#include "meso-date-row.h"
#include "meso-file-chooser.h"
#include "meso-health-banner.h"
#include "meso-icon-button.h"
#include "meso-ingredient-row.h"
#include "meso-list-box.h"
#include "meso-row-error.h"
#include "meso-stock-window.h"
#include "meso-text.h"

/* Rows shown per lot in a recall; the export has them all. */
#define RECALL_ROWS 200

struct _MesoStockWindow
{
  AdwWindow             parent_instance;

  MesoContext          *context;
  MesoCatalogue        *catalogue;
  GPtrArray            *products;       /* of MesoProduct, as in product_row */
  GPtrArray            *alert_rows;     /* rows added to alerts_group */
  GtkFileChooserNative *chooser;
  gint64                export_lot_id;
  GArray               *recall_lots;    /* of RecallLot, one a row of recall_list */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AdwPreferencesGroup  *alerts_group;
  GtkButton            *receive_button;
  AdwComboRow          *product_row;
  AdwEntryRow          *lot_number_row;
  AdwEntryRow          *expiry_row;
  GtkSpinButton        *quantity_spin;
  GtkLabel             *receive_error;
  GtkListBox           *lots_list;
  GtkButton            *add_product_button;
  AdwComboRow          *ingredient_row;
  AdwEntryRow          *brand_row;
  GtkSpinButton        *vial_spin;
  AdwActionRow         *concentration_row;
  GtkSpinButton        *concentration_spin;
  GtkLabel             *product_error;
  GtkSearchEntry       *recall_entry;
  AdwPreferencesGroup  *recall_group;
  GtkListBox           *recall_list;
  GtkListBox           *ingredients_list;
  GtkButton            *add_ingredient_button;
  AdwEntryRow          *new_name_row;
  AdwEntryRow          *new_category_row;
  AdwComboRow          *new_unit_row;
  GtkSpinButton        *new_usual_spin;
  GtkSpinButton        *new_maximum_spin;
  GtkLabel             *ingredient_error;
};

/* A lot found for a recall, and whether its row lists who received it yet. */
typedef struct
{
  gint64   lot_id;
  gboolean filled;
} RecallLot;

G_DEFINE_FINAL_TYPE (MesoStockWindow, meso_stock_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MesoTreatmentStore *
store (MesoStockWindow *self)
{
  return meso_context_get_treatment_store (self->context);
}

static void
toast (MesoStockWindow *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ---- Stock ---- */


static void
show_alerts (MesoStockWindow *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  GDate today;

  meso_context_get_today (self->context, &today);
  for (guint i = 0; i < self->alert_rows->len; i++)
    adw_preferences_group_remove (self->alerts_group, self->alert_rows->pdata[i]);
  g_ptr_array_set_size (self->alert_rows, 0);

  alerts = meso_treatment_store_alerts (store (self), &today,
                                        meso_clinic_get_number (clinic,
                                                                MESO_CLINIC_EXPIRY_WARNING_DAYS),
                                        meso_clinic_get_number (clinic, MESO_CLINIC_LOW_STOCK_ML),
                                        &error);
  if (alerts == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < alerts->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alerts->pdata[i]);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-warning-symbolic");
      adw_preferences_group_add (self->alerts_group, row);
      g_ptr_array_add (self->alert_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_group), alerts->len > 0);
}

static void
show_lots (MesoStockWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lots = meso_treatment_store_list_lots (store (self), 0, &error);

  meso_list_box_remove_all (self->lots_list);
  if (lots == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < lots->len; i++)
    {
      MesoLot *lot = g_ptr_array_index (lots, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *recall = meso_icon_button_new ("edit-find-symbolic", _("Who received this lot"));
      g_autofree char *title = g_strdup_printf ("%s · %s", lot->ingredient, lot->brand);
      g_autofree char *subtitle = g_strdup_printf (_("Lot %s · expires %s · %.1f ml left"),
                                                   lot->lot_number, lot->expires_on,
                                                   lot->quantity_ml);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (recall), "stock.recall-lot");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (recall),
                                              g_variant_new_string (lot->lot_number));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), recall);
      gtk_list_box_append (self->lots_list, row);
    }
  if (lots->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nothing in stock: receive a delivery above."));
      gtk_list_box_append (self->lots_list, row);
    }
}

/* Lists the products in the delivery form, selecting @select_id if given. */
static void
load_products (MesoStockWindow *self,
               gint64           select_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *products = meso_treatment_store_list_products (store (self), &error);
  guint selected = 0;

  if (products == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->products, g_ptr_array_unref);
  self->products = products;
  for (guint i = 0; i < products->len; i++)
    {
      MesoProduct *product = g_ptr_array_index (products, i);
      MesoIngredient *ingredient = meso_catalogue_find (self->catalogue, product->ingredient_id);
      g_autofree char *name = g_strdup_printf (_("%s · %s, %.3g ml vials at %.3g %s"),
                                               ingredient != NULL ? ingredient->name : "?",
                                               product->brand, product->vial_ml,
                                               product->concentration,
                                               ingredient != NULL ? ingredient->unit : "");

      gtk_string_list_append (names, name);
      if (product->id == select_id)
        selected = i;
    }
  adw_combo_row_set_model (self->product_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->product_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->receive_button), products->len > 0);
}

static void
refresh_stock (MesoStockWindow *self)
{
  show_alerts (self);
  show_lots (self);
}

static void
on_receive_clicked_cb (MesoStockWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->product_row);
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (
                                          GTK_EDITABLE (self->lot_number_row))));
  const char *expiry_text = gtk_editable_get_text (GTK_EDITABLE (self->expiry_row));
  double quantity = gtk_spin_button_get_value (self->quantity_spin);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  char expires_on[16];
  GDate expiry;

  if (self->products == NULL || selected >= self->products->len)
    {
      meso_row_error_show_label (self->receive_error, NULL, _("Add the product first, below."));
      return;
    }
  if (!meso_text_parse_date (expiry_text, &expiry))
    {
      meso_row_error_show_label (self->receive_error, NULL,
                                 _("Type the expiry date printed on the box, as 2027-06-30."));
      gtk_widget_grab_focus (GTK_WIDGET (self->expiry_row));
      return;
    }
  g_date_strftime (expires_on, sizeof expires_on, "%Y-%m-%d", &expiry);
  if (meso_treatment_store_receive (store (self),
                                    ((MesoProduct *) self->products->pdata[selected])->id, number,
                                    expires_on, quantity, &error) == 0)
    {
      meso_row_error_show_label (self->receive_error, NULL, error->message);
      return;
    }
  meso_row_error_show_label (self->receive_error, NULL, NULL);
  done = g_strdup_printf (_("Received %.1f ml of lot %s."), quantity, number);
  toast (self, done);
  gtk_editable_set_text (GTK_EDITABLE (self->lot_number_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->expiry_row), "");
  gtk_spin_button_set_value (self->quantity_spin, 0);
  refresh_stock (self);
}

static MesoIngredient *
selected_ingredient (MesoStockWindow *self)
{
  GPtrArray *ingredients = meso_catalogue_get_ingredients (self->catalogue);
  guint selected = adw_combo_row_get_selected (self->ingredient_row);

  return selected < ingredients->len ? g_ptr_array_index (ingredients, selected) : NULL;
}

/* The strength is in the ingredient's own unit: say which. */
static void
on_ingredient_selected_cb (MesoStockWindow *self)
{
  MesoIngredient *ingredient = selected_ingredient (self);
  g_autofree char *subtitle = NULL;

  if (ingredient == NULL)
    return;
  subtitle = g_strdup_printf (_("In %s; usually given at %.3g"), ingredient->unit,
                              ingredient->usual);
  adw_action_row_set_subtitle (self->concentration_row, subtitle);
}

static void
on_add_product_clicked_cb (MesoStockWindow *self)
{
  MesoIngredient *ingredient = selected_ingredient (self);
  g_autofree char *brand = g_strstrip (g_strdup (gtk_editable_get_text (
                                         GTK_EDITABLE (self->brand_row))));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  gint64 id;

  if (ingredient == NULL)
    return;
  id = meso_treatment_store_add_product (store (self), ingredient->id, brand,
                                         gtk_spin_button_get_value (self->vial_spin),
                                         gtk_spin_button_get_value (self->concentration_spin),
                                         &error);
  if (id == 0)
    {
      meso_row_error_show_label (self->product_error, NULL, error->message);
      return;
    }
  meso_row_error_show_label (self->product_error, NULL, NULL);
  done = g_strdup_printf (_("%s of %s added: you can receive it now."), brand, ingredient->name);
  toast (self, done);
  gtk_editable_set_text (GTK_EDITABLE (self->brand_row), "");
  load_products (self, id);
}

/* ---- Recall ---- */

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       MesoStockWindow *self)
{
  g_autofree char *path = meso_file_chooser_get_path (chooser, response);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  if (!meso_treatment_store_export_recall_csv (store (self), self->export_lot_id, path, &error))
    toast (self, error->message);
  else
    toast (self, _("Recall list exported."));
}

/* The target: the lot's id and its number, which names the file. */
static void
export_recall_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MesoStockWindow *self = MESO_STOCK_WINDOW (widget);
  const char *number;
  g_autofree char *name = NULL;

  g_variant_get (parameter, "(x&s)", &self->export_lot_id, &number);
  /* Translators: the proposed name of a lot's recall list; %s is the lot's
   * number. Keep ".csv". */
  name = g_strdup_printf (C_("file name", "recall-%s.csv"), number);
  g_clear_object (&self->chooser);
  self->chooser = meso_file_chooser_new_export (GTK_WINDOW (self), _("Export the Recall List"),
                                                name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Fills a lot's row with who received it, the first time it is opened. */
static void
on_recall_expanded_cb (AdwExpanderRow  *expander,
                       GParamSpec      *pspec,
                       MesoStockWindow *self)
{
  guint index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (expander));
  RecallLot *lot;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (!adw_expander_row_get_expanded (expander) || index >= self->recall_lots->len)
    return;
  lot = &g_array_index (self->recall_lots, RecallLot, index);
  if (lot->filled)
    return;
  lot->filled = TRUE;
  hits = meso_treatment_store_recall (store (self), lot->lot_id, &error);
  if (hits == NULL)
    {
      toast (self, error->message);
      return;
    }
  subtitle = g_strdup_printf (g_dngettext (NULL, "%u record", "%u records", hits->len),
                              hits->len);
  adw_expander_row_set_subtitle (expander, subtitle);
  for (guint i = 0; i < MIN (hits->len, RECALL_ROWS); i++)
    {
      MesoRecallHit *hit = g_ptr_array_index (hits, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = *hit->phone != '\0'
                                 ? g_strdup_printf ("%s · %s", hit->patient_name, hit->phone)
                                 : g_strdup (hit->patient_name);
      g_autofree char *detail = g_strdup_printf (_("%s · %.2f ml"), hit->administered_at,
                                                 hit->volume_ml);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      adw_expander_row_add_row (expander, row);
    }
  if (hits->len > RECALL_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (_("And %u more: export the list to have them all."),
                                               hits->len - RECALL_ROWS);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      adw_expander_row_add_row (expander, row);
    }
  if (hits->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nobody has received this lot."));
      adw_expander_row_add_row (expander, row);
    }
}

static void
on_recall_search_changed_cb (MesoStockWindow *self)
{
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (
                                          GTK_EDITABLE (self->recall_entry))));
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GError) error = NULL;

  meso_list_box_remove_all (self->recall_list);
  g_array_set_size (self->recall_lots, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recall_group), *number != '\0');
  if (*number == '\0')
    return;
  lots = meso_treatment_store_find_lots (store (self), number, &error);
  if (lots == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < lots->len; i++)
    {
      MesoLot *lot = g_ptr_array_index (lots, i);
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export…"));
      g_autofree char *title = g_strdup_printf (_("Lot %s · %s, %s · expires %s"),
                                                lot->lot_number, lot->ingredient, lot->brand,
                                                lot->expires_on);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                     _("Open to see who received it"));
      g_array_append_val (self->recall_lots, ((RecallLot) { lot->id, FALSE }));
      g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_recall_expanded_cb), self);
      gtk_widget_set_valign (export, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (export, _("Save everyone who received this lot, with their "
                                             "phone numbers, as a CSV file"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "stock.export-recall");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (export),
                                              g_variant_new ("(xs)", lot->id, lot->lot_number));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), export);
      gtk_list_box_append (self->recall_list, expander);
    }
  if (lots->len == 1)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_list_box_get_row_at_index (
                                                       self->recall_list, 0)), TRUE);
  if (lots->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No lot has this number."));
      gtk_list_box_append (self->recall_list, row);
    }
}

/* The target: the lot's number, searched for. */
static void
recall_lot_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MesoStockWindow *self = MESO_STOCK_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->recall_entry),
                         g_variant_get_string (parameter, NULL));
  adw_view_stack_set_visible_child_name (self->view_stack, "recall");
}

/* ---- Ingredients ---- */

/* Reads the catalogue again after a change; %FALSE with a toast if not. */
static gboolean
reload_catalogue (MesoStockWindow *self)
{
  g_autoptr(GError) error = NULL;
  MesoCatalogue *reloaded = meso_treatment_store_load_catalogue (store (self), &error);

  if (reloaded == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }
  g_clear_object (&self->catalogue);
  self->catalogue = reloaded;
  return TRUE;
}

static void show_ingredients (MesoStockWindow *self);

static void
on_add_ingredient_clicked_cb (MesoStockWindow *self)
{
  const char * const *units = meso_catalogue_units ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->new_name_row))));
  g_autofree char *category = g_strstrip (g_strdup (gtk_editable_get_text (
                                            GTK_EDITABLE (self->new_category_row))));
  MesoIngredient ingredient = { .name = name, .category = category, .form = (char *) "solution",
                                .unit = (char *) units[adw_combo_row_get_selected (
                                                        self->new_unit_row)],
                                .usual = gtk_spin_button_get_value (self->new_usual_spin),
                                .maximum = gtk_spin_button_get_value (self->new_maximum_spin),
                                .notes = (char *) "" };
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (!meso_treatment_store_save_ingredient (store (self), &ingredient, &error))
    {
      meso_row_error_show_label (self->ingredient_error, NULL, error->message);
      return;
    }
  meso_row_error_show_label (self->ingredient_error, NULL, NULL);
  done = g_strdup_printf (_("%s added: set its contraindications above."), name);
  toast (self, done);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_category_row), "");
  /* The store's change read the catalogue again: list the new one too. */
  show_ingredients (self);
}

static void
on_ingredient_failed_cb (MesoStockWindow *self,
                         const char      *message)
{
  toast (self, message);
}

static void
show_ingredients (MesoStockWindow *self)
{
  GPtrArray *ingredients = meso_catalogue_get_ingredients (self->catalogue);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  meso_list_box_remove_all (self->ingredients_list);
  for (guint i = 0; i < ingredients->len; i++)
    {
      MesoIngredient *ingredient = g_ptr_array_index (ingredients, i);
      MesoIngredientRow *row = meso_ingredient_row_new (store (self), self->catalogue,
                                                        ingredient->id);

      g_signal_connect_swapped (row, "failed", G_CALLBACK (on_ingredient_failed_cb), self);
      gtk_list_box_append (self->ingredients_list, GTK_WIDGET (row));
      gtk_string_list_append (names, ingredient->name);
    }
  adw_combo_row_set_model (self->ingredient_row, G_LIST_MODEL (names));
  on_ingredient_selected_cb (self);
}

/* Whatever changed the catalogue (a row, the form, another window), the
 * rows show it as it is now. */
static void
on_store_changed_cb (MesoStockWindow *self)
{
  if (!reload_catalogue (self))
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->ingredients_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (MESO_IS_INGREDIENT_ROW (row))
      meso_ingredient_row_set_catalogue (MESO_INGREDIENT_ROW (row), self->catalogue);
}

static void
meso_stock_window_dispose (GObject *object)
{
  MesoStockWindow *self = MESO_STOCK_WINDOW (object);

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (store (self), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_STOCK_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->alert_rows, g_ptr_array_unref);
  g_clear_pointer (&self->recall_lots, g_array_unref);

  G_OBJECT_CLASS (meso_stock_window_parent_class)->dispose (object);
}

static void
meso_stock_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MesoStockWindow *self = MESO_STOCK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_stock_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MesoStockWindow *self = MESO_STOCK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_stock_window_constructed (GObject *object)
{
  MesoStockWindow *self = MESO_STOCK_WINDOW (object);

  G_OBJECT_CLASS (meso_stock_window_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_STOCK_WINDOW, self->context);

  g_return_if_fail (MESO_IS_CONTEXT (self->context));
  g_signal_connect_swapped (store (self), "changed", G_CALLBACK (on_store_changed_cb), self);
}

static void
meso_stock_window_class_init (MesoStockWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_stock_window_dispose;
  object_class->constructed = meso_stock_window_constructed;
  object_class->get_property = meso_stock_window_get_property;
  object_class->set_property = meso_stock_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_type_ensure (MESO_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-stock-window.ui");
  meso_health_banner_class_bind (widget_class);
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, MesoStockWindow, name)
  CHILD (toast_overlay);
  CHILD (view_stack);
  CHILD (alerts_group);
  CHILD (receive_button);
  CHILD (product_row);
  CHILD (lot_number_row);
  CHILD (expiry_row);
  CHILD (quantity_spin);
  CHILD (receive_error);
  CHILD (lots_list);
  CHILD (add_product_button);
  CHILD (ingredient_row);
  CHILD (brand_row);
  CHILD (vial_spin);
  CHILD (concentration_row);
  CHILD (concentration_spin);
  CHILD (product_error);
  CHILD (recall_entry);
  CHILD (recall_group);
  CHILD (recall_list);
  CHILD (ingredients_list);
  CHILD (add_ingredient_button);
  CHILD (new_name_row);
  CHILD (new_category_row);
  CHILD (new_unit_row);
  CHILD (new_usual_spin);
  CHILD (new_maximum_spin);
  CHILD (ingredient_error);
#undef CHILD
  gtk_widget_class_install_action (widget_class, "stock.recall-lot", "s", recall_lot_action);
  gtk_widget_class_install_action (widget_class, "stock.export-recall", "(xs)",
                                   export_recall_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_stock_window_init (MesoStockWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->alert_rows = g_ptr_array_new ();
  self->recall_lots = g_array_new (FALSE, FALSE, sizeof (RecallLot));
  gtk_widget_set_visible (GTK_WIDGET (self->recall_group), FALSE);
  g_signal_connect_swapped (self->receive_button, "clicked", G_CALLBACK (on_receive_clicked_cb),
                            self);
  g_signal_connect_swapped (self->add_product_button, "clicked",
                            G_CALLBACK (on_add_product_clicked_cb), self);
  g_signal_connect_swapped (self->ingredient_row, "notify::selected",
                            G_CALLBACK (on_ingredient_selected_cb), self);
  g_signal_connect_swapped (self->recall_entry, "search-changed",
                            G_CALLBACK (on_recall_search_changed_cb), self);
  g_signal_connect_swapped (self->add_ingredient_button, "clicked",
                            G_CALLBACK (on_add_ingredient_clicked_cb), self);
  adw_combo_row_set_model (self->new_unit_row,
                           G_LIST_MODEL (gtk_string_list_new ((const char * const *)
                                                              meso_catalogue_units ())));
}

/**
 * meso_stock_window_load:
 * @self: a stock window built with its context
 * @error: where to report why not
 *
 * Fills the window from the stock and the catalogue: the step a stock
 * window declared in a .ui file needs once built.
 *
 * Returns: %FALSE with @error (for one, without the clinical permission)
 */
gboolean
meso_stock_window_load (MesoStockWindow  *self,
                        GError          **error)
{
  g_autoptr(MesoCatalogue) catalogue = NULL;

  g_return_val_if_fail (MESO_IS_STOCK_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!meso_treatment_store_may_write (store (self), error))
    return FALSE;
  catalogue = meso_treatment_store_load_catalogue (store (self), error);
  if (catalogue == NULL)
    return FALSE;
  g_clear_object (&self->catalogue);
  self->catalogue = g_steal_pointer (&catalogue);
  show_ingredients (self);
  load_products (self, 0);
  refresh_stock (self);
  return TRUE;
}

/**
 * meso_stock_window_new:
 *
 * Returns: (transfer floating) (nullable): the stock window, or %NULL with
 * @error (for one, without the clinical permission).
 */
MesoStockWindow *
meso_stock_window_new (GtkWindow    *parent,
                       MesoContext  *context,
                       GError      **error)
{
  MesoStockWindow *self = g_object_new (MESO_TYPE_STOCK_WINDOW,
                                        "transient-for", parent,
                                        "context", context,
                                        NULL);

  if (!meso_stock_window_load (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
