/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-stock.h: products, lots, administering a cocktail, and recalls. */
#pragma once

#include "meso-catalogue.h"
#include "meso-cocktail.h"
#include "meso-db.h"
#include "meso-schedule.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  product_id;
  gint64  ingredient_id;
  char   *ingredient;      /* its name */
  char   *brand;
  char   *lot_number;
  char   *expires_on;      /* YYYY-MM-DD */
  double  quantity_ml;
  double  concentration;
} MesoLot;

typedef struct
{
  gint64  id;
  gint64  ingredient_id;
  char   *brand;
  double  vial_ml;
  double  concentration;   /* in the ingredient's unit */
} MesoProduct;

/* A patient who received a lot, and when. */
typedef struct
{
  gint64  patient_id;
  char   *patient_name;
  char   *phone;
  gint64  administration_id;
  char   *administered_at;
  double  volume_ml;
} MesoRecallHit;

void       meso_lot_free            (MesoLot        *lot);
void       meso_recall_hit_free     (MesoRecallHit  *hit);
void       meso_product_free        (MesoProduct    *product);

gint64     meso_stock_add_product   (MesoDb         *db,
                                     gint64          ingredient_id,
                                     const char     *brand,
                                     double          vial_ml,
                                     double          concentration,
                                     GError        **error);
GPtrArray *meso_stock_list_products (MesoDb         *db,
                                     GError        **error);
gint64     meso_stock_receive       (MesoDb         *db,
                                     gint64          product_id,
                                     const char     *lot_number,
                                     const char     *expires_on,
                                     double          quantity_ml,
                                     GError        **error);
GPtrArray *meso_stock_list_lots     (MesoDb         *db,
                                     gint64          ingredient_id,
                                     GError        **error);
GPtrArray *meso_stock_find_lots     (MesoDb         *db,
                                     const char     *number,
                                     GError        **error);
MesoLot   *meso_stock_load_lot      (MesoDb         *db,
                                     gint64          lot_id,
                                     GError        **error);
gboolean   meso_stock_check_lot     (const MesoLot  *lot,
                                     double          volume_ml,
                                     const GDate    *today,
                                     GError        **error);
GPtrArray *meso_stock_alerts        (MesoDb         *db,
                                     const GDate    *today,
                                     guint           expiring_days,
                                     double          low_ml,
                                     GError        **error);
GPtrArray *meso_stock_recall        (MesoDb         *db,
                                     gint64          lot_id,
                                     GError        **error);
gboolean   meso_stock_export_recall_csv (MesoDb     *db,
                                         gint64      lot_id,
                                         const char *path,
                                         GError    **error);
char      *meso_stock_label         (MesoDb         *db,
                                     MesoCatalogue  *catalogue,
                                     MesoCocktail   *cocktail,
                                     const char     *patient_name,
                                     GDateTime      *prepared,
                                     guint           use_within_hours);
gint64     meso_stock_administer    (MesoSchedule   *schedule,
                                     gint64          appointment_id,
                                     gint64          patient_id,
                                     MesoCocktail   *cocktail,
                                     guint           points,
                                     GHashTable     *reasons,
                                     const char     *label,
                                     gint64          corrects,
                                     const GDate    *today,
                                     GError        **error);

MesoCocktail *meso_stock_load_record (MesoDb        *db,
                                      gint64         appointment_id,
                                      gint64        *out_record_id,
                                      char         **out_recorded,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoLot, meso_lot_free)

G_END_DECLS
