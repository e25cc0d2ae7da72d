/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-course.h: protocol templates, and planning treatment courses with them. */
#pragma once

#include "meso-schedule.h"

G_BEGIN_DECLS

typedef struct
{
  guint sessions;
  guint every_days;
} MesoPhase;

/**
 * MesoProtocol:
 *
 * A course template: phases of N sessions every K days, then maintenance
 * every @maintenance_days (0: none).
 */
typedef struct
{
  gint64  id;
  char   *name;
  guint   maintenance_days;
  GArray *phases;   /* of MesoPhase */
} MesoProtocol;

/* How far a course has come. */
typedef struct
{
  guint  total;            /* sessions in the course */
  guint  done;
  gint64 next_session;     /* instant of the next booked session, or 0 */
  GDate  maintenance_due;  /* invalid when the course has no maintenance */
} MesoCourseProgress;

MesoProtocol *meso_protocol_new            (const char          *name,
                                            guint                maintenance_days);
void          meso_protocol_free           (MesoProtocol        *protocol);
guint         meso_protocol_count_sessions (const MesoProtocol  *protocol);
char         *meso_protocol_format_phases  (const MesoProtocol  *protocol);
gboolean      meso_protocol_parse_phases   (MesoProtocol        *protocol,
                                            const char          *text,
                                            GError             **error);
GPtrArray    *meso_schedule_list_protocols (MesoSchedule        *self,
                                            GError             **error);
gboolean      meso_schedule_save_protocol  (MesoSchedule        *self,
                                            MesoProtocol        *protocol,
                                            GError             **error);

GPtrArray    *meso_course_plan             (MesoSchedule        *schedule,
                                            const MesoProtocol  *protocol,
                                            const MesoCourse    *course,
                                            const GDate         *first_day,
                                            GError             **error);
GPtrArray    *meso_course_plan_rebooking   (MesoSchedule        *schedule,
                                            MesoAppointment     *missed,
                                            gint64               not_before,
                                            GError             **error);
gboolean      meso_course_get_progress     (MesoSchedule        *schedule,
                                            gint64               course_id,
                                            gint64               now,
                                            MesoCourseProgress  *out_progress,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoProtocol, meso_protocol_free)

G_END_DECLS
