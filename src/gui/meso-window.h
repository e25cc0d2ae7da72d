/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-window.h: the main window of one open clinic database. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"
#include "meso-idle-timer.h"
#include "meso-notifier.h"

G_BEGIN_DECLS

#define MESO_TYPE_WINDOW (meso_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoWindow, meso_window, MESO, WINDOW, AdwApplicationWindow)

MesoWindow  *meso_window_new         (GtkApplication *application,
                                      MesoContext    *context);
MesoContext *meso_window_get_context (MesoWindow     *self);
void         meso_window_set_notifier (MesoWindow    *self,
                                       MesoNotifier  *notifier);
MesoIdleTimer *meso_window_get_idle_timer (MesoWindow *self);
void         meso_window_add_toast   (MesoWindow     *self,
                                      AdwToast       *toast);

G_END_DECLS
