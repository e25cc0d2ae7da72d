/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-day-off-row.h: a day the clinic is closed, or days a practitioner is
 * away, with a button that asks for it to be removed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MESO_TYPE_DAY_OFF_ROW (meso_day_off_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoDayOffRow, meso_day_off_row, MESO, DAY_OFF_ROW, AdwActionRow)

GtkWidget *meso_day_off_row_new    (gint64         id,
                                    const char    *title,
                                    const char    *subtitle);
gint64     meso_day_off_row_get_id (MesoDayOffRow *self);

G_END_DECLS
