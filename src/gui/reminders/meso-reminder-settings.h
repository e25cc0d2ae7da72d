/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-settings.h: the preferences page for reminders: this
 * workstation's background running, and the clinic's reminder rules. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_REMINDER_SETTINGS (meso_reminder_settings_get_type ())
G_DECLARE_FINAL_TYPE (MesoReminderSettings, meso_reminder_settings, MESO, REMINDER_SETTINGS,
                      AdwPreferencesPage)

MesoReminderSettings *meso_reminder_settings_new (MesoContext *context);

G_END_DECLS
