/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-passphrase.c: the passphrase is read without echo and wiped from
 * memory when freed; a file holding one must be this user's alone. */
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "meso-passphrase.h"

/* Longer lines are refused rather than cut. */
#define MAX_BYTES 1024

/**
 * meso_passphrase_check_new:
 *
 * Returns: whether @passphrase may encrypt backups: at least
 * %MESO_PASSPHRASE_MIN_CHARS characters, valid UTF-8.
 */
gboolean
meso_passphrase_check_new (const char  *passphrase,
                           GError     **error)
{
  if (!g_utf8_validate (passphrase, -1, NULL) ||
      g_utf8_strlen (passphrase, -1) < MESO_PASSPHRASE_MIN_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A backup passphrase needs at least %d character.",
                                "A backup passphrase needs at least %d characters.",
                                MESO_PASSPHRASE_MIN_CHARS),
                   MESO_PASSPHRASE_MIN_CHARS);
      return FALSE;
    }
  return TRUE;
}

void
meso_passphrase_free (char *passphrase)
{
  if (passphrase == NULL)
    return;
  sodium_memzero (passphrase, strlen (passphrase));
  g_free (passphrase);
}

/* Returns: (transfer full) (nullable): the first line of @file, without its
 * line end; %NULL when there is none or it is too long. */
static char *
read_line (FILE *file)
{
  char buffer[MAX_BYTES + 2];
  char *line = NULL;
  size_t length;

  if (fgets (buffer, sizeof buffer, file) != NULL)
    {
      length = strcspn (buffer, "\r\n");
      if (length <= MAX_BYTES && (buffer[length] != '\0' || feof (file)))
        line = g_strndup (buffer, length);
    }
  sodium_memzero (buffer, sizeof buffer);
  return line;
}

/**
 * meso_passphrase_read_file:
 *
 * Returns: (transfer full) (nullable): the first line of @path, which only
 * its owner may read; free it with meso_passphrase_free().
 */
char *
meso_passphrase_read_file (const char  *path,
                           GError     **error)
{
  FILE *file = g_fopen (path, "re");
  GStatBuf st;
  char *line;

  if (file == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  /* Unbuffered: no copy of the passphrase is left in stdio's buffer. */
  setvbuf (file, NULL, _IONBF, 0);
  if (fstat (fileno (file), &st) != 0 || (st.st_mode & 0077) != 0)
    {
      fclose (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” can be read by other users: make it yours alone "
                     "(chmod 600) before it holds a passphrase."), path);
      return NULL;
    }
  line = read_line (file);
  fclose (file);
  if (line == NULL || *line == '\0')
    {
      meso_passphrase_free (line);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No passphrase was read from “%s”: it must be the file’s first line, "
                     "at most %d bytes."), path, MAX_BYTES);
      return NULL;
    }
  return line;
}

/**
 * meso_passphrase_ask:
 *
 * Asks for a passphrase at the terminal (standard input), not echoing it.
 *
 * Returns: (transfer full) (nullable): what was typed; %NULL when standard
 * input is not a terminal. Free it with meso_passphrase_free().
 */
char *
meso_passphrase_ask (const char  *prompt,
                     GError     **error)
{
  struct termios saved, quiet;
  char *line;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The passphrase can only be typed at a terminal; give it in a file "
                     "with --passphrase-file."));
      return NULL;
    }
  setvbuf (stdin, NULL, _IONBF, 0);
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  g_printerr ("%s", prompt);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  line = read_line (stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  if (line == NULL || *line == '\0')
    {
      meso_passphrase_free (line);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No passphrase was typed (it may have at most %d bytes)."), MAX_BYTES);
      return NULL;
    }
  return line;
}
