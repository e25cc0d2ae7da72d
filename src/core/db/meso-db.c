/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db.c: the connection: opened only after the checks (meso-db-check.c)
 * pass, its migrations, statements, transactions and health. */
#define G_LOG_DOMAIN "meso-db"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "config.h"
#include "meso-audit-sqlite.h"
#include "meso-audit.h"
#include "meso-db-private.h"
#include "meso-schema.h"
#include "meso-staff.h"

G_DEFINE_TYPE (MesoDb, meso_db, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HEALTH,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  COMMITTED_ELSEWHERE,
  WRITE_BEGAN,
  WRITE_COMMITTING,
  WRITE_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (meso-db-error-quark, meso_db_error)

static void
meso_db_finalize (GObject *object)
{
  MesoDb *self = MESO_DB (object);

  meso_db_stop_watching (self);
  /* The worker's read-only connection stops at its next step. */
  if (self->verifying != NULL)
    g_cancellable_cancel (self->verifying);
  g_clear_object (&self->verifying);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->actor);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_clear_pointer (&self->pg, meso_pg_free);
  g_free (self->path);
  g_free (self->migration_backup);
  g_free (self->damage);

  G_OBJECT_CLASS (meso_db_parent_class)->finalize (object);
}

static void
meso_db_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MesoDb *self = MESO_DB (object);

  switch (prop_id)
    {
    case PROP_HEALTH:
      g_value_set_int (value, self->health);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, meso_db_is_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_db_class_init (MesoDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = meso_db_finalize;
  object_class->get_property = meso_db_get_property;

  /**
   * MesoDb:health:
   *
   * A #MesoDbHealth: what the checks have found so far.
   */
  properties[PROP_HEALTH] =
    g_param_spec_int ("health", NULL, NULL, MESO_DB_HEALTH_UNCHECKED, MESO_DB_HEALTH_DAMAGED,
                      MESO_DB_HEALTH_UNCHECKED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MesoDb:connected:
   *
   * Whether the clinic server answers; followed once meso_db_watch_others()
   * was called. Always %TRUE for a file.
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoDb::committed-elsewhere:
   *
   * Emitted, once meso_db_watch_others() was called, after another
   * connection (another workstation, another process) committed a change.
   */
  signals[COMMITTED_ELSEWHERE] =
    g_signal_new ("committed-elsewhere", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MesoDb::write-began:
   *
   * Emitted inside a write transaction meso_db_begin() began, once it
   * holds the write lock: a handler may read on the connection, never
   * write.
   */
  signals[WRITE_BEGAN] =
    g_signal_new ("write-began", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /**
   * MesoDb::write-committing:
   *
   * Emitted inside a write transaction just before its COMMIT: a handler
   * may read on the connection, never write.
   */
  signals[WRITE_COMMITTING] =
    g_signal_new ("write-committing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MesoDb::write-committed:
   *
   * Emitted after a write transaction's COMMIT succeeded.
   */
  signals[WRITE_COMMITTED] =
    g_signal_new ("write-committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

/* For meso-db-transaction.c: tells who follows this connection's own writes. */
void
meso_db_emit_write_began (MesoDb *self)
{
  g_signal_emit (self, signals[WRITE_BEGAN], 0);
}

void
meso_db_emit_write_committing (MesoDb *self)
{
  g_signal_emit (self, signals[WRITE_COMMITTING], 0);
}

void
meso_db_emit_write_committed (MesoDb *self)
{
  g_signal_emit (self, signals[WRITE_COMMITTED], 0);
}

static void
meso_db_init (MesoDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) meso_stmt_free);
}

/* For the engine's own code in src/core/db and the *-sqlite.c files. */
sqlite3 *
meso_db_get_sqlite (MesoDb *self)
{
  return self->handle;
}

/* Returns: whether @path is a clinic server's libpq URI
 * (postgresql://...), which meso_db_open() takes as it is, not a file. */
gboolean
meso_db_is_server_address (const char *path)
{
  return meso_pg_is_uri (path);
}

/* Returns: whether @self is a clinic server's database, not a file. */
gboolean
meso_db_is_server (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return self->pg != NULL;
}


/* The texts of the schema's RAISE() triggers and of meso_actor(), said in
 * words a person can act on (and translated). */
static const struct
{
  const char *raw;
  const char *plain;
} rule_messages[] = {
  { "double booking",
    N_("The practitioner, the room or the patient already has an appointment at that time.") },
  { "nobody is signed in", N_("Nobody is signed in: sign in, then try again.") },
  { "the audit trail cannot be changed", N_("The audit trail cannot be changed or deleted.") },
  { "patients are archived, not deleted", N_("Patients are archived, never deleted.") },
  { "staff accounts are deactivated, not deleted",
    N_("Staff accounts are deactivated, never deleted.") },
  { "appointments are cancelled, not deleted", N_("Appointments are cancelled, never deleted.") },
  { "a closed session record cannot be changed: record a correction",
    N_("A closed session record cannot be changed: record a correction instead.") },
  { "session records are never deleted", N_("Session records are never deleted.") },
  { "a restricted patient is not booked",
    N_("This patient's record is restricted: an administrator must lift that first.") },
  { "an anonymised patient stays anonymised",
    N_("An anonymised patient stays anonymised: the record cannot be changed.") },
};

/* What happened and what to do, for SQLite's extended result @code; @detail
 * is SQLite's own text, which only the debug log shows. Returns: (transfer
 * full): a sentence. */
static char *
plain_sqlite_message (int         code,
                      const char *detail)
{
  for (guint i = 0; detail != NULL && i < G_N_ELEMENTS (rule_messages); i++)
    if (g_str_equal (detail, rule_messages[i].raw))
      return g_strdup (_(rule_messages[i].plain));

  switch (code)
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return g_strdup (_("Another record already uses this name or number: choose another one."));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return g_strdup (_("The change refers to a record that no longer exists, or one that "
                         "others still refer to: reopen the window, then try again."));
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
      return g_strdup (_("A value is missing or out of range: check the fields, then save "
                         "again."));
    case SQLITE_CONSTRAINT_TRIGGER:
      /* A rule of our own schema that the table above does not know yet:
       * its text was written for people, so show it rather than nothing. */
      return g_strdup_printf (_("The clinic database refused the change (%s)."), detail);
    default:
      break;
    }

  switch (code & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return g_strdup (_("Another Mesodesk or program is writing to the clinic database; try "
                         "again in a moment."));
    case SQLITE_FULL:
      return g_strdup (_("The disk is full: free some space, then save again."));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return g_strdup (_("The clinic database cannot be written: the file, its folder or the "
                         "disk is read-only. Ask whoever looks after this computer to let "
                         "Mesodesk write there."));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return g_strdup (_("The clinic database is damaged. Run “mesodesk --check”, and restore "
                         "the latest backup if it reports a problem."));
    case SQLITE_IOERR:
      return g_strdup (_("The disk could not be read or written. Check the disk (or the network "
                         "share) the clinic database is on, then try again."));
    case SQLITE_CANTOPEN:
      return g_strdup (_("The clinic database file cannot be opened: check that it and its "
                         "folder exist and that you may read and write them."));
    case SQLITE_NOMEM:
      return g_strdup (_("The computer has no memory left: close some programs, then try "
                         "again."));
    case SQLITE_TOOBIG:
      return g_strdup (_("This is too large to be saved in the clinic database."));
    case SQLITE_CONSTRAINT:
      return g_strdup (_("The clinic database refused the change: it breaks one of its "
                         "rules."));
    case SQLITE_ERROR:
    case SQLITE_SCHEMA:
      return g_strdup (_("The clinic database is not laid out as this version of Mesodesk "
                         "expects; another program may have changed it. Run “mesodesk "
                         "--check”, and restore a backup if it reports a problem."));
    default:
      return g_strdup_printf (_("The clinic database reported an unexpected problem (SQLite "
                                "code %d)."), code);
    }
}

/* Sets @error to "@what. <what happened and what to do>" with the
 * engine's failure @code (SQLite's numbering, see MesoStep) as the error
 * code; the engine's own wording, @detail, goes to the debug log only,
 * where whoever fixes it can read it. */
void
meso_db_set_engine_error (GError     **error,
                          int          code,
                          const char  *detail,
                          const char  *what)
{
  g_autofree char *plain = plain_sqlite_message (code, detail);

  g_debug ("%s: SQLite error %d: %s", what, code, detail);
  g_set_error (error, MESO_DB_ERROR, code, "%s. %s", what, plain);
}

void
meso_db_set_sqlite_error (sqlite3    *handle,
                          GError    **error,
                          int         rc,
                          const char *what)
{
  int code = handle != NULL ? sqlite3_extended_errcode (handle) : rc;

  meso_db_set_engine_error (error, code == SQLITE_OK ? rc : code,
                            handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc), what);
}

/**
 * meso_db_set_error:
 *
 * Reports the connection's last SQLite failure as a %MESO_DB_ERROR carrying
 * SQLite's extended result code, with a message that says what happened and
 * what to do; SQLite's own text goes to the debug log.
 */
void
meso_db_set_error (MesoDb     *self,
                   GError    **error,
                   int         rc,
                   const char *what)
{
  if (self->pg != NULL)
    meso_pg_set_error (self->pg, error, rc, what);
  else
    meso_db_set_sqlite_error (self->handle, error, rc, what);
}

/**
 * meso_db_set_damaged:
 * @table: where the value was read
 *
 * Sets @error for a stored value that is out of its range: a damaged or
 * doctored file, never to be used as an index or a size.
 */
void
meso_db_set_damaged (GError     **error,
                     const char  *table)
{
  g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
               _("The clinic database is damaged: the “%s” table holds a value Mesodesk cannot "
                 "use. Restore the latest backup."), table);
}

char *
meso_db_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mesodesk", "mesodesk.db", NULL);
}

char *
meso_db_demo_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mesodesk", "demo.db", NULL);
}

/**
 * meso_db_ensure_private_folder:
 *
 * Creates the folder that holds @path with mode 0700 if it is missing. Used
 * for Mesodesk's own default locations only: a folder the user named is
 * never created behind their back.
 */
gboolean
meso_db_ensure_private_folder (const char  *path,
                               GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NO_FOLDER,
                   _("Could not create the folder “%s”: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_db_backup_to:
 *
 * Copies the live database to the new file @dest_path (mode 0600) with
 * SQLite's online backup API. Fails if @dest_path exists.
 */
gboolean
meso_db_backup_to (MesoDb      *self,
                   const char  *dest_path,
                   GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);

  if (self->pg != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This version of Mesodesk does not back up a clinic server yet: back it "
                     "up on the server, with pg_dump."));
      return FALSE;
    }
  return meso_db_file_backup_handle (self->handle, dest_path, error);
}

gboolean
meso_db_exec_sqlite (sqlite3     *handle,
                     const char  *sql,
                     GError     **error)
{
  int rc = sqlite3_exec (handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      meso_db_set_sqlite_error (handle, error, rc, _("Nothing was changed"));
      return FALSE;
    }
  return TRUE;
}

/* meso_actor(): the signed-in staff member's id, for the audit triggers.
 * With nobody signed in it fails the statement, so that no audited record
 * can be written anonymously, even by a code path that forgot to check. */
static void
sql_actor (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  MesoDb *self = sqlite3_user_data (context);

  if (self->actor == NULL)
    sqlite3_result_error (context, "nobody is signed in", -1);
  else
    sqlite3_result_int64 (context, meso_staff_get_id (self->actor));
}

/* meso_actor_or_null(): the same, or NULL; for the staff table, whose first
 * account is created before anyone can sign in. */
static void
sql_actor_or_null (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  MesoDb *self = sqlite3_user_data (context);

  if (self->actor == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_int64 (context, meso_staff_get_id (self->actor));
}

static void
register_functions (MesoDb *self)
{
  /* Innocuous (no side effects), so triggers may call them; not deterministic:
   * the actor changes between statements. */
  sqlite3_create_function_v2 (self->handle, "meso_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                              self, sql_actor, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "meso_actor_or_null", 0,
                              SQLITE_UTF8 | SQLITE_INNOCUOUS, self, sql_actor_or_null,
                              NULL, NULL, NULL);
  meso_audit_register_functions (self->handle);
}

static gboolean
run_step (MesoDb               *self,
          MesoDbMigrationStep   step,
          GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (step == NULL || step (self, &local_error))
    return TRUE;
  /* A step that broke the GError contract still rolls its version back. */
  if (local_error == NULL)
    local_error = g_error_new_literal (MESO_DB_ERROR, SQLITE_ERROR, _("A migration step failed"));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
migrate (MesoDb                *self,
         const MesoDbMigration *migrations,
         guint                  n_migrations,
         GError               **error)
{
  for (guint i = 0; i < n_migrations; i++)
    {
      g_autofree char *set_version = NULL;

      if (migrations[i].version <= self->schema_version)
        continue;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", migrations[i].version);
      if (!meso_db_exec_sqlite (self->handle, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!meso_db_exec_sqlite (self->handle, migrations[i].sql, error) ||
          !run_step (self, migrations[i].step, error) ||
          !meso_db_exec_sqlite (self->handle, set_version, error) ||
          !meso_db_exec_sqlite (self->handle, "COMMIT", error))
        {
          g_prefix_error (error, _("Could not update the database to version %d: "),
                          migrations[i].version);
          sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      self->schema_version = migrations[i].version;
    }
  return TRUE;
}

/* A file not known to be sound is not written to, in any way: no statement
 * may write (query_only), and neither a commit nor the close moves the WAL
 * into the file (checkpoints). */
static void
hold_writes (MesoDb   *self,
             gboolean  hold)
{
  sqlite3_exec (self->handle, hold ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF",
                NULL, NULL, NULL);
  sqlite3_wal_autocheckpoint (self->handle, hold ? 0 : 1000);
  sqlite3_db_config (self->handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, hold, NULL);
}

/* meso_db_open_with_migrations(); a worker's connection skips the check of
 * a WAL beside the file, which is its first connection's own. */
static MesoDb *
open_file (const char            *path,
           const MesoDbMigration *migrations,
           guint                  n_migrations,
           gboolean               check_wal_beside,
           GError               **error)
{
  g_autoptr(MesoDb) self = NULL;
  int latest = migrations[n_migrations - 1].version;
  int version = 0;
  gboolean empty;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_migrations > 0, NULL);

  if (!meso_db_file_check (path, TRUE, &empty, error))
    return NULL;

  self = g_object_new (MESO_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (empty)
    {
      /* An empty file that exists already is left alone: another thread
       * may be creating the database in it. */
      int saved_errno = meso_db_file_create_private (path);

      if (saved_errno != 0 && saved_errno != EEXIST)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                       _("Could not create “%s”: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
    }
  else
    {
      sqlite3 *inspect = meso_db_check_inspect (path, &version, error);
      gboolean checked = TRUE;

      if (inspect == NULL)
        return NULL;
      if (version > latest)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TOO_NEW,
                       _("“%s” was written by a newer version of Mesodesk (database version "
                         "%d; this version understands up to %d). Update Mesodesk to open it."),
                       path, version, latest);
          sqlite3_close_v2 (inspect);
          return NULL;
        }
      if (version > 0 && version < latest)
        {
          /* In UTC, like the backups' names: the clinic's zone is a setting
           * inside this very file, and no clock exists before it opens. */
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

          self->migration_backup = g_strdup_printf ("%s.v%d-%s.bak", path, version, stamp);
          if (!meso_db_check_integrity (inspect, path, NULL, error) ||
              !meso_db_file_backup_handle (inspect, self->migration_backup, error))
            {
              sqlite3_close_v2 (inspect);
              return NULL;
            }
        }
      /* Without a WAL (a clean close) this costs nothing. */
      else if (check_wal_beside && meso_db_file_has_wal (path) &&
               !meso_db_check_wal (inspect, path, &checked, error))
        {
          sqlite3_close_v2 (inspect);
          return NULL;
        }
      /* Triggers dropped or changed by another program: refused before the
       * first write, like every check above. */
      if (version > 0 &&
          !meso_db_check_triggers (inspect, path, migrations, n_migrations, version, error))
        {
          sqlite3_close_v2 (inspect);
          return NULL;
        }
      sqlite3_close_v2 (inspect);
      if (!checked)
        self->health = MESO_DB_HEALTH_CHECKING;
    }

  /* NOMUTEX: a connection is used by one thread at a time, so SQLite's own
   * locking around every call is pure cost on the list's hot paths. */
  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      meso_db_set_sqlite_error (self->handle, error, rc, _("Could not open the database"));
      return NULL;
    }
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->handle, TRUE);
  register_functions (self);

  /* synchronous=FULL: a committed clinical record must survive a power cut. */
  if (!meso_db_exec_sqlite (self->handle,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = FULL;"
                 /* 8 MB of page cache: a week of the calendar fits. No memory
                  * map: it kept every page read resident, per connection (225
                  * MB of a large clinic before anyone signed in); the kernel's
                  * page cache serves a re-read in one system call. */
                 "PRAGMA cache_size = -8000;"
                 "PRAGMA mmap_size = 0;"
                 "PRAGMA foreign_keys = ON;", error))
    return NULL;
  if (self->health == MESO_DB_HEALTH_CHECKING)
    hold_writes (self, TRUE);

  self->schema_version = version;
  if (!migrate (self, migrations, n_migrations, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* A clinic server's database: reached, checked to be Mesodesk's or empty,
 * and migrated (by the first connection, not a worker's). */
static MesoDb *
open_server (const char            *uri,
             const MesoDbMigration *migrations,
             guint                  n_migrations,
             gboolean               may_migrate,
             GError               **error)
{
  g_autoptr(MesoDb) self = g_object_new (MESO_TYPE_DB, NULL);

  self->pg = meso_pg_connect (uri, error);
  if (self->pg == NULL)
    return NULL;
  self->path = g_strdup (meso_pg_get_display_name (self->pg));
  self->server_migrations = migrations;
  self->n_server_migrations = n_migrations;
  /* The server keeps its own pages sound; --check reports on the rest. */
  self->health = MESO_DB_HEALTH_VERIFIED;
  if (!meso_pg_migrate (self->pg, self, migrations, n_migrations, may_migrate,
                        &self->schema_version, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * meso_db_open_with_migrations:
 * @path: the database file; its folder must exist
 * @migrations: (array length=n_migrations): ordered by version
 *
 * Opens or creates a Mesodesk database. An existing file is checked first
 * and refused, untouched, when it is not SQLite, is truncated or damaged,
 * belongs to another program, comes from a newer Mesodesk, or cannot be
 * read or written, or when another program changed its triggers. All of
 * this is checked on a read-only connection before the first write. A
 * write-ahead log found beside the file is checked with it; beside a file
 * too large to check quickly it opens in %MESO_DB_HEALTH_CHECKING, writing
 * nothing until meso_db_verify_async() has passed. Before an older schema
 * is migrated the file is checked for integrity and copied to a
 * timestamped backup beside it.
 *
 * @path may also be a clinic server's libpq URI (postgresql://...), with
 * PostgreSQL's migrations: its database must be Mesodesk's or empty.
 */
MesoDb *
meso_db_open_with_migrations (const char            *path,
                              const MesoDbMigration *migrations,
                              guint                  n_migrations,
                              GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_migrations > 0, NULL);

  if (meso_pg_is_uri (path))
    return open_server (path, migrations, n_migrations, TRUE, error);
  return open_file (path, migrations, n_migrations, TRUE, error);
}

/**
 * meso_db_open:
 *
 * Opens @path with this build's schema; see meso_db_open_with_migrations().
 */
MesoDb *
meso_db_open (const char  *path,
              GError     **error)
{
  guint n_migrations;
  const MesoDbMigration *migrations = meso_pg_is_uri (path)
                                        ? meso_schema_get_server_migrations (&n_migrations)
                                        : meso_schema_get_migrations (&n_migrations);

  return meso_db_open_with_migrations (path, migrations, n_migrations, error);
}

/* Why nothing may be written to @self now. */
void
meso_db_set_unwritable_error (MesoDb  *self,
                              GError **error)
{
  if (self->health == MESO_DB_HEALTH_DAMAGED)
    g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                         _("Nothing can be saved: the clinic database is damaged. An "
                           "administrator can restore the latest backup."));
  else
    g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                         _("Nothing can be saved until the clinic database has been "
                           "checked: it was not closed properly. Try again in a moment."));
}

/**
 * meso_db_open_worker:
 *
 * Opens another connection to the file of @self, for a worker thread. The
 * checks @self passed at open are not made again (its WAL is its own);
 * while @self may not be written (see meso_db_is_writable()) it is
 * refused. Its health is not followed after the open: check @self before
 * each use.
 */
MesoDb *
meso_db_open_worker (MesoDb  *self,
                     GError **error)
{
  guint n_migrations;
  const MesoDbMigration *migrations;
  MesoDb *worker;

  g_return_val_if_fail (MESO_IS_DB (self), NULL);

  if (self->pg != NULL)
    {
      worker = open_server (meso_pg_get_uri (self->pg), self->server_migrations,
                            self->n_server_migrations, FALSE, error);
      if (worker != NULL)
        meso_pg_set_resets_itself (worker->pg);
      return worker;
    }
  migrations = meso_schema_get_migrations (&n_migrations);
  if (!meso_db_is_writable (self))
    {
      meso_db_set_unwritable_error (self, error);
      return NULL;
    }
  worker = open_file (self->path, migrations, n_migrations, FALSE, error);
  if (worker != NULL)
    worker->health = self->health;
  return worker;
}

/* Sets the health the full check found: a damaged file's writes are held
 * for good, a checked one's released. */
void
meso_db_set_health (MesoDb       *self,
                    MesoDbHealth  health)
{
  if (self->health == health)
    return;
  if (health == MESO_DB_HEALTH_DAMAGED || self->health == MESO_DB_HEALTH_CHECKING)
    hold_writes (self, health != MESO_DB_HEALTH_VERIFIED);
  self->health = health;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH]);
}


/**
 * meso_db_is_writable:
 *
 * Returns: %FALSE while the file is being checked or once it was found
 * damaged: then every write is refused.
 */
gboolean
meso_db_is_writable (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return self->health != MESO_DB_HEALTH_CHECKING && self->health != MESO_DB_HEALTH_DAMAGED;
}

const char *
meso_db_get_path (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), NULL);
  return self->path;
}

int
meso_db_get_schema_version (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), 0);
  return self->schema_version;
}

/**
 * meso_db_get_migration_backup:
 *
 * Returns: (nullable): the backup written before this open migrated the
 * schema, or %NULL when no migration of existing data took place.
 */
const char *
meso_db_get_migration_backup (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), NULL);
  return self->migration_backup;
}

/**
 * meso_db_set_actor:
 * @actor: (nullable): who is now working, or %NULL when the workstation locks
 *
 * Sets whose permissions meso_db_require() checks and whose id the audit
 * trail records for every change made through this connection.
 */
void
meso_db_set_actor (MesoDb    *self,
                   MesoStaff *actor)
{
  g_return_if_fail (MESO_IS_DB (self));
  g_set_object (&self->actor, actor);
}

/**
 * meso_db_get_actor:
 *
 * Returns: (transfer none) (nullable): who is signed in, or %NULL.
 */
MesoStaff *
meso_db_get_actor (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), NULL);
  return self->actor;
}

/**
 * meso_db_act_for_clinic:
 *
 * Makes this worker connection act for the clinic itself, as the threads
 * that make patients' messages and write the agendas do whether anyone is
 * signed in or not:
 * with no staff member signed in on it, it may read patients' names and
 * contacts (%MESO_PERMISSION_READ_CONTACT) and nothing more, and its
 * audited changes name no staff member.
 */
void
meso_db_act_for_clinic (MesoDb *self)
{
  g_return_if_fail (MESO_IS_DB (self));
  self->for_clinic = TRUE;
}

/**
 * meso_db_require:
 *
 * Returns: %TRUE if the signed-in staff member may do @permission, or
 * %FALSE with a %MESO_ACCESS_ERROR.
 */
gboolean
meso_db_require (MesoDb          *self,
                 MesoPermission   permission,
                 GError         **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  if (self->actor == NULL && self->for_clinic && permission == MESO_PERMISSION_READ_CONTACT)
    return TRUE;
  return meso_staff_require (self->actor, permission, error);
}
