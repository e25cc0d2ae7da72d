/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-photo-compare.c: the before/after comparison as a user sees and drives it: clicks on
 * the features seen on screen land on those features' pixels, three pairs of them give back
 * the alignment, the overlay blends, the wipe splits, the keys move the slider's position,
 * and the accessible label says what is compared and how. */
#include <math.h>

#include "meso-photo-compare.h"
#include "meso-test-gui.h"

#define WIDTH  1000
#define HEIGHT 500

typedef struct
{
  double r, g, b;
} Colour;

static const Colour before_bg = { 200, 60, 60 };
static const Colour after_bg = { 60, 60, 200 };
/* A feature of the scalp, one colour each, found again on screen by its colour. */
static const Colour marker_colours[] = { { 0, 255, 0 }, { 255, 255, 0 }, { 0, 255, 255 } };
/* The features on the before photo, at pixel centres (400 × 300). */
static const MesoVec2 on_before[] = { { 100.5, 80.5 }, { 300.5, 90.5 }, { 200.5, 250.5 } };

/* The after photo taken again: turned by 10°, 10 % closer, shifted. It maps the after
 * photo's pixels onto the before one's. */
static MesoSimilarity
get_after_to_before (void)
{
  double angle = 10 * G_PI / 180;

  return (MesoSimilarity) { 1.1 * cos (angle), 1.1 * sin (angle), 20, -15 };
}

/* A photo of @width × @height in @bg with a 5-pixel square of each marker colour centred
 * on @markers. */
static GdkTexture *
make_photo (int             width,
            int             height,
            const Colour   *bg,
            const MesoVec2 *markers)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  cairo_set_source_rgb (cr, bg->r / 255, bg->g / 255, bg->b / 255);
  cairo_paint (cr);
  for (guint i = 0; markers != NULL && i < G_N_ELEMENTS (marker_colours); i++)
    {
      const Colour *c = &marker_colours[i];

      cairo_set_source_rgb (cr, c->r / 255, c->g / 255, c->b / 255);
      cairo_rectangle (cr, markers[i].x - 2.5, markers[i].y - 2.5, 5, 5);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

/* The before photo and the after one (360 × 320, another shape: another letterbox), their
 * markers where the alignment says. */
static void
set_test_photos (MesoPhotoCompare *compare)
{
  MesoSimilarity after_to_before = get_after_to_before (), before_to_after;
  MesoVec2 on_after[G_N_ELEMENTS (on_before)];
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;

  g_assert_true (meso_similarity_invert (&after_to_before, &before_to_after));
  for (guint i = 0; i < G_N_ELEMENTS (on_before); i++)
    {
      on_after[i] = meso_similarity_apply (&before_to_after, on_before[i]);
      g_assert_cmpfloat (on_after[i].x, >, 10);
      g_assert_cmpfloat (on_after[i].x, <, 350);
      g_assert_cmpfloat (on_after[i].y, >, 10);
      g_assert_cmpfloat (on_after[i].y, <, 310);
    }
  before = make_photo (400, 300, &before_bg, on_before);
  after = make_photo (360, 320, &after_bg, on_after);
  meso_photo_compare_set_photos (compare, before, "12 January 2024", after, "3 March 2024");
}

static gboolean
compare_shown (gpointer compare)
{
  return gtk_widget_get_mapped (compare) && gtk_widget_get_width (compare) == WIDTH &&
         gtk_widget_get_height (compare) == HEIGHT;
}

/* A window showing only the comparison, at WIDTH × HEIGHT, with the test photos. */
static MesoPhotoCompare *
open_compare (void)
{
  GtkWidget *window = gtk_window_new ();
  MesoPhotoCompare *compare = MESO_PHOTO_COMPARE (meso_photo_compare_new ());

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (compare));
  set_test_photos (compare);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (compare_shown, compare, "the comparison's size");
  return compare;
}

static void
close_compare (MesoPhotoCompare *compare)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (compare))));
}

typedef struct
{
  guchar *data;
  int     width;
  int     height;
} Pixels;

static void
pixels_free (Pixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

/* What the widget shows now, once a redraw it asked for is done; saved as NAME.png when
 * MESO_TEST_SCREENSHOTS names a folder. */
static Pixels *
render (MesoPhotoCompare *compare,
        const char       *name)
{
  GtkWidget *widget = GTK_WIDGET (compare);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 4;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *folder = g_getenv ("MESO_TEST_SCREENSHOTS");
  GtkSnapshot *snapshot;
  Pixels *pixels = g_new0 (Pixels, 1);

  /* A change queues a frame: two frames later it is drawn. A widget that forgot to queue
   * one shows its old picture, as it would on screen. */
  while (gdk_frame_clock_get_frame_counter (clock) < frame + 2 &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* The window, undecorated, is the comparison's size: its background is what shows
   * beside the photos. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (gtk_widget_get_root (widget))), ==, WIDTH);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (gtk_widget_get_root (widget)));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  g_assert_cmpint (pixels->width, ==, WIDTH);
  pixels->data = g_malloc ((gsize) pixels->width * pixels->height * 4);
  gdk_texture_download (texture, pixels->data, pixels->width * 4);
  if (folder != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.png", folder, name);

      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      g_assert_true (gdk_texture_save_to_png (texture, path));
    }
  return pixels;
}

/* The pixel at (@x, @y): downloaded as Cairo's ARGB32, B G R A in memory; all opaque here. */
static Colour
pixel_at (const Pixels *pixels,
          int           x,
          int           y)
{
  const guchar *p;

  g_assert_true (x >= 0 && x < pixels->width && y >= 0 && y < pixels->height);
  p = pixels->data + ((gsize) y * pixels->width + x) * 4;
  return (Colour) { p[2], p[1], p[0] };
}

static double
distance (const Colour *a,
          const Colour *b)
{
  return sqrt ((a->r - b->r) * (a->r - b->r) + (a->g - b->g) * (a->g - b->g) +
               (a->b - b->b) * (a->b - b->b));
}

/* How much of @colour a pixel mixed of it and @bg holds: 0 (all @bg) to 1. */
static double
share_of (const Colour *pixel,
          const Colour *colour,
          const Colour *bg)
{
  return CLAMP (1 - distance (pixel, colour) / distance (bg, colour), 0, 1);
}

/* Where the marker of @colour shows between columns @x0 and @x1, to a fraction of a pixel:
 * its whole pixels locate it, then the centroid of its share of each pixel nearby. */
static MesoVec2
find_marker (const Pixels *pixels,
             int           x0,
             int           x1,
             const Colour *colour,
             const Colour *bg)
{
  double sum_x = 0, sum_y = 0, total = 0;
  int n = 0;
  MesoVec2 coarse;

  for (int y = 0; y < pixels->height; y++)
    for (int x = x0; x < x1; x++)
      {
        Colour pixel = pixel_at (pixels, x, y);

        if (share_of (&pixel, colour, bg) > 0.9)
          {
            sum_x += x;
            sum_y += y;
            n++;
          }
      }
  g_assert_cmpint (n, >, 0);
  coarse = (MesoVec2) { sum_x / n, sum_y / n };
  sum_x = sum_y = 0;
  for (int y = MAX (0, coarse.y - 8); y <= MIN (pixels->height - 1, coarse.y + 8); y++)
    for (int x = MAX (x0, coarse.x - 8); x <= MIN (x1 - 1, coarse.x + 8); x++)
      {
        Colour pixel = pixel_at (pixels, x, y);
        double share = share_of (&pixel, colour, bg);

        /* A pixel's centre is half a pixel in. */
        sum_x += share * (x + 0.5);
        sum_y += share * (y + 0.5);
        total += share;
      }
  g_assert_cmpfloat (total, >, 0);
  return (MesoVec2) { sum_x / total, sum_y / total };
}

/* The extent of @colour on row @y: the first and last pixels mostly of it. */
static void
find_span (const Pixels *pixels,
           int           y,
           const Colour *colour,
           int          *out_first,
           int          *out_last)
{
  *out_first = -1;
  for (int x = 0; x < pixels->width; x++)
    {
      Colour pixel = pixel_at (pixels, x, y);

      if (distance (&pixel, colour) < 30)
        {
          if (*out_first < 0)
            *out_first = x;
          *out_last = x;
        }
    }
  g_assert_cmpint (*out_first, >=, 0);
}

static GtkEventController *
find_controller (MesoPhotoCompare *compare,
                 GType             type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (compare));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_error ("no %s on the comparison", g_type_name (type));
}

/* A click at (@x, @y), through the widget's own click handler. */
static void
click (MesoPhotoCompare *compare,
       MesoVec2          at)
{
  g_signal_emit_by_name (find_controller (compare, GTK_TYPE_GESTURE_CLICK), "pressed", 1, at.x,
                         at.y);
}

/* A key press, through the widget's own key handler. Returns: whether it took the key. */
static gboolean
press_key (MesoPhotoCompare *compare,
           guint             keyval,
           GdkModifierType   state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (compare, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed",
                         keyval, 0, state, &handled);
  return handled;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* A click on a feature seen on screen gives that feature's pixel on its photo, whatever the
 * scale and the letterbox; a click beside a photo places nothing. */
static void
test_click_lands_on_photo (void)
{
  MesoPhotoCompare *compare = open_compare ();
  g_autoptr(Pixels) pixels = NULL;
  MesoVec2 on_after[MESO_PHOTO_COMPARE_MAX_LANDMARKS];
  MesoVec2 on_before_got[MESO_PHOTO_COMPARE_MAX_LANDMARKS];
  MesoSimilarity before_to_after, after_to_before = get_after_to_before ();
  MesoVec2 seen, expected_on_after;
  int top;
  guint changes = 0;

  g_signal_connect_swapped (compare, "landmarks-changed", G_CALLBACK (count_cb), &changes);
  meso_photo_compare_set_picking (compare, TRUE);
  pixels = render (compare, "compare-picking-empty");

  /* Before on the left half, after on the right. */
  seen = find_marker (pixels, 0, WIDTH / 2, &marker_colours[0], &before_bg);
  click (compare, seen);
  g_assert_cmpuint (changes, ==, 1);
  /* A landmark on one photo only is not a pair yet. */
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, on_after, on_before_got), ==, 0);
  seen = find_marker (pixels, WIDTH / 2, WIDTH, &marker_colours[0], &after_bg);
  click (compare, seen);
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, on_after, on_before_got), ==, 1);
  g_assert_cmpfloat_with_epsilon (on_before_got[0].x, on_before[0].x, 0.5);
  g_assert_cmpfloat_with_epsilon (on_before_got[0].y, on_before[0].y, 0.5);
  g_assert_true (meso_similarity_invert (&after_to_before, &before_to_after));
  expected_on_after = meso_similarity_apply (&before_to_after, on_before[0]);
  g_assert_cmpfloat_with_epsilon (on_after[0].x, expected_on_after.x, 0.5);
  g_assert_cmpfloat_with_epsilon (on_after[0].y, expected_on_after.y, 0.5);

  /* The before photo is wider than its half: bands above and below it are no photo. */
  for (top = 0; top < HEIGHT; top++)
    {
      Colour pixel = pixel_at (pixels, WIDTH / 4, top);

      if (distance (&pixel, &before_bg) < 30)
        break;
    }
  g_assert_cmpint (top, >, 10);
  click (compare, (MesoVec2) { WIDTH / 4, top - 5 });
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, NULL, NULL), ==, 1);

  /* The landmarks show: the pixels under the first one's ring are now the accent's. */
  g_clear_pointer (&pixels, pixels_free);
  pixels = render (compare, "compare-picking-one");
  {
    MesoVec2 ring = find_marker (pixels, 0, WIDTH / 2, &marker_colours[0], &before_bg);
    Colour pixel = pixel_at (pixels, ring.x + 7, ring.y);

    g_assert_cmpfloat (distance (&pixel, &before_bg), >, 40);
  }
  close_compare (compare);
}

/* Three features picked on each photo fit back the alignment they were made with; a fourth
 * click on a photo is refused, and Delete takes back the latest landmark. */
static void
test_three_pairs_fit (void)
{
  MesoPhotoCompare *compare = open_compare ();
  g_autoptr(Pixels) pixels = NULL;
  MesoVec2 on_after[MESO_PHOTO_COMPARE_MAX_LANDMARKS];
  MesoVec2 on_before_got[MESO_PHOTO_COMPARE_MAX_LANDMARKS];
  MesoSimilarity fitted, expected = get_after_to_before (), before_to_after;
  guint n, changes = 0;

  meso_photo_compare_set_mode (compare, MESO_COMPARE_OVERLAY);
  meso_photo_compare_set_picking (compare, TRUE);
  pixels = render (compare, "compare-picking-three");
  /* On the after photo first this time: the pairs are by order on each photo. */
  for (guint i = 0; i < G_N_ELEMENTS (marker_colours); i++)
    click (compare, find_marker (pixels, WIDTH / 2, WIDTH, &marker_colours[i], &after_bg));
  for (guint i = 0; i < G_N_ELEMENTS (marker_colours); i++)
    click (compare, find_marker (pixels, 0, WIDTH / 2, &marker_colours[i], &before_bg));
  n = meso_photo_compare_get_landmarks (compare, on_after, on_before_got);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (meso_similarity_fit (on_after, on_before_got, n, &fitted));
  g_assert_true (meso_similarity_invert (&expected, &before_to_after));
  for (guint i = 0; i < n; i++)
    {
      MesoVec2 feature = meso_similarity_apply (&before_to_after, on_before[i]);
      MesoVec2 laid = meso_similarity_apply (&fitted, feature);

      g_assert_cmpfloat (hypot (laid.x - on_before[i].x, laid.y - on_before[i].y), <, 1);
    }
  g_assert_cmpfloat_with_epsilon (meso_similarity_get_scale (&fitted), 1.1, 0.01);
  g_assert_cmpfloat_with_epsilon (atan2 (fitted.b, fitted.a) * 180 / G_PI, 10, 0.5);

  /* A fourth on the before photo: refused, the three stay. */
  g_signal_connect_swapped (compare, "landmarks-changed", G_CALLBACK (count_cb), &changes);
  click (compare, find_marker (pixels, 0, WIDTH / 2, &marker_colours[0], &before_bg));
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, NULL, NULL), ==, 3);
  /* Delete takes back the latest (the before photo's third), so two pairs are left. */
  g_assert_true (press_key (compare, GDK_KEY_Delete, 0));
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, NULL, NULL), ==, 2);
  /* From the keyboard: the crosshair shows at the before photo's centre when picking
   * begins; Enter places a landmark under it. */
  meso_photo_compare_set_picking (compare, FALSE);
  meso_photo_compare_set_picking (compare, TRUE);
  g_assert_true (press_key (compare, GDK_KEY_Right, 0));
  g_assert_true (press_key (compare, GDK_KEY_Return, 0));
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, on_after, on_before_got), ==, 3);
  g_assert_cmpfloat_with_epsilon (on_before_got[2].x, 200, 0.5);
  g_assert_cmpfloat_with_epsilon (on_before_got[2].y, 150, 0.5);

  /* New photos: the landmarks belonged to the old pair. */
  meso_photo_compare_set_alignment (compare, &fitted);
  set_test_photos (compare);
  g_assert_cmpuint (meso_photo_compare_get_landmarks (compare, NULL, NULL), ==, 0);
  close_compare (compare);
}

/* In overlay mode the after photo is over the before one at the position's opacity. */
static void
test_overlay_blends (void)
{
  MesoPhotoCompare *compare = open_compare ();
  int first, last, x, y = HEIGHT / 2;
  Colour pixel;

  meso_photo_compare_set_mode (compare, MESO_COMPARE_OVERLAY);
  meso_photo_compare_set_position (compare, 0);
  {
    g_autoptr(Pixels) pixels = render (compare, "compare-overlay-0");

    /* Both photos are fitted to the before one's frame: one frame across the middle. */
    find_span (pixels, y, &before_bg, &first, &last);
    g_assert_cmpint (last - first, >, WIDTH / 2);
    x = first + (last - first) * 9 / 10;
    pixel = pixel_at (pixels, x, y);
    g_assert_cmpfloat (distance (&pixel, &before_bg), <, 10);
  }
  meso_photo_compare_set_position (compare, 0.5);
  {
    g_autoptr(Pixels) pixels = render (compare, "compare-overlay-50");
    Colour half = { (before_bg.r + after_bg.r) / 2, (before_bg.g + after_bg.g) / 2,
                    (before_bg.b + after_bg.b) / 2 };

    pixel = pixel_at (pixels, x, y);
    g_assert_cmpfloat (distance (&pixel, &half), <, 10);
  }
  meso_photo_compare_set_position (compare, 1);
  {
    g_autoptr(Pixels) pixels = render (compare, "compare-overlay-100");

    pixel = pixel_at (pixels, x, y);
    g_assert_cmpfloat (distance (&pixel, &after_bg), <, 10);
  }
  close_compare (compare);
}

/* Aligned, the after photo is laid in the before one's frame through the alignment: each
 * feature of the after photo shows where the same feature of the before one was. */
static void
test_overlay_aligned (void)
{
  MesoPhotoCompare *compare = open_compare ();
  MesoSimilarity after_to_before = get_after_to_before ();
  g_autoptr(Pixels) before = NULL;
  g_autoptr(Pixels) after = NULL;

  meso_photo_compare_set_mode (compare, MESO_COMPARE_OVERLAY);
  meso_photo_compare_set_alignment (compare, &after_to_before);
  meso_photo_compare_set_position (compare, 0);
  before = render (compare, "compare-aligned-0");
  meso_photo_compare_set_position (compare, 1);
  after = render (compare, "compare-aligned-100");
  for (guint i = 0; i < G_N_ELEMENTS (marker_colours); i++)
    {
      MesoVec2 seen_before = find_marker (before, 0, WIDTH, &marker_colours[i], &before_bg);
      MesoVec2 seen_after = find_marker (after, 0, WIDTH, &marker_colours[i], &after_bg);

      g_assert_cmpfloat (hypot (seen_after.x - seen_before.x, seen_after.y - seen_before.y), <,
                         1);
    }
  close_compare (compare);
}

/* In wipe mode the before photo is left of the split, the after one right of it; a click
 * moves the split there. */
static void
test_wipe_splits (void)
{
  MesoPhotoCompare *compare = open_compare ();
  int first, last, y = HEIGHT / 2;
  double width;
  Colour pixel;

  meso_photo_compare_set_mode (compare, MESO_COMPARE_WIPE);
  meso_photo_compare_set_position (compare, 0);
  {
    g_autoptr(Pixels) pixels = render (compare, "compare-wipe-0");

    find_span (pixels, y, &before_bg, &first, &last);
    width = last + 1 - first;
  }
  meso_photo_compare_set_position (compare, 0.3);
  {
    g_autoptr(Pixels) pixels = render (compare, "compare-wipe-30");

    pixel = pixel_at (pixels, first + width * 0.25, y);
    g_assert_cmpfloat (distance (&pixel, &before_bg), <, 10);
    pixel = pixel_at (pixels, first + width * 0.35, y);
    g_assert_cmpfloat (distance (&pixel, &after_bg), <, 10);
    pixel = pixel_at (pixels, first + width * 0.9, y);
    g_assert_cmpfloat (distance (&pixel, &after_bg), <, 10);
  }
  /* A press at 80 % across. */
  g_signal_emit_by_name (find_controller (compare, GTK_TYPE_GESTURE_DRAG), "drag-begin",
                         first + width * 0.8, (double) y);
  g_assert_cmpfloat_with_epsilon (meso_photo_compare_get_position (compare), 0.8, 0.01);
  {
    g_autoptr(Pixels) pixels = render (compare, "compare-wipe-80");

    pixel = pixel_at (pixels, first + width * 0.75, y);
    g_assert_cmpfloat (distance (&pixel, &before_bg), <, 10);
    pixel = pixel_at (pixels, first + width * 0.85, y);
    g_assert_cmpfloat (distance (&pixel, &after_bg), <, 10);
  }
  close_compare (compare);
}

/* The position stays within 0 to 1, follows a slider's adjustment both ways, and the keys
 * move it by 5 % in overlay and wipe modes only. */
static void
test_position_and_keys (void)
{
  MesoPhotoCompare *compare = open_compare ();
  g_autoptr(GtkAdjustment) adjustment = g_object_ref_sink (gtk_adjustment_new (0.5, 0, 1, 0.05,
                                                                               0.1, 0));

  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0.5);
  meso_photo_compare_set_position (compare, 1.7);
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 1);
  meso_photo_compare_set_position (compare, -0.3);
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0);

  /* As the window binds its scale. */
  g_object_bind_property (adjustment, "value", compare, "position",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0.5);
  gtk_adjustment_set_value (adjustment, 0.4);
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0.4);

  /* Side by side, the keys are left to the window. */
  g_assert_false (press_key (compare, GDK_KEY_Right, 0));
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0.4);

  meso_photo_compare_set_mode (compare, MESO_COMPARE_OVERLAY);
  g_assert_true (press_key (compare, GDK_KEY_Right, 0));
  g_assert_cmpfloat_with_epsilon (meso_photo_compare_get_position (compare), 0.45, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), 0.45, 1e-9);
  g_assert_true (press_key (compare, GDK_KEY_Left, 0));
  g_assert_true (press_key (compare, GDK_KEY_Left, 0));
  g_assert_cmpfloat_with_epsilon (meso_photo_compare_get_position (compare), 0.35, 1e-9);
  g_assert_true (press_key (compare, GDK_KEY_Left, GDK_SHIFT_MASK));
  g_assert_cmpfloat_with_epsilon (meso_photo_compare_get_position (compare), 0.345, 1e-9);
  g_assert_true (press_key (compare, GDK_KEY_Page_Up, 0));
  g_assert_cmpfloat_with_epsilon (meso_photo_compare_get_position (compare), 0.395, 1e-9);
  g_assert_true (press_key (compare, GDK_KEY_End, 0));
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 1);
  g_assert_true (press_key (compare, GDK_KEY_Right, 0));
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 1);
  meso_photo_compare_set_mode (compare, MESO_COMPARE_WIPE);
  g_assert_true (press_key (compare, GDK_KEY_Home, 0));
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0);
  g_assert_true (press_key (compare, GDK_KEY_Left, 0));
  g_assert_cmpfloat (meso_photo_compare_get_position (compare), ==, 0);
  /* Shortcuts with Control are the window's. */
  g_assert_false (press_key (compare, GDK_KEY_Right, GDK_CONTROL_MASK));
  close_compare (compare);
}

/* A screen reader hears what is compared and how, and while picking how many landmarks. */
static void
test_accessible (void)
{
  MesoPhotoCompare *compare = open_compare ();
  GtkAccessible *accessible = GTK_ACCESSIBLE (compare);
  const char *overlay_40 = "Comparison of 12 January 2024 and 3 March 2024, overlay at 40 %";
  const char *wipe_40 = "Comparison of 12 January 2024 and 3 March 2024, wipe at 40 %";

  gtk_test_accessible_assert_role (accessible, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Comparison of 12 January 2024 and 3 March 2024, side by "
                                       "side");
  meso_photo_compare_set_mode (compare, MESO_COMPARE_OVERLAY);
  meso_photo_compare_set_position (compare, 0.4);
  /* (In variables: the macro would take the % signs for its format's.) */
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, overlay_40);
  meso_photo_compare_set_mode (compare, MESO_COMPARE_WIPE);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, wipe_40);
  meso_photo_compare_set_picking (compare, TRUE);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Comparison of 12 January 2024 and 3 March 2024, side by "
                                       "side");
  meso_photo_compare_set_landmarks (compare, (MesoVec2[]) { { 10, 10 }, { 20, 20 } },
                                    (MesoVec2[]) { { 11, 11 }, { 21, 21 } }, 2);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Picking landmarks: 2 of 3 on the before photo, 2 of 3 on "
                                       "the after photo. Click the same features on each photo, "
                                       "or move the crosshair with the arrow keys, Page Up or "
                                       "Page Down to change photo, and press Enter; Delete takes "
                                       "back the latest landmark.");
  meso_photo_compare_set_photos (compare, NULL, NULL, NULL, NULL);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Photo comparison: no photos to compare");
  close_compare (compare);
}

/* Without two photos the widget says so, in the style's dim text colour. */
static void
test_nothing_to_compare (void)
{
  MesoPhotoCompare *compare = open_compare ();
  g_autoptr(Pixels) pixels = NULL;
  guint inked = 0;
  Colour corner;

  meso_photo_compare_set_photos (compare, NULL, NULL, NULL, NULL);
  pixels = render (compare, "compare-empty");
  corner = pixel_at (pixels, 2, 2);
  for (int y = HEIGHT / 2 - 20; y < HEIGHT / 2 + 20; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        Colour pixel = pixel_at (pixels, x, y);

        inked += distance (&pixel, &corner) > 60;
      }
  g_assert_cmpuint (inked, >, 50);
  close_compare (compare);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add_func ("/meso/gui/photo-compare/click-lands-on-photo", test_click_lands_on_photo);
  g_test_add_func ("/meso/gui/photo-compare/three-pairs-fit", test_three_pairs_fit);
  g_test_add_func ("/meso/gui/photo-compare/overlay-blends", test_overlay_blends);
  g_test_add_func ("/meso/gui/photo-compare/overlay-aligned", test_overlay_aligned);
  g_test_add_func ("/meso/gui/photo-compare/wipe-splits", test_wipe_splits);
  g_test_add_func ("/meso/gui/photo-compare/position-and-keys", test_position_and_keys);
  g_test_add_func ("/meso/gui/photo-compare/accessible", test_accessible);
  g_test_add_func ("/meso/gui/photo-compare/nothing-to-compare", test_nothing_to_compare);
  return g_test_run ();
}
