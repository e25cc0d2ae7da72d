/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-session.c: a session read for the features that keep
 * something of it (its scalp map, its photos), with the message they give
 * when it is gone. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>

#include "meso-schedule.h"

/**
 * meso_schedule_load_session:
 *
 * meso_schedule_load() of a session another feature keeps records of.
 * Returns: (transfer full): the session, or %NULL with @error;
 *   %G_IO_ERROR_NOT_FOUND when it is gone
 */
MesoAppointment *
meso_schedule_load_session (MesoSchedule  *self,
                            gint64         appointment_id,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  MesoAppointment *session = meso_schedule_load (self, appointment_id, &local_error);

  if (session != NULL)
    return session;
  if (g_error_matches (local_error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("This session no longer exists."));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
