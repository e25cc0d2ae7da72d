/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-initials.h: a light avatar of a name's initials, for long lists. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MESO_TYPE_INITIALS (meso_initials_get_type ())
G_DECLARE_FINAL_TYPE (MesoInitials, meso_initials, MESO, INITIALS, GtkWidget)

GtkWidget *meso_initials_new      (int           size);
void       meso_initials_set_name (MesoInitials *self,
                                   const char   *name);

G_END_DECLS
