/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-restriction.h: restriction instead of deletion, across the
 * features that keep something about the patient. */
#pragma once

#include "meso-context.h"

G_BEGIN_DECLS

gboolean meso_record_restrict           (MesoContext  *context,
                                         gint64        patient_id,
                                         GError      **error);
gboolean meso_record_get_anonymise_day  (MesoContext  *context,
                                         gint64        patient_id,
                                         GDate        *out_day,
                                         GError      **error);
gboolean meso_record_anonymise          (MesoContext  *context,
                                         gint64        patient_id,
                                         GError      **error);

G_END_DECLS
