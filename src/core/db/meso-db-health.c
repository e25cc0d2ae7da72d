/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-health.c: the full check of a file, run in the background after
 * opening, and what it found: a sound file, a damaged one that is never
 * written again, or a sound one whose photos are damaged. */
#define G_LOG_DOMAIN "meso-db"

#include "meso-db-private.h"
#include "meso-thread-priority.h"

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  g_autofree char *report = meso_db_check_database (task_data, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_verified_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(MesoDb) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->verifying);
  if (ok || g_error_matches (error, MESO_DB_ERROR, MESO_DB_ERROR_PHOTOS_DAMAGED))
    {
      /* Before the health, which the windows follow, changes. */
      self->photos_damaged = !ok;
      meso_db_set_health (self, MESO_DB_HEALTH_VERIFIED);
    }
  else if (error->domain == MESO_DB_ERROR && error->code >= MESO_DB_ERROR_NOT_SQLITE)
    {
      g_free (self->damage);
      self->damage = g_strdup (error->message);
      meso_db_set_health (self, MESO_DB_HEALTH_DAMAGED);
    }
  else
    /* Not an answer about the file (it could not be read just now): the
     * next start checks again. */
    g_message ("The check of %s did not finish: %s", self->path, error->message);
}

/**
 * meso_db_verify_async:
 *
 * Runs meso_db_check() on the file at low priority (it reads the whole file
 * in the first minutes of work) on a read-only connection of its own. When
 * it passes, #MesoDb:health becomes %MESO_DB_HEALTH_VERIFIED (and a file held
 * in %MESO_DB_HEALTH_CHECKING can be written); when it finds damage,
 * %MESO_DB_HEALTH_DAMAGED and nothing is written to it again. Stops when
 * @self is finalized.
 */
void
meso_db_verify_async (MesoDb *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *ref;

  g_return_if_fail (MESO_IS_DB (self));

  if (self->verifying != NULL || self->health == MESO_DB_HEALTH_DAMAGED || self->pg != NULL)
    return;
  self->verifying = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  /* No source object: the task must not keep @self, and its connection,
   * open after the window closed. */
  task = g_task_new (NULL, self->verifying, on_verified_cb, ref);
  g_task_set_source_tag (task, meso_db_verify_async);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_set_name (task, "meso-verify");
  meso_task_run_at_low_priority (task, verify_thread);
}

MesoDbHealth
meso_db_get_health (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), MESO_DB_HEALTH_UNCHECKED);
  return self->health;
}

/**
 * meso_db_get_damage:
 *
 * Returns: (nullable): what the full check found, for a
 * %MESO_DB_HEALTH_DAMAGED file.
 */
const char *
meso_db_get_damage (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), NULL);
  return self->damage;
}

/**
 * meso_db_has_damaged_photos:
 *
 * Returns: whether the full check found the file sound but some photos no
 * longer matching their checksums (%MESO_DB_ERROR_PHOTOS_DAMAGED): the
 * clinic works on, and should be told.
 */
gboolean
meso_db_has_damaged_photos (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return self->photos_damaged;
}
