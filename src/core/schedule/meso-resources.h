/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-resources.h: practitioners, rooms, hours and holidays: what can be booked, and when. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

#define MESO_SCHEDULE_ERROR (meso_schedule_error_quark ())

/* Why a booking was refused; the message names the clash. */
typedef enum
{
  MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY,
  MESO_SCHEDULE_ERROR_ROOM_BUSY,
  MESO_SCHEDULE_ERROR_PATIENT_BUSY,
  MESO_SCHEDULE_ERROR_CLINIC_CLOSED,
  MESO_SCHEDULE_ERROR_NOT_WORKING,
  MESO_SCHEDULE_ERROR_HOLIDAY,
  MESO_SCHEDULE_ERROR_DAY_OFF,
  MESO_SCHEDULE_ERROR_INVALID,
  MESO_SCHEDULE_ERROR_NO_SLOT,
} MesoScheduleError;

/* A span of local time on one day, in minutes after midnight; closes == 0
 * means closed. */
typedef struct
{
  guint16 opens;
  guint16 closes;
} MesoHours;

typedef struct
{
  gint64  id;
  guint32 first_day;   /* Julian day numbers (GDate) */
  guint32 last_day;
  char   *reason;
} MesoDayOff;

typedef struct
{
  gint64     id;
  char      *name;
  char      *colour;     /* "#rrggbb" */
  gboolean   active;
  gboolean   own_hours;  /* FALSE: works whenever the clinic is open */
  MesoHours  hours[8];   /* by ISO weekday, 1 = Monday */
  GArray    *days_off;   /* of MesoDayOff */
  gint64     revision;   /* as read; a save names it */
} MesoPractitioner;

typedef struct
{
  gint64    id;
  char     *name;
  gboolean  active;
  gint64    revision;   /* as read; a save names it */
} MesoRoom;

typedef struct
{
  guint32  day;          /* Julian day number */
  char    *name;
} MesoHoliday;

#define MESO_TYPE_RESOURCES (meso_resources_get_type ())
G_DECLARE_FINAL_TYPE (MesoResources, meso_resources, MESO, RESOURCES, GObject)

GQuark            meso_schedule_error_quark         (void);

MesoResources    *meso_resources_load               (MesoDb        *db,
                                                     GError       **error);
GTimeZone        *meso_resources_get_zone           (MesoResources *self);
GPtrArray        *meso_resources_get_practitioners  (MesoResources *self);
GPtrArray        *meso_resources_get_rooms          (MesoResources *self);
GArray           *meso_resources_get_holidays       (MesoResources *self);
MesoPractitioner *meso_resources_find_practitioner  (MesoResources *self,
                                                     gint64         id);
MesoRoom         *meso_resources_find_room          (MesoResources *self,
                                                     gint64         id);
MesoHours         meso_resources_get_opening_hours  (MesoResources *self,
                                                     GDateWeekday   weekday);
const char       *meso_resources_get_holiday        (MesoResources *self,
                                                     const GDate   *day);
MesoHours         meso_resources_get_working_span   (MesoResources *self,
                                                     gint64         practitioner_id,
                                                     const GDate   *day);
gboolean          meso_resources_check_open         (MesoResources *self,
                                                     gint64         practitioner_id,
                                                     gint64         starts_at,
                                                     guint          minutes,
                                                     GError       **error);

GDateTime        *meso_resources_to_local           (MesoResources *self,
                                                     gint64         instant);
gint64            meso_resources_to_instant         (MesoResources *self,
                                                     const GDate   *day,
                                                     guint          minute_of_day);
void              meso_resources_get_day            (MesoResources *self,
                                                     gint64         instant,
                                                     GDate         *out_day,
                                                     guint         *out_minute_of_day);
gboolean          meso_resources_parse_local        (MesoResources *self,
                                                     const char    *date,
                                                     const char    *time,
                                                     gint64        *out_instant,
                                                     GError       **error);
gboolean          meso_hours_parse                  (const char    *text,
                                                     MesoHours     *out_hours,
                                                     GError       **error);
char             *meso_hours_format                 (MesoHours      hours);
char             *meso_resources_format             (MesoResources *self,
                                                     gint64         instant,
                                                     const char    *format);

G_END_DECLS
