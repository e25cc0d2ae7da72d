/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-sqlite.c: the patients' part of checking an SQLite
 * file (--check): how many there are, read on the check's own connection. */
#define G_LOG_DOMAIN "meso-patient-store"

#include "meso-patient-store-sqlite.h"

/**
 * meso_patient_store_count_file:
 * @handle: a connection to a file that may be damaged, with no store open
 *   on it
 *
 * Returns: the number of patients, or -1 if it could not be read.
 */
gint64
meso_patient_store_count_file (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM patient", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}
