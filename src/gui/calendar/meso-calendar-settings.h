/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-settings.h: the preferences page for practitioners, rooms, hours and protocols. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_CALENDAR_SETTINGS (meso_calendar_settings_get_type ())
G_DECLARE_FINAL_TYPE (MesoCalendarSettings, meso_calendar_settings, MESO, CALENDAR_SETTINGS,
                      AdwPreferencesPage)

MesoCalendarSettings *meso_calendar_settings_new (MesoContext *context);

G_END_DECLS
