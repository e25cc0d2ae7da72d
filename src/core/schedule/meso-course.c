/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-course.c: protocol templates, and the plans that place a course's
 * sessions on the calendar: a new course, or the rest of one after a
 * missed session. Plans are proposals; meso_schedule_book() books them. */
#define G_LOG_DOMAIN "meso-course"

#include <glib/gi18n.h>

#include "meso-clinic.h"
#include "meso-course.h"
#include "meso-date-format.h"
#include "meso-db-write.h"
#include "meso-schedule-private.h"

/* A course has at most this many sessions (meso-schedule.c reads the same). */
#define MAX_SESSIONS 200

/* How far ahead a session may be pushed before the plan gives up. */
#define MAX_SEARCH_DAYS 60

MesoProtocol *
meso_protocol_new (const char *name,
                   guint       maintenance_days)
{
  MesoProtocol *protocol = g_new0 (MesoProtocol, 1);

  protocol->name = g_strdup (name);
  protocol->maintenance_days = maintenance_days;
  protocol->phases = g_array_new (FALSE, FALSE, sizeof (MesoPhase));
  return protocol;
}

void
meso_protocol_free (MesoProtocol *protocol)
{
  g_free (protocol->name);
  g_array_unref (protocol->phases);
  g_free (protocol);
}

guint
meso_protocol_count_sessions (const MesoProtocol *protocol)
{
  guint sessions = 0;

  for (guint i = 0; i < protocol->phases->len; i++)
    sessions += g_array_index (protocol->phases, MesoPhase, i).sessions;
  return sessions;
}

/* Returns: (transfer full): the phases as "4×7, 4×30" (sessions × days). */
char *
meso_protocol_format_phases (const MesoProtocol *protocol)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < protocol->phases->len; i++)
    {
      MesoPhase *phase = &g_array_index (protocol->phases, MesoPhase, i);

      g_string_append_printf (text, "%s%u×%u", i > 0 ? ", " : "", phase->sessions,
                              phase->every_days);
    }
  return g_string_free (text, FALSE);
}

/**
 * meso_protocol_parse_phases:
 * @text: phases as "4×7, 4×30" or "4x7, 4x30": sessions × days between them
 *
 * Replaces @protocol's phases, or fails with G_IO_ERROR_INVALID_ARGUMENT
 * and leaves them alone.
 */
gboolean
meso_protocol_parse_phases (MesoProtocol  *protocol,
                            const char    *text,
                            GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (MesoPhase));
  guint total = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      g_autofree char *plain = NULL;
      g_auto(GStrv) numbers = NULL;
      guint64 sessions, days;

      if (*part == '\0')
        continue;
      plain = g_strdelimit (g_utf8_strdown (part, -1), "*", 'x');
      /* "×" is two bytes in UTF-8; make it an x too. */
      {
        g_auto(GStrv) halves = g_strsplit (plain, "×", -1);
        g_free (plain);
        plain = g_strjoinv ("x", halves);
      }
      numbers = g_strsplit (plain, "x", -1);
      if (g_strv_length (numbers) != 2 ||
          !g_ascii_string_to_unsigned (g_strstrip (numbers[0]), 10, 1, 60, &sessions, NULL) ||
          !g_ascii_string_to_unsigned (g_strstrip (numbers[1]), 10, 1, 365, &days, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Write each phase as sessions×days, such as 4×7 (not “%s”)."), part);
          return FALSE;
        }
      g_array_append_val (phases, ((MesoPhase) { sessions, days }));
      total += sessions;
    }
  if (phases->len == 0 || total > MAX_SESSIONS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give from 1 to 200 sessions, such as 4×7, 4×30."));
      return FALSE;
    }
  g_array_unref (protocol->phases);
  protocol->phases = g_steal_pointer (&phases);
  return TRUE;
}

/**
 * meso_schedule_list_protocols:
 *
 * Returns: (transfer container) (element-type MesoProtocol): the protocols
 * in use, by name.
 */
GPtrArray *
meso_schedule_list_protocols (MesoSchedule  *self,
                              GError       **error)
{
  MesoDb *db = meso_schedule_get_db (self);
  g_autoptr(GPtrArray) protocols =
    g_ptr_array_new_with_free_func ((GDestroyNotify) meso_protocol_free);
  MesoStmt *stmt;
  int rc;

  stmt = meso_db_prepare (db,
                          "SELECT p.id, p.name, p.maintenance_days, f.sessions, f.every_days"
                          " FROM protocol p JOIN protocol_phase f ON f.protocol_id = p.id"
                          " WHERE p.active = 1 ORDER BY p.name, p.id, f.position", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoProtocol *last = protocols->len > 0 ? g_ptr_array_index (protocols, protocols->len - 1)
                                              : NULL;
      MesoPhase phase = { meso_stmt_column_int (stmt, 3), meso_stmt_column_int (stmt, 4) };

      /* The phases size the booking loops: out of the schema's ranges, or
       * more sessions than a protocol may have, they are damage. */
      if (meso_stmt_column_int64 (stmt, 2) < 0 || meso_stmt_column_int64 (stmt, 2) > 730 ||
          meso_stmt_column_int64 (stmt, 3) < 1 || meso_stmt_column_int64 (stmt, 3) > 60 ||
          meso_stmt_column_int64 (stmt, 4) < 1 || meso_stmt_column_int64 (stmt, 4) > 365 ||
          (last != NULL && last->id == meso_stmt_column_int64 (stmt, 0) &&
           meso_protocol_count_sessions (last) + phase.sessions > MAX_SESSIONS))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "protocol_phase");
          return NULL;
        }
      if (last == NULL || last->id != meso_stmt_column_int64 (stmt, 0))
        {
          last = meso_protocol_new (meso_stmt_column_text (stmt, 1),
                                    meso_stmt_column_int (stmt, 2));
          last->id = meso_stmt_column_int64 (stmt, 0);
          g_ptr_array_add (protocols, last);
        }
      g_array_append_val (last->phases, phase);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the protocols"));
      return NULL;
    }
  return g_steal_pointer (&protocols);
}

/**
 * meso_schedule_save_protocol:
 *
 * Adds @protocol (id 0, then set) or changes it, and emits
 * #MesoSchedule::changed. Needs %MESO_PERMISSION_MANAGE_SETTINGS.
 */
gboolean
meso_schedule_save_protocol (MesoSchedule  *self,
                             MesoProtocol  *protocol,
                             GError       **error)
{
  MesoDb *db = meso_schedule_get_db (self);
  g_autofree char *name = meso_schedule_dup_name (protocol->name, error);
  gint64 id = protocol->id;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  int rc;

  if (name == NULL)
    return FALSE;
  if (protocol->phases->len == 0 || protocol->maintenance_days > 730)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the phases, and maintenance every 0 to 730 days."));
      return FALSE;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;

  stmt = meso_db_prepare (db, id == 0 ? "INSERT INTO protocol (name, maintenance_days)"
                                        " VALUES (?1, ?2) RETURNING id"
                                      : "UPDATE protocol SET name = ?1, maintenance_days = ?2"
                                        " WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, name);
  meso_stmt_bind_int (stmt, 2, protocol->maintenance_days);
  if (id != 0)
    meso_stmt_bind_int64 (stmt, 3, id);
  /* The insert returns the new id; the update returns no row. */
  rc = meso_stmt_step (stmt);
  if (rc != (id == 0 ? MESO_STEP_ROW : MESO_STEP_DONE))
    {
      if (meso_step_is_unique (rc))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                             _("Another protocol has this name."));
      else
        meso_db_set_error (db, error, rc, _("Could not save"));
      meso_stmt_reset (stmt);
      return FALSE;
    }
  if (id == 0)
    id = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);

  stmt = meso_db_prepare (db, "DELETE FROM protocol_phase WHERE protocol_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  if (!meso_db_step_done (db, stmt, error))
    return FALSE;
  for (guint i = 0; i < protocol->phases->len; i++)
    {
      MesoPhase *phase = &g_array_index (protocol->phases, MesoPhase, i);

      stmt = meso_db_prepare (db, "INSERT INTO protocol_phase"
                                  " (protocol_id, position, sessions, every_days)"
                                  " VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      meso_stmt_bind_int64 (stmt, 1, id);
      meso_stmt_bind_int (stmt, 2, i + 1);
      meso_stmt_bind_int (stmt, 3, phase->sessions);
      meso_stmt_bind_int (stmt, 4, phase->every_days);
      if (!meso_db_step_done (db, stmt, error))
        return FALSE;
    }
  if (!meso_db_write_commit (w, error))
    return FALSE;
  protocol->id = id;
  meso_schedule_emit_changed (self);
  return TRUE;
}

/* Moves @day to @weekday: forward only, or to the nearest one (up to three
 * days either way) so that monthly intervals do not drift later and later. */
static void
snap_to_weekday (GDate        *day,
                 GDateWeekday  weekday,
                 gboolean      nearest)
{
  int delta;

  if (weekday == G_DATE_BAD_WEEKDAY)
    return;
  delta = ((int) weekday - (int) g_date_get_weekday (day) + 7) % 7;
  if (nearest && delta > 3)
    delta -= 7;
  if (delta > 0)
    g_date_add_days (day, delta);
  else if (delta < 0)
    g_date_subtract_days (day, -delta);
}

/* The day a session is aimed at: @interval days after @previous, on the
 * preferred weekday, and always after @previous. */
static void
next_target (const GDate  *previous,
             guint         interval,
             GDateWeekday  weekday,
             GDate        *out_target)
{
  *out_target = *previous;
  g_date_add_days (out_target, interval);
  snap_to_weekday (out_target, weekday, TRUE);
  while (g_date_compare (out_target, previous) <= 0)
    g_date_add_days (out_target, 7);
}

/* Places one session at the first free slot from @target at the preferred
 * time, with everything in @placed counted as busy. */
static MesoAppointment *
place (MesoSchedule       *schedule,
       MesoResources      *resources,
       const MesoCourse   *course,
       gint64              practitioner_id,
       gint64              room_id,
       guint               minutes,
       const GDate        *target,
       gint64              not_before,
       GPtrArray          *ignore,
       GPtrArray          *placed,
       guint               position,
       GError            **error)
{
  MesoSlotQuery query = {
    .practitioner_id = practitioner_id,
    .room_id = room_id,
    .patient_id = course->patient_id,
    .minutes = minutes,
    .not_before = MAX (not_before, meso_resources_to_instant (resources, target,
                                                              course->minute_of_day)),
    .prefer = course->minute_of_day,
    .max_days = MAX_SEARCH_DAYS,
    .ignore = ignore,
    .also_busy = placed,
  };
  g_autoptr(GPtrArray) slots = meso_schedule_find_slots (schedule, &query, 1, error);
  char date[64];

  if (slots == NULL)
    return NULL;
  if (slots->len == 0)
    {
      g_date_strftime (date, sizeof date, meso_date_format_day_year (), target);
      g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_NO_SLOT,
                   _("Session %u has no free slot within %u days after %s."), position,
                   MAX_SEARCH_DAYS, date);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (slots, 0));
}

/**
 * meso_course_plan:
 * @course: the patient, practitioner, room and preferred weekday and time
 * @first_day: the course starts on or after this day
 *
 * Places every session of @protocol, each on the first free slot from its
 * target day at the preferred time. Session targets follow the protocol's
 * intervals from the day the previous session was placed, moved to the
 * preferred weekday; holidays and full days push a session later.
 * Returns: (transfer container) (element-type MesoAppointment): the
 * proposed sessions (id 0), to adjust and then book with
 * meso_schedule_book().
 */
GPtrArray *
meso_course_plan (MesoSchedule        *schedule,
                  const MesoProtocol  *protocol,
                  const MesoCourse    *course,
                  const GDate         *first_day,
                  GError             **error)
{
  g_autoptr(GPtrArray) placed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MesoClinic) clinic = meso_clinic_load (meso_schedule_get_db (schedule), error);
  MesoResources *resources;
  GDate target = *first_day;
  guint position = 0;

  if (clinic == NULL || (resources = meso_schedule_get_resources (schedule, error)) == NULL)
    return NULL;
  snap_to_weekday (&target, course->weekday, FALSE);

  for (guint p = 0; p < protocol->phases->len; p++)
    {
      MesoPhase *phase = &g_array_index (protocol->phases, MesoPhase, p);

      for (guint s = 0; s < phase->sessions; s++)
        {
          MesoAppointment *session;
          guint interval = position == 0 ? 0 : phase->every_days;
          guint minutes = meso_clinic_get_number (clinic, position == 0
                                                          ? MESO_CLINIC_FIRST_SESSION_MINUTES
                                                          : MESO_CLINIC_SESSION_MINUTES);

          position++;
          if (position > 1)
            {
              MesoAppointment *previous = g_ptr_array_index (placed, placed->len - 1);
              GDate previous_day;

              meso_resources_get_day (resources, previous->starts_at, &previous_day, NULL);
              next_target (&previous_day, interval, course->weekday, &target);
            }
          session = place (schedule, resources, course, course->practitioner_id,
                           course->room_id, minutes, &target, 0, NULL, placed, position, error);
          if (session == NULL)
            return NULL;
          session->kind = position == 1 ? MESO_KIND_FIRST_SESSION : MESO_KIND_SESSION;
          session->course_position = position;
          session->interval_days = interval;
          g_ptr_array_add (placed, session);
        }
    }
  return g_steal_pointer (&placed);
}

/**
 * meso_course_plan_rebooking:
 * @missed: a course session marked cancelled or no-show
 * @not_before: the rebooked session starts no earlier
 *
 * Proposes a new appointment for the missed session, at the first free
 * slot from @not_before on the course's weekday and time, and moves the
 * course's later booked sessions so that the protocol's intervals between
 * them are kept.
 * Returns: (transfer container) (element-type MesoAppointment): the new
 * session (id 0) followed by the moved ones (copies, with their ids).
 */
GPtrArray *
meso_course_plan_rebooking (MesoSchedule     *schedule,
                            MesoAppointment  *missed,
                            gint64            not_before,
                            GError          **error)
{
  g_autoptr(MesoCourse) course = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) later = g_ptr_array_new ();
  g_autoptr(GPtrArray) plan = g_ptr_array_new_with_free_func (g_object_unref);
  MesoResources *resources;
  MesoAppointment *rebooked;
  GDate target;

  if (missed->course_id == 0 || meso_appointment_is_active (missed))
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("Only a missed or cancelled course session is rebooked."));
      return NULL;
    }
  course = meso_schedule_load_course (schedule, missed->course_id, error);
  sessions = course != NULL ? meso_schedule_list_course (schedule, course->id, error) : NULL;
  resources = sessions != NULL ? meso_schedule_get_resources (schedule, error) : NULL;
  if (resources == NULL)
    return NULL;

  for (guint i = 0; i < sessions->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (sessions, i);

      if (session->course_position == missed->course_position &&
          meso_appointment_is_active (session))
        {
          g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                               _("This session has already been rebooked."));
          return NULL;
        }
      if (session->course_position > missed->course_position &&
          (session->status == MESO_STATUS_BOOKED || session->status == MESO_STATUS_CONFIRMED))
        g_ptr_array_add (later, session);
    }

  meso_resources_get_day (resources, MAX (not_before, missed->starts_at), &target, NULL);
  snap_to_weekday (&target, course->weekday, FALSE);
  rebooked = place (schedule, resources, course, missed->practitioner_id, missed->room_id,
                    missed->minutes, &target, not_before, later, plan,
                    missed->course_position, error);
  if (rebooked == NULL)
    return NULL;
  rebooked->kind = missed->kind;
  rebooked->notes = (g_free (rebooked->notes), g_strdup (missed->notes));
  rebooked->course_id = missed->course_id;
  rebooked->course_position = missed->course_position;
  rebooked->interval_days = missed->interval_days;
  g_ptr_array_add (plan, rebooked);

  for (guint i = 0; i < later->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (later, i);
      MesoAppointment *previous = g_ptr_array_index (plan, plan->len - 1);
      g_autoptr(MesoAppointment) slot = NULL;
      MesoAppointment *moved;
      GDate previous_day;

      meso_resources_get_day (resources, previous->starts_at, &previous_day, NULL);
      next_target (&previous_day, session->interval_days, course->weekday, &target);
      slot = place (schedule, resources, course, session->practitioner_id, session->room_id,
                    session->minutes, &target, 0, later, plan, session->course_position, error);
      if (slot == NULL)
        return NULL;
      moved = meso_appointment_copy (session);
      moved->starts_at = slot->starts_at;
      moved->room_id = slot->room_id;
      g_ptr_array_add (plan, moved);
    }
  return g_steal_pointer (&plan);
}

/**
 * meso_course_get_progress:
 * @now: the instant from which the next session is looked for
 *
 * Counts the course's done sessions, finds its next booked one, and when
 * maintenance is due: the protocol's maintenance interval after the last
 * session.
 */
gboolean
meso_course_get_progress (MesoSchedule        *schedule,
                          gint64               course_id,
                          gint64               now,
                          MesoCourseProgress  *out_progress,
                          GError             **error)
{
  g_autoptr(MesoCourse) course = meso_schedule_load_course (schedule, course_id, error);
  g_autoptr(GPtrArray) sessions = NULL;
  MesoResources *resources;
  gint64 last = 0;

  sessions = course != NULL ? meso_schedule_list_course (schedule, course_id, error) : NULL;
  resources = sessions != NULL ? meso_schedule_get_resources (schedule, error) : NULL;
  if (resources == NULL)
    return FALSE;

  memset (out_progress, 0, sizeof *out_progress);
  out_progress->total = course->sessions;
  g_date_clear (&out_progress->maintenance_due, 1);
  for (guint i = 0; i < sessions->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (sessions, i);

      if (session->status == MESO_STATUS_DONE)
        out_progress->done++;
      if (meso_appointment_is_active (session))
        last = MAX (last, session->starts_at);
      if ((session->status == MESO_STATUS_BOOKED || session->status == MESO_STATUS_CONFIRMED) &&
          session->starts_at >= now &&
          (out_progress->next_session == 0 || session->starts_at < out_progress->next_session))
        out_progress->next_session = session->starts_at;
    }
  if (course->maintenance_days > 0 && last != 0)
    {
      meso_resources_get_day (resources, last, &out_progress->maintenance_due, NULL);
      g_date_add_days (&out_progress->maintenance_due, course->maintenance_days);
    }
  return TRUE;
}
