/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-row.c: one record read from a file of patients to import. */
#define G_LOG_DOMAIN "meso-import-row"

#include "meso-import-row.h"

/**
 * meso_import_row_new:
 * @line: where the record begins in its file, from 1
 * @cells: (transfer full): its cells, NULL-terminated
 */
MesoImportRow *
meso_import_row_new (guint   line,
                     char  **cells)
{
  MesoImportRow *row = g_new0 (MesoImportRow, 1);

  row->line = line;
  row->cells = cells;
  return row;
}

void
meso_import_row_free (MesoImportRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->cells);
  g_free (row->problem);
  g_free (row);
}
