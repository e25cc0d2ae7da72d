/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-text-encoding.h: the text of a file another program wrote, in the
 * encodings the clinics' old systems use, decoded to UTF-8. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MESO_ENCODING_UTF8,
  MESO_ENCODING_UTF16LE,
  MESO_ENCODING_UTF16BE,
  MESO_ENCODING_WINDOWS_1252,  /* Western European: Spanish, English */
  MESO_ENCODING_WINDOWS_1254,  /* Turkish */
  MESO_ENCODING_WINDOWS_1251,  /* Cyrillic: Russian */
  MESO_N_ENCODINGS,
  MESO_ENCODING_AUTO = MESO_N_ENCODINGS  /* not an encoding: guess it */
} MesoEncoding;

const char   *meso_encoding_get_name   (MesoEncoding   encoding);
const char   *meso_encoding_get_label  (MesoEncoding   encoding);
gboolean      meso_encoding_from_name  (const char    *name,
                                        MesoEncoding  *out_encoding);
MesoEncoding  meso_encoding_detect     (const guint8  *data,
                                        gsize          length);
char         *meso_encoding_decode     (const guint8  *data,
                                        gsize          length,
                                        MesoEncoding   encoding,
                                        GError       **error);

G_END_DECLS
