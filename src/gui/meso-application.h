/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-application.h: the Mesodesk application. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MESO_TYPE_APPLICATION (meso_application_get_type ())
G_DECLARE_FINAL_TYPE (MesoApplication, meso_application, MESO, APPLICATION, AdwApplication)

MesoApplication *meso_application_new (void);

G_END_DECLS
