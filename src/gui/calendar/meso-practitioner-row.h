/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-practitioner-row.h: a practitioner in the calendar settings: name,
 * colour, hours, saved with a button, and days off, added and removed as
 * they are typed. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_PRACTITIONER_ROW (meso_practitioner_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoPractitionerRow, meso_practitioner_row, MESO, PRACTITIONER_ROW,
                      AdwExpanderRow)

GtkWidget *meso_practitioner_row_new (MesoContext            *context,
                                      const MesoPractitioner *practitioner);

G_END_DECLS
