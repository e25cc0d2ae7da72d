/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-private.h: the store's struct, shared by the files the
 * store is split into (loading and saving, searching, contacts); nothing
 * else includes it. */
#pragma once

#include "meso-patient-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   id;
  guint64  initials;   /* meso_text_initials() of the patient's search text */
  guint8   archived;
  guint8   restricted;
} OrderEntry;

struct _MesoPatientStore
{
  GObject  parent_instance;

  MesoDb  *db;

  /* Every patient's id in name order: 24 bytes a patient, refreshed when
   * this store writes or another connection commits (PRAGMA data_version). */
  GArray  *order;
  gint64   max_id;
  gint64   order_data_version;
  gboolean order_valid;

  /* How sort keys are made: the clinic's language, and where other scripts go. */
  char            *language;
  MesoScriptOrder  script_order;
  guint            n_rebuilding;   /* name-order rebuilds under way in workers */
  GMutex           rebuild_lock;   /* held by the one rebuilding */
  GCancellable    *rebuild_superseded;
};

/* The ids of a JSON array bound as ?1 (meso_patient_json_id_list ()), in
 * each engine's words: one query for many patients, however many ids. */
#define FILE_IDS_IN_JSON   "SELECT value FROM json_each (?1)"
#define SERVER_IDS_IN_JSON "SELECT json_array_elements_text (?1::json)::bigint"

GString    *meso_patient_json_id_list (const gint64 *ids,
                                       const guint  *order,
                                       guint         n_ids);
const char *meso_patient_column_text  (MesoStmt     *stmt,
                                       int           index);
void        meso_patient_store_set_restricted_error (GError **error);
gboolean    meso_patient_store_run_with_id (MesoPatientStore  *self,
                                            const char        *sql,
                                            gint64             id,
                                            GError           **error);
gboolean    meso_patient_store_write_new (MesoPatientStore  *self,
                                          MesoPatient       *patient,
                                          GError           **error);

G_END_DECLS
