/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-window.h: a session's scalp map, its measurements, stage and progress. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_SCALP_WINDOW (meso_scalp_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoScalpWindow, meso_scalp_window, MESO, SCALP_WINDOW, AdwWindow)

MesoScalpWindow *meso_scalp_window_new (GtkWindow        *parent,
                                        MesoContext      *context,
                                        MesoAppointment  *session,
                                        GError          **error);
gboolean         meso_scalp_window_load (MesoScalpWindow  *self,
                                         MesoAppointment  *session,
                                         GError          **error);

G_END_DECLS
