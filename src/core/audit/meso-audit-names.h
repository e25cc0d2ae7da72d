/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-names.h: the names a page of audit entries refers to (rooms,
 * practitioners, patients, ...), read from their owners' stores a kind at
 * a time, never one by one. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/* What kind of record an id in an audit entry refers to. */
typedef enum
{
  MESO_AUDIT_REF_NONE = -1,
  MESO_AUDIT_REF_PATIENT,
  MESO_AUDIT_REF_STAFF,
  MESO_AUDIT_REF_PRACTITIONER,
  MESO_AUDIT_REF_ROOM,
  MESO_AUDIT_REF_PRODUCT,
  MESO_AUDIT_REF_INGREDIENT,
  MESO_AUDIT_REF_PROTOCOL,
  MESO_AUDIT_N_REFS
} MesoAuditRef;

/* The names a page of entries refers to, read in one go per kind of
 * record (see meso_audit_store_query()); a plain struct, not a class. */
typedef struct _MesoAuditNames MesoAuditNames;

MesoAuditNames *meso_audit_names_new        (void);
void            meso_audit_names_free       (MesoAuditNames *names);
void            meso_audit_names_set_zone   (MesoAuditNames *names,
                                             GTimeZone      *zone);
void            meso_audit_names_add        (MesoAuditNames *names,
                                             MesoAuditRef    ref,
                                             gint64          id,
                                             const char     *name);
void            meso_audit_names_want       (MesoAuditNames *names,
                                             MesoAuditRef    ref,
                                             gint64          id);
GArray         *meso_audit_names_get_wanted (MesoAuditNames *names,
                                             MesoAuditRef    ref);
const char     *meso_audit_names_lookup     (MesoAuditNames *names,
                                             MesoAuditRef    ref,
                                             gint64          id);
GTimeZone      *meso_audit_names_get_zone   (MesoAuditNames *names);
gboolean        meso_audit_names_read       (MesoAuditNames *names,
                                             MesoDb         *db,
                                             GError        **error);

MesoAuditRef    meso_audit_ref_for_key      (const char     *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoAuditNames, meso_audit_names_free)

G_END_DECLS
