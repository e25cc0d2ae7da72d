/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-keys.h: real key presses through the X server (XTEST) and GTK's
 * whole input path. A test that uses them runs alone (is_parallel: false):
 * the keys go to whichever window has the X input focus. */
#pragma once

#include <gdk/x11/gdkx.h>
#include <gtk/gtk.h>
#include <X11/extensions/XTest.h>

#include "meso-test-gui.h"

static inline Display *
meso_test_x_display (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

/* Presses and releases @keyval as a keyboard would: the X server sends it
 * to the window with the input focus, whichever that is. */
static inline void
meso_test_press_key (guint keyval)
{
  KeyCode code = XKeysymToKeycode (meso_test_x_display (), keyval);   /* GDK keyvals are X keysyms */

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (meso_test_x_display (), code, True, CurrentTime);
  XTestFakeKeyEvent (meso_test_x_display (), code, False, CurrentTime);
  XFlush (meso_test_x_display ());
}

/* The same with the key @modifier (GDK_KEY_Control_L, GDK_KEY_Shift_L…)
 * held down. */
static inline void
meso_test_press_key_with (guint modifier,
                          guint keyval)
{
  KeyCode held = XKeysymToKeycode (meso_test_x_display (), modifier);

  XTestFakeKeyEvent (meso_test_x_display (), held, True, CurrentTime);
  meso_test_press_key (keyval);
  XTestFakeKeyEvent (meso_test_x_display (), held, False, CurrentTime);
  XFlush (meso_test_x_display ());
}

static inline void
meso_test_press_control_key (guint keyval)
{
  meso_test_press_key_with (GDK_KEY_Control_L, keyval);
}

static inline gboolean
meso_test_window_active (gpointer window)
{
  return gtk_window_is_active (window);
}

/* What a click on its title bar would do: there is no window manager. */
static inline void
meso_test_focus_window (GtkWindow *window)
{
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));

  XSetInputFocus (meso_test_x_display (), xid, RevertToParent, CurrentTime);
  XFlush (meso_test_x_display ());
  meso_test_iterate_until (meso_test_window_active, window, "the window to have the keyboard");
}
