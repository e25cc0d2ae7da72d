/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-autostart.h: starting Mesodesk in the background with the desktop session. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean meso_autostart_is_enabled  (void);
gboolean meso_autostart_set_enabled (gboolean     enabled,
                                     const char  *database,
                                     GError     **error);

G_END_DECLS
