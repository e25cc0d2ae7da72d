/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-preferences.c: the clinic's preferences show its numbers, and
 * each spin button saves the setting it is labelled with; a page is built
 * when first shown, with what is stored then. */
#include <adwaita.h>

#include "meso-preferences-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"

typedef struct
{
  char                  *dir;
  MesoContext           *context;
  MesoStaff             *admin;
  MesoPreferencesWindow *preferences;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoClinic *clinic;

  f->context = meso_test_open_context (&f->dir);
  clinic = meso_context_get_clinic (f->context);
  f->admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                                "Administrator");
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 45, &error));
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_LOCK_MINUTES, 3, &error));
  g_assert_no_error (error);
  f->preferences = meso_preferences_window_new (f->context);
  gtk_window_present (GTK_WINDOW (f->preferences));
  meso_test_iterate_until (meso_test_window_shown, f->preferences, "the preferences");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->admin);
  meso_test_close_clinic (NULL, &f->context, &f->dir);
}

static GtkSpinButton *
spin (Fixture    *f,
      const char *id)
{
  return GTK_SPIN_BUTTON (meso_test_get_widget (GTK_WIDGET (f->preferences), id));
}

/* Switches to the page @id, as a click on its tab does. */
static GtkWidget *
show_page (Fixture    *f,
           const char *id)
{
  GtkWidget *page = meso_test_get_widget (GTK_WIDGET (f->preferences), id);

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (f->preferences),
                                           ADW_PREFERENCES_PAGE (page));
  return page;
}

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);

  /* Each spin button shows its own setting... */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "session_spin")), ==, 45);
  show_page (f, "staff_page");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "lock_spin")), ==, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "screening_spin")), ==, 30);

  /* ... and saves only that one. */
  gtk_spin_button_set_value (spin (f, "screening_spin"), 90);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SCREENING_DAYS), ==, 90);
  gtk_spin_button_set_value (spin (f, "lock_spin"), 10);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_LOCK_MINUTES), ==, 10);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SESSION_MINUTES), ==, 45);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SCREENING_DAYS), ==, 90);

  gtk_window_destroy (GTK_WINDOW (f->preferences));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/preferences/numbers", Fixture, NULL, fixture_set_up, test_numbers,
              fixture_tear_down);

  return g_test_run ();
}
