/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-hair-counter.h: a trichoscopy photo on which the physician marks a
 * 1 cm² square and taps each hair in it, terminal or vellus. */
#pragma once

#include <gtk/gtk.h>

#include "meso-photo-count.h"

G_BEGIN_DECLS

#define MESO_TYPE_HAIR_COUNTER (meso_hair_counter_get_type ())
G_DECLARE_FINAL_TYPE (MesoHairCounter, meso_hair_counter, MESO, HAIR_COUNTER, GtkWidget)

GtkWidget *meso_hair_counter_new          (void);
void       meso_hair_counter_set_texture  (MesoHairCounter  *self,
                                           GdkTexture       *texture);
void       meso_hair_counter_set_terminal (MesoHairCounter  *self,
                                           gboolean          terminal);
void       meso_hair_counter_set_count    (MesoHairCounter  *self,
                                           MesoVec2          corner,
                                           double            side,
                                           GArray           *marks);
gboolean   meso_hair_counter_get_count    (MesoHairCounter  *self,
                                           MesoVec2         *out_corner,
                                           double           *out_side,
                                           GArray          **out_marks);
void       meso_hair_counter_clear        (MesoHairCounter  *self);

G_END_DECLS
