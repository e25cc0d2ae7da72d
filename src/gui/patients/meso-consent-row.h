/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-consent-row.h: whether a patient agreed to messages on a channel,
 * and since when, switched on the day the patient says so. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_CONSENT_ROW (meso_consent_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoConsentRow, meso_consent_row, MESO, CONSENT_ROW, AdwActionRow)

void meso_consent_row_show (MesoConsentRow *self,
                            MesoContext    *context,
                            gint64          patient_id);

G_END_DECLS
