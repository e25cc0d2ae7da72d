/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-today-item.h: one line of the Today list: a part's heading (which
 * folds the part away), or a reminder with when it is due. */
#pragma once

#include <glib-object.h>

#include "meso-reminder-triage.h"

G_BEGIN_DECLS

#define MESO_TYPE_TODAY_ITEM (meso_today_item_get_type ())
G_DECLARE_FINAL_TYPE (MesoTodayItem, meso_today_item, MESO, TODAY_ITEM, GObject)

MesoTodayItem      *meso_today_item_new_heading  (MesoTriageSection section,
                                                  guint          count,
                                                  gboolean       expanded);
MesoTodayItem      *meso_today_item_new_reminder (MesoReminder  *reminder,
                                                  const char    *when);
gboolean           meso_today_item_is_heading   (MesoTodayItem *self);
MesoTriageSection  meso_today_item_get_section  (MesoTodayItem *self);
guint              meso_today_item_get_count    (MesoTodayItem *self);
gboolean           meso_today_item_is_expanded  (MesoTodayItem *self);
const MesoReminder *meso_today_item_get_reminder (MesoTodayItem *self);
const char         *meso_today_item_get_when     (MesoTodayItem *self);

G_END_DECLS
