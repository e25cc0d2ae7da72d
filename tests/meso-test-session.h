/* meso-test-session.h: a clinic with one practitioner, one room, one
 * patient screened today and one booked session, for the tests of what a
 * physician does in a session. */
#pragma once

#include "meso-context.h"
#include "meso-test-staff.h"

/* Fills @context's empty database; signs in a physician, returned.
 * Returns: (transfer full): the session; the physician in @out_physician. */
static inline MesoAppointment *
meso_test_book_session (MesoContext  *context,
                        gboolean      pregnant,
                        MesoStaff   **out_physician)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(MesoScreening) screening = meso_screening_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today_iso = g_date_time_format (now, "%Y-%m-%d");
  MesoPractitioner practitioner = { .name = (char *) "Dr. Elif Aydın",
                                    .colour = (char *) "#3584e4", .active = TRUE };
  MesoRoom room = { .name = (char *) "Room 1", .active = TRUE };
  MesoSchedule *schedule = meso_context_get_schedule (context);
  MesoDb *db = meso_context_get_db (context);
  MesoAppointment *session;
  GDate today;

  admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Administrator");
  g_assert_true (meso_schedule_save_practitioner (schedule, &practitioner, &error));
  g_assert_true (meso_schedule_save_room (schedule, &room, &error));

  /* Every question asked today; pregnant or not, as asked. */
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "García");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Lucía");
  meso_patient_set_field (patient, MESO_PATIENT_SEX, "female");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+34 600 123 456");
  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (screening, c,
                               c == MESO_CONDITION_PREGNANCY && pregnant
                               ? MESO_ANSWER_YES : MESO_ANSWER_NO, today_iso);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (context), patient,
                                          screening, &today, &error));
  g_assert_no_error (error);

  session = meso_appointment_new ();
  session->patient_id = meso_patient_get_id (patient);
  session->practitioner_id = practitioner.id;
  session->room_id = room.id;
  session->starts_at = 1795428000;
  session->minutes = 30;
  g_assert_true (meso_schedule_save (schedule, session, &error));
  g_assert_no_error (error);

  *out_physician = meso_test_sign_in (db, MESO_ROLE_PHYSICIAN, "Dr. Elif Aydın");
  return session;
}
