/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-import-check.c: an import's records made patients: their
 * values as the patient keeps them, what is wrong with each, the patients
 * they may already be; and the run that writes the rows left in. */
#define G_LOG_DOMAIN "meso-patient-import"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "meso-enum.h"
#include "meso-language.h"
#include "meso-patient-import-private.h"
#include "meso-text.h"

/* A sex as other systems write it, folded; "m" is a man's, as in most. */
static const struct
{
  MesoSex     sex;
  const char *words[16];
} sex_words[] = {
  { MESO_SEX_UNKNOWN, { "", "u", "unknown", "n", "?", "desconocido", "bilinmiyor",
                        "неизвестно", NULL } },
  { MESO_SEX_FEMALE, { "f", "female", "woman", "w", "k", "kadın", "kız", "mujer", "femenino",
                       "fem", "ж", "жен", "женский", "женщина", NULL } },
  { MESO_SEX_MALE, { "m", "male", "man", "e", "erkek", "h", "hombre", "varón", "masculino",
                     "masc", "м", "муж", "мужской", "мужчина", NULL } },
  { MESO_SEX_OTHER, { "o", "other", "x", "otro", "otra", "diğer", "другой", "другое", NULL } },
};

static void
checked_row_clear (gpointer data)
{
  CheckedRow *row = data;

  g_clear_object (&row->patient);
  g_clear_pointer (&row->problems, g_free);
  g_clear_pointer (&row->duplicate_name, g_free);
  g_clear_pointer (&row->duplicate_phone, g_free);
}

/* A date with three numbers: 1980-01-31, 31.01.1980, 01/31/1980. */
static gboolean
split_date (const char *text,
            guint      *a,
            guint      *b,
            guint      *c)
{
  char sep1, sep2, rest;

  return sscanf (text, " %u%c%u%c%u%c", a, &sep1, b, &sep2, c, &rest) >= 5 &&
         sep1 == sep2 && strchr ("-./", sep1) != NULL;
}

/* Month first only when some date cannot be day first and none cannot be
 * month first: the clinics' own countries write the day first. */
MesoDateOrder
meso_patient_import_detect_date_order (MesoPatientImport *self)
{
  gboolean day_first_seen = FALSE, month_first_seen = FALSE;
  int column = -1;

  for (guint i = 0; i < self->fields->len; i++)
    if (g_array_index (self->fields, int, i) == MESO_PATIENT_BIRTH_DATE)
      column = i;
  for (guint i = self->has_header; column >= 0 && i < self->records->len; i++)
    {
      MesoImportRow *record = g_ptr_array_index (self->records, i);
      guint a, b, c;

      if (g_strv_length (record->cells) <= (guint) column ||
          !split_date (record->cells[column], &a, &b, &c) || a >= 1000)
        continue;
      day_first_seen |= a > 12 && b <= 12;
      month_first_seen |= b > 12 && a <= 12;
    }
  return month_first_seen && !day_first_seen ? MESO_DATE_ORDER_MONTH_FIRST
                                             : MESO_DATE_ORDER_DAY_FIRST;
}

/* As YYYY-MM-DD if it is a date in the file's order (a time after it is
 * left out); %NULL for three numbers that are no date in that order (the
 * patient's check would read them day first); otherwise as written, for
 * the check to report. */
static char *
convert_date (const char    *text,
              MesoDateOrder  order)
{
  g_autofree char *date = g_strstrip (g_strdup (text));
  char *space = strchr (date, ' ');
  guint a, b, c, year, month, day;

  /* "31.01.1980 00:00", as spreadsheets write a date cell. */
  if (space != NULL && strchr (space, ':') != NULL)
    *space = '\0';
  if (!split_date (date, &a, &b, &c))
    return g_steal_pointer (&date);
  if (a >= 1000)
    year = a, month = b, day = c;
  else if (c >= 1000)
    {
      year = c;
      month = order == MESO_DATE_ORDER_MONTH_FIRST ? a : b;
      day = order == MESO_DATE_ORDER_MONTH_FIRST ? b : a;
    }
  else
    return g_steal_pointer (&date);
  if (year > 9999 || day < 1 || day > 31 || month < 1 || month > 12 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* Each word of sex_words, folded: a lookup for each row, not a fold of
 * every word. */
static GHashTable *
sex_by_word (void)
{
  static gsize initialised;
  static GHashTable *table;

  if (g_once_init_enter (&initialised))
    {
      GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (sex_words); i++)
        for (guint j = 0; sex_words[i].words[j] != NULL; j++)
          g_hash_table_insert (words, meso_text_fold (sex_words[i].words[j]),
                               GINT_TO_POINTER (sex_words[i].sex + 1));
      table = words;
      g_once_init_leave (&initialised, 1);
    }
  return table;
}

/* "M" is a man's in most exports, but a woman's (mujer) in a Spanish one
 * that writes men as "H" (hombre). */
static gboolean
convert_sex (const char  *text,
             gboolean     m_is_female,
             const char **out_code)
{
  g_autofree char *folded = meso_text_fold (g_strstrip (g_strdup (text)));
  int sex = GPOINTER_TO_INT (g_hash_table_lookup (sex_by_word (), folded)) - 1;

  if (m_is_female && g_str_equal (folded, "m"))
    sex = MESO_SEX_FEMALE;
  if (sex < 0)
    return FALSE;
  *out_code = meso_enum_to_code (MESO_TYPE_SEX, sex);
  return TRUE;
}

/* A language tag ("es-ES", "RU") or a language's own name ("Türkçe"). */
static const char *
convert_language (const char *text)
{
  g_autofree char *folded = meso_text_fold (g_strstrip (g_strdup (text)));
  const char * const *codes = meso_language_codes ();
  g_autofree char *primary = g_strndup (folded, strcspn (folded, "-_"));

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *name = meso_text_fold (meso_language_get_name (codes[i]));

      if (g_str_equal (primary, codes[i]) || g_str_equal (folded, name))
        return codes[i];
    }
  return NULL;
}

static void
add_problem (GString    *problems,
             const char *problem)
{
  if (problems->len > 0)
    g_string_append_c (problems, '\n');
  g_string_append (problems, problem);
}

/* A file's value as a problem quotes it: short, and with no control
 * character to garble a terminal or a row. */
static char *
quote_value (const char *value)
{
  GString *shown = g_string_new (NULL);
  guint n = 0;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 40)
        {
          g_string_append (shown, "…");
          break;
        }
      g_string_append_unichar (shown, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (shown, FALSE);
}

static void
add_field_problem (GString          *problems,
                   MesoPatientField  field,
                   const char       *value,
                   const char       *message)
{
  g_autofree char *problem = NULL;
  g_autofree char *quoted = NULL;

  if (value != NULL && *value != '\0')
    {
      quoted = quote_value (value);
      /* TRANSLATORS: a field, its value in the file, and what is wrong with it. */
      problem = g_strdup_printf (_("%s “%s”: %s"), meso_patient_import_field_label (field),
                                 quoted, message);
    }
  else
    problem = g_strdup_printf (_("%s: %s"), meso_patient_import_field_label (field), message);
  add_problem (problems, problem);
}

/* Sets @field from the file's @value, in the form the patient keeps it. */
static void
set_field (MesoPatientImport *self,
           MesoPatient       *patient,
           MesoPatientField   field,
           const char        *value,
           gboolean           m_is_female,
           GString           *problems)
{
  g_autofree char *converted = NULL;
  const char *code = NULL;

  switch (field)
    {
    case MESO_PATIENT_BIRTH_DATE:
      converted = convert_date (value, self->date_order);
      if (converted == NULL)
        add_field_problem (problems, field, value,
                           self->date_order == MESO_DATE_ORDER_MONTH_FIRST
                           ? _("This is no date when the month comes first: check the order of "
                               "the file’s dates.")
                           : _("This is no date when the day comes first: check the order of "
                               "the file’s dates."));
      value = converted != NULL ? converted : "";
      break;
    case MESO_PATIENT_SEX:
      if (!convert_sex (value, m_is_female, &code))
        add_field_problem (problems, field, value,
                           _("Write the sex as female, male or other, or leave it empty."));
      value = code != NULL ? code : "unknown";
      break;
    case MESO_PATIENT_LANGUAGE:
      code = *value != '\0' ? convert_language (value) : "";
      if (code == NULL)
        add_field_problem (problems, field, value,
                           _("Mesodesk writes to patients in English, Turkish, Spanish or "
                             "Russian only."));
      value = code != NULL ? code : "";
      break;
    default:
      break;
    }
  meso_patient_set_field (patient, field, value);
}

static MesoPatient *
patient_from_record (MesoPatientImport *self,
                     MesoImportRow     *record,
                     GDate             *today,
                     gboolean           m_is_female,
                     GString           *problems)
{
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  guint n_cells = g_strv_length (record->cells);

  if (record->problem != NULL)
    add_problem (problems, record->problem);
  if (n_cells > self->fields->len)
    {
      g_autofree char *problem =
        g_strdup_printf (_("This line has %u cells, more than the %u columns: check its "
                           "quotation marks and delimiters."), n_cells, self->fields->len);
      add_problem (problems, problem);
    }
  for (guint column = 0; column < self->fields->len && column < n_cells; column++)
    {
      int field = g_array_index (self->fields, int, column);

      if (field >= 0)
        set_field (self, patient, field, record->cells[column], m_is_female, problems);
    }

  meso_patient_normalize (patient);
  for (guint field = 0; field < MESO_PATIENT_N_FIELDS; field++)
    {
      g_autofree char *message = NULL;

      if (field == MESO_PATIENT_SEX || field == MESO_PATIENT_LANGUAGE)
        continue;  /* set_field() said what was wrong */
      message = meso_patient_check_field (patient, field, today);
      if (message != NULL)
        add_field_problem (problems, field, meso_patient_get_field (patient, field), message);
    }
  return g_steal_pointer (&patient);
}

/* The keys a duplicate is found by: the folded names with the birth date,
 * and the phone's last nine digits (a number with or without its country
 * or trunk prefix); NULL where the patient has too little to compare. */
static char *
name_key (const char *family_name,
          const char *given_name,
          const char *birth_date)
{
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;

  if (birth_date == NULL || *birth_date == '\0')
    return NULL;
  family = meso_text_fold (family_name);
  given = meso_text_fold (given_name);
  return g_strjoin ("\x1f", family, given, birth_date, NULL);
}

static char *
phone_key (const char *phone)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len < 6)
    return (g_string_free (digits, TRUE), NULL);
  if (digits->len > 9)
    g_string_erase (digits, 0, digits->len - 9);
  return g_string_free (digits, FALSE);
}

typedef struct
{
  GHashTable *by_name;   /* name_key -> id (existing) or -line (in the file) */
  GHashTable *by_phone;  /* phone_key -> the same */
} Identities;

static void
add_identity (Identities *identities,
              gint64      id_or_line,
              const char *family_name,
              const char *given_name,
              const char *birth_date,
              const char *phone)
{
  char *name = name_key (family_name, given_name, birth_date);
  char *number = phone_key (phone);

  /* The first one found stays: an existing patient before a line of the file. */
  if (name != NULL && !g_hash_table_contains (identities->by_name, name))
    g_hash_table_insert (identities->by_name, name, (gpointer) (gintptr) id_or_line);
  else
    g_free (name);
  if (number != NULL && !g_hash_table_contains (identities->by_phone, number))
    g_hash_table_insert (identities->by_phone, number, (gpointer) (gintptr) id_or_line);
  else
    g_free (number);
}

static void
add_existing (gint64      id,
              const char *family_name,
              const char *given_name,
              const char *birth_date,
              const char *phone,
              gpointer    user_data)
{
  add_identity (user_data, id, family_name, given_name, birth_date, phone);
}

/* Returns: the existing patient's id (> 0), the earlier line's negated, or 0. */
static gint64
find_identity (Identities  *identities,
               MesoPatient *patient)
{
  g_autofree char *name = name_key (meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME),
                                    meso_patient_get_field (patient, MESO_PATIENT_GIVEN_NAME),
                                    meso_patient_get_field (patient, MESO_PATIENT_BIRTH_DATE));
  g_autofree char *number = phone_key (meso_patient_get_field (patient, MESO_PATIENT_PHONE));
  gpointer found;

  if (name != NULL && g_hash_table_lookup_extended (identities->by_name, name, NULL, &found))
    return (gintptr) found;
  if (number != NULL && g_hash_table_lookup_extended (identities->by_phone, number, NULL, &found))
    return (gintptr) found;
  return 0;
}

/* Whether the sex column writes men as "H", as Spanish exports do. */
static gboolean
detect_m_is_female (MesoPatientImport *self)
{
  int column = -1;

  for (guint i = 0; i < self->fields->len; i++)
    if (g_array_index (self->fields, int, i) == MESO_PATIENT_SEX)
      column = i;
  for (guint i = self->has_header; column >= 0 && i < self->records->len; i++)
    {
      MesoImportRow *record = g_ptr_array_index (self->records, i);
      g_autofree char *folded = NULL;

      if (g_strv_length (record->cells) <= (guint) column)
        continue;
      folded = meso_text_fold (g_strstrip (g_strdup (record->cells[column])));
      if (g_str_equal (folded, "h"))
        return TRUE;
    }
  return FALSE;
}

/* Refuses a mapping that cannot make patients, or would lose their notes. */
static gboolean
check_mapping (MesoPatientImport  *self,
               MesoPatientStore   *store,
               GError            **error)
{
  gboolean family = FALSE, notes = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      family |= g_array_index (self->fields, int, i) == MESO_PATIENT_FAMILY_NAME;
      notes |= g_array_index (self->fields, int, i) == MESO_PATIENT_NOTES;
    }
  if (!family)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No column holds the family name: choose the column that does."));
      return FALSE;
    }
  /* The store would keep them out, and they would be lost unseen. */
  if (notes && self->format == MESO_IMPORT_FORMAT_CSV &&
      !meso_db_require (meso_patient_store_get_db (store), MESO_PERMISSION_WRITE_CLINICAL, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("Only physicians and administrators may import clinical notes: "
                             "leave the notes column out, or ask one of them to import."));
      return FALSE;
    }
  return TRUE;
}

/* Each record made a patient and compared with the clinic's (read through
 * @store) and with the lines before it. Touches nothing of @self but reads,
 * so that it may run in a worker thread. Returns: (transfer full): the
 * CheckedRow of each record, or %NULL with @error set. */
static GArray *
check_rows (MesoPatientImport  *self,
            MesoPatientStore   *store,
            const GDate        *today,
            GError            **error)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_phone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Identities identities = { by_name, by_phone };
  g_autoptr(GArray) checked = g_array_new (FALSE, TRUE, sizeof (CheckedRow));
  GDate day = *today;
  gboolean m_is_female = detect_m_is_female (self);
  /* A vCard's notes cannot be left out by its mapping: each says so. */
  gboolean may_write_notes = meso_db_require (meso_patient_store_get_db (store),
                                              MESO_PERMISSION_WRITE_CLINICAL, NULL);

  g_array_set_clear_func (checked, checked_row_clear);
  if (!meso_patient_store_foreach_identity (store, add_existing, &identities, error))
    return NULL;

  for (guint i = self->has_header; i < self->records->len; i++)
    {
      MesoImportRow *record = g_ptr_array_index (self->records, i);
      g_autoptr(GString) problems = g_string_new (NULL);
      CheckedRow row = { NULL, };
      gint64 found;

      row.patient = patient_from_record (self, record, &day, m_is_female, problems);
      if (!may_write_notes &&
          *meso_patient_get_field (row.patient, MESO_PATIENT_NOTES) != '\0')
        add_field_problem (problems, MESO_PATIENT_NOTES, NULL,
                           _("Only physicians and administrators may import clinical notes."));
      found = find_identity (&identities, row.patient);
      row.duplicate = MAX (found, 0);
      /* Who that is, read here rather than on the main loop. */
      if (row.duplicate != 0)
        meso_patient_store_get_contact (store, row.duplicate, &row.duplicate_name,
                                        &row.duplicate_phone, NULL);
      row.duplicate_line = found < 0 ? (guint) -found : 0;
      row.included = problems->len == 0 && found == 0;
      if (problems->len > 0)
        row.problems = g_string_free (g_steal_pointer (&problems), FALSE);
      else
        add_identity (&identities, -(gint64) record->line,
                      meso_patient_get_field (row.patient, MESO_PATIENT_FAMILY_NAME),
                      meso_patient_get_field (row.patient, MESO_PATIENT_GIVEN_NAME),
                      meso_patient_get_field (row.patient, MESO_PATIENT_BIRTH_DATE),
                      meso_patient_get_field (row.patient, MESO_PATIENT_PHONE));
      g_array_append_val (checked, row);
    }
  return g_steal_pointer (&checked);
}

/**
 * meso_patient_import_check:
 * @store: the clinic's patients, where duplicates are looked for
 * @today: what a birth date in the future is measured from
 *
 * Makes each record a patient, and says for each what is wrong with it and
 * which existing patient (same names and birth date, or same phone) or
 * earlier line it may be. Rows with neither are included in the import.
 * Nothing is written.
 */
gboolean
meso_patient_import_check (MesoPatientImport  *self,
                           MesoPatientStore   *store,
                           GDate              *today,
                           GError            **error)
{
  GArray *checked;

  g_return_val_if_fail (MESO_IS_PATIENT_IMPORT (self), FALSE);

  if (!check_mapping (self, store, error))
    return FALSE;
  checked = check_rows (self, store, today, error);
  if (checked == NULL)
    return FALSE;
  g_clear_pointer (&self->checked, g_array_unref);
  self->checked = checked;
  self->checked_on = *today;
  return TRUE;
}

typedef struct
{
  MesoPatientStoreWorker *worker;
  GDate                   today;
} CheckJob;

static void
check_job_free (gpointer data)
{
  CheckJob *job = data;

  meso_patient_store_worker_free (job->worker);
  g_free (job);
}

static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CheckJob *job = task_data;
  GError *error = NULL;
  g_autoptr(MesoPatientStore) store = meso_patient_store_worker_open (job->worker, &error);
  GArray *checked = store != NULL ? check_rows (source_object, store, &job->today, &error)
                                  : NULL;

  if (checked != NULL)
    g_task_return_pointer (task, checked, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * meso_patient_import_check_async:
 *
 * meso_patient_import_check() in a worker thread, on a connection of its
 * own, for the window. Nothing of @self may be changed until it finishes.
 */
void
meso_patient_import_check_async (MesoPatientImport   *self,
                                 MesoPatientStore    *store,
                                 GDate               *today,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  CheckJob *job = g_new0 (CheckJob, 1);
  GError *error = NULL;

  g_return_if_fail (MESO_IS_PATIENT_IMPORT (self));

  g_task_set_source_tag (task, meso_patient_import_check_async);
  job->today = *today;
  job->worker = meso_patient_store_worker_new (store);
  g_task_set_task_data (task, job, check_job_free);
  if (!check_mapping (self, store, &error))
    g_task_return_error (task, error);
  else
    g_task_run_in_thread (task, check_in_thread);
}

gboolean
meso_patient_import_check_finish (MesoPatientImport  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  GArray *checked;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  checked = g_task_propagate_pointer (G_TASK (result), error);
  if (checked == NULL)
    return FALSE;
  g_clear_pointer (&self->checked, g_array_unref);
  self->checked = checked;
  self->checked_on = ((CheckJob *) g_task_get_task_data (G_TASK (result)))->today;
  return TRUE;
}

static CheckedRow *
checked_row (MesoPatientImport *self,
             guint              row)
{
  g_return_val_if_fail (self->checked != NULL && row < self->checked->len, NULL);
  return &g_array_index (self->checked, CheckedRow, row);
}

/* The rows are the checked records; 0 until meso_patient_import_check(). */
guint
meso_patient_import_get_n_rows (MesoPatientImport *self)
{
  return self->checked != NULL ? self->checked->len : 0;
}

guint
meso_patient_import_get_row_line (MesoPatientImport *self,
                                  guint              row)
{
  g_return_val_if_fail (self->checked != NULL && row < self->checked->len, 0);
  return ((MesoImportRow *) g_ptr_array_index (self->records, row + self->has_header))->line;
}

/* Returns: (transfer none): the patient the row makes. */
MesoPatient *
meso_patient_import_get_row_patient (MesoPatientImport *self,
                                     guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL ? checked->patient : NULL;
}

/* Returns: (nullable): what is wrong with the row, one problem a line. */
const char *
meso_patient_import_get_row_problems (MesoPatientImport *self,
                                      guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL ? checked->problems : NULL;
}

/* Returns: the id of the existing patient the row may be, or 0. */
gint64
meso_patient_import_get_row_duplicate (MesoPatientImport *self,
                                       guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL ? checked->duplicate : 0;
}

/* Returns: (nullable): the name and phone of the existing patient the row
 * may be, as the check read them. */
const char *
meso_patient_import_get_row_duplicate_name (MesoPatientImport *self,
                                            guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL ? checked->duplicate_name : NULL;
}

const char *
meso_patient_import_get_row_duplicate_phone (MesoPatientImport *self,
                                             guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL ? checked->duplicate_phone : NULL;
}

/* Returns: the earlier line of the file the row repeats, or 0. */
guint
meso_patient_import_get_row_duplicate_line (MesoPatientImport *self,
                                            guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL ? checked->duplicate_line : 0;
}

gboolean
meso_patient_import_get_row_included (MesoPatientImport *self,
                                      guint              row)
{
  CheckedRow *checked = checked_row (self, row);

  return checked != NULL && checked->included;
}

/* A likely duplicate may be included after all; a row with problems may
 * not. Returns: whether the row is included now. */
gboolean
meso_patient_import_set_row_included (MesoPatientImport *self,
                                      guint              row,
                                      gboolean           included)
{
  CheckedRow *checked = checked_row (self, row);

  if (checked == NULL)
    return FALSE;
  checked->included = included && checked->problems == NULL;
  return checked->included;
}

static guint
count_rows (MesoPatientImport *self,
            gboolean (*counts) (CheckedRow *row))
{
  guint n = 0;

  for (guint i = 0; self->checked != NULL && i < self->checked->len; i++)
    n += counts (&g_array_index (self->checked, CheckedRow, i));
  return n;
}

static gboolean
is_included (CheckedRow *row)
{
  return row->included;
}

static gboolean
has_problems (CheckedRow *row)
{
  return row->problems != NULL;
}

static gboolean
is_duplicate (CheckedRow *row)
{
  return row->problems == NULL && (row->duplicate != 0 || row->duplicate_line != 0);
}

guint
meso_patient_import_count_included (MesoPatientImport *self)
{
  return count_rows (self, is_included);
}

guint
meso_patient_import_count_problems (MesoPatientImport *self)
{
  return count_rows (self, has_problems);
}

/* The likely duplicates among the rows with no problems. */
guint
meso_patient_import_count_duplicates (MesoPatientImport *self)
{
  return count_rows (self, is_duplicate);
}

static GPtrArray *
included_patients (MesoPatientImport  *self,
                   GError            **error)
{
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->checked->len; i++)
    if (g_array_index (self->checked, CheckedRow, i).included)
      g_ptr_array_add (patients, g_object_ref (g_array_index (self->checked, CheckedRow,
                                                              i).patient));
  if (patients->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No row can be imported: every one has problems or is a patient "
                             "the clinic already has."));
      return NULL;
    }
  return g_steal_pointer (&patients);
}

static const char *
format_code (MesoPatientImport *self)
{
  return meso_enum_to_code (MESO_TYPE_IMPORT_FORMAT, self->format);
}

/**
 * meso_patient_import_run:
 *
 * Writes the included rows of a checked import, all in one transaction,
 * as one import that the audit trail names with who ran it and that can
 * be undone (meso_patient_store_undo_import()). Afterwards the import must
 * be checked again.
 *
 * Returns: the import's id, or 0 with @error set.
 */
gint64
meso_patient_import_run (MesoPatientImport  *self,
                         MesoPatientStore   *store,
                         GError            **error)
{
  g_autoptr(GPtrArray) patients = NULL;
  gint64 import_id;

  g_return_val_if_fail (MESO_IS_PATIENT_IMPORT (self), 0);
  g_return_val_if_fail (self->checked != NULL, 0);

  patients = included_patients (self, error);
  if (patients == NULL)
    return 0;
  import_id = meso_patient_store_import (store, self->source, format_code (self), patients,
                                         &self->checked_on, error);
  if (import_id != 0)
    meso_patient_import_invalidate_check (self);
  return import_id;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gint64 id = meso_patient_store_import_finish (MESO_PATIENT_STORE (source), result, &error);

  if (id == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  meso_patient_import_invalidate_check (g_task_get_source_object (task));
  g_task_return_int (task, id);
}

/**
 * meso_patient_import_run_async:
 *
 * meso_patient_import_run() in a worker thread (see
 * meso_patient_store_import_async()).
 */
void
meso_patient_import_run_async (MesoPatientImport   *self,
                               MesoPatientStore    *store,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GPtrArray) patients = NULL;
  GError *error = NULL;

  g_return_if_fail (self->checked != NULL);

  g_task_set_source_tag (task, meso_patient_import_run_async);
  patients = included_patients (self, &error);
  if (patients == NULL)
    g_task_return_error (task, error);
  else
    meso_patient_store_import_async (store, self->source, format_code (self), patients,
                                     &self->checked_on,
                                     run_done_cb, g_steal_pointer (&task));
}

gint64
meso_patient_import_run_finish (MesoPatientImport  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  gint64 id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return MAX (id, 0);
}
