/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-import.c: patients brought in from the file of the system a
 * clinic leaves. The file is decoded and split into records as soon as it
 * is read; its columns are mapped to fields from their names, which the
 * caller may change; a check turns each record into a patient, says what is
 * wrong with it and which patient it may already be; the run writes the
 * rows that are left in, all in one transaction. */
#define G_LOG_DOMAIN "meso-patient-import"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "meso-import-csv.h"
#include "meso-output-file.h"
#include "meso-patient-import-private.h"
#include "meso-text.h"
#include "meso-vcard.h"

G_DEFINE_FINAL_TYPE (MesoPatientImport, meso_patient_import, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MesoImportFormat, meso_import_format,
  G_DEFINE_ENUM_VALUE (MESO_IMPORT_FORMAT_CSV, "csv"),
  G_DEFINE_ENUM_VALUE (MESO_IMPORT_FORMAT_VCARD, "vcard"))

static const char * const field_labels[MESO_PATIENT_N_FIELDS] = {
  [MESO_PATIENT_FAMILY_NAME] = N_("Family name"),
  [MESO_PATIENT_GIVEN_NAME]  = N_("Given name"),
  [MESO_PATIENT_BIRTH_DATE]  = N_("Birth date"),
  [MESO_PATIENT_SEX]         = N_("Sex"),
  [MESO_PATIENT_PHONE]       = N_("Phone"),
  [MESO_PATIENT_EMAIL]       = N_("E-mail"),
  [MESO_PATIENT_ADDRESS]     = N_("Address"),
  [MESO_PATIENT_LANGUAGE]    = N_("Language"),
  [MESO_PATIENT_NOTES]       = N_("Notes"),
};

/* What the clinics' old systems call each column, in their languages; compared folded. */
static const char * const column_names[MESO_PATIENT_N_FIELDS][20] = {
  [MESO_PATIENT_FAMILY_NAME] = { "family name", "last name", "surname", "family", "apellido",
                                 "apellidos", "primer apellido", "soyad", "soyadı",
                                 "фамилия", NULL },
  [MESO_PATIENT_GIVEN_NAME]  = { "given name", "first name", "forename", "given", "nombre",
                                 "ad", "adı", "isim", "имя", "имя отчество", NULL },
  [MESO_PATIENT_BIRTH_DATE]  = { "birth date", "date of birth", "birthday", "dob", "born",
                                 "fecha de nacimiento", "nacimiento", "doğum tarihi",
                                 "дата рождения", "день рождения", NULL },
  [MESO_PATIENT_SEX]         = { "sex", "gender", "sexo", "género", "cinsiyet", "пол", NULL },
  [MESO_PATIENT_PHONE]       = { "phone", "telephone", "phone number", "mobile",
                                 "mobile phone", "cell", "cell phone", "tel", "teléfono",
                                 "móvil", "celular", "telefon", "cep", "cep telefonu", "gsm",
                                 "телефон", "мобильный", "мобильный телефон", NULL },
  [MESO_PATIENT_EMAIL]       = { "email", "e-mail", "email address", "mail", "correo",
                                 "correo electrónico", "e-posta", "электронная почта",
                                 "почта", NULL },
  [MESO_PATIENT_ADDRESS]     = { "address", "street address", "dirección", "domicilio",
                                 "adres", "адрес", NULL },
  [MESO_PATIENT_LANGUAGE]    = { "language", "preferred language", "idioma", "lengua", "dil",
                                 "язык", NULL },
  [MESO_PATIENT_NOTES]       = { "notes", "note", "comments", "comment", "remarks", "notas",
                                 "observaciones", "comentarios", "notlar", "açıklama",
                                 "примечания", "примечание", "комментарий", "заметки", NULL },
};

const char *
meso_patient_import_field_label (MesoPatientField field)
{
  g_return_val_if_fail (field < MESO_PATIENT_N_FIELDS, NULL);
  return _(field_labels[field]);
}

static void
meso_patient_import_finalize (GObject *object)
{
  MesoPatientImport *self = MESO_PATIENT_IMPORT (object);

  g_free (self->source);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->checked, g_array_unref);

  G_OBJECT_CLASS (meso_patient_import_parent_class)->finalize (object);
}

static void
meso_patient_import_class_init (MesoPatientImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_patient_import_finalize;
}

static void
meso_patient_import_init (MesoPatientImport *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (int));
}

/* Folded, with only its letters and digits: "Date of birth" -> "dateofbirth". */
static char *
column_key (const char *name)
{
  g_autofree char *folded = meso_text_fold (name);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

/* The known column names by their keys, made once. */
static GHashTable *
fields_by_column_key (void)
{
  static gsize initialised;
  static GHashTable *table;

  if (g_once_init_enter (&initialised))
    {
      GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (int field = 0; field < MESO_PATIENT_N_FIELDS; field++)
        for (guint i = 0; column_names[field][i] != NULL; i++)
          g_hash_table_insert (keys, column_key (column_names[field][i]),
                               GINT_TO_POINTER (field + 1));
      table = keys;
      g_once_init_leave (&initialised, 1);
    }
  return table;
}

static int
field_for_column_name (const char *name)
{
  g_autofree char *key = column_key (name);

  return GPOINTER_TO_INT (g_hash_table_lookup (fields_by_column_key (), key)) - 1;
}

static guint
count_columns (MesoPatientImport *self)
{
  guint n = 0;

  if (self->format == MESO_IMPORT_FORMAT_VCARD)
    return MESO_PATIENT_N_FIELDS;
  if (self->has_header)
    return self->records->len > 0
             ? g_strv_length (((MesoImportRow *) g_ptr_array_index (self->records, 0))->cells)
             : 0;
  for (guint i = 0; i < self->records->len; i++)
    n = MAX (n, g_strv_length (((MesoImportRow *) g_ptr_array_index (self->records, i))->cells));
  return n;
}

/* Each column to the field its name says, each field once; a vCard's
 * cells are the fields themselves. */
static void
map_columns (MesoPatientImport *self)
{
  guint n_columns = MIN (count_columns (self), MESO_IMPORT_MAX_CELLS);
  gboolean mapped[MESO_PATIENT_N_FIELDS] = { FALSE, };

  g_array_set_size (self->fields, n_columns);
  for (guint column = 0; column < n_columns; column++)
    {
      int field = -1;

      if (self->format == MESO_IMPORT_FORMAT_VCARD)
        field = column;
      else if (self->has_header)
        {
          MesoImportRow *header = g_ptr_array_index (self->records, 0);

          field = field_for_column_name (header->cells[column]);
          if (field >= 0 && mapped[field])
            field = -1;
        }
      if (field >= 0)
        mapped[field] = TRUE;
      g_array_index (self->fields, int, column) = field;
    }
}

/* A first record that names a known column is a header. */
static gboolean
first_record_is_header (MesoPatientImport *self)
{
  MesoImportRow *first;

  if (self->records->len == 0)
    return FALSE;
  first = g_ptr_array_index (self->records, 0);
  for (guint i = 0; first->cells[i] != NULL; i++)
    if (field_for_column_name (first->cells[i]) >= 0)
      return TRUE;
  return FALSE;
}

void
meso_patient_import_invalidate_check (MesoPatientImport *self)
{
  g_clear_pointer (&self->checked, g_array_unref);
}

/* The records of @contents in @encoding, a CSV file's split at
 * *@delimiter (or at the one detected, when it is 0, and set there).
 * Touches no import, so that a worker thread may read them. */
static GPtrArray *
parse_records (GBytes            *contents,
               MesoImportFormat   format,
               MesoEncoding       encoding,
               char              *delimiter,
               GError           **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (contents, &length);
  g_autofree char *text = meso_encoding_decode (data, length, encoding, error);

  if (text == NULL)
    return NULL;
  if (format == MESO_IMPORT_FORMAT_VCARD)
    return meso_vcard_read (text, error);
  if (*delimiter == 0)
    *delimiter = meso_import_csv_detect_delimiter (text);
  return meso_import_csv_read (text, *delimiter);
}

/* Takes @records as the file's, guessing its header and date order when
 * @detect, and maps its columns afresh. */
static void
take_records (MesoPatientImport *self,
              GPtrArray         *records,
              gboolean           detect)
{
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = records;
  if (detect)
    self->has_header = self->format == MESO_IMPORT_FORMAT_CSV && first_record_is_header (self);
  map_columns (self);
  if (detect)
    self->date_order = meso_patient_import_detect_date_order (self);
  meso_patient_import_invalidate_check (self);
}

/* Reads the records again, for the current encoding and delimiter (or
 * guessing the delimiter, the header and the date order when @detect). */
static gboolean
read_records (MesoPatientImport  *self,
              gboolean            detect,
              GError            **error)
{
  char delimiter = detect ? 0 : self->delimiter;
  GPtrArray *records = parse_records (self->contents, self->format, self->encoding, &delimiter,
                                      error);

  if (records == NULL)
    return FALSE;
  self->delimiter = delimiter;
  take_records (self, records, detect);
  return TRUE;
}

typedef struct
{
  GBytes           *contents;
  MesoImportFormat  format;
  MesoEncoding      encoding;
  char              delimiter;
} Reading;

static void
reading_free (gpointer data)
{
  Reading *reading = data;

  g_bytes_unref (reading->contents);
  g_free (reading);
}

static void
reread_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Reading *reading = task_data;
  GError *error = NULL;
  GPtrArray *records = parse_records (reading->contents, reading->format, reading->encoding,
                                      &reading->delimiter, &error);

  if (records != NULL)
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * meso_patient_import_reread_async:
 * @delimiter: a CSV file's delimiter (ignored for vCard)
 *
 * Reads the file again in @encoding with @delimiter, in a worker thread: a
 * large file takes longer than a frame. Until it finishes the import is as
 * it was; on failure it stays so.
 */
void
meso_patient_import_reread_async (MesoPatientImport   *self,
                                  MesoEncoding         encoding,
                                  char                 delimiter,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Reading *reading = g_new0 (Reading, 1);

  g_return_if_fail (encoding < MESO_N_ENCODINGS && delimiter != 0);

  reading->contents = g_bytes_ref (self->contents);
  reading->format = self->format;
  reading->encoding = encoding;
  reading->delimiter = delimiter;
  g_task_set_source_tag (task, meso_patient_import_reread_async);
  g_task_set_task_data (task, reading, reading_free);
  g_task_run_in_thread (task, reread_in_thread);
}

gboolean
meso_patient_import_reread_finish (MesoPatientImport  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  Reading *reading;
  GPtrArray *records;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  records = g_task_propagate_pointer (G_TASK (result), error);
  if (records == NULL)
    return FALSE;
  reading = g_task_get_task_data (G_TASK (result));
  self->encoding = reading->encoding;
  self->delimiter = reading->delimiter;
  take_records (self, records, FALSE);
  return TRUE;
}

static gboolean
is_vcard (const char   *source,
          const guint8 *data,
          gsize         length)
{
  static const char begin[] = "BEGIN:VCARD";
  gsize i = 0;

  if (g_str_has_suffix (source, ".vcf") || g_str_has_suffix (source, ".VCF") ||
      g_str_has_suffix (source, ".vcard"))
    return TRUE;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return length - i >= strlen (begin) &&
         g_ascii_strncasecmp ((const char *) data + i, begin, strlen (begin)) == 0;
}

/* The encodings to try when the one guessed cannot decode the file: the
 * code pages, the last of which decodes nearly any bytes. */
static const MesoEncoding fallbacks[] = {
  MESO_ENCODING_WINDOWS_1252, MESO_ENCODING_WINDOWS_1254, MESO_ENCODING_WINDOWS_1251,
};

/* Reads the records in the encoding chosen, or guessed; a wrong guess
 * (one stray byte a code page leaves undefined) tries the others, so that
 * the file opens and its encoding can be chosen. */
static gboolean
read_first (MesoPatientImport  *self,
            MesoEncoding        encoding,
            GError            **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (self->contents, &length);

  self->encoding = encoding != MESO_ENCODING_AUTO ? encoding : meso_encoding_detect (data, length);
  if (read_records (self, TRUE, error))
    return TRUE;
  for (guint i = 0; encoding == MESO_ENCODING_AUTO && i < G_N_ELEMENTS (fallbacks); i++)
    {
      self->encoding = fallbacks[i];
      if (read_records (self, TRUE, NULL))
        {
          g_clear_error (error);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * meso_patient_import_new:
 * @source: the file's name, for the audit trail and the undo
 * @contents: the file
 * @encoding: its encoding, or %MESO_ENCODING_AUTO to guess it
 *
 * Reads @contents as a vCard file (by its name or first line) or as CSV,
 * guessing its delimiter, whether it has a header, how its columns map to
 * fields and in which order its dates are written.
 *
 * Returns: (transfer full): the import, or %NULL with %G_IO_ERROR_INVALID_DATA
 * if the file cannot be read as patients.
 */
MesoPatientImport *
meso_patient_import_new (const char    *source,
                         GBytes        *contents,
                         MesoEncoding   encoding,
                         GError       **error)
{
  g_autoptr(MesoPatientImport) self = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (contents, &length);

  g_return_val_if_fail (source != NULL && *source != '\0', NULL);
  g_return_val_if_fail (encoding <= MESO_ENCODING_AUTO, NULL);

  if (length > MESO_PATIENT_IMPORT_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is larger than %d MB: split it into smaller files."),
                   MESO_PATIENT_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  self = g_object_new (MESO_TYPE_PATIENT_IMPORT, NULL);
  self->source = g_strdup (source);
  self->contents = g_bytes_ref (contents);
  self->format = is_vcard (source, data, length) ? MESO_IMPORT_FORMAT_VCARD
                                                  : MESO_IMPORT_FORMAT_CSV;
  if (!read_first (self, encoding, error))
    return NULL;
  if (self->records->len <= (guint) self->has_header)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file holds no patients."));
      return NULL;
    }
  if (self->records->len > MESO_IMPORT_MAX_RECORDS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file holds more than %d patients: split it into smaller files."),
                   MESO_IMPORT_MAX_RECORDS);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * meso_patient_import_new_for_path:
 * @database: (nullable): the clinic's database file, which is refused
 *
 * Reads the file at @path and returns meso_patient_import_new() of it,
 * named by its base name. The database and its working files are never
 * opened here: closing them would drop SQLite's locks on them.
 */
MesoPatientImport *
meso_patient_import_new_for_path (const char    *path,
                                  const char    *database,
                                  MesoEncoding   encoding,
                                  GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *name = g_filename_display_basename (path);

  if (database != NULL && meso_output_file_is_database (path, database))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is the clinic database or one of its working files, not a file of "
                     "patients."), name);
      return NULL;
    }
  /* Refused before a huge file is read into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a file."), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > MESO_PATIENT_IMPORT_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is larger than %d MB: split it into smaller files."),
                   MESO_PATIENT_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  contents = g_file_load_bytes (file, NULL, NULL, error);
  if (contents == NULL)
    return NULL;
  return meso_patient_import_new (name, contents, encoding, error);
}

typedef struct
{
  char *path;
  char *database;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  g_free (job->path);
  g_free (job->database);
  g_free (job);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadJob *job = task_data;
  GError *error = NULL;
  MesoPatientImport *self = meso_patient_import_new_for_path (job->path, job->database,
                                                              MESO_ENCODING_AUTO, &error);

  if (self != NULL)
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* meso_patient_import_new_for_path() in a worker thread, guessing the
 * encoding: a large file takes longer to read than a frame. */
void
meso_patient_import_new_for_path_async (const char          *path,
                                        const char          *database,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  job->path = g_strdup (path);
  job->database = g_strdup (database);
  g_task_set_source_tag (task, meso_patient_import_new_for_path_async);
  g_task_set_task_data (task, job, read_job_free);
  g_task_run_in_thread (task, read_in_thread);
}

MesoPatientImport *
meso_patient_import_new_for_path_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
meso_patient_import_get_source (MesoPatientImport *self)
{
  return self->source;
}

MesoImportFormat
meso_patient_import_get_format (MesoPatientImport *self)
{
  return self->format;
}

MesoEncoding
meso_patient_import_get_encoding (MesoPatientImport *self)
{
  return self->encoding;
}

char
meso_patient_import_get_delimiter (MesoPatientImport *self)
{
  return self->delimiter;
}

gboolean
meso_patient_import_get_has_header (MesoPatientImport *self)
{
  return self->has_header;
}

void
meso_patient_import_set_has_header (MesoPatientImport *self,
                                    gboolean           has_header)
{
  g_return_if_fail (self->format == MESO_IMPORT_FORMAT_CSV);

  self->has_header = !!has_header;
  map_columns (self);
  meso_patient_import_invalidate_check (self);
}

MesoDateOrder
meso_patient_import_get_date_order (MesoPatientImport *self)
{
  return self->date_order;
}

void
meso_patient_import_set_date_order (MesoPatientImport *self,
                                    MesoDateOrder      order)
{
  self->date_order = order;
  meso_patient_import_invalidate_check (self);
}

guint
meso_patient_import_get_n_columns (MesoPatientImport *self)
{
  return self->fields->len;
}

/* Returns: (transfer full): the header's name of @column, or "Column 3". */
char *
meso_patient_import_dup_column_name (MesoPatientImport *self,
                                     guint              column)
{
  g_return_val_if_fail (column < self->fields->len, NULL);

  if (self->format == MESO_IMPORT_FORMAT_VCARD)
    return g_strdup (meso_patient_import_field_label (column));
  if (self->has_header)
    {
      MesoImportRow *header = g_ptr_array_index (self->records, 0);
      g_autofree char *name = g_strstrip (g_strdup (header->cells[column]));

      if (*name != '\0')
        return g_steal_pointer (&name);
    }
  return g_strdup_printf (_("Column %u"), column + 1);
}

/* Returns: (transfer full) (nullable): the first value in @column, as an
 * example of what it holds. */
char *
meso_patient_import_dup_column_sample (MesoPatientImport *self,
                                       guint              column)
{
  g_return_val_if_fail (column < self->fields->len, NULL);

  for (guint i = self->has_header; i < self->records->len && i < 50; i++)
    {
      MesoImportRow *record = g_ptr_array_index (self->records, i);
      g_autofree char *value = NULL;

      if (g_strv_length (record->cells) <= column)
        continue;
      value = g_strstrip (g_strdup (record->cells[column]));
      if (*value != '\0')
        return g_steal_pointer (&value);
    }
  return NULL;
}

int
meso_patient_import_get_column_field (MesoPatientImport *self,
                                      guint              column)
{
  g_return_val_if_fail (column < self->fields->len, -1);
  return g_array_index (self->fields, int, column);
}

/* Maps @column to @field (-1: to none); a column mapped to @field before
 * is mapped to none, as a field comes from one column. */
void
meso_patient_import_set_column_field (MesoPatientImport *self,
                                      guint              column,
                                      int                field)
{
  g_return_if_fail (column < self->fields->len);
  g_return_if_fail (field >= -1 && field < MESO_PATIENT_N_FIELDS);

  for (guint i = 0; i < self->fields->len && field >= 0; i++)
    if (g_array_index (self->fields, int, i) == field)
      g_array_index (self->fields, int, i) = -1;
  g_array_index (self->fields, int, column) = field;
  meso_patient_import_invalidate_check (self);
}

