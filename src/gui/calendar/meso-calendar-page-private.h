/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page-private.h: what the calendar page's files share, and
 * nothing else includes: meso-calendar-page.c (the views and what drives
 * them), -dialogs.c (the dialogs it opens, and what it proposes after a
 * change), -moves.c (moves and their Undo) and -toolbar.c (its narrow form). */
#pragma once

#include "meso-calendar-page.h"
#include "meso-calendar-view.h"

G_BEGIN_DECLS

struct _MesoCalendarPage
{
  GtkWidget             parent_instance;

  MesoContext          *context;
  char                 *view;          /* "day", "week", "month" or "agenda" */
  char                 *group_by;      /* day view columns: "practitioner" or "room" */
  char                 *colour_by;     /* "practitioner" or "status" */
  GDate                 date;          /* the day the view is about */
  GtkNoSelection       *agenda;        /* over the range shown in the agenda */
  MesoCalendarView     *grid;
  GtkFileChooserNative *chooser;
  GCancellable         *loading;       /* the range being loaded, if any */
  MesoAppointmentRange *range;         /* the range shown */
  /* Days another workstation changed: loaded again alone, one span at a time. */
  GCancellable         *refreshing;    /* the span being loaded, if any */
  gint64                stale_from;    /* the next span to load, if stale_to > stale_from */
  gint64                stale_to;
  gint64                export_practitioner;
  /* The last move (a drag or Shift and an arrow), for Ctrl+Z and Undo. */
  MesoAppointment      *undo_before;   /* where it was */
  MesoAppointment      *undo_after;    /* where the move put it */
  guint                 move_serial;   /* counts moves: an older toast's Undo does nothing */
  gint64                focus_after_load;  /* moved to days not shown yet */

  /* Template children */
  GtkWidget            *content;
  GtkMenuButton        *date_button;
  GtkPopover           *date_popover;
  GtkCalendar          *go_calendar;
  GtkPopover           *find_popover;
  AdwSqueezer          *toolbar_squeezer;
  GtkWidget            *narrow_actions;
  GtkMenuButton        *find_button;
  GtkMenuButton        *narrow_find_button;
  GMenu                *more_menu;
  GMenu                *narrow_more_menu;
  GtkDropDown          *find_practitioner_dropdown;
  GtkSpinButton        *find_minutes_spin;
  GtkDropDown          *find_days_dropdown;
  GtkDropDown          *find_part_dropdown;
  GtkButton            *find_search_button;
  GtkLabel             *find_status_label;
  GtkListBox           *find_results;
  GtkStack             *stack;
  GtkBox               *grid_box;
  GtkListView          *agenda_view;
};

/* The page's files use these: small enough to inline. */
static inline MesoSchedule *
schedule (MesoCalendarPage *self)
{
  return meso_context_get_schedule (self->context);
}

static inline void
show_error (MesoCalendarPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", message);
}

/* meso-calendar-page.c */
void             meso_calendar_page_get_range                (MesoCalendarPage *self,
                                                              GDate            *out_first,
                                                              guint            *out_days);
void             meso_calendar_page_reload                   (MesoCalendarPage *self);

/* meso-calendar-page-moves.c */
void             meso_calendar_page_move                     (MesoCalendarPage *self,
                                                              MesoAppointment  *changed,
                                                              MesoAppointment  *drawn);
void             meso_calendar_page_undo_move_action         (GtkWidget        *widget,
                                                              const char       *action_name,
                                                              GVariant         *parameter);
/* meso-calendar-page-toolbar.c */
void             meso_calendar_page_class_add_toolbar        (GtkWidgetClass   *widget_class);
void             meso_calendar_page_init_toolbar             (MesoCalendarPage *self);

/* meso-calendar-page-dialogs.c */
void             meso_calendar_page_class_add_dialog_actions (GtkWidgetClass   *widget_class);
void             meso_calendar_page_open_appointment_dialog  (MesoCalendarPage *self,
                                                              MesoAppointment  *appointment,
                                                              gint64            waitlist_entry_id);
MesoAppointment *meso_calendar_page_new_appointment          (MesoCalendarPage *self,
                                                              gint64            practitioner_id,
                                                              gint64            room_id,
                                                              gint64            starts_at);
char            *meso_calendar_page_describe_slot            (MesoCalendarPage *self,
                                                              MesoAppointment  *appointment);
void             meso_calendar_page_after_change             (MesoCalendarPage *self,
                                                              MesoAppointment  *before,
                                                              MesoAppointment  *after);

G_END_DECLS
