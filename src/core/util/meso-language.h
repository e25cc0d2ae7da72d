/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-language.h: the languages handouts can be printed in. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char * const *meso_language_codes    (void);
const char         *meso_language_get_name (const char *code);
gboolean            meso_language_is_known (const char *code);

G_END_DECLS
