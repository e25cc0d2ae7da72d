/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-renderer-private.h: what the scalp renderer's files share. */
#pragma once

#include "meso-scalp-renderer.h"

G_BEGIN_DECLS

static inline void
path_polygon (cairo_t  *cr,
              GArray   *polygon)
{
  cairo_new_path (cr);
  for (guint i = 0; i < polygon->len; i++)
    {
      MesoVec2 *p = &g_array_index (polygon, MesoVec2, i);

      cairo_line_to (cr, p->x, p->y);
    }
  cairo_close_path (cr);
}

static inline void
set_rgba (cairo_t       *cr,
          const GdkRGBA *colour,
          double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

void meso_scalp_draw_head     (cairo_t              *cr,
                               MesoScalpView         view,
                               const MesoScalpStyle *style);
void meso_scalp_draw_features (cairo_t              *cr,
                               MesoScalpView         view,
                               const MesoScalpStyle *style);

G_END_DECLS
