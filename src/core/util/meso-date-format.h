/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-date-format.h: the long date formats, as each language writes a date. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *meso_date_format_day      (void);
const char *meso_date_format_day_year (void);
const char *meso_date_format_date     (void);

G_END_DECLS
