/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-describe.c: an audit entry's stored values as people read
 * them. The entry itself stays as the triggers wrote it (it is the record);
 * only what is shown and exported readable is made here. */
#define G_LOG_DOMAIN "meso-audit-describe"

#include <glib/gi18n.h>
#include <string.h>

#include "meso-appointment.h"
#include "meso-audit-describe.h"
#include "meso-date-format.h"
#include "meso-enum.h"
#include "meso-language.h"
#include "meso-patient.h"
#include "meso-scalp-map.h"
#include "meso-screening.h"
#include "meso-staff.h"
#include "meso-text.h"

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
  { "restricted_on", N_("Restricted on") },
  { "anonymised_on", N_("Anonymised on") },
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
  { "starts_at", N_("Starts") },
  { "product_id", N_("Product") },
  { "second_id", N_("Incompatible with") },
  { "protocol_id", N_("Protocol") },
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
  { "source", N_("File") },
  { "format", N_("Format") },
  { "n_patients", N_("Patients") },
  { "undone_at", N_("Undone at") },
  { "folder", N_("Folder") },
  { "files", N_("Files") },
  { "appointment_id", N_("Session") },
  { "view_id", N_("Photo view") },
  { "spot", N_("Trichoscopy spot") },
  { "consent", N_("Consent to its use") },
  { "consent_on", N_("Consent given on") },
  { "file_name", N_("File") },
  { "image_sha256", N_("Checksum (SHA-256)") },
  { "removed_on", N_("Removed on") },
  { "erased_on", N_("Image erased on") },
  { "photo_id", N_("Photo") },
  { "purpose", N_("Purpose") },
  { "base_id", N_("Laid over photo") },
  { "landmarks", N_("Landmarks") },
  { "terminal", N_("Terminal hairs") },
  { "vellus", N_("Vellus hairs") },
  { "placement", N_("Placement") },
};

const char *
meso_audit_describe_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_strcmp0 (key, field_labels[i].key) == 0)
      return field_labels[i].context != NULL
             ? g_dpgettext2 (NULL, field_labels[i].context, field_labels[i].label)
             : _(field_labels[i].label);
  return key;
}

/* The kinds of record the history names, in the order a filter lists them. */
static const struct
{
  const char *table;
  const char *label;
} record_labels[] = {
  { "patient", N_("Patient record") },
  { "screening_answer", N_("Screening") },
  { "allergy", N_("Allergy") },
  { "medication", N_("Medication") },
  { "patient_consent", N_("Consent to messages") },
  { "message", N_("Message to a patient") },
  { "appointment", N_("Appointment") },
  { "course", N_("Treatment course") },
  { "waitlist", N_("Waitlist") },
  { "scalp_map", N_("Scalp map") },
  { "photo", N_("Scalp photo") },
  { "photo_access", N_("Look at scalp photos") },
  { "photo_alignment", N_("Photo comparison’s alignment") },
  { "photo_count", N_("Hair count") },
  { "photo_map_placement", N_("Scalp map laid over a photo") },
  { "photo_view", N_("Photo view") },
  { "lot", N_("Stock lot") },
  { "staff", N_("Staff account") },
  { "setting", N_("Clinic setting") },
  { "opening_hours", N_("Opening hours") },
  { "practitioner_hours", N_("Practitioner’s hours") },
  { "practitioner_day_off", N_("Day off") },
  { "holiday", N_("Holiday") },
  { "protocol", N_("Protocol") },
  { "protocol_phase", N_("Protocol phase") },
  { "database", N_("Database") },
  { "patient_import", N_("Import of patients") },
  { "record_export", N_("Record handed over on request") },
};

/* Returns: (transfer none): what a record of @table is called, or @table. */
const char *
meso_audit_describe_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_labels); i++)
    if (g_strcmp0 (table, record_labels[i].table) == 0)
      return _(record_labels[i].label);
  return table;
}

/**
 * meso_audit_describe_tables:
 *
 * Returns: (transfer container): the tables whose records the history
 * names (audit.table_name), %NULL-terminated, for a filter to list.
 */
const char **
meso_audit_describe_tables (void)
{
  const char **tables = g_new0 (const char *, G_N_ELEMENTS (record_labels) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (record_labels); i++)
    tables[i] = record_labels[i].table;
  return tables;
}



/* Reads a stored id: digits only, positive, no trailing text. */
gboolean
meso_audit_parse_id (const char *value,
                     gint64     *out_id)
{
  guint64 id;

  if (value == NULL ||
      !g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &id, NULL))
    return FALSE;
  *out_id = (gint64) id;
  return TRUE;
}

/**
 * meso_audit_describe_ref:
 *
 * Returns: (transfer full): the name of the record @id of kind @ref, or,
 * when it is gone, a text that still says what it was ("Room 3 (deleted)").
 */
char *
meso_audit_describe_ref (MesoAuditNames *names,
                         MesoAuditRef    ref,
                         gint64          id)
{
  const char *name = meso_audit_names_lookup (names, ref, id);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (name != NULL)
    return g_strdup (name);
  switch (ref)
    {
    case MESO_AUDIT_REF_PATIENT:
      /* Translators: %s is the number of a patient no longer on file. */
      return g_strdup_printf (_("Patient %s (deleted)"), number);
    case MESO_AUDIT_REF_STAFF:
      /* Translators: %s is the number of a staff account no longer on file. */
      return g_strdup_printf (_("Staff member %s (deleted)"), number);
    case MESO_AUDIT_REF_PRACTITIONER:
      return g_strdup_printf (_("Practitioner %s (deleted)"), number);
    case MESO_AUDIT_REF_ROOM:
      return g_strdup_printf (_("Room %s (deleted)"), number);
    case MESO_AUDIT_REF_PRODUCT:
      return g_strdup_printf (_("Product %s (deleted)"), number);
    case MESO_AUDIT_REF_INGREDIENT:
      return g_strdup_printf (_("Ingredient %s (deleted)"), number);
    case MESO_AUDIT_REF_PROTOCOL:
      return g_strdup_printf (_("Protocol %s (deleted)"), number);
    case MESO_AUDIT_REF_NONE:
    case MESO_AUDIT_N_REFS:
    default:
      return g_steal_pointer (&number);
    }
}

/**
 * meso_audit_describe_grades:
 * @value: a scalp map's zone grades as stored, a JSON array of grade
 *   numbers by zone ("[0,2,2,1,0,0,0,0]")
 *
 * Returns: (transfer full) (nullable): the graded zones by name ("Frontal:
 * Moderate, Left temple: Moderate, ..."), the grade "None" when no zone is
 * graded, or %NULL when @value is not such an array (more zones than there
 * are, or a grade out of range): then the stored text is shown as it is.
 */
char *
meso_audit_describe_grades (const char *value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *inner = NULL;
  g_auto(GStrv) cells = NULL;
  gsize len;

  if (value == NULL)
    return NULL;
  len = strlen (value);
  if (len < 2 || value[0] != '[' || value[len - 1] != ']')
    return NULL;
  inner = g_strndup (value + 1, len - 2);
  g_strstrip (inner);
  cells = *inner != '\0' ? g_strsplit (inner, ",", -1) : g_new0 (char *, 1);
  if (g_strv_length (cells) > MESO_SCALP_N_ZONES)
    return NULL;
  for (guint zone = 0; cells[zone] != NULL; zone++)
    {
      guint64 grade;

      g_strstrip (cells[zone]);
      if (!g_ascii_string_to_unsigned (cells[zone], 10, 0, MESO_N_GRADES - 1, &grade, NULL))
        return NULL;
      if (grade == MESO_GRADE_NONE)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      /* Translators: a graded scalp zone in the history, "Vertex: Moderate". */
      g_string_append_printf (text, C_("scalp zone and grade", "%s: %s"),
                              meso_scalp_zone_get_name (zone),
                              meso_grade_get_label (grade));
    }
  if (text->len == 0)
    return g_strdup (meso_grade_get_label (MESO_GRADE_NONE));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* An instant as the trigger wrote it (ISO 8601 in UTC, or seconds), as
 * the clinic's clock showed it, the date in words. */
static char *
describe_instant (MesoAuditNames *names,
                  const char     *value)
{
  g_autoptr(GTimeZone) utc_zone = g_time_zone_new_utc ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (value, utc_zone);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  gint64 seconds;

  if (utc == NULL && g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &seconds, NULL))
    utc = g_date_time_new_from_unix_utc (seconds);
  if (utc == NULL)
    return g_strdup (value);
  local = g_date_time_to_timezone (utc, meso_audit_names_get_zone (names));
  date = g_date_time_format (local, meso_date_format_date ());
  time = g_date_time_format (local, "%H:%M");
  /* Translators: a date in words and a time, "5 December 2026, 14:30". */
  return g_strdup_printf (C_("date and time", "%s, %s"), date, time);
}

/* The keys whose values are calendar days, stored as 2026-11-20. */
static const char * const day_keys[] = {
  "birth_date", "asked_on", "expires_on", "first_day", "last_day", "day", NULL,
};

/* A stored day in words ("20 November 2026"), or %NULL if it is not one. */
static char *
describe_day (const char *value)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  if (!meso_text_parse_date (value, &date))
    return NULL;
  day = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date), 0, 0, 0);
  return day != NULL ? g_date_time_format (day, meso_date_format_date ()) : NULL;
}

/**
 * meso_audit_describe_value:
 * @names: the names the entry's ids refer to
 * @key: the stored key, as the trigger wrote it
 * @value: (nullable): the stored value
 *
 * Returns: (transfer full): @value as people read it: a name for an id,
 * labels for codes and grades, yes or no for a flag, a local time for an
 * instant; anything else as stored.
 */
char *
meso_audit_describe_value (MesoAuditNames *names,
                           const char     *key,
                           const char     *value)
{
  MesoAuditRef ref = meso_audit_ref_for_key (key);
  MesoRole role;
  MesoAppointmentKind kind;
  MesoAppointmentStatus status;
  MesoSex sex;
  MesoAnswer answer;
  gint64 id;

  if (value == NULL || *value == '\0')
    return g_strdup ("—");
  if (ref != MESO_AUDIT_REF_NONE && meso_audit_parse_id (value, &id))
    return meso_audit_describe_ref (names, ref, id);
  if (g_str_equal (key, "archived") || g_str_equal (key, "active") ||
      g_str_equal (key, "blood_thinner") || g_str_equal (key, "resolved"))
    return g_strdup (g_str_equal (value, "0") ? _("No") : _("Yes"));
  if (g_str_equal (key, "role") && meso_role_from_code (value, &role))
    return g_strdup (meso_role_get_label (role));
  if (g_str_equal (key, "kind") && meso_appointment_kind_from_code (value, &kind))
    return g_strdup (meso_appointment_kind_get_label (kind));
  if (g_str_equal (key, "status") && meso_appointment_status_from_code (value, &status))
    return g_strdup (meso_appointment_status_get_label (status));
  if (g_str_equal (key, "sex") && meso_enum_from_code (MESO_TYPE_SEX, value, (int *) &sex))
    return g_strdup (meso_sex_get_label (sex));
  if (g_str_equal (key, "language") && meso_language_get_name (value) != NULL)
    return g_strdup (meso_language_get_name (value));
  if (g_str_equal (key, "answer") && meso_answer_from_code (value, &answer))
    /* As the patient's form offers them. */
    return g_strdup (answer == MESO_ANSWER_YES ? _("Yes")
                     : answer == MESO_ANSWER_NO ? _("No") : _("Unknown"));
  if (g_strv_contains (day_keys, key))
    {
      char *day = describe_day (value);

      return day != NULL ? day : g_strdup (value);
    }
  if (g_str_equal (key, "starts_at"))
    return describe_instant (names, value);
  if (g_str_equal (key, "grades"))
    {
      char *grades = meso_audit_describe_grades (value);

      return grades != NULL ? grades : g_strdup (value);
    }
  return g_strdup (value);
}
