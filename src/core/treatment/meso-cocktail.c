/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-cocktail.c: the arithmetic of a mixture. Each ingredient is given
 * as a volume drawn from its vial, or as the concentration wanted in the
 * mixture; with a total volume to prepare, the rest is made up with
 * saline. Concentrations stay in each ingredient's own unit (mg/ml, %,
 * IU/ml, µg/ml): dilution scales them all alike. */
#define G_LOG_DOMAIN "meso-cocktail"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>

#include "meso-cocktail.h"

/* Differences smaller than this are measuring noise, in ml. */
#define TOLERANCE_ML 0.05

struct _MesoCocktail
{
  GObject  parent_instance;

  GArray  *items;      /* of MesoCocktailItem */
  double   total_ml;   /* to prepare; 0: the sum of the volumes */
  double   computed_total;
  double   diluent_ml;
};

G_DEFINE_TYPE (MesoCocktail, meso_cocktail, G_TYPE_OBJECT)

static void
meso_cocktail_finalize (GObject *object)
{
  g_array_unref (MESO_COCKTAIL (object)->items);

  G_OBJECT_CLASS (meso_cocktail_parent_class)->finalize (object);
}

static void
meso_cocktail_class_init (MesoCocktailClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_cocktail_finalize;
}

static void
meso_cocktail_init (MesoCocktail *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (MesoCocktailItem));
}

MesoCocktail *
meso_cocktail_new (void)
{
  return g_object_new (MESO_TYPE_COCKTAIL, NULL);
}

/* Returns: (transfer none) (element-type MesoCocktailItem): to read and adjust. */
GArray *
meso_cocktail_get_items (MesoCocktail *self)
{
  return self->items;
}

void
meso_cocktail_add (MesoCocktail           *self,
                   const MesoCocktailItem *item)
{
  g_array_append_val (self->items, *item);
}

/* The volume to prepare, such as points × volume per point; 0 for the sum. */
void
meso_cocktail_set_total (MesoCocktail *self,
                         double        total_ml)
{
  self->total_ml = MAX (0, total_ml);
}

/* The mixture's volume, after meso_cocktail_compute(). */
double
meso_cocktail_get_total (MesoCocktail *self)
{
  return self->computed_total;
}

/* The saline that makes up the total, after meso_cocktail_compute(). */
double
meso_cocktail_get_diluent (MesoCocktail *self)
{
  return self->diluent_ml;
}

/**
 * meso_cocktail_compute:
 *
 * Works out the volumes of the items given by concentration, the total
 * and the saline. Fails with G_IO_ERROR_INVALID_ARGUMENT when a
 * concentration is asked without a total, is beyond what the vial holds,
 * or when the ingredients exceed the total.
 */
gboolean
meso_cocktail_compute (MesoCocktail  *self,
                       GError       **error)
{
  double sum = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      MesoCocktailItem *item = &g_array_index (self->items, MesoCocktailItem, i);

      if (item->target > 0)
        {
          if (self->total_ml <= 0)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("Give the volume to prepare to mix by concentration."));
              return FALSE;
            }
          if (item->stock_concentration <= 0 || item->target > item->stock_concentration)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("A concentration asked is stronger than the vial."));
              return FALSE;
            }
          item->volume_ml = item->target * self->total_ml / item->stock_concentration;
        }
      if (item->volume_ml <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Give each ingredient a volume or a concentration."));
          return FALSE;
        }
      sum += item->volume_ml;
    }
  if (self->total_ml > 0 && sum > self->total_ml + 1e-9)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The ingredients make %.2f ml, more than the %.2f ml to prepare."), sum,
                   self->total_ml);
      return FALSE;
    }
  self->computed_total = self->total_ml > 0 ? self->total_ml : sum;
  self->diluent_ml = self->computed_total - sum;
  return TRUE;
}

/* The concentration of item @index in the mixture, in its unit. */
double
meso_cocktail_final_concentration (MesoCocktail *self,
                                   guint         index)
{
  MesoCocktailItem *item = &g_array_index (self->items, MesoCocktailItem, index);

  return self->computed_total > 0
           ? item->stock_concentration * item->volume_ml / self->computed_total : 0;
}

/**
 * meso_cocktail_check_map:
 *
 * Returns: (transfer full) (nullable): a warning when the mixture does not
 * match the scalp map's points × volume per point, or %NULL.
 */
char *
meso_cocktail_check_map (MesoCocktail *self,
                         guint         points,
                         double        volume_per_point)
{
  double needed = points * volume_per_point;

  if (points == 0 || fabs (self->computed_total - needed) <= TOLERANCE_ML)
    return NULL;
  return g_strdup_printf (_("The scalp map needs %.2f ml (%u points × %.2f ml); this mixture "
                            "makes %.2f ml."), needed, points, volume_per_point,
                          self->computed_total);
}
