/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench-import.c: a clinic leaving its old system brings 100,000
 * patients in from a CSV file: read, checked against the patients it has,
 * written in one transaction, and taken back by the undo. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "meso-patient-import.h"
#include "meso-text.h"
#include "mesodesk-bench.h"

#define IMPORT_ROWS 100000

/* The front desk imports: a receptionist may read and write contact data. */
#define RECEPTIONIST_ID 5

#define STRV(...) (const char * const[]) { __VA_ARGS__, NULL }

typedef struct
{
  const char * const *female;
  const char * const *male;
  const char * const *family;
  /* Where the names are not Latin, the Latin spellings e-mail addresses use. */
  const char * const *female_latin;
  const char * const *male_latin;
  const char * const *family_latin;
  /* A father's name's stem: -ич makes a man's patronymic, -на a woman's. */
  const char * const *patronymics;
  const char * const *mail_domains;
  /* The national number's first digit, then its '#'s in the ways old
   * systems write it: the same number in each, for the check's phone key. */
  char                first_digit;
  const char * const *phone_formats;
  const char         *female_sex;
  const char         *male_sex;
  gboolean            two_family_names;  /* Spanish: both surnames */
  gboolean            feminine_a;        /* Иванов → Иванова */
} Country;

static const Country countries[] = {
  { STRV ("Elif", "Zeynep", "Ayşe", "Fatma", "Emine", "Merve", "Büşra", "Şule", "Özlem", "Gül",
          "Hatice", "Esra", "Gizem", "Tuğba", "Derya", "İrem", "Ebru", "Sevgi", "Çiğdem",
          "Yağmur"),
    STRV ("Mehmet", "Mustafa", "Ahmet", "Emre", "Murat", "Burak", "Oğuz", "İsmail", "Hakan",
          "Çağlar", "Hüseyin", "Hasan", "İbrahim", "Yusuf", "Ömer", "Serkan", "Barış", "Uğur",
          "Gökhan", "Tolga"),
    STRV ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
          "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt",
          "Özkan", "Şimşek", "Polat", "Özcan", "Korkmaz", "Çakır", "Erdoğan", "Güneş", "Aksoy",
          "Ünal", "Bulut", "Tekin"),
    NULL, NULL, NULL, NULL,
    STRV ("gmail.com", "hotmail.com", "yahoo.com.tr", "outlook.com"),
    '5', STRV ("+90 ### ### ## ##", "0 (###) ### ## ##", "0##########"), "K", "E", FALSE,
    FALSE },
  { STRV ("María", "Lucía", "Carmen", "Sofía", "Paula", "Elena", "Marta", "Inés", "Begoña",
          "Nuria", "Ana Belén", "Laura", "Cristina", "Pilar", "Rocío", "Ainhoa", "María José",
          "Noelia", "Irene", "Montserrat"),
    STRV ("José", "Antonio", "Javier", "Manuel", "Álvaro", "Sergio", "Íñigo", "Rubén", "Jesús",
          "Raúl", "Francisco", "David", "Juan Carlos", "José Luis", "Pablo", "Jorge",
          "Alejandro", "Luis", "Miguel Ángel", "Adrián"),
    STRV ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
          "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz",
          "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez",
          "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Núñez", "Castillo",
          "Ortega", "Peña", "Ibáñez"),
    NULL, NULL, NULL, NULL,
    STRV ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"),
    '6', STRV ("+34 ### ### ###", "### ## ## ##", "+34#########"), "Mujer", "Hombre", TRUE,
    FALSE },
  { STRV ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Юлия", "Ирина",
          "Екатерина", "Светлана", "Дарья", "Ксения", "Алёна", "Людмила", "Галина"),
    STRV ("Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Иван", "Михаил", "Николай",
          "Владимир", "Евгений", "Павел", "Артём", "Максим", "Юрий", "Игорь"),
    STRV ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
          "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
          "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев",
          "Макаров", "Никитин", "Захаров"),
    STRV ("anna", "maria", "elena", "olga", "natalya", "tatyana", "yulia", "irina",
          "ekaterina", "svetlana", "darya", "ksenia", "alena", "lyudmila", "galina"),
    STRV ("alexander", "dmitry", "sergey", "andrey", "alexey", "ivan", "mikhail", "nikolay",
          "vladimir", "evgeny", "pavel", "artem", "maxim", "yuri", "igor"),
    STRV ("ivanov", "smirnov", "kuznetsov", "popov", "vasilyev", "petrov", "sokolov",
          "mikhailov", "novikov", "fedorov", "morozov", "volkov", "alekseev", "lebedev",
          "semenov", "egorov", "pavlov", "kozlov", "stepanov", "nikolaev", "orlov", "andreev",
          "makarov", "nikitin", "zakharov"),
    STRV ("Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Иванов", "Михайлов",
          "Николаев", "Владимиров", "Евгеньев", "Павлов", "Юрьев", "Игорев", "Олегов",
          "Викторов"),
    STRV ("mail.ru", "yandex.ru", "gmail.com", "bk.ru"),
    '9', STRV ("+7 ### ###-##-##", "8 (###) ###-##-##", "+7##########"), "Ж", "М", FALSE,
    TRUE },
};

/* The countries[] above, for their weights. */
enum
{
  TURKISH,
  SPANISH,
  RUSSIAN,
};

/* The clinics' main groups of patients, in a Turkish clinic. */
static const guint clinic_weights[] = { [TURKISH] = 45, [SPANISH] = 35, [RUSSIAN] = 20 };

/* One row of the file, as the old system holds the patient. */
typedef struct
{
  const Country *country;
  char          *family;
  char          *given;
  char          *birth;   /* DD.MM.YYYY */
  const char    *sex;
  char          *digits;  /* the national number */
  char          *email;
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->family);
  g_free (row->given);
  g_free (row->birth);
  g_free (row->digits);
  g_free (row->email);
}

static const char *
pick (GRand              *rand,
      const char * const *strv)
{
  return strv[g_rand_int_range (rand, 0, g_strv_length ((char **) strv))];
}

static guint
pick_index (GRand              *rand,
            const char * const *strv)
{
  return g_rand_int_range (rand, 0, g_strv_length ((char **) strv));
}

/* @digits in one of the country's ways of writing a number. */
static char *
format_phone (const Country *country,
              const char    *digits,
              guint          format)
{
  GString *out = g_string_new (NULL);
  const char *d = digits;

  for (const char *p = country->phone_formats[format]; *p != '\0'; p++)
    g_string_append_c (out, *p == '#' && *d != '\0' ? *d++ : *p);
  return g_string_free (out, FALSE);
}

/* Only the letters of @name's first word, folded to ASCII, as a mailbox. */
static void
append_mailbox_word (GString    *mailbox,
                     const char *name)
{
  g_autofree char *folded = meso_text_fold (name);

  for (const char *p = folded; *p != '\0' && *p != ' '; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (mailbox, *p);
}

static void
random_person (GRand         *rand,
               const Country *country,
               GDate         *today,
               Row           *row)
{
  gboolean female = g_rand_int_range (rand, 0, 10) < 6;
  const char * const *given = female ? country->female : country->male;
  const char * const *given_latin = female ? country->female_latin : country->male_latin;
  guint given_index = pick_index (rand, given);
  guint family_index = pick_index (rand, country->family);
  const char *suffix = female && country->feminine_a ? "а" : "";
  GDate birth = *today;
  GString *digits = g_string_new (NULL);
  gsize n_digits = 0;
  char text[16];

  for (const char *p = country->phone_formats[0]; *p != '\0'; p++)
    n_digits += *p == '#';

  row->country = country;
  row->family = g_strconcat (country->family[family_index], suffix, NULL);
  if (country->two_family_names && g_rand_int_range (rand, 0, 10) < 9)
    {
      char *both = g_strconcat (row->family, " ", pick (rand, country->family), NULL);

      g_free (row->family);
      row->family = both;
    }
  /* Half the Russian files write the given name with the patronymic. */
  if (country->patronymics != NULL && g_rand_boolean (rand))
    row->given = g_strconcat (given[given_index], " ", pick (rand, country->patronymics),
                              female ? "на" : "ич", NULL);
  else
    row->given = g_strdup (given[given_index]);

  g_date_subtract_days (&birth, g_rand_int_range (rand, 18 * 365, 80 * 365));
  g_date_strftime (text, sizeof text, "%d.%m.%Y", &birth);
  row->birth = g_strdup (text);
  row->sex = g_rand_int_range (rand, 0, 50) == 0 ? ""
             : female ? country->female_sex : country->male_sex;

  g_string_append_c (digits, country->first_digit);
  while (digits->len < n_digits)
    g_string_append_c (digits, '0' + g_rand_int_range (rand, 0, 10));
  row->digits = g_string_free (digits, FALSE);

  if (g_rand_int_range (rand, 0, 10) < 6)
    {
      GString *mailbox = g_string_new (NULL);

      append_mailbox_word (mailbox, given_latin != NULL ? given_latin[given_index]
                                                        : given[given_index]);
      g_string_append_c (mailbox, '.');
      append_mailbox_word (mailbox, country->family_latin != NULL
                                      ? country->family_latin[family_index]
                                      : country->family[family_index]);
      if (female && country->feminine_a)
        g_string_append_c (mailbox, 'a');
      if (g_rand_boolean (rand))
        g_string_append_printf (mailbox, "%02d", g_date_get_year (&birth) % 100);
      g_string_append_printf (mailbox, "@%s", pick (rand, country->mail_domains));
      row->email = g_string_free (mailbox, FALSE);
    }
  else
    row->email = g_strdup ("");
}

/* A patient the clinic already has, as the old system wrote them. */
typedef struct
{
  char *family;
  char *given;
  char *birth;  /* DD.MM.YYYY */
  char *phone;
} Known;

static void
known_clear (gpointer data)
{
  Known *known = data;

  g_free (known->family);
  g_free (known->given);
  g_free (known->birth);
  g_free (known->phone);
}

/* Every hundredth existing patient with a birth date: the ones the old
 * system also has. Their phones lose their spaces on the way. */
static void
add_known (gint64      id,
           const char *family_name,
           const char *given_name,
           const char *birth_date,
           const char *phone,
           gpointer    user_data)
{
  GArray *known = user_data;
  guint year, month, day;
  Known k;

  if (id % 100 != 7 || sscanf (birth_date, "%u-%u-%u", &year, &month, &day) != 3)
    return;
  k.family = g_strdup (family_name);
  k.given = g_strdup (given_name);
  k.birth = g_strdup_printf ("%02u.%02u.%04u", day, month, year);
  k.phone = g_strdup (phone);
  for (char *in = k.phone, *out = k.phone;; in++)
    if (*in != ' ' && (*out++ = *in) == '\0')
      break;
  g_array_append_val (known, k);
}

static void
append_cell (GString    *line,
             const char *value,
             gboolean    quoted,
             gboolean    last)
{
  if (quoted)
    {
      g_string_append_c (line, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else
    g_string_append (line, value);
  g_string_append (line, last ? "\r\n" : ";");
}

static void
append_line (GString    *file,
             GRand      *rand,
             const char *family,
             const char *given,
             const char *birth,
             const char *sex,
             const char *phone,
             const char *email)
{
  /* Some exports quote every cell of a row: one row in twenty here. */
  gboolean quoted = g_rand_int_range (rand, 0, 20) == 0;

  append_cell (file, family, quoted, FALSE);
  append_cell (file, given, quoted, FALSE);
  append_cell (file, birth, quoted, FALSE);
  append_cell (file, sex, quoted, FALSE);
  append_cell (file, phone, quoted, FALSE);
  append_cell (file, email, quoted, TRUE);
}

/* What make_file() wrote on purpose; the check may find a few more
 * duplicates, random people who happen to share a name and birth date. */
typedef struct
{
  guint problems;
  guint known;
  guint repeated;
  guint shared_phones;
} Planted;

/* @n_rows patients from the countries @weights draws, as a CSV export of an old
 * system: a header, ';' between cells, CRLF, dates DD.MM.YYYY. About 2%
 * have problems (1% no family name), 1% are patients of @known, 2% repeat
 * an earlier row with its phone written another way, 0.5% share an
 * earlier row's phone where it is of their country. Returns: (transfer full):
 * the text in UTF-8. */
static char *
make_file (guint32       seed,
           guint         n_rows,
           const guint  *weights,
           GArray       *known,
           GDate        *today,
           Planted      *planted)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, TRUE, sizeof (Row), n_rows);
  GString *file = g_string_sized_new (n_rows * 90);
  guint total = 0;

  memset (planted, 0, sizeof *planted);
  g_array_set_clear_func (rows, row_clear);
  for (guint c = 0; c < G_N_ELEMENTS (countries); c++)
    total += weights[c];
  g_string_append (file, "Family name;Given name;Birth date;Sex;Phone;E-mail\r\n");
  for (guint i = 0; i < n_rows; i++)
    {
      guint roll = g_rand_int_range (rand, 0, 1000);
      guint problem = g_rand_int_range (rand, 0, 1000);
      Row row = { NULL, };
      g_autofree char *phone = NULL;
      g_autofree char *birth = NULL;

      if (roll < 10 && known != NULL && known->len > 0)
        {
          Known *k = &g_array_index (known, Known, g_rand_int_range (rand, 0, known->len));

          append_line (file, rand, k->family, k->given, k->birth, "", k->phone, "");
          planted->known++;
          continue;
        }
      if (roll < 30 && rows->len > 0)
        {
          /* The same patient entered twice, the second time by someone else. */
          Row *earlier = &g_array_index (rows, Row, g_rand_int_range (rand, 0, rows->len));

          phone = format_phone (earlier->country, earlier->digits,
                                g_rand_int_range (rand, 0, 3));
          append_line (file, rand, earlier->family, earlier->given, earlier->birth,
                       earlier->sex, phone, "");
          planted->repeated++;
          continue;
        }
      {
        guint roll_country = g_rand_int_range (rand, 0, total);
        guint c = 0;

        while (roll_country >= weights[c])
          roll_country -= weights[c++];
        random_person (rand, &countries[c], today, &row);
      }
      /* A family member giving the same landline. */
      if (roll < 35 && rows->len > 0)
        {
          Row *earlier = &g_array_index (rows, Row, g_rand_int_range (rand, 0, rows->len));

          if (earlier->country == row.country)
            {
              g_free (row.digits);
              row.digits = g_strdup (earlier->digits);
              planted->shared_phones++;
            }
        }
      phone = format_phone (row.country, row.digits, g_rand_int_range (rand, 0, 3));
      birth = g_strdup (row.birth);

      /* Cells a form would have refused. */
      if (problem < 10)
        {
          g_free (row.family);
          row.family = g_strdup ("");
        }
      else if (problem < 15)
        birth[0] = '3', birth[1] = '0', birth[3] = '0', birth[4] = '2';  /* 30.02. */
      else if (problem < 18 && *row.email != '\0')
        *strchr (strchr (row.email, '@'), '.') = '\0';  /* name@gmail */
      else if (problem < 20)
        {
          g_free (phone);
          phone = g_strdup ("see the paper file");
        }
      else if (g_rand_int_range (rand, 0, 50) == 0)
        {
          /* As a spreadsheet writes a date cell. */
          char *with_time = g_strconcat (birth, " 00:00", NULL);

          g_free (birth);
          birth = with_time;
        }
      planted->problems += problem < 20;
      append_line (file, rand, row.family, row.given, birth, row.sex, phone, row.email);
      if (problem >= 20)
        g_array_append_val (rows, row);
      else
        row_clear (&row);
    }
  return g_string_free (file, FALSE);
}

static void
write_file (const char *path,
            const char *prefix,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (prefix);

  g_string_append_len (all, text, length < 0 ? (gssize) strlen (text) : length);
  if (!g_file_set_contents (path, all->str, all->len, &error))
    g_error ("%s", error->message);
}

/* VmRSS or VmHWM (the peak since it was last reset) in MB; -1 if unknown. */
static double
status_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return -1;
  line += strlen (key);
  while (*line == ' ' || *line == '\t')
    line++;
  return g_ascii_strtoull (line, NULL, 10) / 1024.0;
}

/* Makes VmHWM start again from what is resident now (Linux 4.0). */
static gboolean
reset_peak (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean done;

  if (file == NULL)
    return FALSE;
  done = fputs ("5", file) >= 0;
  return fclose (file) == 0 && done;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Another clinic's Russian file, in Windows-1251 with no mark: only read,
 * decoded and parsed, for what the conversion costs beside UTF-8. */
static void
measure_windows_1251 (const char *folder,
                      GDate      *today)
{
  static const guint russian_only[] = { [TURKISH] = 0, [SPANISH] = 0, [RUSSIAN] = 1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (folder, "пациенты.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(MesoPatientImport) import = NULL;
  gsize length = 0;
  Planted planted;
  gint64 start;

  text = make_file (13, IMPORT_ROWS, russian_only, NULL, today, &planted);
  converted = g_convert (text, -1, "WINDOWS-1251", "UTF-8", NULL, &length, &error);
  if (converted == NULL)
    g_error ("%s", error->message);
  g_clear_pointer (&text, g_free);
  write_file (path, "", converted, length);
  g_clear_pointer (&converted, g_free);

  start = g_get_monotonic_time ();
  import = meso_patient_import_new_for_path (path, NULL, MESO_ENCODING_AUTO, &error);
  if (import == NULL)
    g_error ("%s", error->message);
  g_print ("import of a Russian file in Windows-1251 (%.1f MB, %u rows, found to be %s):"
           " read + decoded + parsed in %.2f s\n", length / 1e6, IMPORT_ROWS,
           meso_encoding_get_name (meso_patient_import_get_encoding (import)),
           seconds_since (start));
  g_unlink (path);
}

/* What one import took, and what its check found. */
typedef struct
{
  double read_s;
  double check_s;
  double run_s;
  guint  n_rows;
  guint  n_included;
  guint  n_problems;
  guint  n_duplicates;
  guint  n_known;  /* duplicates of patients the clinic has */
  gint64 id;
} Figures;

/* Reads, checks and runs an import of @csv into @store's clinic; the
 * counts are taken before the run, which leaves the import unchecked. */
static void
import_file (MesoPatientStore *store,
             const char       *csv,
             GDate            *today,
             Figures          *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientImport) import = NULL;
  gint64 start = g_get_monotonic_time ();

  memset (out, 0, sizeof *out);
  import = meso_patient_import_new_for_path (csv, NULL, MESO_ENCODING_AUTO, &error);
  if (import == NULL)
    g_error ("%s", error->message);
  out->read_s = seconds_since (start);

  start = g_get_monotonic_time ();
  if (!meso_patient_import_check (import, store, today, &error))
    g_error ("%s", error->message);
  out->check_s = seconds_since (start);
  out->n_rows = meso_patient_import_get_n_rows (import);
  out->n_included = meso_patient_import_count_included (import);
  out->n_problems = meso_patient_import_count_problems (import);
  out->n_duplicates = meso_patient_import_count_duplicates (import);
  for (guint i = 0; i < out->n_rows; i++)
    out->n_known += meso_patient_import_get_row_duplicate (import, i) > 0;

  start = g_get_monotonic_time ();
  out->id = meso_patient_import_run (import, store, &error);
  if (out->id == 0)
    g_error ("%s", error->message);
  out->run_s = seconds_since (start);
}

static double
time_undo (MesoPatientStore *store,
           gint64            import_id)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!meso_patient_store_undo_import (store, import_id, &error))
    g_error ("%s", error->message);
  return seconds_since (start);
}

/**
 * measure_import:
 *
 * 100,000 rows of another system's CSV (UTF-8 with a byte order mark)
 * imported into the clinic by a receptionist: the file read, decoded and
 * split; the check of every row and its search for duplicates among the
 * clinic's patients and the earlier rows; the run, one transaction; then
 * the undo, which leaves the clinic's patients as they were.
 */
void
measure_import (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = open_as (path, RECEPTIONIST_ID);
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (db);
  g_autoptr(GArray) known = g_array_new (FALSE, FALSE, sizeof (Known));
  g_autofree char *folder = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *how = NULL;
  gint64 existing;
  double rss_mb, peak_mb;
  gboolean peak_known;
  Figures figures;
  Planted planted;
  GStatBuf st;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  existing = meso_patient_store_count (store, &error);
  g_array_set_clear_func (known, known_clear);
  if (existing < 0 || !meso_patient_store_foreach_identity (store, add_known, known, &error))
    g_error ("%s", error->message);

  folder = g_dir_make_tmp ("mesodesk-bench-import-XXXXXX", &error);
  if (folder == NULL)
    g_error ("%s", error->message);

  csv = g_build_filename (folder, "patients-old-system.csv", NULL);
  text = make_file (11, IMPORT_ROWS, clinic_weights, known, &today, &planted);
  write_file (csv, "\xef\xbb\xbf", text, -1);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&known, g_array_unref);
  g_stat (csv, &st);

  /* What the import itself keeps in memory, not the database's earlier work. */
  peak_known = reset_peak ();
  rss_mb = status_mb ("VmRSS:");
  import_file (store, csv, &today, &figures);
  peak_mb = status_mb ("VmHWM:");

  g_print ("import: %u rows of CSV (%.1f MB, UTF-8 with BOM; Turkish, Spanish, Russian) into %"
           G_GINT64_FORMAT " patients: %u imported, %u with problems (%u planted), %u likely"
           " duplicates (%u of patients the clinic has, %u planted; %u repeats and %u shared"
           " phones planted)\n", figures.n_rows, st.st_size / 1e6, existing,
           figures.n_included, figures.n_problems,
           planted.problems, figures.n_duplicates, figures.n_known, planted.known,
           planted.repeated, planted.shared_phones);
  g_print ("import read + decoded + parsed: %.2f s\n", figures.read_s);
  g_print ("import checked (every row, duplicates among %" G_GINT64_FORMAT " patients): %.2f s\n",
           existing, figures.check_s);
  how = durability (db);
  g_print ("import run (%u patients in one transaction, audited, %s): %.2f s\n",
           figures.n_included, how, figures.run_s);
  g_print ("import of %u rows, read + check + run: %.1f s (target < 60 s)\n", figures.n_rows,
           figures.read_s + figures.check_s + figures.run_s);
  if (peak_known && peak_mb >= 0)
    g_print ("import's peak resident memory: %.0f MB, %.0f MB more than before it\n", peak_mb,
             peak_mb - rss_mb);

  g_print ("import undone (%u patients deleted, audited): %.2f s\n", figures.n_included,
           time_undo (store, figures.id));
  if (meso_patient_store_count (store, NULL) != existing)
    g_error ("the undo left %" G_GINT64_FORMAT " patients, not %" G_GINT64_FORMAT,
             meso_patient_store_count (store, NULL), existing);

  measure_windows_1251 (folder, &today);
  g_unlink (csv);
  g_rmdir (folder);
}
