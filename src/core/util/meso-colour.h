/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-colour.h: sRGB colours as plain doubles: luminance, WCAG contrast,
 * blending, and the ink that reads on a fill. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* WCAG 2's minimum contrast for body text (level AA). */
#define MESO_COLOUR_TEXT_CONTRAST 4.5

/* An opaque sRGB colour, each channel from 0 to 1. */
typedef struct
{
  double red;
  double green;
  double blue;
} MesoColour;

double     meso_colour_luminance   (MesoColour  colour);
double     meso_colour_contrast    (MesoColour  a,
                                    MesoColour  b);
MesoColour meso_colour_blend       (MesoColour  under,
                                    MesoColour  over,
                                    double      alpha);
double     meso_colour_choose_ink  (MesoColour  fill,
                                    MesoColour  dark_ink,
                                    MesoColour  light_ink,
                                    MesoColour *out_ink);

G_END_DECLS
