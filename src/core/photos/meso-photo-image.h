/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-image.h: a photo file made into the copy the clinic keeps:
 * upright, at most 2,048 pixels on its long side, with a thumbnail, no
 * metadata, and the SHA-256 of each. No database. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MESO_PHOTO_IMAGE_SIZE     2048  /* the stored copy's long side, at most */
#define MESO_PHOTO_THUMBNAIL_SIZE 320   /* the thumbnail's */
#define MESO_PHOTO_FILE_MAX_BYTES (64 * 1024 * 1024)

#define MESO_PHOTO_ERROR (meso_photo_error_quark ())
GQuark meso_photo_error_quark (void);

/**
 * MesoPhotoError:
 * @MESO_PHOTO_ERROR_EMPTY: the file holds nothing
 * @MESO_PHOTO_ERROR_NOT_A_PHOTO: not a JPEG or PNG image
 * @MESO_PHOTO_ERROR_DAMAGED: a JPEG or PNG that cannot be read whole
 * @MESO_PHOTO_ERROR_TOO_LARGE: larger than a camera makes
 * @MESO_PHOTO_ERROR_CHANGED: a stored image no longer matches its SHA-256
 */
typedef enum
{
  MESO_PHOTO_ERROR_EMPTY,
  MESO_PHOTO_ERROR_NOT_A_PHOTO,
  MESO_PHOTO_ERROR_DAMAGED,
  MESO_PHOTO_ERROR_TOO_LARGE,
  MESO_PHOTO_ERROR_CHANGED,
} MesoPhotoError;

/* What is stored of one photo file. */
typedef struct
{
  char   *file_name;        /* the file's name, for the record: never its folder */
  GBytes *image;            /* JPEG */
  GBytes *thumbnail;        /* JPEG */
  guint   width;            /* of the image, upright */
  guint   height;
  char   *image_sha256;     /* lowercase hex */
  char   *thumbnail_sha256;
} MesoPhotoImage;

MesoPhotoImage *meso_photo_image_prepare             (GBytes              *file_contents,
                                                      const char          *file_name,
                                                      GError             **error);
MesoPhotoImage *meso_photo_image_prepare_file        (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void            meso_photo_image_free                (MesoPhotoImage      *self);

gboolean        meso_photo_image_check_hash          (GBytes              *bytes,
                                                      const char          *sha256);
char           *meso_photo_image_hash                (GBytes              *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoPhotoImage, meso_photo_image_free)

G_END_DECLS
