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
  g_auto(GStrv) photos = NULL;
  guint n_damaged = 0;

  /* An anonymised patient's erased photos have no image to check. */
  if (!meso_pg_query_value (pg, "SELECT count(*) FROM photo WHERE erased_on IS NULL", &n_photos,
                            error) ||
      !meso_pg_query_value (pg, "SELECT string_agg (p.id || ' ' || p.patient_id, ','"
                                "                   ORDER BY p.id)"
                                " FROM photo p LEFT JOIN photo_image i ON i.photo_id = p.id"
                                " WHERE p.erased_on IS NULL AND (i.photo_id IS NULL"
                                " OR encode (sha256 (i.image), 'hex') <> lower (p.image_sha256)"
                                " OR encode (sha256 (i.thumbnail), 'hex')"
                                "    <> lower (p.thumbnail_sha256))", &bad, error))
    return FALSE;
  photos = g_strsplit (bad != NULL ? bad : "", ",", -1);
  for (guint i = 0; bad != NULL && photos[i] != NULL; i++)
    {
      gint64 photo_id = 0, patient_id = 0;

      sscanf (photos[i], "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &photo_id, &patient_id);
      meso_photo_check_append_damaged (damaged, photo_id, patient_id);
      n_damaged++;
    }
  meso_photo_check_report_counts (report,
                                  g_ascii_strtoll (n_photos != NULL ? n_photos : "0", NULL, 10),
                                  n_damaged);
  return TRUE;
}
