/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check.c: --check reads every stored photo and thumbnail and
 * compares it with the SHA-256 written when it was imported. The file's
 * integrity check cannot see a changed byte inside an image; this can. On
 * a clinic server the server hashes them itself (sha256()), so no image
 * crosses the network. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>
#include <stdio.h>

#include "meso-db-private.h"
#include "meso-photo-check.h"

/* Whether @size bytes at @data hash to @sha256 (lowercase hex). */
static gboolean
matches (const void *data,
         int         size,
         const char *sha256)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  if (data == NULL || size <= 0 || sha256 == NULL)
    return FALSE;
  g_checksum_update (checksum, data, size);
  return g_ascii_strcasecmp (g_checksum_get_string (checksum), sha256) == 0;
}

static void
append_damaged (GString *damaged,
                gint64   photo_id,
                gint64   patient_id)
{
  g_string_append_printf (damaged, _("Photo %lld of patient %lld no longer matches its "
                                     "checksum.\n"), (long long) photo_id, (long long) patient_id);
}

static void
report_counts (GString *report,
               gint64   n_photos,
               gint64   n_damaged)
{
  if (n_damaged == 0)
    g_string_append_printf (report, _("Photos: ok (%lld, each matching its checksum)\n"),
                            (long long) n_photos);
}

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
                                   " ORDER BY p.id", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *image_sha256 = (const char *) sqlite3_column_text (stmt, 2);
      const char *thumbnail_sha256 = (const char *) sqlite3_column_text (stmt, 3);
      gboolean image_ok, thumbnail_ok;

      image_ok = matches (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4),
                          image_sha256);
      thumbnail_ok = matches (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5),
                              thumbnail_sha256);
      n_photos++;
      if (image_ok && thumbnail_ok)
        continue;
      n_damaged++;
      append_damaged (damaged, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      meso_db_set_sqlite_error (handle, error, rc, _("Could not read the photos"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  report_counts (report, n_photos, n_damaged);
  return TRUE;
}

/* meso_photo_check_file() of a clinic server. */
gboolean
meso_photo_check_server (MesoPg   *pg,
                         GString  *report,
                         GString  *damaged,
                         GError  **error)
{
  g_autofree char *n_photos = NULL;
  g_autofree char *bad = NULL;

  if (!meso_pg_query_value (pg, "SELECT count(*) FROM photo", &n_photos, error) ||
      !meso_pg_query_value (pg, "SELECT string_agg (p.id || ' ' || p.patient_id, ',' ORDER BY p.id)"
                                " FROM photo p LEFT JOIN photo_image i ON i.photo_id = p.id"
                                " WHERE i.photo_id IS NULL"
                                " OR encode (sha256 (i.image), 'hex') <> p.image_sha256"
                                " OR encode (sha256 (i.thumbnail), 'hex') <> p.thumbnail_sha256",
                            &bad, error))
    return FALSE;
  if (bad != NULL)
    {
      g_auto(GStrv) photos = g_strsplit (bad, ",", -1);

      for (guint i = 0; photos[i] != NULL; i++)
        {
          gint64 photo_id = 0, patient_id = 0;

          if (sscanf (photos[i], "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &photo_id,
                      &patient_id) == 2)
            append_damaged (damaged, photo_id, patient_id);
        }
    }
  report_counts (report, g_ascii_strtoll (n_photos != NULL ? n_photos : "0", NULL, 10),
                 bad != NULL);
  return TRUE;
}
