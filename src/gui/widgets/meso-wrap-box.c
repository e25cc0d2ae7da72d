/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-wrap-box.c: a toolbar row that wraps onto more rows where it must.
 *
 * Translated labels are longer than English ones: a toolbar that fits at
 * 1024 pixels in English may not in Russian. Its children (groups of
 * buttons) are laid out left to right at their natural widths and start a
 * new row where the next would not fit; on each row, children that expand
 * share what is left over, so an expanding group pushes the rest to the
 * end as a GtkBox would. GtkFlowBox aligns its children in columns, which
 * spreads groups of different widths over too many rows. */
#include "meso-wrap-box.h"

#define SPACING 6

struct _MesoWrapBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (MesoWrapBox, meso_wrap_box, GTK_TYPE_WIDGET)

static int
natural_width (GtkWidget *child)
{
  int natural;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* Lays the children out in @width; with @allocate FALSE, only measures.
 * Returns: the height of the rows. */
static int
layout (GtkWidget *widget,
        int        width,
        gboolean   allocate)
{
  GtkWidget *row_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (row_start != NULL)
    {
      GtkWidget *row_end = row_start;
      GtkWidget *child;
      int used = 0, expanding = 0, height = 0, x = 0, extra;

      /* The row: children while they fit, and always at least one. */
      for (child = row_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int child_width;

          if (!gtk_widget_should_layout (child))
            {
              row_end = gtk_widget_get_next_sibling (child);
              continue;
            }
          child_width = MIN (natural_width (child), width);
          if (used > 0 && used + SPACING + child_width > width)
            break;
          used += (used > 0 ? SPACING : 0) + child_width;
          if (gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
            expanding++;
          row_end = gtk_widget_get_next_sibling (child);
        }

      for (child = row_start; child != row_end; child = gtk_widget_get_next_sibling (child))
        {
          int child_height;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, MIN (natural_width (child), width),
                              NULL, &child_height, NULL, NULL);
          height = MAX (height, child_height);
        }

      extra = MAX (width - used, 0);
      for (child = row_start; allocate && child != row_end;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_width;

          if (!gtk_widget_should_layout (child))
            continue;
          child_width = MIN (natural_width (child), width);
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
meso_wrap_box_class_init (MesoWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_wrap_box_dispose;
  widget_class->get_request_mode = meso_wrap_box_get_request_mode;
  widget_class->measure = meso_wrap_box_measure;
  widget_class->size_allocate = meso_wrap_box_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
meso_wrap_box_init (MesoWrapBox *self)
{
}
