/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-gui.h: finding a window's widgets and waiting on the main loop,
 * for the tests that drive the GUI in-process. */
#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "config.h"

#define MESO_TEST_TIMEOUT_US (10 * G_USEC_PER_SEC)

/* Whether @widget matches what @data describes, for meso_test_find_where(). */
typedef gboolean (*MesoTestMatch) (GtkWidget    *widget,
                                   gconstpointer data);

/* The first widget under @root, @root included and depth first, that
 * @match accepts with @data; with @mapped_only, among mapped ones only. */
static inline GtkWidget *
meso_test_find_where (GtkWidget     *root,
                      gboolean       mapped_only,
                      MesoTestMatch  match,
                      gconstpointer  data)
{
  if (mapped_only && !gtk_widget_get_mapped (root))
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = meso_test_find_where (child, mapped_only, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Template children keep their id from the .ui as their buildable id. */
static inline gboolean
meso_test_has_id (GtkWidget    *widget,
                  gconstpointer id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

static inline GtkWidget *
meso_test_find_widget_in (GtkWidget  *root,
                          const char *id,
                          gboolean    mapped_only)
{
  return meso_test_find_where (root, mapped_only, meso_test_has_id, id);
}

/* Ids repeat across pages (and inside GTK's own templates, such as a drop
 * down's "search_entry"): what is on screen wins. */
static inline GtkWidget *
meso_test_find_widget (GtkWidget  *root,
                       const char *id)
{
  GtkWidget *found = meso_test_find_widget_in (root, id, TRUE);

  return found != NULL ? found : meso_test_find_widget_in (root, id, FALSE);
}

static inline GtkWidget *
meso_test_get_widget (GtkWidget  *root,
                      const char *id)
{
  GtkWidget *widget = meso_test_find_widget (root, id);

  if (widget == NULL)
    g_error ("no widget “%s” in the window", id);
  return widget;
}

static inline gboolean
meso_test_is_of_type (GtkWidget    *widget,
                      gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The first widget of @type under @root: for widgets made in code. */
static inline GtkWidget *
meso_test_find_by_type (GtkWidget *root,
                        GType      type)
{
  return meso_test_find_where (root, FALSE, meso_test_is_of_type, GSIZE_TO_POINTER (type));
}

static inline gboolean
meso_test_is_row_titled (GtkWidget    *widget,
                         gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The preferences row titled @title, for rows made in code. */
static inline GtkWidget *
meso_test_find_row (GtkWidget  *root,
                    const char *title)
{
  return meso_test_find_where (root, FALSE, meso_test_is_row_titled, title);
}

static inline gboolean
meso_test_is_button_labelled (GtkWidget    *widget,
                              gconstpointer label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The button labelled @label (with its mnemonic), for buttons made in code. */
static inline GtkWidget *
meso_test_find_button (GtkWidget  *root,
                       const char *label)
{
  return meso_test_find_where (root, FALSE, meso_test_is_button_labelled, label);
}

/* The titles of the toasts on screen under @root, one per line: what the
 * user reads there, whatever is queued behind. */
static inline void
meso_test_collect_toasts (GtkWidget *root,
                          GString   *out)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (g_strcmp0 (gtk_widget_get_css_name (root), "toast") == 0)
    {
      GtkWidget *label = meso_test_find_by_type (root, GTK_TYPE_LABEL);

      if (label != NULL)
        g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "",
                                gtk_label_get_text (GTK_LABEL (label)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    meso_test_collect_toasts (child, out);
}

static inline char *
meso_test_dup_toasts (GtkWidget *root)
{
  GString *out = g_string_new ("");

  meso_test_collect_toasts (root, out);
  return g_string_free (out, FALSE);
}

static inline void
meso_test_iterate_until (gboolean  (*done) (gpointer data),
                         gpointer    data,
                         const char *what)
{
  gint64 deadline = g_get_monotonic_time () + MESO_TEST_TIMEOUT_US;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static inline gboolean
meso_test_is_label_showing (GtkWidget    *widget,
                            gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* A widget to wait for: the one under @root that @match finds with @text,
 * among the visible ones only when @visible_only. */
typedef struct
{
  GtkWidget     *root;
  MesoTestMatch  match;
  const char    *text;
  gboolean       visible_only;
} MesoTestWidgetWait;

/* For meso_test_iterate_until(): windows fill in their rows and labels
 * when idle. */
static inline gboolean
meso_test_widget_shown (gpointer data)
{
  MesoTestWidgetWait *wait = data;

  return meso_test_find_where (wait->root, wait->visible_only, wait->match, wait->text) != NULL;
}

/* What meso_test_wait_for_toasts() waits for. */
typedef struct
{
  GtkWidget  *root;
  const char *text;
  gboolean    prefix;
} MesoTestToastWait;

static inline gboolean
meso_test_toasts_read (gpointer data)
{
  MesoTestToastWait *wait = data;
  g_autofree char *toasts = meso_test_dup_toasts (wait->root);

  return wait->prefix ? g_str_has_prefix (toasts, wait->text) : g_str_equal (toasts, wait->text);
}

/* Waits until the toasts on screen under @root read @text: exactly, or
 * beginning with it when @prefix. On a timeout, says what they read. */
static inline void
meso_test_wait_for_toasts (GtkWidget  *root,
                           const char *text,
                           gboolean    prefix)
{
  MesoTestToastWait wait = { root, text, prefix };
  gint64 deadline = g_get_monotonic_time () + MESO_TEST_TIMEOUT_US;

  while (!meso_test_toasts_read (&wait))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *shown = meso_test_dup_toasts (root);

          g_error ("timed out waiting for the toast “%s”; the toasts read “%s”", text, shown);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static inline gboolean
meso_test_window_shown (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static inline const char *
meso_test_visible_page (GtkWidget  *root,
                        const char *stack_id)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (meso_test_get_widget (root, stack_id)));
}

static inline void
meso_test_type_into (GtkWidget  *root,
                     const char *id,
                     const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (meso_test_get_widget (root, id)), text);
}

static inline gboolean
meso_test_working (gpointer window)
{
  return g_strcmp0 (meso_test_visible_page (window, "main_stack"), "work") == 0;
}

/* On the sign-in screen of @window, picks the @index-th name and types
 * @pin; whether that signs in is for the caller to see. */
static inline void
meso_test_enter_pin (GtkWidget  *window,
                     guint       index,
                     const char *pin)
{
  GtkListBox *staff_list = GTK_LIST_BOX (meso_test_get_widget (window, "staff_list"));

  g_assert_cmpstr (meso_test_visible_page (window, "main_stack"), ==, "sign-in");
  gtk_list_box_select_row (staff_list, gtk_list_box_get_row_at_index (staff_list, index));
  meso_test_type_into (window, "pin_row", pin);
  gtk_widget_activate (meso_test_get_widget (window, "sign_in_button"));
}

/* Starts GLib's test framework and GTK; without a display it reports the
 * whole program skipped. Returns: whether the tests can run. */
static inline gboolean
meso_test_gui_init (int    *argc,
                    char ***argv)
{
  g_test_init (argc, argv, NULL);
  /* As main.c: the user's locale, numbers in C's. */
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  /* The build's translations, for a test run in another language. */
  if (g_getenv ("MESODESK_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MESODESK_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

/* meso_test_gui_init() for a test that drives a file chooser: the chooser
 * as a dialog of this process, not a portal's, to be driven here. */
static inline gboolean
meso_test_gui_init_with_chooser (int    *argc,
                                 char ***argv)
{
  g_setenv ("GDK_DEBUG", "no-portals", TRUE);
  return meso_test_gui_init (argc, argv);
}

/* For meso_test_iterate_until(): no window of the type in @type_pointer
 * (a GType, cast) is open any more. */
static inline gboolean
meso_test_windows_gone (gpointer type_pointer)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = GPOINTER_TO_SIZE (type_pointer);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return FALSE;
    }
  return TRUE;
}

/* Whether @model or one of its sections offers an item for @action. */
static inline gboolean
meso_test_menu_has_action (GMenuModel *model,
                           const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && meso_test_menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static inline gboolean
meso_test_is_main_menu_button (GtkWidget    *widget,
                               gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Main Menu") == 0;
}

/* The main menu of @window's page that is showing. */
static inline GMenuModel *
meso_test_main_menu (GtkWidget *window)
{
  GtkWidget *button = meso_test_find_where (window, TRUE, meso_test_is_main_menu_button, NULL);

  g_assert_nonnull (button);
  return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
}

/* @window as it is on screen, as pixels. A window whose redraw is still
 * queued (a style just changed, an allocation is pending) has no picture
 * yet: wait for its frame. */
static inline GdkTexture *
meso_test_render_window (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  gint64 deadline = g_get_monotonic_time () + MESO_TEST_TIMEOUT_US;

  for (;;)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                              gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the window to draw");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
}

/* Sizes @window to @width x @height and lets it settle; checks that it
 * took no more than that (it fits such a screen), and saves it as
 * "@name-WIDTHxHEIGHT.png" when MESO_TEST_SCREENSHOTS names a folder. */
static inline void
meso_test_screenshot (GtkWidget  *window,
                      const char *name,
                      int         width,
                      int         height)
{
  const char *folder = g_getenv ("MESO_TEST_SCREENSHOTS");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  gint64 start = g_get_monotonic_time (), now = start, still_since = start;
  int shown_width = -1, shown_height = -1;
  gint64 frame = 0;

  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (window),
                                                            gtk_native_get_surface (GTK_NATIVE (window)));
  GdkRectangle screen;
  int expected_width, expected_height;

  /* GTK keeps a window within its monitor: on a smaller display than asked
   * for, the window is the display's size. */
  gdk_monitor_get_geometry (monitor, &screen);
  expected_width = MIN (width, screen.width);
  expected_height = MIN (height, screen.height);
  if (expected_width < width || expected_height < height)
    g_test_message ("%s: the display is %d x %d, smaller than %d x %d", name, screen.width,
                    screen.height, width, height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  /* Settled: the size asked for (less the frame), kept for a twentieth of
   * a second and two frames drawn at it; a window that cannot be that small
   * is given a second. */
  while (now - start < G_USEC_PER_SEC &&
         (ABS (shown_width - expected_width) > 16 || ABS (shown_height - expected_height) > 16 ||
          now - still_since < G_USEC_PER_SEC / 20 ||
          gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (window)) < frame + 2))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      now = g_get_monotonic_time ();
      if (gtk_widget_get_width (window) != shown_width ||
          gtk_widget_get_height (window) != shown_height)
        {
          shown_width = gtk_widget_get_width (window);
          shown_height = gtk_widget_get_height (window);
          still_since = now;
          frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (window));
        }
    }
  if (shown_width > width || shown_height > height)
    g_test_message ("%s at %d x %d is %d x %d", name, width, height, shown_width, shown_height);
  g_assert_cmpint (gtk_widget_get_width (window), <=, width);
  g_assert_cmpint (gtk_widget_get_height (window), <=, height);
  if (folder == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  texture = meso_test_render_window (window);
  path = g_strdup_printf ("%s/%s-%dx%d.png", folder, name, width, height);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
