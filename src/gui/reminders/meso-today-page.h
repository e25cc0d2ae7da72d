/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-today-page.h: the day's open reminders, for the reception to work through. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_TODAY_PAGE (meso_today_page_get_type ())
G_DECLARE_FINAL_TYPE (MesoTodayPage, meso_today_page, MESO, TODAY_PAGE, GtkWidget)

MesoTodayPage *meso_today_page_new                         (MesoContext   *context);
void           meso_today_page_set_notifications_available (MesoTodayPage *self,
                                                            gboolean       available);

G_END_DECLS
