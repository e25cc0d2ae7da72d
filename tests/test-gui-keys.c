/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-keys.c: the demo clinic driven with real key presses (XTEST,
 * through the X server and GTK's whole input path): Tab leaves the patient
 * list in one press, however many patients it shows, and Shift+Tab comes
 * back to it. */
#include <adwaita.h>

#include "meso-patients-page.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-keys.h"
#include "meso-test-util.h"
#include "meso-window.h"

typedef struct
{
  char        *dir;
  MesoContext *context;
  MesoWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = meso_test_show_demo (&f->dir, &f->context);
  meso_test_sign_in_demo (f->window);
  meso_test_focus_window (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

typedef struct
{
  GtkWindow *window;
  GtkWidget *inside;
  gboolean   want_inside;
} FocusWait;

/* The keyboard focus is (or is not) in @inside. */
static gboolean
focus_is (gpointer data)
{
  FocusWait *wait = data;
  GtkWidget *focus = gtk_window_get_focus (wait->window);

  /* Somewhere: a Tab that drops the focus has not moved it on. */
  if (focus == NULL)
    return FALSE;
  return (focus == wait->inside || gtk_widget_is_ancestor (focus, wait->inside)) ==
         wait->want_inside;
}

static gboolean
list_has_rows (gpointer list)
{
  GtkSelectionModel *model = gtk_list_view_get_model (list);

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 20;
}

/* In a list of the demo's patients, one Tab reaches what follows the list,
 * not the next patient; Shift+Tab returns to the list. */
static void
test_tab_leaves_patient_list (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *list;
  FocusWait wait = { GTK_WINDOW (f->window), NULL, TRUE };

  meso_test_show_work_page (f->window, "patients");
  list = meso_test_get_widget (GTK_WIDGET (f->window), "list_view");
  meso_test_iterate_until (list_has_rows, list, "the patient list");
  wait.inside = list;
  g_assert_true (gtk_widget_grab_focus (list));
  meso_test_iterate_until (focus_is, &wait, "the list to have the focus");

  meso_test_press_key (GDK_KEY_Down);
  meso_test_press_key (GDK_KEY_Tab);
  wait.want_inside = FALSE;
  meso_test_iterate_until (focus_is, &wait, "Tab to leave the list");

  meso_test_press_key_with (GDK_KEY_Shift_L, GDK_KEY_Tab);
  wait.want_inside = TRUE;
  meso_test_iterate_until (focus_is, &wait, "Shift+Tab to return to the list");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/keys/tab-leaves-patient-list", Fixture, NULL, fixture_set_up,
              test_tab_leaves_patient_list, fixture_tear_down);

  return g_test_run ();
}
