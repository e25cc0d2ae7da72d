/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-autostart.c: an XDG autostart entry that starts this Mesodesk with
 * --background for one database, so that its reminders arrive from the
 * moment the session starts. */
#define G_LOG_DOMAIN "meso-autostart"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "config.h"
#include "meso-autostart.h"

static char *
entry_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* An Exec argument, quoted as the Desktop Entry specification says (not
 * as a shell would: single quotes are not part of it). */
static char *
quote_exec_argument (const char *argument)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = argument; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (quoted, '\\');
      if (*p == '%')
        g_string_append_c (quoted, '%');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

gboolean
meso_autostart_is_enabled (void)
{
  g_autofree char *path = entry_path ();

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/**
 * meso_autostart_set_enabled:
 * @database: the database whose reminders to show
 *
 * Writes or removes the autostart entry. It runs the program running now,
 * installed or not.
 */
gboolean
meso_autostart_set_enabled (gboolean     enabled,
                            const char  *database,
                            GError     **error)
{
  g_autofree char *path = entry_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *program = NULL;
  g_autofree char *quoted_program = NULL;
  g_autofree char *quoted_database = NULL;
  g_autofree char *exec = NULL;
  g_autoptr(GKeyFile) entry = g_key_file_new ();

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       _("Could not remove %s: %s"), path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }

  program = g_file_read_link ("/proc/self/exe", error);
  if (program == NULL)
    return FALSE;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not create %s: %s"), folder, g_strerror (errno));
      return FALSE;
    }
  quoted_program = quote_exec_argument (program);
  quoted_database = quote_exec_argument (database);
  exec = g_strdup_printf ("%s --background --database %s", quoted_program, quoted_database);
  /* The key file escapes what the Exec value holds, as the format asks. */
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, "Mesodesk");
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Shows the clinic’s reminders"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY,
                          TRUE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);
  return g_key_file_save_to_file (entry, path, error);
}
