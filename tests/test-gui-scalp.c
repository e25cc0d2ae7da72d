/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-scalp.c: a physician marks the crown and places injection points
 * through the scalp map widget's keyboard actions, saves, and finds them
 * again in a new window; the map's accessible zone follows the keys. */
#include <adwaita.h>

#include "meso-photo-count.h"
#include "meso-progress-chart.h"
#include "meso-scalp-export.h"
#include "meso-scalp-map-view.h"
#include "meso-scalp-renderer.h"
#include "meso-scalp-window.h"
#include "meso-test-gui.h"
#include "meso-test-photos.h"
#include "meso-test-session.h"
#include "meso-test-util.h"

/* A clinic with one booked session, the physician signed in. */
typedef MesoSessionFixture Fixture;

static MesoScalpMapView *
open_map (Fixture          *f,
          MesoScalpWindow **out_window)
{
  g_autoptr(GError) error = NULL;
  MesoScalpWindow *window = meso_scalp_window_new (NULL, f->context, f->session, &error);

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the scalp map window");
  *out_window = window;
  return MESO_SCALP_MAP_VIEW (meso_test_find_by_type (GTK_WIDGET (window), MESO_TYPE_SCALP_MAP_VIEW));
}

static void
test_mark_save_reopen (Fixture       *f,
                       gconstpointer  data)
{
  MesoScalpWindow *window;
  MesoScalpMapView *view = open_map (f, &window);
  MesoScalpMap *map;
  guint steps = 0;

  /* The map has the window's keyboard focus. (Not has_focus: with no window
   * manager, another test's window running beside this one may be the
   * active one.) */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (view));
  /* The arrow key's action walks the zones in reading order, to the crown. */
  while (meso_scalp_map_view_get_selected (view) != MESO_SCALP_ZONE_VERTEX && steps++ < 20)
    gtk_widget_activate_action (GTK_WIDGET (view), "scalp.step-zone", "i", 1);
  g_assert_cmpint (meso_scalp_map_view_get_selected (view), ==, MESO_SCALP_ZONE_VERTEX);
  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.grade", "i", 3);
  /* The side panel follows: the zone's name and its grade. */
  g_assert_cmpstr (adw_preferences_group_get_title (
                     ADW_PREFERENCES_GROUP (meso_test_get_widget (GTK_WIDGET (window),
                                                                  "zone_group"))), ==,
                   "Vertex (crown)");
  g_assert_cmpuint (adw_combo_row_get_selected (
                      ADW_COMBO_ROW (meso_test_get_widget (GTK_WIDGET (window), "grade_row"))),
                    ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.add-point", "(udd)",
                              MESO_SCALP_VIEW_TOP, 0.0, 20.0);
  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.add-point", "(udd)",
                              MESO_SCALP_VIEW_TOP, 10.0, 30.0);
  g_assert_cmpstr (adw_action_row_get_subtitle (
                     ADW_ACTION_ROW (meso_test_get_widget (GTK_WIDGET (window), "totals_row"))),
                   ==, "2 points · 0.10 ml to prepare");

  /* Undo takes the last point back; redo returns it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "scalp-window.undo", NULL);
  g_assert_cmpuint (meso_scalp_map_count_points (meso_scalp_map_view_get_map (view)), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "scalp-window.redo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "scalp-window.save", NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Built from its context alone, as a .ui file would declare it, then
   * loaded: the window shows the saved map. */
  {
    g_autoptr(GError) error = NULL;
    MesoScalpWindow *built = g_object_new (MESO_TYPE_SCALP_WINDOW, "context", f->context, NULL);

    g_assert_true (meso_scalp_window_load (built, f->session, &error));
    g_assert_no_error (error);
    map = meso_scalp_map_view_get_map (MESO_SCALP_MAP_VIEW (
      meso_test_find_by_type (GTK_WIDGET (built), MESO_TYPE_SCALP_MAP_VIEW)));
    g_assert_cmpint (meso_scalp_map_get_grade (map, MESO_SCALP_ZONE_VERTEX), ==, MESO_GRADE_SEVERE);
    g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 2);
    gtk_window_destroy (GTK_WINDOW (built));
  }

  view = open_map (f, &window);
  map = meso_scalp_map_view_get_map (view);
  g_assert_cmpint (meso_scalp_map_get_grade (map, MESO_SCALP_ZONE_VERTEX), ==, MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 2);
  g_assert_cmpfloat (g_array_index (meso_scalp_map_get_points (map), MesoInjectionPoint, 1).at.x,
                     ==, 10.0);

  /* Page Down reaches the points from the keyboard; Delete removes one. */
  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.step-point", "i", 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.step-point", "i", 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.remove-point", NULL);
  g_assert_cmpuint (meso_scalp_map_count_points (map), ==, 1);
  g_assert_cmpfloat (g_array_index (meso_scalp_map_get_points (map), MesoInjectionPoint, 0).at.x,
                     ==, 0.0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The exports: a PNG of the five views at 2400 × 1600, and an SVG drawing. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autofree char *png = g_build_filename (f->dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "map.svg", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_SEVERE);
  meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP, 1u << MESO_SCALP_ZONE_VERTEX, 10, 1, 0.05);
  {
    MesoVec2 patch[] = { { -10, 10 }, { 12, 8 }, { 15, 30 }, { -8, 35 } };

    meso_scalp_map_add_region (map, MESO_SCALP_VIEW_TOP, patch, G_N_ELEMENTS (patch));
  }
  g_assert_true (meso_scalp_export (map, png, FALSE, &error));
  g_assert_true (meso_scalp_export (map, svg, TRUE, &error));
  g_assert_no_error (error);
  /* A patient's scalp is for the clinic only. */
  g_assert_cmpint (meso_test_file_mode (png), ==, 0600);
  g_assert_cmpint (meso_test_file_mode (svg), ==, 0600);

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 2400);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1600);
  cairo_surface_destroy (image);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "<svg"));
  /* Vector: the points and the hatched region are paths, not pictures. */
  g_assert_null (strstr (text, "<image"));

  /* Exporting again replaces the file, still private. */
  g_assert_true (g_chmod (png, 0644) == 0);
  g_assert_true (meso_scalp_export (map, png, FALSE, &error));
  g_assert_cmpint (meso_test_file_mode (png), ==, 0600);

  /* A folder that does not exist is an error, not a crash. */
  g_assert_false (meso_scalp_export (map, "/nonexistent/map.png", FALSE, &error));
  g_assert_nonnull (error);
}

/* The map draws with the style's colours: an injection point is the
 * style's accent, in the light style and the dark. */
static void
test_style_colours (Fixture       *f,
                    gconstpointer  data)
{
  MesoScalpWindow *window;
  MesoScalpMapView *view = open_map (f, &window);

  gtk_widget_activate_action (GTK_WIDGET (view), "scalp.add-point", "(udd)",
                              MESO_SCALP_VIEW_TOP, 0.0, 20.0);
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree guchar *pixels = NULL;
      graphene_rect_t bounds;
      MesoScalpFrame frame;
      GdkRGBA accent;
      guint32 argb;
      gsize stride;
      gint64 until;
      int x, y;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                               : ADW_COLOR_SCHEME_FORCE_LIGHT);
      until = g_get_monotonic_time () + G_USEC_PER_SEC / 4;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      texture = meso_test_render_window (GTK_WIDGET (window));
      stride = (gsize) gdk_texture_get_width (texture) * 4;
      pixels = g_malloc (stride * gdk_texture_get_height (texture));
      gdk_texture_download (texture, pixels, stride);
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), GTK_WIDGET (window), &bounds));
      g_assert_true (meso_scalp_frame_for_view (meso_scalp_map_view_get_view (view),
                                                MESO_SCALP_VIEW_TOP, bounds.size.width,
                                                bounds.size.height, &frame));
      x = (int) round (bounds.origin.x + frame.x0 + 0.0 * frame.scale);
      y = (int) round (bounds.origin.y + frame.y0 + 20.0 * frame.scale);
      argb = *(const guint32 *) (pixels + y * stride + x * 4);
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (view)),
                                                     "accent_color", &accent));
      G_GNUC_END_IGNORE_DEPRECATIONS
      g_assert_cmpint (abs ((int) ((argb >> 16) & 0xff) - (int) round (accent.red * 255)), <=, 2);
      g_assert_cmpint (abs ((int) ((argb >> 8) & 0xff) - (int) round (accent.green * 255)), <=, 2);
      g_assert_cmpint (abs ((int) (argb & 0xff) - (int) round (accent.blue * 255)), <=, 2);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The chart's description for this new session: no points, no readings,
 * and @counted on its photos. */
static char *
chart_description (const char *counted)
{
  return g_strdup_printf (_("Sessions: %u. This session: SALT %.1f, density %.0f hairs/cm², "
                            "%u injection points; counted on photos: %s."), 1, 0.0, 0.0, 0,
                          counted);
}

/* Hairs counted on a close-up of this session, in a photos window here or
 * at another workstation: the progress chart shows them without being
 * opened again, and says so to a screen reader. */
static void
test_chart_follows_counts (Fixture       *f,
                           gconstpointer  data)
{
  MesoPhotoStore *photos = meso_context_get_photo_store (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = meso_test_small_png ();
  g_autoptr(MesoPhotoImage) image = meso_photo_image_prepare (file, "crown.png", &error);
  g_autofree char *none = chart_description (_("none"));
  g_autofree char *density = g_strdup_printf (_("%.0f hairs/cm²"), 12.0);
  g_autofree char *twelve = chart_description (density);
  MesoHairMark marks[12];
  MesoScalpWindow *window;
  GtkWidget *chart;
  gint64 id = meso_photo_store_add (photos, f->session->id,
                                    meso_test_photo_view_id (f, "trichoscopy"), "Crown",
                                    MESO_PHOTO_CONSENT_CLINICAL, image, &error);

  g_assert_no_error (error);
  open_map (f, &window);
  chart = meso_test_find_by_type (GTK_WIDGET (window), MESO_TYPE_PROGRESS_CHART);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, none);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    marks[i] = (MesoHairMark) { { 10 + 3 * i, 20 }, i % 2 == 0 };
  g_assert_true (meso_photo_store_save_count (photos, id, (MesoVec2) { 4, 4 }, 50, marks,
                                              G_N_ELEMENTS (marks), &error));
  g_assert_no_error (error);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, twelve);
  meso_test_screenshot (GTK_WIDGET (window), "scalp-chart-counted", 1920, 1080);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/scalp/mark-save-reopen", Fixture, NULL, meso_session_fixture_set_up,
              test_mark_save_reopen, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/scalp/style-colours", Fixture, NULL, meso_session_fixture_set_up,
              test_style_colours, meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/scalp/export", Fixture, NULL, meso_session_fixture_set_up, test_export,
              meso_session_fixture_tear_down);
  g_test_add ("/meso/gui/scalp/chart-follows-counts", Fixture, NULL, meso_session_fixture_set_up,
              test_chart_follows_counts, meso_session_fixture_tear_down);

  return g_test_run ();
}
