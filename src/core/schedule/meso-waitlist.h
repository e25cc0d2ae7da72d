/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-waitlist.h: patients who want an earlier slot, and the slots that suit them. */
#pragma once

#include "meso-schedule.h"

G_BEGIN_DECLS

/**
 * MesoWaitlistEntry:
 *
 * A patient waiting for a slot: with a practitioner (0: any), of
 * @minutes, on the days in @weekdays (bit 0 = Monday), starting no earlier
 * than @earliest and ending no later than @latest (local minutes).
 */
struct _MesoWaitlistEntry
{
  GObject  parent_instance;

  gint64   id;
  gint64   patient_id;
  char    *patient_name;
  gint64   practitioner_id;
  guint    minutes;
  guint    weekdays;
  guint    earliest;
  guint    latest;
  char    *notes;
  char    *created_at;
};

#define MESO_TYPE_WAITLIST_ENTRY (meso_waitlist_entry_get_type ())
G_DECLARE_FINAL_TYPE (MesoWaitlistEntry, meso_waitlist_entry, MESO, WAITLIST_ENTRY, GObject)

MesoWaitlistEntry *meso_waitlist_entry_new     (void);
char              *meso_waitlist_entry_describe (MesoWaitlistEntry *self,
                                                 MesoResources     *resources);

gboolean   meso_waitlist_add      (MesoSchedule      *schedule,
                                   MesoWaitlistEntry *entry,
                                   GError           **error);
GPtrArray *meso_waitlist_list     (MesoSchedule      *schedule,
                                   GError           **error);
gboolean   meso_waitlist_resolve  (MesoSchedule      *schedule,
                                   gint64             entry_id,
                                   GError           **error);
GPtrArray *meso_waitlist_offers   (MesoSchedule      *schedule,
                                   MesoAppointment   *freed,
                                   GError           **error);

G_END_DECLS
