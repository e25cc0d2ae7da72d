/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-date-row.h: an entry row for a date, typed or picked from a calendar. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MESO_TYPE_DATE_ROW (meso_date_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoDateRow, meso_date_row, MESO, DATE_ROW, AdwEntryRow)

GtkWidget *meso_date_row_new      (void);
gboolean   meso_date_row_get_date (MesoDateRow *self,
                                   GDate       *out_date);
void       meso_date_row_set_date (MesoDateRow *self,
                                   const GDate *date);
void       meso_date_row_set_inserts (MesoDateRow *self,
                                      gboolean     inserts);

G_END_DECLS
