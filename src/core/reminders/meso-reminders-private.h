/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminders-private.h: what meso-reminders.c (the store, and when it
 * syncs) and meso-reminders-sync.c (what a sync does) share, and nothing
 * else includes. */
#pragma once

#include "meso-patient-store.h"
#include "meso-reminders.h"

G_BEGIN_DECLS

/* Syncs at least this often, for changes no signal tells of (stock used up
 * by a session record, another workstation's bookings), and so that a wake
 * after the computer slept is never much late. */
#define RESYNC_SECONDS (15 * 60)

struct _MesoReminders
{
  GObject        parent_instance;

  MesoDb        *db;
  MesoSchedule  *schedule;
  MesoClinic    *clinic;
  MesoClock     *clock;
  MesoPatientStore *patients;    /* the phone and name beside a reminder */
  GPtrArray     *sources;        /* of MesoReminderSource: the features' events */
  GHashTable    *delivered;      /* ids handed out by take_due, still pending */
  gint64         taken_until;    /* take_due has read what woke up to here */
  gint64         taken_id;       /* and the reminders made up to this id */
  MesoSchedule  *worker_schedule; /* on the worker thread's own connection */
  MesoClinic    *worker_clinic;  /* the time of the last sync, on that connection */
  GPtrArray     *worker_sources; /* the sources, on that connection */
  gboolean       running;        /* a sync is under way in the worker thread */
  gboolean       run_again;      /* and another was asked for meanwhile */
  guint          wake_source;
  guint          idle_source;
  gulong         schedule_handler;
  gulong         day_handler;
  guint64        open_fingerprint; /* of the open reminders, as last announced */
};

/* meso-reminders.c */
gboolean meso_reminders_load_rule (MesoDb            *db,
                                   MesoReminderKind   kind,
                                   MesoReminderRule  *out_rule,
                                   GError           **error);

/* meso-reminders-sync.c */
gssize   meso_reminders_sync_on   (MesoReminders     *self,
                                   MesoSchedule      *schedule,
                                   MesoClinic        *clinic,
                                   GPtrArray         *sources,
                                   gint64             now,
                                   GError           **error);

G_END_DECLS
