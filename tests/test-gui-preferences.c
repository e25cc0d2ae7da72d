/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-preferences.c: the clinic's preferences show its numbers, and
 * each spin button saves the setting it is labelled with; a page is built
 * when first shown, with what is stored then; the agendas kept as files
 * are switched on by those who may. */
#include <adwaita.h>
#include <string.h>

#include "meso-calendar-settings.h"
#include "meso-handout-settings.h"
#include "meso-preferences-window.h"
#include "meso-reminder-settings.h"
#include "meso-second-folder-row.h"
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

static gboolean
patients_rebuilt (gpointer store)
{
  return !meso_patient_store_is_rebuilding (store);
}

/* The script order row shows the clinic's setting and saves a choice; the
 * patient list then follows it. */
static void
test_script_order (Fixture       *f,
                   gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  MesoPatientStore *store = meso_context_get_patient_store (f->context);
  AdwComboRow *row = ADW_COMBO_ROW (meso_test_get_widget (GTK_WIDGET (f->preferences),
                                                          "script_order_row"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  GDate today;
  const char *const families[] = { "Zorro", "Абрамов" };

  meso_test_date (&today, 2026, 11, 20);
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      g_autoptr(MesoPatient) patient = meso_patient_new ();

      meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, families[i]);
      meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Anna");
      meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "1980-01-01");
      g_assert_true (meso_patient_store_save (store, patient, NULL, &today, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, MESO_SCRIPT_ORDER_INTERLEAVED);

  adw_combo_row_set_selected (row, MESO_SCRIPT_ORDER_GROUPED);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SCRIPT_ORDER), ==,
                    MESO_SCRIPT_ORDER_GROUPED);
  meso_test_iterate_until (patients_rebuilt, store, "the patients' keys");
  ids = meso_patient_store_search (store, NULL, MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  {
    g_autoptr(MesoPatient) first = meso_patient_store_load (store, g_array_index (ids, gint64, 0),
                                                            NULL);

    /* Grouped: Zorro (Latin) before Абрамов, which interleaved came first. */
    g_assert_cmpstr (meso_patient_get_field (first, MESO_PATIENT_FAMILY_NAME), ==, "Zorro");
  }
  gtk_window_destroy (GTK_WINDOW (f->preferences));
}

/* Whether the page of @type holds any row yet. */
static gboolean
has_rows (Fixture *f,
          GType    type)
{
  GtkWidget *page = meso_test_find_by_type (GTK_WIDGET (f->preferences), type);

  g_assert_nonnull (page);
  return meso_test_find_by_type (page, ADW_TYPE_PREFERENCES_ROW) != NULL;
}

/* The window opens with the Clinic page alone built; every other page is
 * there to choose, and built when first shown, with what is stored by
 * then: a change made while it was not built is not lost, and what is
 * changed on it is saved. Closing the window with pages never shown loses
 * nothing either: there is nothing they could hold. */
static void
test_pages_when_shown (Fixture       *f,
                       gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  MesoStaffStore *staff = meso_context_get_staff_store (f->context);
  GtkWidget *backups_page;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (meso_test_find_widget (GTK_WIDGET (f->preferences), "name_row"));
  g_assert_null (meso_test_find_widget (GTK_WIDGET (f->preferences), "lock_spin"));
  g_assert_null (meso_test_find_widget (GTK_WIDGET (f->preferences), "staff_list"));
  g_assert_null (meso_test_find_widget (GTK_WIDGET (f->preferences), "last_backup_row"));
  g_assert_false (has_rows (f, MESO_TYPE_CALENDAR_SETTINGS));
  g_assert_false (has_rows (f, MESO_TYPE_REMINDER_SETTINGS));
  g_assert_false (has_rows (f, MESO_TYPE_HANDOUT_SETTINGS));

  /* Changed while the Staff page was not built (elsewhere, the same clinic). */
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_LOCK_MINUTES, 7, &error));
  g_assert_true (meso_staff_store_update (staff, meso_staff_get_id (f->admin), "Selin Demir",
                                          MESO_ROLE_ADMINISTRATOR, TRUE, NULL, &error));
  g_assert_no_error (error);

  show_page (f, "staff_page");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "lock_spin")), ==, 7);
  g_assert_nonnull (meso_test_find_row (GTK_WIDGET (f->preferences), "Selin Demir"));
  gtk_spin_button_set_value (spin (f, "lock_spin"), 12);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_LOCK_MINUTES), ==, 12);
  /* Only the page shown was built. */
  g_assert_null (meso_test_find_widget (GTK_WIDGET (f->preferences), "last_backup_row"));
  g_assert_false (has_rows (f, MESO_TYPE_CALENDAR_SETTINGS));

  backups_page = show_page (f, "backups_page");
  g_assert_nonnull (meso_test_find_widget (backups_page, "last_backup_row"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin (f, "daily_spin")), ==,
                   meso_clinic_get_number (clinic, MESO_CLINIC_BACKUP_DAILY));
  adw_preferences_window_set_visible_page (
    ADW_PREFERENCES_WINDOW (f->preferences),
    ADW_PREFERENCES_PAGE (meso_test_find_by_type (GTK_WIDGET (f->preferences),
                                                  MESO_TYPE_CALENDAR_SETTINGS)));
  g_assert_true (has_rows (f, MESO_TYPE_CALENDAR_SETTINGS));
  g_assert_false (has_rows (f, MESO_TYPE_REMINDER_SETTINGS));

  gtk_window_destroy (GTK_WINDOW (f->preferences));
}

/* Keeping the agendas as files is this workstation's choice (GSettings),
 * made by staff who may change the clinic's settings. */
static void
test_keep_agendas (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.mesodesk.Mesodesk");
  g_autoptr(MesoStaff) receptionist = NULL;
  GtkWidget *page, *row;

  page = meso_test_find_by_type (GTK_WIDGET (f->preferences), MESO_TYPE_CALENDAR_SETTINGS);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (f->preferences),
                                           ADW_PREFERENCES_PAGE (page));
  row = meso_test_find_row (page, "Keep agendas up to date on this computer");
  g_assert_true (gtk_widget_is_sensitive (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "agendas"));
  g_assert_false (g_settings_get_boolean (settings, "keep-agendas"));
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_by_type (row, GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "keep-agendas"));
  g_settings_reset (settings, "keep-agendas");
  gtk_window_destroy (GTK_WINDOW (f->preferences));

  receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                    "Deniz Kaya");
  f->preferences = meso_preferences_window_new (f->context);
  gtk_window_present (GTK_WINDOW (f->preferences));
  meso_test_iterate_until (meso_test_window_shown, f->preferences, "the preferences again");
  page = meso_test_find_by_type (GTK_WIDGET (f->preferences), MESO_TYPE_CALENDAR_SETTINGS);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (f->preferences),
                                           ADW_PREFERENCES_PAGE (page));
  row = meso_test_find_row (page, "Keep agendas up to date on this computer");
  g_assert_false (gtk_widget_is_sensitive (row));
  gtk_window_destroy (GTK_WINDOW (f->preferences));
}

static gboolean
has_tooltip (GtkWidget    *widget,
             gconstpointer tooltip)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* The second backup folder: shown as stored, and cleared with its button,
 * which is then insensitive. */
static void
test_second_folder (Fixture       *f,
                    gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autoptr(GError) error = NULL;
  GtkWidget *page, *row, *clear;

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_BACKUP_SECOND_FOLDER, f->dir, &error));
  g_assert_no_error (error);
  page = show_page (f, "backups_page");
  row = meso_test_find_by_type (page, MESO_TYPE_SECOND_FOLDER_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, f->dir);
  clear = meso_test_find_where (row, FALSE, has_tooltip, "Stop copying backups to this folder");
  g_assert_nonnull (clear);
  g_assert_true (gtk_widget_get_sensitive (clear));
  g_signal_emit_by_name (clear, "clicked");
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_BACKUP_SECOND_FOLDER), ==, "");
  g_assert_false (gtk_widget_get_sensitive (clear));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, f->dir);
  gtk_window_destroy (GTK_WINDOW (f->preferences));
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

/* The damaged-database banner asks the preferences to restore before they
 * are even shown: the Backups page is built for it, and shown first. */
static void
test_restore_before_shown (void)
{
  g_autofree char *dir = NULL;
  MesoContext *context = meso_test_open_context (&dir);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (context),
                                                  MESO_ROLE_ADMINISTRATOR, "Administrator");
  MesoPreferencesWindow *preferences = meso_preferences_window_new (context);
  GtkWidget *restore;

  meso_preferences_window_restore_latest (preferences);
  restore = meso_test_get_widget (GTK_WIDGET (preferences), "restore_button");
  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences)) ==
                 ADW_PREFERENCES_PAGE (meso_test_get_widget (GTK_WIDGET (preferences),
                                                             "backups_page")));
  /* Looking for a backup that passes its check, in a worker. */
  g_assert_false (gtk_widget_get_sensitive (restore));
  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  meso_test_iterate_until (is_sensitive, restore, "the search to end");
  gtk_window_destroy (GTK_WINDOW (preferences));
  meso_test_close_clinic (NULL, &context, &dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/preferences/numbers", Fixture, NULL, fixture_set_up, test_numbers,
              fixture_tear_down);
  g_test_add ("/meso/gui/preferences/pages-when-shown", Fixture, NULL, fixture_set_up,
              test_pages_when_shown, fixture_tear_down);
  g_test_add ("/meso/gui/preferences/second-folder", Fixture, NULL, fixture_set_up,
              test_second_folder, fixture_tear_down);
  g_test_add ("/meso/gui/preferences/keep-agendas", Fixture, NULL, fixture_set_up,
              test_keep_agendas, fixture_tear_down);
  g_test_add ("/meso/gui/preferences/script-order", Fixture, NULL, fixture_set_up,
              test_script_order, fixture_tear_down);
  g_test_add_func ("/meso/gui/preferences/restore-before-shown", test_restore_before_shown);

  return g_test_run ();
}
