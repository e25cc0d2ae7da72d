/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-patient.c: patient validation, saving, archiving, screening and search. */
#include "meso-demo.h"
#include "meso-patient-list.h"
#include "meso-patient-store.h"
#include "meso-schedule-generate.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

typedef struct
{
  char             *dir;
  MesoDb           *db;
  MesoPatientStore *store;
  MesoStaff        *physician;
  GDate             today;
} Fixture;

static void
open_database (Fixture *f)
{
  f->db = meso_test_open_db (&f->dir);
  f->store = meso_patient_store_new (f->db);
  meso_test_date (&f->today, 2026, 11, 20);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  open_database (f);
  f->physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Test");
}

/* The demo clinic of @data patients is generated into an empty database,
 * then one of its own physicians signs in. */
static void
fixture_set_up_demo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoStaffStore) staff = NULL;
  g_autoptr(GError) error = NULL;

  open_database (f);
  g_assert_true (meso_demo_populate (f->store, GPOINTER_TO_UINT (data), 7, &f->today, &error));
  g_assert_no_error (error);
  g_assert_null (meso_db_get_actor (f->db));

  staff = meso_staff_store_new (f->db);
  f->physician = meso_staff_store_sign_in (staff, 2, MESO_DEMO_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_staff_get_role (f->physician), ==, MESO_ROLE_PHYSICIAN);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->physician);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static MesoPatient *
make_patient (const char *family,
              const char *given)
{
  MesoPatient *patient = meso_patient_new ();

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given);
  return patient;
}

static gint64
add_patient (Fixture    *f,
             const char *family,
             const char *given,
             const char *phone,
             const char *email)
{
  g_autoptr(MesoPatient) patient = make_patient (family, given);
  g_autoptr(GError) error = NULL;

  meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
  meso_patient_set_field (patient, MESO_PATIENT_EMAIL, email);
  g_assert_true (meso_patient_store_save (f->store, patient, NULL, &f->today, &error));
  g_assert_no_error (error);
  return meso_patient_get_id (patient);
}

/* Validation: each case sets one field and expects it accepted or refused. */
typedef struct
{
  MesoPatientField field;
  const char      *value;
  gboolean         valid;
} FieldCase;

static const FieldCase field_cases[] = {
  { MESO_PATIENT_FAMILY_NAME, "", FALSE },
  { MESO_PATIENT_FAMILY_NAME, "   ", FALSE },
  { MESO_PATIENT_FAMILY_NAME, "Şahin", TRUE },
  { MESO_PATIENT_FAMILY_NAME, "Kaya\u202Eayak", FALSE },  /* right-to-left override */
  { MESO_PATIENT_FAMILY_NAME, "\u200B\u200B", FALSE },    /* zero-width spaces only */
  { MESO_PATIENT_FAMILY_NAME, "Ka\tya", FALSE },
  { MESO_PATIENT_FAMILY_NAME, "O’Brien-Smith", TRUE },
  { MESO_PATIENT_GIVEN_NAME, "", TRUE },
  { MESO_PATIENT_GIVEN_NAME, "Ay\nşe", FALSE },
  { MESO_PATIENT_GIVEN_NAME, "\u2066Zeynep\u2069", FALSE },
  { MESO_PATIENT_GIVEN_NAME, "\u200B", FALSE },
  { MESO_PATIENT_GIVEN_NAME, "Ayşe Nur", TRUE },
  { MESO_PATIENT_BIRTH_DATE, "", TRUE },
  { MESO_PATIENT_BIRTH_DATE, "1985-04-23", TRUE },
  { MESO_PATIENT_BIRTH_DATE, "23.04.1985", TRUE },
  { MESO_PATIENT_BIRTH_DATE, "2026-11-20", TRUE },   /* born today */
  { MESO_PATIENT_BIRTH_DATE, "2026-11-21", FALSE },  /* tomorrow */
  { MESO_PATIENT_BIRTH_DATE, "1896-11-20", TRUE },   /* exactly 130 years */
  { MESO_PATIENT_BIRTH_DATE, "1896-11-19", FALSE },
  { MESO_PATIENT_BIRTH_DATE, "1985-02-30", FALSE },
  { MESO_PATIENT_SEX, "female", TRUE },
  { MESO_PATIENT_SEX, "f", FALSE },
  { MESO_PATIENT_PHONE, "+90 532 123 45 67", TRUE },
  { MESO_PATIENT_PHONE, "call me", FALSE },
  { MESO_PATIENT_PHONE, "123", FALSE },
  { MESO_PATIENT_EMAIL, "elif.sahin@gmail.com", TRUE },
  { MESO_PATIENT_EMAIL, "elif.sahin@gmail", FALSE },
  { MESO_PATIENT_EMAIL, "elif sahin@gmail.com", FALSE },
  { MESO_PATIENT_EMAIL, "@gmail.com", FALSE },
  { MESO_PATIENT_EMAIL, "a@b@c.com", FALSE },
  { MESO_PATIENT_LANGUAGE, "tr", TRUE },
  { MESO_PATIENT_LANGUAGE, "", TRUE },
  { MESO_PATIENT_LANGUAGE, "xx", FALSE },
};

static void
test_validate_fields (void)
{
  GDate today;

  meso_test_date (&today, 2026, 11, 20);
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      const FieldCase *c = &field_cases[i];
      g_autoptr(MesoPatient) patient = make_patient ("Kaya", "Zeynep");
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      meso_patient_set_field (patient, c->field, c->value);
      message = meso_patient_check_field (patient, c->field, &today);
      if (c->valid != (message == NULL))
        g_error ("field %d value “%s”: expected %s, got “%s”", c->field, c->value,
                 c->valid ? "valid" : "invalid", message);
      g_assert_cmpint (meso_patient_validate (patient, &today, &error), ==, c->valid);
      if (!c->valid)
        g_assert_error (error, MESO_PATIENT_ERROR, (int) c->field);
    }
}

static void
test_validate_lengths (void)
{
  g_autoptr(MesoPatient) patient = make_patient ("Kaya", "Zeynep");
  g_autofree char *long_name = g_strnfill (101, 'a');
  g_autofree char *max_name = g_strnfill (50, 'a');
  g_autoptr(GString) max_turkish = g_string_new (NULL);
  g_autofree char *message = NULL;
  GDate today;

  meso_test_date (&today, 2026, 11, 20);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, long_name);
  message = meso_patient_check_field (patient, MESO_PATIENT_FAMILY_NAME, &today);
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);

  /* Limits count characters, not bytes: 100 "ş" are 200 bytes. */
  for (guint i = 0; i < 100; i++)
    g_string_append (max_turkish, "ş");
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, max_turkish->str);
  message = meso_patient_check_field (patient, MESO_PATIENT_FAMILY_NAME, &today);
  g_assert_null (message);
}

static void
test_normalize (void)
{
  g_autoptr(MesoPatient) patient = make_patient ("  Kaya ", "\tZeynep");

  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, " 03.07.1990");
  meso_patient_normalize (patient);
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME), ==, "Kaya");
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_GIVEN_NAME), ==, "Zeynep");
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_BIRTH_DATE), ==, "1990-07-03");
}

static void
test_display (void)
{
  g_autoptr(MesoPatient) patient = make_patient ("Kaya", "Zeynep");
  g_autofree char *name = meso_patient_dup_display_name (patient);
  g_autofree char *summary = NULL;
  GDate today;

  meso_test_date (&today, 2026, 11, 20);
  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "1990-11-21");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 000 00 00");
  summary = meso_patient_dup_summary (patient, &today);
  g_assert_cmpstr (name, ==, "Kaya, Zeynep");
  g_assert_cmpstr (summary, ==, "1990-11-21 (35) · +90 532 000 00 00");
}

static void
test_save_and_load (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MesoPatient) patient = make_patient ("Şahin", "Elif");
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  g_autoptr(MesoPatient) loaded = NULL;
  g_autoptr(MesoScreening) loaded_screening = NULL;
  g_autoptr(GError) error = NULL;
  GArray *meds;

  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "12.03.1988");
  meso_patient_set_field (patient, MESO_PATIENT_SEX, "female");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 123 45 67");
  meso_patient_set_field (patient, MESO_PATIENT_EMAIL, "elif.sahin@gmail.com");
  meso_patient_set_field (patient, MESO_PATIENT_ADDRESS, "Bağdat Cd. 5, İstanbul");
  meso_patient_set_field (patient, MESO_PATIENT_LANGUAGE, "tr");
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, "Prefers mornings.");
  meso_screening_set_answer (screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-11-20");
  meso_screening_set_answer (screening, MESO_CONDITION_DIABETES, MESO_ANSWER_YES, "2026-11-01");
  meso_screening_add_allergy (screening, "Lidocaine");
  meso_screening_add_medication (screening, "Warfarin 5 mg", TRUE);
  meso_screening_add_medication (screening, "Levothyroxine", FALSE);

  g_assert_true (meso_patient_store_save (f->store, patient, screening, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_get_id (patient), >, 0);

  loaded = meso_patient_store_load (f->store, meso_patient_get_id (patient), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    g_assert_cmpstr (meso_patient_get_field (loaded, i), ==, meso_patient_get_field (patient, i));
  g_assert_cmpstr (meso_patient_get_field (loaded, MESO_PATIENT_BIRTH_DATE), ==, "1988-03-12");

  loaded_screening = meso_patient_store_load_screening (f->store, meso_patient_get_id (patient),
                                                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_screening_get_answer (loaded_screening, MESO_CONDITION_PREGNANCY), ==,
                   MESO_ANSWER_NO);
  g_assert_cmpstr (meso_screening_get_asked_on (loaded_screening, MESO_CONDITION_PREGNANCY), ==,
                   "2026-11-20");
  g_assert_cmpint (meso_screening_get_answer (loaded_screening, MESO_CONDITION_DIABETES), ==,
                   MESO_ANSWER_YES);
  g_assert_cmpint (meso_screening_get_answer (loaded_screening, MESO_CONDITION_CANCER), ==,
                   MESO_ANSWER_UNKNOWN);
  g_assert_null (meso_screening_get_asked_on (loaded_screening, MESO_CONDITION_CANCER));
  g_assert_cmpuint (meso_screening_get_allergies (loaded_screening)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (meso_screening_get_allergies (loaded_screening), 0), ==,
                   "Lidocaine");
  meds = meso_screening_get_medications (loaded_screening);
  g_assert_cmpuint (meds->len, ==, 2);
  g_assert_true (meso_screening_takes_blood_thinners (loaded_screening));

  /* Editing replaces the lists rather than adding to them. */
  meso_screening_remove_medication (loaded_screening, 0);
  meso_patient_set_field (loaded, MESO_PATIENT_PHONE, "+90 533 000 11 22");
  g_assert_true (meso_patient_store_save (f->store, loaded, loaded_screening, &f->today, &error));
  g_clear_object (&loaded_screening);
  loaded_screening = meso_patient_store_load_screening (f->store, meso_patient_get_id (patient),
                                                        &error);
  g_assert_cmpuint (meso_screening_get_medications (loaded_screening)->len, ==, 1);
  g_assert_false (meso_screening_takes_blood_thinners (loaded_screening));

  /* A medication listed again as a blood thinner is saved with the new flag. */
  meso_screening_remove_medication (loaded_screening, 0);
  meso_screening_add_medication (loaded_screening, "Levothyroxine", TRUE);
  g_assert_true (meso_patient_store_save (f->store, loaded, loaded_screening, &f->today, &error));
  g_clear_object (&loaded_screening);
  loaded_screening = meso_patient_store_load_screening (f->store, meso_patient_get_id (patient),
                                                        &error);
  g_assert_cmpuint (meso_screening_get_medications (loaded_screening)->len, ==, 1);
  g_assert_true (meso_screening_takes_blood_thinners (loaded_screening));
}

/* What the calendar, the waitlist and the reminders show of a patient:
 * the name and phone as they are now, and when the screening a session
 * needs was last given in full (pregnancy and breastfeeding are asked at
 * every session, so they do not count). Nobody signed in is asked: the
 * reminders read them in the background. */
static void
test_contact_and_screened_on (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(MesoPatient) patient = make_patient ("Şahin", "Elif");
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *screened = NULL;
  g_autofree char *nobody = NULL;
  g_autofree char *never = NULL;
  gint64 unscreened = add_patient (f, "Kaya", "Can", "", "");

  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+90 532 123 45 67");
  meso_screening_set_answer (screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-10-01");
  meso_screening_set_answer (screening, MESO_CONDITION_DIABETES, MESO_ANSWER_NO, "2026-11-02");
  meso_screening_set_answer (screening, MESO_CONDITION_CANCER, MESO_ANSWER_YES, "2026-11-05");
  g_assert_true (meso_patient_store_save (f->store, patient, screening, &f->today, &error));
  g_assert_no_error (error);
  meso_db_set_actor (f->db, NULL);

  g_assert_true (meso_patient_store_get_contact (f->store, meso_patient_get_id (patient), &name,
                                                 &phone, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Elif Şahin");
  g_assert_cmpstr (phone, ==, "+90 532 123 45 67");
  g_assert_true (meso_patient_store_get_contact (f->store, 0, &nobody, NULL, &error));
  g_assert_cmpstr (nobody, ==, "");

  g_assert_true (meso_patient_store_get_screened_on (f->store, meso_patient_get_id (patient),
                                                     &screened, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (screened, ==, "2026-11-02");
  g_assert_true (meso_patient_store_get_screened_on (f->store, unscreened, &never, &error));
  g_assert_no_error (error);
  g_assert_null (never);
  meso_db_set_actor (f->db, f->physician);
}

static void
test_invalid_not_saved (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MesoPatient) patient = make_patient ("Kaya", "Zeynep");
  g_autoptr(GError) error = NULL;

  meso_patient_set_field (patient, MESO_PATIENT_EMAIL, "zeynep@");
  g_assert_false (meso_patient_store_save (f->store, patient, NULL, &f->today, &error));
  g_assert_error (error, MESO_PATIENT_ERROR, MESO_PATIENT_EMAIL);
  g_assert_cmpint (meso_patient_get_id (patient), ==, 0);
  g_assert_cmpint (meso_patient_store_count (f->store, NULL), ==, 0);
  /* What was typed is still there to be corrected. */
  g_assert_cmpstr (meso_patient_get_field (patient, MESO_PATIENT_EMAIL), ==, "zeynep@");
}

static void
test_nothing_half_saved (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MesoPatient) patient = make_patient ("Kaya", "Zeynep");
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = g_strnfill (300, 'x');

  /* The patient row is fine; the allergy breaks a constraint. */
  meso_screening_add_allergy (screening, too_long);
  g_assert_false (meso_patient_store_save (f->store, patient, screening, &f->today, &error));
  g_assert_error (error, MESO_DB_ERROR, SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint (meso_patient_get_id (patient), ==, 0);
  g_assert_cmpint (meso_patient_store_count (f->store, NULL), ==, 0);
}

/* A file whose patient ids another program changed out of range: the
 * searches leave that patient out, and list the others. */
static void
test_search_id_out_of_range (Fixture       *f,
                             gconstpointer  data)
{
  gint64 kept = add_patient (f, "Kaya", "Zeynep", "", "");
  gint64 moved = add_patient (f, "Kaya", "Ayşe", "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE patient SET id = %s WHERE id = %" G_GINT64_FORMAT,
                                          (const char *) data, moved);

  meso_test_forge (meso_db_get_path (f->db), sql, FALSE);

  ids = meso_patient_store_search (f->store, "kaya", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, kept);
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  gint64 id = add_patient (f, "Kaya", "Zeynep", "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) archived = NULL;
  g_autoptr(MesoPatient) loaded = NULL;

  g_assert_true (meso_patient_store_set_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  current = meso_patient_store_search (f->store, "kaya", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  archived = meso_patient_store_search (f->store, "kaya", MESO_PATIENTS_ARCHIVED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->len, ==, 0);
  g_assert_cmpuint (archived->len, ==, 1);
  loaded = meso_patient_store_load (f->store, id, &error);
  g_assert_true (meso_patient_get_archived (loaded));

  g_assert_true (meso_patient_store_set_archived (f->store, id, FALSE, &error));
  g_clear_pointer (&current, g_array_unref);
  current = meso_patient_store_search (f->store, "kaya", MESO_PATIENTS_CURRENT, &error);
  g_assert_cmpuint (current->len, ==, 1);

  g_assert_false (meso_patient_store_set_archived (f->store, id + 100, TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_no_hard_delete (Fixture       *f,
                     gconstpointer  data)
{
  gint64 id = add_patient (f, "Kaya", "Zeynep", "", "");
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM patient WHERE id = %" G_GINT64_FORMAT, id);

  g_assert_false (meso_db_exec (f->db, sql, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (meso_patient_store_count (f->store, NULL), ==, 1);
}

static char **
search_names (Fixture    *f,
              const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = meso_patient_store_search (f->store, query, MESO_PATIENTS_CURRENT, &error);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MesoPatient) p = meso_patient_store_load (f->store,
                                                          g_array_index (ids, gint64, i), NULL);
      g_autofree char *name = meso_patient_dup_display_name (p);
      g_strv_builder_add (builder, name);
    }
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  static const struct { const char *query; const char *expected[5]; } cases[] = {
    { "sahin", { "Şahin, Elif", NULL } },
    { "ŞAH", { "Şahin, Elif", NULL } },
    { "muller", { "Müller, Anna", "Müllerová, Jana", NULL } },
    { "müller anna", { "Müller, Anna", NULL } },
    { "isik", { "Işık, Oğuz", NULL } },
    { "ogu", { "Işık, Oğuz", NULL } },
    { "gonzalez", { "González Núñez, Íñigo", NULL } },
    { "nunez in", { "González Núñez, Íñigo", NULL } },
    { "федор", { "Фёдоров, Иван", NULL } },
    { "5321", { "Şahin, Elif", NULL } },
    { "532 123", { "Şahin, Elif", NULL } },
    { "905321234567", { "Şahin, Elif", NULL } },
    { "gmail", { "Işık, Oğuz", "Şahin, Elif", NULL } },
    { "elif.sahin@", { "Şahin, Elif", NULL } },
    { "xyz", { NULL } },
    { "ş", { "Şahin, Elif", NULL } },
    { "o i", { "Işık, Oğuz", NULL } },
    { "m jana", { "Müllerová, Jana", NULL } },
    /* Typed in Cyrillic, a letter is also its Latin form: "и" is "i". */
    { "и", { "Фёдоров, Иван", "González Núñez, Íñigo", "Işık, Oğuz", NULL } },
    { "6", { "Şahin, Elif", NULL } },   /* the group "67" */
    /* Фёдоров among the F, as "Fedorov" (the clinic's script order). */
    { "", { "Фёдоров, Иван", "González Núñez, Íñigo", "Işık, Oğuz", "Müller, Anna",
            "Müllerová, Jana" } },
  };

  add_patient (f, "Şahin", "Elif", "+90 532 123 45 67", "elif.sahin@gmail.com");
  add_patient (f, "Müller", "Anna", "+49 151 5550123", "");
  add_patient (f, "Müllerová", "Jana", "", "");
  add_patient (f, "Işık", "Oğuz", "", "oguz.isik@gmail.com");
  add_patient (f, "González Núñez", "Íñigo", "", "");
  add_patient (f, "Фёдоров", "Иван", "", "");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) names = search_names (f, cases[i].query);
      const char * const *expected = cases[i].expected;

      /* The empty query lists everyone; compare its first five. */
      if (*cases[i].query == '\0')
        {
          g_assert_cmpuint (g_strv_length (names), ==, 6);
          names[5] = (g_free (names[5]), NULL);
        }
      if (!g_strv_equal ((const char * const *) names, expected))
        {
          g_autofree char *got = g_strjoinv (" | ", names);
          g_error ("search “%s” gave “%s”", cases[i].query, got);
        }
    }
}

static void
test_search_sees_other_connection (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) other_db = meso_db_open (meso_db_get_path (f->db), &error);
  g_autoptr(MesoPatientStore) other = meso_patient_store_new (other_db);
  g_autoptr(MesoPatient) patient = make_patient ("Kaya", "Zeynep");
  g_auto(GStrv) before = search_names (f, "kaya");
  g_auto(GStrv) after = NULL;

  meso_db_set_actor (other_db, f->physician);
  g_assert_cmpuint (g_strv_length (before), ==, 0);
  /* Another workstation adds a patient; this one's search finds it. */
  g_assert_true (meso_patient_store_save (other, patient, NULL, &f->today, &error));
  after = search_names (f, "kaya");
  g_assert_cmpuint (g_strv_length (after), ==, 1);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientList) list = meso_patient_list_new (f->store);
  g_autoptr(MesoPatient) first = NULL;
  g_autoptr(MesoPatient) last = NULL;
  g_autoptr(MesoPatient) again = NULL;
  guint n_signals = 0;
  guint n;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &n_signals);

  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (n_signals, ==, 1);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 500);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == MESO_TYPE_PATIENT);

  /* Items come in name order, the same object while cached. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == again);
  g_assert_cmpint (meso_patient_list_find (list, meso_patient_get_id (last)), ==, n - 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));
  for (guint i = 1; i < n; i += 37)
    {
      g_autoptr(MesoPatient) a = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(MesoPatient) b = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *ka = meso_patient_dup_sort_key (a, "en", MESO_SCRIPT_ORDER_INTERLEAVED);
      g_autofree char *kb = meso_patient_dup_sort_key (b, "en", MESO_SCRIPT_ORDER_INTERLEAVED);
      g_assert_cmpstr (ka, <=, kb);
    }

  g_assert_true (meso_patient_list_set_query (list, "zzzz", MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (n_signals, ==, 2);
}

/* Every item of @list is the patient the store finds at that position for
 * @query, as the database has it now. */
static void
assert_list_is_search (Fixture         *f,
                       MesoPatientList *list,
                       const char      *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = meso_patient_store_search (f->store, query, MESO_PATIENTS_CURRENT, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MesoPatient) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(MesoPatient) stored = meso_patient_store_load (f->store, meso_patient_get_id (item),
                                                               &error);

      g_assert_no_error (error);
      g_assert_cmpint (meso_patient_get_id (item), ==, g_array_index (ids, gint64, i));
      for (guint field = 0; field < MESO_PATIENT_N_FIELDS; field++)
        g_assert_cmpstr (meso_patient_get_field (item, field), ==,
                         meso_patient_get_field (stored, field));
    }
}

/* Pages load the right patients in the right order after a search, after
 * the search is cleared, and after another workstation renamed a patient. */
static void
test_list_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientList) list = meso_patient_list_new (f->store);
  g_autoptr(MesoDb) other_db = meso_db_open (meso_db_get_path (f->db), &error);
  g_autoptr(MesoPatientStore) other = meso_patient_store_new (other_db);
  g_autoptr(MesoPatient) renamed = NULL;
  g_autoptr(MesoPatient) shown = NULL;
  gint64 id;

  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  assert_list_is_search (f, list, NULL);
  g_assert_true (meso_patient_list_set_query (list, "e", MESO_PATIENTS_CURRENT, &error));
  assert_list_is_search (f, list, "e");
  g_assert_true (meso_patient_list_set_query (list, "", MESO_PATIENTS_CURRENT, &error));
  assert_list_is_search (f, list, NULL);

  /* The other connection's save moves the patient in name order, too. */
  shown = g_list_model_get_item (G_LIST_MODEL (list), 100);
  id = meso_patient_get_id (shown);
  meso_db_set_actor (other_db, f->physician);
  renamed = meso_patient_store_load (other, id, &error);
  g_assert_no_error (error);
  meso_patient_set_field (renamed, MESO_PATIENT_FAMILY_NAME, "Aaberg");
  g_assert_true (meso_patient_store_save (other, renamed, NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  assert_list_is_search (f, list, NULL);
  g_clear_object (&shown);
  shown = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (meso_patient_get_id (shown), ==, id);
  g_assert_cmpstr (meso_patient_get_field (shown, MESO_PATIENT_FAMILY_NAME), ==, "Aaberg");
}

/* A patient listed again by another search is the same object, so a view
 * keeps its row; this workstation's own save gives fresh ones. */
static void
test_list_same_objects (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientList) list = meso_patient_list_new (f->store);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MesoPatient) again = NULL;
  guint n, n_same = 0;

  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (list), i));

  g_assert_true (meso_patient_list_set_query (list, "e", MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, n);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MesoPatient) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      for (guint j = 0; j < n; j++)
        if (meso_patient_get_id (before->pdata[j]) == meso_patient_get_id (item))
          {
            g_assert_true (before->pdata[j] == item);
            n_same++;
          }
    }
  g_assert_cmpuint (n_same, >, 0);

  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MesoPatient) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_true (item == before->pdata[i]);
    }

  meso_patient_set_field (before->pdata[0], MESO_PATIENT_PHONE, "+90 532 000 00 01");
  g_assert_true (meso_patient_store_save (f->store, before->pdata[0], NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  again = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (again != before->pdata[1]);
}

typedef struct
{
  guint n_signals, position, removed, added;
} Change;

static void
on_items_changed_record (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Change     *change)
{
  *change = (Change) { change->n_signals + 1, position, removed, added };
}

/* A search reports only the positions it changes: nothing when the result
 * is the same, the tail when the matches are the first patients. */
static void
test_list_items_changed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientList) list = NULL;
  const char *names[] = { "Kaya", "Kaya", "Kaya", "Yıldız", "Zorlu" };
  const char *given[] = { "Ali", "Banu", "Cem", "Deniz", "Ece" };
  Change change = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_patient (f, names[i], given[i], "", "");
  list = meso_patient_list_new (f->store);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_record), &change);

  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (change.n_signals, ==, 1);
  g_assert_true (meso_patient_list_set_query (list, "", MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (change.n_signals, ==, 1);

  g_assert_true (meso_patient_list_set_query (list, "kaya", MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (change.n_signals, ==, 2);
  g_assert_cmpuint (change.position, ==, 3);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_true (meso_patient_list_set_query (list, "kaya", MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (change.n_signals, ==, 2);

  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  g_assert_cmpuint (change.n_signals, ==, 3);
  g_assert_cmpuint (change.position, ==, 3);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
}

static void
on_summary_notify (MesoPatient *patient,
                   GParamSpec  *pspec,
                   guint       *n_notified)
{
  (*n_notified)++;
}

static char *
dup_summary (MesoPatient *patient)
{
  char *summary = NULL;

  g_object_get (patient, "summary", &summary, NULL);
  return summary;
}

/* The age in the list is counted on the clinic's today, which the list is
 * given (the workstation's date may already be another), and moves on the
 * patient's birthday while the list is shown. */
static void
test_list_age_on_clinic_day (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(MesoPatientList) list = meso_patient_list_new (f->store);
  g_autoptr(MesoPatient) shown = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_notified = 0;
  GDate today;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ayşe");
  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "2000-11-21");
  meso_test_date (&today, 2026, 11, 20);
  g_assert_true (meso_patient_store_save (f->store, patient, NULL, &today, &error));
  g_assert_no_error (error);

  meso_patient_list_set_today (list, &today);
  g_assert_true (meso_patient_list_set_query (list, NULL, MESO_PATIENTS_CURRENT, &error));
  shown = g_list_model_get_item (G_LIST_MODEL (list), 0);
  before = dup_summary (shown);
  g_assert_cmpstr (before, ==, "2000-11-21 (25)");

  g_signal_connect (shown, "notify::summary", G_CALLBACK (on_summary_notify), &n_notified);
  g_date_add_days (&today, 1);
  meso_patient_list_set_today (list, &today);
  g_assert_cmpuint (n_notified, ==, 1);
  after = dup_summary (shown);
  g_assert_cmpstr (after, ==, "2000-11-21 (26)");
}

static void
test_demo_data_is_valid (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint n_screened = 0;

  ids = meso_patient_store_search (f->store, NULL, MESO_PATIENTS_CURRENT, &error);
  g_assert_cmpuint (ids->len, ==, MESO_DEMO_PATIENTS);

  /* Every generated patient passes the same checks as a typed one. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(MesoPatient) p = meso_patient_store_load (f->store, id, &error);
      g_autoptr(MesoScreening) s = meso_patient_store_load_screening (f->store, id, &error);

      g_assert_no_error (error);
      if (!meso_patient_validate (p, &f->today, &error))
        g_error ("demo patient %s: %s", meso_patient_get_field (p, 0), error->message);
      if (meso_screening_get_asked_on (s, MESO_CONDITION_PREGNANCY) != NULL)
        n_screened++;
    }
  g_assert_cmpuint (n_screened, >, MESO_DEMO_PATIENTS / 2);
}

/* The demo's calendar is written through the schedule in bulk: each
 * appointment shows its patient's name, and a taken slot is skipped. */
static void
test_demo_calendar (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (f->db);
  g_autoptr(GHashTable) names = meso_patient_store_list_names (f->store, &error);
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GArray) ids = meso_patient_store_search (f->store, NULL, MESO_PATIENTS_CURRENT, &error);
  MesoAppointment *first;
  MesoGeneratedAppointment again;
  guint added = 1;

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, MESO_DEMO_PATIENTS);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(MesoPatient) patient = meso_patient_store_load (f->store, id, &error);
      g_autofree char *name = g_strdup_printf ("%s %s",
                                               meso_patient_get_field (patient,
                                                                       MESO_PATIENT_GIVEN_NAME),
                                               meso_patient_get_field (patient,
                                                                       MESO_PATIENT_FAMILY_NAME));

      g_assert_cmpstr (g_hash_table_lookup (names, &id), ==, g_strstrip (name));
    }

  appointments = meso_schedule_list_range (schedule, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (appointments->len, >, 100);
  for (guint i = 0; i < appointments->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (appointments, i);

      g_assert_cmpstr (appointment->patient_name, ==,
                       g_hash_table_lookup (names, &appointment->patient_id));
    }

  /* The first appointment's slot is taken: adding it again adds nothing. */
  first = g_ptr_array_index (appointments, 0);
  again = (MesoGeneratedAppointment) { first->patient_id, first->patient_name,
                                       first->practitioner_id, first->room_id, first->starts_at,
                                       first->starts_at + first->minutes * 60, first->kind,
                                       MESO_STATUS_BOOKED };
  g_assert_true (meso_schedule_add_generated (schedule, &again, 1, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 0);
  /* Nobody signed in books nothing. */
  meso_db_set_actor (f->db, NULL);
  again.starts_at += 365 * 86400;
  again.ends_at += 365 * 86400;
  g_assert_false (meso_schedule_add_generated (schedule, &again, 1, &added, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  meso_db_set_actor (f->db, f->physician);
  g_assert_true (meso_schedule_add_generated (schedule, &again, 1, &added, &error));
  g_assert_cmpuint (added, ==, 1);
}

/* A reload that keeps one's edits: a field the form changed keeps the
 * form's value, one it did not takes the stored one (the other
 * workstation's), and the stored revision is the one saved against; the
 * screening's answers and lists likewise. */
static void
test_merge (void)
{
  g_autoptr(MesoPatient) base = meso_patient_new ();
  g_autoptr(MesoPatient) mine = NULL;
  g_autoptr(MesoPatient) stored = NULL;
  g_autoptr(MesoPatient) merged = NULL;
  g_autoptr(MesoScreening) base_screening = meso_screening_new ();
  g_autoptr(MesoScreening) my_screening = NULL;
  g_autoptr(MesoScreening) stored_screening = NULL;
  g_autoptr(MesoScreening) merged_screening = NULL;

  meso_patient_set_field (base, MESO_PATIENT_FAMILY_NAME, "Şahin");
  meso_patient_set_field (base, MESO_PATIENT_PHONE, "+90 532 000 00 00");
  meso_patient_set_revision (base, 3);
  mine = meso_patient_copy (base);
  stored = meso_patient_copy (base);
  meso_patient_set_field (mine, MESO_PATIENT_PHONE, "+90 532 123 45 67");
  meso_patient_set_field (stored, MESO_PATIENT_EMAIL, "elif.sahin@example.org");
  meso_patient_set_field (stored, MESO_PATIENT_PHONE, "+90 532 999 99 99");
  meso_patient_set_revision (stored, 4);

  merged = meso_patient_merge (base, mine, stored);
  g_assert_cmpstr (meso_patient_get_field (merged, MESO_PATIENT_PHONE), ==, "+90 532 123 45 67");
  g_assert_cmpstr (meso_patient_get_field (merged, MESO_PATIENT_EMAIL), ==,
                   "elif.sahin@example.org");
  g_assert_cmpstr (meso_patient_get_field (merged, MESO_PATIENT_FAMILY_NAME), ==, "Şahin");
  g_assert_cmpint (meso_patient_get_revision (merged), ==, 4);

  meso_screening_set_answer (base_screening, MESO_CONDITION_DIABETES, MESO_ANSWER_NO, "2026-11-01");
  meso_screening_add_allergy (base_screening, "Lidocaine");
  my_screening = meso_screening_copy (base_screening);
  stored_screening = meso_screening_copy (base_screening);
  meso_screening_set_answer (my_screening, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-12-04");
  meso_screening_set_answer (stored_screening, MESO_CONDITION_DIABETES, MESO_ANSWER_YES,
                             "2026-12-03");
  meso_screening_add_allergy (stored_screening, "Biotin");

  merged_screening = meso_screening_merge (base_screening, my_screening, stored_screening);
  g_assert_cmpint (meso_screening_get_answer (merged_screening, MESO_CONDITION_PREGNANCY), ==,
                   MESO_ANSWER_NO);
  g_assert_cmpstr (meso_screening_get_asked_on (merged_screening, MESO_CONDITION_PREGNANCY), ==,
                   "2026-12-04");
  g_assert_cmpint (meso_screening_get_answer (merged_screening, MESO_CONDITION_DIABETES), ==,
                   MESO_ANSWER_YES);
  g_assert_cmpuint (meso_screening_get_allergies (merged_screening)->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/patient/validate/fields", test_validate_fields);
  g_test_add_func ("/meso/patient/validate/lengths", test_validate_lengths);
  g_test_add_func ("/meso/patient/normalize", test_normalize);
  g_test_add_func ("/meso/patient/display", test_display);
  g_test_add_func ("/meso/patient/merge", test_merge);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/patient/store/save-and-load", test_save_and_load);
  ADD ("/meso/patient/store/contact-and-screened-on", test_contact_and_screened_on);
  ADD ("/meso/patient/store/invalid-not-saved", test_invalid_not_saved);
  ADD ("/meso/patient/store/nothing-half-saved", test_nothing_half_saved);
  ADD ("/meso/patient/store/archive", test_archive);
  ADD ("/meso/patient/store/no-hard-delete", test_no_hard_delete);
  ADD ("/meso/patient/search/accents-phone-email", test_search);
  ADD ("/meso/patient/search/other-connection", test_search_sees_other_connection);
  g_test_add ("/meso/patient/search/negative-id", Fixture, "-5", fixture_set_up,
              test_search_id_out_of_range, fixture_tear_down);
  g_test_add ("/meso/patient/search/huge-id", Fixture, "4611686018427387904", fixture_set_up,
              test_search_id_out_of_range, fixture_tear_down);
  ADD ("/meso/patient/list/age-on-clinic-day", test_list_age_on_clinic_day);
  ADD ("/meso/patient/list/items-changed", test_list_items_changed);
#undef ADD
  g_test_add ("/meso/patient/list/model", Fixture, GUINT_TO_POINTER (500), fixture_set_up_demo,
              test_list_model, fixture_tear_down);
  g_test_add ("/meso/patient/list/pages", Fixture, GUINT_TO_POINTER (500), fixture_set_up_demo,
              test_list_pages, fixture_tear_down);
  g_test_add ("/meso/patient/list/same-objects", Fixture, GUINT_TO_POINTER (500),
              fixture_set_up_demo, test_list_same_objects, fixture_tear_down);
  g_test_add ("/meso/patient/demo/valid", Fixture, GUINT_TO_POINTER (MESO_DEMO_PATIENTS),
              fixture_set_up_demo, test_demo_data_is_valid, fixture_tear_down);
  g_test_add ("/meso/patient/demo/calendar", Fixture, GUINT_TO_POINTER (MESO_DEMO_PATIENTS),
              fixture_set_up_demo, test_demo_calendar, fixture_tear_down);

  return g_test_run ();
}
