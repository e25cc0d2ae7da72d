/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-pages.h: a handout laid out on pages, drawn with cairo. */
#pragma once

#include <pango/pangocairo.h>

#include "meso-handout.h"

G_BEGIN_DECLS

/* The height a scalp map takes on a page, in points. */
#define MESO_HANDOUT_MAP_HEIGHT 300.0

/* Draws @map in a box @width wide and MESO_HANDOUT_MAP_HEIGHT high at the
 * origin of @cr: the printing code's, which has the scalp renderer. */
typedef void (*MesoHandoutMapPainter) (cairo_t      *cr,
                                       MesoScalpMap *map,
                                       double        width);

#define MESO_TYPE_HANDOUT_PAGES (meso_handout_pages_get_type ())
G_DECLARE_FINAL_TYPE (MesoHandoutPages, meso_handout_pages, MESO, HANDOUT_PAGES, GObject)

MesoHandoutPages *meso_handout_pages_new         (MesoHandout           *handout,
                                                  PangoContext          *pango,
                                                  double                 page_width,
                                                  double                 page_height);
guint             meso_handout_pages_get_n_pages (MesoHandoutPages      *self);
void              meso_handout_pages_draw        (MesoHandoutPages      *self,
                                                  cairo_t               *cr,
                                                  guint                  page_nr,
                                                  MesoHandoutMapPainter  paint_map);
GBytes           *meso_handout_write_pdf         (MesoHandout           *handout,
                                                  GError               **error);

G_END_DECLS
