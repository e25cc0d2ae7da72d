/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clinic.c: clinic settings are validated and shared through the database. */
#include "meso-clinic.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

static void
test_defaults_and_persistence (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, &error);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Admin");
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
  db2 = meso_db_open (path, &error);
  reloaded = meso_clinic_load (db2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_clinic_get_text (reloaded, MESO_CLINIC_NAME), ==, "Saç Kliniği");
  g_assert_cmpstr (meso_clinic_get_text (reloaded, MESO_CLINIC_LANGUAGE), ==, "tr");
  g_assert_cmpuint (meso_clinic_get_number (reloaded, MESO_CLINIC_SESSION_MINUTES), ==, 45);

  g_clear_object (&clinic);
  g_clear_object (&reloaded);
  g_clear_object (&db);
  g_clear_object (&db2);
  meso_test_remove_tree (dir);
}

static void
test_refuses_bad_values (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *missing_logo = g_build_filename (dir, "logo.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, &error);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Admin");

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

  g_clear_object (&clinic);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

static void
count_cb (MesoClinic *clinic,
          guint      *count)
{
  (*count)++;
}

/* What shows a setting follows it: a saved one says so, a refused one not. */
static void
test_changed (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, &error);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Admin");
  guint changed = 0;

  g_signal_connect (clinic, "changed", G_CALLBACK (count_cb), &changed);
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

  g_clear_object (&clinic);
  g_clear_object (&db);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/clinic/defaults-and-persistence", test_defaults_and_persistence);
  g_test_add_func ("/meso/clinic/refuses-bad-values", test_refuses_bad_values);
  g_test_add_func ("/meso/clinic/changed", test_changed);

  return g_test_run ();
}
