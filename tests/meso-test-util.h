/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-util.h: temporary folders, file fingerprints and damage for the
 * tests, and waiting for an async call's result. */
#pragma once

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* A fresh folder under the test's temporary dir, removed by the caller. */
static inline char *
meso_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mesodesk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* SHA-256 of a file's bytes, or "missing": proves a file was not touched. */
static inline char *
meso_test_fingerprint (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Writes @length @bytes at @offset into the existing file @path: damage, as
 * a failing disk or another program would do it. */
static inline void
meso_test_overwrite (const char *path,
                     goffset     offset,
                     const char *bytes,
                     gsize       length)
{
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, length, offset), ==, (gssize) length);
  close (fd);
}

/* The permission bits of @path, or -1 if it cannot be read. */
static inline int
meso_test_file_mode (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (int) (st.st_mode & 0777) : -1;
}

static inline void
meso_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_chmod (path, 0700);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        meso_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* For g_signal_connect_swapped(): counts a signal's emissions in @count. */
static inline void
meso_test_count_cb (guint *count)
{
  (*count)++;
}

static inline void
meso_test_date (GDate *date,
                int    year,
                int    month,
                int    day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

/* Runs the built mesodesk (the MESODESK the test environment names) with
 * @args, which end with %NULL, and nothing on its standard input (so it
 * never waits for typing). Returns: its exit status (0 for success), its
 * output in @out_stdout and @out_stderr. */
static inline int
meso_test_run_mesodesk (const char *const  *args,
                        char              **out_stdout,
                        char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) exit_error = NULL;
  int status;

  g_assert_nonnull (g_getenv ("MESODESK"));
  g_ptr_array_add (argv, (char *) g_getenv ("MESODESK"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDIN_FROM_DEV_NULL,
                               NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (status, &exit_error))
    return 0;
  g_assert_error (exit_error, G_SPAWN_EXIT_ERROR, exit_error->code);
  return exit_error->code;
}

/* For an async call in a test: keeps its result in the GAsyncResult *
 * that @user_data points to, for meso_test_wait_result(). */
static inline void
meso_test_keep_result_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the main context until @result is kept, and returns it. */
static inline GAsyncResult *
meso_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}
