/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-pg.c: backups of a clinic server, made and restored with
 * PostgreSQL's own tools: pg_dump's custom format, checked with
 * pg_restore --list, and restored by pg_restore into a new, empty database
 * in one transaction. Written to this computer's backup folder and rotated
 * like a file's backups (meso-backup.c). */
#define G_LOG_DOMAIN "meso-backup"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include "meso-backup-pg.h"
#include "meso-db-pg.h"

/* Appends keyword='value' to a conninfo string, quoted as libpq reads it. */
static void
append_conninfo (GString    *conninfo,
                 const char *keyword,
                 const char *value)
{
  g_string_append_printf (conninfo, "%s%s='", conninfo->len > 0 ? " " : "", keyword);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *c);
    }
  g_string_append_c (conninfo, '\'');
}

/* @out_password: (out) (transfer full) (nullable): the password @uri holds
 *
 * The connection PostgreSQL's own tools (pg_dump, pg_restore) get for
 * @uri, with the defaults Mesodesk connects with (verify-full TLS to a
 * server that is not this computer) and without its password, which goes
 * to the tool in its environment (PGPASSWORD), never on a command line
 * every user can list.
 *
 * Returns: (transfer full) (nullable): a conninfo string, or %NULL if @uri
 * is not an address libpq reads */
static char *
conninfo_for_tool (const char  *uri,
                   char       **out_password)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  GString *conninfo;
  const char *host = NULL, *sslmode = NULL;
  gboolean has_timeout = FALSE;

  *out_password = NULL;
  if (options == NULL)
    return NULL;
  conninfo = g_string_new (NULL);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "password"))
        {
          *out_password = g_strdup (o->val);
          continue;
        }
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "sslmode"))
        sslmode = o->val;
      has_timeout = has_timeout || g_str_equal (o->keyword, "connect_timeout");
      append_conninfo (conninfo, o->keyword, o->val);
    }
  if (meso_pg_wants_verify_full (host, sslmode))
    append_conninfo (conninfo, "sslmode", "verify-full");
  if (!has_timeout)
    append_conninfo (conninfo, "connect_timeout", "10");
  PQconninfoFree (options);
  return g_string_free (conninfo, FALSE);
}

/* Debian's wrapper in PATH, else the version Mesodesk is built against. */
static char *
find_tool (const char  *name,
           GError     **error)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_autofree char *fallback = g_build_filename ("/usr/lib/postgresql/15/bin", name, NULL);

      if (g_file_test (fallback, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&fallback);
    }
  if (path == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("“%s” is missing: install PostgreSQL’s client tools (the package "
                   "postgresql-client) to back up a clinic server."), name);
  return path;
}

/* Runs PostgreSQL's tool @name with @args; with @uri, the tool connects
 * there, the password @uri holds in its environment only (without one, it
 * finds PGPASSWORD or ~/.pgpass as Mesodesk's own connection does). */
static gboolean
run_tool (const char          *name,
          const char          *uri,
          const char  *const  *args,
          char               **out_stdout,
          GError             **error)
{
  g_autofree char *tool = find_tool (name, error);
  g_autofree char *conninfo = NULL;
  g_autofree char *password = NULL;
  g_autofree char *dbname_arg = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;

  if (tool == NULL)
    return FALSE;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_ptr_array_add (argv, tool);
  if (uri != NULL)
    {
      conninfo = conninfo_for_tool (uri, &password);
      if (conninfo == NULL)
        {
          g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNREACHABLE,
                       _("“%s” is not a clinic server address: write it as "
                         "postgresql://user@host/database."), uri);
          return FALSE;
        }
      if (password != NULL)
        g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
      dbname_arg = g_strconcat ("--dbname=", conninfo, NULL);
      g_ptr_array_add (argv, dbname_arg);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, &err, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s failed: %s"), name,
                   err != NULL ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_backup_dump_server:
 *
 * Writes the clinic on the server at @uri to @dest_path with pg_dump, in
 * its custom format: one consistent snapshot, taken while the clinic
 * works on.
 */
gboolean
meso_backup_dump_server (const char  *uri,
                         const char  *dest_path,
                         GError     **error)
{
  g_autofree char *file_arg = g_strconcat ("--file=", dest_path, NULL);
  const char *args[] = { "--format=custom", "--no-owner", "--no-privileges", file_arg, NULL };

  if (!run_tool ("pg_dump", uri, args, NULL, error))
    {
      g_prefix_error (error, _("Could not back up the clinic server: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_backup_is_dump:
 *
 * Returns: whether @path begins as pg_dump's custom format does ("PGDMP"),
 * whatever its name: a backup that is no SQLite file at all.
 */
gboolean
meso_backup_is_dump (const char *path)
{
  char magic[5] = { 0 };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean is_dump;

  if (fd < 0)
    return FALSE;
  is_dump = read (fd, magic, sizeof magic) == sizeof magic && memcmp (magic, "PGDMP", 5) == 0;
  close (fd);
  return is_dump;
}

/**
 * meso_backup_verify_dump:
 *
 * Returns: %TRUE if pg_restore reads @path whole and it holds a Mesodesk
 * clinic: its schema version and its audit trail.
 */
gboolean
meso_backup_verify_dump (const char  *path,
                         GError     **error)
{
  const char *args[] = { "--list", path, NULL };
  g_autofree char *listing = NULL;

  if (!run_tool ("pg_restore", NULL, args, &listing, error))
    {
      g_prefix_error (error, _("“%s” is not a readable clinic server backup: "), path);
      return FALSE;
    }
  /* Lines such as "3401; 0 16390 TABLE DATA public audit mesodesk". */
  if (!g_regex_match_simple ("^\\d+; \\d+ \\d+ TABLE DATA \\S+ mesodesk_schema( |$)", listing,
                             G_REGEX_MULTILINE, 0) ||
      !g_regex_match_simple ("^\\d+; \\d+ \\d+ TABLE DATA \\S+ audit( |$)", listing,
                             G_REGEX_MULTILINE, 0))
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_MESODESK,
                   _("“%s” is a backup of another program’s database, not of a Mesodesk "
                     "clinic."), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_backup_restore_server:
 *
 * Restores the backup @dump_path into the database at @uri, which must be
 * new and empty (the workstations are then pointed to it): pg_restore in
 * one transaction, so that a failure leaves it empty. The clinic is then
 * opened once, which brings an older backup up to this version.
 */
gboolean
meso_backup_restore_server (const char  *dump_path,
                            const char  *uri,
                            GError     **error)
{
  const char *args[] = { "--single-transaction", "--exit-on-error", "--no-owner",
                         "--no-privileges", dump_path, NULL };
  g_autofree char *n_tables = NULL;
  g_autoptr(MesoDb) db = NULL;
  MesoPg *pg;
  gboolean empty;

  if (!meso_backup_verify_dump (dump_path, error))
    return FALSE;
  pg = meso_pg_connect (uri, error);
  if (pg == NULL)
    return FALSE;
  empty = meso_pg_query_value (pg, "SELECT count(*) FROM pg_class"
                                   " WHERE relnamespace = current_schema ()::regnamespace"
                                   " AND relkind IN ('r', 'v', 'm', 'p', 'f')", &n_tables, error);
  meso_pg_free (pg);
  if (!empty)
    return FALSE;
  if (g_strcmp0 (n_tables, "0") != 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED,
                   _("A clinic server backup is restored into a new, empty database only; this "
                     "one holds tables. Nothing was changed."));
      return FALSE;
    }
  if (!run_tool ("pg_restore", uri, args, NULL, error))
    {
      g_prefix_error (error, _("Could not restore the backup, and nothing was changed: "));
      return FALSE;
    }
  db = meso_db_open (uri, error);
  return db != NULL;
}
