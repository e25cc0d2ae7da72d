/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-row.h: one record read from a file of patients to import
 * (a CSV line or a vCard), before its cells are mapped to a patient. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a file of patients may hold: more is refused before it fills memory
 * (a hostile file of commas would be hundreds of millions of cells). */
#define MESO_IMPORT_MAX_CELLS   100
#define MESO_IMPORT_MAX_RECORDS 500000

typedef struct
{
  guint   line;     /* where the record begins in the file, counted from 1 */
  char  **cells;    /* its cells in UTF-8, NULL-terminated */
  char   *problem;  /* (nullable) translated: why the record could not be read whole */
} MesoImportRow;

MesoImportRow *meso_import_row_new  (guint          line,
                                     char         **cells);
void           meso_import_row_free (MesoImportRow *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoImportRow, meso_import_row_free)

G_END_DECLS
