/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-pg.h: the audit trail's part of checking a clinic server, for
 * src/core/db only. */
#pragma once

#include "meso-db-pg.h"

G_BEGIN_DECLS

gboolean    meso_audit_check_chain_server   (MesoPg                *pg,
                                             GString               *problems,
                                             gint64                *out_n_entries,
                                             GError               **error);

G_END_DECLS
