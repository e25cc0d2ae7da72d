/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-record-export.c: a patient's whole record handed over on request:
 * the JSON validates against data/patient-record.schema.json and holds
 * every row of every table about the patient and nothing about anyone
 * else; the summary beside it reads the record in the patient's language,
 * its long lists continued over pages; the folder and its files are the
 * owner's alone; the export is in the audit trail; reception may not
 * export. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "meso-record-export.h"
#include "meso-test-db.h"
#include "meso-test-handout.h"
#include "meso-test-records.h"
#include "meso-test-server.h"
#include "meso-treatment-store.h"

/* Patients' other table on a clinic server: the words of their names for
 * search, made from the patient row the record holds. */
#define DERIVED_TABLES "'patient_word'"

typedef MesoSessionFixture Fixture;

static gint64
lucia (Fixture *f)
{
  return f->session->patient_id;
}

/* Another patient with an appointment and consent, whose rows must stay out. */
static void
add_someone_else (Fixture *f)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  g_autoptr(MesoAppointment) other = meso_appointment_new ();
  g_autoptr(GError) error = NULL;
  GDate today;

  meso_context_get_today (f->context, &today);
  other->patient_id = meso_test_add_patient (store, "Kaya", "Zeynep", NULL, &today);
  other->practitioner_id = f->session->practitioner_id;
  other->room_id = f->session->room_id;
  other->starts_at = f->session->starts_at + 3600;
  other->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), other, &error));
  g_assert_no_error (error);
  g_assert_true (meso_patient_store_set_consent (store, other->patient_id, MESO_CHANNEL_EMAIL,
                                                 &today, &error));
  g_assert_true (meso_patient_store_set_consent (store, lucia (f), MESO_CHANNEL_EMAIL, &today,
                                                 &error));
  g_assert_no_error (error);
}

/* Lucía's session done, with 1.5 ml of Biotin from lot B-2027. */
static void
give_cocktail (Fixture *f)
{
  MesoTreatmentStore *store = meso_context_get_treatment_store (f->context);
  MesoDb *db = meso_context_get_db (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Admin");
  gint64 ingredient = meso_test_query_int (db, "SELECT id FROM ingredient"
                                               " WHERE name = 'Biotin (B7)'");
  gint64 product = meso_treatment_store_add_product (store, ingredient, "Mesolab", 5, 5, &error);
  gint64 lot = meso_treatment_store_receive (store, product, "B-2027", "2027-06-30", 10, &error);
  g_autoptr(MesoCocktail) cocktail = meso_cocktail_new ();
  MesoCocktailItem item = { ingredient, lot, 5, 1.5, 0 };
  GDate today;

  g_assert_no_error (error);
  meso_db_set_actor (db, f->physician);
  meso_cocktail_add (cocktail, &item);
  meso_context_get_today (f->context, &today);
  g_assert_cmpint (meso_treatment_store_administer (store, meso_context_get_schedule (f->context),
                                                    f->session->id, lucia (f), cocktail, 40,
                                                    NULL, "", 0, &today, &error), >, 0);
  g_assert_no_error (error);
}

/* Runs pdftotext on @path, pages @first to @last (0: all). Returns: (transfer
 * full): the text, its words one space apart: lines break where pages do. */
static char *
pdf_words (const char *path,
           int         first,
           int         last)
{
  g_autofree char *from = g_strdup_printf ("%d", first > 0 ? first : 1);
  g_autofree char *to = g_strdup_printf ("%d", last);
  const char *whole[] = { "pdftotext", path, "-", NULL };
  const char *pages[] = { "pdftotext", "-f", from, "-l", to, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) (last > 0 ? pages : whole), NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit_set (out, " \n\f", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static guint
pdf_pages (const char *path)
{
  const char *pdfinfo[] = { "pdfinfo", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *pages;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) pdfinfo, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static void
assert_has (const char *text,
            const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not in the summary:\n%s", expected, text);
}

/* {"patient_id": N, "counts": {table: rows}} for every table of the
 * database with a patient_id column, counted here, apart from the record. */
static char *
expected_counts (Fixture *f)
{
  MesoDb *db = meso_context_get_db (f->context);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  MesoStmt *stmt;
  guint n_tables = 0;
  int rc;

  stmt = meso_db_prepare (db,
                          meso_db_is_server (db)
                          ? "SELECT table_name::text FROM information_schema.columns"
                            " WHERE column_name = 'patient_id' AND table_schema = current_schema ()"
                            " AND table_name NOT IN (" DERIVED_TABLES ") ORDER BY 1"
                          : "SELECT m.name FROM sqlite_master m, pragma_table_info (m.name) c"
                            " WHERE m.type = 'table' AND c.name = 'patient_id' ORDER BY 1",
                          &error);
  g_assert_no_error (error);
  g_string_append_printf (json, "{\"patient_id\": %" G_GINT64_FORMAT ", \"counts\": {",
                          lucia (f));
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      g_autofree char *table = g_strdup (meso_stmt_column_text (stmt, 0));
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE patient_id = %"
                                              G_GINT64_FORMAT, table, lucia (f));

      g_string_append_printf (json, "%s\"%s\": %" G_GINT64_FORMAT, n_tables++ ? ", " : "", table,
                              meso_test_query_int (db, sql));
    }
  g_assert_cmpint (rc, ==, MESO_STEP_DONE);
  meso_stmt_reset (stmt);
  /* The tables checked include those that name patients: a new one will be. */
  g_assert_cmpuint (n_tables, >=, 13);
  g_string_append (json, "}}");
  return g_strdup (json->str);
}

static void
check_record (Fixture    *f,
              const char *record)
{
  g_autofree char *record_path = g_build_filename (f->dir, "record.json", NULL);
  g_autofree char *expected_path = g_build_filename (f->dir, "expected.json", NULL);
  g_autofree char *expected = expected_counts (f);
  const char *checker = g_getenv ("MESO_TEST_RECORD_CHECK");
  const char *schema = g_getenv ("MESO_TEST_RECORD_SCHEMA");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_file_set_contents (record_path, record, -1, &error));
  g_assert_true (g_file_set_contents (expected_path, expected, -1, &error));
  g_assert_nonnull (checker);
  g_assert_nonnull (schema);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "/usr/bin/python3", (char *) checker,
                                                  (char *) schema,
                                                  record_path, expected_path, NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the record does not hold what the database has about the patient:\n%s%s", out,
             err);
}

static void
test_json_complete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;

  add_someone_else (f);
  record = meso_record_export_dup_json (f->context, lucia (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (record, "\"family_name\": \"García\""));
  g_assert_null (strstr (record, "Zeynep"));
  check_record (f, record);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* The folder and files are the owner's alone; the export is audited; a
 * second export the same day gets a folder of its own, and lists the first. */
static void
test_write_folder (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = meso_record_export_write (f->context, lucia (f), f->dir, &error);
  g_autofree char *json_path = NULL;
  g_autofree char *ics_path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *second_json = NULL;
  g_autofree char *audited = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  name = g_path_get_basename (folder);
  g_assert_true (g_str_has_prefix (name, "García Lucía "));
  g_assert_cmpuint (mode_of (folder), ==, 0700);
  json_path = g_build_filename (folder, "record.json", NULL);
  ics_path = g_build_filename (folder, "appointments.ics", NULL);
  g_assert_cmpuint (mode_of (json_path), ==, 0600);
  g_assert_cmpuint (mode_of (ics_path), ==, 0600);
  g_assert_true (g_file_get_contents (ics_path, &ics, NULL, &error));
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (ics, "BEGIN:VEVENT"));

  audited = g_strdup_printf ("SELECT count(*) FROM audit WHERE table_name = 'record_export'"
                             " AND patient_id = %" G_GINT64_FORMAT " AND staff_id = %"
                             G_GINT64_FORMAT, lucia (f), meso_staff_get_id (f->physician));
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context), audited), ==, 1);

  again = meso_record_export_write (f->context, lucia (f), f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (again, " (2)"));
  g_free (json_path);
  json_path = g_build_filename (again, "record.json", NULL);
  g_assert_true (g_file_get_contents (json_path, &second_json, NULL, &error));
  /* The second holds the first export, written before its own was recorded. */
  g_assert_nonnull (strstr (second_json, "\"record_export\": ["));
  g_free (second_json);
  second_json = meso_record_export_dup_json (f->context, lucia (f), &error);
  g_assert_no_error (error);
  check_record (f, second_json);
}

/* The summary a Turkish-speaking patient reads: in Turkish, with her name,
 * her appointment, the lot of what she was given; the audit entry lists it. */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gsize length;

  give_cocktail (f);
  meso_test_set_language (db, "tr");
  folder = meso_record_export_write (f->context, lucia (f), f->dir, &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "summary.pdf", NULL);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_true (g_file_get_contents (path, &pdf, &length, &error));
  g_assert_cmpuint (length, >, 4);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  text = pdf_words (path, 0, 0);
  assert_has (text, "Kaydınızın özeti");
  assert_has (text, "Lucía García");
  assert_has (text, "Soyadı: García");
  assert_has (text, "+34 600 123 456");
  assert_has (text, "Randevular");
  /* The session on Monday 23 November 2026, done, and what it gave. */
  assert_has (text, "23.11.2026 10:00");
  assert_has (text, "Yapıldı");
  assert_has (text, "Seanslarda uygulananlar");
  assert_has (text, "23.11.2026 Biotin (B7) Mesolab B-2027 1,50 ml (5 mg/ml)");
  assert_has (text, "Diyabet Hayır");
  assert_has (text, "Denetim kaydı");
  assert_has (text, "record.json");
  g_assert_null (strstr (text, "Appointments"));

  g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM audit"
                                            " WHERE table_name = 'record_export'"
                                            " AND new_values LIKE '%\"summary.pdf\"%'"), ==, 1);
}

/* 300 appointments, Mondays at 10:00: their table goes on over pages,
 * its column titles repeated at the top of each, and ends with the last. */
static void
test_summary_pages (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *third = NULL;
  guint pages;

  for (guint i = 1; i < 300; i++)
    {
      g_autoptr(MesoAppointment) weekly = meso_appointment_copy (f->session);

      weekly->id = 0;
      weekly->starts_at = f->session->starts_at + i * 7 * 24 * 3600;
      g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), weekly, &error));
      g_assert_no_error (error);
    }
  folder = meso_record_export_write (f->context, lucia (f), f->dir, &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "summary.pdf", NULL);
  pages = pdf_pages (path);
  g_assert_cmpuint (pages, >=, 6);

  third = pdf_words (path, 3, 3);
  assert_has (third, "Date Time Kind Status Practitioner");
  assert_has (third, "Page 3 of");
  text = pdf_words (path, 0, 0);
  /* The first and the 300th of her weekly sessions. */
  assert_has (text, "23/11/2026 10:00 Session Booked Dr. Elif Aydın");
  assert_has (text, "16/08/2032 10:00 Session Booked Dr. Elif Aydın");
  assert_has (text, "Messages sent to you Nothing is stored.");
}

/* Reception sees no clinical record: nothing is written, nothing recorded. */
static void
test_reception_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (meso_context_get_db (f->context),
                                                         MESO_ROLE_RECEPTIONIST, "Reception");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_entries = 0;

  g_assert_null (meso_record_export_write (f->context, lucia (f), f->dir, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  dir = g_dir_open (f->dir, 0, &error);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_entries += g_str_has_prefix (name, "García") || g_str_has_prefix (name, ".mesodesk");
  g_assert_cmpuint (n_entries, ==, 0);
  meso_db_set_actor (meso_context_get_db (f->context), f->physician);
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context),
                                        "SELECT count(*) FROM record_export"), ==, 0);

  g_assert_null (meso_record_export_dup_json (f->context, 999999, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* mesodesk --export-patient, signed in with a PIN; reception is refused. */
static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, lucia (f));
  g_autofree char *pin_file = g_build_filename (f->dir, "pin", NULL);
  g_autofree char *out_dir = g_build_filename (f->dir, "exports", NULL);
  g_autofree char *database = g_strdup (meso_context_get_path (f->context));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (pin_file, MESO_TEST_PIN "\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_clear_object (&f->context);

  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", database,
                                                               "--export-patient", id,
                                                               "--staff", "Dr. Elif Aydın",
                                                               "--pin-file", pin_file, NULL },
                                           &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (meso_test_run_mesodesk ((const char *[]) { "--database", database,
                                                               "--export-patient", id,
                                                               "--output", out_dir,
                                                               "--staff", "Dr. Elif Aydın",
                                                               "--pin-file", pin_file, NULL },
                                           &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "record.json"));
  {
    g_autoptr(MesoDb) db = meso_db_open (database, &error);

    g_assert_no_error (error);
    g_assert_cmpint (meso_test_query_int (db, "SELECT count(*) FROM record_export"), ==, 1);
  }
}

/* Her photos are handed over as files beside the record, which lists
 * them; each export is audited with its photo. */
static void
test_photos (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoPhotoStore *store = meso_context_get_photo_store (f->context);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 150);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(MesoPhotoImage) image = NULL;
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (store, FALSE, &error);
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  char *buffer = NULL;
  gsize size = 0;
  gint64 id;

  gdk_pixbuf_fill (pixbuf, 0x806040ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  png = g_bytes_new_take (buffer, size);
  image = meso_photo_image_prepare (png, "top.png", &error);
  id = meso_photo_store_add (store, f->session->id, MESO_PHOTO_VIEW (views->pdata[0])->id, NULL,
                             MESO_PHOTO_CONSENT_CLINICAL, image, &error);
  g_assert_no_error (error);

  folder = meso_record_export_write (f->context, lucia (f), f->dir, &error);
  g_assert_no_error (error);
  name = g_strdup_printf ("photo-%" G_GINT64_FORMAT ".jpg", id);
  path = g_build_filename (folder, name, NULL);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  stored = meso_photo_store_load_image (store, id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_cmpmem (contents, size, g_bytes_get_data (stored, NULL), g_bytes_get_size (stored));
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context),
                                        "SELECT count(*) FROM photo_access WHERE purpose = 'export'"),
                   ==, 1);
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (f->context),
                                        "SELECT count(*) FROM record_export"
                                        " WHERE files LIKE '%photo-%.jpg%'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, meso_session_fixture_set_up, func, \
              meso_session_fixture_tear_down)
  ADD ("/meso/record-export/json-complete", test_json_complete);
  ADD ("/meso/record-export/write-folder", test_write_folder);
  ADD ("/meso/record-export/summary", test_summary);
  ADD ("/meso/record-export/summary-pages", test_summary_pages);
  ADD ("/meso/record-export/reception-refused", test_reception_refused);
  ADD ("/meso/record-export/photos", test_photos);
  if (!meso_test_engine_is_server ())
    ADD ("/meso/record-export/command-line", test_command_line);
#undef ADD
  return g_test_run ();
}
