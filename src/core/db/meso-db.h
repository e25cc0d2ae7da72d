/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db.h: the SQLite connection, its checks, migrations and statement cache. */
#pragma once

#include <gio/gio.h>

#include "meso-staff.h"
#include "meso-stmt.h"

G_BEGIN_DECLS

#define MESO_DB_ERROR (meso_db_error_quark ())

/**
 * MesoDbError:
 *
 * Codes of the %MESO_DB_ERROR domain. A failure reported by the engine
 * carries its code as meso_stmt_step() returns it (always below 0x10000);
 * refusals decided by Mesodesk before the engine writes anything use the
 * values below.
 * %MESO_DB_ERROR_STALE refuses a save made against a record that another
 * connection changed since it was read (see meso-revision.h).
 * %MESO_DB_ERROR_NESTED refuses a write begun while this connection is
 * already inside one (see meso-db-write.h). The %MESO_DB_ERROR_SERVER_
 * codes are a clinic server's: not reached, refusing the user or the
 * database, or lacking what Mesodesk needs (version, extensions).
 * %MESO_DB_ERROR_PHOTOS_DAMAGED: the database is sound, but stored photos
 * no longer match their checksums: only they are lost (restore them from a
 * backup); the database is used, backed up and restored as ever.
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
  MESO_DB_ERROR_SERVER_UNREACHABLE,
  MESO_DB_ERROR_SERVER_REFUSED,
  MESO_DB_ERROR_SERVER_UNSUITABLE,
  MESO_DB_ERROR_PHOTOS_DAMAGED,
} MesoDbError;

/**
 * MesoDbHealth:
 * @MESO_DB_HEALTH_UNCHECKED: the checks made at open passed; the full check
 *   has not run (yet)
 * @MESO_DB_HEALTH_CHECKING: a write-ahead log was found at open and not
 *   checked in time: nothing is written until meso_db_verify_async() passes
 * @MESO_DB_HEALTH_VERIFIED: the full check passed
 * @MESO_DB_HEALTH_DAMAGED: the full check failed: nothing is ever written
 *   to this file again (see meso_db_get_damage())
 */
typedef enum
{
  MESO_DB_HEALTH_UNCHECKED,
  MESO_DB_HEALTH_CHECKING,
  MESO_DB_HEALTH_VERIFIED,
  MESO_DB_HEALTH_DAMAGED,
} MesoDbHealth;

#define MESO_TYPE_DB (meso_db_get_type ())
G_DECLARE_FINAL_TYPE (MesoDb, meso_db, MESO, DB, GObject)

/**
 * MesoDbMigrationStep:
 * @db: the database, inside the migration's transaction (do not begin or commit)
 * @error: set when the step fails
 *
 * The C part of a migration, for what SQL alone cannot do (text folded in C,
 * data read from a resource). It changes data, never the schema: the audit
 * check learns which triggers to expect by running the migrations' SQL alone.
 *
 * Returns: %FALSE with @error set to roll the whole version back
 */
typedef gboolean (*MesoDbMigrationStep) (MesoDb  *db,
                                         GError **error);

/* One schema migration: @sql, then @step if not %NULL, in one transaction
 * that also sets PRAGMA user_version to @version. */
typedef struct
{
  int                 version;
  const char         *sql;
  MesoDbMigrationStep step;
} MesoDbMigration;

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
MesoDb       *meso_db_open_worker        (MesoDb      *self,
                                          GError     **error);
char         *meso_db_check              (const char  *path,
                                          GError     **error);

const char   *meso_db_get_path           (MesoDb      *self);
MesoDbHealth  meso_db_get_health         (MesoDb      *self);
const char   *meso_db_get_damage         (MesoDb      *self);
gboolean      meso_db_has_damaged_photos (MesoDb      *self);
gboolean      meso_db_is_writable        (MesoDb      *self);
void          meso_db_verify_async       (MesoDb      *self);
int           meso_db_get_schema_version (MesoDb      *self);
const char   *meso_db_get_migration_backup (MesoDb    *self);

MesoStmt     *meso_db_prepare            (MesoDb      *self,
                                          const char  *sql,
                                          GError     **error);
gboolean      meso_db_step_done          (MesoDb       *self,
                                          MesoStmt     *stmt,
                                          GError      **error);
gint64        meso_db_step_new_id        (MesoDb       *self,
                                          MesoStmt     *stmt,
                                          GError      **error);
gboolean      meso_db_rows_done          (MesoDb       *self,
                                          MesoStmt     *stmt,
                                          int           rc,
                                          const char   *what,
                                          GError      **error);
GHashTable   *meso_db_read_names         (MesoDb       *self,
                                          const char   *sql,
                                          const char   *what,
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
void          meso_db_set_cancellable    (MesoDb       *self,
                                          GCancellable *cancellable);
gboolean      meso_db_is_server          (MesoDb      *self);
gboolean      meso_db_is_server_address  (const char  *path);
gint64        meso_db_data_version       (MesoDb      *self);
void          meso_db_watch_others       (MesoDb      *self);
gboolean      meso_db_is_connected       (MesoDb      *self);
void          meso_db_reconnect          (MesoDb      *self);
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
void          meso_db_act_for_clinic     (MesoDb      *self);
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
