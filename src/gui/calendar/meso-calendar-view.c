/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view.c: draws the day, week and month grids itself rather
 * than with one widget per appointment, so that a week of 2,000
 * appointments lays out and draws within a frame. Dragging an appointment
 * moves it, dragging its lower edge changes its length; the page asks the
 * core whether the new place is allowed. */
#define G_LOG_DOMAIN "meso-calendar-view"

#include <glib/gi18n.h>

#include "meso-appointment-range.h"
#include "meso-appointment.h"
#include "meso-calendar-view.h"
#include "meso-day-layout.h"

#define HEADER_HEIGHT 30.0
#define GUTTER_WIDTH 52.0
#define RESIZE_GRIP 6.0
#define SNAP_MINUTES 5

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragMode;

struct _MesoCalendarView
{
  GtkWidget         parent_instance;

  MesoResources    *resources;
  MesoAppointmentRange *range;      /* the appointments shown */
  MesoCalendarMode  mode;
  MesoColourMode    colour_mode;
  MesoGroupMode     group_mode;
  GDate             first_day;
  guint             n_days;
  MesoClock        *clock;
  GDate             today;          /* its header is highlighted */
  GdkRGBA           accent;

  GArray           *items;          /* of MesoLayoutItem, data = MesoAppointmentRow */
  GArray           *rects;          /* of graphene_rect_t, one per item */
  GArray           *colours;        /* of GdkRGBA, one per item: parsed once, not per frame */
  GArray           *column_ids;     /* of gint64: practitioners or rooms (day view) */
  guint             from_minute;    /* the hours shown */
  guint             to_minute;

  DragMode          drag_mode;
  guint             drag_item;
  double            drag_x;
  double            drag_y;
  gint64            drag_starts_at;
  guint             drag_minutes;
  guint             drag_column;
  gboolean          dragged;
};

G_DEFINE_FINAL_TYPE (MesoCalendarView, meso_calendar_view, GTK_TYPE_WIDGET)

enum
{
  APPOINTMENT_ACTIVATED,
  APPOINTMENT_DROPPED,
  SLOT_ACTIVATED,
  DAY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_RANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static guint
n_columns (MesoCalendarView *self)
{
  if (self->mode == MESO_CALENDAR_DAY)
    return MAX (self->column_ids->len, 1);
  return self->mode == MESO_CALENDAR_WEEK ? self->n_days : 7;
}

static double
column_width (MesoCalendarView *self)
{
  double gutter = self->mode == MESO_CALENDAR_MONTH ? 0 : GUTTER_WIDTH;

  return MAX (1.0, (gtk_widget_get_width (GTK_WIDGET (self)) - gutter) / n_columns (self));
}

static double
minute_height (MesoCalendarView *self)
{
  double height = gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT;

  return MAX (0.5, height / MAX (60, self->to_minute - self->from_minute));
}

/* The local minute of day of @instant, through the time zone. */
static guint
minute_of (MesoCalendarView *self,
           gint64            instant)
{
  GDate day;
  guint minute;

  meso_resources_get_day (self->resources, instant, &day, &minute);
  return minute;
}

static void compute_colours (MesoCalendarView *self);

static void
compute_rects (MesoCalendarView *self)
{
  double width = column_width (self);
  double per_minute = minute_height (self);
  double gutter = self->mode == MESO_CALENDAR_MONTH ? 0 : GUTTER_WIDTH;

  g_array_set_size (self->rects, self->items->len);
  if (self->mode == MESO_CALENDAR_MONTH)
    return;   /* month cells list their appointments as lines instead */

  for (guint i = 0; i < self->items->len; i++)
    {
      MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, i);
      graphene_rect_t *rect = &g_array_index (self->rects, graphene_rect_t, i);
      double lane_width = (width - 4) / MAX (item->lanes, 1);
      double top = (double) item->starts_at - (double) self->from_minute;
      double height = (double) (item->ends_at - item->starts_at);

      /* Items store local minutes of their day, not instants. */
      graphene_rect_init (rect, gutter + item->column * width + 1 + item->lane * lane_width,
                          HEADER_HEIGHT + top * per_minute + 1, MAX (lane_width - 2, 1),
                          MAX (height * per_minute - 2, 2));
    }
}

static int
column_of (MesoCalendarView         *self,
           const MesoAppointmentRow *appointment,
           guint                     day_index)
{
  gint64 id;

  if (self->mode != MESO_CALENDAR_DAY)
    return day_index;
  id = self->group_mode == MESO_GROUP_BY_ROOM ? appointment->room_id
                                              : appointment->practitioner_id;
  for (guint i = 0; i < self->column_ids->len; i++)
    if (g_array_index (self->column_ids, gint64, i) == id)
      return i;
  return -1;
}

static void
collect_columns (MesoCalendarView *self)
{
  GPtrArray *list;

  g_array_set_size (self->column_ids, 0);
  if (self->resources == NULL)
    return;
  if (self->group_mode == MESO_GROUP_BY_ROOM)
    {
      list = meso_resources_get_rooms (self->resources);
      for (guint i = 0; i < list->len; i++)
        if (((MesoRoom *) g_ptr_array_index (list, i))->active)
          g_array_append_val (self->column_ids, ((MesoRoom *) g_ptr_array_index (list, i))->id);
    }
  else
    {
      list = meso_resources_get_practitioners (self->resources);
      for (guint i = 0; i < list->len; i++)
        if (((MesoPractitioner *) g_ptr_array_index (list, i))->active)
          g_array_append_val (self->column_ids,
                              ((MesoPractitioner *) g_ptr_array_index (list, i))->id);
    }
}

/* The hours to show: from the earliest opening to the latest closing. */
static void
compute_hours (MesoCalendarView *self)
{
  guint from = 24 * 60, to = 0;

  for (GDateWeekday d = G_DATE_MONDAY; self->resources != NULL && d <= G_DATE_SUNDAY; d++)
    {
      MesoHours hours = meso_resources_get_opening_hours (self->resources, d);

      if (hours.closes == 0)
        continue;
      from = MIN (from, hours.opens);
      to = MAX (to, hours.closes);
    }
  if (to <= from)
    from = 8 * 60, to = 20 * 60;
  self->from_minute = from / 60 * 60;
  self->to_minute = MIN (24 * 60, (to + 59) / 60 * 60);
}

/* Builds the layout items: local minutes for day and week, lanes for
 * overlaps. Cancelled appointments are left to the agenda list. */
static void
layout (MesoCalendarView *self)
{
  g_autofree gint64 *day_starts = g_new (gint64, self->n_days + 1);
  guint day_index = 0;

  g_array_set_size (self->items, 0);
  collect_columns (self);
  compute_hours (self);
  if (self->resources == NULL || self->range == NULL || self->n_days == 0)
    return;

  for (guint d = 0; d <= self->n_days; d++)
    {
      GDate day = self->first_day;

      g_date_add_days (&day, d);
      day_starts[d] = meso_resources_to_instant (self->resources, &day, 0);
    }

  for (guint i = 0; i < meso_appointment_range_get_size (self->range); i++)
    {
      const MesoAppointmentRow *appointment = meso_appointment_range_get_row (self->range, i);
      MesoLayoutItem item = { 0 };
      gint64 starts_at = appointment->starts_at;
      int column;
      guint start;

      if (appointment->status == MESO_STATUS_CANCELLED)
        continue;
      while (day_index < self->n_days && starts_at >= day_starts[day_index + 1])
        day_index++;
      if (starts_at < day_starts[0] || starts_at >= day_starts[self->n_days])
        continue;
      column = column_of (self, appointment, day_index);
      if (column < 0)
        continue;
      /* Days without a clock change (nearly all) need no time zone lookup. */
      if (day_starts[day_index + 1] - day_starts[day_index] == 86400)
        start = (starts_at - day_starts[day_index]) / 60;
      else
        start = minute_of (self, starts_at);
      item.column = column;
      item.starts_at = start;
      item.ends_at = start + appointment->minutes;
      item.data = (gpointer) appointment;
      g_array_append_val (self->items, item);
    }
  if (self->mode != MESO_CALENDAR_MONTH)
    {
      meso_day_layout_sort ((MesoLayoutItem *) self->items->data, self->items->len);
      meso_day_layout_assign_lanes ((MesoLayoutItem *) self->items->data, self->items->len);
    }
  compute_rects (self);
  compute_colours (self);
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

static void
compute_colours (MesoCalendarView *self)
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

static void
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

static void
meso_calendar_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  compute_rects (MESO_CALENDAR_VIEW (widget));
}

/* Input ------------------------------------------------------------------ */

static int
hit_item (MesoCalendarView *self,
          double            x,
          double            y)
{
  /* Last drawn is on top. */
  for (guint i = self->rects->len; i > 0; i--)
    if (graphene_rect_contains_point (&g_array_index (self->rects, graphene_rect_t, i - 1),
                                      &GRAPHENE_POINT_INIT (x, y)))
      return i - 1;
  return -1;
}

static gboolean
point_to_slot (MesoCalendarView *self,
               double            x,
               double            y,
               guint            *out_column,
               GDate            *out_day,
               guint            *out_minute)
{
  double column = (x - GUTTER_WIDTH) / column_width (self);
  double minute = self->from_minute + (y - HEADER_HEIGHT) / minute_height (self);

  if (column < 0 || column >= n_columns (self) || y < HEADER_HEIGHT)
    return FALSE;
  *out_column = (guint) column;
  *out_day = self->first_day;
  if (self->mode == MESO_CALENDAR_WEEK)
    g_date_add_days (out_day, *out_column);
  *out_minute = CLAMP ((guint) minute, self->from_minute, self->to_minute);
  return TRUE;
}

static guint
snap (double minute)
{
  return (guint) (MAX (0, minute) / SNAP_MINUTES + 0.5) * SNAP_MINUTES;
}

static void
on_drag_begin_cb (GtkGestureDrag   *gesture,
                  double            x,
                  double            y,
                  MesoCalendarView *self)
{
  int index;
  const MesoAppointmentRow *appointment;
  graphene_rect_t *rect;

  self->drag_mode = DRAG_NONE;
  self->dragged = FALSE;
  self->drag_x = x;
  self->drag_y = y;
  if (self->mode == MESO_CALENDAR_MONTH || (index = hit_item (self, x, y)) < 0)
    return;
  appointment = g_array_index (self->items, MesoLayoutItem, index).data;
  rect = &g_array_index (self->rects, graphene_rect_t, index);
  self->drag_item = index;
  self->drag_mode = y > rect->origin.y + rect->size.height - RESIZE_GRIP ? DRAG_RESIZE : DRAG_MOVE;
  self->drag_starts_at = appointment->starts_at;
  self->drag_minutes = appointment->minutes;
  self->drag_column = g_array_index (self->items, MesoLayoutItem, index).column;
}

static void
on_drag_update_cb (GtkGestureDrag   *gesture,
                   double            dx,
                   double            dy,
                   MesoCalendarView *self)
{
  MesoLayoutItem *item;
  const MesoAppointmentRow *appointment;
  GDate day;
  guint column, minute;

  if (self->drag_mode == DRAG_NONE || (!self->dragged && ABS (dx) < 4 && ABS (dy) < 4))
    return;
  /* Only appointments still to come move: what happened stays put. */
  item = &g_array_index (self->items, MesoLayoutItem, self->drag_item);
  appointment = item->data;
  if (appointment->status != MESO_STATUS_BOOKED && appointment->status != MESO_STATUS_CONFIRMED)
    return;
  self->dragged = TRUE;

  if (self->drag_mode == DRAG_RESIZE)
    {
      double minutes = appointment->minutes + dy / minute_height (self);

      self->drag_minutes = CLAMP (snap (minutes), SNAP_MINUTES, 480);
    }
  else if (point_to_slot (self, self->drag_x + dx,
                          self->drag_y + dy, &column, &day, &minute))
    {
      /* Keep the grab point: move the start by as much as the pointer moved. */
      double start = item->starts_at + dy / minute_height (self);

      self->drag_column = column;
      if (self->mode == MESO_CALENDAR_DAY)
        day = self->first_day;
      self->drag_starts_at = meso_resources_to_instant (self->resources, &day,
                                                        MIN (snap (start), 24 * 60 - 5));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                MesoCalendarView *self)
{
  const MesoAppointmentRow *appointment;
  g_autoptr(MesoAppointment) changed = NULL;
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  if (mode == DRAG_NONE)
    return;
  appointment = g_array_index (self->items, MesoLayoutItem, self->drag_item).data;
  if (!self->dragged)
    {
      g_signal_emit (self, signals[APPOINTMENT_ACTIVATED], 0, appointment->id);
      return;
    }
  self->dragged = FALSE;
  /* Where it was dropped; the page applies this to the stored appointment. */
  changed = meso_appointment_new ();
  changed->id = appointment->id;
  changed->practitioner_id = appointment->practitioner_id;
  changed->room_id = appointment->room_id;
  changed->starts_at = self->drag_starts_at;
  changed->minutes = self->drag_minutes;
  if (self->mode == MESO_CALENDAR_DAY && self->drag_column < self->column_ids->len)
    {
      gint64 id = g_array_index (self->column_ids, gint64, self->drag_column);

      if (self->group_mode == MESO_GROUP_BY_ROOM)
        changed->room_id = id;
      else
        changed->practitioner_id = id;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (changed->starts_at != appointment->starts_at || changed->minutes != appointment->minutes ||
      changed->room_id != appointment->room_id ||
      changed->practitioner_id != appointment->practitioner_id)
    g_signal_emit (self, signals[APPOINTMENT_DROPPED], 0, changed);
}

static void
on_click_pressed_cb (GtkGestureClick  *gesture,
                     int               n_press,
                     double            x,
                     double            y,
                     MesoCalendarView *self)
{
  GDate day;
  guint column, minute;
  gint64 resource = 0;

  if (self->mode == MESO_CALENDAR_MONTH)
    {
      double cell_width = gtk_widget_get_width (GTK_WIDGET (self)) / 7.0;
      double cell_height = (gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT) / 6.0;
      int cell = (int) ((y - HEADER_HEIGHT) / cell_height) * 7 + (int) (x / cell_width);

      if (y > HEADER_HEIGHT && cell >= 0 && cell < 42)
        {
          day = self->first_day;
          g_date_add_days (&day, cell);
          g_signal_emit (self, signals[DAY_ACTIVATED], 0, g_date_get_julian (&day));
        }
      return;
    }
  /* A double click on free time books there. */
  if (n_press != 2 || hit_item (self, x, y) >= 0 ||
      !point_to_slot (self, x, y, &column, &day, &minute))
    return;
  if (self->mode == MESO_CALENDAR_DAY && column < self->column_ids->len)
    resource = g_array_index (self->column_ids, gint64, column);
  minute = minute / 15 * 15;
  g_signal_emit (self, signals[SLOT_ACTIVATED], 0, resource,
                 meso_resources_to_instant (self->resources, &day, minute));
}

static void
meso_calendar_view_dispose (GObject *object)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (object);

  g_clear_object (&self->resources);
  g_clear_object (&self->range);
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (meso_calendar_view_parent_class)->dispose (object);
}

static void
meso_calendar_view_finalize (GObject *object)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (object);

  g_array_unref (self->items);
  g_array_unref (self->rects);
  g_array_unref (self->colours);
  g_array_unref (self->column_ids);

  G_OBJECT_CLASS (meso_calendar_view_parent_class)->finalize (object);
}

static void
meso_calendar_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      g_value_set_object (value, self->range);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_calendar_view_class_init (MesoCalendarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_calendar_view_dispose;
  object_class->finalize = meso_calendar_view_finalize;
  object_class->get_property = meso_calendar_view_get_property;

  /**
   * MesoCalendarView:range:
   *
   * The appointments shown, notified each time a range is set.
   */
  properties[PROP_RANGE] =
    g_param_spec_object ("range", NULL, NULL, MESO_TYPE_APPOINTMENT_RANGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = meso_calendar_view_snapshot;
  widget_class->size_allocate = meso_calendar_view_size_allocate;

  /**
   * MesoCalendarView::appointment-activated:
   * @id: the appointment clicked
   */
  signals[APPOINTMENT_ACTIVATED] =
    g_signal_new ("appointment-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * MesoCalendarView::appointment-dropped:
   * @changed: the appointment's id, practitioner, room, start and length
   *   where it was dropped
   */
  signals[APPOINTMENT_DROPPED] =
    g_signal_new ("appointment-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MESO_TYPE_APPOINTMENT);
  /**
   * MesoCalendarView::slot-activated:
   * @resource_id: the practitioner or room of the day view's column, or 0
   * @starts_at: the instant clicked, on a quarter hour
   */
  signals[SLOT_ACTIVATED] =
    g_signal_new ("slot-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[DAY_ACTIVATED] =
    g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "meso-calendar-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
meso_calendar_view_init (MesoCalendarView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->items = g_array_new (FALSE, FALSE, sizeof (MesoLayoutItem));
  self->rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->colours = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->column_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_date_clear (&self->first_day, 1);
  g_date_clear (&self->today, 1);
  gdk_rgba_parse (&self->accent, "#1c71d8");
  self->mode = MESO_CALENDAR_WEEK;

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
meso_calendar_view_new (void)
{
  return g_object_new (MESO_TYPE_CALENDAR_VIEW, NULL);
}

/**
 * meso_calendar_view_set_range:
 * @first_day: the first day shown (for a month, the Monday of its first week)
 * @n_days: 1 for a day, 7 for a week, 42 for a month
 * @range: the appointments of those days, by start
 *
 * Shows @range; lays it out once here, not at every frame.
 */
void
meso_calendar_view_set_range (MesoCalendarView     *self,
                              MesoResources        *resources,
                              MesoCalendarMode      mode,
                              const GDate          *first_day,
                              guint                 n_days,
                              MesoAppointmentRange *range)
{
  g_set_object (&self->resources, resources);
  g_set_object (&self->range, range);
  self->mode = mode;
  self->first_day = *first_day;
  self->n_days = n_days;
  self->drag_mode = DRAG_NONE;
  layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

void
meso_calendar_view_set_colour_mode (MesoCalendarView *self,
                                    MesoColourMode    mode)
{
  self->colour_mode = mode;
  compute_colours (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
meso_calendar_view_set_group_mode (MesoCalendarView *self,
                                   MesoGroupMode     mode)
{
  self->group_mode = mode;
  layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_day_changed_cb (MesoCalendarView *self)
{
  meso_clock_get_today (self->clock, &self->today);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * meso_calendar_view_set_clock:
 *
 * Highlights the clinic's today by @clock, and moves the highlight when
 * the day changes (a window left open overnight).
 */
void
meso_calendar_view_set_clock (MesoCalendarView *self,
                              MesoClock        *clock)
{
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_set_object (&self->clock, clock);
  g_signal_connect_swapped (clock, "day-changed", G_CALLBACK (on_day_changed_cb), self);
  on_day_changed_cb (self);
}

/* The day highlighted as today; invalid before a clock is set. */
void
meso_calendar_view_get_today (MesoCalendarView *self,
                              GDate            *out_today)
{
  *out_today = self->today;
}

/* The first day shown, cleared before any range is set. */
void
meso_calendar_view_get_first_day (MesoCalendarView *self,
                                  GDate            *out_day)
{
  *out_day = self->first_day;
}

/* How many appointments the view lays out (for tests and the benchmark). */
guint
meso_calendar_view_count_visible (MesoCalendarView *self)
{
  return self->items->len;
}
