/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-health-banner.h: what the checks found wrong with the open database. */
#pragma once

#include <gtk/gtk.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_HEALTH_BANNER (meso_health_banner_get_type ())
G_DECLARE_FINAL_TYPE (MesoHealthBanner, meso_health_banner, MESO, HEALTH_BANNER, GtkWidget)

void meso_health_banner_set_context (MesoHealthBanner *self,
                                     MesoContext      *context);
void meso_health_banner_class_bind  (GtkWidgetClass   *widget_class);
void meso_health_banner_follow      (GtkWidget        *window,
                                     GType             window_type,
                                     MesoContext      *context);

G_END_DECLS
