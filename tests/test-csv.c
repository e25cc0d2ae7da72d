/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: exports open in a spreadsheet as written: quoting, the
 * byte-order mark, and no cell that runs as a formula. */
#include <string.h>

#include "meso-audit-store.h"
#include "meso-csv.h"
#include "meso-patient-store.h"
#include "meso-test-csv.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

#define BOM "\xEF\xBB\xBF"

/* Each cell as written, and as a spreadsheet reads it back. */
static const struct { const char *in; const char *written; const char *read; } cell_cases[] = {
  { "Ayşe Yılmaz", "Ayşe Yılmaz", "Ayşe Yılmaz" },
  { "", "", "" },
  { NULL, "", "" },
  { "Kaya, Zeynep", "\"Kaya, Zeynep\"", "Kaya, Zeynep" },
  { "the \"good\" lot", "\"the \"\"good\"\" lot\"", "the \"good\" lot" },
  { "two\nlines", "\"two\nlines\"", "two\nlines" },
  { "two\r\nlines", "\"two\r\nlines\"", "two\r\nlines" },
  { "a=b-c+d@e", "a=b-c+d@e", "a=b-c+d@e" },       /* only the first character counts */
  /* Hostile: a spreadsheet would run these. */
  { "=1+2", "\"'=1+2\"", "'=1+2" },
  { "+90 532 111 22 33", "\"'+90 532 111 22 33\"", "'+90 532 111 22 33" },
  { "-2+3", "\"'-2+3\"", "'-2+3" },
  { "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"", "'@SUM(A1:A9)" },
  { "\t=1+2", "\"'\t=1+2\"", "'\t=1+2" },
  { "\r=1+2", "\"'\r=1+2\"", "'\r=1+2" },
  { "=HYPERLINK(\"http://x.example\",\"Ayşe\")",
    "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Ayşe\"\")\"",
    "'=HYPERLINK(\"http://x.example\",\"Ayşe\")" },
  { "=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"", "'=cmd|' /C calc'!A0" },
};

static void
test_cells (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cells.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      g_autoptr(MesoCsv) csv = meso_csv_new ();
      g_autofree char *expected = g_strconcat (BOM, cell_cases[i].written, ",end\r\n", NULL);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      char **cells;

      g_test_message ("case %u: %s", i, cell_cases[i].written);
      meso_csv_add_row (csv, cell_cases[i].in == NULL ? "" : cell_cases[i].in, "end", NULL);
      if (cell_cases[i].in == NULL)
        {
          g_clear_pointer (&csv, meso_csv_free);
          csv = meso_csv_new ();
          meso_csv_add_cell (csv, NULL);
          meso_csv_add_cell (csv, "end");
          meso_csv_end_row (csv);
        }
      g_assert_cmpstr (meso_csv_get_text (csv, NULL), ==, expected);
      g_assert_true (meso_csv_write (csv, path, &error));
      g_assert_no_error (error);
      rows = meso_test_read_csv (path);
      g_assert_cmpuint (rows->len, ==, 1);
      cells = g_ptr_array_index (rows, 0);
      g_assert_cmpuint (g_strv_length (cells), ==, 2);
      g_assert_cmpstr (cells[0], ==, cell_cases[i].read);
      g_assert_cmpstr (cells[1], ==, "end");
    }
  meso_test_remove_tree (dir);
}

/* The mark starts the file, once; rows end in CRLF, an unfinished one when
 * written; numbers stay numbers; the file is its owner's alone. */
static void
test_file (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "file.csv", NULL);
  g_autoptr(MesoCsv) csv = meso_csv_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_assert_cmpstr (meso_csv_get_text (csv, &length), ==, BOM);
  g_assert_cmpuint (length, ==, 3);
  meso_csv_add_row (csv, "número", "Фамилия", NULL);
  meso_csv_add_int (csv, -42);
  meso_csv_add_int (csv, 7);
  meso_csv_end_row (csv);
  meso_csv_add_cell (csv, "last");
  g_assert_true (meso_csv_write (csv, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_cmpstr (text, ==, BOM "número,Фамилия\r\n-42,7\r\nlast\r\n");
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_cmpint (meso_test_file_mode (path), ==, 0600);
  meso_test_remove_tree (dir);
}

/* An audit trail whose names and values a spreadsheet would have run reads
 * back as written: every row whole, the hostile cells inert. */
static void
test_audit_export (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) db = meso_test_open_db (&dir);
  g_autoptr(MesoPatientStore) patients = meso_patient_store_new (db);
  g_autoptr(MesoAuditStore) audit = meso_audit_store_new (db);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Administrator");
  g_autoptr(MesoStaff) physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "=Evil+Doctor");
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "audit.csv", NULL);
  guint by_physician = 0;
  GDate today;

  meso_test_date (&today, 2026, 11, 20);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz, \"HYPERLINK\"");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ayşe");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 111 22 33");
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, "=1+2\r\n@SUM(A1)");
  g_assert_true (meso_patient_store_save (patients, patient, NULL, &today, &error));
  g_assert_no_error (error);

  /* One member's trail is the administrator's to read. */
  meso_db_set_actor (db, admin);
  g_assert_true (meso_audit_store_export_csv (audit, MESO_AUDIT_BY_STAFF,
                                              meso_staff_get_id (physician), path, &error));
  g_assert_no_error (error);
  entries = meso_audit_store_query (audit, MESO_AUDIT_BY_STAFF, meso_staff_get_id (physician),
                                    0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);

  rows = meso_test_read_csv (path);
  g_assert_cmpuint (rows->len, ==, entries->len + 1);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, 0)), ==, 11);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "entry");
  for (guint i = 0; i < entries->len; i++)
    {
      MesoAuditEntry *entry = g_ptr_array_index (entries, i);
      char **cells = g_ptr_array_index (rows, i + 1);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, meso_audit_entry_get_id (entry));

      g_assert_cmpuint (g_strv_length (cells), ==, 11);
      g_assert_cmpstr (cells[0], ==, id);
      if (g_strcmp0 (meso_audit_entry_get_who (entry), "=Evil+Doctor") == 0)
        {
          g_assert_cmpstr (cells[2], ==, "'=Evil+Doctor");
          by_physician++;
        }
      else
        g_assert_cmpstr (cells[2], ==, meso_audit_entry_get_who (entry));
      g_assert_cmpstr (cells[3], ==, meso_audit_entry_get_patient (entry));
      g_assert_cmpstr (cells[7], ==, meso_audit_entry_get_record (entry));
    }
  g_assert_cmpuint (by_physician, >, 0);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/csv/cells", test_cells);
  g_test_add_func ("/meso/csv/file", test_file);
  g_test_add_func ("/meso/csv/audit-export", test_audit_export);
  return g_test_run ();
}
