/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-treatment-store.h: the treatment feature's tables (ingredients and
 * their rules, recipes, products, lots, administrations), and the only
 * code that reads or writes them. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

#define MESO_TYPE_TREATMENT_STORE (meso_treatment_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoTreatmentStore, meso_treatment_store, MESO, TREATMENT_STORE, GObject)

MesoTreatmentStore *meso_treatment_store_new (MesoDb *db);

G_END_DECLS
