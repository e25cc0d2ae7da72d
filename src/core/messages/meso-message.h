/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message.h: one message to a patient, as the outbox keeps it. */
#pragma once

#include <glib-object.h>

#include "meso-patient.h"

G_BEGIN_DECLS

/* What a message is about: the codes of message.kind. */
typedef enum
{
  MESO_MESSAGE_CONFIRMATION,   /* the appointment, the day before */
  MESO_MESSAGE_AFTERCARE,      /* the milestones after a session done */
  MESO_MESSAGE_NEXT_SESSION,   /* the course's next session */
  MESO_MESSAGE_MAINTENANCE,    /* the maintenance session due */
  MESO_N_MESSAGE_KINDS
} MesoMessageKind;

/* Where a message is: the codes of message.state. */
typedef enum
{
  MESO_MESSAGE_QUEUED,      /* to send at send_at (again, after a failure worth repeating) */
  MESO_MESSAGE_SENDING,     /* taken by a sender until claimed_until */
  MESO_MESSAGE_SENT,
  MESO_MESSAGE_FAILED,      /* the server's answer says why; Retry queues it again */
  MESO_MESSAGE_CANCELLED,   /* its event went away, or staff cancelled it */
  MESO_N_MESSAGE_STATES
} MesoMessageState;

/* What a message has attached: the codes of message.attachment. */
typedef enum
{
  MESO_MESSAGE_ATTACH_NONE,
  MESO_MESSAGE_ATTACH_AFTERCARE_SHEET,   /* the session's aftercare sheet, as PDF */
  MESO_MESSAGE_ATTACH_CALENDAR,          /* the patient's appointments ahead, as iCalendar */
  MESO_N_MESSAGE_ATTACHMENTS
} MesoMessageAttachment;

#define MESO_TYPE_MESSAGE_KIND (meso_message_kind_get_type ())
#define MESO_TYPE_MESSAGE_ATTACHMENT (meso_message_attachment_get_type ())
#define MESO_TYPE_MESSAGE_STATE (meso_message_state_get_type ())
GType        meso_message_kind_get_type   (void);
GType        meso_message_state_get_type  (void);
GType        meso_message_attachment_get_type (void);
const char  *meso_message_kind_get_label  (MesoMessageKind  kind);
const char  *meso_message_state_get_label (MesoMessageState state);

/* @source names the event the message is about ("appointment:42"): one
 * message per kind and source. Times are Unix seconds. */
typedef struct
{
  gint64            id;
  gint64            patient_id;
  MesoChannel       channel;
  MesoMessageKind   kind;
  char             *source;
  char             *recipient;
  char             *subject;
  char             *body;
  MesoMessageState  state;
  gint64            send_at;
  guint             attempts;
  char             *answer;
  gint64            created_at;
  gint64            sent_at;     /* 0: not sent */
  MesoMessageAttachment attachment;
} MesoMessage;

MesoMessage *meso_message_new   (void);
void         meso_message_free  (MesoMessage *message);
gint64       meso_message_get_appointment_id (const MesoMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoMessage, meso_message_free)

G_END_DECLS
