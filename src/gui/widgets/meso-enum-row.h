/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-enum-row.h: a combo row that lists the values of one of the core's enum types. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A core function naming a value of an enum, such as meso_role_get_label(). */
typedef const char *(*MesoEnumLabelFunc) (guint value);

void meso_enum_row_set_enum  (AdwComboRow       *row,
                              GType              enum_type,
                              MesoEnumLabelFunc  get_label);
int  meso_enum_row_get_value (AdwComboRow       *row);
void meso_enum_row_set_value (AdwComboRow       *row,
                              int                value);

G_END_DECLS
