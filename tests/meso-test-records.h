/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-records.h: the records most tests set up before the one they
 * test: a patient, a practitioner, a room. Each is saved through the core
 * as a user would, by whoever is signed in on the database. */
#pragma once

#include "meso-patient-store.h"
#include "meso-schedule.h"

/* Saves a new patient @family, @given (nullable: none) with @screening
 * (nullable), as entered on @today.
 * Returns: the patient's id. */
static inline gint64
meso_test_add_patient (MesoPatientStore *store,
                       const char       *family,
                       const char       *given,
                       MesoScreening    *screening,
                       GDate            *today)
{
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GError) error = NULL;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  if (given != NULL)
    meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given);
  g_assert_true (meso_patient_store_save (store, patient, screening, today, &error));
  g_assert_no_error (error);
  return meso_patient_get_id (patient);
}

/* Adds an active practitioner @name. Returns: the practitioner's id. */
/* Whether the database at @db_path, opened afresh and read as @actor,
 * holds a patient whose name matches @family. */
static inline gboolean
meso_test_has_patient (const char *db_path,
                       MesoStaff  *actor,
                       const char *family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDb) db = meso_db_open (db_path, &error);
  g_autoptr(MesoPatientStore) store = NULL;
  g_autoptr(GArray) found = NULL;

  g_assert_no_error (error);
  meso_db_set_actor (db, actor);
  store = meso_patient_store_new (db);
  found = meso_patient_store_search (store, family, MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  return found->len > 0;
}

static inline gint64
meso_test_add_practitioner (MesoSchedule *schedule,
                            const char   *name)
{
  MesoPractitioner practitioner = { .name = (char *) name, .colour = (char *) "#3584e4",
                                    .active = TRUE };
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_schedule_save_practitioner (schedule, &practitioner, &error));
  g_assert_no_error (error);
  return practitioner.id;
}

/* Adds an active room @name. Returns: the room's id. */
static inline gint64
meso_test_add_room (MesoSchedule *schedule,
                    const char   *name)
{
  MesoRoom room = { .name = (char *) name, .active = TRUE };
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_schedule_save_room (schedule, &room, &error));
  g_assert_no_error (error);
  return room.id;
}
