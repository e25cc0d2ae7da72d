/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit.c: the audit trail as people read it: who changed what, from
 * which value to which, newest first. The rows themselves are written by
 * the database's triggers (see meso-schema.c). */
#define G_LOG_DOMAIN "meso-audit"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "meso-appointment.h"
#include "meso-csv.h"
#include "meso-audit-store-private.h"
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A label that names two things in English has a context (a thing's name,
 * a person's), for the languages that name them apart. */
static const struct
{
  const char *key;
  const char *label;
  const char *context;
} field_labels[] = {
  { "family_name", N_("Family name") },
  { "given_name", N_("Given name") },
  { "birth_date", N_("Date of birth") },
  { "sex", N_("Sex") },
  { "phone", N_("Phone") },
  { "email", N_("E-mail") },
  { "address", N_("Address") },
  { "language", N_("Handout language") },
  { "notes", N_("Clinical notes") },
  { "archived", N_("Archived") },
  { "answer", N_("Answer") },
  { "asked_on", N_("Asked on") },
  { "substance", N_("Substance") },
  { "name", NC_("thing", "Name"), "thing" },
  { "blood_thinner", N_("Blood thinner") },
  { "display_name", NC_("person", "Name"), "person" },
  { "role", N_("Role") },
  { "active", N_("Active") },
  { "pin", N_("PIN") },
  { "from", N_("Restored from") },
  { "saved_as", N_("Previous data saved as") },
  { "practitioner_id", N_("Practitioner") },
  { "room_id", N_("Room") },
  { "starts_at", N_("Starts (UTC)") },
  { "minutes", N_("Minutes") },
  { "kind", N_("Kind") },
  { "status", N_("Status") },
  { "protocol", N_("Protocol") },
  { "sessions", N_("Sessions") },
  { "resolved", N_("Resolved") },
  { "grades", N_("Zone grades") },
  { "salt", N_("SALT score") },
  { "points", N_("Injection points") },
  { "volume_ml", N_("Volume (ml)") },
  { "stage", N_("Stage") },
  { "key", N_("Setting") },
  { "value", N_("Value") },
  { "lot_number", N_("Lot number") },
  { "expires_on", N_("Expires on") },
  { "weekday", N_("Weekday") },
  { "opens", N_("Opens (minute of the day)") },
  { "closes", N_("Closes (minute of the day)") },
  { "day", N_("Day") },
  { "first_day", N_("First day") },
  { "last_day", N_("Last day") },
  { "reason", N_("Reason") },
  { "maintenance_days", N_("Maintenance every (days)") },
  { "position", N_("Phase") },
  { "every_days", N_("Every (days)") },
};

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
field_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_strcmp0 (key, field_labels[i].key) == 0)
      return field_labels[i].context != NULL
             ? g_dpgettext2 (NULL, field_labels[i].context, field_labels[i].label)
             : _(field_labels[i].label);
  return key;
}

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
 * Returns: (transfer full): the time of the change in @zone.
 */
char *
meso_audit_entry_format_when (MesoAuditEntry *self,
                              GTimeZone      *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (self->at, NULL);
  g_autoptr(GDateTime) local = utc == NULL ? NULL
                               : zone != NULL ? g_date_time_to_timezone (utc, zone)
                                              : g_date_time_ref (utc);

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup (self->at);
}

static const char *
record_label (const char *table)
{
  if (g_str_equal (table, "patient"))
    return _("Patient record");
  if (g_str_equal (table, "allergy"))
    return _("Allergy");
  if (g_str_equal (table, "medication"))
    return _("Medication");
  if (g_str_equal (table, "staff"))
    return _("Staff account");
  if (g_str_equal (table, "database"))
    return _("Database");
  if (g_str_equal (table, "appointment"))
    return _("Appointment");
  if (g_str_equal (table, "course"))
    return _("Treatment course");
  if (g_str_equal (table, "waitlist"))
    return _("Waitlist");
  if (g_str_equal (table, "scalp_map"))
    return _("Scalp map");
  if (g_str_equal (table, "setting"))
    return _("Clinic setting");
  if (g_str_equal (table, "lot"))
    return _("Stock lot");
  if (g_str_equal (table, "opening_hours"))
    return _("Opening hours");
  if (g_str_equal (table, "practitioner_hours"))
    return _("Practitioner’s hours");
  if (g_str_equal (table, "practitioner_day_off"))
    return _("Day off");
  if (g_str_equal (table, "holiday"))
    return _("Holiday");
  if (g_str_equal (table, "protocol"))
    return _("Protocol");
  if (g_str_equal (table, "protocol_phase"))
    return _("Protocol phase");
  return table;
}

/* A stored value as people read it: yes/no for flags, labels for codes. */
static const char *
readable_value (const char *key,
                const char *value)
{
  MesoRole role;
  MesoAppointmentKind kind;
  MesoAppointmentStatus status;

  if (value == NULL || *value == '\0')
    return "—";
  if (g_str_equal (key, "archived") || g_str_equal (key, "active") ||
      g_str_equal (key, "blood_thinner") || g_str_equal (key, "resolved"))
    return g_str_equal (value, "0") ? _("no") : _("yes");
  if (g_str_equal (key, "role") && meso_role_from_code (value, &role))
    return meso_role_get_label (role);
  if (g_str_equal (key, "kind") && meso_appointment_kind_from_code (value, &kind))
    return meso_appointment_kind_get_label (kind);
  if (g_str_equal (key, "status") && meso_appointment_status_from_code (value, &status))
    return meso_appointment_status_get_label (status);
  return value;
}

/* Each key of the two objects ?1 (before) and ?2 (after) with its value on
 * each side, in the order the trigger wrote them. A side that is not an
 * object gives a row with no key, refused as damage. */
#define FILE_DIFF                                                                   \
  "SELECT key, max (CASE WHEN side = 0 THEN value END),"                           \
  "  max (CASE WHEN side = 1 THEN value END), count(*)"                            \
  " FROM (SELECT 0 AS side, id, key, value FROM json_each (?1)"                     \
  "       UNION ALL SELECT 1, id, key, value FROM json_each (?2))"                  \
  " GROUP BY key ORDER BY min (id)"
#define SERVER_SIDE(side, value)                                                    \
  " SELECT " side " AS side, i, key, value FROM json_each_text (CASE json_typeof ("  \
  value "::json) WHEN 'object' THEN " value "::json END) WITH ORDINALITY AS e (key, value, i)" \
  " UNION ALL SELECT " side ", 0, NULL, NULL WHERE json_typeof (" value "::json) <> 'object'"
#define SERVER_DIFF                                                                 \
  "SELECT key, max (CASE WHEN side = 0 THEN value END),"                           \
  "  max (CASE WHEN side = 1 THEN value END), count(*)"                            \
  " FROM (" SERVER_SIDE ("0", "?1") " UNION ALL" SERVER_SIDE ("1", "?2") ") AS sides" \
  " GROUP BY key ORDER BY min (i)"

/* Fills in record and changes from the two JSON objects: one line for each
 * value that differs, in the table's column order. */
static gboolean
describe (MesoDb          *db,
          MesoAuditEntry  *entry,
          GError         **error)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  MesoStmt *stmt;
  int rc;

  stmt = meso_db_prepare (db, meso_db_is_server (db) ? SERVER_DIFF : FILE_DIFF, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, entry->old_values);
  meso_stmt_bind_text (stmt, 2, entry->new_values);

  entry->record = g_strdup (record_label (entry->table));
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      const char *key = meso_stmt_column_text (stmt, 0);
      const char *before = meso_stmt_column_text (stmt, 1);
      const char *after = meso_stmt_column_text (stmt, 2);
      /* Updates show before and after; inserts and deletes one of them. */
      gboolean both = entry->old_values != NULL && entry->new_values != NULL;

      /* The triggers write objects; a scalar has no keys to name. */
      if (key == NULL)
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "audit");
          return FALSE;
        }
      if (g_str_equal (key, "condition"))
        {
          const char *code = after != NULL ? after : before;
          MesoCondition condition;

          g_free (entry->record);
          entry->record = g_strdup_printf (_("Screening: %s"),
                                           meso_condition_from_code (code, &condition)
                                             ? meso_condition_get_label (condition) : code);
          continue;
        }
      if (both && g_strcmp0 (before, after) == 0)
        continue;
      if (g_str_equal (key, "pin") && g_strcmp0 (after, "unchanged") == 0)
        continue;

      if (changes->len > 0)
        g_string_append (changes, "\n");
      if (both)
        g_string_append_printf (changes, "%s: %s → %s", field_label (key),
                                readable_value (key, before), readable_value (key, after));
      else
        g_string_append_printf (changes, "%s: %s", field_label (key),
                                readable_value (key, after != NULL ? after : before));
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the audit trail"), error))
    return FALSE;
  entry->changes = g_string_free (g_steal_pointer (&changes), FALSE);
  return TRUE;
}

static gboolean
require_scope (MesoDb          *db,
               MesoAuditScope   scope,
               GError         **error)
{
  return meso_db_require (db, scope == MESO_AUDIT_BY_STAFF ? MESO_PERMISSION_MANAGE_STAFF
                                                           : MESO_PERMISSION_READ_AUDIT, error);
}

/* Returns: (transfer full): the name of the staff member @staff_id, asked
 * of @staff once and kept in @names, or %NULL with @error. */
static char *
staff_name (MesoStaffStore  *staff,
            GHashTable      *names,
            gint64           staff_id,
            GError         **error)
{
  const char *name = g_hash_table_lookup (names, &staff_id);
  g_autoptr(MesoStaff) member = NULL;
  g_autoptr(GError) local_error = NULL;

  if (name != NULL)
    return g_strdup (name);
  member = staff_id != 0 ? meso_staff_store_load (staff, staff_id, &local_error) : NULL;
  if (local_error != NULL &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* Only the very first account is created with nobody signed in. */
  name = member != NULL ? meso_staff_get_display_name (member) : _("Mesodesk");
  g_hash_table_insert (names, g_memdup2 (&staff_id, sizeof staff_id), g_strdup (name));
  return g_strdup (name);
}

/**
 * meso_audit_store_query:
 * @id: the patient's or the staff member's id, after @scope
 * @before_id: only entries older than this one; 0 for the newest
 * @limit: at most this many entries
 *
 * Reads the audit trail of one patient (needs %MESO_PERMISSION_READ_AUDIT)
 * or one staff member (needs %MESO_PERMISSION_MANAGE_STAFF), newest first.
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
  MesoDb *db = self->db;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) staff_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(MesoStaffStore) staff = meso_staff_store_new (db);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);
  MesoStmt *stmt;
  int rc;

  if (!require_scope (db, scope, error))
    return NULL;

  if (scope == MESO_AUDIT_BY_PATIENT)
    stmt = meso_db_prepare (db,
                            "SELECT a.id, a.at, a.staff_id, a.table_name, a.row_id, a.action,"
                            "  a.old_values, a.new_values"
                            " FROM audit a"
                            " WHERE a.patient_id = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT ?3",
                            error);
  else
    stmt = meso_db_prepare (db,
                            "SELECT a.id, a.at, a.staff_id, a.table_name, a.row_id, a.action,"
                            "  a.old_values, a.new_values"
                            " FROM audit a"
                            /* Each half walks its own index newest first and stops
                             * at the page size, however long the history. */
                            " WHERE a.id IN (SELECT id FROM (SELECT id FROM audit"
                            "   WHERE staff_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3) by_staff"
                            "  UNION SELECT id FROM (SELECT id FROM audit"
                            "   WHERE table_name = 'staff' AND row_id = ?1 AND id < ?2"
                            "   ORDER BY id DESC LIMIT ?3) on_staff)"
                            " ORDER BY a.id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);
  meso_stmt_bind_int64 (stmt, 3, limit);

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoAuditEntry *entry = g_object_new (MESO_TYPE_AUDIT_ENTRY, NULL);
      gint64 staff_id = meso_stmt_column_int64 (stmt, 2);

      entry->id = meso_stmt_column_int64 (stmt, 0);
      entry->at = g_strdup (meso_stmt_column_text (stmt, 1));
      /* Named below, from the staff's store: 0 is nobody signed in. */
      g_array_append_val (staff_ids, staff_id);
      entry->table = g_strdup (meso_stmt_column_text (stmt, 3));
      entry->row_id = meso_stmt_column_int64 (stmt, 4);
      entry->action = g_strdup (meso_stmt_column_text (stmt, 5));
      entry->old_values = g_strdup (meso_stmt_column_text (stmt, 6));
      entry->new_values = g_strdup (meso_stmt_column_text (stmt, 7));
      g_ptr_array_add (entries, entry);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the audit trail"), error))
    return NULL;

  /* Named and described after the walk: both run their own statements. */
  for (guint i = 0; i < entries->len; i++)
    {
      MesoAuditEntry *entry = g_ptr_array_index (entries, i);

      entry->who = staff_name (staff, names, g_array_index (staff_ids, gint64, i), error);
      if (entry->who == NULL || !describe (db, entry, error))
        return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * meso_audit_store_export_csv:
 *
 * Writes the whole audit trail of @scope and @id, newest first, to @path
 * as CSV (see meso_csv_new()), readable only by its owner: it holds clinical
 * data. Needs the permission meso_audit_store_query() needs.
 */
gboolean
meso_audit_store_export_csv (MesoAuditStore  *self,
                             MesoAuditScope   scope,
                             gint64           id,
                             const char      *path,
                             GError         **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoCsv) csv = meso_csv_new ();
  gint64 before_id = 0;

  if (!require_scope (db, scope, error))
    return FALSE;

  /* The headers are the reader's language; the cells stay as stored. */
  meso_csv_add_row (csv,
                    C_("audit export column", "entry"),
                    C_("audit export column", "time (UTC)"),
                    C_("audit export column", "staff"),
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
      g_autoptr(GPtrArray) page = meso_audit_store_query (self, scope, id, before_id, 1000, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          MesoAuditEntry *entry = g_ptr_array_index (page, i);

          meso_csv_add_int (csv, entry->id);
          meso_csv_add_cell (csv, entry->at);
          meso_csv_add_cell (csv, entry->who);
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
