/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-calendar-menu.c: the calendar's More menu on the demo clinic.
 * Its choices are radios that show which one is on, and "By Room" makes
 * the day view's columns the rooms. */
#include <adwaita.h>

#include "meso-calendar-page.h"
#include "meso-calendar-view.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-util.h"
#include "meso-window.h"

typedef struct
{
  char             *dir;
  MesoContext      *context;
  MesoWindow       *window;
  MesoCalendarView *view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = meso_test_show_demo (&f->dir, &f->context);
  meso_test_sign_in_demo (f->window);
  meso_test_show_work_page (f->window, "calendar");
  f->view = MESO_CALENDAR_VIEW (meso_test_find_by_type (GTK_WIDGET (f->window),
                                                        MESO_TYPE_CALENDAR_VIEW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "calendar.view", "s", "day"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

/* The menu's item labelled @label in the section after the heading
 * @section ("By Practitioner" is in both). */
typedef struct
{
  const char *section;
  const char *label;
  gboolean    in_section;
  GtkWidget  *found;
} ItemSearch;

static void
search_items (GtkWidget  *widget,
              ItemSearch *search)
{
  if (search->found != NULL)
    return;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)),
                                          search->section) == 0)
    search->in_section = TRUE;
  if (search->in_section && G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name ("GtkModelButton")))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      if (g_strcmp0 (text, search->label) == 0)
        {
          search->found = widget;
          return;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    search_items (child, search);
}

/* The More button's menu, opened: the menu button with a menu model. */
static GtkWidget *
open_menu (Fixture *f)
{
  GtkWidget *page = meso_test_find_by_type (GTK_WIDGET (f->window), MESO_TYPE_CALENDAR_PAGE);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  GtkWidget *button = NULL;
  GtkWidget *popover;

  g_ptr_array_add (stack, page);
  while (stack->len > 0 && button == NULL)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_MENU_BUTTON (widget) &&
          gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
        button = widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  meso_test_iterate_until (meso_test_window_shown, popover, "the More menu");
  return popover;
}

static GtkWidget *
find_item (GtkWidget  *menu,
           const char *section,
           const char *label)
{
  ItemSearch search = { section, label, FALSE, NULL };

  /* The sections' headings come with the popover's first frames. */
  for (gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       search.found == NULL && g_get_monotonic_time () < give_up;
       search.in_section = FALSE)
    {
      search_items (menu, &search);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_nonnull (search.found);
  return search.found;
}

/* Whether the item shows as a radio, and as the one on. */
static void
assert_radio (GtkWidget  *menu,
              const char *section,
              const char *label,
              gboolean    active)
{
  GtkWidget *item = find_item (menu, section, label);
  GParamSpec *pspec;
  GEnumClass *roles;
  int role;
  gboolean is_active;

  /* GtkModelButton's role is a private enum: compared by its nick. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "role");
  roles = g_type_class_ref (pspec->value_type);
  g_object_get (item, "role", &role, "active", &is_active, NULL);
  g_assert_cmpstr (g_enum_get_value (roles, role)->value_nick, ==, "radio");
  g_type_class_unref (roles);
  g_assert_cmpint (is_active, ==, active);
}

static void
test_group_by_room (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *menu = open_menu (f);
  GtkWidget *page = meso_test_find_by_type (GTK_WIDGET (f->window), MESO_TYPE_CALENDAR_PAGE);
  g_autoptr(GError) error = NULL;
  MesoResources *resources =
    meso_schedule_get_resources (meso_context_get_schedule (f->context), &error);
  GPtrArray *rooms = meso_resources_get_rooms (resources);
  g_autofree char *group_by = NULL;

  g_assert_no_error (error);
  assert_radio (menu, "Day View Columns", "By Practitioner", TRUE);
  assert_radio (menu, "Day View Columns", "By Room", FALSE);
  assert_radio (menu, "Colours", "By Practitioner", TRUE);
  assert_radio (menu, "Colours", "By Status", FALSE);

  /* Chosen from the menu, as a click would. */
  g_signal_emit_by_name (find_item (menu, "Day View Columns", "By Room"), "clicked");
  g_object_get (page, "group-by", &group_by, NULL);
  g_assert_cmpstr (group_by, ==, "room");
  assert_radio (menu, "Day View Columns", "By Practitioner", FALSE);
  assert_radio (menu, "Day View Columns", "By Room", TRUE);
  assert_radio (menu, "Colours", "By Practitioner", TRUE);

  /* One column a room, in the rooms' order, headed by its name. */
  g_assert_cmpuint (meso_calendar_view_get_n_columns (f->view), ==, rooms->len);
  for (guint i = 0; i < rooms->len; i++)
    {
      g_autofree char *title = meso_calendar_view_dup_column_title (f->view, i);

      g_assert_cmpstr (title, ==, ((MesoRoom *) g_ptr_array_index (rooms, i))->name);
    }

  g_signal_emit_by_name (find_item (menu, "Colours", "By Status"), "clicked");
  assert_radio (menu, "Colours", "By Status", TRUE);
  assert_radio (menu, "Colours", "By Practitioner", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add ("/meso/gui/calendar-menu/group-by-room", Fixture, NULL, fixture_set_up,
              test_group_by_room, fixture_tear_down);
  return g_test_run ();
}
