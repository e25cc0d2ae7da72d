/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-describe.h: a stored audit value as people read it: the name
 * an id refers to, grades and statuses by their labels, yes and no. */
#pragma once

#include "meso-audit-names.h"

G_BEGIN_DECLS

gboolean        meso_audit_parse_id         (const char     *value,
                                             gint64         *out_id);
char           *meso_audit_describe_ref     (MesoAuditNames *names,
                                             MesoAuditRef    ref,
                                             gint64          id);
const char     *meso_audit_describe_field   (const char     *key);
char           *meso_audit_describe_value   (MesoAuditNames *names,
                                             const char     *key,
                                             const char     *value);
char           *meso_audit_describe_grades  (const char     *value);
const char     *meso_audit_describe_table   (const char     *table);
const char    **meso_audit_describe_tables  (void);

G_END_DECLS
