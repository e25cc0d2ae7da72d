/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench-photos.c: scalp photos. A 12-megapixel camera JPEG made
 * into the stored copy and written (in the window, a worker thread's work);
 * the thumbnails a scrolling strip binds, read, checked and decoded; and the
 * comparison's overlay redrawn at 1920 × 1080 while its slider moves. The
 * photos added stay in the database: the schema keeps every photo. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include <adwaita.h>

#include "meso-photo-compare.h"
#include "meso-photo-store.h"
#include "meso-scalp-store.h"
#include "mesodesk-bench.h"

#define CAMERA_WIDTH  4000
#define CAMERA_HEIGHT 3000
#define STRIP_PHOTOS  1000

/* A camera photo's worth of detail: hair-like strokes over a gradient,
 * with sensor noise, so that JPEG compresses it as it would a real one. */
static GBytes *
camera_jpeg (GRand *rand)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, CAMERA_WIDTH,
                                                CAMERA_HEIGHT);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < CAMERA_HEIGHT; y++)
    for (int x = 0; x < CAMERA_WIDTH; x++)
      {
        guint8 *p = pixels + y * stride + 3 * x;
        int hair = ((x * 7 + y * 3) / 5 + (y / 40) * 13) % 23 < 3 ? 90 : 0;
        int noise = g_rand_int_range (rand, -4, 5);

        p[0] = CLAMP (180 - hair + noise - y / 40, 0, 255);
        p[1] = CLAMP (150 - hair + noise - y / 50, 0, 255);
        p[2] = CLAMP (130 - hair + noise, 0, 255);
      }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "92", NULL))
    g_error ("%s", error->message);
  return g_bytes_new_take (buffer, size);
}

static gint64
any_session (MesoDb *db)
{
  return count_rows (db, "SELECT min (id) FROM appointment");
}

/* The frames drawn, and when the one under way began to paint. */
typedef struct
{
  guint  frames;
  gint64 paint_at;
} Frames;

static void
frame_painting (Frames *frames)
{
  frames->paint_at = g_get_monotonic_time ();
}

static void
frame_drawn (Frames *frames)
{
  frames->frames++;
}

/* The comparison's overlay at 1920 x 1080, drawn by the window's renderer
 * for each step of the slider. */
static void
measure_overlay (MesoPhotoImage *image)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) redraws = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  g_autoptr(GError) error = NULL;
  MesoSimilarity turn = { 0.98, 0.05, 20, -10 };
  GtkWidget *window, *compare;
  Frames frames = { 0, 0 };

  if (!gtk_init_check ())
    {
      g_print ("photo overlay drawing: skipped (no display; run under xvfb-run)\n");
      return;
    }
  adw_init ();
  before = gdk_texture_new_from_bytes (image->image, &error);
  after = gdk_texture_new_from_bytes (image->image, &error);
  if (before == NULL || after == NULL)
    g_error ("%s", error->message);
  window = gtk_window_new ();
  compare = meso_photo_compare_new ();
  gtk_window_set_child (GTK_WINDOW (window), compare);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (compare) || gtk_widget_get_width (compare) < 1000)
    g_main_context_iteration (NULL, TRUE);
  meso_photo_compare_set_photos (MESO_PHOTO_COMPARE (compare), before, "1", after, "2");
  meso_photo_compare_set_alignment (MESO_PHOTO_COMPARE (compare), &turn);
  meso_photo_compare_set_mode (MESO_PHOTO_COMPARE (compare), MESO_COMPARE_OVERLAY);
  /* Each step of the slider, until the window's next frame is drawn:
   * what the user sees as they drag (target < 16 ms), the wait for the
   * frame clock's tick and the renderer's pixels included; and the part of
   * each frame the main loop spends, snapshot and render calls: with GL the
   * pixels are the GPU's (here llvmpipe's threads), after it. */
  g_signal_connect_swapped (gtk_widget_get_frame_clock (window), "paint",
                            G_CALLBACK (frame_painting), &frames);
  g_signal_connect_swapped (gtk_widget_get_frame_clock (window), "after-paint",
                            G_CALLBACK (frame_drawn), &frames);
  for (int i = -1; i < 100; i++)
    {
      guint frame = frames.frames;
      gint64 start = g_get_monotonic_time ();

      meso_photo_compare_set_position (MESO_PHOTO_COMPARE (compare), (i + 1) % 100 / 100.0);
      while (frames.frames == frame)
        g_main_context_iteration (NULL, TRUE);
      if (i >= 0)
        {
          add_time_since (times, start);
          add_time_since (redraws, frames.paint_at);
        }
    }
  g_print ("photo overlay in %d x %d, renderer %s\n", gtk_widget_get_width (compare),
           gtk_widget_get_height (compare),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  print_times ("photo overlay: a slider step until its frame is shown", times,
               "target < 16 ms");
  print_times ("photo overlay: the main loop's part of each frame", redraws,
               "well under a frame, so that input is never held up");
  gtk_window_destroy (GTK_WINDOW (window));
}

void
measure_photos (const char *path)
{
  g_autoptr(MesoDb) db = open_as (path, PHYSICIAN_ID);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(MesoScalpStore) scalp = meso_scalp_store_new (db, schedule);
  g_autoptr(MesoClinic) clinic = NULL;
  g_autoptr(MesoClock) clock = NULL;
  g_autoptr(MesoPhotoStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (25);
  g_autoptr(GBytes) camera = camera_jpeg (rand);
  g_autoptr(MesoPhotoImage) image = NULL;
  g_autoptr(MesoPhotoImage) small = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GArray) prepares = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) writes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) thumbnails = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint64 session = any_session (db);
  gint64 first_id = 0;

  clinic = meso_clinic_load (db, &error);
  if (clinic == NULL)
    g_error ("%s", error->message);
  clock = meso_clock_new (clinic);
  store = meso_photo_store_new (db, schedule, scalp, clock);
  views = meso_photo_store_list_views (store, FALSE, &error);
  if (views == NULL)
    g_error ("%s", error->message);

  for (int i = 0; i < 7; i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&image, meso_photo_image_free);
      image = meso_photo_image_prepare (camera, "IMG_0001.JPG", &error);
      if (image == NULL)
        g_error ("%s", error->message);
      add_time_since (prepares, start);
      start = g_get_monotonic_time ();
      if (meso_photo_store_add (store, session, MESO_PHOTO_VIEW (views->pdata[0])->id, NULL,
                                MESO_PHOTO_CONSENT_CLINICAL, image, &error) == 0)
        g_error ("%s", error->message);
      add_time_since (writes, start);
    }
  g_print ("12-megapixel JPEG of %.1f MB stored as %u x %u: image %.0f KB, thumbnail %.1f KB\n",
           g_bytes_get_size (camera) / 1e6, image->width, image->height,
           g_bytes_get_size (image->image) / 1e3, g_bytes_get_size (image->thumbnail) / 1e3);
  print_times ("12-megapixel JPEG made upright, scaled, stripped and hashed (worker thread)",
               prepares, "target < 400 ms");
  print_times ("photo and thumbnail written (worker thread, after the above)", writes,
               "target: both < 400 ms");

  /* The strip binds each photo as it scrolls into view: its thumbnail read,
   * checked against its hash and decoded. */
  small = meso_photo_image_prepare (image->thumbnail, "strip.jpg", &error);
  for (int i = 0; i < STRIP_PHOTOS; i++)
    {
      gint64 id = meso_photo_store_add (store, session, MESO_PHOTO_VIEW (views->pdata[1])->id,
                                        NULL, MESO_PHOTO_CONSENT_CLINICAL, small, &error);

      if (id == 0)
        g_error ("%s", error->message);
      first_id = first_id != 0 ? first_id : id;
    }
  for (int i = 0; i < STRIP_PHOTOS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) bytes = meso_photo_store_load_thumbnail (store, first_id + i, &error);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      if (bytes == NULL)
        g_error ("%s", error->message);
      stream = g_memory_input_stream_new_from_bytes (bytes);
      pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
      if (pixbuf == NULL)
        g_error ("%s", error->message);
      add_time_since (thumbnails, start);
    }
  print_times ("thumbnail read, checked and decoded as the strip binds it", thumbnails,
               "target < 1.6 ms: ten new in a frame while scrolling fast");
  measure_overlay (image);
}
