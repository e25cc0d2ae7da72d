/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient.h: one patient's identity and contact record, and its validation. */
#pragma once

#include <glib-object.h>

#include "meso-text-icu.h"

G_BEGIN_DECLS

#define MESO_PATIENT_ERROR (meso_patient_error_quark ())

/* The editable text fields; a MESO_PATIENT_ERROR's code names the field. */
typedef enum
{
  MESO_PATIENT_FAMILY_NAME,
  MESO_PATIENT_GIVEN_NAME,
  MESO_PATIENT_BIRTH_DATE,
  MESO_PATIENT_SEX,
  MESO_PATIENT_PHONE,
  MESO_PATIENT_EMAIL,
  MESO_PATIENT_ADDRESS,
  MESO_PATIENT_LANGUAGE,
  MESO_PATIENT_NOTES,
  MESO_PATIENT_N_FIELDS
} MesoPatientField;

/* The patient's sex, as the pregnancy rules need it; its nicks are the codes
 * of patient.sex, the value of the MESO_PATIENT_SEX field. */
typedef enum
{
  MESO_SEX_UNKNOWN,
  MESO_SEX_FEMALE,
  MESO_SEX_MALE,
  MESO_SEX_OTHER,
  MESO_N_SEXES
} MesoSex;

/* How a patient may be reached by the clinic's messages: the codes of
 * patient_consent.channel and message.channel. */
typedef enum
{
  MESO_CHANNEL_EMAIL,
  MESO_CHANNEL_SMS,
} MesoChannel;

#define MESO_TYPE_CHANNEL (meso_channel_get_type ())
GType        meso_channel_get_type        (void);

#define MESO_TYPE_SEX (meso_sex_get_type ())
GType meso_sex_get_type (void);

#define MESO_TYPE_PATIENT (meso_patient_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatient, meso_patient, MESO, PATIENT, GObject)

GQuark       meso_patient_error_quark     (void);

const char  *meso_sex_get_label           (MesoSex           sex);

MesoPatient *meso_patient_new             (void);
MesoPatient *meso_patient_copy            (MesoPatient      *self);
MesoPatient *meso_patient_merge           (MesoPatient      *base,
                                           MesoPatient      *mine,
                                           MesoPatient      *stored);

gint64       meso_patient_get_id          (MesoPatient      *self);
void         meso_patient_set_id          (MesoPatient      *self,
                                           gint64            id);
gint64       meso_patient_get_revision    (MesoPatient      *self);
void         meso_patient_set_revision    (MesoPatient      *self,
                                           gint64            revision);
const char  *meso_patient_get_field       (MesoPatient      *self,
                                           MesoPatientField  field);
void         meso_patient_set_field       (MesoPatient      *self,
                                           MesoPatientField  field,
                                           const char       *value);
gboolean     meso_patient_get_archived    (MesoPatient      *self);
void         meso_patient_set_archived    (MesoPatient      *self,
                                           gboolean          archived);
const char  *meso_patient_get_restricted_on (MesoPatient    *self);
const char  *meso_patient_get_anonymised_on (MesoPatient    *self);
const char  *meso_patient_get_state_name  (MesoPatient      *self);
void         meso_patient_set_restriction (MesoPatient      *self,
                                           const char       *restricted_on,
                                           const char       *anonymised_on);
char        *meso_patient_dup_display_name (MesoPatient     *self);
char        *meso_patient_dup_summary     (MesoPatient      *self,
                                           GDate            *today);
int          meso_patient_age_on          (MesoPatient      *self,
                                           GDate            *day);
void         meso_patient_set_summary_day (MesoPatient      *self,
                                           const GDate      *day);

void         meso_patient_normalize       (MesoPatient      *self);
char        *meso_patient_check_field     (MesoPatient      *self,
                                           MesoPatientField  field,
                                           GDate            *today);
gboolean     meso_patient_validate        (MesoPatient      *self,
                                           GDate            *today,
                                           GError          **error);

char        *meso_patient_dup_sort_key    (MesoPatient      *self,
                                          const char       *language,
                                          MesoScriptOrder   order);
char        *meso_patient_dup_search_text (MesoPatient      *self);

G_END_DECLS
