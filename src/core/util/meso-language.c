/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-language.c: the languages handouts can be printed in, named in their own language. */
#define G_LOG_DOMAIN "meso-language"

#include "meso-language.h"

static const char * const codes[] = { "en", "tr", "es", "ru", NULL };

/* Each language is named in itself: the receptionist may not read the
 * patient's language, but the patient recognises their own. */
static const char * const names[] = { "English", "Türkçe", "Español", "Русский" };

const char * const *
meso_language_codes (void)
{
  return codes;
}

const char *
meso_language_get_name (const char *code)
{
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (code, codes[i]) == 0)
      return names[i];
  return NULL;
}

gboolean
meso_language_is_known (const char *code)
{
  return meso_language_get_name (code) != NULL;
}
