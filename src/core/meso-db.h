/* meso-db.h: the SQLite connection, its checks, migrations and statement cache. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "meso-staff.h"

G_BEGIN_DECLS

#define MESO_DB_ERROR (meso_db_error_quark ())

/**
 * MesoDbError:
 *
 * Codes of the %MESO_DB_ERROR domain. A failure reported by SQLite carries
 * SQLite's extended result code (always below 0x10000); refusals decided by
 * Mesodesk before SQLite writes anything use the values below.
 * %MESO_DB_ERROR_STALE refuses a save made against a record that another
 * connection changed since it was read (see meso-revision.h).
 * %MESO_DB_ERROR_NESTED refuses a write begun while this connection is
 * already inside one (see meso-db-write.h).
 */
typedef enum
{
  MESO_DB_ERROR_NOT_SQLITE = 0x10000,
  MESO_DB_ERROR_NOT_MESODESK,
  MESO_DB_ERROR_TRUNCATED,
  MESO_DB_ERROR_CORRUPT,
  MESO_DB_ERROR_TOO_NEW,
  MESO_DB_ERROR_UNREADABLE,
  MESO_DB_ERROR_READ_ONLY,
  MESO_DB_ERROR_NO_FOLDER,
  MESO_DB_ERROR_NOT_A_FILE,
  MESO_DB_ERROR_STALE,
  MESO_DB_ERROR_TAMPERED,
  MESO_DB_ERROR_NESTED,
} MesoDbError;

/* One schema migration: SQL run in its own transaction to reach @version. */
typedef struct
{
  int         version;
  const char *sql;
} MesoDbMigration;

#define MESO_TYPE_DB (meso_db_get_type ())
G_DECLARE_FINAL_TYPE (MesoDb, meso_db, MESO, DB, GObject)

GQuark        meso_db_error_quark        (void);

char         *meso_db_default_path       (void);
char         *meso_db_demo_path          (void);
gboolean      meso_db_ensure_private_folder (const char  *path,
                                          GError     **error);

MesoDb       *meso_db_open               (const char  *path,
                                          GError     **error);
MesoDb       *meso_db_open_with_migrations (const char            *path,
                                          const MesoDbMigration *migrations,
                                          guint                  n_migrations,
                                          GError               **error);
char         *meso_db_check              (const char  *path,
                                          GError     **error);

const char   *meso_db_get_path           (MesoDb      *self);
int           meso_db_get_schema_version (MesoDb      *self);
const char   *meso_db_get_migration_backup (MesoDb    *self);

sqlite3_stmt *meso_db_prepare            (MesoDb      *self,
                                          const char  *sql,
                                          GError     **error);
gboolean      meso_db_step_done          (MesoDb       *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
gboolean      meso_db_step_and_commit    (MesoDb       *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
gboolean      meso_db_exec               (MesoDb      *self,
                                          const char  *sql,
                                          GError     **error);
gboolean      meso_db_begin              (MesoDb      *self,
                                          GError     **error);
gboolean      meso_db_commit             (MesoDb      *self,
                                          GError     **error);
void          meso_db_rollback           (MesoDb      *self);
gboolean      meso_db_in_transaction     (MesoDb      *self);
gint64        meso_db_last_insert_id     (MesoDb      *self);
gint64        meso_db_data_version       (MesoDb      *self);
gboolean      meso_db_backup_to          (MesoDb      *self,
                                          const char  *dest_path,
                                          GError     **error);
gboolean      meso_db_backup_file        (const char  *source_path,
                                          const char  *dest_path,
                                          GError     **error);
gboolean      meso_db_restore_file       (const char  *source_path,
                                          const char  *dest_path,
                                          GError     **error);
gboolean      meso_db_replace_file       (const char  *new_path,
                                          const char  *path,
                                          const char  *aside_path,
                                          GError     **error);
gboolean      meso_db_copy_file          (const char  *source_path,
                                          const char  *dest_path,
                                          GError     **error);
void          meso_db_set_actor          (MesoDb      *self,
                                          MesoStaff   *actor);
MesoStaff    *meso_db_get_actor          (MesoDb      *self);
gboolean      meso_db_require            (MesoDb         *self,
                                          MesoPermission  permission,
                                          GError        **error);
void          meso_db_set_error          (MesoDb      *self,
                                          GError     **error,
                                          int          rc,
                                          const char  *what);
void          meso_db_set_damaged        (GError     **error,
                                          const char  *table);

G_END_DECLS
