/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-catalogue.h: cocktail ingredients, their contraindication rules, and screening against them. */
#pragma once

#include "meso-db.h"
#include "meso-screening.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_SEVERITY_RELATIVE,   /* warns; going on needs a recorded reason */
  MESO_SEVERITY_ABSOLUTE,   /* blocks */
} MesoSeverity;

#define MESO_TYPE_SEVERITY (meso_severity_get_type ())
GType meso_severity_get_type (void);

typedef enum
{
  MESO_VERDICT_CLEAR,
  MESO_VERDICT_WARNINGS,
  MESO_VERDICT_BLOCKED,
} MesoVerdict;

typedef struct
{
  char         *condition;   /* a screening condition code, "allergy" or "blood-thinner" */
  MesoSeverity  severity;
  char         *note;
} MesoRule;

typedef struct
{
  gint64     id;
  char      *name;
  char      *category;
  char      *form;
  char      *unit;
  double     usual;
  double     maximum;
  char      *notes;
  GPtrArray *rules;          /* of MesoRule */
} MesoIngredient;

typedef struct
{
  char   *name;
  GArray *items;             /* of MesoRecipeItem */
  gint64  id;
} MesoRecipe;

typedef struct
{
  gint64 ingredient_id;
  double volume_ml;
} MesoRecipeItem;

/**
 * MesoFinding:
 * @key: what an override reason is recorded against, such as
 *   "pregnancy/Finasteride"
 *
 * One reason the screening is not clear.
 */
typedef struct
{
  MesoVerdict  level;        /* WARNINGS or BLOCKED */
  char        *key;
  char        *message;
} MesoFinding;

/* The key of the block raised by an allergy answered Yes with no allergen
 * named. Keys under "ask/" are answers to complete in the screening. */
#define MESO_FINDING_ALLERGEN_UNNAMED "ask/allergen"

#define MESO_TYPE_CATALOGUE (meso_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (MesoCatalogue, meso_catalogue, MESO, CATALOGUE, GObject)

GPtrArray      *meso_catalogue_get_ingredients   (MesoCatalogue   *self);
GPtrArray      *meso_catalogue_get_recipes       (MesoCatalogue   *self);
MesoIngredient *meso_catalogue_find              (MesoCatalogue   *self,
                                                  gint64           id);
MesoIngredient *meso_catalogue_find_by_name      (MesoCatalogue   *self,
                                                  const char      *name);
const char * const *meso_catalogue_units        (void);
const char     *meso_catalogue_get_incompatibility (MesoCatalogue *self,
                                                  gint64           first_id,
                                                  gint64           second_id);
GPtrArray      *meso_catalogue_screen            (MesoCatalogue   *self,
                                                  MesoScreening   *screening,
                                                  gboolean         may_be_pregnant,
                                                  const gint64    *ingredient_ids,
                                                  guint            n_ingredients,
                                                  const GDate     *today,
                                                  guint            max_age_days,
                                                  MesoVerdict     *out_verdict);
gboolean        meso_catalogue_check_start       (MesoCatalogue   *self,
                                                  MesoScreening   *screening,
                                                  gboolean         may_be_pregnant,
                                                  const GDate     *today,
                                                  guint            max_age_days,
                                                  GError         **error);
void            meso_finding_free                (MesoFinding     *finding);

G_END_DECLS
