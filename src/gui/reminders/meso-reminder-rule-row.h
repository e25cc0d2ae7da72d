/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-rule-row.h: one kind of reminder in the preferences: on or
 * off, when it comes, and its texts, saved as they are changed. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_REMINDER_RULE_ROW (meso_reminder_rule_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoReminderRuleRow, meso_reminder_rule_row, MESO, REMINDER_RULE_ROW,
                      AdwExpanderRow)

GtkWidget *meso_reminder_rule_row_new (MesoContext      *context,
                                       MesoReminderKind  kind);

G_END_DECLS
