/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-compare.c: a before and an after photo compared: side by side, the after one laid
 * over the before one at an opacity, or wiped across it; the after photo goes through the
 * alignment (a similarity) into the before photo's frame. Its snapshot only places the two
 * textures (transform, clip, opacity nodes), so moving the slider costs no pixel work. While
 * picking, clicks (or the arrow keys and Enter) place numbered landmarks on each photo. */
#define G_LOG_DOMAIN "meso-photo-compare"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "meso-photo-compare.h"
#include "meso-photo-store.h"

G_STATIC_ASSERT (MESO_PHOTO_COMPARE_MAX_LANDMARKS == MESO_PHOTO_MAX_LANDMARKS);

#define GAP             12.0  /* between the two photos side by side */
#define CAPTION_PADDING 6.0   /* around a caption's text */
/* What an arrow key moves (Shift: a tenth of it): the position, the crosshair in pixels. */
#define POSITION_STEP   0.05
#define CROSSHAIR_STEP  10.0
/* A landmark: a ring around the exact spot, its number in a badge beside it, so the badge
 * hides nothing the user aimed at. */
#define RING_RADIUS     7.0
#define BADGE_RADIUS    9.0
#define BADGE_OFFSET    12.0
#define HANDLE_RADIUS   12.0  /* the wipe's handle */
#define DIM_OPACITY     0.55  /* libadwaita's .dim-label */

typedef enum
{
  BEFORE,
  AFTER,
  N_SIDES
} Side;

G_DEFINE_ENUM_TYPE (MesoCompareMode, meso_compare_mode,
  G_DEFINE_ENUM_VALUE (MESO_COMPARE_SIDE_BY_SIDE, "side-by-side"),
  G_DEFINE_ENUM_VALUE (MESO_COMPARE_OVERLAY, "overlay"),
  G_DEFINE_ENUM_VALUE (MESO_COMPARE_WIPE, "wipe"))

struct _MesoPhotoCompare
{
  GtkWidget        parent_instance;

  GdkTexture      *photo[N_SIDES];
  char            *label[N_SIDES];
  MesoCompareMode  mode;
  double           position;
  gboolean         aligned;
  MesoSimilarity   after_to_before;

  gboolean         picking;
  MesoVec2         landmarks[N_SIDES][MESO_PHOTO_COMPARE_MAX_LANDMARKS];
  guint            n_landmarks[N_SIDES];
  /* The side of each landmark in the order placed, for Delete to take back the latest. */
  Side             placed[N_SIDES * MESO_PHOTO_COMPARE_MAX_LANDMARKS];
  guint            n_placed;
  /* The keyboard's crosshair in widget coordinates; unset until an arrow key is pressed. */
  MesoVec2         crosshair;
  gboolean         crosshair_set;
};

G_DEFINE_FINAL_TYPE (MesoPhotoCompare, meso_photo_compare, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODE,
  PROP_POSITION,
  PROP_PICKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint landmarks_changed_signal;

/* Where each photo is on the widget, for drawing and for clicks alike. */
typedef struct
{
  gboolean        side_by_side;
  MesoSimilarity  to_widget[N_SIDES];  /* photo pixels to widget coordinates */
  graphene_rect_t shown[N_SIDES];      /* what each photo covers (overlaid: the before's) */
  graphene_rect_t caption[N_SIDES];    /* right under the photos */
} Layout;

static gboolean
shows_side_by_side (MesoPhotoCompare *self)
{
  return self->picking || self->mode == MESO_COMPARE_SIDE_BY_SIDE;
}

/* A photo's label, or what it is: in a sentence, or as a caption. */
static const char *
get_name (MesoPhotoCompare *self,
          Side              side,
          gboolean          caption)
{
  if (self->label[side] != NULL)
    return self->label[side];
  if (caption)
    return side == BEFORE ? _("Before") : _("After");
  return side == BEFORE ? _("the before photo") : _("the after photo");
}

static void
update_accessible (MesoPhotoCompare *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  int percent = (int) round (self->position * 100);

  if (self->photo[BEFORE] == NULL || self->photo[AFTER] == NULL)
    label = g_strdup (_("Photo comparison: no photos to compare"));
  else if (shows_side_by_side (self))
    /* Translators: the two photos' captions, usually the sessions' dates. */
    label = g_strdup_printf (_("Comparison of %s and %s, side by side"),
                             get_name (self, BEFORE, FALSE), get_name (self, AFTER, FALSE));
  else if (self->mode == MESO_COMPARE_OVERLAY)
    /* Translators: the last number is the after photo's opacity. */
    label = g_strdup_printf (_("Comparison of %s and %s, overlay at %d %%"),
                             get_name (self, BEFORE, FALSE), get_name (self, AFTER, FALSE),
                             percent);
  else
    /* Translators: the last number is how far across the after photo begins. */
    label = g_strdup_printf (_("Comparison of %s and %s, wipe at %d %%"),
                             get_name (self, BEFORE, FALSE), get_name (self, AFTER, FALSE),
                             percent);

  if (self->picking)
    description = g_strdup_printf (_("Picking landmarks: %u of %u on the before photo, %u of %u "
                                     "on the after photo. Click the same features on each "
                                     "photo, or move the crosshair with the arrow keys, Page "
                                     "Up or Page Down to change photo, and press Enter; Delete "
                                     "takes back the latest landmark."),
                                   self->n_landmarks[BEFORE], MESO_PHOTO_COMPARE_MAX_LANDMARKS,
                                   self->n_landmarks[AFTER], MESO_PHOTO_COMPARE_MAX_LANDMARKS);
  else if (!shows_side_by_side (self))
    description = g_strdup (_("The Left and Right arrow keys move the comparison by 5 %; Home "
                              "and End go to either photo."));
  else
    description = g_strdup ("");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* (A ∘ B)(p) = A (B (p)): the similarities as complex numbers a + ib, multiplied. */
static MesoSimilarity
compose (const MesoSimilarity *outer,
         const MesoSimilarity *inner)
{
  MesoVec2 shift = meso_similarity_apply (outer, (MesoVec2) { inner->tx, inner->ty });

  return (MesoSimilarity) { outer->a * inner->a - outer->b * inner->b,
                            outer->a * inner->b + outer->b * inner->a, shift.x, shift.y };
}

/* @texture as large as fits in @box, centred. */
static void
fit (GdkTexture            *texture,
     const graphene_rect_t *box,
     MesoSimilarity        *out_to_widget,
     graphene_rect_t       *out_shown)
{
  double width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  double scale = MAX (0, MIN (box->size.width / width, box->size.height / height));

  *out_to_widget = (MesoSimilarity) { scale, 0,
                                      box->origin.x + (box->size.width - width * scale) / 2,
                                      box->origin.y + (box->size.height - height * scale) / 2 };
  graphene_rect_init (out_shown, out_to_widget->tx, out_to_widget->ty, width * scale,
                      height * scale);
}

/* Returns: %FALSE when there is nothing to compare. */
static gboolean
compute_layout (MesoPhotoCompare *self,
                Layout           *out)
{
  g_autoptr(PangoLayout) line = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag");
  double width = gtk_widget_get_width (GTK_WIDGET (self)), caption, photos;
  int line_height;

  if (self->photo[BEFORE] == NULL || self->photo[AFTER] == NULL)
    return FALSE;
  /* A caption is a line of text with room around it. */
  pango_layout_get_pixel_size (line, NULL, &line_height);
  caption = line_height + 2 * CAPTION_PADDING;
  photos = MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - caption);
  out->side_by_side = shows_side_by_side (self);
  if (out->side_by_side)
    {
      double half = MAX (0, (width - GAP) / 2);

      fit (self->photo[BEFORE], &GRAPHENE_RECT_INIT (0, 0, half, photos),
           &out->to_widget[BEFORE], &out->shown[BEFORE]);
      fit (self->photo[AFTER], &GRAPHENE_RECT_INIT (width - half, 0, half, photos),
           &out->to_widget[AFTER], &out->shown[AFTER]);
      for (Side side = 0; side < N_SIDES; side++)
        graphene_rect_init (&out->caption[side], side == BEFORE ? 0 : width - half,
                            out->shown[side].origin.y + out->shown[side].size.height, half,
                            caption);
      return TRUE;
    }
  fit (self->photo[BEFORE], &GRAPHENE_RECT_INIT (0, 0, width, photos),
       &out->to_widget[BEFORE], &out->shown[BEFORE]);
  /* Under the frame: the before photo's caption on the left, the after one's on the right. */
  for (Side side = 0; side < N_SIDES; side++)
    graphene_rect_init (&out->caption[side],
                        out->shown[BEFORE].origin.x + side * out->shown[BEFORE].size.width / 2,
                        out->shown[BEFORE].origin.y + out->shown[BEFORE].size.height,
                        out->shown[BEFORE].size.width / 2, caption);
  /* The comparison happens within the before photo: the after one is cut to it. */
  out->shown[AFTER] = out->shown[BEFORE];
  if (self->aligned)
    out->to_widget[AFTER] = compose (&out->to_widget[BEFORE], &self->after_to_before);
  else
    {
      graphene_rect_t unused;

      fit (self->photo[AFTER], &GRAPHENE_RECT_INIT (0, 0, width, photos),
           &out->to_widget[AFTER], &unused);
    }
  return TRUE;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
/* The style's colours, so the dark and high-contrast styles work; a style without
 * libadwaita's names keeps the text colour. */
static void
look_up (MesoPhotoCompare *self,
         const char       *name,
         GdkRGBA          *out_colour)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, out_colour);
  if (name != NULL)
    gtk_style_context_lookup_color (context, name, out_colour);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* @texture with its pixels mapped by @to_widget: the renderer scales it, no pixel work here.
 * Unturned, the transform stays a scale and a shift, which renderers draw directly. */
static void
append_photo (GtkSnapshot          *snapshot,
              GdkTexture           *texture,
              const MesoSimilarity *to_widget)
{
  double scale = meso_similarity_get_scale (to_widget);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (to_widget->tx, to_widget->ty));
  if (to_widget->b != 0)
    gtk_snapshot_rotate (snapshot, atan2 (to_widget->b, to_widget->a) * 180 / G_PI);
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (0, 0, gdk_texture_get_width (texture),
                                                    gdk_texture_get_height (texture)));
  gtk_snapshot_restore (snapshot);
}

/* @text centred in @box's height, aligned as asked; wrapped, or ellipsized when too long. */
static void
append_text (MesoPhotoCompare      *self,
             GtkSnapshot           *snapshot,
             const char            *text,
             const graphene_rect_t *box,
             PangoAlignment         alignment,
             const GdkRGBA         *colour,
             gboolean               wrap)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int height;

  pango_layout_set_width (layout, MAX (1, box->size.width - 2 * CAPTION_PADDING) * PANGO_SCALE);
  if (wrap)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (box->origin.x + CAPTION_PADDING,
                                                box->origin.y + (box->size.height - height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
append_circle (GtkSnapshot   *snapshot,
               MesoVec2       centre,
               double         radius,
               double         width,
               const GdkRGBA *colour,
               gboolean       filled)
{
  GskRoundedRect circle;

  gsk_rounded_rect_init_from_rect (&circle,
                                   &GRAPHENE_RECT_INIT (centre.x - radius, centre.y - radius,
                                                        2 * radius, 2 * radius),
                                   radius);
  if (filled)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &circle);
      gtk_snapshot_append_color (snapshot, colour, &circle.bounds);
      gtk_snapshot_pop (snapshot);
      return;
    }
  gtk_snapshot_append_border (snapshot, &circle, (float[4]) { width, width, width, width },
                              (GdkRGBA[4]) { *colour, *colour, *colour, *colour });
}

/* A filled accent circle, light-edged to show on any photo, with @text on it. */
static void
append_badge (MesoPhotoCompare *self,
              GtkSnapshot      *snapshot,
              MesoVec2          centre,
              double            radius,
              const char       *text)
{
  GdkRGBA accent, on_accent;

  look_up (self, "accent_bg_color", &accent);
  look_up (self, "accent_fg_color", &on_accent);
  append_circle (snapshot, centre, radius + 1, 0, &on_accent, TRUE);
  append_circle (snapshot, centre, radius, 0, &accent, TRUE);
  append_text (self, snapshot, text,
               &GRAPHENE_RECT_INIT (centre.x - radius - CAPTION_PADDING, centre.y - radius,
                                    2 * (radius + CAPTION_PADDING), 2 * radius),
               PANGO_ALIGN_CENTER, &on_accent, FALSE);
}

static void
append_landmarks (MesoPhotoCompare *self,
                  GtkSnapshot      *snapshot,
                  const Layout     *layout)
{
  GdkRGBA accent, on_accent;

  look_up (self, "accent_bg_color", &accent);
  look_up (self, "accent_fg_color", &on_accent);
  for (Side side = 0; side < N_SIDES; side++)
    for (guint i = 0; i < self->n_landmarks[side]; i++)
      {
        MesoVec2 at = meso_similarity_apply (&layout->to_widget[side], self->landmarks[side][i]);
        char number[4];

        /* The light ring keeps the accent one visible on a photo of the accent's hue. */
        append_circle (snapshot, at, RING_RADIUS + 1, 4, &on_accent, FALSE);
        append_circle (snapshot, at, RING_RADIUS, 2, &accent, FALSE);
        g_snprintf (number, sizeof number, "%u", i + 1);
        append_badge (self, snapshot, (MesoVec2) { at.x + BADGE_OFFSET, at.y - BADGE_OFFSET },
                      BADGE_RADIUS, number);
      }
}

/* The keyboard's crosshair: a landmark's ring, dotted in its centre, without a number yet. */
static void
append_crosshair (MesoPhotoCompare *self,
                  GtkSnapshot      *snapshot)
{
  GdkRGBA accent, on_accent;

  look_up (self, "accent_bg_color", &accent);
  look_up (self, "accent_fg_color", &on_accent);
  append_circle (snapshot, self->crosshair, RING_RADIUS + 1, 4, &on_accent, FALSE);
  append_circle (snapshot, self->crosshair, RING_RADIUS, 2, &accent, FALSE);
  append_circle (snapshot, self->crosshair, 1.5, 0, &accent, TRUE);
}

/* The wipe's split: a line with a handle to drag, light-edged to show on any photo. */
static void
append_split (MesoPhotoCompare      *self,
              GtkSnapshot           *snapshot,
              double                 split,
              const graphene_rect_t *frame)
{
  GdkRGBA accent, on_accent;

  look_up (self, "accent_bg_color", &accent);
  look_up (self, "accent_fg_color", &on_accent);
  gtk_snapshot_append_color (snapshot, &on_accent,
                             &GRAPHENE_RECT_INIT (split - 2, frame->origin.y, 4,
                                                  frame->size.height));
  gtk_snapshot_append_color (snapshot, &accent,
                             &GRAPHENE_RECT_INIT (split - 1, frame->origin.y, 2,
                                                  frame->size.height));
  append_badge (self, snapshot, (MesoVec2) { split, frame->origin.y + frame->size.height / 2 },
                HANDLE_RADIUS, "\u25C2\u25B8");
}

static void
meso_photo_compare_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MesoPhotoCompare *self = MESO_PHOTO_COMPARE (widget);
  const graphene_rect_t *frame;
  GdkRGBA ink, accent;
  Layout layout;

  look_up (self, NULL, &ink);
  look_up (self, "accent_color", &accent);
  if (!compute_layout (self, &layout))
    {
      GdkRGBA dim = ink;

      dim.alpha *= DIM_OPACITY;
      append_text (self, snapshot, self->photo[BEFORE] == NULL && self->photo[AFTER] == NULL
                                     ? _("No photos to compare")
                                     : _("Choose a second photo of the same view to compare"),
                   &GRAPHENE_RECT_INIT (CAPTION_PADDING, 0, gtk_widget_get_width (widget) -
                                        2 * CAPTION_PADDING, gtk_widget_get_height (widget)),
                   PANGO_ALIGN_CENTER, &dim, TRUE);
    }
  else if (layout.side_by_side)
    {
      for (Side side = 0; side < N_SIDES; side++)
        {
          append_photo (snapshot, self->photo[side], &layout.to_widget[side]);
          append_text (self, snapshot, get_name (self, side, TRUE), &layout.caption[side],
                       PANGO_ALIGN_CENTER, &ink, FALSE);
        }
      append_landmarks (self, snapshot, &layout);
      if (self->picking && self->crosshair_set && gtk_widget_has_visible_focus (widget))
        append_crosshair (self, snapshot);
    }
  else
    {
      frame = &layout.shown[BEFORE];
      gtk_snapshot_push_clip (snapshot, frame);
      append_photo (snapshot, self->photo[BEFORE], &layout.to_widget[BEFORE]);
      if (self->mode == MESO_COMPARE_OVERLAY && self->position > 0)
        {
          gtk_snapshot_push_opacity (snapshot, self->position);
          append_photo (snapshot, self->photo[AFTER], &layout.to_widget[AFTER]);
          gtk_snapshot_pop (snapshot);
        }
      else if (self->mode == MESO_COMPARE_WIPE)
        {
          double split = frame->origin.x + self->position * frame->size.width;

          gtk_snapshot_push_clip (snapshot,
                                  &GRAPHENE_RECT_INIT (split, frame->origin.y,
                                                       frame->origin.x + frame->size.width - split,
                                                       frame->size.height));
          append_photo (snapshot, self->photo[AFTER], &layout.to_widget[AFTER]);
          gtk_snapshot_pop (snapshot);
          append_split (self, snapshot, split, frame);
        }
      gtk_snapshot_pop (snapshot);
      append_text (self, snapshot, get_name (self, BEFORE, TRUE), &layout.caption[BEFORE],
                   PANGO_ALIGN_LEFT, &ink, FALSE);
      append_text (self, snapshot, get_name (self, AFTER, TRUE), &layout.caption[AFTER],
                   PANGO_ALIGN_RIGHT, &ink, FALSE);
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
      GskRoundedRect ring;

      /* libadwaita's focus ring: the accent at half strength. */
      accent.alpha *= 0.5;
      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 6);
      gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { accent, accent, accent, accent });
    }
}

/* What a setter does after a change: tell the screen reader, draw, notify @property. */
static void
changed (MesoPhotoCompare *self,
         guint             property)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (property != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[property]);
}

static void
landmarks_changed (MesoPhotoCompare *self)
{
  changed (self, PROP_0);
  g_signal_emit (self, landmarks_changed_signal, 0);
}

/* A landmark where the user clicked (or pressed Enter): on the photo under (@x, @y), in its
 * pixels. A side that has its three already refuses with the error bell. */
static void
place_landmark (MesoPhotoCompare *self,
                double            x,
                double            y)
{
  Layout layout;

  if (!self->picking || !compute_layout (self, &layout))
    return;
  for (Side side = 0; side < N_SIDES; side++)
    {
      MesoSimilarity to_photo;

      if (!graphene_rect_contains_point (&layout.shown[side], &GRAPHENE_POINT_INIT (x, y)) ||
          !meso_similarity_invert (&layout.to_widget[side], &to_photo))
        continue;
      if (self->n_landmarks[side] == MESO_PHOTO_COMPARE_MAX_LANDMARKS)
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      self->landmarks[side][self->n_landmarks[side]++] =
        meso_similarity_apply (&to_photo, (MesoVec2) { x, y });
      self->placed[self->n_placed++] = side;
      landmarks_changed (self);
      return;
    }
}

static void
remove_latest_landmark (MesoPhotoCompare *self)
{
  if (self->n_placed == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  self->n_landmarks[self->placed[--self->n_placed]]--;
  landmarks_changed (self);
}

static void
on_click_pressed_cb (GtkGestureClick  *gesture,
                     int               n_press,
                     double            x,
                     double            y,
                     MesoPhotoCompare *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!self->picking)
    return;
  self->crosshair = (MesoVec2) { x, y };
  self->crosshair_set = TRUE;
  place_landmark (self, x, y);
}

/* In wipe mode a press or a drag puts the split under the pointer (a drag's begin). */
static void
wipe_to (MesoPhotoCompare *self,
         double            x)
{
  Layout layout;

  if (self->picking || self->mode != MESO_COMPARE_WIPE || !compute_layout (self, &layout) ||
      !(layout.shown[BEFORE].size.width > 0))
    return;
  meso_photo_compare_set_position (self, (x - layout.shown[BEFORE].origin.x) /
                                           layout.shown[BEFORE].size.width);
}

static void
on_drag_update_cb (GtkGestureDrag   *gesture,
                   double            dx,
                   double            dy,
                   MesoPhotoCompare *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  wipe_to (self, x + dx);
}

/* The crosshair moved by (@dx, @dy), or to the same place on the other photo, kept on the
 * widget; it shows first at the before photo's centre. */
static void
move_crosshair (MesoPhotoCompare *self,
                double            dx,
                double            dy,
                gboolean          other_photo)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  const graphene_rect_t *before;
  Layout layout;

  if (!compute_layout (self, &layout))
    return;
  before = &layout.shown[BEFORE];
  if (!self->crosshair_set)
    self->crosshair = (MesoVec2) { before->origin.x + before->size.width / 2,
                                   before->origin.y + before->size.height / 2 };
  else if (other_photo)
    self->crosshair.x += self->crosshair.x < width / 2 ? (width + GAP) / 2 : -(width + GAP) / 2;
  else
    self->crosshair = (MesoVec2) { CLAMP (self->crosshair.x + dx, 0, width),
                                   CLAMP (self->crosshair.y + dy, 0,
                                          gtk_widget_get_height (GTK_WIDGET (self))) };
  self->crosshair_set = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keys, as a slider's in overlay and wipe modes (Left, Down and Page Down towards the before
 * photo, Home and End all the way, Shift in finer steps); while picking, as
 * meso_photo_compare_set_picking() says. */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MesoPhotoCompare      *self)
{
  double move = (self->picking ? CROSSHAIR_STEP : POSITION_STEP) *
                ((state & GDK_SHIFT_MASK) != 0 ? 0.1 : 1);
  double dx = 0, dy = 0;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      (!self->picking && self->mode == MESO_COMPARE_SIDE_BY_SIDE))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: dx = -move; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dx = move; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dy = -move; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: dy = move; break;
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down:
      if (self->picking)
        move_crosshair (self, 0, 0, TRUE);
      else
        meso_photo_compare_set_position (self, self->position +
                                                 (keyval == GDK_KEY_Page_Up ||
                                                  keyval == GDK_KEY_KP_Page_Up ? move : -move));
      return TRUE;
    /* All the way, clamped; the crosshair stays. */
    case GDK_KEY_Home: case GDK_KEY_KP_Home: dx = self->picking ? 0 : -1; break;
    case GDK_KEY_End: case GDK_KEY_KP_End: dx = self->picking ? 0 : 1; break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter:
    case GDK_KEY_space: case GDK_KEY_KP_Space:
      if (!self->picking)
        return FALSE;
      if (self->crosshair_set)
        place_landmark (self, self->crosshair.x, self->crosshair.y);
      else
        move_crosshair (self, 0, 0, FALSE);
      return TRUE;
    case GDK_KEY_Delete: case GDK_KEY_KP_Delete: case GDK_KEY_BackSpace:
      if (self->picking)
        remove_latest_landmark (self);
      return self->picking;
    default:
      return FALSE;
    }
  if (self->picking)
    move_crosshair (self, dx, dy, FALSE);
  else
    meso_photo_compare_set_position (self, self->position + dx - dy);
  return TRUE;
}

static void
meso_photo_compare_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MesoPhotoCompare *self = MESO_PHOTO_COMPARE (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_PICKING:
      g_value_set_boolean (value, self->picking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_photo_compare_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MesoPhotoCompare *self = MESO_PHOTO_COMPARE (object);

  switch (prop_id)
    {
    case PROP_MODE:
      meso_photo_compare_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_POSITION:
      meso_photo_compare_set_position (self, g_value_get_double (value));
      break;
    case PROP_PICKING:
      meso_photo_compare_set_picking (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_photo_compare_dispose (GObject *object)
{
  MesoPhotoCompare *self = MESO_PHOTO_COMPARE (object);

  for (Side side = 0; side < N_SIDES; side++)
    {
      g_clear_object (&self->photo[side]);
      g_clear_pointer (&self->label[side], g_free);
    }

  G_OBJECT_CLASS (meso_photo_compare_parent_class)->dispose (object);
}

static void
meso_photo_compare_class_init (MesoPhotoCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = meso_photo_compare_get_property;
  object_class->set_property = meso_photo_compare_set_property;
  object_class->dispose = meso_photo_compare_dispose;
  widget_class->snapshot = meso_photo_compare_snapshot;

  /* How the photos are compared; while picking they are side by side whatever the mode. */
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, MESO_TYPE_COMPARE_MODE, MESO_COMPARE_SIDE_BY_SIDE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The after photo's opacity in overlay mode; in wipe mode, how far across the before
   * photo the after one begins. The setter clamps to 0 to 1, for keys and drags. */
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether clicks place landmarks (see meso_photo_compare_set_picking()). */
  properties[PROP_PICKING] =
    g_param_spec_boolean ("picking", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A landmark was placed or taken back, or they were set or cleared by a call (new photos
   * clear them too): meso_photo_compare_get_landmarks() says where they are now. */
  landmarks_changed_signal =
    g_signal_new ("landmarks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "meso-photo-compare");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
meso_photo_compare_init (MesoPhotoCompare *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->position = 0.5;
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (wipe_to), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 240, 160);
  /* The style manager outlives the widget: the handler must go with it. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

/**
 * meso_photo_compare_new:
 *
 * Returns: a comparison with no photos yet, side by side.
 */
GtkWidget *
meso_photo_compare_new (void)
{
  return g_object_new (MESO_TYPE_PHOTO_COMPARE, NULL);
}

/**
 * meso_photo_compare_set_photos:
 * @before: (nullable): the base photo, the earlier one
 * @before_label: (nullable): its caption, such as the session's date
 * @after: (nullable): the photo compared with it, laid over it when aligned
 * @after_label: (nullable): its caption
 *
 * Shows two photos; without both, a line saying there is nothing to compare. A changed
 * photo clears the landmarks and the alignment, which belong to the old pair.
 */
void
meso_photo_compare_set_photos (MesoPhotoCompare *self,
                               GdkTexture       *before,
                               const char       *before_label,
                               GdkTexture       *after,
                               const char       *after_label)
{
  gboolean new_pair;

  g_return_if_fail (MESO_IS_PHOTO_COMPARE (self));

  new_pair = before != self->photo[BEFORE] || after != self->photo[AFTER];
  g_set_object (&self->photo[BEFORE], before);
  g_set_object (&self->photo[AFTER], after);
  g_free (self->label[BEFORE]);
  self->label[BEFORE] = g_strdup (before_label);
  g_free (self->label[AFTER]);
  self->label[AFTER] = g_strdup (after_label);
  self->aligned = self->aligned && !new_pair;
  self->crosshair_set = self->crosshair_set && !new_pair;
  if (new_pair && self->n_placed > 0)
    meso_photo_compare_clear_landmarks (self);
  else
    changed (self, PROP_0);
}

void
meso_photo_compare_set_mode (MesoPhotoCompare *self,
                             MesoCompareMode   mode)
{
  g_return_if_fail (MESO_IS_PHOTO_COMPARE (self));
  g_return_if_fail (mode <= MESO_COMPARE_WIPE);

  if (self->mode == mode)
    return;
  self->mode = mode;
  changed (self, PROP_MODE);
}

MesoCompareMode
meso_photo_compare_get_mode (MesoPhotoCompare *self)
{
  return self->mode;
}

/**
 * meso_photo_compare_set_position:
 * @position: the overlay's opacity of the after photo, or where the wipe splits; clamped to
 *   0 (the before photo alone) to 1 (the after photo alone)
 */
void
meso_photo_compare_set_position (MesoPhotoCompare *self,
                                 double            position)
{
  g_return_if_fail (MESO_IS_PHOTO_COMPARE (self));
  g_return_if_fail (!isnan (position));

  position = CLAMP (position, 0, 1);
  if (self->position == position)
    return;
  self->position = position;
  changed (self, PROP_POSITION);
}

double
meso_photo_compare_get_position (MesoPhotoCompare *self)
{
  return self->position;
}

/**
 * meso_photo_compare_set_alignment:
 * @after_to_before: (nullable): maps the after photo's pixel coordinates onto the before
 *   photo's, as meso_similarity_fit() gives it from the landmarks (on the after photo first);
 *   %NULL: not aligned, the after photo fitted to the same box as the before one
 *
 * How the after photo is laid in the before one's frame in overlay and wipe modes; side by
 * side each photo is shown whole.
 */
void
meso_photo_compare_set_alignment (MesoPhotoCompare     *self,
                                  const MesoSimilarity *after_to_before)
{
  MesoSimilarity inverse;

  g_return_if_fail (MESO_IS_PHOTO_COMPARE (self));
  g_return_if_fail (after_to_before == NULL || meso_similarity_invert (after_to_before, &inverse));

  self->aligned = after_to_before != NULL;
  self->after_to_before = self->aligned ? *after_to_before : MESO_SIMILARITY_IDENTITY;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * meso_photo_compare_set_picking:
 * @picking: whether clicks place landmarks
 *
 * While picking, the photos are side by side and each click on a photo places the next
 * numbered landmark on it, up to three a photo: a fourth click on a photo is refused with
 * the error bell; Delete or Backspace take back the latest landmark. From the keyboard, the
 * arrow keys move a crosshair (Shift: by a pixel), Page Up or Down take it to the other
 * photo, and Enter or Space place a landmark under it.
 */
void
meso_photo_compare_set_picking (MesoPhotoCompare *self,
                                gboolean          picking)
{
  g_return_if_fail (MESO_IS_PHOTO_COMPARE (self));

  picking = !!picking;
  if (self->picking == picking)
    return;
  self->picking = picking;
  self->crosshair_set = FALSE;
  changed (self, PROP_PICKING);
}

gboolean
meso_photo_compare_get_picking (MesoPhotoCompare *self)
{
  return self->picking;
}

/**
 * meso_photo_compare_get_landmarks:
 * @out_on_after: (out caller-allocates) (optional) (array fixed-size=3): the landmarks on
 *   the after photo, in its pixel coordinates
 * @out_on_before: (out caller-allocates) (optional) (array fixed-size=3): the same
 *   landmarks on the before photo, in the same order
 *
 * The landmarks placed on both photos, to give meso_similarity_fit() (after first, before
 * second) and the photo store; one placed on a photo alone is not yet a pair.
 * Returns: the number of pairs, 0 to %MESO_PHOTO_COMPARE_MAX_LANDMARKS.
 */
guint
meso_photo_compare_get_landmarks (MesoPhotoCompare *self,
                                  MesoVec2         *out_on_after,
                                  MesoVec2         *out_on_before)
{
  guint n;

  g_return_val_if_fail (MESO_IS_PHOTO_COMPARE (self), 0);

  n = MIN (self->n_landmarks[BEFORE], self->n_landmarks[AFTER]);
  for (guint i = 0; i < n; i++)
    {
      if (out_on_after != NULL)
        out_on_after[i] = self->landmarks[AFTER][i];
      if (out_on_before != NULL)
        out_on_before[i] = self->landmarks[BEFORE][i];
    }
  return n;
}

/**
 * meso_photo_compare_set_landmarks:
 * @on_after: (array length=n_landmarks): landmarks on the after photo, in its pixels
 * @on_before: (array length=n_landmarks): the same on the before photo
 * @n_landmarks: at most %MESO_PHOTO_COMPARE_MAX_LANDMARKS
 *
 * Shows landmarks kept from before, in place of any placed; picking goes on from them.
 */
void
meso_photo_compare_set_landmarks (MesoPhotoCompare *self,
                                  const MesoVec2   *on_after,
                                  const MesoVec2   *on_before,
                                  guint             n_landmarks)
{
  g_return_if_fail (MESO_IS_PHOTO_COMPARE (self));
  g_return_if_fail (n_landmarks <= MESO_PHOTO_COMPARE_MAX_LANDMARKS);
  g_return_if_fail (n_landmarks == 0 || (on_after != NULL && on_before != NULL));

  self->n_placed = 0;
  for (guint i = 0; i < n_landmarks; i++)
    {
      self->landmarks[AFTER][i] = on_after[i];
      self->landmarks[BEFORE][i] = on_before[i];
      self->placed[self->n_placed++] = AFTER;
      self->placed[self->n_placed++] = BEFORE;
    }
  self->n_landmarks[BEFORE] = self->n_landmarks[AFTER] = n_landmarks;
  landmarks_changed (self);
}

void
meso_photo_compare_clear_landmarks (MesoPhotoCompare *self)
{
  meso_photo_compare_set_landmarks (self, NULL, NULL, 0);
}
