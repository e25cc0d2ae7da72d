/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-overlay.c: the scalp map's zones, painted regions and
 * injection points laid over a photo of the same view, without the drawn
 * head. Dragging moves the map, Shift+drag turns it, scrolling sizes it;
 * from the keyboard the arrows move it, + and - size it, Page Up and Page
 * Down turn it and Home fits it to the photo again. Where it lies is a
 * similarity from the map's millimetres to the photo's pixels, which the
 * photos window keeps (meso_photo_store_save_map_placement()). The photo
 * itself is drawn by the picture under this widget, fitted the same way. */
#define G_LOG_DOMAIN "meso-scalp-overlay"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-photo-store.h"
#include "meso-scalp-map-view.h"
#include "meso-scalp-overlay.h"
#include "meso-scalp-renderer.h"

#define KEY_STEP     8.0    /* screen pixels an arrow moves the map (Shift: one) */
#define SIZE_STEP    1.05   /* + and -, and a scroll step */
#define TURN_STEP    (G_PI / 180)   /* Page Up and Page Down: a degree */

struct _MesoScalpOverlay
{
  GtkWidget       parent_instance;

  MesoScalpMap   *map;
  MesoScalpView   view;
  guint           photo_width;
  guint           photo_height;
  MesoSimilarity  placement;    /* map millimetres -> photo pixels */
  MesoSimilarity  drag_start;
};

G_DEFINE_FINAL_TYPE (MesoScalpOverlay, meso_scalp_overlay, GTK_TYPE_WIDGET)

enum
{
  PLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where the photo is drawn, as the picture under this widget draws it:
 * fitted, centred. */
static graphene_rect_t
photo_frame (MesoScalpOverlay *self,
             double           *out_scale)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double photo_width = MAX (self->photo_width, 1), photo_height = MAX (self->photo_height, 1);
  double scale = MIN (width / photo_width, height / photo_height);

  *out_scale = MAX (scale, 1e-6);
  return GRAPHENE_RECT_INIT ((width - photo_width * scale) / 2,
                             (height - photo_height * scale) / 2, photo_width * scale,
                             photo_height * scale);
}

static void
update_accessible (MesoScalpOverlay *self)
{
  g_autofree char *label = NULL;
  guint graded = 0, regions = 0, points = 0;

  for (MesoScalpZone zone = 0; self->map != NULL && zone < MESO_SCALP_N_ZONES; zone++)
    {
      g_autoptr(GArray) polygon = meso_scalp_zone_polygon (zone, self->view);

      graded += polygon != NULL && meso_scalp_map_get_grade (self->map, zone) != MESO_GRADE_NONE;
    }
  for (guint i = 0; self->map != NULL && i < meso_scalp_map_get_regions (self->map)->len; i++)
    regions += ((MesoScalpRegion *) meso_scalp_map_get_regions (self->map)->pdata[i])->view ==
               self->view;
  for (guint i = 0; self->map != NULL && i < meso_scalp_map_get_points (self->map)->len; i++)
    points += g_array_index (meso_scalp_map_get_points (self->map), MesoInjectionPoint,
                             i).view == self->view;
  /* TRANSLATORS: the view's name, then how many of each are drawn over the photo */
  label = g_strdup_printf (_("Scalp map over the photo, %s. Graded zones: %u; hair-loss "
                             "regions: %u; injection points: %u; turned %.0f°"),
                           meso_scalp_view_get_name (self->view), graded, regions, points,
                           atan2 (self->placement.b, self->placement.a) * 180 / G_PI);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* Takes @placement when it can be kept, and says the map was placed. */
static gboolean
place (MesoScalpOverlay     *self,
       const MesoSimilarity *placement)
{
  if (!meso_photo_map_placement_is_valid (placement))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  self->placement = *placement;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[PLACED], 0);
  return TRUE;
}

/* @from turned by @angle and sized by @factor about the photo pixel @centre. */
static MesoSimilarity
turned_and_sized (const MesoSimilarity *from,
                  MesoVec2              centre,
                  double                angle,
                  double                factor)
{
  double c = factor * cos (angle), s = factor * sin (angle);
  double dx = from->tx - centre.x, dy = from->ty - centre.y;

  return (MesoSimilarity) { c * from->a - s * from->b, s * from->a + c * from->b,
                            centre.x + c * dx - s * dy, centre.y + s * dx + c * dy };
}

/* Where the head's centre, the map's origin, lies on the photo. */
static MesoVec2
head_centre (MesoScalpOverlay *self)
{
  return (MesoVec2) { self->placement.tx, self->placement.ty };
}

static void
move_by (MesoScalpOverlay *self,
         double            dx,
         double            dy)
{
  MesoSimilarity moved = self->placement;

  moved.tx += dx;
  moved.ty += dy;
  place (self, &moved);
}

static void
on_drag_begin_cb (GtkGestureDrag   *gesture,
                  double            x,
                  double            y,
                  MesoScalpOverlay *self)
{
  self->drag_start = self->placement;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* A drag moves the map; with Shift it turns it about the head's centre. */
static void
on_drag_update_cb (GtkGestureDrag   *gesture,
                   double            offset_x,
                   double            offset_y,
                   MesoScalpOverlay *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double start_x, start_y, scale;
  graphene_rect_t frame = photo_frame (self, &scale);
  MesoSimilarity placement = self->drag_start;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  if (state & GDK_SHIFT_MASK)
    {
      MesoVec2 centre = { self->drag_start.tx, self->drag_start.ty };
      double cx = frame.origin.x + centre.x * scale, cy = frame.origin.y + centre.y * scale;
      double angle = atan2 (start_y + offset_y - cy, start_x + offset_x - cx) -
                     atan2 (start_y - cy, start_x - cx);

      placement = turned_and_sized (&self->drag_start, centre, angle, 1);
    }
  else
    {
      placement.tx += offset_x / scale;
      placement.ty += offset_y / scale;
    }
  place (self, &placement);
}

/* Scrolling sizes the map about the head's centre; with Shift it turns it. */
static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              MesoScalpOverlay         *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double steps = fabs (dy) > fabs (dx) ? dy : dx;
  MesoSimilarity placement;

  if (steps == 0)
    return FALSE;
  placement = (state & GDK_SHIFT_MASK)
              ? turned_and_sized (&self->placement, head_centre (self), steps * TURN_STEP * 2, 1)
              : turned_and_sized (&self->placement, head_centre (self), 0,
                                  pow (SIZE_STEP, -steps));
  place (self, &placement);
  return TRUE;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MesoScalpOverlay      *self)
{
  double scale, step;
  MesoSimilarity placement;

  photo_frame (self, &scale);
  step = ((state & GDK_SHIFT_MASK) ? 1 : KEY_STEP) / scale;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_by (self, -step, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_by (self, step, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_by (self, 0, -step);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_by (self, 0, step);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      placement = turned_and_sized (&self->placement, head_centre (self), 0,
                                    keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract
                                    ? 1 / SIZE_STEP : SIZE_STEP);
      place (self, &placement);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      placement = turned_and_sized (&self->placement, head_centre (self),
                                    keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up
                                    ? -TURN_STEP : TURN_STEP, 1);
      place (self, &placement);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      meso_photo_default_map_placement (self->view, self->photo_width, self->photo_height,
                                        &placement);
      place (self, &placement);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
meso_scalp_overlay_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MesoScalpOverlay *self = MESO_SCALP_OVERLAY (widget);
  double scale;
  graphene_rect_t frame = photo_frame (self, &scale);
  cairo_matrix_t placement;
  MesoScalpStyle style;
  cairo_t *cr;

  if (self->map == NULL || self->photo_width == 0)
    return;
  meso_scalp_map_view_init_style (widget, &style);
  /* Over a photo light lines show on hair and skin alike, whatever the
   * style; the dark edge under them does the rest. */
  style.ink = (GdkRGBA) { 1, 1, 1, 1 };
  style.rim = (GdkRGBA) { 1, 1, 1, 1 };
  style.over_photo = TRUE;
  cr = gtk_snapshot_append_cairo (snapshot, &frame);
  cairo_rectangle (cr, frame.origin.x, frame.origin.y, frame.size.width, frame.size.height);
  cairo_clip (cr);
  if (gtk_widget_has_focus (widget))
    {
      gdk_cairo_set_source_rgba (cr, &style.accent);
      cairo_set_line_width (cr, 4);
      cairo_rectangle (cr, frame.origin.x, frame.origin.y, frame.size.width, frame.size.height);
      cairo_stroke (cr);
    }
  cairo_translate (cr, frame.origin.x, frame.origin.y);
  cairo_scale (cr, scale, scale);
  cairo_matrix_init (&placement, self->placement.a, self->placement.b, -self->placement.b,
                     self->placement.a, self->placement.tx, self->placement.ty);
  cairo_transform (cr, &placement);
  meso_scalp_render_one_view (cr, self->map, self->view,
                              scale * meso_similarity_get_scale (&self->placement), &style);
  cairo_destroy (cr);
}

static void
meso_scalp_overlay_dispose (GObject *object)
{
  g_clear_object (&MESO_SCALP_OVERLAY (object)->map);
  G_OBJECT_CLASS (meso_scalp_overlay_parent_class)->dispose (object);
}

static void
meso_scalp_overlay_class_init (MesoScalpOverlayClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = meso_scalp_overlay_dispose;
  widget_class->snapshot = meso_scalp_overlay_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  /**
   * MesoScalpOverlay::placed:
   *
   * Emitted when the physician moved, sized or turned the map.
   */
  signals[PLACED] = g_signal_new ("placed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_scalp_overlay_init (MesoScalpOverlay *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                     GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->placement = MESO_SIMILARITY_IDENTITY;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "move");
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag or use the arrow keys to move the map, scroll or "
                                    "press + and − to size it, Shift+drag or Page Up and Page "
                                    "Down to turn it, Home to fit it to the photo again."), -1);
}

GtkWidget *
meso_scalp_overlay_new (void)
{
  return g_object_new (MESO_TYPE_SCALP_OVERLAY, NULL);
}

/**
 * meso_scalp_overlay_set_map:
 * @map: the session's scalp map, an empty one when none was drawn
 * @view: the view the photo shows
 *
 * Lays @view of @map over a photo of @photo_width × @photo_height pixels,
 * fitted to it until meso_scalp_overlay_set_placement() says where it lies.
 */
void
meso_scalp_overlay_set_map (MesoScalpOverlay *self,
                            MesoScalpMap     *map,
                            MesoScalpView     view,
                            guint             photo_width,
                            guint             photo_height)
{
  g_return_if_fail (view < MESO_SCALP_N_VIEWS && photo_width > 0 && photo_height > 0);
  g_set_object (&self->map, map);
  self->view = view;
  self->photo_width = photo_width;
  self->photo_height = photo_height;
  meso_photo_default_map_placement (view, photo_width, photo_height, &self->placement);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where the map lies, as kept; not a move of the physician's. */
void
meso_scalp_overlay_set_placement (MesoScalpOverlay     *self,
                                  const MesoSimilarity *map_to_photo)
{
  self->placement = *map_to_photo;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
meso_scalp_overlay_get_placement (MesoScalpOverlay *self,
                                  MesoSimilarity   *out_map_to_photo)
{
  *out_map_to_photo = self->placement;
}
