/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-elsewhere.c: what another workstation changed of the
 * schedule, announced here: the appointments' starts, which the change
 * feed reads from the audit trail, and the practitioners and rooms, which
 * are not audited and are compared by a mark. */
#define G_LOG_DOMAIN "meso-schedule"

#include "meso-change-feed.h"
#include "meso-schedule-private.h"

/**
 * meso_schedule_changed_elsewhere:
 * @appointments: (element-type MesoChange) (nullable): the appointments
 *   another workstation changed, or %NULL for too many to list
 *
 * Announces them: their starts with #MesoSchedule::appointments-changed,
 * or everything with #MesoSchedule::changed.
 */
void
meso_schedule_changed_elsewhere (MesoSchedule *self,
                                 GArray       *appointments)
{
  g_autoptr(GArray) starts = NULL;

  g_return_if_fail (MESO_IS_SCHEDULE (self));

  if (appointments == NULL)
    {
      g_signal_emit_by_name (self, "changed");
      return;
    }
  starts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 2 * appointments->len);
  for (guint i = 0; i < appointments->len; i++)
    {
      const MesoChange *change = &g_array_index (appointments, MesoChange, i);

      if (change->old_start != 0)
        g_array_append_val (starts, change->old_start);
      if (change->new_start != 0)
        g_array_append_val (starts, change->new_start);
    }
  g_signal_emit_by_name (self, "appointments-changed", starts);
}

/* A number that changes when a practitioner or room is added or saved:
 * their count and revisions. Unreadable now, the last one. */
gint64
meso_schedule_read_resources_mark (MesoSchedule *self)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "SELECT (SELECT count (*) + coalesce (sum (revision), 0)"
                                    "  FROM practitioner),"
                                    " (SELECT count (*) + coalesce (sum (revision), 0) FROM room)",
                                    NULL);
  gint64 mark = self->resources_mark;

  if (stmt == NULL)
    return mark;
  if (meso_stmt_step (stmt) == MESO_STEP_ROW)
    mark = (gint64) ((guint64) meso_stmt_column_int64 (stmt, 0) * 1000003
                     + (guint64) meso_stmt_column_int64 (stmt, 1));
  meso_stmt_reset (stmt);
  return mark;
}

/**
 * meso_schedule_resources_changed_elsewhere:
 *
 * After another connection committed: emits #MesoSchedule::changed if it
 * added or saved a practitioner or a room.
 */
void
meso_schedule_resources_changed_elsewhere (MesoSchedule *self)
{
  gint64 mark;

  g_return_if_fail (MESO_IS_SCHEDULE (self));

  mark = meso_schedule_read_resources_mark (self);
  if (mark == self->resources_mark)
    return;
  self->resources_mark = mark;
  g_clear_object (&self->resources);
  g_signal_emit_by_name (self, "changed");
}
