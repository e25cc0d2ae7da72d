/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-settings.h: the preferences page for practitioners, rooms, hours and protocols. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_CALENDAR_SETTINGS (meso_calendar_settings_get_type ())
G_DECLARE_FINAL_TYPE (MesoCalendarSettings, meso_calendar_settings, MESO, CALENDAR_SETTINGS,
                      AdwPreferencesPage)

MesoCalendarSettings *meso_calendar_settings_new               (MesoContext     *context);

/* For the page's rows. */
void                  meso_calendar_settings_toast             (GtkWidget       *inside,
                                                                const char      *message);
void                  meso_calendar_settings_report            (GtkWidget       *inside,
                                                                gboolean         ok,
                                                                GError         **error);
gboolean              meso_calendar_settings_parse_day         (const char      *text,
                                                                GDate           *out_day);
void                  meso_calendar_settings_bind_weekday_rows (GtkWidgetClass  *widget_class,
                                                                gssize           offset);

G_END_DECLS
