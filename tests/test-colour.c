/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-colour.c: WCAG luminance and contrast, blending, and the ink that
 * keeps a calendar block's text at 4.5:1 on any fill, light or dark. */
#include "meso-colour.h"

static MesoColour
hex (const char *text)
{
  guint rgb = (guint) g_ascii_strtoull (text + 1, NULL, 16);

  return (MesoColour) { (rgb >> 16) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0 };
}

static void
test_contrast (void)
{
  /* Figures from WCAG 2's formula, checked by hand; the grey pair is the
   * well-known edge of AA on white. */
  static const struct { const char *a; const char *b; double luminance_a; double contrast; } cases[] = {
    { "#000000", "#ffffff", 0.0, 21.0 },
    { "#ffffff", "#000000", 1.0, 21.0 },
    { "#767676", "#ffffff", 0.18116, 4.542 },
    { "#777777", "#ffffff", 0.18447, 4.478 },
    { "#3584e4", "#000000", 0.22861, 5.572 },
    { "#3584e4", "#ffffff", 0.22861, 3.769 },
    { "#1e1e1e", "#000000", 0.01298, 1.260 },
    { "#e5a50a", "#ffffff", 0.43590, 2.161 },
    { "#808080", "#808080", 0.21586, 1.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MesoColour a = hex (cases[i].a), b = hex (cases[i].b);

      g_assert_cmpfloat_with_epsilon (meso_colour_luminance (a), cases[i].luminance_a, 1e-4);
      g_assert_cmpfloat_with_epsilon (meso_colour_contrast (a, b), cases[i].contrast, 2e-3);
      g_assert_cmpfloat_with_epsilon (meso_colour_contrast (b, a), cases[i].contrast, 2e-3);
    }
}

static void
test_blend (void)
{
  static const struct { const char *under; const char *over; double alpha; const char *out; } cases[] = {
    { "#ffffff", "#3584e4", 0.28, "#c6ddf7" },
    { "#1e1e1e", "#3584e4", 0.28, "#243b55" },
    { "#1e1e1e", "#9141ac", 0.28, "#3e2846" },
    { "#000000", "#ffffff", 0.0, "#000000" },
    { "#000000", "#ffffff", 1.0, "#ffffff" },
    { "#000000", "#ffffff", 7.0, "#ffffff" },   /* clamped */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MesoColour out = meso_colour_blend (hex (cases[i].under), hex (cases[i].over),
                                          cases[i].alpha);
      MesoColour expected = hex (cases[i].out);

      g_assert_cmpfloat_with_epsilon (out.red, expected.red, 0.6 / 255);
      g_assert_cmpfloat_with_epsilon (out.green, expected.green, 0.6 / 255);
      g_assert_cmpfloat_with_epsilon (out.blue, expected.blue, 0.6 / 255);
    }
}

static void
test_choose_ink (void)
{
  /* The demo practitioners' blocks in dark style (their colour at 0.28 on
   * #1e1e1e) took black text at 1.6-2.2:1; each must get the light ink. */
  static const struct { const char *fill; const char *dark; const char *light; const char *ink; } cases[] = {
    { "#243b55", "#1e1e1e", "#ffffff", "#ffffff" },
    { "#224c39", "#1e1e1e", "#ffffff", "#ffffff" },
    { "#3e2846", "#1e1e1e", "#ffffff", "#ffffff" },
    { "#c6ddf7", "#1e1e1e", "#ffffff", "#1e1e1e" },
    { "#e5a50a", "#333333", "#ffffff", "#333333" },
    /* Neither style ink reaches 4.5:1 on a middle grey: pure black does. */
    { "#777777", "#333333", "#cccccc", "#000000" },
    { "#6a6a6a", "#404040", "#e0e0e0", "#ffffff" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MesoColour ink, expected = hex (cases[i].ink), fill = hex (cases[i].fill);
      double contrast = meso_colour_choose_ink (fill, hex (cases[i].dark), hex (cases[i].light),
                                                &ink);

      g_assert_cmpfloat (ink.red, ==, expected.red);
      g_assert_cmpfloat (ink.green, ==, expected.green);
      g_assert_cmpfloat (ink.blue, ==, expected.blue);
      g_assert_cmpfloat_with_epsilon (contrast, meso_colour_contrast (fill, ink), 1e-9);
      g_assert_cmpfloat (contrast, >=, MESO_COLOUR_TEXT_CONTRAST);
    }
}

/* Every grey and every step of each hue gets an ink at 4.5:1 or more. */
static void
test_ink_always_readable (void)
{
  for (guint v = 0; v <= 255; v++)
    for (guint hue = 0; hue < 7; hue++)
      {
        double c = v / 255.0;
        MesoColour fill = { hue & 1 ? c : c / 3, hue & 2 ? c : c / 3, hue & 4 ? c : c / 3 };
        MesoColour ink;

        g_assert_cmpfloat (meso_colour_choose_ink (fill, hex ("#303030"), hex ("#d0d0d0"), &ink),
                           >=, MESO_COLOUR_TEXT_CONTRAST);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meso/colour/contrast", test_contrast);
  g_test_add_func ("/meso/colour/blend", test_blend);
  g_test_add_func ("/meso/colour/choose-ink", test_choose_ink);
  g_test_add_func ("/meso/colour/ink-always-readable", test_ink_always_readable);
  return g_test_run ();
}
