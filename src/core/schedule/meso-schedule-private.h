/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-private.h: what meso-schedule.c (the store, its reads and
 * the resources), meso-schedule-booking.c (booking and the slot search),
 * meso-schedule-reminders.c (its reminders), meso-waitlist.c and
 * meso-course.c (its protocols) share, and nothing else includes. */
#pragma once

#include "meso-patient-store.h"
#include "meso-reminder-source.h"
#include "meso-schedule.h"

G_BEGIN_DECLS

struct _MesoSchedule
{
  GObject        parent_instance;

  MesoDb        *db;
  MesoPatientStore *patients;         /* the names and screening beside the bookings */
  MesoResources *resources;
  gint64         resources_version;   /* data_version they were read at */
  GMutex         worker_lock;         /* one thread at a time on worker_db */
  MesoDb        *worker_db;           /* the calendar's loads, off the main loop */
  gint64         resources_mark;      /* of the practitioners and rooms, as announced */
};

/* meso-schedule.c */
char *meso_schedule_dup_name (const char  *name,
                              GError     **error);

/* meso-schedule-elsewhere.c */
gint64 meso_schedule_read_resources_mark (MesoSchedule *self);

/* meso-schedule-reminders.c */
void meso_schedule_reminder_source_init (MesoReminderSourceInterface *iface);

G_END_DECLS
