/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-csv.h: the records of a CSV file another program wrote. */
#pragma once

#include "meso-import-row.h"

G_BEGIN_DECLS

char       meso_import_csv_detect_delimiter (const char *text);
GPtrArray *meso_import_csv_read             (const char *text,
                                             char        delimiter);

G_END_DECLS
