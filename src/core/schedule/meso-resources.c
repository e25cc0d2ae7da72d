/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-resources.c: a snapshot of what can be booked and when, read from the
 * database in one go so that checks and layouts need no further queries. */
#define G_LOG_DOMAIN "meso-resources"

#include <glib/gi18n.h>

#include "meso-clinic.h"
#include "meso-date-format.h"
#include "meso-resources.h"

struct _MesoResources
{
  GObject     parent_instance;

  GTimeZone  *zone;
  GPtrArray  *practitioners;   /* of MesoPractitioner, by name */
  GPtrArray  *rooms;           /* of MesoRoom, by name */
  MesoHours   opening[8];      /* by ISO weekday */
  GArray     *holidays;        /* of MesoHoliday, by day */
};

G_DEFINE_TYPE (MesoResources, meso_resources, G_TYPE_OBJECT)
G_DEFINE_QUARK (meso-schedule-error-quark, meso_schedule_error)

static void
practitioner_free (gpointer data)
{
  MesoPractitioner *practitioner = data;

  g_free (practitioner->name);
  g_free (practitioner->colour);
  g_array_unref (practitioner->days_off);
  g_free (practitioner);
}

static void
day_off_clear (gpointer data)
{
  g_free (((MesoDayOff *) data)->reason);
}

static void
room_free (gpointer data)
{
  MesoRoom *room = data;

  g_free (room->name);
  g_free (room);
}

static void
holiday_clear (gpointer data)
{
  g_free (((MesoHoliday *) data)->name);
}

static void
meso_resources_finalize (GObject *object)
{
  MesoResources *self = MESO_RESOURCES (object);

  /* A load that failed never got as far as the zone. */
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_ptr_array_unref (self->practitioners);
  g_ptr_array_unref (self->rooms);
  g_array_unref (self->holidays);

  G_OBJECT_CLASS (meso_resources_parent_class)->finalize (object);
}

static void
meso_resources_class_init (MesoResourcesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_resources_finalize;
}

static void
meso_resources_init (MesoResources *self)
{
  self->practitioners = g_ptr_array_new_with_free_func (practitioner_free);
  self->rooms = g_ptr_array_new_with_free_func (room_free);
  self->holidays = g_array_new (FALSE, TRUE, sizeof (MesoHoliday));
  g_array_set_clear_func (self->holidays, holiday_clear);
}

static guint32
julian_from_iso (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  return g_date_valid (&date) ? g_date_get_julian (&date) : 0;
}

/* Hours come from the file: a weekday indexes an array, so anything out of
 * range is damage, never an index. */
static gboolean
read_hours (MesoStmt  *stmt,
            int        first_column,
            int       *out_weekday,
            MesoHours *out_hours)
{
  int weekday = meso_stmt_column_int (stmt, first_column);
  int opens = meso_stmt_column_int (stmt, first_column + 1);
  int closes = meso_stmt_column_int (stmt, first_column + 2);

  if (weekday < G_DATE_MONDAY || weekday > G_DATE_SUNDAY ||
      opens < 0 || closes <= opens || closes > 24 * 60)
    return FALSE;
  *out_weekday = weekday;
  out_hours->opens = opens;
  out_hours->closes = closes;
  return TRUE;
}

static gboolean
load_practitioners (MesoResources *self,
                    MesoDb        *db,
                    GError       **error)
{
  MesoStmt *stmt;
  int rc;

  stmt = meso_db_prepare (db,
                          "SELECT id, display_name, colour, active, revision FROM practitioner"
                          " ORDER BY display_name, id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoPractitioner *practitioner = g_new0 (MesoPractitioner, 1);

      practitioner->id = meso_stmt_column_int64 (stmt, 0);
      practitioner->name = g_strdup (meso_stmt_column_text (stmt, 1));
      practitioner->colour = g_strdup (meso_stmt_column_text (stmt, 2));
      practitioner->active = meso_stmt_column_int (stmt, 3);
      practitioner->revision = meso_stmt_column_int64 (stmt, 4);
      practitioner->days_off = g_array_new (FALSE, TRUE, sizeof (MesoDayOff));
      g_array_set_clear_func (practitioner->days_off, day_off_clear);
      g_ptr_array_add (self->practitioners, practitioner);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    goto fail;

  stmt = meso_db_prepare (db, "SELECT practitioner_id, weekday, opens, closes"
                              " FROM practitioner_hours", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoPractitioner *practitioner =
        meso_resources_find_practitioner (self, meso_stmt_column_int64 (stmt, 0));
      MesoHours hours;
      int weekday;

      if (!read_hours (stmt, 1, &weekday, &hours))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "practitioner_hours");
          return FALSE;
        }
      if (practitioner == NULL)
        continue;
      practitioner->own_hours = TRUE;
      practitioner->hours[weekday] = hours;
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    goto fail;

  stmt = meso_db_prepare (db, "SELECT id, practitioner_id, first_day, last_day, reason"
                              " FROM practitioner_day_off ORDER BY first_day", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoPractitioner *practitioner =
        meso_resources_find_practitioner (self, meso_stmt_column_int64 (stmt, 1));
      MesoDayOff day_off = {
        meso_stmt_column_int64 (stmt, 0),
        julian_from_iso (meso_stmt_column_text (stmt, 2)),
        julian_from_iso (meso_stmt_column_text (stmt, 3)),
        g_strdup (meso_stmt_column_text (stmt, 4)),
      };

      /* The schema allows only dates, the last not before the first: the
       * days are made into GDates and counted. */
      if (day_off.first_day == 0 || day_off.last_day < day_off.first_day)
        {
          g_free (day_off.reason);
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "practitioner_day_off");
          return FALSE;
        }
      if (practitioner != NULL)
        g_array_append_val (practitioner->days_off, day_off);
      else
        g_free (day_off.reason);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    goto fail;
  return TRUE;

fail:
  meso_db_set_error (db, error, rc, _("Could not read the practitioners"));
  return FALSE;
}

static gboolean
load_clinic (MesoResources *self,
             MesoDb        *db,
             GError       **error)
{
  MesoStmt *stmt;
  int rc;

  stmt = meso_db_prepare (db, "SELECT id, name, active, revision FROM room ORDER BY name, id",
                          error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoRoom *room = g_new0 (MesoRoom, 1);

      room->id = meso_stmt_column_int64 (stmt, 0);
      room->name = g_strdup (meso_stmt_column_text (stmt, 1));
      room->active = meso_stmt_column_int (stmt, 2);
      room->revision = meso_stmt_column_int64 (stmt, 3);
      g_ptr_array_add (self->rooms, room);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    goto fail;

  stmt = meso_db_prepare (db, "SELECT weekday, opens, closes FROM opening_hours", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoHours hours;
      int weekday;

      if (!read_hours (stmt, 0, &weekday, &hours))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "opening_hours");
          return FALSE;
        }
      self->opening[weekday] = hours;
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    goto fail;

  stmt = meso_db_prepare (db, "SELECT day, name FROM holiday ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoHoliday holiday = {
        julian_from_iso (meso_stmt_column_text (stmt, 0)),
        g_strdup (meso_stmt_column_text (stmt, 1)),
      };

      /* Day 0 is no date: the calendar would make it into an invalid GDate. */
      if (holiday.day == 0)
        {
          g_free (holiday.name);
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "holiday");
          return FALSE;
        }
      g_array_append_val (self->holidays, holiday);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    goto fail;
  return TRUE;

fail:
  meso_db_set_error (db, error, rc, _("Could not read the clinic's hours"));
  return FALSE;
}

/**
 * meso_resources_load:
 *
 * Returns: (transfer full): the practitioners, rooms, hours, holidays and
 * time zone stored in @db.
 */
MesoResources *
meso_resources_load (MesoDb  *db,
                     GError **error)
{
  g_autoptr(MesoResources) self = g_object_new (MESO_TYPE_RESOURCES, NULL);
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, error);
  const char *zone;

  if (clinic == NULL || !load_practitioners (self, db, error) || !load_clinic (self, db, error))
    return NULL;
  zone = meso_clinic_get_text (clinic, MESO_CLINIC_TIME_ZONE);
  self->zone = *zone != '\0' ? g_time_zone_new_identifier (zone) : NULL;
  if (self->zone == NULL)
    self->zone = g_time_zone_new_local ();
  return g_steal_pointer (&self);
}

GTimeZone *
meso_resources_get_zone (MesoResources *self)
{
  return self->zone;
}

/* Returns: (transfer none) (element-type MesoPractitioner): all of them,
 * inactive ones included, sorted by name. */
GPtrArray *
meso_resources_get_practitioners (MesoResources *self)
{
  return self->practitioners;
}

/* Returns: (transfer none) (element-type MesoRoom): sorted by name. */
GPtrArray *
meso_resources_get_rooms (MesoResources *self)
{
  return self->rooms;
}

/* Returns: (transfer none) (element-type MesoHoliday): sorted by day. */
GArray *
meso_resources_get_holidays (MesoResources *self)
{
  return self->holidays;
}

MesoPractitioner *
meso_resources_find_practitioner (MesoResources *self,
                                  gint64         id)
{
  for (guint i = 0; i < self->practitioners->len; i++)
    {
      MesoPractitioner *practitioner = g_ptr_array_index (self->practitioners, i);

      if (practitioner->id == id)
        return practitioner;
    }
  return NULL;
}

MesoRoom *
meso_resources_find_room (MesoResources *self,
                          gint64         id)
{
  for (guint i = 0; i < self->rooms->len; i++)
    {
      MesoRoom *room = g_ptr_array_index (self->rooms, i);

      if (room->id == id)
        return room;
    }
  return NULL;
}

MesoHours
meso_resources_get_opening_hours (MesoResources *self,
                                  GDateWeekday   weekday)
{
  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, (MesoHours) { 0 });
  return self->opening[weekday];
}

/* Returns: (nullable): the name of the holiday on @day, or NULL. */
const char *
meso_resources_get_holiday (MesoResources *self,
                            const GDate   *day)
{
  guint32 julian = g_date_get_julian (day);

  for (guint i = 0; i < self->holidays->len; i++)
    {
      MesoHoliday *holiday = &g_array_index (self->holidays, MesoHoliday, i);

      if (holiday->day == julian)
        return *holiday->name != '\0' ? holiday->name : _("a holiday");
    }
  return NULL;
}

static MesoDayOff *
find_day_off (MesoPractitioner *practitioner,
              const GDate      *day)
{
  guint32 julian = g_date_get_julian (day);

  for (guint i = 0; i < practitioner->days_off->len; i++)
    {
      MesoDayOff *day_off = &g_array_index (practitioner->days_off, MesoDayOff, i);

      if (day_off->first_day <= julian && julian <= day_off->last_day)
        return day_off;
    }
  return NULL;
}

/**
 * meso_resources_get_working_span:
 *
 * Returns: when @practitioner_id can see patients on @day: the clinic's
 * opening hours narrowed to their own, closed (closes == 0) on holidays and
 * days off.
 */
MesoHours
meso_resources_get_working_span (MesoResources *self,
                                 gint64         practitioner_id,
                                 const GDate   *day)
{
  MesoPractitioner *practitioner = meso_resources_find_practitioner (self, practitioner_id);
  GDateWeekday weekday = g_date_get_weekday (day);
  MesoHours span = self->opening[weekday];

  if (practitioner == NULL || !practitioner->active || meso_resources_get_holiday (self, day) ||
      find_day_off (practitioner, day) != NULL)
    return (MesoHours) { 0 };
  if (practitioner->own_hours)
    {
      span.opens = MAX (span.opens, practitioner->hours[weekday].opens);
      span.closes = MIN (span.closes, practitioner->hours[weekday].closes);
    }
  if (span.closes <= span.opens)
    return (MesoHours) { 0 };
  return span;
}

static char *
format_minutes (guint minutes)
{
  return g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
}

/**
 * meso_resources_check_open:
 *
 * Checks that an appointment with @practitioner_id from @starts_at for
 * @minutes falls on one day, inside the clinic's opening hours and the
 * practitioner's working hours, and not on a holiday or a day off.
 * Returns: %FALSE with a %MESO_SCHEDULE_ERROR that says why, or %TRUE.
 */
gboolean
meso_resources_check_open (MesoResources *self,
                           gint64         practitioner_id,
                           gint64         starts_at,
                           guint          minutes,
                           GError       **error)
{
  MesoPractitioner *practitioner = meso_resources_find_practitioner (self, practitioner_id);
  g_autofree char *date = meso_resources_format (self, starts_at, meso_date_format_day_year ());
  GDate day, end_day;
  guint start_minute, end_minute;
  GDateWeekday weekday;
  MesoHours opening, own;
  const char *holiday;
  MesoDayOff *day_off;

  if (practitioner == NULL || !practitioner->active)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("Choose a practitioner who still works here."));
      return FALSE;
    }
  if (minutes < 5 || minutes > 480)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("An appointment lasts from 5 minutes to 8 hours."));
      return FALSE;
    }

  meso_resources_get_day (self, starts_at, &day, &start_minute);
  meso_resources_get_day (self, starts_at + minutes * 60 - 1, &end_day, NULL);
  end_minute = start_minute + minutes;
  weekday = g_date_get_weekday (&day);

  if ((holiday = meso_resources_get_holiday (self, &day)) != NULL)
    {
      g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_HOLIDAY,
                   _("The clinic is closed on %s: %s."), date, holiday);
      return FALSE;
    }
  opening = self->opening[weekday];
  if (g_date_compare (&day, &end_day) != 0 || opening.closes == 0 ||
      start_minute < opening.opens || end_minute > opening.closes)
    {
      g_autofree char *opens = format_minutes (opening.opens);
      g_autofree char *closes = format_minutes (opening.closes);

      if (opening.closes == 0)
        g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_CLINIC_CLOSED,
                     _("The clinic is closed on %s."), date);
      else
        g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_CLINIC_CLOSED,
                     _("The clinic is open from %s to %s on %s."), opens, closes, date);
      return FALSE;
    }
  if ((day_off = find_day_off (practitioner, &day)) != NULL)
    {
      g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_DAY_OFF,
                   *day_off->reason != '\0' ? _("%s is away on %s (%s).")
                                            : _("%s is away on %s."),
                   practitioner->name, date, day_off->reason);
      return FALSE;
    }
  own = practitioner->hours[weekday];
  if (practitioner->own_hours &&
      (own.closes == 0 || start_minute < own.opens || end_minute > own.closes))
    {
      g_autofree char *opens = format_minutes (own.opens);
      g_autofree char *closes = format_minutes (own.closes);

      if (own.closes == 0)
        g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_NOT_WORKING,
                     _("%s does not work on %s."), practitioner->name, date);
      else
        g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_NOT_WORKING,
                     _("%s works from %s to %s on %s."), practitioner->name, opens, closes,
                     date);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full): @instant in the clinic's zone. */
GDateTime *
meso_resources_to_local (MesoResources *self,
                         gint64         instant)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);

  return g_date_time_to_timezone (utc, self->zone);
}

/* The instant of @minute_of_day on @day, in the clinic's zone: a weekly
 * 10:00 stays 10:00 on both sides of a daylight-saving change. */
gint64
meso_resources_to_instant (MesoResources *self,
                           const GDate   *day,
                           guint          minute_of_day)
{
  g_autoptr(GDateTime) local = g_date_time_new (self->zone, g_date_get_year (day),
                                                g_date_get_month (day), g_date_get_day (day),
                                                minute_of_day / 60, minute_of_day % 60, 0);

  return g_date_time_to_unix (local);
}

void
meso_resources_get_day (MesoResources *self,
                        gint64         instant,
                        GDate         *out_day,
                        guint         *out_minute_of_day)
{
  g_autoptr(GDateTime) local = meso_resources_to_local (self, instant);

  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  if (out_minute_of_day != NULL)
    *out_minute_of_day = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

/* Returns: (transfer full): @instant in the clinic's zone, as g_date_time_format(). */
char *
meso_resources_format (MesoResources *self,
                       gint64         instant,
                       const char    *format)
{
  g_autoptr(GDateTime) local = meso_resources_to_local (self, instant);

  return g_date_time_format (local, format);
}

/**
 * meso_resources_parse_local:
 * @date: "YYYY-MM-DD"
 * @time: "HH:MM" (or "H:MM", or "HH")
 *
 * Reads a local date and time as typed into a form.
 * Returns: %FALSE with G_IO_ERROR_INVALID_ARGUMENT saying what to type.
 */
gboolean
meso_resources_parse_local (MesoResources  *self,
                            const char     *date,
                            const char     *time,
                            gint64         *out_instant,
                            GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (time, ":", 3);
  guint64 hour = 0, minute = 0;
  GDate day;

  g_date_clear (&day, 1);
  if (strlen (date) == 10)
    g_date_set_parse (&day, date);
  if (!g_date_valid (&day) || date[4] != '-' || date[7] != '-')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type the date as year-month-day, such as 2026-11-23."));
      return FALSE;
    }
  if (parts[0] == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 0, 23, &hour, NULL) ||
      (parts[1] != NULL &&
       !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 59, &minute, NULL)) ||
      (parts[1] != NULL && parts[2] != NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type the time as hours:minutes, such as 10:30."));
      return FALSE;
    }
  *out_instant = meso_resources_to_instant (self, &day, hour * 60 + minute);
  return TRUE;
}

static gboolean
parse_clock (const char *text,
             guint      *out_minutes)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  guint64 hour, minute = 0;

  if (parts[0] == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 0, 24, &hour, NULL) ||
      (parts[1] != NULL &&
       !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 59, &minute, NULL)) ||
      hour * 60 + minute > 1440)
    return FALSE;
  *out_minutes = hour * 60 + minute;
  return TRUE;
}

/**
 * meso_hours_parse:
 * @text: "09:00-19:00" (an en dash works too, and "9-19"); empty means closed
 *
 * Returns: %FALSE with G_IO_ERROR_INVALID_ARGUMENT saying what to type.
 */
gboolean
meso_hours_parse (const char  *text,
                  MesoHours   *out_hours,
                  GError     **error)
{
  g_autofree char *plain = g_strstrip (g_strdup (text));
  g_auto(GStrv) halves = NULL;
  guint opens, closes;

  if (*plain == '\0')
    {
      *out_hours = (MesoHours) { 0 };
      return TRUE;
    }
  {
    g_auto(GStrv) dashed = g_strsplit (plain, "–", -1);
    g_free (plain);
    plain = g_strjoinv ("-", dashed);
  }
  halves = g_strsplit (plain, "-", -1);
  if (g_strv_length (halves) != 2 || !parse_clock (halves[0], &opens) ||
      !parse_clock (halves[1], &closes) || closes <= opens)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type the hours as 09:00–19:00, or leave them empty for closed."));
      return FALSE;
    }
  *out_hours = (MesoHours) { opens, closes };
  return TRUE;
}

/* Returns: (transfer full): "09:00–19:00", or "" when closed. */
char *
meso_hours_format (MesoHours hours)
{
  if (hours.closes == 0)
    return g_strdup ("");
  return g_strdup_printf ("%02u:%02u–%02u:%02u", hours.opens / 60, hours.opens % 60,
                          hours.closes / 60, hours.closes % 60);
}
