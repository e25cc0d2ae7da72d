/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message-maker.h: the clinic's rules that make messages to patients
 * (a confirmation the day before, the next session of a course, the
 * aftercare after a session), applied by a worker acting for the clinic. */
#pragma once

#include "meso-context.h"
#include "meso-mail.h"

G_BEGIN_DECLS

#define MESO_TYPE_MESSAGE_MAKER (meso_message_maker_get_type ())
G_DECLARE_FINAL_TYPE (MesoMessageMaker, meso_message_maker, MESO, MESSAGE_MAKER, GObject)

MesoMessageMaker *meso_message_maker_new  (MesoContext       *worker);
gssize            meso_message_maker_make (MesoMessageMaker  *self,
                                           GError           **error);
gboolean          meso_message_maker_still_wanted (MesoMessageMaker   *self,
                                                   const MesoMessage  *message,
                                                   gboolean           *out_wanted,
                                                   GError            **error);
gboolean          meso_message_maker_attach (MesoMessageMaker   *self,
                                             const MesoMessage  *message,
                                             MesoMail           *mail,
                                             GError            **error);

G_END_DECLS
