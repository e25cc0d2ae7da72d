/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view.h: the day, week and month grids of the calendar. */
#pragma once

#include <gtk/gtk.h>

#include "meso-appointment-range.h"
#include "meso-clock.h"
#include "meso-resources.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_CALENDAR_DAY,
  MESO_CALENDAR_WEEK,
  MESO_CALENDAR_MONTH,
} MesoCalendarMode;

typedef enum
{
  MESO_COLOUR_BY_PRACTITIONER,
  MESO_COLOUR_BY_STATUS,
} MesoColourMode;

typedef enum
{
  MESO_GROUP_BY_PRACTITIONER,
  MESO_GROUP_BY_ROOM,
} MesoGroupMode;

#define MESO_TYPE_CALENDAR_VIEW (meso_calendar_view_get_type ())
G_DECLARE_FINAL_TYPE (MesoCalendarView, meso_calendar_view, MESO, CALENDAR_VIEW, GtkWidget)

GtkWidget *meso_calendar_view_new             (void);
void       meso_calendar_view_set_range       (MesoCalendarView     *self,
                                               MesoResources        *resources,
                                               MesoCalendarMode      mode,
                                               const GDate          *first_day,
                                               guint                 n_days,
                                               MesoAppointmentRange *range);
void       meso_calendar_view_set_colour_mode (MesoCalendarView *self,
                                               MesoColourMode    mode);
void       meso_calendar_view_set_group_mode  (MesoCalendarView *self,
                                               MesoGroupMode     mode);
void       meso_calendar_view_set_clock       (MesoCalendarView *self,
                                               MesoClock        *clock);
void       meso_calendar_view_get_today       (MesoCalendarView *self,
                                               GDate            *out_today);
void       meso_calendar_view_get_first_day   (MesoCalendarView *self,
                                               GDate            *out_day);
guint      meso_calendar_view_count_visible   (MesoCalendarView *self);
guint      meso_calendar_view_get_n_columns   (MesoCalendarView *self);
char      *meso_calendar_view_dup_column_title (MesoCalendarView *self,
                                                guint             column);
gboolean   meso_calendar_view_get_block       (MesoCalendarView *self,
                                               guint             index,
                                               graphene_rect_t  *out_rect,
                                               gboolean         *out_whole_name);
void       meso_calendar_view_focus_appointment (MesoCalendarView *self,
                                                 gint64            id);

G_END_DECLS
