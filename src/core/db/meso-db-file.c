/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-file.c: a database file as a file: its header read through
 * SQLite's VFS, copies, backups, restores and replacement, never with plain
 * file calls while a connection may hold it. */
#define G_LOG_DOMAIN "meso-db"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "meso-db-private.h"

/* stat() opens no descriptor, so it cannot drop any lock (see below). */
gboolean
meso_db_file_has_wal (const char *path)
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
gboolean
meso_db_file_check (const char *path,
                    gboolean    for_writing,
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
      if (for_writing && access (folder, W_OK | X_OK) != 0)
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
          (memcmp (header + 24, header + 92, 4) == 0 && !meso_db_file_has_wal (path) &&
           (guint64) st.st_size < (guint64) n_pages * page_size))
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TRUNCATED,
                       _("“%s” is damaged: the file is shorter than the database it holds."),
                       path);
          return FALSE;
        }
    }

  if (for_writing && (access (path, W_OK) != 0 || access (folder, W_OK | X_OK) != 0))
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("“%s” is read-only, or lies in a read-only folder: Mesodesk needs to "
                     "write to both."), path);
      return FALSE;
    }

  return TRUE;
}

/* Opens @path for reading only. A file that cannot be written, or lies in a
 * folder that cannot be (a backup on read-only media), is opened immutable:
 * SQLite then takes no lock and needs no -shm beside it. One with a WAL
 * beside it is not: immutable would read the file without its WAL. */
int
meso_db_file_open_read_only (const char  *path,
                             sqlite3    **out_handle)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW;
  int rc;

  if ((access (path, W_OK) != 0 || access (folder, W_OK | X_OK) != 0) &&
      !meso_db_file_has_wal (path))
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
      g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

      rc = sqlite3_open_v2 (uri, out_handle, flags | SQLITE_OPEN_URI, NULL);
    }
  else
    rc = sqlite3_open_v2 (path, out_handle, flags, NULL);
  if (rc == SQLITE_OK)
    sqlite3_busy_timeout (*out_handle, BUSY_TIMEOUT_MS);
  return rc;
}

/* A copy made while the clinic works goes in steps of this many pages (4 MiB
 * at the default 4 KiB page), each followed by a pause: the disk is shared
 * with the application's own reads and writes instead of taken for the
 * whole copy. */
#define COPY_STEP_PAGES 1024
#define COPY_STEP_PAUSE_MS 5

/* SQLite's backup API, all pages in one step, or in steps of @step_pages
 * if it is positive. Returns an SQLite code. A lock held by another program
 * is waited for up to BUSY_TIMEOUT_MS in all, then reported: a program left
 * open must not hang a restore forever. */
static int
copy_pages (sqlite3 *source,
            sqlite3 *dest,
            int      step_pages)
{
  sqlite3_backup *backup;
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  gboolean reading = FALSE;
  int rc;

  /* In steps, the copy holds one read transaction on the source from the
   * first step to the last: in WAL mode that never refuses the writer, and
   * the copy is of one moment. Without it, every write by another
   * connection between two steps would restart the copy from page 1, and a
   * busy clinic's copy might never end. */
  if (step_pages > 0 && sqlite3_get_autocommit (source))
    {
      rc = sqlite3_exec (source, "BEGIN; SELECT count (*) FROM sqlite_schema", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          if (!sqlite3_get_autocommit (source))
            sqlite3_exec (source, "ROLLBACK", NULL, NULL, NULL);
          return rc;
        }
      reading = TRUE;
    }
  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      rc = sqlite3_errcode (dest);
      goto out;
    }
  for (;;)
    {
      rc = sqlite3_backup_step (backup, step_pages > 0 ? step_pages : -1);
      if (rc == SQLITE_OK)
        {
          g_usleep (COPY_STEP_PAUSE_MS * G_TIME_SPAN_MILLISECOND);
          deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
          continue;
        }
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || g_get_monotonic_time () >= deadline)
        break;
      g_usleep (50 * 1000);
    }
  sqlite3_backup_finish (backup);
  rc = rc == SQLITE_DONE ? sqlite3_errcode (dest) : rc;

out:
  if (reading)
    sqlite3_exec (source, "COMMIT", NULL, NULL, NULL);
  return rc;
}

/* Creates @path empty, mode 0600, only if it does not exist yet (O_EXCL): a
 * file just created cannot be open in any connection, while closing a
 * descriptor of an existing database could drop this process's locks on it
 * (see VfsFile). Returns 0, or the errno, EEXIST when the file exists. */
int
meso_db_file_create_private (const char *path)
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
               int         step_pages,
               GError    **error)
{
  sqlite3 *dest = NULL;
  int saved_errno;
  int rc;

  /* Create the file ourselves so that it is private from the first byte. */
  saved_errno = meso_db_file_create_private (dest_path);
  if (saved_errno != 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("Could not create the backup “%s”: %s"), dest_path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = copy_pages (source, dest, step_pages);
  /* A backup is one self-contained file: out of WAL mode, opening it to
   * check it (read-only) leaves no -wal and -shm files beside it. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      meso_db_set_sqlite_error (dest, error, rc, _("Could not write the backup"));
      sqlite3_close_v2 (dest);
      g_unlink (dest_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);
  return TRUE;
}

/* A copy through the application's own connection (the copy a migration
 * makes before it starts, meso_db_backup_to ()): in one step, as that
 * connection is not used for anything else meanwhile. */
gboolean
meso_db_file_backup_handle (sqlite3    *source,
                            const char *dest_path,
                            GError    **error)
{
  return backup_handle (source, dest_path, -1, error);
}

/**
 * meso_db_backup_file:
 *
 * Like meso_db_backup_to(), through a read-only connection of its own, so
 * that it can run in a worker thread while the application writes. The copy
 * is made in steps with a pause between them, all in one read transaction:
 * it is the database as it was when the copy started, and writes by other
 * connections meanwhile are neither refused nor copied.
 */
gboolean
meso_db_backup_file (const char  *source_path,
                     const char  *dest_path,
                     GError     **error)
{
  sqlite3 *source = NULL;
  gboolean ok;
  int rc;

  rc = meso_db_file_open_read_only (source_path, &source);
  if (rc != SQLITE_OK)
    {
      meso_db_set_sqlite_error (source, error, rc, _("Could not open the database"));
      sqlite3_close_v2 (source);
      return FALSE;
    }
  ok = backup_handle (source, dest_path, COPY_STEP_PAGES, error);
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
  saved_errno = meso_db_file_create_private (dest_path);
  if (saved_errno != 0 && saved_errno != EEXIST)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_READ_ONLY,
                   _("Could not write “%s”: %s"), dest_path, g_strerror (saved_errno));
      return FALSE;
    }

  rc = meso_db_file_open_read_only (source_path, &source);
  if (rc != SQLITE_OK)
    {
      meso_db_set_sqlite_error (source, error, rc, _("Could not open the backup"));
      sqlite3_close_v2 (source);
      return FALSE;
    }
  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (dest, BUSY_TIMEOUT_MS);
      rc = copy_pages (source, dest, -1);
    }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, MESO_DB_ERROR, rc, "%s",
                 _("Another program is using the clinic database; close it, then restore "
                   "again."));
  else if (rc != SQLITE_OK)
    meso_db_set_sqlite_error (dest, error, rc, _("Could not restore the backup"));
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
        meso_db_set_sqlite_error (NULL, error, rc, _("Could not restore the backup"));
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
