/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-context.h: one open clinic database and the stores that work on it. */
#pragma once

#include "meso-audit-store.h"
#include "meso-clinic.h"
#include "meso-clock.h"
#include "meso-db.h"
#include "meso-handout-store.h"
#include "meso-mail-sender.h"
#include "meso-outbox.h"
#include "meso-patient-store.h"
#include "meso-photo-store.h"
#include "meso-reminders.h"
#include "meso-scalp-store.h"
#include "meso-schedule.h"
#include "meso-staff-store.h"
#include "meso-treatment-store.h"
#include "meso-workstations.h"

G_BEGIN_DECLS

#define MESO_TYPE_CONTEXT (meso_context_get_type ())
G_DECLARE_FINAL_TYPE (MesoContext, meso_context, MESO, CONTEXT, GObject)

MesoContext        *meso_context_open                (const char  *path,
                                                      gboolean     is_demo,
                                                      GError     **error);
MesoContext        *meso_context_open_worker         (MesoContext  *self,
                                                      MesoClock    *clock,
                                                      GError      **error);
MesoDb             *meso_context_get_db              (MesoContext *self);
MesoPatientStore   *meso_context_get_patient_store   (MesoContext *self);
MesoStaffStore     *meso_context_get_staff_store     (MesoContext *self);
MesoSchedule       *meso_context_get_schedule        (MesoContext *self);
MesoClinic         *meso_context_get_clinic          (MesoContext *self);
MesoReminders      *meso_context_get_reminders       (MesoContext *self);
MesoTreatmentStore *meso_context_get_treatment_store (MesoContext *self);
MesoScalpStore     *meso_context_get_scalp_store     (MesoContext *self);
MesoPhotoStore     *meso_context_get_photo_store     (MesoContext *self);
MesoAuditStore     *meso_context_get_audit_store     (MesoContext *self);
MesoHandoutStore   *meso_context_get_handout_store   (MesoContext *self);
MesoClock          *meso_context_get_clock           (MesoContext *self);
MesoOutbox         *meso_context_get_outbox          (MesoContext *self);
void                meso_context_start_sending       (MesoContext *self);
void                meso_context_keep_agendas        (MesoContext *self,
                                                      const char  *folder);
void                meso_context_mail_password_changed (MesoContext *self);
gboolean            meso_context_is_demo             (MesoContext *self);
gboolean            meso_context_can                 (MesoContext   *self,
                                                      MesoPermission permission);
const char         *meso_context_get_path            (MesoContext *self);
const char         *meso_context_get_address         (MesoContext *self);
GPtrArray          *meso_context_list_workstations   (MesoContext *self,
                                                      GError     **error);
void                meso_context_get_today           (MesoContext *self,
                                                      GDate       *out_today);
gboolean            meso_context_check_session_start (MesoContext *self,
                                                      gint64       patient_id,
                                                      GError     **error);
MesoDbHealth        meso_context_get_health          (MesoContext *self);
gboolean            meso_context_has_damaged_photos  (MesoContext *self);
void                meso_context_verify_async        (MesoContext *self);
gboolean            meso_context_is_connected        (MesoContext *self);
void                meso_context_reconnect           (MesoContext *self);

G_END_DECLS
