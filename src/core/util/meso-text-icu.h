/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-text-icu.h: names across scripts (ICU): Latin forms for search, collation keys for order. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where names in Cyrillic (or another non-Latin script) go in the list. */
typedef enum
{
  MESO_SCRIPT_ORDER_INTERLEAVED,  /* by their Latin transliteration: Попова among the P */
  MESO_SCRIPT_ORDER_GROUPED,      /* all Latin names first, then the others */
} MesoScriptOrder;

char **meso_text_icu_query_words (const char     *query);
char **meso_text_icu_search_words (const char     *text);
char  *meso_text_icu_sort_key    (const char      *family,
                                  const char      *given,
                                  const char      *language,
                                  MesoScriptOrder  order);

G_END_DECLS
