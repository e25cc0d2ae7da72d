/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-hair-counter.c: hairs counted on a trichoscopy photo. A drag draws
 * the 1 cm² square; then each click in it marks a hair, terminal or vellus
 * (the kind chosen, or the other with the secondary button), and a click
 * on a mark takes it back. From the keyboard, the arrows move a crosshair,
 * Enter puts the square there and + and - size it, T and V mark, Delete
 * takes the last mark back. Drawn in the style's colours; its accessible
 * label says the count. */
#define G_LOG_DOMAIN "meso-hair-counter"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-hair-counter.h"

#define MARK_RADIUS    5.0   /* on screen */
#define HIT_RADIUS     8.0
#define CROSSHAIR_STEP 4.0   /* image pixels per arrow press (Shift: one) */

struct _MesoHairCounter
{
  GtkWidget   parent_instance;

  GdkTexture *texture;
  gboolean    has_square;
  MesoVec2    corner;       /* image pixels */
  double      side;
  GArray     *marks;        /* MesoHairMark */
  gboolean    terminal;     /* the kind a primary click marks */
  MesoVec2    drag_start;   /* image pixels */
  gboolean    crosshair_shown;
  MesoVec2    crosshair;
};

G_DEFINE_FINAL_TYPE (MesoHairCounter, meso_hair_counter, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where the photo is drawn: fitted, centred. */
static graphene_rect_t
photo_frame (MesoHairCounter *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double photo_width = self->texture != NULL ? gdk_texture_get_width (self->texture) : 1;
  double photo_height = self->texture != NULL ? gdk_texture_get_height (self->texture) : 1;
  double scale = MIN (width / photo_width, height / photo_height);

  return GRAPHENE_RECT_INIT ((width - photo_width * scale) / 2,
                             (height - photo_height * scale) / 2, photo_width * scale,
                             photo_height * scale);
}

static double
frame_scale (MesoHairCounter *self)
{
  graphene_rect_t frame = photo_frame (self);

  return self->texture != NULL ? frame.size.width / gdk_texture_get_width (self->texture) : 1;
}

static MesoVec2
to_image (MesoHairCounter *self,
          double           x,
          double           y)
{
  graphene_rect_t frame = photo_frame (self);
  double scale = frame_scale (self);

  return (MesoVec2) { (x - frame.origin.x) / scale, (y - frame.origin.y) / scale };
}

static graphene_point_t
to_widget (MesoHairCounter *self,
           MesoVec2         point)
{
  graphene_rect_t frame = photo_frame (self);
  double scale = frame_scale (self);

  return GRAPHENE_POINT_INIT (frame.origin.x + point.x * scale,
                              frame.origin.y + point.y * scale);
}

static void
count_marks (MesoHairCounter *self,
             guint           *out_terminal,
             guint           *out_vellus)
{
  *out_terminal = *out_vellus = 0;
  for (guint i = 0; i < self->marks->len; i++)
    if (g_array_index (self->marks, MesoHairMark, i).terminal)
      (*out_terminal)++;
    else
      (*out_vellus)++;
}

static void
changed (MesoHairCounter *self)
{
  g_autofree char *label = NULL;
  guint terminal, vellus;

  count_marks (self, &terminal, &vellus);
  label = self->has_square
          ? g_strdup_printf (_("Hair count in the square: %u terminal, %u vellus"), terminal,
                             vellus)
          : g_strdup (_("Hair count: drag to mark the 1 cm² square"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
in_square (MesoHairCounter *self,
           MesoVec2         point)
{
  return self->has_square && point.x >= self->corner.x && point.y >= self->corner.y &&
         point.x <= self->corner.x + self->side && point.y <= self->corner.y + self->side;
}

/* Marks a hair at @point, or takes back the mark under it. */
static void
tap (MesoHairCounter *self,
     MesoVec2         point,
     gboolean         terminal)
{
  double hit = HIT_RADIUS / frame_scale (self);
  MesoHairMark mark = { point, terminal };

  for (guint i = 0; i < self->marks->len; i++)
    {
      MesoHairMark *other = &g_array_index (self->marks, MesoHairMark, i);

      if (hypot (other->at.x - point.x, other->at.y - point.y) <= hit)
        {
          g_array_remove_index (self->marks, i);
          changed (self);
          return;
        }
    }
  if (!in_square (self, point) || self->marks->len >= MESO_PHOTO_COUNT_MAX_HAIRS)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_array_append_val (self->marks, mark);
  changed (self);
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               MesoHairCounter *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->has_square && self->texture != NULL)
    tap (self, to_image (self, x, y), button == GDK_BUTTON_SECONDARY ? !self->terminal
                                                                     : self->terminal);
}

/* With no square yet, a drag draws it; its side is the drag's longer one,
 * kept inside the photo. */
static void
on_drag_begin_cb (GtkGestureDrag  *gesture,
                  double           x,
                  double           y,
                  MesoHairCounter *self)
{
  if (self->has_square || self->texture == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start = to_image (self, x, y);
}

static void
on_drag_update_cb (GtkGestureDrag  *gesture,
                   double           dx,
                   double           dy,
                   MesoHairCounter *self)
{
  double scale = frame_scale (self);
  double side = MAX (fabs (dx), fabs (dy)) / scale;
  double width = gdk_texture_get_width (self->texture);
  double height = gdk_texture_get_height (self->texture);

  self->corner.x = CLAMP (dx < 0 ? self->drag_start.x - side : self->drag_start.x, 0, width);
  self->corner.y = CLAMP (dy < 0 ? self->drag_start.y - side : self->drag_start.y, 0, height);
  self->side = MIN (side, MIN (width - self->corner.x, height - self->corner.y));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                MesoHairCounter *self)
{
  on_drag_update_cb (gesture, dx, dy, self);
  self->has_square = self->side >= 8;
  changed (self);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MesoHairCounter       *self)
{
  double step = state & GDK_SHIFT_MASK ? 1 : CROSSHAIR_STEP;
  double dx = keyval == GDK_KEY_Left ? -step : keyval == GDK_KEY_Right ? step : 0;
  double dy = keyval == GDK_KEY_Up ? -step : keyval == GDK_KEY_Down ? step : 0;
  double width, height;
  guint latin;
  /* Before the square, the crosshair roams the photo; then the square. */
  MesoVec2 low = self->has_square ? self->corner : (MesoVec2) { 0, 0 };
  MesoVec2 high;

  if (self->texture == NULL)
    return FALSE;
  width = gdk_texture_get_width (self->texture);
  height = gdk_texture_get_height (self->texture);
  high = self->has_square ? (MesoVec2) { self->corner.x + self->side,
                                         self->corner.y + self->side }
                          : (MesoVec2) { width, height };
  if (dx != 0 || dy != 0)
    {
      if (!self->crosshair_shown)
        self->crosshair = (MesoVec2) { (low.x + high.x) / 2, (low.y + high.y) / 2 };
      self->crosshair_shown = TRUE;
      self->crosshair.x = CLAMP (self->crosshair.x + dx, low.x, high.x);
      self->crosshair.y = CLAMP (self->crosshair.y + dy, low.y, high.y);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }
  /* From the keyboard, Enter puts the square at the crosshair (a quarter
   * of the photo's shorter side), and + and - size it. */
  if (!self->has_square && (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter))
    {
      MesoVec2 centre = self->crosshair_shown ? self->crosshair
                                              : (MesoVec2) { width / 2, height / 2 };

      self->side = MIN (width, height) / 4;
      self->corner.x = CLAMP (centre.x - self->side / 2, 0, width - self->side);
      self->corner.y = CLAMP (centre.y - self->side / 2, 0, height - self->side);
      self->has_square = TRUE;
      self->crosshair = (MesoVec2) { self->corner.x + self->side / 2,
                                     self->corner.y + self->side / 2 };
      changed (self);
      return TRUE;
    }
  if (self->has_square && (keyval == GDK_KEY_plus || keyval == GDK_KEY_KP_Add ||
                           keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract))
    {
      double side = self->side * (keyval == GDK_KEY_plus || keyval == GDK_KEY_KP_Add
                                  ? 1.05 : 1 / 1.05);
      double grow = (side - self->side) / 2;

      side = MIN (side, MIN (width, height));
      self->corner.x = CLAMP (self->corner.x - grow, 0, width - side);
      self->corner.y = CLAMP (self->corner.y - grow, 0, height - side);
      self->side = MAX (side, 8);
      changed (self);
      return TRUE;
    }
  if (!self->has_square)
    return FALSE;
  /* T and V where they are on a Latin keyboard, whatever layout is on. */
  latin = keyval;
  if (keyval != GDK_KEY_t && keyval != GDK_KEY_v &&
      !gdk_display_translate_key (gtk_widget_get_display (GTK_WIDGET (self)), keycode, 0, 0,
                                  &latin, NULL, NULL, NULL))
    latin = keyval;
  if ((latin == GDK_KEY_t || latin == GDK_KEY_v) && self->crosshair_shown)
    {
      MesoHairMark mark = { self->crosshair, latin == GDK_KEY_t };

      if (self->marks->len < MESO_PHOTO_COUNT_MAX_HAIRS)
        g_array_append_val (self->marks, mark);
      changed (self);
      return TRUE;
    }
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_BackSpace) && self->marks->len > 0)
    {
      g_array_set_size (self->marks, self->marks->len - 1);
      changed (self);
      return TRUE;
    }
  return FALSE;
}

/* The style's colours, so the dark and high-contrast styles work. */
static void
look_up (MesoHairCounter *self,
         const char      *name,
         GdkRGBA         *out_colour)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, out_colour);
  gtk_style_context_lookup_color (context, name, out_colour);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
append_circle (GtkSnapshot            *snapshot,
               const graphene_point_t *centre,
               double                  radius,
               const GdkRGBA          *colour,
               gboolean                filled)
{
  GskRoundedRect circle;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&circle,
                                   &GRAPHENE_RECT_INIT (centre->x - radius, centre->y - radius,
                                                        2 * radius, 2 * radius), radius);
  if (filled)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &circle);
      gtk_snapshot_append_color (snapshot, colour, &circle.bounds);
      gtk_snapshot_pop (snapshot);
    }
  else
    gtk_snapshot_append_border (snapshot, &circle, widths, colours);
}

static void
meso_hair_counter_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  MesoHairCounter *self = MESO_HAIR_COUNTER (widget);
  graphene_rect_t frame = photo_frame (self);
  double scale = frame_scale (self);
  GdkRGBA terminal, vellus, light = { 1, 1, 1, 0.9 };

  if (self->texture == NULL)
    return;
  look_up (self, "accent_color", &terminal);
  look_up (self, "success_color", &vellus);
  gtk_snapshot_append_texture (snapshot, self->texture, &frame);
  if (self->side > 0)
    {
      graphene_point_t corner = to_widget (self, self->corner);
      GskRoundedRect square;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colours[4] = { terminal, terminal, terminal, terminal };

      gsk_rounded_rect_init_from_rect (&square,
                                       &GRAPHENE_RECT_INIT (corner.x, corner.y,
                                                            self->side * scale,
                                                            self->side * scale), 0);
      gtk_snapshot_append_border (snapshot, &square, widths, colours);
    }
  /* Terminal hairs filled, vellus ones ringed: told apart without colour too. */
  for (guint i = 0; i < self->marks->len; i++)
    {
      MesoHairMark *mark = &g_array_index (self->marks, MesoHairMark, i);
      graphene_point_t at = to_widget (self, mark->at);

      append_circle (snapshot, &at, MARK_RADIUS + 1, &light, FALSE);
      append_circle (snapshot, &at, MARK_RADIUS, mark->terminal ? &terminal : &vellus,
                     mark->terminal);
    }
  if (self->crosshair_shown && gtk_widget_has_focus (widget))
    {
      graphene_point_t at = to_widget (self, self->crosshair);

      gtk_snapshot_append_color (snapshot, &terminal,
                                 &GRAPHENE_RECT_INIT (at.x - 10, at.y - 0.5, 20, 1));
      gtk_snapshot_append_color (snapshot, &terminal,
                                 &GRAPHENE_RECT_INIT (at.x - 0.5, at.y - 10, 1, 20));
    }
}

static void
meso_hair_counter_dispose (GObject *object)
{
  MesoHairCounter *self = MESO_HAIR_COUNTER (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->marks, g_array_unref);
  G_OBJECT_CLASS (meso_hair_counter_parent_class)->dispose (object);
}

static void
meso_hair_counter_class_init (MesoHairCounterClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = meso_hair_counter_dispose;
  widget_class->snapshot = meso_hair_counter_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  /**
   * MesoHairCounter::changed:
   *
   * Emitted when the square or a mark changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_hair_counter_init (MesoHairCounter *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->marks = g_array_new (FALSE, FALSE, sizeof (MesoHairMark));
  self->terminal = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 200, 200);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  changed (self);
}

GtkWidget *
meso_hair_counter_new (void)
{
  return g_object_new (MESO_TYPE_HAIR_COUNTER, NULL);
}

/* Starts over on @texture (a trichoscopy photo): no square, no marks. */
void
meso_hair_counter_set_texture (MesoHairCounter *self,
                               GdkTexture      *texture)
{
  g_set_object (&self->texture, texture);
  self->has_square = FALSE;
  self->side = 0;
  self->crosshair_shown = FALSE;
  g_array_set_size (self->marks, 0);
  changed (self);
}

/* The kind a primary click marks: terminal, or vellus. */
void
meso_hair_counter_set_terminal (MesoHairCounter *self,
                                gboolean         terminal)
{
  self->terminal = terminal;
}

/* Shows a stored count: the square, and @marks (of MesoHairMark). */
void
meso_hair_counter_set_count (MesoHairCounter *self,
                             MesoVec2         corner,
                             double           side,
                             GArray          *marks)
{
  self->corner = corner;
  self->side = side;
  self->has_square = side > 0;
  g_array_set_size (self->marks, 0);
  if (marks != NULL)
    g_array_append_vals (self->marks, marks->data, marks->len);
  changed (self);
}

/**
 * meso_hair_counter_get_count:
 * @out_marks: (out) (transfer none) (element-type MesoHairMark): the marks
 *
 * Returns: whether a square was drawn
 */
gboolean
meso_hair_counter_get_count (MesoHairCounter  *self,
                             MesoVec2         *out_corner,
                             double           *out_side,
                             GArray          **out_marks)
{
  *out_corner = self->corner;
  *out_side = self->side;
  *out_marks = self->marks;
  return self->has_square;
}

/* Forgets the square and the marks, to draw the square again. */
void
meso_hair_counter_clear (MesoHairCounter *self)
{
  g_autoptr(GdkTexture) texture = self->texture != NULL ? g_object_ref (self->texture) : NULL;

  meso_hair_counter_set_texture (self, texture);
}
