/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-export.h: a scalp map written to a PNG picture or an SVG drawing. */
#pragma once

#include <gio/gio.h>

#include "meso-scalp-map.h"

G_BEGIN_DECLS

gboolean meso_scalp_export (MesoScalpMap  *map,
                            const char    *path,
                            gboolean       svg,
                            GError       **error);

G_END_DECLS
