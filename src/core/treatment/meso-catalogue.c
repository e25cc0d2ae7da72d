/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-catalogue.c: the ingredient catalogue and the screening of a
 * patient against a cocktail. The seed is data/ingredients.json, read
 * into an empty database with SQLite's JSON functions. */
#define G_LOG_DOMAIN "meso-catalogue"

#include <glib/gi18n.h>

#include "meso-enum.h"
#include "meso-treatment-store-private.h"
#include "mesodesk-core-resources.h"

typedef struct
{
  gint64  first;
  gint64  second;
  char   *note;
} Incompatibility;

struct _MesoCatalogue
{
  GObject    parent_instance;

  GPtrArray *ingredients;        /* of MesoIngredient, by name */
  GPtrArray *general;            /* of MesoRule */
  GArray    *incompatibilities;  /* of Incompatibility */
  GPtrArray *recipes;            /* of MesoRecipe */
};

G_DEFINE_TYPE (MesoCatalogue, meso_catalogue, G_TYPE_OBJECT)

static void
rule_free (gpointer data)
{
  MesoRule *rule = data;

  g_free (rule->condition);
  g_free (rule->note);
  g_free (rule);
}

static void
ingredient_free (gpointer data)
{
  MesoIngredient *ingredient = data;

  g_free (ingredient->name);
  g_free (ingredient->category);
  g_free (ingredient->form);
  g_free (ingredient->unit);
  g_free (ingredient->notes);
  g_ptr_array_unref (ingredient->rules);
  g_free (ingredient);
}

static void
recipe_free (gpointer data)
{
  MesoRecipe *recipe = data;

  g_free (recipe->name);
  g_array_unref (recipe->items);
  g_free (recipe);
}

static void
incompatibility_clear (gpointer data)
{
  g_free (((Incompatibility *) data)->note);
}

void
meso_finding_free (MesoFinding *finding)
{
  g_free (finding->key);
  g_free (finding->message);
  g_free (finding);
}

static void
meso_catalogue_finalize (GObject *object)
{
  MesoCatalogue *self = MESO_CATALOGUE (object);

  g_ptr_array_unref (self->ingredients);
  g_ptr_array_unref (self->general);
  g_array_unref (self->incompatibilities);
  g_ptr_array_unref (self->recipes);

  G_OBJECT_CLASS (meso_catalogue_parent_class)->finalize (object);
}

static void
meso_catalogue_class_init (MesoCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_catalogue_finalize;
}

static void
meso_catalogue_init (MesoCatalogue *self)
{
  self->ingredients = g_ptr_array_new_with_free_func (ingredient_free);
  self->general = g_ptr_array_new_with_free_func (rule_free);
  self->incompatibilities = g_array_new (FALSE, FALSE, sizeof (Incompatibility));
  g_array_set_clear_func (self->incompatibilities, incompatibility_clear);
  self->recipes = g_ptr_array_new_with_free_func (recipe_free);
}

/**
 * meso_treatment_store_seed:
 *
 * Loads the seed catalogue (ingredients, rules, incompatibilities,
 * recipes) into @db if it has no ingredient yet; otherwise does nothing.
 */
gboolean
meso_treatment_store_seed (MesoTreatmentStore  *self,
                           GError             **error)
{
  MesoDb *db = self->db;
  /* The seed is walked with each engine's JSON functions: SQLite's JSON1,
   * PostgreSQL's jsonb (whose ->> gives text, cast where a column is a
   * number). Both lists insert the same rows, in the same order. */
  static const char * const file_statements[] = {
    "INSERT INTO ingredient (name, category, form, unit, usual, maximum, notes)"
    " SELECT value ->> 'name', value ->> 'category', value ->> 'form', value ->> 'unit',"
    "   value ->> 'usual', value ->> 'maximum', coalesce (value ->> 'notes', '')"
    " FROM json_each (?1, '$.ingredients')",
    "INSERT INTO ingredient_rule (ingredient_id, condition, severity, note)"
    " SELECT i.id, r.value ->> 'condition', r.value ->> 'severity',"
    "  coalesce (r.value ->> 'note', '')"
    " FROM json_each (?1, '$.ingredients') j JOIN ingredient i ON i.name = j.value ->> 'name',"
    "   json_each (j.value, '$.rules') r",
    "INSERT INTO general_rule (condition, severity, note)"
    " SELECT value ->> 'condition', value ->> 'severity', coalesce (value ->> 'note', '')"
    " FROM json_each (?1, '$.general')",
    "INSERT INTO incompatibility (first_id, second_id, note)"
    " SELECT CASE WHEN a.id < b.id THEN a.id ELSE b.id END,"
    "  CASE WHEN a.id < b.id THEN b.id ELSE a.id END, coalesce (value ->> 'note', '')"
    " FROM json_each (?1, '$.incompatibilities')"
    "   JOIN ingredient a ON a.name = value ->> 'first'"
    "   JOIN ingredient b ON b.name = value ->> 'second'",
    "INSERT INTO recipe (name) SELECT value ->> 'name' FROM json_each (?1, '$.recipes')",
    "INSERT INTO recipe_item (recipe_id, position, ingredient_id, volume_ml)"
    " SELECT r.id, i.key + 1, g.id, i.value ->> 1"
    " FROM json_each (?1, '$.recipes') j JOIN recipe r ON r.name = j.value ->> 'name',"
    "   json_each (j.value, '$.items') i JOIN ingredient g ON g.name = i.value ->> 0",
  };
  static const char * const server_statements[] = {
    "INSERT INTO ingredient (name, category, form, unit, usual, maximum, notes)"
    " SELECT value ->> 'name', value ->> 'category', value ->> 'form', value ->> 'unit',"
    "   (value ->> 'usual')::float8, (value ->> 'maximum')::float8,"
    "   coalesce (value ->> 'notes', '')"
    " FROM jsonb_array_elements (?1::jsonb -> 'ingredients')",
    "INSERT INTO ingredient_rule (ingredient_id, condition, severity, note)"
    " SELECT i.id, r.value ->> 'condition', r.value ->> 'severity',"
    "  coalesce (r.value ->> 'note', '')"
    " FROM jsonb_array_elements (?1::jsonb -> 'ingredients') j"
    "   JOIN ingredient i ON i.name = j.value ->> 'name',"
    "   jsonb_array_elements (j.value -> 'rules') r",
    "INSERT INTO general_rule (condition, severity, note)"
    " SELECT value ->> 'condition', value ->> 'severity', coalesce (value ->> 'note', '')"
    " FROM jsonb_array_elements (?1::jsonb -> 'general')",
    "INSERT INTO incompatibility (first_id, second_id, note)"
    " SELECT CASE WHEN a.id < b.id THEN a.id ELSE b.id END,"
    "  CASE WHEN a.id < b.id THEN b.id ELSE a.id END, coalesce (x.value ->> 'note', '')"
    " FROM jsonb_array_elements (?1::jsonb -> 'incompatibilities') x"
    "   JOIN ingredient a ON a.name = x.value ->> 'first'"
    "   JOIN ingredient b ON b.name = x.value ->> 'second'",
    "INSERT INTO recipe (name)"
    " SELECT value ->> 'name' FROM jsonb_array_elements (?1::jsonb -> 'recipes')",
    "INSERT INTO recipe_item (recipe_id, position, ingredient_id, volume_ml)"
    " SELECT r.id, i.n, g.id, (i.value ->> 1)::float8"
    " FROM jsonb_array_elements (?1::jsonb -> 'recipes') j"
    "   JOIN recipe r ON r.name = j.value ->> 'name',"
    "   jsonb_array_elements (j.value -> 'items') WITH ORDINALITY i (value, n)"
    "   JOIN ingredient g ON g.name = i.value ->> 0",
  };
  const char * const *statements = meso_db_is_server (db) ? server_statements : file_statements;
  g_autoptr(GBytes) seed = NULL;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gboolean empty;

  stmt = meso_db_prepare (db, "SELECT NOT EXISTS (SELECT 1 FROM ingredient)", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_step (stmt);
  empty = meso_stmt_column_int (stmt, 0);
  meso_stmt_reset (stmt);
  if (!empty)
    return TRUE;

  /* Looked up in the core's own resource: a static library's resources are
   * only linked in when something refers to them. */
  seed = g_resource_lookup_data (mesodesk_core_get_resource (),
                                 "/io/github/mesodesk/Mesodesk/core/ingredients.json",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (seed == NULL || (w = meso_db_begin_write_unchecked (db, error)) == NULL)
    return FALSE;
  G_STATIC_ASSERT (G_N_ELEMENTS (file_statements) == G_N_ELEMENTS (server_statements));
  for (guint i = 0; i < G_N_ELEMENTS (file_statements); i++)
    {
      stmt = meso_db_prepare (db, statements[i], error);
      if (stmt == NULL)
        return FALSE;
      meso_stmt_bind_text_len (stmt, 1, g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
      if (!meso_db_step_done (db, stmt, error))
        return FALSE;
    }
  return meso_treatment_store_commit (self, w, error);
}

/* The nicks are the codes stored in ingredient_rule.severity and
 * general_rule.severity. */
G_DEFINE_ENUM_TYPE (MesoSeverity, meso_severity,
  G_DEFINE_ENUM_VALUE (MESO_SEVERITY_RELATIVE, "relative"),
  G_DEFINE_ENUM_VALUE (MESO_SEVERITY_ABSOLUTE, "absolute"))

static gboolean
severity_from_code (const char   *code,
                    MesoSeverity *out_severity)
{
  return meso_enum_from_code (MESO_TYPE_SEVERITY, code, (int *) out_severity);
}

/* Adds to @rules the rule in @table whose condition, severity and note are
 * the row's columns from @column on. An unknown severity is damage: read as
 * relative, a rule that blocks a cocktail would only warn. */
static gboolean
add_rule_from_row (GPtrArray  *rules,
                   MesoStmt   *stmt,
                   int         column,
                   const char *table,
                   GError    **error)
{
  MesoRule *rule;
  MesoSeverity known;

  if (!severity_from_code (meso_stmt_column_text (stmt, column + 1), &known))
    {
      meso_db_set_damaged (error, table);
      return FALSE;
    }
  rule = g_new0 (MesoRule, 1);
  rule->condition = g_strdup (meso_stmt_column_text (stmt, column));
  rule->severity = known;
  rule->note = g_strdup (meso_stmt_column_text (stmt, column + 2));
  g_ptr_array_add (rules, rule);
  return TRUE;
}

static gboolean
read_ingredient (MesoCatalogue *catalogue,
                 MesoStmt      *stmt,
                 GError       **error)
{
  MesoIngredient *ingredient = g_new0 (MesoIngredient, 1);

  ingredient->id = meso_stmt_column_int64 (stmt, 0);
  ingredient->name = g_strdup (meso_stmt_column_text (stmt, 1));
  ingredient->category = g_strdup (meso_stmt_column_text (stmt, 2));
  ingredient->form = g_strdup (meso_stmt_column_text (stmt, 3));
  ingredient->unit = g_strdup (meso_stmt_column_text (stmt, 4));
  ingredient->usual = meso_stmt_column_double (stmt, 5);
  ingredient->maximum = meso_stmt_column_double (stmt, 6);
  ingredient->notes = g_strdup (meso_stmt_column_text (stmt, 7));
  ingredient->rules = g_ptr_array_new_with_free_func (rule_free);
  g_ptr_array_add (catalogue->ingredients, ingredient);
  return TRUE;
}

/* A rule of an ingredient no longer active is left out with it. */
static gboolean
read_ingredient_rule (MesoCatalogue *catalogue,
                      MesoStmt      *stmt,
                      GError       **error)
{
  MesoIngredient *ingredient = meso_catalogue_find (catalogue, meso_stmt_column_int64 (stmt, 0));

  return ingredient == NULL ||
         add_rule_from_row (ingredient->rules, stmt, 1, "ingredient_rule", error);
}

static gboolean
read_general_rule (MesoCatalogue *catalogue,
                   MesoStmt      *stmt,
                   GError       **error)
{
  return add_rule_from_row (catalogue->general, stmt, 0, "general_rule", error);
}

static gboolean
read_incompatibility (MesoCatalogue *catalogue,
                      MesoStmt      *stmt,
                      GError       **error)
{
  Incompatibility pair = { meso_stmt_column_int64 (stmt, 0), meso_stmt_column_int64 (stmt, 1),
                           g_strdup (meso_stmt_column_text (stmt, 2)) };

  g_array_append_val (catalogue->incompatibilities, pair);
  return TRUE;
}

/* The rows come by recipe, in order: a new recipe starts where the id changes. */
static gboolean
read_recipe_item (MesoCatalogue *catalogue,
                  MesoStmt      *stmt,
                  GError       **error)
{
  GPtrArray *recipes = catalogue->recipes;
  MesoRecipe *recipe = recipes->len > 0 ? g_ptr_array_index (recipes, recipes->len - 1) : NULL;
  MesoRecipeItem item = { meso_stmt_column_int64 (stmt, 2), meso_stmt_column_double (stmt, 3) };

  if (recipe == NULL || recipe->id != meso_stmt_column_int64 (stmt, 0))
    {
      recipe = g_new0 (MesoRecipe, 1);
      recipe->id = meso_stmt_column_int64 (stmt, 0);
      recipe->name = g_strdup (meso_stmt_column_text (stmt, 1));
      recipe->items = g_array_new (FALSE, FALSE, sizeof (MesoRecipeItem));
      g_ptr_array_add (catalogue->recipes, recipe);
    }
  g_array_append_val (recipe->items, item);
  return TRUE;
}

/* The catalogue's tables in the order they are read: a rule needs its
 * ingredient read first. */
static const struct
{
  const char *sql;
  gboolean  (*read_row) (MesoCatalogue *catalogue, MesoStmt *stmt, GError **error);
} catalogue_tables[] = {
  { "SELECT id, name, category, form, unit, usual, maximum, notes"
    " FROM ingredient WHERE active = 1 ORDER BY name", read_ingredient },
  { "SELECT ingredient_id, condition, severity, note FROM ingredient_rule",
    read_ingredient_rule },
  { "SELECT condition, severity, note FROM general_rule", read_general_rule },
  { "SELECT first_id, second_id, note FROM incompatibility", read_incompatibility },
  { "SELECT r.id, r.name, i.ingredient_id, i.volume_ml FROM recipe r"
    " JOIN recipe_item i ON i.recipe_id = r.id"
    " ORDER BY r.name, r.id, i.position", read_recipe_item },
};

/* Returns: (transfer full): the catalogue as it is stored now. */
MesoCatalogue *
meso_treatment_store_load_catalogue (MesoTreatmentStore  *self,
                                     GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoCatalogue) catalogue = g_object_new (MESO_TYPE_CATALOGUE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (catalogue_tables); i++)
    {
      MesoStmt *stmt = meso_db_prepare (db, catalogue_tables[i].sql, error);
      int rc;

      if (stmt == NULL)
        return NULL;
      while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
        if (!catalogue_tables[i].read_row (catalogue, stmt, error))
          {
            meso_stmt_reset (stmt);
            return NULL;
          }
      if (!meso_db_rows_done (db, stmt, rc, _("Could not read the ingredient catalogue"), error))
        return NULL;
    }
  return g_steal_pointer (&catalogue);
}

/* Returns: (transfer none) (element-type MesoIngredient): by name. */
GPtrArray *
meso_catalogue_get_ingredients (MesoCatalogue *self)
{
  return self->ingredients;
}

/* Returns: (transfer none) (element-type MesoRecipe): by name. */
GPtrArray *
meso_catalogue_get_recipes (MesoCatalogue *self)
{
  return self->recipes;
}

MesoIngredient *
meso_catalogue_find (MesoCatalogue *self,
                     gint64         id)
{
  for (guint i = 0; i < self->ingredients->len; i++)
    if (((MesoIngredient *) self->ingredients->pdata[i])->id == id)
      return self->ingredients->pdata[i];
  return NULL;
}

MesoIngredient *
meso_catalogue_find_by_name (MesoCatalogue *self,
                             const char    *name)
{
  for (guint i = 0; i < self->ingredients->len; i++)
    if (g_strcmp0 (((MesoIngredient *) self->ingredients->pdata[i])->name, name) == 0)
      return self->ingredients->pdata[i];
  return NULL;
}

/* Adds or changes a rule of an ingredient. Physicians edit the catalogue. */
static const char * const units[] = { "mg/ml", "%", "IU/ml", "µg/ml", NULL };

/* Returns: (transfer none) (array zero-terminated=1): the units a
 * concentration can be given in. */
const char * const *
meso_catalogue_units (void)
{
  return units;
}

/**
 * meso_treatment_store_save_ingredient:
 *
 * Adds @ingredient (its id 0; set on success) or saves changes to it:
 * name, category, form, unit, usual and maximum concentration, notes.
 * Refused, with a message to show beside the form, when the name is
 * missing or taken, the unit unknown, or the usual strength above the
 * maximum.
 */
gboolean
meso_treatment_store_save_ingredient (MesoTreatmentStore  *self,
                                      MesoIngredient      *ingredient,
                                      GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 id = 0;
  int rc;

  if (ingredient->name == NULL || *ingredient->name == '\0' ||
      g_utf8_strlen (ingredient->name, -1) > 100)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the ingredient a name (at most 100 characters)."));
      return FALSE;
    }
  if (ingredient->unit == NULL || !g_strv_contains (units, ingredient->unit))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose the unit of its concentration."));
      return FALSE;
    }
  if (ingredient->maximum <= 0 || ingredient->usual < 0 || ingredient->usual > ingredient->maximum)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The usual concentration (%.3g) must be between 0 and the maximum (%.3g), "
                     "and the maximum above 0."), ingredient->usual, ingredient->maximum);
      return FALSE;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return FALSE;
  /* Two statements, not an upsert on the id: PostgreSQL gives no id to an
   * explicit NULL, as SQLite does. Both return the row's id. */
  stmt = meso_db_prepare (db, ingredient->id == 0
                              ? "INSERT INTO ingredient (name, category, form, unit, usual,"
                                "  maximum, notes) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                " RETURNING id"
                              : "UPDATE ingredient SET name = ?2, category = ?3, form = ?4,"
                                "  unit = ?5, usual = ?6, maximum = ?7, notes = ?8"
                                " WHERE id = ?1 RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, ingredient->id);
  meso_stmt_bind_text (stmt, 2, ingredient->name);
  meso_stmt_bind_text (stmt, 3, ingredient->category != NULL ? ingredient->category : "");
  meso_stmt_bind_text (stmt, 4, ingredient->form != NULL ? ingredient->form : "");
  meso_stmt_bind_text (stmt, 5, ingredient->unit);
  meso_stmt_bind_double (stmt, 6, ingredient->usual);
  meso_stmt_bind_double (stmt, 7, ingredient->maximum);
  meso_stmt_bind_text (stmt, 8, ingredient->notes != NULL ? ingredient->notes : "");
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    id = meso_stmt_column_int64 (stmt, 0);
  if (id == 0)
    {
      if (meso_step_is_unique (rc))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("The catalogue already has an ingredient named “%s”."), ingredient->name);
      else if (rc == MESO_STEP_DONE)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("This ingredient is no longer in the catalogue."));
      else
        meso_db_set_error (db, error, rc, _("Could not save the ingredient"));
      meso_stmt_reset (stmt);
      return FALSE;
    }
  meso_stmt_reset (stmt);
  if (!meso_treatment_store_commit (self, w, error))
    return FALSE;
  ingredient->id = id;
  return TRUE;
}

/**
 * meso_treatment_store_save_recipe:
 * @items: (array length=n_items): the ingredients and their volumes
 *
 * Saves a mixture under @name for the composer to start from.
 * Returns: the recipe's id, or 0 with @error (no name, a name taken, no
 * ingredient).
 */
gint64
meso_treatment_store_save_recipe (MesoTreatmentStore    *self,
                                  const char            *name,
                                  const MesoRecipeItem  *items,
                                  guint                  n_items,
                                  GError               **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 id;
  int rc;

  if (name == NULL || *name == '\0' || n_items == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           n_items == 0 ? _("Add the ingredients first.")
                                        : _("Give the recipe a name."));
      return 0;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return 0;
  stmt = meso_db_prepare (db, "INSERT INTO recipe (name) VALUES (?1) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_text (stmt, 1, name);
  rc = meso_stmt_step (stmt);
  if (rc != MESO_STEP_ROW)
    {
      if (meso_step_is_unique (rc))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("A recipe named “%s” exists already: choose another name."), name);
      else
        meso_db_set_error (db, error, rc, _("Could not save the recipe"));
      meso_stmt_reset (stmt);
      return 0;
    }
  id = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  for (guint i = 0; i < n_items; i++)
    {
      stmt = meso_db_prepare (db, "INSERT INTO recipe_item (recipe_id, position, ingredient_id,"
                                  "  volume_ml) VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return 0;
      meso_stmt_bind_int64 (stmt, 1, id);
      meso_stmt_bind_int (stmt, 2, i + 1);
      meso_stmt_bind_int64 (stmt, 3, items[i].ingredient_id);
      meso_stmt_bind_double (stmt, 4, items[i].volume_ml);
      if (!meso_db_step_done (db, stmt, error))
        return 0;
    }
  return meso_treatment_store_commit (self, w, error) ? id : 0;
}

/**
 * meso_treatment_store_set_incompatible:
 * @incompatible: whether @first_id and @second_id must not be mixed
 *   (composing them together then warns, with @note)
 */
gboolean
meso_treatment_store_set_incompatible (MesoTreatmentStore  *self,
                                       gint64               first_id,
                                       gint64               second_id,
                                       const char          *note,
                                       gboolean             incompatible,
                                       GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  if (first_id == second_id)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose another ingredient."));
      return FALSE;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (db, incompatible
                              ? "INSERT INTO incompatibility (first_id, second_id, note)"
                                " VALUES (CASE WHEN ?1 < ?2 THEN ?1 ELSE ?2 END,"
                                "  CASE WHEN ?1 < ?2 THEN ?2 ELSE ?1 END, ?3)"
                                " ON CONFLICT (first_id, second_id)"
                                " DO UPDATE SET note = excluded.note"
                              : "DELETE FROM incompatibility"
                                " WHERE first_id = CASE WHEN ?1 < ?2 THEN ?1 ELSE ?2 END"
                                "  AND second_id = CASE WHEN ?1 < ?2 THEN ?2 ELSE ?1 END",
                          error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, first_id);
  meso_stmt_bind_int64 (stmt, 2, second_id);
  if (incompatible)
    meso_stmt_bind_text (stmt, 3, note != NULL ? note : "");
  return meso_db_step_done (db, stmt, error) && meso_treatment_store_commit (self, w, error);
}

/**
 * meso_catalogue_get_incompatibility:
 *
 * Returns: (nullable): the note on why @first_id and @second_id are not
 * mixed, or %NULL when they may be.
 */
const char *
meso_catalogue_get_incompatibility (MesoCatalogue *self,
                                    gint64         first_id,
                                    gint64         second_id)
{
  for (guint i = 0; i < self->incompatibilities->len; i++)
    {
      Incompatibility *pair = &g_array_index (self->incompatibilities, Incompatibility, i);

      if ((pair->first == first_id && pair->second == second_id) ||
          (pair->first == second_id && pair->second == first_id))
        return pair->note;
    }
  return NULL;
}

gboolean
meso_treatment_store_set_rule (MesoTreatmentStore  *self,
                               gint64               ingredient_id,
                               const char          *condition,
                               MesoSeverity         severity,
                               const char          *note,
                               GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  MesoCondition known;

  if (g_strcmp0 (condition, "allergy") != 0 && g_strcmp0 (condition, "blood-thinner") != 0 &&
      !meso_condition_from_code (condition, &known))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a condition of the screening record."), condition);
      return FALSE;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (db, "INSERT INTO ingredient_rule (ingredient_id, condition, severity, note)"
                              " VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (ingredient_id, condition) DO UPDATE"
                              " SET severity = excluded.severity, note = excluded.note", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, ingredient_id);
  meso_stmt_bind_text (stmt, 2, condition);
  /* Anything but absolute is stored as relative, as it always was. */
  meso_stmt_bind_text (stmt, 3,
                     meso_enum_to_code (MESO_TYPE_SEVERITY, severity == MESO_SEVERITY_ABSOLUTE
                                                            ? MESO_SEVERITY_ABSOLUTE
                                                            : MESO_SEVERITY_RELATIVE));
  meso_stmt_bind_text (stmt, 4, note != NULL ? note : "");
  return meso_db_step_done (db, stmt, error) && meso_treatment_store_commit (self, w, error);
}

/* Takes @condition off @ingredient_id's rules: the physician's call, kept
 * in the audit trail like every change to the catalogue. */
gboolean
meso_treatment_store_remove_rule (MesoTreatmentStore  *self,
                                  gint64               ingredient_id,
                                  const char          *condition,
                                  GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (db, "DELETE FROM ingredient_rule WHERE ingredient_id = ?1"
                              " AND condition = ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, ingredient_id);
  meso_stmt_bind_text (stmt, 2, condition);
  return meso_db_step_done (db, stmt, error) && meso_treatment_store_commit (self, w, error);
}

static void
add_finding (GPtrArray   *findings,
             MesoVerdict  level,
             char        *key,
             char        *message)
{
  MesoFinding *finding = g_new0 (MesoFinding, 1);

  finding->level = level;
  finding->key = key;
  finding->message = message;
  g_ptr_array_add (findings, finding);
}

/* Whether the patient is allergic to @ingredient: an allergy that names it,
 * or whose name it contains ("biotin" and "Biotin (B7)"). */
static gboolean
is_allergic (MesoScreening  *screening,
             MesoIngredient *ingredient)
{
  GPtrArray *allergies = meso_screening_get_allergies (screening);
  g_autofree char *name = g_utf8_casefold (ingredient->name, -1);

  for (guint i = 0; i < allergies->len; i++)
    {
      g_autofree char *allergy = g_utf8_casefold (g_ptr_array_index (allergies, i), -1);

      g_strstrip (allergy);
      if (*allergy != '\0' && (strstr (name, allergy) != NULL || strstr (allergy, name) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* Whether an allergy to a cocktail ingredient was answered Yes with no
 * substance named: nothing to match the ingredients against. */
static gboolean
allergen_unnamed (MesoScreening *screening)
{
  GPtrArray *allergies = meso_screening_get_allergies (screening);

  if (meso_screening_get_answer (screening, MESO_CONDITION_INGREDIENT_ALLERGY) != MESO_ANSWER_YES)
    return FALSE;
  for (guint i = 0; i < allergies->len; i++)
    {
      const char *allergy = g_ptr_array_index (allergies, i);

      while (g_ascii_isspace (*allergy))
        allergy++;
      if (*allergy != '\0')
        return FALSE;
    }
  return TRUE;
}

/* Pregnancy and breastfeeding are neither asked nor counted where they
 * cannot apply: an answer left over from a wrong sex must not block. */
static gboolean
condition_applies (MesoCondition condition,
                   gboolean      may_be_pregnant)
{
  return may_be_pregnant ||
         (condition != MESO_CONDITION_PREGNANCY && condition != MESO_CONDITION_BREASTFEEDING);
}

static gboolean
rule_applies (MesoRule       *rule,
              MesoScreening  *screening,
              gboolean        may_be_pregnant,
              MesoIngredient *ingredient)
{
  MesoCondition condition;

  if (g_str_equal (rule->condition, "allergy"))
    return ingredient != NULL && is_allergic (screening, ingredient);
  if (g_str_equal (rule->condition, "blood-thinner"))
    return meso_screening_takes_blood_thinners (screening);
  return meso_condition_from_code (rule->condition, &condition) &&
         condition_applies (condition, may_be_pregnant) &&
         meso_screening_get_answer (screening, condition) == MESO_ANSWER_YES;
}

static const char *
rule_label (MesoRule *rule)
{
  MesoCondition condition;

  if (g_str_equal (rule->condition, "allergy"))
    return _("Allergy");
  if (g_str_equal (rule->condition, "blood-thinner"))
    return _("Takes blood thinners");
  if (meso_condition_from_code (rule->condition, &condition))
    return meso_condition_get_label (condition);
  return rule->condition;
}

/**
 * meso_catalogue_screen:
 * @may_be_pregnant: whether pregnancy and breastfeeding apply (a female
 *   patient, or one whose sex is not recorded)
 * @max_age_days: answers older than this must be asked again
 * @out_verdict: (out): clear, warnings (each needs a recorded reason), or
 *   blocked
 *
 * Checks the screening record against the general contraindications and
 * every rule of the chosen ingredients, and the ingredients against each
 * other. A record not asked, asked too long ago, or (for pregnancy) not
 * asked today blocks until it is asked again; so does an allergy answered
 * Yes with no allergen named, for every ingredient. Without
 * @may_be_pregnant, pregnancy and breastfeeding are ignored altogether.
 * Returns: (transfer full) (element-type MesoFinding): the reasons, most
 * serious first.
 */
GPtrArray *
meso_catalogue_screen (MesoCatalogue *self,
                       MesoScreening *screening,
                       gboolean       may_be_pregnant,
                       const gint64  *ingredient_ids,
                       guint          n_ingredients,
                       const GDate   *today,
                       guint          max_age_days,
                       MesoVerdict   *out_verdict)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_finding_free);
  char today_iso[16], oldest_iso[16];
  GDate oldest = *today;

  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", today);
  g_date_subtract_days (&oldest, max_age_days);
  g_date_strftime (oldest_iso, sizeof oldest_iso, "%Y-%m-%d", &oldest);

  /* Unasked and outdated questions are one finding each, listing them:
   * the physician asks them again together. */
  {
    g_autoptr(GString) unasked = g_string_new (NULL);
    g_autoptr(GString) stale = g_string_new (NULL);
    const char *oldest_asked = NULL;

    for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
      {
        const char *asked = meso_screening_get_asked_on (screening, c);
        GString *list = NULL;

        if (!condition_applies (c, may_be_pregnant))
          continue;
        if (meso_screening_get_answer (screening, c) == MESO_ANSWER_UNKNOWN || asked == NULL)
          list = unasked;
        else if (strcmp (asked, oldest_iso) < 0)
          {
            list = stale;
            if (oldest_asked == NULL || strcmp (asked, oldest_asked) < 0)
              oldest_asked = asked;
          }
        else if (c == MESO_CONDITION_PREGNANCY && strcmp (asked, today_iso) != 0)
          add_finding (findings, MESO_VERDICT_BLOCKED, g_strdup ("ask/pregnancy"),
                       g_strdup (_("Pregnancy: ask again at this visit.")));
        if (list != NULL)
          g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "",
                                  meso_condition_get_label (c));
      }
    if (unasked->len > 0)
      add_finding (findings, MESO_VERDICT_BLOCKED, g_strdup ("ask/unasked"),
                   g_strdup_printf (_("Not asked yet: %s. Ask before the session."),
                                    unasked->str));
    if (stale->len > 0)
      add_finding (findings, MESO_VERDICT_BLOCKED, g_strdup ("ask/stale"),
                   g_strdup_printf (_("Asked more than %u days ago (on %s): %s. Ask again."),
                                    max_age_days, oldest_asked, stale->str));
  }

  /* "Allergic, but to what?" cannot be matched against any ingredient:
   * until the allergen is named, every ingredient is blocked. */
  if (n_ingredients > 0 && allergen_unnamed (screening))
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint n = 0; n < n_ingredients; n++)
        {
          MesoIngredient *ingredient = meso_catalogue_find (self, ingredient_ids[n]);

          if (ingredient != NULL)
            g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", ingredient->name);
        }
      add_finding (findings, MESO_VERDICT_BLOCKED, g_strdup (MESO_FINDING_ALLERGEN_UNNAMED),
                   g_strdup_printf (_("Allergy to a cocktail ingredient is answered Yes, but no "
                                      "allergen is named: name it under Allergies in the "
                                      "patient’s screening (or correct the answer). Until then "
                                      "every ingredient is blocked: %s."), names->str));
    }

  for (guint i = 0; i < self->general->len; i++)
    {
      MesoRule *rule = g_ptr_array_index (self->general, i);

      if (rule_applies (rule, screening, may_be_pregnant, NULL))
        add_finding (findings,
                     rule->severity == MESO_SEVERITY_ABSOLUTE ? MESO_VERDICT_BLOCKED
                                                              : MESO_VERDICT_WARNINGS,
                     g_strconcat (rule->condition, "/", NULL),
                     g_strdup_printf ("%s. %s", rule_label (rule), rule->note));
    }

  for (guint n = 0; n < n_ingredients; n++)
    {
      MesoIngredient *ingredient = meso_catalogue_find (self, ingredient_ids[n]);

      for (guint i = 0; ingredient != NULL && i < ingredient->rules->len; i++)
        {
          MesoRule *rule = g_ptr_array_index (ingredient->rules, i);

          if (!rule_applies (rule, screening, may_be_pregnant, ingredient))
            continue;
          add_finding (findings,
                       rule->severity == MESO_SEVERITY_ABSOLUTE ? MESO_VERDICT_BLOCKED
                                                                : MESO_VERDICT_WARNINGS,
                       g_strconcat (rule->condition, "/", ingredient->name, NULL),
                       *rule->note != '\0'
                         ? g_strdup_printf ("%s: %s. %s", ingredient->name, rule_label (rule),
                                            rule->note)
                         : g_strdup_printf ("%s: %s.", ingredient->name, rule_label (rule)));
        }
    }

  for (guint i = 0; i < self->incompatibilities->len; i++)
    {
      Incompatibility *pair = &g_array_index (self->incompatibilities, Incompatibility, i);
      gboolean first = FALSE, second = FALSE;

      for (guint n = 0; n < n_ingredients; n++)
        {
          first |= ingredient_ids[n] == pair->first;
          second |= ingredient_ids[n] == pair->second;
        }
      if (first && second)
        {
          MesoIngredient *a = meso_catalogue_find (self, pair->first);
          MesoIngredient *b = meso_catalogue_find (self, pair->second);

          if (a != NULL && b != NULL)
            add_finding (findings, MESO_VERDICT_WARNINGS,
                         g_strconcat ("incompatible/", a->name, "/", b->name, NULL),
                         g_strdup_printf (_("%s with %s: %s"), a->name, b->name, pair->note));
        }
    }

  *out_verdict = MESO_VERDICT_CLEAR;
  for (guint i = 0; i < findings->len; i++)
    *out_verdict = MAX (*out_verdict, ((MesoFinding *) findings->pdata[i])->level);
  /* Blocks first: they are what stops the session. */
  for (guint i = 0, blocks = 0; i < findings->len; i++)
    if (((MesoFinding *) findings->pdata[i])->level == MESO_VERDICT_BLOCKED)
      {
        gpointer finding = findings->pdata[i];

        memmove (&findings->pdata[blocks + 1], &findings->pdata[blocks],
                 (i - blocks) * sizeof (gpointer));
        findings->pdata[blocks++] = finding;
      }
  return findings;
}

/**
 * meso_catalogue_check_start:
 *
 * Whether a session may start: the screening is up to date (pregnancy
 * asked at this visit) and no general contraindication blocks. Warnings
 * are left to the composer, where each needs a reason.
 * Returns: %FALSE with @error listing what blocks.
 */
gboolean
meso_catalogue_check_start (MesoCatalogue  *self,
                            MesoScreening  *screening,
                            gboolean        may_be_pregnant,
                            const GDate    *today,
                            guint           max_age_days,
                            GError        **error)
{
  MesoVerdict verdict;
  g_autoptr(GPtrArray) findings = meso_catalogue_screen (self, screening, may_be_pregnant, NULL, 0,
                                                         today, max_age_days, &verdict);
  g_autoptr(GString) reasons = g_string_new (NULL);

  if (verdict != MESO_VERDICT_BLOCKED)
    return TRUE;
  for (guint i = 0; i < findings->len; i++)
    {
      MesoFinding *finding = g_ptr_array_index (findings, i);

      if (finding->level == MESO_VERDICT_BLOCKED)
        g_string_append_printf (reasons, "\n%s", finding->message);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               _("The session cannot start yet:%s"), reasons->str);
  return FALSE;
}
