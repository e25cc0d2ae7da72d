/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-waitlist.c: the waitlist. When a slot frees up, the entries it
 * suits are offered, first come first served. */
#define G_LOG_DOMAIN "meso-waitlist"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-schedule-private.h"
#include "meso-waitlist.h"

G_DEFINE_TYPE (MesoWaitlistEntry, meso_waitlist_entry, G_TYPE_OBJECT)

static void
meso_waitlist_entry_finalize (GObject *object)
{
  MesoWaitlistEntry *self = MESO_WAITLIST_ENTRY (object);

  g_free (self->patient_name);
  g_free (self->notes);
  g_free (self->created_at);

  G_OBJECT_CLASS (meso_waitlist_entry_parent_class)->finalize (object);
}

static void
meso_waitlist_entry_class_init (MesoWaitlistEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_waitlist_entry_finalize;
}

static void
meso_waitlist_entry_init (MesoWaitlistEntry *self)
{
  self->minutes = 30;
  self->weekdays = 0x7f;
  self->latest = 1440;
  self->notes = g_strdup ("");
}

MesoWaitlistEntry *
meso_waitlist_entry_new (void)
{
  return g_object_new (MESO_TYPE_WAITLIST_ENTRY, NULL);
}

/* Returns: (transfer full): the wish in words, such as
 * "30 min with Dr. X, Mon–Fri, 12:00–18:00". */
char *
meso_waitlist_entry_describe (MesoWaitlistEntry *self,
                              MesoResources     *resources)
{
  MesoPractitioner *practitioner =
    meso_resources_find_practitioner (resources, self->practitioner_id);
  g_autoptr(GString) days = g_string_new (NULL);
  GDate monday;

  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 5, 1, 2026);   /* a Monday, to name the weekdays */
  if (self->weekdays == 0x7f)
    g_string_append (days, _("any day"));
  else
    for (guint d = 0; d < 7; d++)
      if (self->weekdays & (1u << d))
        {
          GDate day = monday;
          char name[32];

          g_date_add_days (&day, d);
          g_date_strftime (name, sizeof name, "%a", &day);
          g_string_append_printf (days, "%s%s", days->len > 0 ? " " : "", name);
        }

  return g_strdup_printf (_("%u min with %s, %s, %02u:%02u–%02u:%02u"), self->minutes,
                          practitioner != NULL ? practitioner->name : _("anyone"), days->str,
                          self->earliest / 60, self->earliest % 60, self->latest / 60,
                          self->latest % 60);
}

/* Puts @entry's patient on the waitlist; sets its id. */
gboolean
meso_waitlist_add (MesoSchedule       *schedule,
                   MesoWaitlistEntry  *entry,
                   GError            **error)
{
  MesoDb *db = meso_schedule_get_db (schedule);
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 id;

  if (entry->patient_id <= 0 || entry->minutes < 5 || entry->minutes > 480 ||
      entry->weekdays == 0 || entry->weekdays > 0x7f || entry->latest <= entry->earliest ||
      entry->latest > 1440 || entry->earliest + entry->minutes > entry->latest)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           entry->patient_id <= 0
                             ? _("Choose the patient.")
                             : _("Choose at least one day, and a time window long enough for "
                                 "the appointment."));
      return FALSE;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (db,
                          "INSERT INTO waitlist (patient_id, practitioner_id, minutes, weekdays,"
                          "  earliest, latest, notes)"
                          " VALUES (?1, nullif (?2, 0), ?3, ?4, ?5, ?6, ?7) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, entry->patient_id);
  meso_stmt_bind_int64 (stmt, 2, entry->practitioner_id);
  meso_stmt_bind_int (stmt, 3, entry->minutes);
  meso_stmt_bind_int (stmt, 4, entry->weekdays);
  meso_stmt_bind_int (stmt, 5, entry->earliest);
  meso_stmt_bind_int (stmt, 6, entry->latest);
  meso_stmt_bind_text (stmt, 7, entry->notes);
  id = meso_db_step_new_id (db, stmt, error);
  if (id == 0)
    return FALSE;
  if (!meso_db_write_commit (w, error))
    return FALSE;
  entry->id = id;
  meso_schedule_emit_changed (schedule);
  return TRUE;
}

static GPtrArray *
collect (MesoSchedule *schedule,
         MesoStmt     *stmt,
         GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  MesoDb *db = schedule->db;
  int rc;

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoWaitlistEntry *entry;

      /* The schema's ranges, which meso_waitlist_add() keeps: the weekdays
       * are a mask, the times bound the search for a free slot. */
      if (meso_stmt_column_int64 (stmt, 3) < 5 || meso_stmt_column_int64 (stmt, 3) > 480 ||
          meso_stmt_column_int64 (stmt, 4) < 1 || meso_stmt_column_int64 (stmt, 4) > 0x7f ||
          meso_stmt_column_int64 (stmt, 5) < 0 || meso_stmt_column_int64 (stmt, 5) > 1439 ||
          meso_stmt_column_int64 (stmt, 6) > 1440 ||
          meso_stmt_column_int64 (stmt, 5) + meso_stmt_column_int64 (stmt, 3) >
            meso_stmt_column_int64 (stmt, 6))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "waitlist");
          return NULL;
        }
      entry = meso_waitlist_entry_new ();

      entry->id = meso_stmt_column_int64 (stmt, 0);
      entry->patient_id = meso_stmt_column_int64 (stmt, 1);
      entry->practitioner_id = meso_stmt_column_int64 (stmt, 2);
      entry->minutes = meso_stmt_column_int (stmt, 3);
      entry->weekdays = meso_stmt_column_int (stmt, 4);
      entry->earliest = meso_stmt_column_int (stmt, 5);
      entry->latest = meso_stmt_column_int (stmt, 6);
      g_free (entry->notes);
      entry->notes = g_strdup (meso_stmt_column_text (stmt, 7));
      entry->created_at = g_strdup (meso_stmt_column_text (stmt, 8));
      g_ptr_array_add (entries, entry);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the waitlist"));
      return NULL;
    }
  /* The names as they are now: the patients' store has them. */
  for (guint i = 0; i < entries->len; i++)
    {
      MesoWaitlistEntry *entry = g_ptr_array_index (entries, i);

      g_clear_pointer (&entry->patient_name, g_free);
      if (!meso_patient_store_get_contact (schedule->patients, entry->patient_id,
                                           &entry->patient_name, NULL, error))
        return NULL;
    }
  return g_steal_pointer (&entries);
}

#define ENTRY_COLUMNS \
  "w.id, w.patient_id, coalesce (w.practitioner_id, 0), w.minutes, w.weekdays, w.earliest," \
  " w.latest, w.notes, w.created_at FROM waitlist w"

/* Returns: (transfer container) (element-type MesoWaitlistEntry): the
 * patients still waiting, longest waiting first. */
GPtrArray *
meso_waitlist_list (MesoSchedule  *schedule,
                    GError       **error)
{
  MesoDb *db = meso_schedule_get_db (schedule);
  MesoStmt *stmt;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  stmt = meso_db_prepare (db, "SELECT " ENTRY_COLUMNS " WHERE w.resolved = 0 ORDER BY w.id",
                          error);
  return stmt != NULL ? collect (schedule, stmt, error) : NULL;
}

/* Takes an entry off the waitlist: booked, or no longer wanted. */
gboolean
meso_waitlist_resolve (MesoSchedule  *schedule,
                       gint64         entry_id,
                       GError       **error)
{
  MesoDb *db = meso_schedule_get_db (schedule);
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (db, "UPDATE waitlist SET resolved = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, entry_id);
  if (!meso_db_step_done (db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;
  meso_schedule_emit_changed (schedule);
  return TRUE;
}

/**
 * meso_waitlist_offers:
 * @freed: the appointment whose slot was freed (cancelled, missed or moved away)
 *
 * Returns: (transfer container) (element-type MesoWaitlistEntry): the
 * waiting patients the freed slot suits (practitioner, day, time window
 * and length), longest waiting first. The freed appointment's own patient
 * is left out, and so is anyone already booked at that time.
 */
GPtrArray *
meso_waitlist_offers (MesoSchedule     *schedule,
                      MesoAppointment  *freed,
                      GError          **error)
{
  MesoDb *db = meso_schedule_get_db (schedule);
  MesoResources *resources = meso_schedule_get_resources (schedule, error);
  g_autoptr(GDateTime) local = NULL;
  MesoStmt *stmt;
  guint start;

  if (resources == NULL || !meso_db_require (db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  local = meso_resources_to_local (resources, freed->starts_at);
  start = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  stmt = meso_db_prepare (db,
                          "SELECT " ENTRY_COLUMNS
                          " WHERE w.resolved = 0 AND w.patient_id <> ?1"
                          "   AND coalesce (w.practitioner_id, ?2) = ?2"
                          "   AND (w.weekdays & ?3) <> 0"
                          "   AND w.earliest <= ?4 AND w.latest >= ?4 + w.minutes"
                          "   AND w.minutes <= ?5"
                          "   AND NOT EXISTS (SELECT 1 FROM appointment a"
                          "     WHERE a.patient_id = w.patient_id AND a.starts_at > ?6 - 28800"
                          "       AND a.starts_at < ?6 + w.minutes * 60 AND a.ends_at > ?6"
                          "       AND a.status NOT IN ('cancelled', 'no_show'))"
                          " ORDER BY w.id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, freed->patient_id);
  meso_stmt_bind_int64 (stmt, 2, freed->practitioner_id);
  meso_stmt_bind_int (stmt, 3, 1 << (g_date_time_get_day_of_week (local) - 1));
  meso_stmt_bind_int (stmt, 4, start);
  meso_stmt_bind_int (stmt, 5, freed->minutes);
  meso_stmt_bind_int64 (stmt, 6, freed->starts_at);
  return collect (schedule, stmt, error);
}
