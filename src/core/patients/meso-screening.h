/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-screening.h: a patient's contraindication screening record. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The contraindications of shared/domain.md, asked before every session. */
typedef enum
{
  MESO_CONDITION_PREGNANCY,
  MESO_CONDITION_BREASTFEEDING,
  MESO_CONDITION_REDUCED_IMMUNITY,
  MESO_CONDITION_ACTIVE_INFECTION,
  MESO_CONDITION_ACUTE_FLARE,
  MESO_CONDITION_INGREDIENT_ALLERGY,
  MESO_CONDITION_PAST_ALLERGIC_REACTION,
  MESO_CONDITION_SCALP_SKIN_DISEASE,
  MESO_CONDITION_CIRCULATORY_PROBLEMS,
  MESO_CONDITION_CANCER,
  MESO_CONDITION_DIABETES,
  MESO_CONDITION_REGULAR_MEDICATION,
  MESO_N_CONDITIONS
} MesoCondition;

#define MESO_TYPE_CONDITION (meso_condition_get_type ())
GType meso_condition_get_type (void);

typedef enum
{
  MESO_ANSWER_UNKNOWN,
  MESO_ANSWER_NO,
  MESO_ANSWER_YES,
} MesoAnswer;

#define MESO_TYPE_ANSWER (meso_answer_get_type ())
GType meso_answer_get_type (void);

typedef struct
{
  char     *name;
  gboolean  blood_thinner;
} MesoMedication;

#define MESO_TYPE_SCREENING (meso_screening_get_type ())
G_DECLARE_FINAL_TYPE (MesoScreening, meso_screening, MESO, SCREENING, GObject)

const char    *meso_condition_get_code       (MesoCondition  condition);
const char    *meso_condition_get_label      (MesoCondition  condition);
gboolean       meso_condition_from_code      (const char    *code,
                                              MesoCondition *out_condition);
const char    *meso_answer_get_code          (MesoAnswer     answer);
gboolean       meso_answer_from_code         (const char    *code,
                                              MesoAnswer    *out_answer);

MesoScreening *meso_screening_new            (void);
MesoScreening *meso_screening_copy           (MesoScreening *self);
MesoScreening *meso_screening_merge          (MesoScreening *base,
                                              MesoScreening *mine,
                                              MesoScreening *stored);
MesoAnswer     meso_screening_get_answer     (MesoScreening *self,
                                              MesoCondition  condition);
const char    *meso_screening_get_asked_on   (MesoScreening *self,
                                              MesoCondition  condition);
void           meso_screening_set_answer     (MesoScreening *self,
                                              MesoCondition  condition,
                                              MesoAnswer     answer,
                                              const char    *asked_on);
GPtrArray     *meso_screening_get_allergies  (MesoScreening *self);
void           meso_screening_add_allergy    (MesoScreening *self,
                                              const char    *substance);
void           meso_screening_remove_allergy (MesoScreening *self,
                                              guint          index);
GArray        *meso_screening_get_medications (MesoScreening *self);
void           meso_screening_add_medication (MesoScreening *self,
                                              const char    *name,
                                              gboolean       blood_thinner);
void           meso_screening_remove_medication (MesoScreening *self,
                                              guint          index);
gboolean       meso_screening_takes_blood_thinners (MesoScreening *self);

G_END_DECLS
