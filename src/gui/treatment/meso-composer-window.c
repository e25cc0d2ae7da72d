/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-composer-window.c: the cocktail composer. Every change recomputes
 * the mixture and screens the patient again; the verdict and its reasons
 * stay at the top, where the physician is looking. Going on despite a
 * warning needs a reason typed beside it; a block cannot be overridden.
 * Administering is one core call that checks the lots, deducts them and
 * closes the session's record. The patient's screening, opened from here,
 * is in meso-composer-window-screening.c. */
#define G_LOG_DOMAIN "meso-composer-window"

#include <glib/gi18n.h>

#include "meso-catalogue.h"
#include "meso-composer-window-private.h"
#include "meso-health-banner.h"
#include "meso-list-box.h"
#include "meso-row-error.h"
#include "meso-scalp-store.h"

G_DEFINE_FINAL_TYPE (MesoComposerWindow, meso_composer_window, ADW_TYPE_WINDOW)

enum
{
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static MesoTreatmentStore *
store (MesoComposerWindow *self)
{
  return meso_context_get_treatment_store (self->context);
}

/* Whether every warning has a reason, and nothing blocks. */
static gboolean
may_administer (MesoComposerWindow *self)
{
  if (!self->computed || self->items->len == 0)
    return FALSE;
  for (guint i = 0; i < self->items->len; i++)
    if (g_array_index (self->items, Item, i).lot_id == 0)
      return FALSE;
  for (guint i = 0; i < self->findings->len; i++)
    {
      MesoFinding *finding = g_ptr_array_index (self->findings, i);
      const char *reason = g_hash_table_lookup (self->reasons, finding->key);

      if (finding->level == MESO_VERDICT_BLOCKED || reason == NULL || *reason == '\0')
        return FALSE;
    }
  return TRUE;
}

static void
update_action (MesoComposerWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.administer", may_administer (self));
}

static void
on_reason_changed_cb (GtkEditable        *entry,
                      MesoComposerWindow *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  g_hash_table_insert (self->reasons, g_strdup (g_object_get_data (G_OBJECT (entry), "key")),
                       g_steal_pointer (&reason));
  update_action (self);
}

static void
show_findings (MesoComposerWindow *self,
               MesoVerdict         verdict)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  static const char * const classes[] = { "success", "warning", "error" };

  for (guint i = 0; i < self->findings->len; i++)
    g_string_append_printf (keys, "%s\n", ((MesoFinding *) self->findings->pdata[i])->key);
  gtk_label_set_label (self->verdict_label,
                       verdict == MESO_VERDICT_BLOCKED ? _("Blocked")
                       : verdict == MESO_VERDICT_WARNINGS ? _("Warnings: give a reason for each")
                       : _("Clear: no contraindication found"));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), classes[verdict]);
  if (g_strcmp0 (keys->str, self->finding_keys) == 0)
    return;
  g_free (self->finding_keys);
  self->finding_keys = g_strdup (keys->str);

  meso_list_box_remove_all (self->findings_list);
  for (guint i = 0; i < self->findings->len; i++)
    {
      MesoFinding *finding = g_ptr_array_index (self->findings, i);
      GtkWidget *row;

      if (finding->level == MESO_VERDICT_BLOCKED)
        {
          row = adw_action_row_new ();
          adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-error-symbolic");
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->message);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Blocks the session"));
          /* Answers to ask or complete: the screening is one click away. */
          if (g_str_has_prefix (finding->key, "ask/"))
            {
              GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Screening…"));

              gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
              gtk_widget_set_tooltip_text (button, _("Ask or complete the answers in the "
                                                     "patient’s screening record"));
              g_signal_connect_swapped (button, "clicked", G_CALLBACK (meso_composer_window_open_screening), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
            }
        }
      else
        {
          const char *reason = g_hash_table_lookup (self->reasons, finding->key);
          GtkWidget *entry = adw_entry_row_new ();

          row = adw_action_row_new ();
          adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-warning-symbolic");
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->message);
          gtk_list_box_append (self->findings_list, row);

          /* The reason goes right under what it answers. */
          row = entry;
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry),
                                         _("Why you go on despite this (kept in the record)"));
          gtk_editable_set_text (GTK_EDITABLE (entry), reason != NULL ? reason : "");
          g_object_set_data_full (G_OBJECT (entry), "key", g_strdup (finding->key), g_free);
          g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), self);
        }
      gtk_list_box_append (self->findings_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), self->findings->len > 0);
}

/* "Vitamin · 2 mg/ml in the mix (usual 0.5, at most 5)": the strength
 * the physician composes by, beside the volume drawn. */
static void
set_item_subtitle (MesoComposerWindow *self,
                   guint               index,
                   MesoIngredient     *ingredient,
                   double              final)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->items_list, index);
  g_autofree char *subtitle = NULL;

  if (row == NULL || ingredient == NULL)
    return;
  if (final > 0)
    subtitle = g_strdup_printf (_("%s · %.3g %s in the mix (usual %.3g, at most %.3g)"),
                                ingredient->category, final, ingredient->unit, ingredient->usual,
                                ingredient->maximum);
  else
    subtitle = g_strdup_printf (_("%s · usual %.3g %s, at most %.3g"), ingredient->category,
                                ingredient->usual, ingredient->unit, ingredient->maximum);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

/* Recomputes the mixture and screens it; the rows of the items are kept. */
void
meso_composer_window_refresh (MesoComposerWindow *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  const char *sex = meso_patient_get_field (self->patient, MESO_PATIENT_SEX);
  MesoVerdict verdict;
  GDate day;

  meso_context_get_today (self->context, &day);
  g_clear_object (&self->cocktail);
  self->cocktail = meso_cocktail_new ();
  meso_cocktail_set_total (self->cocktail, gtk_spin_button_get_value (self->total_spin));
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      MesoCocktailItem entry = { item->ingredient_id, item->lot_id, item->concentration,
                                 item->volume_ml, 0 };

      meso_cocktail_add (self->cocktail, &entry);
      g_array_append_val (ids, item->ingredient_id);
    }

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = meso_catalogue_screen (self->catalogue, self->screening,
                                          g_strcmp0 (sex, "male") != 0, (gint64 *) ids->data,
                                          ids->len, &day,
                                          meso_clinic_get_number (clinic,
                                                                  MESO_CLINIC_SCREENING_DAYS),
                                          &verdict);
  show_findings (self, verdict);

  self->computed = self->items->len > 0 && meso_cocktail_compute (self->cocktail, &error);
  if (self->items->len == 0)
    g_string_append (summary, _("Add ingredients, or start from a recipe."));
  else if (!self->computed)
    g_string_append (summary, error->message);
  else
    {
      GArray *items = meso_cocktail_get_items (self->cocktail);

      g_string_append_printf (summary, _("Total %.2f ml"), meso_cocktail_get_total (self->cocktail));
      if (meso_cocktail_get_diluent (self->cocktail) > 0.005)
        g_string_append_printf (summary, _(" with %.2f ml of saline"),
                                meso_cocktail_get_diluent (self->cocktail));
      g_string_append_c (summary, '.');
      for (guint i = 0; i < items->len; i++)
        {
          MesoIngredient *ingredient = meso_catalogue_find (self->catalogue,
                                                            g_array_index (items, MesoCocktailItem,
                                                                           i).ingredient_id);
          double final = meso_cocktail_final_concentration (self->cocktail, i);

          set_item_subtitle (self, i, ingredient, final);
          if (ingredient != NULL && ingredient->maximum > 0 && final > ingredient->maximum)
            g_string_append_printf (summary, _("\n%s at %.2f %s is above its maximum of %.2f."),
                                    ingredient->name, final, ingredient->unit,
                                    ingredient->maximum);
          if (g_array_index (self->items, Item, i).lot_id == 0)
            g_string_append_printf (summary, _("\nChoose a lot of %s in stock."),
                                    ingredient != NULL ? ingredient->name : "?");
        }
      if (self->map_points > 0)
        {
          g_autofree char *mismatch =
            meso_cocktail_check_map (self->cocktail, self->map_points,
                                     self->map_volume_ml / self->map_points);

          if (mismatch != NULL)
            g_string_append_printf (summary, "\n%s", mismatch);
        }
    }
  gtk_label_set_label (self->summary_label, summary->str);

  if (self->computed)
    {
      g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
      g_autofree char *name = meso_patient_dup_display_name (self->patient);

      label = meso_treatment_store_label (store (self), self->catalogue, self->cocktail, name, now,
                                          meso_clinic_get_number (clinic, MESO_CLINIC_MIX_HOURS));
    }
  gtk_label_set_label (self->label_preview, label != NULL ? label : "");
  update_action (self);
}

/* The item a control belongs to: its row's place in the list. */
static guint
item_index (GtkWidget *control)
{
  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (
                                       control, GTK_TYPE_LIST_BOX_ROW)));
}

static void
on_volume_changed_cb (GtkSpinButton      *spin,
                      MesoComposerWindow *self)
{
  guint index = item_index (GTK_WIDGET (spin));

  g_array_index (self->items, Item, index).volume_ml = gtk_spin_button_get_value (spin);
  meso_composer_window_refresh (self);
}

static void
on_lot_selected_cb (GtkDropDown        *dropdown,
                    GParamSpec         *pspec,
                    MesoComposerWindow *self)
{
  guint index = item_index (GTK_WIDGET (dropdown));
  GArray *lot_ids = g_ptr_array_index (self->item_lots, index);
  guint selected = gtk_drop_down_get_selected (dropdown);
  Item *item = &g_array_index (self->items, Item, index);
  g_autoptr(MesoLot) lot = NULL;

  item->lot_id = selected < lot_ids->len ? g_array_index (lot_ids, gint64, selected) : 0;
  lot = item->lot_id != 0 ? meso_treatment_store_load_lot (store (self), item->lot_id, NULL) : NULL;
  item->concentration = lot != NULL ? lot->concentration : 0;
  meso_composer_window_refresh (self);
}

static void rebuild_items (MesoComposerWindow *self);

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index < self->items->len)
    {
      g_array_remove_index (self->items, index);
      rebuild_items (self);
    }
}

static void
rebuild_items (MesoComposerWindow *self)
{
  meso_list_box_remove_all (self->items_list);
  g_ptr_array_set_size (self->item_lots, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      MesoIngredient *ingredient = meso_catalogue_find (self->catalogue, item->ingredient_id);
      g_autoptr(GPtrArray) lots = meso_treatment_store_list_lots (store (self), item->ingredient_id,
                                                                  NULL);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      GArray *lot_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown, *spin, *remove;
      guint selected = GTK_INVALID_LIST_POSITION;

      for (guint l = 0; lots != NULL && l < lots->len; l++)
        {
          MesoLot *lot = g_ptr_array_index (lots, l);
          g_autofree char *text = g_strdup_printf (_("%s · to %s · %.3g ml"), lot->lot_number,
                                                   lot->expires_on, lot->quantity_ml);

          gtk_string_list_append (names, text);
          g_array_append_val (lot_ids, lot->id);
          if (lot->id == item->lot_id)
            selected = l;
        }
      if (lots == NULL || lots->len == 0)
        gtk_string_list_append (names, _("Not in stock"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ingredient->name);

      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      g_ptr_array_add (self->item_lots, lot_ids);
      if (selected != GTK_INVALID_LIST_POSITION)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_lot_selected_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Lot"), -1);

      spin = gtk_spin_button_new_with_range (0.01, 20, 0.05);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), item->volume_ml);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (spin, _("Millilitres drawn from the vial"));
      g_signal_connect (spin, "value-changed", G_CALLBACK (on_volume_changed_cb), self);

      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Take out of the mixture"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "composer.remove-item");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_uint32 (i));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->items_list, row);
      set_item_subtitle (self, i, ingredient, 0);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), self->items->len > 0);
  meso_composer_window_refresh (self);
}

/* Adds @ingredient_id from its first lot to expire, or none in stock. */
static void
add_item (MesoComposerWindow *self,
          gint64              ingredient_id,
          double              volume_ml)
{
  g_autoptr(GPtrArray) lots = meso_treatment_store_list_lots (store (self), ingredient_id, NULL);
  Item item = { ingredient_id, 0, 0, volume_ml };
  GDate day;

  meso_context_get_today (self->context, &day);
  for (guint i = 0; lots != NULL && i < lots->len && item.lot_id == 0; i++)
    if (meso_lot_check (lots->pdata[i], volume_ml, &day, NULL))
      {
        item.lot_id = ((MesoLot *) lots->pdata[i])->id;
        item.concentration = ((MesoLot *) lots->pdata[i])->concentration;
      }
  g_array_append_val (self->items, item);
}

static void
on_add_selected_cb (MesoComposerWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->add_row);
  GPtrArray *ingredients = meso_catalogue_get_ingredients (self->catalogue);

  if (selected == 0 || selected > ingredients->len)
    return;
  add_item (self, ((MesoIngredient *) ingredients->pdata[selected - 1])->id, 0.5);
  adw_combo_row_set_selected (self->add_row, 0);
  rebuild_items (self);
}

static void
on_recipe_selected_cb (MesoComposerWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->recipe_row);
  GPtrArray *recipes = meso_catalogue_get_recipes (self->catalogue);
  MesoRecipe *recipe;

  if (selected == 0 || selected > recipes->len)
    return;
  recipe = g_ptr_array_index (recipes, selected - 1);
  g_array_set_size (self->items, 0);
  for (guint i = 0; i < recipe->items->len; i++)
    {
      MesoRecipeItem *part = &g_array_index (recipe->items, MesoRecipeItem, i);

      add_item (self, part->ingredient_id, part->volume_ml);
    }
  rebuild_items (self);
}

static void
on_map_clicked_cb (MesoComposerWindow *self)
{
  if (self->map_points == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("This session's scalp map has no points yet.")));
      return;
    }
  gtk_spin_button_set_value (self->total_spin, self->map_volume_ml);
}

/* Lists the catalogue's recipes in the recipe row, "None" first. */
static void
fill_recipes (MesoComposerWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *recipes = meso_catalogue_get_recipes (self->catalogue);

  gtk_string_list_append (names, _("None"));
  for (guint i = 0; i < recipes->len; i++)
    gtk_string_list_append (names, ((MesoRecipe *) recipes->pdata[i])->name);
  g_signal_handlers_block_by_func (self->recipe_row, on_recipe_selected_cb, self);
  adw_combo_row_set_model (self->recipe_row, G_LIST_MODEL (names));
  g_signal_handlers_unblock_by_func (self->recipe_row, on_recipe_selected_cb, self);
}

static void
on_save_recipe_cb (MesoComposerWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->save_recipe_row))));
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (MesoRecipeItem));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  MesoCatalogue *reloaded;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      MesoRecipeItem part = { item->ingredient_id, item->volume_ml };

      g_array_append_val (parts, part);
    }
  if (meso_treatment_store_save_recipe (store (self), name, (MesoRecipeItem *) parts->data,
                                        parts->len, &error) == 0 ||
      (reloaded = meso_treatment_store_load_catalogue (store (self), &error)) == NULL)
    {
      meso_row_error_set (self->save_recipe_row, error->message);
      return;
    }
  meso_row_error_set (self->save_recipe_row, NULL);
  g_clear_object (&self->catalogue);
  self->catalogue = reloaded;
  fill_recipes (self);
  gtk_editable_set_text (GTK_EDITABLE (self->save_recipe_row), "");
  done = g_strdup_printf (_("Saved as the recipe “%s”."), name);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done));
}

/* composer.add-ingredient (s): adds an ingredient by name; what the add
 * row does, for the keyboard-free tests. */
static void
add_ingredient_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (widget);
  MesoIngredient *ingredient = meso_catalogue_find_by_name (self->catalogue,
                                                            g_variant_get_string (parameter, NULL));

  if (ingredient == NULL)
    return;
  add_item (self, ingredient->id, 0.5);
  rebuild_items (self);
}

/* The session's latest record, recorded @when, is what the next corrects. */
static void
show_recorded (MesoComposerWindow *self,
               const char         *when)
{
  g_autofree char *text = g_strdup_printf (_("Recorded %s. What you record now is kept as a "
                                             "correction of it; the record itself never "
                                             "changes."), when);

  gtk_label_set_label (self->record_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->record_label), TRUE);
  gtk_button_set_label (self->administer_button, _("_Record Correction"));
}

static void
administer_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GDate day;
  gint64 record;

  meso_context_get_today (self->context, &day);
  /* Only the reasons go along: the core screens the patient again itself. */
  record = meso_treatment_store_administer (store (self), meso_context_get_schedule (self->context),
                                            self->session->id, self->session->patient_id,
                                            self->cocktail, self->map_points, self->reasons,
                                            gtk_label_get_label (self->label_preview),
                                            self->record_id, &day, &error);
  if (record == 0)
    {
      g_autoptr(MesoCocktail) latest = NULL;
      g_autofree char *when = NULL;

      /* Another room recorded first (who and when below): what was composed
       * stays, to correct their record if recorded again. */
      if (g_error_matches (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE) &&
          (latest = meso_treatment_store_load_record (store (self), self->session->id,
                                                      &self->record_id, &when, NULL)) != NULL)
        show_recorded (self, when);
      gtk_label_set_label (self->summary_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      return;
    }
  g_signal_emit (self, signals[RECORDED], 0, self->session->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
meso_composer_window_dispose (GObject *object)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_COMPOSER_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->session);
  g_clear_object (&self->patient);
  g_clear_object (&self->screening);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->cocktail);
  g_clear_object (&self->add_names);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->item_lots, g_ptr_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->reasons, g_hash_table_unref);
  g_clear_pointer (&self->finding_keys, g_free);

  G_OBJECT_CLASS (meso_composer_window_parent_class)->dispose (object);
}

static void
meso_composer_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (object);

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
meso_composer_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (object);

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
meso_composer_window_constructed (GObject *object)
{
  MesoComposerWindow *self = MESO_COMPOSER_WINDOW (object);

  G_OBJECT_CLASS (meso_composer_window_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_COMPOSER_WINDOW, self->context);

  /* Everything else needs the session too: see meso_composer_window_load(). */
  g_return_if_fail (MESO_IS_CONTEXT (self->context));
}

static void
meso_composer_window_class_init (MesoComposerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_composer_window_dispose;
  object_class->constructed = meso_composer_window_constructed;
  object_class->get_property = meso_composer_window_get_property;
  object_class->set_property = meso_composer_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoComposerWindow::recorded:
   * @appointment_id: the session, which the core has marked done
   *
   * Emitted when the cocktail was given and recorded.
   */
  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-composer-window.ui");
  meso_health_banner_class_bind (widget_class);
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, MesoComposerWindow, name)
  CHILD (toast_overlay);
  CHILD (window_title);
  CHILD (administer_button);
  CHILD (verdict_label);
  CHILD (record_label);
  CHILD (findings_list);
  CHILD (recipe_row);
  CHILD (total_spin);
  CHILD (map_button);
  CHILD (add_row);
  CHILD (save_recipe_row);
  CHILD (items_list);
  CHILD (summary_label);
  CHILD (label_preview);
#undef CHILD
  gtk_widget_class_install_action (widget_class, "composer.administer", NULL, administer_action);
  gtk_widget_class_install_action (widget_class, "composer.add-ingredient", "s",
                                   add_ingredient_action);
  gtk_widget_class_install_action (widget_class, "composer.remove-item", "u",
                                   remove_item_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_composer_window_init (MesoComposerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->item_lots = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->findings = g_ptr_array_new ();
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect_swapped (self->total_spin, "value-changed", G_CALLBACK (meso_composer_window_refresh), self);
  g_signal_connect_swapped (self->map_button, "clicked", G_CALLBACK (on_map_clicked_cb), self);
  g_signal_connect_swapped (self->save_recipe_row, "apply", G_CALLBACK (on_save_recipe_cb), self);
  meso_row_error_attach (self->save_recipe_row);
}

/* Reads the session's own scalp map (not one copied forward: that is not
 * this session's plan until saved) and what was already recorded, which
 * the composer then shows to be corrected. */
static gboolean
load_session (MesoComposerWindow  *self,
              GError             **error)
{
  MesoScalpStore *scalp = meso_context_get_scalp_store (self->context);
  g_autoptr(MesoScalpMap) map = NULL;
  g_autoptr(MesoCocktail) recorded = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean copied = FALSE;

  map = meso_scalp_store_open_session (scalp, self->session->id, &copied, error);
  if (map == NULL)
    return FALSE;
  if (!copied)
    {
      self->map_points = meso_scalp_map_count_points (map);
      self->map_volume_ml = meso_scalp_map_total_volume (map);
    }
  recorded = meso_treatment_store_load_record (store (self), self->session->id, &self->record_id,
                                               &when, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (recorded == NULL)
    return TRUE;

  {
    GArray *items = meso_cocktail_get_items (recorded);

    for (guint i = 0; i < items->len; i++)
      {
        MesoCocktailItem *part = &g_array_index (items, MesoCocktailItem, i);
        Item item = { part->ingredient_id, part->lot_id, part->stock_concentration,
                      part->volume_ml };

        g_array_append_val (self->items, item);
      }
    gtk_spin_button_set_value (self->total_spin, meso_cocktail_get_total (recorded));
    show_recorded (self, when);
  }
  return TRUE;
}

/**
 * meso_composer_window_load:
 * @self: a composer built with its context
 * @session: the appointment the cocktail is for
 * @error: where to report why not
 *
 * Fills the composer for @session: the patient's screening, the catalogue
 * and what was already recorded; the step a composer declared in a .ui
 * file needs once built.
 *
 * Returns: %FALSE with @error (for one, without the clinical permission)
 */
gboolean
meso_composer_window_load (MesoComposerWindow  *self,
                           MesoAppointment     *session,
                           GError             **error)
{
  MesoPatientStore *patients = NULL;
  g_autoptr(MesoScreening) screening = NULL;
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(MesoCatalogue) catalogue = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (MESO_IS_COMPOSER_WINDOW (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (self->session == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  patients = meso_context_get_patient_store (self->context);
  screening = meso_patient_store_load_screening (patients, session->patient_id, error);
  patient = screening != NULL ? meso_patient_store_load (patients, session->patient_id, error)
                              : NULL;
  catalogue = patient != NULL ? meso_treatment_store_load_catalogue (store (self), error) : NULL;
  if (catalogue == NULL)
    return FALSE;
  self->session = meso_appointment_copy (session);
  self->patient = g_steal_pointer (&patient);
  self->screening = g_steal_pointer (&screening);
  self->catalogue = g_steal_pointer (&catalogue);

  name = meso_patient_dup_display_name (self->patient);
  title = g_strdup_printf (_("Cocktail: %s"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  self->add_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->add_names, _("Choose…"));
  for (guint i = 0; i < meso_catalogue_get_ingredients (self->catalogue)->len; i++)
    gtk_string_list_append (self->add_names,
                            ((MesoIngredient *) meso_catalogue_get_ingredients (self->catalogue)
                               ->pdata[i])->name);
  adw_combo_row_set_model (self->add_row, G_LIST_MODEL (self->add_names));
  fill_recipes (self);
  g_signal_connect_swapped (self->add_row, "notify::selected", G_CALLBACK (on_add_selected_cb),
                            self);
  g_signal_connect_swapped (self->recipe_row, "notify::selected",
                            G_CALLBACK (on_recipe_selected_cb), self);
  if (!load_session (self, error))
    return FALSE;
  rebuild_items (self);
  return TRUE;
}

/**
 * meso_composer_window_new:
 *
 * Returns: (transfer floating) (nullable): the composer for @session, or
 * %NULL with @error (for one, without the clinical permission).
 */
MesoComposerWindow *
meso_composer_window_new (GtkWindow        *parent,
                          MesoContext      *context,
                          MesoAppointment  *session,
                          GError          **error)
{
  MesoComposerWindow *self = g_object_new (MESO_TYPE_COMPOSER_WINDOW,
                                           "transient-for", parent,
                                           "context", context,
                                           NULL);

  if (!meso_composer_window_load (self, session, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
