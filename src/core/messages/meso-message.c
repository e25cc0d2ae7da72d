/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message.c: one message to a patient, as the outbox keeps it. */
#include <glib/gi18n.h>
#include <string.h>

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

G_DEFINE_ENUM_TYPE (MesoMessageAttachment, meso_message_attachment,
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_ATTACH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_ATTACH_AFTERCARE_SHEET, "aftercare-sheet"),
  G_DEFINE_ENUM_VALUE (MESO_MESSAGE_ATTACH_CALENDAR, "calendar"))

static const char * const kind_labels[MESO_N_MESSAGE_KINDS] = {
  [MESO_MESSAGE_CONFIRMATION] = N_("Appointment confirmation"),
  [MESO_MESSAGE_AFTERCARE] = N_("Aftercare"),
  [MESO_MESSAGE_NEXT_SESSION] = N_("Next session"),
  [MESO_MESSAGE_MAINTENANCE] = N_("Maintenance session due"),
};

/* Where a message is, as the outbox shows it. */
static const char * const state_labels[MESO_N_MESSAGE_STATES] = {
  [MESO_MESSAGE_QUEUED] = N_("Waiting to be sent"),
  [MESO_MESSAGE_SENDING] = N_("Being sent"),
  [MESO_MESSAGE_SENT] = N_("Sent"),
  [MESO_MESSAGE_FAILED] = N_("Not sent"),
  [MESO_MESSAGE_CANCELLED] = N_("Cancelled"),
};

const char *
meso_message_kind_get_label (MesoMessageKind kind)
{
  g_return_val_if_fail (kind < MESO_N_MESSAGE_KINDS, NULL);
  return _(kind_labels[kind]);
}

const char *
meso_message_state_get_label (MesoMessageState state)
{
  g_return_val_if_fail (state < MESO_N_MESSAGE_STATES, NULL);
  return _(state_labels[state]);
}

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

/* The appointment a message made by a rule is about ("appointment:42" or
 * "appointment:42@<its start>"), or 0. */
gint64
meso_message_get_appointment_id (const MesoMessage *message)
{
  const char *id = message->source != NULL && g_str_has_prefix (message->source, "appointment:")
                   ? message->source + strlen ("appointment:") : NULL;
  char *end = NULL;
  gint64 value;

  if (id == NULL)
    return 0;
  value = g_ascii_strtoll (id, &end, 10);
  return value > 0 && (*end == '\0' || *end == '@') ? value : 0;
}
