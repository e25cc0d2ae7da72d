/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-image.c: a JPEG or PNG made into the copy the clinic keeps.
 * The file is read with gexiv2 only for its orientation, and decoded with
 * gdk-pixbuf already scaled down (a JPEG decodes at a fraction of its size,
 * which makes a 12-megapixel photo fast); the copy is encoded anew, so no
 * EXIF, GPS, maker note, XMP or IPTC of the original reaches it, and that
 * is checked with gexiv2 before it is handed out. The original file is
 * only read. */
#define G_LOG_DOMAIN "meso-photo"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gexiv2/gexiv2.h>
#include <glib/gi18n.h>
#include <string.h>

#include "meso-photo-image.h"

#define MAX_PIXELS        (200 * 1000 * 1000)  /* more than any camera's 12-100 MP */
#define MAX_PNG_PIXELS    (50 * 1000 * 1000)   /* decoded whole: 200 MB */
#define IMAGE_QUALITY     "85"
#define THUMBNAIL_QUALITY "80"

G_DEFINE_QUARK (meso-photo-error-quark, meso_photo_error)

static void
ensure_gexiv2 (void)
{
  static gsize initialised;

  /* gexiv2 must be set up once before threads use it. */
  if (g_once_init_enter (&initialised))
    {
      gexiv2_initialize ();
      g_once_init_leave (&initialised, 1);
    }
}

void
meso_photo_image_free (MesoPhotoImage *self)
{
  if (self == NULL)
    return;
  g_free (self->file_name);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_pointer (&self->thumbnail, g_bytes_unref);
  g_free (self->image_sha256);
  g_free (self->thumbnail_sha256);
  g_free (self);
}

/* Returns: (transfer full): the SHA-256 of @bytes, lowercase hex. */
char *
meso_photo_image_hash (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* Whether @bytes are still what was stored as @sha256. */
gboolean
meso_photo_image_check_hash (GBytes     *bytes,
                             const char *sha256)
{
  g_autofree char *actual = NULL;

  if (bytes == NULL || sha256 == NULL)
    return FALSE;
  actual = meso_photo_image_hash (bytes);
  return g_ascii_strcasecmp (actual, sha256) == 0;
}

/* JPEG and PNG only, known by their first bytes: gdk-pixbuf would also
 * read SVG, TIFF, ICO and others, which a camera does not make. */
static const char *
sniff_format (const guint8 *data,
              gsize         size)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpeg";
  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "png";
  return NULL;
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Whether a JPEG ends: its segments are walked to the first scan (an EXIF
 * thumbnail inside one has an end of its own), then the end of image
 * marker must follow. gdk-pixbuf shows a file cut short as grey. */
static gboolean
jpeg_is_complete (const guint8 *data,
                  gsize         size)
{
  gsize at = 2;

  while (at + 4 <= size && data[at] == 0xff)
    {
      guint8 marker = data[at + 1];
      gsize length = (gsize) data[at + 2] << 8 | data[at + 3];

      if (marker == 0xff)
        {
          at++;
          continue;
        }
      if (length < 2)
        return FALSE;
      at += 2 + length;
      if (marker == 0xda)
        {
          /* In the scans, 0xff is followed by 0x00, a restart marker, or
           * another table or scan: 0xd9 only at the end. */
          for (; at + 1 < size; at++)
            if (data[at] == 0xff && data[at + 1] == 0xd9)
              return TRUE;
          return FALSE;
        }
    }
  return FALSE;
}

/* A PNG decodes at full size (its loader cannot scale while decoding): one
 * of a few kilobytes could ask for gigabytes. Its size is in the IHDR
 * chunk, first after the signature. */
static gboolean
png_too_large (const guint8 *data,
               gsize         size)
{
  return size < 24 || memcmp (data + 12, "IHDR", 4) != 0 ||
         (guint64) read_be32 (data + 16) * read_be32 (data + 20) > MAX_PNG_PIXELS;
}

/* Whether a PNG reaches its IEND chunk, walking the chunks' lengths. */
static gboolean
png_is_complete (const guint8 *data,
                 gsize         size)
{
  gsize at = 8;

  while (at + 12 <= size)
    {
      guint32 length = read_be32 (data + at);

      if (memcmp (data + at + 4, "IEND", 4) == 0)
        return TRUE;
      if (length > size - at - 12)
        return FALSE;
      at += 12 + (gsize) length;
    }
  return FALSE;
}

/* The EXIF orientation (1-8), 1 when there is none or it is not one. */
static int
read_orientation (const guint8 *data,
                  gsize         size)
{
  g_autoptr(GExiv2Metadata) metadata = NULL;
  GExiv2Orientation orientation;

  ensure_gexiv2 ();
  metadata = gexiv2_metadata_new ();
  if (size > G_MAXLONG || !gexiv2_metadata_open_buf (metadata, data, (glong) size, NULL))
    return 1;
  orientation = gexiv2_metadata_try_get_orientation (metadata, NULL);
  return orientation >= 1 && orientation <= 8 ? (int) orientation : 1;
}

static void
set_image_too_large (GError **error)
{
  g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_TOO_LARGE,
                       _("The image is larger than any camera makes: it was not imported."));
}

typedef struct
{
  gboolean too_large;
} Decoding;

/* Decodes at most MESO_PHOTO_IMAGE_SIZE on the long side, before rotation
 * (a rotation swaps the sides, not the long one). */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         data)
{
  Decoding *decoding = data;
  double scale;

  if (width <= 0 || height <= 0 || (gint64) width * height > MAX_PIXELS)
    {
      decoding->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  scale = MIN (1.0, (double) MESO_PHOTO_IMAGE_SIZE / MAX (width, height));
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                MAX (1, (int) (height * scale + 0.5)));
}

static GdkPixbuf *
decode (const guint8  *data,
        gsize          size,
        const char    *format,
        GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type (format, NULL);
  Decoding decoding = { FALSE };
  gboolean written;
  gboolean closed;
  GdkPixbuf *pixbuf;

  if (loader == NULL)
    {
      g_set_error (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_NOT_A_PHOTO,
                   _("This computer cannot read %s images."), format);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &decoding);
  written = gdk_pixbuf_loader_write (loader, data, size, NULL);
  closed = gdk_pixbuf_loader_close (loader, NULL);
  if (decoding.too_large)
    {
      set_image_too_large (error);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!written || !closed || pixbuf == NULL)
    {
      g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_DAMAGED,
                           _("The image is damaged or incomplete: it was not imported."));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

/* Applies an EXIF orientation, so that the copy is upright. */
static GdkPixbuf *
make_upright (GdkPixbuf *pixbuf,
              int        orientation)
{
  g_autoptr(GdkPixbuf) turned = NULL;

  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

/* JPEG has no transparency: a PNG's is laid on white, as on paper. */
static GdkPixbuf *
drop_alpha (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *opaque;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return g_object_ref (pixbuf);
  opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill (opaque, 0xffffffff);
  gdk_pixbuf_composite (pixbuf, opaque, 0, 0, width, height, 0, 0, 1, 1, GDK_INTERP_NEAREST,
                        255);
  return opaque;
}

/* Whether gexiv2 finds any metadata in @jpeg: what is stored must have none. */
static gboolean
has_metadata (GBytes *jpeg)
{
  g_autoptr(GExiv2Metadata) metadata = gexiv2_metadata_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  if (!gexiv2_metadata_open_buf (metadata, data, (glong) size, NULL))
    return FALSE;
  return gexiv2_metadata_has_exif (metadata) || gexiv2_metadata_has_xmp (metadata) ||
         gexiv2_metadata_has_iptc (metadata);
}

static GBytes *
encode (GdkPixbuf   *pixbuf,
        const char  *quality,
        GError     **error)
{
  char *buffer = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error, "quality", quality,
                                  NULL))
    return NULL;
  return g_bytes_new_take (buffer, size);
}

static void
set_file_too_large (GError **error)
{
  g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_TOO_LARGE,
                       _("The file is larger than any camera makes: it was not imported."));
}

/**
 * meso_photo_image_prepare:
 * @file_contents: the whole file
 * @file_name: the file's name, kept with the photo
 *
 * Makes the copy the clinic keeps of a JPEG or PNG photo. Refuses an empty
 * file, one that is not a JPEG or PNG, a damaged one, and one larger than
 * any camera makes, each with a message for the user. Runs in any thread.
 */
MesoPhotoImage *
meso_photo_image_prepare (GBytes      *file_contents,
                          const char  *file_name,
                          GError     **error)
{
  g_autoptr(MesoPhotoImage) prepared = g_new0 (MesoPhotoImage, 1);
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) opaque = NULL;
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (file_contents, &size);
  const char *format;
  double scale;

  if (size == 0)
    {
      g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_EMPTY,
                           _("The file is empty: it holds no photo."));
      return NULL;
    }
  if (size > MESO_PHOTO_FILE_MAX_BYTES)
    {
      set_file_too_large (error);
      return NULL;
    }
  format = sniff_format (data, size);
  if (format == NULL)
    {
      g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_NOT_A_PHOTO,
                           _("The file is not a JPEG or PNG photo."));
      return NULL;
    }
  if (!(g_str_equal (format, "jpeg") ? jpeg_is_complete (data, size)
                                      : png_is_complete (data, size)))
    {
      g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_DAMAGED,
                           _("The image is damaged or incomplete: it was not imported."));
      return NULL;
    }
  if (g_str_equal (format, "png") && png_too_large (data, size))
    {
      set_image_too_large (error);
      return NULL;
    }
  decoded = decode (data, size, format, error);
  if (decoded == NULL)
    return NULL;
  upright = make_upright (decoded, read_orientation (data, size));
  opaque = drop_alpha (upright);
  prepared->width = gdk_pixbuf_get_width (opaque);
  prepared->height = gdk_pixbuf_get_height (opaque);
  scale = MIN (1.0, (double) MESO_PHOTO_THUMBNAIL_SIZE / MAX (prepared->width,
                                                              prepared->height));
  thumbnail = gdk_pixbuf_scale_simple (opaque, MAX (1, (int) (prepared->width * scale + 0.5)),
                                       MAX (1, (int) (prepared->height * scale + 0.5)),
                                       GDK_INTERP_BILINEAR);
  prepared->image = encode (opaque, IMAGE_QUALITY, error);
  if (prepared->image == NULL)
    return NULL;
  prepared->thumbnail = encode (thumbnail, THUMBNAIL_QUALITY, error);
  if (prepared->thumbnail == NULL)
    return NULL;
  if (has_metadata (prepared->image) || has_metadata (prepared->thumbnail))
    {
      g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_DAMAGED,
                           _("The photo’s metadata could not be removed: it was not "
                             "imported."));
      return NULL;
    }
  prepared->image_sha256 = meso_photo_image_hash (prepared->image);
  prepared->thumbnail_sha256 = meso_photo_image_hash (prepared->thumbnail);
  prepared->file_name = g_utf8_make_valid (file_name != NULL && *file_name != '\0' ? file_name
                                                                                  : "photo", -1);
  /* The column keeps 255 characters; a longer name keeps its beginning. */
  if (g_utf8_strlen (prepared->file_name, -1) > 255)
    *g_utf8_offset_to_pointer (prepared->file_name, 255) = '\0';
  return g_steal_pointer (&prepared);
}

/**
 * meso_photo_image_prepare_file:
 *
 * meso_photo_image_prepare() of @file's contents, for a worker thread (a
 * 12-megapixel photo takes longer than a frame). A file larger than any
 * camera makes is refused before it is read.
 */
MesoPhotoImage *
meso_photo_image_prepare_file (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) contents = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > MESO_PHOTO_FILE_MAX_BYTES)
    {
      set_file_too_large (error);
      return NULL;
    }
  contents = g_file_load_bytes (file, cancellable, NULL, error);
  if (contents == NULL)
    return NULL;
  return meso_photo_image_prepare (contents, g_file_info_get_display_name (info), error);
}
