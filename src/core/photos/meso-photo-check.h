/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check.h: the photos' part of --check, for src/core/db only:
 * every stored image against its SHA-256. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "meso-db-pg.h"

G_BEGIN_DECLS

gboolean meso_photo_check_file   (sqlite3  *handle,
                                  GString  *report,
                                  GString  *damaged,
                                  GError  **error);
gboolean meso_photo_check_server (MesoPg   *pg,
                                  GString  *report,
                                  GString  *damaged,
                                  GError  **error);

G_END_DECLS
