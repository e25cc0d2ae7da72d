/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schedule.c: the appointment book: its reads (ranges, a patient's,
 * a course's) and the practitioners, rooms, hours and holidays. Booking,
 * and the slot search, are in meso-schedule-booking.c; the reminders its
 * appointments and courses want, in meso-schedule-reminders.c. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>

#include "meso-clock.h"
#include "meso-db-write.h"
#include "meso-revision.h"
#include "meso-schedule-private.h"

G_DEFINE_TYPE_WITH_CODE (MesoSchedule, meso_schedule, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (MESO_TYPE_REMINDER_SOURCE,
                                                meso_schedule_reminder_source_init))

enum
{
  CHANGED,
  APPOINTMENTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define APPOINTMENT_COLUMNS \
  "a.id, a.patient_id, a.practitioner_id, a.room_id, a.starts_at, a.ends_at, a.kind," \
  " a.status, a.notes, coalesce (a.course_id, 0), a.course_position, a.interval_days," \
  " a.revision, a.patient_name FROM appointment a"

static void
meso_schedule_finalize (GObject *object)
{
  MesoSchedule *self = MESO_SCHEDULE (object);

  g_clear_object (&self->resources);
  g_clear_object (&self->patients);
  g_clear_object (&self->worker_db);
  g_mutex_clear (&self->worker_lock);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (meso_schedule_parent_class)->finalize (object);
}

static void
meso_schedule_class_init (MesoScheduleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_schedule_finalize;

  /**
   * MesoSchedule::changed:
   *
   * Emitted after appointments, courses, the waitlist or the resources
   * changed through this schedule.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MesoSchedule::appointments-changed:
   * @starts: (element-type gint64): the starts, before and after, of the
   *   appointments another workstation booked, moved or cancelled
   *
   * Emitted for another workstation's changes of appointments: a view
   * showing none of @starts' days need not load again.
   */
  signals[APPOINTMENTS_CHANGED] =
    g_signal_new ("appointments-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);
}

static void
meso_schedule_init (MesoSchedule *self)
{
  g_mutex_init (&self->worker_lock);
}

MesoSchedule *
meso_schedule_new (MesoDb *db)
{
  MesoSchedule *self = g_object_new (MESO_TYPE_SCHEDULE, NULL);

  self->db = g_object_ref (db);
  /* The patients' own store, on this connection: a schedule on a worker
   * thread's connection asks through that one. */
  self->patients = meso_patient_store_new (db);
  self->resources_mark = meso_schedule_read_resources_mark (self);
  return self;
}

MesoDb *
meso_schedule_get_db (MesoSchedule *self)
{
  return self->db;
}

/**
 * meso_schedule_get_resources:
 *
 * Returns: (transfer none): the practitioners, rooms and hours, read again
 * if another workstation has written since they were read.
 */
MesoResources *
meso_schedule_get_resources (MesoSchedule  *self,
                             GError       **error)
{
  gint64 version = meso_db_data_version (self->db);
  MesoResources *resources;

  if (self->resources != NULL && version == self->resources_version)
    return self->resources;
  resources = meso_resources_load (self->db, error);
  if (resources == NULL)
    return NULL;
  g_set_object (&self->resources, resources);
  g_object_unref (resources);
  self->resources_version = version;
  return self->resources;
}

/* After this schedule changed the resources itself (data_version only
 * counts other connections' writes). */
static void
resources_changed (MesoSchedule *self)
{
  g_clear_object (&self->resources);
  self->resources_mark = meso_schedule_read_resources_mark (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What every appointment row must hold to be used, as the schema and the
 * booking write it: the start (column 4) and end (5) are made into days and
 * sized into slots, the place in the course (10) counts sessions, and the
 * kind (6) and status (7) select labels, colours and the allowed
 * transitions. Anything else is damage, never a default. */
static gboolean
read_checked (MesoStmt              *stmt,
              MesoAppointmentKind   *out_kind,
              MesoAppointmentStatus *out_status,
              GError               **error)
{
  gint64 starts_at = meso_stmt_column_int64 (stmt, 4);
  gint64 ends_at = meso_stmt_column_int64 (stmt, 5);
  gint64 position = meso_stmt_column_int64 (stmt, 10);

  if (starts_at < MESO_CLOCK_MIN_INSTANT || starts_at > MESO_CLOCK_MAX_INSTANT ||
      ends_at <= starts_at || ends_at - starts_at > 8 * 3600 || position < 0 || position > 200 ||
      !meso_appointment_kind_from_code (meso_stmt_column_text (stmt, 6), out_kind) ||
      !meso_appointment_status_from_code (meso_stmt_column_text (stmt, 7),
                                          out_status))
    {
      meso_db_set_damaged (error, "appointment");
      return FALSE;
    }
  return TRUE;
}

/* The restricted patients whose names @db's actor may not see: none for
 * an administrator. %NULL with @error set when they cannot be read. */
static GHashTable *
read_hidden_patients (MesoDb  *db,
                      GError **error)
{
  if (meso_db_require (db, MESO_PERMISSION_MANAGE_RECORDS, NULL))
    return g_hash_table_new (g_int64_hash, g_int64_equal);
  return meso_patients_read_restricted (db, error);
}

/* The name an appointment shows for @patient_id: a restricted patient is
 * named to administrators only. */
static const char *
shown_name (GHashTable *hidden,
            gint64      patient_id,
            const char *name)
{
  return g_hash_table_contains (hidden, &patient_id) ? _("Restricted record") : name;
}

/* A whole appointment; its interval (column 11) is a phase's days, at most
 * 365. */
static MesoAppointment *
appointment_from_row (MesoStmt   *stmt,
                      GHashTable *hidden,
                      GError    **error)
{
  MesoAppointmentKind kind;
  MesoAppointmentStatus status;
  MesoAppointment *appointment;

  if (!read_checked (stmt, &kind, &status, error))
    return NULL;
  if (meso_stmt_column_int64 (stmt, 11) < 0 || meso_stmt_column_int64 (stmt, 11) > 365)
    {
      meso_db_set_damaged (error, "appointment");
      return NULL;
    }
  appointment = meso_appointment_new ();
  appointment->kind = kind;
  appointment->status = status;
  appointment->id = meso_stmt_column_int64 (stmt, 0);
  appointment->patient_id = meso_stmt_column_int64 (stmt, 1);
  appointment->practitioner_id = meso_stmt_column_int64 (stmt, 2);
  appointment->room_id = meso_stmt_column_int64 (stmt, 3);
  appointment->starts_at = meso_stmt_column_int64 (stmt, 4);
  appointment->minutes = (meso_stmt_column_int64 (stmt, 5) - appointment->starts_at) / 60;
  /* Most appointments have no notes: keep the empty string from init. */
  if (meso_stmt_column_bytes (stmt, 8) > 0)
    {
      g_free (appointment->notes);
      appointment->notes = g_strdup (meso_stmt_column_text (stmt, 8));
    }
  appointment->course_id = meso_stmt_column_int64 (stmt, 9);
  appointment->course_position = meso_stmt_column_int (stmt, 10);
  appointment->interval_days = meso_stmt_column_int (stmt, 11);
  appointment->revision = meso_stmt_column_int (stmt, 12);
  appointment->patient_name = g_strdup (shown_name (hidden, appointment->patient_id,
                                                    meso_stmt_column_text (stmt, 13)));
  return appointment;
}

static GPtrArray *
collect (MesoSchedule *self,
         MesoStmt     *stmt,
         GError      **error)
{
  g_autoptr(GPtrArray) appointments = g_ptr_array_new_full (256, g_object_unref);
  g_autoptr(GHashTable) hidden = read_hidden_patients (self->db, error);
  int rc;

  if (hidden == NULL)
    return NULL;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoAppointment *appointment = appointment_from_row (stmt, hidden, error);

      if (appointment == NULL)
        {
          meso_stmt_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (appointments, appointment);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the appointments"));
      return NULL;
    }
  return g_steal_pointer (&appointments);
}

/* Runs the appointment query @sql with ?1 = @a (and ?2 = @b, if it has a
 * second parameter), for whoever may see the calendar. */
static GPtrArray *
query (MesoSchedule  *self,
       const char    *sql,
       gint64         a,
       gint64         b,
       GError       **error)
{
  MesoStmt *stmt;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  stmt = meso_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, a);
  if (meso_stmt_count_parameters (stmt) > 1)
    meso_stmt_bind_int64 (stmt, 2, b);
  return collect (self, stmt, error);
}

/**
 * meso_schedule_list_range:
 *
 * Returns: (transfer container) (element-type MesoAppointment): the
 * appointments that overlap [@from, @to), cancelled ones included, by start.
 */
GPtrArray *
meso_schedule_list_range (MesoSchedule  *self,
                          gint64         from,
                          gint64         to,
                          GError       **error)
{
  /* The query looks back 8 hours, an appointment's longest, from @from:
   * keep that within 64 bits (a server refuses the sum where SQLite makes
   * it a real), so that G_MININT64 still means "from the start". */
  from = MAX (from, G_MININT64 + 28800);
  return query (self, "SELECT " APPOINTMENT_COLUMNS
                      " WHERE a.starts_at > ?1 - 28800 AND a.starts_at < ?2"
                      "   AND a.ends_at > ?1 ORDER BY a.starts_at, a.id", from, to, error);
}

/* meso_schedule_load_range() on @db: the schedule's own connection, or
 * its worker's; the permission is checked against @db's actor. */
static MesoAppointmentRange *
load_range_on (MesoDb  *db,
               gint64   from,
               gint64   to,
               GError **error)
{
  g_autoptr(MesoAppointmentRange) range = meso_appointment_range_new ();
  g_autoptr(GHashTable) hidden = NULL;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CONTACT, error) ||
      (hidden = read_hidden_patients (db, error)) == NULL)
    return NULL;
  stmt = meso_db_prepare (db,
                          "SELECT id, patient_id, practitioner_id, room_id, starts_at, ends_at,"
                          "  kind, status, patient_name, coalesce (course_id, 0), course_position"
                          " FROM appointment WHERE starts_at > ?1 - 28800 AND starts_at < ?2"
                          "   AND ends_at > ?1 ORDER BY starts_at, id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, from);
  meso_stmt_bind_int64 (stmt, 2, to);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoAppointmentRow row = {
        .id = meso_stmt_column_int64 (stmt, 0),
        .patient_id = meso_stmt_column_int64 (stmt, 1),
        .practitioner_id = meso_stmt_column_int64 (stmt, 2),
        .room_id = meso_stmt_column_int64 (stmt, 3),
        .starts_at = meso_stmt_column_int64 (stmt, 4),
        .patient_name = shown_name (hidden, meso_stmt_column_int64 (stmt, 1),
                                    meso_stmt_column_text (stmt, 8)),
        .course_id = meso_stmt_column_int64 (stmt, 9),
        .course_position = meso_stmt_column_int (stmt, 10),
      };

      row.minutes = (meso_stmt_column_int64 (stmt, 5) - row.starts_at) / 60;
      if (!read_checked (stmt, &row.kind, &row.status, error))
        {
          meso_stmt_reset (stmt);
          return NULL;
        }
      meso_appointment_range_append (range, &row);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the appointments"));
      return NULL;
    }
  return g_steal_pointer (&range);
}

/**
 * meso_schedule_load_range:
 *
 * The calendar's load: like meso_schedule_list_range(), without notes, as
 * compact rows.
 * Returns: (transfer full): the appointments overlapping [@from, @to), by start.
 */
MesoAppointmentRange *
meso_schedule_load_range (MesoSchedule  *self,
                          gint64         from,
                          gint64         to,
                          GError       **error)
{
  return load_range_on (self->db, from, to, error);
}

/* What a load off the main loop was asked, and by whom. */
typedef struct
{
  MesoStaff *actor;   /* signed in when it was asked: the worker's connection checks them */
  gint64     from;
  gint64     to;
} RangeRequest;

static void
range_request_free (gpointer data)
{
  RangeRequest *request = data;

  g_clear_object (&request->actor);
  g_free (request);
}

/* In a worker thread, on the schedule's worker connection, which one
 * thread at a time uses: a load asked after this one waits for it, and a
 * cancelled one gives up before it reads. */
static void
load_range_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  MesoSchedule *self = source_object;
  RangeRequest *request = task_data;
  MesoAppointmentRange *range = NULL;
  GError *error = NULL;

  g_mutex_lock (&self->worker_lock);
  if (!g_cancellable_set_error_if_cancelled (cancellable, &error) &&
      (self->worker_db != NULL ||
       (self->worker_db = meso_db_open_worker (self->db, &error)) != NULL))
    {
      meso_db_set_actor (self->worker_db, request->actor);
      range = load_range_on (self->worker_db, request->from, request->to, &error);
      /* Nobody's permissions stay on a connection nobody uses. */
      meso_db_set_actor (self->worker_db, NULL);
    }
  g_mutex_unlock (&self->worker_lock);
  if (range != NULL)
    g_task_return_pointer (task, range, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * meso_schedule_load_range_async:
 *
 * Loads what meso_schedule_load_range() does in a worker thread, on a
 * connection of its own, with the permissions of whoever is signed in on
 * @self's connection now. While @self's file may not be written (being
 * checked, or damaged) no other connection is opened: the load is made
 * here, on @self's, as meso_schedule_load_range() would. Once @cancellable
 * is cancelled, the result is %G_IO_ERROR_CANCELLED, whatever was read.
 */
void
meso_schedule_load_range_async (MesoSchedule        *self,
                                gint64               from,
                                gint64               to,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RangeRequest *request;
  gboolean worker_open;

  g_return_if_fail (MESO_IS_SCHEDULE (self));

  g_task_set_source_tag (task, meso_schedule_load_range_async);
  g_mutex_lock (&self->worker_lock);
  worker_open = self->worker_db != NULL;
  g_mutex_unlock (&self->worker_lock);
  if (!worker_open && !meso_db_is_writable (self->db))
    {
      GError *error = NULL;
      MesoAppointmentRange *range = load_range_on (self->db, from, to, &error);

      if (range != NULL)
        g_task_return_pointer (task, range, g_object_unref);
      else
        g_task_return_error (task, error);
      return;
    }
  request = g_new0 (RangeRequest, 1);
  request->actor = meso_db_get_actor (self->db) != NULL
                   ? g_object_ref (meso_db_get_actor (self->db)) : NULL;
  request->from = from;
  request->to = to;
  g_task_set_task_data (task, request, range_request_free);
  g_task_run_in_thread (task, load_range_in_thread);
}

/**
 * meso_schedule_load_range_finish:
 *
 * Returns: (transfer full): the appointments, or %NULL with @error set.
 */
MesoAppointmentRange *
meso_schedule_load_range_finish (MesoSchedule  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: (transfer container) (element-type MesoAppointment): all of a patient's, by start. */
GPtrArray *
meso_schedule_list_patient (MesoSchedule  *self,
                            gint64         patient_id,
                            GError       **error)
{
  return query (self, "SELECT " APPOINTMENT_COLUMNS
                      " WHERE a.patient_id = ?1 ORDER BY a.starts_at, a.id", patient_id, 0, error);
}

/* Returns: (transfer container) (element-type MesoAppointment): a course's
 * appointments by position, missed ones before their rebooking. */
GPtrArray *
meso_schedule_list_course (MesoSchedule  *self,
                           gint64         course_id,
                           GError       **error)
{
  return query (self, "SELECT " APPOINTMENT_COLUMNS
                      " WHERE a.course_id = ?1 ORDER BY a.course_position, a.starts_at",
                course_id, 0, error);
}

MesoAppointment *
meso_schedule_load (MesoSchedule  *self,
                    gint64         id,
                    GError       **error)
{
  g_autoptr(GPtrArray) found = query (self, "SELECT " APPOINTMENT_COLUMNS " WHERE a.id = ?1", id,
                                      0, error);

  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                           _("This appointment no longer exists."));
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

void
meso_course_free (MesoCourse *course)
{
  g_free (course->protocol_name);
  g_free (course);
}

MesoCourse *
meso_schedule_load_course (MesoSchedule  *self,
                           gint64         course_id,
                           GError       **error)
{
  MesoCourse *course;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  stmt = meso_db_prepare (self->db,
                          "SELECT patient_id, protocol_name, practitioner_id, room_id, weekday,"
                          "  minute_of_day, sessions, maintenance_days FROM course WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, course_id);
  rc = meso_stmt_step (stmt);
  if (rc != MESO_STEP_ROW)
    {
      if (rc == MESO_STEP_DONE)
        g_set_error_literal (error, MESO_SCHEDULE_ERROR, MESO_SCHEDULE_ERROR_INVALID,
                             _("This treatment course no longer exists."));
      else
        meso_db_set_error (self->db, error, rc, _("Could not read the treatment course"));
      meso_stmt_reset (stmt);
      return NULL;
    }
  /* The weekday, the time and the number of sessions drive the booking loops:
   * out of the schema's ranges they are damage (see meso-schema.c). */
  if (meso_stmt_column_int64 (stmt, 4) < 0 || meso_stmt_column_int64 (stmt, 4) > 7 ||
      meso_stmt_column_int64 (stmt, 5) < 0 || meso_stmt_column_int64 (stmt, 5) > 1439 ||
      meso_stmt_column_int64 (stmt, 6) < 1 || meso_stmt_column_int64 (stmt, 6) > 200 ||
      meso_stmt_column_int64 (stmt, 7) < 0 || meso_stmt_column_int64 (stmt, 7) > G_MAXINT)
    {
      meso_stmt_reset (stmt);
      meso_db_set_damaged (error, "course");
      return NULL;
    }
  course = g_new0 (MesoCourse, 1);
  course->id = course_id;
  course->patient_id = meso_stmt_column_int64 (stmt, 0);
  course->protocol_name = g_strdup (meso_stmt_column_text (stmt, 1));
  course->practitioner_id = meso_stmt_column_int64 (stmt, 2);
  course->room_id = meso_stmt_column_int64 (stmt, 3);
  course->weekday = meso_stmt_column_int (stmt, 4);
  course->minute_of_day = meso_stmt_column_int (stmt, 5);
  course->sessions = meso_stmt_column_int (stmt, 6);
  course->maintenance_days = meso_stmt_column_int (stmt, 7);
  meso_stmt_reset (stmt);
  return course;
}

/**
 * meso_schedule_find_latest_course:
 *
 * Returns: the id of @patient_id's latest treatment course, 0 when they
 * have none, or -1 with @error.
 */
gint64
meso_schedule_find_latest_course (MesoSchedule  *self,
                                  gint64         patient_id,
                                  GError       **error)
{
  MesoStmt *stmt;
  gint64 id;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return -1;
  stmt = meso_db_prepare (self->db,
                          "SELECT coalesce (max (id), 0) FROM course WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return -1;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  rc = meso_stmt_step (stmt);
  id = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the treatment course"));
      return -1;
    }
  return id;
}

/* Resources -------------------------------------------------------------- */

/* Commits @w if @ok (if not, @w rolls back as its caller returns) and
 * tells the calendar that the resources changed. */
static gboolean
finish_settings (MesoSchedule  *self,
                 MesoDbWrite   *w,
                 gboolean       ok,
                 GError       **error)
{
  if (!ok || !meso_db_write_commit (w, error))
    return FALSE;
  resources_changed (self);
  return TRUE;
}

static gboolean
is_colour (const char *colour)
{
  if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_hours (MesoHours   hours,
             GError    **error)
{
  if (hours.closes != 0 && (hours.closes <= hours.opens || hours.closes > 1440))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The end of the day must come after its start."));
      return FALSE;
    }
  return TRUE;
}

/* The name of a practitioner, room or protocol, stripped; %NULL with
 * @error if it is empty or longer than 100 characters. */
char *
meso_schedule_dup_name (const char  *name,
                        GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*stripped == '\0' || g_utf8_strlen (stripped, -1) > 100)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter a name of up to 100 characters."));
      return NULL;
    }
  return g_steal_pointer (&stripped);
}

/* Inserts a practitioner's or room's row (*@id 0, then set) with @insert,
 * which returns its id, or updates it with @update only at *@revision,
 * which it then counts up.
 * Both statements take ?1 the name, ?2 the colour, ?3 whether it is in
 * use, and @update ?4 the id and ?5 the revision; @exists (?1 the id)
 * tells a stale form from a deleted row. */
static gboolean
write_resource (MesoSchedule    *self,
                MesoRecordKind   kind,
                const char      *insert,
                const char      *update,
                const char      *exists,
                const char      *name,
                const char      *colour,
                gboolean         active,
                gint64          *id,
                gint64          *revision,
                GError         **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, *id == 0 ? insert : update, error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, name);
  meso_stmt_bind_text (stmt, 2, colour);
  meso_stmt_bind_int (stmt, 3, active);
  if (*id != 0)
    {
      meso_stmt_bind_int64 (stmt, 4, *id);
      meso_stmt_bind_int64 (stmt, 5, *revision);
    }
  if (*id == 0)
    {
      *id = meso_db_step_new_id (self->db, stmt, error);
      return *id != 0;
    }
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  /* Only a form read at the stored revision may overwrite it. */
  if (meso_stmt_changes (stmt) != 1)
    return meso_revision_refuse (self->db, kind, *id, exists, error);
  (*revision)++;
  return TRUE;
}

/* Finishes a save begun with write_resource(); if nothing was saved, puts
 * back the id and revision as read, so the form may be saved again once
 * reloaded. */
static gboolean
finish_resource (MesoSchedule  *self,
                 MesoDbWrite   *w,
                 gboolean       ok,
                 gboolean       is_new,
                 gint64         read_revision,
                 gint64        *id,
                 gint64        *revision,
                 GError       **error)
{
  if (finish_settings (self, w, ok, error))
    return TRUE;
  if (is_new)
    *id = 0;
  *revision = read_revision;
  return FALSE;
}

/**
 * meso_schedule_save_practitioner:
 *
 * Adds @practitioner (id 0, then set) or changes it, with its working
 * hours. A changed practitioner is saved only at the revision it was read
 * at: if another connection changed it since, nothing is saved and @error
 * is %MESO_DB_ERROR_STALE. Needs %MESO_PERMISSION_MANAGE_SETTINGS.
 */
gboolean
meso_schedule_save_practitioner (MesoSchedule      *self,
                                 MesoPractitioner  *practitioner,
                                 GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autofree char *name = meso_schedule_dup_name (practitioner->name, error);
  gboolean is_new = practitioner->id == 0;
  gint64 revision = practitioner->revision;
  MesoStmt *stmt;
  gboolean ok;

  if (name == NULL)
    return FALSE;
  if (!is_colour (practitioner->colour))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a colour."));
      return FALSE;
    }
  for (guint d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    if (practitioner->own_hours && !check_hours (practitioner->hours[d], error))
      return FALSE;
  w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;

  ok = write_resource (self, MESO_RECORD_PRACTITIONER,
                       "INSERT INTO practitioner (display_name, colour, active)"
                       " VALUES (?1, ?2, ?3) RETURNING id",
                       "UPDATE practitioner SET display_name = ?1, colour = ?2,"
                       " active = ?3, revision = revision + 1"
                       " WHERE id = ?4 AND revision = ?5",
                       "SELECT 1 FROM practitioner WHERE id = ?1",
                       name, practitioner->colour, practitioner->active,
                       &practitioner->id, &practitioner->revision, error);
  stmt = ok ? meso_db_prepare (self->db, "DELETE FROM practitioner_hours"
                                         " WHERE practitioner_id = ?1", error) : NULL;
  if (stmt != NULL)
    {
      meso_stmt_bind_int64 (stmt, 1, practitioner->id);
      ok = meso_db_step_done (self->db, stmt, error);
    }
  else
    ok = FALSE;
  for (guint d = G_DATE_MONDAY; ok && practitioner->own_hours && d <= G_DATE_SUNDAY; d++)
    {
      if (practitioner->hours[d].closes == 0)
        continue;
      stmt = meso_db_prepare (self->db, "INSERT INTO practitioner_hours"
                                        " (practitioner_id, weekday, opens, closes)"
                                        " VALUES (?1, ?2, ?3, ?4)", error);
      ok = stmt != NULL;
      if (ok)
        {
          meso_stmt_bind_int64 (stmt, 1, practitioner->id);
          meso_stmt_bind_int (stmt, 2, d);
          meso_stmt_bind_int (stmt, 3, practitioner->hours[d].opens);
          meso_stmt_bind_int (stmt, 4, practitioner->hours[d].closes);
          ok = meso_db_step_done (self->db, stmt, error);
        }
    }
  return finish_resource (self, w, ok, is_new, revision, &practitioner->id,
                          &practitioner->revision, error);
}

/* Adds @room (id 0, then set) or renames it or takes it out of use; a
 * changed room is saved only at the revision it was read at, as in
 * meso_schedule_save_practitioner(). */
gboolean
meso_schedule_save_room (MesoSchedule  *self,
                         MesoRoom      *room,
                         GError       **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autofree char *name = meso_schedule_dup_name (room->name, error);
  gboolean is_new = room->id == 0;
  gint64 revision = room->revision;
  gboolean ok;

  if (name == NULL)
    return FALSE;
  w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;
  /* A room has no colour: ?2 is left out. */
  ok = write_resource (self, MESO_RECORD_ROOM,
                       "INSERT INTO room (name, active) VALUES (?1, ?3) RETURNING id",
                       "UPDATE room SET name = ?1, active = ?3, revision = revision + 1"
                       " WHERE id = ?4 AND revision = ?5",
                       "SELECT 1 FROM room WHERE id = ?1",
                       name, NULL, room->active, &room->id, &room->revision, error);
  return finish_resource (self, w, ok, is_new, revision, &room->id, &room->revision, error);
}

/* Sets the clinic's hours on @weekday; closes == 0 closes it that day. */
gboolean
meso_schedule_set_opening_hours (MesoSchedule  *self,
                                 GDateWeekday   weekday,
                                 MesoHours      hours,
                                 GError       **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gboolean ok;

  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, FALSE);
  if (!check_hours (hours, error) ||
      (w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error)) == NULL)
    return FALSE;
  if (hours.closes == 0)
    stmt = meso_db_prepare (self->db, "DELETE FROM opening_hours WHERE weekday = ?1", error);
  else
    stmt = meso_db_prepare (self->db, "INSERT INTO opening_hours (weekday, opens, closes)"
                                      " VALUES (?1, ?2, ?3) ON CONFLICT (weekday) DO UPDATE"
                                      " SET opens = excluded.opens, closes = excluded.closes",
                            error);
  ok = stmt != NULL;
  if (ok)
    {
      meso_stmt_bind_int (stmt, 1, weekday);
      if (hours.closes != 0)
        {
          meso_stmt_bind_int (stmt, 2, hours.opens);
          meso_stmt_bind_int (stmt, 3, hours.closes);
        }
      ok = meso_db_step_done (self->db, stmt, error);
    }
  return finish_settings (self, w, ok, error);
}

static char *
iso_date (const GDate *day)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  return g_strdup (text);
}

/* Runs @sql, one change to the settings, with ?1 @number and ?2, ?3, ?4
 * the texts (a statement uses those it names). */
static gboolean
write_setting (MesoSchedule  *self,
               const char    *sql,
               gint64         number,
               const char    *text2,
               const char    *text3,
               const char    *text4,
               GError       **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS,
                                                  error);
  MesoStmt *stmt = w != NULL ? meso_db_prepare (self->db, sql, error) : NULL;
  const char *texts[] = { text2, text3, text4 };

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, number);
  for (int i = 2; i <= MIN (meso_stmt_count_parameters (stmt), 4); i++)
    meso_stmt_bind_text (stmt, i, texts[i - 2]);
  return finish_settings (self, w, meso_db_step_done (self->db, stmt, error), error);
}

/* Closes the clinic on @day, named @name on the calendar. */
gboolean
meso_schedule_add_holiday (MesoSchedule  *self,
                           const GDate   *day,
                           const char    *name,
                           GError       **error)
{
  g_autofree char *iso = iso_date (day);

  return write_setting (self, "INSERT INTO holiday (day, name) VALUES (?2, ?3)"
                              " ON CONFLICT (day) DO UPDATE SET name = excluded.name",
                        0, iso, name != NULL ? name : "", NULL, error);
}

gboolean
meso_schedule_remove_holiday (MesoSchedule  *self,
                              const GDate   *day,
                              GError       **error)
{
  g_autofree char *iso = iso_date (day);

  return write_setting (self, "DELETE FROM holiday WHERE day = ?2", 0, iso, NULL, NULL, error);
}

/* Marks @practitioner_id away from @first_day to @last_day inclusive. */
gboolean
meso_schedule_add_day_off (MesoSchedule  *self,
                           gint64         practitioner_id,
                           const GDate   *first_day,
                           const GDate   *last_day,
                           const char    *reason,
                           GError       **error)
{
  g_autofree char *first = iso_date (first_day);
  g_autofree char *last = iso_date (last_day);

  if (g_date_compare (first_day, last_day) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The last day off must not come before the first."));
      return FALSE;
    }
  return write_setting (self, "INSERT INTO practitioner_day_off"
                              " (practitioner_id, first_day, last_day, reason)"
                              " VALUES (?1, ?2, ?3, ?4)",
                        practitioner_id, first, last, reason != NULL ? reason : "", error);
}

gboolean
meso_schedule_remove_day_off (MesoSchedule  *self,
                              gint64         day_off_id,
                              GError       **error)
{
  return write_setting (self, "DELETE FROM practitioner_day_off WHERE id = ?1", day_off_id,
                        NULL, NULL, NULL, error);
}

/* Lets the lists know of a change made by a helper of this schedule
 * (courses, waitlist). */
void
meso_schedule_emit_changed (MesoSchedule *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * meso_schedule_add_to_record:
 *
 * Adds the patient's appointments, courses and places on the waitlist,
 * every column of them, to @record (the right-of-access export).
 */
gboolean
meso_schedule_add_to_record (MesoSchedule    *self,
                             gint64           patient_id,
                             MesoRecordJson  *record,
                             GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "appointment", "SELECT * FROM appointment WHERE patient_id = ?1 ORDER BY starts_at, id" },
    { "course", "SELECT * FROM course WHERE patient_id = ?1 ORDER BY id" },
    { "waitlist", "SELECT * FROM waitlist WHERE patient_id = ?1 ORDER BY id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
