/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-server-group.h: the preferences' Clinic Server group: which clinic
 * server this workstation works on. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MESO_TYPE_SERVER_GROUP (meso_server_group_get_type ())
G_DECLARE_FINAL_TYPE (MesoServerGroup, meso_server_group, MESO, SERVER_GROUP, AdwPreferencesGroup)

GtkWidget *meso_server_group_new (const char *current_path);

G_END_DECLS
