/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-treatment-store.h: the treatment feature's tables (ingredients and
 * their rules, recipes, products, lots, administrations), and the only
 * code that reads or writes them. */
#pragma once

#include "meso-record-json.h"
#include "meso-catalogue.h"
#include "meso-db.h"
#include "meso-stock.h"

G_BEGIN_DECLS

#define MESO_TYPE_TREATMENT_STORE (meso_treatment_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoTreatmentStore, meso_treatment_store, MESO, TREATMENT_STORE, GObject)

/* A session of the past, for meso_treatment_store_add_history(). */
typedef struct
{
  gint64 appointment_id;
  gint64 patient_id;
  gint64 starts_at;
} MesoPastSession;

MesoTreatmentStore *meso_treatment_store_new       (MesoDb              *db);
gboolean            meso_treatment_store_may_write (MesoTreatmentStore  *self,
                                                    GError             **error);

/* The catalogue (meso-catalogue.c) */
gboolean       meso_treatment_store_seed              (MesoTreatmentStore    *self,
                                                       GError               **error);
MesoCatalogue *meso_treatment_store_load_catalogue    (MesoTreatmentStore    *self,
                                                       GError               **error);
gboolean       meso_treatment_store_save_ingredient   (MesoTreatmentStore    *self,
                                                       MesoIngredient        *ingredient,
                                                       GError               **error);
gint64         meso_treatment_store_save_recipe       (MesoTreatmentStore    *self,
                                                       const char            *name,
                                                       const MesoRecipeItem  *items,
                                                       guint                  n_items,
                                                       GError               **error);
gboolean       meso_treatment_store_set_incompatible  (MesoTreatmentStore    *self,
                                                       gint64                 first_id,
                                                       gint64                 second_id,
                                                       const char            *note,
                                                       gboolean               incompatible,
                                                       GError               **error);
gboolean       meso_treatment_store_set_rule          (MesoTreatmentStore    *self,
                                                       gint64                 ingredient_id,
                                                       const char            *condition,
                                                       MesoSeverity           severity,
                                                       const char            *note,
                                                       GError               **error);
gboolean       meso_treatment_store_remove_rule       (MesoTreatmentStore    *self,
                                                       gint64                 ingredient_id,
                                                       const char            *condition,
                                                       GError               **error);

/* The stock and the records (meso-stock.c) */
gint64         meso_treatment_store_add_product       (MesoTreatmentStore    *self,
                                                       gint64                 ingredient_id,
                                                       const char            *brand,
                                                       double                 vial_ml,
                                                       double                 concentration,
                                                       GError               **error);
GPtrArray     *meso_treatment_store_list_products     (MesoTreatmentStore    *self,
                                                       GError               **error);
gint64         meso_treatment_store_receive           (MesoTreatmentStore    *self,
                                                       gint64                 product_id,
                                                       const char            *lot_number,
                                                       const char            *expires_on,
                                                       double                 quantity_ml,
                                                       GError               **error);
GPtrArray     *meso_treatment_store_list_lots         (MesoTreatmentStore    *self,
                                                       gint64                 ingredient_id,
                                                       GError               **error);
GPtrArray     *meso_treatment_store_find_lots         (MesoTreatmentStore    *self,
                                                       const char            *number,
                                                       GError               **error);
MesoLot       *meso_treatment_store_load_lot          (MesoTreatmentStore    *self,
                                                       gint64                 lot_id,
                                                       GError               **error);
GPtrArray     *meso_treatment_store_alerts            (MesoTreatmentStore    *self,
                                                       const GDate           *today,
                                                       guint                  expiring_days,
                                                       double                 low_ml,
                                                       GError               **error);
GPtrArray     *meso_treatment_store_recall            (MesoTreatmentStore    *self,
                                                       gint64                 lot_id,
                                                       GError               **error);
gboolean       meso_treatment_store_export_recall_csv (MesoTreatmentStore    *self,
                                                       gint64                 lot_id,
                                                       const char            *path,
                                                       GError               **error);
char          *meso_treatment_store_label             (MesoTreatmentStore    *self,
                                                       MesoCatalogue         *catalogue,
                                                       MesoCocktail          *cocktail,
                                                       const char            *patient_name,
                                                       GDateTime             *prepared,
                                                       guint                  use_within_hours);
gint64         meso_treatment_store_administer        (MesoTreatmentStore    *self,
                                                       MesoSchedule          *schedule,
                                                       gint64                 appointment_id,
                                                       gint64                 patient_id,
                                                       MesoCocktail          *cocktail,
                                                       guint                  points,
                                                       GHashTable            *reasons,
                                                       const char            *label,
                                                       gint64                 corrects,
                                                       const GDate           *today,
                                                       GError               **error);
MesoRecord    *meso_treatment_store_load_session_record (MesoTreatmentStore  *self,
                                                         gint64               appointment_id,
                                                         GError             **error);
MesoCocktail  *meso_treatment_store_load_record       (MesoTreatmentStore    *self,
                                                       gint64                 appointment_id,
                                                       gint64                *out_record_id,
                                                       char                 **out_recorded,
                                                       GError               **error);

/* The benchmark's synthetic past (meso-treatment-history.c) */
gboolean       meso_treatment_store_add_history       (MesoTreatmentStore    *self,
                                                       guint                  lots_per_product,
                                                       const GDate           *today,
                                                       const MesoPastSession *sessions,
                                                       guint                  n_sessions,
                                                       GError               **error);

gboolean meso_treatment_store_add_to_record (MesoTreatmentStore  *self,
                                             gint64               patient_id,
                                             MesoRecordJson      *record,
                                             GError             **error);

G_END_DECLS
