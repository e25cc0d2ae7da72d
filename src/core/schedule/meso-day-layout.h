/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-day-layout.h: side-by-side lanes for overlapping appointments in a calendar column. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   column;
  gint64  starts_at;
  gint64  ends_at;
  guint   lane;       /* set by meso_day_layout_assign_lanes() */
  guint   lanes;      /* lanes in its group of overlapping items */
  guint   span;       /* lanes it may take, from its own rightwards: meso_day_layout_expand() */
  gpointer data;
} MesoLayoutItem;

void meso_day_layout_sort         (MesoLayoutItem *items,
                                   guint           n_items);
void meso_day_layout_assign_lanes (MesoLayoutItem *items,
                                   guint           n_items);
void meso_day_layout_expand       (MesoLayoutItem *items,
                                   guint           n_items);

G_END_DECLS
