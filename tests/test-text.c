/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: folding, word splitting, phone search forms and date parsing. */
#include "meso-text.h"

static void
test_fold (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Şahin", "sahin" },
    { "Müller", "muller" },
    { "IŞIK", "isik" },            /* casefold gives i̇/ı; both fold to i */
    { "Işık", "isik" },
    { "Çağlar", "caglar" },
    { "Álvarez Núñez", "alvarez nunez" },
    { "Fjällström", "fjallstrom" },
    { "Øberg", "oberg" },
    { "Größer", "grosser" },
    { "Фёдоров", "федоров" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = meso_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_fold_words (void)
{
  g_auto(GStrv) words = meso_text_fold_words ("  Anna-Lena  O'Brien anna.svensson@telia.se ");
  const char *expected[] = { "anna", "lena", "o", "brien", "anna", "svensson", "telia", "se", NULL };

  g_assert_cmpstrv (words, expected);
}

static void
test_phone_search (void)
{
  g_autofree char *forms = meso_text_phone_search ("+90 532 123 45 67");
  g_autofree char *empty = meso_text_phone_search ("");

  g_assert_cmpstr (forms, ==, "905321234567 5321234567 1234567 4567 67");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_fts_query (void)
{
  g_auto(GStrv) words = meso_text_fold_words ("Şah \"el*");
  g_auto(GStrv) no_words = meso_text_fold_words (" -- ");
  g_autofree char *query = meso_text_fts_prefix_query (words);
  g_autofree char *none = meso_text_fts_prefix_query (no_words);

  g_assert_cmpstr (query, ==, "\"sah\"* \"el\"*");
  g_assert_null (none);
}

static void
test_initials (void)
{
  guint64 mask = meso_text_initials ("sahin elif 905321234567 иван");

  g_assert_cmphex (mask, ==, meso_text_initial_bit ("s") | meso_text_initial_bit ("e") |
                             meso_text_initial_bit ("9") | (G_GUINT64_CONSTANT (1) << 36));
  g_assert_cmphex (mask & meso_text_initial_bit ("a"), ==, 0);
  /* Longer words, and letters outside a-z, go to the text index. */
  g_assert_cmphex (meso_text_initial_bit ("sa"), ==, 0);
  g_assert_cmphex (meso_text_initial_bit ("и"), ==, 0);
  g_assert_cmphex (meso_text_initial_bit (""), ==, 0);
}

static void
test_parse_date (void)
{
  static const struct { const char *text; gboolean ok; int y, m, d; } cases[] = {
    { "1985-04-23", TRUE, 1985, 4, 23 },
    { "23.04.1985", TRUE, 1985, 4, 23 },
    { "23/04/1985", TRUE, 1985, 4, 23 },
    { " 2000-02-29 ", TRUE, 2000, 2, 29 },
    { "1999-02-29", FALSE },
    { "1985-13-01", FALSE },
    { "23-04-1985", FALSE },
    { "1985-04-23x", FALSE },
    { "1985.04-23", FALSE },
    { "yesterday", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      gboolean ok = meso_text_parse_date (cases[i].text, &date);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_cmpint (g_date_get_year (&date), ==, cases[i].y);
          g_assert_cmpint (g_date_get_month (&date), ==, cases[i].m);
          g_assert_cmpint (g_date_get_day (&date), ==, cases[i].d);
        }
    }
}

static void
test_check_phone (void)
{
  static const struct { const char *phone; gboolean ok; } cases[] = {
    { "+90 532 123 45 67", TRUE },
    { "(0212) 555-0123", TRUE },
    { "12345", FALSE },
    { "+1234567890123456", FALSE },
    { "0532 12a 45 67", FALSE },
    { "0532+1234567", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *problem = meso_text_check_phone (cases[i].phone);
      g_assert_cmpint (problem == NULL, ==, cases[i].ok);
    }
}

static void
test_check_name (void)
{
  static const struct { const char *name; gboolean ok; } cases[] = {
    { "Şahin", TRUE },
    { "Müller-Lüdenscheidt", TRUE },
    { "Соколова", TRUE },
    { "d’Artagnan", TRUE },
    { "\u0645\u06CC\u200C\u0631\u0627", TRUE },   /* Persian, with a zero-width non-joiner */
    { "Ali\u202E", FALSE },
    { "\u202Bابن\u202C", FALSE },
    { "\u2067Ali\u2069", FALSE },
    { "\u200B\u200B\u200B", FALSE },
    { "\uFEFF", FALSE },
    { "  ", FALSE },
    { "1234", FALSE },
    { "Ali\x01", FALSE },
    { "Ali\r\nVeli", FALSE },
    { "Ali\x7f", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *problem = meso_text_check_name (cases[i].name);

      if ((problem == NULL) != cases[i].ok)
        g_error ("“%s”: expected %s, got “%s”", cases[i].name, cases[i].ok ? "valid" : "invalid",
                 problem);
    }
}

/* A text written into a JSON document comes back as it was. */
static void
test_json_string (void)
{
  static const struct
  {
    const char *text;
    const char *json;
  } cases[] = {
    { "", "\"\"" },
    { "Lucía", "\"Lucía\"" },
    { "say \"no\"", "\"say \\\"no\\\"\"" },
    { "C:\\scalp", "\"C:\\\\scalp\"" },
    { "two\nlines\t", "\"two\\u000alines\\u0009\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      meso_text_append_json_string (out, cases[i].text);
      g_assert_cmpstr (out->str, ==, cases[i].json);
    }
}

/* A name's initials, as the list's avatars and a practitioner's exported
 * agenda show them: the first letters of the first and last words. */
static void
test_name_initials (void)
{
  static const struct { const char *name, *initials; } cases[] = {
    { "Elif Şahin", "EŞ" },
    { "  ayşe   nur  yılmaz ", "AY" },
    { "Ömer", "Ö" },
    { "(Dr.) Javier Moreno-Díaz", "DM" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *initials = meso_text_name_initials (cases[i].name);

      g_assert_cmpstr (initials, ==, cases[i].initials);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/text/fold", test_fold);
  g_test_add_func ("/meso/text/check-name", test_check_name);
  g_test_add_func ("/meso/text/fold-words", test_fold_words);
  g_test_add_func ("/meso/text/phone-search", test_phone_search);
  g_test_add_func ("/meso/text/fts-query", test_fts_query);
  g_test_add_func ("/meso/text/initials", test_initials);
  g_test_add_func ("/meso/text/parse-date", test_parse_date);
  g_test_add_func ("/meso/text/check-phone", test_check_phone);
  g_test_add_func ("/meso/text/json-string", test_json_string);
  g_test_add_func ("/meso/text/name-initials", test_name_initials);

  return g_test_run ();
}
