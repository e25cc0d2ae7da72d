/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-outbox.h: the messages to patients, queued in the transaction of
 * the event that made them and taken one at a time by a sender. */
#pragma once

#include "meso-record-json.h"
#include "meso-clock.h"
#include "meso-db.h"
#include "meso-message.h"
#include "meso-patient-store.h"

G_BEGIN_DECLS

#define MESO_TYPE_OUTBOX (meso_outbox_get_type ())
G_DECLARE_FINAL_TYPE (MesoOutbox, meso_outbox, MESO, OUTBOX, GObject)

MesoOutbox  *meso_outbox_new             (MesoDb             *db,
                                          MesoClock          *clock,
                                          MesoPatientStore   *patients);
gboolean     meso_outbox_queue_in_write  (MesoOutbox         *self,
                                          MesoMessage        *message,
                                          gboolean           *out_queued,
                                          GError            **error);
int          meso_outbox_find            (MesoOutbox         *self,
                                          MesoMessageKind     kind,
                                          const char         *source,
                                          GError            **error);
gboolean     meso_outbox_cancel_in_write (MesoOutbox         *self,
                                          MesoMessageKind     kind,
                                          const char         *source,
                                          GError            **error);
gboolean     meso_outbox_cancel_patient_in_write (MesoOutbox  *self,
                                                  gint64       patient_id,
                                                  GError     **error);
gboolean     meso_outbox_erase_patient_in_write (MesoOutbox  *self,
                                                 gint64       patient_id,
                                                 GError     **error);
gboolean     meso_outbox_retry           (MesoOutbox         *self,
                                          gint64              id,
                                          GError            **error);
gboolean     meso_outbox_cancel          (MesoOutbox         *self,
                                          gint64              id,
                                          GError            **error);
GPtrArray   *meso_outbox_list            (MesoOutbox         *self,
                                          guint               limit,
                                          GError            **error);
GPtrArray   *meso_outbox_list_sent       (MesoOutbox         *self,
                                          gint64              patient_id,
                                          GError            **error);
GPtrArray   *meso_outbox_list_waiting    (MesoOutbox         *self,
                                          MesoMessageKind     kind,
                                          GError            **error);

MesoMessage *meso_outbox_claim           (MesoOutbox         *self,
                                          const char         *sender,
                                          gint64             *out_next_due,
                                          GError            **error);
gboolean     meso_outbox_withdraw        (MesoOutbox         *self,
                                          const MesoMessage  *message,
                                          const char         *sender,
                                          GError            **error);
gboolean     meso_outbox_finish          (MesoOutbox         *self,
                                          const MesoMessage  *message,
                                          const char         *sender,
                                          const GError       *send_error,
                                          GError            **error);

gboolean meso_outbox_add_to_record (MesoOutbox      *self,
                                    gint64           patient_id,
                                    MesoRecordJson  *record,
                                    GError         **error);

G_END_DECLS
