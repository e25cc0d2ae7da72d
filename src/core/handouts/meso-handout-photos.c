/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-photos.c: photos on paper: the photos chosen for a session
 * record, and the progress handout's first and latest session side by
 * side. Each is captioned in the patient's language with its view, its
 * session's date and the consent recorded for it. The photos are asked of
 * the photo store, which checks the clinical permission and audits each
 * image read for printing. */
#define G_LOG_DOMAIN "meso-handout"

#include <glib/gi18n.h>

#include "meso-handout-private.h"
#include "meso-photo-store.h"
#include "meso-scalp-store.h"

/* One view (a trichoscopy spot on its own) compared across sessions. */
typedef struct
{
  gint64     view_id;
  MesoPhoto *first;     /* the first session's photo: its last import, a retake */
  MesoPhoto *latest;    /* the latest session's, %NULL while there is one session */
} Comparison;

static MesoPhotoView *
find_view (GPtrArray *views,
           gint64     view_id)
{
  for (guint i = 0; i < views->len; i++)
    if (MESO_PHOTO_VIEW (views->pdata[i])->id == view_id)
      return views->pdata[i];
  return NULL;
}

/* The view's name in the patient's language: a standard view's word, the
 * clinic's own view's name as it was written; a trichoscopy photo's spot
 * after it. */
static char *
view_label (MesoHandoutDraft *draft,
            GPtrArray        *views,
            MesoPhoto        *photo)
{
  MesoPhotoView *view = find_view (views, photo->view_id);
  g_autofree char *key = NULL;
  const char *name = "—";

  if (view != NULL && view->code != NULL)
    {
      key = g_strconcat ("view-", view->code, NULL);
      name = meso_handout_draft_word (draft, key);
      /* A standard view newer than the texts: named in the interface's language. */
      if (*name == '\0')
        name = meso_photo_view_get_label (view);
    }
  else if (view != NULL && view->name != NULL)
    name = view->name;
  if (photo->spot != NULL)
    return g_strdup_printf ("%s – %s", name, photo->spot);
  return g_strdup (name);
}

/* "Consent: clinical record only, given 23/11/2026", in the section's words. */
static char *
consent_caption (MesoHandoutDraft *draft,
                 MesoPhoto        *photo)
{
  g_autofree char *key = g_strconcat ("consent-", meso_photo_consent_get_code (photo->consent),
                                      NULL);

  meso_handout_draft_set (draft, "consent", g_strdup (meso_handout_draft_word (draft, key)));
  meso_handout_draft_set (draft, "consent_on",
                          meso_handout_draft_iso_date (draft, photo->consent_on));
  return meso_handout_draft_expand (draft, "consent");
}

/* Reads @photo's image for printing (the store audits it) into @block,
 * under @caption's first line and the consent. */
static gboolean
add_photo (MesoHandoutDraft  *draft,
           MesoHandoutBlock  *block,
           MesoPhoto         *photo,
           const char        *caption,
           GError           **error)
{
  MesoPhotoStore *store = meso_context_get_photo_store (draft->context);
  g_autoptr(GBytes) image = meso_photo_store_load_image (store, photo->id,
                                                         MESO_PHOTO_PURPOSE_PRINT, error);
  g_autofree char *consent = NULL;
  MesoHandoutPhoto *printed;

  if (image == NULL)
    return FALSE;
  consent = consent_caption (draft, photo);
  printed = g_new0 (MesoHandoutPhoto, 1);
  printed->image = g_steal_pointer (&image);
  printed->width = photo->width;
  printed->height = photo->height;
  printed->caption = g_strdup_printf ("%s\n%s", caption, consent);
  g_ptr_array_add (block->photos, printed);
  return TRUE;
}

static char *
photo_line (MesoHandoutDraft *draft,
            const char       *key,
            MesoPhoto        *photo,
            GPtrArray        *views)
{
  meso_handout_draft_set (draft, "photo_view", view_label (draft, views, photo));
  meso_handout_draft_set (draft, "photo_date",
                          meso_handout_draft_date (draft, photo->session_starts_at, "date"));
  return meso_handout_draft_expand (draft, key);
}

static MesoPhoto *
find_photo (GPtrArray *photos,
            gint64     photo_id)
{
  for (guint i = 0; i < photos->len; i++)
    if (MESO_PHOTO (photos->pdata[i])->id == photo_id)
      return photos->pdata[i];
  return NULL;
}

/**
 * meso_handout_draft_add_photos:
 * @photo_ids: (array length=n_photo_ids): photos of @patient_id's
 *
 * The session record's {photos}: the chosen photos two to a row, in the
 * order given (each once), each with its view, its session's date and the
 * consent recorded; {photos_title} is empty when none was chosen. A photo
 * that is not the patient's, or was removed, refuses the whole record.
 */
gboolean
meso_handout_draft_add_photos (MesoHandoutDraft  *draft,
                               gint64             patient_id,
                               const gint64      *photo_ids,
                               guint              n_photo_ids,
                               GError           **error)
{
  MesoPhotoStore *store = meso_context_get_photo_store (draft->context);
  GPtrArray *blocks = meso_handout_draft_blocks (draft, "photos");
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  MesoHandoutBlock *row = NULL;

  meso_handout_draft_set (draft, "photos_title", g_strdup (""));
  if (n_photo_ids == 0)
    return TRUE;
  photos = meso_photo_store_list_patient (store, patient_id, error);
  views = photos != NULL ? meso_photo_store_list_views (store, TRUE, error) : NULL;
  if (views == NULL)
    return FALSE;
  /* All are checked before any image is read. */
  for (guint i = 0; i < n_photo_ids; i++)
    {
      MesoPhoto *photo = find_photo (photos, photo_ids[i]);

      if (photo == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("A chosen photo is not one of %s’s photos, or was removed: choose "
                         "the photos again."), meso_handout_get_patient_name (draft->handout));
          return FALSE;
        }
      if (!g_ptr_array_find (chosen, photo, NULL))
        g_ptr_array_add (chosen, photo);
    }
  for (guint i = 0; i < chosen->len; i++)
    {
      g_autofree char *caption = photo_line (draft, "photo", chosen->pdata[i], views);

      if (row == NULL || row->photos->len == 2)
        {
          row = meso_handout_block_new (MESO_HANDOUT_BLOCK_PHOTOS, NULL);
          g_ptr_array_add (blocks, row);
        }
      if (!add_photo (draft, row, chosen->pdata[i], caption, error))
        return FALSE;
    }
  meso_handout_draft_set (draft, "photos_title", meso_handout_draft_expand (draft,
                                                                          "photos-title"));
  return TRUE;
}

/* Each view's (and trichoscopy spot's) first and latest session's photo,
 * of the sessions up to @until, in the order of the views. */
static GPtrArray *
compare_views (GPtrArray *photos,
               GPtrArray *views,
               gint64     until)
{
  GPtrArray *comparisons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The photos come in the order of their sessions, each session's in the
   * order imported: the last one seen is the latest, or a retake. */
  for (guint i = 0; i < photos->len; i++)
    {
      MesoPhoto *photo = photos->pdata[i];
      g_autofree char *key = NULL;
      Comparison *comparison;

      if (photo->session_starts_at > until)
        continue;
      key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", photo->view_id,
                             photo->spot != NULL ? photo->spot : "");
      comparison = g_hash_table_lookup (by_key, key);
      if (comparison == NULL)
        {
          comparison = g_new0 (Comparison, 1);
          comparison->view_id = photo->view_id;
          g_hash_table_insert (by_key, g_steal_pointer (&key), comparison);
          g_ptr_array_add (found, comparison);
        }
      if (comparison->first == NULL || comparison->first->appointment_id == photo->appointment_id)
        comparison->first = photo;
      else
        comparison->latest = photo;
    }
  for (guint v = 0; v < views->len; v++)
    for (guint i = 0; i < found->len; i++)
      {
        Comparison *comparison = found->pdata[i];

        if (comparison->view_id == MESO_PHOTO_VIEW (views->pdata[v])->id &&
            comparison->latest != NULL)
          g_ptr_array_add (comparisons, g_memdup2 (comparison, sizeof *comparison));
      }
  return comparisons;
}

/* The SALT scores of the first and latest sessions compared, when both
 * have a scalp map; an empty {salt_result} otherwise. */
static gboolean
add_salt (MesoHandoutDraft  *draft,
          gint64             first_id,
          gint64             latest_id,
          GError           **error)
{
  MesoScalpStore *store = meso_context_get_scalp_store (draft->context);
  g_autoptr(MesoScalpMap) first = NULL;
  g_autoptr(MesoScalpMap) latest = NULL;

  meso_handout_draft_set (draft, "salt_result", g_strdup (""));
  if (!meso_scalp_store_load (store, first_id, &first, error) ||
      !meso_scalp_store_load (store, latest_id, &latest, error))
    return FALSE;
  if (first == NULL || latest == NULL)
    return TRUE;
  meso_handout_draft_set (draft, "first_salt",
                          meso_handout_texts_format_number (draft->texts,
                                                            meso_scalp_map_salt_score (first), 1));
  meso_handout_draft_set (draft, "latest_salt",
                          meso_handout_texts_format_number (draft->texts,
                                                            meso_scalp_map_salt_score (latest),
                                                            1));
  meso_handout_draft_set (draft, "salt_result", meso_handout_draft_expand (draft, "salt"));
  return TRUE;
}

/**
 * meso_handout_draft_add_progress:
 * @latest: (nullable): the session the handout is printed at: photos of
 *   later sessions are left out
 *
 * The progress handout's {comparisons}: for each view with photos from at
 * least two sessions, its name, then the first session's photo beside the
 * latest's. All the patient's own photos are shown to them, whatever they
 * agreed to for others; each caption says what that was. A patient with
 * nothing to compare is refused, saying so.
 */
gboolean
meso_handout_draft_add_progress (MesoHandoutDraft  *draft,
                                 gint64             patient_id,
                                 MesoAppointment   *latest,
                                 GError           **error)
{
  MesoPhotoStore *store = meso_context_get_photo_store (draft->context);
  GPtrArray *blocks = meso_handout_draft_blocks (draft, "comparisons");
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) comparisons = NULL;
  MesoPhoto *first = NULL, *last = NULL;

  photos = meso_photo_store_list_patient (store, patient_id, error);
  views = photos != NULL ? meso_photo_store_list_views (store, TRUE, error) : NULL;
  if (views == NULL)
    return FALSE;
  comparisons = compare_views (photos, views, latest != NULL ? latest->starts_at : G_MAXINT64);
  if (comparisons->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s has no photos of one view from two sessions to compare yet."),
                   meso_handout_get_patient_name (draft->handout));
      return FALSE;
    }

  for (guint i = 0; i < comparisons->len; i++)
    {
      Comparison *comparison = comparisons->pdata[i];
      MesoHandoutBlock *pair = meso_handout_block_new (MESO_HANDOUT_BLOCK_PHOTOS, NULL);
      g_autofree char *first_caption = photo_line (draft, "first", comparison->first, views);
      g_autofree char *latest_caption = photo_line (draft, "latest", comparison->latest, views);

      g_ptr_array_add (blocks, meso_handout_block_new (MESO_HANDOUT_BLOCK_HEADING,
                                                       view_label (draft, views,
                                                                   comparison->first)));
      g_ptr_array_add (blocks, pair);
      if (!add_photo (draft, pair, comparison->first, first_caption, error) ||
          !add_photo (draft, pair, comparison->latest, latest_caption, error))
        return FALSE;
      if (first == NULL || comparison->first->session_starts_at < first->session_starts_at)
        first = comparison->first;
      if (last == NULL || comparison->latest->session_starts_at > last->session_starts_at)
        last = comparison->latest;
    }
  meso_handout_draft_set (draft, "first_date",
                          meso_handout_draft_date (draft, first->session_starts_at, "date"));
  meso_handout_draft_set (draft, "latest_date",
                          meso_handout_draft_date (draft, last->session_starts_at, "date"));
  return add_salt (draft, first->appointment_id, last->appointment_id, error);
}
