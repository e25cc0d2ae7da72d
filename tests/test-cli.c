/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the installed mesodesk binary as a script runs it: an export
 * never lands on the database or, without --force, on an existing file;
 * read-only commands never create a clinic; two modes at once are refused
 * by name; and a locked database is explained in words. */
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "meso-test-gui.h"
#include "meso-test-handout.h"
#include "meso-schema.h"

#define BUSY_SENTENCE \
  "Another Mesodesk or program is writing to the clinic database; try again in a moment."

/* A clinic with one session, closed: the test only looks at its files, and
 * never reads one while it holds a connection to it. */
typedef struct
{
  MesoHandoutFixture handout;
  char              *database;
  char              *session;
  char              *data_home;   /* XDG_DATA_HOME of the runs: the default database */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  meso_handout_fixture_set_up (&f->handout, data);
  f->database = g_strdup (meso_db_get_path (f->handout.db));
  f->session = g_strdup_printf ("%" G_GINT64_FORMAT, f->handout.session->id);
  f->data_home = g_build_filename (f->handout.dir, "data", NULL);
  f->handout.db = NULL;
  g_clear_object (&f->handout.context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->database);
  g_free (f->session);
  g_free (f->data_home);
  meso_handout_fixture_tear_down (&f->handout, data);
}

/* Runs mesodesk with @args in the clinic's folder. Returns: its exit status;
 * what it printed on stderr in @out_err. */
static int
run (Fixture           *f,
     const char * const *args,
     char              **out_err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", f->data_home, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) exit_error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_assert_nonnull (g_getenv ("MESODESK"));
  g_ptr_array_add (argv, (char *) g_getenv ("MESODESK"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (f->handout.dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL,
                               NULL, &out, out_err, &status, &error));
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (status, &exit_error))
    return 0;
  g_assert_error (exit_error, G_SPAWN_EXIT_ERROR, exit_error->code);
  return exit_error->code;
}

/* Runs --print-handout instructions for the session to @output, with @extra
 * (or NULL) after it. */
static int
print_to (Fixture    *f,
          const char *output,
          const char *extra,
          char      **out_err)
{
  const char *args[] = { "--database", f->database, "--print-handout", "instructions",
                         "--session", f->session, "--output", output, extra, NULL };

  return run (f, args, out_err);
}

static void
assert_has (const char *text,
            const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not in “%s”", expected, text);
}

/* Every spelling of the database and of its working files is refused, and
 * the database keeps its bytes. */
static void
test_output_is_database (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *before = meso_test_fingerprint (f->database);
  g_autofree char *wal = g_strconcat (f->database, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->database, "-shm", NULL);
  g_autofree char *folder_name = g_path_get_basename (f->handout.dir);
  g_autofree char *dotted = g_build_filename (f->handout.dir, "..", folder_name, "clinic.db",
                                              NULL);
  g_autofree char *hard = g_build_filename (f->handout.dir, "hard.pdf", NULL);
  g_autofree char *soft = g_build_filename (f->handout.dir, "soft.pdf", NULL);
  g_autofree char *after = NULL;
  const char *outputs[] = { f->database, "clinic.db", "./clinic.db", dotted, hard, soft,
                            wal, shm, "clinic.db-wal", "clinic.db-journal" };
  sqlite3 *other = NULL;
  GStatBuf st;

  g_assert_cmpint (link (f->database, hard), ==, 0);
  g_assert_cmpint (symlink (f->database, soft), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *now = NULL;

      /* --force replaces an export, never the database. */
      for (guint force = 0; force < 2; force++)
        {
          g_test_message ("--output %s%s", outputs[i], force ? " --force" : "");
          g_assert_cmpint (print_to (f, outputs[i], force ? "--force" : NULL, &err), ==, 1);
          assert_has (err, "is the clinic database or one of its working files");
          g_clear_pointer (&err, g_free);
          now = meso_test_fingerprint (f->database);
          g_assert_cmpstr (now, ==, before);
          g_clear_pointer (&now, g_free);
          g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
          g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
        }
    }

  /* While another program has the database open, its -wal is there. */
  g_assert_cmpint (sqlite3_open (f->database, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN; SELECT count(*) FROM patient", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (print_to (f, wal, "--force", &err), ==, 1);
    assert_has (err, "is the clinic database or one of its working files");
  }
  sqlite3_exec (other, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (other);
  after = meso_test_fingerprint (f->database);
  g_assert_cmpstr (after, ==, before);
}

static gboolean
leftovers (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      return TRUE;
  return FALSE;
}

/* An existing file is kept unless --force; with it, it becomes the PDF. */
static void
test_output_exists (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->handout.dir, "letter.pdf", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (pdf, "The referral letter, not a handout.", -1, &error));
  g_assert_no_error (error);
  before = meso_test_fingerprint (pdf);

  g_assert_cmpint (print_to (f, pdf, NULL, &err), ==, 1);
  assert_has (err, "already exists");
  assert_has (err, "--force");
  after = meso_test_fingerprint (pdf);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (leftovers (f->handout.dir));

  g_clear_pointer (&err, g_free);
  if (print_to (f, pdf, "--force", &err) != 0)
    g_error ("mesodesk --force failed: %s", err);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (length > 4 && memcmp (contents, "%PDF", 4) == 0);
  g_assert_cmpint (meso_test_file_mode (pdf), ==, 0600);
  g_assert_false (leftovers (f->handout.dir));
}

/* Read-only commands with a mistyped or missing database: exit 1, and no
 * file, no folder and no -wal appear. */
static void
test_missing_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *typo = g_build_filename (f->handout.dir, "clinc.db", NULL);
  g_autofree char *no_folder = g_build_filename (f->handout.dir, "clinic", "clinic.db", NULL);
  g_autofree char *empty = g_build_filename (f->handout.dir, "empty.db", NULL);
  g_autofree char *pdf = g_build_filename (f->handout.dir, "out.pdf", NULL);
  g_autofree char *copy = g_build_filename (f->handout.dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  const char *databases[] = { typo, no_folder, empty, NULL /* the default one */ };

  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (databases); i++)
    {
      const char *commands[][8] = {
        { "--print-handout", "instructions", "--session", f->session, "--output", pdf },
        { "--check" },
        { "--backup", copy },
      };

      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          g_autoptr(GPtrArray) args = g_ptr_array_new ();
          g_autofree char *err = NULL;
          g_autofree char *wal = NULL;

          if (databases[i] != NULL)
            {
              g_ptr_array_add (args, (char *) "--database");
              g_ptr_array_add (args, (char *) databases[i]);
            }
          for (guint a = 0; commands[c][a] != NULL; a++)
            g_ptr_array_add (args, (char *) commands[c][a]);
          g_ptr_array_add (args, NULL);

          g_test_message ("%s on %s", commands[c][0], databases[i]);
          g_assert_cmpint (run (f, (const char * const *) args->pdata, &err), ==, 1);
          g_assert_false (g_file_test (typo, G_FILE_TEST_EXISTS));
          g_assert_false (g_file_test (no_folder, G_FILE_TEST_EXISTS));
          g_assert_false (g_file_test (f->data_home, G_FILE_TEST_EXISTS));
          wal = g_strconcat (empty, "-wal", NULL);
          g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
          g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
          g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
          assert_has (err, "there is no clinic database at");
        }
    }
  {
    g_autofree char *folder = g_path_get_dirname (no_folder);
    GStatBuf st;

    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_stat (empty, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 0);
  }
}

/* Two things at once: refused with exit 2, naming both, and neither done. */
typedef struct
{
  const char *args[6];
  const char *first;
  const char *second;
} Conflict;

static const Conflict conflicts[] = {
  { { "--backup", "new.db", "--restore", "clinic.db" }, "--backup", "--restore" },
  { { "--check", "--print-handout", "aftercare", "--output", "new.pdf" },
    "--check", "--print-handout" },
  { { "--check", "--backup", "new.db" }, "--check", "--backup" },
  { { "--restore", "clinic.db", "--check" }, "--check", "--restore" },
  { { "--backup", "new.db", "--print-handout", "aftercare" }, "--backup", "--print-handout" },
  { { "--background", "--check" }, "--check", "--background" },
  { { "--background", "--backup", "new.db" }, "--backup", "--background" },
  { { "--background", "--print-handout", "aftercare", "--output", "new.pdf" },
    "--background", "--print-handout" },
  { { "--version", "--check" }, "--check", "--version" },
  { { "--demo", "--database", "clinic.db" }, "--database", "--demo" },
  { { "--demo", "--background" }, "--demo", "--background" },
  { { "--backup", "new.db", "--output", "new.pdf" }, "--backup", "--output" },
  { { "--check", "--force" }, "--check", "--force" },
  { { "--output", "new.pdf" }, "--output", "--print-handout" },
  { { "--session", "1" }, "--session", "--print-handout" },
};

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = meso_test_fingerprint (f->database);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (conflicts); i++)
    {
      const Conflict *c = &conflicts[i];
      g_autofree char *err = NULL;
      g_autofree char *new_db = g_build_filename (f->handout.dir, "new.db", NULL);
      g_autofree char *new_pdf = g_build_filename (f->handout.dir, "new.pdf", NULL);
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;

      g_test_message ("%s with %s", c->first, c->second);
      g_assert_cmpint (run (f, c->args, &err), ==, 2);
      first = g_strconcat (c->first, " ", NULL);
      second = g_strconcat (c->second, " ", NULL);
      assert_has (err, first);
      assert_has (err, second);
      g_assert_false (g_file_test (new_db, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (new_pdf, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (f->data_home, G_FILE_TEST_EXISTS));
    }
  after = meso_test_fingerprint (f->database);
  g_assert_cmpstr (after, ==, before);
}

/* The record summary is written with the patient's export, which the audit
 * trail records: --print-handout does not write one on its own. */
static void
test_no_record_summary (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->handout.dir, "summary.pdf", NULL);
  const char *args[] = { "--database", f->database, "--print-handout", "record-summary",
                         "--session", f->session, "--output", pdf, NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, args, &err), ==, 2);
  assert_has (err, "the handout types are aftercare, schedule, record and instructions");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* Another program holds the write lock while this Mesodesk must update the
 * database: the script's log says so in words, not "database is locked". */
static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->handout.dir, "out.pdf", NULL);
  g_autofree char *older = g_build_filename (f->handout.dir, "older.db", NULL);
  const char *args[] = { "--database", older, "--print-handout", "instructions",
                         "--session", f->session, "--output", pdf, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const MesoDbMigration *migrations;
  guint n_migrations;
  sqlite3 *other = NULL;
  MesoDb *db;

  /* Written by the version before this one: opening it migrates, which
   * writes. */
  migrations = meso_schema_get_migrations (&n_migrations);
  db = meso_db_open_with_migrations (older, migrations, n_migrations - 1, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);
  g_assert_cmpint (sqlite3_open (older, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (run (f, args, &err), ==, 1);
  assert_has (err, BUSY_SENTENCE);
  g_assert_null (strstr (err, "database is locked"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
}

/* An address that is neither a file nor a clinic server is refused in
 * words (it crashed the program once). */
static void
test_not_a_file (Fixture       *f,
                 gconstpointer  data)
{
  const char *args[] = { "--background", "--database", "http://example.org/clinic.db", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, args, &err), ==, 1);
  assert_has (err, "is neither a file on this computer nor a clinic server’s address");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/cli/output/database", test_output_is_database);
  ADD ("/meso/cli/output/exists", test_output_exists);
  ADD ("/meso/cli/read-only/missing-database", test_missing_database);
  ADD ("/meso/cli/conflicts", test_conflicts);
  ADD ("/meso/cli/no-record-summary", test_no_record_summary);
  ADD ("/meso/cli/locked", test_locked);
  ADD ("/meso/cli/not-a-file", test_not_a_file);
#undef ADD

  return g_test_run ();
}
