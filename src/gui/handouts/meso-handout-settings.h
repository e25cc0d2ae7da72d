/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-settings.h: the preferences page for handouts: paper, the
 * clinic's aftercare advice, and the texts of each language. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_HANDOUT_SETTINGS (meso_handout_settings_get_type ())
G_DECLARE_FINAL_TYPE (MesoHandoutSettings, meso_handout_settings, MESO, HANDOUT_SETTINGS,
                      AdwPreferencesPage)

MesoHandoutSettings *meso_handout_settings_new (MesoContext *context);

G_END_DECLS
