/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-photos.c: a physician opens a session's photos, drops a photo
 * file on the selected view, sees it and the previous session's photo as a
 * guide; a file that is no photo is refused under the photo, where she is
 * looking, and nothing is stored; a photo written into the watched folder
 * fills the next missing view; Compare shows the first and the latest
 * session of the view. */
#include <adwaita.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "meso-backup.h"
#include "meso-hair-counter.h"
#include "meso-photo-compare.h"
#include "meso-photo-settings.h"
#include "meso-photo-window.h"
#include "meso-scalp-overlay.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"

typedef MesoSessionFixture Fixture;

static MesoPhotoStore *
photos (Fixture *f)
{
  return meso_context_get_photo_store (f->context);
}

/* A photo file in the fixture's folder, @width x @height, in @colour. */
static GFile *
photo_file (Fixture    *f,
            const char *name,
            guint32     colour)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, colour);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, NULL));
  return g_file_new_for_path (path);
}

/* A photo file @name in @colour, stored in session @session_id's view
 * @view_id (and @spot) as the window stores an import. */
static gint64
store_photo (Fixture    *f,
             gint64      session_id,
             const char *name,
             guint32     colour,
             gint64      view_id,
             const char *spot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = photo_file (f, name, colour);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MesoPhotoImage) image = NULL;
  gsize size;
  gint64 id;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
  image = meso_photo_image_prepare (bytes, name, &error);
  g_assert_no_error (error);
  id = meso_photo_store_add (photos (f), session_id, view_id, spot, MESO_PHOTO_CONSENT_CLINICAL,
                             image, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static guint
n_photos (Fixture *f)
{
  g_autoptr(GPtrArray) list = meso_photo_store_list_patient (photos (f), f->session->patient_id,
                                                             NULL);

  return list->len;
}

/* An earlier session of the same patient, with a photo of the top. */
static void
add_earlier_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) earlier = meso_appointment_copy (f->session);
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos (f), FALSE, &error);

  earlier->id = 0;
  earlier->revision = 0;
  earlier->starts_at = f->session->starts_at - 30 * 24 * 3600;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), earlier, &error));
  g_assert_no_error (error);
  store_photo (f, earlier->id, "earlier.jpg", 0x806040ff, MESO_PHOTO_VIEW (views->pdata[0])->id,
               NULL);
}

static MesoPhotoWindow *
open_window (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MesoPhotoWindow *window = meso_photo_window_new (NULL, f->context, f->session, &error);

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the photos window");
  return window;
}

typedef struct
{
  Fixture *f;
  guint    n;
} Count;

static gboolean
photos_stored (gpointer data)
{
  Count *count = data;

  return n_photos (count->f) == count->n;
}

static gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
has_paintable (gpointer picture)
{
  return gtk_picture_get_paintable (picture) != NULL;
}

/* Drops @file on the photo, as the drop target hands it over. */
static void
drop (MesoPhotoWindow *window,
      GFile           *file)
{
  GtkWidget *overlay = meso_test_get_widget (GTK_WIDGET (window), "preview_overlay");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (overlay);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList files = { file, NULL };
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
    }
  g_assert_true (accepted);
}

static void
test_drop_and_guide (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) photo = photo_file (f, "IMG_0001.JPG", 0x4060a0ff);
  g_autoptr(GFile) text = NULL;
  g_autofree char *text_path = g_build_filename (f->dir, "notes.jpg", NULL);
  MesoPhotoWindow *window;
  GtkWidget *guide, *picture, *problem;
  Count count = { f, 2 };

  add_earlier_session (f);
  window = open_window (f);
  guide = meso_test_get_widget (GTK_WIDGET (window), "guide_picture");
  picture = meso_test_get_widget (GTK_WIDGET (window), "photo_picture");
  problem = meso_test_get_widget (GTK_WIDGET (window), "import_error_label");

  /* The top is selected; last session's photo of it shows as the guide. */
  meso_test_iterate_until (has_paintable, guide, "the guide");
  g_assert_true (gtk_widget_get_visible (guide));
  g_assert_true (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (window),
                                                               "empty_page")));

  /* A text file named like a photo is refused where she looks. */
  g_assert_true (g_file_set_contents (text_path, "Patient prefers mornings.", -1, NULL));
  text = g_file_new_for_path (text_path);
  drop (window, text);
  meso_test_iterate_until (is_visible, problem, "the refusal");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "notes.jpg"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)),
                            _("The file is not a JPEG or PNG photo.")));
  g_assert_cmpuint (n_photos (f), ==, 1);

  /* A photo is stored in the top view and shown, the guide over it. */
  drop (window, photo);
  meso_test_iterate_until (photos_stored, &count, "the photo stored");
  meso_test_iterate_until (has_paintable, picture, "the photo shown");
  g_assert_false (gtk_widget_get_visible (problem));
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (window),
                                                                "empty_page")));
  meso_test_screenshot (GTK_WIDGET (window), "photos", 1024, 600);
  meso_test_screenshot (GTK_WIDGET (window), "photos", 1920, 1080);

  /* Compare: the earlier session before, this one after. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (meso_test_get_widget (
                                           GTK_WIDGET (window), "view_stack")), "compare");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (meso_test_get_widget (
                      GTK_WIDGET (window), "after_dropdown"))), ==, 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (meso_test_get_widget (GTK_WIDGET (window),
                                                                         "overlay_button")),
                                TRUE);
  g_assert_cmpint (meso_photo_compare_get_mode (MESO_PHOTO_COMPARE (meso_test_get_widget (
                     GTK_WIDGET (window), "compare"))), ==, MESO_COMPARE_OVERLAY);
  meso_test_screenshot (GTK_WIDGET (window), "photos-compare", 1024, 600);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A photo written into the watched folder fills the next missing view;
 * the file stays where it was. */
static void
test_watched_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *folder = g_build_filename (f->dir, "camera", NULL);
  g_autofree char *path = g_build_filename (folder, "DSC_0001.JPG", NULL);
  g_autoptr(GFile) made = photo_file (f, "made.jpg", 0x30a030ff);
  g_autofree char *made_path = g_file_get_path (made);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) views = NULL;
  MesoPhotoWindow *window, *other;
  Count count = { f, 1 };
  gint64 settle;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_settings_set_string (settings, "photo-folder", folder);
  /* Two windows open: the photo goes to one session, once. */
  other = open_window (f);
  window = open_window (f);
  /* As a sync does: written aside, then renamed into the folder. */
  g_assert_cmpint (g_rename (made_path, path), ==, 0);
  meso_test_iterate_until (photos_stored, &count, "the folder's photo stored");
  settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_photos (f), ==, 1);
  gtk_window_destroy (GTK_WINDOW (other));
  list = meso_photo_store_list_patient (photos (f), f->session->patient_id, &error);
  views = meso_photo_store_list_views (photos (f), FALSE, &error);
  g_assert_cmpint (MESO_PHOTO (list->pdata[0])->view_id, ==,
                   MESO_PHOTO_VIEW (views->pdata[0])->id);
  g_assert_cmpstr (MESO_PHOTO (list->pdata[0])->file_name, ==, "DSC_0001.JPG");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_settings_set_string (settings, "photo-folder", "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* A key pressed on @widget, as its key controller hears it. */
static void
press (GtkWidget *widget,
       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  if (!handled)
    g_error ("%s was not handled", gdk_keyval_name (keyval));
}

/* On a trichoscopy close-up: a square and the hairs in it, saved, and back
 * when the count is opened again. */
static void
test_hair_count (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos (f), FALSE, &error);
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (MesoHairMark));
  g_autoptr(GArray) stored = NULL;
  MesoPhotoWindow *window;
  GtkWidget *list, *counter, *count_button, *label;
  GArray *shown;
  MesoVec2 corner = { 100, 100 }, stored_corner;
  g_autofree char *expected = NULL;
  double side;
  gint64 id = store_photo (f, f->session->id, "crown.jpg", 0x705030ff,
                           MESO_PHOTO_VIEW (views->pdata[views->len - 1])->id, "Crown");

  window = open_window (f);
  list = meso_test_get_widget (GTK_WIDGET (window), "view_list");
  count_button = meso_test_get_widget (GTK_WIDGET (window), "count_button");
  counter = meso_test_get_widget (GTK_WIDGET (window), "counter");
  label = meso_test_get_widget (GTK_WIDGET (window), "count_label");
  /* The close-up's row is the last: the views, then each spot. */
  gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (
                             GTK_LIST_BOX (list), views->len - 1));
  g_assert_true (gtk_widget_get_visible (count_button));
  meso_test_iterate_until (has_paintable, meso_test_get_widget (GTK_WIDGET (window),
                                                                "photo_picture"), "the close-up");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (count_button), TRUE);
  meso_test_iterate_until (is_mapped, counter, "the counter");

  for (guint i = 0; i < 12; i++)
    {
      MesoHairMark mark = { { 110 + 10 * i, 150 }, i < 9 };

      g_array_append_val (marks, mark);
    }
  meso_hair_counter_set_count (MESO_HAIR_COUNTER (counter), corner, 200, marks);
  expected = g_strdup_printf (_("%u terminal · %u vellus · %.0f hairs/cm² · ratio %.1f : 1"), 9,
                              3, 12.0, 3.0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected);
  gtk_widget_activate_action (GTK_WIDGET (window), "photo-window.save-count", NULL);
  g_assert_true (meso_photo_store_load_count (photos (f), id, &stored_corner, &side, &stored,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 12);
  g_assert_cmpfloat (side, ==, 200);

  /* Opened again, the count is there to check and correct. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (count_button), FALSE);
  meso_hair_counter_clear (MESO_HAIR_COUNTER (counter));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (count_button), TRUE);
  g_assert_true (meso_hair_counter_get_count (MESO_HAIR_COUNTER (counter), &stored_corner, &side,
                                              &shown));
  g_assert_cmpuint (shown->len, ==, 12);
  meso_test_screenshot (GTK_WIDGET (window), "photos-count", 1024, 600);

  /* From the keyboard alone: Enter puts the square, arrows move, T and V
   * mark, Delete takes back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "photo-window.clear-count", NULL);
  g_assert_false (meso_hair_counter_get_count (MESO_HAIR_COUNTER (counter), &stored_corner,
                                               &side, &shown));
  press (counter, GDK_KEY_Return);
  g_assert_true (meso_hair_counter_get_count (MESO_HAIR_COUNTER (counter), &stored_corner, &side,
                                              &shown));
  g_assert_cmpfloat (side, >, 0);
  press (counter, GDK_KEY_Right);
  press (counter, GDK_KEY_t);
  press (counter, GDK_KEY_Down);
  press (counter, GDK_KEY_v);
  press (counter, GDK_KEY_Down);
  press (counter, GDK_KEY_v);
  press (counter, GDK_KEY_Delete);
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_true (g_array_index (shown, MesoHairMark, 0).terminal);
  g_assert_false (g_array_index (shown, MesoHairMark, 1).terminal);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Two frames drawn since: what the widget shows now is on screen. */
static gboolean
frames_drawn (gpointer data)
{
  gint64 *until = data;

  return gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (
                                              GTK_WIDGET ((gpointer) until[1]))) >= until[0];
}

/* The injection point at @at on the map is drawn where the placement puts
 * it over the 640 x 480 photo: an opaque dot in the accent colour, blue in
 * Adwaita. The overlay alone, as the window is drawn larger with its
 * shadow and scaled to its size. */
static void
assert_point_drawn (GtkWidget *overlay,
                    MesoVec2   at)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (overlay);
  gint64 until[2] = { 0, (gint64) (gintptr) overlay };
  int width = gtk_widget_get_width (overlay), height = gtk_widget_get_height (overlay);
  double fit = MIN (width / 640.0, height / 480.0);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  MesoSimilarity placement;
  MesoVec2 on_photo;
  const guchar *p;

  until[0] = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (overlay)) + 2;
  gtk_widget_queue_draw (overlay);
  meso_test_iterate_until (frames_drawn, until, "the map drawn");
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (overlay)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, width * 4);
  meso_scalp_overlay_get_placement (MESO_SCALP_OVERLAY (overlay), &placement);
  on_photo = meso_similarity_apply (&placement, at);
  p = pixels + ((gsize) ((height - 480 * fit) / 2 + on_photo.y * fit) * width +
                (gsize) ((width - 640 * fit) / 2 + on_photo.x * fit)) * 4;
  /* B G R A in memory. */
  g_assert_cmpuint (p[3], ==, 255);
  g_assert_cmpuint (p[0], >, p[2] + 80);
}

/* On the front hairline's photo the session's scalp map is laid over the
 * photo, moved, sized and turned from the keyboard, kept, and found where
 * it was left when opened again. */
static void
test_map_over_photo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos (f), FALSE, &error);
  MesoInjectionPoint point = { MESO_SCALP_VIEW_FRONT, { 20, -62 }, 1.0, 0.05 };
  MesoSimilarity before, after, kept;
  MesoPhotoWindow *window;
  GtkWidget *list, *map_button, *overlay;
  gboolean placed = FALSE;
  gint64 id;

  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_FRONTAL, MESO_GRADE_MODERATE);
  meso_scalp_map_add_point (map, &point);
  g_assert_true (meso_scalp_store_save (meso_context_get_scalp_store (f->context),
                                        f->session->id, map, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (MESO_PHOTO_VIEW (views->pdata[1])->code, ==, "hairline");
  id = store_photo (f, f->session->id, "hairline.jpg", 0x6a4a38ff,
                    MESO_PHOTO_VIEW (views->pdata[1])->id, NULL);

  window = open_window (f);
  list = meso_test_get_widget (GTK_WIDGET (window), "view_list");
  map_button = meso_test_get_widget (GTK_WIDGET (window), "map_button");
  overlay = meso_test_get_widget (GTK_WIDGET (window), "map_overlay");
  gtk_list_box_select_row (GTK_LIST_BOX (list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  meso_test_iterate_until (has_paintable, meso_test_get_widget (GTK_WIDGET (window),
                                                                "photo_picture"), "the photo");
  g_assert_true (gtk_widget_get_visible (map_button));
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (window),
                                                                "count_button")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (map_button), TRUE);
  meso_test_iterate_until (is_mapped, overlay, "the map over the photo");
  g_assert_true (gtk_widget_has_focus (overlay));
  label = g_strdup_printf (_("Scalp map over the photo, %s. Graded zones: %u; hair-loss "
                             "regions: %u; injection points: %u; turned %.0f°"),
                           meso_scalp_view_get_name (MESO_SCALP_VIEW_FRONT), 1, 0, 1, 0.0);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (overlay), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       label);
  meso_test_screenshot (GTK_WIDGET (window), "photos-map", 1024, 600);
  assert_point_drawn (overlay, point.at);
  g_assert_false (gtk_widget_is_sensitive (meso_test_find_button (GTK_WIDGET (window),
                                                                  _("_Keep Placement"))));

  /* From the keyboard: right, bigger, turned a degree; drawn there. */
  meso_scalp_overlay_get_placement (MESO_SCALP_OVERLAY (overlay), &before);
  press (overlay, GDK_KEY_Right);
  press (overlay, GDK_KEY_plus);
  press (overlay, GDK_KEY_Page_Down);
  meso_scalp_overlay_get_placement (MESO_SCALP_OVERLAY (overlay), &after);
  g_assert_cmpfloat (after.tx, >, before.tx);
  g_assert_cmpfloat_with_epsilon (meso_similarity_get_scale (&after),
                                  1.05 * meso_similarity_get_scale (&before), 1e-9);
  g_assert_cmpfloat_with_epsilon (atan2 (after.b, after.a), G_PI / 180, 1e-9);
  assert_point_drawn (overlay, point.at);

  /* Kept, and found there next time. */
  gtk_widget_activate_action (GTK_WIDGET (window), "photo-window.save-map", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (window), _("The scalp map will lie here on this photo."),
                             TRUE);
  g_assert_true (meso_photo_store_load_map_placement (photos (f), id, &kept, &placed, &error));
  g_assert_no_error (error);
  g_assert_true (placed);
  g_assert_cmpfloat_with_epsilon (kept.tx, after.tx, 1e-6);
  /* The window, reloaded by the save, still shows the map where it was. */
  g_assert_true (gtk_widget_get_visible (overlay));
  meso_scalp_overlay_get_placement (MESO_SCALP_OVERLAY (overlay), &kept);
  g_assert_cmpfloat_with_epsilon (kept.tx, after.tx, 1e-6);
  /* Off, moved away while hidden, and on again: read back as kept. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (map_button), FALSE);
  g_assert_false (gtk_widget_get_visible (overlay));
  press (overlay, GDK_KEY_Home);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (map_button), TRUE);
  meso_scalp_overlay_get_placement (MESO_SCALP_OVERLAY (overlay), &kept);
  g_assert_cmpfloat_with_epsilon (kept.a, after.a, 1e-6);
  g_assert_cmpfloat_with_epsilon (kept.ty, after.ty, 1e-6);

  /* Home lays it across the photo again, upright. */
  press (overlay, GDK_KEY_Home);
  meso_scalp_overlay_get_placement (MESO_SCALP_OVERLAY (overlay), &kept);
  g_assert_cmpfloat (kept.b, ==, 0);
  g_assert_cmpfloat_with_epsilon (kept.tx, before.tx, 1e-6);
  meso_test_screenshot (GTK_WIDGET (window), "photos-map", 1920, 1080);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
banner_revealed (gpointer window)
{
  GtkWidget *banner = meso_test_get_widget (window, "health_banner");

  return gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_first_child (banner)));
}

/* A photo damaged on disk, found by the check the application runs after
 * opening: the window's banner says so, where the physician is looking. */
static void
test_damaged_photos_banner (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos (f), FALSE, &error);
  g_autoptr(MesoStaff) admin = meso_test_file_admin ();
  g_autoptr(MesoContext) damaged = NULL;
  g_autoptr(MesoStaff) physician = NULL;
  MesoTestWidgetWait wait = { NULL, meso_test_is_label_showing,
                              _("Some scalp photos were damaged after they were stored and no "
                                "longer open. Everything else is sound. The last backup that "
                                "holds them whole is kept: “mesodesk --check” names the photos."),
                              TRUE };
  MesoPhotoWindow *window;
  gint64 id = store_photo (f, f->session->id, "top.jpg", 0x5a4030ff,
                           MESO_PHOTO_VIEW (views->pdata[0])->id, NULL);

  stored = meso_photo_store_load_image (photos (f), id, MESO_PHOTO_PURPOSE_VIEW, &error);
  g_assert_true (meso_backup_write (meso_db_get_path (meso_context_get_db (f->context)), copy,
                                    admin, NULL, &error));
  g_assert_no_error (error);
  meso_test_damage_in_file (copy, stored);

  damaged = meso_context_open (copy, FALSE, &error);
  g_assert_no_error (error);
  physician = meso_test_sign_in (meso_context_get_db (damaged), MESO_ROLE_PHYSICIAN,
                                 "Dr. Deniz Kaya");
  window = meso_photo_window_new (NULL, damaged, f->session, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the photos window");
  wait.root = GTK_WIDGET (window);
  g_assert_false (meso_test_widget_shown (&wait));
  meso_db_verify_async (meso_context_get_db (damaged));
  meso_test_iterate_until (meso_test_widget_shown, &wait, "the banner on damaged photos");
  meso_test_iterate_until (banner_revealed, window, "the banner shown whole");
  meso_test_screenshot (GTK_WIDGET (window), "photos-damaged-banner", 1024, 600);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_switch (GtkWidget    *widget,
           gconstpointer data)
{
  return GTK_IS_SWITCH (widget);
}

static gboolean
is_entry_row (GtkWidget    *widget,
              gconstpointer data)
{
  return ADW_IS_ENTRY_ROW (widget);
}

static MesoPhotoView *
find_view (Fixture    *f,
           const char *label)
{
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos (f), TRUE, NULL);

  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (meso_photo_view_get_label (views->pdata[i]), label) == 0)
      return g_object_ref (views->pdata[i]);
  return NULL;
}

static gboolean
row_listed (gpointer window)
{
  return meso_test_find_row (window, "Beard") != NULL;
}

/* In the preferences an administrator adds a view of the clinic's own and
 * takes it out of use; a name another view has is refused there, kept to
 * be corrected; a physician sees the views but cannot change them. */
static void
test_views_in_preferences (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (f->context),
                                                  MESO_ROLE_ADMINISTRATOR, "Clinic Manager");
  GtkWidget *window = adw_preferences_window_new ();
  MesoPhotoSettings *page = meso_photo_settings_new (f->context);
  g_autoptr(MesoPhotoView) beard = NULL;
  g_autofree char *refused = NULL;
  GtkWidget *name_row, *row;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the preferences");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page)));
  g_assert_nonnull (meso_test_find_row (window, _("Front hairline")));
  name_row = meso_test_find_where (GTK_WIDGET (page), FALSE, is_entry_row, NULL);

  gtk_editable_set_text (GTK_EDITABLE (name_row), "Beard");
  g_signal_emit_by_name (name_row, "apply");
  beard = find_view (f, "Beard");
  g_assert_nonnull (beard);
  g_assert_false (beard->archived);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "");
  meso_test_iterate_until (row_listed, window, "the new view's row");
  row = meso_test_find_row (window, "Beard");

  /* The name of a standard view, in the reader's language: refused. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), _("Back"));
  g_signal_emit_by_name (name_row, "apply");
  refused = g_strdup_printf (_("There is already a view named “%s”."), _("Back"));
  meso_test_wait_for_toasts (window, refused, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, _("Back"));
  meso_test_screenshot (window, "preferences-photos", 1024, 600);

  /* Out of use: its switch. */
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_where (row, FALSE, is_switch, NULL)), FALSE);
  g_clear_object (&beard);
  beard = find_view (f, "Beard");
  g_assert_true (beard->archived);
  gtk_window_destroy (GTK_WINDOW (window));

  meso_db_set_actor (meso_context_get_db (f->context), f->physician);
  page = g_object_ref_sink (meso_photo_settings_new (f->context));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page)));
  g_object_unref (page);
}

/* The question before a removal, among the windows. */
static gboolean
find_question (gpointer out_dialog)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        *(gpointer *) out_dialog = window;
    }
  return *(gpointer *) out_dialog != NULL;
}

/* Remove asks first; answered, the photo asked about leaves the session,
 * in every window showing it. */
static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) photo = photo_file (f, "IMG_0002.JPG", 0x4060a0ff);
  MesoPhotoWindow *window = open_window (f);
  MesoPhotoWindow *other;
  AdwMessageDialog *question = NULL;
  Count count = { f, 1 };

  drop (window, photo);
  meso_test_iterate_until (photos_stored, &count, "the photo stored");
  /* Stored by the worker; then shown by the window. */
  meso_test_iterate_until (has_paintable, meso_test_get_widget (GTK_WIDGET (window),
                                                                "photo_picture"), "the photo");
  gtk_widget_activate_action (GTK_WIDGET (window), "photo-window.remove", NULL);
  meso_test_iterate_until (find_question, &question, "the question");
  other = open_window (f);
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (other),
                                                                "empty_page")));
  adw_message_dialog_response (question, "remove");
  g_assert_cmpuint (n_photos (f), ==, 0);
  /* Both windows of the patient follow. */
  g_assert_true (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (window),
                                                               "empty_page")));
  g_assert_true (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (other),
                                                               "empty_page")));
  gtk_window_destroy (GTK_WINDOW (question));
  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A receptionist does not get the window: photos are clinical. */
static void
test_receptionist_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (meso_context_get_db (f->context),
                                                         MESO_ROLE_RECEPTIONIST, "Zeynep");
  g_autoptr(GError) error = NULL;

  g_assert_null (meso_photo_window_new (NULL, f->context, f->session, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, meso_session_fixture_set_up, func, \
              meso_session_fixture_tear_down)
  ADD ("/meso/gui/photos/drop-and-guide", test_drop_and_guide);
  ADD ("/meso/gui/photos/watched-folder", test_watched_folder);
  ADD ("/meso/gui/photos/hair-count", test_hair_count);
  ADD ("/meso/gui/photos/map-over-photo", test_map_over_photo);
  ADD ("/meso/gui/photos/damaged-photos-banner", test_damaged_photos_banner);
  ADD ("/meso/gui/photos/views-in-preferences", test_views_in_preferences);
  ADD ("/meso/gui/photos/remove", test_remove);
  ADD ("/meso/gui/photos/receptionist-refused", test_receptionist_refused);
#undef ADD
  return g_test_run ();
}
