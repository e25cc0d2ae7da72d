/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check.c: --check reads every stored photo and thumbnail and
 * compares it with the SHA-256 written when it was imported: a file's
 * integrity check cannot see a changed byte inside an image. What the two
 * engines' checks (meso-photo-check-sqlite, meso-photo-check-pg) share. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>

#include "meso-photo-check.h"

/* Whether @size bytes at @data hash to @sha256 (lowercase hex). */
gboolean
meso_photo_check_matches (const void *data,
                          int         size,
                          const char *sha256)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  if (data == NULL || size <= 0 || sha256 == NULL)
    return FALSE;
  g_checksum_update (checksum, data, size);
  return g_ascii_strcasecmp (g_checksum_get_string (checksum), sha256) == 0;
}

void
meso_photo_check_append_damaged (GString *damaged,
                                 gint64   photo_id,
                                 gint64   patient_id)
{
  g_string_append_printf (damaged,
                          _("Photo %lld of patient %lld no longer matches its checksum.\n"),
                          (long long) photo_id, (long long) patient_id);
}

void
meso_photo_check_report_counts (GString *report,
                                gint64   n_photos,
                                gint64   n_damaged)
{
  if (n_damaged == 0)
    g_string_append_printf (report, _("Photos: ok (%lld, each matching its checksum)\n"),
                            (long long) n_photos);
}
