/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo.h: one stored scalp photo, and the views photos are taken in. */
#pragma once

#include <gio/gio.h>

#include "meso-scalp-model.h"

G_BEGIN_DECLS

/**
 * MesoPhotoConsent:
 * @MESO_PHOTO_CONSENT_CLINICAL: for the clinical record only
 * @MESO_PHOTO_CONSENT_TEACHING: also for teaching and marketing
 */
typedef enum
{
  MESO_PHOTO_CONSENT_CLINICAL,
  MESO_PHOTO_CONSENT_TEACHING,
  MESO_N_PHOTO_CONSENTS
} MesoPhotoConsent;

#define MESO_TYPE_PHOTO_CONSENT (meso_photo_consent_get_type ())
GType meso_photo_consent_get_type (void);

/* Why a photo was read: each is a line in the audit trail (photo_access). */
typedef enum
{
  MESO_PHOTO_PURPOSE_LIST,    /* the patient's thumbnails */
  MESO_PHOTO_PURPOSE_VIEW,
  MESO_PHOTO_PURPOSE_EXPORT,
  MESO_PHOTO_PURPOSE_PRINT,
} MesoPhotoPurpose;

#define MESO_TYPE_PHOTO_PURPOSE (meso_photo_purpose_get_type ())
GType meso_photo_purpose_get_type (void);

const char *meso_photo_consent_get_code  (MesoPhotoConsent  consent);
const char *meso_photo_consent_get_label (MesoPhotoConsent  consent);
gboolean    meso_photo_consent_from_code (const char       *code,
                                          MesoPhotoConsent *out_consent);

/* A way a photo is taken: a standard view (its code set), the clinic's own
 * (its name set), or trichoscopy close-ups, one per scalp map spot. */
struct _MesoPhotoView
{
  GObject   parent_instance;

  gint64    id;
  char     *code;      /* a standard view's, or NULL */
  char     *name;      /* the clinic's own view's, or NULL */
  guint     position;
  gboolean  archived;
};

#define MESO_TYPE_PHOTO_VIEW (meso_photo_view_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhotoView, meso_photo_view, MESO, PHOTO_VIEW, GObject)

MesoPhotoView *meso_photo_view_new             (void);
const char    *meso_photo_view_get_label       (MesoPhotoView *self);
gboolean       meso_photo_view_is_trichoscopy  (MesoPhotoView *self);
gboolean       meso_photo_view_code_is_known   (const char    *code);
gboolean       meso_photo_view_get_scalp_view  (MesoPhotoView *self,
                                                MesoScalpView *out_view);

/* A stored photo, without its image (see meso_photo_store_load_image()). */
struct _MesoPhoto
{
  GObject           parent_instance;

  gint64            id;
  gint64            appointment_id;
  gint64            patient_id;
  gint64            view_id;
  char             *spot;          /* a trichoscopy photo's scalp map spot, or NULL */
  guint             width;
  guint             height;
  MesoPhotoConsent  consent;
  char             *consent_on;    /* YYYY-MM-DD */
  char             *file_name;
  char             *imported_at;   /* UTC, ISO 8601 */
  gint64            session_starts_at;  /* the session's, Unix seconds */
  gint64            revision;
};

#define MESO_TYPE_PHOTO (meso_photo_get_type ())
G_DECLARE_FINAL_TYPE (MesoPhoto, meso_photo, MESO, PHOTO, GObject)

MesoPhoto *meso_photo_new (void);

G_END_DECLS
