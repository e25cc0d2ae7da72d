/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule-booking.c: booking. Every booking is checked against the
 * clinic's hours and every other active appointment inside the same write
 * transaction as the insert, so two workstations cannot both take one
 * slot; a trigger in the schema backs this up. And the slot search that
 * plans a course. The reads are in meso-schedule.c. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>

#include "meso-date-format.h"
#include "meso-db-write.h"
#include "meso-revision.h"
#include "meso-schedule-private.h"

/* No appointment lasts longer (a CHECK in the schema), which bounds the
 * overlap scans to an index range. */
#define MAX_SECONDS (8 * 3600)

static gboolean
is_ignored (GPtrArray *ignore,
            gint64     id)
{
  for (guint i = 0; ignore != NULL && i < ignore->len; i++)
    if (((MesoAppointment *) g_ptr_array_index (ignore, i))->id == id)
      return TRUE;
  return FALSE;
}

/* What a clash query row is about: the first column of the query below. */
enum
{
  CLASH_PRACTITIONER,
  CLASH_ROOM,
  CLASH_PATIENT,
};

static void
set_clash_error (MesoResources  *resources,
                 GError        **error,
                 int             what,
                 gint64          starts_at,
                 gint64          ends_at,
                 gint64          practitioner_id,
                 gint64          room_id,
                 const char     *patient_name)
{
  MesoPractitioner *practitioner = meso_resources_find_practitioner (resources, practitioner_id);
  MesoRoom *room = meso_resources_find_room (resources, room_id);
  g_autofree char *from = meso_resources_format (resources, starts_at, "%H:%M");
  g_autofree char *to = meso_resources_format (resources, ends_at, "%H:%M");
  g_autofree char *date = meso_resources_format (resources, starts_at, meso_date_format_day ());
  const char *practitioner_name = practitioner != NULL ? practitioner->name : "?";

  switch (what)
    {
    case CLASH_PRACTITIONER:
      g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_PRACTITIONER_BUSY,
                   _("%s already sees %s from %s to %s on %s."), practitioner_name,
                   patient_name, from, to, date);
      break;
    case CLASH_ROOM:
      g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_ROOM_BUSY,
                   _("%s is taken from %s to %s on %s (%s with %s)."),
                   room != NULL ? room->name : "?", from, to, date, patient_name,
                   practitioner_name);
      break;
    case CLASH_PATIENT:
    default:
      g_set_error (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_PATIENT_BUSY,
                   _("%s already has an appointment from %s to %s on %s with %s."),
                   patient_name, from, to, date, practitioner_name);
      break;
    }
}

static gboolean
check_with (MesoSchedule    *self,
            MesoResources   *resources,
            MesoAppointment *appointment,
            GPtrArray       *ignore,
            GError         **error)
{
  gint64 ends_at = meso_appointment_get_ends_at (appointment);
  MesoStmt *stmt;
  int rc;

  if (meso_resources_find_room (resources, appointment->room_id) == NULL ||
      !meso_resources_find_room (resources, appointment->room_id)->active)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("Choose a room that is still in use."));
      return FALSE;
    }
  if (appointment->patient_id <= 0)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("Choose the patient."));
      return FALSE;
    }
  if (!meso_resources_check_open (resources, appointment->practitioner_id,
                                  appointment->starts_at, appointment->minutes, error))
    return FALSE;

  /* Three index ranges rather than one OR, so that each uses its index. */
  stmt = meso_db_prepare (self->db,
                          "SELECT 0, a.id, a.starts_at, a.ends_at, a.practitioner_id, a.room_id,"
                          "   a.patient_name FROM appointment a"
                          " WHERE a.practitioner_id = ?1 AND a.starts_at > ?4 - 28800"
                          "   AND a.starts_at < ?5 AND a.ends_at > ?4"
                          "   AND a.status NOT IN ('cancelled', 'no_show') AND a.id <> ?6"
                          " UNION ALL "
                          "SELECT 1, a.id, a.starts_at, a.ends_at, a.practitioner_id, a.room_id,"
                          "   a.patient_name FROM appointment a"
                          " WHERE a.room_id = ?2 AND a.starts_at > ?4 - 28800"
                          "   AND a.starts_at < ?5 AND a.ends_at > ?4"
                          "   AND a.status NOT IN ('cancelled', 'no_show') AND a.id <> ?6"
                          " UNION ALL "
                          "SELECT 2, a.id, a.starts_at, a.ends_at, a.practitioner_id, a.room_id,"
                          "   a.patient_name FROM appointment a"
                          " WHERE a.patient_id = ?3 AND a.starts_at > ?4 - 28800"
                          "   AND a.starts_at < ?5 AND a.ends_at > ?4"
                          "   AND a.status NOT IN ('cancelled', 'no_show') AND a.id <> ?6",
                          error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, appointment->practitioner_id);
  meso_stmt_bind_int64 (stmt, 2, appointment->room_id);
  meso_stmt_bind_int64 (stmt, 3, appointment->patient_id);
  meso_stmt_bind_int64 (stmt, 4, appointment->starts_at);
  meso_stmt_bind_int64 (stmt, 5, ends_at);
  meso_stmt_bind_int64 (stmt, 6, appointment->id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      if (is_ignored (ignore, meso_stmt_column_int64 (stmt, 1)))
        continue;
      set_clash_error (resources, error, meso_stmt_column_int (stmt, 0),
                       meso_stmt_column_int64 (stmt, 2), meso_stmt_column_int64 (stmt, 3),
                       meso_stmt_column_int64 (stmt, 4), meso_stmt_column_int64 (stmt, 5),
                       meso_stmt_column_text (stmt, 6));
      meso_stmt_reset (stmt);
      return FALSE;
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not check the calendar"));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_schedule_check:
 * @ignore: (nullable) (element-type MesoAppointment): appointments that
 *   will have moved away by then
 *
 * Checks that @appointment could be booked now: inside the clinic's and
 * the practitioner's hours, and with the practitioner, the room and the
 * patient free. Appointments that end when it starts do not clash.
 * Returns: %FALSE with a %MESO_SCHEDULE_ERROR naming the clash.
 */
gboolean
meso_schedule_check (MesoSchedule     *self,
                     MesoAppointment  *appointment,
                     GPtrArray        *ignore,
                     GError          **error)
{
  MesoResources *resources;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return FALSE;
  resources = meso_schedule_get_resources (self, error);
  return resources != NULL && check_with (self, resources, appointment, ignore, error);
}

static gboolean
insert_course (MesoSchedule  *self,
               MesoCourse    *course,
               GError       **error)
{
  MesoStmt *stmt;

  stmt = meso_db_prepare (self->db,
                          "INSERT INTO course (patient_id, protocol_name, practitioner_id, room_id,"
                          "  weekday, minute_of_day, sessions, maintenance_days)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, course->patient_id);
  meso_stmt_bind_text (stmt, 2, course->protocol_name);
  meso_stmt_bind_int64 (stmt, 3, course->practitioner_id);
  meso_stmt_bind_int64 (stmt, 4, course->room_id);
  meso_stmt_bind_int (stmt, 5, course->weekday);
  meso_stmt_bind_int (stmt, 6, course->minute_of_day);
  meso_stmt_bind_int (stmt, 7, course->sessions);
  meso_stmt_bind_int (stmt, 8, course->maintenance_days);
  course->id = meso_db_step_new_id (self->db, stmt, error);
  return course->id != 0;
}

/* A new appointment's id, returned. On a file the next one, read inside
 * the write lock: the table keeps rows in start order, so SQLite gives no
 * rowid. On a server, where workstations write side by side, the column's
 * identity gives it. */
#define INSERT_APPOINTMENT(id_column, id_value)                                      \
  "INSERT INTO appointment (" id_column "patient_id, patient_name, practitioner_id,"  \
  "  room_id, starts_at, ends_at, kind, status, notes, course_id, course_position,"   \
  "  interval_days)"                                                                  \
  " VALUES (" id_value "?1, ?12, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif (?9, 0), ?10, ?11)" \
  " RETURNING id"
static const char *const insert_appointment_file =
  INSERT_APPOINTMENT ("id, ", "(SELECT coalesce (max (id), 0) + 1 FROM appointment), ");
static const char *const insert_appointment_server = INSERT_APPOINTMENT ("", "");

static gboolean
write_appointment (MesoSchedule     *self,
                   MesoAppointment  *appointment,
                   GError          **error)
{
  g_autofree char *patient_name = NULL;
  MesoStmt *stmt;
  int rc;

  /* The name as it is now, read in this transaction: the calendar shows it
   * without asking the patients' store for each appointment. */
  if (!meso_patient_store_get_contact (self->patients, appointment->patient_id, &patient_name,
                                       NULL, error))
    return FALSE;
  if (appointment->id == 0)
    stmt = meso_db_prepare (self->db, meso_db_is_server (self->db)
                                      ? insert_appointment_server
                                      : insert_appointment_file, error);
  else
    stmt = meso_db_prepare (self->db,
                            "UPDATE appointment SET patient_id = ?1, patient_name = ?14,"
                            "  practitioner_id = ?2,"
                            "  room_id = ?3, starts_at = ?4, ends_at = ?5, kind = ?6, status = ?7,"
                            /* A new revision only for a real change, so that a save
                             * that changed nothing leaves other forms current. */
                            "  notes = ?8, revision = revision"
                            "  + CASE WHEN patient_id IS DISTINCT FROM ?1"
                            "   OR practitioner_id IS DISTINCT FROM ?2"
                            "   OR room_id IS DISTINCT FROM ?3 OR starts_at IS DISTINCT FROM ?4"
                            "   OR ends_at IS DISTINCT FROM ?5 OR kind IS DISTINCT FROM ?6"
                            "   OR status IS DISTINCT FROM ?7 OR notes IS DISTINCT FROM ?8"
                            "   THEN 1 ELSE 0 END"
                            /* Only a form read at the stored revision may overwrite it. */
                            " WHERE id = ?12 AND revision = ?13 RETURNING revision", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, appointment->patient_id);
  meso_stmt_bind_int64 (stmt, 2, appointment->practitioner_id);
  meso_stmt_bind_int64 (stmt, 3, appointment->room_id);
  meso_stmt_bind_int64 (stmt, 4, appointment->starts_at);
  meso_stmt_bind_int64 (stmt, 5, meso_appointment_get_ends_at (appointment));
  meso_stmt_bind_text (stmt, 6, meso_appointment_kind_get_code (appointment->kind));
  meso_stmt_bind_text (stmt, 7, meso_appointment_status_get_code (appointment->status));
  meso_stmt_bind_text (stmt, 8, appointment->notes);
  if (appointment->id == 0)
    {
      meso_stmt_bind_int64 (stmt, 9, appointment->course_id);
      meso_stmt_bind_int (stmt, 10, appointment->course_position);
      meso_stmt_bind_int (stmt, 11, appointment->interval_days);
      meso_stmt_bind_text (stmt, 12, patient_name);
      appointment->id = meso_db_step_new_id (self->db, stmt, error);
      return appointment->id != 0;
    }
  meso_stmt_bind_int64 (stmt, 12, appointment->id);
  meso_stmt_bind_int64 (stmt, 13, appointment->revision);
  meso_stmt_bind_text (stmt, 14, patient_name);

  /* The UPDATE writes on its first step and returns the new revision, or
   * no row for a stale one. */
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    appointment->revision = meso_stmt_column_int64 (stmt, 0);
  else if (rc != MESO_STEP_DONE)
    meso_db_set_error (self->db, error, rc, _("Could not save"));
  meso_stmt_reset (stmt);
  if (rc == MESO_STEP_DONE)
    {
      g_autoptr(MesoAppointment) stored = meso_schedule_load (self, appointment->id, error);

      if (stored != NULL)
        meso_revision_set_stale_error (self->db, MESO_RECORD_APPOINTMENT, appointment->id,
                                       error);
    }
  return rc == MESO_STEP_ROW;
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  const MesoAppointment *x = *(MesoAppointment * const *) a;
  const MesoAppointment *y = *(MesoAppointment * const *) b;

  return (x->starts_at > y->starts_at) - (x->starts_at < y->starts_at);
}

static int
compare_latest_first (gconstpointer a,
                      gconstpointer b)
{
  return compare_starts (b, a);
}

/* Writes @ordered, and @course if new, in one transaction: see
 * meso_schedule_book(). */
static gboolean
write_booking (MesoSchedule  *self,
               MesoCourse    *course,
               GPtrArray     *ordered,
               GError       **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoResources *resources;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL)
    return FALSE;
  /* Read inside the write lock: what other workstations committed counts. */
  resources = meso_schedule_get_resources (self, error);
  if (resources == NULL)
    return FALSE;
  if (course != NULL && course->id == 0 && !insert_course (self, course, error))
    return FALSE;

  for (guint i = 0; i < ordered->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (ordered, i);

      if (course != NULL)
        appointment->course_id = course->id;
      if (meso_appointment_is_active (appointment) &&
          !check_with (self, resources, appointment, NULL, error))
        return FALSE;
      if (!write_appointment (self, appointment, error))
        return FALSE;
    }
  return meso_db_write_commit (w, error);
}

/**
 * meso_schedule_book:
 * @course: (nullable): a new course the appointments belong to, inserted
 *   first (its id is set), or %NULL
 * @appointments: (element-type MesoAppointment): new ones (id 0, which is
 *   then set) and changed ones
 *
 * Books all of @appointments in one transaction, or none: each is checked
 * against the calendar as the earlier ones left it. Changed appointments
 * are written latest first, so that a course whose sessions all shift
 * later never collides with itself half-way. A changed appointment is
 * saved only at the revision it was read at: if another connection changed
 * it since, nothing is saved and @error is %MESO_DB_ERROR_STALE, naming who
 * changed it and when.
 */
gboolean
meso_schedule_book (MesoSchedule  *self,
                    MesoCourse    *course,
                    GPtrArray     *appointments,
                    GError       **error)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_sized_new (appointments->len);
  g_autofree gint64 *ids = g_new (gint64, appointments->len + 1);
  g_autofree guint *revisions = g_new (guint, appointments->len + 1);
  gint64 course_id = course != NULL ? course->id : 0;

  /* Nothing to book takes no write lock, only the permission. */
  if (appointments->len == 0)
    return meso_db_require (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  g_ptr_array_extend (ordered, appointments, NULL, NULL);
  g_ptr_array_sort (ordered, compare_latest_first);
  for (guint i = 0; i < ordered->len; i++)
    {
      ids[i] = ((MesoAppointment *) g_ptr_array_index (ordered, i))->id;
      revisions[i] = ((MesoAppointment *) g_ptr_array_index (ordered, i))->revision;
    }
  if (write_booking (self, course, ordered, error))
    {
      meso_schedule_emit_changed (self);
      return TRUE;
    }

  /* Nothing was saved: what was new is new again, so that a retry inserts. */
  for (guint i = 0; i < ordered->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (ordered, i);

      appointment->id = ids[i];
      appointment->revision = revisions[i];
      if (course != NULL)
        appointment->course_id = course_id;
    }
  if (course != NULL)
    course->id = course_id;
  return FALSE;
}

/* Books or changes one appointment, see meso_schedule_book(). */
gboolean
meso_schedule_save (MesoSchedule     *self,
                    MesoAppointment  *appointment,
                    GError          **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, appointment);
  return meso_schedule_book (self, NULL, one, error);
}

static gboolean
same_place (MesoAppointment *a,
            MesoAppointment *b)
{
  return a->practitioner_id == b->practitioner_id && a->room_id == b->room_id &&
         a->starts_at == b->starts_at && a->minutes == b->minutes;
}

/**
 * meso_schedule_move:
 * @place: the appointment's id, and where it goes: its practitioner, room,
 *   start and length
 * @expected: (nullable): where it must still be, or nothing moves (a drag
 *   moves it only from where the calendar drew it, an undo moves it back
 *   only from where its move left it)
 *
 * Moves an appointment still to come (booked or confirmed), checked inside
 * the write like any booking: a refused move (double booking, a closed
 * hour, a change saved meanwhile by another workstation) changes nothing.
 *
 * Returns: (transfer full): the appointment as it was before the move, or
 *   %NULL with @error set.
 */
MesoAppointment *
meso_schedule_move (MesoSchedule     *self,
                    MesoAppointment  *place,
                    MesoAppointment  *expected,
                    GError          **error)
{
  g_autoptr(MesoAppointment) before = meso_schedule_load (self, place->id, error);
  g_autoptr(MesoAppointment) after = NULL;

  if (before == NULL)
    return NULL;
  /* What happened stays put. Read outside the write, but a status changed
   * since is caught there: the save below carries this revision. */
  if (before->status != MESO_STATUS_BOOKED && before->status != MESO_STATUS_CONFIRMED)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("Only an appointment still to come can be moved."));
      return NULL;
    }
  if (expected != NULL && !same_place (before, expected))
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("The appointment was changed meanwhile: it stays where it is."));
      return NULL;
    }
  after = meso_appointment_copy (before);
  after->practitioner_id = place->practitioner_id;
  after->room_id = place->room_id;
  after->starts_at = place->starts_at;
  after->minutes = place->minutes;
  if (!meso_schedule_save (self, after, error))
    return NULL;
  return g_steal_pointer (&before);
}

/**
 * meso_schedule_set_status:
 *
 * Changes only the status; giving a cancelled appointment back its slot is
 * checked like a new booking.
 */
gboolean
meso_schedule_set_status (MesoSchedule           *self,
                          gint64                  id,
                          MesoAppointmentStatus   status,
                          GError                **error)
{
  g_autoptr(MesoAppointment) appointment = meso_schedule_load (self, id, error);

  if (appointment == NULL)
    return FALSE;
  appointment->status = status;
  return meso_schedule_save (self, appointment, error);
}

/**
 * meso_schedule_mark_done_in_write:
 *
 * Marks appointment @id done inside the write transaction the caller holds
 * (recording what was given does), so that both stand or fall together.
 * The caller emits #MesoSchedule::changed once it has committed.
 */
gboolean
meso_schedule_mark_done_in_write (MesoSchedule  *self,
                                  gint64         id,
                                  GError       **error)
{
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = meso_db_prepare (self->db, "UPDATE appointment SET status = 'done',"
                                    " revision = revision + 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  return meso_db_step_done (self->db, stmt, error);
}

/* Slot search ------------------------------------------------------------ */

typedef struct
{
  gint64 practitioner_id;
  gint64 room_id;
  gint64 patient_id;
  gint64 starts_at;
  gint64 ends_at;
} Busy;

static void
add_busy (GArray          *busy,
          MesoAppointment *appointment)
{
  Busy item = { appointment->practitioner_id, appointment->room_id, appointment->patient_id,
                appointment->starts_at, meso_appointment_get_ends_at (appointment) };

  g_array_append_val (busy, item);
}

static GArray *
load_busy (MesoSchedule         *self,
           const MesoSlotQuery  *query,
           gint64                from,
           gint64                to,
           GError              **error)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (Busy));
  MesoStmt *stmt;
  int rc;

  stmt = meso_db_prepare (self->db,
                          "SELECT id, practitioner_id, room_id, patient_id, starts_at, ends_at"
                          " FROM appointment WHERE starts_at > ?1 - 28800 AND starts_at < ?2"
                          "   AND ends_at > ?1 AND status NOT IN ('cancelled', 'no_show')", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, from);
  meso_stmt_bind_int64 (stmt, 2, to);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      Busy item = { meso_stmt_column_int64 (stmt, 1), meso_stmt_column_int64 (stmt, 2),
                    meso_stmt_column_int64 (stmt, 3), meso_stmt_column_int64 (stmt, 4),
                    meso_stmt_column_int64 (stmt, 5) };

      if (!is_ignored (query->ignore, meso_stmt_column_int64 (stmt, 0)))
        g_array_append_val (busy, item);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the calendar"));
      return NULL;
    }
  for (guint i = 0; query->also_busy != NULL && i < query->also_busy->len; i++)
    add_busy (busy, g_ptr_array_index (query->also_busy, i));
  return g_steal_pointer (&busy);
}

static gboolean
room_is_free (GArray *busy,
              gint64  room_id,
              gint64  starts_at,
              gint64  ends_at)
{
  for (guint i = 0; i < busy->len; i++)
    {
      Busy *item = &g_array_index (busy, Busy, i);

      if (item->room_id == room_id && item->starts_at < ends_at && item->ends_at > starts_at)
        return FALSE;
    }
  return TRUE;
}

static gint64
pick_room (MesoResources       *resources,
           const MesoSlotQuery *query,
           GArray              *busy,
           gint64               starts_at,
           gint64               ends_at)
{
  GPtrArray *rooms = meso_resources_get_rooms (resources);

  if (query->room_id != 0)
    return room_is_free (busy, query->room_id, starts_at, ends_at) ? query->room_id : 0;
  for (guint i = 0; i < rooms->len; i++)
    {
      MesoRoom *room = g_ptr_array_index (rooms, i);

      if (room->active && room_is_free (busy, room->id, starts_at, ends_at))
        return room->id;
    }
  return 0;
}

/* The first slot of @practitioner on @day between @start and @end (local
 * minutes) that satisfies @query, or NULL. Instead of stepping through the
 * day, it jumps to the end of whatever blocks the current candidate. */
static MesoAppointment *
scan_day (MesoResources       *resources,
          const MesoSlotQuery *query,
          MesoPractitioner    *practitioner,
          const GDate         *day,
          GArray              *busy,
          guint                start,
          guint                end)
{
  while (start + query->minutes <= end)
    {
      gint64 starts_at = meso_resources_to_instant (resources, day, start);
      gint64 ends_at = starts_at + (gint64) query->minutes * 60;
      gint64 blocked_until = 0;
      gint64 room_id;

      if (starts_at >= query->not_before)
        {
          for (guint i = 0; i < busy->len; i++)
            {
              Busy *item = &g_array_index (busy, Busy, i);

              if ((item->practitioner_id == practitioner->id ||
                   (query->patient_id != 0 && item->patient_id == query->patient_id)) &&
                  item->starts_at < ends_at && item->ends_at > starts_at)
                blocked_until = MAX (blocked_until, item->ends_at);
            }
          if (blocked_until == 0 &&
              (room_id = pick_room (resources, query, busy, starts_at, ends_at)) != 0)
            {
              MesoAppointment *slot = meso_appointment_new ();

              slot->practitioner_id = practitioner->id;
              slot->room_id = room_id;
              slot->patient_id = query->patient_id;
              slot->starts_at = starts_at;
              slot->minutes = query->minutes;
              return slot;
            }
        }
      else
        blocked_until = query->not_before;

      /* Move past the obstacle, to the next whole five minutes. */
      if (blocked_until > starts_at)
        start += (blocked_until - starts_at + 59) / 60;
      else
        start += 5;
      start = (start + 4) / 5 * 5;
    }
  return NULL;
}

/* The first slot of @practitioner on @day, from the preferred time if
 * there is one there, else from the start of their day. */
static MesoAppointment *
first_fit_on_day (MesoResources       *resources,
                  const MesoSlotQuery *query,
                  MesoPractitioner    *practitioner,
                  const GDate         *day,
                  GArray              *busy)
{
  MesoHours span = meso_resources_get_working_span (resources, practitioner->id, day);
  guint latest = query->latest != 0 ? query->latest : 1440;
  guint start, end;
  MesoAppointment *slot = NULL;

  if (span.closes == 0)
    return NULL;
  start = MAX (span.opens, query->earliest);
  end = MIN (span.closes, latest);
  if (query->prefer > start)
    slot = scan_day (resources, query, practitioner, day, busy, query->prefer, end);
  if (slot == NULL)
    slot = scan_day (resources, query, practitioner, day, busy, start, end);
  return slot;
}

/**
 * meso_schedule_find_slots:
 * @max_results: stop after this many
 *
 * Finds free slots for @query, earliest first: for each day, the first
 * free slot of each practitioner asked for. A slot is free when the
 * practitioner works then, the clinic is open, and the practitioner, a
 * room and (if given) the patient are all free.
 * Returns: (transfer container) (element-type MesoAppointment): proposed
 * appointments (id 0, kind and status to be set by the caller).
 */
GPtrArray *
meso_schedule_find_slots (MesoSchedule         *self,
                          const MesoSlotQuery  *query,
                          guint                 max_results,
                          GError              **error)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func (g_object_unref);
  MesoResources *resources;
  GPtrArray *practitioners;
  GDate day;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  if (query->minutes < 5 || query->minutes > 480)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("An appointment lasts from 5 minutes to 8 hours."));
      return NULL;
    }
  resources = meso_schedule_get_resources (self, error);
  if (resources == NULL)
    return NULL;
  practitioners = meso_resources_get_practitioners (resources);
  meso_resources_get_day (resources, query->not_before, &day, NULL);

  for (guint n = 0; n < MAX (query->max_days, 1) && slots->len < max_results; n++)
    {
      GDate next = day;
      g_autoptr(GArray) busy = NULL;
      guint first_of_day = slots->len;

      g_date_add_days (&next, 1);
      if (query->weekdays != 0 && !(query->weekdays & (1u << (g_date_get_weekday (&day) - 1))))
        {
          day = next;
          continue;
        }
      busy = load_busy (self, query, meso_resources_to_instant (resources, &day, 0),
                        meso_resources_to_instant (resources, &next, 0), error);
      if (busy == NULL)
        return NULL;
      for (guint i = 0; i < practitioners->len; i++)
        {
          MesoPractitioner *practitioner = g_ptr_array_index (practitioners, i);
          MesoAppointment *slot;

          if (query->practitioner_id != 0 && practitioner->id != query->practitioner_id)
            continue;
          slot = first_fit_on_day (resources, query, practitioner, &day, busy);
          if (slot != NULL)
            g_ptr_array_add (slots, slot);
        }
      /* Sort only the day's own results: earlier days stay first. */
      if (slots->len - first_of_day > 1)
        qsort (slots->pdata + first_of_day, slots->len - first_of_day, sizeof (gpointer),
               compare_starts);
      day = next;
    }
  if (slots->len > max_results)
    g_ptr_array_set_size (slots, max_results);
  return g_steal_pointer (&slots);
}
