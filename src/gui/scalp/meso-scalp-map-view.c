/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-map-view.c: the scalp map on screen. The picture comes from
 * the renderer; this widget turns clicks, drags and keys into changes of
 * the map: the arrow keys move between zones, digits grade the zone, and
 * the widget's accessible description says what is selected, so the map
 * works without a mouse and with a screen reader. Its actions (scalp.*)
 * are what the window's buttons and the tests use. */
#define G_LOG_DOMAIN "meso-scalp-map-view"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "meso-scalp-map-view.h"
#include "meso-scalp-renderer.h"

/* Points closer than this to the pointer are picked rather than added. */
#define PICK_PIXELS 7.0
/* A painted outline keeps a vertex every this many mm. */
#define PAINT_STEP_MM 1.5

struct _MesoScalpMapView
{
  GtkWidget      parent_instance;

  MesoScalpMap  *map;
  guint          view;
  MesoScalpTool  tool;
  MesoScalpZone  selected;
  int            focused_point;
  double         depth_mm;
  double         volume_ml;

  /* The outline being painted. */
  MesoScalpView  paint_view;
  GArray        *paint;
};

G_DEFINE_FINAL_TYPE (MesoScalpMapView, meso_scalp_map_view, GTK_TYPE_WIDGET)

enum
{
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_accessible (MesoScalpMapView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  guint points = self->map != NULL ? meso_scalp_map_count_points (self->map) : 0;

  label = g_strdup_printf (_("Scalp map, %s"),
                           self->view < MESO_SCALP_N_VIEWS ? meso_scalp_view_get_name (self->view)
                                                           : _("all views"));
  if (self->focused_point >= 0 && self->map != NULL)
    {
      MesoInjectionPoint *point = &g_array_index (meso_scalp_map_get_points (self->map),
                                                  MesoInjectionPoint, self->focused_point);
      MesoScalpZone zone = meso_scalp_zone_at (point->view, point->at);

      description = g_strdup_printf (_("Injection point %d of %u, %s, %s: %.1f mm deep, %.2f ml%s"),
                                     self->focused_point + 1, points,
                                     meso_scalp_view_get_name (point->view),
                                     zone != MESO_SCALP_ZONE_NONE ? meso_scalp_zone_get_name (zone)
                                                                  : _("outside the zones"),
                                     point->depth_mm, point->volume_ml,
                                     point->depth_mm > MESO_INJECTION_MAX_DEPTH_MM
                                       ? _(", deeper than 2 mm") : "");
    }
  else if (self->selected != MESO_SCALP_ZONE_NONE && self->map != NULL)
    description = g_strdup_printf (ngettext ("%s: %s. %u injection point in all.",
                                             "%s: %s. %u injection points in all.", points),
                                   meso_scalp_zone_get_name (self->selected),
                                   meso_grade_get_label (meso_scalp_map_get_grade (self->map,
                                                                                   self->selected)),
                                   points);
  else
    description = g_strdup (_("Use the arrow keys to choose a zone and 0 to 4 to grade it; "
                              "Page Up and Page Down go through the injection points."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
on_map_changed_cb (MesoScalpMapView *self)
{
  if (self->focused_point >= (int) meso_scalp_map_count_points (self->map))
    self->focused_point = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
look_up (GtkStyleContext *context,
         const char      *name,
         GdkRGBA         *colour)
{
  /* A style without libadwaita's names keeps the light style's colour. */
  gtk_style_context_lookup_color (context, name, colour);
}

/**
 * meso_scalp_map_view_init_style:
 *
 * The colours @widget's style gives a scalp map: its ink, the accent, the
 * warning and error colours and the view's background; nothing selected.
 */
void
meso_scalp_map_view_init_style (GtkWidget      *widget,
                                MesoScalpStyle *out_style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  meso_scalp_style_init_for_paper (out_style);
  gtk_style_context_get_color (context, &out_style->ink);
  look_up (context, "accent_color", &out_style->accent);
  look_up (context, "warning_color", &out_style->warning);
  look_up (context, "error_color", &out_style->error);
  look_up (context, "view_bg_color", &out_style->rim);
  out_style->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
meso_scalp_map_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  MesoScalpStyle style;
  GdkRGBA error;
  cairo_t *cr;

  if (self->map == NULL)
    return;
  meso_scalp_map_view_init_style (widget, &style);
  style.selected = self->selected;
  style.focused_point = self->focused_point;
  style.cache_background = TRUE;
  error = style.error;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  meso_scalp_render (cr, self->map, self->view, width, height, &style);

  if (self->paint->len > 1)
    {
      MesoScalpFrame frame;

      if (meso_scalp_frame_for_view (self->view, self->paint_view, width, height, &frame))
        {
          for (guint i = 0; i < self->paint->len; i++)
            {
              MesoVec2 *p = &g_array_index (self->paint, MesoVec2, i);

              cairo_line_to (cr, frame.x0 + p->x * frame.scale, frame.y0 + p->y * frame.scale);
            }
          cairo_set_source_rgba (cr, error.red, error.green, error.blue, 0.9);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
    }
  cairo_destroy (cr);
}

/* The point of @view nearest to (@x, @y) in mm, within @radius_mm, or -1. */
static int
nearest_point (MesoScalpMapView *self,
               MesoScalpView     view,
               MesoVec2          at,
               double            radius_mm)
{
  GArray *points = meso_scalp_map_get_points (self->map);
  double best = radius_mm;
  int found = -1;

  for (guint i = 0; i < points->len; i++)
    {
      MesoInjectionPoint *point = &g_array_index (points, MesoInjectionPoint, i);
      double distance;

      if (point->view != view)
        continue;
      distance = hypot (point->at.x - at.x, point->at.y - at.y);
      if (distance <= best)
        {
          best = distance;
          found = i;
        }
    }
  return found;
}

void
meso_scalp_map_view_select (MesoScalpMapView *self,
                            MesoScalpZone     zone)
{
  self->selected = zone;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
on_click_pressed_cb (GtkGestureClick  *gesture,
                     int               n_press,
                     double            x,
                     double            y,
                     MesoScalpMapView *self)
{
  MesoScalpView view;
  MesoVec2 at;
  MesoScalpFrame frame;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->map == NULL || self->tool == MESO_SCALP_TOOL_PAINT ||
      !meso_scalp_hit_view (self->view, gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)), x, y, &view, &at))
    return;
  meso_scalp_frame_for_view (self->view, view, gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)), &frame);
  self->focused_point = nearest_point (self, view, at, PICK_PIXELS / frame.scale);
  if (self->tool == MESO_SCALP_TOOL_POINT && self->focused_point < 0)
    {
      MesoInjectionPoint point = { view, at, self->depth_mm, self->volume_ml };

      if (meso_scalp_zone_at (view, at) == MESO_SCALP_ZONE_NONE)
        return;
      meso_scalp_map_add_point (self->map, &point);
      self->focused_point = meso_scalp_map_count_points (self->map) - 1;
    }
  meso_scalp_map_view_select (self, meso_scalp_zone_at (view, at));
}

static void
on_drag_begin_cb (GtkGestureDrag   *gesture,
                  double            x,
                  double            y,
                  MesoScalpMapView *self)
{
  MesoVec2 at;

  g_array_set_size (self->paint, 0);
  if (self->tool != MESO_SCALP_TOOL_PAINT || self->map == NULL ||
      !meso_scalp_hit_view (self->view, gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)), x, y, &self->paint_view,
                            &at))
    return;
  g_array_append_val (self->paint, at);
}

static void
on_drag_update_cb (GtkGestureDrag   *gesture,
                   double            dx,
                   double            dy,
                   MesoScalpMapView *self)
{
  double x, y;
  MesoScalpFrame frame;
  MesoVec2 at, *last;

  if (self->paint->len == 0)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  meso_scalp_frame_for_view (self->view, self->paint_view, gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)), &frame);
  at = (MesoVec2) { (x + dx - frame.x0) / frame.scale, (y + dy - frame.y0) / frame.scale };
  last = &g_array_index (self->paint, MesoVec2, self->paint->len - 1);
  if (hypot (at.x - last->x, at.y - last->y) >= PAINT_STEP_MM)
    {
      g_array_append_val (self->paint, at);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_drag_end_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                MesoScalpMapView *self)
{
  if (self->paint->len >= 3 &&
      meso_polygon_area ((MesoVec2 *) self->paint->data, self->paint->len) >= 4)
    meso_scalp_map_add_region (self->map, self->paint_view, (MesoVec2 *) self->paint->data,
                               self->paint->len);
  g_array_set_size (self->paint, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The zones the current view shows, in reading order. */
static guint
visible_zones (MesoScalpMapView *self,
               MesoScalpZone    *zones)
{
  guint n = 0;

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    {
      g_autoptr(GArray) polygon = self->view < MESO_SCALP_N_VIEWS
                                    ? meso_scalp_zone_polygon (zone, self->view)
                                    : meso_scalp_zone_polygon (zone, MESO_SCALP_VIEW_TOP);

      if (polygon != NULL)
        zones[n++] = zone;
    }
  return n;
}

static void
step_zone_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (widget);
  MesoScalpZone zones[MESO_SCALP_N_ZONES];
  guint n = visible_zones (self, zones), index = 0;
  int step = g_variant_get_int32 (parameter);

  if (n == 0)
    return;
  self->focused_point = -1;
  for (guint i = 0; i < n; i++)
    if (zones[i] == self->selected)
      index = i;
  if (self->selected == MESO_SCALP_ZONE_NONE)
    index = step > 0 ? n - 1 : 0;
  meso_scalp_map_view_select (self, zones[(index + n + step) % n]);
}

static void
grade_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (widget);
  int grade = g_variant_get_int32 (parameter);

  if (self->map == NULL || self->selected == MESO_SCALP_ZONE_NONE || grade < 0 ||
      grade >= MESO_N_GRADES)
    return;
  meso_scalp_map_set_grade (self->map, self->selected, grade);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* scalp.add-point ((udd)): a point at (x, y) mm in a view, with the current
 * depth and volume; for keyboard-free tests and scripting. */
static void
add_point_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (widget);
  MesoInjectionPoint point = { 0, { 0, 0 }, self->depth_mm, self->volume_ml };
  guint view;

  g_variant_get (parameter, "(udd)", &view, &point.at.x, &point.at.y);
  if (self->map == NULL || view >= MESO_SCALP_N_VIEWS)
    return;
  point.view = view;
  meso_scalp_map_add_point (self->map, &point);
}

/* scalp.step-point (i): the next or previous injection point, so that
 * points can be reviewed and removed from the keyboard. */
static void
step_point_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (widget);
  int n = self->map != NULL ? (int) meso_scalp_map_count_points (self->map) : 0;

  if (n == 0)
    return;
  self->focused_point = self->focused_point < 0 ? 0
                        : (self->focused_point + g_variant_get_int32 (parameter) + n) % n;
  update_accessible (self);
  gtk_widget_queue_draw (widget);
}

static void
remove_point_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (widget);

  if (self->map != NULL && self->focused_point >= 0)
    {
      meso_scalp_map_remove_point (self->map, self->focused_point);
      self->focused_point = -1;
    }
}

static void
meso_scalp_map_view_dispose (GObject *object)
{
  MesoScalpMapView *self = MESO_SCALP_MAP_VIEW (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_object (&self->map);

  G_OBJECT_CLASS (meso_scalp_map_view_parent_class)->dispose (object);
}

static void
meso_scalp_map_view_finalize (GObject *object)
{
  g_array_unref (MESO_SCALP_MAP_VIEW (object)->paint);

  G_OBJECT_CLASS (meso_scalp_map_view_parent_class)->finalize (object);
}

static void
meso_scalp_map_view_class_init (MesoScalpMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_scalp_map_view_dispose;
  object_class->finalize = meso_scalp_map_view_finalize;
  widget_class->snapshot = meso_scalp_map_view_snapshot;

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "scalp.step-zone", "i", step_zone_action);
  gtk_widget_class_install_action (widget_class, "scalp.grade", "i", grade_action);
  gtk_widget_class_install_action (widget_class, "scalp.add-point", "(udd)", add_point_action);
  gtk_widget_class_install_action (widget_class, "scalp.remove-point", NULL,
                                   remove_point_action);
  gtk_widget_class_install_action (widget_class, "scalp.step-point", "i", step_point_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "scalp.step-zone", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "scalp.step-zone", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "scalp.step-zone", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "scalp.step-zone", "i", -1);
  for (int grade = 0; grade < MESO_N_GRADES; grade++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + grade, 0, "scalp.grade",
                                           "i", grade);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + grade, 0, "scalp.grade",
                                           "i", grade);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "scalp.remove-point",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "scalp.step-point",
                                       "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "scalp.step-point",
                                       "i", -1);
  gtk_widget_class_set_css_name (widget_class, "meso-scalp-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
meso_scalp_map_view_init (MesoScalpMapView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->view = MESO_SCALP_VIEW_TOP;
  self->selected = MESO_SCALP_ZONE_NONE;
  self->focused_point = -1;
  self->depth_mm = 1.5;
  self->volume_ml = 0.05;
  self->paint = g_array_new (FALSE, FALSE, sizeof (MesoVec2));

  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 360);
  /* The style manager outlives the window: the handler must go with it. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

GtkWidget *
meso_scalp_map_view_new (void)
{
  return g_object_new (MESO_TYPE_SCALP_MAP_VIEW, NULL);
}

void
meso_scalp_map_view_set_map (MesoScalpMapView *self,
                             MesoScalpMap     *map)
{
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_set_object (&self->map, map);
  if (map != NULL)
    g_signal_connect_swapped (map, "changed", G_CALLBACK (on_map_changed_cb), self);
  self->focused_point = -1;
  on_map_changed_cb (self);
}

MesoScalpMap *
meso_scalp_map_view_get_map (MesoScalpMapView *self)
{
  return self->map;
}

/* @view: a MesoScalpView, or MESO_SCALP_OVERVIEW. */
void
meso_scalp_map_view_set_view (MesoScalpMapView *self,
                              guint             view)
{
  self->view = MIN (view, MESO_SCALP_OVERVIEW);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
meso_scalp_map_view_get_view (MesoScalpMapView *self)
{
  return self->view;
}

void
meso_scalp_map_view_set_tool (MesoScalpMapView *self,
                              MesoScalpTool     tool)
{
  self->tool = tool;
}

/* The depth and volume new points get. */
void
meso_scalp_map_view_set_injection (MesoScalpMapView *self,
                                   double            depth_mm,
                                   double            volume_ml)
{
  self->depth_mm = depth_mm;
  self->volume_ml = volume_ml;
}

MesoScalpZone
meso_scalp_map_view_get_selected (MesoScalpMapView *self)
{
  return self->selected;
}
