/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-idle-timer.h: how long the workstation has been left alone, and when
 * that reaches the clinic's lock time. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MESO_TYPE_IDLE_TIMER (meso_idle_timer_get_type ())
G_DECLARE_FINAL_TYPE (MesoIdleTimer, meso_idle_timer, MESO, IDLE_TIMER, GObject)

MesoIdleTimer *meso_idle_timer_new        (void);
void           meso_idle_timer_start      (MesoIdleTimer *self,
                                           gint64         limit);
void           meso_idle_timer_stop       (MesoIdleTimer *self);
gboolean       meso_idle_timer_is_running (MesoIdleTimer *self);
void           meso_idle_timer_set_limit  (MesoIdleTimer *self,
                                           gint64         limit);
void           meso_idle_timer_touch      (MesoIdleTimer *self);
gint64         meso_idle_timer_get_idle   (MesoIdleTimer *self);
void           meso_idle_timer_advance    (MesoIdleTimer *self,
                                           gint64         usec);

G_END_DECLS
