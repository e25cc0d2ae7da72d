/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-outbox.c: the messages to patients. A message is queued inside the
 * write of the event that made it, only for a patient who agreed to the
 * channel, once per kind and event. A sender claims one queued row at a
 * time in a write of its own (writes take turns on both engines, so two
 * workstations never take the same row), sends it outside any
 * transaction, then marks it sent, queued again after a failure worth
 * repeating, or failed. A claim lasts CLAIM_SECONDS, longer than a send
 * may take; a row still 'sending' after that lost its sender (killed,
 * its machine off) and is queued again. That is the one way a message can
 * go twice: the server took it and the sender died before marking it
 * sent. It then carries the same Message-ID, which mail programs show
 * once. */
#define G_LOG_DOMAIN "meso-outbox"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-enum.h"
#include "meso-mail.h"
#include "meso-outbox.h"

/* Longer than meso_mail_send() may take (its whole-transfer limit). */
#define CLAIM_SECONDS (MESO_MAIL_SEND_SECONDS * 2)

/* Waits after the first, second ... failure worth repeating, doubled up to
 * an hour; after a day of them the message fails, for a person to see. */
#define FIRST_RETRY_SECONDS 60
#define LAST_RETRY_SECONDS 3600
#define GIVE_UP_SECONDS (24 * 3600)

#define MESSAGE_COLUMNS "id, patient_id, channel, kind, source, recipient, subject, body," \
                        " state, send_at, attempts, answer, created_at, sent_at, attachment"

struct _MesoOutbox
{
  GObject           parent_instance;

  MesoDb           *db;
  MesoClock        *clock;
  MesoPatientStore *patients;
};

G_DEFINE_FINAL_TYPE (MesoOutbox, meso_outbox, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
meso_outbox_finalize (GObject *object)
{
  MesoOutbox *self = MESO_OUTBOX (object);

  g_clear_object (&self->db);
  g_clear_object (&self->clock);
  g_clear_object (&self->patients);
  G_OBJECT_CLASS (meso_outbox_parent_class)->finalize (object);
}

static void
meso_outbox_class_init (MesoOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_outbox_finalize;

  /**
   * MesoOutbox::changed:
   *
   * Emitted after this outbox committed a retry or a cancel.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_outbox_init (MesoOutbox *self)
{
}

/**
 * meso_outbox_new:
 * @patients: who agreed to what: asked when a message is queued, and
 *   again when a sender takes it
 */
MesoOutbox *
meso_outbox_new (MesoDb           *db,
                 MesoClock        *clock,
                 MesoPatientStore *patients)
{
  MesoOutbox *self = g_object_new (MESO_TYPE_OUTBOX, NULL);

  self->db = g_object_ref (db);
  self->clock = g_object_ref (clock);
  self->patients = g_object_ref (patients);
  return self;
}

/* The row @stmt stands on, its columns MESSAGE_COLUMNS; codes, counts and
 * times checked as they are read. */
static MesoMessage *
read_message (MesoStmt  *stmt,
              GError   **error)
{
  g_autoptr(MesoMessage) message = meso_message_new ();
  int channel, kind, state, attachment;

  message->id = meso_stmt_column_int64 (stmt, 0);
  message->patient_id = meso_stmt_column_int64 (stmt, 1);
  message->source = g_strdup (meso_stmt_column_text (stmt, 4));
  message->recipient = g_strdup (meso_stmt_column_text (stmt, 5));
  message->subject = g_strdup (meso_stmt_column_text (stmt, 6));
  message->body = g_strdup (meso_stmt_column_text (stmt, 7));
  message->send_at = meso_stmt_column_int64 (stmt, 9);
  message->answer = g_strdup (meso_stmt_column_text (stmt, 11));
  message->created_at = meso_stmt_column_int64 (stmt, 12);
  message->sent_at = meso_stmt_column_int64 (stmt, 13);
  if (!meso_enum_from_code (MESO_TYPE_CHANNEL, meso_stmt_column_text (stmt, 2), &channel) ||
      !meso_enum_from_code (MESO_TYPE_MESSAGE_KIND, meso_stmt_column_text (stmt, 3), &kind) ||
      !meso_enum_from_code (MESO_TYPE_MESSAGE_STATE, meso_stmt_column_text (stmt, 8), &state) ||
      !meso_enum_from_code (MESO_TYPE_MESSAGE_ATTACHMENT, meso_stmt_column_text (stmt, 14),
                            &attachment) ||
      meso_stmt_column_int64 (stmt, 10) < 0 || meso_stmt_column_int64 (stmt, 10) > G_MAXINT ||
      message->source == NULL || message->recipient == NULL || message->subject == NULL ||
      message->body == NULL || message->answer == NULL ||
      message->send_at < MESO_CLOCK_MIN_INSTANT || message->send_at > MESO_CLOCK_MAX_INSTANT ||
      message->created_at < MESO_CLOCK_MIN_INSTANT ||
      message->created_at > MESO_CLOCK_MAX_INSTANT)
    {
      meso_db_set_damaged (error, "message");
      return NULL;
    }
  message->channel = channel;
  message->kind = kind;
  message->state = state;
  message->attachment = attachment;
  message->attempts = (guint) meso_stmt_column_int64 (stmt, 10);
  return g_steal_pointer (&message);
}

/**
 * meso_outbox_queue_in_write:
 * @message: what to send: its patient, channel, kind, source, recipient,
 *   subject, body and send_at; its id is set when queued
 * @out_queued: (out) (optional): whether it was queued: not when the
 *   patient has not agreed to @message's channel, nor when this kind of
 *   message was already made for the same source
 *
 * Queues @message inside the write transaction the caller holds, so that
 * the message and its event stand or fall together. The patient's consent
 * is read in that transaction: one withdrawn a moment ago counts.
 */
gboolean
meso_outbox_queue_in_write (MesoOutbox   *self,
                            MesoMessage  *message,
                            gboolean     *out_queued,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  MesoStmt *stmt;
  int rc;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  g_return_val_if_fail (self->patients != NULL, FALSE);
  if (out_queued != NULL)
    *out_queued = FALSE;
  if (!meso_patient_store_get_consent (self->patients, message->patient_id, message->channel,
                                       NULL, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (message->channel == MESO_CHANNEL_EMAIL && !meso_mail_address_is_valid (message->recipient))
    {
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_INVALID,
                   _("“%s” is not an e-mail address."),
                   message->recipient != NULL ? message->recipient : "");
      return FALSE;
    }
  stmt = meso_db_prepare (self->db,
                          "INSERT INTO message (patient_id, channel, kind, source, recipient,"
                          " subject, body, send_at, created_at, attachment)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                          " ON CONFLICT (kind, source) DO NOTHING RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, message->patient_id);
  meso_stmt_bind_text (stmt, 2, meso_enum_to_code (MESO_TYPE_CHANNEL, message->channel));
  meso_stmt_bind_text (stmt, 3, meso_enum_to_code (MESO_TYPE_MESSAGE_KIND, message->kind));
  meso_stmt_bind_text (stmt, 4, message->source);
  meso_stmt_bind_text (stmt, 5, message->recipient);
  meso_stmt_bind_text (stmt, 6, message->subject);
  meso_stmt_bind_text (stmt, 7, message->body);
  meso_stmt_bind_int64 (stmt, 8, message->send_at);
  meso_stmt_bind_int64 (stmt, 9, meso_clock_get_now (self->clock));
  meso_stmt_bind_text (stmt, 10, meso_enum_to_code (MESO_TYPE_MESSAGE_ATTACHMENT,
                                                    message->attachment));
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      message->id = meso_stmt_column_int64 (stmt, 0);
      message->state = MESO_MESSAGE_QUEUED;
      if (out_queued != NULL)
        *out_queued = TRUE;
    }
  return meso_db_rows_done (self->db, stmt, rc == MESO_STEP_ROW ? meso_stmt_step (stmt) : rc,
                            _("Could not queue the message"), error);
}

/* Why a message was withdrawn: its event went away. */
static const char *
event_gone_answer (void)
{
  return _("What it was about changed before it was sent: the appointment was cancelled or "
           "moved.");
}

/**
 * meso_outbox_find:
 *
 * Whether the message of @kind about @source was made (in any state):
 * asked before its texts are made, so that they are made once. Needs
 * %MESO_PERMISSION_READ_CONTACT.
 *
 * Returns: 1 if it was, 0 if not, -1 with @error
 */
int
meso_outbox_find (MesoOutbox       *self,
                  MesoMessageKind   kind,
                  const char       *source,
                  GError          **error)
{
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error) ||
      (stmt = meso_db_prepare (self->db, "SELECT 1 FROM message"
                                         " WHERE kind = ?1 AND source = ?2", error)) == NULL)
    return -1;
  meso_stmt_bind_text (stmt, 1, meso_enum_to_code (MESO_TYPE_MESSAGE_KIND, kind));
  meso_stmt_bind_text (stmt, 2, source);
  rc = meso_stmt_step (stmt);
  if (!meso_db_rows_done (self->db, stmt, rc == MESO_STEP_ROW ? MESO_STEP_DONE : rc,
                          _("Could not read the outbox"), error))
    return -1;
  return rc == MESO_STEP_ROW;
}

/**
 * meso_outbox_cancel_in_write:
 *
 * The event @source went away (an appointment cancelled, moved): its
 * message of @kind is not sent, if it has not been already.
 */
gboolean
meso_outbox_cancel_in_write (MesoOutbox       *self,
                             MesoMessageKind   kind,
                             const char       *source,
                             GError          **error)
{
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = meso_db_prepare (self->db, "UPDATE message SET state = 'cancelled', answer = ?3"
                                    " WHERE kind = ?1 AND source = ?2"
                                    " AND state IN ('queued', 'failed')", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, meso_enum_to_code (MESO_TYPE_MESSAGE_KIND, kind));
  meso_stmt_bind_text (stmt, 2, source);
  meso_stmt_bind_text (stmt, 3, event_gone_answer ());
  return meso_db_step_done (self->db, stmt, error);
}

/**
 * meso_outbox_cancel_patient_in_write:
 *
 * Inside the caller's write transaction: none of patient @patient_id's
 * messages still waiting or failed is sent, their record being restricted
 * (meso_record_restrict()). The caller emits #MesoOutbox::changed once it
 * has committed.
 */
gboolean
meso_outbox_cancel_patient_in_write (MesoOutbox  *self,
                                     gint64       patient_id,
                                     GError     **error)
{
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = meso_db_prepare (self->db, "UPDATE message SET state = 'cancelled', answer = ?2"
                                    " WHERE patient_id = ?1 AND state IN ('queued', 'failed')",
                          error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  meso_stmt_bind_text (stmt, 2, _("Not sent: the patient's record was restricted."));
  return meso_db_step_done (self->db, stmt, error);
}

/**
 * meso_outbox_erase_patient_in_write:
 *
 * Inside the caller's write transaction: empties patient @patient_id's
 * messages of their address and text, the patient being anonymised
 * (meso_record_anonymise()); that a message of its kind went out on its
 * day stays, for the clinic's statistics.
 */
gboolean
meso_outbox_erase_patient_in_write (MesoOutbox  *self,
                                    gint64       patient_id,
                                    GError     **error)
{
  MesoStmt *stmt;

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  stmt = meso_db_prepare (self->db, "UPDATE message SET recipient = '-', subject = '', body = '',"
                                    " answer = '' WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  return meso_db_step_done (self->db, stmt, error);
}

/**
 * meso_outbox_withdraw:
 * @message: as meso_outbox_claim() gave it to @sender
 *
 * Cancels @message instead of sending it: its event went away between
 * the claim and the send. A claim lost meanwhile changes nothing.
 */
gboolean
meso_outbox_withdraw (MesoOutbox         *self,
                      const MesoMessage  *message,
                      const char         *sender,
                      GError            **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (self->db, error);
  MesoStmt *stmt;

  if (w == NULL || (stmt = meso_db_prepare (self->db,
                                            "UPDATE message SET state = 'cancelled', answer = ?3,"
                                            " claimed_by = NULL, claimed_until = NULL"
                                            " WHERE id = ?1 AND state = 'sending'"
                                            " AND claimed_by = ?2", error)) == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, message->id);
  meso_stmt_bind_text (stmt, 2, sender);
  meso_stmt_bind_text (stmt, 3, event_gone_answer ());
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (w, error);
}

/* Staff's Retry and Cancel: @sql changes row ?1 (?2 is now, if it asks). */
static gboolean
set_state (MesoOutbox  *self,
           gint64       id,
           const char  *sql,
           GError     **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT,
                                                  error);
  MesoStmt *stmt;

  if (w == NULL || (stmt = meso_db_prepare (self->db, sql, error)) == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  if (meso_stmt_count_parameters (stmt) > 1)
    meso_stmt_bind_int64 (stmt, 2, meso_clock_get_now (self->clock));
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (meso_stmt_changes (stmt) != 1)
    {
      g_set_error_literal (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE,
                           _("The message has changed since the outbox was shown: it may "
                             "have been sent. Look at it again."));
      return FALSE;
    }
  if (!meso_db_write_commit (w, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * meso_outbox_retry:
 *
 * Queues a failed message again, to go now. A cancelled one stays so: its
 * event went away, or staff stopped it. Needs
 * %MESO_PERMISSION_WRITE_CONTACT.
 */
gboolean
meso_outbox_retry (MesoOutbox  *self,
                   gint64       id,
                   GError     **error)
{
  return set_state (self, id, "UPDATE message SET state = 'queued', send_at = ?2, attempts = 0"
                              " WHERE id = ?1 AND state = 'failed'", error);
}

/**
 * meso_outbox_cancel:
 *
 * Keeps a queued or failed message from being sent. A message being sent
 * at this moment cannot be stopped: that is refused. Needs
 * %MESO_PERMISSION_WRITE_CONTACT.
 */
gboolean
meso_outbox_cancel (MesoOutbox  *self,
                    gint64       id,
                    GError     **error)
{
  return set_state (self, id, "UPDATE message SET state = 'cancelled'"
                              " WHERE id = ?1 AND state IN ('queued', 'failed')", error);
}

/* The rows @stmt selects (MESSAGE_COLUMNS), its parameters bound. */
static GPtrArray *
read_messages (MesoOutbox  *self,
               MesoStmt    *stmt,
               GError     **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_message_free);
  int rc;

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoMessage *message = read_message (stmt, error);

      if (message == NULL)
        {
          meso_stmt_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (messages, message);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the outbox"), error))
    return NULL;
  return g_steal_pointer (&messages);
}

/**
 * meso_outbox_list:
 *
 * The latest @limit messages, newest first. Needs
 * %MESO_PERMISSION_READ_CONTACT.
 *
 * Returns: (transfer full) (element-type MesoMessage): the messages
 */
GPtrArray *
meso_outbox_list (MesoOutbox  *self,
                  guint        limit,
                  GError     **error)
{
  MesoStmt *stmt;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error) ||
      (stmt = meso_db_prepare (self->db, "SELECT " MESSAGE_COLUMNS " FROM message"
                                         " ORDER BY id DESC LIMIT ?1", error)) == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, limit);
  return read_messages (self, stmt, error);
}

/**
 * meso_outbox_list_sent:
 *
 * The messages sent to patient @patient_id, oldest first: what the
 * patient's record summary lists. Needs %MESO_PERMISSION_READ_CONTACT.
 *
 * Returns: (transfer full) (element-type MesoMessage): the messages
 */
GPtrArray *
meso_outbox_list_sent (MesoOutbox  *self,
                       gint64       patient_id,
                       GError     **error)
{
  MesoStmt *stmt;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error) ||
      (stmt = meso_db_prepare (self->db, "SELECT " MESSAGE_COLUMNS " FROM message"
                                         " WHERE patient_id = ?1 AND state = 'sent'"
                                         " ORDER BY sent_at, id", error)) == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  return read_messages (self, stmt, error);
}

/**
 * meso_outbox_list_waiting:
 *
 * The messages of @kind not sent yet, queued or failed (read from the
 * indexes of those): their events may have gone away since. Needs
 * %MESO_PERMISSION_READ_CONTACT.
 *
 * Returns: (transfer full) (element-type MesoMessage): the messages
 */
GPtrArray *
meso_outbox_list_waiting (MesoOutbox       *self,
                          MesoMessageKind   kind,
                          GError          **error)
{
  MesoStmt *stmt;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error) ||
      (stmt = meso_db_prepare (self->db, "SELECT " MESSAGE_COLUMNS " FROM message"
                                         " WHERE state = 'queued' AND kind = ?1"
                                         " UNION ALL SELECT " MESSAGE_COLUMNS " FROM message"
                                         " WHERE state = 'failed' AND kind = ?1",
                                         error)) == NULL)
    return NULL;
  meso_stmt_bind_text (stmt, 1, meso_enum_to_code (MESO_TYPE_MESSAGE_KIND, kind));
  return read_messages (self, stmt, error);
}

/* Claims that ran out lost their sender: queued again, to go now. */
static gboolean
requeue_lost_claims (MesoOutbox  *self,
                     gint64       now,
                     GError     **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "UPDATE message SET state = 'queued', send_at = ?1,"
                                    " claimed_by = NULL, claimed_until = NULL, answer = ?2"
                                    " WHERE state = 'sending' AND claimed_until < ?1", error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, now);
  meso_stmt_bind_text (stmt, 2, _("Sending was interrupted; it is sent again."));
  return meso_db_step_done (self->db, stmt, error);
}

/* When a queued message is next due, or a claim runs out; 0 if never. */
static gboolean
read_next_due (MesoOutbox  *self,
               gint64      *out_next_due,
               GError     **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "SELECT min (CASE WHEN state = 'queued' THEN send_at"
                                    " ELSE claimed_until + 1 END) FROM message"
                                    " WHERE state IN ('queued', 'sending')", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = meso_stmt_step (stmt);
  *out_next_due = rc == MESO_STEP_ROW ? meso_stmt_column_int64 (stmt, 0) : 0;
  return meso_db_rows_done (self->db, stmt, rc == MESO_STEP_ROW ? MESO_STEP_DONE : rc,
                            _("Could not read the outbox"), error);
}

/* Whether @message's patient still agrees to its channel; %FALSE with
 * @error set when that could not be read. */
static gboolean
still_agreed (MesoOutbox         *self,
              const MesoMessage  *message,
              GError            **error)
{
  return meso_patient_store_get_consent (self->patients, message->patient_id, message->channel,
                                         NULL, error);
}

static gboolean
cancel_withdrawn (MesoOutbox         *self,
                  const MesoMessage  *message,
                  GError            **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "UPDATE message SET state = 'cancelled', answer = ?2"
                                    " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, message->id);
  meso_stmt_bind_text (stmt, 2, _("The patient no longer agrees to these messages."));
  return meso_db_step_done (self->db, stmt, error);
}

/**
 * meso_outbox_claim:
 * @sender: who claims: the same text must finish the message
 * @out_next_due: (out): when nothing is due now, when something will be
 *   (0: nothing queued)
 *
 * Takes the message most overdue for @sender, queuing again first those
 * whose sender was lost; one whose patient has since withdrawn consent is
 * cancelled instead (@out_next_due then says to look again now). No
 * permission: a workstation sends whoever is signed in, or nobody.
 *
 * Returns: (transfer full) (nullable): the message, now 'sending'; %NULL
 *   when none is due, or with @error
 */
MesoMessage *
meso_outbox_claim (MesoOutbox  *self,
                   const char  *sender,
                   gint64      *out_next_due,
                   GError     **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (self->db, error);
  g_autoptr(MesoMessage) message = NULL;
  gint64 now = meso_clock_get_now (self->clock);
  MesoStmt *stmt;
  int rc;

  *out_next_due = 0;
  if (w == NULL || !requeue_lost_claims (self, now, error))
    return NULL;
  stmt = meso_db_prepare (self->db,
                          "UPDATE message SET state = 'sending', claimed_by = ?2,"
                          " claimed_until = ?1 + ?3, attempts = attempts + 1"
                          " WHERE id = (SELECT id FROM message WHERE state = 'queued'"
                          " AND send_at <= ?1 ORDER BY send_at, id LIMIT 1)"
                          " RETURNING " MESSAGE_COLUMNS, error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, now);
  meso_stmt_bind_text (stmt, 2, sender);
  meso_stmt_bind_int64 (stmt, 3, CLAIM_SECONDS);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW && (message = read_message (stmt, error)) == NULL)
    {
      meso_stmt_reset (stmt);
      return NULL;
    }
  if (!meso_db_rows_done (self->db, stmt, rc == MESO_STEP_ROW ? meso_stmt_step (stmt) : rc,
                          _("Could not read the outbox"), error) ||
      (message == NULL && !read_next_due (self, out_next_due, error)))
    return NULL;
  /* Consent withdrawn since the message was queued: it is not sent, and
   * the next one is looked at at once. */
  if (message != NULL && !still_agreed (self, message, error))
    {
      if (error != NULL && *error != NULL)
        return NULL;
      if (!cancel_withdrawn (self, message, error))
        return NULL;
      g_clear_pointer (&message, meso_message_free);
      *out_next_due = now;
    }
  if (!meso_db_write_commit (w, error))
    return NULL;
  return g_steal_pointer (&message);
}

/**
 * meso_outbox_finish:
 * @message: as meso_outbox_claim() gave it
 * @send_error: (nullable): why sending failed; %NULL when it was sent
 *
 * Marks @message sent, queued again after a wait (a failure worth
 * repeating, for a day at most), or failed with the server's answer. A
 * claim lost meanwhile (the message queued again by another sender after
 * a very long send) changes nothing.
 */
gboolean
meso_outbox_finish (MesoOutbox         *self,
                    const MesoMessage  *message,
                    const char         *sender,
                    const GError       *send_error,
                    GError            **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (self->db, error);
  gint64 now = meso_clock_get_now (self->clock);
  g_autofree char *answer = NULL;
  const char *state = "sent";
  gint64 send_at = message->send_at;
  MesoStmt *stmt;

  if (w == NULL)
    return FALSE;
  if (send_error != NULL)
    {
      answer = g_utf8_substring (send_error->message, 0,
                                 MIN (g_utf8_strlen (send_error->message, -1), 1000));
      state = "failed";
      /* The database, not the mail, failed (a server out of reach): as a
       * mail server out of reach, tried again. */
      if ((meso_mail_error_is_temporary (send_error) || send_error->domain == MESO_DB_ERROR) &&
          now - message->created_at < GIVE_UP_SECONDS)
        {
          guint doublings = CLAMP (message->attempts, 1, 7) - 1;

          state = "queued";
          send_at = now + MIN ((gint64) FIRST_RETRY_SECONDS << doublings, LAST_RETRY_SECONDS);
        }
    }
  stmt = meso_db_prepare (self->db,
                          "UPDATE message SET state = ?3, answer = ?4, send_at = ?5,"
                          " sent_at = CASE WHEN ?3 = 'sent' THEN ?6 END,"
                          " claimed_by = NULL, claimed_until = NULL"
                          " WHERE id = ?1 AND state = 'sending' AND claimed_by = ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, message->id);
  meso_stmt_bind_text (stmt, 2, sender);
  meso_stmt_bind_text (stmt, 3, state);
  meso_stmt_bind_text (stmt, 4, answer != NULL ? answer : "");
  meso_stmt_bind_int64 (stmt, 5, send_at);
  meso_stmt_bind_int64 (stmt, 6, now);
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (meso_stmt_changes (stmt) == 0)
    g_debug ("message %" G_GINT64_FORMAT ": its claim was lost while it was sent",
             message->id);
  return meso_db_write_commit (w, error);
}

/**
 * meso_outbox_add_to_record:
 *
 * Adds the messages to the patient, every column of them, to @record (the
 * right-of-access export).
 */
gboolean
meso_outbox_add_to_record (MesoOutbox      *self,
                           gint64           patient_id,
                           MesoRecordJson  *record,
                           GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "message", "SELECT * FROM message WHERE patient_id = ?1 ORDER BY id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
