/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-source.h: what a feature implements to give the reminders
 * its events (appointments, courses ending, stock), and the query a sync
 * hands it: the window, the rules, and where the wanted reminders go. */
#pragma once

#include "meso-clinic.h"
#include "meso-db.h"
#include "meso-reminder.h"

G_BEGIN_DECLS

/**
 * MesoReminderQuery:
 *
 * One sync's question to the sources: which reminders do your events
 * want now? Owned by the sync (meso-reminders-sync.c, which implements
 * the functions below); valid only during meso_reminder_source_collect().
 */
typedef struct _MesoReminderQuery MesoReminderQuery;

#define MESO_TYPE_REMINDER_SOURCE (meso_reminder_source_get_type ())
G_DECLARE_INTERFACE (MesoReminderSource, meso_reminder_source, MESO, REMINDER_SOURCE, GObject)

/**
 * MesoReminderSourceInterface:
 * @open_on: a new source of the same feature reading through @db, another
 *   connection to the same file: the app syncs in a worker thread on a
 *   connection of its own, and a source is used by one thread only
 * @collect: adds to @query (meso_reminder_query_add()) a reminder for each
 *   of the feature's events that @query wants; reads through its own
 *   connection, and keeps nothing of @query
 */
struct _MesoReminderSourceInterface
{
  GTypeInterface parent_iface;

  MesoReminderSource *(*open_on) (MesoReminderSource  *self,
                                  MesoDb              *db);
  gboolean            (*collect) (MesoReminderSource  *self,
                                  MesoReminderQuery   *query,
                                  GError             **error);
};

MesoReminderSource     *meso_reminder_source_open_on      (MesoReminderSource  *self,
                                                           MesoDb              *db);
gboolean                meso_reminder_source_collect      (MesoReminderSource  *self,
                                                           MesoReminderQuery   *query,
                                                           GError             **error);

MesoResources          *meso_reminder_query_get_resources (MesoReminderQuery   *query);
MesoClinic             *meso_reminder_query_get_clinic    (MesoReminderQuery   *query);
gint64                  meso_reminder_query_get_now       (MesoReminderQuery   *query);
void                    meso_reminder_query_get_window    (MesoReminderQuery   *query,
                                                           gint64              *out_from,
                                                           gint64              *out_to);
const MesoReminderRule *meso_reminder_query_get_rule      (MesoReminderQuery   *query,
                                                           MesoReminderKind     kind);
gboolean                meso_reminder_query_wants         (MesoReminderQuery   *query,
                                                           MesoReminderKind     kind,
                                                           gint64               due_at);
void                    meso_reminder_query_add           (MesoReminderQuery   *query,
                                                           MesoReminderKind     kind,
                                                           char                *source,
                                                           gint64               patient_id,
                                                           gint64               appointment_id,
                                                           gint64               due_at,
                                                           const char *const   *fields);

G_END_DECLS
