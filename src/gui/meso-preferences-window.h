/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-preferences-window.h: clinic data and defaults, shared by all workstations. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_PREFERENCES_WINDOW (meso_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoPreferencesWindow, meso_preferences_window, MESO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

MesoPreferencesWindow *meso_preferences_window_new (MesoContext *context);
void meso_preferences_window_reload         (MesoPreferencesWindow *self);
void meso_preferences_window_restore_latest (MesoPreferencesWindow *self);

G_END_DECLS
