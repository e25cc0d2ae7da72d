/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-cocktail.h: a session's mixture: ingredients, lots, volumes and concentrations. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MesoCocktailItem:
 * @stock_concentration: the chosen product's concentration, in the
 *   ingredient's unit
 * @volume_ml: drawn from the vial; computed when @target is set
 * @target: the concentration wanted in the mixture (same unit), or 0 when
 *   @volume_ml is given
 */
typedef struct
{
  gint64 ingredient_id;
  gint64 lot_id;
  double stock_concentration;
  double volume_ml;
  double target;
} MesoCocktailItem;

#define MESO_TYPE_COCKTAIL (meso_cocktail_get_type ())
G_DECLARE_FINAL_TYPE (MesoCocktail, meso_cocktail, MESO, COCKTAIL, GObject)

MesoCocktail *meso_cocktail_new                 (void);
GArray       *meso_cocktail_get_items           (MesoCocktail *self);
void          meso_cocktail_add                 (MesoCocktail *self,
                                                 const MesoCocktailItem *item);
void          meso_cocktail_set_total           (MesoCocktail *self,
                                                 double        total_ml);
double        meso_cocktail_get_total           (MesoCocktail *self);
double        meso_cocktail_get_diluent         (MesoCocktail *self);
gboolean      meso_cocktail_compute             (MesoCocktail *self,
                                                 GError      **error);
double        meso_cocktail_final_concentration (MesoCocktail *self,
                                                 guint         index);
char         *meso_cocktail_check_map           (MesoCocktail *self,
                                                 guint         points,
                                                 double        volume_per_point);

G_END_DECLS
