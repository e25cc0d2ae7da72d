/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-wrap-box.h: a toolbar row that wraps onto more rows where it must. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MESO_TYPE_WRAP_BOX (meso_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (MesoWrapBox, meso_wrap_box, MESO, WRAP_BOX, GtkWidget)

G_END_DECLS
