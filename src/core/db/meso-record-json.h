/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-json.h: a patient's stored rows, every column of them, as
 * one JSON document: what a right-of-access export hands over. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

typedef struct _MesoRecordJson MesoRecordJson;

/* A table's rows about a patient: @sql selects every column of them, ?1
 * being the patient's id. */
typedef struct
{
  const char *table;
  const char *sql;
} MesoRecordTable;

MesoRecordJson *meso_record_json_new       (void);
void            meso_record_json_free      (MesoRecordJson  *self);
void            meso_record_json_set       (MesoRecordJson  *self,
                                            const char      *key,
                                            const char      *value);
gboolean        meso_record_json_add_rows  (MesoRecordJson  *self,
                                            MesoDb          *db,
                                            const char      *table,
                                            const char      *sql,
                                            gint64           patient_id,
                                            GError         **error);
gboolean        meso_record_json_add_tables (MesoRecordJson        *self,
                                             MesoDb                *db,
                                             const MesoRecordTable *tables,
                                             guint                  n_tables,
                                             gint64                 patient_id,
                                             GError               **error);
guint           meso_record_json_count_rows (MesoRecordJson *self,
                                             const char     *table);
char           *meso_record_json_end       (MesoRecordJson  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoRecordJson, meso_record_json_free)

G_END_DECLS
