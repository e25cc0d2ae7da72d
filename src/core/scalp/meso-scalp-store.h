/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-store.h: scalp maps in the database, one per session, and their progress. */
#pragma once

#include "meso-record-json.h"
#include "meso-db.h"
#include "meso-scalp-map.h"
#include "meso-schedule.h"

G_BEGIN_DECLS

/* One session's scores, for the progress chart. */
typedef struct
{
  gint64 appointment_id;
  gint64 starts_at;
  double salt;
  double density;
  guint  points;
  double volume_ml;
} MesoScalpSummary;

#define MESO_TYPE_SCALP_STORE (meso_scalp_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoScalpStore, meso_scalp_store, MESO, SCALP_STORE, GObject)

MesoScalpStore *meso_scalp_store_new          (MesoDb          *db,
                                               MesoSchedule    *schedule);
gboolean        meso_scalp_store_load         (MesoScalpStore  *self,
                                               gint64           appointment_id,
                                               MesoScalpMap   **out_map,
                                               GError         **error);
gboolean        meso_scalp_store_save         (MesoScalpStore  *self,
                                               gint64           appointment_id,
                                               MesoScalpMap    *map,
                                               GError         **error);
MesoScalpMap   *meso_scalp_store_open_session (MesoScalpStore  *self,
                                               gint64           appointment_id,
                                               gboolean        *out_copied,
                                               GError         **error);
GArray         *meso_scalp_store_history      (MesoScalpStore  *self,
                                               gint64           patient_id,
                                               GError         **error);

gboolean meso_scalp_store_add_to_record (MesoScalpStore  *self,
                                         gint64           patient_id,
                                         MesoRecordJson  *record,
                                         GError         **error);

G_END_DECLS
