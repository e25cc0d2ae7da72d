/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check-pg.h: the photos' part of checking a clinic server, for
 * src/core/db only. */
#pragma once

#include "meso-db-pg.h"

G_BEGIN_DECLS

gboolean meso_photo_check_server (MesoPg   *pg,
                                  GString  *report,
                                  GString  *damaged,
                                  GError  **error);

G_END_DECLS
