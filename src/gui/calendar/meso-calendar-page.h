/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page.h: the reception's calendar: views, booking, courses, waitlist. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_CALENDAR_PAGE (meso_calendar_page_get_type ())
G_DECLARE_FINAL_TYPE (MesoCalendarPage, meso_calendar_page, MESO, CALENDAR_PAGE, GtkWidget)

MesoCalendarPage *meso_calendar_page_new      (MesoContext      *context);
void              meso_calendar_page_go_to    (MesoCalendarPage *self,
                                               const GDate      *day);
void              meso_calendar_page_open_appointment (MesoCalendarPage *self,
                                                     gint64            id);
void              meso_calendar_page_book_course (MesoCalendarPage *self,
                                                  gint64            patient_id,
                                                  const char       *patient_name);

G_END_DECLS
