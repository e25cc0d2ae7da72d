/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-pg-private.h: the clinic server connection's structs, shared by
 * meso-db-pg.c (statements) and meso-db-pg-watch.c (commits made elsewhere,
 * the connection's loss and return); nothing else includes it. */
#pragma once

#include <libpq-fe.h>

#include "meso-db-pg.h"

G_BEGIN_DECLS

struct _MesoPg
{
  PGconn       *conn;
  PGcancel     *cancel;         /* replaced, under cancel_lock, by a new session */
  GMutex        cancel_lock;
  char         *uri;
  char         *display_name;   /* postgresql://user@host:port/database, no password */
  guint         n_statements;   /* names the prepared statements */
  /* The last failure, for meso_pg_set_error(). */
  int           last_code;
  char         *last_message;
  GCancellable *cancellable;
  gulong        cancelled_id;
  /* Counts the server sessions this connection has had: statements
   * prepared in an earlier one are prepared again (meso-db-pg-watch.c). */
  guint         session;
  gboolean      resets_itself;  /* a worker's: reconnects when next used */
  gint64        next_reset;     /* not before (monotonic µs), after a failed one */
  gboolean      committed_elsewhere;  /* another session's NOTIFY arrived */
};

struct _MesoPgStmt
{
  MesoPg     *pg;
  char       *sql;           /* with $1 parameters */
  int         n_params;
  char      **values;        /* n_params, NULL for SQL NULL */
  int        *lengths;
  guint      *types;         /* MesoValueType of each binding */
  GHashTable *prepared;      /* parameter types ("iti") -> statement name */
  guint       session;       /* the MesoPg's session they were prepared in */
  PGresult   *result;
  int         row;
  int         n_rows;
  gint64      changes;
  GPtrArray  *blobs;         /* the row's blobs read, decoded, by column: GBytes */
};

G_END_DECLS
