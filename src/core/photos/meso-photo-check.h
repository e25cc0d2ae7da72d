/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-check.h: what the two engines' checks of the photos share. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean meso_photo_check_matches        (const void *data,
                                          int         size,
                                          const char *sha256);
void     meso_photo_check_append_damaged (GString    *damaged,
                                          gint64      photo_id,
                                          gint64      patient_id);
void     meso_photo_check_report_counts  (GString    *report,
                                          gint64      n_photos,
                                          gint64      n_damaged);

G_END_DECLS
