/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-screening.c: contraindication answers with the date each was asked,
 * allergies and regular medication. */
#define G_LOG_DOMAIN "meso-screening"

#include <glib/gi18n.h>

#include "meso-enum.h"
#include "meso-screening.h"

typedef struct
{
  MesoAnswer  answer;
  char       *asked_on;   /* YYYY-MM-DD, or NULL if never asked */
} Entry;

struct _MesoScreening
{
  GObject    parent_instance;

  Entry      entries[MESO_N_CONDITIONS];
  GPtrArray *allergies;     /* char* */
  GArray    *medications;   /* MesoMedication */
};

G_DEFINE_TYPE (MesoScreening, meso_screening, G_TYPE_OBJECT)

/* The nicks are the codes stored in screening_answer.condition. */
G_DEFINE_ENUM_TYPE (MesoCondition, meso_condition,
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_PREGNANCY, "pregnancy"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_BREASTFEEDING, "breastfeeding"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_REDUCED_IMMUNITY, "reduced-immunity"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_ACTIVE_INFECTION, "active-infection"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_ACUTE_FLARE, "acute-flare"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_INGREDIENT_ALLERGY, "ingredient-allergy"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_PAST_ALLERGIC_REACTION, "past-allergic-reaction"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_SCALP_SKIN_DISEASE, "scalp-skin-disease"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_CIRCULATORY_PROBLEMS, "circulatory-problems"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_CANCER, "cancer"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_DIABETES, "diabetes"),
  G_DEFINE_ENUM_VALUE (MESO_CONDITION_REGULAR_MEDICATION, "regular-medication"))

/* The nicks are the codes stored in screening_answer.answer. */
G_DEFINE_ENUM_TYPE (MesoAnswer, meso_answer,
  G_DEFINE_ENUM_VALUE (MESO_ANSWER_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (MESO_ANSWER_NO, "no"),
  G_DEFINE_ENUM_VALUE (MESO_ANSWER_YES, "yes"))

static const char * const condition_labels[MESO_N_CONDITIONS] = {
  [MESO_CONDITION_PREGNANCY]              = N_("Pregnancy"),
  [MESO_CONDITION_BREASTFEEDING]          = N_("Breastfeeding"),
  [MESO_CONDITION_REDUCED_IMMUNITY]       = N_("Reduced immunity"),
  [MESO_CONDITION_ACTIVE_INFECTION]       = N_("Active viral or other infection"),
  [MESO_CONDITION_ACUTE_FLARE]            = N_("Acute flare of a disease"),
  [MESO_CONDITION_INGREDIENT_ALLERGY]     = N_("Allergy or intolerance to a cocktail ingredient"),
  [MESO_CONDITION_PAST_ALLERGIC_REACTION] =
    N_("Past allergic reaction to dyes, hair products or medication"),
  [MESO_CONDITION_SCALP_SKIN_DISEASE]     = N_("Skin disease on the scalp"),
  [MESO_CONDITION_CIRCULATORY_PROBLEMS]   = N_("Circulatory problems (e.g. varicose veins)"),
  [MESO_CONDITION_CANCER]                 = N_("Cancer"),
  [MESO_CONDITION_DIABETES]               = N_("Diabetes"),
  [MESO_CONDITION_REGULAR_MEDICATION]     = N_("Takes regular medication"),
};

const char *
meso_condition_get_code (MesoCondition condition)
{
  return meso_enum_to_code (MESO_TYPE_CONDITION, condition);
}

const char *
meso_condition_get_label (MesoCondition condition)
{
  g_return_val_if_fail (condition < MESO_N_CONDITIONS, NULL);
  return _(condition_labels[condition]);
}

gboolean
meso_condition_from_code (const char    *code,
                          MesoCondition *out_condition)
{
  return meso_enum_from_code (MESO_TYPE_CONDITION, code, (int *) out_condition);
}

const char *
meso_answer_get_code (MesoAnswer answer)
{
  return meso_enum_to_code (MESO_TYPE_ANSWER, answer);
}

gboolean
meso_answer_from_code (const char *code,
                       MesoAnswer *out_answer)
{
  return meso_enum_from_code (MESO_TYPE_ANSWER, code, (int *) out_answer);
}

static void
clear_medication (gpointer data)
{
  g_free (((MesoMedication *) data)->name);
}

static void
meso_screening_finalize (GObject *object)
{
  MesoScreening *self = MESO_SCREENING (object);

  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    g_free (self->entries[i].asked_on);
  g_ptr_array_unref (self->allergies);
  g_array_unref (self->medications);

  G_OBJECT_CLASS (meso_screening_parent_class)->finalize (object);
}

static void
meso_screening_class_init (MesoScreeningClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_screening_finalize;
}

static void
meso_screening_init (MesoScreening *self)
{
  self->allergies = g_ptr_array_new_with_free_func (g_free);
  self->medications = g_array_new (FALSE, TRUE, sizeof (MesoMedication));
  g_array_set_clear_func (self->medications, clear_medication);
}

MesoScreening *
meso_screening_new (void)
{
  return g_object_new (MESO_TYPE_SCREENING, NULL);
}


MesoAnswer
meso_screening_get_answer (MesoScreening *self,
                           MesoCondition  condition)
{
  g_return_val_if_fail (condition < MESO_N_CONDITIONS, MESO_ANSWER_UNKNOWN);
  return self->entries[condition].answer;
}

const char *
meso_screening_get_asked_on (MesoScreening *self,
                             MesoCondition  condition)
{
  g_return_val_if_fail (condition < MESO_N_CONDITIONS, NULL);
  return self->entries[condition].asked_on;
}

/**
 * meso_screening_set_answer:
 * @asked_on: (nullable): the day the patient was asked, YYYY-MM-DD
 */
void
meso_screening_set_answer (MesoScreening *self,
                           MesoCondition  condition,
                           MesoAnswer     answer,
                           const char    *asked_on)
{
  g_return_if_fail (condition < MESO_N_CONDITIONS);

  self->entries[condition].answer = answer;
  g_free (self->entries[condition].asked_on);
  self->entries[condition].asked_on = g_strdup (asked_on);
}

/* Returns: (transfer none) (element-type utf8) */
GPtrArray *
meso_screening_get_allergies (MesoScreening *self)
{
  return self->allergies;
}

void
meso_screening_add_allergy (MesoScreening *self,
                            const char    *substance)
{
  g_ptr_array_add (self->allergies, g_strstrip (g_strdup (substance)));
}

void
meso_screening_remove_allergy (MesoScreening *self,
                               guint          index)
{
  g_return_if_fail (index < self->allergies->len);
  g_ptr_array_remove_index (self->allergies, index);
}

/* Returns: (transfer none) (element-type MesoMedication) */
GArray *
meso_screening_get_medications (MesoScreening *self)
{
  return self->medications;
}

void
meso_screening_add_medication (MesoScreening *self,
                               const char    *name,
                               gboolean       blood_thinner)
{
  MesoMedication med = { g_strstrip (g_strdup (name)), !!blood_thinner };

  g_array_append_val (self->medications, med);
}

void
meso_screening_remove_medication (MesoScreening *self,
                                  guint          index)
{
  g_return_if_fail (index < self->medications->len);
  g_array_remove_index (self->medications, index);
}

gboolean
meso_screening_takes_blood_thinners (MesoScreening *self)
{
  for (guint i = 0; i < self->medications->len; i++)
    if (g_array_index (self->medications, MesoMedication, i).blood_thinner)
      return TRUE;
  return FALSE;
}

static void
copy_allergies (MesoScreening *to,
                MesoScreening *from)
{
  g_ptr_array_set_size (to->allergies, 0);
  for (guint i = 0; i < from->allergies->len; i++)
    meso_screening_add_allergy (to, g_ptr_array_index (from->allergies, i));
}

static void
copy_medications (MesoScreening *to,
                  MesoScreening *from)
{
  while (to->medications->len > 0)
    meso_screening_remove_medication (to, 0);
  for (guint i = 0; i < from->medications->len; i++)
    {
      MesoMedication *med = &g_array_index (from->medications, MesoMedication, i);

      meso_screening_add_medication (to, med->name, med->blood_thinner);
    }
}

static gboolean
same_allergies (MesoScreening *a,
                MesoScreening *b)
{
  if (a->allergies->len != b->allergies->len)
    return FALSE;
  for (guint i = 0; i < a->allergies->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a->allergies, i), g_ptr_array_index (b->allergies, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_medications (MesoScreening *a,
                  MesoScreening *b)
{
  if (a->medications->len != b->medications->len)
    return FALSE;
  for (guint i = 0; i < a->medications->len; i++)
    {
      MesoMedication *x = &g_array_index (a->medications, MesoMedication, i);
      MesoMedication *y = &g_array_index (b->medications, MesoMedication, i);

      if (g_strcmp0 (x->name, y->name) != 0 || x->blood_thinner != y->blood_thinner)
        return FALSE;
    }
  return TRUE;
}

/**
 * meso_screening_copy:
 *
 * Returns: (transfer full): a copy of @self.
 */
MesoScreening *
meso_screening_copy (MesoScreening *self)
{
  MesoScreening *copy = meso_screening_new ();

  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    meso_screening_set_answer (copy, i, self->entries[i].answer, self->entries[i].asked_on);
  copy_allergies (copy, self);
  copy_medications (copy, self);
  return copy;
}

/**
 * meso_screening_merge:
 *
 * meso_patient_merge() for the screening saved with the patient: each
 * answer (with its date), the allergies and the medications as @mine has
 * them where it changed them from @base, else as @stored has them.
 *
 * Returns: (transfer full): the merged screening.
 */
MesoScreening *
meso_screening_merge (MesoScreening *base,
                      MesoScreening *mine,
                      MesoScreening *stored)
{
  MesoScreening *merged = meso_screening_copy (stored);

  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    if (mine->entries[i].answer != base->entries[i].answer ||
        g_strcmp0 (mine->entries[i].asked_on, base->entries[i].asked_on) != 0)
      meso_screening_set_answer (merged, i, mine->entries[i].answer, mine->entries[i].asked_on);
  if (!same_allergies (mine, base))
    copy_allergies (merged, mine);
  if (!same_medications (mine, base))
    copy_medications (merged, mine);
  return merged;
}
