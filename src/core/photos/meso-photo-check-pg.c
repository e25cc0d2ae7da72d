/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check-pg.c: the photos' part of checking a clinic server: the
 * server hashes the images itself (sha256()), so none crosses the network. */
#define G_LOG_DOMAIN "meso-photo"

#include <stdio.h>

#include "meso-photo-check-pg.h"
#include "meso-photo-check.h"

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
            meso_photo_check_append_damaged (damaged, photo_id, patient_id);
        }
    }
  meso_photo_check_report_counts (report, g_ascii_strtoll (n_photos != NULL ? n_photos : "0", NULL, 10),
                 bad != NULL);
  return TRUE;
}
