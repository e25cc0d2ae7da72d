/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-text-encoding.c: the text of a file another program wrote, decoded
 * to UTF-8: from its byte order mark, as valid UTF-8, or by the letters
 * that tell Windows' Cyrillic, Turkish and Western code pages apart. */
#define G_LOG_DOMAIN "meso-text-encoding"

#include <string.h>

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "meso-text-encoding.h"

static const struct
{
  const char *name;   /* iconv's */
  const char *alias;  /* what people also call it */
  const char *label;
} encodings[MESO_N_ENCODINGS] = {
  [MESO_ENCODING_UTF8]         = { "UTF-8", "UTF8", N_("Unicode (UTF-8)") },
  [MESO_ENCODING_UTF16LE]      = { "UTF-16LE", "UTF16LE", N_("Unicode (UTF-16, little-endian)") },
  [MESO_ENCODING_UTF16BE]      = { "UTF-16BE", "UTF16BE", N_("Unicode (UTF-16, big-endian)") },
  [MESO_ENCODING_WINDOWS_1252] = { "WINDOWS-1252", "CP1252", N_("Western European (Windows-1252)") },
  [MESO_ENCODING_WINDOWS_1254] = { "WINDOWS-1254", "CP1254", N_("Turkish (Windows-1254)") },
  [MESO_ENCODING_WINDOWS_1251] = { "WINDOWS-1251", "CP1251", N_("Cyrillic (Windows-1251)") },
};

const char *
meso_encoding_get_name (MesoEncoding encoding)
{
  g_return_val_if_fail (encoding < MESO_N_ENCODINGS, NULL);
  return encodings[encoding].name;
}

const char *
meso_encoding_get_label (MesoEncoding encoding)
{
  g_return_val_if_fail (encoding < MESO_N_ENCODINGS, NULL);
  return _(encodings[encoding].label);
}

/* Accepts "utf-8", "UTF8", "windows-1254", "cp1251" and the like. */
gboolean
meso_encoding_from_name (const char   *name,
                         MesoEncoding *out_encoding)
{
  for (guint i = 0; i < MESO_N_ENCODINGS; i++)
    if (g_ascii_strcasecmp (name, encodings[i].name) == 0 ||
        g_ascii_strcasecmp (name, encodings[i].alias) == 0)
      {
        *out_encoding = i;
        return TRUE;
      }
  return FALSE;
}

static gsize
bom_length (const guint8 *data,
            gsize         length,
            MesoEncoding *out_encoding)
{
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    return *out_encoding = MESO_ENCODING_UTF8, 3;
  if (length >= 2 && data[0] == 0xff && data[1] == 0xfe)
    return *out_encoding = MESO_ENCODING_UTF16LE, 2;
  if (length >= 2 && data[0] == 0xfe && data[1] == 0xff)
    return *out_encoding = MESO_ENCODING_UTF16BE, 2;
  return 0;
}

/* A UTF-16 file with no mark: ASCII letters leave every other byte zero. */
static gboolean
looks_utf16 (const guint8 *data,
             gsize         length,
             guint         zero_at)
{
  gsize n = MIN (length, 4096) & ~(gsize) 1, zeros = 0;

  for (gsize i = zero_at; i < n; i += 2)
    zeros += data[i] == 0;
  return n >= 4 && zeros * 4 > n;  /* more than half of the pairs */
}

/* Windows-1251 writes Russian words as runs of bytes 0xC0-0xFF; the Latin
 * code pages put one or two accented letters among ASCII ones. Turkish
 * letters (Ğ İ Ş ğ ı ş) sit where Windows-1252 has Icelandic ones. */
static MesoEncoding
guess_code_page (const guint8 *data,
                 gsize         length)
{
  gsize high = 0, in_runs = 0, turkish = 0, run = 0;

  for (gsize i = 0; i <= length; i++)
    {
      guint8 c = i < length ? data[i] : 0;

      if (c >= 0xc0)
        {
          run++;
          high++;
          turkish += c == 0xd0 || c == 0xdd || c == 0xde || c == 0xf0 || c == 0xfd ||
                     c == 0xfe;
          continue;
        }
      if (run >= 3)
        in_runs += run;
      run = 0;
    }
  if (high > 0 && in_runs * 2 > high)
    return MESO_ENCODING_WINDOWS_1251;
  return turkish > 0 ? MESO_ENCODING_WINDOWS_1254 : MESO_ENCODING_WINDOWS_1252;
}

/**
 * meso_encoding_detect:
 *
 * Returns: the encoding @data is most likely in: its byte order mark's, UTF-8
 * if it is valid UTF-8, else the Windows code page its letters suggest.
 */
MesoEncoding
meso_encoding_detect (const guint8 *data,
                      gsize         length)
{
  MesoEncoding encoding;

  if (bom_length (data, length, &encoding) > 0)
    return encoding;
  if (looks_utf16 (data, length, 1))
    return MESO_ENCODING_UTF16LE;
  if (looks_utf16 (data, length, 0))
    return MESO_ENCODING_UTF16BE;
  if (g_utf8_validate_len ((const char *) data, length, NULL))
    return MESO_ENCODING_UTF8;
  return guess_code_page (data, length);
}

/**
 * meso_encoding_decode:
 *
 * Returns: (transfer full): @data as UTF-8, without its byte order mark, or
 * %NULL with %G_IO_ERROR_INVALID_DATA if it is not text in @encoding.
 */
char *
meso_encoding_decode (const guint8  *data,
                      gsize          length,
                      MesoEncoding   encoding,
                      GError       **error)
{
  MesoEncoding marked;
  gsize skip = bom_length (data, length, &marked);
  g_autofree char *text = NULL;
  gsize text_length = 0;

  g_return_val_if_fail (encoding < MESO_N_ENCODINGS, NULL);

  if (skip > 0 && marked == encoding)
    data += skip, length -= skip;
  if (length == 0)
    return g_strdup ("");
  if (encoding == MESO_ENCODING_UTF8)
    text = g_utf8_validate_len ((const char *) data, length, NULL)
             ? g_strndup ((const char *) data, length) : NULL;
  else
    text = g_convert ((const char *) data, length, "UTF-8", encodings[encoding].name, NULL,
                      &text_length, NULL);
  /* A zero byte would cut the text short unseen: no CSV or vCard has one. */
  if (text == NULL || strlen (text) != (encoding == MESO_ENCODING_UTF8 ? length : text_length))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is not text in %s: choose the encoding it was saved in."),
                   meso_encoding_get_label (encoding));
      return NULL;
    }
  return g_steal_pointer (&text);
}
