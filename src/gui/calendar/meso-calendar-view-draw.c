/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view-draw.c: how the calendar view draws its day, week and
 * month grids and the appointments on them. */
#define G_LOG_DOMAIN "meso-calendar-view"

#include <glib/gi18n.h>

#include "meso-appointment.h"
#include "meso-calendar-view-private.h"

static const char * const status_colours[MESO_N_STATUSES] = {
  [MESO_STATUS_BOOKED]       = "#3584e4",
  [MESO_STATUS_CONFIRMED]    = "#26a269",
  [MESO_STATUS_ARRIVED]      = "#e5a50a",
  [MESO_STATUS_IN_TREATMENT] = "#9141ac",
  [MESO_STATUS_DONE]         = "#77767b",
  [MESO_STATUS_CANCELLED]    = "#c01c28",
  [MESO_STATUS_NO_SHOW]      = "#c01c28",
};

static void
status_colour (guint    status,
               GdkRGBA *out_colour)
{
  gdk_rgba_parse (out_colour, status_colours[MIN (status, MESO_N_STATUSES - 1)]);
}

static void
item_colour (MesoCalendarView         *self,
             const MesoAppointmentRow *appointment,
             GdkRGBA                  *out_colour)
{
  MesoPractitioner *practitioner;

  if (self->colour_mode == MESO_COLOUR_BY_STATUS)
    status_colour (appointment->status, out_colour);
  else if ((practitioner = meso_resources_find_practitioner (self->resources,
                                                              appointment->practitioner_id)) &&
           gdk_rgba_parse (out_colour, practitioner->colour))
    ;
  else
    gdk_rgba_parse (out_colour, "#3584e4");
}

void
meso_calendar_view_compute_colours (MesoCalendarView *self)
{
  g_array_set_size (self->colours, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    item_colour (self, g_array_index (self->items, MesoLayoutItem, i).data,
                 &g_array_index (self->colours, GdkRGBA, i));
}

static void
append_text (GtkSnapshot    *snapshot,
             PangoLayout    *text,
             const char     *string,
             double          x,
             double          y,
             double          width,
             const GdkRGBA  *colour)
{
  pango_layout_set_text (text, string, -1);
  pango_layout_set_width (text, (int) (width * PANGO_SCALE));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, text, colour);
  gtk_snapshot_restore (snapshot);
}

static void
column_title (MesoCalendarView *self,
              guint             column,
              char             *buffer,
              gsize             size)
{
  GDate day = self->first_day;

  if (self->mode == MESO_CALENDAR_DAY)
    {
      gint64 id = column < self->column_ids->len ? g_array_index (self->column_ids, gint64, column)
                                                 : 0;
      const char *name = NULL;

      if (self->group_mode == MESO_GROUP_BY_ROOM && meso_resources_find_room (self->resources, id))
        name = meso_resources_find_room (self->resources, id)->name;
      else if (meso_resources_find_practitioner (self->resources, id))
        name = meso_resources_find_practitioner (self->resources, id)->name;
      g_strlcpy (buffer, name != NULL ? name : _("No practitioners"), size);
      return;
    }
  g_date_add_days (&day, column);
  g_date_strftime (buffer, size, self->mode == MESO_CALENDAR_WEEK ? "%a %-d %b" : "%a", &day);
}

static void
snapshot_grid (MesoCalendarView *self,
               GtkSnapshot      *snapshot,
               const GdkRGBA    *fg,
               PangoLayout      *text)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double col_width = column_width (self);
  double per_minute = minute_height (self);
  GdkRGBA line = *fg, faint = *fg, closed = *fg;
  char title[128];

  line.alpha = 0.18;
  faint.alpha = 0.07;
  closed.alpha = 0.05;

  /* Shade what is closed: holidays, days off and hours outside work. */
  for (guint c = 0; c < n_columns (self); c++)
    {
      GDate day = self->first_day;
      MesoHours span;

      if (self->mode == MESO_CALENDAR_WEEK)
        g_date_add_days (&day, c);
      if (self->mode == MESO_CALENDAR_DAY && self->group_mode == MESO_GROUP_BY_PRACTITIONER &&
          c < self->column_ids->len)
        span = meso_resources_get_working_span (self->resources,
                                                g_array_index (self->column_ids, gint64, c), &day);
      else if (meso_resources_get_holiday (self->resources, &day) != NULL)
        span = (MesoHours) { 0 };
      else
        span = meso_resources_get_opening_hours (self->resources, g_date_get_weekday (&day));
      if (span.closes == 0)
        span.opens = span.closes = self->to_minute;
      span.opens = CLAMP (span.opens, self->from_minute, self->to_minute);
      span.closes = CLAMP (span.closes, span.opens, self->to_minute);
      gtk_snapshot_append_color (snapshot, &closed,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width, HEADER_HEIGHT,
                                                      col_width,
                                                      (span.opens - self->from_minute) *
                                                      per_minute));
      gtk_snapshot_append_color (snapshot, &closed,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width,
                                                      HEADER_HEIGHT + (span.closes -
                                                                       self->from_minute) *
                                                      per_minute, col_width,
                                                      (self->to_minute - span.closes) *
                                                      per_minute));

      column_title (self, c, title, sizeof title);
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      append_text (snapshot, text, title, GUTTER_WIDTH + c * col_width + 6, 6, col_width - 12,
                   self->mode == MESO_CALENDAR_WEEK && g_date_valid (&self->today) &&
                   g_date_compare (&day, &self->today) == 0
                     ? &self->accent : fg);
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width, 0, 1, height));
    }

  for (guint minute = self->from_minute; minute < self->to_minute; minute += 30)
    {
      double y = HEADER_HEIGHT + (minute - self->from_minute) * per_minute;

      gtk_snapshot_append_color (snapshot, minute % 60 == 0 ? &line : &faint,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH, y, width - GUTTER_WIDTH, 1));
      if (minute % 60 == 0)
        {
          g_snprintf (title, sizeof title, "%02u:00", minute / 60);
          append_text (snapshot, text, title, 6, y + 2, GUTTER_WIDTH - 8, fg);
        }
    }
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT - 1, width, 1));
}

static void
snapshot_item (MesoCalendarView         *self,
               GtkSnapshot              *snapshot,
               PangoLayout              *text,
               const MesoAppointmentRow *appointment,
               const GdkRGBA         *colour,
               const graphene_rect_t *rect,
               gboolean               ghost)
{
  GdkRGBA fill = *colour, ink = { 0, 0, 0, 0.87 };
  char label[160];

  fill.alpha = ghost ? 0.35 : (meso_appointment_status_is_active (appointment->status) ? 0.28
                                                                                      : 0.10);
  gtk_snapshot_append_color (snapshot, &fill, rect);
  gtk_snapshot_append_color (snapshot, colour,
                             &GRAPHENE_RECT_INIT (rect->origin.x, rect->origin.y, 3,
                                                  rect->size.height));
  /* Text only where a few letters fit: a crowded week still draws in a frame. */
  if (rect->size.width < 44 || rect->size.height < 14)
    return;
  if (appointment->status == MESO_STATUS_NO_SHOW)
    g_snprintf (label, sizeof label, "%s · %s", appointment->patient_name,
                meso_appointment_status_get_label (appointment->status));
  else
    g_strlcpy (label, appointment->patient_name, sizeof label);
  append_text (snapshot, text, label, rect->origin.x + 6, rect->origin.y + 1,
               rect->size.width - 8, &ink);
}

static void
snapshot_month (MesoCalendarView *self,
                GtkSnapshot      *snapshot,
                const GdkRGBA    *fg,
                PangoLayout      *text)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double cell_width = width / 7, cell_height = (height - HEADER_HEIGHT) / 6;
  guint lines = MAX (0, (int) ((cell_height - 22) / 16));
  GdkRGBA line = *fg, dim = *fg;
  guint next_item = 0;
  char title[64];

  line.alpha = 0.18;
  dim.alpha = 0.55;
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  for (guint c = 0; c < 7; c++)
    {
      column_title (self, c, title, sizeof title);
      append_text (snapshot, text, title, c * cell_width + 6, 6, cell_width - 12, fg);
    }
  for (guint d = 0; d < 42; d++)
    {
      double x = (d % 7) * cell_width, y = HEADER_HEIGHT + (d / 7) * cell_height;
      GDate day = self->first_day;
      const char *holiday;
      guint shown = 0, hidden = 0;

      g_date_add_days (&day, d);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, y, cell_width, 1));
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, y, 1, cell_height));
      holiday = meso_resources_get_holiday (self->resources, &day);
      g_snprintf (title, sizeof title, "%u%s%s", g_date_get_day (&day), holiday ? " · " : "",
                  holiday ? holiday : "");
      append_text (snapshot, text, title, x + 6, y + 3, cell_width - 12, holiday ? &dim : fg);

      for (; next_item < self->items->len &&
             g_array_index (self->items, MesoLayoutItem, next_item).column <= d; next_item++)
        {
          MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, next_item);
          const MesoAppointmentRow *appointment = item->data;
          char label[160];

          if (item->column < d)
            continue;
          if (shown >= lines)
            {
              hidden++;
              continue;
            }
          gtk_snapshot_append_color (snapshot, &g_array_index (self->colours, GdkRGBA, next_item),
                                     &GRAPHENE_RECT_INIT (x + 6, y + 24 + shown * 16, 6, 10));
          g_snprintf (label, sizeof label, "%02u:%02u %s", (guint) item->starts_at / 60,
                      (guint) item->starts_at % 60, appointment->patient_name);
          append_text (snapshot, text, label, x + 16, y + 19 + shown * 16, cell_width - 20, fg);
          shown++;
        }
      if (hidden > 0)
        {
          g_snprintf (title, sizeof title, ngettext ("%u more", "%u more", hidden), hidden);
          append_text (snapshot, text, title, x + 16, y + 19 + shown * 16, cell_width - 20,
                       &dim);
        }
    }
}

void
meso_calendar_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  g_autoptr(PangoLayout) text = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA fg;

  if (self->resources == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (text, 0);   /* one line */

  if (self->mode == MESO_CALENDAR_MONTH)
    {
      snapshot_month (self, snapshot, &fg, text);
      return;
    }
  snapshot_grid (self, snapshot, &fg, text);
  for (guint i = 0; i < self->items->len; i++)
    {
      if (self->drag_mode != DRAG_NONE && self->dragged && i == self->drag_item)
        continue;
      snapshot_item (self, snapshot, text, g_array_index (self->items, MesoLayoutItem, i).data,
                     &g_array_index (self->colours, GdkRGBA, i),
                     &g_array_index (self->rects, graphene_rect_t, i), FALSE);
    }
  if (self->drag_mode != DRAG_NONE && self->dragged)
    {
      double per_minute = minute_height (self);
      double width = column_width (self);
      guint minute = minute_of (self, self->drag_starts_at);

      snapshot_item (self, snapshot, text,
                     g_array_index (self->items, MesoLayoutItem, self->drag_item).data,
                     &g_array_index (self->colours, GdkRGBA, self->drag_item),
                     &GRAPHENE_RECT_INIT (GUTTER_WIDTH + self->drag_column * width + 1,
                                          HEADER_HEIGHT + ((double) minute - self->from_minute) *
                                          per_minute, width - 2,
                                          self->drag_minutes * per_minute), TRUE);
    }
}
