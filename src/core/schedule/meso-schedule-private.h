/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-private.h: what meso-schedule.c (the store, its reads and
 * the resources) and meso-schedule-booking.c (booking and the slot search)
 * share, and nothing else includes. */
#pragma once

#include "meso-schedule.h"

G_BEGIN_DECLS

struct _MesoSchedule
{
  GObject        parent_instance;

  MesoDb        *db;
  MesoResources *resources;
  gint64         resources_version;   /* data_version they were read at */
};

G_END_DECLS
