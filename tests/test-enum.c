/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-enum.c: the code tables. Every value goes to its database code and
 * back, unknown codes are refused, and the codes are exactly the ones the
 * schema's CHECK lists allow. */
#include "meso-appointment.h"
#include "meso-audit.h"
#include "meso-catalogue.h"
#include "meso-enum.h"
#include "meso-handout.h"
#include "meso-patient.h"
#include "meso-patient-import.h"
#include "meso-photo.h"
#include "meso-message.h"
#include "meso-reminder.h"
#include "meso-scalp-map.h"
#include "meso-screening.h"
#include "meso-test-db.h"

/* Each code table, and the column whose CHECK (column IN (...)) lists its
 * codes; NULL where the schema has no list (the code is checked in C). */
static const struct
{
  GType     (*get_type) (void);
  const char *table;
  const char *column;
} code_tables[] = {
  { meso_appointment_kind_get_type, "appointment", "kind" },
  { meso_appointment_status_get_type, "appointment", "status" },
  { meso_answer_get_type, "screening_answer", "answer" },
  { meso_audit_action_get_type, "audit", "action" },
  { meso_channel_get_type, "patient_consent", "channel" },
  { meso_channel_get_type, "message", "channel" },
  { meso_message_kind_get_type, "message", "kind" },
  { meso_message_state_get_type, "message", "state" },
  { meso_message_attachment_get_type, "message", "attachment" },
  { meso_import_format_get_type, "patient_import", "format" },
  { meso_photo_consent_get_type, "photo", "consent" },
  { meso_photo_purpose_get_type, "photo_access", "purpose" },
  { meso_role_get_type, "staff", "role" },
  { meso_reminder_state_get_type, "reminder", "state" },
  { meso_severity_get_type, "ingredient_rule", "severity" },
  { meso_severity_get_type, "general_rule", "severity" },
  { meso_sex_get_type, "patient", "sex" },
  { meso_condition_get_type, NULL, NULL },
  { meso_hair_scale_get_type, NULL, NULL },
  { meso_handout_kind_get_type, NULL, NULL },
  { meso_reminder_kind_get_type, NULL, NULL },
};

/* Text lists in the schema that are not enums: units are shown as they are,
 * a verdict is written from a count, a standard photo view's code names it
 * in a table with its label (meso-photo.c). */
static const char * const not_enums[] = {
  "ingredient.unit", "administration.verdict", "photo_view.code", NULL,
};

static void
test_round_trip (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (code_tables); t++)
    {
      GType type = code_tables[t].get_type ();
      guint n = meso_enum_count (type);

      g_test_message ("%s", g_type_name (type));
      g_assert_cmpuint (n, >=, 2);
      for (guint v = 0; v < n; v++)
        {
          const char *code = meso_enum_to_code (type, v);
          int back = -1;

          g_assert_nonnull (code);
          g_assert_true (meso_enum_from_code (type, code, &back));
          g_assert_cmpint (back, ==, v);
        }

      /* Unknown codes are refused and leave the value alone. */
      {
        static const char * const unknown[] = { "bogus", "Session", " session", "no-show ",
                                                "first-session", NULL };
        int value = -7;

        g_assert_false (meso_enum_from_code (type, NULL, &value));
        for (guint i = 0; unknown[i] != NULL; i++)
          g_assert_false (meso_enum_from_code (type, unknown[i], &value));
        if (type != MESO_TYPE_HAIR_SCALE)
          g_assert_false (meso_enum_from_code (type, "", &value));
        g_assert_cmpint (value, ==, -7);
      }
    }
}

/* The functions callers use agree with the enum types, and every value has
 * a label. */
#define CHECK_NAMES(Enum, type, get_code, from_code, get_label)                 \
  for (guint v = 0; v < meso_enum_count (type); v++)                            \
    {                                                                           \
      Enum back;                                                                \
      const char *label = get_label (v);                                        \
                                                                                \
      g_assert_cmpstr (get_code (v), ==, meso_enum_to_code (type, v));          \
      g_assert_true (from_code (get_code (v), &back));                          \
      g_assert_cmpint (back, ==, v);                                            \
      g_assert_false (from_code ("bogus", &back));                              \
      g_assert_false (from_code (NULL, &back));                                 \
      g_assert_nonnull (label);                                                 \
      g_assert_cmpstr (label, !=, "");                                          \
    }

static const char *
no_label (guint value)
{
  return "-";
}

static void
test_public_names (void)
{
  CHECK_NAMES (MesoAppointmentKind, MESO_TYPE_APPOINTMENT_KIND, meso_appointment_kind_get_code,
               meso_appointment_kind_from_code, meso_appointment_kind_get_label);
  CHECK_NAMES (MesoAppointmentStatus, MESO_TYPE_APPOINTMENT_STATUS,
               meso_appointment_status_get_code, meso_appointment_status_from_code,
               meso_appointment_status_get_label);
  CHECK_NAMES (MesoRole, MESO_TYPE_ROLE, meso_role_get_code, meso_role_from_code,
               meso_role_get_label);
  CHECK_NAMES (MesoCondition, MESO_TYPE_CONDITION, meso_condition_get_code,
               meso_condition_from_code, meso_condition_get_label);
  CHECK_NAMES (MesoAnswer, MESO_TYPE_ANSWER, meso_answer_get_code, meso_answer_from_code,
               no_label);
  CHECK_NAMES (MesoReminderKind, MESO_TYPE_REMINDER_KIND, meso_reminder_kind_get_code,
               meso_reminder_kind_from_code, meso_reminder_kind_get_label);
  CHECK_NAMES (MesoReminderState, MESO_TYPE_REMINDER_STATE, meso_reminder_state_get_code,
               meso_reminder_state_from_code, no_label);
  CHECK_NAMES (MesoHandoutKind, MESO_TYPE_HANDOUT_KIND, meso_handout_kind_get_code,
               meso_handout_kind_from_code, meso_handout_kind_get_label);
  CHECK_NAMES (MesoHairScale, MESO_TYPE_HAIR_SCALE, meso_hair_scale_get_code,
               meso_hair_scale_from_code, no_label);
  CHECK_NAMES (MesoPhotoConsent, MESO_TYPE_PHOTO_CONSENT, meso_photo_consent_get_code,
               meso_photo_consent_from_code, meso_photo_consent_get_label);
  for (guint v = 0; v < meso_enum_count (MESO_TYPE_SEX); v++)
    g_assert_cmpstr (meso_sex_get_label (v), !=, "");

  /* The counts the label tables are sized by. */
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_APPOINTMENT_KIND), ==, MESO_N_KINDS);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_APPOINTMENT_STATUS), ==, MESO_N_STATUSES);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_AUDIT_ACTION), ==, MESO_AUDIT_N_ACTIONS);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_CONDITION), ==, MESO_N_CONDITIONS);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_ANSWER), ==, MESO_ANSWER_YES + 1);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_HAIR_SCALE), ==, MESO_N_HAIR_SCALES);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_HANDOUT_KIND), ==, MESO_HANDOUT_N_KINDS);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_REMINDER_KIND), ==, MESO_REMINDER_N_KINDS);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_REMINDER_STATE), ==, MESO_REMINDER_N_STATES);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_ROLE), ==, MESO_N_ROLES);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_SEVERITY), ==, MESO_SEVERITY_ABSOLUTE + 1);
  g_assert_cmpuint (meso_enum_count (MESO_TYPE_SEX), ==, MESO_N_SEXES);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every text list "CHECK (column IN ('a', 'b'))" in @sql, as
 * "table.column" -> sorted codes joined by spaces. */
static void
collect_check_lists (const char *table,
                     const char *sql,
                     GHashTable *lists)
{
  g_autoptr(GRegex) check = g_regex_new ("CHECK\\s*\\(\\s*(\\w+)\\s+IN\\s*\\(([^)]*)\\)",
                                         0, 0, NULL);
  g_autoptr(GRegex) quoted = g_regex_new ("'([^']*)'", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (check, sql, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *column = g_match_info_fetch (match, 1);
      g_autofree char *items = g_match_info_fetch (match, 2);
      g_autoptr(GMatchInfo) item = NULL;
      g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

      g_regex_match (quoted, items, 0, &item);
      for (; g_match_info_matches (item); g_match_info_next (item, NULL))
        g_ptr_array_add (codes, g_match_info_fetch (item, 1));
      if (codes->len == 0)
        continue;   /* a flag such as CHECK (active IN (0, 1)) */
      g_ptr_array_sort (codes, compare_codes);
      g_ptr_array_add (codes, NULL);
      g_hash_table_insert (lists, g_strdup_printf ("%s.%s", table, column),
                           g_strjoinv (" ", (char **) codes->pdata));
    }
}

static void
test_schema_check_lists (void)
{
  g_autofree char *dir = NULL;
  MesoDb *db = meso_test_open_db (&dir);
  g_autoptr(GHashTable) lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  MesoStmt *stmt = meso_db_prepare (db, "SELECT name, sql FROM sqlite_schema"
                                            " WHERE type = 'table'", NULL);
  GHashTableIter iter;
  gpointer key;
  guint compared = 0;

  g_assert_nonnull (stmt);
  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    collect_check_lists (meso_stmt_column_text (stmt, 0),
                         meso_stmt_column_text (stmt, 1), lists);
  meso_stmt_reset (stmt);

  for (guint t = 0; t < G_N_ELEMENTS (code_tables); t++)
    {
      GType type = code_tables[t].get_type ();
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) codes = g_ptr_array_new ();
      g_autofree char *joined = NULL;
      const char *listed;

      if (code_tables[t].table == NULL)
        continue;
      name = g_strdup_printf ("%s.%s", code_tables[t].table, code_tables[t].column);
      for (guint v = 0; v < meso_enum_count (type); v++)
        g_ptr_array_add (codes, (gpointer) meso_enum_to_code (type, v));
      g_ptr_array_sort (codes, compare_codes);
      g_ptr_array_add (codes, NULL);
      joined = g_strjoinv (" ", (char **) codes->pdata);

      listed = g_hash_table_lookup (lists, name);
      g_test_message ("%s: schema '%s', %s '%s'", name, listed, g_type_name (type), joined);
      g_assert_cmpstr (joined, ==, listed);
      g_hash_table_remove (lists, name);
      compared++;
    }
  g_assert_cmpuint (compared, ==, 17);

  /* A new text list in the schema needs its enum, or a reason not to. */
  for (guint i = 0; not_enums[i] != NULL; i++)
    g_assert_true (g_hash_table_remove (lists, not_enums[i]));
  g_hash_table_iter_init (&iter, lists);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_error ("%s has a CHECK list of codes and no enum type in this test", (const char *) key);

  g_assert_finalize_object (db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/enum/round-trip", test_round_trip);
  g_test_add_func ("/meso/enum/public-names", test_public_names);
  g_test_add_func ("/meso/enum/schema-check-lists", test_schema_check_lists);

  return g_test_run ();
}
