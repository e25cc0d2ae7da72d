/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-outbox.h: patients with an e-mail address, who agreed to
 * messages or not, and messages queued to them in a write of their own, as
 * an event's would be. */
#pragma once

#include "meso-context.h"
#include "meso-db-write.h"

/* Returns: the new patient's id; the consent recorded today if @agreed. */
static inline gint64
meso_test_add_emailed_patient (MesoContext *context,
                               const char  *family,
                               const char  *given,
                               const char  *email,
                               gboolean     agreed)
{
  MesoPatientStore *store = meso_context_get_patient_store (context);
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GError) error = NULL;
  GDate today;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given);
  meso_patient_set_field (patient, MESO_PATIENT_EMAIL, email);
  meso_context_get_today (context, &today);
  g_assert_true (meso_patient_store_save (store, patient, NULL, &today, &error));
  g_assert_no_error (error);
  if (agreed)
    {
      g_assert_true (meso_patient_store_set_consent (store, meso_patient_get_id (patient),
                                                     MESO_CHANNEL_EMAIL, &today, &error));
      g_assert_no_error (error);
    }
  return meso_patient_get_id (patient);
}

/* Queues through @outbox a confirmation about @source to @recipient, sent
 * from @send_at, with a body that says how to stop the messages.
 * Returns: whether it was queued (not without consent, nor twice). */
static inline gboolean
meso_test_queue_message (MesoContext *context,
                         MesoOutbox  *outbox,
                         gint64       patient_id,
                         const char  *source,
                         const char  *recipient,
                         const char  *subject,
                         gint64       send_at)
{
  g_autoptr(MesoMessage) message = meso_message_new ();
  g_autoptr(MesoDbWrite) w = NULL;
  g_autoptr(GError) error = NULL;
  gboolean queued = FALSE;

  message->patient_id = patient_id;
  message->channel = MESO_CHANNEL_EMAIL;
  message->kind = MESO_MESSAGE_CONFIRMATION;
  message->source = g_strdup (source);
  message->recipient = g_strdup (recipient);
  message->subject = g_strdup (subject);
  message->body = g_strdup_printf ("%s\n\nTo stop these messages, tell the clinic.\n", subject);
  message->send_at = send_at;
  w = meso_db_begin_write (meso_context_get_db (context), MESO_PERMISSION_WRITE_CONTACT, &error);
  g_assert_no_error (error);
  g_assert_true (meso_outbox_queue_in_write (outbox, message, &queued, &error));
  g_assert_no_error (error);
  g_assert_true (meso_db_write_commit (w, &error));
  g_assert_no_error (error);
  g_assert_true (!queued || message->id > 0);
  return queued;
}

/* The message due first, taken from @outbox and failed as a server
 * refusing its recipient would leave it. */
static inline void
meso_test_refuse_next (MesoOutbox *outbox)
{
  g_autoptr(GError) refusal = g_error_new_literal (MESO_MAIL_ERROR, MESO_MAIL_ERROR_REFUSED,
                                                   "550 5.1.1 No such mailbox here");
  g_autoptr(MesoMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next_due = 0;

  message = meso_outbox_claim (outbox, "test", &next_due, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_true (meso_outbox_finish (outbox, message, "test", refusal, &error));
  g_assert_no_error (error);
}
