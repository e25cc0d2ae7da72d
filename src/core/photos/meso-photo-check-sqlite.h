/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check-sqlite.h: the photos' part of checking an SQLite file,
 * for src/core/db only. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean meso_photo_check_file (sqlite3  *handle,
                                GString  *report,
                                GString  *damaged,
                                GError  **error);

G_END_DECLS
