/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-languages.c: run by with-locale.sh in Turkish, Spanish and
 * Russian, the windows a clinic works in speak that language: the main
 * window's pages and its calendar, a patient, the scalp map and the
 * composer show their labels translated, not in English. With
 * MESO_TEST_SCREENSHOTS set to a folder, each window is saved there as a
 * PNG at its default size and at 1024 x 600, to look at for clipping. */
#include <locale.h>
#include <string.h>

#include "meso-audit-window.h"
#include "meso-composer-window.h"
#include "meso-scalp-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-window.h"

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoAppointment *session;
  MesoStaff       *physician;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoAppointment) booked = NULL;
  g_autoptr(GError) error = NULL;

  f->context = meso_test_open_context (&f->dir);
  booked = meso_test_book_session (f->context, FALSE, &f->physician);
  /* As the calendar hands it over: with the patient's name. */
  f->session = meso_schedule_load (meso_context_get_schedule (f->context), booked->id, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->physician);
  meso_test_close_clinic (NULL, &f->context, &f->dir);
}

/* Asserts that @shown is @english translated, and that the catalogue has a
 * translation for it at all. */
static void
assert_translated (const char *shown,
                   const char *english)
{
  g_assert_cmpstr (shown, ==, _(english));
  g_assert_cmpstr (shown, !=, english);
}

/* Asserts that @shown begins as @english_format does translated, up to its
 * "%s", and not as in English. */
static void
assert_translated_title (const char *shown,
                         const char *english_format)
{
  const char *translated = _(english_format);
  g_autofree char *prefix = g_strndup (translated, strstr (translated, "%s") - translated);
  g_autofree char *english = g_strndup (english_format, strstr (english_format, "%s") - english_format);

  g_assert_true (g_str_has_prefix (shown, prefix));
  g_assert_false (g_str_has_prefix (shown, english));
}

/* The window at @width x @height, named by the locale and @name. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name,
                 int         width,
                 int         height)
{
  g_autofree char *named = g_strdup_printf ("%s-%s", setlocale (LC_MESSAGES, NULL), name);

  meso_test_screenshot (window, named, width, height);
}

static const char *
page_title (MesoWindow *window,
            const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (meso_test_get_widget (GTK_WIDGET (window), "view_stack"));

  return adw_view_stack_page_get_title (adw_view_stack_get_page (stack,
                                                                  adw_view_stack_get_child_by_name (stack, name)));
}

/* The main window: its pages, the calendar, and a patient's form. */
static void
test_main_window (Fixture       *f,
                  gconstpointer  data)
{
  MesoWindow *window = meso_test_show_window (f->context);
  GtkWidget *editor;

  meso_test_enter_pin (GTK_WIDGET (window), 1, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, window, "the physician to sign in");
  assert_translated (page_title (window, "today"), "Today");
  assert_translated (page_title (window, "calendar"), "Calendar");
  assert_translated (page_title (window, "patients"), "Patients");
  meso_test_show_work_page (window, "calendar");
  save_screenshot (GTK_WIDGET (window), "calendar", 1280, 800);
  save_screenshot (GTK_WIDGET (window), "calendar", 1024, 600);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-patient", NULL);
  editor = meso_test_get_widget (GTK_WIDGET (window), "editor");
  assert_translated (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (meso_test_get_widget (editor,
                                                                                               "family_name_row"))),
                     "Family name");
  save_screenshot (GTK_WIDGET (window), "patient", 1280, 800);
  save_screenshot (GTK_WIDGET (window), "patient", 1024, 600);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The scalp map and the composer of the session. */
static void
test_session_windows (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoScalpWindow *scalp = meso_scalp_window_new (NULL, f->context, f->session, &error);
  MesoComposerWindow *composer = NULL;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (scalp));
  meso_test_iterate_until (meso_test_window_shown, scalp, "the scalp map");
  assert_translated_title (gtk_window_get_title (GTK_WINDOW (scalp)), "Scalp Map: %s");
  save_screenshot (GTK_WIDGET (scalp), "scalp", 1280, 800);
  save_screenshot (GTK_WIDGET (scalp), "scalp", 1024, 600);
  gtk_window_destroy (GTK_WINDOW (scalp));

  composer = meso_composer_window_new (NULL, f->context, f->session, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (composer));
  meso_test_iterate_until (meso_test_window_shown, composer, "the composer");
  assert_translated_title (gtk_window_get_title (GTK_WINDOW (composer)), "Cocktail: %s");
  save_screenshot (GTK_WIDGET (composer), "composer", 1280, 800);
  save_screenshot (GTK_WIDGET (composer), "composer", 1024, 600);
  gtk_window_destroy (GTK_WINDOW (composer));
}

/* The patient's History: its filters and the names in its rows. */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  MesoAuditWindow *history = meso_audit_window_new (f->context, MESO_AUDIT_BY_PATIENT,
                                                    f->session->patient_id, "Yılmaz");
  GListModel *records;
  g_autoptr(GtkStringObject) any = NULL;

  gtk_window_present (GTK_WINDOW (history));
  meso_test_iterate_until (meso_test_window_shown, history, "the History");
  assert_translated_title (gtk_window_get_title (GTK_WINDOW (history)), "History of %s");
  records = gtk_drop_down_get_model (GTK_DROP_DOWN (meso_test_get_widget (GTK_WIDGET (history),
                                                                          "record_dropdown")));
  any = g_list_model_get_item (records, 0);
  assert_translated (gtk_string_object_get_string (any), "Any record");
  save_screenshot (GTK_WIDGET (history), "history", 1280, 800);
  save_screenshot (GTK_WIDGET (history), "history", 1024, 600);
  gtk_window_destroy (GTK_WINDOW (history));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  /* Run in English, this test would prove nothing. */
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), !=, "C.UTF-8");

  g_test_add ("/meso/gui/languages/main-window", Fixture, NULL, fixture_set_up,
              test_main_window, fixture_tear_down);
  g_test_add ("/meso/gui/languages/session-windows", Fixture, NULL, fixture_set_up,
              test_session_windows, fixture_tear_down);
  g_test_add ("/meso/gui/languages/history", Fixture, NULL, fixture_set_up, test_history,
              fixture_tear_down);
  return g_test_run ();
}
