/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-today-item.h: one line of the Today list: a heading, or a reminder
 * with when it is due. */
#pragma once

#include <glib-object.h>

#include "meso-reminder.h"

G_BEGIN_DECLS

#define MESO_TYPE_TODAY_ITEM (meso_today_item_get_type ())
G_DECLARE_FINAL_TYPE (MesoTodayItem, meso_today_item, MESO, TODAY_ITEM, GObject)

MesoTodayItem      *meso_today_item_new_heading  (const char    *heading);
MesoTodayItem      *meso_today_item_new_reminder (MesoReminder  *reminder,
                                                  const char    *when);
const char         *meso_today_item_get_heading  (MesoTodayItem *self);
const MesoReminder *meso_today_item_get_reminder (MesoTodayItem *self);
const char         *meso_today_item_get_when     (MesoTodayItem *self);

G_END_DECLS
