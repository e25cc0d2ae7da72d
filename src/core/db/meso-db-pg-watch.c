/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-pg-watch.c: what a clinic server connection learns without
 * asking: that another session committed (the audit trigger's NOTIFY on
 * the "mesodesk" channel, data/schema-pg/0014-change-notices.sql), and that the
 * server went away; and a new session once it is back. */
#define G_LOG_DOMAIN "meso-db"

#include <glib-unix.h>

#include "meso-db-pg-private.h"

#define RESET_INTERVAL_US (5 * G_USEC_PER_SEC)

typedef struct
{
  GSource  source;
  MesoPg  *pg;
  gpointer socket_tag;
} WatchSource;

/* Takes the notifications libpq has read (during any statement, too):
 * another session's mean its commit is there to be read. */
static void
take_notifications (MesoPg *pg)
{
  PGnotify *notify;

  while ((notify = PQnotifies (pg->conn)) != NULL)
    {
      if (notify->be_pid != PQbackendPID (pg->conn))
        pg->committed_elsewhere = TRUE;
      PQfreemem (notify);
    }
}

static gboolean
has_news (MesoPg *pg)
{
  return pg->committed_elsewhere || PQstatus (pg->conn) == CONNECTION_BAD;
}

static gboolean
watch_prepare (GSource *source,
               int     *timeout)
{
  WatchSource *watch = (WatchSource *) source;

  *timeout = -1;
  take_notifications (watch->pg);
  return has_news (watch->pg);
}

static gboolean
watch_check (GSource *source)
{
  WatchSource *watch = (WatchSource *) source;

  if (g_source_query_unix_fd (source, watch->socket_tag) != 0)
    {
      /* Fails, and leaves the connection bad, once the server is gone. */
      PQconsumeInput (watch->pg->conn);
      take_notifications (watch->pg);
    }
  return has_news (watch->pg);
}

static gboolean
watch_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  WatchSource *watch = (WatchSource *) source;
  gboolean lost = PQstatus (watch->pg->conn) == CONNECTION_BAD;

  if (callback != NULL)
    callback (user_data);
  /* A lost session's socket is closed: a new session gets a new watch. */
  return lost ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static GSourceFuncs watch_funcs = {
  .prepare = watch_prepare,
  .check = watch_check,
  .dispatch = watch_dispatch,
};

/**
 * meso_pg_watch_new:
 *
 * Listens on @pg's session for other sessions' commits. The source calls
 * its callback when one arrived (meso_pg_take_committed_elsewhere()) or
 * the session is lost (meso_pg_is_lost()), and ends with the session.
 *
 * Returns: (transfer full) (nullable): the source, or %NULL if the server
 * did not take the LISTEN.
 */
GSource *
meso_pg_watch_new (MesoPg  *pg,
                   GError **error)
{
  WatchSource *watch;

  if (!meso_pg_exec (pg, "LISTEN mesodesk", error))
    return NULL;
  watch = (WatchSource *) g_source_new (&watch_funcs, sizeof (WatchSource));
  g_source_set_static_name ((GSource *) watch, "[mesodesk] clinic server watch");
  watch->pg = pg;
  watch->socket_tag = g_source_add_unix_fd ((GSource *) watch, PQsocket (pg->conn),
                                            G_IO_IN | G_IO_ERR | G_IO_HUP);
  return (GSource *) watch;
}

/* Returns: whether another session committed since the last call. */
gboolean
meso_pg_take_committed_elsewhere (MesoPg *pg)
{
  gboolean committed = pg->committed_elsewhere;

  pg->committed_elsewhere = FALSE;
  return committed;
}

gboolean
meso_pg_is_lost (MesoPg *pg)
{
  return PQstatus (pg->conn) == CONNECTION_BAD;
}

/**
 * meso_pg_take_session:
 * @fresh: (transfer full): a new connection to the same clinic
 *
 * Goes on in @fresh's session: @pg's statements are prepared again there
 * when next run.
 */
/* Replaces @pg's cancel object with one for its connection's session now. */
static void
renew_cancel (MesoPg *pg)
{
  g_mutex_lock (&pg->cancel_lock);
  PQfreeCancel (pg->cancel);
  pg->cancel = PQgetCancel (pg->conn);
  g_mutex_unlock (&pg->cancel_lock);
}

void
meso_pg_take_session (MesoPg *pg,
                      MesoPg *fresh)
{
  PQfinish (pg->conn);
  pg->conn = g_steal_pointer (&fresh->conn);
  renew_cancel (pg);
  pg->session++;
  pg->committed_elsewhere = FALSE;
  meso_pg_free (fresh);
}

/* A worker's connection, used in its own thread, may wait for the server:
 * once lost it tries a new session when next used, outside a transaction
 * (meso_db_prepare(), meso_db_exec()). A server that refuses answers at
 * once; one that does not answer holds the worker for the connect
 * timeout, so after such a try the next waits RESET_INTERVAL. */
void
meso_pg_set_resets_itself (MesoPg *pg)
{
  pg->resets_itself = TRUE;
}

void
meso_pg_reset_if_lost (MesoPg *pg)
{
  gint64 started;

  if (!pg->resets_itself)
    return;
  /* A server that shut down while the session was idle said so on its
   * socket, then closed it: read both (without waiting; the second read
   * meets the end) before anything is sent. */
  if (PQconsumeInput (pg->conn))
    PQconsumeInput (pg->conn);
  if (PQstatus (pg->conn) != CONNECTION_BAD || g_get_monotonic_time () < pg->next_reset)
    return;
  started = g_get_monotonic_time ();
  PQreset (pg->conn);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      if (g_get_monotonic_time () - started > G_USEC_PER_SEC)
        pg->next_reset = g_get_monotonic_time () + RESET_INTERVAL_US;
      return;
    }
  renew_cancel (pg);
  pg->session++;
}
