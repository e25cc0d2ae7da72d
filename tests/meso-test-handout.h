/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-handout.h: what the handout tests share: a clinic with one
 * session, a course of weekly sessions, and the patient's language. */
#pragma once

#include "meso-course.h"
#include "meso-db-write.h"
#include "meso-test-session.h"

/* Books @sessions weekly sessions, Wednesdays at 14:00 from 25 November
 * 2026, with @session's practitioner and room. */
static inline void
meso_test_book_course (MesoContext     *context,
                       MesoAppointment *session,
                       guint            sessions)
{
  MesoSchedule *schedule = meso_context_get_schedule (context);
  g_autoptr(MesoProtocol) protocol = meso_protocol_new ("Weekly", 0);
  g_autoptr(GPtrArray) planned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phases = g_strdup_printf ("%ux7", sessions);
  MesoCourse course = {
    .patient_id = session->patient_id, .protocol_name = (char *) "Weekly",
    .practitioner_id = session->practitioner_id, .room_id = session->room_id,
    .weekday = G_DATE_WEDNESDAY, .minute_of_day = 14 * 60, .sessions = sessions,
  };
  GDate first;

  g_assert_true (meso_protocol_parse_phases (protocol, phases, &error));
  g_assert_no_error (error);
  meso_test_date (&first, 2026, 11, 25);
  planned = meso_course_plan (schedule, protocol, &course, &first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (planned->len, ==, sessions);
  g_assert_true (meso_schedule_book (schedule, &course, planned, &error));
  g_assert_no_error (error);
}

/* Sets every patient's handout language ("" for the clinic's), as the
 * staff member signed in on @db, in a write of its own: on a server the
 * audit triggers learn who acts only inside one. */
static inline void
meso_test_set_language (MesoDb     *db,
                        const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (db, &error);
  MesoStmt *stmt = meso_db_prepare (db, "UPDATE patient SET language = ?1", &error);

  g_assert_no_error (error);
  meso_stmt_bind_text (stmt, 1, language);
  g_assert_cmpint (meso_stmt_step (stmt), ==, MESO_STEP_DONE);
  meso_stmt_reset (stmt);
  g_assert_true (meso_db_write_commit (w, &error));
  g_assert_no_error (error);
}

/* A clinic with Lucía García's session, Monday 23 November 2026, 10:00-10:30
 * UTC, and "now" five minutes after it. */
typedef struct
{
  char            *dir;
  MesoContext     *context;
  MesoDb          *db;
  MesoAppointment *session;
  MesoStaff       *physician;
  GDateTime       *now;
} MesoHandoutFixture;

static inline void
meso_handout_fixture_set_up (MesoHandoutFixture *f,
                             gconstpointer       data)
{
  f->context = meso_test_open_context (&f->dir);
  f->db = meso_context_get_db (f->context);
  f->session = meso_test_book_session (f->context, FALSE, &f->physician);
  f->now = g_date_time_new_utc (2026, 11, 23, 10, 35, 0);
}

static inline void
meso_handout_fixture_tear_down (MesoHandoutFixture *f,
                                gconstpointer       data)
{
  g_date_time_unref (f->now);
  g_clear_object (&f->physician);
  g_clear_object (&f->session);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* The session happened, in the database and in @f->session: what the
 * aftercare sheet and the record are about. */
static inline void
meso_handout_fixture_mark_done (MesoHandoutFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_schedule_set_status (meso_context_get_schedule (f->context), f->session->id,
                                           MESO_STATUS_DONE, &error));
  g_assert_no_error (error);
  f->session->status = MESO_STATUS_DONE;
}
