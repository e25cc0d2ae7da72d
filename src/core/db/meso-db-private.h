/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-private.h: what meso-db.c, meso-db-file.c and meso-db-check.c
 * share, and nothing else includes. */
#pragma once

#include <sqlite3.h>

#include "meso-db.h"

G_BEGIN_DECLS

#define SQLITE_HEADER_SIZE 100
#define BUSY_TIMEOUT_MS    5000
#define COPY_CHUNK_SIZE    (1 << 20)

void      meso_db_set_sqlite_error    (sqlite3               *handle,
                                       GError               **error,
                                       int                    rc,
                                       const char            *what);

/* meso-stmt.c */
MesoStmt     *meso_stmt_new               (sqlite3_stmt          *sqlite);
void          meso_stmt_free              (MesoStmt              *stmt);
sqlite3      *meso_db_get_sqlite          (MesoDb                *self);
GHashTable   *meso_db_get_statements      (MesoDb                *self);

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
char     *meso_db_check_database      (const char            *path,
                                       GCancellable          *cancellable,
                                       GError               **error);

G_END_DECLS
