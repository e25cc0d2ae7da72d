/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-texts.c: handout texts are shipped as one key file per
 * language (data/handouts/<code>.ini, in the core's resources); the clinic's
 * own versions live in the handout_text table and win over the shipped
 * ones. A text the clinic sets back to the shipped one is deleted, so that
 * it follows later corrections of the shipped text. */
#define G_LOG_DOMAIN "meso-handout-texts"

#include <glib/gi18n.h>

#include "meso-appointment.h"
#include "meso-enum.h"
#include "meso-handout-store-private.h"
#include "meso-language.h"
#include "meso-patient.h"
#include "meso-photo.h"
#include "meso-screening.h"
#include "meso-text.h"

#define RESOURCE_PATH "/io/github/mesodesk/Mesodesk/core/handouts/%s.ini"
#define MAX_BODY_CHARS 20000
#define MAX_TEXT_CHARS 1000
#define MAX_FIELDS 28

struct _MesoHandoutTexts
{
  GObject           parent_instance;

  MesoHandoutStore *store;      /* what the texts are saved through */
  char             *language;
  GHashTable       *shipped;    /* "section/key" -> the text (English where a translation lacks it) */
  GHashTable       *own;        /* "section/key" -> the clinic's text */
};

G_DEFINE_TYPE (MesoHandoutTexts, meso_handout_texts, G_TYPE_OBJECT)

G_DEFINE_QUARK (meso-handout-texts-error-quark, meso_handout_texts_error)

/* The {fields} each section's texts may use. Blocks (a table or the scalp
 * map) stand alone on a line of a body. The handouts' sections also take
 * the common fields. */
static const char * const common_fields[] = {
  "patient", "clinic", "clinic_phone", "date", "time", "practitioner", NULL
};

static const struct
{
  const char *name;
  const char *label;
  gboolean    handout;
  const char *fields[MAX_FIELDS];
  const char *blocks[6];
} sections[] = {
  { "aftercare", N_("Aftercare Sheet"), TRUE,
    { "end_time", "wash_until", "sun_until", "sport_until", "alcohol_until", "dye_until",
      "sun_advice", "next_session", "next_date", "next_practitioner" } },
  { "schedule", N_("Course Schedule"), TRUE, { "protocol", "count" }, { "sessions" } },
  { "record", N_("Session Record"), TRUE,
    { "birth_date", "end_time", "course", "position", "count", "protocol", "screening_result",
      "conditions", "medication", "allergies", "points", "volume", "salt", "scale",
      "cocktail_result", "recorded_by", "recorded_on", "total", "photos_title", "photo_view",
      "photo_date", "consent", "consent_on" },
    { "screening", "zones", "scalp_map", "cocktail", "photos" } },
  { "instructions", N_("Pre-Session Instructions"), TRUE, { "wash_day", "dye_from", "minutes" } },
  /* Written into a patient's record export (see meso-handout-summary.c). */
  { "record-summary", N_("Record Summary"), TRUE,
    { "exported_by", "family_name", "given_name", "birth_date", "sex", "phone", "email",
      "address", "language", "screened_on", "screening_result", "conditions", "medication",
      "allergies", "appointments_result", "treatments_result", "scalp_result", "messages_result",
      "audit_result", "audit_count", "audit_first", "audit_last" },
    { "screening", "appointments", "treatments", "scalp", "messages" } },
  /* Each view's photos: see meso-handout-photos.c. */
  { "progress", N_("Progress Photos"), TRUE,
    { "first_date", "latest_date", "photo_view", "photo_date", "consent", "consent_on",
      "salt_result", "first_salt", "latest_salt" },
    { "comparisons" } },
  { "words", N_("Words in Tables"), FALSE, { NULL } },
  { "dates", N_("Dates"), FALSE, { "weekday", "day", "month", "year", "time", "dd", "mm" } },
  { "page", N_("Page Header and Footer"), FALSE, { "page", "pages", "today" } },
  /* Filled in from the handout each message is about (see meso-message-maker.c). */
  { "messages", N_("Messages to Patients"), TRUE,
    { "end_time", "wash_day", "dye_from", "minutes", "wash_until", "sun_until", "sport_until",
      "alcohol_until", "dye_until", "next_session", "protocol", "count" } },
  { "calendar", N_("Appointments Exported to a Calendar"), FALSE,
    { "kind", "position", "count", "practitioner", "clinic", "clinic_phone" } },
};

static const char *section_names[G_N_ELEMENTS (sections) + 1];

static int
find_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return i;
  return -1;
}

/**
 * meso_handout_texts_sections:
 *
 * Returns: (transfer none): the sections of a language's texts: the
 * handouts first, then the words, dates and page texts they share, then
 * the words of a patient's exported appointments.
 */
const char * const *
meso_handout_texts_sections (void)
{
  if (section_names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      section_names[i] = sections[i].name;
  return section_names;
}

const char *
meso_handout_texts_section_label (const char *section)
{
  int i = find_section (section);

  return i >= 0 ? _(sections[i].label) : NULL;
}

static const struct
{
  const char *key;
  const char *label;
} key_labels[] = {
  { "title", N_("Title") },
  { "body", N_("Text") },
  { "sun-hat", N_("Sun advice, with a hat") },
  { "sun-no-hat", N_("Sun advice, without a hat") },
  { "next", N_("Next session, when one is booked") },
  { "no-next", N_("Next session, when none is booked") },
  { "course", N_("Session in a course") },
  { "clear", N_("No contraindication") },
  { "reported", N_("Contraindications reported") },
  { "recorded", N_("Cocktail recorded") },
  { "not-recorded", N_("No cocktail recorded") },
  { "page", N_("Page number") },
  { "printed", N_("Date printed") },
  { "months", N_("Months, as written in a date") },
  { "weekdays", N_("Weekdays, from Monday") },
  { "date", N_("Date") },
  { "date-time", N_("Date and time") },
  { "numeric", N_("Date in tables") },
  { "yes", N_("Yes") },
  { "no", N_("No") },
  { "unknown", N_("Not asked") },
  { "none", N_("None") },
  { "ml", N_("Millilitres") },
  { "decimal-mark", N_("Decimal mark") },
  { "stage-iii-vertex", N_("Hair loss stage III vertex") },
  { "summary", N_("Event title") },
  { "session", N_("Session in a course") },
  { "with", N_("Practitioner") },
  { "call", N_("How to change an appointment") },
  { "alarm", N_("Reminder the day before") },
  { "confirmation-subject", N_("Confirmation the day before: subject") },
  { "confirmation-body", N_("Confirmation the day before: text") },
  { "next-session-subject", N_("Next session of the course: subject") },
  { "next-session-body", N_("Next session of the course: text") },
  { "aftercare-subject", N_("Aftercare after a session: subject") },
  { "aftercare-body", N_("Aftercare after a session: text") },
  { "maintenance-subject", N_("Maintenance session due: subject") },
  { "maintenance-body", N_("Maintenance session due: text") },
  { "stop", N_("How to stop the messages") },
  { "calendar-file", N_("Name of the attached calendar file") },
  { "empty", N_("A list with nothing stored") },
  { "audit", N_("Entries in the audit trail") },
  { "audit-none", N_("No entry in the audit trail") },
  { "channel-email", N_("Message sent by e-mail") },
  { "channel-sms", N_("Message sent by SMS") },
  { "photos-title", N_("Heading of the photos") },
  { "photo", N_("Under a photo: its view and date") },
  { "consent", N_("Under a photo: the consent recorded") },
  { "first", N_("Under the first session’s photo") },
  { "latest", N_("Under the latest session’s photo") },
  { "salt", N_("SALT scores of the first and latest sessions") },
  { "consent-clinical", N_("Photo consent: clinical record only") },
  { "consent-teaching", N_("Photo consent: also teaching and marketing") },
};

/**
 * meso_handout_texts_key_label:
 *
 * Returns: (transfer full): what the text @key is, in the user's
 * language, for the editor: "Title", or a zone's name for "zone-vertex".
 */
char *
meso_handout_texts_key_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_labels); i++)
    if (g_str_equal (key, key_labels[i].key))
      return g_strdup (_(key_labels[i].label));
  if (g_str_has_prefix (key, "condition-"))
    {
      MesoCondition condition;

      if (meso_condition_from_code (key + strlen ("condition-"), &condition))
        return g_strdup (meso_condition_get_label (condition));
    }
  if (g_str_has_prefix (key, "kind-"))
    {
      g_autofree char *code = g_strdelimit (g_strdup (key + strlen ("kind-")), "-", '_');
      MesoAppointmentKind kind;

      if (meso_appointment_kind_from_code (code, &kind))
        return g_strdup (meso_appointment_kind_get_label (kind));
    }
  if (g_str_has_prefix (key, "status-"))
    {
      g_autofree char *code = g_strdelimit (g_strdup (key + strlen ("status-")), "-", '_');
      MesoAppointmentStatus status;

      if (meso_appointment_status_from_code (code, &status))
        return g_strdup_printf (_("Appointment status: %s"),
                                meso_appointment_status_get_label (status));
    }
  if (g_str_has_prefix (key, "sex-"))
    {
      int sex;

      if (meso_enum_from_code (MESO_TYPE_SEX, key + strlen ("sex-"), &sex))
        return g_strdup_printf (_("Sex: %s"), meso_sex_get_label (sex));
    }
  if (g_str_has_prefix (key, "view-"))
    {
      g_autoptr(MesoPhotoView) view = meso_photo_view_new ();

      view->code = g_strdup (key + strlen ("view-"));
      if (meso_photo_view_code_is_known (view->code))
        return g_strdup_printf (_("Photo view: %s"), meso_photo_view_get_label (view));
    }
  if (g_str_has_prefix (key, "grade-") || g_str_has_prefix (key, "zone-"))
    {
      /* "grade-no-follicles" -> "Hair loss: no follicles" */
      g_autofree char *words = g_strdelimit (g_strdup (strchr (key, '-') + 1), "-", ' ');

      return g_strdup_printf (g_str_has_prefix (key, "grade-") ? _("Hair loss: %s")
                                                               : _("Zone: %s"), words);
    }
  return g_strdup (key);
}

static GKeyFile *
load_shipped (const char *language)
{
  g_autofree char *path = g_strdup_printf (RESOURCE_PATH, language);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  if (bytes == NULL || !g_key_file_load_from_bytes (file, bytes, G_KEY_FILE_NONE, &error))
    g_error ("The shipped handout texts %s cannot be read: %s", path,
             error != NULL ? error->message : "missing");
  return g_steal_pointer (&file);
}

/**
 * meso_handout_texts_list_keys:
 *
 * Returns: (transfer full): the keys of @section, in the order the
 * shipped English texts give them.
 */
char **
meso_handout_texts_list_keys (const char *section)
{
  g_autoptr(GKeyFile) english = load_shipped ("en");

  return g_key_file_get_keys (english, section, NULL, NULL);
}

static gboolean
in_list (const char * const *list,
         const char         *name,
         gsize               length)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == length && strncmp (list[i], name, length) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_block (int         section,
          const char *name,
          gsize       length)
{
  return in_list (sections[section].blocks, name, length);
}

static gboolean
is_field (int         section,
          const char *name,
          gsize       length)
{
  return in_list (sections[section].fields, name, length) ||
         (sections[section].handout && in_list (common_fields, name, length));
}

/**
 * meso_handout_texts_list_fields:
 *
 * Returns: (transfer full): the fields @key of @section may use, such as
 * "{patient}, {date}", for the editor to show; "" when it takes none.
 */
char *
meso_handout_texts_list_fields (const char *section,
                                const char *key)
{
  g_autoptr(GString) list = g_string_new (NULL);
  int s = find_section (section);
  gboolean body = g_strcmp0 (key, "body") == 0;

  g_return_val_if_fail (s >= 0, NULL);
  if (sections[s].handout)
    for (guint i = 0; common_fields[i] != NULL; i++)
      g_string_append_printf (list, "%s{%s}", list->len > 0 ? ", " : "", common_fields[i]);
  for (guint i = 0; sections[s].fields[i] != NULL; i++)
    g_string_append_printf (list, "%s{%s}", list->len > 0 ? ", " : "", sections[s].fields[i]);
  for (guint i = 0; body && sections[s].blocks[i] != NULL; i++)
    g_string_append_printf (list, "%s{%s}", list->len > 0 ? ", " : "", sections[s].blocks[i]);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (MESO_HANDOUT_TEXTS_ERROR, MESO_HANDOUT_TEXTS_ERROR_INVALID,
                                 format, args);
  va_end (args);
  return FALSE;
}

static gboolean
check_names (const char  *text,
             guint        count,
             GError     **error)
{
  g_auto(GStrv) names = g_strsplit (text, ";", -1);
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    if (*g_strstrip (names[i]) != '\0')
      n++;
    else if (names[i + 1] != NULL)
      n = G_MAXUINT / 2;   /* an empty name between two others */
  if (n != count)
    return invalid (error, ngettext ("Give %u name, each followed by a semicolon.",
                                     "Give %u names, each followed by a semicolon.", count),
                    count);
  return TRUE;
}

/**
 * meso_handout_texts_check:
 *
 * Returns: whether @text can be saved as @key of @section: short enough,
 * using only the fields it may use, with tables and the scalp map on
 * lines of their own.
 */
gboolean
meso_handout_texts_check (const char  *section,
                          const char  *key,
                          const char  *text,
                          GError     **error)
{
  int s = find_section (section);
  gboolean body = g_strcmp0 (key, "body") == 0;
  guint max_chars = body ? MAX_BODY_CHARS : MAX_TEXT_CHARS;
  g_auto(GStrv) keys = meso_handout_texts_list_keys (section);

  if (s < 0 || keys == NULL || !g_strv_contains ((const char * const *) keys, key))
    return invalid (error, _("There is no handout text “%s”."), key);
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    return invalid (error, _("Use at most %u characters."), max_chars);
  if (g_str_equal (section, "dates") && g_str_equal (key, "months"))
    return check_names (text, 12, error);
  if (g_str_equal (section, "dates") && g_str_equal (key, "weekdays"))
    return check_names (text, 7, error);

  for (const char *open = strchr (text, '{'); open != NULL; open = strchr (open + 1, '{'))
    {
      const char *close = strchr (open, '}');
      const char *line_start = open;
      const char *line_end;
      gsize length;

      if (close == NULL)
        return invalid (error, _("A “{” is not closed with “}”."));
      length = close - open - 1;
      if (is_field (s, open + 1, length))
        continue;
      if (!is_block (s, open + 1, length))
        {
          g_autofree char *name = g_strndup (open, length + 2);
          g_autofree char *fields = meso_handout_texts_list_fields (section, key);

          if (*fields == '\0')
            return invalid (error, _("“%s” is not a field, and this text takes none."), name);
          return invalid (error, _("“%s” is not a field. Use %s."), name, fields);
        }
      /* A table or the map is a block of the body: alone on its line. */
      while (line_start > text && line_start[-1] != '\n')
        line_start--;
      line_end = strchr (close, '\n');
      if (!body || line_start != open || (line_end != NULL ? line_end : close + strlen (close)) != close + 1)
        {
          g_autofree char *name = g_strndup (open, length + 2);

          return invalid (error, _("Put %s on a line of its own, in the body."), name);
        }
    }
  return TRUE;
}

static void
meso_handout_texts_finalize (GObject *object)
{
  MesoHandoutTexts *self = MESO_HANDOUT_TEXTS (object);

  g_clear_object (&self->store);
  g_free (self->language);
  g_clear_pointer (&self->shipped, g_hash_table_unref);
  g_clear_pointer (&self->own, g_hash_table_unref);

  G_OBJECT_CLASS (meso_handout_texts_parent_class)->finalize (object);
}

static void
meso_handout_texts_class_init (MesoHandoutTextsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_handout_texts_finalize;
}

static void
meso_handout_texts_init (MesoHandoutTexts *self)
{
  self->own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The shipped texts of @language, keyed "section/key", with the English
 * ones it lacks. They never change while Mesodesk runs, so each language's
 * are read once and shared (read only) by every thread: the rules make a
 * message from them for each patient. */
static GHashTable *
ref_shipped_texts (const char *language)
{
  static GHashTable *by_language;   /* language -> its texts */
  G_LOCK_DEFINE_STATIC (by_language);
  GHashTable *texts;
  g_autoptr(GKeyFile) english = NULL;
  g_autoptr(GKeyFile) translated = NULL;
  g_auto(GStrv) groups = NULL;

  G_LOCK (by_language);
  if (by_language == NULL)
    by_language = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  texts = g_hash_table_lookup (by_language, language);
  if (texts != NULL)
    {
      g_hash_table_ref (texts);
      G_UNLOCK (by_language);
      return texts;
    }
  english = load_shipped ("en");
  translated = load_shipped (language);
  groups = g_key_file_get_groups (english, NULL);
  texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (english, groups[g], NULL, NULL);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          char *text = g_key_file_get_string (translated, groups[g], keys[k], NULL);

          if (text == NULL)
            text = g_key_file_get_string (english, groups[g], keys[k], NULL);
          g_hash_table_insert (texts, g_strdup_printf ("%s/%s", groups[g], keys[k]), text);
        }
    }
  g_hash_table_insert (by_language, g_strdup (language), g_hash_table_ref (texts));
  G_UNLOCK (by_language);
  return texts;
}

/**
 * meso_handout_store_load_texts:
 * @language: a code of meso_language_codes(); another one gives English
 *
 * Returns: (transfer full): the texts of @language, the clinic's own
 * where it has written them.
 */
MesoHandoutTexts *
meso_handout_store_load_texts (MesoHandoutStore  *store,
                               const char        *language,
                               GError           **error)
{
  g_autoptr(MesoHandoutTexts) self = g_object_new (MESO_TYPE_HANDOUT_TEXTS, NULL);
  MesoDb *db = store->db;
  MesoStmt *stmt;
  int rc;

  self->store = g_object_ref (store);
  self->language = g_strdup (meso_language_is_known (language) ? language : "en");
  self->shipped = ref_shipped_texts (self->language);

  stmt = meso_db_prepare (db, "SELECT section, key, text FROM handout_text WHERE language = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_text (stmt, 1, self->language);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    g_hash_table_insert (self->own,
                         g_strdup_printf ("%s/%s", meso_stmt_column_text (stmt, 0),
                                          meso_stmt_column_text (stmt, 1)),
                         g_strdup (meso_stmt_column_text (stmt, 2)));
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the handout texts"), error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
meso_handout_texts_get_language (MesoHandoutTexts *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT_TEXTS (self), NULL);
  return self->language;
}

static const char *
get_shipped (MesoHandoutTexts *self,
             const char       *section,
             const char       *key)
{
  g_autofree char *shipped_key = g_strdup_printf ("%s/%s", section, key);
  const char *text = g_hash_table_lookup (self->shipped, shipped_key);

  return text != NULL ? text : "";
}

/**
 * meso_handout_texts_get:
 *
 * Returns: (transfer none): the text of @key in @section: the clinic's
 * own, else the shipped one ("" for none).
 */
const char *
meso_handout_texts_get (MesoHandoutTexts *self,
                        const char       *section,
                        const char       *key)
{
  g_autofree char *own_key = g_strdup_printf ("%s/%s", section, key);
  const char *own = g_hash_table_lookup (self->own, own_key);

  return own != NULL ? own : get_shipped (self, section, key);
}

gboolean
meso_handout_texts_is_own (MesoHandoutTexts *self,
                           const char       *section,
                           const char       *key)
{
  g_autofree char *own_key = g_strdup_printf ("%s/%s", section, key);

  return g_hash_table_contains (self->own, own_key);
}

/* Prepares @sql with the language, @section and @key bound as ?1, ?2 and ?3. */
static MesoStmt *
prepare_text (MesoHandoutTexts  *self,
              const char        *sql,
              const char        *section,
              const char        *key,
              GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->store->db, sql, error);

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_text (stmt, 1, self->language);
  meso_stmt_bind_text (stmt, 2, section);
  meso_stmt_bind_text (stmt, 3, key);
  return stmt;
}

/**
 * meso_handout_texts_save:
 *
 * Checks @text (a %MESO_HANDOUT_TEXTS_ERROR saying what is wrong) and
 * stores it as the clinic's own; only staff who manage the settings may.
 */
gboolean
meso_handout_texts_save (MesoHandoutTexts *self,
                         const char       *section,
                         const char       *key,
                         const char       *text,
                         GError          **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  if (!meso_handout_texts_check (section, key, text, error))
    return FALSE;
  if (g_str_equal (text, get_shipped (self, section, key)))
    return meso_handout_texts_reset (self, section, key, error);

  w = meso_db_begin_write (self->store->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;
  stmt = prepare_text (self,
                       "INSERT INTO handout_text (language, section, key, text, updated_by)"
                       " VALUES (?1, ?2, ?3, ?4, meso_actor ())"
                       " ON CONFLICT (language, section, key) DO UPDATE SET text = excluded.text,"
                       "  updated_by = excluded.updated_by,"
                       "  updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ')", section, key, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 4, text);
  if (!meso_db_step_done (self->store->db, stmt, error) || !meso_handout_store_commit (self->store, w, error))
    return FALSE;
  g_hash_table_insert (self->own, g_strdup_printf ("%s/%s", section, key), g_strdup (text));
  return TRUE;
}

/* Goes back to the shipped text of @key. */
gboolean
meso_handout_texts_reset (MesoHandoutTexts *self,
                          const char       *section,
                          const char       *key,
                          GError          **error)
{
  g_autofree char *own_key = g_strdup_printf ("%s/%s", section, key);
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  w = meso_db_begin_write (self->store->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;
  stmt = prepare_text (self, "DELETE FROM handout_text"
                             " WHERE language = ?1 AND section = ?2 AND key = ?3",
                       section, key, error);
  if (stmt == NULL)
    return FALSE;
  if (!meso_db_step_done (self->store->db, stmt, error) || !meso_handout_store_commit (self->store, w, error))
    return FALSE;
  g_hash_table_remove (self->own, own_key);
  return TRUE;
}

static const char *
lookup_value (const char *name,
              gsize       length,
              gpointer    values)
{
  g_autofree char *key = g_strndup (name, length);

  return g_hash_table_lookup (values, key);
}

/**
 * meso_handout_texts_expand:
 * @values: field name -> value
 *
 * Returns: (transfer full): @text with each {field} of @values replaced by
 * its value; anything else in braces is left as it is.
 */
char *
meso_handout_texts_expand (const char *text,
                           GHashTable *values)
{
  return meso_text_expand_fields (text, lookup_value, values);
}

static char *
nth_name (MesoHandoutTexts *self,
          const char       *key,
          guint             n)
{
  g_auto(GStrv) names = g_strsplit (meso_handout_texts_get (self, "dates", key), ";", -1);

  return n < g_strv_length (names) ? g_strdup (g_strstrip (names[n])) : g_strdup ("");
}

/**
 * meso_handout_texts_format_date:
 * @when: in the clinic's time zone
 * @format: "date", "date-time" (without the year) or "numeric"
 *
 * Returns: (transfer full): @when written the language's way, with its own
 * month and weekday names: not the workstation's locale.
 */
char *
meso_handout_texts_format_date (MesoHandoutTexts *self,
                                GDateTime        *when,
                                const char       *format)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (values, "weekday",
                       nth_name (self, "weekdays", g_date_time_get_day_of_week (when) - 1));
  g_hash_table_insert (values, "day", g_strdup_printf ("%d", g_date_time_get_day_of_month (when)));
  g_hash_table_insert (values, "month", nth_name (self, "months", g_date_time_get_month (when) - 1));
  g_hash_table_insert (values, "year", g_strdup_printf ("%d", g_date_time_get_year (when)));
  g_hash_table_insert (values, "time", g_date_time_format (when, "%H:%M"));
  g_hash_table_insert (values, "dd", g_date_time_format (when, "%d"));
  g_hash_table_insert (values, "mm", g_date_time_format (when, "%m"));
  return meso_handout_texts_expand (meso_handout_texts_get (self, "dates", format), values);
}

/* @value with @decimals digits after the language's decimal mark. */
char *
meso_handout_texts_format_number (MesoHandoutTexts *self,
                                  double            value,
                                  guint             decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  const char *mark = meso_handout_texts_get (self, "words", "decimal-mark");
  g_auto(GStrv) parts = NULL;

  g_snprintf (format, sizeof format, "%%.%uf", MIN (decimals, 6));
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  parts = g_strsplit (buffer, ".", 2);
  return g_strjoinv (*mark != '\0' ? mark : ".", parts);
}
