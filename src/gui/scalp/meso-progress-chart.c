/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-progress-chart.c: the course at a glance, beside the scalp map: per
 * session, this one last, SALT (a red line), density (blue), the hairs
 * counted on trichoscopy photos (orange) and the injection points (grey
 * bars), in the style's colours. This session's values follow the map as
 * it is edited; a screen reader hears them in the chart's description. */
#define G_LOG_DOMAIN "meso-scalp"

#include <glib/gi18n.h>

#include "meso-progress-chart.h"
#include "meso-scalp-map-view.h"
#include "meso-scalp-store.h"

#define HEIGHT 150

struct _MesoProgressChart
{
  GtkWidget     parent_instance;

  GArray       *history;   /* of MesoScalpSummary: the earlier sessions */
  MesoScalpMap *map;       /* this session's, as edited */
  GArray       *counted;   /* of double: per session, this one last, hairs/cm² or -1 */
};

G_DEFINE_FINAL_TYPE (MesoProgressChart, meso_progress_chart, GTK_TYPE_WIDGET)

/* SALT (red line, 0-100), density (blue line) and points (grey bars) per
 * session, this one last. */
static void
draw (MesoProgressChart *self,
      cairo_t           *cr,
      int                width,
      int                height)
{
  guint n = self->history->len + 1;
  double max_density = 1, max_points = 1, step = width / (double) MAX (n, 2);
  MesoScalpStyle style;
  GdkRGBA ink;

  meso_scalp_map_view_init_style (GTK_WIDGET (self), &style);
  ink = style.ink;
  for (guint i = 0; i < n; i++)
    {
      MesoScalpSummary *s = i < self->history->len ? &g_array_index (self->history,
                                                                     MesoScalpSummary, i) : NULL;
      max_density = MAX (max_density, s ? s->density : meso_scalp_map_mean_density (self->map));
      if (self->counted != NULL && i < self->counted->len)
        max_density = MAX (max_density, g_array_index (self->counted, double, i));
      max_points = MAX (max_points, s ? s->points : meso_scalp_map_count_points (self->map));
    }
  for (guint i = 0; i < n; i++)
    {
      MesoScalpSummary *s = i < self->history->len ? &g_array_index (self->history,
                                                                     MesoScalpSummary, i) : NULL;
      double points = s ? s->points : meso_scalp_map_count_points (self->map);
      double bar = (height - 16) * points / max_points;

      cairo_set_source_rgba (cr, ink.red, ink.green, ink.blue, 0.15);
      cairo_rectangle (cr, i * step + step * 0.3, height - 12 - bar, step * 0.4, bar);
      cairo_fill (cr);
    }
  for (guint series = 0; series < 2; series++)
    {
      for (guint i = 0; i < n; i++)
        {
          MesoScalpSummary *s = i < self->history->len ? &g_array_index (self->history,
                                                                         MesoScalpSummary, i)
                                                       : NULL;
          double value = series == 0 ? (s ? s->salt : meso_scalp_map_salt_score (self->map)) / 100
                                     : (s ? s->density : meso_scalp_map_mean_density (self->map)) /
                                       max_density;

          cairo_line_to (cr, i * step + step / 2, height - 12 - (height - 20) * value);
        }
      gdk_cairo_set_source_rgba (cr, series == 0 ? &style.error : &style.accent);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  /* The hairs counted on trichoscopy photos, where a session has a count. */
  for (guint i = 0; self->counted != NULL && i < self->counted->len && i < n; i++)
    {
      double counted = g_array_index (self->counted, double, i);

      if (counted < 0)
        continue;
      cairo_line_to (cr, i * step + step / 2,
                     height - 12 - (height - 20) * counted / max_density);
    }
  gdk_cairo_set_source_rgba (cr, &style.warning);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, ink.red, ink.green, ink.blue, 0.7);
  cairo_move_to (cr, 2, height - 2);
  cairo_set_font_size (cr, 10);
  cairo_show_text (cr, _("SALT (red), density (blue), hairs counted on photos (orange), "
                         "points (bars), this session last"));
}


/* What the chart shows of this session, for a screen reader: its lines'
 * values now, the hairs counted on its photos among them. */
static void
describe (MesoProgressChart *self)
{
  guint n = self->counted != NULL ? self->counted->len : 0;
  double counted = n > 0 ? g_array_index (self->counted, double, n - 1) : -1;
  g_autofree char *counts = counted >= 0 ? g_strdup_printf (_("%.0f hairs/cm²"), counted)
                                         : g_strdup (_("none"));
  g_autofree char *text = NULL;

  if (self->map == NULL)
    return;
  /* TRANSLATORS: sessions on the chart; this session's SALT, density, points; the count */
  text = g_strdup_printf (_("Sessions: %u. This session: SALT %.1f, density %.0f hairs/cm², "
                            "%u injection points; counted on photos: %s."),
                          self->history->len + 1, meso_scalp_map_salt_score (self->map),
                          meso_scalp_map_mean_density (self->map),
                          meso_scalp_map_count_points (self->map), counts);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
changed (MesoProgressChart *self)
{
  describe (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
meso_progress_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  MesoProgressChart *self = MESO_PROGRESS_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->map == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
meso_progress_chart_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL ? HEIGHT : 0;
}

static void
meso_progress_chart_dispose (GObject *object)
{
  MesoProgressChart *self = MESO_PROGRESS_CHART (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, changed, self);
  g_clear_object (&self->map);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->counted, g_array_unref);
  G_OBJECT_CLASS (meso_progress_chart_parent_class)->dispose (object);
}

static void
meso_progress_chart_class_init (MesoProgressChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = meso_progress_chart_dispose;
  widget_class->snapshot = meso_progress_chart_snapshot;
  widget_class->measure = meso_progress_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
meso_progress_chart_init (MesoProgressChart *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (MesoScalpSummary));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress over the course"), -1);
}

/**
 * meso_progress_chart_set_sessions:
 * @earlier: (element-type MesoScalpSummary): the sessions before this one
 * @map: this session's map: the chart follows its changes
 */
void
meso_progress_chart_set_sessions (MesoProgressChart *self,
                                  GArray            *earlier,
                                  MesoScalpMap      *map)
{
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, changed, self);
  g_set_object (&self->map, map);
  g_signal_connect_swapped (map, "changed", G_CALLBACK (changed), self);
  g_array_set_size (self->history, 0);
  g_array_append_vals (self->history, earlier->data, earlier->len);
  changed (self);
}

/**
 * meso_progress_chart_set_counted:
 * @counted: (element-type double): per session, this one last, the mean
 *   hairs per cm² counted on its photos, or -1
 */
void
meso_progress_chart_set_counted (MesoProgressChart *self,
                                 GArray            *counted)
{
  g_clear_pointer (&self->counted, g_array_unref);
  self->counted = g_array_ref (counted);
  changed (self);
}
