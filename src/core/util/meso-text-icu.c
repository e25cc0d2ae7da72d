/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-text-icu.c: so that "tatyana pop" finds "Татьяна Попова", "шуле" finds "Şule Koç",
 * and the list sorts as the clinic's language does (Turkish Ç after C). */
#define G_LOG_DOMAIN "meso-text-icu"

#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "meso-text.h"
#include "meso-text-icu.h"

/* ICU's transliterators and collators may not be shared between threads,
 * and the patient list searches from a worker: each thread opens its own. */
typedef struct
{
  UTransliterator *iso;   /* Any-Latin (ISO 9 for Cyrillic): "шуле" -> "sule" */
  UTransliterator *bgn;   /* BGN/PCGN for Russian, as passports and e-mails spell it */
  UCollator       *collator;
  char             collator_language[16];
  MesoScriptOrder  collator_order;
} ThreadIcu;

static void
thread_icu_free (gpointer data)
{
  ThreadIcu *icu = data;

  g_clear_pointer (&icu->iso, utrans_close);
  g_clear_pointer (&icu->bgn, utrans_close);
  g_clear_pointer (&icu->collator, ucol_close);
  g_free (icu);
}

static GPrivate thread_icu_key = G_PRIVATE_INIT (thread_icu_free);

static UTransliterator *
open_transliterator (const char *id)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar uid[64];
  UTransliterator *trans;

  u_uastrcpy (uid, id);
  trans = utrans_openU (uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
  /* The rules ship with libicu: missing, the build is broken. */
  if (U_FAILURE (status))
    g_error ("ICU transliterator %s: %s", id, u_errorName (status));
  return trans;
}

static ThreadIcu *
thread_icu (void)
{
  ThreadIcu *icu = g_private_get (&thread_icu_key);

  if (icu == NULL)
    {
      icu = g_new0 (ThreadIcu, 1);
      icu->iso = open_transliterator ("Any-Latin; Latin-ASCII");
      icu->bgn = open_transliterator ("Russian-Latin/BGN; Any-Latin; Latin-ASCII");
      g_private_set (&thread_icu_key, icu);
    }
  return icu;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Returns: (transfer full): UTF-16 of @text (valid UTF-8), or %NULL. */
static UChar *
to_uchars (const char *text,
           int32_t    *length)
{
  glong n = 0;
  gunichar2 *u = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);

  *length = (int32_t) n;
  return (UChar *) u;
}

/* Returns: (transfer full): @text through @trans, in UTF-8. */
static char *
transliterate (UTransliterator *trans,
               const char      *text)
{
  int32_t length = 0;
  g_autofree UChar *u = to_uchars (text, &length);
  int32_t capacity, limit;
  UErrorCode status = U_ZERO_ERROR;
  UChar *buffer;
  char *out;

  if (u == NULL)
    return g_strdup ("");
  /* Transliteration grows text (щ -> shch): room for four times as much. */
  capacity = length * 4 + 16;
  buffer = g_new (UChar, capacity);
  memcpy (buffer, u, length * sizeof (UChar));
  limit = length;
  utrans_transUChars (trans, buffer, &length, capacity, 0, &limit, &status);
  if (U_FAILURE (status) || length > capacity)
    {
      g_free (buffer);
      return g_strdup (text);
    }
  out = g_utf16_to_utf8 ((gunichar2 *) buffer, length, NULL, NULL, NULL);
  g_free (buffer);
  return out != NULL ? out : g_strdup (text);
}

/* Returns: (transfer full): the folded words of @latin (transfer full),
 * the soft and hard signs' apostrophes ("Tat'yana") dropped first: nobody
 * types them, and they would split the word in two. */
static char **
latin_words (char *latin)
{
  char *w = latin;

  for (const char *r = latin; *r != '\0'; r++)
    if (*r != '\'' && *r != '"')
      *w++ = *r;
  *w = '\0';
  char **words = meso_text_fold_words (latin);
  g_free (latin);
  return words;
}

static void
add_word (GPtrArray  *words,
          const char *word)
{
  for (guint i = 0; i < words->len; i++)
    if (g_str_equal (g_ptr_array_index (words, i), word))
      return;
  g_ptr_array_add (words, g_strdup (word));
}

/* The other spellings of a BGN transliteration people write: "Aleksey" as
 * "Alexey", "Yuriy" as "Yury" and "Yuri", "Yevgeniy" as "Evgeniy", "Yelena"
 * as "Elena", "Tatyana" as "Tatiana". */
static void
add_variants (GPtrArray  *words,
              const char *word)
{
  gsize length = strlen (word);
  g_autofree char *x = NULL;

  if (strstr (word, "ks") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (word, "ks", -1);

      x = g_strjoinv ("x", parts);
      add_word (words, x);
    }
  if (length > 3 && g_str_has_suffix (word, "iy"))
    {
      g_autofree char *stem = g_strndup (word, length - 2);
      g_autofree char *y = g_strconcat (stem, "y", NULL);
      g_autofree char *i = g_strndup (word, length - 1);

      add_word (words, y);
      add_word (words, i);
    }
  if (length > 3 && g_str_has_prefix (word, "ye"))
    {
      add_word (words, word + 1);
      add_variants (words, word + 1);
    }
  if (length > 3 && strstr (word + 1, "ya") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (word + 1, "ya", -1);
      g_autofree char *rest = g_strjoinv ("ia", parts);
      g_autofree char *ia = g_strdup_printf ("%c%s", word[0], rest);

      add_word (words, ia);
    }
}

/**
 * meso_text_icu_query_words:
 * @query: (nullable): what was typed in a search
 *
 * Returns: (transfer full): the folded words of @query in the one Latin
 * form the search text holds for every script (ICU's "Any-Latin;
 * Latin-ASCII"): "шуле" becomes "sule", which finds "Şule", and "татьяна"
 * "tatana". Transliterated before folding, which would take й's breve.
 */
char **
meso_text_icu_query_words (const char *query)
{
  if (query == NULL || is_ascii (query))
    return meso_text_fold_words (query);
  return latin_words (transliterate (thread_icu ()->iso, query));
}

/**
 * meso_text_icu_search_words:
 * @text: names, e-mail: anything a patient is searched by, as written
 *
 * Returns: (transfer full): the folded words of @text, then, for text in
 * another script, its Latin forms: the one a query is turned into
 * (meso_text_icu_query_words()), the BGN/PCGN spelling ("tatyana") and its
 * common variants. Each word once.
 */
char **
meso_text_icu_search_words (const char *text)
{
  g_auto(GStrv) folded = meso_text_fold_words (text);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; folded[i] != NULL; i++)
    add_word (words, folded[i]);
  if (text != NULL && !is_ascii (text))
    {
      ThreadIcu *icu = thread_icu ();
      g_auto(GStrv) iso = latin_words (transliterate (icu->iso, text));
      g_auto(GStrv) bgn = latin_words (transliterate (icu->bgn, text));

      for (guint i = 0; iso[i] != NULL; i++)
        add_word (words, iso[i]);
      for (guint i = 0; bgn[i] != NULL; i++)
        {
          add_word (words, bgn[i]);
          add_variants (words, bgn[i]);
        }
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

/* The collator of @language ("tr", "ru"; empty: the root order), Latin
 * before the other scripts when @order groups them. */
static UCollator *
thread_collator (const char      *language,
                 MesoScriptOrder  order)
{
  ThreadIcu *icu = thread_icu ();
  UErrorCode status = U_ZERO_ERROR;

  if (icu->collator != NULL && icu->collator_order == order &&
      strcmp (icu->collator_language, language) == 0)
    return icu->collator;
  g_clear_pointer (&icu->collator, ucol_close);
  icu->collator = ucol_open (language, &status);
  if (U_FAILURE (status))
    {
      status = U_ZERO_ERROR;
      icu->collator = ucol_open ("", &status);
      if (U_FAILURE (status))
        g_error ("ICU root collator: %s", u_errorName (status));
    }
  if (order == MESO_SCRIPT_ORDER_GROUPED)
    {
      const int32_t codes[] = { USCRIPT_LATIN, USCRIPT_CYRILLIC, USCRIPT_GREEK };

      ucol_setReorderCodes (icu->collator, codes, G_N_ELEMENTS (codes), &status);
    }
  else
    {
      /* The Russian collator puts Cyrillic first; interleaved, the others
       * are keyed by their Latin form and only Latin is compared. */
      ucol_setReorderCodes (icu->collator, NULL, 0, &status);
    }
  g_strlcpy (icu->collator_language, language, sizeof icu->collator_language);
  icu->collator_order = order;
  return icu->collator;
}

static gboolean
is_latin (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (g_unichar_isalpha (c) && script != G_UNICODE_SCRIPT_LATIN &&
          script != G_UNICODE_SCRIPT_COMMON && script != G_UNICODE_SCRIPT_INHERITED)
        return FALSE;
    }
  return TRUE;
}

/* Appends @text's collation key, its terminating zero included so that a
 * name sorts before every longer one that begins with it ("Muller" before
 * "Mullerova") whatever follows: each byte b as the code point b + 1, in
 * UTF-8, whose bytewise order (SQLite's BINARY, PostgreSQL's "C") is the
 * code points' order and so the key's. */
static void
append_key (GString    *out,
            UCollator  *collator,
            const char *text)
{
  int32_t length = 0;
  g_autofree UChar *u = to_uchars (text, &length);
  uint8_t stack[256];
  g_autofree uint8_t *heap = NULL;
  uint8_t *key = stack;
  int32_t size;

  if (u == NULL)
    length = 0;
  size = ucol_getSortKey (collator, u, length, key, sizeof stack);
  if (size > (int32_t) sizeof stack)
    {
      key = heap = g_malloc (size);
      size = ucol_getSortKey (collator, u, length, key, size);
    }
  for (int32_t i = 0; i < size; i++)
    g_string_append_unichar (out, (gunichar) key[i] + 1);
}

/**
 * meso_text_icu_sort_key:
 * @family: the family name, as written
 * @given: the given names
 * @language: the clinic's language ("tr", "es", "ru", "en"); empty for ICU's root order
 * @order: where names in other scripts go
 *
 * Returns: (transfer full): the key that orders patients by family, then
 * given names, as @language sorts them (Turkish: Ç after C, Ş after S),
 * stored in each patient's row so that the list needs no sort.
 */
char *
meso_text_icu_sort_key (const char      *family,
                        const char      *given,
                        const char      *language,
                        MesoScriptOrder  order)
{
  UCollator *collator = thread_collator (language != NULL ? language : "", order);
  GString *out = g_string_new (NULL);
  const char *names[] = { family != NULL ? family : "", given != NULL ? given : "" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *latin = NULL;

      if (order == MESO_SCRIPT_ORDER_INTERLEAVED && !is_latin (names[i]))
        {
          latin = transliterate (thread_icu ()->bgn, names[i]);
          append_key (out, collator, latin);
        }
      else
        append_key (out, collator, names[i]);
    }
  return g_string_free (out, FALSE);
}
