/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-wrap-box.c: a toolbar row that wraps onto more rows where it must.
 *
 * Translated labels are longer than English ones: a toolbar that fits at
 * 1024 pixels in English may not in Russian. Its children (groups of
 * buttons) are laid out left to right at their natural widths and start a
 * new row where the next would not fit; on each row, children that expand
 * share what is left over, so an expanding group pushes the rest to the
 * end as a GtkBox would. With :shrink, a row takes its children at their
 * minimum widths and gives them what is left up to their natural ones, so
 * a child that can narrow (an AdwSqueezer) narrows before the row wraps.
 * GtkFlowBox aligns its children in columns, which
 * spreads groups of different widths over too many rows. */
#include "meso-wrap-box.h"

#define SPACING 6

struct _MesoWrapBox
{
  GtkWidget parent_instance;
  gboolean  shrink;
};

enum
{
  PROP_0,
  PROP_SHRINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MesoWrapBox, meso_wrap_box, GTK_TYPE_WIDGET)

static void
measure_width (GtkWidget *child,
               int       *minimum,
               int       *natural)
{
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, minimum, natural, NULL, NULL);
}

/* Lays the children out in @width; with @allocate FALSE, only measures.
 * Returns: the height of the rows. */
static int
layout (GtkWidget *widget,
        int        width,
        gboolean   allocate)
{
  gboolean shrink = MESO_WRAP_BOX (widget)->shrink;
  GtkWidget *row_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (row_start != NULL)
    {
      GtkWidget *row_end = row_start;
      GtkWidget *child;
      int used = 0, expanding = 0, height = 0, x = 0, extra, shortfall = 0;

      /* The row: children while they fit (at their natural widths, or with
       * :shrink at their minimum ones), and always at least one. */
      for (child = row_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int minimum, natural, least;

          if (!gtk_widget_should_layout (child))
            {
              row_end = gtk_widget_get_next_sibling (child);
              continue;
            }
          measure_width (child, &minimum, &natural);
          least = MIN (shrink ? minimum : natural, width);
          if (used > 0 && used + SPACING + least > width)
            break;
          used += (used > 0 ? SPACING : 0) + least;
          shortfall += MIN (natural, width) - least;
          if (gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
            expanding++;
          row_end = gtk_widget_get_next_sibling (child);
        }

      /* What is left goes first to children short of their natural widths,
       * then to those that expand. */
      extra = MAX (width - used, 0);
      for (child = row_start; child != row_end; child = gtk_widget_get_next_sibling (child))
        {
          int minimum, natural, child_width, child_height;

          if (!gtk_widget_should_layout (child))
            continue;
          measure_width (child, &minimum, &natural);
          child_width = MIN (shrink ? minimum : natural, width);
          if (shortfall > 0)
            {
              int more = MIN (MIN (natural, width) - child_width, extra);

              child_width += more;
              extra -= more;
            }
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height,
                              NULL, NULL);
          height = MAX (height, child_height);
        }

      for (child = row_start; allocate && child != row_end;
           child = gtk_widget_get_next_sibling (child))
        {
          int minimum, natural, child_width, more;

          if (!gtk_widget_should_layout (child))
            continue;
          measure_width (child, &minimum, &natural);
          child_width = MIN (shrink ? minimum : natural, width);
          more = MIN (MIN (natural, width) - child_width, MAX (width - used, 0));
          used += more;
          child_width += more;
          if (expanding > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
            {
              int share = extra / expanding;

              child_width += share;
              extra -= share;
              expanding--;
            }
          gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, child_width, height }, -1);
          x += child_width + SPACING;
        }

      y += height + SPACING;
      row_start = row_end;
    }
  return MAX (y - SPACING, 0);
}

static GtkSizeRequestMode
meso_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
meso_wrap_box_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest child; naturally all of them in one row. */
      int children = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_minimum, child_natural;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural += child_natural;
          children++;
        }
      *natural += MAX (children - 1, 0) * SPACING;
      *natural = MAX (*natural, *minimum);
    }
  else
    {
      int minimum_width, natural_width;

      /* Without a width, the rows the natural width gives. */
      if (for_size < 0)
        meso_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width,
                               &natural_width, NULL, NULL);
      *minimum = *natural = layout (widget, for_size < 0 ? natural_width : for_size, FALSE);
    }
}

static void
meso_wrap_box_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  layout (widget, width, TRUE);
}

static void
meso_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (meso_wrap_box_parent_class)->dispose (object);
}

static void
meso_wrap_box_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MesoWrapBox *self = MESO_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SHRINK:
      g_value_set_boolean (value, self->shrink);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_wrap_box_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MesoWrapBox *self = MESO_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SHRINK:
      if (self->shrink != g_value_get_boolean (value))
        {
          self->shrink = g_value_get_boolean (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_wrap_box_class_init (MesoWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_wrap_box_dispose;
  object_class->get_property = meso_wrap_box_get_property;
  object_class->set_property = meso_wrap_box_set_property;
  /* Children that can be narrower (an AdwSqueezer of a toolbar's buttons
   * and their menu) stay on the row, narrower, before it wraps. */
  properties[PROP_SHRINK] =
    g_param_spec_boolean ("shrink", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->get_request_mode = meso_wrap_box_get_request_mode;
  widget_class->measure = meso_wrap_box_measure;
  widget_class->size_allocate = meso_wrap_box_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
meso_wrap_box_init (MesoWrapBox *self)
{
}
