/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-ingredient-row.c: one ingredient of the catalogue in the stock
 * window. Its strengths and notes are saved as they change; a refusal is
 * shown in the row's own error row, the values kept. Its rules and the
 * pairs it must not be mixed in are added the first time it is opened,
 * and follow the catalogue the window gives it after each change. */
#define G_LOG_DOMAIN "meso-ingredient-row"

#include <glib/gi18n.h>

#include "meso-icon-button.h"
#include "meso-ingredient-row.h"

/* Conditions a rule can name, beyond the screening record's questions. */
static const char * const extra_conditions[] = { "allergy", "blood-thinner" };
#define N_RULE_CONDITIONS (MESO_N_CONDITIONS + G_N_ELEMENTS (extra_conditions))

struct _MesoIngredientRow
{
  AdwExpanderRow      parent_instance;

  MesoTreatmentStore *store;
  MesoCatalogue      *catalogue;
  gint64              ingredient_id;
  gboolean            filling;
  GPtrArray          *rule_rows;    /* one AdwComboRow a condition, once opened */
  guint               shown[N_RULE_CONDITIONS];   /* what each rule row shows as stored */
  GPtrArray          *pair_rows;    /* the rows of the pairs, and the one to add a pair */

  /* Template children */
  AdwActionRow       *error_row;
  AdwActionRow       *usual_row;
  GtkSpinButton      *usual_spin;
  AdwActionRow       *maximum_row;
  GtkSpinButton      *maximum_spin;
  AdwEntryRow        *notes_row;
};

G_DEFINE_FINAL_TYPE (MesoIngredientRow, meso_ingredient_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CATALOGUE,
  PROP_INGREDIENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
condition_code (guint index)
{
  return index < MESO_N_CONDITIONS ? meso_condition_get_code (index)
                                   : extra_conditions[index - MESO_N_CONDITIONS];
}

static const char *
condition_label (const char *code)
{
  MesoCondition condition;

  if (g_str_equal (code, "allergy"))
    return _("Allergic to this ingredient");
  if (g_str_equal (code, "blood-thinner"))
    return _("Takes blood thinners");
  return meso_condition_from_code (code, &condition) ? meso_condition_get_label (condition)
                                                     : code;
}

static MesoIngredient *
ingredient (MesoIngredientRow *self)
{
  return meso_catalogue_find (self->catalogue, self->ingredient_id);
}

static MesoRule *
find_rule (MesoIngredient *ingredient,
           const char     *code)
{
  for (guint i = 0; i < ingredient->rules->len; i++)
    if (g_str_equal (((MesoRule *) ingredient->rules->pdata[i])->condition, code))
      return ingredient->rules->pdata[i];
  return NULL;
}

static void
fail (MesoIngredientRow *self,
      const char        *message)
{
  g_signal_emit (self, signals[FAILED], 0, message);
}

/* The title line: category, strengths and how many rules block or warn. */
static void
show_summary (MesoIngredientRow *self)
{
  MesoIngredient *shown = ingredient (self);
  guint blocks = 0, warns = 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *unit = NULL;

  if (shown == NULL)
    return;
  for (guint i = 0; i < shown->rules->len; i++)
    {
      if (((MesoRule *) shown->rules->pdata[i])->severity == MESO_SEVERITY_ABSOLUTE)
        blocks++;
      else
        warns++;
    }
  subtitle = g_strdup_printf (_("%s · usual %.3g %s, at most %.3g · %u blocking, %u warning"),
                              shown->category, shown->usual, shown->unit, shown->maximum, blocks,
                              warns);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), shown->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  unit = g_strdup_printf (_("In %s"), shown->unit);
  adw_action_row_set_subtitle (self->usual_row, unit);
  adw_action_row_set_subtitle (self->maximum_row, unit);
}

static void
show_error (MesoIngredientRow *self,
            const char        *message)
{
  if (message != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
}

static void
on_field_changed_cb (MesoIngredientRow *self)
{
  MesoIngredient *stored = ingredient (self);
  MesoIngredient changed;
  g_autoptr(GError) error = NULL;

  if (self->filling || stored == NULL)
    return;
  changed = *stored;
  changed.usual = gtk_spin_button_get_value (self->usual_spin);
  changed.maximum = gtk_spin_button_get_value (self->maximum_spin);
  changed.notes = (char *) gtk_editable_get_text (GTK_EDITABLE (self->notes_row));
  if (!meso_treatment_store_save_ingredient (self->store, &changed, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

static void
on_rule_selected_cb (AdwComboRow       *row,
                     GParamSpec        *pspec,
                     MesoIngredientRow *self)
{
  guint index, selected = adw_combo_row_get_selected (row);
  const char *code;
  MesoIngredient *shown = ingredient (self);
  MesoRule *rule;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  if (self->filling || shown == NULL || !g_ptr_array_find (self->rule_rows, row, &index) ||
      selected == self->shown[index])
    return;
  code = condition_code (index);
  rule = find_rule (shown, code);
  if (selected == 0)
    saved = meso_treatment_store_remove_rule (self->store, self->ingredient_id, code, &error);
  else
    saved = meso_treatment_store_set_rule (self->store, self->ingredient_id, code,
                                           selected == 2 ? MESO_SEVERITY_ABSOLUTE
                                                         : MESO_SEVERITY_RELATIVE,
                                           rule != NULL ? rule->note : NULL, &error);
  if (!saved)
    {
      /* Not saved: show the rule as it still is. */
      fail (self, error->message);
      self->filling = TRUE;
      adw_combo_row_set_selected (row, self->shown[index]);
      self->filling = FALSE;
      return;
    }
  self->shown[index] = selected;
}

static void
add_rule_rows (MesoIngredientRow *self)
{
  static const char * const choices[] = { N_("No rule"), N_("Warns"), N_("Blocks"), NULL };
  MesoIngredient *shown = ingredient (self);

  for (guint i = 0; i < N_RULE_CONDITIONS; i++)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      MesoRule *rule = find_rule (shown, condition_code (i));

      for (guint c = 0; choices[c] != NULL; c++)
        gtk_string_list_append (model, _(choices[c]));
      self->shown[i] = rule == NULL ? 0 : rule->severity == MESO_SEVERITY_ABSOLUTE ? 2 : 1;
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), self->shown[i]);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     condition_label (condition_code (i)));
      if (rule != NULL && *rule->note != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rule->note);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_rule_selected_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->rule_rows, row);
    }
}

static void
allow_mix_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MesoIngredientRow *self = MESO_INGREDIENT_ROW (widget);
  g_autoptr(GError) error = NULL;

  if (!meso_treatment_store_set_incompatible (self->store, self->ingredient_id,
                                              g_variant_get_int64 (parameter), NULL, FALSE,
                                              &error))
    fail (self, error->message);
}

static gboolean
release_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
on_pair_added_cb (AdwComboRow       *row,
                  GParamSpec        *pspec,
                  MesoIngredientRow *self)
{
  GPtrArray *ingredients = meso_catalogue_get_ingredients (self->catalogue);
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;
  gint64 other;

  if (selected == 0 || selected > ingredients->len)
    return;
  other = ((MesoIngredient *) ingredients->pdata[selected - 1])->id;
  /* The change makes the rows again, this one too: it lives until its own
   * signal is over. */
  g_idle_add (release_cb, g_object_ref (row));
  if (!meso_treatment_store_set_incompatible (self->store, self->ingredient_id, other, NULL, TRUE,
                                              &error))
    fail (self, error->message);
}

/* The "not to be mixed with" rows: the pairs, each removable, and a row
 * to add one; made again from each catalogue. */
static void
show_pairs (MesoIngredientRow *self)
{
  GPtrArray *ingredients = meso_catalogue_get_ingredients (self->catalogue);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *add = adw_combo_row_new ();

  for (guint i = 0; i < self->pair_rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->pair_rows->pdata[i]);
  g_ptr_array_set_size (self->pair_rows, 0);

  gtk_string_list_append (names, _("Choose…"));
  for (guint i = 0; i < ingredients->len; i++)
    {
      MesoIngredient *other = g_ptr_array_index (ingredients, i);
      const char *note = other->id != self->ingredient_id
                           ? meso_catalogue_get_incompatibility (self->catalogue,
                                                                 self->ingredient_id, other->id)
                           : NULL;

      gtk_string_list_append (names, other->name);
      if (note != NULL)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *remove = meso_icon_button_new ("user-trash-symbolic", _("They may be mixed"));
          g_autofree char *title = g_strdup_printf (_("Not to be mixed with %s"), other->name);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "ingredient.allow-mix");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove),
                                                  g_variant_new_int64 (other->id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
          g_ptr_array_add (self->pair_rows, row);
        }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("Not to be mixed with…"));
  adw_combo_row_set_model (ADW_COMBO_ROW (add), G_LIST_MODEL (names));
  g_signal_connect (add, "notify::selected", G_CALLBACK (on_pair_added_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), add);
  g_ptr_array_add (self->pair_rows, add);
}

/* The rules and pairs are made when the row is first opened: most of the
 * catalogue is never opened. */
static void
on_expanded_cb (MesoIngredientRow *self)
{
  if (!adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)) || self->rule_rows->len > 0 ||
      ingredient (self) == NULL)
    return;
  add_rule_rows (self);
  show_pairs (self);
}

/**
 * meso_ingredient_row_set_catalogue:
 *
 * Shows the ingredient as @catalogue has it: the window gives the row the
 * catalogue it read again after each change.
 */
void
meso_ingredient_row_set_catalogue (MesoIngredientRow *self,
                                   MesoCatalogue     *catalogue)
{
  MesoIngredient *shown;

  if (!g_set_object (&self->catalogue, catalogue))
    return;
  shown = ingredient (self);
  show_summary (self);
  if (shown != NULL && self->rule_rows->len == 0)
    {
      /* Not yet edited here: the fields show what is stored. */
      self->filling = TRUE;
      gtk_spin_button_set_value (self->usual_spin, shown->usual);
      gtk_spin_button_set_value (self->maximum_spin, shown->maximum);
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row), shown->notes);
      self->filling = FALSE;
    }
  if (shown != NULL && self->pair_rows->len > 0)
    show_pairs (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

static void
meso_ingredient_row_dispose (GObject *object)
{
  MesoIngredientRow *self = MESO_INGREDIENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_INGREDIENT_ROW);
  g_clear_object (&self->store);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->rule_rows, g_ptr_array_unref);
  g_clear_pointer (&self->pair_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (meso_ingredient_row_parent_class)->dispose (object);
}

static void
meso_ingredient_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MesoIngredientRow *self = MESO_INGREDIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case PROP_INGREDIENT_ID:
      g_value_set_int64 (value, self->ingredient_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_ingredient_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MesoIngredientRow *self = MESO_INGREDIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CATALOGUE:
      meso_ingredient_row_set_catalogue (self, g_value_get_object (value));
      break;
    case PROP_INGREDIENT_ID:
      self->ingredient_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_ingredient_row_class_init (MesoIngredientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_ingredient_row_dispose;
  object_class->get_property = meso_ingredient_row_get_property;
  object_class->set_property = meso_ingredient_row_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MESO_TYPE_TREATMENT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INGREDIENT_ID] =
    g_param_spec_int64 ("ingredient-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Set after the id, so that the row shows the ingredient from the start. */
  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, MESO_TYPE_CATALOGUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoIngredientRow::failed:
   * @message: what went wrong, to show
   *
   * Emitted when a change made in the row was refused and the row cannot
   * show why itself.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/mesodesk/Mesodesk/meso-ingredient-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoIngredientRow, error_row);
  gtk_widget_class_bind_template_child (widget_class, MesoIngredientRow, usual_row);
  gtk_widget_class_bind_template_child (widget_class, MesoIngredientRow, usual_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoIngredientRow, maximum_row);
  gtk_widget_class_bind_template_child (widget_class, MesoIngredientRow, maximum_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoIngredientRow, notes_row);
  gtk_widget_class_install_action (widget_class, "ingredient.allow-mix", "x", allow_mix_action);
}

static void
meso_ingredient_row_init (MesoIngredientRow *self)
{
  self->rule_rows = g_ptr_array_new ();
  self->pair_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::expanded", G_CALLBACK (on_expanded_cb), NULL);
  g_signal_connect_swapped (self->usual_spin, "value-changed", G_CALLBACK (on_field_changed_cb),
                            self);
  g_signal_connect_swapped (self->maximum_spin, "value-changed", G_CALLBACK (on_field_changed_cb),
                            self);
  g_signal_connect_swapped (self->notes_row, "apply", G_CALLBACK (on_field_changed_cb), self);
}

MesoIngredientRow *
meso_ingredient_row_new (MesoTreatmentStore *store,
                         MesoCatalogue      *catalogue,
                         gint64              ingredient_id)
{
  return g_object_new (MESO_TYPE_INGREDIENT_ROW, "store", store, "ingredient-id", ingredient_id,
                       "catalogue", catalogue, NULL);
}
