/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-pg.h: a connection to a clinic server on PostgreSQL and its
 * statements, behind MesoDb and MesoStmt; nothing outside src/core/db
 * includes it. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/* A workstation's connections are named this, then its host name. */
#define MESO_PG_APPLICATION_PREFIX "Mesodesk: "

typedef struct _MesoPg     MesoPg;
typedef struct _MesoPgStmt MesoPgStmt;

gboolean       meso_pg_is_uri               (const char            *path);
MesoPg        *meso_pg_connect              (const char            *uri,
                                             GError               **error);
gboolean       meso_pg_wants_verify_full    (const char            *host,
                                             const char            *sslmode);
void           meso_pg_free                 (MesoPg                *pg);
const char    *meso_pg_get_uri              (MesoPg                *pg);
const char    *meso_pg_get_display_name     (MesoPg                *pg);
gboolean       meso_pg_exec                 (MesoPg                *pg,
                                             const char            *sql,
                                             GError               **error);
void           meso_pg_set_error            (MesoPg                *pg,
                                             GError               **error,
                                             int                    code,
                                             const char            *what);
gboolean       meso_pg_copy_begin           (MesoPg                *pg,
                                             const char            *sql,
                                             GError               **error);
gboolean       meso_pg_copy_put             (MesoPg                *pg,
                                             const char            *data,
                                             gsize                  size,
                                             GError               **error);
gboolean       meso_pg_copy_end             (MesoPg                *pg,
                                             const char            *abort_reason,
                                             GError               **error);
void           meso_pg_set_cancellable      (MesoPg                *pg,
                                             GCancellable          *cancellable);
gboolean       meso_pg_query_value          (MesoPg                *pg,
                                             const char            *sql,
                                             char                 **out_value,
                                             GError               **error);
gboolean       meso_pg_migrate              (MesoPg                *pg,
                                             MesoDb                *db,
                                             const MesoDbMigration *migrations,
                                             guint                  n_migrations,
                                             gboolean               may_migrate,
                                             int                   *out_version,
                                             GError               **error);

MesoPgStmt    *meso_pg_stmt_new             (MesoPg                *pg,
                                             const char            *sql,
                                             GError               **error);
void           meso_pg_stmt_free            (MesoPgStmt            *stmt);
void           meso_pg_stmt_bind            (MesoPgStmt            *stmt,
                                             int                    index,
                                             MesoValueType          type,
                                             const char            *value,
                                             gsize                  length);
void           meso_pg_stmt_clear_bindings  (MesoPgStmt            *stmt);
int            meso_pg_stmt_count_parameters (MesoPgStmt           *stmt);
int            meso_pg_stmt_step            (MesoPgStmt            *stmt);
void           meso_pg_stmt_reset           (MesoPgStmt            *stmt);
gint64         meso_pg_stmt_changes         (MesoPgStmt            *stmt);
int            meso_pg_stmt_column_count    (MesoPgStmt            *stmt);
const char    *meso_pg_stmt_column_name     (MesoPgStmt            *stmt,
                                             int                    column);
MesoValueType  meso_pg_stmt_column_type     (MesoPgStmt            *stmt,
                                             int                    column);
const char    *meso_pg_stmt_column_text     (MesoPgStmt            *stmt,
                                             int                    column);
const void    *meso_pg_stmt_column_blob     (MesoPgStmt            *stmt,
                                             int                    column,
                                             gsize                 *out_size);

/* meso-db-pg-watch.c */
GSource       *meso_pg_watch_new            (MesoPg                *pg,
                                             GError               **error);
gboolean       meso_pg_take_committed_elsewhere (MesoPg            *pg);
gboolean       meso_pg_is_lost              (MesoPg                *pg);
void           meso_pg_take_session         (MesoPg                *pg,
                                             MesoPg                *fresh);
void           meso_pg_set_resets_itself    (MesoPg                *pg);
void           meso_pg_reset_if_lost        (MesoPg                *pg);

G_END_DECLS
