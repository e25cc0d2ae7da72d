/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-screens.c: every screen of the demo clinic fits a 1024 x 600
 * screen and a 1920 x 1080 one, in the light style and the dark: the
 * sign-in page (its Sign In button and a wrong PIN's message in sight
 * without scrolling), each page of the main window, and every window and
 * dialog. Each window is sized to the screen and must take no more; with
 * MESO_TEST_SCREENSHOTS set to a folder each is saved there as a PNG, to
 * look at (on a display of at least 1920 x 1080: GTK keeps a window within
 * the screen). Each window's minimum size is printed as a test message. On
 * the small screen the calendar's toolbar is one row, its secondary
 * buttons in its More menu, and the week scrolls rather than squeeze its
 * blocks. */
#include <adwaita.h>

#include "meso-account-dialog.h"
#include "meso-appointment-dialog.h"
#include "meso-audit-window.h"
#include "meso-calendar-page.h"
#include "meso-calendar-settings.h"
#include "meso-calendar-view.h"
#include "meso-composer-window.h"
#include "meso-course-dialog.h"
#include "meso-handout-settings.h"
#include "meso-new-pin-dialog.h"
#include "meso-preferences-window.h"
#include "meso-scalp-window.h"
#include "meso-stock-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-util.h"
#include "meso-outbox-window.h"
#include "meso-waitlist-window.h"
#include "meso-window.h"

static const int screens[][2] = { { 1024, 600 }, { 1920, 1080 } };

typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoWindow      *window;
  MesoAppointment *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = meso_test_show_demo (&f->dir, &f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
  g_clear_object (&f->session);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

/* The least @window can be: its width, and its height at 1024 pixels wide. */
static void
report_minimum (GtkWidget  *window,
                const char *name)
{
  int width, height;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (window, GTK_ORIENTATION_VERTICAL, MAX (width, 1024), &height, NULL, NULL,
                      NULL);
  g_test_message ("minimum %s: %d x %d", name, width, height);
}

/* @window on each screen, light and dark: checked and saved by
 * meso_test_screenshot() as "@name-light" or "@name-dark". */
static void
on_each_screen (GtkWidget  *window,
                const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  report_minimum (window, name);
  /* Each style on both screens: restyling takes longer than resizing. */
  for (guint dark = 0; dark < 2; dark++)
    for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
      {
        /* Light on the small screen first, dark on it last. */
        guint s = dark ? G_N_ELEMENTS (screens) - 1 - i : i;
        g_autofree char *named = g_strdup_printf ("%s-%s", name, dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        meso_test_screenshot (window, named, screens[s][0], screens[s][1]);
      }
}

/* @id's widget under @window lies wholly inside the window as it is shown:
 * not scrolled out of sight, not cut. */
static void
assert_in_sight (GtkWidget  *window,
                 const char *id)
{
  GtkWidget *widget = meso_test_get_widget (window, id);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
}

static gboolean
error_shown (gpointer window)
{
  return gtk_widget_get_mapped (meso_test_get_widget (window, "error_label"));
}

/* The sign-in page: the form, then a wrong PIN's message, in sight at the
 * smallest screen and at the window's default size. */
static void
check_sign_in (Fixture *f)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkListBox *staff_list = GTK_LIST_BOX (meso_test_get_widget (window, "staff_list"));

  gtk_list_box_select_row (staff_list, gtk_list_box_get_row_at_index (staff_list, 1));
  on_each_screen (window, "sign-in");
  meso_test_enter_pin (window, 1, "000000");
  meso_test_iterate_until (error_shown, window, "the wrong PIN's message");
  for (guint s = 0; s < 2; s++)
    {
      /* 1200 x 800 is the window's default size. */
      meso_test_screenshot (window, "sign-in-wrong-pin", s == 0 ? 1024 : 1200, s == 0 ? 600 : 800);
      assert_in_sight (window, "sign_in_button");
      assert_in_sight (window, "error_label");
    }
}

/* Signs the administrator in; loads a session of the demo's: its first
 * appointment, as the calendar hands it over. */
static void
sign_in (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  meso_test_sign_in_demo (f->window);
  f->session = meso_schedule_load (meso_context_get_schedule (f->context), 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->session);
}

static gboolean
popover_shown (gpointer popover)
{
  return gtk_widget_get_mapped (popover);
}

/* The calendar's toolbar on @width x @height: one row, its secondary
 * buttons shown (@wide) or in the More menu, the Free Slot's search
 * opened from where it is. */
static void
check_toolbar (GtkWidget *window,
               GtkWidget *calendar,
               int        width,
               int        height,
               gboolean   wide)
{
  GtkWidget *toolbar = meso_test_get_widget (calendar, "toolbar");
  AdwSqueezer *squeezer = ADW_SQUEEZER (meso_test_get_widget (calendar, "toolbar_squeezer"));
  GtkWidget *popover = meso_test_get_widget (calendar, "find_popover");
  GtkWidget *today = meso_test_find_button (toolbar, "_Today");
  GtkWidget *button = meso_test_get_widget (calendar, wide ? "find_button" : "narrow_find_button");
  int row;

  meso_test_screenshot (window, wide ? "calendar-toolbar-wide" : "calendar-toolbar-narrow", width,
                        height);
  g_assert_true (adw_squeezer_get_visible_child (squeezer) == meso_test_get_widget (calendar, wide ? "wide_actions" : "narrow_actions"));
  /* One row: less than two buttons tall. */
  gtk_widget_measure (today, GTK_ORIENTATION_VERTICAL, -1, NULL, &row, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (toolbar), <, 2 * row);
  if (!wide)
    {
      GtkWidget *more = gtk_widget_get_last_child (meso_test_get_widget (calendar, "narrow_actions"));
      GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (more));
      static const char * const actions[] = {
        "calendar.find-free-slot", "calendar.show-waitlist", "calendar.book-course",
        "calendar.group-by", "calendar.colour-by", "calendar.export-agenda",
      };

      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        g_assert_true (meso_test_menu_has_action (menu, actions[i]));
    }
  g_assert_true (gtk_widget_activate_action (calendar, "calendar.find-free-slot", NULL));
  meso_test_iterate_until (popover_shown, popover, "the Free Slot's search");
  g_assert_true (gtk_widget_get_ancestor (popover, GTK_TYPE_MENU_BUTTON) == button);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

/* The pixels of the strip @height high at the top of @scroller as it shows
 * now, less the right edge, where a scrollbar may show. */
static GBytes *
top_strip (GtkWidget *scroller,
           int        height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (scroller);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (scroller);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = g_malloc (width * 4 * height);

  gdk_paintable_snapshot (paintable, snapshot, width, gtk_widget_get_height (scroller));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  /* Its own pixels from its top left, whatever the node's bounds. */
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (scroller)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width - 24, height));
  gdk_texture_download (texture, pixels, (width - 24) * 4);
  return g_bytes_new (pixels, (width - 24) * 4 * height);
}

/* Whether @strip has more than one colour: text, not a plain background. */
static gboolean
has_text (GBytes *strip)
{
  gsize size;
  const guint32 *pixels = g_bytes_get_data (strip, &size);

  for (gsize i = 1; i < size / 4; i++)
    if (pixels[i] != pixels[0])
      return TRUE;
  return FALSE;
}

/* Scrolled to its end, the @name view (day or week) still shows its
 * headings at the top of what is shown, as they are unscrolled: the day
 * names (or practitioners), today's highlight, on the style's background,
 * nothing of the grid over them. */
static void
check_header_pinned (GtkWidget  *window,
                     const char *name)
{
  GtkWidget *view = meso_test_find_by_type (window, MESO_TYPE_CALENDAR_VIEW);
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autofree char *shot = g_strdup_printf ("%s-scrolled-down", name);
  g_autoptr(GBytes) unscrolled = NULL;
  g_autoptr(GBytes) scrolled = NULL;

  gtk_adjustment_set_value (adjustment, 0);
  meso_test_screenshot (window, name, 1024, 600);
  unscrolled = top_strip (scroller, 30);
  g_assert_true (has_text (unscrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  meso_test_screenshot (window, shot, 1024, 600);
  /* Scrolled well past the headings' own place. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 100);
  scrolled = top_strip (scroller, 30);
  g_assert_true (g_bytes_equal (scrolled, unscrolled));
  gtk_adjustment_set_value (adjustment, 0);
}

/* On a 600-pixel screen the week scrolls rather than squeeze its blocks:
 * the view is taller than what shows it, and a half-hour is two lines.
 * Its day names stay at the top when it scrolls, light and dark. */
static void
check_week_scrolls (GtkWidget *window)
{
  GtkWidget *view = meso_test_find_by_type (window, MESO_TYPE_CALENDAR_VIEW);
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  PangoLayout *layout = gtk_widget_create_pango_layout (view, "09:30");
  int line;

  meso_test_screenshot (window, "calendar-week-scrolled", 1024, 600);
  pango_layout_get_pixel_size (layout, NULL, &line);
  g_object_unref (layout);
  g_assert_cmpint (gtk_widget_get_height (view), >, gtk_widget_get_height (scroller));
  /* The demo's days: nine to seven, ten hours, twenty half-hours. */
  g_assert_cmpint (gtk_widget_get_height (view), >=, 20 * 2 * line * 0.8);
  check_header_pinned (window, "calendar-week-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  check_header_pinned (window, "calendar-week-light");
}

/* The sign-in page, then each page of the main window; the calendar in
 * each of its views. */
static void
test_main_window (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const views[] = { "day", "week", "month", "agenda" };
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *calendar;

  check_sign_in (f);
  sign_in (f);
  meso_test_show_work_page (f->window, "calendar");
  calendar = meso_test_find_by_type (window, MESO_TYPE_CALENDAR_PAGE);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autofree char *name = g_strdup_printf ("calendar-%s", views[v]);

      g_assert_true (gtk_widget_activate_action (calendar,
                                                 "calendar.view", "s", views[v]));
      on_each_screen (window, name);
      if (g_str_equal (views[v], "week"))
        check_week_scrolls (window);
      if (g_str_equal (views[v], "day"))
        check_header_pinned (window, "calendar-day-dark");
    }
  check_toolbar (window, calendar, 1024, 600, FALSE);
  check_toolbar (window, calendar, 1920, 1080, TRUE);
  meso_test_show_work_page (f->window, "today");
  on_each_screen (window, "today");
  meso_test_show_work_page (f->window, "patients");
  on_each_screen (window, "patients");
  gtk_widget_activate_action (window, "win.new-patient", NULL);
  on_each_screen (window, "patient-editor");
}

/* Shows @window, transient for the main window, on each screen; closes it. */
static void
check_window (Fixture    *f,
              gpointer    window,
              const char *name)
{
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, name);
  on_each_screen (GTK_WIDGET (window), name);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_pages (GtkWidget *root,
               GPtrArray *pages)
{
  /* The window's pages, not one it keeps for its search. */
  if (ADW_IS_PREFERENCES_PAGE (root) && gtk_widget_get_ancestor (root, ADW_TYPE_VIEW_STACK) != NULL)
    {
      g_ptr_array_add (pages, root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_pages (child, pages);
}

/* Each page of Preferences: the clinic, staff, backups, server, calendar,
 * reminders and handouts. */
static void
check_preferences (Fixture *f)
{
  MesoPreferencesWindow *preferences;
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  guint shown_on_each = 0;

  preferences = meso_preferences_window_new (f->context);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "Preferences");
  collect_pages (GTK_WIDGET (preferences), pages);
  g_assert_cmpuint (pages->len, >=, 7);
  for (guint i = 0; i < pages->len; i++)
    {
      AdwPreferencesPage *page = pages->pdata[i];
      g_autofree char *name = g_strdup_printf ("preferences-%u", i);

      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), page);
      /* The pages opened most (the first, the calendar's, the handouts'), on
       * each screen; the others on the smallest, to keep the test quick. */
      if (i == 0 || MESO_IS_CALENDAR_SETTINGS (page) || MESO_IS_HANDOUT_SETTINGS (page))
        {
          on_each_screen (GTK_WIDGET (preferences), name);
          shown_on_each++;
        }
      else
        {
          report_minimum (GTK_WIDGET (preferences), name);
          meso_test_screenshot (GTK_WIDGET (preferences), name, 1024, 600);
        }
    }
  g_assert_cmpuint (shown_on_each, ==, 3);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The screening the composer opens for a patient with answers to ask:
 * a window of its own, transient for the composer. */
static void
check_screening (Fixture  *f,
                 gpointer  composer)
{
  GtkWidget *button;
  GtkWindow *screening = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_window_present (GTK_WINDOW (composer));
  meso_test_iterate_until (meso_test_window_shown, composer, "the composer");
  button = meso_test_find_button (composer, "Open _Screening…");
  if (button == NULL)
    return;   /* the session's patient has nothing left to answer */
  g_signal_emit_by_name (button, "clicked");
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && screening == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == composer)
        screening = window;
    }
  g_assert_nonnull (screening);
  meso_test_iterate_until (meso_test_window_shown, screening, "the screening");
  on_each_screen (GTK_WIDGET (screening), "screening");
  gtk_window_destroy (screening);
}

/* Every window and dialog the main window opens, and Preferences. */
static void
test_windows (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gpointer window;

  sign_in (f);
  check_window (f, meso_appointment_dialog_new (GTK_WINDOW (f->window), f->context, f->session, 0),
                "appointment");
  check_window (f, meso_course_dialog_new (GTK_WINDOW (f->window), f->context,
                                           f->session->patient_id, f->session->patient_name),
                "course");
  check_window (f, meso_waitlist_window_new (GTK_WINDOW (f->window), f->context), "waitlist");
  check_window (f, meso_outbox_window_new (GTK_WINDOW (f->window), f->context), "outbox-empty");
  window = meso_composer_window_new (GTK_WINDOW (f->window), f->context, f->session, &error);
  g_assert_no_error (error);
  check_screening (f, window);
  check_window (f, window, "composer");
  window = meso_stock_window_new (GTK_WINDOW (f->window), f->context, &error);
  g_assert_no_error (error);
  check_window (f, window, "stock");
  window = meso_scalp_window_new (GTK_WINDOW (f->window), f->context, f->session, &error);
  g_assert_no_error (error);
  check_window (f, window, "scalp");
  check_window (f, meso_audit_window_new (f->context, MESO_AUDIT_BY_PATIENT,
                                          f->session->patient_id, f->session->patient_name),
                "history");
  check_window (f, meso_account_dialog_new (f->context, NULL), "account");
  check_window (f, meso_new_pin_dialog_new (f->context, meso_db_get_actor (meso_context_get_db (f->context))),
                "new-pin");
  check_preferences (f);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  /* A header bar's switcher fades between its forms: a picture would catch both. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/meso/gui/screens/main-window", Fixture, NULL, fixture_set_up, test_main_window,
              fixture_tear_down);
  g_test_add ("/meso/gui/screens/windows", Fixture, NULL, fixture_set_up, test_windows,
              fixture_tear_down);
  return g_test_run ();
}
