/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-text.h: folding text for accent- and case-insensitive search and sorting. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char  *meso_text_fold          (const char *text);
void   meso_text_append_json_string (GString  *json,
                                     const char *value);
char **meso_text_fold_words    (const char *text);
char  *meso_text_phone_search  (const char *phone);
guint64 meso_text_initials      (const char *text);
char   *meso_text_name_initials (const char *name);
guint64 meso_text_initial_bit   (const char *word);
char  *meso_text_fts_prefix_query (char     **words);
char  *meso_text_check_phone   (const char *phone);
char  *meso_text_check_name    (const char *name);
gboolean meso_text_parse_date   (const char *text,
                                GDate      *out_date);

/* The value of the field @name (@length bytes, not terminated), or %NULL
 * when it is not a field. */
typedef const char *(*MesoFieldLookup) (const char *name,
                                        gsize       length,
                                        gpointer    user_data);
char    *meso_text_expand_fields (const char      *text,
                                  MesoFieldLookup  lookup,
                                  gpointer         user_data);

G_END_DECLS
