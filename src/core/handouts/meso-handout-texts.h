/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-texts.h: the texts handouts are printed with, one set per
 * language: as shipped, or as the clinic rewrote them. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

#define MESO_HANDOUT_TEXTS_ERROR (meso_handout_texts_error_quark ())

typedef enum
{
  MESO_HANDOUT_TEXTS_ERROR_INVALID,
} MesoHandoutTextsError;

#define MESO_TYPE_HANDOUT_TEXTS (meso_handout_texts_get_type ())
G_DECLARE_FINAL_TYPE (MesoHandoutTexts, meso_handout_texts, MESO, HANDOUT_TEXTS, GObject)

GQuark              meso_handout_texts_error_quark (void);

const char * const *meso_handout_texts_sections    (void);
const char         *meso_handout_texts_section_label (const char *section);
char              **meso_handout_texts_list_keys   (const char *section);
char               *meso_handout_texts_key_label   (const char *key);
char               *meso_handout_texts_list_fields (const char *section,
                                                    const char *key);
gboolean            meso_handout_texts_check       (const char *section,
                                                    const char *key,
                                                    const char *text,
                                                    GError    **error);

const char         *meso_handout_texts_get_language (MesoHandoutTexts *self);
const char         *meso_handout_texts_get         (MesoHandoutTexts *self,
                                                    const char       *section,
                                                    const char       *key);
gboolean            meso_handout_texts_is_own      (MesoHandoutTexts *self,
                                                    const char       *section,
                                                    const char       *key);
gboolean            meso_handout_texts_save        (MesoHandoutTexts *self,
                                                    const char       *section,
                                                    const char       *key,
                                                    const char       *text,
                                                    GError          **error);
gboolean            meso_handout_texts_reset       (MesoHandoutTexts *self,
                                                    const char       *section,
                                                    const char       *key,
                                                    GError          **error);

char               *meso_handout_texts_expand      (const char       *text,
                                                    GHashTable       *values);
char               *meso_handout_texts_format_date (MesoHandoutTexts *self,
                                                    GDateTime        *when,
                                                    const char       *format);
char               *meso_handout_texts_format_number (MesoHandoutTexts *self,
                                                      double            value,
                                                      guint             decimals);

G_END_DECLS
