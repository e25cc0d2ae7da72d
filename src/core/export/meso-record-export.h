/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-export.h: a patient's whole record, handed over on request. */
#pragma once

#include "meso-context.h"
#include "meso-record-json.h"

G_BEGIN_DECLS

char     *meso_record_export_dup_json       (MesoContext     *context,
                                             gint64           patient_id,
                                             GError         **error);
char     *meso_record_export_write          (MesoContext     *context,
                                             gint64           patient_id,
                                             const char      *parent,
                                             GError         **error);
void      meso_record_export_write_async    (MesoContext         *context,
                                             gint64               patient_id,
                                             const char          *parent,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char     *meso_record_export_write_finish   (GAsyncResult        *result,
                                             GError             **error);
gboolean  meso_record_exports_add_to_record (MesoDb          *db,
                                             gint64           patient_id,
                                             MesoRecordJson  *record,
                                             GError         **error);

G_END_DECLS
