/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reminders.c: which reminders the clinic's events and rules make,
 * when they fall due, and what snoozing, dismissing, a restart and an
 * edited rule do to them. The clock is the test's. */
#include "meso-db-write.h"
#include "meso-test-db.h"
#include "meso-test-session.h"
#include "meso-treatment-store.h"

#define HOUR 3600
#define DAY (24 * HOUR)
/* Lucía García's session: Monday 23 November 2026, 10:00-10:30 UTC. */
#define SESSION 1795428000
#define SESSION_END (SESSION + 30 * 60)

typedef struct
{
  char            *dir;
  char            *location;
  MesoContext     *context;
  MesoAppointment *session;
  MesoStaff       *physician;
  gint64           now;
} Fixture;

/* Stops the context's clock at @now. */
static void
set_now (Fixture *fixture,
         gint64   now)
{
  fixture->now = now;
  meso_clock_set_now (meso_context_get_clock (fixture->context), now);
}

static MesoReminders *
reminders_of (Fixture *fixture)
{
  return meso_context_get_reminders (fixture->context);
}

static void
open_clinic (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->context = meso_context_open (fixture->location, FALSE, &error);
  g_assert_no_error (error);
  set_now (fixture, fixture->now);
}

/* Runs @sql as the staff member signed in on @db, in a write of its own:
 * on a server the audit triggers learn who acts only inside one. */
static void
exec_on (MesoDb     *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (db, &error);

  g_assert_no_error (error);
  g_assert_true (meso_db_exec (db, sql, &error));
  g_assert_no_error (error);
  g_assert_true (meso_db_write_commit (w, &error));
  g_assert_no_error (error);
}

static void
exec (Fixture    *fixture,
      const char *sql)
{
  exec_on (meso_context_get_db (fixture->context), sql);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MesoContext) context = meso_test_open_context (&fixture->dir);

  fixture->context = g_steal_pointer (&context);
  fixture->location = g_strdup (meso_db_get_path (meso_context_get_db (fixture->context)));
  fixture->session = meso_test_book_session (fixture->context, FALSE, &fixture->physician);
  set_now (fixture, fixture->now);
  /* Screened three days before the session: up to date. */
  exec (fixture, "UPDATE screening_answer SET asked_on = '2026-11-20'");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->physician);
  g_clear_object (&fixture->context);
  meso_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->location);
}

static void
sync_at (Fixture *fixture,
         gint64   now)
{
  g_autoptr(GError) error = NULL;

  set_now (fixture, now);
  g_assert_true (meso_reminders_sync (reminders_of (fixture), &error));
  g_assert_no_error (error);
}

/* Returns: (transfer full) (nullable): the reminder of @kind, if there is one. */
static MesoReminder *
find (Fixture          *fixture,
      MesoReminderKind  kind)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM reminder"
                                          " WHERE kind = '%s'",
                                          meso_reminder_kind_get_code (kind));
  gint64 id = meso_test_query_int (meso_context_get_db (fixture->context), sql);
  g_autoptr(GError) error = NULL;
  MesoReminder *reminder;

  if (id == 0)
    return NULL;
  reminder = meso_reminders_load (reminders_of (fixture), id, &error);
  g_assert_no_error (error);
  return reminder;
}

static gint64
count_reminders (Fixture *fixture)
{
  return meso_test_query_int (meso_context_get_db (fixture->context),
                              "SELECT count (*) FROM reminder");
}

static GPtrArray *
take_due_at (Fixture *fixture,
             gint64   now)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *due;

  set_now (fixture, now);
  due = meso_reminders_take_due (reminders_of (fixture), &error);
  g_assert_no_error (error);
  return due;
}

/* Takes what is due a day before the session: the one confirmation call,
 * kept in @out_due. Returns: (transfer none): the call. */
static MesoReminder *
take_confirm_call (Fixture    *fixture,
                   GPtrArray **out_due)
{
  MesoReminder *call;

  *out_due = take_due_at (fixture, SESSION - DAY);
  g_assert_cmpuint ((*out_due)->len, ==, 1);
  call = g_ptr_array_index (*out_due, 0);
  g_assert_cmpint (call->kind, ==, MESO_REMINDER_CONFIRM_CALL);
  return call;
}

/* A confirmation call's notice names the patient and the phone number,
 * nothing more, whether the reminder itself is redacted or not. */
static void
assert_names_only_notice (MesoReminder *call)
{
  g_assert_cmpstr (call->notice_summary, ==, "Confirm Lucía García’s appointment");
  g_assert_cmpstr (call->notice_body, ==, "Phone: +34 600 123 456");
}

static void
set_status (Fixture               *fixture,
            MesoAppointmentStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_schedule_set_status (meso_context_get_schedule (fixture->context),
                                           fixture->session->id, status, &error));
  g_assert_no_error (error);
}

/* A booked appointment: a confirmation call the day before at 10:00, and
 * a reminder 15 minutes before it, each shown once when due. A reminder
 * is made on the day it falls due, for Today's list. */
static void
test_booked_appointment (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MesoReminder) call = NULL;
  g_autoptr(MesoReminder) arrival = NULL;
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  sync_at (fixture, SESSION - DAY - HOUR);   /* Sunday 09:00 */
  call = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_nonnull (call);
  g_assert_null (find (fixture, MESO_REMINDER_ARRIVAL));
  g_assert_cmpint (call->due_at, ==, SESSION - DAY);
  g_assert_cmpint (call->state, ==, MESO_REMINDER_PENDING);
  g_assert_cmpint (call->patient_id, ==, fixture->session->patient_id);
  g_assert_cmpint (call->appointment_id, ==, fixture->session->id);
  g_assert_cmpstr (call->summary, ==, "Confirm Lucía García’s appointment");
  g_assert_cmpstr (call->body, ==, "Session with Dr. Elif Aydın on Monday 23 November at 10:00."
                                   " Phone: +34 600 123 456");

  early = take_due_at (fixture, SESSION - DAY - 60);
  g_assert_cmpuint (early->len, ==, 0);
  g_assert_cmpint (meso_reminders_get_next_wake (reminders_of (fixture), &error), ==,
                   SESSION - DAY);
  due = take_due_at (fixture, SESSION - DAY);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((MesoReminder *) g_ptr_array_index (due, 0))->id, ==, call->id);
  again = take_due_at (fixture, SESSION - DAY + 60);
  g_assert_cmpuint (again->len, ==, 0);

  /* On Monday, the arrival; nothing about aftercare, screening or a
   * rebooking for a booked session, and the call is not made twice. */
  sync_at (fixture, SESSION - 2 * HOUR);
  arrival = find (fixture, MESO_REMINDER_ARRIVAL);
  g_assert_nonnull (arrival);
  g_assert_cmpint (arrival->due_at, ==, SESSION - 15 * 60);
  g_assert_cmpstr (arrival->summary, ==, "Lucía García is due at 10:00");
  g_assert_cmpint (count_reminders (fixture), ==, 2);
}

/* A session done: an aftercare call the next day at 10:00, washing allowed
 * 24 h after it ended, sun, sauna and sport 48 h after. */
static void
test_session_done (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MesoReminder) call = NULL;
  g_autoptr(MesoReminder) wash = NULL;
  g_autoptr(MesoReminder) sun = NULL;

  set_status (fixture, MESO_STATUS_DONE);
  sync_at (fixture, SESSION_END + HOUR);
  g_assert_cmpint (count_reminders (fixture), ==, 0);

  sync_at (fixture, SESSION + DAY - HOUR);   /* Tuesday 09:00 */
  call = find (fixture, MESO_REMINDER_AFTERCARE_CALL);
  wash = find (fixture, MESO_REMINDER_AFTERCARE_WASH);
  g_assert_nonnull (call);
  g_assert_nonnull (wash);
  g_assert_null (find (fixture, MESO_REMINDER_AFTERCARE_SUN));
  g_assert_null (find (fixture, MESO_REMINDER_ARRIVAL));
  g_assert_cmpint (call->due_at, ==, SESSION + DAY);
  g_assert_cmpint (wash->due_at, ==, SESSION_END + DAY);
  g_assert_cmpstr (call->summary, ==, "Aftercare call: Lucía García");
  g_assert_cmpstr (wash->summary, ==, "Lucía García may wash the hair again");
  g_assert_true (g_str_has_prefix (wash->body, "The time without washing after the session at "
                                               "10:00 on Monday 23 November is over"));

  sync_at (fixture, SESSION + 2 * DAY - HOUR);   /* Wednesday 09:00 */
  sun = find (fixture, MESO_REMINDER_AFTERCARE_SUN);
  g_assert_nonnull (sun);
  g_assert_cmpint (sun->due_at, ==, SESSION_END + 2 * DAY);
  g_assert_cmpstr (sun->summary, ==, "Lucía García: sun, sauna and sport allowed again");
}

/* Recording a confirmed session's cocktail marks it done, in the same
 * transaction, and says so on the schedule's "changed" (what makes the
 * reminders run): its aftercare comes without anyone setting the status. */
static void
test_administered_is_done (Fixture       *fixture,
                           gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (fixture->context);
  MesoTreatmentStore *store = meso_context_get_treatment_store (fixture->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoCatalogue) catalogue = meso_treatment_store_load_catalogue (store, &error);
  g_autoptr(MesoCocktail) cocktail = meso_cocktail_new ();
  g_autoptr(MesoAppointment) stored = NULL;
  g_autoptr(MesoReminder) call = NULL;
  MesoCocktailItem item = { meso_catalogue_find_by_name (catalogue, "Zinc")->id, 0, 1, 0.5, 0 };
  guint changed = 0;
  gulong handler;
  GDate today;

  item.lot_id = meso_treatment_store_add_product (store, item.ingredient_id, "Mesolab", 5, 1,
                                                  &error);
  item.lot_id = meso_treatment_store_receive (store, item.lot_id, "Z-1", "2099-12-31", 20, &error);
  g_assert_no_error (error);
  meso_cocktail_add (cocktail, &item);
  /* Asked on the day of the session, as pregnancy must be. */
  exec (fixture, "UPDATE screening_answer SET asked_on = '2026-11-23'");
  meso_test_date (&today, 2026, 11, 23);
  set_status (fixture, MESO_STATUS_CONFIRMED);

  handler = g_signal_connect_swapped (schedule, "changed",
                                      G_CALLBACK (meso_test_count_cb), &changed);
  g_assert_cmpint (meso_treatment_store_administer (store, schedule, fixture->session->id,
                                                    fixture->session->patient_id, cocktail, 0, NULL,
                                                    "", 0, &today, &error), >, 0);
  g_assert_no_error (error);
  g_signal_handler_disconnect (schedule, handler);
  g_assert_cmpuint (changed, ==, 1);
  stored = meso_schedule_load (schedule, fixture->session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, MESO_STATUS_DONE);
  g_assert_cmpuint (stored->revision, >, fixture->session->revision);

  sync_at (fixture, SESSION + DAY - HOUR);   /* Tuesday 09:00 */
  call = find (fixture, MESO_REMINDER_AFTERCARE_CALL);
  g_assert_nonnull (call);
  g_assert_cmpint (call->appointment_id, ==, fixture->session->id);
  g_assert_cmpint (call->due_at, ==, SESSION + DAY);
  g_assert_nonnull (find (fixture, MESO_REMINDER_AFTERCARE_WASH));
}

/* Cancelling withdraws the reminders not shown yet; confirming closes a
 * confirmation call already shown: its task is over. */
static void
test_event_goes_away (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MesoReminder) call = NULL;
  g_autoptr(MesoReminder) closed = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  sync_at (fixture, SESSION - DAY - HOUR);
  due = take_due_at (fixture, SESSION - DAY);
  call = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_true (meso_reminders_set_state (reminders_of (fixture), call->id,
                                           MESO_REMINDER_SHOWN, &error));
  g_assert_no_error (error);

  set_status (fixture, MESO_STATUS_CONFIRMED);
  sync_at (fixture, SESSION - DAY + HOUR);
  closed = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_cmpint (closed->state, ==, MESO_REMINDER_DONE);

  sync_at (fixture, SESSION - 2 * HOUR);
  g_assert_nonnull (find (fixture, MESO_REMINDER_ARRIVAL));
  set_status (fixture, MESO_STATUS_CANCELLED);
  sync_at (fixture, SESSION - HOUR);
  g_assert_null (find (fixture, MESO_REMINDER_ARRIVAL));
  g_assert_cmpint (count_reminders (fixture), ==, 1);
}

/* A no-show asks for a rebooking, until there is one. */
static void
test_no_show (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MesoReminder) rebook = NULL;
  g_autoptr(MesoAppointment) next = meso_appointment_new ();
  g_autoptr(GError) error = NULL;

  set_status (fixture, MESO_STATUS_NO_SHOW);
  sync_at (fixture, SESSION_END + 60);
  rebook = find (fixture, MESO_REMINDER_NO_SHOW);
  g_assert_nonnull (rebook);
  g_assert_cmpint (rebook->due_at, ==, SESSION_END);
  g_assert_cmpstr (rebook->summary, ==, "Rebook Lucía García");
  g_assert_cmpstr (rebook->body, ==, "Missed: Session on Monday 23 November at 10:00."
                                     " Phone: +34 600 123 456");
  g_assert_true (meso_reminders_set_state (reminders_of (fixture), rebook->id,
                                           MESO_REMINDER_SHOWN, &error));

  next->patient_id = fixture->session->patient_id;
  next->practitioner_id = fixture->session->practitioner_id;
  next->room_id = fixture->session->room_id;
  next->starts_at = SESSION + 7 * DAY;
  next->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (fixture->context), next,
                                     &error));
  g_assert_no_error (error);
  sync_at (fixture, SESSION_END + 120);
  g_clear_pointer (&rebook, meso_reminder_free);
  rebook = find (fixture, MESO_REMINDER_NO_SHOW);
  g_assert_cmpint (rebook->state, ==, MESO_REMINDER_DONE);
}

/* Snoozing shows the reminder again an hour later, not before. */
static void
test_snooze (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MesoReminder) call = NULL;
  g_autoptr(MesoReminder) snoozed = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) during = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  sync_at (fixture, SESSION - DAY - HOUR);
  due = take_due_at (fixture, SESSION - DAY);
  g_assert_cmpuint (due->len, ==, 1);
  call = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_true (meso_reminders_set_state (reminders_of (fixture), call->id,
                                           MESO_REMINDER_SHOWN, &error));
  g_assert_true (meso_reminders_snooze (reminders_of (fixture), call->id, 60, &error));
  g_assert_no_error (error);

  snoozed = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_cmpint (snoozed->state, ==, MESO_REMINDER_SNOOZED);
  g_assert_cmpint (snoozed->snoozed_until, ==, SESSION - DAY + HOUR);
  g_assert_cmpint (snoozed->due_at, ==, SESSION - DAY);
  g_assert_cmpint (meso_reminders_get_next_wake (reminders_of (fixture), &error), ==,
                   SESSION - DAY + HOUR);
  /* Snoozed, it does not count as due, and a sync keeps it snoozed. */
  g_assert_cmpint (meso_reminders_count_due (reminders_of (fixture), &error), ==, 0);
  sync_at (fixture, SESSION - DAY + 30 * 60);
  during = take_due_at (fixture, SESSION - DAY + HOUR - 1);
  g_assert_cmpuint (during->len, ==, 0);
  after = take_due_at (fixture, SESSION - DAY + HOUR);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (((MesoReminder *) g_ptr_array_index (after, 0))->id, ==, call->id);
  g_assert_cmpint (meso_reminders_count_due (reminders_of (fixture), &error), ==, 1);
}

/* A dismissed reminder is never made again, and leaves the open list. */
static void
test_dismiss (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MesoReminder) call = NULL;
  g_autoptr(MesoReminder) dismissed = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;

  sync_at (fixture, SESSION - DAY);
  call = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_true (meso_reminders_set_state (reminders_of (fixture), call->id,
                                           MESO_REMINDER_DISMISSED, &error));
  g_assert_no_error (error);
  sync_at (fixture, SESSION - DAY + HOUR);
  sync_at (fixture, SESSION - 2 * HOUR);

  dismissed = find (fixture, MESO_REMINDER_CONFIRM_CALL);
  g_assert_cmpint (dismissed->id, ==, call->id);
  g_assert_cmpint (dismissed->state, ==, MESO_REMINDER_DISMISSED);
  g_assert_cmpint (count_reminders (fixture), ==, 2);
  /* Whoever dismissed it is on record. */
  g_assert_cmpint (meso_test_query_int (meso_context_get_db (fixture->context),
                                        "SELECT handled_by FROM reminder WHERE kind = 'confirm-call'"),
                   ==, meso_staff_get_id (fixture->physician));

  open = meso_reminders_list_open (reminders_of (fixture), SESSION + DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (((MesoReminder *) g_ptr_array_index (open, 0))->kind, ==,
                   MESO_REMINDER_ARRIVAL);
}

static void
collect_due_cb (MesoReminders *reminders,
                GPtrArray     *due,
                GPtrArray     *summaries)
{
  for (guint i = 0; i < due->len; i++)
    g_ptr_array_add (summaries, g_strdup (((MesoReminder *) g_ptr_array_index (due, i))->summary));
}

/* Mesodesk closed on Sunday morning and started again on Tuesday at noon:
 * the reminders that fell due meanwhile are shown at the start, including
 * those of a session marked done while it was closed. */
static void
test_catch_up_after_restart (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  sync_at (fixture, SESSION - DAY - HOUR);
  g_clear_object (&fixture->context);

  /* Another workstation marks the session done. */
  {
    g_autoptr(MesoDb) db = meso_db_open (fixture->location, &error);
    g_autoptr(MesoStaff) receptionist = meso_test_sign_in (db, MESO_ROLE_RECEPTIONIST, "Deniz");
    g_autofree char *sql = g_strdup_printf ("UPDATE appointment SET status = 'done'"
                                            " WHERE id = %" G_GINT64_FORMAT,
                                            fixture->session->id);

    g_assert_no_error (error);
    exec_on (db, sql);
  }

  fixture->now = SESSION + DAY + 2 * HOUR;   /* Tuesday 12:00 */
  open_clinic (fixture);
  /* The physician signs in at the start: nobody's reminders are redacted. */
  meso_db_set_actor (meso_context_get_db (fixture->context), fixture->physician);
  g_signal_connect (reminders_of (fixture), "due", G_CALLBACK (collect_due_cb), summaries);
  meso_reminders_run (reminders_of (fixture));
  while (summaries->len < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (summaries->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==, "Aftercare call: Lucía García");
  g_assert_cmpstr (g_ptr_array_index (summaries, 1), ==, "Lucía García may wash the hair again");
  /* The confirmation call and arrival of a session now done are gone. */
  g_assert_null (find (fixture, MESO_REMINDER_CONFIRM_CALL));
  g_assert_null (find (fixture, MESO_REMINDER_ARRIVAL));
  /* Wednesday's reminder is made on Wednesday. */
  g_assert_null (find (fixture, MESO_REMINDER_AFTERCARE_SUN));
}

/* The clinic changes a rule: reminders not shown yet follow it; a rule
 * turned off withdraws its reminders; a text naming an unknown field is
 * refused; only an administrator may change rules. */
static void
test_edit_rule (Fixture       *fixture,
                gconstpointer  data)
{
  MesoReminders *reminders = reminders_of (fixture);
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoReminder) wash = NULL;
  g_autoptr(GError) error = NULL;
  MesoReminderRule rule;

  set_status (fixture, MESO_STATUS_DONE);
  sync_at (fixture, SESSION + DAY - HOUR);   /* Tuesday 09:00 */
  wash = find (fixture, MESO_REMINDER_AFTERCARE_WASH);
  g_assert_cmpint (wash->due_at, ==, SESSION_END + DAY);

  g_assert_true (meso_reminders_get_rule (reminders, MESO_REMINDER_AFTERCARE_WASH, &rule, &error));
  g_assert_cmpint (rule.offset_minutes, ==, 24 * 60);
  g_free (rule.summary);
  rule.summary = g_strdup ("{patient}: a first draft");
  g_assert_false (meso_reminders_save_rule (reminders, &rule, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  admin = meso_test_sign_in (meso_context_get_db (fixture->context), MESO_ROLE_ADMINISTRATOR,
                             "Second Administrator");
  g_assert_true (meso_reminders_save_rule (reminders, &rule, &error));
  g_assert_no_error (error);
  /* Saved again, changed: the second version is the one kept. */
  rule.offset_minutes = 48 * 60;
  g_free (rule.summary);
  rule.summary = g_strdup ("{patient}: washing allowed from today");
  g_assert_true (meso_reminders_save_rule (reminders, &rule, &error));
  g_assert_no_error (error);
  meso_reminder_rule_clear (&rule);

  g_assert_true (meso_reminders_get_rule (reminders, MESO_REMINDER_AFTERCARE_SUN, &rule, &error));
  rule.enabled = FALSE;
  g_assert_true (meso_reminders_save_rule (reminders, &rule, &error));
  g_free (rule.body);
  rule.body = g_strdup ("Call {name}");
  g_assert_false (meso_reminders_save_rule (reminders, &rule, &error));
  g_assert_error (error, MESO_REMINDER_ERROR, MESO_REMINDER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“{name}” is not a field"));
  meso_reminder_rule_clear (&rule);
  g_clear_error (&error);

  /* Washing now waits 48 hours: not today any more, but Wednesday. */
  sync_at (fixture, SESSION + DAY);
  g_assert_null (find (fixture, MESO_REMINDER_AFTERCARE_WASH));
  sync_at (fixture, SESSION + 2 * DAY - HOUR);
  g_clear_pointer (&wash, meso_reminder_free);
  wash = find (fixture, MESO_REMINDER_AFTERCARE_WASH);
  g_assert_cmpint (wash->due_at, ==, SESSION_END + 2 * DAY);
  g_assert_cmpstr (wash->summary, ==, "Lucía García: washing allowed from today");
  g_assert_null (find (fixture, MESO_REMINDER_AFTERCARE_SUN));

  /* Back to the built-in rule: 24 hours have passed, so it is due now. */
  g_assert_true (meso_reminders_reset_rule (reminders, MESO_REMINDER_AFTERCARE_WASH, &error));
  g_assert_no_error (error);
  sync_at (fixture, SESSION + 2 * DAY - HOUR + 60);
  g_clear_pointer (&wash, meso_reminder_free);
  wash = find (fixture, MESO_REMINDER_AFTERCARE_WASH);
  g_assert_cmpint (wash->due_at, ==, fixture->now);
  g_assert_cmpstr (wash->summary, ==, "Lucía García may wash the hair again");
}

/* Answers older than the clinic's limit at the session: renew them. */
static void
test_screening_outdated (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MesoReminder) screening = NULL;

  sync_at (fixture, SESSION - DAY - 2 * HOUR);
  g_assert_null (find (fixture, MESO_REMINDER_SCREENING));

  exec (fixture, "UPDATE screening_answer SET asked_on = '2026-09-01'");
  sync_at (fixture, SESSION - DAY - HOUR);
  screening = find (fixture, MESO_REMINDER_SCREENING);
  g_assert_nonnull (screening);
  g_assert_cmpint (screening->due_at, ==, SESSION - DAY);
  g_assert_cmpstr (screening->summary, ==, "Screening to renew: Lucía García");
  g_assert_cmpstr (screening->body, ==, "Last answered: 1 September 2026. Ask the questions"
                                        " again before the session on Monday 23 November at"
                                        " 10:00.");
}

/* The last session of a course with maintenance: a reminder a week before
 * maintenance is due, unless the patient has booked again. */
static void
test_maintenance_due (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MesoReminder) maintenance = NULL;
  g_autoptr(GDateTime) due_day = g_date_time_new_utc (2027, 5, 22, 0, 0, 0);
  gint64 reminder_at = g_date_time_to_unix (due_day) - 7 * DAY + 10 * HOUR;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO course (id, patient_id, protocol_name, practitioner_id, room_id, weekday,"
    "  minute_of_day, sessions, maintenance_days)"
    " VALUES (1, %" G_GINT64_FORMAT ", 'Plan A', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
    ", 1, 600, 1, 180);"
    "UPDATE appointment SET course_id = 1, course_position = 1;",
    fixture->session->patient_id, fixture->session->practitioner_id, fixture->session->room_id);

  exec (fixture, sql);
  set_status (fixture, MESO_STATUS_DONE);
  sync_at (fixture, reminder_at - HOUR);
  maintenance = find (fixture, MESO_REMINDER_MAINTENANCE);
  g_assert_nonnull (maintenance);
  g_assert_cmpint (maintenance->due_at, ==, reminder_at);
  g_assert_cmpstr (maintenance->summary, ==, "Maintenance due for Lucía García");
  g_assert_cmpstr (maintenance->body, ==, "The Plan A course is over: maintenance is due on"
                                          " Saturday 22 May. Phone: +34 600 123 456");
}

/* A lot within the warning time and a product running low each remind,
 * at once; a delivery that restocks the product withdraws its reminder. */
static void
test_stock (Fixture       *fixture,
            gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (fixture->context);
  MesoTreatmentStore *store = meso_context_get_treatment_store (fixture->context);
  gint64 ingredient = meso_test_query_int (db, "SELECT min (id) FROM ingredient");
  g_autoptr(MesoReminder) expiring = NULL;
  g_autoptr(MesoReminder) low = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 product;

  product = meso_treatment_store_add_product (store, ingredient, "Dermo", 5, 10, &error);
  g_assert_no_error (error);
  meso_treatment_store_receive (store, product, "L-17", "2026-12-01", 3, &error);
  g_assert_no_error (error);

  sync_at (fixture, SESSION - 2 * DAY);
  expiring = find (fixture, MESO_REMINDER_LOT_EXPIRING);
  low = find (fixture, MESO_REMINDER_LOW_STOCK);
  g_assert_nonnull (expiring);
  g_assert_nonnull (low);
  g_assert_cmpstr (expiring->summary, ==, "Lot L-17 expires on 1 December 2026");
  g_assert_true (g_str_has_suffix (expiring->body, " (Dermo): 3.0 ml left. Use it first, or take"
                                                   " it out of stock."));
  g_assert_cmpstr (low->body, ==, "3.0 ml left that can be used. Order more.");
  /* Warned of 30 days before expiry, at 09:00: that is already past. */
  g_assert_cmpint (expiring->due_at, <, SESSION - 2 * DAY);
  g_assert_cmpint (low->due_at, ==, SESSION - 2 * DAY);
  due = take_due_at (fixture, SESSION - 2 * DAY);
  g_assert_cmpuint (due->len, ==, 2);

  meso_treatment_store_receive (store, product, "L-18", "2027-12-01", 20, &error);
  g_assert_no_error (error);
  sync_at (fixture, SESSION - 2 * DAY + HOUR);
  g_assert_null (find (fixture, MESO_REMINDER_LOW_STOCK));
  g_assert_nonnull (find (fixture, MESO_REMINDER_LOT_EXPIRING));
}

/* The app syncs in a worker thread, on a connection of its own: the stock
 * is read there too, and its reminders are handed out like the others. */
static void
test_stock_in_background (Fixture       *fixture,
                          gconstpointer  data)
{
  MesoTreatmentStore *store = meso_context_get_treatment_store (fixture->context);
  gint64 ingredient = meso_test_query_int (meso_context_get_db (fixture->context),
                                           "SELECT min (id) FROM ingredient");
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 product;

  product = meso_treatment_store_add_product (store, ingredient, "Dermo", 5, 10, &error);
  g_assert_no_error (error);
  meso_treatment_store_receive (store, product, "L-17", "2026-12-01", 3, &error);
  g_assert_no_error (error);

  set_now (fixture, SESSION - 2 * DAY);
  g_signal_connect (reminders_of (fixture), "due", G_CALLBACK (collect_due_cb), summaries);
  meso_reminders_run (reminders_of (fixture));
  /* Not for ever: a sync that made nothing emits nothing. */
  for (gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
       summaries->len < 2 && g_get_monotonic_time () < until; )
    g_main_context_iteration (NULL, FALSE);
  g_signal_handlers_disconnect_by_data (reminders_of (fixture), summaries);

  g_assert_cmpuint (summaries->len, ==, 2);
  /* The lot's warning fell due before the shortage, found just now. */
  g_assert_cmpstr (g_ptr_array_index (summaries, 0), ==, "Lot L-17 expires on 1 December 2026");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (summaries, 1), "Low stock: "));
}

/* Nobody signed in (the workstation locked, or Mesodesk in the background):
 * the reminders due are handed out without the patient's name, phone
 * number or what they are about, but still only once, and marked shown;
 * Today lists them in full for whoever signs in. */
static void
test_nobody_signed_in (Fixture       *fixture,
                       gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (fixture->context);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  MesoReminder *call;

  sync_at (fixture, SESSION - DAY - HOUR);
  meso_db_set_actor (db, NULL);
  call = take_confirm_call (fixture, &due);
  g_assert_true (call->redacted);
  g_assert_cmpstr (call->summary, ==, "");
  g_assert_cmpstr (call->body, ==, "");
  g_assert_cmpstr (call->phone, ==, "");
  g_assert_cmpstr (call->notice_summary, ==, "");
  g_assert_cmpstr (call->notice_body, ==, "");
  g_assert_cmpint (call->appointment_id, ==, fixture->session->id);

  /* The count needs no name. */
  g_assert_cmpint (meso_reminders_count_due (reminders_of (fixture), &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (meso_reminders_set_shown (reminders_of (fixture), due, NULL, &error));
  g_assert_no_error (error);
  again = take_due_at (fixture, SESSION - DAY + 60);
  g_assert_cmpuint (again->len, ==, 0);

  meso_db_set_actor (db, fixture->physician);
  open = meso_reminders_list_open (reminders_of (fixture), SESSION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  call = g_ptr_array_index (open, 0);
  g_assert_cmpint (call->state, ==, MESO_REMINDER_SHOWN);
  g_assert_cmpstr (call->summary, ==, "Confirm Lucía García’s appointment");
  g_assert_cmpstr (call->phone, ==, "+34 600 123 456");
}

/* A clinic that wants names on a locked screen gets the name and the
 * phone number in the notice, never the reminder's own texts. */
static void
test_names_when_locked (Fixture       *fixture,
                        gconstpointer  data)
{
  MesoDb *db = meso_context_get_db (fixture->context);
  MesoClinic *clinic = meso_context_get_clinic (fixture->context);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  MesoReminder *call;

  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_NAMES_WHEN_LOCKED), ==, 0);
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_NAMES_WHEN_LOCKED, 1, &error));
  g_assert_no_error (error);
  sync_at (fixture, SESSION - DAY - HOUR);
  meso_db_set_actor (db, NULL);
  /* Only an administrator turns it on, and nobody with nobody signed in. */
  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_NAMES_WHEN_LOCKED, 1, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);

  call = take_confirm_call (fixture, &due);
  g_assert_true (call->redacted);
  g_assert_cmpstr (call->summary, ==, "");
  g_assert_cmpstr (call->body, ==, "");
  assert_names_only_notice (call);
}

/* Signed in, the reminder is whole, and its notice still names only the
 * patient and the phone number. */
static void
test_signed_in_notice (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) due = NULL;
  MesoReminder *call;

  sync_at (fixture, SESSION - DAY - HOUR);
  call = take_confirm_call (fixture, &due);
  g_assert_false (call->redacted);
  g_assert_cmpstr (call->summary, ==, "Confirm Lucía García’s appointment");
  g_assert_cmpstr (call->phone, ==, "+34 600 123 456");
  assert_names_only_notice (call);
}

/* No kind's notice says what the reminder is about clinically, whatever
 * the clinic made its texts say; stock notices name no product. */
static void
test_notice_words (void)
{
  static const char *const clinical[] = {
    "aftercare", "mesotherap", "session", "scalp", "hair", "wash", "sun", "sauna", "sport",
    "allerg", "pregnan", "screening", "maintenance", "treatment", "course", "protocol",
    "minoxidil", "dutasteride", "biotin", "dermo", "product", "lot l-", NULL
  };

  for (MesoReminderKind kind = 0; kind < MESO_REMINDER_N_KINDS; kind++)
    {
      MesoReminder reminder = {
        .kind = kind,
        .summary = g_strdup ("Aftercare call: Ayşe Yılmaz, scalp session with minoxidil"),
        .phone = g_strdup ("+90 532 000 00 00"),
      };
      gboolean about_patient = meso_reminder_kind_get_target (kind) != MESO_REMINDER_OPENS_STOCK;
      g_autofree char *folded = NULL;

      meso_reminder_set_notice (&reminder, "Ayşe Yılmaz");
      g_test_message ("%s: %s / %s", meso_reminder_kind_get_code (kind),
                      reminder.notice_summary, reminder.notice_body);
      g_assert_cmpstr (reminder.notice_summary, !=, "");
      g_assert_true (about_patient == (strstr (reminder.notice_summary, "Ayşe Yılmaz") != NULL));
      g_assert_cmpstr (reminder.notice_body, ==, about_patient ? "Phone: +90 532 000 00 00" : "");
      folded = g_utf8_casefold (reminder.notice_summary, -1);
      for (guint i = 0; clinical[i] != NULL; i++)
        g_assert_null (strstr (folded, clinical[i]));

      meso_reminder_set_notice (&reminder, NULL);
      g_assert_true (about_patient == (*reminder.notice_summary == '\0'));
      g_assert_cmpstr (reminder.notice_body, ==, "");
      g_free (reminder.summary);
      g_free (reminder.phone);
      g_free (reminder.notice_summary);
      g_free (reminder.notice_body);
    }
}

static void
test_expand (void)
{
  const char *fields[MESO_REMINDER_N_FIELDS] = {
    [MESO_REMINDER_FIELD_PATIENT] = "Ayşe Yılmaz",
    [MESO_REMINDER_FIELD_TIME] = "09:30",
  };
  g_autofree char *text = meso_reminder_expand ("{patient} at {time}, {phone}{ {unknown}",
                                                fields);

  g_assert_cmpstr (text, ==, "Ayşe Yılmaz at 09:30, { {unknown}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reminders/booked-appointment", test_booked_appointment);
  ADD ("/reminders/session-done", test_session_done);
  ADD ("/reminders/administered-is-done", test_administered_is_done);
  ADD ("/reminders/event-goes-away", test_event_goes_away);
  ADD ("/reminders/no-show", test_no_show);
  ADD ("/reminders/snooze", test_snooze);
  ADD ("/reminders/dismiss", test_dismiss);
  ADD ("/reminders/catch-up-after-restart", test_catch_up_after_restart);
  ADD ("/reminders/edit-rule", test_edit_rule);
  ADD ("/reminders/screening-outdated", test_screening_outdated);
  ADD ("/reminders/maintenance-due", test_maintenance_due);
  ADD ("/reminders/stock", test_stock);
  ADD ("/reminders/stock-in-background", test_stock_in_background);
  ADD ("/reminders/nobody-signed-in", test_nobody_signed_in);
  ADD ("/reminders/names-when-locked", test_names_when_locked);
  ADD ("/reminders/signed-in-notice", test_signed_in_notice);
#undef ADD
  g_test_add_func ("/reminders/expand", test_expand);
  g_test_add_func ("/reminders/notice-words", test_notice_words);

  return g_test_run ();
}
