/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check-sqlite.c: the photos' part of checking a file: every
 * image read and hashed on the check's read-only connection. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>

#include "meso-db-private.h"
#include "meso-photo-check-sqlite.h"
#include "meso-photo-check.h"

/**
 * meso_photo_check_file:
 * @handle: a read-only connection to a file of schema 23 or later
 * @report: where "Photos: ok" goes
 * @damaged: where a line for each damaged photo goes
 *
 * Returns: %FALSE with @error only when the photos could not be read.
 */
gboolean
meso_photo_check_file (sqlite3  *handle,
                       GString  *report,
                       GString  *damaged,
                       GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n_photos = 0, n_damaged = 0;
  int rc;

  rc = sqlite3_prepare_v2 (handle, "SELECT p.id, p.patient_id, p.image_sha256,"
                                   " p.thumbnail_sha256, i.image, i.thumbnail"
                                   " FROM photo p LEFT JOIN photo_image i ON i.photo_id = p.id"
                                   " WHERE p.erased_on IS NULL ORDER BY p.id", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *image_sha256 = (const char *) sqlite3_column_text (stmt, 2);
      const char *thumbnail_sha256 = (const char *) sqlite3_column_text (stmt, 3);
      gboolean image_ok, thumbnail_ok;

      image_ok = meso_photo_check_matches (sqlite3_column_blob (stmt, 4),
                                           sqlite3_column_bytes (stmt, 4), image_sha256);
      thumbnail_ok = meso_photo_check_matches (sqlite3_column_blob (stmt, 5),
                                               sqlite3_column_bytes (stmt, 5), thumbnail_sha256);
      n_photos++;
      if (image_ok && thumbnail_ok)
        continue;
      n_damaged++;
      meso_photo_check_append_damaged (damaged, sqlite3_column_int64 (stmt, 0),
                                       sqlite3_column_int64 (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      meso_db_set_sqlite_error (handle, error, rc, _("Could not read the photos"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  meso_photo_check_report_counts (report, n_photos, n_damaged);
  return TRUE;
}
