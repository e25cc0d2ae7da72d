/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-copy.h: a clinic's file copied whole onto a new clinic server. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

gboolean meso_db_copy_to_server (const char  *source_path,
                                 const char  *target_uri,
                                 GString     *report,
                                 GError     **error);

G_END_DECLS
