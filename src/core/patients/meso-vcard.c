/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-vcard.c: the cards of a vCard 3.0 or 4.0 file read as import rows, one
 * patient's fields per card, in one pass over the text. */
#define G_LOG_DOMAIN "meso-vcard"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "meso-patient.h"
#include "meso-vcard.h"

#define BOM "\xEF\xBB\xBF"

/* A property without PREF comes after every PREF=1..100 one. */
#define NO_PREF 101

/* A refusal names the card's version; a hostile one is cut to this many characters. */
#define VERSION_SHOWN 16

typedef struct
{
  const char *p;      /* the start of the next physical line */
  guint       line;   /* its number, counted from 1 */
} Reader;

/* One content line, pointing into the unfolded line it was parsed from. */
typedef struct
{
  const char *name;         /* without its group ("item1.TEL" is TEL) */
  gsize       name_len;
  const char *value;        /* as written, escapes and all */
  guint       pref;         /* 1, the most wanted, to 100; or NO_PREF */
  gboolean    cell;         /* TYPE=cell or TYPE=mobile */
  gboolean    text_value;   /* VALUE=text: a BDAY written in words */
} Property;

typedef struct
{
  guint     line;
  char     *version;                         /* NULL until VERSION is read */
  char     *cells[MESO_PATIENT_N_FIELDS];    /* NULL: nothing read for the field yet */
  guint     rank[MESO_PATIENT_N_FIELDS];     /* of the value chosen so far; lower wins */
  GString  *notes;
} Card;

/* Whether the @len bytes at @s are @word, ignoring ASCII case. */
static gboolean
token_is (const char *s,
          gsize       len,
          const char *word)
{
  return strlen (word) == len && g_ascii_strncasecmp (s, word, len) == 0;
}

/* Whether @s, spaces and quotes around it aside, is @word. */
static gboolean
trimmed_is (const char *s,
            gsize       len,
            const char *word)
{
  while (len > 0 && (*s == ' ' || *s == '\t' || *s == '"'))
    s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '"'))
    len--;
  return token_is (s, len, word);
}

/* Reads the next logical line into @out: continuation lines (a space or a tab
 * first) joined to it without that character, the CR of a CRLF dropped.
 * Returns: %FALSE at the end of the text. */
static gboolean
read_line (Reader   *reader,
           GString  *out,
           guint    *first_line)
{
  gboolean continuation = FALSE;

  if (*reader->p == '\0')
    return FALSE;

  g_string_truncate (out, 0);
  *first_line = reader->line;
  do
    {
      const char *start = reader->p + (continuation ? 1 : 0);
      const char *end = strchr (start, '\n');
      gsize len = end != NULL ? (gsize) (end - start) : strlen (start);

      reader->p = end != NULL ? end + 1 : start + len;
      reader->line++;
      if (len > 0 && start[len - 1] == '\r')
        len--;
      g_string_append_len (out, start, len);
      continuation = TRUE;
    }
  while (*reader->p == ' ' || *reader->p == '\t');
  return TRUE;
}

/* PREF=1..100, quoted or not; anything else is no preference. */
static guint
parse_pref (const char *s,
            gsize       len)
{
  guint value = 0;

  while (len > 0 && *s == '"')
    s++, len--;
  while (len > 0 && s[len - 1] == '"')
    len--;
  if (len == 0 || len > 3)
    return NO_PREF;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return NO_PREF;
      value = value * 10 + (guint) (s[i] - '0');
    }
  return value >= 1 && value <= 100 ? value : NO_PREF;
}

static void
read_type (const char *s,
           gsize       len,
           Property   *prop)
{
  if (trimmed_is (s, len, "pref"))
    prop->pref = 1;
  else if (trimmed_is (s, len, "cell") || trimmed_is (s, len, "mobile"))
    prop->cell = TRUE;
}

/* One parameter, "name=value" or bare. TYPE is a comma list, maybe quoted as
 * a whole (4.0 allows TYPE="work,voice"), maybe repeated; a bare parameter
 * (TEL;CELL;PREF:, as older exporters write) is a TYPE. */
static void
read_parameter (const char *s,
                gsize       len,
                Property   *prop)
{
  const char *eq = memchr (s, '=', len);
  gsize name_len = eq != NULL ? (gsize) (eq - s) : 0;
  const char *values = eq != NULL ? eq + 1 : s;
  gsize values_len = eq != NULL ? len - name_len - 1 : len;

  if (eq == NULL || token_is (s, name_len, "TYPE"))
    {
      gsize start = 0;

      for (gsize i = 0; i <= values_len; i++)
        if (i == values_len || values[i] == ',')
          {
            read_type (values + start, i - start, prop);
            start = i + 1;
          }
    }
  else if (token_is (s, name_len, "PREF"))
    prop->pref = MIN (prop->pref, parse_pref (values, values_len));
  else if (token_is (s, name_len, "VALUE"))
    prop->text_value = trimmed_is (values, values_len, "text");
}

/* Splits a content line into its name, parameters and value. A ':' or ';'
 * inside a double-quoted parameter value is part of it.
 * Returns: %FALSE for a line with no value (a blank line, or damage). */
static gboolean
parse_property (const char *s,
                Property   *prop)
{
  gboolean quoted = FALSE;
  gsize i = 0;

  *prop = (Property) { .name = s, .pref = NO_PREF };
  while (s[i] != '\0' && s[i] != ';' && s[i] != ':')
    i++;
  prop->name_len = i;
  for (gsize j = i; j > 0; j--)
    if (s[j - 1] == '.')
      {
        prop->name = s + j;
        prop->name_len = i - j;
        break;
      }

  while (s[i] == ';')
    {
      gsize start = ++i;

      while (s[i] != '\0' && (quoted || (s[i] != ';' && s[i] != ':')))
        {
          if (s[i] == '"')
            quoted = !quoted;
          i++;
        }
      read_parameter (s + start, i - start, prop);
    }
  if (s[i] != ':')
    return FALSE;
  prop->value = s + i + 1;
  return TRUE;
}

/* A text value with its escapes read, trimmed. An unknown escape is kept as
 * written, so that nothing the file said is lost. */
static char *
unescape (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));

  for (; *s != '\0'; s++)
    {
      if (*s == '\\' && (s[1] == 'n' || s[1] == 'N'))
        {
          g_string_append_c (out, '\n');
          s++;
        }
      else if (*s == '\\' && (s[1] == ',' || s[1] == ';' || s[1] == '\\'))
        g_string_append_c (out, *++s);
      else
        g_string_append_c (out, *s);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

/* Appends @item trimmed to @part, after @separator when @part has one already. */
static void
add_item (GString    *part,
          GString    *item,
          const char *separator)
{
  gsize start = 0;
  gsize end = item->len;

  while (start < end && g_ascii_isspace (item->str[start]))
    start++;
  while (end > start && g_ascii_isspace (item->str[end - 1]))
    end--;
  if (start == end)
    return;
  if (part->len > 0)
    g_string_append (part, separator);
  g_string_append_len (part, item->str + start, end - start);
}

/* Splits a structured value (N, ADR, GENDER) on its unescaped ';' into
 * @n_parts parts; the items of each, split on unescaped ',' and on line
 * breaks, are trimmed, the empty ones dropped, and joined by @separator.
 * Parts past @n_parts are ignored; missing ones are "". */
static void
split_structured (const char  *s,
                  char       **parts,
                  guint        n_parts,
                  const char  *separator)
{
  g_autoptr(GString) item = g_string_new (NULL);
  GString *part = g_string_new (NULL);
  guint n = 0;

  for (;; s++)
    {
      char c = *s;
      gboolean end_part = c == '\0' || c == ';';
      gboolean end_item = end_part || c == ',';

      if (c == '\\' && (s[1] == 'n' || s[1] == 'N'))
        {
          end_item = TRUE;
          s++;
        }
      else if (c == '\\' && (s[1] == ',' || s[1] == ';' || s[1] == '\\'))
        g_string_append_c (item, *++s);
      else if (!end_item)
        g_string_append_c (item, c);

      if (end_item)
        {
          add_item (part, item, separator);
          g_string_truncate (item, 0);
        }
      if (end_part)
        {
          parts[n++] = g_string_free (part, FALSE);
          if (c == '\0' || n == n_parts)
            break;
          part = g_string_new (NULL);
        }
    }
  for (; n < n_parts; n++)
    parts[n] = g_strdup ("");
}

/* N: family;given;additional;prefix;suffix. The additional names (a Russian
 * patronymic) belong with the given name; the title and suffix do not. */
static void
read_name (Card       *card,
           const char *value)
{
  char *parts[3];

  split_structured (value, parts, G_N_ELEMENTS (parts), " ");
  card->cells[MESO_PATIENT_FAMILY_NAME] = parts[0];
  if (*parts[1] != '\0' && *parts[2] != '\0')
    card->cells[MESO_PATIENT_GIVEN_NAME] = g_strconcat (parts[1], " ", parts[2], NULL);
  else
    card->cells[MESO_PATIENT_GIVEN_NAME] = g_strconcat (parts[1], parts[2], NULL);
  g_free (parts[1]);
  g_free (parts[2]);
}

/* Whether the @n bytes at @s are all digits. */
static gboolean
digits (const char *s,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static guint
number (const char *s,
        guint       n)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (guint) (s[i] - '0');
  return value;
}

/* The time a BDAY may carry after its date: "T000000Z", "T00:00:00+03:00". */
static gboolean
is_time (const char *s)
{
  if (*s++ != 'T' || !g_ascii_isdigit (*s))
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s) && strchr (":Z+-.,", *s) == NULL)
      return FALSE;
  return TRUE;
}

/* BDAY as YYYY-MM-DD, from 19800131 or 1980-01-31 with or without a time.
 * Anything else (--0131 has no year) is kept as written, for the import to
 * say what is wrong with it. */
static char *
read_birth_date (const Property *prop)
{
  g_autofree char *written = unescape (prop->value);
  const char *s = written;
  const char *rest;
  guint year, month, day;

  if (prop->text_value)
    return g_steal_pointer (&written);
  if (digits (s, 8))
    {
      year = number (s, 4);
      month = number (s + 4, 2);
      day = number (s + 6, 2);
      rest = s + 8;
    }
  else if (digits (s, 4) && s[4] == '-' && digits (s + 5, 2) && s[7] == '-' && digits (s + 8, 2))
    {
      year = number (s, 4);
      month = number (s + 5, 2);
      day = number (s + 8, 2);
      rest = s + 10;
    }
  else
    return g_steal_pointer (&written);

  if ((*rest != '\0' && !is_time (rest)) || year == 0 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return g_steal_pointer (&written);
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* GENDER (4.0) or X-GENDER (3.0 exports): its sex component as the codes of
 * MesoSex, "" when none or unknown; a value it does not know kept as written. */
static char *
read_sex (const char *value)
{
  char *parts[1];
  g_autofree char *sex = NULL;

  split_structured (value, parts, 1, ",");
  sex = parts[0];
  if (g_ascii_strcasecmp (sex, "M") == 0 || g_ascii_strcasecmp (sex, "male") == 0)
    return g_strdup ("male");
  if (g_ascii_strcasecmp (sex, "F") == 0 || g_ascii_strcasecmp (sex, "female") == 0)
    return g_strdup ("female");
  if (g_ascii_strcasecmp (sex, "O") == 0 || g_ascii_strcasecmp (sex, "other") == 0)
    return g_strdup ("other");
  if (*sex == '\0' || g_ascii_strcasecmp (sex, "N") == 0 || g_ascii_strcasecmp (sex, "U") == 0)
    return g_strdup ("");
  return unescape (value);
}

/* ADR: pobox;extended;street;locality;region;postal code;country, on one line. */
static char *
read_address (const char *value)
{
  char *parts[7];
  GString *address = g_string_new (NULL);

  split_structured (value, parts, G_N_ELEMENTS (parts), ", ");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (*parts[i] != '\0')
        {
          if (address->len > 0)
            g_string_append (address, ", ");
          g_string_append (address, parts[i]);
        }
      g_free (parts[i]);
    }
  return g_string_free (address, FALSE);
}

/* A 4.0 TEL may be a tel: URI (VALUE=uri). */
static char *
read_phone (const char *value)
{
  char *phone = unescape (value);

  if (g_ascii_strncasecmp (phone, "tel:", 4) == 0)
    {
      memmove (phone, phone + 4, strlen (phone + 4) + 1);
      g_strstrip (phone);
    }
  return phone;
}

/* Keeps @value (transfer full) for @field when nothing better was read: the
 * lowest PREF, TYPE=pref as PREF=1, then for a phone a mobile one, then the
 * first. An empty value is never chosen. */
static void
offer (Card             *card,
       MesoPatientField  field,
       const Property   *prop,
       char *(*read_value) (const char *value))
{
  guint rank = prop->pref * 2 + (field == MESO_PATIENT_PHONE && prop->cell ? 0 : 1);
  char *value;

  if (card->cells[field] != NULL && rank >= card->rank[field])
    return;
  value = read_value (prop->value);
  if (*value == '\0')
    {
      g_free (value);
      return;
    }
  g_free (card->cells[field]);
  card->cells[field] = value;
  card->rank[field] = rank;
}

static void
card_read (Card           *card,
           const Property *prop)
{
  const char *name = prop->name;
  gsize len = prop->name_len;

  if (token_is (name, len, "VERSION"))
    {
      if (card->version == NULL)
        card->version = unescape (prop->value);
    }
  else if (token_is (name, len, "N"))
    {
      if (card->cells[MESO_PATIENT_FAMILY_NAME] == NULL)
        read_name (card, prop->value);
    }
  else if (token_is (name, len, "BDAY"))
    {
      if (card->cells[MESO_PATIENT_BIRTH_DATE] == NULL)
        card->cells[MESO_PATIENT_BIRTH_DATE] = read_birth_date (prop);
    }
  else if (token_is (name, len, "GENDER") || token_is (name, len, "X-GENDER"))
    {
      /* The standard property wins over the extension, whichever comes first. */
      guint rank = token_is (name, len, "GENDER") ? 0 : 1;

      if (card->cells[MESO_PATIENT_SEX] == NULL || rank < card->rank[MESO_PATIENT_SEX])
        {
          g_free (card->cells[MESO_PATIENT_SEX]);
          card->cells[MESO_PATIENT_SEX] = read_sex (prop->value);
          card->rank[MESO_PATIENT_SEX] = rank;
        }
    }
  else if (token_is (name, len, "TEL"))
    offer (card, MESO_PATIENT_PHONE, prop, read_phone);
  else if (token_is (name, len, "EMAIL"))
    offer (card, MESO_PATIENT_EMAIL, prop, unescape);
  else if (token_is (name, len, "ADR"))
    offer (card, MESO_PATIENT_ADDRESS, prop, read_address);
  else if (token_is (name, len, "LANG"))
    offer (card, MESO_PATIENT_LANGUAGE, prop, unescape);
  else if (token_is (name, len, "NOTE"))
    {
      g_autofree char *note = unescape (prop->value);

      if (*note == '\0')
        return;
      if (card->notes->len > 0)
        g_string_append_c (card->notes, '\n');
      g_string_append (card->notes, note);
    }
}

static void
card_start (Card  *card,
            guint  line)
{
  *card = (Card) { .line = line, .notes = g_string_new (NULL) };
}

/* The card as a row, its fields in MesoPatientField order; @card is emptied. */
static MesoImportRow *
card_finish (Card     *card,
             gboolean  ended)
{
  char **cells = g_new0 (char *, MESO_PATIENT_N_FIELDS + 1);
  MesoImportRow *row;

  card->cells[MESO_PATIENT_NOTES] = g_string_free (card->notes, FALSE);
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    cells[i] = card->cells[i] != NULL ? card->cells[i] : g_strdup ("");
  row = meso_import_row_new (card->line, cells);

  /* 2.1 has quoted-printable values in other character sets; read as 3.0
   * they would arrive garbled, so the card is refused rather than guessed. */
  if (card->version != NULL && strcmp (card->version, "3.0") != 0 &&
      strcmp (card->version, "4.0") != 0)
    {
      g_autofree char *shown = g_utf8_strlen (card->version, -1) > VERSION_SHOWN
                               ? g_utf8_substring (card->version, 0, VERSION_SHOWN)
                               : g_strdup (card->version);

      row->problem = g_strdup_printf (_("vCard version %s cannot be read: export the contacts "
                                        "as vCard 3.0 or 4.0."), shown);
    }
  else if (!ended)
    row->problem = g_strdup (_("This vCard has no END:VCARD line: the file may be cut off."));
  g_free (card->version);
  *card = (Card) { 0 };
  return row;
}

/**
 * meso_vcard_read:
 * @text: the file's text, valid UTF-8
 * @error: return location for a #GError
 *
 * Reads each card of a vCard 3.0 or 4.0 file as a patient: N, BDAY, GENDER
 * (or X-GENDER), TEL, EMAIL, ADR, LANG and NOTE, the preferred one where a
 * card has several. A card of another version, or cut off before its
 * END:VCARD, is still returned, with its problem set.
 *
 * Returns: (transfer container) (element-type MesoImportRow): one row per card,
 * each with %MESO_PATIENT_N_FIELDS cells in #MesoPatientField order and the
 * line of its BEGIN:VCARD; %NULL with %G_IO_ERROR_INVALID_DATA when @text
 * holds no card at all.
 */
GPtrArray *
meso_vcard_read (const char  *text,
                 GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) line = NULL;
  Reader reader = { text, 1 };
  gboolean in_card = FALSE;
  gboolean found = FALSE;
  guint first_line = 0;
  Card card = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_import_row_free);
  line = g_string_new (NULL);
  if (g_str_has_prefix (text, BOM))
    reader.p += strlen (BOM);

  /* One card more than a file may hold is enough for the caller to refuse it. */
  while (rows->len <= MESO_IMPORT_MAX_RECORDS && read_line (&reader, line, &first_line))
    {
      Property prop;

      if (!parse_property (line->str, &prop))
        continue;
      if (token_is (prop.name, prop.name_len, "BEGIN") &&
          trimmed_is (prop.value, strlen (prop.value), "VCARD"))
        {
          if (in_card)
            g_ptr_array_add (rows, card_finish (&card, FALSE));
          card_start (&card, first_line);
          in_card = found = TRUE;
        }
      else if (!in_card)
        continue;
      else if (token_is (prop.name, prop.name_len, "END") &&
               trimmed_is (prop.value, strlen (prop.value), "VCARD"))
        {
          g_ptr_array_add (rows, card_finish (&card, TRUE));
          in_card = FALSE;
        }
      else
        card_read (&card, &prop);
    }
  if (in_card)
    g_ptr_array_add (rows, card_finish (&card, FALSE));

  if (!found)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This file holds no vCard: it has no BEGIN:VCARD line."));
      return NULL;
    }
  return g_steal_pointer (&rows);
}
