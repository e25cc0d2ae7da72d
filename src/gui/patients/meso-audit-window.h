/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-window.h: the history of one patient's records or one staff member's changes. */
#pragma once

#include <adwaita.h>

#include "meso-audit.h"
#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_AUDIT_WINDOW (meso_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoAuditWindow, meso_audit_window, MESO, AUDIT_WINDOW, AdwWindow)

MesoAuditWindow *meso_audit_window_new (MesoContext    *context,
                                        MesoAuditScope  scope,
                                        gint64          id,
                                        const char     *name);

G_END_DECLS
