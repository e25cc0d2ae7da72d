/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-day-layout.c: overlapping appointments side by side in a calendar
 * column: each takes the first lane free at its start, a group shares the
 * column, and each widens into the lanes nothing else uses while it lasts. */
#include "meso-day-layout.h"

typedef struct
{
  guint  column;
  gint64 starts_at;
  gint64 ends_at;
  guint  lane;       /* expected */
  guint  lanes;
  guint  span;
} Case;

static void
check (const Case *cases,
       guint       n)
{
  g_autofree MesoLayoutItem *items = g_new0 (MesoLayoutItem, n);

  /* Given in reverse, so that the sort has work to do. */
  for (guint i = 0; i < n; i++)
    {
      items[n - 1 - i].column = cases[i].column;
      items[n - 1 - i].starts_at = cases[i].starts_at;
      items[n - 1 - i].ends_at = cases[i].ends_at;
      items[n - 1 - i].data = GUINT_TO_POINTER (i + 1);
    }
  meso_day_layout_sort (items, n);
  meso_day_layout_assign_lanes (items, n);
  meso_day_layout_expand (items, n);
  for (guint i = 0; i < n; i++)
    {
      const Case *expected = &cases[GPOINTER_TO_UINT (items[i].data) - 1];

      g_test_message ("%u: %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " lane %u of %u, span %u",
                      expected->column, expected->starts_at, expected->ends_at, items[i].lane,
                      items[i].lanes, items[i].span);
      g_assert_cmpuint (items[i].lane, ==, expected->lane);
      g_assert_cmpuint (items[i].lanes, ==, expected->lanes);
      g_assert_cmpuint (items[i].span, ==, expected->span);
    }
}

/* Each case in the order meso_day_layout_sort() puts them: by column, by
 * start, the longer first. Minutes of the day. */
static void
test_alone (void)
{
  /* Back to back in one column, and at once in two: none shares. */
  static const Case cases[] = {
    { 0, 540, 570, 0, 1, 1 },
    { 0, 570, 600, 0, 1, 1 },
    { 1, 540, 570, 0, 1, 1 },
  };

  check (cases, G_N_ELEMENTS (cases));
}

static void
test_side_by_side (void)
{
  static const Case cases[] = {
    { 0, 540, 600, 0, 2, 1 },
    { 0, 540, 570, 1, 2, 1 },
    { 0, 570, 600, 1, 2, 1 },   /* the second lane is free again at 570 */
    { 0, 600, 660, 0, 1, 1 },   /* a new group: the whole width */
  };

  check (cases, G_N_ELEMENTS (cases));
}

static void
test_widen (void)
{
  /* Three at 9:00, then one at 9:30 beside the long one: the third lane is
   * free then, so it takes two lanes of three. */
  static const Case cases[] = {
    { 0, 540, 600, 0, 3, 1 },
    { 0, 540, 570, 1, 3, 1 },
    { 0, 540, 565, 2, 3, 1 },
    { 0, 570, 600, 1, 3, 2 },
  };

  check (cases, G_N_ELEMENTS (cases));
}

static void
test_widen_blocked (void)
{
  /* Four at 9:00; the last one, in the second lane, widens over the third
   * (free by then) but not the fourth, taken until 10:00. */
  static const Case cases[] = {
    { 0, 540, 600, 0, 4, 1 },
    { 0, 540, 555, 1, 4, 1 },
    { 0, 540, 550, 2, 4, 1 },
    { 0, 540, 545, 3, 4, 1 },
    { 0, 545, 600, 3, 4, 1 },
    { 0, 555, 575, 1, 4, 2 },
  };

  check (cases, G_N_ELEMENTS (cases));
}

static void
test_empty (void)
{
  meso_day_layout_sort (NULL, 0);
  meso_day_layout_assign_lanes (NULL, 0);
  meso_day_layout_expand (NULL, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/day-layout/alone", test_alone);
  g_test_add_func ("/meso/day-layout/side-by-side", test_side_by_side);
  g_test_add_func ("/meso/day-layout/widen", test_widen);
  g_test_add_func ("/meso/day-layout/widen-blocked", test_widen_blocked);
  g_test_add_func ("/meso/day-layout/empty", test_empty);
  return g_test_run ();
}
