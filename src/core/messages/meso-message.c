/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message.c: one message to a patient, as the outbox keeps it. */
#include "meso-message.h"

G_DEFINE_ENUM_TYPE (MesoMessageKind, meso_message_kind,
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_CONFIRMATION, "confirmation"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_AFTERCARE, "aftercare"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_NEXT_SESSION, "next-session"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_MAINTENANCE, "maintenance"))

G_DEFINE_ENUM_TYPE (MesoMessageState, meso_message_state,
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_SENT, "sent"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_CANCELLED, "cancelled"))

MesoMessage *
meso_message_new (void)
{
  return g_new0 (MesoMessage, 1);
}

void
meso_message_free (MesoMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->source);
  g_free (message->recipient);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->answer);
  g_free (message);
}
