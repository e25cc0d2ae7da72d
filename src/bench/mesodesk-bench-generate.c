/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench-generate.c: the synthetic clinic the benchmark measures:
 * the demo's patients, practitioners booked over ten years, and session
 * records drawing on thirty lots of every product. */
#define G_LOG_DOMAIN "mesodesk-bench"

#include "meso-demo.h"
#include "meso-patient-store.h"
#include "meso-schedule.h"
#include "meso-staff-store.h"
#include "meso-treatment-store.h"
#include "mesodesk-bench.h"

/* 20 practitioners, each with a room, fully booked over ten years (nine
 * past, one ahead) to about n_appointments. */
static void
generate_appointments (MesoDb *db,
                       GDate  *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaffStore) staff_store = meso_staff_store_new (db);
  g_autoptr(MesoStaff) administrator = meso_staff_store_load (staff_store, ADMINISTRATOR_ID,
                                                               &error);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  gint64 start = g_get_monotonic_time ();
  guint n_days = YEARS * 365 + YEARS / 4;
  /* Twelve-hour weekdays and a short Saturday: a million appointments
   * leave about a fifth of the slots free, for the course planner. */
  guint per_day = (guint) (n_appointments / (n_days * 5.4 / 7 * PRACTITIONERS) + 0.999);
  GDate first = *today;

  if (administrator == NULL)
    g_error ("%s", error->message);
  meso_db_set_actor (db, administrator);
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SATURDAY; d++)
    if (!meso_schedule_set_opening_hours (schedule, d,
                                          d == G_DATE_SATURDAY ? (MesoHours) { 9 * 60, 14 * 60 }
                                                               : (MesoHours) { 8 * 60, 20 * 60 },
                                          &error))
      g_error ("%s", error->message);
  for (guint i = 3; i < PRACTITIONERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dr. Bench %02u", i + 1);
      g_autofree char *colour = g_strdup_printf ("#%02x%02x%02x", 40 + i * 9, 200 - i * 7, 120);
      g_autofree char *room_name = g_strdup_printf ("Bench room %02u", i + 1);
      MesoPractitioner practitioner = { .name = name, .colour = colour, .active = TRUE };
      MesoRoom room = { .name = room_name, .active = TRUE };

      if (!meso_schedule_save_practitioner (schedule, &practitioner, &error) ||
          !meso_schedule_save_room (schedule, &room, &error))
        g_error ("%s", error->message);
    }
  g_date_subtract_years (&first, YEARS - 1);
  if (!meso_demo_add_appointments (db, 42, &first, n_days, per_day, today, &error))
    g_error ("%s", error->message);
  meso_db_set_actor (db, NULL);
  g_print ("generate: %" G_GINT64_FORMAT " appointments, %d practitioners, %d years, audited,"
           " in %.1f s\n", count_rows (db, "SELECT count(*) FROM appointment"), PRACTITIONERS, YEARS,
           (g_get_monotonic_time () - start) / 1e6);
}

/* Thirty lots of every product, and a closed record of three of them for
 * the first n_records appointments: what a busy clinic would have given
 * over ten years. The treatment store writes them, auditing every record
 * as the app does; the sessions are read here, the oldest first. */
void
generate_records (MesoDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaffStore) staff_store = meso_staff_store_new (db);
  g_autoptr(MesoStaff) physician = meso_staff_store_load (staff_store, PHYSICIAN_ID, &error);
  g_autoptr(MesoTreatmentStore) store = meso_treatment_store_new (db);
  g_autoptr(GArray) sessions = g_array_new (FALSE, FALSE, sizeof (MesoPastSession));
  gint64 start = g_get_monotonic_time ();
  gint64 existing;
  MesoStmt *stmt;
  GDate today;

  if (physician == NULL || !meso_treatment_store_seed (store, &error))
    g_error ("%s", error->message);
  existing = count_rows (db, "SELECT count(*) FROM administration");

  /* Records go one to an appointment: a small database holds fewer. */
  if (existing >= n_records ||
      existing >= count_rows (db, "SELECT count(*) FROM appointment"))
    return;
  stmt = meso_db_prepare (db, "SELECT id, patient_id, starts_at FROM appointment"
                              " WHERE id NOT IN (SELECT appointment_id FROM administration"
                              "  WHERE appointment_id IS NOT NULL)"
                              " ORDER BY id LIMIT ?1", &error);
  if (stmt == NULL)
    g_error ("%s", error->message);
  meso_stmt_bind_int64 (stmt, 1, n_records - existing);
  while (meso_stmt_step (stmt) == MESO_STEP_ROW)
    {
      MesoPastSession session = { meso_stmt_column_int64 (stmt, 0),
                                  meso_stmt_column_int64 (stmt, 1),
                                  meso_stmt_column_int64 (stmt, 2) };

      g_array_append_val (sessions, session);
    }
  meso_stmt_reset (stmt);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  meso_db_set_actor (db, physician);
  if (!meso_treatment_store_add_history (store, LOTS_PER_PRODUCT, &today,
                                         (const MesoPastSession *) sessions->data, sessions->len,
                                         &error))
    g_error ("%s", error->message);
  meso_db_set_actor (db, NULL);
  g_print ("generate: %" G_GINT64_FORMAT " session records of %d lots each, audited, in %.1f s\n",
           count_rows (db, "SELECT count(*) FROM administration"), ITEMS_PER_RECORD,
           (g_get_monotonic_time () - start) / 1e6);
}

void
generate_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (path, &error);
  g_autoptr(MesoPatientStore) store = NULL;
  gint64 start = g_get_monotonic_time ();
  GDate today;

  if (db == NULL)
    g_error ("%s", error->message);
  store = meso_patient_store_new (db);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  if (!meso_demo_populate (store, n_patients, 42, &today, &error))
    g_error ("%s", error->message);
  g_print ("generate: %d patients with screening records and audit trail in %.1f s\n", n_patients,
           (g_get_monotonic_time () - start) / 1e6);
  generate_appointments (db, &today);
  generate_records (db);
  if (!meso_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error))
    g_error ("%s", error->message);
}
