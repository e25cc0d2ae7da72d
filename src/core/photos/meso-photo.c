/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo.c: a stored photo, the views photos are taken in, and the
 * consent each photo was given with. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>

#include "meso-enum.h"
#include "meso-photo.h"

G_DEFINE_ENUM_TYPE (MesoPhotoConsent, meso_photo_consent,
  G_DEFINE_ENUM_VALUE (MESO_PHOTO_CONSENT_CLINICAL, "clinical"),
  G_DEFINE_ENUM_VALUE (MESO_PHOTO_CONSENT_TEACHING, "teaching"))

G_DEFINE_ENUM_TYPE (MesoPhotoPurpose, meso_photo_purpose,
  G_DEFINE_ENUM_VALUE (MESO_PHOTO_PURPOSE_LIST, "list"),
  G_DEFINE_ENUM_VALUE (MESO_PHOTO_PURPOSE_VIEW, "view"),
  G_DEFINE_ENUM_VALUE (MESO_PHOTO_PURPOSE_EXPORT, "export"),
  G_DEFINE_ENUM_VALUE (MESO_PHOTO_PURPOSE_PRINT, "print"))

const char *
meso_photo_consent_get_code (MesoPhotoConsent consent)
{
  return meso_enum_to_code (MESO_TYPE_PHOTO_CONSENT, consent);
}

const char *
meso_photo_consent_get_label (MesoPhotoConsent consent)
{
  switch (consent)
    {
    case MESO_PHOTO_CONSENT_CLINICAL:
      return _("Clinical record only");
    case MESO_PHOTO_CONSENT_TEACHING:
      return _("Also teaching and marketing");
    case MESO_N_PHOTO_CONSENTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
meso_photo_consent_from_code (const char       *code,
                              MesoPhotoConsent *out_consent)
{
  return meso_enum_from_code (MESO_TYPE_PHOTO_CONSENT, code, (int *) out_consent);
}

G_DEFINE_TYPE (MesoPhotoView, meso_photo_view, G_TYPE_OBJECT)

static void
meso_photo_view_finalize (GObject *object)
{
  MesoPhotoView *self = MESO_PHOTO_VIEW (object);

  g_free (self->code);
  g_free (self->name);
  G_OBJECT_CLASS (meso_photo_view_parent_class)->finalize (object);
}

static void
meso_photo_view_class_init (MesoPhotoViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_photo_view_finalize;
}

static void
meso_photo_view_init (MesoPhotoView *self)
{
}

MesoPhotoView *
meso_photo_view_new (void)
{
  return g_object_new (MESO_TYPE_PHOTO_VIEW, NULL);
}

/* The standard views, named in the reader's language. */
static const struct
{
  const char *code;
  const char *label;
  int         scalp_view;   /* the scalp map's view of the same part, or -1 */
} standard_views[] = {
  { "vertex", N_("Top (vertex)"), MESO_SCALP_VIEW_TOP },
  { "hairline", N_("Front hairline"), MESO_SCALP_VIEW_FRONT },
  { "temple-left", N_("Left temple"), MESO_SCALP_VIEW_LEFT },
  { "temple-right", N_("Right temple"), MESO_SCALP_VIEW_RIGHT },
  { "back", N_("Back"), MESO_SCALP_VIEW_BACK },
  { "part", N_("Midline part, close-up"), -1 },
  { "trichoscopy", N_("Trichoscopy"), -1 },
};

gboolean
meso_photo_view_code_is_known (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_views); i++)
    if (g_strcmp0 (code, standard_views[i].code) == 0)
      return TRUE;
  return FALSE;
}

/* Returns: (transfer none): the view's name as the reader sees it. */
const char *
meso_photo_view_get_label (MesoPhotoView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_views); i++)
    if (g_strcmp0 (self->code, standard_views[i].code) == 0)
      return _(standard_views[i].label);
  return self->name != NULL ? self->name : "";
}

/* Whether photos in this view are close-ups at the scalp map's spots. */
gboolean
meso_photo_view_is_trichoscopy (MesoPhotoView *self)
{
  return g_strcmp0 (self->code, "trichoscopy") == 0;
}

/**
 * meso_photo_view_get_scalp_view:
 * @out_view: (out): the scalp map's view that shows the same part of the head
 *
 * Returns: whether the scalp map can be laid over photos in this view: not
 * over close-ups, nor over the clinic's own views, whose part is unknown.
 */
gboolean
meso_photo_view_get_scalp_view (MesoPhotoView *self,
                                MesoScalpView *out_view)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_views); i++)
    if (g_strcmp0 (self->code, standard_views[i].code) == 0 && standard_views[i].scalp_view >= 0)
      {
        *out_view = standard_views[i].scalp_view;
        return TRUE;
      }
  return FALSE;
}

G_DEFINE_TYPE (MesoPhoto, meso_photo, G_TYPE_OBJECT)

static void
meso_photo_finalize (GObject *object)
{
  MesoPhoto *self = MESO_PHOTO (object);

  g_free (self->spot);
  g_free (self->consent_on);
  g_free (self->file_name);
  g_free (self->imported_at);
  G_OBJECT_CLASS (meso_photo_parent_class)->finalize (object);
}

static void
meso_photo_class_init (MesoPhotoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_photo_finalize;
}

static void
meso_photo_init (MesoPhoto *self)
{
}

MesoPhoto *
meso_photo_new (void)
{
  return g_object_new (MESO_TYPE_PHOTO, NULL);
}
