/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schema.c: the database schema, one .sql resource per version (data/schema/). */
#define G_LOG_DOMAIN "meso-schema"

#include <stdlib.h>
#include <string.h>

#include "meso-clinic.h"
#include "meso-patient-store.h"
#include "meso-schema.h"
#include "mesodesk-core-resources.h"

#define SCHEMA_PATH        "/io/github/mesodesk/Mesodesk/core/schema/"
#define SERVER_SCHEMA_PATH "/io/github/mesodesk/Mesodesk/core/schema-pg/"

/* Version 16: sort keys by the clinic's language (ICU collation) and search
 * text holding other scripts' Latin forms, made for the patients already there. */
static gboolean
rebuild_patient_names (MesoDb  *db,
                       GError **error)
{
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, error);

  return clinic != NULL &&
         meso_patient_rebuild_names (db, meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE),
                                     meso_clinic_get_number (clinic, MESO_CLINIC_SCRIPT_ORDER),
                                     error);
}

/* The C steps, run after their version's SQL in the same transaction (see
 * MesoDbMigrationStep): add { version, step }. */
static const struct
{
  int                 version;
  MesoDbMigrationStep step;
} c_steps[] = {
  { 16, rebuild_patient_names },
};

/* The lines are joined with no newline, so that every statement keeps the
 * exact text it was first released with: SQLite stores a trigger's text as
 * written, and the audit check compares the triggers of a database created
 * by an older Mesodesk with these byte for byte. Comment lines are left out;
 * "--" anywhere else would comment out the rest of the migration. */
static char *
join_lines (const char *name,
            GBytes     *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *sql = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start = lines[i] + strspn (lines[i], " \t");

      if (g_str_has_prefix (start, "--"))
        continue;
      if (strstr (lines[i], "--") != NULL)
        g_error ("%s:%u: a comment must be a line of its own", name, i + 1);
      g_string_append (sql, lines[i]);
    }
  return g_string_free (sql, FALSE);
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static MesoDbMigrationStep
step_for_version (int version)
{
  for (guint i = 0; i < G_N_ELEMENTS (c_steps); i++)
    if (c_steps[i].version == version)
      return c_steps[i].step;
  return NULL;
}

/* Returns: (transfer full): the migrations, from the resource files in
 * @folder, whose names ("0001-initial.sql") number the versions 1, 2, 3...
 * without a gap. They are built into the program, so a bad file is a build
 * defect. SQLite's files are joined into one line (see join_lines ());
 * PostgreSQL's are sent as they are written. */
static GArray *
load_migrations (const char *folder)
{
  GResource *resource = mesodesk_core_get_resource ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_resource_enumerate_children (resource, folder,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  GArray *migrations = g_array_new (FALSE, TRUE, sizeof (MesoDbMigration));

  if (names == NULL)
    g_error ("%s: %s", folder, error->message);
  /* Zero-padded, so that the names sort in version order. */
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (folder, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      MesoDbMigration migration = { 0 };
      char *end = NULL;

      migration.version = (int) g_ascii_strtoll (names[i], &end, 10);
      if (migration.version != (int) i + 1 || end != names[i] + 4 || *end != '-' ||
          !g_str_has_suffix (names[i], ".sql"))
        g_error ("%s: expected schema version %u, named %04u-what-it-does.sql",
                 path, i + 1, i + 1);
      bytes = g_resource_lookup_data (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("%s: %s", path, error->message);
      migration.sql = g_str_equal (folder, SCHEMA_PATH)
                        ? join_lines (path, bytes)
                        : g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      migration.step = step_for_version (migration.version);
      g_array_append_val (migrations, migration);
    }
  if (migrations->len == 0)
    g_error ("%s: no schema", folder);
  return migrations;
}

/**
 * meso_schema_get_migrations:
 * @n_migrations: (out): the number of migrations
 *
 * This build's schema, loaded on first use and kept for the life of the
 * process (the audit check caches what it learns by the array's address).
 *
 * Returns: (transfer none) (array length=n_migrations): the migrations, by version
 */
const MesoDbMigration *
meso_schema_get_migrations (guint *n_migrations)
{
  static GArray *migrations;

  if (g_once_init_enter (&migrations))
    g_once_init_leave (&migrations, load_migrations (SCHEMA_PATH));
  *n_migrations = migrations->len;
  return (const MesoDbMigration *) migrations->data;
}

/**
 * meso_schema_get_server_migrations:
 * @n_migrations: (out): the number of migrations
 *
 * The same schema for a clinic server (data/schema-pg/): the same versions,
 * with the same C steps, in PostgreSQL's SQL.
 *
 * Returns: (transfer none) (array length=n_migrations): the migrations, by version
 */
const MesoDbMigration *
meso_schema_get_server_migrations (guint *n_migrations)
{
  static GArray *migrations;

  if (g_once_init_enter (&migrations))
    g_once_init_leave (&migrations, load_migrations (SERVER_SCHEMA_PATH));
  *n_migrations = migrations->len;
  return (const MesoDbMigration *) migrations->data;
}

int
meso_schema_latest_version (void)
{
  guint n_migrations;
  const MesoDbMigration *migrations = meso_schema_get_migrations (&n_migrations);

  return migrations[n_migrations - 1].version;
}
