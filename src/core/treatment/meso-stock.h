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

/* One ingredient of a session's record, with the lot it was drawn from. */
typedef struct
{
  gint64  ingredient_id;
  char   *ingredient;      /* its name */
  gint64  lot_id;          /* 0: no lot chosen */
  char   *brand;           /* "" without a lot */
  char   *lot_number;      /* "" without a lot */
  char   *expires_on;      /* YYYY-MM-DD, or NULL without a lot */
  double  concentration;   /* the lot's, 0 without one */
  double  volume_ml;
} MesoRecordItem;

/* What was given at a session, as recorded. */
typedef struct
{
  gint64     id;
  gint64     staff_id;         /* who recorded it */
  char      *administered_at;  /* ISO 8601, UTC */
  double     total_ml;
  gboolean   closed;
  GArray    *items;            /* of MesoRecordItem, in their order */
} MesoRecord;

void       meso_record_free         (MesoRecord     *record);
void       meso_lot_free            (MesoLot        *lot);
void       meso_recall_hit_free     (MesoRecallHit  *hit);
void       meso_product_free        (MesoProduct    *product);

gboolean   meso_lot_check           (const MesoLot  *lot,
                                     double          volume_ml,
                                     const GDate    *today,
                                     GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoLot, meso_lot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoRecord, meso_record_free)

G_END_DECLS
