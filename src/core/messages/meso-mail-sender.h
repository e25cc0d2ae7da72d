/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-sender.h: the worker thread that sends the outbox's e-mail. */
#pragma once

#include "meso-mail.h"

G_BEGIN_DECLS

#define MESO_TYPE_MAIL_SENDER (meso_mail_sender_get_type ())
G_DECLARE_FINAL_TYPE (MesoMailSender, meso_mail_sender, MESO, MAIL_SENDER, GObject)

/* meso-context.h includes this header. */
typedef struct _MesoContext MesoContext;

MesoMailSender *meso_mail_sender_new         (MesoContext           *worker);
void            meso_mail_sender_set_server  (MesoMailSender        *self,
                                              const MesoMailServer  *server,
                                              const char            *password);
void            meso_mail_sender_wake        (MesoMailSender        *self);
void            meso_mail_sender_stop        (MesoMailSender        *self);

G_END_DECLS
