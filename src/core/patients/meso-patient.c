/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient.c: a patient record as a value object with field-level validation. */
#define G_LOG_DOMAIN "meso-patient"

#include <glib/gi18n.h>
#include <string.h>

#include "config.h"
#include "meso-enum.h"
#include "meso-language.h"
#include "meso-patient.h"
#include "meso-text.h"
#include "meso-text-icu.h"

#define MAX_AGE_YEARS 130

struct _MesoPatient
{
  GObject   parent_instance;

  gint64    id;
  gint64    revision;   /* as read from the database; a save names it */
  char     *fields[MESO_PATIENT_N_FIELDS];
  gboolean  archived;
  char     *restricted_on;  /* YYYY-MM-DD, or NULL when not restricted */
  char     *anonymised_on;
  GDate     summary_day;  /* what "summary" counts the age on; unset: no age */
};

G_DEFINE_TYPE (MesoPatient, meso_patient, G_TYPE_OBJECT)

/* Replaces *slot with a copy of @value; %TRUE if it changed (GLib 2.74 has no g_set_str). */
static gboolean
replace_str (char       **slot,
             const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

G_DEFINE_QUARK (meso-patient-error-quark, meso_patient_error)

G_DEFINE_ENUM_TYPE (MesoChannel, meso_channel,
  G_DEFINE_ENUM_VALUE (MESO_CHANNEL_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (MESO_CHANNEL_SMS, "sms"))

G_DEFINE_ENUM_TYPE (MesoSex, meso_sex,
  G_DEFINE_ENUM_VALUE (MESO_SEX_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (MESO_SEX_FEMALE, "female"),
  G_DEFINE_ENUM_VALUE (MESO_SEX_MALE, "male"),
  G_DEFINE_ENUM_VALUE (MESO_SEX_OTHER, "other"))

static const char * const sex_labels[MESO_N_SEXES] = {
  [MESO_SEX_UNKNOWN] = N_("Not recorded"),
  [MESO_SEX_FEMALE]  = N_("Female"),
  [MESO_SEX_MALE]    = N_("Male"),
  [MESO_SEX_OTHER]   = N_("Other"),
};

/**
 * meso_sex_get_label:
 * @sex: a sex
 *
 * Returns: (transfer none): the name a picker shows for @sex, translated.
 */
const char *
meso_sex_get_label (MesoSex sex)
{
  g_return_val_if_fail (sex < MESO_N_SEXES, NULL);
  return _(sex_labels[sex]);
}

/* The length limits match the CHECK constraints of the patient table. */
static const struct
{
  const char *property;
  guint       max_chars;
} field_info[MESO_PATIENT_N_FIELDS] = {
  [MESO_PATIENT_FAMILY_NAME] = { "family-name", 100 },
  [MESO_PATIENT_GIVEN_NAME]  = { "given-name",  100 },
  [MESO_PATIENT_BIRTH_DATE]  = { "birth-date",  10 },
  [MESO_PATIENT_SEX]         = { "sex",         8 },
  [MESO_PATIENT_PHONE]       = { "phone",       32 },
  [MESO_PATIENT_EMAIL]       = { "email",       254 },
  [MESO_PATIENT_ADDRESS]     = { "address",     500 },
  [MESO_PATIENT_LANGUAGE]    = { "language",    8 },
  [MESO_PATIENT_NOTES]       = { "notes",       10000 },
};

enum {
  PROP_0,
  PROP_ID,
  PROP_ARCHIVED,
  PROP_DISPLAY_NAME,
  PROP_SUMMARY,
  PROP_FIRST_FIELD,
  N_PROPS = PROP_FIRST_FIELD + MESO_PATIENT_N_FIELDS
};

static GParamSpec *properties[N_PROPS];

static void
meso_patient_finalize (GObject *object)
{
  MesoPatient *self = MESO_PATIENT (object);

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_free (self->restricted_on);
  g_free (self->anonymised_on);

  G_OBJECT_CLASS (meso_patient_parent_class)->finalize (object);
}

static void
meso_patient_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MesoPatient *self = MESO_PATIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_DISPLAY_NAME:
      g_value_take_string (value, meso_patient_dup_display_name (self));
      break;
    case PROP_SUMMARY:
      g_value_take_string (value, meso_patient_dup_summary (self, &self->summary_day));
      break;
    default:
      if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
        g_value_set_string (value, self->fields[prop_id - PROP_FIRST_FIELD]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_patient_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MesoPatient *self = MESO_PATIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      meso_patient_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_ARCHIVED:
      meso_patient_set_archived (self, g_value_get_boolean (value));
      break;
    default:
      if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
        meso_patient_set_field (self, prop_id - PROP_FIRST_FIELD, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_patient_class_init (MesoPatientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = meso_patient_finalize;
  object_class->get_property = meso_patient_get_property;
  object_class->set_property = meso_patient_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    properties[PROP_FIRST_FIELD + i] =
      g_param_spec_string (field_info[i].property, NULL, NULL, "",
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_patient_init (MesoPatient *self)
{
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    self->fields[i] = g_strdup ("");
  replace_str (&self->fields[MESO_PATIENT_SEX], "unknown");
  g_date_clear (&self->summary_day, 1);
}

/**
 * meso_patient_set_summary_day:
 * @day: the clinic's today, which the #MesoPatient:summary property gives
 *   the age on
 */
void
meso_patient_set_summary_day (MesoPatient *self,
                              const GDate *day)
{
  self->summary_day = *day;
}

MesoPatient *
meso_patient_new (void)
{
  return g_object_new (MESO_TYPE_PATIENT, NULL);
}

MesoPatient *
meso_patient_copy (MesoPatient *self)
{
  MesoPatient *copy = meso_patient_new ();

  copy->id = self->id;
  copy->revision = self->revision;
  copy->archived = self->archived;
  copy->restricted_on = g_strdup (self->restricted_on);
  copy->anonymised_on = g_strdup (self->anonymised_on);
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    replace_str (&copy->fields[i], self->fields[i]);
  return copy;
}

/**
 * meso_patient_merge:
 * @base: the patient as a form read it
 * @mine: the form's patient, edited since
 * @stored: the patient as stored now, saved meanwhile by another workstation
 *
 * Returns: (transfer full): @stored, at its revision, with each field the
 * form changed from @base as the form has it: a reload that keeps one's
 * own edits, and takes the others' where one made none.
 */
MesoPatient *
meso_patient_merge (MesoPatient *base,
                    MesoPatient *mine,
                    MesoPatient *stored)
{
  MesoPatient *merged = meso_patient_copy (stored);

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    if (g_strcmp0 (mine->fields[i], base->fields[i]) != 0)
      replace_str (&merged->fields[i], mine->fields[i]);
  return merged;
}

gint64
meso_patient_get_id (MesoPatient *self)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), 0);
  return self->id;
}

void
meso_patient_set_id (MesoPatient *self,
                     gint64       id)
{
  g_return_if_fail (MESO_IS_PATIENT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/**
 * meso_patient_get_revision:
 *
 * Returns: the revision of the stored patient this one was read as; a save
 * is refused once another save has changed the patient since.
 */
gint64
meso_patient_get_revision (MesoPatient *self)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), 0);
  return self->revision;
}

void
meso_patient_set_revision (MesoPatient *self,
                           gint64       revision)
{
  g_return_if_fail (MESO_IS_PATIENT (self));
  self->revision = revision;
}

const char *
meso_patient_get_field (MesoPatient      *self,
                        MesoPatientField  field)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), NULL);
  g_return_val_if_fail (field < MESO_PATIENT_N_FIELDS, NULL);
  return self->fields[field];
}

void
meso_patient_set_field (MesoPatient      *self,
                        MesoPatientField  field,
                        const char       *value)
{
  g_return_if_fail (MESO_IS_PATIENT (self));
  g_return_if_fail (field < MESO_PATIENT_N_FIELDS);

  if (!replace_str (&self->fields[field], value != NULL ? value : ""))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
  if (field == MESO_PATIENT_FAMILY_NAME || field == MESO_PATIENT_GIVEN_NAME)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  else if (field == MESO_PATIENT_BIRTH_DATE || field == MESO_PATIENT_PHONE ||
           field == MESO_PATIENT_EMAIL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}


gboolean
meso_patient_get_archived (MesoPatient *self)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), FALSE);
  return self->archived;
}

void
meso_patient_set_archived (MesoPatient *self,
                           gboolean     archived)
{
  g_return_if_fail (MESO_IS_PATIENT (self));

  archived = !!archived;
  if (self->archived == archived)
    return;
  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

/* Returns: (nullable): the day the patient was restricted (YYYY-MM-DD),
 * or %NULL: see meso_patient_store_restrict(). */
const char *
meso_patient_get_restricted_on (MesoPatient *self)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), NULL);
  return self->restricted_on;
}

/* Returns: (nullable): the day the patient was anonymised, or %NULL. */
const char *
meso_patient_get_anonymised_on (MesoPatient *self)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), NULL);
  return self->anonymised_on;
}

/**
 * meso_patient_get_state_name:
 *
 * Returns: (nullable): the word for the state that limits what may be done
 * with the record, the strongest of them: anonymised, restricted or
 * archived; %NULL for a record in use.
 */
const char *
meso_patient_get_state_name (MesoPatient *self)
{
  g_return_val_if_fail (MESO_IS_PATIENT (self), NULL);
  if (self->anonymised_on != NULL)
    return C_("record", "Anonymised");
  if (self->restricted_on != NULL)
    return C_("record", "Restricted");
  return self->archived ? C_("record", "Archived") : NULL;
}

/* As the store read them; the store alone changes them, each by its action. */
void
meso_patient_set_restriction (MesoPatient *self,
                              const char  *restricted_on,
                              const char  *anonymised_on)
{
  g_return_if_fail (MESO_IS_PATIENT (self));

  replace_str (&self->restricted_on, restricted_on);
  replace_str (&self->anonymised_on, anonymised_on);
}

/* "Family, Given": the order a receptionist reads a file card in. */
char *
meso_patient_dup_display_name (MesoPatient *self)
{
  const char *family = self->fields[MESO_PATIENT_FAMILY_NAME];
  const char *given = self->fields[MESO_PATIENT_GIVEN_NAME];

  if (*given == '\0')
    return g_strdup (family);
  if (*family == '\0')
    return g_strdup (given);
  /* Translators: a patient's name as listed: family name, given names. */
  return g_strdup_printf (_("%s, %s"), family, given);
}

int
meso_patient_age_on (MesoPatient *self,
                     GDate       *day)
{
  GDate birth;
  int age;

  if (!meso_text_parse_date (self->fields[MESO_PATIENT_BIRTH_DATE], &birth))
    return -1;
  age = g_date_get_year (day) - g_date_get_year (&birth);
  if (g_date_get_month (day) < g_date_get_month (&birth) ||
      (g_date_get_month (day) == g_date_get_month (&birth) &&
       g_date_get_day (day) < g_date_get_day (&birth)))
    age--;
  return age;
}

/* One line under the name in lists: birth date with age, then phone. */
char *
meso_patient_dup_summary (MesoPatient *self,
                          GDate       *today)
{
  GString *out = g_string_new (NULL);
  int age = g_date_valid (today) ? meso_patient_age_on (self, today) : -1;

  if (age >= 0)
    /* Translators: birth date and age in years, e.g. "1985-04-23 (41)". */
    g_string_append_printf (out, _("%s (%d)"), self->fields[MESO_PATIENT_BIRTH_DATE], age);
  if (*self->fields[MESO_PATIENT_PHONE] != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? " · " : "",
                            self->fields[MESO_PATIENT_PHONE]);
  else if (*self->fields[MESO_PATIENT_EMAIL] != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? " · " : "",
                            self->fields[MESO_PATIENT_EMAIL]);
  return g_string_free (out, FALSE);
}

/**
 * meso_patient_normalize:
 *
 * Trims surrounding white space from every field and rewrites a readable
 * birth date as YYYY-MM-DD, the form stored.
 */
void
meso_patient_normalize (MesoPatient *self)
{
  GDate birth;

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (self->fields[i]));
      meso_patient_set_field (self, i, trimmed);
    }
  if (meso_text_parse_date (self->fields[MESO_PATIENT_BIRTH_DATE], &birth))
    {
      char iso[16];
      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &birth);
      meso_patient_set_field (self, MESO_PATIENT_BIRTH_DATE, iso);
    }
}

static gboolean
is_valid_email (const char *email)
{
  const char *at = strchr (email, '@');
  const char *dot;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';')
      return FALSE;
  dot = strrchr (at, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static char *
check_birth_date (const char *text,
                  GDate      *today)
{
  GDate birth;
  GDate oldest = *today;

  if (!meso_text_parse_date (text, &birth))
    return g_strdup (_("Enter the date as YYYY-MM-DD or DD.MM.YYYY, for example 1985-04-23."));
  if (g_date_compare (&birth, today) > 0)
    return g_strdup (_("The birth date cannot be in the future."));
  g_date_subtract_years (&oldest, MAX_AGE_YEARS);
  if (g_date_compare (&birth, &oldest) < 0)
    return g_strdup_printf (_("The birth date cannot be more than %d years ago."), MAX_AGE_YEARS);
  return NULL;
}

/**
 * meso_patient_check_field:
 * @today: the date that "in the future" is measured from
 *
 * Returns: (transfer full) (nullable): why @field's value cannot be saved,
 * in words for the person typing it, or %NULL if it is fine.
 */
char *
meso_patient_check_field (MesoPatient      *self,
                          MesoPatientField  field,
                          GDate            *today)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (self->fields[field]));
  guint max = field_info[field].max_chars;

  if (!g_utf8_validate (trimmed, -1, NULL))
    return g_strdup (_("The text contains invalid characters."));
  if (g_utf8_strlen (trimmed, -1) > max)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Use at most %u character.",
                                         "Use at most %u characters.", max), max);

  switch (field)
    {
    case MESO_PATIENT_FAMILY_NAME:
      if (*trimmed == '\0')
        return g_strdup (_("Enter the family name."));
      return meso_text_check_name (trimmed);
    case MESO_PATIENT_GIVEN_NAME:
      if (*trimmed != '\0')
        return meso_text_check_name (trimmed);
      break;
    case MESO_PATIENT_BIRTH_DATE:
      if (*trimmed != '\0')
        return check_birth_date (trimmed, today);
      break;
    case MESO_PATIENT_SEX:
      if (!meso_enum_from_code (MESO_TYPE_SEX, trimmed, NULL))
        return g_strdup (_("Choose the sex from the list."));
      break;
    case MESO_PATIENT_PHONE:
      if (*trimmed != '\0')
        return meso_text_check_phone (trimmed);
      break;
    case MESO_PATIENT_EMAIL:
      if (*trimmed != '\0' && !is_valid_email (trimmed))
        return g_strdup (_("Enter an e-mail address like name@example.com."));
      break;
    case MESO_PATIENT_LANGUAGE:
      if (*trimmed != '\0' && !meso_language_is_known (trimmed))
        return g_strdup (_("Choose a language from the list."));
      break;
    case MESO_PATIENT_ADDRESS:
    case MESO_PATIENT_NOTES:
    case MESO_PATIENT_N_FIELDS:
    default:
      break;
    }
  return NULL;
}

/**
 * meso_patient_validate:
 *
 * Returns: %TRUE if every field can be saved; otherwise sets @error in the
 * %MESO_PATIENT_ERROR domain, its code the first field at fault.
 */
gboolean
meso_patient_validate (MesoPatient  *self,
                       GDate        *today,
                       GError      **error)
{
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    {
      g_autofree char *message = meso_patient_check_field (self, i, today);

      if (message != NULL)
        {
          g_set_error_literal (error, MESO_PATIENT_ERROR, i, message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Family name first, then given names, as the clinic's @language sorts
 * them (see meso_text_icu_sort_key()). */
char *
meso_patient_dup_sort_key (MesoPatient     *self,
                           const char      *language,
                           MesoScriptOrder  order)
{
  return meso_text_icu_sort_key (self->fields[MESO_PATIENT_FAMILY_NAME],
                                 self->fields[MESO_PATIENT_GIVEN_NAME], language, order);
}

/* What the patient search index holds: folded names and e-mail with the
 * Latin forms of other scripts', and the phone number's digit groups. */
char *
meso_patient_dup_search_text (MesoPatient *self)
{
  g_autofree char *names = g_strconcat (self->fields[MESO_PATIENT_FAMILY_NAME], " ",
                                        self->fields[MESO_PATIENT_GIVEN_NAME], " ",
                                        self->fields[MESO_PATIENT_EMAIL], NULL);
  g_auto(GStrv) words = meso_text_icu_search_words (names);
  g_autofree char *joined = g_strjoinv (" ", words);
  g_autofree char *phone = meso_text_phone_search (self->fields[MESO_PATIENT_PHONE]);

  return g_strconcat (joined, " ", phone, NULL);
}
