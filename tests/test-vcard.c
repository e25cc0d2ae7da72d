/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-vcard.c: the contacts of a phone or an address book read as patients:
 * each card's fields, the preferred one of several, and the cards refused. */
#include <gio/gio.h>
#include <string.h>

#include "meso-patient.h"
#include "meso-vcard.h"

#define F(field) [MESO_PATIENT_##field]

typedef struct
{
  guint       line;                             /* of its BEGIN:VCARD */
  const char *problem;                          /* a part of it, or NULL for none */
  const char *cells[MESO_PATIENT_N_FIELDS];     /* NULL for "" */
} Card;

typedef struct
{
  const char *name;
  const char *text;
  guint       n_cards;                          /* 0: the text is refused */
  Card        cards[3];
} Case;

static const Case cases[] = {
  { "3.0 basic",
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Ayşe Yılmaz\n"
    "N:Yılmaz;Ayşe;;;\n"
    "BDAY:1980-01-31\n"
    "X-GENDER:Female\n"
    "TEL;TYPE=HOME,VOICE:+90 212 555 01 01\n"
    "EMAIL;TYPE=INTERNET:ayse@example.com\n"
    "ADR;TYPE=HOME:;;Bağdat Cad. 12;İstanbul;;34710;Türkiye\n"
    "NOTE:Prefers mornings\n"
    "END:VCARD\n",
    1, { { 1, NULL, { F (FAMILY_NAME) = "Yılmaz", F (GIVEN_NAME) = "Ayşe",
                      F (BIRTH_DATE) = "1980-01-31", F (SEX) = "female",
                      F (PHONE) = "+90 212 555 01 01", F (EMAIL) = "ayse@example.com",
                      F (ADDRESS) = "Bağdat Cad. 12, İstanbul, 34710, Türkiye",
                      F (NOTES) = "Prefers mornings" } } } },
  { "4.0 gender, lang, basic bday, tel uri",
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Kaya;Zeynep;;Dr.;\n"
    "BDAY:19750605\n"
    "GENDER:F;woman\n"
    "LANG;PREF=2:en\n"
    "LANG;PREF=1:tr\n"
    "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+90-532-111-2233\n"
    "ADR;PREF=1:;Apt 4;Moda Cad. 5;Kadıköy;İstanbul;34710;TR\n"
    "END:VCARD\n",
    1, { { 1, NULL, { F (FAMILY_NAME) = "Kaya", F (GIVEN_NAME) = "Zeynep",
                      F (BIRTH_DATE) = "1975-06-05", F (SEX) = "female",
                      F (PHONE) = "+90-532-111-2233", F (LANGUAGE) = "tr",
                      F (ADDRESS) = "Apt 4, Moda Cad. 5, Kadıköy, İstanbul, 34710, TR" } } } },
  { "sexes and times",
    "BEGIN:VCARD\nVERSION:4.0\nN:A;;;;\nGENDER:M\nBDAY:19800131T000000Z\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:4.0\nN:B;;;;\nGENDER:U\nX-GENDER:Female\n"
    "BDAY:1980-01-31T00:00:00\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:4.0\nN:C;;;;\nGENDER:X;unknown words\nBDAY:1980-02-30\nEND:VCARD\n",
    3, { { 1, NULL, { F (FAMILY_NAME) = "A", F (SEX) = "male", F (BIRTH_DATE) = "1980-01-31" } },
         { 7, NULL, { F (FAMILY_NAME) = "B", F (BIRTH_DATE) = "1980-01-31" } },
         { 14, NULL, { F (FAMILY_NAME) = "C", F (SEX) = "X;unknown words",
                       F (BIRTH_DATE) = "1980-02-30" } } } },
  { "folded lines, space and tab",
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Gonz\n"
    " ález;María;;;\n"
    "EMAIL:maria.gonzalez@exa\n"
    "\tmple.es\n"
    "NOTE:Allergic to\n"
    "  latex\n"
    "END:VCARD\n",
    1, { { 1, NULL, { F (FAMILY_NAME) = "González", F (GIVEN_NAME) = "María",
                      F (EMAIL) = "maria.gonzalez@example.es",
                      F (NOTES) = "Allergic to latex" } } } },
  { "escapes",
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:García,López;Ana\\, María;;;\n"
    "ADR:;;Calle Mayor 3\\, 2º;Madrid;;28013;España\n"
    "NOTE:Line one\\nLine two\\Nthree\\, a comma\\; a semicolon \\\\ a backslash\n"
    "END:VCARD\n",
    1, { { 1, NULL, { F (FAMILY_NAME) = "García López", F (GIVEN_NAME) = "Ana, María",
                      F (ADDRESS) = "Calle Mayor 3, 2º, Madrid, 28013, España",
                      F (NOTES) = "Line one\nLine two\nthree, a comma; a semicolon \\ a "
                                  "backslash" } } } },
  { "group prefix and names in any case",
    "begin:vcard\n"
    "version:3.0\n"
    "n:Şahin;Emre;;;\n"
    "item1.TEL;type=CELL:+90 533 000 11 22\n"
    "item1.X-ABLabel:mobile\n"
    "item2.Email;Type=INTERNET:emre@example.com\n"
    "item3.NOTE:from the phone\n"
    "End:VCard\n",
    1, { { 1, NULL, { F (FAMILY_NAME) = "Şahin", F (GIVEN_NAME) = "Emre",
                      F (PHONE) = "+90 533 000 11 22", F (EMAIL) = "emre@example.com",
                      F (NOTES) = "from the phone" } } } },
  { "several TEL, EMAIL, ADR: the preferred one",
    /* 3.0 pref in a repeated TYPE, over a mobile; a quoted ':' and ';' in a
     * parameter; a quoted TYPE list. */
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Demir;Can;;;\n"
    "TEL;TYPE=WORK:111\n"
    "TEL;TYPE=CELL:222\n"
    "TEL;X-LABEL=\"a:b;c\";TYPE=HOME;TYPE=PREF:333\n"
    "EMAIL;TYPE=INTERNET:first@example.com\n"
    "EMAIL;TYPE=\"INTERNET,pref\":second@example.com\n"
    "ADR;TYPE=WORK:;;Work St 1;Ankara;;;\n"
    "ADR;TYPE=HOME,PREF:;;Home St 2;Ankara;;;\n"
    "END:VCARD\n"
    /* No preference: the mobile over the first. */
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Demir;Elif;;;\n"
    "TEL;TYPE=WORK:111\n"
    "TEL;TYPE=VOICE,MOBILE:444\n"
    "EMAIL:a@example.com\n"
    "EMAIL:b@example.com\n"
    "END:VCARD\n"
    /* 4.0: the lowest PREF, an empty one skipped. */
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Demir;Ali;;;\n"
    "TEL;TYPE=cell:555\n"
    "TEL;PREF=1:\n"
    "TEL;TYPE=home;PREF=2:666\n"
    "TEL;PREF=3:777\n"
    "END:VCARD\n",
    3, { { 1, NULL, { F (FAMILY_NAME) = "Demir", F (GIVEN_NAME) = "Can", F (PHONE) = "333",
                      F (EMAIL) = "second@example.com", F (ADDRESS) = "Home St 2, Ankara" } },
         { 12, NULL, { F (FAMILY_NAME) = "Demir", F (GIVEN_NAME) = "Elif", F (PHONE) = "444",
                       F (EMAIL) = "a@example.com" } },
         { 20, NULL, { F (FAMILY_NAME) = "Demir", F (GIVEN_NAME) = "Ali",
                       F (PHONE) = "666" } } } },
  { "CRLF line endings",
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "N:Öztürk;Deniz;;;\r\n"
    "TEL:+90 216\r\n"
    "  555 00 00\r\n"
    "NOTE:two\\nlines\r\n"
    "END:VCARD\r\n"
    "\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "N:Arslan;Selin;;;\r\n"
    "END:VCARD\r\n",
    2, { { 1, NULL, { F (FAMILY_NAME) = "Öztürk", F (GIVEN_NAME) = "Deniz",
                      F (PHONE) = "+90 216 555 00 00", F (NOTES) = "two\nlines" } },
         { 9, NULL, { F (FAMILY_NAME) = "Arslan", F (GIVEN_NAME) = "Selin" } } } },
  { "two cards, blank lines between",
    "\n"
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Petrov;Ivan;;;\n"
    "NOTE:one\n"
    "NOTE:two\n"
    "END:VCARD\n"
    "\n"
    "\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Olga Smirnova\n"
    "END:VCARD\n",
    2, { { 2, NULL, { F (FAMILY_NAME) = "Petrov", F (GIVEN_NAME) = "Ivan",
                      F (NOTES) = "one\ntwo" } },
         /* No N: no family name guessed from FN. */
         { 10, NULL, { NULL } } } },
  { "missing END",
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Aydın;Mert;;;\n"
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "N:Koç;Ece;;;\n"
    "TEL:123\n",
    2, { { 1, "END:VCARD", { F (FAMILY_NAME) = "Aydın", F (GIVEN_NAME) = "Mert" } },
         { 4, "END:VCARD", { F (FAMILY_NAME) = "Koç", F (GIVEN_NAME) = "Ece",
                             F (PHONE) = "123" } } } },
  { "version 2.1 refused",
    "BEGIN:VCARD\n"
    "VERSION:2.1\n"
    "N:Doe;John\n"
    "TEL;CELL:123\n"
    "END:VCARD\n",
    1, { { 1, "2.1", { F (FAMILY_NAME) = "Doe", F (GIVEN_NAME) = "John", F (PHONE) = "123" } } } },
  { "patronymic",
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Иванов;Иван;Петрович;;\n"
    "LANG:ru\n"
    "END:VCARD\n",
    1, { { 1, NULL, { F (FAMILY_NAME) = "Иванов", F (GIVEN_NAME) = "Иван Петрович",
                      F (LANGUAGE) = "ru" } } } },
  { "BDAY with no year kept as written",
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Çelik;Burak;;;\n"
    "BDAY:--0131\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "N:Çelik;Nur;;;\n"
    "BDAY;VALUE=text:circa 1800\n"
    "END:VCARD\n",
    2, { { 1, NULL, { F (FAMILY_NAME) = "Çelik", F (GIVEN_NAME) = "Burak",
                      F (BIRTH_DATE) = "--0131" } },
         { 6, NULL, { F (FAMILY_NAME) = "Çelik", F (GIVEN_NAME) = "Nur",
                      F (BIRTH_DATE) = "circa 1800" } } } },
  { "no BEGIN:VCARD",
    "Family name,Given name\nYılmaz,Ayşe\nEND:VCARD\n",
    0, { { 0 } } },
  { "empty text", "", 0, { { 0 } } },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      g_test_message ("case %u: %s", i, c->name);
      rows = meso_vcard_read (c->text, &error);
      if (c->n_cards == 0)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_assert_null (rows);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (rows);
      g_assert_cmpuint (rows->len, ==, c->n_cards);
      for (guint j = 0; j < c->n_cards; j++)
        {
          MesoImportRow *row = g_ptr_array_index (rows, j);
          const Card *card = &c->cards[j];

          g_test_message ("card %u", j);
          g_assert_cmpuint (row->line, ==, card->line);
          g_assert_cmpuint (g_strv_length (row->cells), ==, MESO_PATIENT_N_FIELDS);
          for (guint k = 0; k < MESO_PATIENT_N_FIELDS; k++)
            g_assert_cmpstr (row->cells[k], ==, card->cells[k] != NULL ? card->cells[k] : "");
          if (card->problem == NULL)
            g_assert_null (row->problem);
          else
            g_assert_nonnull (strstr (row->problem, card->problem));
        }
    }
}

/* A NOTE of 200,000 characters folded every 75, as exporters write a long
 * one, reads whole. */
static void
test_long_note (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCARD\r\nVERSION:4.0\r\nN:Uzun;Not;;;\r\nNOTE:");
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  MesoImportRow *row;

  for (guint i = 0; i < 200000; i++)
    {
      char c = (char) ('a' + i % 26);

      g_string_append_c (note, c);
      g_string_append_c (text, c);
      if (i % 74 == 73)
        g_string_append (text, "\r\n ");
    }
  g_string_append (text, "\r\nEND:VCARD\r\n");

  rows = meso_vcard_read (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_null (row->problem);
  g_assert_cmpstr (row->cells[MESO_PATIENT_FAMILY_NAME], ==, "Uzun");
  g_assert_cmpuint (strlen (row->cells[MESO_PATIENT_NOTES]), ==, 200000);
  g_assert_cmpstr (row->cells[MESO_PATIENT_NOTES], ==, note->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/vcard/cases", test_cases);
  g_test_add_func ("/meso/vcard/long-note", test_long_note);

  return g_test_run ();
}
