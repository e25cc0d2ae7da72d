/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-time-row.h: an entry row for a time of day, typed or set with spin buttons. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MESO_TYPE_TIME_ROW (meso_time_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoTimeRow, meso_time_row, MESO, TIME_ROW, AdwEntryRow)

GtkWidget *meso_time_row_new         (void);
gboolean   meso_time_row_get_minutes (MesoTimeRow *self,
                                      guint       *out_minutes);
void       meso_time_row_set_minutes (MesoTimeRow *self,
                                      guint        minutes);

G_END_DECLS
