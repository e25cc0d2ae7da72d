/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit.c: the audit trail as people read it: who changed what, from
 * which value to which, newest first. The rows themselves are written by
 * the database's triggers (see meso-schema.c). */
#define G_LOG_DOMAIN "meso-audit"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "meso-appointment.h"
#include "meso-audit-describe.h"
#include "meso-audit-store-private.h"
#include "meso-csv.h"
#include "meso-date-format.h"
#include "meso-patient-store.h"
#include "meso-enum.h"
#include "meso-screening.h"
#include "meso-staff-store.h"
#include "meso-text.h"

struct _MesoAuditEntry
{
  GObject  parent_instance;

  gint64   id;
  char    *at;           /* UTC, ISO 8601 */
  char    *who;
  char    *table;
  gint64   row_id;
  gint64   patient_id;   /* whose record, 0: nobody's */
  char    *patient;      /* their name */
  char    *action;       /* the code: insert, update, ... */
  char    *record;       /* what was changed, for people */
  char    *changes;      /* how, for people */
  char    *old_values;   /* JSON */
  char    *new_values;   /* JSON */
  GTimeZone *zone;       /* "when" is shown in it: the clinic's */
};

G_DEFINE_TYPE (MesoAuditEntry, meso_audit_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WHEN,
  PROP_WHO,
  PROP_RECORD,
  PROP_ACTION_LABEL,
  PROP_CHANGES,
  PROP_PATIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (MesoAuditAction, meso_audit_action,
  G_DEFINE_ENUM_VALUE (MESO_AUDIT_INSERT, "insert"),
  G_DEFINE_ENUM_VALUE (MESO_AUDIT_UPDATE, "update"),
  G_DEFINE_ENUM_VALUE (MESO_AUDIT_DELETE, "delete"),
  G_DEFINE_ENUM_VALUE (MESO_AUDIT_ARCHIVE, "archive"),
  G_DEFINE_ENUM_VALUE (MESO_AUDIT_UNARCHIVE, "unarchive"),
  G_DEFINE_ENUM_VALUE (MESO_AUDIT_RESTORE, "restore"))

static const char * const action_labels[MESO_AUDIT_N_ACTIONS] = {
  [MESO_AUDIT_INSERT]    = N_("Added"),
  [MESO_AUDIT_UPDATE]    = N_("Changed"),
  [MESO_AUDIT_DELETE]    = N_("Removed"),
  [MESO_AUDIT_ARCHIVE]   = N_("Archived"),
  [MESO_AUDIT_UNARCHIVE] = N_("Restored from archive"),
  [MESO_AUDIT_RESTORE]   = N_("Database restored"),
};

static const char *
action_label (const char *action)
{
  MesoAuditAction known;

  if (meso_enum_from_code (MESO_TYPE_AUDIT_ACTION, action, (int *) &known))
    return _(action_labels[known]);
  return action;
}

static void
meso_audit_entry_finalize (GObject *object)
{
  MesoAuditEntry *self = MESO_AUDIT_ENTRY (object);

  g_free (self->at);
  g_free (self->who);
  g_free (self->patient);
  g_free (self->table);
  g_free (self->action);
  g_free (self->record);
  g_free (self->changes);
  g_free (self->old_values);
  g_free (self->new_values);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (meso_audit_entry_parent_class)->finalize (object);
}

static void
meso_audit_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MesoAuditEntry *self = MESO_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_WHEN:
      g_value_take_string (value, meso_audit_entry_format_when (self, self->zone));
      break;
    case PROP_WHO:
      g_value_set_string (value, self->who);
      break;
    case PROP_RECORD:
      g_value_set_string (value, self->record);
      break;
    case PROP_ACTION_LABEL:
      g_value_set_string (value, action_label (self->action));
      break;
    case PROP_CHANGES:
      g_value_set_string (value, self->changes);
      break;
    case PROP_PATIENT:
      g_value_set_string (value, self->patient);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_audit_entry_class_init (MesoAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = meso_audit_entry_finalize;
  object_class->get_property = meso_audit_entry_get_property;

  properties[PROP_WHEN] = g_param_spec_string ("when", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WHO] = g_param_spec_string ("who", NULL, NULL, NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD] = g_param_spec_string ("record", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_LABEL] =
    g_param_spec_string ("action-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGES] = g_param_spec_string ("changes", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATIENT] = g_param_spec_string ("patient", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_audit_entry_init (MesoAuditEntry *self)
{
}

gint64
meso_audit_entry_get_id (MesoAuditEntry *self)
{
  return self->id;
}

const char *
meso_audit_entry_get_at (MesoAuditEntry *self)
{
  return self->at;
}

const char *
meso_audit_entry_get_who (MesoAuditEntry *self)
{
  return self->who;
}

gint64
meso_audit_entry_get_patient_id (MesoAuditEntry *self)
{
  return self->patient_id;
}

/* Returns: the name of the patient whose record the entry is about, "—"
 * for none. */
const char *
meso_audit_entry_get_patient (MesoAuditEntry *self)
{
  return self->patient;
}

const char *
meso_audit_entry_get_table (MesoAuditEntry *self)
{
  return self->table;
}

const char *
meso_audit_entry_get_action (MesoAuditEntry *self)
{
  return self->action;
}

const char *
meso_audit_entry_get_record (MesoAuditEntry *self)
{
  return self->record;
}

const char *
meso_audit_entry_get_changes (MesoAuditEntry *self)
{
  return self->changes;
}

const char *
meso_audit_entry_get_old_values (MesoAuditEntry *self)
{
  return self->old_values;
}

const char *
meso_audit_entry_get_new_values (MesoAuditEntry *self)
{
  return self->new_values;
}


/**
 * meso_audit_entry_set_zone:
 * @zone: the clinic's time zone, which the #MesoAuditEntry:when property
 *   shows the time of the change in
 */
void
meso_audit_entry_set_zone (MesoAuditEntry *self,
                           GTimeZone      *zone)
{
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (zone);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHEN]);
}

/**
 * meso_audit_entry_format_when:
 * @zone: (nullable): the clinic's time zone; %NULL for UTC
 *
 * Returns: (transfer full): the time of the change in @zone, its date in
 * words ("5 December 2026, 14:03:27").
 */
char *
meso_audit_entry_format_when (MesoAuditEntry *self,
                              GTimeZone      *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (self->at, NULL);
  g_autoptr(GDateTime) local = utc == NULL ? NULL
                               : zone != NULL ? g_date_time_to_timezone (utc, zone)
                                              : g_date_time_ref (utc);
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (local == NULL)
    return g_strdup (self->at);
  date = g_date_time_format (local, meso_date_format_date ());
  time = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf (C_("date and time", "%s, %s"), date, time);
}

/* Each key of the old and new objects of every entry of a page (the ids
 * in the JSON array ?1) with its value on each side, in the order the
 * trigger wrote them. A side that is not an object gives a row with no
 * key, refused as damage. One statement for the page, not one an entry. */
#define FILE_SIDE(side, column)                                                     \
  " SELECT " side " AS side, a.id AS entry, j.id AS i, j.key AS key, j.value AS value" \
  " FROM audit a, json_each (a." column ") j"                                      \
  " WHERE a.id IN (SELECT value FROM json_each (?1))"
#define FILE_DIFF                                                                   \
  "SELECT entry, key, max (CASE WHEN side = 0 THEN value END),"                    \
  "  max (CASE WHEN side = 1 THEN value END)"                                       \
  " FROM (" FILE_SIDE ("0", "old_values") " UNION ALL" FILE_SIDE ("1", "new_values") ")" \
  " GROUP BY entry, key ORDER BY entry DESC, min (i)"
#define SERVER_SIDE(side, column)                                                   \
  " SELECT " side " AS side, a.id AS entry, e.i, e.key, e.value FROM audit a"       \
  " CROSS JOIN LATERAL (SELECT i, key, value FROM json_each_text (CASE json_typeof (a." \
  column "::json) WHEN 'object' THEN a." column "::json END)"                       \
  "   WITH ORDINALITY AS o (key, value, i)"                                          \
  "  UNION ALL SELECT 0, NULL, NULL WHERE json_typeof (a." column "::json) <> 'object') e" \
  " WHERE a.id IN (SELECT json_array_elements_text (?1::json)::bigint)"
#define SERVER_DIFF                                                                 \
  "SELECT entry, key, max (CASE WHEN side = 0 THEN value END),"                    \
  "  max (CASE WHEN side = 1 THEN value END)"                                       \
  " FROM (" SERVER_SIDE ("0", "old_values") " UNION ALL" SERVER_SIDE ("1", "new_values") \
  ") AS sides GROUP BY entry, key ORDER BY entry DESC, min (i)"

/* One changed value of an entry, as stored. */
typedef struct
{
  char *key;
  char *before;
  char *after;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->key);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

/* Reads the stored changes of every entry of @entries (newest first) into
 * @changes, one GPtrArray of Change for each entry, and notes the ids
 * they refer to in @names. */
static gboolean
read_changes (MesoDb          *db,
              GPtrArray       *entries,
              GPtrArray       *changes,
              MesoAuditNames  *names,
              GError         **error)
{
  g_autoptr(GString) ids = g_string_new ("[");
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  MesoStmt *stmt;
  int rc;

  for (guint i = 0; i < entries->len; i++)
    {
      MesoAuditEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", entry->id);
      g_hash_table_insert (index, &entry->id, g_ptr_array_index (changes, i));
    }
  g_string_append_c (ids, ']');

  stmt = meso_db_prepare (db, meso_db_is_server (db) ? SERVER_DIFF : FILE_DIFF, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, ids->str);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 entry_id = meso_stmt_column_int64 (stmt, 0);
      const char *key = meso_stmt_column_text (stmt, 1);
      GPtrArray *own = g_hash_table_lookup (index, &entry_id);
      Change *change;
      MesoAuditRef ref;
      gint64 id;

      /* The triggers write objects; a scalar has no keys to name. */
      if (key == NULL || own == NULL)
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "audit");
          return FALSE;
        }
      change = g_new0 (Change, 1);
      change->key = g_strdup (key);
      change->before = g_strdup (meso_stmt_column_text (stmt, 2));
      change->after = g_strdup (meso_stmt_column_text (stmt, 3));
      g_ptr_array_add (own, change);

      ref = meso_audit_ref_for_key (key);
      if (ref != MESO_AUDIT_REF_NONE && meso_audit_parse_id (change->before, &id))
        meso_audit_names_want (names, ref, id);
      if (ref != MESO_AUDIT_REF_NONE && meso_audit_parse_id (change->after, &id))
        meso_audit_names_want (names, ref, id);
    }
  return meso_db_rows_done (db, stmt, rc, _("Could not read the audit trail"), error);
}

/* Fills in record and changes from the entry's stored changes: one line
 * for each value that differs, in the table's column order. */
static void
describe (MesoAuditEntry *entry,
          GPtrArray      *own,
          MesoAuditNames *names)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  /* Updates show before and after; inserts and deletes one of them. */
  gboolean both = entry->old_values != NULL && entry->new_values != NULL;

  entry->record = g_strdup (meso_audit_describe_table (entry->table));
  for (guint i = 0; i < own->len; i++)
    {
      Change *change = g_ptr_array_index (own, i);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (g_str_equal (change->key, "condition"))
        {
          const char *code = change->after != NULL ? change->after : change->before;
          MesoCondition condition;

          g_free (entry->record);
          entry->record = g_strdup_printf (_("Screening: %s"),
                                           meso_condition_from_code (code, &condition)
                                             ? meso_condition_get_label (condition) : code);
          continue;
        }
      if (both && g_strcmp0 (change->before, change->after) == 0)
        continue;
      if (g_str_equal (change->key, "pin") && g_strcmp0 (change->after, "unchanged") == 0)
        continue;

      if (changes->len > 0)
        g_string_append (changes, "\n");
      if (both)
        {
          before = meso_audit_describe_value (names, change->key, change->before);
          after = meso_audit_describe_value (names, change->key, change->after);
          g_string_append_printf (changes, "%s: %s → %s",
                                  meso_audit_describe_field (change->key), before, after);
        }
      else
        {
          after = meso_audit_describe_value (names, change->key,
                                             change->after != NULL ? change->after
                                                                   : change->before);
          g_string_append_printf (changes, "%s: %s",
                                  meso_audit_describe_field (change->key), after);
        }
    }
  entry->changes = g_string_free (g_steal_pointer (&changes), FALSE);
}

static gboolean
require_scope (MesoDb          *db,
               MesoAuditScope   scope,
               GError         **error)
{
  return meso_db_require (db, scope == MESO_AUDIT_BY_STAFF ? MESO_PERMISSION_MANAGE_STAFF
                                                           : MESO_PERMISSION_READ_AUDIT, error);
}

/* Returns: (transfer full): the ids of the patients, archived or not, and
 * restricted for those who may see them, that @words find, as a JSON
 * array, or %NULL with @error. */
static char *
find_patients (MesoDb      *db,
               const char  *words,
               GError     **error)
{
  g_autoptr(MesoPatientStore) patients = meso_patient_store_new (db);
  g_autoptr(GString) ids = g_string_new ("[");
  MesoPatientShown last = meso_db_require (db, MESO_PERMISSION_MANAGE_RECORDS, NULL)
                          ? MESO_PATIENTS_RESTRICTED : MESO_PATIENTS_ARCHIVED;

  for (MesoPatientShown shown = MESO_PATIENTS_CURRENT; shown <= last; shown++)
    {
      g_autoptr(GArray) found = meso_patient_store_search (patients, words, shown, error);

      if (found == NULL)
        return NULL;
      for (guint i = 0; i < found->len; i++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 1 ? "," : "",
                                g_array_index (found, gint64, i));
    }
  g_string_append_c (ids, ']');
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Returns: the instant local midnight starts @day in @zone. */
static gint64
day_start (const GDate *day,
           GTimeZone   *zone)
{
  g_autoptr(GDateTime) start = g_date_time_new (zone, g_date_get_year (day), g_date_get_month (day),
                                                g_date_get_day (day), 0, 0, 0);

  return start != NULL ? g_date_time_to_unix (start) : 0;
}

/**
 * meso_audit_filter_set_days:
 * @from: (nullable): the first day, as typed (see meso_text_parse_date());
 *   empty or %NULL for no bound
 * @to: (nullable): the last day, included
 * @zone: the clinic's time zone, which the days are its days in
 *
 * Sets the filter's @from and @until to whole days of the clinic.
 *
 * Returns: %FALSE with G_IO_ERROR_INVALID_ARGUMENT saying what to type, and
 * the filter unchanged, if a date is not one or the days are the wrong way
 * round.
 */
gboolean
meso_audit_filter_set_days (MesoAuditFilter  *filter,
                            const char       *from,
                            const char       *to,
                            GTimeZone        *zone,
                            GError          **error)
{
  GDate first, last;
  gboolean has_first = from != NULL && *from != '\0';
  gboolean has_last = to != NULL && *to != '\0';

  if ((has_first && !meso_text_parse_date (from, &first)) ||
      (has_last && !meso_text_parse_date (to, &last)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type a date as 2026-12-05 or 5.12.2026."));
      return FALSE;
    }
  if (has_first && has_last && g_date_compare (&first, &last) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The first day comes after the last."));
      return FALSE;
    }
  filter->from = has_first ? day_start (&first, zone) : 0;
  if (has_last)
    g_date_add_days (&last, 1);
  filter->until = has_last ? day_start (&last, zone) : 0;
  return TRUE;
}

/* Writes "at >= ?" for an instant in the stored form of audit.at, which
 * sorts as text. */
static char *
stored_at (gint64 instant)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);

  return utc != NULL ? g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z")
                     : g_strdup (instant < 0 ? "0" : "9");
}

/* The statement for @scope and the filters set in @filter: each filter
 * adds its condition, so that a statement without it still walks its
 * index newest first (statements are cached by their text). */
#define FILE_IDS   "SELECT value FROM json_each (?9)"
#define SERVER_IDS "SELECT json_array_elements_text (?9::json)::bigint"

static char *
query_sql (MesoAuditScope         scope,
           const MesoAuditFilter *filter,
           gboolean               server)
{
  g_autoptr(GString) where = g_string_new (NULL);

  if (filter->staff_id != 0)
    g_string_append (where, " AND a.staff_id = ?4");
  if (filter->patient_id != 0)
    g_string_append (where, " AND a.patient_id = ?5");
  if (filter->patient_search != NULL)
    g_string_append (where, server ? " AND a.patient_id IN (" SERVER_IDS ")"
                                   : " AND a.patient_id IN (" FILE_IDS ")");
  if (filter->table != NULL)
    g_string_append (where, " AND a.table_name = ?6");
  if (filter->from != 0)
    g_string_append (where, " AND a.at >= ?7");
  if (filter->until != 0)
    g_string_append (where, " AND a.at < ?8");

#define COLUMNS "SELECT a.id, a.at, a.staff_id, a.table_name, a.row_id, a.action," \
                "  a.old_values, a.new_values, a.patient_id FROM audit a"
  if (scope == MESO_AUDIT_BY_PATIENT)
    return g_strdup_printf (COLUMNS " WHERE a.patient_id = ?1 AND a.id < ?2%s"
                            " ORDER BY a.id DESC LIMIT ?3", where->str);
  /* Each half walks its own index newest first and stops at the page
   * size, however long the history. */
  return g_strdup_printf (COLUMNS " WHERE a.id IN (SELECT id FROM (SELECT a.id FROM audit a"
                          "   WHERE a.staff_id = ?1 AND a.id < ?2%s"
                          "   ORDER BY a.id DESC LIMIT ?3) by_staff"
                          "  UNION SELECT id FROM (SELECT a.id FROM audit a"
                          "   WHERE a.table_name = 'staff' AND a.row_id = ?1 AND a.id < ?2%s"
                          "   ORDER BY a.id DESC LIMIT ?3) on_staff)"
                          " ORDER BY a.id DESC LIMIT ?3", where->str, where->str);
#undef COLUMNS
}

/**
 * meso_audit_store_query_filtered:
 * @id: the patient's or the staff member's id, after @scope
 * @filter: (nullable): only the entries it lets through
 * @zone: (nullable): the clinic's time zone, which times are shown in;
 *   %NULL for UTC
 * @before_id: only entries older than this one; 0 for the newest
 * @limit: at most this many entries
 *
 * Reads the audit trail of one patient (needs %MESO_PERMISSION_READ_AUDIT)
 * or one staff member (needs %MESO_PERMISSION_MANAGE_STAFF), newest first,
 * filtered in the query, each entry with the names its ids refer to. The
 * names are read for the whole page, a query for each kind of record.
 *
 * Returns: (transfer full) (element-type MesoAuditEntry): the entries.
 */
GPtrArray *
meso_audit_store_query_filtered (MesoAuditStore         *self,
                                 MesoAuditScope          scope,
                                 gint64                  id,
                                 const MesoAuditFilter  *filter,
                                 GTimeZone              *zone,
                                 gint64                  before_id,
                                 guint                   limit,
                                 GError                **error)
{
  static const MesoAuditFilter none = { 0 };
  MesoAuditFilter unsearched;
  MesoDb *db = self->db;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) staff_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(MesoAuditNames) names = meso_audit_names_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *sql = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *patient_ids = NULL;
  MesoStmt *stmt;
  int rc;

  if (filter == NULL)
    filter = &none;
  /* Blank words find everybody: no filter. */
  if (filter->patient_search != NULL &&
      filter->patient_search[strspn (filter->patient_search, " \t")] == '\0')
    {
      unsearched = *filter;
      unsearched.patient_search = NULL;
      filter = &unsearched;
    }
  if (zone == NULL)
    zone = utc;
  if (!require_scope (db, scope, error))
    return NULL;

  if (filter->patient_search != NULL)
    {
      patient_ids = find_patients (db, filter->patient_search, error);
      if (patient_ids == NULL)
        return NULL;
      /* Nobody found: nothing about them to show. */
      if (g_str_equal (patient_ids, "[]"))
        return g_steal_pointer (&entries);
    }
  sql = query_sql (scope, filter, meso_db_is_server (db));
  stmt = meso_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);
  meso_stmt_bind_int64 (stmt, 3, limit);
  if (filter->staff_id != 0)
    meso_stmt_bind_int64 (stmt, 4, filter->staff_id);
  if (filter->patient_id != 0)
    meso_stmt_bind_int64 (stmt, 5, filter->patient_id);
  if (filter->table != NULL)
    meso_stmt_bind_text (stmt, 6, filter->table);
  if (filter->from != 0)
    meso_stmt_bind_text (stmt, 7, (from = stored_at (filter->from)));
  if (filter->until != 0)
    meso_stmt_bind_text (stmt, 8, (until = stored_at (filter->until)));
  if (patient_ids != NULL)
    meso_stmt_bind_text (stmt, 9, patient_ids);

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoAuditEntry *entry = g_object_new (MESO_TYPE_AUDIT_ENTRY, NULL);
      gint64 staff_id = meso_stmt_column_int64 (stmt, 2);

      entry->id = meso_stmt_column_int64 (stmt, 0);
      entry->at = g_strdup (meso_stmt_column_text (stmt, 1));
      /* Named below, from the staff's store: 0 is nobody signed in. */
      g_array_append_val (staff_ids, staff_id);
      if (staff_id != 0)
        meso_audit_names_want (names, MESO_AUDIT_REF_STAFF, staff_id);
      entry->table = g_strdup (meso_stmt_column_text (stmt, 3));
      entry->row_id = meso_stmt_column_int64 (stmt, 4);
      entry->action = g_strdup (meso_stmt_column_text (stmt, 5));
      entry->old_values = g_strdup (meso_stmt_column_text (stmt, 6));
      entry->new_values = g_strdup (meso_stmt_column_text (stmt, 7));
      entry->patient_id = meso_stmt_column_int64 (stmt, 8);
      if (entry->patient_id != 0)
        meso_audit_names_want (names, MESO_AUDIT_REF_PATIENT, entry->patient_id);
      entry->zone = g_time_zone_ref (zone);
      g_ptr_array_add (entries, entry);
      g_ptr_array_add (changes, g_ptr_array_new_with_free_func (change_free));
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the audit trail"), error))
    return NULL;
  if (entries->len == 0)
    return g_steal_pointer (&entries);

  /* Named and described after the walk: both run their own statements. */
  meso_audit_names_set_zone (names, zone);
  if (!read_changes (db, entries, changes, names, error) || !meso_audit_names_read (names, db, error))
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      MesoAuditEntry *entry = g_ptr_array_index (entries, i);
      gint64 staff_id = g_array_index (staff_ids, gint64, i);

      /* Only the very first account is created with nobody signed in. */
      entry->who = staff_id != 0 ? meso_audit_describe_ref (names, MESO_AUDIT_REF_STAFF, staff_id)
                                 : g_strdup (_("Mesodesk"));
      entry->patient = entry->patient_id != 0
                       ? meso_audit_describe_ref (names, MESO_AUDIT_REF_PATIENT, entry->patient_id)
                       : g_strdup ("—");
      describe (entry, g_ptr_array_index (changes, i), names);
    }
  return g_steal_pointer (&entries);
}

/**
 * meso_audit_store_query:
 *
 * meso_audit_store_query_filtered() with no filter, times in UTC.
 *
 * Returns: (transfer full) (element-type MesoAuditEntry): the entries.
 */
GPtrArray *
meso_audit_store_query (MesoAuditStore  *self,
                        MesoAuditScope   scope,
                        gint64           id,
                        gint64           before_id,
                        guint            limit,
                        GError         **error)
{
  return meso_audit_store_query_filtered (self, scope, id, NULL, NULL, before_id, limit, error);
}

/**
 * meso_audit_store_export_csv_filtered:
 * @filter: (nullable): only the entries it lets through, as the window shows
 * @zone: (nullable): the clinic's time zone, for the times in the changes
 *
 * Writes the whole audit trail of @scope and @id, newest first, to @path
 * as CSV (see meso_csv_new()), readable only by its owner: it holds clinical
 * data. Each row has the record as stored (time in UTC, table, row, action,
 * the old and new values as JSON) and as people read it (who, patient,
 * record, changes, with names). Needs the permission the query needs.
 */
gboolean
meso_audit_store_export_csv_filtered (MesoAuditStore         *self,
                                      MesoAuditScope          scope,
                                      gint64                  id,
                                      const MesoAuditFilter  *filter,
                                      GTimeZone              *zone,
                                      const char             *path,
                                      GError                **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoCsv) csv = meso_csv_new ();
  gint64 before_id = 0;

  if (!require_scope (db, scope, error))
    return FALSE;

  /* The headers are the reader's language; the stored cells stay as stored. */
  meso_csv_add_row (csv,
                    C_("audit export column", "entry"),
                    C_("audit export column", "time (UTC)"),
                    C_("audit export column", "staff"),
                    C_("audit export column", "patient"),
                    C_("audit export column", "table"),
                    C_("audit export column", "row"),
                    C_("audit export column", "action"),
                    C_("audit export column", "record"),
                    C_("audit export column", "changes"),
                    C_("audit export column", "old values"),
                    C_("audit export column", "new values"),
                    NULL);
  for (;;)
    {
      g_autoptr(GPtrArray) page = meso_audit_store_query_filtered (self, scope, id, filter, zone,
                                                                   before_id, 1000, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          MesoAuditEntry *entry = g_ptr_array_index (page, i);

          meso_csv_add_int (csv, entry->id);
          meso_csv_add_cell (csv, entry->at);
          meso_csv_add_cell (csv, entry->who);
          meso_csv_add_cell (csv, entry->patient);
          meso_csv_add_cell (csv, entry->table);
          meso_csv_add_int (csv, entry->row_id);
          meso_csv_add_cell (csv, entry->action);
          meso_csv_add_cell (csv, entry->record);
          meso_csv_add_cell (csv, entry->changes);
          meso_csv_add_cell (csv, entry->old_values);
          meso_csv_add_cell (csv, entry->new_values);
          meso_csv_end_row (csv);
          before_id = entry->id;
        }
      if (page->len < 1000)
        break;
    }
  return meso_csv_write (csv, path, error);
}

/**
 * meso_audit_store_export_csv:
 *
 * meso_audit_store_export_csv_filtered() with no filter.
 */
gboolean
meso_audit_store_export_csv (MesoAuditStore  *self,
                             MesoAuditScope   scope,
                             gint64           id,
                             const char      *path,
                             GError         **error)
{
  return meso_audit_store_export_csv_filtered (self, scope, id, NULL, NULL, path, error);
}
