/* meso-db.c: opens a Mesodesk database only after checking it is safe to write. */
#define G_LOG_DOMAIN "meso-db"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "meso-audit.h"
#include "meso-db.h"
#include "meso-schema.h"
#include "meso-staff.h"

#define SQLITE_HEADER_SIZE 100
#define BUSY_TIMEOUT_MS    5000
#define COPY_CHUNK_SIZE    (1 << 20)

struct _MesoDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  char       *migration_backup;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt */
  int         schema_version;
  gboolean    in_transaction;
  MesoStaff  *actor;        /* who is signed in on this connection */
};

G_DEFINE_TYPE (MesoDb, meso_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (meso-db-error-quark, meso_db_error)

static void
meso_db_finalize (GObject *object)
{
  MesoDb *self = MESO_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->actor);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self->migration_backup);

  G_OBJECT_CLASS (meso_db_parent_class)->finalize (object);
}

static void
meso_db_class_init (MesoDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_db_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
meso_db_init (MesoDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
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

/* Sets @error to "@what. <what happened and what to do>" with SQLite's
 * extended result code as the error code; SQLite's own wording goes to
 * the debug log only, where whoever fixes it can read it. */
static void
set_sqlite_error (sqlite3    *handle,
                  GError    **error,
                  int         rc,
                  const char *what)
{
  int code = handle != NULL ? sqlite3_extended_errcode (handle) : rc;
  const char *detail = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);
  g_autofree char *plain = NULL;

  if (code == SQLITE_OK)
    code = rc;
  g_debug ("%s: SQLite error %d: %s", what, code, detail);
  plain = plain_sqlite_message (code, detail);
  g_set_error (error, MESO_DB_ERROR, code, "%s. %s", what, plain);
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
  set_sqlite_error (self->handle, error, rc, what);
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

/* stat() opens no descriptor, so it cannot drop any lock (see below). */
static gboolean
has_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

/* A file read through SQLite's own VFS. POSIX locks belong to the process:
 * closing any descriptor of the database drops every lock this process's
 * connections hold on it, and another process closing its connection then
 * deletes the WAL under them ("How To Corrupt An SQLite Database File",
 * 2.2). The unix VFS keeps one record per file (device and inode) for the
 * whole process and postpones closing a descriptor while any connection, in
 * any thread, holds a lock on that file; so the database and its -wal are
 * only ever read through it, never with plain file calls. */
typedef struct
{
  sqlite3_vfs  *vfs;
  sqlite3_file *file;
  char         *name;   /* SQLite requires it to outlive the open file */
} VfsFile;

static gboolean
vfs_file_open (VfsFile     *self,
               const char  *path,
               GError     **error)
{
  int rc;

  self->vfs = sqlite3_vfs_find (NULL);
  self->name = g_malloc0 (self->vfs->mxPathname + 1);
  self->file = g_malloc0 (self->vfs->szOsFile);
  rc = self->vfs->xFullPathname (self->vfs, path, self->vfs->mxPathname + 1, self->name);
  if (rc == SQLITE_OK)
    rc = self->vfs->xOpen (self->vfs, self->name, self->file,
                           SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, NULL);
  if (rc != SQLITE_OK)
    {
      int saved_errno = self->vfs->xGetLastError (self->vfs, 0, NULL);

      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_UNREADABLE, _("“%s” cannot be read: %s"),
                   path, saved_errno != 0 ? g_strerror (saved_errno) : sqlite3_errstr (rc));
      /* xOpen leaves pMethods set when there is something to close. */
      if (self->file->pMethods != NULL)
        self->file->pMethods->xClose (self->file);
      g_clear_pointer (&self->file, g_free);
      g_clear_pointer (&self->name, g_free);
      return FALSE;
    }
  return TRUE;
}

static void
vfs_file_close (VfsFile *self)
{
  self->file->pMethods->xClose (self->file);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->name, g_free);
}

/* Reads up to @length bytes at @offset; returns how many, or -1 with @error. */
static gssize
vfs_file_read (VfsFile     *self,
               const char  *path,
               void        *buffer,
               gsize        length,
               gint64       offset,
               GError     **error)
{
  sqlite3_int64 size = 0;
  int rc = self->file->pMethods->xFileSize (self->file, &size);

  if (rc == SQLITE_OK)
    {
      length = (gsize) CLAMP (size - offset, 0, (sqlite3_int64) length);
      if (length > 0)
        rc = self->file->pMethods->xRead (self->file, buffer, length, offset);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_UNREADABLE, _("“%s” cannot be read: %s"),
                   path, sqlite3_errstr (rc));
      return -1;
    }
  return length;
}

/* Reads the 100-byte header and checks it against the file's size, so that a
 * file that is not SQLite, or a truncated one, is refused before SQLite opens
 * it. Sets *out_empty for a missing or zero-length file: a new database.
 * Other connections of this process may have the file open: it is read
 * through SQLite's VFS (see VfsFile). */
static gboolean
check_file (const char *path,
            gboolean   *out_empty,
            GError    **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  guint8 header[SQLITE_HEADER_SIZE];
  VfsFile file;
  GStatBuf st;
  gsize page_size;
  guint32 n_pages;
  gssize n_read;

  *out_empty = FALSE;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NO_FOLDER,
                   _("The folder “%s” does not exist."), folder);
      return FALSE;
    }

  if (g_stat (path, &st) != 0)
    {
      if (errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_UNREADABLE,
                       _("“%s” cannot be read: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      if (access (folder, W_OK | X_OK) != 0)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                       _("A new database cannot be created in the read-only folder “%s”."),
                       folder);
          return FALSE;
        }
      *out_empty = TRUE;
      return TRUE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_A_FILE,
                   _("“%s” is not a regular file."), path);
      return FALSE;
    }

  if (!vfs_file_open (&file, path, error))
    return FALSE;
  n_read = vfs_file_read (&file, path, header, sizeof header, 0, error);
  vfs_file_close (&file);

  if (n_read < 0)
    return FALSE;
  else if (n_read == 0)
    *out_empty = TRUE;
  else if (n_read < SQLITE_HEADER_SIZE || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_SQLITE,
                   _("“%s” is not a database file."), path);
      return FALSE;
    }
  else
    {
      page_size = (header[16] << 8) | header[17];
      if (page_size == 1)
        page_size = 65536;
      if (page_size < 512 || (page_size & (page_size - 1)) != 0)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                       _("“%s” is damaged: its header is invalid."), path);
          return FALSE;
        }

      /* The in-header page count is valid only when the "version-valid-for"
       * number matches the change counter (SQLite file format, 1.3.8). A
       * process killed during a checkpoint leaves the file short of its
       * header's count, but then the WAL beside it still holds every page
       * and SQLite completes the file from it. */
      n_pages = GUINT32_FROM_BE (*(guint32 *) (header + 28));
      if ((st.st_size % page_size) != 0 ||
          (memcmp (header + 24, header + 92, 4) == 0 && !has_wal (path) &&
           (guint64) st.st_size < (guint64) n_pages * page_size))
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TRUNCATED,
                       _("“%s” is damaged: the file is shorter than the database it holds."),
                       path);
          return FALSE;
        }
    }

  if (access (path, W_OK) != 0 || access (folder, W_OK | X_OK) != 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("“%s” is read-only, or lies in a read-only folder: Mesodesk needs to "
                     "write to both."), path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3    *handle,
           const char *sql,
           int        *out_value,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (handle, error, rc, _("Could not read the database"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *out_value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Opens @path read-only and reads what decides whether Mesodesk may use it.
 * Nothing here writes to the file. */
static sqlite3 *
inspect_existing (const char *path,
                  int        *out_version,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3 *handle = NULL;
  int n_objects = 0;
  int application_id = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (handle, error, rc, _("Could not open the database"));
      sqlite3_close_v2 (handle);
      return NULL;
    }
  sqlite3_busy_timeout (handle, BUSY_TIMEOUT_MS);

  if (!query_int (handle, "SELECT count(*) FROM sqlite_schema", &n_objects, &local_error) ||
      !query_int (handle, "PRAGMA application_id", &application_id, &local_error) ||
      !query_int (handle, "PRAGMA user_version", out_version, &local_error))
    {
      int code = local_error->code & 0xff;

      if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be read."), path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      sqlite3_close_v2 (handle);
      return NULL;
    }

  if (application_id != MESO_SCHEMA_APPLICATION_ID && n_objects > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_MESODESK,
                   _("“%s” is a database of another program, not of Mesodesk."), path);
      sqlite3_close_v2 (handle);
      return NULL;
    }

  return handle;
}

static gboolean
integrity_check (sqlite3    *handle,
                 const char *path,
                 GString    *report,
                 GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s\n", line);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE || problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                   _("“%s” is damaged: the integrity check failed.\n%s"), path,
                   problems->len > 0 ? problems->str : sqlite3_errmsg (handle));
      return FALSE;
    }
  if (report != NULL)
    g_string_append_printf (report, "%s: ok\n", _("Integrity check"));
  return TRUE;
}

/* SQLite's backup API, all pages in one step. Returns an SQLite code. A
 * lock held by another program is waited for up to BUSY_TIMEOUT_MS in all,
 * then reported: a program left open must not hang a restore forever. */
static int
copy_pages (sqlite3 *source,
            sqlite3 *dest)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", source, "main");
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  int rc;

  if (backup == NULL)
    return sqlite3_errcode (dest);
  for (;;)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || g_get_monotonic_time () >= deadline)
        break;
      g_usleep (50 * 1000);
    }
  sqlite3_backup_finish (backup);
  return rc == SQLITE_DONE ? sqlite3_errcode (dest) : rc;
}

/* Creates @path empty, mode 0600, only if it does not exist yet (O_EXCL): a
 * file just created cannot be open in any connection, while closing a
 * descriptor of an existing database could drop this process's locks on it
 * (see VfsFile). Returns 0, or the errno, EEXIST when the file exists. */
static int
create_private_file (const char *path)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    return errno;
  close (fd);
  return 0;
}

static gboolean
backup_handle (sqlite3    *source,
               const char *dest_path,
               GError    **error)
{
  sqlite3 *dest = NULL;
  int saved_errno;
  int rc;

  /* Create the file ourselves so that it is private from the first byte. */
  saved_errno = create_private_file (dest_path);
  if (saved_errno != 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("Could not create the backup “%s”: %s"), dest_path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = copy_pages (source, dest);
  /* A backup is one self-contained file: out of WAL mode, opening it to
   * check it (read-only) leaves no -wal and -shm files beside it. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (dest, error, rc, _("Could not write the backup"));
      sqlite3_close_v2 (dest);
      g_unlink (dest_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);
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

  return backup_handle (self->handle, dest_path, error);
}

/**
 * meso_db_backup_file:
 *
 * Like meso_db_backup_to(), through a read-only connection of its own, so
 * that it can run in a worker thread while the application writes.
 */
gboolean
meso_db_backup_file (const char  *source_path,
                     const char  *dest_path,
                     GError     **error)
{
  sqlite3 *source = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (source_path, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (source, error, rc, _("Could not open the database"));
      sqlite3_close_v2 (source);
      return FALSE;
    }
  sqlite3_busy_timeout (source, BUSY_TIMEOUT_MS);
  ok = backup_handle (source, dest_path, error);
  sqlite3_close_v2 (source);
  return ok;
}

/**
 * meso_db_restore_file:
 *
 * Replaces the contents of @dest_path, created if missing, with those of
 * @source_path, through SQLite's backup API: one write transaction on
 * @dest_path, so another connection sees either the old data or the new,
 * never a mix. The caller checks @source_path first.
 */
gboolean
meso_db_restore_file (const char  *source_path,
                      const char  *dest_path,
                      GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3 *dest = NULL;
  int saved_errno;
  int rc;

  /* @dest_path is usually the live database, open in this process. */
  saved_errno = create_private_file (dest_path);
  if (saved_errno != 0 && saved_errno != EEXIST)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("Could not write “%s”: %s"), dest_path, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (source_path, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (source, error, rc, _("Could not open the backup"));
      sqlite3_close_v2 (source);
      return FALSE;
    }
  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (dest, BUSY_TIMEOUT_MS);
      rc = copy_pages (source, dest);
    }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, MESO_DB_ERROR, rc, "%s",
                 _("Another program is using the clinic database; close it, then restore "
                   "again."));
  else if (rc != SQLITE_OK)
    set_sqlite_error (dest, error, rc, _("Could not restore the backup"));
  sqlite3_close_v2 (dest);
  sqlite3_close_v2 (source);
  return rc == SQLITE_OK;
}

/* The files SQLite keeps beside a database, by name. */
static const char * const companion_suffixes[] = { "-wal", "-shm", "-journal" };

/* Takes, without waiting, an exclusive lock on @path through SQLite's VFS,
 * which sees this process's connections as well as other programs'. In WAL
 * mode every open connection holds a shared lock for as long as it is open.
 * Returns: an SQLite code: SQLITE_BUSY when the file is in use. A file that
 * cannot be opened, or only read-only, cannot have a writer: SQLITE_OK. */
static int
lock_unused (const char   *path,
             sqlite3_vfs  *vfs,
             sqlite3_file *file,
             char         *name,
             gboolean     *out_open)
{
  int flags = 0;
  int rc;

  *out_open = FALSE;
  rc = vfs->xFullPathname (vfs, path, vfs->mxPathname + 1, name);
  if (rc == SQLITE_OK)
    rc = vfs->xOpen (vfs, name, file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MAIN_DB, &flags);
  if (rc != SQLITE_OK)
    {
      if (file->pMethods != NULL)
        file->pMethods->xClose (file);
      return SQLITE_OK;
    }
  *out_open = TRUE;
  rc = file->pMethods->xLock (file, SQLITE_LOCK_SHARED);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_READWRITE) != 0)
    rc = file->pMethods->xLock (file, SQLITE_LOCK_EXCLUSIVE);
  return rc;
}

/**
 * meso_db_replace_file:
 * @new_path: a whole database, not open anywhere, in the folder of @path
 * @aside_path: (nullable): the name the replaced file (and its -wal, -shm and -journal
 *   files, with the same suffixes) is kept under; must not exist
 *
 * Puts @new_path in the place of @path, whatever state @path is in (damaged,
 * read-only, beside a -wal of another database, or missing), keeping what
 * it replaces under @aside_path. Refused with %SQLITE_BUSY if any connection,
 * of this process or another, has @path open: such a connection, closed
 * later, would delete the new database's -wal and -shm by their names.
 * @path is replaced by one rename(), so that it names the old file or the
 * new one at any moment; a kill before it leaves the old database at @path.
 */
gboolean
meso_db_replace_file (const char  *new_path,
                      const char  *path,
                      const char  *aside_path,
                      GError     **error)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);
  g_autofree char *name = g_malloc0 (vfs->mxPathname + 1);
  g_autofree sqlite3_file *file = g_malloc0 (vfs->szOsFile);
  gboolean opened;
  gboolean ok = FALSE;
  int rc = lock_unused (path, vfs, file, name, &opened);
  GStatBuf st;

  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_BUSY)
        g_set_error (error, MESO_DB_ERROR, SQLITE_BUSY, "%s",
                     _("Another program is using the clinic database; close it, then restore "
                       "again."));
      else
        set_sqlite_error (NULL, error, rc, _("Could not restore the backup"));
      goto out;
    }
  /* The companions first: a -wal left at @path would be replayed into the
   * new database. The database is linked, not renamed, so that @path
   * keeps a database until the new one takes its place. */
  for (guint i = 0; aside_path != NULL && i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, companion_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside_path, companion_suffixes[i], NULL);

      errno = EEXIST;   /* when @to exists */
      if (g_lstat (from, &st) == 0 && (g_lstat (to, &st) == 0 || g_rename (from, to) != 0))
        {
          int saved_errno = errno;
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                       _("Could not move “%s” aside: %s"), from, g_strerror (saved_errno));
          goto out;
        }
    }
  errno = EEXIST;
  if (aside_path != NULL && g_lstat (path, &st) == 0 &&
      (g_lstat (aside_path, &st) == 0 ||
       (link (path, aside_path) != 0 && g_rename (path, aside_path) != 0)))
    {
      int saved_errno = errno;
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("Could not move “%s” aside: %s"), path, g_strerror (saved_errno));
      goto out;
    }
  if (g_rename (new_path, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
      goto out;
    }
  ok = TRUE;

out:
  if (opened)
    {
      file->pMethods->xUnlock (file, SQLITE_LOCK_NONE);
      file->pMethods->xClose (file);
    }
  return ok;
}

/**
 * meso_db_copy_file:
 *
 * Copies @source_path byte for byte to the new file @dest_path (mode 0600),
 * reading it through SQLite's VFS, so that it may be a database, or its
 * -wal, that this process has open. For a file the backup API refuses, such
 * as a damaged database. Fails if @dest_path exists.
 */
gboolean
meso_db_copy_file (const char  *source_path,
                   const char  *dest_path,
                   GError     **error)
{
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK_SIZE);
  VfsFile source;
  gint64 offset = 0;
  gboolean ok;

  if (!vfs_file_open (&source, source_path, error))
    return FALSE;
  out = g_file_create (dest, G_FILE_CREATE_PRIVATE, NULL, error);
  ok = out != NULL;
  while (ok)
    {
      gssize n_read = vfs_file_read (&source, source_path, buffer, COPY_CHUNK_SIZE, offset,
                                     error);

      if (n_read <= 0)
        {
          ok = n_read == 0;
          break;
        }
      ok = g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, n_read, NULL, NULL, error);
      offset += n_read;
    }
  vfs_file_close (&source);

  if (out != NULL)
    {
      /* Closed in any case; its error counts only if nothing failed before. */
      ok = g_output_stream_close (G_OUTPUT_STREAM (out), NULL, ok ? error : NULL) && ok;
      if (!ok)
        g_file_delete (dest, NULL, NULL);
    }
  return ok;
}

static gboolean
exec_sql (sqlite3    *handle,
          const char *sql,
          GError    **error)
{
  int rc = sqlite3_exec (handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (handle, error, rc, _("Nothing was changed"));
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
      if (!exec_sql (self->handle, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (self->handle, migrations[i].sql, error) ||
          !exec_sql (self->handle, set_version, error) ||
          !exec_sql (self->handle, "COMMIT", error))
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

/* A trigger dropped, changed or added by another program could silence the
 * audit trail: such a database is refused for writing, and --check names
 * the triggers (the data stays readable there, and for a backup). */
static gboolean
check_triggers (sqlite3               *handle,
                const char            *path,
                const MesoDbMigration *migrations,
                guint                  n_migrations,
                int                    version,
                GError               **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  if (!meso_audit_check_triggers (handle, migrations, n_migrations, version, problems, error))
    return FALSE;
  if (problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED,
                   _("“%s” was changed by another program, and Mesodesk will not write to it: "
                     "its changes might not be in the audit trail. “mesodesk --check” reports "
                     "what changed; “mesodesk --restore FILE” brings back a backup.\n%s"),
                   path, problems->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_db_open_with_migrations:
 * @path: the database file; its folder must exist
 * @migrations: (array length=n_migrations): ordered by version
 *
 * Opens or creates a Mesodesk database. An existing file is checked first
 * and refused, untouched, when it is not SQLite, is truncated or damaged,
 * belongs to another program, comes from a newer Mesodesk, or cannot be
 * read or written. Before an older schema is migrated the file is checked
 * for integrity and copied to a timestamped backup beside it.
 */
MesoDb *
meso_db_open_with_migrations (const char            *path,
                              const MesoDbMigration *migrations,
                              guint                  n_migrations,
                              GError               **error)
{
  g_autoptr(MesoDb) self = NULL;
  int latest = migrations[n_migrations - 1].version;
  int version = 0;
  gboolean empty;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_migrations > 0, NULL);

  if (!check_file (path, &empty, error))
    return NULL;

  self = g_object_new (MESO_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (empty)
    {
      /* An empty file that exists already is left alone: another thread
       * may be creating the database in it. */
      int saved_errno = create_private_file (path);

      if (saved_errno != 0 && saved_errno != EEXIST)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                       _("Could not create “%s”: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
    }
  else
    {
      sqlite3 *inspect = inspect_existing (path, &version, error);

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
          if (!integrity_check (inspect, path, NULL, error) ||
              !backup_handle (inspect, self->migration_backup, error))
            {
              sqlite3_close_v2 (inspect);
              return NULL;
            }
        }
      sqlite3_close_v2 (inspect);
    }

  /* NOMUTEX: a connection is used by one thread at a time, so SQLite's own
   * locking around every call is pure cost on the list's hot paths. */
  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->handle, error, rc, _("Could not open the database"));
      return NULL;
    }
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->handle, TRUE);
  register_functions (self);

  /* synchronous=FULL: a committed clinical record must survive a power cut. */
  if (!exec_sql (self->handle,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = FULL;"
                 /* 16 MB of page cache: a month of the calendar fits. Reading
                  * through a memory map saves a system call per page when the
                  * calendar jumps to weeks not read yet. */
                 "PRAGMA cache_size = -16000;"
                 "PRAGMA mmap_size = 268435456;"
                 "PRAGMA foreign_keys = ON;", error))
    return NULL;

  self->schema_version = version;
  if (!migrate (self, migrations, n_migrations, error) ||
      !check_triggers (self->handle, path, migrations, n_migrations, latest, error))
    return NULL;

  return g_steal_pointer (&self);
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
  return meso_db_open_with_migrations (path, meso_schema_migrations,
                                       meso_schema_n_migrations, error);
}

/* The triggers, and the audit trail's hash chain (schema 10 on): every
 * trace another program left is listed, then reported as one error. */
static gboolean
check_tamper (sqlite3     *handle,
              const char  *path,
              int          version,
              GString     *report,
              GError     **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  gint64 first_broken = 0;
  gint64 n_entries = 0;

  if (!meso_audit_check_triggers (handle, meso_schema_migrations, meso_schema_n_migrations,
                                  version, problems, error))
    return FALSE;
  if (problems->len == 0)
    g_string_append_printf (report, "%s: ok\n", _("Triggers"));
  if (version >= 10)
    {
      if (!meso_audit_check_chain (handle, problems, &first_broken, &n_entries, error))
        return FALSE;
      if (first_broken == 0)
        g_string_append_printf (report, _("Audit trail: ok (%lld entries, chain unbroken)\n"),
                                (long long) n_entries);
    }
  if (problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED,
                   _("“%s” was changed by another program: its audit trail cannot be "
                     "trusted.\n%s"), path, problems->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_db_check:
 *
 * Runs the checks meso_db_open() makes, plus a full PRAGMA integrity_check
 * and the audit trail's hash chain, without writing anything. A database
 * whose triggers or audit trail another program changed fails with
 * %MESO_DB_ERROR_TAMPERED naming them. Returns a readable report, or %NULL with @error
 * saying what is wrong.
 */
char *
meso_db_check (const char  *path,
               GError     **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *handle;
  gboolean empty;
  int version = 0;
  int latest = meso_schema_latest_version ();
  int n_patients = 0;

  g_string_append_printf (report, "%s: %s\n", _("Database"), path);

  if (!check_file (path, &empty, error))
    return NULL;
  if (empty)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_SQLITE,
                   _("“%s” does not exist or is empty: there is nothing to check."), path);
      return NULL;
    }

  handle = inspect_existing (path, &version, error);
  if (handle == NULL)
    return NULL;

  g_string_append_printf (report, "%s: %d (%s %d)\n", _("Schema version"), version,
                          _("this build:"), latest);
  if (version > latest)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Mesodesk (database version %d; "
                     "this version understands up to %d)."), path, version, latest);
      sqlite3_close_v2 (handle);
      return NULL;
    }
  if (!integrity_check (handle, path, report, error))
    {
      sqlite3_close_v2 (handle);
      return NULL;
    }
  if (version >= 1 && query_int (handle, "SELECT count(*) FROM patient", &n_patients, NULL))
    g_string_append_printf (report, "%s: %d\n", _("Patients"), n_patients);
  if (!check_tamper (handle, path, version, report, error))
    {
      sqlite3_close_v2 (handle);
      return NULL;
    }

  sqlite3_close_v2 (handle);
  return g_string_free (g_steal_pointer (&report), FALSE);
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
 * meso_db_prepare:
 * @sql: a constant SQL text with bound parameters only
 *
 * Returns: (transfer none): a cached statement, reset and with its bindings
 * cleared, owned by @self.
 */
sqlite3_stmt *
meso_db_prepare (MesoDb      *self,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MESO_IS_DB (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->handle, error, rc, _("Could not prepare a query"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a statement that returns no rows, and resets it. */
gboolean
meso_db_step_done (MesoDb       *self,
                   sqlite3_stmt *stmt,
                   GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->handle, error, rc, _("Could not save"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * meso_db_step_and_commit:
 *
 * Steps @stmt, a write inside the transaction meso_db_begin() opened, and
 * commits; on any failure rolls the transaction back.
 */
gboolean
meso_db_step_and_commit (MesoDb        *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  if (!meso_db_step_done (self, stmt, error) || !meso_db_commit (self, error))
    {
      meso_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
meso_db_exec (MesoDb      *self,
              const char  *sql,
              GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return exec_sql (self->handle, sql, error);
}

/**
 * meso_db_begin:
 *
 * Starts a write transaction (BEGIN IMMEDIATE, so that a conflicting writer
 * waits for the busy timeout here rather than failing at COMMIT). End it
 * with meso_db_commit() or meso_db_rollback().
 */
gboolean
meso_db_begin (MesoDb      *self,
               GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!exec_sql (self->handle, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
meso_db_commit (MesoDb      *self,
                GError     **error)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!exec_sql (self->handle, "COMMIT", error))
    {
      meso_db_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
meso_db_rollback (MesoDb *self)
{
  g_return_if_fail (MESO_IS_DB (self));

  if (self->in_transaction)
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

/* Returns: whether a write transaction meso_db_begin() opened is still open. */
gboolean
meso_db_in_transaction (MesoDb *self)
{
  g_return_val_if_fail (MESO_IS_DB (self), FALSE);
  return self->in_transaction;
}

gint64
meso_db_last_insert_id (MesoDb *self)
{
  return sqlite3_last_insert_rowid (self->handle);
}

/**
 * meso_db_data_version:
 *
 * Returns: a number that changes when another connection (another
 * workstation, another process) commits a change; not for this one's own.
 */
gint64
meso_db_data_version (MesoDb *self)
{
  sqlite3_stmt *stmt = meso_db_prepare (self, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
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
  return meso_staff_require (self->actor, permission, error);
}
