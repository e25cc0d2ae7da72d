/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-waitlist-window.h: the waitlist: who waits for what, and adding to it. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_WAITLIST_WINDOW (meso_waitlist_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoWaitlistWindow, meso_waitlist_window, MESO, WAITLIST_WINDOW, AdwWindow)

MesoWaitlistWindow *meso_waitlist_window_new (GtkWindow   *parent,
                                              MesoContext *context);

G_END_DECLS
