/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule.h: appointments in the database: listing, checking, booking, free slots. */
#pragma once

#include "meso-record-json.h"
#include "meso-appointment-range.h"
#include "meso-appointment.h"
#include "meso-db.h"
#include "meso-resources.h"

G_BEGIN_DECLS

/**
 * MesoCourse:
 *
 * A treatment course: the sessions of one protocol for one patient, with
 * the patient's preferred weekday (0: any) and time, kept so that a
 * rebooking after a missed session keeps them.
 */
typedef struct
{
  gint64        id;
  gint64        patient_id;
  char         *protocol_name;
  gint64        practitioner_id;
  gint64        room_id;
  GDateWeekday  weekday;
  guint         minute_of_day;
  guint         sessions;
  guint         maintenance_days;
} MesoCourse;

/**
 * MesoSlotQuery:
 * @practitioner_id: 0 for any practitioner
 * @room_id: 0 for any room
 * @patient_id: 0, or a patient who must be free too
 * @not_before: the earliest start (an instant)
 * @weekdays: bit mask of acceptable days, bit 0 = Monday; 0 for any
 * @earliest: local minutes after midnight; the appointment starts no earlier
 * @latest: and ends no later (0: end of day)
 * @prefer: local minutes after midnight tried first on each day (0: none),
 *   so that a course keeps the patient's usual time when it can
 * @max_days: how many days to look ahead
 * @ignore: (nullable): appointments that are being moved and free their slot
 * @also_busy: (nullable): proposed appointments not booked yet
 */
typedef struct
{
  gint64     practitioner_id;
  gint64     room_id;
  gint64     patient_id;
  guint      minutes;
  gint64     not_before;
  guint      weekdays;
  guint      earliest;
  guint      latest;
  guint      prefer;
  guint      max_days;
  GPtrArray *ignore;
  GPtrArray *also_busy;
} MesoSlotQuery;

/**
 * MesoMaintenanceDue:
 * @session_id: the course's last session done
 * @due_day_starts: the start of the day the maintenance session is due
 *
 * A finished course whose maintenance session falls due.
 */
typedef struct
{
  gint64  session_id;
  gint64  patient_id;
  gint64  course_id;
  char   *protocol;
  gint64  due_day_starts;
} MesoMaintenanceDue;

#define MESO_TYPE_SCHEDULE (meso_schedule_get_type ())
G_DECLARE_FINAL_TYPE (MesoSchedule, meso_schedule, MESO, SCHEDULE, GObject)

MesoSchedule    *meso_schedule_new               (MesoDb          *db);
MesoDb          *meso_schedule_get_db            (MesoSchedule    *self);
void             meso_schedule_changed_elsewhere (MesoSchedule    *self,
                                                  GArray          *appointments);
void             meso_schedule_resources_changed_elsewhere (MesoSchedule *self);
MesoResources   *meso_schedule_get_resources     (MesoSchedule    *self,
                                                  GError         **error);

GPtrArray       *meso_schedule_list_range        (MesoSchedule    *self,
                                                  gint64           from,
                                                  gint64           to,
                                                  GError         **error);
MesoAppointmentRange *meso_schedule_load_range (MesoSchedule    *self,
                                                  gint64           from,
                                                  gint64           to,
                                                  GError         **error);
void             meso_schedule_load_range_async  (MesoSchedule        *self,
                                                  gint64               from,
                                                  gint64               to,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
MesoAppointmentRange *meso_schedule_load_range_finish (MesoSchedule  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
GPtrArray       *meso_schedule_list_patient      (MesoSchedule    *self,
                                                  gint64           patient_id,
                                                  GError         **error);
GPtrArray       *meso_schedule_list_course       (MesoSchedule    *self,
                                                  gint64           course_id,
                                                  GError         **error);
MesoAppointment *meso_schedule_load              (MesoSchedule    *self,
                                                  gint64           id,
                                                  GError         **error);
MesoAppointment *meso_schedule_load_session      (MesoSchedule    *self,
                                                  gint64           appointment_id,
                                                  GError         **error);
MesoCourse      *meso_schedule_load_course       (MesoSchedule    *self,
                                                  gint64           course_id,
                                                  GError         **error);
GArray          *meso_schedule_list_maintenance_due (MesoSchedule *self,
                                                    gint64        from,
                                                    gint64        to,
                                                    GError      **error);
gint64           meso_schedule_find_latest_course (MesoSchedule   *self,
                                                  gint64           patient_id,
                                                  GError         **error);

gboolean         meso_schedule_check             (MesoSchedule    *self,
                                                  MesoAppointment *appointment,
                                                  GPtrArray       *ignore,
                                                  GError         **error);
gboolean         meso_schedule_book              (MesoSchedule    *self,
                                                  MesoCourse      *course,
                                                  GPtrArray       *appointments,
                                                  GError         **error);
gboolean         meso_schedule_save              (MesoSchedule    *self,
                                                  MesoAppointment *appointment,
                                                  GError         **error);
MesoAppointment *meso_schedule_move              (MesoSchedule    *self,
                                                  MesoAppointment *place,
                                                  MesoAppointment *expected,
                                                  GError         **error);
gboolean         meso_schedule_set_status        (MesoSchedule    *self,
                                                  gint64           id,
                                                  MesoAppointmentStatus status,
                                                  GError         **error);
gboolean         meso_schedule_mark_done_in_write (MesoSchedule   *self,
                                                  gint64           id,
                                                  GError         **error);
GPtrArray       *meso_schedule_find_slots        (MesoSchedule    *self,
                                                  const MesoSlotQuery *query,
                                                  guint            max_results,
                                                  GError         **error);

gboolean         meso_schedule_save_practitioner (MesoSchedule    *self,
                                                  MesoPractitioner *practitioner,
                                                  GError         **error);
gboolean         meso_schedule_save_room         (MesoSchedule    *self,
                                                  MesoRoom        *room,
                                                  GError         **error);
gboolean         meso_schedule_set_opening_hours (MesoSchedule    *self,
                                                  GDateWeekday     weekday,
                                                  MesoHours        hours,
                                                  GError         **error);
gboolean         meso_schedule_add_holiday       (MesoSchedule    *self,
                                                  const GDate     *day,
                                                  const char      *name,
                                                  GError         **error);
gboolean         meso_schedule_remove_holiday    (MesoSchedule    *self,
                                                  const GDate     *day,
                                                  GError         **error);
gboolean         meso_schedule_add_day_off       (MesoSchedule    *self,
                                                  gint64           practitioner_id,
                                                  const GDate     *first_day,
                                                  const GDate     *last_day,
                                                  const char      *reason,
                                                  GError         **error);
gboolean         meso_schedule_remove_day_off    (MesoSchedule    *self,
                                                  gint64           day_off_id,
                                                  GError         **error);

void             meso_schedule_emit_changed      (MesoSchedule    *self);

void             meso_course_free                (MesoCourse      *course);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoCourse, meso_course_free)

gboolean         meso_schedule_add_to_record     (MesoSchedule    *self,
                                                  gint64           patient_id,
                                                  MesoRecordJson  *record,
                                                  GError         **error);

gboolean         meso_schedule_check_nothing_booked_in_write (MesoSchedule *self,
                                                              gint64        patient_id,
                                                              gint64        now,
                                                              GError      **error);
gboolean         meso_schedule_get_last_visit    (MesoSchedule    *self,
                                                  gint64           patient_id,
                                                  gint64          *out_starts_at,
                                                  GError         **error);

G_END_DECLS
