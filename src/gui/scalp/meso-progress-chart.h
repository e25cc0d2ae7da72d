/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-progress-chart.h: a patient's course at a glance: SALT, density,
 * the hairs counted on photos and the points, session after session. */
#pragma once

#include <gtk/gtk.h>

#include "meso-scalp-map.h"

G_BEGIN_DECLS

#define MESO_TYPE_PROGRESS_CHART (meso_progress_chart_get_type ())
G_DECLARE_FINAL_TYPE (MesoProgressChart, meso_progress_chart, MESO, PROGRESS_CHART, GtkWidget)

void meso_progress_chart_set_sessions (MesoProgressChart *self,
                                       GArray            *earlier,
                                       MesoScalpMap      *map);
void meso_progress_chart_set_counted  (MesoProgressChart *self,
                                       GArray            *counted);

G_END_DECLS
