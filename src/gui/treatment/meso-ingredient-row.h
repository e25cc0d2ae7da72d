/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-ingredient-row.h: one ingredient of the catalogue, edited in place. */
#pragma once

#include <adwaita.h>

#include "meso-treatment-store.h"

G_BEGIN_DECLS

#define MESO_TYPE_INGREDIENT_ROW (meso_ingredient_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoIngredientRow, meso_ingredient_row, MESO, INGREDIENT_ROW, AdwExpanderRow)

MesoIngredientRow *meso_ingredient_row_new           (MesoTreatmentStore *store,
                                                      MesoCatalogue      *catalogue,
                                                      gint64              ingredient_id);
void               meso_ingredient_row_set_catalogue (MesoIngredientRow  *self,
                                                      MesoCatalogue      *catalogue);

G_END_DECLS
