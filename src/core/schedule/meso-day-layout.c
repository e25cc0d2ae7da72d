/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-day-layout.c: lays overlapping appointments out side by side, as
 * paper diaries do: each group of overlapping items shares the column's
 * width, and an item takes the first lane free at its start. */
#define G_LOG_DOMAIN "meso-day-layout"

#include <stdlib.h>

#include "meso-day-layout.h"

static int
compare_items (const void *a,
               const void *b)
{
  const MesoLayoutItem *x = a, *y = b;

  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  if (x->starts_at != y->starts_at)
    return x->starts_at < y->starts_at ? -1 : 1;
  return (x->ends_at < y->ends_at) - (x->ends_at > y->ends_at);
}

/* Sorts by column, then start, longer first. */
void
meso_day_layout_sort (MesoLayoutItem *items,
                      guint           n_items)
{
  /* An empty day may come as NULL, which qsort() must never be given. */
  if (n_items > 1)
    qsort (items, n_items, sizeof *items, compare_items);
}

/**
 * meso_day_layout_assign_lanes:
 * @items: sorted with meso_day_layout_sort()
 *
 * Sets each item's lane, and the number of lanes of the group of
 * overlapping items it belongs to. Linear in the items for a bounded
 * number of lanes.
 */
void
meso_day_layout_assign_lanes (MesoLayoutItem *items,
                              guint           n_items)
{
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint group_start = 0;
  gint64 group_end = G_MININT64;

  for (guint i = 0; i <= n_items; i++)
    {
      MesoLayoutItem *item = i < n_items ? &items[i] : NULL;
      guint lane;

      /* A group ends where the next item starts after everything in it. */
      if (item == NULL || i == 0 || item->column != items[group_start].column ||
          item->starts_at >= group_end)
        {
          for (guint j = group_start; j < i; j++)
            items[j].lanes = lane_ends->len;
          if (item == NULL)
            break;
          g_array_set_size (lane_ends, 0);
          group_start = i;
          group_end = G_MININT64;
        }
      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, gint64, lane) <= item->starts_at)
          break;
      if (lane == lane_ends->len)
        g_array_set_size (lane_ends, lane + 1);
      g_array_index (lane_ends, gint64, lane) = item->ends_at;
      item->lane = lane;
      item->span = 1;
      group_end = MAX (group_end, item->ends_at);
    }
}

/* Whether an item of @items[from..to) in @lane overlaps [starts_at, ends_at). */
static gboolean
lane_taken (const MesoLayoutItem *items,
            guint                 from,
            guint                 to,
            guint                 lane,
            gint64                starts_at,
            gint64                ends_at)
{
  /* By start: nothing after the first that starts at the end can overlap. */
  for (guint j = from; j < to && items[j].starts_at < ends_at; j++)
    if (items[j].lane == lane && items[j].ends_at > starts_at)
      return TRUE;
  return FALSE;
}

/**
 * meso_day_layout_expand:
 * @items: laid out with meso_day_layout_assign_lanes()
 *
 * Sets each item's span: the lanes it may take, its own and those to its
 * right that nothing uses while it lasts. An appointment that overlaps
 * only part of a busy group keeps more of the column's width.
 */
void
meso_day_layout_expand (MesoLayoutItem *items,
                        guint           n_items)
{
  guint group_start = 0;
  gint64 group_end = G_MININT64;

  for (guint i = 0; i <= n_items; i++)
    {
      /* A group of overlapping items ends where the next starts after all. */
      if (i == n_items || i == 0 || items[i].column != items[group_start].column ||
          items[i].starts_at >= group_end)
        {
          for (guint j = group_start; j < i; j++)
            {
              items[j].span = 1;
              while (items[j].lane + items[j].span < items[j].lanes &&
                     !lane_taken (items, group_start, i, items[j].lane + items[j].span,
                                  items[j].starts_at, items[j].ends_at))
                items[j].span++;
            }
          if (i == n_items)
            break;
          group_start = i;
          group_end = G_MININT64;
        }
      group_end = MAX (group_end, items[i].ends_at);
    }
}
