/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-resource-list.h: practitioners and rooms as choices for drop-downs. */
#pragma once

#include <adwaita.h>

#include "meso-resources.h"

G_BEGIN_DECLS

void   meso_resource_list_fill_practitioners (AdwComboRow   *row,
                                              MesoResources *resources,
                                              const char    *anyone,
                                              gint64         selected_id);
void   meso_resource_list_fill_rooms         (AdwComboRow   *row,
                                              MesoResources *resources,
                                              gint64         selected_id);
gint64 meso_resource_list_get_selected       (AdwComboRow   *row);

G_END_DECLS
