/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-import.c: importing a photo file takes a worker thread from
 * start to end: reading and preparing a camera's JPEG takes ten frames,
 * and the write, with its two images and the disk's flush, can take more
 * than one. The write is on a connection of the thread's own, for the
 * member of staff signed in when the import began, checked and audited as
 * theirs. */
#define G_LOG_DOMAIN "meso-photo"

#include "meso-photo-import.h"

typedef struct
{
  MesoContext      *context;
  MesoStaff        *actor;
  GFile            *file;
  gint64            appointment_id;
  gint64            view_id;    /* 0: the session's next missing view */
  char             *spot;
  MesoPhotoConsent  consent;
} Import;

static void
import_free (gpointer data)
{
  Import *import = data;

  g_object_unref (import->context);
  g_clear_object (&import->actor);
  g_object_unref (import->file);
  g_free (import->spot);
  g_free (import);
}

/* The session's next missing view, or the first view when all are taken. */
static gboolean
choose_view (MesoPhotoStore  *store,
             Import          *import,
             GError         **error)
{
  g_autoptr(GPtrArray) views = NULL;

  if (import->view_id != 0)
    return TRUE;
  if (!meso_photo_store_find_missing_view (store, import->appointment_id, &import->view_id,
                                           &import->spot, error))
    return FALSE;
  if (import->view_id != 0)
    return TRUE;
  views = meso_photo_store_list_views (store, FALSE, error);
  if (views == NULL)
    return FALSE;
  import->view_id = views->len > 0 ? MESO_PHOTO_VIEW (views->pdata[0])->id : 0;
  return TRUE;
}

static void
import_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Import *import = task_data;
  g_autoptr(MesoPhotoImage) image = NULL;
  g_autoptr(MesoContext) worker = NULL;
  GError *error = NULL;
  MesoPhotoStore *store;

  image = meso_photo_image_prepare_file (import->file, cancellable, &error);
  if (image != NULL)
    worker = meso_context_open_worker (import->context,
                                       meso_context_get_clock (import->context), &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  meso_db_set_actor (meso_context_get_db (worker), import->actor);
  store = meso_context_get_photo_store (worker);
  if (!choose_view (store, import, &error) ||
      meso_photo_store_add (store, import->appointment_id, import->view_id, import->spot,
                            import->consent, image, &error) == 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * meso_photo_import_async:
 * @view_id: the view the photo is of, or 0 for the session's next missing
 *   one (a watched folder's photo)
 * @spot: (nullable): for the trichoscopy view, the scalp map spot
 *
 * Reads @file, makes it into the stored copy (meso_photo_image_prepare())
 * and stores it as a photo of the session @appointment_id, in a worker
 * thread. The file itself is only read.
 */
void
meso_photo_import_async (MesoContext          *context,
                         GFile                *file,
                         gint64                appointment_id,
                         gint64                view_id,
                         const char           *spot,
                         MesoPhotoConsent      consent,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  MesoStaff *actor = meso_db_get_actor (meso_context_get_db (context));
  Import *import = g_new0 (Import, 1);

  import->context = g_object_ref (context);
  import->actor = actor != NULL ? g_object_ref (actor) : NULL;
  import->file = g_object_ref (file);
  import->appointment_id = appointment_id;
  import->view_id = view_id;
  import->spot = g_strdup (spot);
  import->consent = consent;
  g_task_set_source_tag (task, meso_photo_import_async);
  g_task_set_task_data (task, import, import_free);
  g_task_run_in_thread (task, import_in_thread);
}

/**
 * meso_photo_import_finish:
 * @out_view_id: (out): the view the photo was stored in
 * @out_spot: (out) (transfer full) (nullable): and its spot
 */
gboolean
meso_photo_import_finish (GAsyncResult  *result,
                          gint64        *out_view_id,
                          char         **out_spot,
                          GError       **error)
{
  Import *import = g_task_get_task_data (G_TASK (result));

  *out_view_id = 0;
  *out_spot = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *out_view_id = import->view_id;
  *out_spot = g_strdup (import->spot);
  return TRUE;
}
