/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-sender.h: the worker thread that sends the outbox's e-mail. */
#pragma once

#include "meso-clock.h"
#include "meso-db.h"
#include "meso-mail.h"

G_BEGIN_DECLS

#define MESO_TYPE_MAIL_SENDER (meso_mail_sender_get_type ())
G_DECLARE_FINAL_TYPE (MesoMailSender, meso_mail_sender, MESO, MAIL_SENDER, GObject)

MesoMailSender *meso_mail_sender_new         (MesoDb                *db,
                                              MesoClock             *clock,
                                              GError               **error);
void            meso_mail_sender_set_server  (MesoMailSender        *self,
                                              const MesoMailServer  *server,
                                              const char            *password);
void            meso_mail_sender_wake        (MesoMailSender        *self);
void            meso_mail_sender_stop        (MesoMailSender        *self);

G_END_DECLS
