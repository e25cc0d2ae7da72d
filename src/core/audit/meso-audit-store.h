/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-store.h: the audit feature's tables (the trail and its hash
 * chain), and the only code that reads them; the schema's triggers write. */
#pragma once

#include "meso-record-json.h"
#include "meso-audit.h"
#include "meso-db.h"

G_BEGIN_DECLS

#define MESO_TYPE_AUDIT_STORE (meso_audit_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoAuditStore, meso_audit_store, MESO, AUDIT_STORE, GObject)

MesoAuditStore *meso_audit_store_new                (MesoDb          *db);
GPtrArray      *meso_audit_store_query              (MesoAuditStore  *self,
                                                     MesoAuditScope   scope,
                                                     gint64           id,
                                                     gint64           before_id,
                                                     guint            limit,
                                                     GError         **error);
GPtrArray      *meso_audit_store_query_filtered     (MesoAuditStore         *self,
                                                     MesoAuditScope          scope,
                                                     gint64                  id,
                                                     const MesoAuditFilter  *filter,
                                                     GTimeZone              *zone,
                                                     gint64                  before_id,
                                                     guint                   limit,
                                                     GError                **error);
gboolean        meso_audit_store_export_csv_filtered (MesoAuditStore        *self,
                                                     MesoAuditScope          scope,
                                                     gint64                  id,
                                                     const MesoAuditFilter  *filter,
                                                     GTimeZone              *zone,
                                                     const char             *path,
                                                     GError                **error);
gboolean        meso_audit_store_export_csv         (MesoAuditStore  *self,
                                                     MesoAuditScope   scope,
                                                     gint64           id,
                                                     const char      *path,
                                                     GError         **error);
gint64          meso_audit_store_count_patient      (MesoAuditStore  *self,
                                                     gint64           patient_id,
                                                     char           **out_first,
                                                     char           **out_last,
                                                     GError         **error);

gboolean meso_audit_store_add_to_record (MesoAuditStore  *self,
                                         gint64           patient_id,
                                         MesoRecordJson  *record,
                                         GError         **error);

G_END_DECLS
