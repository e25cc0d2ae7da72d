/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-photos.c: scalp photos. An imported photo is stored upright, at
 * most 2,048 pixels, with no EXIF, GPS or other metadata left; empty,
 * damaged and foreign files are refused and nothing is stored; two photos
 * are aligned by landmarks within a pixel, and the scalp map placed on one;
 * backups keep every photo and its hash; a photo damaged in the file is
 * reported by --check and refused when opened. Who may see them:
 * test-photo-access.c. */
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gexiv2/gexiv2.h>
#include <math.h>
#include <string.h>

#include "meso-backup.h"
#include "meso-photo-count.h"
#include "meso-photo-store.h"
#include "meso-test-db.h"
#include "meso-test-photos.h"
#include "meso-test-session.h"

typedef MesoSessionFixture Fixture;

static MesoPhotoStore *
photos (Fixture *f)
{
  return meso_context_get_photo_store (f->context);
}

/* A camera's JPEG: stored sideways with EXIF orientation 6 (turn it a
 * quarter clockwise to see it), where it was taken, and the camera's make. */
static GBytes *
camera_jpeg (Fixture *f,
             int      width,
             int      height)
{
  g_autoptr(GdkPixbuf) pixbuf = meso_test_two_halves (width, height);
  g_autoptr(GBytes) plain = meso_test_pixbuf_bytes (pixbuf, "jpeg");
  g_autoptr(GExiv2Metadata) metadata = gexiv2_metadata_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "camera.jpg", NULL);
  char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (plain, NULL),
                                      g_bytes_get_size (plain), &error));
  g_assert_true (gexiv2_metadata_open_path (metadata, path, &error));
  gexiv2_metadata_try_set_orientation (metadata, GEXIV2_ORIENTATION_ROT_90, &error);
  g_assert_no_error (error);
  g_assert_true (gexiv2_metadata_try_set_gps_info (metadata, 28.97, 41.01, 40, &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (metadata, "Exif.Image.Make", "Canon",
                                                     &error));
  g_assert_true (gexiv2_metadata_save_file (metadata, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  return g_bytes_new_take (contents, size);
}

static gboolean
has_metadata (GBytes *jpeg)
{
  g_autoptr(GExiv2Metadata) metadata = gexiv2_metadata_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gexiv2_metadata_open_buf (metadata, g_bytes_get_data (jpeg, NULL),
                                           g_bytes_get_size (jpeg), &error));
  return gexiv2_metadata_has_exif (metadata) || gexiv2_metadata_has_xmp (metadata) ||
         gexiv2_metadata_has_iptc (metadata);
}

static GdkPixbuf *
decode (GBytes *jpeg)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (jpeg);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

/* The colour at (@x, @y) is mostly red (TRUE) or mostly blue (FALSE). */
static gboolean
is_red_at (GdkPixbuf *pixbuf,
           int        x,
           int        y)
{
  const guint8 *pixel = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) +
                        x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_cmpint (ABS (pixel[0] - pixel[2]), >, 100);
  return pixel[0] > pixel[2];
}

static guint
n_photos (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = meso_photo_store_list_patient (photos (f),
                                                             f->session->patient_id, &error);

  g_assert_no_error (error);
  return list->len;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return meso_test_query_int (meso_context_get_db (f->context), sql);
}

/* A sideways camera photo with GPS is stored upright, scaled to 2,048
 * pixels, with no metadata, its hashes those of what is stored. */
static void
test_import_upright (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = camera_jpeg (f, 3000, 2000);
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) thumbnail = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id;
  MesoPhoto *photo;

  g_assert_true (has_metadata (file));
  id = meso_test_import_photo (f, file, "vertex", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  photo = list->pdata[0];
  g_assert_cmpuint (photo->width, ==, 1365);
  g_assert_cmpuint (photo->height, ==, 2048);
  g_assert_cmpint (photo->appointment_id, ==, f->session->id);
  g_assert_cmpint (photo->session_starts_at, ==, f->session->starts_at);
  g_assert_cmpstr (photo->file_name, ==, "IMG_0042.JPG");
  g_assert_cmpint (photo->consent, ==, MESO_PHOTO_CONSENT_CLINICAL);

  image = meso_photo_store_load_image (photos (f), id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_no_error (error);
  g_assert_false (has_metadata (image));
  upright = decode (image);
  g_assert_cmpint (gdk_pixbuf_get_width (upright), ==, 1365);
  g_assert_cmpint (gdk_pixbuf_get_height (upright), ==, 2048);
  /* Turned a quarter clockwise, the left (red) half is on top. */
  g_assert_true (is_red_at (upright, 680, 200));
  g_assert_false (is_red_at (upright, 680, 1800));

  thumbnail = meso_photo_store_load_thumbnail (photos (f), id, &error);
  g_assert_no_error (error);
  g_assert_false (has_metadata (thumbnail));
  g_clear_object (&upright);
  upright = decode (thumbnail);
  g_assert_cmpint (gdk_pixbuf_get_height (upright), ==, MESO_PHOTO_THUMBNAIL_SIZE);
  g_assert_true (is_red_at (upright, 50, 20));

  /* The list and the view are each in the audit trail. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'photo_access'"
                             " AND new_values LIKE '%\"view\"%'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'photo_access'"
                             " AND new_values LIKE '%\"list\"%'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'photo'"), ==, 1);
}

/* A PNG, transparent in part, is stored as it is, laid on white. */
static void
test_import_png (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 300, 100);
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  gint64 id;

  gdk_pixbuf_fill (pixbuf, 0x00000000);
  file = meso_test_pixbuf_bytes (pixbuf, "png");
  id = meso_test_import_photo (f, file, "hairline", &error);
  g_assert_no_error (error);
  image = meso_photo_store_load_image (photos (f), id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_no_error (error);
  stored = decode (image);
  g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 300);
  g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 100);
  g_assert_cmpint (gdk_pixbuf_read_pixels (stored)[0], >, 240);
}

/* Empty, damaged, cut short, or not an image at all: refused with a
 * message, and nothing stored. */
static void
test_import_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = meso_test_two_halves (640, 480);
  g_autoptr(GBytes) jpeg = meso_test_pixbuf_bytes (pixbuf, "jpeg");
  g_autoptr(GBytes) png = meso_test_pixbuf_bytes (pixbuf, "png");
  gsize size = g_bytes_get_size (jpeg);
  g_autofree guint8 *garbage = g_malloc (size);
  struct
  {
    GBytes *file;
    int     code;
  } refused[] = {
    { g_bytes_new_static ("", 0), MESO_PHOTO_ERROR_EMPTY },
    { g_bytes_new_static ("%PDF-1.7\n", 9), MESO_PHOTO_ERROR_NOT_A_PHOTO },
    { g_bytes_new_static ("<svg xmlns='http://www.w3.org/2000/svg'/>", 41),
      MESO_PHOTO_ERROR_NOT_A_PHOTO },
    { g_bytes_new_from_bytes (jpeg, 0, 200), MESO_PHOTO_ERROR_DAMAGED },
    { g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2), MESO_PHOTO_ERROR_DAMAGED },
    { g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2), MESO_PHOTO_ERROR_DAMAGED },
    { NULL, MESO_PHOTO_ERROR_TOO_LARGE },
    { NULL, MESO_PHOTO_ERROR_DAMAGED },
  };

  /* A PNG of a few bytes claiming 14,000 × 14,000 pixels. */
  {
    g_autoptr(GdkPixbuf) tiny = meso_test_two_halves (8, 8);
    g_autoptr(GBytes) small = meso_test_pixbuf_bytes (tiny, "png");
    guint8 *huge = g_memdup2 (g_bytes_get_data (small, NULL), g_bytes_get_size (small));
    static const guint8 side[] = { 0, 0, 0x36, 0xb0 };

    memcpy (huge + 16, side, 4);
    memcpy (huge + 20, side, 4);
    refused[G_N_ELEMENTS (refused) - 2].file = g_bytes_new_take (huge, g_bytes_get_size (small));
  }
  /* A JPEG's first bytes, then noise. */
  for (gsize i = 0; i < size; i++)
    garbage[i] = (guint8) g_test_rand_int ();
  memcpy (garbage, g_bytes_get_data (jpeg, NULL), 4);
  refused[G_N_ELEMENTS (refused) - 1].file = g_bytes_new (garbage, size);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (meso_test_import_photo (f, refused[i].file, "vertex", &error), ==, 0);
      g_assert_error (error, MESO_PHOTO_ERROR, refused[i].code);
      g_assert_cmpstr (error->message, !=, "");
      g_bytes_unref (refused[i].file);
    }
  g_assert_cmpuint (n_photos (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_image"), ==, 0);
}

/* A trichoscopy photo names its spot; a view must exist and be in use. */
static void
test_views (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(MesoPhotoImage) image = meso_photo_image_prepare (file, "spot.png", &error);
  g_autoptr(MesoStaff) admin = NULL;
  gint64 own, missing_view = 0;
  gint64 tricho = meso_test_photo_view_id (f, "trichoscopy");
  g_autofree char *spot = NULL;

  g_assert_cmpint (meso_photo_store_add (photos (f), f->session->id, tricho, "  ",
                                         MESO_PHOTO_CONSENT_CLINICAL, image, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (meso_photo_store_add (photos (f), f->session->id, tricho, "Crown",
                                         MESO_PHOTO_CONSENT_TEACHING, image, &error), >, 0);
  g_assert_no_error (error);

  /* The first view without a photo: the top. */
  g_assert_true (meso_photo_store_find_missing_view (photos (f), f->session->id, &missing_view,
                                                     &spot, &error));
  g_assert_cmpint (missing_view, ==, meso_test_photo_view_id (f, "vertex"));
  g_assert_null (spot);

  /* A view of the clinic's own is the administrator's to add. */
  g_assert_cmpint (meso_photo_store_add_view (photos (f), "Beard", &error), ==, 0);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                             "Clinic Manager");
  own = meso_photo_store_add_view (photos (f), "Beard", &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_photo_store_add_view (photos (f), " BEARD ", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (meso_photo_store_add_view (photos (f), "back", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (meso_photo_store_archive_view (photos (f), own, TRUE, &error));
  g_assert_cmpint (meso_photo_store_add (photos (f), f->session->id, own, NULL,
                                         MESO_PHOTO_CONSENT_CLINICAL, image, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Consent is recorded with its date; a removed photo leaves the lists. */
static void
test_consent_and_removal (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = meso_test_import_photo (f, file, "back", &error);

  g_assert_no_error (error);
  g_assert_true (meso_photo_store_set_consent (photos (f), id, MESO_PHOTO_CONSENT_TEACHING,
                                               &error));
  g_assert_no_error (error);
  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (MESO_PHOTO (list->pdata[0])->consent, ==, MESO_PHOTO_CONSENT_TEACHING);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'photo'"
                             " AND action = 'update' AND new_values LIKE '%teaching%'"), ==, 1);
  g_assert_true (meso_photo_store_remove (photos (f), id, &error));
  g_assert_cmpuint (n_photos (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_image"), ==, 1);
}

/* The similarity fitted to exact landmarks is the one they were made by. */
static void
test_similarity_fit (void)
{
  MesoSimilarity made = { 0.8 * cos (0.3), 0.8 * sin (0.3), 40, -25 }, fitted, inverse;
  MesoVec2 from[] = { { 80, 60 }, { 300, 90 }, { 150, 240 } }, to[3];
  MesoVec2 same[] = { { 5, 5 }, { 5, 5 } };

  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    to[i] = meso_similarity_apply (&made, from[i]);
  g_assert_true (meso_similarity_fit (from, to, 3, &fitted));
  g_assert_cmpfloat_with_epsilon (fitted.a, made.a, 1e-9);
  g_assert_cmpfloat_with_epsilon (fitted.b, made.b, 1e-9);
  g_assert_cmpfloat_with_epsilon (fitted.tx, made.tx, 1e-9);
  g_assert_cmpfloat_with_epsilon (fitted.ty, made.ty, 1e-9);
  g_assert_true (meso_similarity_fit (from, to, 2, &fitted));
  g_assert_cmpfloat_with_epsilon (meso_similarity_get_scale (&fitted), 0.8, 1e-9);
  g_assert_true (meso_similarity_invert (&fitted, &inverse));
  g_assert_cmpfloat_with_epsilon (meso_similarity_apply (&inverse, to[2]).x, from[2].x, 1e-9);
  g_assert_false (meso_similarity_fit (same, same, 2, &fitted));
  g_assert_false (meso_similarity_fit (from, to, 1, &fitted));
}

/* Four marks on a grey photo: red, green, blue and, left out of the
 * alignment to check it, yellow. */
static const double marks[4][2] = { { 80, 60 }, { 300, 90 }, { 150, 240 }, { 330, 250 } };
static const double mark_colours[4][3] = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 1, 0 } };

static cairo_surface_t *
marked_photo (const MesoSimilarity *transform)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);
  cairo_matrix_t matrix;

  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_paint (cr);
  cairo_matrix_init (&matrix, transform->a, transform->b, -transform->b, transform->a,
                     transform->tx, transform->ty);
  cairo_transform (cr, &matrix);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      cairo_set_source_rgb (cr, mark_colours[i][0], mark_colours[i][1], mark_colours[i][2]);
      cairo_arc (cr, marks[i][0], marks[i][1], 7, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Where the physician clicks on mark @i: its centre, found by its colour. */
static MesoVec2
find_mark (cairo_surface_t *surface,
           guint            i)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  double sum_x = 0, sum_y = 0, weight = 0;

  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 400; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);
        double rgb[3] = { ((pixel >> 16) & 0xff) / 255.0, ((pixel >> 8) & 0xff) / 255.0,
                          (pixel & 0xff) / 255.0 };
        double distance = 0;

        for (guint c = 0; c < 3; c++)
          distance += fabs (rgb[c] - mark_colours[i][c]);
        /* Anti-aliased edges count for what they hold of the mark; another
         * mark's colour is at least 1 away. */
        if (distance < 0.6)
          {
            double w = 0.6 - distance;

            sum_x += w * (x + 0.5);
            sum_y += w * (y + 0.5);
            weight += w;
          }
      }
  g_assert_cmpfloat (weight, >, 10);
  return (MesoVec2) { sum_x / weight, sum_y / weight };
}

/* A photo rotated, scaled and shifted is brought back within a pixel by
 * three landmarks clicked on both, and the landmarks are kept. */
static void
test_alignment (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoSimilarity identity = MESO_SIMILARITY_IDENTITY;
  MesoSimilarity moved_by = { 0.85 * cos (-0.2), 0.85 * sin (-0.2), 35, 30 }, fitted;
  cairo_surface_t *base = marked_photo (&identity);
  cairo_surface_t *moved = marked_photo (&moved_by);
  MesoVec2 on_moved[3], on_base[3], loaded_moved[3], loaded_base[3];
  MesoVec2 check;
  g_autoptr(GBytes) file = meso_test_small_png ();
  gint64 first, second;
  guint n = 0;

  for (guint i = 0; i < 3; i++)
    {
      on_moved[i] = find_mark (moved, i);
      on_base[i] = find_mark (base, i);
    }
  g_assert_true (meso_similarity_fit (on_moved, on_base, 3, &fitted));
  /* The yellow mark, not clicked, lands where it is on the base. */
  check = meso_similarity_apply (&fitted, find_mark (moved, 3));
  g_assert_cmpfloat (hypot (check.x - marks[3][0], check.y - marks[3][1]), <, 1.0);
  for (guint i = 0; i < 3; i++)
    {
      check = meso_similarity_apply (&fitted, on_moved[i]);
      g_assert_cmpfloat (hypot (check.x - on_base[i].x, check.y - on_base[i].y), <, 1.0);
    }
  cairo_surface_destroy (base);
  cairo_surface_destroy (moved);

  /* Kept, so that the comparison opens aligned. */
  first = meso_test_import_photo (f, file, "vertex", &error);
  second = meso_test_import_photo (f, file, "vertex", &error);
  g_assert_no_error (error);
  g_assert_false (meso_photo_store_save_alignment (photos (f), second, first, on_moved,
                                                   on_moved, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (meso_photo_store_save_alignment (photos (f), second, first, on_moved, on_base,
                                                  3, &error));
  g_assert_no_error (error);
  g_assert_true (meso_photo_store_load_alignment (photos (f), second, first, loaded_moved,
                                                  loaded_base, &n, &error));
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (fabs (loaded_moved[i].x - on_moved[i].x), <, 0.01);
      g_assert_cmpfloat (fabs (loaded_base[i].y - on_base[i].y), <, 0.01);
    }
  g_assert_true (meso_photo_store_load_alignment (photos (f), first, second, loaded_moved,
                                                  loaded_base, &n, &error));
  g_assert_cmpuint (n, ==, 0);
}

/* The scalp map's drawing is laid over the views that show a part of the
 * head it draws, first filling the photo, then where the physician placed
 * it; placing it is audited, checked and for physicians only. */
static void
test_map_placement (Fixture       *f,
                    gconstpointer  data)
{
  /* Each view's scalp view, in the store's order; last the clinic's own. */
  static const char *const codes[] = { "vertex", "hairline", "temple-left", "temple-right",
                                       "back", "part", "trichoscopy", NULL };
  static const int scalp_views[] = { MESO_SCALP_VIEW_TOP, MESO_SCALP_VIEW_FRONT,
                                     MESO_SCALP_VIEW_LEFT, MESO_SCALP_VIEW_RIGHT,
                                     MESO_SCALP_VIEW_BACK, -1, -1, -1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(GArray) outline = meso_scalp_head_outline (MESO_SCALP_VIEW_FRONT);
  g_autoptr(MesoStaff) receptionist = NULL;
  MesoSimilarity placed = { 3 * cos (0.1), 3 * sin (0.1), 120.5, 80.25 }, loaded, fitted;
  MesoSimilarity refused[] = { { 0.001, 0, 10, 10 }, { 3, 0, NAN, 10 }, { 3, 0, 9000, 10 } };
  gboolean was_placed = TRUE;
  gint64 id = meso_test_import_photo (f, file, "hairline", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(MesoPhotoView) view = meso_photo_view_new ();
      MesoScalpView scalp_view;

      view->code = g_strdup (codes[i]);
      view->name = codes[i] == NULL ? g_strdup ("Crown, left side") : NULL;
      g_assert_cmpint (meso_photo_view_get_scalp_view (view, &scalp_view) ? (int) scalp_view : -1,
                       ==, scalp_views[i]);
    }

  /* Never placed: the head fills most of a 400 x 300 photo, centred. */
  g_assert_true (meso_photo_store_load_map_placement (photos (f), id, &loaded, &was_placed,
                                                      &error));
  g_assert_no_error (error);
  g_assert_false (was_placed);
  meso_photo_default_map_placement (MESO_SCALP_VIEW_FRONT, 400, 300, &fitted);
  g_assert_cmpfloat (fitted.b, ==, 0);
  for (guint i = 0; i < outline->len; i++)
    {
      MesoVec2 point = meso_similarity_apply (&fitted, g_array_index (outline, MesoVec2, i));

      g_assert_cmpfloat (point.x, >=, 0);
      g_assert_cmpfloat (point.x, <=, 400);
      g_assert_cmpfloat (point.y, >=, 0.05 * 300);
      g_assert_cmpfloat (point.y, <=, 0.95 * 300);
    }

  /* Placed, kept and audited. */
  g_assert_true (meso_photo_store_save_map_placement (photos (f), id, &placed, &error));
  g_assert_no_error (error);
  g_assert_true (meso_photo_store_load_map_placement (photos (f), id, &loaded, &was_placed,
                                                      &error));
  g_assert_true (was_placed);
  g_assert_cmpfloat (fabs (loaded.a - placed.a) + fabs (loaded.b - placed.b) +
                     fabs (loaded.tx - placed.tx) + fabs (loaded.ty - placed.ty), <, 1e-9);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name ="
                             " 'photo_map_placement'"), ==, 1);

  /* Lost from sight, or no number at all: refused, the placement kept. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (meso_photo_store_save_map_placement (photos (f), id, &refused[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  g_assert_true (meso_photo_store_load_map_placement (photos (f), id, &loaded, &was_placed,
                                                      &error));
  g_assert_cmpfloat (fabs (loaded.tx - placed.tx), <, 1e-9);

  /* Not for a receptionist, either way. */
  receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                    "Zeynep");
  g_assert_false (meso_photo_store_load_map_placement (photos (f), id, &loaded, &was_placed,
                                                       &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_photo_store_save_map_placement (photos (f), id, &fitted, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name ="
                             " 'photo_map_placement'"), ==, 1);
}

/* A backup keeps every photo with its hash, and restores them; a photo
 * damaged in a file is found by --check, which fails naming it, while the
 * rest of the database stays usable and backed up; the photo is refused
 * when opened, the application's check says so, and the rotation of
 * backups deletes none while it lasts: the older ones hold the photo whole. */
static void
test_backup_and_damage (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = camera_jpeg (f, 1200, 900);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) restored_image = NULL;
  g_autoptr(MesoStaff) admin = meso_test_file_admin ();
  g_autoptr(MesoContext) restored = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "restored.db", NULL);
  g_autofree char *report = NULL;
  g_autofree char *named = NULL;
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (f->context));
  g_autofree char *rotated = g_build_filename (f->dir, "rotated", NULL);
  g_autofree char *sound_backup = NULL;
  char *damaged_backup[2] = { NULL, NULL };
  const MesoBackupPolicy one_day = { 1, 0, 0 };
  gint64 id = meso_test_import_photo (f, file, "vertex", &error);

  g_assert_no_error (error);
  g_assert_cmpint (meso_test_import_photo (f, file, "back", &error), >, 0);
  stored = meso_photo_store_load_image (photos (f), id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_no_error (error);
  report = meso_db_check (meso_db_get_path (meso_context_get_db (f->context)), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "Photos: ok (2,"));
  g_clear_pointer (&report, g_free);

  g_assert_true (meso_backup_write (meso_db_get_path (meso_context_get_db (f->context)), backup,
                                    admin, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (meso_backup_restore (copy, backup, NULL, f->dir, now, admin, NULL, &error));
  g_assert_no_error (error);
  restored = meso_context_open (copy, FALSE, &error);
  g_assert_no_error (error);
  physician = meso_test_sign_in (meso_context_get_db (restored), MESO_ROLE_PHYSICIAN,
                                 "Dr. Deniz Kaya");
  restored_image = meso_photo_store_load_image (meso_context_get_photo_store (restored), id,
                                                MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (restored_image, stored));
  g_assert_cmpint (meso_test_verify (meso_context_get_db (restored)), ==,
                   MESO_DB_HEALTH_VERIFIED);
  g_assert_false (meso_db_has_damaged_photos (meso_context_get_db (restored)));
  g_clear_object (&restored);
  sound_backup = meso_backup_write_rotated (copy, rotated, NULL, now, &one_day, NULL, &error);
  g_assert_no_error (error);

  /* A failing disk changes a byte of the photo in the copy. */
  meso_test_damage_in_file (copy, stored);
  report = meso_db_check (copy, &error);
  g_assert_null (report);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_PHOTOS_DAMAGED);
  g_assert_nonnull (strstr (error->message, "Audit trail: ok"));
  named = g_strdup_printf ("Photo %" G_GINT64_FORMAT " of", id);
  g_assert_nonnull (strstr (error->message, named));
  g_clear_error (&error);
  /* Backed up all the same: the copy is what there is. */
  g_assert_true (meso_backup_verify (copy, NULL, &error));
  g_assert_no_error (error);

  restored = meso_context_open (copy, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&physician);
  physician = meso_test_sign_in (meso_context_get_db (restored), MESO_ROLE_PHYSICIAN,
                                 "Dr. Selin Demir");
  g_clear_pointer (&restored_image, g_bytes_unref);
  restored_image = meso_photo_store_load_image (meso_context_get_photo_store (restored), id,
                                                MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_null (restored_image);
  g_assert_error (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_CHANGED);
  g_clear_error (&error);
  g_assert_cmpint (meso_test_verify (meso_context_get_db (restored)), ==,
                   MESO_DB_HEALTH_VERIFIED);
  g_assert_true (meso_db_has_damaged_photos (meso_context_get_db (restored)));
  g_clear_object (&restored);

  /* A day's backups are kept: days later the damaged copy's is made and
   * the sound one stays; the damaged ones still go by the days. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GDateTime) later = g_date_time_add_days (now, 3 * (i + 1));

      damaged_backup[i] = meso_backup_write_rotated (copy, rotated, NULL, later, &one_day, NULL,
                                                     &error);
      g_assert_no_error (error);
      g_assert_true (g_file_test (sound_backup, G_FILE_TEST_EXISTS));
    }
  g_assert_false (g_file_test (damaged_backup[0], G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (damaged_backup[1], G_FILE_TEST_EXISTS));
  g_free (damaged_backup[0]);
  g_free (damaged_backup[1]);
}

/* Hairs tapped in a 1 cm² square give the density and the terminal to
 * vellus ratio; a hair outside the square, a square outside the photo and
 * a photo that is not a close-up are refused. */
static void
test_hair_count (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = meso_test_two_halves (400, 400);
  g_autoptr(GBytes) file = meso_test_pixbuf_bytes (pixbuf, "png");
  g_autoptr(MesoPhotoImage) image = meso_photo_image_prepare (file, "crown.png", &error);
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) loaded = NULL;
  MesoHairMark marks[40];
  MesoVec2 corner = { 50, 60 }, loaded_corner;
  double side = 0, ratio;
  gint64 close_up, top;
  MesoHairCount *first;

  close_up = meso_photo_store_add (photos (f), f->session->id,
                                   meso_test_photo_view_id (f, "trichoscopy"), "Crown",
                                   MESO_PHOTO_CONSENT_CLINICAL, image, &error);
  top = meso_test_import_photo (f, file, "vertex", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    marks[i] = (MesoHairMark) { { 60 + 4 * i, 70 + 3 * i }, i < 30 };

  g_assert_false (meso_photo_store_save_count (photos (f), top, corner, 200, marks, 40, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (meso_photo_store_save_count (photos (f), close_up, (MesoVec2) { 300, 300 }, 200,
                                               marks, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  marks[39].at.x = 20;
  g_assert_false (meso_photo_store_save_count (photos (f), close_up, corner, 200, marks, 40,
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  marks[39].at.x = 240;
  g_assert_true (meso_photo_store_save_count (photos (f), close_up, corner, 200, marks, 40,
                                              &error));
  g_assert_no_error (error);

  counts = meso_photo_store_list_counts (photos (f), f->session->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, 1);
  first = &g_array_index (counts, MesoHairCount, 0);
  g_assert_cmpstr (first->spot, ==, "Crown");
  g_assert_cmpuint (first->terminal, ==, 30);
  g_assert_cmpuint (first->vellus, ==, 10);
  g_assert_cmpfloat (meso_hair_count_get_density (first), ==, 40);
  g_assert_true (meso_hair_count_get_ratio (first, &ratio));
  g_assert_cmpfloat (ratio, ==, 3);

  /* Corrected: the count replaces the earlier one, in the audit trail. */
  g_assert_true (meso_photo_store_save_count (photos (f), close_up, corner, 200, marks, 35,
                                              &error));
  g_assert_true (meso_photo_store_load_count (photos (f), close_up, &loaded_corner, &side,
                                              &loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 35);
  g_assert_cmpfloat (side, ==, 200);
  g_assert_cmpfloat (loaded_corner.y, ==, 60);
  g_assert_false (g_array_index (loaded, MesoHairMark, 34).terminal);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'photo_count'"),
                   ==, 2);
}

/* On a clinic server too: a photo's bytes changed behind the schema's
 * back (its triggers off, as a superuser's repair could) are found by
 * --check, which names the photo, and refused when it is opened. */
static void
test_damage_on_server (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(GBytes) image = NULL;
  g_autofree char *report = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *named = NULL;
  MesoDb *db = meso_context_get_db (f->context);
  gint64 id = meso_test_import_photo (f, file, "vertex", &error);

  g_assert_no_error (error);
  report = meso_db_check (meso_db_get_path (db), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "Photos: ok (1,"));
  sql = g_strdup_printf ("SET LOCAL session_replication_role = replica;"
                         " UPDATE photo_image SET image = overlay (image placing '\\x00'::bytea"
                         " from 40) WHERE photo_id = %" G_GINT64_FORMAT, id);
  g_assert_true (meso_test_write_sql (db, sql, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, g_free);
  report = meso_db_check (meso_db_get_path (db), &error);
  g_assert_null (report);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_PHOTOS_DAMAGED);
  named = g_strdup_printf ("Photo %" G_GINT64_FORMAT " of", id);
  g_assert_nonnull (strstr (error->message, named));
  g_clear_error (&error);
  image = meso_photo_store_load_image (photos (f), id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_null (image);
  g_assert_error (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_CHANGED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, meso_session_fixture_set_up, func, \
              meso_session_fixture_tear_down)
  ADD ("/meso/photos/import-upright", test_import_upright);
  ADD ("/meso/photos/import-png", test_import_png);
  ADD ("/meso/photos/import-refused", test_import_refused);
  ADD ("/meso/photos/views", test_views);
  ADD ("/meso/photos/consent-and-removal", test_consent_and_removal);
  ADD ("/meso/photos/alignment", test_alignment);
  ADD ("/meso/photos/hair-count", test_hair_count);
  ADD ("/meso/photos/map-placement", test_map_placement);
  meso_test_add_file_only ("/meso/photos/backup-and-damage", Fixture, NULL,
                           meso_session_fixture_set_up, test_backup_and_damage,
                           meso_session_fixture_tear_down);
  if (meso_test_engine_is_server ())
    ADD ("/meso/photos/damage-on-server", test_damage_on_server);
#undef ADD
  g_test_add_func ("/meso/photos/similarity-fit", test_similarity_fit);
  return g_test_run ();
}
