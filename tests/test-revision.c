/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-revision.c: two workstations on one clinic never silently overwrite each
 * other's saves of a patient, an appointment, a scalp map or a session's
 * cocktail; a refused save leaves the form as it was read. */
#include "meso-course.h"
#include "meso-revision.h"
#include "meso-scalp-store.h"
#include "meso-stock.h"
#include "meso-test-session.h"

/* Two workstations on one clinic, a file or a server's database: at the
 * front desk the receptionist Selin Demir, in the treatment room a
 * physician. */
typedef struct
{
  char            *dir;
  MesoContext     *desk;
  MesoContext     *room;
  MesoStaff       *receptionist;
  MesoStaff       *physician;
  MesoAppointment *session;
  GDate            today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->room = meso_test_open_context (&f->dir);
  f->session = meso_test_book_session (f->room, FALSE, &f->physician);
  f->desk = meso_context_open (meso_db_get_path (meso_context_get_db (f->room)), FALSE, &error);
  g_assert_no_error (error);
  f->receptionist = meso_test_sign_in (meso_context_get_db (f->desk), MESO_ROLE_RECEPTIONIST,
                                       "Selin Demir");
  meso_context_get_today (f->desk, &f->today);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->desk);
  g_assert_finalize_object (f->room);
  g_assert_finalize_object (f->receptionist);
  g_assert_finalize_object (f->physician);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static MesoPatient *
load_patient (MesoContext *context,
              gint64       id)
{
  g_autoptr(GError) error = NULL;
  MesoPatient *patient = meso_patient_store_load (meso_context_get_patient_store (context), id,
                                                  &error);

  g_assert_no_error (error);
  return patient;
}

static MesoAppointment *
load_appointment (MesoContext *context,
                  gint64       id)
{
  g_autoptr(GError) error = NULL;
  MesoAppointment *appointment = meso_schedule_load (meso_context_get_schedule (context), id,
                                                     &error);

  g_assert_no_error (error);
  return appointment;
}

/* Asserts @error refused a stale save, and that its message names @who and
 * a time of day between @before and now (a minute may turn during the
 * test); clears @error for the next save. */
static void
assert_stale (GError    **error,
              const char *who,
              const char *record,
              GDateTime  *before)
{
  g_autoptr(GDateTime) after = g_date_time_new_now_local ();
  g_autofree char *at_before = g_date_time_format (before, "%H:%M");
  g_autofree char *at_after = g_date_time_format (after, "%H:%M");
  g_autofree char *expected_before =
    g_strdup_printf ("%s changed this %s at %s after you opened it.", who, record, at_before);
  g_autofree char *expected_after =
    g_strdup_printf ("%s changed this %s at %s after you opened it.", who, record, at_after);
  const char *message;

  g_assert_error (*error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  message = (*error)->message;
  if (!g_str_has_prefix (message, expected_before) && !g_str_has_prefix (message, expected_after))
    g_error ("“%s” does not begin with “%s”", message, expected_after);
  g_assert_nonnull (strstr (message, "Your changes are still in the "));
  g_clear_error (error);
}

static void
test_patient_stale_save_refused (Fixture       *f,
                                 gconstpointer  data)
{
  MesoPatientStore *desk = meso_context_get_patient_store (f->desk);
  MesoPatientStore *room = meso_context_get_patient_store (f->room);
  g_autoptr(MesoPatient) at_desk = load_patient (f->desk, f->session->patient_id);
  g_autoptr(MesoPatient) in_room = load_patient (f->room, f->session->patient_id);
  g_autoptr(MesoPatient) stored = NULL;
  g_autoptr(MesoPatient) reloaded = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  gint64 revision = meso_patient_get_revision (in_room);

  /* Both workstations opened the patient; the desk saves a new e-mail. */
  meso_patient_set_field (at_desk, MESO_PATIENT_EMAIL, "lucia@example.org");
  g_assert_true (meso_patient_store_save (desk, at_desk, NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_get_revision (at_desk), ==, revision + 1);

  /* The treatment room's form was read before: its save is refused. */
  meso_patient_set_field (in_room, MESO_PATIENT_PHONE, "+34 600 999 999");
  g_assert_false (meso_patient_store_save (room, in_room, NULL, &f->today, &error));
  assert_stale (&error, "Selin Demir", "patient", before);
  /* What was typed is still there, to be saved after a reload. */
  g_assert_cmpstr (meso_patient_get_field (in_room, MESO_PATIENT_PHONE), ==, "+34 600 999 999");
  g_assert_cmpint (meso_patient_get_revision (in_room), ==, revision);

  /* The desk's e-mail is kept, and nothing of the refused save is stored. */
  stored = load_patient (f->desk, f->session->patient_id);
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_EMAIL), ==, "lucia@example.org");
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_PHONE), ==, "+34 600 123 456");

  /* Reloaded, the treatment room saves its phone over the desk's e-mail. */
  reloaded = load_patient (f->room, f->session->patient_id);
  meso_patient_set_field (reloaded, MESO_PATIENT_PHONE, "+34 600 999 999");
  g_assert_true (meso_patient_store_save (room, reloaded, NULL, &f->today, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  stored = load_patient (f->desk, f->session->patient_id);
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_EMAIL), ==, "lucia@example.org");
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_PHONE), ==, "+34 600 999 999");

  /* Saved twice from one form, a record stays current. */
  meso_patient_set_field (reloaded, MESO_PATIENT_ADDRESS, "Calle Mayor 1");
  g_assert_true (meso_patient_store_save (room, reloaded, NULL, &f->today, &error));
  g_assert_no_error (error);
}

/* A change of the screening alone, saved with the patient, counts too. */
static void
test_screening_change_makes_patient_stale (Fixture       *f,
                                           gconstpointer  data)
{
  MesoPatientStore *desk = meso_context_get_patient_store (f->desk);
  MesoPatientStore *room = meso_context_get_patient_store (f->room);
  g_autoptr(MesoPatient) at_desk = load_patient (f->desk, f->session->patient_id);
  g_autoptr(MesoPatient) in_room = load_patient (f->room, f->session->patient_id);
  g_autoptr(MesoScreening) screening = NULL;
  g_autoptr(MesoScreening) stored = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  screening = meso_patient_store_load_screening (room, f->session->patient_id, &error);
  g_assert_no_error (error);
  meso_screening_add_allergy (screening, "Lidocaine");
  g_assert_true (meso_patient_store_save (room, in_room, screening, &f->today, &error));
  g_assert_no_error (error);

  meso_patient_set_field (at_desk, MESO_PATIENT_EMAIL, "lucia@example.org");
  g_assert_false (meso_patient_store_save (desk, at_desk, NULL, &f->today, &error));
  assert_stale (&error, "Dr. Elif Aydın", "patient", before);

  stored = meso_patient_store_load_screening (room, f->session->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meso_screening_get_allergies (stored)->len, ==, 1);
}

static void
test_appointment_stale_save_refused (Fixture       *f,
                                     gconstpointer  data)
{
  MesoSchedule *desk = meso_context_get_schedule (f->desk);
  MesoSchedule *room = meso_context_get_schedule (f->room);
  g_autoptr(MesoAppointment) at_desk = load_appointment (f->desk, f->session->id);
  g_autoptr(MesoAppointment) in_room = load_appointment (f->room, f->session->id);
  g_autoptr(MesoAppointment) stored = NULL;
  g_autoptr(MesoAppointment) reloaded = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  guint revision = in_room->revision;

  g_free (at_desk->notes);
  at_desk->notes = g_strdup ("Patient asks for a later time next week");
  g_assert_true (meso_schedule_save (desk, at_desk, &error));
  g_assert_no_error (error);

  g_free (in_room->notes);
  in_room->notes = g_strdup ("Numbing cream applied");
  in_room->status = MESO_STATUS_ARRIVED;
  g_assert_false (meso_schedule_save (room, in_room, &error));
  assert_stale (&error, "Selin Demir", "appointment", before);
  g_assert_cmpstr (in_room->notes, ==, "Numbing cream applied");
  g_assert_cmpuint (in_room->revision, ==, revision);

  stored = load_appointment (f->room, f->session->id);
  g_assert_cmpstr (stored->notes, ==, "Patient asks for a later time next week");
  g_assert_cmpint (stored->status, ==, MESO_STATUS_BOOKED);

  reloaded = load_appointment (f->room, f->session->id);
  g_free (reloaded->notes);
  reloaded->notes = g_strdup ("Numbing cream applied");
  g_assert_true (meso_schedule_save (room, reloaded, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  stored = load_appointment (f->desk, f->session->id);
  g_assert_cmpstr (stored->notes, ==, "Numbing cream applied");
}

/* A save that changed nothing (a field typed and typed back) is no change:
 * the other workstation's form stays current and saves. */
static void
test_unchanged_save_keeps_others_current (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(MesoPatient) at_desk = load_patient (f->desk, f->session->patient_id);
  g_autoptr(MesoPatient) in_room = load_patient (f->room, f->session->patient_id);
  g_autoptr(MesoAppointment) desk_session = load_appointment (f->desk, f->session->id);
  g_autoptr(MesoAppointment) room_session = load_appointment (f->room, f->session->id);
  gint64 patient_revision = meso_patient_get_revision (at_desk);
  guint appointment_revision = desk_session->revision;
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->desk), at_desk,
                                          NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_get_revision (at_desk), ==, patient_revision);
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->desk), desk_session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (desk_session->revision, ==, appointment_revision);

  meso_patient_set_field (in_room, MESO_PATIENT_PHONE, "+34 600 999 999");
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (f->room), in_room,
                                          NULL, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_patient_get_revision (in_room), ==, patient_revision + 1);
  g_free (room_session->notes);
  room_session->notes = g_strdup ("Numbing cream applied");
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->room), room_session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (room_session->revision, ==, appointment_revision + 1);
}

/* A second physician at the desk: maps and cocktails are clinical. */
static MesoStaff *
sign_in_second_physician (Fixture *f)
{
  return meso_test_sign_in (meso_context_get_db (f->desk), MESO_ROLE_PHYSICIAN, "Dr. Kerem Öz");
}

static MesoScalpMap *
open_map (MesoContext *context,
          gint64       appointment_id)
{
  g_autoptr(GError) error = NULL;
  MesoScalpMap *map = meso_scalp_store_open_session (meso_context_get_scalp_store (context),
                                                     appointment_id, NULL, &error);

  g_assert_no_error (error);
  return map;
}

static void
test_scalp_map_stale_save_refused (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(MesoStaff) second = sign_in_second_physician (f);
  MesoScalpStore *desk = meso_context_get_scalp_store (f->desk);
  MesoScalpStore *room = meso_context_get_scalp_store (f->room);
  g_autoptr(MesoScalpMap) at_desk = open_map (f->desk, f->session->id);
  g_autoptr(MesoScalpMap) in_room = open_map (f->room, f->session->id);
  g_autoptr(MesoScalpMap) stored = NULL;
  g_autoptr(MesoScalpMap) reloaded = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  MesoInjectionPoint point = { MESO_SCALP_VIEW_TOP, { 10, 20 }, 1.0, 0.05 };

  /* Neither found a map: the first save stores one... */
  g_assert_cmpint (meso_scalp_map_get_revision (in_room), ==, 0);
  meso_scalp_map_set_grade (in_room, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_SEVERE);
  g_assert_true (meso_scalp_store_save (room, f->session->id, in_room, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_scalp_map_get_revision (in_room), ==, 1);

  /* ...and the second, from a window that found none, is refused. */
  meso_scalp_map_add_point (at_desk, &point);
  g_assert_false (meso_scalp_store_save (desk, f->session->id, at_desk, &error));
  assert_stale (&error, "Dr. Elif Aydın", "scalp map", before);
  g_assert_cmpuint (meso_scalp_map_count_points (at_desk), ==, 1);
  g_assert_cmpint (meso_scalp_map_get_revision (at_desk), ==, 0);

  /* The first save is kept, nothing of the refused one stored. */
  g_assert_true (meso_scalp_store_load (room, f->session->id, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_scalp_map_get_grade (stored, MESO_SCALP_ZONE_VERTEX), ==,
                   MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (stored), ==, 0);

  /* Reloaded with the desk's point kept, the desk saves both. */
  reloaded = meso_scalp_map_merge (meso_scalp_map_new (), at_desk, stored);
  g_assert_cmpint (meso_scalp_map_get_revision (reloaded), ==, 1);
  g_assert_true (meso_scalp_store_save (desk, f->session->id, reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_scalp_map_get_revision (reloaded), ==, 2);

  /* The treatment room's window, at revision 1, is stale now in turn. */
  meso_scalp_map_set_pull_test (in_room, MESO_PULL_TEST_POSITIVE);
  g_assert_false (meso_scalp_store_save (room, f->session->id, in_room, &error));
  assert_stale (&error, "Dr. Kerem Öz", "scalp map", before);
  g_clear_object (&stored);
  g_assert_true (meso_scalp_store_load (room, f->session->id, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_scalp_map_get_grade (stored, MESO_SCALP_ZONE_VERTEX), ==,
                   MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (stored), ==, 1);
  g_assert_cmpint (meso_scalp_map_get_pull_test (stored), ==, MESO_PULL_TEST_NOT_DONE);

  /* A save that changes nothing keeps the revision, so others stay current. */
  g_assert_true (meso_scalp_store_save (desk, f->session->id, reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (meso_scalp_map_get_revision (reloaded), ==, 2);
  g_assert_cmpint (meso_scalp_map_get_revision (stored), ==, 2);
  meso_scalp_map_set_pull_test (stored, MESO_PULL_TEST_POSITIVE);
  g_assert_true (meso_scalp_store_save (room, f->session->id, stored, &error));
  g_assert_no_error (error);
}

/* The merge keeps what each side changed: the user's marks on what the
 * other saved, whichever part of the map each touched. */
static void
test_scalp_map_merge (void)
{
  g_autoptr(MesoScalpMap) base = meso_scalp_map_new ();
  g_autoptr(MesoScalpMap) mine = NULL;
  g_autoptr(MesoScalpMap) theirs = NULL;
  g_autoptr(MesoScalpMap) merged = NULL;
  g_autofree char *changes = NULL;
  MesoInjectionPoint a = { MESO_SCALP_VIEW_TOP, { 10, 20 }, 1.0, 0.05 };
  MesoInjectionPoint b = { MESO_SCALP_VIEW_TOP, { 30, 20 }, 1.0, 0.05 };
  MesoInjectionPoint c = { MESO_SCALP_VIEW_BACK, { 5, 5 }, 1.5, 0.1 };
  const MesoVec2 outline[] = { { 0, 0 }, { 10, 0 }, { 10, 10 } };
  const char *stage;

  meso_scalp_map_add_point (base, &a);
  meso_scalp_map_add_point (base, &b);
  meso_scalp_map_set_measurement (base, "vertex", 120, 60);
  meso_scalp_map_set_revision (base, 3);
  mine = meso_scalp_map_copy (base);
  theirs = meso_scalp_map_copy (base);

  /* Mine: a point removed, one added, a zone graded, a reading taken again. */
  meso_scalp_map_remove_point (mine, 0);
  meso_scalp_map_add_point (mine, &c);
  meso_scalp_map_set_grade (mine, MESO_SCALP_ZONE_FRONTAL, MESO_GRADE_MILD);
  meso_scalp_map_set_measurement (mine, "vertex", 110, 58);
  /* Theirs: an area painted, another zone graded, the stage. */
  meso_scalp_map_add_region (theirs, MESO_SCALP_VIEW_TOP, outline, G_N_ELEMENTS (outline));
  meso_scalp_map_set_grade (theirs, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_SEVERE);
  meso_scalp_map_set_scale (theirs, MESO_HAIR_SCALE_NORWOOD, "IV");
  meso_scalp_map_set_revision (theirs, 4);

  changes = meso_scalp_map_describe_changes (base, theirs);
  g_assert_cmpstr (changes, ==, "1 zone regraded, 1 area painted, the stage");
  merged = meso_scalp_map_merge (base, mine, theirs);
  g_assert_cmpint (meso_scalp_map_get_revision (merged), ==, 4);
  g_assert_false (meso_scalp_map_can_undo (merged));
  g_assert_cmpint (meso_scalp_map_get_grade (merged, MESO_SCALP_ZONE_FRONTAL), ==, MESO_GRADE_MILD);
  g_assert_cmpint (meso_scalp_map_get_grade (merged, MESO_SCALP_ZONE_VERTEX), ==,
                   MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_get_regions (merged)->len, ==, 1);
  g_assert_cmpint (meso_scalp_map_get_scale (merged, &stage), ==, MESO_HAIR_SCALE_NORWOOD);
  g_assert_cmpstr (stage, ==, "IV");
  g_assert_cmpuint (meso_scalp_map_get_points (merged)->len, ==, 2);
  g_assert_cmpfloat (g_array_index (meso_scalp_map_get_points (merged), MesoInjectionPoint,
                                    0).at.x, ==, 30);
  g_assert_cmpint (g_array_index (meso_scalp_map_get_points (merged), MesoInjectionPoint,
                                  1).view, ==, MESO_SCALP_VIEW_BACK);
  g_assert_cmpfloat (((MesoTrichoscopy *) meso_scalp_map_get_measurements (merged)->pdata[0])
                       ->density, ==, 110);
  g_assert_null (meso_scalp_map_describe_changes (merged, merged));
}

/* Stock for the cocktails: a zinc lot of 10 ml. */
static gint64
stock_zinc (MesoContext *context)
{
  MesoTreatmentStore *store = meso_context_get_treatment_store (context);
  g_autoptr(MesoCatalogue) catalogue = meso_treatment_store_load_catalogue (store, NULL);
  g_autoptr(GError) error = NULL;
  gint64 product, lot;

  g_assert_nonnull (catalogue);
  product = meso_treatment_store_add_product (store,
                                              meso_catalogue_find_by_name (catalogue, "Zinc")->id,
                                              "Mesolab", 5, 5, &error);
  g_assert_no_error (error);
  lot = meso_treatment_store_receive (store, product, "Z-1", "2030-01-31", 10, &error);
  g_assert_no_error (error);
  return lot;
}

static MesoCocktail *
zinc_cocktail (MesoContext *context,
               gint64       lot_id,
               double       volume_ml)
{
  g_autoptr(MesoLot) lot = meso_treatment_store_load_lot (meso_context_get_treatment_store (context),
                                                         lot_id, NULL);
  MesoCocktail *cocktail = meso_cocktail_new ();
  MesoCocktailItem item = { lot->ingredient_id, lot_id, lot->concentration, volume_ml, 0 };

  meso_cocktail_add (cocktail, &item);
  return cocktail;
}

static gint64
administer (Fixture      *f,
            MesoContext  *context,
            MesoCocktail *cocktail,
            gint64        corrects,
            GError      **error)
{
  return meso_treatment_store_administer (meso_context_get_treatment_store (context),
                                          meso_context_get_schedule (context), f->session->id,
                                          f->session->patient_id, cocktail, 0, NULL, "",
                                          corrects, &f->today, error);
}

/* What a composer shows: the session's latest record and its volume. */
static gint64
latest_record (MesoContext *context,
               gint64       appointment_id,
               double      *out_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoRecord) record = NULL;

  record = meso_treatment_store_load_session_record (meso_context_get_treatment_store (context),
                                                     appointment_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  *out_total = record->total_ml;
  return record->id;
}

/* Two rooms record the same session's cocktail, then correct the same
 * record: each time the second is refused, naming who and when, and the
 * first is kept, in the record and in the stock. */
static void
test_cocktail_stale_record_refused (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(MesoStaff) second = sign_in_second_physician (f);
  gint64 lot = stock_zinc (f->room);
  g_autoptr(MesoCocktail) in_room = zinc_cocktail (f->room, lot, 2);
  g_autoptr(MesoCocktail) at_desk = zinc_cocktail (f->desk, lot, 3);
  g_autoptr(MesoCocktail) corrected_in_room = zinc_cocktail (f->room, lot, 1.5);
  g_autoptr(MesoLot) stock = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  gint64 first, correction;
  double total = 0;

  /* Both composers opened on a session with nothing recorded. */
  first = administer (f, f->room, in_room, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (administer (f, f->desk, at_desk, 0, &error), ==, 0);
  assert_stale (&error, "Dr. Elif Aydın", "session’s cocktail", before);
  g_assert_cmpint (latest_record (f->desk, f->session->id, &total), ==, first);
  g_assert_cmpfloat_with_epsilon (total, 2, 1e-9);
  stock = meso_treatment_store_load_lot (meso_context_get_treatment_store (f->desk), lot, NULL);
  g_assert_cmpfloat_with_epsilon (stock->quantity_ml, 8, 1e-9);

  /* Both correct the first record; the desk's, second, is refused. */
  correction = administer (f, f->room, corrected_in_room, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (administer (f, f->desk, at_desk, first, &error), ==, 0);
  assert_stale (&error, "Dr. Elif Aydın", "session’s cocktail", before);
  g_assert_cmpint (latest_record (f->desk, f->session->id, &total), ==, correction);
  g_assert_cmpfloat_with_epsilon (total, 1.5, 1e-9);
  g_clear_pointer (&stock, meso_lot_free);
  stock = meso_treatment_store_load_lot (meso_context_get_treatment_store (f->desk), lot, NULL);
  g_assert_cmpfloat_with_epsilon (stock->quantity_ml, 8.5, 1e-9);

  /* Reloaded at the latest record, the desk's cocktail corrects it. */
  g_assert_cmpint (administer (f, f->desk, at_desk, correction, &error), >, correction);
  g_assert_no_error (error);
  g_assert_cmpint (latest_record (f->room, f->session->id, &total), >, correction);
  g_assert_cmpfloat_with_epsilon (total, 3, 1e-9);
}

/* The administrators on both workstations, for the clinic's settings. */
static void
sign_in_administrators (Fixture *f)
{
  g_autoptr(MesoStaff) at_desk = meso_test_sign_in (meso_context_get_db (f->desk),
                                                    MESO_ROLE_ADMINISTRATOR, "Deniz Arslan");
  g_autoptr(MesoStaff) in_room = meso_staff_store_load (meso_context_get_staff_store (f->room),
                                                        1, NULL);

  g_assert_nonnull (in_room);
  meso_db_set_actor (meso_context_get_db (f->room), in_room);
}

static MesoPractitioner
read_practitioner (MesoContext *context,
                   gint64       id)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (context),
                                                          &error);
  MesoPractitioner copy;

  g_assert_no_error (error);
  copy = *meso_resources_find_practitioner (resources, id);
  /* The resources are read again after a save: keep nothing of theirs. */
  copy.name = (char *) g_intern_string (copy.name);
  copy.colour = (char *) g_intern_string (copy.colour);
  copy.days_off = NULL;
  return copy;
}

static void
test_practitioner_stale_save_refused (Fixture       *f,
                                      gconstpointer  data)
{
  MesoSchedule *desk = meso_context_get_schedule (f->desk);
  MesoSchedule *room = meso_context_get_schedule (f->room);
  MesoPractitioner at_desk, in_room, stored;
  g_autoptr(GError) error = NULL;

  sign_in_administrators (f);
  at_desk = read_practitioner (f->desk, f->session->practitioner_id);
  in_room = read_practitioner (f->room, f->session->practitioner_id);

  at_desk.colour = (char *) "#2ec27e";
  g_assert_true (meso_schedule_save_practitioner (desk, &at_desk, &error));
  g_assert_no_error (error);

  in_room.own_hours = TRUE;
  in_room.hours[G_DATE_MONDAY] = (MesoHours) { 13 * 60, 19 * 60 };
  g_assert_false (meso_schedule_save_practitioner (room, &in_room, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "changed this practitioner"));
  g_clear_error (&error);

  stored = read_practitioner (f->room, f->session->practitioner_id);
  g_assert_cmpstr (stored.colour, ==, "#2ec27e");
  g_assert_false (stored.own_hours);

  stored.own_hours = TRUE;
  stored.hours[G_DATE_MONDAY] = (MesoHours) { 13 * 60, 19 * 60 };
  g_assert_true (meso_schedule_save_practitioner (room, &stored, &error));
  g_assert_no_error (error);
  /* Saved twice from one form, a record stays current. */
  stored.hours[G_DATE_TUESDAY] = (MesoHours) { 9 * 60, 13 * 60 };
  g_assert_true (meso_schedule_save_practitioner (room, &stored, &error));
  g_assert_no_error (error);
}

static void
test_room_stale_save_refused (Fixture       *f,
                              gconstpointer  data)
{
  MesoSchedule *desk = meso_context_get_schedule (f->desk);
  MesoSchedule *room = meso_context_get_schedule (f->room);
  g_autoptr(GError) error = NULL;
  MesoResources *resources;
  MesoRoom at_desk, in_room;

  sign_in_administrators (f);
  at_desk = *meso_resources_find_room (meso_schedule_get_resources (desk, NULL),
                                       f->session->room_id);
  in_room = *meso_resources_find_room (meso_schedule_get_resources (room, NULL),
                                       f->session->room_id);

  at_desk.name = (char *) "Treatment room";
  g_assert_true (meso_schedule_save_room (desk, &at_desk, &error));
  g_assert_no_error (error);

  in_room.name = (char *) "Room 1";
  in_room.active = FALSE;
  g_assert_false (meso_schedule_save_room (room, &in_room, &error));
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "changed this room"));
  g_clear_error (&error);

  /* A room that is not there is refused as gone, not as changed. */
  {
    MesoRoom gone = in_room;

    gone.id = 9999;
    g_assert_false (meso_schedule_save_room (room, &gone, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  resources = meso_schedule_get_resources (room, &error);
  g_assert_no_error (error);
  in_room = *meso_resources_find_room (resources, f->session->room_id);
  g_assert_cmpstr (in_room.name, ==, "Treatment room");
  g_assert_true (in_room.active);
  in_room.name = (char *) "Treatment room";
  in_room.active = FALSE;
  g_assert_true (meso_schedule_save_room (room, &in_room, &error));
  g_assert_no_error (error);
}

/* Without an audited change to name, the refusal still says what happened. */
static void
test_stale_error_without_audit (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  meso_revision_set_stale_error (meso_context_get_db (f->desk), MESO_RECORD_APPOINTMENT,
                                 f->session->id + 1000, &error);
  g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
  g_assert_true (g_str_has_prefix (error->message, "Someone else changed this appointment"));
}

/* @ok is what a save returned: %TRUE if @expected, else %FALSE for a bad name. */
static void
assert_saved (gboolean   ok,
              gboolean   expected,
              GError   **error)
{
  g_assert_cmpint (ok, ==, expected);
  if (!expected)
    g_assert_error (*error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  else
    g_assert_no_error (*error);
  g_clear_error (error);
}

/* A practitioner, a room and a protocol each need a name of 1 to 100
 * characters, stored without the spaces around it; a refused one leaves
 * the form as it was read, to be saved again once corrected. */
static void
test_resource_names (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *stored;   /* NULL: refused */
  } cases[] = {
    { "", NULL },
    { "   ", NULL },
    { "  Chair 3  ", "Chair 3" },
    { "Ş", "Ş" },
  };
  g_autofree char *long_name = g_strnfill (101, 'a');
  MesoSchedule *schedule = meso_context_get_schedule (f->desk);
  gint64 room_id = f->session->room_id;
  g_autoptr(GError) error = NULL;

  sign_in_administrators (f);
  for (guint i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      const char *name = i < G_N_ELEMENTS (cases) ? cases[i].name : long_name;
      const char *stored = i < G_N_ELEMENTS (cases) ? cases[i].stored : NULL;
      MesoPractitioner practitioner = { .name = (char *) name, .colour = (char *) "#3584e4",
                                        .active = TRUE };
      MesoRoom room = { .id = room_id, .name = (char *) name, .active = TRUE };
      g_autoptr(MesoProtocol) protocol = meso_protocol_new (name, 0);
      MesoResources *stored_resources = meso_schedule_get_resources (schedule, NULL);
      g_autofree char *before = g_strdup (meso_resources_find_room (stored_resources,
                                                                    room_id)->name);
      g_autoptr(GPtrArray) protocols = NULL;
      gboolean listed = FALSE;

      room.revision = meso_resources_find_room (stored_resources, room_id)->revision;
      g_assert_true (meso_protocol_parse_phases (protocol, "4×7", &error));
      assert_saved (meso_schedule_save_practitioner (schedule, &practitioner, &error),
                    stored != NULL, &error);
      assert_saved (meso_schedule_save_room (schedule, &room, &error), stored != NULL, &error);
      assert_saved (meso_schedule_save_protocol (schedule, protocol, &error), stored != NULL,
                    &error);
      stored_resources = meso_schedule_get_resources (schedule, NULL);
      if (stored == NULL)
        {
          g_assert_cmpint (practitioner.id, ==, 0);
          g_assert_cmpint (protocol->id, ==, 0);
          g_assert_cmpstr (meso_resources_find_room (stored_resources, room_id)->name, ==,
                           before);
          continue;
        }
      g_assert_cmpstr (meso_resources_find_practitioner (stored_resources,
                                                         practitioner.id)->name, ==, stored);
      g_assert_cmpstr (meso_resources_find_room (stored_resources, room_id)->name, ==, stored);
      protocols = meso_schedule_list_protocols (schedule, &error);
      g_assert_no_error (error);
      for (guint p = 0; p < protocols->len; p++)
        listed |= g_str_equal (((MesoProtocol *) protocols->pdata[p])->name, stored);
      g_assert_true (listed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/revision/patient-stale-save-refused", Fixture, NULL, fixture_set_up,
              test_patient_stale_save_refused, fixture_tear_down);
  g_test_add ("/meso/revision/screening-change-makes-patient-stale", Fixture, NULL,
              fixture_set_up, test_screening_change_makes_patient_stale, fixture_tear_down);
  g_test_add ("/meso/revision/appointment-stale-save-refused", Fixture, NULL, fixture_set_up,
              test_appointment_stale_save_refused, fixture_tear_down);
  g_test_add ("/meso/revision/unchanged-save-keeps-others-current", Fixture, NULL,
              fixture_set_up, test_unchanged_save_keeps_others_current, fixture_tear_down);
  g_test_add ("/meso/revision/scalp-map-stale-save-refused", Fixture, NULL, fixture_set_up,
              test_scalp_map_stale_save_refused, fixture_tear_down);
  g_test_add_func ("/meso/revision/scalp-map-merge", test_scalp_map_merge);
  g_test_add ("/meso/revision/cocktail-stale-record-refused", Fixture, NULL, fixture_set_up,
              test_cocktail_stale_record_refused, fixture_tear_down);
  g_test_add ("/meso/revision/practitioner-stale-save-refused", Fixture, NULL, fixture_set_up,
              test_practitioner_stale_save_refused, fixture_tear_down);
  g_test_add ("/meso/revision/room-stale-save-refused", Fixture, NULL, fixture_set_up,
              test_room_stale_save_refused, fixture_tear_down);
  g_test_add ("/meso/revision/resource-names", Fixture, NULL, fixture_set_up,
              test_resource_names, fixture_tear_down);
  g_test_add ("/meso/revision/stale-error-without-audit", Fixture, NULL, fixture_set_up,
              test_stale_error_without_audit, fixture_tear_down);
  return g_test_run ();
}
