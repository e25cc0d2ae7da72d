/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-colour.c: the colour maths the calendar needs to keep its text
 * readable in any style: WCAG 2's relative luminance and contrast ratio,
 * and alpha blending as the renderer does it (in sRGB, not linear light). */
#define G_LOG_DOMAIN "meso-colour"

#include <math.h>

#include "meso-colour.h"

static double
linear (double channel)
{
  channel = CLAMP (channel, 0.0, 1.0);
  return channel <= 0.04045 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

/**
 * meso_colour_luminance:
 *
 * Returns: the relative luminance of @colour, from 0 (black) to 1 (white),
 *   as WCAG 2 defines it.
 */
double
meso_colour_luminance (MesoColour colour)
{
  return 0.2126 * linear (colour.red) + 0.7152 * linear (colour.green) +
         0.0722 * linear (colour.blue);
}

/**
 * meso_colour_contrast:
 *
 * Returns: the WCAG 2 contrast ratio of @a and @b, from 1 to 21, the same
 *   whichever is lighter.
 */
double
meso_colour_contrast (MesoColour a,
                      MesoColour b)
{
  double la = meso_colour_luminance (a), lb = meso_colour_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/**
 * meso_colour_blend:
 * @alpha: how opaque @over is, from 0 to 1
 *
 * Returns: @over painted on @under, as a renderer composes sRGB colours.
 */
MesoColour
meso_colour_blend (MesoColour under,
                   MesoColour over,
                   double     alpha)
{
  alpha = CLAMP (alpha, 0.0, 1.0);
  return (MesoColour) {
    under.red + (over.red - under.red) * alpha,
    under.green + (over.green - under.green) * alpha,
    under.blue + (over.blue - under.blue) * alpha,
  };
}

/**
 * meso_colour_choose_ink:
 * @fill: the opaque colour under the text
 * @dark_ink: the style's darker ink (opaque: blended on @fill already)
 * @light_ink: the style's lighter ink
 * @out_ink: (out): the ink to write with
 *
 * Chooses whichever ink contrasts more with @fill. A style's inks are not
 * always black and white; where the better one still falls short of
 * %MESO_COLOUR_TEXT_CONTRAST, it becomes pure black or pure white, one of
 * which always reaches it (at least 4.58:1 on any fill).
 *
 * Returns: the contrast of *@out_ink on @fill.
 */
double
meso_colour_choose_ink (MesoColour  fill,
                        MesoColour  dark_ink,
                        MesoColour  light_ink,
                        MesoColour *out_ink)
{
  static const MesoColour black = { 0, 0, 0 }, white = { 1, 1, 1 };
  double dark = meso_colour_contrast (fill, dark_ink);
  double light = meso_colour_contrast (fill, light_ink);

  if (MAX (dark, light) >= MESO_COLOUR_TEXT_CONTRAST)
    {
      *out_ink = dark >= light ? dark_ink : light_ink;
      return MAX (dark, light);
    }
  /* Black beats white exactly where the fill is lighter than the middle. */
  *out_ink = meso_colour_contrast (fill, black) >= meso_colour_contrast (fill, white) ? black
                                                                                       : white;
  return meso_colour_contrast (fill, *out_ink);
}
