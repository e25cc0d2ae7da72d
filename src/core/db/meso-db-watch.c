/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-watch.c: a connection that notices other connections' commits
 * (MesoDb::committed-elsewhere) and, on a clinic server, the server going
 * away and coming back (MesoDb:connected), on the main loop. */
#define G_LOG_DOMAIN "meso-db"

#include <gio/gio.h>

#include "meso-db-private.h"

/* A file's data_version is read from shared memory, no I/O: four times a
 * second sees another process's commit well within a second. */
#define FILE_POLL_MS        250
#define FIRST_RETRY_SECONDS 1
#define LAST_RETRY_SECONDS  30

static gboolean watch_server (MesoDb *self);

/**
 * meso_db_data_version:
 *
 * Returns: a number that changes when another connection (another
 * workstation, another process) commits a change; not for this one's own.
 */
gint64
meso_db_data_version (MesoDb *self)
{
  MesoStmt *stmt;
  gint64 version = -1;

  /* A server has no such counter. Its snapshot (the transactions that
   * write, in progress) changes when any of them starts writing or ends,
   * so a hash of it does with every commit: whatever table it wrote, audited
   * or not. This connection's own, and other databases', only cost a
   * reload. */
  stmt = meso_db_prepare (self, self->pg != NULL
                                ? "SELECT hashtextextended (pg_current_snapshot ()::text, 0)"
                                : "PRAGMA data_version", NULL);
  if (stmt != NULL && meso_stmt_step (stmt) == MESO_STEP_ROW)
    version = meso_stmt_column_int64 (stmt, 0);
  if (stmt != NULL)
    meso_stmt_reset (stmt);
  return version;
}

static gboolean
on_file_poll_cb (gpointer user_data)
{
  MesoDb *self = user_data;
  gint64 version = meso_db_data_version (self);

  if (version != self->watched_version)
    {
      self->watched_version = version;
      g_signal_emit_by_name (self, "committed-elsewhere");
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_retry_cb (gpointer user_data)
{
  MesoDb *self = user_data;

  self->retry_id = 0;
  meso_db_reconnect (self);
  return G_SOURCE_REMOVE;
}

static void
on_reconnected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  MesoPg *fresh = g_task_propagate_pointer (G_TASK (result), &error);
  MesoDb *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_DB (source);
  g_clear_object (&self->reconnecting);
  if (fresh != NULL)
    {
      meso_pg_take_session (self->pg, fresh);
      /* Gone again before it listened: a failed try like any other. */
      if (!watch_server (self) && meso_pg_is_lost (self->pg))
        g_set_error_literal (&error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNREACHABLE,
                             "lost before LISTEN");
    }
  if (error != NULL)
    {
      g_debug ("Clinic server still unreachable, next try in %u s: %s", self->retry_seconds,
               error->message);
      self->retry_id = g_timeout_add_seconds (self->retry_seconds, on_retry_cb, self);
      self->retry_seconds = MIN (self->retry_seconds * 2, LAST_RETRY_SECONDS);
      return;
    }
  self->retry_seconds = FIRST_RETRY_SECONDS;
  g_object_notify (G_OBJECT (self), "connected");
  /* What the others saved meanwhile. */
  g_signal_emit_by_name (self, "committed-elsewhere");
}

static void
reconnect_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  MesoPg *fresh = meso_pg_connect (task_data, &error);

  if (fresh != NULL)
    g_task_return_pointer (task, fresh, (GDestroyNotify) meso_pg_free);
  else
    g_task_return_error (task, error);
}

/**
 * meso_db_reconnect:
 *
 * Tries a new session with the clinic server now, in a worker thread; if
 * it fails, again later, waiting twice as long each time up to 30 s. A
 * try asked for meanwhile replaces the one waiting.
 */
void
meso_db_reconnect (MesoDb *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MESO_IS_DB (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->pg == NULL || self->reconnecting != NULL || meso_db_is_connected (self))
    return;
  self->reconnecting = g_cancellable_new ();
  task = g_task_new (self, self->reconnecting, on_reconnected_cb, NULL);
  g_task_set_source_tag (task, meso_db_reconnect);
  g_task_set_task_data (task, g_strdup (meso_pg_get_uri (self->pg)), g_free);
  g_task_run_in_thread (task, reconnect_in_thread);
}

static gboolean
on_server_news_cb (gpointer user_data)
{
  MesoDb *self = user_data;

  if (meso_pg_is_lost (self->pg))
    {
      g_debug ("Lost the clinic server");
      g_clear_pointer (&self->watch, g_source_unref);   /* it ends itself */
      g_object_notify (G_OBJECT (self), "connected");
      meso_db_reconnect (self);
      return G_SOURCE_REMOVE;
    }
  if (meso_pg_take_committed_elsewhere (self->pg))
    g_signal_emit_by_name (self, "committed-elsewhere");
  return G_SOURCE_CONTINUE;
}

static gboolean
watch_server (MesoDb *self)
{
  g_autoptr(GError) error = NULL;

  self->watch = meso_pg_watch_new (self->pg, &error);
  if (self->watch == NULL)
    {
      g_message ("Not told of other workstations' changes: %s", error->message);
      return FALSE;
    }
  g_source_set_callback (self->watch, on_server_news_cb, self, NULL);
  g_source_attach (self->watch, NULL);
  return TRUE;
}

/**
 * meso_db_watch_others:
 *
 * From now on, emits #MesoDb::committed-elsewhere on the default main
 * context after another connection commits, and follows a clinic server's
 * connection (#MesoDb:connected), reconnecting by itself. A try under way
 * holds @self until it ends (at most the connect timeout).
 */
void
meso_db_watch_others (MesoDb *self)
{
  g_return_if_fail (MESO_IS_DB (self));

  if (self->watch != NULL)
    return;
  self->retry_seconds = FIRST_RETRY_SECONDS;
  if (self->pg != NULL)
    {
      watch_server (self);
      return;
    }
  self->watched_version = meso_db_data_version (self);
  self->watch = g_timeout_source_new (FILE_POLL_MS);
  g_source_set_static_name (self->watch, "[mesodesk] file watch");
  g_source_set_callback (self->watch, on_file_poll_cb, self, NULL);
  g_source_attach (self->watch, NULL);
}

/* Stops what meso_db_watch_others() started. */
void
meso_db_stop_watching (MesoDb *self)
{
  if (self->watch != NULL)
    g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->reconnecting != NULL)
    g_cancellable_cancel (self->reconnecting);
  g_clear_object (&self->reconnecting);
}

/**
 * meso_db_is_connected:
 *
 * Returns: whether the clinic server answers this connection (a file is
 * always connected).
 */
gboolean
meso_db_is_connected (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return self->pg == NULL || !meso_pg_is_lost (self->pg);
}
