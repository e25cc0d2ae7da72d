/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-output-file.c: refuses an export target that is the clinic database,
 * one of its working files, or (unless asked) a file that already exists. */
#define G_LOG_DOMAIN "meso-output-file"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "config.h"
#include "meso-output-file.h"

/* The files SQLite keeps beside a database while it is open or recovering. */
static const char * const working_suffixes[] = { "", "-wal", "-shm", "-journal" };

/* @path made absolute, with its folder's symbolic links and ".." resolved:
 * two spellings of one place compare equal even when no file is there yet. */
static char *
resolve (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *folder = g_path_get_dirname (absolute);
  g_autofree char *name = g_path_get_basename (absolute);
  g_autofree char *real_folder = realpath (folder, NULL);

  return g_build_filename (real_folder != NULL ? real_folder : folder, name, NULL);
}

/**
 * meso_output_file_check:
 * @path: the file an export is about to be written to
 * @database: the clinic database the export is read from
 * @replace: whether an existing file at @path may be replaced
 *
 * Refuses @path when it is @database or one of its -wal, -shm or -journal
 * files, compared both by the file they are (device and inode, so a hard or
 * symbolic link is caught) and by their resolved path (so a working file
 * that does not exist at the moment is caught too); when it is a folder or
 * another kind of non-regular file; and, unless @replace, when it exists.
 * It only looks at the files' metadata: it never opens them.
 *
 * Returns: %TRUE if the export may be written to @path.
 */
/**
 * meso_output_file_is_database:
 *
 * Returns: whether @path names @database or one of its working files
 * (-wal, -shm, -journal), by another name or a link too: a file that must
 * never be opened, read or closed beside SQLite's own connection to it.
 */
gboolean
meso_output_file_is_database (const char *path,
                              const char *database)
{
  g_autofree char *resolved = resolve (path);
  GStatBuf target;
  gboolean target_exists = g_stat (path, &target) == 0;

  for (guint i = 0; i < G_N_ELEMENTS (working_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (database, working_suffixes[i], NULL);
      g_autofree char *resolved_file = resolve (file);
      GStatBuf st;

      if (g_str_equal (resolved, resolved_file) ||
          (target_exists && g_stat (file, &st) == 0 &&
           st.st_dev == target.st_dev && st.st_ino == target.st_ino))
        return TRUE;
    }
  return FALSE;
}

gboolean
meso_output_file_check (const char  *path,
                        const char  *database,
                        gboolean     replace,
                        GError     **error)
{
  GStatBuf target, entry;
  gboolean target_exists;

  g_return_val_if_fail (path != NULL && database != NULL, FALSE);

  target_exists = g_stat (path, &target) == 0;
  if (meso_output_file_is_database (path, database))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is the clinic database or one of its working files; Mesodesk "
                     "never writes an export over it. Choose another file."), path);
      return FALSE;
    }

  /* lstat: a symbolic link, even a dangling one, is a name already taken. */
  if (g_lstat (path, &entry) != 0)
    return TRUE;
  if (target_exists && S_ISDIR (target.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: give the name of a file in it."), path);
      return FALSE;
    }
  if (!S_ISREG (entry.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file: choose another name."), path);
      return FALSE;
    }
  if (!replace)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("“%s” already exists."), path);
      return FALSE;
    }
  return TRUE;
}
