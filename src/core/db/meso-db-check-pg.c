/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-check-pg.c: mesodesk --check of a clinic server. It reads, never
 * writes: reachable, a Mesodesk clinic of a version this build knows, the
 * extension and constraints that keep bookings apart, every trigger of the
 * schema in place and enabled, the audit trail's hash chain, and the
 * photos' checksums. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>

#include "meso-audit-pg.h"
#include "meso-db-pg.h"
#include "meso-db-private.h"
#include "meso-patient-store-pg.h"
#include "meso-photo-check-pg.h"
#include "meso-schema.h"

typedef struct
{
  MesoPg  *pg;
  GString *report;
  GString *problems;
} Check;

/**
 * meso_pg_query_value:
 * @out_value: (out) (transfer full) (nullable): the value as text, %NULL
 *   for SQL NULL
 *
 * Runs @sql, which selects one value, on a statement of its own: for
 * checks made on a connection with no MesoDb over it (--check).
 */
gboolean
meso_pg_query_value (MesoPg      *pg,
                     const char  *sql,
                     char       **out_value,
                     GError     **error)
{
  MesoPgStmt *stmt = meso_pg_stmt_new (pg, sql, error);
  int rc;

  *out_value = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = meso_pg_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    *out_value = g_strdup (meso_pg_stmt_column_text (stmt, 0));
  else
    meso_pg_set_error (pg, error, rc, _("Could not check the clinic server’s database"));
  meso_pg_stmt_free (stmt);
  return rc == MESO_STEP_ROW;
}

/* The triggers the schema's migrations leave, in the order they make them. */
static GPtrArray *
expected_triggers (void)
{
  g_autoptr(GRegex) regex = g_regex_new ("(CREATE|DROP) TRIGGER (\\w+)", 0, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  guint n_migrations;
  const MesoDbMigration *migrations = meso_schema_get_server_migrations (&n_migrations);

  for (guint i = 0; i < n_migrations; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      g_regex_match (regex, migrations[i].sql, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *verb = g_match_info_fetch (match, 1);
          char *name = g_match_info_fetch (match, 2);
          guint index;

          if (g_ptr_array_find_with_equal_func (names, name, g_str_equal, &index))
            g_ptr_array_remove_index (names, index);
          if (g_str_equal (verb, "CREATE"))
            g_ptr_array_add (names, name);
          else
            g_free (name);
        }
    }
  return names;
}

/* Every trigger of the schema is there and enabled: one missing or held
 * off lets a change go unaudited, or a refusal through. */
static gboolean
check_triggers (Check   *check,
                GError **error)
{
  g_autoptr(GPtrArray) expected = expected_triggers ();
  g_autofree char *disabled = NULL;
  gsize problems_before = check->problems->len;

  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pg_trigger t"
                                              " JOIN pg_class c ON c.oid = t.tgrelid"
                                              " WHERE c.relnamespace = current_schema ()::regnamespace"
                                              " AND NOT t.tgisinternal AND t.tgname = '%s'",
                                              (const char *) expected->pdata[i]);
      g_autofree char *count = NULL;

      if (!meso_pg_query_value (check->pg, sql, &count, error))
        return FALSE;
      if (g_strcmp0 (count, "0") == 0)
        g_string_append_printf (check->problems, _("The trigger “%s” is missing.\n"),
                                (const char *) expected->pdata[i]);
    }
  if (!meso_pg_query_value (check->pg, "SELECT string_agg (t.tgname, ', ' ORDER BY t.tgname) FROM pg_trigger t"
                          " JOIN pg_class c ON c.oid = t.tgrelid"
                          " WHERE c.relnamespace = current_schema ()::regnamespace"
                          " AND NOT t.tgisinternal AND t.tgenabled = 'D'", &disabled, error))
    return FALSE;
  if (disabled != NULL)
    g_string_append_printf (check->problems, _("These triggers are turned off: %s.\n"), disabled);
  if (check->problems->len == problems_before)
    g_string_append_printf (check->report, _("Triggers: ok (%u)\n"), expected->len);
  return TRUE;
}

/* Every constraint holds for every row (none was added NOT VALID), and
 * the three that keep bookings apart are there. */
static gboolean
check_constraints (Check   *check,
                   GError **error)
{
  g_autofree char *unchecked = NULL;
  g_autofree char *n_exclusions = NULL;
  g_autofree char *gist = NULL;

  if (!meso_pg_query_value (check->pg, "SELECT count(*) FROM pg_extension WHERE extname = 'btree_gist'", &gist,
                   error) ||
      !meso_pg_query_value (check->pg, "SELECT string_agg (conname, ', ' ORDER BY conname) FROM pg_constraint"
                          " WHERE connamespace = current_schema ()::regnamespace"
                          " AND NOT convalidated", &unchecked, error) ||
      !meso_pg_query_value (check->pg, "SELECT count(*) FROM pg_constraint WHERE contype = 'x'"
                          " AND conrelid = to_regclass ('appointment')"
                          " AND conname IN ('appointment_no_double_booking_practitioner',"
                          "  'appointment_no_double_booking_room',"
                          "  'appointment_no_double_booking_patient')", &n_exclusions, error))
    return FALSE;
  if (g_strcmp0 (gist, "0") == 0)
    g_string_append (check->problems, _("The “btree_gist” extension is not installed.\n"));
  else
    g_string_append_printf (check->report, "%s: btree_gist\n", _("Extensions"));
  if (unchecked != NULL)
    g_string_append_printf (check->problems,
                            _("These constraints were not checked against existing rows: %s.\n"),
                            unchecked);
  if (g_strcmp0 (n_exclusions, "3") != 0)
    g_string_append (check->problems,
                     _("A constraint that keeps two bookings from taking the same time is "
                       "missing.\n"));
  if (unchecked == NULL && g_strcmp0 (n_exclusions, "3") == 0)
    g_string_append_printf (check->report, "%s: ok\n", _("Constraints"));
  return TRUE;
}

/* meso_db_check() of a clinic server's address. */
char *
meso_db_check_server (const char  *uri,
                      GError     **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) damaged_photos = g_string_new (NULL);
  gint64 n_patients = -1;
  gint64 n_entries = 0;
  Check check = { NULL, report, problems };
  int latest = meso_schema_latest_version ();
  int version = -1;
  guint n_migrations;
  const MesoDbMigration *migrations = meso_schema_get_server_migrations (&n_migrations);
  gboolean ok;

  check.pg = meso_pg_connect (uri, error);
  if (check.pg == NULL)
    return NULL;
  g_string_append_printf (report, "%s: %s\n", _("Clinic server"),
                          meso_pg_get_display_name (check.pg));
  /* Refuses another program's database and a newer Mesodesk's, changing nothing. */
  ok = meso_pg_migrate (check.pg, NULL, migrations, n_migrations, FALSE, &version, error);
  if (ok && version < 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_MESODESK,
                   _("The database “%s” holds no Mesodesk clinic yet: there is nothing to "
                     "check."), meso_pg_get_display_name (check.pg));
      ok = FALSE;
    }
  if (ok)
    {
      g_string_append_printf (report, "%s: %d (%s %d)\n", _("Schema version"), version,
                              _("this build:"), latest);
      ok = check_constraints (&check, error) && check_triggers (&check, error) &&
           meso_audit_check_chain_server (check.pg, problems, &n_entries, error);
      n_patients = meso_patient_store_count_server (check.pg);
    }
  if (ok && problems->len > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TAMPERED,
                   _("The clinic server’s database “%s” was changed by another program: its "
                     "audit trail or its safeguards cannot be trusted.\n%s"),
                   meso_pg_get_display_name (check.pg), problems->str);
      ok = FALSE;
    }
  if (ok)
    g_string_append_printf (report, _("Audit trail: ok (%lld entries, chain unbroken)\n"),
                            (long long) n_entries);
  if (ok && n_patients >= 0)
    g_string_append_printf (report, "%s: %" G_GINT64_FORMAT "\n", _("Patients"), n_patients);
  ok = ok && (version < 23 || meso_photo_check_server (check.pg, report, damaged_photos, error));
  meso_pg_free (check.pg);
  if (ok && damaged_photos->len > 0)
    {
      meso_db_set_photos_damaged (error, report->str, damaged_photos->str);
      return NULL;
    }
  return ok ? g_string_free (g_steal_pointer (&report), FALSE) : NULL;
}
