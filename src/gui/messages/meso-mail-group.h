/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-group.h: the preferences' E-mail group: the clinic's mail
 * server, its login and sender, and a test message. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_MAIL_GROUP (meso_mail_group_get_type ())
G_DECLARE_FINAL_TYPE (MesoMailGroup, meso_mail_group, MESO, MAIL_GROUP, AdwPreferencesGroup)

GtkWidget *meso_mail_group_new (MesoContext *context);

G_END_DECLS
