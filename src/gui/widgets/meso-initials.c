/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-initials.c: a circle with a name's initials, coloured by the theme's
 * avatar styles. AdwAvatar does more (images, icons, font fitting) and
 * costs more: in a list that rebuilds 200 rows for a search keystroke it
 * was a quarter of the keystroke's time. This one is a single widget whose
 * text is only laid out when drawn. */
#define G_LOG_DOMAIN "meso-initials"

#include "meso-initials.h"
#include "meso-text.h"

/* libadwaita's avatar styles: avatar.color1 to avatar.color14. */
#define N_COLORS 14

struct _MesoInitials
{
  GtkWidget    parent_instance;

  int          size;
  char        *initials;
  int          color;        /* 1 to N_COLORS, 0 when unset */
  PangoLayout *layout;       /* made when first drawn */
};

G_DEFINE_FINAL_TYPE (MesoInitials, meso_initials, GTK_TYPE_WIDGET)

void
meso_initials_set_name (MesoInitials *self,
                        const char   *name)
{
  g_autofree char *old_class = g_strdup_printf ("color%d", self->color);
  g_autofree char *new_class = NULL;

  g_return_if_fail (MESO_IS_INITIALS (self));

  g_free (self->initials);
  self->initials = meso_text_name_initials (name);
  g_clear_object (&self->layout);
  /* The colour AdwAvatar gives the same name, so the editor's avatar of a
   * patient matches the list's. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), old_class);
  self->color = name != NULL && *name != '\0' ? g_str_hash (name) % N_COLORS + 1 : 1;
  new_class = g_strdup_printf ("color%d", self->color);
  gtk_widget_add_css_class (GTK_WIDGET (self), new_class);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
meso_initials_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = MESO_INITIALS (widget)->size;
}

static void
meso_initials_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  MesoInitials *self = MESO_INITIALS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoRectangle ink;
  GdkRGBA color;

  if (self->initials == NULL || *self->initials == '\0')
    return;
  if (self->layout == NULL)
    {
      PangoFontDescription *font;

      self->layout = gtk_widget_create_pango_layout (widget, self->initials);
      font = pango_font_description_copy (pango_context_get_font_description (
                                            pango_layout_get_context (self->layout)));
      /* Two letters fill about half of the circle's width. */
      pango_font_description_set_absolute_size (font, self->size * 0.4 * PANGO_SCALE);
      pango_layout_set_font_description (self->layout, font);
      pango_font_description_free (font);
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pango_layout_get_pixel_extents (self->layout, &ink, NULL);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((width - ink.width) / 2.0f - ink.x,
                                                (height - ink.height) / 2.0f - ink.y));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* A new font or text direction: lay the initials out again. */
static void
meso_initials_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (meso_initials_parent_class)->css_changed (widget, change);
  g_clear_object (&MESO_INITIALS (widget)->layout);
}

static void
meso_initials_finalize (GObject *object)
{
  MesoInitials *self = MESO_INITIALS (object);

  g_free (self->initials);
  g_clear_object (&self->layout);
  G_OBJECT_CLASS (meso_initials_parent_class)->finalize (object);
}

static void
meso_initials_class_init (MesoInitialsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = meso_initials_finalize;
  widget_class->measure = meso_initials_measure;
  widget_class->snapshot = meso_initials_snapshot;
  widget_class->css_changed = meso_initials_css_changed;
  gtk_widget_class_set_css_name (widget_class, "avatar");
  /* The row beside it says the name: the initials would only repeat it. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
meso_initials_init (MesoInitials *self)
{
}

/* Returns: (transfer full): a circle of @size pixels, for a name still to
 * be set with meso_initials_set_name(). */
GtkWidget *
meso_initials_new (int size)
{
  MesoInitials *self = g_object_new (MESO_TYPE_INITIALS, NULL);

  self->size = size;
  return GTK_WIDGET (self);
}
