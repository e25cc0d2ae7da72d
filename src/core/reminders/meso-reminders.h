/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminders.h: the reminders of one clinic: their rules, making them
 * from the clinic's events, their states, and waking when one falls due. */
#pragma once

#include "meso-record-json.h"
#include "meso-clinic.h"
#include "meso-clock.h"
#include "meso-reminder.h"
#include "meso-reminder-source.h"
#include "meso-schedule.h"

G_BEGIN_DECLS

#define MESO_TYPE_REMINDERS (meso_reminders_get_type ())
G_DECLARE_FINAL_TYPE (MesoReminders, meso_reminders, MESO, REMINDERS, GObject)

MesoReminders *meso_reminders_new          (MesoSchedule       *schedule,
                                            MesoClinic         *clinic,
                                            MesoClock          *clock);
gint64         meso_reminders_now          (MesoReminders      *self);
void           meso_reminders_add_source   (MesoReminders      *self,
                                            MesoReminderSource *source);

gboolean       meso_reminders_get_rule     (MesoReminders      *self,
                                            MesoReminderKind    kind,
                                            MesoReminderRule   *out_rule,
                                            GError            **error);
gboolean       meso_reminders_save_rule    (MesoReminders      *self,
                                            const MesoReminderRule *rule,
                                            GError            **error);
gboolean       meso_reminders_reset_rule   (MesoReminders      *self,
                                            MesoReminderKind    kind,
                                            GError            **error);

gboolean       meso_reminders_sync         (MesoReminders      *self,
                                            GError            **error);
GPtrArray     *meso_reminders_take_due     (MesoReminders      *self,
                                            GError            **error);
gint64         meso_reminders_get_next_wake (MesoReminders     *self,
                                            GError            **error);
GPtrArray     *meso_reminders_list_open    (MesoReminders      *self,
                                            gint64              due_before,
                                            GError            **error);
gint64         meso_reminders_count_due    (MesoReminders      *self,
                                            GError            **error);
MesoReminder  *meso_reminders_load         (MesoReminders      *self,
                                            gint64              id,
                                            GError            **error);
gboolean       meso_reminders_set_state    (MesoReminders      *self,
                                            gint64              id,
                                            MesoReminderState   state,
                                            GError            **error);
gboolean       meso_reminders_set_shown    (MesoReminders      *self,
                                            GPtrArray          *reminders,
                                            guint              *out_marked,
                                            GError            **error);
gboolean       meso_reminders_snooze       (MesoReminders      *self,
                                            gint64              id,
                                            guint               minutes,
                                            GError            **error);

gboolean       meso_reminders_dismiss_patient_in_write (MesoReminders *self,
                                                        gint64         patient_id,
                                                        GError       **error);
gboolean       meso_reminders_erase_patient_in_write (MesoReminders *self,
                                                      gint64         patient_id,
                                                      const char    *marker,
                                                      GError       **error);
void           meso_reminders_start        (MesoReminders      *self);
void           meso_reminders_changed_elsewhere (MesoReminders *self);
void           meso_reminders_stop         (MesoReminders      *self);
void           meso_reminders_run          (MesoReminders      *self);

gboolean meso_reminders_add_to_record (MesoReminders   *self,
                                       gint64           patient_id,
                                       MesoRecordJson  *record,
                                       GError         **error);

G_END_DECLS
