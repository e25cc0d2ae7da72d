/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-source.c: the interface through which the reminders get
 * each feature's events, after GNOME Calendar's GcalTimelineSubscriber:
 * the reminders name no other feature's table, and a feature adds its
 * reminders by implementing this, not by a join in the sync. */
#define G_LOG_DOMAIN "meso-reminders"

#include "meso-reminder-source.h"

G_DEFINE_INTERFACE (MesoReminderSource, meso_reminder_source, G_TYPE_OBJECT)

static void
meso_reminder_source_default_init (MesoReminderSourceInterface *iface)
{
}

/**
 * meso_reminder_source_open_on:
 * @db: another connection to the database @self reads
 *
 * Returns: (transfer full): a source of the same feature over @db, for a
 * sync in a worker thread.
 */
MesoReminderSource *
meso_reminder_source_open_on (MesoReminderSource *self,
                              MesoDb             *db)
{
  g_return_val_if_fail (MESO_IS_REMINDER_SOURCE (self), NULL);

  return MESO_REMINDER_SOURCE_GET_IFACE (self)->open_on (self, db);
}

/**
 * meso_reminder_source_collect:
 *
 * Adds to @query the reminders @self's events want in its window (see
 * #MesoReminderSourceInterface).
 *
 * Returns: %FALSE with @error set if the events could not be read.
 */
gboolean
meso_reminder_source_collect (MesoReminderSource  *self,
                              MesoReminderQuery   *query,
                              GError             **error)
{
  g_return_val_if_fail (MESO_IS_REMINDER_SOURCE (self), FALSE);

  return MESO_REMINDER_SOURCE_GET_IFACE (self)->collect (self, query, error);
}
