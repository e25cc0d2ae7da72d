/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-private.h: what the files of src/core/db share (the connection's
 * struct among them), and nothing else includes. */
#pragma once

#include <sqlite3.h>

#include "meso-db.h"
#include "meso-db-pg.h"

G_BEGIN_DECLS

/* The connection, shared by the files of src/core/db. */
struct _MesoDb
{
  GObject                parent_instance;

  sqlite3               *handle;
  MesoPg                *pg;                  /* a clinic server instead of a file */
  const MesoDbMigration *server_migrations;   /* a server's, for its workers */
  guint                  n_server_migrations;
  char                  *path;                /* a server's: user@host:port/database */
  char                  *migration_backup;
  GHashTable            *statements;          /* SQL text -> MesoStmt */
  int                    schema_version;
  gboolean               in_transaction;
  MesoStaff             *actor;               /* who is signed in on this connection */
  gboolean               for_clinic;          /* reads contacts with nobody signed in */
  MesoDbHealth           health;
  char                  *damage;              /* what the full check found, for a DAMAGED file */
  gboolean               photos_damaged;      /* the full check found damaged photos only */
  GCancellable          *verifying;           /* the full check running in a worker thread */
  /* meso-db-watch.c: others' commits, a server's loss and return */
  GSource               *watch;               /* a file's poll, a server's LISTEN */
  gint64                 watched_version;     /* a file's data_version last seen */
  guint                  retry_id;
  guint                  retry_seconds;       /* before the next try after this one */
  GCancellable          *reconnecting;
};

#define SQLITE_HEADER_SIZE 100
#define BUSY_TIMEOUT_MS    5000
#define COPY_CHUNK_SIZE    (1 << 20)

gboolean  meso_db_exec_sqlite         (sqlite3               *handle,
                                       const char            *sql,
                                       GError               **error);
void      meso_db_set_unwritable_error (MesoDb               *self,
                                       GError               **error);
void      meso_db_set_photos_damaged  (GError               **error,
                                       const char            *report,
                                       const char            *damaged);
void      meso_db_set_sqlite_error    (sqlite3               *handle,
                                       GError               **error,
                                       int                    rc,
                                       const char            *what);
void      meso_db_set_engine_error    (GError               **error,
                                       int                    code,
                                       const char            *detail,
                                       const char            *what);

/* meso-stmt.c */
MesoStmt     *meso_stmt_new               (sqlite3_stmt          *sqlite,
                                           MesoPgStmt            *pg);
void          meso_stmt_free              (MesoStmt              *stmt);
sqlite3      *meso_db_get_sqlite          (MesoDb                *self);

/* meso-db-file.c */
gboolean  meso_db_file_has_wal        (const char            *path);
gboolean  meso_db_file_check          (const char            *path,
                                       gboolean               for_writing,
                                       gboolean              *out_empty,
                                       GError               **error);
int       meso_db_file_open_read_only (const char            *path,
                                       sqlite3              **out_handle);
int       meso_db_file_create_private (const char            *path);
gboolean  meso_db_file_backup_handle  (sqlite3               *source,
                                       const char            *dest_path,
                                       GError               **error);

/* meso-db.c */
void      meso_db_emit_write_began    (MesoDb                *self);
void      meso_db_emit_write_committing (MesoDb              *self);
void      meso_db_emit_write_committed (MesoDb               *self);

/* meso-db-watch.c */
void      meso_db_stop_watching       (MesoDb                *self);

/* meso-db-check.c */
sqlite3  *meso_db_check_inspect       (const char            *path,
                                       int                   *out_version,
                                       GError               **error);
gboolean  meso_db_check_integrity     (sqlite3               *handle,
                                       const char            *path,
                                       GString               *report,
                                       GError               **error);
gboolean  meso_db_check_wal           (sqlite3               *inspect,
                                       const char            *path,
                                       gboolean              *out_checked,
                                       GError               **error);
gboolean  meso_db_check_triggers      (sqlite3               *handle,
                                       const char            *path,
                                       const MesoDbMigration *migrations,
                                       guint                  n_migrations,
                                       int                    version,
                                       GError               **error);
char     *meso_db_check_server        (const char            *uri,
                                       GError               **error);
char     *meso_db_check_database      (const char            *path,
                                       GCancellable          *cancellable,
                                       GError               **error);
void      meso_db_set_health          (MesoDb                *self,
                                       MesoDbHealth           health);

G_END_DECLS
