/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-restriction-group.h: restricting and anonymising a patient, in the
 * patient's form, for administrators. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_RESTRICTION_GROUP (meso_restriction_group_get_type ())
G_DECLARE_FINAL_TYPE (MesoRestrictionGroup, meso_restriction_group, MESO, RESTRICTION_GROUP,
                      AdwPreferencesGroup)

void meso_restriction_group_show (MesoRestrictionGroup *self,
                                  MesoContext          *context,
                                  MesoPatient          *patient);

G_END_DECLS
