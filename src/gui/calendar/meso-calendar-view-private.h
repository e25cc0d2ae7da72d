/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view-private.h: what meso-calendar-view.c (layout, input and
 * the API) and meso-calendar-view-draw.c (its drawing) share, and nothing
 * else includes. */
#pragma once

#include "meso-appointment.h"
#include "meso-appointment-chip.h"
#include "meso-appointment-range.h"
#include "meso-appointment-summary.h"
#include "meso-calendar-view.h"
#include "meso-day-layout.h"

G_BEGIN_DECLS

#define HEADER_HEIGHT 30.0
#define GUTTER_WIDTH 52.0
#define RESIZE_GRIP 6.0
#define SNAP_MINUTES 5

/* What a block's first line shows (meso-calendar-view-draw.c). */
typedef enum
{
  MESO_BLOCK_HEAD_NONE,
  MESO_BLOCK_HEAD_RANGE,            /* 09:30–10:00 */
  MESO_BLOCK_HEAD_START,            /* 09:30 */
  MESO_BLOCK_HEAD_START_AND_NAME,   /* 09:30 Ayşe Yılmaz */
  MESO_BLOCK_HEAD_NAME,
} MesoBlockHead;

/* How a block's text fits it, measured once per size. */
typedef struct
{
  guint8   head;         /* a MesoBlockHead */
  guint8   name_lines;   /* lines of the name under the head, 0 for none */
  gboolean whole;        /* the name is shown whole */
} MesoBlockPlan;

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

  /* From the style, looked up again when it changes (meso-calendar-view-draw.c). */
  gboolean          colours_valid;
  GdkRGBA           fg;
  GdkRGBA           bg;
  GdkRGBA           accent;         /* text in the accent */
  GdkRGBA           accent_bg;
  GdkRGBA           accent_fg;
  GdkRGBA           status[MESO_N_STATUSES];
  double            line_height;    /* of a block's text; 0 until measured */
  guint             min_minutes;    /* the shortest block drawn: a line of text */

  GArray           *items;          /* of MesoLayoutItem, data = MesoAppointmentRow */
  GArray           *rects;          /* of graphene_rect_t, one per item */
  GArray           *colours;        /* of GdkRGBA, one per item: parsed once, not per frame */
  GArray           *fills;          /* of GdkRGBA, opaque: the colour on the background */
  GArray           *inks;           /* of GdkRGBA: the text's, chosen for contrast on the fill */
  GArray           *plans;          /* of MesoBlockPlan, one per item, made once per size */
  gboolean          plans_valid;
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

  /* The appointments as children, for the keyboard and screen readers
   * (meso-calendar-view-keys.c). */
  GHashTable       *chips;          /* appointment id -> MesoAppointmentChip shown */
  GHashTable       *spare_chips;    /* appointment id → chip, hidden for a next range */
  gint64            current_id;     /* focused last: Tab into the grid comes back to it */
  gint64            focus_pending;  /* to focus once it is shown (after a move) */
  MesoAppointmentSummary *summary;  /* the popover a click shows */
  guint             summary_source; /* a click waits to see whether it is a double one */
  gint64            summary_id;
  gboolean          activated_on_press;
  guint             chips_source;   /* the chips updated after a new size */

  /* The viewport that scrolls a tall day or week (meso-calendar-view.c):
   * the headings stay pinned at the top of what it shows. */
  GtkViewport      *viewport;       /* unowned, while rooted */
  GtkAdjustment    *vadjustment;    /* its vertical one, followed for redraws */
};

static inline guint
n_columns (MesoCalendarView *self)
{
  if (self->mode == MESO_CALENDAR_DAY)
    return MAX (self->column_ids->len, 1);
  return self->mode == MESO_CALENDAR_WEEK ? self->n_days : 7;
}

static inline double
column_width (MesoCalendarView *self)
{
  double gutter = self->mode == MESO_CALENDAR_MONTH ? 0 : GUTTER_WIDTH;

  return MAX (1.0, (gtk_widget_get_width (GTK_WIDGET (self)) - gutter) / n_columns (self));
}

static inline double
minute_height (MesoCalendarView *self)
{
  double height = gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT;

  return MAX (0.5, height / MAX (60, self->to_minute - self->from_minute));
}

/* The local minute of day of @instant, through the time zone. */
static inline guint
minute_of (MesoCalendarView *self,
           gint64            instant)
{
  GDate day;
  guint minute;

  meso_resources_get_day (self->resources, instant, &day, &minute);
  return minute;
}

/* meso-calendar-view.c */
void     meso_calendar_view_emit_activated   (MesoCalendarView *self,
                                              gint64            id);
MesoAppointment *meso_calendar_view_new_place (const MesoAppointmentRow *row);
void     meso_calendar_view_emit_moved       (MesoCalendarView *self,
                                              MesoAppointment  *changed,
                                              MesoAppointment  *drawn);
double   meso_calendar_view_header_top       (MesoCalendarView *self);
void     meso_calendar_view_scroll_to        (MesoCalendarView *self,
                                              const graphene_rect_t *rect);

/* meso-calendar-view-keys.c */
void     meso_calendar_view_class_add_keys   (GtkWidgetClass   *widget_class);
void     meso_calendar_view_init_keys        (MesoCalendarView *self);
void     meso_calendar_view_dispose_keys     (MesoCalendarView *self);
gboolean meso_calendar_view_update_chips     (MesoCalendarView *self);
void     meso_calendar_view_resize_chips     (MesoCalendarView *self);
void     meso_calendar_view_allocate_chips   (MesoCalendarView *self);
void     meso_calendar_view_snapshot_focus   (MesoCalendarView *self,
                                              GtkSnapshot      *snapshot);
void     meso_calendar_view_clicked          (MesoCalendarView *self,
                                              guint             index);
void     meso_calendar_view_double_clicked   (MesoCalendarView *self,
                                              guint             index);

/* meso-calendar-view-draw.c */
void     meso_calendar_view_compute_colours  (MesoCalendarView *self);
void     meso_calendar_view_snapshot         (GtkWidget        *widget,
                                              GtkSnapshot      *snapshot);
gboolean meso_calendar_view_shows_whole_name (MesoCalendarView *self,
                                              guint             index);
double   meso_calendar_view_line_height      (MesoCalendarView *self);

G_END_DECLS
