/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-message-rules-group.h: Preferences › Reminders' group for the
 * messages the clinic's rules send to patients who agreed. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_MESSAGE_RULES_GROUP (meso_message_rules_group_get_type ())
G_DECLARE_FINAL_TYPE (MesoMessageRulesGroup, meso_message_rules_group, MESO,
                      MESSAGE_RULES_GROUP, AdwPreferencesGroup)

GtkWidget *meso_message_rules_group_new (MesoContext *context);

G_END_DECLS
