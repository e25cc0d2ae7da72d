/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view.c: draws the day, week and month grids itself rather
 * than with one widget per appointment, so that a week of 2,000
 * appointments lays out and draws within a frame. Dragging an appointment
 * moves it, dragging its lower edge changes its length; the page asks the
 * core whether the new place is allowed. */
#define G_LOG_DOMAIN "meso-calendar-view"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-appointment.h"
#include "meso-calendar-view-private.h"

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

/* A month's day lists its appointments as lines under its number, as
 * many as fit, the last line kept for "N more" when some do not: the
 * lines drawn (meso-calendar-view-draw.c), and an empty rectangle for
 * an appointment left out. */
static void
compute_month_rects (MesoCalendarView *self)
{
  double cell_width = gtk_widget_get_width (GTK_WIDGET (self)) / 7.0;
  double cell_height = (gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT) / 6.0;
  guint rows = (guint) MAX (0, (cell_height - 22) / 16);
  guint first = 0;

  while (first < self->items->len)
    {
      guint day = g_array_index (self->items, MesoLayoutItem, first).column, end = first;
      double x = (day % 7) * cell_width, y = HEADER_HEIGHT + (day / 7) * cell_height;
      guint shown;

      while (end < self->items->len &&
             g_array_index (self->items, MesoLayoutItem, end).column == day)
        end++;
      shown = end - first > rows ? (rows > 0 ? rows - 1 : 0) : rows;
      for (guint i = first; i < end; i++)
        {
          graphene_rect_t *rect = &g_array_index (self->rects, graphene_rect_t, i);

          if (i - first < shown && day < 42)
            graphene_rect_init (rect, x + 4, y + 19 + (i - first) * 16,
                                MAX (cell_width - 8, 1), 16);
          else
            graphene_rect_init (rect, 0, 0, 0, 0);
        }
      first = end;
    }
}

static void
compute_rects (MesoCalendarView *self)
{
  double width = column_width (self);
  double per_minute = minute_height (self);
  double gutter = self->mode == MESO_CALENDAR_MONTH ? 0 : GUTTER_WIDTH;

  g_array_set_size (self->rects, self->items->len);
  self->plans_valid = FALSE;
  if (self->mode == MESO_CALENDAR_MONTH)
    {
      compute_month_rects (self);
      return;
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, i);
      graphene_rect_t *rect = &g_array_index (self->rects, graphene_rect_t, i);
      double lane_width = (width - 4) / MAX (item->lanes, 1);
      double top = (double) item->starts_at - (double) self->from_minute;
      double height = (double) (item->ends_at - item->starts_at);

      /* Items store local minutes of their day, not instants; their end is
       * where the block ends, at least a line of text below the start. */
      graphene_rect_init (rect, gutter + item->column * width + 1 + item->lane * lane_width,
                          HEADER_HEIGHT + top * per_minute + 1,
                          MAX (item->span * lane_width - 2, 1),
                          MAX (height * per_minute - 1, 2));
    }
}

/* The minutes of the shortest block drawn at this height: one line of its
 * text, so that a quarter of an hour on a small screen is not a blank
 * sliver. */
static guint
shortest_block (MesoCalendarView *self)
{
  if (self->mode == MESO_CALENDAR_MONTH || gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return 0;
  return (guint) ceil ((meso_calendar_view_line_height (self) + 2) / minute_height (self));
}

/* Lanes for the day and week views: each block as long as drawn, so that
 * a short one made taller does not cover the next. */
static void
arrange (MesoCalendarView *self)
{
  self->min_minutes = shortest_block (self);
  for (guint i = 0; i < self->items->len; i++)
    {
      MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, i);
      const MesoAppointmentRow *appointment = item->data;

      item->ends_at = item->starts_at + MAX (appointment->minutes, self->min_minutes);
    }
  if (self->mode != MESO_CALENDAR_MONTH)
    {
      meso_day_layout_sort ((MesoLayoutItem *) self->items->data, self->items->len);
      meso_day_layout_assign_lanes ((MesoLayoutItem *) self->items->data, self->items->len);
      meso_day_layout_expand ((MesoLayoutItem *) self->items->data, self->items->len);
    }
  compute_rects (self);
  /* The items may be in another order: their colours with them. */
  meso_calendar_view_compute_colours (self);
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
  g_array_set_size (self->rects, 0);
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
  arrange (self);
  meso_calendar_view_update_chips (self);
  /* The chips go where their items are now, even when none came or went. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The day and week are at least as tall as gives a half-hour block two
 * lines, its time and its name: on a short screen they scroll rather than
 * squeeze a morning's blocks into slivers. */
static void
meso_calendar_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  guint minutes = MAX (60, self->to_minute - self->from_minute);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL && self->mode != MESO_CALENDAR_MONTH)
    *minimum = *natural = HEADER_HEIGHT +
                          (int) ceil (minutes * 2 * (meso_calendar_view_line_height (self) + 2) / 30);
}

static void
meso_calendar_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  gboolean arranged = shortest_block (self) != self->min_minutes;

  if (arranged)
    arrange (self);
  else
    compute_rects (self);
  /* Items in another order, or a month's day with room for more lines. */
  if (arranged || self->mode == MESO_CALENDAR_MONTH)
    meso_calendar_view_resize_chips (self);
  meso_calendar_view_allocate_chips (self);
}

static void
meso_calendar_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);

  GTK_WIDGET_CLASS (meso_calendar_view_parent_class)->css_changed (widget, change);
  /* Light to dark, high contrast, another font: colours and lines again. */
  self->line_height = 0;
  meso_calendar_view_compute_colours (self);
  gtk_widget_queue_resize (widget);
}

/* Scrolling -------------------------------------------------------------- */

/* The viewport's vertical adjustment, and where the view's top lies in
 * what it scrolls (in the adjustment's units, whatever the value); NULL
 * when nothing scrolls the view, or for a month, which fits. */
static GtkAdjustment *
scrolling (MesoCalendarView *self,
           double           *out_top)
{
  GtkWidget *content;
  double x;

  if (self->viewport == NULL || self->mode == MESO_CALENDAR_MONTH ||
      (content = gtk_viewport_get_child (self->viewport)) == NULL ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self), content, 0, 0, &x, out_top))
    return NULL;
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->viewport));
}

/**
 * meso_calendar_view_header_top:
 *
 * Returns: where the headings are drawn, in the view: at the top of the
 *   part shown when the grid is scrolled, so that the days (or the day
 *   view's practitioners and rooms) stay in sight.
 */
double
meso_calendar_view_header_top (MesoCalendarView *self)
{
  double x, y;

  /* As the viewport placed the view (on whole pixels), not as the
   * adjustment's value says. */
  if (self->viewport == NULL || self->mode == MESO_CALENDAR_MONTH ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self->viewport), GTK_WIDGET (self), 0, 0,
                                         &x, &y))
    return 0;
  return CLAMP (y, 0, MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT));
}

/**
 * meso_calendar_view_scroll_to:
 * @rect: a block, in the view
 *
 * Scrolls as little as shows @rect whole below the pinned headings (its
 * top, if it is taller than what is shown).
 */
void
meso_calendar_view_scroll_to (MesoCalendarView      *self,
                              const graphene_rect_t *rect)
{
  double top, value, page, from, to;
  GtkAdjustment *adjustment = scrolling (self, &top);

  if (adjustment == NULL)
    return;
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* The values at which the headings end at its top, and its bottom ends
   * the part shown. */
  from = top + rect->origin.y - HEADER_HEIGHT;
  to = top + rect->origin.y + rect->size.height - page;
  /* The viewport places the view on whole pixels. */
  if (from < value)
    gtk_adjustment_set_value (adjustment, floor (from));
  else if (to > value)
    gtk_adjustment_set_value (adjustment, MIN (ceil (to), floor (from)));
}

static void
on_scrolled_cb (MesoCalendarView *self)
{
  /* The headings move to the new top; the grid itself is only moved. */
  if (self->mode != MESO_CALENDAR_MONTH)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
meso_calendar_view_root (GtkWidget *widget)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);

  GTK_WIDGET_CLASS (meso_calendar_view_parent_class)->root (widget);
  self->viewport = (GtkViewport *) gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  if (self->viewport == NULL)
    return;
  /* The view scrolls its focused appointment into sight itself, below the
   * headings (meso-calendar-view-keys.c): the viewport's own scrolling
   * would leave it under them, or scroll a second time. */
  gtk_viewport_set_scroll_to_focus (self->viewport, FALSE);
  self->vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->viewport));
  g_object_ref (self->vadjustment);
  g_signal_connect_swapped (self->vadjustment, "value-changed", G_CALLBACK (on_scrolled_cb), self);
}

static void
meso_calendar_view_unroot (GtkWidget *widget)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  self->viewport = NULL;
  GTK_WIDGET_CLASS (meso_calendar_view_parent_class)->unroot (widget);
}

/* Input ------------------------------------------------------------------ */

static int
hit_item (MesoCalendarView *self,
          double            x,
          double            y)
{
  /* The headings, pinned, lie over the blocks scrolled under them. */
  if (y < meso_calendar_view_header_top (self) + HEADER_HEIGHT)
    return -1;
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

  if (column < 0 || column >= n_columns (self) ||
      y < meso_calendar_view_header_top (self) + HEADER_HEIGHT)
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
  self->activated_on_press = FALSE;
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
  g_autoptr(MesoAppointment) drawn = NULL;
  g_autoptr(MesoAppointment) changed = NULL;
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  if (mode == DRAG_NONE)
    return;
  appointment = g_array_index (self->items, MesoLayoutItem, self->drag_item).data;
  if (!self->dragged)
    {
      meso_calendar_view_clicked (self, self->drag_item);
      return;
    }
  self->dragged = FALSE;
  /* Where it was dropped; the page applies this to the stored appointment. */
  drawn = meso_calendar_view_new_place (appointment);
  changed = meso_appointment_copy (drawn);
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
  if (changed->starts_at != drawn->starts_at || changed->minutes != drawn->minutes ||
      changed->room_id != drawn->room_id || changed->practitioner_id != drawn->practitioner_id)
    g_signal_emit (self, signals[APPOINTMENT_DROPPED], 0, changed, drawn);
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
  /* A double click on an appointment opens it, on free time books there. */
  if (n_press == 2 && hit_item (self, x, y) >= 0)
    {
      meso_calendar_view_double_clicked (self, hit_item (self, x, y));
      return;
    }
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

  meso_calendar_view_dispose_keys (self);
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
  g_array_unref (self->fills);
  g_array_unref (self->inks);
  g_array_unref (self->plans);
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
  widget_class->measure = meso_calendar_view_measure;
  widget_class->size_allocate = meso_calendar_view_size_allocate;
  widget_class->css_changed = meso_calendar_view_css_changed;
  widget_class->root = meso_calendar_view_root;
  widget_class->unroot = meso_calendar_view_unroot;

  /**
   * MesoCalendarView::appointment-activated:
   * @id: the appointment double-clicked, or Enter pressed on: to open
   */
  signals[APPOINTMENT_ACTIVATED] =
    g_signal_new ("appointment-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * MesoCalendarView::appointment-dropped:
   * @changed: the appointment's id, practitioner, room, start and length
   *   where it was dropped, or moved to with Shift and an arrow
   * @drawn: the same where the view drew it: if another workstation moved
   *   it since, it stays where that one put it
   */
  signals[APPOINTMENT_DROPPED] =
    g_signal_new ("appointment-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, MESO_TYPE_APPOINTMENT, MESO_TYPE_APPOINTMENT);
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

  meso_calendar_view_class_add_keys (widget_class);
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
  self->fills = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->inks = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->plans = g_array_new (FALSE, FALSE, sizeof (MesoBlockPlan));
  self->column_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_date_clear (&self->first_day, 1);
  g_date_clear (&self->today, 1);
  self->mode = MESO_CALENDAR_WEEK;

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  meso_calendar_view_init_keys (self);
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
  /* The hours, or the view, may need another height. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

void
meso_calendar_view_set_colour_mode (MesoCalendarView *self,
                                    MesoColourMode    mode)
{
  self->colour_mode = mode;
  meso_calendar_view_compute_colours (self);
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
/**
 * meso_calendar_view_get_block:
 * @index: below meso_calendar_view_count_visible()
 * @out_rect: (out): where the appointment's block is drawn, in the view
 * @out_whole_name: (out): whether its patient's name is drawn whole (not
 *   cut short, not left out)
 *
 * What the day and week views draw of an appointment, for the tests that
 * measure its contrast and whether a name can be read.
 *
 * Returns: %FALSE for a month, whose days list appointments as lines.
 */
gboolean
meso_calendar_view_get_block (MesoCalendarView *self,
                              guint             index,
                              graphene_rect_t  *out_rect,
                              gboolean         *out_whole_name)
{
  g_return_val_if_fail (index < self->items->len, FALSE);
  if (self->mode == MESO_CALENDAR_MONTH)
    return FALSE;
  *out_rect = g_array_index (self->rects, graphene_rect_t, index);
  *out_whole_name = meso_calendar_view_shows_whole_name (self, index);
  return TRUE;
}

void
meso_calendar_view_emit_activated (MesoCalendarView *self,
                                   gint64            id)
{
  g_signal_emit (self, signals[APPOINTMENT_ACTIVATED], 0, id);
}

/* Returns: (transfer full): where @row is drawn (its id, practitioner,
 * room, start and length), as a move names a place. */
MesoAppointment *
meso_calendar_view_new_place (const MesoAppointmentRow *row)
{
  MesoAppointment *place = meso_appointment_new ();

  place->id = row->id;
  place->practitioner_id = row->practitioner_id;
  place->room_id = row->room_id;
  place->starts_at = row->starts_at;
  place->minutes = row->minutes;
  return place;
}

void
meso_calendar_view_emit_moved (MesoCalendarView *self,
                               MesoAppointment  *changed,
                               MesoAppointment  *drawn)
{
  g_signal_emit (self, signals[APPOINTMENT_DROPPED], 0, changed, drawn);
}
