/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit.h: reading the audit trail, for the viewer and CSV export, and
 * checking that nobody tampered with it. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_AUDIT_BY_PATIENT,   /* every change to one patient's records */
  MESO_AUDIT_BY_STAFF,     /* every change one staff member made, and to their account */
} MesoAuditScope;

/* What an audit row records; its nicks are the codes of audit.action. */
typedef enum
{
  MESO_AUDIT_INSERT,
  MESO_AUDIT_UPDATE,
  MESO_AUDIT_DELETE,
  MESO_AUDIT_ARCHIVE,
  MESO_AUDIT_UNARCHIVE,
  MESO_AUDIT_RESTORE,
  MESO_AUDIT_N_ACTIONS
} MesoAuditAction;

#define MESO_TYPE_AUDIT_ACTION (meso_audit_action_get_type ())
GType meso_audit_action_get_type (void);

/* Which entries a query lets through; a zero field lets any through. */
typedef struct
{
  gint64      staff_id;     /* made by this staff member */
  gint64      patient_id;   /* about this patient's records */
  const char *patient_search; /* about the records of patients these words find */
  const char *table;        /* of this kind of record (audit.table_name) */
  gint64      from;         /* at or after this instant (Unix seconds) */
  gint64      until;        /* before this instant */
} MesoAuditFilter;

gboolean meso_audit_filter_set_days (MesoAuditFilter  *filter,
                                     const char       *from,
                                     const char       *to,
                                     GTimeZone        *zone,
                                     GError          **error);

#define MESO_TYPE_AUDIT_ENTRY (meso_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (MesoAuditEntry, meso_audit_entry, MESO, AUDIT_ENTRY, GObject)

gint64      meso_audit_entry_get_id         (MesoAuditEntry *self);
const char *meso_audit_entry_get_at         (MesoAuditEntry *self);
const char *meso_audit_entry_get_who        (MesoAuditEntry *self);
gint64      meso_audit_entry_get_patient_id (MesoAuditEntry *self);
const char *meso_audit_entry_get_patient    (MesoAuditEntry *self);
const char *meso_audit_entry_get_table      (MesoAuditEntry *self);
const char *meso_audit_entry_get_action     (MesoAuditEntry *self);
const char *meso_audit_entry_get_record     (MesoAuditEntry *self);
const char *meso_audit_entry_get_changes    (MesoAuditEntry *self);
const char *meso_audit_entry_get_old_values (MesoAuditEntry *self);
const char *meso_audit_entry_get_new_values (MesoAuditEntry *self);
char       *meso_audit_entry_format_when    (MesoAuditEntry *self,
                                             GTimeZone      *zone);
void        meso_audit_entry_set_zone       (MesoAuditEntry *self,
                                             GTimeZone      *zone);

G_END_DECLS
