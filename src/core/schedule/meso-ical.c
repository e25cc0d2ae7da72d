/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-ical.c: iCalendar export through libical. Each appointment's UID is
 * built from its id and the clinic's own domain, so that importing a newer
 * export updates the events instead of adding copies; cancelled and missed
 * appointments are exported as cancelled so that they disappear too. A
 * patient's copy is worded in the patient's language, with the handout
 * texts' [calendar] words, and carries the clinic's phone and an alarm the
 * day before; a practitioner's is in the interface's. Every event names the
 * clinic as its ORGANIZER, which RFC 5546 asks of a published calendar. */
#define G_LOG_DOMAIN "meso-ical"

#include <glib/gi18n.h>
#include <libical/ical.h>

#include "meso-clinic.h"
#include "meso-ical.h"
#include "meso-text.h"

static struct icaltimetype
utc_time (gint64 instant)
{
  return icaltime_from_timet_with_zone ((time_t) instant, 0, icaltimezone_get_utc_timezone ());
}

static icalcomponent *
new_calendar (void)
{
  icalcomponent *calendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);

  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Mesodesk//Mesodesk//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  return calendar;
}

/* The clinic, as the organizer of every event: its sender's address when
 * it sends e-mail, else one of its calendar domain, which nobody need
 * answer. */
static icalproperty *
new_organizer (MesoClinic *clinic)
{
  const char *sender = meso_clinic_get_text (clinic, MESO_CLINIC_MAIL_SENDER_ADDRESS);
  g_autofree char *address = *sender != '\0'
                               ? g_strconcat ("mailto:", sender, NULL)
                               : g_strconcat ("mailto:calendar@",
                                              meso_clinic_get_text (clinic,
                                                                    MESO_CLINIC_ICAL_DOMAIN),
                                              NULL);
  icalproperty *organizer = icalproperty_new_organizer (address);
  const char *name = meso_clinic_get_text (clinic, MESO_CLINIC_NAME);

  if (*name != '\0')
    icalproperty_add_parameter (organizer, icalparameter_new_cn (name));
  return organizer;
}

static icalcomponent *
add_event (icalcomponent   *calendar,
           gint64           now,
           MesoAppointment *appointment,
           MesoClinic      *clinic,
           const char      *summary,
           const char      *location,
           const char      *description)
{
  icalcomponent *event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  g_autofree char *uid = g_strdup_printf ("appointment-%" G_GINT64_FORMAT "@%s",
                                          appointment->id,
                                          meso_clinic_get_text (clinic, MESO_CLINIC_ICAL_DOMAIN));

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, new_organizer (clinic));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (now)));
  icalcomponent_add_property (event, icalproperty_new_sequence (appointment->revision));
  icalcomponent_add_property (event, icalproperty_new_dtstart (utc_time (appointment->starts_at)));
  icalcomponent_add_property (event, icalproperty_new_dtend (
                                utc_time (meso_appointment_get_ends_at (appointment))));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (location != NULL && *location != '\0')
    icalcomponent_add_property (event, icalproperty_new_location (location));
  if (description != NULL && *description != '\0')
    icalcomponent_add_property (event, icalproperty_new_description (description));
  icalcomponent_add_property (event, icalproperty_new_status (
                                meso_appointment_is_active (appointment) ? ICAL_STATUS_CONFIRMED
                                                                         : ICAL_STATUS_CANCELLED));
  icalcomponent_add_component (calendar, event);
  return event;
}

/* A reminder shown by the patient's own calendar a day before. */
static void
add_alarm (icalcomponent *event,
           const char    *description)
{
  icalcomponent *alarm = icalcomponent_new (ICAL_VALARM_COMPONENT);
  struct icaltriggertype trigger = { 0 };

  trigger.time = icaltime_null_time ();
  trigger.duration = icaldurationtype_from_int (-24 * 60 * 60);
  icalcomponent_add_property (alarm, icalproperty_new_action (ICAL_ACTION_DISPLAY));
  icalcomponent_add_property (alarm, icalproperty_new_trigger (trigger));
  icalcomponent_add_property (alarm, icalproperty_new_description (description));
  icalcomponent_add_component (event, alarm);
}

static char *
finish (icalcomponent *calendar)
{
  char *text = icalcomponent_as_ical_string_r (calendar);
  char *copy = g_strdup (text);

  icalmemory_free_buffer (text);
  icalcomponent_free (calendar);
  return copy;
}

static char *
describe_kind (MesoAppointment *appointment,
               guint            sessions)
{
  if (appointment->course_id != 0 && sessions > 0)
    return g_strdup_printf (_("%s %u of %u"), meso_appointment_kind_get_label (appointment->kind),
                            appointment->course_position, sessions);
  return g_strdup (meso_appointment_kind_get_label (appointment->kind));
}

/* "Session 3 of 10" in the words of @texts. */
static char *
describe_kind_in (MesoHandoutTexts *texts,
                  MesoAppointment  *appointment,
                  guint             sessions)
{
  g_autofree char *key = g_strdelimit (g_strconcat ("kind-", meso_appointment_kind_get_code (
                                                       appointment->kind), NULL), "_", '-');
  const char *kind = meso_handout_texts_get (texts, "calendar", key);
  g_autoptr(GHashTable) values = NULL;

  if (appointment->course_id == 0 || sessions == 0)
    return g_strdup (kind);
  values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (values, "kind", g_strdup (kind));
  g_hash_table_insert (values, "position", g_strdup_printf ("%u", appointment->course_position));
  g_hash_table_insert (values, "count", g_strdup_printf ("%u", sessions));
  return meso_handout_texts_expand (meso_handout_texts_get (texts, "calendar", "session"), values);
}

/* Expands the [calendar] text @key of @texts with one field. */
static char *
expand_calendar_text (MesoHandoutTexts *texts,
                      const char       *key,
                      const char       *field,
                      const char       *value)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, (gpointer) field, (gpointer) value);
  return meso_handout_texts_expand (meso_handout_texts_get (texts, "calendar", key), values);
}

/* Expands the [calendar] text @key of @texts with the clinic's name and
 * phone, and the appointment's @kind when given. */
static char *
expand_clinic_text (MesoHandoutTexts *texts,
                    const char       *key,
                    MesoClinic       *clinic,
                    const char       *kind)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, "clinic", (gpointer) meso_clinic_get_text (clinic, MESO_CLINIC_NAME));
  g_hash_table_insert (values, "clinic_phone",
                       (gpointer) meso_clinic_get_text (clinic, MESO_CLINIC_PHONE));
  if (kind != NULL)
    g_hash_table_insert (values, "kind", (gpointer) kind);
  return meso_handout_texts_expand (meso_handout_texts_get (texts, "calendar", key), values);
}

static guint
course_sessions (MesoSchedule    *schedule,
                 MesoAppointment *appointment,
                 GHashTable      *known)
{
  g_autoptr(MesoCourse) course = NULL;
  gpointer sessions;

  if (appointment->course_id == 0)
    return 0;
  /* A course's sessions are read once per export, not once per session. */
  if (g_hash_table_lookup_extended (known, &appointment->course_id, NULL, &sessions))
    return GPOINTER_TO_UINT (sessions);
  course = meso_schedule_load_course (schedule, appointment->course_id, NULL);
  g_hash_table_insert (known, g_memdup2 (&appointment->course_id, sizeof (gint64)),
                       GUINT_TO_POINTER (course != NULL ? course->sessions : 0));
  return course != NULL ? course->sessions : 0;
}

/**
 * meso_ical_patient_calendar:
 * @texts: the patient's texts (meso_handout_load_patient_texts()), whose
 *   [calendar] words the events are written in
 * @now: when the export is made (each event's DTSTAMP), in Unix seconds
 *
 * Returns: (transfer full): the patient's appointments as an iCalendar
 * text for the patient: when, where and with whom, and no clinical notes.
 */
char *
meso_ical_patient_calendar (MesoSchedule      *schedule,
                            MesoHandoutTexts  *texts,
                            gint64             patient_id,
                            gint64             now,
                            GError           **error)
{
  MesoDb *db = meso_schedule_get_db (schedule);
  g_autoptr(GPtrArray) appointments = meso_schedule_list_patient (schedule, patient_id, error);
  g_autoptr(MesoClinic) clinic = NULL;
  g_autofree char *location = NULL;
  g_autofree char *call = NULL;
  g_autoptr(GHashTable) courses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  MesoResources *resources;
  icalcomponent *calendar;

  if (appointments == NULL || (clinic = meso_clinic_load (db, error)) == NULL ||
      (resources = meso_schedule_get_resources (schedule, error)) == NULL)
    return NULL;

  call = *meso_clinic_get_text (clinic, MESO_CLINIC_PHONE) != '\0'
           ? expand_clinic_text (texts, "call", clinic, NULL) : NULL;
  location = g_strjoin (", ", meso_clinic_get_text (clinic, MESO_CLINIC_NAME),
                        meso_clinic_get_text (clinic, MESO_CLINIC_ADDRESS), NULL);
  calendar = new_calendar ();
  for (guint i = 0; i < appointments->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (appointments, i);
      MesoPractitioner *practitioner =
        meso_resources_find_practitioner (resources, appointment->practitioner_id);
      g_autofree char *kind = describe_kind_in (texts, appointment,
                                                course_sessions (schedule, appointment,
                                                                 courses));
      g_autofree char *summary = expand_calendar_text (texts, "summary", "kind", kind);
      g_autofree char *with = expand_calendar_text (texts, "with", "practitioner",
                                                    practitioner != NULL ? practitioner->name : "");
      g_autofree char *description = call != NULL ? g_strconcat (with, "\n", call, NULL)
                                                   : g_strdup (with);
      icalcomponent *event = add_event (calendar, now, appointment, clinic, summary, location,
                                        description);

      if (meso_appointment_is_active (appointment))
        {
          g_autofree char *alarm = expand_clinic_text (texts, "alarm", clinic, kind);

          add_alarm (event, alarm);
        }
    }
  return finish (calendar);
}

/**
 * meso_ical_practitioner_agenda:
 * @now: when the export is made (each event's DTSTAMP), in Unix seconds
 *
 * Returns: (transfer full): @practitioner_id's appointments in [@from,
 * @to) as an iCalendar text, with the patient's name (or initials, as the
 * clinic chose) and the room.
 */
char *
meso_ical_practitioner_agenda (MesoSchedule  *schedule,
                               gint64         practitioner_id,
                               gint64         from,
                               gint64         to,
                               gint64         now,
                               GError       **error)
{
  g_autoptr(GPtrArray) appointments = meso_schedule_list_range (schedule, from, to, error);

  if (appointments == NULL)
    return NULL;
  return meso_ical_agenda_of (schedule, appointments, practitioner_id, now, error);
}

/**
 * meso_ical_agenda_of:
 * @appointments: (element-type MesoAppointment): as meso_schedule_list_range()
 *   gave them: several agendas are made from one reading
 *
 * Returns: (transfer full): @practitioner_id's agenda among @appointments,
 * as meso_ical_practitioner_agenda() makes it.
 */
char *
meso_ical_agenda_of (MesoSchedule  *schedule,
                     GPtrArray     *appointments,
                     gint64         practitioner_id,
                     gint64         now,
                     GError       **error)
{
  g_autoptr(MesoClinic) clinic = NULL;
  g_autoptr(GHashTable) courses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  MesoResources *resources;
  icalcomponent *calendar;
  gboolean initials;

  if ((clinic = meso_clinic_load (meso_schedule_get_db (schedule), error)) == NULL ||
      (resources = meso_schedule_get_resources (schedule, error)) == NULL)
    return NULL;

  initials = meso_clinic_get_number (clinic, MESO_CLINIC_AGENDA_INITIALS) != 0;
  calendar = new_calendar ();
  for (guint i = 0; i < appointments->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (appointments, i);
      MesoRoom *room = meso_resources_find_room (resources, appointment->room_id);
      g_autofree char *kind = NULL;
      g_autofree char *summary = NULL;

      if (appointment->practitioner_id != practitioner_id)
        continue;
      kind = describe_kind (appointment, course_sessions (schedule, appointment, courses));
      if (initials)
        {
          g_autofree char *patient = meso_text_name_initials (appointment->patient_name);

          summary = g_strdup_printf ("%s — %s", patient, kind);
        }
      else
        summary = g_strdup_printf ("%s — %s", appointment->patient_name, kind);
      add_event (calendar, now, appointment, clinic, summary, room != NULL ? room->name : NULL,
                 appointment->notes);
    }
  return finish (calendar);
}

/* Writes @calendar to @path, replacing it whole or not at all. */
gboolean
meso_ical_save (const char  *path,
                const char  *calendar,
                GError     **error)
{
  return g_file_set_contents_full (path, calendar, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}
