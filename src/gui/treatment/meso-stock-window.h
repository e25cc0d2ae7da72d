/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-stock-window.h: stock, recalls and the ingredients' contraindications. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_STOCK_WINDOW (meso_stock_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoStockWindow, meso_stock_window, MESO, STOCK_WINDOW, AdwWindow)

MesoStockWindow *meso_stock_window_new (GtkWindow    *parent,
                                        MesoContext  *context,
                                        GError      **error);
gboolean         meso_stock_window_load (MesoStockWindow  *self,
                                         GError          **error);

G_END_DECLS
