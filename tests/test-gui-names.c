/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-names.c: on the demo clinic, every control of the calendar
 * page, Today, Patients and the scalp map window has a name a screen
 * reader can say. GTK 4.8 names an AT-SPI object from its LABEL property
 * or its LABELLED_BY relation only (gtk_at_context_get_name()); without
 * either it says the type's name ("GtkButton"). So a control is named
 * when it has one of the two; the offenders are printed with their
 * tooltips. */
#include <adwaita.h>

#include "meso-calendar-view.h"
#include "meso-scalp-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
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
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

/* Parts of a control that a screen reader meets as the control itself:
 * the button inside a menu button, the text inside an entry, the spin
 * button's and the drop down's own buttons. */
static gboolean
is_inner_part (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return parent != NULL &&
         (GTK_IS_MENU_BUTTON (parent) || GTK_IS_SPIN_BUTTON (parent) ||
          GTK_IS_DROP_DOWN (parent) || GTK_IS_ENTRY (parent) || GTK_IS_SEARCH_ENTRY (parent) ||
          GTK_IS_PASSWORD_ENTRY (parent) ||
          gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW) != NULL ||
          gtk_widget_get_ancestor (widget, GTK_TYPE_SPIN_BUTTON) != NULL ||
          gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL);
}

/* Whether the keyboard can reach @widget: no container on the way shuts
 * its children out (as the combo row's display of its choice does). */
static gboolean
is_reachable (GtkWidget *widget)
{
  for (GtkWidget *parent = gtk_widget_get_parent (widget); parent != NULL;
       parent = gtk_widget_get_parent (parent))
    if (!gtk_widget_get_can_focus (parent))
      return FALSE;
  return TRUE;
}

static gboolean
is_control (GtkWidget *widget)
{
  if (is_inner_part (widget) || !is_reachable (widget))
    return FALSE;
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) ||
           gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (widget));
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SCALE (widget) || GTK_IS_CALENDAR (widget) ||
         /* The children of list views (agenda rows) and custom widgets. */
         (gtk_widget_get_focusable (widget) && !GTK_IS_LABEL (widget) &&
          !GTK_IS_LIST_VIEW (widget) && !GTK_IS_LIST_BOX (widget) &&
          !GTK_IS_SCROLLED_WINDOW (widget) && !GTK_IS_VIEWPORT (widget) &&
          !GTK_IS_POPOVER (widget) && !GTK_IS_WINDOW (widget) && !GTK_IS_STACK (widget) &&
          !ADW_IS_VIEW_STACK (widget));
}

static gboolean
is_named (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

typedef struct
{
  guint    controls;
  GString *unnamed;
  guint    n_unnamed;
} Count;

static void
count_unnamed (GtkWidget *widget,
               Count     *count)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_control (widget))
    {
      count->controls++;
      if (!is_named (widget))
        {
          const char *tooltip = gtk_widget_get_tooltip_text (widget);

          count->n_unnamed++;
          GtkWidget *parent = gtk_widget_get_parent (widget);
          GtkWidget *grandparent = parent != NULL ? gtk_widget_get_parent (parent) : NULL;

          g_string_append_printf (count->unnamed, "\n  %s in %s in %s, tooltip “%s”",
                                  G_OBJECT_TYPE_NAME (widget),
                                  parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "-",
                                  grandparent != NULL ? G_OBJECT_TYPE_NAME (grandparent) : "-",
                                  tooltip != NULL ? tooltip : "");
          if (GTK_IS_BUTTON (widget) && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))))
            g_string_append_printf (count->unnamed, " label “%s”",
                                    gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (widget)))));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_unnamed (child, count);
}

static void
settle (void)
{
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
}

/* The controls of @root without a name: none. */
static void
assert_all_named (GtkWidget  *root,
                  const char *where)
{
  Count count = { 0, g_string_new (""), 0 };

  settle ();
  count_unnamed (root, &count);
  g_test_message ("%s: %u of %u controls unnamed%s", where, count.n_unnamed, count.controls,
                  count.unnamed->str);
  g_assert_cmpuint (count.controls, >, 5);
  /* Each page fails on its own, so that one run lists them all. */
  if (count.n_unnamed > 0)
    g_test_fail_printf ("%s: %u of %u controls have no name:%s", where, count.n_unnamed,
                        count.controls, count.unnamed->str);
  g_string_free (count.unnamed, TRUE);
}

static gboolean
is_heading (GtkWidget    *widget,
            gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading");
}

/* For meso_test_iterate_until(): the list has rows. */
static gboolean
has_rows (gpointer list)
{
  return gtk_widget_get_first_child (list) != NULL &&
         gtk_widget_get_mapped (gtk_widget_get_first_child (list));
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);

  meso_test_show_work_page (f->window, data);
  /* The reminders come from a sync, which the application makes. */
  if (g_str_equal (data, "today"))
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (meso_reminders_sync (meso_context_get_reminders (f->context), &error));
      g_assert_no_error (error);
    }
  if (g_str_equal (data, "today"))
    meso_test_iterate_until (has_rows, meso_test_get_widget (root, "today_list"), "reminders");
  if (g_str_equal (data, "patients"))
    meso_test_iterate_until (has_rows, meso_test_get_widget (root, "list_view"), "patients");
  assert_all_named (root, data);
  if (g_str_equal (data, "patients"))
    {
      /* A patient's row is called by the patient's name. */
      GtkWidget *row = gtk_widget_get_first_child (meso_test_get_widget (root, "list_view"));
      GtkWidget *name = meso_test_find_where (row, FALSE, is_heading, NULL);
      g_autofree char *problem = NULL;

      g_assert_nonnull (name);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name)), !=, "");
      problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                    gtk_label_get_text (GTK_LABEL (name)));
      g_assert_null (problem);
    }
  if (g_str_equal (data, "calendar"))
    {
      /* The agenda's rows too. */
      g_assert_true (gtk_widget_activate_action (meso_test_find_by_type (root,
                                                                         MESO_TYPE_CALENDAR_VIEW),
                                                 "calendar.view", "s", "agenda"));
      meso_test_iterate_until (has_rows, meso_test_get_widget (root, "agenda_view"), "the agenda");
      assert_all_named (root, "agenda");
    }
}

static void
test_scalp_window (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(GPtrArray) sessions = meso_schedule_list_range (schedule, 0, G_MAXINT32 * G_GINT64_CONSTANT (4),
                                                            &error);
  MesoScalpWindow *window;

  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, >, 0);
  window = meso_scalp_window_new (GTK_WINDOW (f->window), f->context,
                                  g_ptr_array_index (sessions, 0), &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the scalp map window");
  assert_all_named (GTK_WIDGET (window), "scalp map");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add ("/meso/gui/names/calendar", Fixture, "calendar", fixture_set_up, test_page,
              fixture_tear_down);
  g_test_add ("/meso/gui/names/today", Fixture, "today", fixture_set_up, test_page,
              fixture_tear_down);
  g_test_add ("/meso/gui/names/patients", Fixture, "patients", fixture_set_up, test_page,
              fixture_tear_down);
  g_test_add ("/meso/gui/names/scalp-map", Fixture, NULL, fixture_set_up, test_scalp_window,
              fixture_tear_down);
  return g_test_run ();
}
