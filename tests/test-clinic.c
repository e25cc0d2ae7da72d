/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clinic.c: clinic settings are validated and shared through the database. */
#include "meso-clinic.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

/* A new clinic database with an administrator signed in, and its settings. */
typedef struct
{
  char       *dir;
  MesoDb     *db;
  MesoClinic *clinic;
  MesoStaff  *admin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = meso_test_open_db (&f->dir);
  f->clinic = meso_clinic_load (f->db, &error);
  g_assert_no_error (error);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Admin");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->clinic);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->admin);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_defaults_and_persistence (Fixture       *f,
                               gconstpointer  data)
{
  MesoClinic *clinic = f->clinic;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) reloaded = NULL;
  g_autoptr(MesoDb) db2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SESSION_MINUTES), ==, 30);
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE), ==, "en");
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_NAME), ==, "");

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, " Saç Kliniği ", &error));
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 01 23", &error));
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_LANGUAGE, "tr", &error));
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 45, &error));
  g_assert_no_error (error);

  /* Another workstation opening the same file sees the same clinic. */
  db2 = meso_db_open (meso_db_get_path (f->db), &error);
  reloaded = meso_clinic_load (db2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_clinic_get_text (reloaded, MESO_CLINIC_NAME), ==, "Saç Kliniği");
  g_assert_cmpstr (meso_clinic_get_text (reloaded, MESO_CLINIC_LANGUAGE), ==, "tr");
  g_assert_cmpuint (meso_clinic_get_number (reloaded, MESO_CLINIC_SESSION_MINUTES), ==, 45);

  g_clear_object (&reloaded);
  g_clear_object (&db2);
}

static void
test_refuses_bad_values (Fixture       *f,
                         gconstpointer  data)
{
  MesoClinic *clinic = f->clinic;
  g_autofree char *missing_logo = g_build_filename (f->dir, "logo.png", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 01 23", &error));

  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "ask reception", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_PHONE), ==, "+90 212 555 01 23");

  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_LOGO_FILE, missing_logo, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SESSION_MINUTES), ==, 30);
}

/* What shows a setting follows it: a saved one says so, a refused one not. */
static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  MesoClinic *clinic = f->clinic;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect_swapped (clinic, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, "Saç Kliniği", &error));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 45, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "ask reception", &error));
  g_clear_error (&error);
  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 0, &error));
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 2);
  g_signal_handlers_disconnect_by_func (clinic, meso_test_count_cb, &changed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/clinic/defaults-and-persistence", test_defaults_and_persistence);
  ADD ("/meso/clinic/refuses-bad-values", test_refuses_bad_values);
  ADD ("/meso/clinic/changed", test_changed);
#undef ADD

  return g_test_run ();
}
