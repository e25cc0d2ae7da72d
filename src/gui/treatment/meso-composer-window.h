/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-composer-window.h: compose a session's cocktail, screen it, and record it. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_COMPOSER_WINDOW (meso_composer_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoComposerWindow, meso_composer_window, MESO, COMPOSER_WINDOW, AdwWindow)

MesoComposerWindow *meso_composer_window_new (GtkWindow        *parent,
                                              MesoContext      *context,
                                              MesoAppointment  *session,
                                              GError          **error);
gboolean            meso_composer_window_load (MesoComposerWindow  *self,
                                               MesoAppointment     *session,
                                               GError             **error);

G_END_DECLS
