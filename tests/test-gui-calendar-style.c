/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-calendar-style.c: the demo clinic's week, rendered as the window
 * shows it, in the light style and the dark (and, as
 * test-gui-calendar-style-hc, in their high-contrast forms): every block's text
 * stands out from its fill at 4.5:1 or more (measured on the pixels), and
 * at 1280 x 800 most blocks show the patient's whole name. The month marks
 * today, and the agenda starts at today. The day, week, month and agenda
 * fit 1280 x 800 and 1024 x 600 screens in both styles, and are saved as
 * PNGs when MESO_TEST_SCREENSHOTS names a folder. */
#include <adwaita.h>
#include <math.h>

#include "meso-calendar-view.h"
#include "meso-colour.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-util.h"
#include "meso-window.h"

typedef struct
{
  char             *dir;
  MesoContext      *context;
  MesoWindow       *window;
  MesoCalendarView *view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = meso_test_show_demo (&f->dir, &f->context);
  meso_test_sign_in_demo (f->window);
  meso_test_show_work_page (f->window, "calendar");
  f->view = MESO_CALENDAR_VIEW (meso_test_find_by_type (GTK_WIDGET (f->window),
                                                        MESO_TYPE_CALENDAR_VIEW));
  g_assert_nonnull (f->view);
  /* Inside the demo, the menu does not offer to open it. */
  g_assert_false (meso_test_menu_has_action (meso_test_main_menu (GTK_WIDGET (f->window)),
                                             "app.open-demo"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

typedef struct
{
  Fixture    *f;
  int         width;
  int         height;
  const char *view;
  gint64      until;
  gint64      give_up;    /* a window with a larger minimum keeps it */
} Settle;

/* The window has its size, the view shows the days asked for, and a few
 * frames have passed for the style to reach every widget. */
static gboolean
settled (gpointer data)
{
  Settle *s = data;
  GtkWidget *window = GTK_WIDGET (s->f->window);

  /* The window's own size is a little under its default size (its frame). */
  if ((ABS (gtk_widget_get_width (window) - s->width) > 16 ||
       ABS (gtk_widget_get_height (window) - s->height) > 16) &&
      g_get_monotonic_time () < s->give_up)
    return FALSE;
  if (g_str_equal (s->view, "agenda"))
    return g_get_monotonic_time () > s->until + G_USEC_PER_SEC;
  return gtk_widget_get_mapped (GTK_WIDGET (s->f->view)) &&
         meso_calendar_view_count_visible (s->f->view) > 0 && g_get_monotonic_time () > s->until;
}

static void
show (Fixture    *f,
      const char *view,
      gboolean    dark,
      int         width,
      int         height)
{
  Settle s = { f, width, height, view, g_get_monotonic_time () + G_USEC_PER_SEC / 4,
                g_get_monotonic_time () + 2 * G_USEC_PER_SEC };

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  /* The page's actions are reached from inside it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.view", "s", view));
  meso_test_iterate_until (settled, &s, "the calendar to settle");
}

/* Shows @view at @width x @height and checks that the window took no more
 * than that; saved as a PNG when MESO_TEST_SCREENSHOTS names a folder. */
static void
save (Fixture    *f,
      const char *view,
      gboolean    dark,
      int         width,
      int         height)
{
  const char *folder = g_getenv ("MESO_TEST_SCREENSHOTS");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  show (f, view, dark, width, height);
  texture = meso_test_render_window (GTK_WIDGET (f->window));
  g_assert_cmpint (gdk_texture_get_width (texture), <=, width);
  g_assert_cmpint (gdk_texture_get_height (texture), <=, height);
  if (folder == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  /* Named by the size asked for; the picture is the size the window took. */
  path = g_strdup_printf ("%s/calendar-%s-%s%s-%dx%d.png", folder, view, dark ? "dark" : "light",
                          adw_style_manager_get_high_contrast (adw_style_manager_get_default ())
                            ? "-hc" : "", width, height);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* gdk_texture_download() gives premultiplied ARGB in the machine's byte
 * order; the window is opaque, so plain. */
static MesoColour
pixel (const guchar *data,
       gsize         stride,
       int           x,
       int           y)
{
  guint32 argb = *(const guint32 *) (data + y * stride + x * 4);

  return (MesoColour) { ((argb >> 16) & 0xff) / 255.0, ((argb >> 8) & 0xff) / 255.0,
                        (argb & 0xff) / 255.0 };
}

typedef struct
{
  guint  blocks;
  guint  whole_names;
  double lowest;       /* the lowest contrast of a block's text on its fill */
} Measure;

/* For each block: its fill is the colour most of its pixels have, and its
 * text's contrast that of the pixel farthest from the fill (the core of a
 * glyph, where anti-aliasing has not mixed in the fill). The coloured
 * stripe on the block's left edge is not text, and is left out. */
static Measure
measure_week (Fixture *f)
{
  g_autoptr(GdkTexture) texture = meso_test_render_window (GTK_WIDGET (f->window));
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = g_malloc (stride * height);
  graphene_rect_t bounds;
  Measure m = { 0, 0, 21.0 };

  gdk_texture_download (texture, data, stride);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f->view), GTK_WIDGET (f->window),
                                            &bounds));
  for (guint i = 0; i < meso_calendar_view_count_visible (f->view); i++)
    {
      g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
      graphene_rect_t rect;
      gboolean whole;
      guint32 fill_argb = 0;
      guint most = 0;
      MesoColour fill;
      double best = 1.0;
      int x0, x1, y0, y1;

      g_assert_true (meso_calendar_view_get_block (f->view, i, &rect, &whole));
      x0 = (int) ceil (bounds.origin.x + rect.origin.x) + 4;
      x1 = MIN ((int) floor (bounds.origin.x + rect.origin.x + rect.size.width) - 1, width);
      y0 = (int) ceil (bounds.origin.y + rect.origin.y) + 1;
      y1 = MIN ((int) floor (bounds.origin.y + rect.origin.y + rect.size.height) - 1, height);
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            guint32 argb = *(guint32 *) (data + y * stride + x * 4);
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (argb))) + 1;

            g_hash_table_insert (counts, GUINT_TO_POINTER (argb), GUINT_TO_POINTER (n));
            if (n > most)
              most = n, fill_argb = argb;
          }
      if (most == 0)
        continue;   /* too small to hold a pixel of text */
      fill = (MesoColour) { ((fill_argb >> 16) & 0xff) / 255.0, ((fill_argb >> 8) & 0xff) / 255.0,
                            (fill_argb & 0xff) / 255.0 };
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          best = MAX (best, meso_colour_contrast (pixel (data, stride, x, y), fill));
      m.blocks++;
      m.whole_names += whole;
      m.lowest = MIN (m.lowest, best);
    }
  return m;
}

static void
test_week_contrast (Fixture       *f,
                    gconstpointer  data)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      Measure m;

      show (f, "week", dark, 1280, 800);
      g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - 1280), <=, 16);
      m = measure_week (f);
      g_test_message ("%s: %u blocks, lowest text contrast %.2f:1, %u whole names",
                      dark ? "dark" : "light", m.blocks, m.lowest, m.whole_names);
      g_assert_cmpuint (m.blocks, >, 30);
      g_assert_cmpuint (m.blocks, ==, meso_calendar_view_count_visible (f->view));
      g_assert_cmpfloat (m.lowest, >=, MESO_COLOUR_TEXT_CONTRAST);
    }
}

/* At 1280 x 800 a receptionist reads who comes without opening each block. */
static void
test_week_names (Fixture       *f,
                 gconstpointer  data)
{
  guint whole = 0, n;

  show (f, "week", FALSE, 1280, 800);
  n = meso_calendar_view_count_visible (f->view);
  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t rect;
      gboolean shown;

      g_assert_true (meso_calendar_view_get_block (f->view, i, &rect, &shown));
      whole += shown;
    }
  g_test_message ("%u of %u blocks show the whole name", whole, n);
  g_assert_cmpuint (n, >, 30);
  g_assert_cmpuint (whole * 10, >=, n * 8);
}

/* Pixels of the @size square at (@x, @y) of @texture within 3/255 of @colour. */
static guint
count_colour (GdkTexture    *texture,
              int            x,
              int            y,
              int            size,
              const GdkRGBA *colour)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = g_malloc (stride * height);
  guint count = 0;

  gdk_texture_download (texture, data, stride);
  for (int j = MAX (y, 0); j < MIN (y + size, height); j++)
    for (int i = MAX (x, 0); i < MIN (x + size, width); i++)
      {
        MesoColour c = pixel (data, stride, i, j);

        count += fabs (c.red - colour->red) < 3.5 / 255 && fabs (c.green - colour->green) < 3.5 / 255 &&
                 fabs (c.blue - colour->blue) < 3.5 / 255;
      }
  return count;
}

/* The month marks today's number on a disc of the style's accent, in the
 * light style and the dark, and no other day's. */
static void
test_month_today (Fixture       *f,
                  gconstpointer  data)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      graphene_rect_t bounds;
      GDate first, today;
      GdkRGBA accent;
      double cell_width, cell_height;
      int today_index;

      show (f, "month", dark, 1280, 800);
      texture = meso_test_render_window (GTK_WIDGET (f->window));
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (f->view)),
                                                     "accent_bg_color", &accent));
      G_GNUC_END_IGNORE_DEPRECATIONS
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f->view), GTK_WIDGET (f->window),
                                                &bounds));
      meso_calendar_view_get_first_day (f->view, &first);
      meso_calendar_view_get_today (f->view, &today);
      today_index = (int) g_date_get_julian (&today) - (int) g_date_get_julian (&first);
      g_assert_cmpint (today_index, >=, 0);
      g_assert_cmpint (today_index, <, 42);
      /* The month view's cells: seven columns, six rows under a 30-pixel header. */
      cell_width = bounds.size.width / 7;
      cell_height = (bounds.size.height - 30) / 6;
      for (int d = 0; d < 42; d++)
        {
          guint n = count_colour (texture, (int) (bounds.origin.x + (d % 7) * cell_width + 3),
                                  (int) (bounds.origin.y + 30 + (d / 7) * cell_height + 2), 20,
                                  &accent);

          if (d == today_index)
            g_assert_cmpuint (n, >, 150);
          else
            g_assert_cmpuint (n, <, 10);
        }
    }
}

/* Makes today next week's Wednesday, noon, a day the demo fills whatever
 * day the test runs on (a Sunday's day view is empty), and shows it;
 * @out_today: (optional): that day. */
static void
go_to_a_busy_day (Fixture *f,
                  GDate   *out_today)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (f->context),
                                                          &error);
  GDate today;

  g_assert_no_error (error);
  meso_context_get_today (f->context, &today);
  g_date_add_days (&today, 7 + G_DATE_WEDNESDAY - g_date_get_weekday (&today));
  meso_clock_set_now (meso_context_get_clock (f->context),
                      meso_resources_to_instant (resources, &today, 12 * 60));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.today", NULL));
  if (out_today != NULL)
    *out_today = today;
}

/* The agenda starts at today, not at the Monday before: with today a
 * Wednesday, the first row is today's. */
static void
test_agenda_from_today (Fixture       *f,
                        gconstpointer  data)
{
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (f->context),
                                                          NULL);
  GtkListView *agenda = GTK_LIST_VIEW (meso_test_get_widget (GTK_WIDGET (f->window),
                                                             "agenda_view"));
  GListModel *rows;
  g_autoptr(MesoAppointment) first = NULL;
  GDate today, day;
  guint minute;

  go_to_a_busy_day (f, &today);
  show (f, "agenda", FALSE, 1280, 800);
  rows = G_LIST_MODEL (gtk_list_view_get_model (agenda));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  first = g_list_model_get_item (rows, 0);
  meso_resources_get_day (resources, first->starts_at, &day, &minute);
  g_assert_cmpint (g_date_compare (&day, &today), ==, 0);
}

static void
test_fits_the_screen (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const views[] = { "day", "week", "month", "agenda" };
  static const int sizes[][2] = { { 1280, 800 }, { 1024, 600 } };

  go_to_a_busy_day (f, NULL);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint dark = 0; dark < 2; dark++)
        save (f, views[v], dark, sizes[s][0], sizes[s][1]);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/calendar-style/week-contrast", Fixture, NULL, fixture_set_up,
              test_week_contrast, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-style/week-names", Fixture, NULL, fixture_set_up,
              test_week_names, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-style/month-today", Fixture, NULL, fixture_set_up,
              test_month_today, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-style/agenda-from-today", Fixture, NULL, fixture_set_up,
              test_agenda_from_today, fixture_tear_down);
  g_test_add ("/meso/gui/calendar-style/fits-the-screen", Fixture, NULL, fixture_set_up,
              test_fits_the_screen, fixture_tear_down);
  return g_test_run ();
}
