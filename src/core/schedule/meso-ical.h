/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-ical.h: appointments as iCalendar, for patients' and practitioners' own calendars. */
#pragma once

#include "meso-handout-texts.h"
#include "meso-schedule.h"

G_BEGIN_DECLS

char     *meso_ical_patient_calendar     (MesoSchedule      *schedule,
                                          MesoHandoutTexts  *texts,
                                          gint64             patient_id,
                                          gint64         now,
                                          GError       **error);
char     *meso_ical_practitioner_agenda  (MesoSchedule  *schedule,
                                          gint64         practitioner_id,
                                          gint64         from,
                                          gint64         to,
                                          gint64         now,
                                          GError       **error);
char     *meso_ical_agenda_of            (MesoSchedule  *schedule,
                                          GPtrArray     *appointments,
                                          gint64         practitioner_id,
                                          gint64         now,
                                          GError       **error);
gboolean  meso_ical_save                 (const char    *path,
                                          const char    *calendar,
                                          GError       **error);

G_END_DECLS
