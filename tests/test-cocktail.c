/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cocktail.c: the ingredient catalogue and its seed, cocktail
 * arithmetic, contraindication screening, stock, administering, closed
 * records, corrections and recalls. */
#include <glib/gstdio.h>
#include <math.h>

#include "meso-catalogue.h"
#include "meso-cocktail.h"
#include "meso-patient-store.h"
#include "meso-schedule.h"
#include "meso-test-db.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-treatment-store.h"

typedef struct
{
  char               *dir;
  MesoDb             *db;
  MesoSchedule       *schedule;
  MesoTreatmentStore *store;
  MesoCatalogue      *catalogue;
  MesoStaff          *physician;
  gint64              patient;
  GDate               today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientStore) patients = NULL;
  g_autoptr(MesoScreening) record = meso_screening_new ();

  f->db = meso_test_open_db (&f->dir);
  f->store = meso_treatment_store_new (f->db);
  if (!meso_treatment_store_seed (f->store, &error))
    g_error ("seed: %s", error->message);
  f->catalogue = meso_treatment_store_load_catalogue (f->store, &error);
  g_assert_no_error (error);
  f->schedule = meso_schedule_new (f->db);
  f->physician = meso_test_sign_in (f->db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
  meso_test_date (&f->today, 2026, 11, 23);
  patients = meso_patient_store_new (f->db);
  /* Asked everything today, and nothing to report: administering reads it. */
  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (record, c, MESO_ANSWER_NO, "2026-11-23");
  f->patient = meso_test_add_patient (patients, "Yılmaz", "Ayşe", record, &f->today);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->catalogue);
  g_assert_finalize_object (f->schedule);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->db);
  g_object_unref (f->physician);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
ingredient (Fixture    *f,
            const char *name)
{
  MesoIngredient *found = meso_catalogue_find_by_name (f->catalogue, name);

  g_assert_nonnull (found);
  return found->id;
}

static void
test_seed (Fixture       *f,
           gconstpointer  data)
{
  MesoIngredient *finasteride = meso_catalogue_find_by_name (f->catalogue, "Finasteride");
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoCatalogue) again = NULL;
  gboolean pregnancy_blocks = FALSE;

  g_assert_cmpuint (meso_catalogue_get_ingredients (f->catalogue)->len, ==, 18);
  g_assert_cmpuint (meso_catalogue_get_recipes (f->catalogue)->len, ==, 3);
  for (guint i = 0; i < finasteride->rules->len; i++)
    {
      MesoRule *rule = g_ptr_array_index (finasteride->rules, i);

      pregnancy_blocks |= g_str_equal (rule->condition, "pregnancy") &&
                          rule->severity == MESO_SEVERITY_ABSOLUTE;
      /* With the reason the physician reads beside the block. */
      if (g_str_equal (rule->condition, "pregnancy"))
        g_assert_cmpstr (rule->note, ==, "Finasteride harms a male foetus: never in pregnancy.");
    }
  g_assert_true (pregnancy_blocks);
  /* Seeding a database that has a catalogue changes nothing. */
  g_assert_true (meso_treatment_store_seed (f->store, &error));
  again = meso_treatment_store_load_catalogue (f->store, &error);
  g_assert_cmpuint (meso_catalogue_get_ingredients (again)->len, ==, 18);
}

static void
test_arithmetic (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MesoCocktail) cocktail = meso_cocktail_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mismatch = NULL;
  MesoCocktailItem biotin = { ingredient (f, "Biotin (B7)"), 0, 5, 0.5, 0 };
  MesoCocktailItem zinc = { ingredient (f, "Zinc"), 0, 10, 0, 1 };   /* 1 mg/ml in the mix */

  meso_cocktail_add (cocktail, &biotin);
  meso_cocktail_add (cocktail, &zinc);
  /* A concentration needs the volume to prepare. */
  g_assert_false (meso_cocktail_compute (cocktail, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  meso_cocktail_set_total (cocktail, 4);
  g_assert_true (meso_cocktail_compute (cocktail, &error));
  g_assert_no_error (error);
  /* 1 mg/ml × 4 ml / 10 mg/ml = 0.4 ml of zinc; saline makes up 3.1 ml. */
  g_assert_cmpfloat_with_epsilon (g_array_index (meso_cocktail_get_items (cocktail),
                                                 MesoCocktailItem, 1).volume_ml, 0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (meso_cocktail_get_diluent (cocktail), 3.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (meso_cocktail_final_concentration (cocktail, 0), 0.625, 1e-9);
  g_assert_cmpfloat_with_epsilon (meso_cocktail_final_concentration (cocktail, 1), 1.0, 1e-9);

  /* The scalp map: 80 points × 0.05 ml = 4 ml matches; 60 points does not. */
  g_assert_null (meso_cocktail_check_map (cocktail, 80, 0.05));
  mismatch = meso_cocktail_check_map (cocktail, 60, 0.05);
  g_assert_nonnull (strstr (mismatch, "3.00 ml"));

  /* Too much for the total is refused. */
  meso_cocktail_set_total (cocktail, 0.4);
  g_assert_false (meso_cocktail_compute (cocktail, &error));
  g_assert_nonnull (error);
}

static MesoScreening *
screening (Fixture *f,
           gboolean pregnant)
{
  MesoScreening *record = meso_screening_new ();

  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (record, c, MESO_ANSWER_NO, "2026-11-23");
  if (pregnant)
    meso_screening_set_answer (record, MESO_CONDITION_PREGNANCY, MESO_ANSWER_YES, "2026-11-23");
  return record;
}

static GPtrArray *
screen (Fixture       *f,
        MesoScreening *record,
        gboolean       may_be_pregnant,
        const char    *first,
        const char    *second,
        MesoVerdict   *out_verdict)
{
  gint64 ids[2] = { ingredient (f, first), second != NULL ? ingredient (f, second) : 0 };

  return meso_catalogue_screen (f->catalogue, record, may_be_pregnant, ids, second ? 2 : 1,
                                &f->today, 30, out_verdict);
}

static gboolean
has_finding (GPtrArray  *findings,
             const char *key,
             MesoVerdict level)
{
  for (guint i = 0; i < findings->len; i++)
    {
      MesoFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->key, key) && finding->level == level)
        return TRUE;
    }
  return FALSE;
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MesoScreening) clear = screening (f, FALSE);
  g_autoptr(MesoScreening) pregnant = screening (f, TRUE);
  g_autoptr(MesoScreening) thinner = screening (f, FALSE);
  g_autoptr(MesoScreening) allergic = screening (f, FALSE);
  g_autoptr(MesoScreening) stale = screening (f, FALSE);
  g_autoptr(MesoScreening) yesterday = screening (f, FALSE);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  MesoVerdict verdict;

  findings = screen (f, clear, TRUE, "Biotin (B7)", "Zinc", &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_CLEAR);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Finasteride in pregnancy: blocked, by the ingredient's rule and the general one. */
  findings = screen (f, pregnant, TRUE, "Finasteride", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
  g_assert_true (has_finding (findings, "pregnancy/Finasteride", MESO_VERDICT_BLOCKED));
  g_assert_nonnull (strstr (((MesoFinding *) findings->pdata[0])->message, "pregnancy"));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Blood thinners with ginkgo: a warning, which needs a reason. */
  meso_screening_set_answer (thinner, MESO_CONDITION_REGULAR_MEDICATION, MESO_ANSWER_YES,
                             "2026-11-23");
  meso_screening_add_medication (thinner, "Warfarin", TRUE);
  findings = screen (f, thinner, TRUE, "Ginkgo biloba extract", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_WARNINGS);
  g_assert_true (has_finding (findings, "blood-thinner/Ginkgo biloba extract",
                              MESO_VERDICT_WARNINGS));
  g_assert_true (has_finding (findings, "regular-medication/", MESO_VERDICT_WARNINGS));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* An allergy to the ingredient, by name: blocked. */
  meso_screening_add_allergy (allergic, "biotin");
  findings = screen (f, allergic, TRUE, "Biotin (B7)", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
  g_assert_true (has_finding (findings, "allergy/Biotin (B7)", MESO_VERDICT_BLOCKED));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Incompatible ingredients: a warning. */
  findings = screen (f, clear, TRUE, "Vitamin C", "Copper peptide (GHK-Cu)", &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_WARNINGS);
  g_assert_true (has_finding (findings, "incompatible/Vitamin C/Copper peptide (GHK-Cu)",
                              MESO_VERDICT_WARNINGS) ||
                 has_finding (findings, "incompatible/Copper peptide (GHK-Cu)/Vitamin C",
                              MESO_VERDICT_WARNINGS));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* A screening older than 30 days, or pregnancy not asked today: ask again. */
  meso_screening_set_answer (stale, MESO_CONDITION_DIABETES, MESO_ANSWER_NO, "2026-10-01");
  findings = screen (f, stale, TRUE, "Zinc", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
  g_assert_true (has_finding (findings, "ask/stale", MESO_VERDICT_BLOCKED));
  g_assert_nonnull (strstr (((MesoFinding *) findings->pdata[0])->message, "Diabetes"));
  g_clear_pointer (&findings, g_ptr_array_unref);
  meso_screening_set_answer (yesterday, MESO_CONDITION_PREGNANCY, MESO_ANSWER_NO, "2026-11-22");
  findings = screen (f, yesterday, TRUE, "Zinc", NULL, &verdict);
  g_assert_true (has_finding (findings, "ask/pregnancy", MESO_VERDICT_BLOCKED));
  g_clear_pointer (&findings, g_ptr_array_unref);
  /* For a man, pregnancy is not asked. */
  findings = screen (f, yesterday, FALSE, "Zinc", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_CLEAR);

  /* A session starts only on an up-to-date screening, with no block. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_assert_true (meso_catalogue_check_start (f->catalogue, clear, TRUE, &f->today, 30, &error));
  g_assert_no_error (error);
  g_assert_true (meso_catalogue_check_start (f->catalogue, yesterday, FALSE, &f->today, 30,
                                             &error));
  g_assert_false (meso_catalogue_check_start (f->catalogue, yesterday, TRUE, &f->today, 30,
                                              &error));
  g_assert_nonnull (strstr (error->message, "Pregnancy: ask again at this visit."));
  g_clear_error (&error);
  g_assert_false (meso_catalogue_check_start (f->catalogue, stale, TRUE, &f->today, 30, &error));
  g_assert_nonnull (strstr (error->message, "Diabetes"));
  g_clear_error (&error);
}

static void
test_physician_rule (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoScreening) diabetic = screening (f, FALSE);
  g_autoptr(MesoCatalogue) reloaded = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  gint64 zinc = ingredient (f, "Zinc");
  MesoVerdict verdict;

  g_assert_false (meso_treatment_store_set_rule (f->store, zinc, "moonphase",
                                                 MESO_SEVERITY_ABSOLUTE, "", &error));
  g_clear_error (&error);
  g_assert_true (meso_treatment_store_set_rule (f->store, zinc, "diabetes", MESO_SEVERITY_ABSOLUTE,
                                                "Not with uncontrolled diabetes.", &error));
  g_assert_no_error (error);
  reloaded = meso_treatment_store_load_catalogue (f->store, &error);
  meso_screening_set_answer (diabetic, MESO_CONDITION_DIABETES, MESO_ANSWER_YES, "2026-11-23");
  findings = meso_catalogue_screen (reloaded, diabetic, TRUE, &zinc, 1, &f->today, 30, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
  g_assert_true (has_finding (findings, "diabetes/Zinc", MESO_VERDICT_BLOCKED));
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_clear_object (&reloaded);

  /* Taken off again: zinc is clear for a diabetic; both changes are audited. */
  g_assert_true (meso_treatment_store_remove_rule (f->store, zinc, "diabetes", &error));
  g_assert_no_error (error);
  reloaded = meso_treatment_store_load_catalogue (f->store, &error);
  findings = meso_catalogue_screen (reloaded, diabetic, TRUE, &zinc, 1, &f->today, 30, &verdict);
  g_assert_false (has_finding (findings, "diabetes/Zinc", MESO_VERDICT_BLOCKED));
  g_assert_cmpuint (meso_test_query_int (f->db,
                                         "SELECT count(*) FROM audit"
                                         " WHERE table_name = 'ingredient_rule'"),
                    ==, 2);
}

/* Stock and records ---------------------------------------------------------- */

static gint64
stock_lot (Fixture    *f,
           const char *name,
           const char *number,
           const char *expires,
           double      quantity)
{
  g_autoptr(GError) error = NULL;
  gint64 product = meso_treatment_store_add_product (f->store, ingredient (f, name), "Mesolab", 5,
                                                     5, &error);
  gint64 lot;

  g_assert_no_error (error);
  lot = meso_treatment_store_receive (f->store, product, number, expires, quantity, &error);
  g_assert_no_error (error);
  return lot;
}

static double
lot_quantity (Fixture *f,
              gint64   lot_id)
{
  g_autoptr(MesoLot) lot = meso_treatment_store_load_lot (f->store, lot_id, NULL);

  return lot->quantity_ml;
}

static MesoCocktail *
cocktail_of (Fixture *f,
             gint64   lot_id,
             double   volume)
{
  g_autoptr(MesoLot) lot = meso_treatment_store_load_lot (f->store, lot_id, NULL);
  MesoCocktail *cocktail = meso_cocktail_new ();
  MesoCocktailItem item = { lot->ingredient_id, lot_id, lot->concentration, volume, 0 };

  meso_cocktail_add (cocktail, &item);
  return cocktail;
}

static void
test_stock_and_records (Fixture       *f,
                        gconstpointer  data)
{
  gint64 good = stock_lot (f, "Biotin (B7)", "B-2027", "2027-06-30", 10);
  gint64 old = stock_lot (f, "Zinc", "Z-2026", "2026-11-01", 10);
  g_autoptr(MesoCocktail) from_good = cocktail_of (f, good, 2);
  g_autoptr(MesoCocktail) from_old = cocktail_of (f, old, 1);
  g_autoptr(MesoCocktail) too_much = cocktail_of (f, good, 50);
  g_autoptr(MesoCocktail) corrected = cocktail_of (f, good, 1.5);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 record, correction;

  /* A second delivery of the same lot adds to it. */
  g_assert_cmpint (meso_treatment_store_receive (f->store, 1, "B-2027", "2027-06-30", 5, &error),
                   ==, good);
  g_assert_cmpfloat (lot_quantity (f, good), ==, 15);

  /* An expired lot, or too little left: refused, and nothing changes. */
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, from_old,
                                                    0, NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, too_much,
                                                    0, NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);
  /* Screened as zinc, drawn from the biotin lot: what is screened is what is given. */
  {
    g_autoptr(MesoCocktail) mislabelled = cocktail_of (f, good, 1);

    g_array_index (meso_cocktail_get_items (mislabelled), MesoCocktailItem, 0).ingredient_id =
      ingredient (f, "Zinc");
    g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient,
                                                      mislabelled, 0, NULL, "", 0, &f->today,
                                                      &error), ==, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM administration"), ==, 0);
  g_assert_cmpfloat (lot_quantity (f, old), ==, 10);

  record = meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, from_good, 40,
                                            NULL, "label", 0, &f->today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record, >, 0);
  g_assert_cmpfloat_with_epsilon (lot_quantity (f, good), 13, 1e-9);

  /* Closed: no change and no deletion, even in SQL. */
  g_assert_false (meso_test_write_sql (f->db, "UPDATE administration SET total_ml = 9", &error));
  g_assert_nonnull (strstr (error->message, "correction"));
  g_clear_error (&error);
  g_assert_false (meso_test_write_sql (f->db, "DELETE FROM administration_item", &error));
  g_clear_error (&error);
  /* (The record's own id: a server's sequence skips those of refused inserts.) */
  sql = g_strdup_printf ("INSERT INTO administration_item VALUES (%" G_GINT64_FORMAT ", 9, 1,"
                         " NULL, 1)", record);
  g_assert_false (meso_test_write_sql (f->db, sql, &error));
  g_clear_error (&error);

  /* A correction: a new record pointing to the old; the stock follows. */
  correction = meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, corrected, 40,
                                                NULL, "", record, &f->today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (correction, >, record);
  g_assert_cmpfloat_with_epsilon (lot_quantity (f, good), 13.5, 1e-9);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM administration WHERE corrects = %" G_GINT64_FORMAT,
                         record);
  g_assert_cmpuint (meso_test_query_int (f->db, sql), ==, 1);

  /* The recall finds both records and the patient. */
  hits = meso_treatment_store_recall (f->store, good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpstr (((MesoRecallHit *) hits->pdata[0])->patient_name, ==, "Ayşe Yılmaz");
  /* The list to call the patients from: a private CSV file. */
  {
    g_autofree char *csv_path = g_build_filename (f->dir, "recall.csv", NULL);
    g_autofree char *csv = NULL;
    g_auto(GStrv) lines = NULL;
    GStatBuf st;

    g_assert_true (meso_treatment_store_export_recall_csv (f->store, good, csv_path, &error));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two records, end */
    g_assert_true (g_str_has_prefix (lines[0], "\xEF\xBB\xBF" "patient number,patient,phone,"));
    g_assert_nonnull (strstr (lines[1], ",Ayşe Yılmaz,"));
    g_assert_nonnull (strstr (lines[1], ",1.50,"));
    g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* A recall starts from the number on the vial: found in any case, used
   * up or not, and a wildcard typed is taken literally. */
  {
    g_autoptr(GPtrArray) found = meso_treatment_store_find_lots (f->store, "b-20", &error);
    g_autoptr(GPtrArray) literal = meso_treatment_store_find_lots (f->store, "%", &error);
    g_autoptr(GPtrArray) products = meso_treatment_store_list_products (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (((MesoLot *) found->pdata[0])->id, ==, good);
    g_assert_cmpuint (literal->len, ==, 0);
    g_assert_cmpuint (products->len, ==, 2);
  }

  /* The expired zinc lot, and zinc with nothing usable left; biotin has
   * 13.5 ml, over the 12 ml limit. */
  alerts = meso_treatment_store_alerts (f->store, &f->today, 30, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 2);
  g_assert_cmpstr (alerts->pdata[0], ==, "Zinc (Mesolab), lot Z-2026: expired on 2026-11-01. "
                                         "Do not use it.");
  g_assert_cmpstr (alerts->pdata[1], ==, "Zinc (Mesolab): 0.0 ml left that can be used.");
}

/* Stores @record as the patient's screening record: what administering reads. */
static void
store_screening (Fixture       *f,
                 MesoScreening *record,
                 const char    *sex)
{
  g_autoptr(MesoPatientStore) patients = meso_patient_store_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_store_load (patients, f->patient, &error);

  g_assert_no_error (error);
  if (sex != NULL)
    meso_patient_set_field (patient, MESO_PATIENT_SEX, sex);
  g_assert_true (meso_patient_store_save (patients, patient, record, &f->today, &error));
  g_assert_no_error (error);
}

/* A warning goes on only with a reason; the core finds the warning itself
 * in the stored record, and a refusal records and deducts nothing. */
static void
test_warnings_need_reasons (Fixture       *f,
                            gconstpointer  data)
{
  gint64 lot = stock_lot (f, "Ginkgo biloba extract", "G-1", "2027-01-31", 10);
  g_autoptr(MesoCocktail) cocktail = cocktail_of (f, lot, 1);
  g_autoptr(MesoScreening) thinner = screening (f, FALSE);
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gint64 record;

  meso_screening_add_medication (thinner, "Apixaban", TRUE);
  store_screening (f, thinner, NULL);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Ginkgo"));
  g_clear_error (&error);
  /* A reason of blanks, or for another finding, is no reason. */
  g_hash_table_insert (reasons, (gpointer) "blood-thinner/Ginkgo biloba extract", (gpointer) "  ");
  g_hash_table_insert (reasons, (gpointer) "incompatible/Zinc/Vitamin C", (gpointer) "Fine.");
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, reasons, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM administration"), ==, 0);
  g_assert_cmpfloat (lot_quantity (f, lot), ==, 10);

  g_hash_table_insert (reasons, (gpointer) "blood-thinner/Ginkgo biloba extract",
                       (gpointer) "Low dose; haematologist agreed.");
  record = meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail, 0,
                                            reasons, "", 0, &f->today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record, >, 0);
  g_assert_cmpuint (meso_test_query_int (f->db,
                                         "SELECT count(*) FROM administration"
                                         " WHERE verdict = 'warnings'"
                                         " AND overrides LIKE '%haematologist%'"), ==, 1);
}

/* Whatever the caller says (no findings, a reason for everything), the
 * core screens the stored record: a pregnant patient gets nothing, and
 * nothing is recorded or deducted. */
static void
test_blocked_is_not_recorded (Fixture       *f,
                              gconstpointer  data)
{
  gint64 lot = stock_lot (f, "Finasteride", "F-1", "2027-01-31", 10);
  gint64 zinc = stock_lot (f, "Zinc", "Z-1", "2027-01-31", 10);
  g_autoptr(MesoCocktail) cocktail = cocktail_of (f, lot, 1);
  g_autoptr(MesoCocktail) zinc_only = cocktail_of (f, zinc, 1);
  g_autoptr(MesoScreening) pregnant = screening (f, TRUE);
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "pregnancy/", "pregnancy/Finasteride", "pregnancy/Zinc" };

  store_screening (f, pregnant, "female");
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "pregnancy"));
  g_clear_error (&error);
  /* No reason overrides an absolute contraindication, with any ingredient. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_hash_table_insert (reasons, (gpointer) keys[i], (gpointer) "The patient insists.");
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, zinc_only,
                                                    0, reasons, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpfloat (lot_quantity (f, lot), ==, 10);
  g_assert_cmpfloat (lot_quantity (f, zinc), ==, 10);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM administration"), ==, 0);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM administration_item"), ==, 0);
}

/* "Allergic to an ingredient: yes", but to what? Until the allergen is
 * named, every ingredient is blocked, and the message says what to fill
 * in; named, only what matches it is. */
static void
test_allergen_unnamed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MesoScreening) allergic = screening (f, FALSE);
  gint64 lot = stock_lot (f, "Zinc", "Z-1", "2027-01-31", 10);
  g_autoptr(MesoCocktail) cocktail = cocktail_of (f, lot, 1);
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Biotin (B7)", "Zinc", "Caffeine", "Homeopathic complex" };
  MesoVerdict verdict;

  meso_screening_set_answer (allergic, MESO_CONDITION_INGREDIENT_ALLERGY, MESO_ANSWER_YES,
                             "2026-11-23");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GPtrArray) findings = screen (f, allergic, TRUE, names[i], NULL, &verdict);

      g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
      g_assert_true (has_finding (findings, MESO_FINDING_ALLERGEN_UNNAMED, MESO_VERDICT_BLOCKED));
      g_assert_nonnull (strstr (((MesoFinding *) findings->pdata[0])->message,
                                "no allergen is named: name it under Allergies"));
      g_assert_nonnull (strstr (((MesoFinding *) findings->pdata[0])->message, names[i]));
    }

  /* A blank allergen names nothing (the form refuses one anyway). */
  meso_screening_add_allergy (allergic, "   ");
  {
    g_autoptr(GPtrArray) blank = screen (f, allergic, TRUE, "Zinc", NULL, &verdict);

    g_assert_true (has_finding (blank, MESO_FINDING_ALLERGEN_UNNAMED, MESO_VERDICT_BLOCKED));
  }
  meso_screening_remove_allergy (allergic, 0);

  /* The core refuses it too, from the stored record. */
  store_screening (f, allergic, NULL);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "Allergies"));
  g_clear_error (&error);
  g_assert_cmpfloat (lot_quantity (f, lot), ==, 10);

  /* Named: biotin is blocked by its allergy rule, zinc is clear. */
  meso_screening_add_allergy (allergic, "biotin");
  {
    g_autoptr(GPtrArray) biotin = screen (f, allergic, TRUE, "Biotin (B7)", NULL, &verdict);
    g_autoptr(GPtrArray) clear = NULL;

    g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
    g_assert_false (has_finding (biotin, MESO_FINDING_ALLERGEN_UNNAMED, MESO_VERDICT_BLOCKED));
    g_assert_true (has_finding (biotin, "allergy/Biotin (B7)", MESO_VERDICT_BLOCKED));
    clear = screen (f, allergic, TRUE, "Zinc", NULL, &verdict);
    g_assert_cmpint (verdict, ==, MESO_VERDICT_CLEAR);
  }
  store_screening (f, allergic, NULL);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), >, 0);
  g_assert_no_error (error);
}

/* Pregnancy and breastfeeding are not asked of a man, nor counted: an
 * answer left from before blocks nothing. For anyone else they are
 * required, and block. */
static void
test_pregnancy_by_sex (Fixture       *f,
                       gconstpointer  data)
{
  gint64 lot = stock_lot (f, "Zinc", "Z-1", "2027-01-31", 10);
  g_autoptr(MesoCocktail) cocktail = cocktail_of (f, lot, 1);
  g_autoptr(MesoScreening) unasked = meso_screening_new ();
  g_autoptr(MesoScreening) pregnant = screening (f, TRUE);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  MesoVerdict verdict;

  for (MesoCondition c = MESO_CONDITION_REDUCED_IMMUNITY; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (unasked, c, MESO_ANSWER_NO, "2026-11-23");
  findings = screen (f, unasked, FALSE, "Finasteride", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_CLEAR);
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = screen (f, unasked, TRUE, "Zinc", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_BLOCKED);
  g_assert_true (has_finding (findings, "ask/unasked", MESO_VERDICT_BLOCKED));
  g_assert_nonnull (strstr (((MesoFinding *) findings->pdata[0])->message, "Pregnancy"));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* A "yes" on a man's record (mistyped, or before his sex was set). */
  findings = screen (f, pregnant, FALSE, "Finasteride", NULL, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_CLEAR);
  g_assert_true (meso_catalogue_check_start (f->catalogue, pregnant, FALSE, &f->today, 30,
                                             &error));
  g_assert_no_error (error);
  g_assert_false (meso_catalogue_check_start (f->catalogue, pregnant, TRUE, &f->today, 30,
                                              &error));
  g_clear_error (&error);

  /* Administering reads the sex from the patient's record. */
  store_screening (f, unasked, "male");
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), >, 0);
  g_assert_no_error (error);
  store_screening (f, unasked, "other");
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "Pregnancy"));
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM administration"), ==, 1);
}

/* A session is recorded once; a change is a correction of its latest
 * record, and reopening the session shows what that correction gave. */
static void
test_one_record_per_session (Fixture       *f,
                             gconstpointer  data)
{
  gint64 lot = stock_lot (f, "Biotin (B7)", "B-1", "2027-06-30", 10);
  g_autoptr(MesoCocktail) first = cocktail_of (f, lot, 2);
  g_autoptr(MesoCocktail) again = cocktail_of (f, lot, 1);
  g_autoptr(MesoCocktail) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO practitioner (id, display_name) VALUES (1, 'Dr. Aydın');"
    "INSERT INTO room (id, name) VALUES (1, 'Room 1');"
    "INSERT INTO appointment (id, patient_id, practitioner_id, room_id, starts_at, ends_at, kind)"
    " VALUES (7, %" G_GINT64_FORMAT ", 1, 1, 1795428000, 1795429800, 'session');", f->patient);
  gint64 record, correction, latest;

  g_assert_true (meso_test_write_sql (f->db, sql, &error));
  g_assert_no_error (error);
  loaded = meso_treatment_store_load_record (f->store, 7, &latest, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  g_assert_cmpint (latest, ==, 0);

  record = meso_treatment_store_administer (f->store, f->schedule, 7, f->patient, first, 0, NULL,
                                            "", 0, &f->today, &error);
  g_assert_no_error (error);
  /* Given is done: the session's status says so, for its aftercare. */
  g_assert_cmpuint (meso_test_query_int (f->db,
                                         "SELECT count(*) FROM appointment WHERE id = 7"
                                         " AND status = 'done'"), ==, 1);
  /* Recording it a second time would deduct it twice: refused. */
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 7, f->patient, again, 0,
                                                    NULL, "", 0, &f->today, &error), ==, 0);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  g_clear_error (&error);
  g_assert_cmpfloat_with_epsilon (lot_quantity (f, lot), 8, 1e-9);

  correction = meso_treatment_store_administer (f->store, f->schedule, 7, f->patient, again, 0,
                                                NULL, "", record, &f->today, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (lot_quantity (f, lot), 9, 1e-9);
  /* The first record is corrected already: a second correction of it would fork the history. */
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 7, f->patient, first, 0,
                                                    NULL, "", record, &f->today, &error), ==, 0);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  g_clear_error (&error);
  g_assert_cmpfloat_with_epsilon (lot_quantity (f, lot), 9, 1e-9);

  loaded = meso_treatment_store_load_record (f->store, 7, &latest, &recorded, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest, ==, correction);
  g_assert_nonnull (strstr (recorded, "Dr. Elif Aydın"));
  g_assert_cmpuint (meso_cocktail_get_items (loaded)->len, ==, 1);
  g_assert_cmpint (g_array_index (meso_cocktail_get_items (loaded), MesoCocktailItem, 0).lot_id,
                   ==, lot);
  g_assert_cmpfloat (g_array_index (meso_cocktail_get_items (loaded), MesoCocktailItem,
                                    0).volume_ml, ==, 1);
}

/* The physician adds an ingredient, corrects it, and says what it must
 * not be mixed with; wrong values are refused and change nothing. */
static void
test_edit_catalogue (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoCatalogue) reloaded = NULL;
  g_autoptr(MesoScreening) clear = screening (f, FALSE);
  g_autoptr(GPtrArray) findings = NULL;
  MesoIngredient peptide = { .name = (char *) "Peptide complex", .category = (char *) "Peptide",
                             .form = (char *) "solution", .unit = (char *) "mg/ml", .usual = 3,
                             .maximum = 2, .notes = (char *) "" };
  gint64 ids[2] = { ingredient (f, "Zinc"), 0 };
  guint audited = meso_test_query_int (f->db, "SELECT count(*) FROM audit");
  MesoVerdict verdict;

  /* Usual above maximum: refused, nothing added. */
  g_assert_false (meso_treatment_store_save_ingredient (f->store, &peptide, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (peptide.id, ==, 0);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM ingredient"), ==, 18);

  peptide.maximum = 5;
  g_assert_true (meso_treatment_store_save_ingredient (f->store, &peptide, &error));
  g_assert_no_error (error);
  g_assert_cmpint (peptide.id, >, 0);
  /* A second one of the same name: refused. */
  {
    MesoIngredient twin = peptide;

    twin.id = 0;
    g_assert_false (meso_treatment_store_save_ingredient (f->store, &twin, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==,
                     "The catalogue already has an ingredient named “Peptide complex”.");
    g_clear_error (&error);
    /* Nor may another one be renamed to it. */
    twin.id = ids[0];
    g_assert_false (meso_treatment_store_save_ingredient (f->store, &twin, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==,
                     "The catalogue already has an ingredient named “Peptide complex”.");
    g_clear_error (&error);
    g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM ingredient"), ==, 19);
  }
  peptide.maximum = 4;
  g_assert_true (meso_treatment_store_save_ingredient (f->store, &peptide, &error));

  /* Not to be mixed with zinc: composing both warns, until taken off. */
  g_assert_true (meso_treatment_store_set_incompatible (f->store, peptide.id, ids[0],
                                                        "Zinc binds it.", TRUE, &error));
  g_assert_no_error (error);
  reloaded = meso_treatment_store_load_catalogue (f->store, &error);
  g_assert_cmpfloat (meso_catalogue_find (reloaded, peptide.id)->maximum, ==, 4);
  g_assert_cmpstr (meso_catalogue_get_incompatibility (reloaded, ids[0], peptide.id), ==,
                   "Zinc binds it.");
  ids[1] = peptide.id;
  findings = meso_catalogue_screen (reloaded, clear, TRUE, ids, 2, &f->today, 30, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_WARNINGS);
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_clear_object (&reloaded);

  g_assert_true (meso_treatment_store_set_incompatible (f->store, peptide.id, ids[0], NULL, FALSE,
                                                        &error));
  reloaded = meso_treatment_store_load_catalogue (f->store, &error);
  g_assert_null (meso_catalogue_get_incompatibility (reloaded, ids[0], peptide.id));
  findings = meso_catalogue_screen (reloaded, clear, TRUE, ids, 2, &f->today, 30, &verdict);
  g_assert_cmpint (verdict, ==, MESO_VERDICT_CLEAR);
  /* Added, changed, paired, unpaired: four entries in the audit trail. */
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM audit"), ==, audited + 4);

  /* A mixture saved as a recipe, once under a name. */
  {
    MesoRecipeItem parts[] = { { ids[0], 0.5 }, { peptide.id, 1 } };
    g_autoptr(MesoCatalogue) with_recipe = NULL;
    MesoRecipe *saved;

    g_assert_cmpint (meso_treatment_store_save_recipe (f->store, "Zinc and peptide", parts, 2,
                                                       &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpint (meso_treatment_store_save_recipe (f->store, "Zinc and peptide", parts, 1,
                                                       &error), ==, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==,
                     "A recipe named “Zinc and peptide” exists already: choose another name.");
    g_clear_error (&error);
    g_assert_cmpint (meso_treatment_store_save_recipe (f->store, "Empty", parts, 0, &error), ==, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    with_recipe = meso_treatment_store_load_catalogue (f->store, &error);
    g_assert_cmpuint (meso_catalogue_get_recipes (with_recipe)->len, ==, 4);
    saved = g_ptr_array_index (meso_catalogue_get_recipes (with_recipe), 3);
    g_assert_cmpstr (saved->name, ==, "Zinc and peptide");
    g_assert_cmpuint (saved->items->len, ==, 2);
    g_assert_cmpfloat (g_array_index (saved->items, MesoRecipeItem, 1).volume_ml, ==, 1);
  }
}

/* Whatever shows the stock (the stock window, the composer's lots) follows
 * the store's changes: each write that succeeded says so, once; one refused
 * says nothing. */
static void
test_store_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MesoCocktail) cocktail = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;
  gint64 lot;

  g_signal_connect_swapped (f->store, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  lot = stock_lot (f, "Biotin (B7)", "B-2027", "2027-06-30", 10);
  g_assert_cmpuint (changed, ==, 2);   /* the product, then the lot */
  /* A product the database refuses (no such ingredient) says so and is not announced. */
  g_assert_false (meso_treatment_store_add_product (f->store, 9999, "Mesolab", 5, 5, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == MESO_DB_ERROR && meso_step_is_constraint (error->code));
  g_assert_true (g_str_has_prefix (error->message, "Could not save. "));
  g_clear_error (&error);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM product"), ==, 1);
  g_assert_cmpint (meso_treatment_store_receive (f->store, 1, "", "2027-06-30", 5, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 2);
  cocktail = cocktail_of (f, lot, 2);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, cocktail,
                                                    0, NULL, "", 0, &f->today, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_true (meso_treatment_store_set_rule (f->store, ingredient (f, "Zinc"), "diabetes",
                                                MESO_SEVERITY_ABSOLUTE, "", &error));
  g_assert_cmpuint (changed, ==, 4);
  g_signal_handlers_disconnect_by_data (f->store, &changed);
}

/* A recall lists every patient who received the lot with their own name
 * and phone number, for the calls. */
static void
test_recall_names_each_patient (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(MesoPatientStore) patients = meso_patient_store_new (f->db);
  g_autoptr(MesoPatient) other = meso_patient_new ();
  g_autoptr(MesoScreening) record = meso_screening_new ();
  gint64 lot = stock_lot (f, "Biotin (B7)", "B-2027", "2027-06-30", 10);
  g_autoptr(MesoCocktail) first = cocktail_of (f, lot, 1);
  g_autoptr(MesoCocktail) second = cocktail_of (f, lot, 2);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  MesoRecallHit *hit;

  meso_patient_set_field (other, MESO_PATIENT_FAMILY_NAME, "García");
  meso_patient_set_field (other, MESO_PATIENT_GIVEN_NAME, "Lucía");
  meso_patient_set_field (other, MESO_PATIENT_PHONE, "+34 600 123 456");
  meso_patient_set_field (other, MESO_PATIENT_SEX, "male");
  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (record, c, MESO_ANSWER_NO, "2026-11-23");
  g_assert_true (meso_patient_store_save (patients, other, record, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, first, 0,
                                                    NULL, "", 0, &f->today, &error), >, 0);
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0,
                                                    meso_patient_get_id (other), second, 0, NULL,
                                                    "", 0, &f->today, &error), >, 0);
  /* Ayşe again: each of her records names her. */
  g_assert_cmpint (meso_treatment_store_administer (f->store, f->schedule, 0, f->patient, first, 0,
                                                    NULL, "", 0, &f->today, &error), >, 0);
  g_assert_no_error (error);

  hits = meso_treatment_store_recall (f->store, lot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);
  /* Newest record first. */
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->patient_id, ==, f->patient);
  g_assert_cmpstr (hit->patient_name, ==, "Ayşe Yılmaz");
  hit = g_ptr_array_index (hits, 1);
  g_assert_cmpint (hit->patient_id, ==, meso_patient_get_id (other));
  g_assert_cmpstr (hit->patient_name, ==, "Lucía García");
  g_assert_cmpstr (hit->phone, ==, "+34 600 123 456");
  g_assert_cmpfloat_with_epsilon (hit->volume_ml, 2, 1e-9);
  hit = g_ptr_array_index (hits, 2);
  g_assert_cmpint (hit->patient_id, ==, f->patient);
  g_assert_cmpstr (hit->patient_name, ==, "Ayşe Yılmaz");
  g_assert_cmpstr (hit->phone, ==, "");
}

/* The benchmark's past, through the store: a closed record of three lots
 * for each session given, read back as a handout reads a record, and
 * announced once. */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO practitioner (id, display_name) VALUES (1, 'Dr. Aydın');"
    "INSERT INTO room (id, name) VALUES (1, 'Room 1');"
    "INSERT INTO appointment (id, patient_id, practitioner_id, room_id, starts_at, ends_at, kind)"
    " VALUES (7, %1$" G_GINT64_FORMAT ", 1, 1, 1795428000, 1795429800, 'session'),"
    "        (8, %1$" G_GINT64_FORMAT ", 1, 1, 1796032800, 1796034600, 'session');", f->patient);
  MesoPastSession sessions[] = { { 7, f->patient, 1795428000 }, { 8, f->patient, 1796032800 } };
  g_autoptr(MesoRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_assert_true (meso_test_write_sql (f->db, sql, &error));
  g_signal_connect_swapped (f->store, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  g_assert_true (meso_treatment_store_add_history (f->store, 2, &f->today, sessions,
                                                   G_N_ELEMENTS (sessions), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_data (f->store, &changed);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM lot"), ==,
                    2 * meso_test_query_int (f->db,
                                             "SELECT count(*) FROM ingredient WHERE active = 1"));
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM administration"
                                                " WHERE closed = 1"), ==, 2);
  g_assert_cmpuint (meso_test_query_int (f->db, "SELECT count(*) FROM audit"
                                                " WHERE table_name = 'administration'"), >=, 2);

  record = meso_treatment_store_load_session_record (f->store, 8, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_true (record->closed);
  g_assert_cmpint (record->staff_id, ==, meso_staff_get_id (f->physician));
  g_assert_cmpfloat (record->total_ml, ==, 2.5);
  g_assert_cmpstr (record->administered_at, ==, "2026-11-30T10:00:00Z");
  g_assert_cmpuint (record->items->len, ==, 3);
  for (guint i = 0; i < record->items->len; i++)
    {
      MesoRecordItem *item = &g_array_index (record->items, MesoRecordItem, i);

      g_assert_cmpstr (item->brand, ==, "Benchlab");
      g_assert_cmpint (item->lot_id, >, 0);
      g_assert_cmpfloat (item->volume_ml, ==, 0.5);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/cocktail/seed", test_seed);
  ADD ("/meso/cocktail/arithmetic", test_arithmetic);
  ADD ("/meso/cocktail/rules", test_rules);
  ADD ("/meso/cocktail/physician-rule", test_physician_rule);
  ADD ("/meso/cocktail/stock-and-records", test_stock_and_records);
  ADD ("/meso/cocktail/warnings-need-reasons", test_warnings_need_reasons);
  ADD ("/meso/cocktail/blocked-is-not-recorded", test_blocked_is_not_recorded);
  ADD ("/meso/cocktail/allergen-unnamed", test_allergen_unnamed);
  ADD ("/meso/cocktail/pregnancy-by-sex", test_pregnancy_by_sex);
  ADD ("/meso/cocktail/one-record-per-session", test_one_record_per_session);
  ADD ("/meso/cocktail/edit-catalogue", test_edit_catalogue);
  ADD ("/meso/cocktail/store-changed", test_store_changed);
  ADD ("/meso/cocktail/recall-names-each-patient", test_recall_names_each_patient);
  ADD ("/meso/cocktail/history", test_history);
#undef ADD

  return g_test_run ();
}
