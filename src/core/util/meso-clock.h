/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-clock.h: the one source of "now" and "today", in the clinic's zone. */
#pragma once

#include "meso-clinic.h"

G_BEGIN_DECLS

/* Instants (Unix seconds) a GDateTime can hold in any zone, with a day to
 * spare: a time read from the database outside them cannot be shown, and
 * is damage. */
#define MESO_CLOCK_MIN_INSTANT (G_GINT64_CONSTANT (-62135596800) + 86400)
#define MESO_CLOCK_MAX_INSTANT (G_GINT64_CONSTANT (253402300799) - 86400)

#define MESO_TYPE_CLOCK (meso_clock_get_type ())
G_DECLARE_FINAL_TYPE (MesoClock, meso_clock, MESO, CLOCK, GObject)

MesoClock *meso_clock_new             (MesoClinic  *clinic);
MesoClock *meso_clock_new_fixed       (MesoClinic  *clinic,
                                       gint64       now);
void       meso_clock_set_now         (MesoClock   *self,
                                       gint64       now);
gint64     meso_clock_get_now         (MesoClock   *self);
GDateTime *meso_clock_dup_now         (MesoClock   *self);
void       meso_clock_get_today       (MesoClock   *self,
                                       GDate       *out_today);
GTimeZone *meso_clock_get_zone        (MesoClock   *self);
GDateTime *meso_clock_to_clinic_time  (MesoClock   *self,
                                       GDateTime   *time);
char      *meso_clock_format          (MesoClock   *self,
                                       gint64       instant,
                                       const char  *format);

G_END_DECLS
