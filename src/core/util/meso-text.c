/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-text.c: folding text so that "sahin" finds "Şahin" and "muller" finds "Müller". */
#define G_LOG_DOMAIN "meso-text"

#include <stdio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "meso-text.h"

/* Letters that are not a base letter plus a combining mark, so that
 * decomposition alone does not fold them. */
static const char *
fold_special (gunichar c)
{
  switch (c)
    {
    case 0x0131: return "i";   /* dotless ı (Turkish) */
    case 0x00F8: return "o";   /* ø */
    case 0x0111: return "d";   /* đ */
    case 0x0142: return "l";   /* ł */
    case 0x00E6: return "ae";  /* æ */
    case 0x0153: return "oe";  /* œ */
    case 0x00FE: return "th";  /* þ */
    default:     return NULL;
    }
}

/**
 * meso_text_fold:
 *
 * Returns: (transfer full): @text lower-cased, with accents and other
 * combining marks removed, for comparing and sorting names.
 */
char *
meso_text_fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_sized_new (strlen (folded));

  if (decomposed == NULL)  /* not valid UTF-8: keep nothing rather than garbage */
    return g_string_free (out, FALSE);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *special = fold_special (c);

      if (g_unichar_ismark (c))
        continue;
      if (special != NULL)
        g_string_append (out, special);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * meso_text_fold_words:
 *
 * Returns: (transfer full): the folded words of @text: runs of letters and
 * digits, everything else being a separator.
 */
char **
meso_text_fold_words (const char *text)
{
  g_autofree char *folded = meso_text_fold (text);
  GStrvBuilder *builder = g_strv_builder_new ();
  GString *word = g_string_new (NULL);
  char **words;

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        g_strv_builder_add (builder, word->str);
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  words = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return words;
}

/**
 * meso_text_phone_search:
 *
 * Returns: (transfer full): the searchable forms of a phone number: all its
 * digits, and the digits from each group on, so that "+90 532 123 45 67" is
 * found by "905321234567", "532 123" or "1234567".
 */
char *
meso_text_phone_search (const char *phone)
{
  g_auto(GStrv) groups = NULL;
  GString *out = g_string_new (NULL);
  g_autoptr(GString) digits = g_string_new (NULL);

  if (phone == NULL)
    return g_string_free (out, FALSE);

  groups = g_strsplit_set (phone, " -./()", -1);
  for (int i = g_strv_length (groups) - 1; i >= 0; i--)
    {
      g_autoptr(GString) group = g_string_new (NULL);

      for (const char *p = groups[i]; *p != '\0'; p++)
        if (g_ascii_isdigit (*p))
          g_string_append_c (group, *p);
      if (group->len == 0)
        continue;
      g_string_prepend (digits, group->str);
      g_string_prepend_c (out, ' ');
      g_string_prepend (out, digits->str);
    }
  return g_strchomp (g_string_free (out, FALSE));
}

/* Bits 0-25 stand for a-z, 26-35 for 0-9, 36 for any other first letter. */
static guint64
initial_bit (gunichar c)
{
  if (c >= 'a' && c <= 'z')
    return G_GUINT64_CONSTANT (1) << (c - 'a');
  if (c >= '0' && c <= '9')
    return G_GUINT64_CONSTANT (1) << (26 + c - '0');
  return G_GUINT64_CONSTANT (1) << 36;
}

/**
 * meso_text_initials:
 * @text: folded words, as meso_text_fold_words() gives them
 *
 * Returns: a mask of the letters the words of @text begin with. Kept with
 * each patient, it answers a one-letter search without the text index,
 * whose matches for one letter run to a fifth of the clinic.
 */
guint64
meso_text_initials (const char *text)
{
  g_auto(GStrv) words = meso_text_fold_words (text);
  guint64 mask = 0;

  for (guint i = 0; words[i] != NULL; i++)
    mask |= initial_bit (g_utf8_get_char (words[i]));
  return mask;
}

/**
 * meso_text_initial_bit:
 * @word: one folded word
 *
 * Returns: the initials bit that answers @word when it is a single letter
 * or digit from a-z or 0-9, or 0 when the text index must answer it.
 */
guint64
meso_text_initial_bit (const char *word)
{
  if (word[0] == '\0' || word[1] != '\0' || !g_ascii_isalnum (word[0]))
    return 0;
  return initial_bit (word[0]);
}

/**
 * meso_text_fts_prefix_query:
 * @words: folded words
 *
 * Returns: (transfer full) (nullable): an FTS5 query matching rows that
 * have a word beginning with each of @words, or %NULL if @words is empty.
 */
char *
meso_text_fts_prefix_query (char **words)
{
  GString *out;

  if (words == NULL || words[0] == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    /* Words hold only letters and digits, so quoting cannot be escaped. */
    g_string_append_printf (out, "%s\"%s\"*", i > 0 ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/**
 * meso_text_parse_date:
 *
 * Parses a calendar date written as 1985-04-23 (ISO 8601), or day first as
 * 23.04.1985 or 23/04/1985, the forms used at the clinics' reception desks.
 *
 * Returns: %TRUE if @text is a real date.
 */
gboolean
meso_text_parse_date (const char *text,
                      GDate      *out_date)
{
  unsigned int a, b, c;
  char sep1, sep2, trailing;
  int year, month, day;

  if (text == NULL ||
      sscanf (text, " %u%c%u%c%u %c", &a, &sep1, &b, &sep2, &c, &trailing) != 5 ||
      sep1 != sep2)
    return FALSE;

  if (sep1 == '-' && a >= 1000)
    year = a, month = b, day = c;
  else if ((sep1 == '.' || sep1 == '/') && c >= 1000)
    year = c, month = b, day = a;
  else
    return FALSE;

  /* GDateDay and GDateMonth are narrower than int: 257 would pass as 1. */
  if (year > 9999 || day < 1 || day > 31 || month < 1 || month > 12 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, day, month, year);
  return TRUE;
}

/**
 * meso_text_check_phone:
 *
 * Returns: (transfer full) (nullable): why @phone is not a phone number, in
 * words for the person typing it, or %NULL if it looks like one.
 */
char *
meso_text_check_phone (const char *phone)
{
  guint n_digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n_digits++;
      else if (strchr (" +-()./", *p) == NULL || (*p == '+' && p != phone))
        return g_strdup (_("Use digits, spaces and - ( ) only, with + only at the start."));
    }
  /* E.164 allows at most 15 digits; fewer than 6 is no reachable number. */
  if (n_digits < 6 || n_digits > 15)
    return g_strdup (_("A phone number has 6 to 15 digits."));
  return NULL;
}

/* Explicit direction controls (embeddings, overrides, isolates): U+202E
 * shows "Ali" as "ilA" and hides what a name really says. */
static gboolean
is_direction_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * meso_text_check_name:
 *
 * Returns: (transfer full) (nullable): why @name cannot be a person's name,
 * in words for the person typing it, or %NULL if it can. A name has at
 * least one letter, and no control or text direction characters; joiners
 * stay allowed, as some scripts need them inside words.
 */
char *
meso_text_check_name (const char *name)
{
  gboolean has_letter = FALSE;

  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (_("The text contains invalid characters."));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        return g_strdup (_("A name cannot hold tabs, line breaks or other control characters."));
      if (is_direction_control (c))
        return g_strdup (_("A name cannot hold characters that change the text direction."));
      has_letter = has_letter || g_unichar_isalpha (c);
    }
  if (!has_letter)
    return g_strdup (_("A name needs at least one letter."));
  return NULL;
}

/* Appends @value as a JSON string: quoted, with quotes, backslashes and
 * control characters escaped. */
void
meso_text_append_json_string (GString    *json,
                              const char *value)
{
  g_string_append_c (json, '"');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_printf (json, "\\%c", *c);
      else if ((guchar) *c < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar) *c);
      else
        g_string_append_c (json, *c);
    }
  g_string_append_c (json, '"');
}

/**
 * meso_text_expand_fields:
 *
 * Returns: (transfer full): @text with each {field} that @lookup knows
 * replaced by its value; anything else in braces is left as it is.
 */
char *
meso_text_expand_fields (const char      *text,
                         MesoFieldLookup  lookup,
                         gpointer         user_data)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  for (const char *open; (open = strchr (p, '{')) != NULL; )
    {
      const char *close = strchr (open, '}');
      const char *value = close != NULL ? lookup (open + 1, close - open - 1, user_data) : NULL;

      g_string_append_len (out, p, open - p);
      if (value != NULL)
        {
          g_string_append (out, value);
          p = close + 1;
        }
      else
        {
          g_string_append_c (out, '{');
          p = open + 1;
        }
    }
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gunichar
first_letter (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        return c;
    }
  return 0;
}

/**
 * meso_text_name_initials:
 *
 * Returns: (transfer full): the first letters of @name's first and last
 * words, in upper case as the current language writes them ("i" is "İ" in
 * Turkish); empty when @name has no letters.
 */
char *
meso_text_name_initials (const char *name)
{
  g_auto(GStrv) words = g_strsplit_set (name != NULL ? name : "", " \t\n", -1);
  GString *initials = g_string_new (NULL);
  g_autofree char *upper = NULL;
  gunichar first = 0, last = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gunichar c = first_letter (words[i]);

      if (c == 0)
        continue;
      if (first == 0)
        first = c;
      else
        last = c;
    }
  if (first != 0)
    g_string_append_unichar (initials, first);
  if (last != 0)
    g_string_append_unichar (initials, last);
  upper = g_utf8_strup (initials->str, -1);
  g_string_free (initials, TRUE);
  return g_steal_pointer (&upper);
}
