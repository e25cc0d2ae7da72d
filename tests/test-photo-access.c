/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-photo-access.c: who may see scalp photos, and what the record keeps
 * of it. A receptionist cannot list, view or export them; a restricted
 * patient's are for administrators; every look is audited, once per look,
 * not once per refresh; anonymising erases the photos that may show the
 * face. */
#include <string.h>

#include "meso-clinic.h"
#include "meso-record-restriction.h"
#include "meso-test-db.h"
#include "meso-test-photos.h"
#include "meso-test-session.h"

typedef MesoSessionFixture Fixture;

static MesoPhotoStore *
photos (Fixture *f)
{
  return meso_context_get_photo_store (f->context);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return meso_test_query_int (meso_context_get_db (f->context), sql);
}

/* A receptionist cannot list, view, export or add photos through the core. */
static void
test_receptionist_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MesoPhotoImage) image = meso_photo_image_prepare (file, "back.png", NULL);
  gint64 back = meso_test_photo_view_id (f, "back");
  gint64 id = meso_test_import_photo (f, file, "back", &error);
  gint64 audited;

  g_assert_no_error (error);
  receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                    "Zeynep");
  audited = count (f, "SELECT count(*) FROM audit");
  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  g_assert_null (list);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  for (MesoPhotoPurpose purpose = MESO_PHOTO_PURPOSE_VIEW; purpose <= MESO_PHOTO_PURPOSE_PRINT;
       purpose++)
    {
      bytes = meso_photo_store_load_image (photos (f), id, purpose, &error);
      g_assert_null (bytes);
      g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
      g_clear_error (&error);
    }
  bytes = meso_photo_store_load_thumbnail (photos (f), id, &error);
  g_assert_null (bytes);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (meso_photo_store_add (photos (f), f->session->id, back, NULL,
                                         MESO_PHOTO_CONSENT_CLINICAL, image, &error), ==, 0);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (meso_photo_store_list_views (photos (f), FALSE, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit"), ==, audited);
}

/* A restricted patient's photos are opened by administrators only, as
 * the patient is. */
static void
test_restricted_patient (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  MesoVec2 on_photo[3], on_base[3];
  guint n = 0;
  gint64 id = meso_test_import_photo (f, file, "back", &error);

  g_assert_no_error (error);
  meso_clock_set_now (meso_context_get_clock (f->context), f->session->starts_at + 2 * 86400);
  admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                             "Clinic Manager");
  g_assert_true (meso_record_restrict (f->context, f->session->patient_id, &error));
  g_assert_no_error (error);
  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);

  meso_db_set_actor (meso_context_get_db (f->context), f->physician);
  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  g_assert_null (list);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  image = meso_photo_store_load_image (photos (f), id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_null (image);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  image = meso_photo_store_load_thumbnail (photos (f), id, &error);
  g_assert_null (image);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_photo_store_set_consent (photos (f), id, MESO_PHOTO_CONSENT_TEACHING,
                                                &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (meso_photo_store_load_alignment (photos (f), id, id, on_photo, on_base, &n,
                                                   &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  /* Refused looks leave no trace of a look. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose <> 'list'"), ==, 0);
}

/* Anonymising a patient erases the images of the photos that may show the
 * face, and every photo's file name; the scalp-only views keep theirs and
 * --check still passes. Before it, no image can be erased. */
static void
test_anonymise (Fixture       *f,
                gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  static const char *const refused[] = {
    "UPDATE photo SET erased_on = '2026-12-01' WHERE id = %lld",
    "DELETE FROM photo_image WHERE photo_id = %lld",
  };
  g_autofree char *report = NULL;
  g_autofree char *restore = NULL;
  gint64 face = meso_test_import_photo (f, file, "hairline", &error);
  gint64 crown = meso_test_import_photo (f, file, "vertex", &error);

  g_assert_no_error (error);
  /* Neither the mark nor the image's removal, each on its own. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *sql = g_strdup_printf (refused[i], (long long) face);

      g_assert_false (meso_test_write_sql (db, sql, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_image"), ==, 2);

  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Clinic Manager");
  meso_clock_set_now (meso_context_get_clock (f->context), f->session->starts_at + 2 * 86400);
  g_assert_true (meso_record_restrict (f->context, f->session->patient_id, &error));
  g_assert_no_error (error);
  g_assert_true (meso_clinic_set_number (meso_context_get_clinic (f->context),
                                         MESO_CLINIC_RETENTION_YEARS, 5, &error));
  meso_clock_set_now (meso_context_get_clock (f->context),
                      f->session->starts_at + 5 * 366 * (gint64) 86400);
  g_assert_true (meso_record_anonymise (f->context, f->session->patient_id, &error));
  g_assert_no_error (error);

  image = meso_photo_store_load_image (photos (f), face, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  image = meso_photo_store_load_image (photos (f), crown, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_image"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo WHERE file_name = 'IMG_0042.JPG'"), ==, 0);
  /* Erased for good: neither unmarked nor given an image again. */
  g_assert_false (meso_test_write_sql (db, "UPDATE photo SET erased_on = NULL", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  restore = g_strdup_printf ("INSERT INTO photo_image (photo_id, image, thumbnail)"
                             " SELECT %lld, image, thumbnail FROM photo_image"
                             " WHERE photo_id = %lld", (long long) face, (long long) crown);
  g_assert_false (meso_test_write_sql (db, restore, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  if (!meso_test_engine_is_server ())
    {
      report = meso_db_check (meso_db_get_path (db), &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (report, "Photos: ok (1,"));
    }
}

/* A window refreshed, a photo shown again: the same look, written once.
 * Ten minutes later, or another purpose, is a new one; exports and prints
 * are each written. */
static void
test_same_look_once (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  MesoClock *clock = meso_context_get_clock (f->context);
  gint64 id = meso_test_import_photo (f, file, "back", &error);
  gint64 start = f->session->starts_at;

  g_assert_no_error (error);
  meso_clock_set_now (clock, start);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) list = meso_photo_store_list_patient (photos (f),
                                                                 f->session->patient_id, &error);
      g_autoptr(GBytes) shown = meso_photo_store_load_image (photos (f), id,
                                                             MESO_PHOTO_PURPOSE_VIEW, &error);
      g_autoptr(GBytes) printed = meso_photo_store_load_image (photos (f), id,
                                                               MESO_PHOTO_PURPOSE_PRINT, &error);

      g_assert_no_error (error);
      meso_clock_set_now (clock, start + 60 * (i + 1));
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'list'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'view'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 3);

  meso_clock_set_now (clock, start + 11 * 60);
  g_ptr_array_unref (meso_photo_store_list_patient (photos (f), f->session->patient_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'list'"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, meso_session_fixture_set_up, func, \
              meso_session_fixture_tear_down)
  ADD ("/meso/photo-access/receptionist-refused", test_receptionist_refused);
  ADD ("/meso/photo-access/restricted-patient", test_restricted_patient);
  ADD ("/meso/photo-access/same-look-once", test_same_look_once);
  ADD ("/meso/photo-access/anonymise", test_anonymise);
#undef ADD
  return g_test_run ();
}
