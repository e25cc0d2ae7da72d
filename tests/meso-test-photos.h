/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-photos.h: photos made for the photo tests, and stored as the
 * photos window stores them. */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "meso-photo-store.h"
#include "meso-test-session.h"

/* A @width x @height photo, its left half red and its right half blue. */
static inline GdkPixbuf *
meso_test_two_halves (int width,
                      int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GdkPixbuf) right = gdk_pixbuf_new_subpixbuf (pixbuf, width / 2, 0, width - width / 2,
                                                        height);

  gdk_pixbuf_fill (pixbuf, 0xd02020ff);
  gdk_pixbuf_fill (right, 0x2020d0ff);
  return pixbuf;
}

/* @pixbuf as a file of @type ("png", "jpeg") would hold it. */
static inline GBytes *
meso_test_pixbuf_bytes (GdkPixbuf  *pixbuf,
                        const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

/* A 64-pixel PNG: a photo whose content does not matter. */
static inline GBytes *
meso_test_small_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = meso_test_two_halves (64, 64);

  return meso_test_pixbuf_bytes (pixbuf, "png");
}

/* The standard view @code's id. */
static inline gint64
meso_test_photo_view_id (MesoSessionFixture *f,
                         const char         *code)
{
  g_autoptr(GError) error = NULL;
  MesoPhotoStore *store = meso_context_get_photo_store (f->context);
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (store, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (MESO_PHOTO_VIEW (views->pdata[i])->code, code) == 0)
      return MESO_PHOTO_VIEW (views->pdata[i])->id;
  g_assert_not_reached ();
}

/* What the photos window does with a file: prepare it, then store it in
 * the fixture's session, in view @code. */
static inline gint64
meso_test_import_photo (MesoSessionFixture  *f,
                        GBytes              *file,
                        const char          *code,
                        GError             **error)
{
  g_autoptr(MesoPhotoImage) image = meso_photo_image_prepare (file, "IMG_0042.JPG", error);

  if (image == NULL)
    return 0;
  return meso_photo_store_add (meso_context_get_photo_store (f->context), f->session->id,
                               meso_test_photo_view_id (f, code), NULL,
                               MESO_PHOTO_CONSENT_CLINICAL, image, error);
}
