/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-session.h: a clinic on disk for the tests that need a whole
 * context: its database in a fresh folder, one practitioner and one room,
 * and for the tests of a physician's work, one patient screened today
 * with one booked session. */
#pragma once

#include "meso-context.h"
#include "meso-test-records.h"
#include "meso-test-staff.h"
#include "meso-test-server.h"

/* Returns: (transfer full): a context on a new database
 * (meso_test_clinic_location()), its folder in @out_dir for
 * meso_test_remove_tree(). */
static inline MesoContext *
meso_test_open_context (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = meso_test_clinic_location (out_dir);
  MesoContext *context = meso_context_open (path, FALSE, &error);

  g_assert_no_error (error);
  return context;
}

/* Signs in an administrator, who adds "Dr. Elif Aydın" and "Room 1"; their
 * ids in @out_practitioner_id and @out_room_id, both optional.
 * Returns: (transfer full): the administrator, still signed in. */
static inline MesoStaff *
meso_test_add_resources (MesoContext *context,
                         gint64      *out_practitioner_id,
                         gint64      *out_room_id)
{
  MesoSchedule *schedule = meso_context_get_schedule (context);
  MesoStaff *admin = meso_test_sign_in (meso_context_get_db (context),
                                        MESO_ROLE_ADMINISTRATOR, "Administrator");
  gint64 practitioner_id = meso_test_add_practitioner (schedule, "Dr. Elif Aydın");
  gint64 room_id = meso_test_add_room (schedule, "Room 1");

  if (out_practitioner_id != NULL)
    *out_practitioner_id = practitioner_id;
  if (out_room_id != NULL)
    *out_room_id = room_id;
  return admin;
}

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
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autofree char *today_iso = g_date_time_format (now, "%Y-%m-%d");
  MesoSchedule *schedule = meso_context_get_schedule (context);
  MesoAppointment *session = meso_appointment_new ();
  GDate today;

  admin = meso_test_add_resources (context, &session->practitioner_id, &session->room_id);

  /* Every question asked today; pregnant or not, as asked. */
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "García");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Lucía");
  meso_patient_set_field (patient, MESO_PATIENT_SEX, "female");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, "+34 600 123 456");
  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    meso_screening_set_answer (screening, c,
                               c == MESO_CONDITION_PREGNANCY && pregnant
                               ? MESO_ANSWER_YES : MESO_ANSWER_NO, today_iso);
  meso_context_get_today (context, &today);
  g_assert_true (meso_patient_store_save (meso_context_get_patient_store (context), patient,
                                          screening, &today, &error));
  g_assert_no_error (error);

  session->patient_id = meso_patient_get_id (patient);
  session->starts_at = 1795428000;   /* Monday 23 November 2026, 10:00 UTC */
  session->minutes = 30;
  g_assert_true (meso_schedule_save (schedule, session, &error));
  g_assert_no_error (error);

  *out_physician = meso_test_sign_in (meso_context_get_db (context), MESO_ROLE_PHYSICIAN,
                                      "Dr. Elif Aydın");
  return session;
}

/* What the tests of a physician's work at one session start from: a clinic
 * with Lucía García's booked session and the physician signed in. */
typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoAppointment *session;
  MesoStaff       *physician;
} MesoSessionFixture;

/* @data: GINT_TO_POINTER (TRUE) for a patient who said she is pregnant. */
static inline void
meso_session_fixture_set_up (MesoSessionFixture *f,
                             gconstpointer       data)
{
  f->context = meso_test_open_context (&f->dir);
  f->session = meso_test_book_session (f->context, GPOINTER_TO_INT (data), &f->physician);
}

static inline void
meso_session_fixture_tear_down (MesoSessionFixture *f,
                                gconstpointer       data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->physician);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}
