/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message-maker.c: makes the messages the clinic's rules want, each
 * when it falls due, in the texts of the patient's language (the
 * [messages] section of the handout texts, filled in from the handout the
 * message is about), and queues them in one transaction. It runs on a
 * worker context acting for the clinic (meso_context_open_worker()), so
 * that messages go whether anyone is signed in or not; every workstation
 * may run it: a message is made once per kind and event (the outbox's
 * unique source), whichever makes it first. */
#define G_LOG_DOMAIN "meso-outbox"

#include <string.h>

#include "meso-db-write.h"
#include "meso-handout-pages.h"
#include "meso-handout.h"
#include "meso-ical.h"
#include "meso-mail.h"
#include "meso-message-maker.h"

#define MINUTE 60
#define DAY (24 * 60 * MINUTE)

struct _MesoMessageMaker
{
  GObject      parent_instance;

  MesoContext *worker;
};

G_DEFINE_FINAL_TYPE (MesoMessageMaker, meso_message_maker, G_TYPE_OBJECT)

static void
meso_message_maker_finalize (GObject *object)
{
  g_clear_object (&MESO_MESSAGE_MAKER (object)->worker);
  G_OBJECT_CLASS (meso_message_maker_parent_class)->finalize (object);
}

static void
meso_message_maker_class_init (MesoMessageMakerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_message_maker_finalize;
}

static void
meso_message_maker_init (MesoMessageMaker *self)
{
}

/**
 * meso_message_maker_new:
 * @worker: a context from meso_context_open_worker(), used by the
 *   maker's thread only
 */
MesoMessageMaker *
meso_message_maker_new (MesoContext *worker)
{
  MesoMessageMaker *self = g_object_new (MESO_TYPE_MESSAGE_MAKER, NULL);

  self->worker = g_object_ref (worker);
  return self;
}

/* What each rule is about: the setting that turns it on, the texts' keys,
 * the handout its fields come from, and what it attaches. */
static const struct
{
  MesoClinicNumber       setting;
  const char            *subject;
  const char            *body;
  MesoHandoutKind        handout;
  MesoMessageAttachment  attachment;
} rules[MESO_N_MESSAGE_KINDS] = {
  [MESO_MESSAGE_CONFIRMATION] = { MESO_CLINIC_MESSAGE_CONFIRMATION, "confirmation-subject",
                                  "confirmation-body", MESO_HANDOUT_INSTRUCTIONS,
                                  MESO_MESSAGE_ATTACH_NONE },
  [MESO_MESSAGE_AFTERCARE]    = { MESO_CLINIC_MESSAGE_AFTERCARE, "aftercare-subject",
                                  "aftercare-body", MESO_HANDOUT_AFTERCARE,
                                  MESO_MESSAGE_ATTACH_AFTERCARE_SHEET },
  [MESO_MESSAGE_NEXT_SESSION] = { MESO_CLINIC_MESSAGE_NEXT_SESSION, "next-session-subject",
                                  "next-session-body", MESO_HANDOUT_INSTRUCTIONS,
                                  MESO_MESSAGE_ATTACH_CALENDAR },
  /* About the course's last session. */
  [MESO_MESSAGE_MAINTENANCE]  = { MESO_CLINIC_MESSAGE_MAINTENANCE, "maintenance-subject",
                                  "maintenance-body", MESO_HANDOUT_SCHEDULE,
                                  MESO_MESSAGE_ATTACH_NONE },
};

/* One pass: when, and what it found due. */
typedef struct
{
  MesoContext   *worker;
  MesoClinic    *clinic;
  MesoResources *resources;
  gint64         now;
  GPtrArray     *due;        /* of MesoMessage, their texts not made yet */
} Pass;

/* @days before @instant's day, at @minute of it (-1: the clinic's time for
 * messages). */
static gint64
days_before_at (Pass   *pass,
                gint64  instant,
                int     days,
                int     minute)
{
  GDate day;

  meso_resources_get_day (pass->resources, instant, &day, NULL);
  if (days >= 0)
    g_date_subtract_days (&day, days);
  else
    g_date_add_days (&day, -days);
  return meso_resources_to_instant (pass->resources, &day,
                                    minute >= 0 ? (guint) minute
                                                : meso_clinic_get_number (pass->clinic,
                                                                          MESO_CLINIC_MESSAGE_MINUTE));
}

/* Wants a message of @kind about @source for @patient_id, if its rule is
 * on and it is due (@due_at has come) but not stale (@stale_at has not):
 * a message that could not go in time (every workstation off) is not sent
 * when its words would be wrong, such as "tomorrow" on the day itself. */
static void
want (Pass            *pass,
      MesoMessageKind  kind,
      gint64           patient_id,
      char            *source,
      gint64           due_at,
      gint64           stale_at)
{
  g_autofree char *owned_source = source;
  MesoMessage *message;

  if (!meso_clinic_get_number (pass->clinic, rules[kind].setting) ||
      due_at > pass->now || pass->now >= stale_at)
    return;
  message = meso_message_new ();
  message->kind = kind;
  message->channel = MESO_CHANNEL_EMAIL;
  message->patient_id = patient_id;
  message->send_at = due_at;
  message->attachment = rules[kind].attachment;
  message->source = g_steal_pointer (&owned_source);
  g_ptr_array_add (pass->due, message);
}

/* The messages @appointment wants now by the rules. A confirmation is
 * about the appointment at its time: moved, it is confirmed again. */
static void
want_for_appointment (Pass                  *pass,
                      const MesoAppointment *appointment)
{
  MesoAppointmentStatus status = appointment->status;
  gboolean ahead = (status == MESO_STATUS_BOOKED || status == MESO_STATUS_CONFIRMED) &&
                   appointment->starts_at > pass->now;
  gboolean treatment = appointment->kind != MESO_KIND_CONSULTATION &&
                       appointment->kind != MESO_KIND_FOLLOW_UP;
  guint next_days = meso_clinic_get_number (pass->clinic, MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS);
  guint aftercare = meso_clinic_get_number (pass->clinic, MESO_CLINIC_MESSAGE_AFTERCARE_MINUTES);

  gint64 ends_at = meso_appointment_get_ends_at ((MesoAppointment *) appointment);
  gint64 its_day = days_before_at (pass, appointment->starts_at, 0, 0);

  /* Until the appointment's day begins. */
  if (ahead)
    want (pass, MESO_MESSAGE_CONFIRMATION, appointment->patient_id,
          g_strdup_printf ("appointment:%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT,
                           appointment->id, appointment->starts_at),
          days_before_at (pass, appointment->starts_at, 1, -1), its_day);
  /* For a day, and before the appointment's. */
  if (ahead && appointment->course_id != 0 && appointment->course_position > 1)
    {
      gint64 due_at = days_before_at (pass, appointment->starts_at, next_days, -1);

      want (pass, MESO_MESSAGE_NEXT_SESSION, appointment->patient_id,
            g_strdup_printf ("appointment:%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT,
                             appointment->id, appointment->starts_at),
            due_at, MIN (due_at + DAY, its_day));
    }
  /* "Thank you for coming today": on the session's day. */
  if (status == MESO_STATUS_DONE && treatment)
    want (pass, MESO_MESSAGE_AFTERCARE, appointment->patient_id,
          g_strdup_printf ("appointment:%" G_GINT64_FORMAT, appointment->id),
          ends_at + (gint64) aftercare * MINUTE, days_before_at (pass, ends_at, -1, 0));
}

static gboolean
find_due (Pass    *pass,
          GError **error)
{
  MesoSchedule *schedule = meso_context_get_schedule (pass->worker);
  guint next_days = meso_clinic_get_number (pass->clinic, MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS);
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GArray) maintenance = NULL;

  /* From today's sessions (their aftercare) to the appointments whose
   * next-session notice may be due (the range takes those still going on
   * at its start). */
  appointments = meso_schedule_list_range (schedule, days_before_at (pass, pass->now, 0, 0),
                                           pass->now + (gint64) (next_days + 2) * DAY, error);
  if (appointments == NULL)
    return FALSE;
  for (guint i = 0; i < appointments->len; i++)
    want_for_appointment (pass, g_ptr_array_index (appointments, i));
  /* Maintenance is due on a day: the message goes at the clinic's time. */
  if (!meso_clinic_get_number (pass->clinic, MESO_CLINIC_MESSAGE_MAINTENANCE))
    return TRUE;
  maintenance = meso_schedule_list_maintenance_due (schedule, pass->now - DAY, pass->now, error);
  if (maintenance == NULL)
    return FALSE;
  for (guint i = 0; i < maintenance->len; i++)
    {
      MesoMaintenanceDue *due = &g_array_index (maintenance, MesoMaintenanceDue, i);
      gint64 due_at = days_before_at (pass, due->due_day_starts, 0, -1);

      want (pass, MESO_MESSAGE_MAINTENANCE, due->patient_id,
            g_strdup_printf ("appointment:%" G_GINT64_FORMAT, due->session_id), due_at,
            due_at + DAY);
    }
  return TRUE;
}

/* Gives @message its address and texts, in the patient's language;
 * %FALSE (no error) when the patient has not agreed, or has no address. */
static gboolean
make_texts (Pass         *pass,
            MesoMessage  *message,
            GError      **error)
{
  MesoPatientStore *patients = meso_context_get_patient_store (pass->worker);
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pass->now);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *whole = NULL;
  const char *address;

  if (!meso_patient_store_get_consent (patients, message->patient_id, message->channel, NULL,
                                       &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  patient = meso_patient_store_load (patients, message->patient_id, error);
  if (patient == NULL)
    return FALSE;
  /* The patient editor says what is wrong with an address. */
  address = meso_patient_get_field (patient, MESO_PATIENT_EMAIL);
  if (!meso_mail_address_is_valid (address))
    return FALSE;
  handout = meso_handout_build (pass->worker, rules[message->kind].handout,
                                meso_message_get_appointment_id (message), 0, now, error);
  if (handout == NULL)
    return FALSE;
  message->recipient = g_strdup (address);
  subject = meso_handout_expand (handout, "messages", rules[message->kind].subject);
  body = meso_handout_expand (handout, "messages", rules[message->kind].body);
  stop = meso_handout_expand (handout, "messages", "stop");
  whole = g_strdup_printf ("%s\n\n%s\n", body, stop);
  /* The outbox keeps at most this much (a clinic's own texts may be long). */
  message->subject = g_utf8_substring (subject, 0, MIN (g_utf8_strlen (subject, -1), 500));
  message->body = g_utf8_substring (whole, 0, MIN (g_utf8_strlen (whole, -1), 20000));
  return TRUE;
}

/**
 * meso_message_maker_still_wanted:
 * @out_wanted: (out): whether the appointment @message is about still
 *   wants it: one moved or cancelled since is no longer confirmed or
 *   announced, a session no longer done gets no aftercare
 *
 * Asked by each pass of the queued and failed messages, and by the sender
 * before it sends one.
 *
 * Returns: %FALSE with @error if the appointment could not be read
 */
gboolean
meso_message_maker_still_wanted (MesoMessageMaker   *self,
                                 const MesoMessage  *message,
                                 gboolean           *out_wanted,
                                 GError            **error)
{
  g_autoptr(MesoAppointment) appointment = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *at = strchr (message->source, '@');

  /* Not about an appointment: not the rules' to withdraw. */
  *out_wanted = TRUE;
  if (meso_message_get_appointment_id (message) == 0)
    return TRUE;
  /* "no longer exists" is the schedule's only invalid answer to a load. */
  appointment = meso_schedule_load (meso_context_get_schedule (self->worker),
                                    meso_message_get_appointment_id (message), &local_error);
  if (appointment == NULL && !g_error_matches (local_error, MESO_SCHEDULE_ERROR,
                                               MESO_SCHEDULE_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (appointment == NULL)
    *out_wanted = FALSE;
  /* About a session done: the aftercare, or the course it ended. */
  else if (message->kind == MESO_MESSAGE_AFTERCARE || message->kind == MESO_MESSAGE_MAINTENANCE)
    *out_wanted = appointment->status == MESO_STATUS_DONE;
  else
    *out_wanted = (appointment->status == MESO_STATUS_BOOKED ||
                   appointment->status == MESO_STATUS_CONFIRMED) &&
                  at != NULL && g_ascii_strtoll (at + 1, NULL, 10) == appointment->starts_at;
  return TRUE;
}

/* The queued and failed messages whose appointment no longer wants them,
 * to cancel in the pass's write. */
static GPtrArray *
find_gone (MesoMessageMaker  *self,
           Pass              *pass,
           GError           **error)
{
  static const MesoMessageKind kinds[] = {
    MESO_MESSAGE_CONFIRMATION, MESO_MESSAGE_NEXT_SESSION, MESO_MESSAGE_AFTERCARE,
  };
  MesoOutbox *outbox = meso_context_get_outbox (pass->worker);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_message_free);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) waiting = meso_outbox_list_waiting (outbox, kinds[k], error);

      if (waiting == NULL)
        return NULL;
      for (guint i = 0; i < waiting->len; i++)
        {
          gboolean wanted = TRUE;

          if (!meso_message_maker_still_wanted (self, g_ptr_array_index (waiting, i), &wanted,
                                                error))
            return NULL;
          if (!wanted)
            g_ptr_array_add (gone, g_ptr_array_steal_index_fast (waiting, i--));
        }
    }
  return g_steal_pointer (&gone);
}

/**
 * meso_message_maker_make:
 *
 * Makes the messages that are due and not yet stale (see want()) and were
 * not made already (by this workstation or another), for the patients who
 * agreed and have an address, and queues them in one transaction; in the
 * same one, cancels those not sent yet whose appointment was moved or
 * cancelled since. A message whose texts cannot be made (its session
 * changed meanwhile) is left out of the pass, not the others with it.
 *
 * Returns: how many were queued, or -1 with @error.
 */
gssize
meso_message_maker_make (MesoMessageMaker  *self,
                         GError           **error)
{
  MesoClinic *clinic = meso_context_get_clinic (self->worker);
  MesoOutbox *outbox = meso_context_get_outbox (self->worker);
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_message_free);
  g_autoptr(GPtrArray) made = g_ptr_array_new ();
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(MesoDbWrite) w = NULL;
  Pass pass = { self->worker, clinic, NULL, 0, due };
  gssize queued = 0;

  /* Settings, practitioners and the zone may have changed since. */
  if (!meso_clinic_reload (clinic, error))
    return -1;
  meso_schedule_resources_changed_elsewhere (meso_context_get_schedule (self->worker));
  pass.resources = meso_schedule_get_resources (meso_context_get_schedule (self->worker), error);
  if (pass.resources == NULL)
    return -1;
  pass.now = meso_clock_get_now (meso_context_get_clock (self->worker));
  if (!find_due (&pass, error))
    return -1;
  for (guint i = 0; i < due->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      MesoMessage *message = g_ptr_array_index (due, i);
      int made_before = meso_outbox_find (outbox, message->kind, message->source, &local_error);

      if (made_before < 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      if (made_before == 0 && make_texts (&pass, message, &local_error))
        g_ptr_array_add (made, message);
      else if (local_error != NULL && local_error->domain == MESO_DB_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      else if (local_error != NULL)
        g_message ("No %s message about %s: %s", meso_message_kind_get_label (message->kind),
                   message->source, local_error->message);
    }

  gone = find_gone (self, &pass, error);
  if (gone == NULL)
    return -1;
  if (made->len == 0 && gone->len == 0)
    return 0;
  w = meso_db_begin_write_unchecked (meso_context_get_db (self->worker), error);
  if (w == NULL)
    return -1;
  for (guint i = 0; i < made->len; i++)
    {
      gboolean is_new = FALSE;

      if (!meso_outbox_queue_in_write (outbox, g_ptr_array_index (made, i), &is_new, error))
        return -1;
      queued += is_new;
    }
  for (guint i = 0; i < gone->len; i++)
    {
      MesoMessage *message = g_ptr_array_index (gone, i);

      if (!meso_outbox_cancel_in_write (outbox, message->kind, message->source, error))
        return -1;
    }
  if (!meso_db_write_commit (w, error))
    return -1;
  return queued;
}

/**
 * meso_message_maker_attach:
 * @message: a message the rules made, being sent
 *
 * Adds to @mail what @message's rule attaches, made now from the event it
 * is about: the aftercare sheet as PDF, or the patient's appointments
 * ahead as iCalendar, in the patient's language.
 *
 * Returns: %FALSE with @error if it could not be made (the event is gone)
 */
gboolean
meso_message_maker_attach (MesoMessageMaker   *self,
                           const MesoMessage  *message,
                           MesoMail           *mail,
                           GError            **error)
{
  gint64 now = meso_clock_get_now (meso_context_get_clock (self->worker));
  g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(MesoHandoutTexts) texts = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *calendar = NULL;

  switch (message->attachment)
    {
    case MESO_MESSAGE_ATTACH_NONE:
      return TRUE;
    case MESO_MESSAGE_ATTACH_AFTERCARE_SHEET:
      handout = meso_handout_build (self->worker, MESO_HANDOUT_AFTERCARE,
                                    meso_message_get_appointment_id (message), 0, now_utc,
                                    error);
      if (handout == NULL || (data = meso_handout_write_pdf (handout, error)) == NULL)
        return FALSE;
      name = g_strdup_printf ("%s.pdf", meso_handout_get_title (handout));
      meso_mail_add_attachment (mail, g_strdelimit (name, "/\\", '-'), "application/pdf",
                                data);
      return TRUE;
    case MESO_MESSAGE_ATTACH_CALENDAR:
      texts = meso_handout_load_patient_texts (self->worker, message->patient_id, error);
      if (texts == NULL)
        return FALSE;
      calendar = meso_ical_patient_calendar (meso_context_get_schedule (self->worker), texts,
                                             message->patient_id, now, error);
      if (calendar == NULL)
        return FALSE;
      name = g_strdup_printf ("%s.ics", meso_handout_texts_get (texts, "messages",
                                                               "calendar-file"));
      data = g_bytes_new (calendar, strlen (calendar));
      meso_mail_add_attachment (mail, g_strdelimit (name, "/\\", '-'), "text/calendar", data);
      return TRUE;
    case MESO_N_MESSAGE_ATTACHMENTS:
    default:
      g_assert_not_reached ();
    }
}
