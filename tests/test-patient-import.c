/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-patient-import.c: patients brought in from another system's CSV or
 * vCard file: encodings, delimiters, quotes and broken rows read as the
 * clinic wrote them; each row's problems and likely duplicates found
 * before anything is written; the import written whole or not at all,
 * audited, and undone as a whole. */
#include <glib/gstdio.h>

#include "meso-audit-store.h"
#include "meso-import-row.h"
#include "meso-patient-import.h"
#include "meso-patient-store.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char             *dir;
  MesoDb           *db;
  MesoPatientStore *store;
  MesoStaff        *staff;
  GDate             today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->db = meso_test_open_db (&f->dir);
  f->store = meso_patient_store_new (f->db);
  f->staff = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Import");
  meso_test_date (&f->today, 2026, 11, 20);
}

/* A worker thread lets go of its task, and so of the store or its
 * connection, just after the result was handed back. */
static void
wait_for_last_ref (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  wait_for_last_ref (f->store);
  g_assert_finalize_object (f->store);
  wait_for_last_ref (f->db);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->staff);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static MesoPatientImport *
import_of (const char *name,
           const char *bytes,
           gsize       length)
{
  g_autoptr(GBytes) contents = g_bytes_new (bytes, length);
  g_autoptr(GError) error = NULL;
  MesoPatientImport *import = meso_patient_import_new (name, contents, MESO_ENCODING_AUTO,
                                                       &error);

  g_assert_no_error (error);
  return import;
}

static MesoPatientImport *
checked_import (Fixture    *f,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  MesoPatientImport *import = import_of ("patients.csv", text, strlen (text));

  g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_no_error (error);
  return import;
}

static const char *
row_field (MesoPatientImport *import,
           guint              row,
           MesoPatientField   field)
{
  return meso_patient_get_field (meso_patient_import_get_row_patient (import, row), field);
}

/* One file as another system wrote it, and what each of its rows becomes. */
typedef struct
{
  const char       *name;
  const char       *bytes;
  gsize             length;     /* 0: strlen (bytes) */
  MesoEncoding      encoding;
  char              delimiter;
  guint             n_rows;
  guint             n_included;
  /* Row 0's family and given names, birth date, phone and the last row's family name. */
  const char       *family;
  const char       *given;
  const char       *birth_date;
  const char       *phone;
  const char       *last_family;
} FileCase;

#define UTF16LE_TAB_FILE \
  "\xff\xfe" "F\0a\0m\0i\0l\0y\0 \0n\0a\0m\0e\0\t\0G\0i\0v\0e\0n\0 \0n\0a\0m\0e\0\n\0" \
  "G\0a\0r\0c\0\xed\0a\0\t\0L\0u\0c\0\xed\0a\0\n\0"

static const FileCase file_cases[] = {
  { "utf-8, commas, English header",
    "Family name,Given name,Date of birth,Phone\n"
    "Yılmaz,Ayşe,1985-04-23,+90 532 123 45 67\n"
    "Demir,Mehmet,05.01.1970,0532 999 88 77\n",
    0, MESO_ENCODING_UTF8, ',', 2, 2, "Yılmaz", "Ayşe", "1985-04-23", "+90 532 123 45 67",
    "Demir" },
  { "byte order mark, semicolons, Turkish header, CRLF",
    "\xef\xbb\xbf" "Soyadı;Adı;Doğum tarihi\r\nŞahin;İrem;23.04.1985\r\nKoç;Ömer;01.02.1990\r\n",
    0, MESO_ENCODING_UTF8, ';', 2, 2, "Şahin", "İrem", "1985-04-23", "", "Koç" },
  { "Windows-1254, Turkish letters",
    "Soyad\xfd;Ad\xfd\nY\xfdlmaz;Ay\xfe" "e\n\xde" "ahin;\xdd" "rem\nDo\xf0" "an;\xc7" "a\xf0la\n",
    0, MESO_ENCODING_WINDOWS_1254, ';', 3, 3, "Yılmaz", "Ayşe", "", "", "Doğan" },
  { "Windows-1251, Russian",
    "\xd4\xe0\xec\xe8\xeb\xe8\xff;\xc8\xec\xff\n"
    "\xc8\xe2\xe0\xed\xee\xe2;\xcf\xe5\xf2\xf0\n\xd1\xec\xe8\xf0\xed\xee\xe2\xe0;\xc0\xed\xed\xe0\n",
    0, MESO_ENCODING_WINDOWS_1251, ';', 2, 2, "Иванов", "Петр", "", "", "Смирнова" },
  { "Windows-1252, Spanish, tabs",
    "Apellidos\tNombre\tTel\xe9" "fono\nMu\xf1oz\tMar\xed" "a Jos\xe9\t+34 612 345 678\n",
    0, MESO_ENCODING_WINDOWS_1252, '\t', 1, 1, "Muñoz", "María José", "", "+34 612 345 678",
    "Muñoz" },
  { "UTF-16LE with its mark, tabs", UTF16LE_TAB_FILE, sizeof UTF16LE_TAB_FILE - 1,
    MESO_ENCODING_UTF16LE, '\t', 1, 1, "García", "Lucía", "", "", "García" },
  { "quotes: delimiters, doubled quotes and a line break inside a cell",
    "surname,first name,notes\n"
    "\"Kaya, Jr\",\"Zeynep \"\"Zey\"\"\",\"two\nlines\"\n"
    "Aydın,Can,\n",
    0, MESO_ENCODING_UTF8, ',', 2, 2, "Kaya, Jr", "Zeynep \"Zey\"", "", "", "Aydın" },
  { "month-first dates, told by a day over 12",
    "last name|first name|birthday\nSmith|Anna|04/23/1985\nBrown|Tom|03/04/1990\n",
    0, MESO_ENCODING_UTF8, '|', 2, 2, "Smith", "Anna", "1985-04-23", "", "Brown" },
  { "blank lines and spreadsheet date cells",
    "Фамилия;Имя;Дата рождения\n\nПетрова;Ольга;12.03.1979 00:00\n\n",
    0, MESO_ENCODING_UTF8, ';', 1, 1, "Петрова", "Ольга", "1979-03-12", "", "Петрова" },
};

static void
test_files (Fixture       *f,
            gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_cases); i++)
    {
      const FileCase *c = &file_cases[i];
      g_autoptr(MesoPatientImport) import = NULL;
      g_autoptr(GError) error = NULL;
      guint last;

      g_test_message ("%s", c->name);
      import = import_of ("old-system.csv", c->bytes, c->length ? c->length : strlen (c->bytes));
      g_assert_cmpint (meso_patient_import_get_encoding (import), ==, c->encoding);
      g_assert_cmpint (meso_patient_import_get_delimiter (import), ==, c->delimiter);
      g_assert_true (meso_patient_import_get_has_header (import));
      g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (meso_patient_import_get_n_rows (import), ==, c->n_rows);
      g_assert_cmpuint (meso_patient_import_count_included (import), ==, c->n_included);
      g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_FAMILY_NAME), ==, c->family);
      g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_GIVEN_NAME), ==, c->given);
      g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_BIRTH_DATE), ==, c->birth_date);
      g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_PHONE), ==, c->phone);
      last = meso_patient_import_get_n_rows (import) - 1;
      g_assert_cmpstr (row_field (import, last, MESO_PATIENT_FAMILY_NAME), ==, c->last_family);
    }
}

/* Each broken row names its line and what is wrong; the good rows stay in. */
static void
test_row_problems (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MesoPatientImport) import =
    checked_import (f,
                    "Family name,Given name,Birth date,Sex,Phone,E-mail,Language\n"
                    "Yılmaz,Ayşe,23.04.1985,K,+90 532 123 45 67,ayse@example.com,tr\n"
                    ",Ali,01.01.1990,E,,,\n"
                    "Kaya,Zeynep,31.02.1980,F,12,not-an-address,\n"
                    "Aydın,Can,1980/31/12,?,,,Klingon\n"
                    "Doğan,Ece,01.01.2030,female,,,\n"
                    "Öz,Cem,,M,,,,extra\n"
                    "Ak,\"Elif,,,,,\n"
                    "Tan,Ada\n");  /* swallowed by the line before */
  const char *problems;

  g_assert_cmpuint (meso_patient_import_get_n_rows (import), ==, 7);
  g_assert_null (meso_patient_import_get_row_problems (import, 0));
  g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_SEX), ==, "female");
  g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_LANGUAGE), ==, "tr");

  g_assert_cmpuint (meso_patient_import_get_row_line (import, 1), ==, 3);
  g_assert_cmpstr (meso_patient_import_get_row_problems (import, 1), ==,
                   "Family name: Enter the family name.");

  problems = meso_patient_import_get_row_problems (import, 2);
  g_assert_nonnull (strstr (problems, "Birth date “31.02.1980”"));
  g_assert_nonnull (strstr (problems, "Phone “12”: A phone number has 6 to 15 digits."));
  g_assert_nonnull (strstr (problems, "E-mail “not-an-address”"));

  problems = meso_patient_import_get_row_problems (import, 3);
  g_assert_nonnull (strstr (problems, "Birth date “1980/31/12”"));
  g_assert_nonnull (strstr (problems, "Language “Klingon”"));
  g_assert_null (strstr (problems, "Sex"));   /* "?" is an unknown sex, said so */

  g_assert_nonnull (strstr (meso_patient_import_get_row_problems (import, 4),
                            "The birth date cannot be in the future."));
  g_assert_nonnull (strstr (meso_patient_import_get_row_problems (import, 5), "8 cells"));
  /* The unclosed quote swallowed the rest of the file into one row. */
  g_assert_nonnull (strstr (meso_patient_import_get_row_problems (import, 6),
                            "never closed"));
  g_assert_cmpuint (meso_patient_import_get_row_line (import, 6), ==, 8);

  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 1);
  g_assert_cmpuint (meso_patient_import_count_problems (import), ==, 6);
  /* A row with problems cannot be let in. */
  g_assert_false (meso_patient_import_set_row_included (import, 2, TRUE));
}

/* "M" is a man in most files, a woman (mujer) where men are "H" (hombre). */
static void
test_sex_codes (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoPatientImport) most =
    checked_import (f, "Family name,Sex\nYılmaz,K\nDemir,E\nSmith,M\nBrown,f\nИванов,м\n");
  g_autoptr(MesoPatientImport) spanish =
    checked_import (f, "Apellidos;Sexo\nGarcía;M\nLópez;H\nPérez;mujer\n");

  g_assert_cmpstr (row_field (most, 0, MESO_PATIENT_SEX), ==, "female");
  g_assert_cmpstr (row_field (most, 1, MESO_PATIENT_SEX), ==, "male");
  g_assert_cmpstr (row_field (most, 2, MESO_PATIENT_SEX), ==, "male");
  g_assert_cmpstr (row_field (most, 3, MESO_PATIENT_SEX), ==, "female");
  g_assert_cmpstr (row_field (most, 4, MESO_PATIENT_SEX), ==, "male");
  g_assert_cmpstr (row_field (spanish, 0, MESO_PATIENT_SEX), ==, "female");
  g_assert_cmpstr (row_field (spanish, 1, MESO_PATIENT_SEX), ==, "male");
  g_assert_cmpstr (row_field (spanish, 2, MESO_PATIENT_SEX), ==, "female");
}

static void
test_vcard (Fixture       *f,
            gconstpointer  data)
{
  static const char vcf[] =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Yılmaz;Ayşe;;;\r\nFN:Ayşe Yılmaz\r\n"
    "BDAY:1985-04-23\r\nTEL;TYPE=CELL:+90 532 123 45 67\r\nEMAIL:ayse@example.com\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Иванов;Пётр;Сергеевич;;\r\nGENDER:M\r\nBDAY:19700105\r\n"
    "LANG:ru\r\nNOTE:Allergic to lidocaine\\, says the old system\r\nEND:VCARD\r\n";
  g_autoptr(MesoPatientImport) import = import_of ("contacts.vcf", vcf, strlen (vcf));
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (meso_patient_import_get_format (import), ==, MESO_IMPORT_FORMAT_VCARD);
  g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 2);
  g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_PHONE), ==, "+90 532 123 45 67");
  g_assert_cmpstr (row_field (import, 1, MESO_PATIENT_GIVEN_NAME), ==, "Пётр Сергеевич");
  g_assert_cmpstr (row_field (import, 1, MESO_PATIENT_SEX), ==, "male");
  g_assert_cmpstr (row_field (import, 1, MESO_PATIENT_BIRTH_DATE), ==, "1970-01-05");
  g_assert_cmpstr (row_field (import, 1, MESO_PATIENT_LANGUAGE), ==, "ru");
  g_assert_cmpstr (row_field (import, 1, MESO_PATIENT_NOTES), ==,
                   "Allergic to lidocaine, says the old system");
}

/* The encoding can be chosen where the guess was wrong; a wrong choice is
 * refused; a guess that cannot decode the file tries the other code pages. */
static void
test_choose_encoding (Fixture       *f,
                      gconstpointer  data)
{
  static const char latin[] = "Apellidos;Nombre\nIb\xe1\xf1" "ez;Sof\xed" "a\n";
  static const char stray[] = "Apellidos;Nombre\nIb\xe1\xf1" "ez\x81;Sof\xed" "a\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (latin, strlen (latin));
  g_autoptr(GBytes) stray_bytes = g_bytes_new_static (stray, strlen (stray));
  g_autoptr(MesoPatientImport) import = import_of ("p.csv", latin, strlen (latin));
  g_autoptr(MesoPatientImport) chosen = NULL;
  g_autoptr(MesoPatientImport) fallen_back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (meso_patient_import_get_encoding (import), ==, MESO_ENCODING_WINDOWS_1252);
  g_assert_null (meso_patient_import_new ("p.csv", bytes, MESO_ENCODING_UTF8, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  chosen = meso_patient_import_new ("p.csv", bytes, MESO_ENCODING_WINDOWS_1254, &error);
  g_assert_no_error (error);
  g_assert_true (meso_patient_import_check (chosen, f->store, &f->today, &error));
  g_assert_cmpstr (row_field (chosen, 0, MESO_PATIENT_FAMILY_NAME), ==, "Ibáñez");

  /* 0x81 is in neither Windows-1252 nor -1254: the file still opens. */
  fallen_back = meso_patient_import_new ("p.csv", stray_bytes, MESO_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_import_get_encoding (fallen_back), ==,
                   MESO_ENCODING_WINDOWS_1251);
}

/* Columns are mapped by hand where the header says nothing Mesodesk knows. */
static void
test_mapping (Fixture       *f,
              gconstpointer  data)
{
  static const char text[] = "Yılmaz;Ayşe;0532 123 45 67\nKaya;Zeynep;0533 765 43 21\n";
  g_autoptr(MesoPatientImport) import = import_of ("p.csv", text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_false (meso_patient_import_get_has_header (import));
  g_assert_cmpuint (meso_patient_import_get_n_columns (import), ==, 3);
  g_assert_false (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  meso_patient_import_set_column_field (import, 0, MESO_PATIENT_FAMILY_NAME);
  meso_patient_import_set_column_field (import, 2, MESO_PATIENT_PHONE);
  meso_patient_import_set_column_field (import, 1, MESO_PATIENT_FAMILY_NAME);
  /* A field comes from one column: column 0 lost it to column 1. */
  g_assert_cmpint (meso_patient_import_get_column_field (import, 0), ==, -1);
  meso_patient_import_set_column_field (import, 0, MESO_PATIENT_FAMILY_NAME);
  meso_patient_import_set_column_field (import, 1, MESO_PATIENT_GIVEN_NAME);
  g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 2);
  g_assert_cmpstr (row_field (import, 1, MESO_PATIENT_PHONE), ==, "0533 765 43 21");
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return meso_test_query_int (f->db, sql);
}

static gint64
save_patient (Fixture    *f,
              const char *family,
              const char *given,
              const char *birth_date,
              const char *phone)
{
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GError) error = NULL;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given);
  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, birth_date);
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
  g_assert_true (meso_patient_store_save (f->store, patient, NULL, &f->today, &error));
  g_assert_no_error (error);
  return meso_patient_get_id (patient);
}

/* Same names and birth date (in any case or accents), or the same phone
 * written another way, is likely the patient the clinic has; so is a line
 * repeating an earlier one. None is imported unless let in. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  gint64 ayse = save_patient (f, "Yılmaz", "Ayşe", "1985-04-23", "");
  gint64 mehmet = save_patient (f, "Demir", "Mehmet", "", "+90 532 999 88 77");
  g_autoptr(MesoPatientImport) import =
    checked_import (f,
                    "Family name,Given name,Birth date,Phone\n"
                    "YILMAZ,ayşe,23.04.1985,\n"
                    "Demirci,Mehmet Ali,,0532 999 88 77\n"
                    "Kaya,Zeynep,01.01.1990,\n"
                    "Yılmaz,Ayşe,23.04.1986,\n"
                    "kaya,ZEYNEP,1990-01-01,\n");

  g_assert_cmpint (meso_patient_import_get_row_duplicate (import, 0), ==, ayse);
  g_assert_cmpint (meso_patient_import_get_row_duplicate (import, 1), ==, mehmet);
  g_assert_cmpint (meso_patient_import_get_row_duplicate (import, 2), ==, 0);
  g_assert_cmpint (meso_patient_import_get_row_duplicate (import, 3), ==, 0);
  g_assert_cmpint (meso_patient_import_get_row_duplicate (import, 4), ==, 0);
  g_assert_cmpuint (meso_patient_import_get_row_duplicate_line (import, 4), ==, 4);
  g_assert_cmpuint (meso_patient_import_count_duplicates (import), ==, 3);
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 2);
  g_assert_false (meso_patient_import_get_row_included (import, 0));

  /* The receptionist knows better: the second Mehmet is another man. */
  g_assert_true (meso_patient_import_set_row_included (import, 1, TRUE));
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 3);
}

/* Checking writes nothing; the run writes every included row and the
 * import in one transaction, each in the audit trail as the staff
 * member's. */
static void
test_run_audited (Fixture       *f,
                  gconstpointer  data)
{
  gint64 audit_before = count (f, "SELECT count(*) FROM audit");
  g_autoptr(MesoPatientImport) import =
    checked_import (f, "Family name,Given name\nYılmaz,Ayşe\n,Nobody\nKaya,Zeynep\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  MesoPatientImportInfo info;
  gint64 import_id;
  g_autofree char *staff_sql = NULL;

  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit"), ==, audit_before);

  import_id = meso_patient_import_run (import, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (import_id, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE import_id IS NOT NULL"), ==, 2);
  staff_sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE staff_id = %lld AND ("
                               "(table_name = 'patient_import' AND action = 'insert') OR "
                               "(table_name = 'patient' AND action = 'insert'))",
                               (long long) meso_staff_get_id (f->staff));
  g_assert_cmpint (count (f, staff_sql), ==, 3);

  /* The new patients are found like any other. */
  found = meso_patient_store_search (f->store, "zeyn", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  g_assert_true (meso_patient_store_get_last_import (f->store, &info, &error));
  g_assert_cmpint (info.id, ==, import_id);
  g_assert_cmpstr (info.source, ==, "patients.csv");
  g_assert_cmpstr (info.staff_name, ==, "Dr. Import");
  g_assert_cmpint (info.n_patients, ==, 2);
  g_assert_false (info.undone);
  meso_patient_import_info_clear (&info);
}

/* A failure on the last row leaves no patient and no import behind. */
static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoPatientImport) import =
    checked_import (f, "Family name,Given name\nYılmaz,Ayşe\nKaya,Zeynep\nDemir,Boom\n");
  g_autoptr(GError) error = NULL;

  /* As a disk that fills up halfway would. */
  meso_test_write_sql (f->db,
                       meso_db_is_server (f->db)
                         ? "CREATE FUNCTION boom () RETURNS trigger LANGUAGE plpgsql AS $$"
                           " BEGIN IF new.given_name = 'Boom' THEN RAISE EXCEPTION 'boom';"
                           " END IF; RETURN new; END $$;"
                           " CREATE TRIGGER boom BEFORE INSERT ON patient"
                           " FOR EACH ROW EXECUTE FUNCTION boom ()"
                         : "CREATE TEMP TRIGGER boom BEFORE INSERT ON patient"
                           " WHEN new.given_name = 'Boom' BEGIN SELECT RAISE (ABORT, 'boom'); END",
                       &error);
  g_assert_no_error (error);

  g_assert_cmpint (meso_patient_import_run (import, f->store, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_import"), ==, 0);
  g_assert_cmpint (meso_patient_get_id (meso_patient_import_get_row_patient (import, 0)), ==, 0);
}

static gint64
run_import (Fixture    *f,
            const char *text)
{
  g_autoptr(MesoPatientImport) import = checked_import (f, text);
  g_autoptr(GError) error = NULL;
  gint64 id = meso_patient_import_run (import, f->store, &error);

  g_assert_no_error (error);
  return id;
}

/* The latest import is taken back whole; the audit trail keeps both. */
static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  gint64 kept = save_patient (f, "Öztürk", "Derya", "", "");
  gint64 first = run_import (f, "Family name\nAydın\n");
  gint64 second = run_import (f, "Family name,Given name\nYılmaz,Ayşe\nKaya,Zeynep\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  MesoPatientImportInfo info;

  /* Only the latest. */
  g_assert_false (meso_patient_store_undo_import (f->store, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_true (meso_patient_store_undo_import (f->store, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE table_name = 'patient'"
                             " AND action = 'delete'"), ==, 2);
  found = meso_patient_store_search (f->store, "zeyn", MESO_PATIENTS_CURRENT, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_nonnull (meso_patient_store_load (f->store, kept, NULL));
  g_object_unref (meso_patient_store_load (f->store, kept, NULL));

  g_assert_true (meso_patient_store_get_last_import (f->store, &info, &error));
  g_assert_true (info.undone);
  meso_patient_import_info_clear (&info);
  g_assert_false (meso_patient_store_undo_import (f->store, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  /* The earlier import stays for good once a later one was made. */
  g_assert_false (meso_patient_store_undo_import (f->store, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* Patients are still never deleted otherwise. */
  g_assert_false (meso_test_write_sql (f->db, "DELETE FROM patient", &error));
  g_assert_nonnull (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);
}

/* Once a patient of the import is changed, or has records of their own,
 * the import is the clinic's data: it can no longer be undone. */
static void
test_undo_refused (Fixture       *f,
                   gconstpointer  data)
{
  gint64 import_id = run_import (f, "Family name,Given name\nYılmaz,Ayşe\nKaya,Zeynep\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = meso_patient_store_search (f->store, "ayşe", MESO_PATIENTS_CURRENT, &error);
  g_autoptr(MesoPatient) ayse = NULL;
  GDate agreed;

  g_assert_cmpuint (found->len, ==, 1);
  ayse = meso_patient_store_load (f->store, g_array_index (found, gint64, 0), &error);
  g_assert_no_error (error);

  /* Consent recorded: a row of its own names the patient. */
  meso_test_date (&agreed, 2026, 11, 20);
  g_assert_true (meso_patient_store_set_consent (f->store, meso_patient_get_id (ayse),
                                                 MESO_CHANNEL_EMAIL, &agreed, &error));
  g_assert_no_error (error);
  g_assert_false (meso_patient_store_undo_import (f->store, import_id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);

  /* Edited: refused before anything is deleted. */
  meso_patient_set_field (ayse, MESO_PATIENT_PHONE, "0532 123 45 67");
  g_assert_true (meso_patient_store_save (f->store, ayse, NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_false (meso_patient_store_undo_import (f->store, import_id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "changed or archived"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);
}

/* The window's way: read, checked, written and undone off the main loop,
 * on connections of their own, with the same result. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "patients.csv", NULL);
  g_autoptr(MesoPatientImport) import = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) ran = NULL;
  g_autoptr(GAsyncResult) undone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 existing = save_patient (f, "Kaya", "Zeynep", "1990-01-01", "");
  gint64 import_id;
  guint changed = 0;

  g_assert_true (g_file_set_contents (file, "Family name,Given name,Birth date\n"
                                            "Yılmaz,Ayşe,23.04.1985\nKaya,Zeynep,01.01.1990\n"
                                            ",Nobody,\n", -1, &error));
  meso_patient_import_new_for_path_async (file, NULL, NULL, meso_test_keep_result_cb, &read);
  import = meso_patient_import_new_for_path_finish (meso_test_wait_result (&read), &error);
  g_assert_no_error (error);

  meso_patient_import_check_async (import, f->store, &f->today, NULL, meso_test_keep_result_cb,
                                   &checked);
  g_assert_true (meso_patient_import_check_finish (import, meso_test_wait_result (&checked),
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_import_get_row_duplicate (import, 1), ==, existing);
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 1);
  g_assert_cmpuint (meso_patient_import_count_problems (import), ==, 1);

  g_signal_connect_swapped (f->store, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  meso_patient_import_run_async (import, f->store, meso_test_keep_result_cb, &ran);
  import_id = meso_patient_import_run_finish (import, meso_test_wait_result (&ran), &error);
  g_assert_no_error (error);
  g_assert_cmpint (import_id, >, 0);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (meso_patient_store_count (f->store, NULL), ==, 2);
  g_assert_cmpuint (meso_patient_import_get_n_rows (import), ==, 0);  /* to be checked again */

  meso_patient_store_undo_import_async (f->store, import_id, meso_test_keep_result_cb, &undone);
  g_assert_true (meso_patient_store_undo_import_finish (f->store, meso_test_wait_result (&undone),
                                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (meso_patient_store_count (f->store, NULL), ==, 1);
  g_signal_handlers_disconnect_by_data (f->store, &changed);
}

/* Notes are clinical: a receptionist's import of them is refused rather
 * than written without them. */
static void
test_notes_need_clinical (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST,
                                                         "Reception");
  g_autoptr(MesoPatientImport) import = NULL;
  g_autoptr(GError) error = NULL;
  static const char text[] = "Family name,Notes\nYılmaz,Allergic to lidocaine\n";

  import = import_of ("p.csv", text, strlen (text));
  g_assert_false (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  meso_patient_import_set_column_field (import, 1, -1);
  g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_cmpint (meso_patient_import_run (import, f->store, &error), >, 0);
  g_assert_no_error (error);
  meso_db_set_actor (f->db, f->staff);
}

static gint64
count_in_file (const char *path,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);

  g_assert_no_error (error);
  return meso_test_query_int (db, sql);
}

/* mesodesk --import-patients: a dry run lists the problems and writes
 * nothing; a wrong PIN writes nothing; the right one imports as that staff
 * member, and --undo-import takes it back. */
static void
test_command_line (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *pin_file = NULL;
  g_autofree char *wrong_pin = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(MesoDb) db = meso_test_open_db (&dir);
    g_autoptr(MesoStaff) staff = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Ece Kaya");
    path = g_strdup (meso_db_get_path (db));
  }
  file = g_build_filename (dir, "eski sistem.csv", NULL);
  g_assert_true (g_file_set_contents (file,
                                      "Soyadı;Adı;Telefon\nYılmaz;Ayşe;0532 123 45 67\n"
                                      ";Ali;\nKaya;Zeynep;12\n", -1, &error));
  pin_file = g_build_filename (dir, "pin", NULL);
  g_assert_true (g_file_set_contents_full (pin_file, MESO_TEST_PIN "\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  wrong_pin = g_build_filename (dir, "wrong-pin", NULL);
  g_assert_true (g_file_set_contents_full (wrong_pin, "999999\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));

  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--import-patients", file,
                                                               "--dry-run", NULL },
                                           &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--staff"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--import-patients", file,
                                                               "--dry-run", "--staff", "Ece Kaya",
                                                               "--pin-file", pin_file, NULL },
                                           &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Line 3: Family name: Enter the family name."));
  g_assert_nonnull (strstr (out, "Line 4: Phone “12”: A phone number has 6 to 15 digits."));
  g_assert_nonnull (strstr (out, "3 rows: 1 to import, 2 with problems, 0 likely duplicates."));
  g_assert_nonnull (strstr (out, "nothing was written"));
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM patient"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--import-patients", file,
                                                               "--staff", "ece kaya",
                                                               "--pin-file", wrong_pin, NULL },
                                           &out, &err), ==, 1);
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM patient"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--import-patients", file,
                                                               "--staff", "Ece Kaya",
                                                               "--pin-file", pin_file, NULL },
                                           &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 1 patient;"));
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM patient"), ==, 1);
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM audit a JOIN staff s"
                                        " ON s.id = a.staff_id WHERE s.display_name = 'Ece Kaya'"
                                        " AND a.table_name = 'patient_import'"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--undo-import",
                                                               "--staff", "Ece Kaya",
                                                               "--pin-file", pin_file, NULL },
                                           &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "eski sistem.csv"));
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM patient"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Options that go with the import only, and a file that is not there. */
  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--check", "--dry-run", NULL },
                                           &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", path,
                                                               "--import-patients", path,
                                                               "--staff", "Ece Kaya",
                                                               "--pin-file", pin_file, NULL },
                                           &out, &err), ==, 1);
  /* The database itself is never read as a file of patients. */
  g_assert_nonnull (strstr (err, "is the clinic database"));
  meso_test_remove_tree (dir);
}

/* Undo takes back only what nobody touched: a patient archived and
 * restored since is the clinic's now, and so are imported notes for
 * reception, who may not delete clinical data. */
static void
test_undo_after_archive (Fixture       *f,
                         gconstpointer  data)
{
  gint64 import_id = run_import (f, "Family name,Given name,Notes\nYılmaz,Ayşe,lidocaine\n"
                                    "Kaya,Zeynep,\n");
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = meso_patient_store_search (f->store, "zeynep", MESO_PATIENTS_CURRENT, &error);
  gint64 zeynep = g_array_index (found, gint64, 0);

  receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Reception");
  g_assert_false (meso_patient_store_undo_import (f->store, import_id, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);
  meso_db_set_actor (f->db, f->staff);

  /* In the same second as the import, the change would not show. */
  g_usleep (1100 * 1000);
  g_assert_true (meso_patient_store_set_archived (f->store, zeynep, TRUE, &error));
  g_assert_true (meso_patient_store_set_archived (f->store, zeynep, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (meso_patient_store_undo_import (f->store, import_id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 2);
}

/* Whoever calls the store, what it writes is checked inside the write. */
static void
test_store_checks (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(GError) error = NULL;
  MesoPatient *patient = meso_patient_new ();

  g_ptr_array_add (patients, patient);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "2099-01-01");
  g_assert_cmpint (meso_patient_store_import (f->store, "p.csv", "csv", patients, &f->today,
                                              &error), ==, 0);
  g_assert_error (error, MESO_PATIENT_ERROR, MESO_PATIENT_BIRTH_DATE);
  g_clear_error (&error);

  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "");
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, "Allergic to lidocaine");
  receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Reception");
  g_assert_cmpint (meso_patient_store_import (f->store, "p.vcf", "vcard", patients, &f->today,
                                              &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_import"), ==, 0);
  meso_db_set_actor (f->db, f->staff);
}

/* A receptionist's vCard with notes: each such card says why it stays out. */
static void
test_vcard_notes_reception (Fixture       *f,
                            gconstpointer  data)
{
  static const char vcf[] = "BEGIN:VCARD\nVERSION:3.0\nN:Yılmaz;Ayşe\nNOTE:lidocaine\n"
                            "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nN:Kaya;Zeynep\nEND:VCARD\n";
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST,
                                                         "Reception");
  g_autoptr(MesoPatientImport) import = import_of ("c.vcf", vcf, strlen (vcf));
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_nonnull (strstr (meso_patient_import_get_row_problems (import, 0), "clinical notes"));
  g_assert_null (meso_patient_import_get_row_problems (import, 1));
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 1);
  meso_db_set_actor (f->db, f->staff);
}

/* Dates the file's order cannot read, and days no month has. */
static void
test_dates (Fixture       *f,
            gconstpointer  data)
{
  static const char text[] = "Family name,Birth date\nSmith,04/23/1985\nBrown,13/04/1980\n"
                             "Jones,257.01.1980\n";
  g_autoptr(MesoPatientImport) import = import_of ("p.csv", text, strlen (text));
  g_autoptr(GError) error = NULL;

  /* Both orders appear: the clinic's own, day first, is guessed; the file's is chosen. */
  g_assert_cmpint (meso_patient_import_get_date_order (import), ==, MESO_DATE_ORDER_DAY_FIRST);
  meso_patient_import_set_date_order (import, MESO_DATE_ORDER_MONTH_FIRST);
  g_assert_true (meso_patient_import_check (import, f->store, &f->today, &error));
  g_assert_cmpstr (row_field (import, 0, MESO_PATIENT_BIRTH_DATE), ==, "1985-04-23");
  g_assert_nonnull (strstr (meso_patient_import_get_row_problems (import, 1),
                            "when the month comes first"));
  g_assert_nonnull (meso_patient_import_get_row_problems (import, 2));
  g_assert_cmpuint (meso_patient_import_count_included (import), ==, 1);
}

/* Hostile files: no text, a zero byte, too few bytes for a header. */
static void
test_refused_files (void)
{
  static const struct { const char *bytes; gsize length; } refused[] = {
    { "", 0 },
    { "\n\n\r\n", 4 },
    { "Family name\0Given", 17 },
    { "\xef\xbb\xbf", 3 },
  };

  g_autoptr(GString) many_lines = g_string_new ("Family name\n");
  g_autoptr(GString) many_cells = g_string_new ("Family name\nYılmaz");
  g_autoptr(GBytes) lines = NULL;
  g_autoptr(GBytes) cells = NULL;
  g_autoptr(MesoPatientImport) wide = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GBytes) contents = g_bytes_new (refused[i].bytes, refused[i].length);

      g_assert_null (meso_patient_import_new ("p.csv", contents, MESO_ENCODING_AUTO, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }

  /* More patients than a file may hold is refused whole. */
  for (guint i = 0; i <= MESO_IMPORT_MAX_RECORDS; i++)
    g_string_append (many_lines, "a\n");
  lines = g_string_free_to_bytes (g_steal_pointer (&many_lines));
  g_assert_null (meso_patient_import_new ("p.csv", lines, MESO_ENCODING_AUTO, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A line of a million cells keeps a hundred, and says so. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (many_cells, ',');
  cells = g_string_free_to_bytes (g_steal_pointer (&many_cells));
  wide = meso_patient_import_new ("p.csv", cells, MESO_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meso_patient_import_get_n_columns (wide), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!meso_test_engine_is_server ())
    {
      g_test_add_func ("/meso/patient-import/refused-files", test_refused_files);
      g_test_add_func ("/meso/patient-import/command-line", test_command_line);
    }
  g_test_add ("/meso/patient-import/files", Fixture, NULL, fixture_set_up, test_files,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/row-problems", Fixture, NULL, fixture_set_up,
              test_row_problems, fixture_tear_down);
  g_test_add ("/meso/patient-import/sex-codes", Fixture, NULL, fixture_set_up, test_sex_codes,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/vcard", Fixture, NULL, fixture_set_up, test_vcard,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/choose-encoding", Fixture, NULL, fixture_set_up,
              test_choose_encoding, fixture_tear_down);
  g_test_add ("/meso/patient-import/mapping", Fixture, NULL, fixture_set_up, test_mapping,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/duplicates", Fixture, NULL, fixture_set_up,
              test_duplicates, fixture_tear_down);
  g_test_add ("/meso/patient-import/run-audited", Fixture, NULL, fixture_set_up,
              test_run_audited, fixture_tear_down);
  g_test_add ("/meso/patient-import/all-or-nothing", Fixture, NULL, fixture_set_up,
              test_all_or_nothing, fixture_tear_down);
  g_test_add ("/meso/patient-import/undo", Fixture, NULL, fixture_set_up, test_undo,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/undo-refused", Fixture, NULL, fixture_set_up,
              test_undo_refused, fixture_tear_down);
  g_test_add ("/meso/patient-import/async", Fixture, NULL, fixture_set_up, test_async,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/undo-after-archive", Fixture, NULL, fixture_set_up,
              test_undo_after_archive, fixture_tear_down);
  g_test_add ("/meso/patient-import/store-checks", Fixture, NULL, fixture_set_up,
              test_store_checks, fixture_tear_down);
  g_test_add ("/meso/patient-import/vcard-notes-reception", Fixture, NULL, fixture_set_up,
              test_vcard_notes_reception, fixture_tear_down);
  g_test_add ("/meso/patient-import/dates", Fixture, NULL, fixture_set_up, test_dates,
              fixture_tear_down);
  g_test_add ("/meso/patient-import/notes-need-clinical", Fixture, NULL, fixture_set_up,
              test_notes_need_clinical, fixture_tear_down);

  return g_test_run ();
}
