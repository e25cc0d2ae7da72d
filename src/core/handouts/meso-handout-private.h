/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-private.h: a handout being composed, shared by
 * meso-handout.c (the handouts' own values), meso-handout-draft.c (the
 * values and tables they are filled with), meso-handout-summary.c (a
 * patient's record summary) and meso-handout-photos.c (photos on paper);
 * nothing else includes it. */
#pragma once

#include "meso-handout.h"
#include "meso-resources.h"

G_BEGIN_DECLS

/* What a handout is built from, gathered before any text is filled in. */
typedef struct
{
  MesoHandout      *handout;
  MesoContext      *context;
  MesoResources    *resources;
  MesoHandoutTexts *texts;
  const char       *section;
  GHashTable       *values;    /* field -> its text */
  GHashTable       *tables;    /* block name -> GPtrArray of GStrv rows */
  GHashTable       *blocks;    /* block name -> GPtrArray of MesoHandoutBlock, placed whole */
} MesoHandoutDraft;

/* meso-handout.c */
MesoHandoutBlock *meso_handout_block_new  (MesoHandoutBlockType  type,
                                           char                 *text);
void              meso_handout_block_free (gpointer              block);

/* meso-handout-draft.c */
void        meso_handout_draft_set          (MesoHandoutDraft *draft,
                                             const char       *field,
                                             char             *value);
char       *meso_handout_draft_expand       (MesoHandoutDraft *draft,
                                             const char       *key);
const char *meso_handout_draft_word         (MesoHandoutDraft *draft,
                                             const char       *key);
char       *meso_handout_draft_date         (MesoHandoutDraft *draft,
                                             gint64            instant,
                                             const char       *format);
char       *meso_handout_draft_time         (MesoHandoutDraft *draft,
                                             gint64            instant);
char       *meso_handout_draft_iso_date     (MesoHandoutDraft *draft,
                                             const char       *iso);
char       *meso_handout_draft_ml           (MesoHandoutDraft *draft,
                                             double            ml);
const char *meso_handout_draft_practitioner (MesoHandoutDraft *draft,
                                             gint64            id);
const char *meso_handout_draft_zone         (MesoHandoutDraft *draft,
                                             MesoScalpZone     zone);
const char *meso_handout_draft_grade        (MesoHandoutDraft *draft,
                                             MesoGrade         grade);
char       *meso_handout_draft_stage        (MesoHandoutDraft *draft,
                                             MesoScalpMap     *map);
GPtrArray  *meso_handout_draft_table        (MesoHandoutDraft *draft,
                                             const char       *name);
void        meso_handout_draft_add_row      (GPtrArray        *rows,
                                             const char       *first,
                                             ...) G_GNUC_NULL_TERMINATED;

GPtrArray  *meso_handout_draft_blocks       (MesoHandoutDraft *draft,
                                             const char       *name);

/* meso-handout-summary.c */
gboolean    meso_handout_draft_add_summary  (MesoHandoutDraft  *draft,
                                             MesoPatient       *patient,
                                             GError           **error);

/* meso-handout-photos.c */
gboolean    meso_handout_draft_add_progress (MesoHandoutDraft  *draft,
                                             gint64             patient_id,
                                             MesoAppointment   *latest,
                                             GError           **error);
gboolean    meso_handout_draft_add_photos   (MesoHandoutDraft  *draft,
                                             gint64             patient_id,
                                             const gint64      *photo_ids,
                                             guint              n_photo_ids,
                                             GError           **error);

G_END_DECLS
