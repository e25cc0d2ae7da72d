/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-window-preferences.c: the Preferences window opened from the main
 * window. Building one costs more than a frame, so a spare is built ahead,
 * while nobody is using the workstation, and each opening takes it: the
 * window then only has to be shown. A window is never reused after it
 * closes: its pages, built when first shown, read the clinic afresh. */
#define G_LOG_DOMAIN "meso-window"

#include "config.h"
#include "meso-window-private.h"
#include "meso-preferences-window.h"

/* Long enough without input that the person has stopped to read or think. */
#define SPARE_AFTER_IDLE_USEC (G_USEC_PER_SEC)
#define SPARE_POLL_MS 250

static gboolean
on_preferences_close_request_cb (MesoWindow *self)
{
  /* The clinic's name and the lock time may have changed. */
  meso_window_update_subtitle (self);
  if (meso_idle_timer_is_running (self->idle_timer))
    meso_idle_timer_set_limit (self->idle_timer, meso_window_lock_limit (self));
  meso_window_prepare_preferences (self);   /* for the next time */
  return FALSE;
}

static MesoPreferencesWindow *
new_preferences (MesoWindow *self)
{
  MesoPreferencesWindow *preferences = meso_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  g_signal_connect_object (preferences, "close-request",
                           G_CALLBACK (on_preferences_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  return preferences;
}

/* Two slices, each while the workstation is left alone: the window, then
 * what showing it would do first, its styles and sizes. */
static gboolean
build_spare_cb (gpointer user_data)
{
  MesoWindow *self = user_data;
  int width, height, minimum;

  if (!meso_window_may (self, MESO_PERMISSION_MANAGE_SETTINGS))   /* as win.preferences */
    {
      self->spare_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (meso_idle_timer_get_idle (self->idle_timer) < SPARE_AFTER_IDLE_USEC)
    return G_SOURCE_CONTINUE;
  if (self->spare_preferences == NULL)
    {
      self->spare_preferences = GTK_WINDOW (new_preferences (self));
      g_object_add_weak_pointer (G_OBJECT (self->spare_preferences),
                                 (gpointer *) &self->spare_preferences);
      return G_SOURCE_CONTINUE;
    }
  gtk_window_get_default_size (self->spare_preferences, &width, &height);
  gtk_widget_measure (GTK_WIDGET (self->spare_preferences), GTK_ORIENTATION_VERTICAL, width,
                      &minimum, NULL, NULL, NULL);
  self->spare_source = 0;
  return G_SOURCE_REMOVE;
}

/**
 * meso_window_prepare_preferences:
 * @self: the window
 *
 * Builds a spare Preferences window the next time the workstation has been
 * left alone for a moment, if the person signed in may open one.
 */
void
meso_window_prepare_preferences (MesoWindow *self)
{
  if (self->spare_source == 0 && self->spare_preferences == NULL)
    self->spare_source = g_timeout_add_full (G_PRIORITY_LOW, SPARE_POLL_MS, build_spare_cb,
                                             self, NULL);
}

/**
 * meso_window_drop_spare_preferences:
 * @self: the window
 *
 * Destroys the spare and stops building one: for a window going away.
 */
void
meso_window_drop_spare_preferences (MesoWindow *self)
{
  g_clear_handle_id (&self->spare_source, g_source_remove);
  if (self->spare_preferences != NULL)
    {
      GtkWindow *spare = self->spare_preferences;

      g_clear_weak_pointer (&self->spare_preferences);
      gtk_window_destroy (spare);
    }
}

/* The spare if there is one, with what another workstation changed since
 * it was built; else a new window. */
static MesoPreferencesWindow *
open_preferences (MesoWindow *self)
{
  MesoPreferencesWindow *preferences;

  if (self->spare_preferences != NULL)
    {
      preferences = MESO_PREFERENCES_WINDOW (self->spare_preferences);
      g_clear_weak_pointer (&self->spare_preferences);
      meso_preferences_window_reload (preferences);
    }
  else
    preferences = new_preferences (self);
  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

void
meso_window_preferences_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  open_preferences (MESO_WINDOW (widget));
}

/* The damaged-database banner's way out, on the preferences' backup page
 * where a restore is made. */
void
meso_window_restore_latest_backup_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  meso_preferences_window_restore_latest (open_preferences (MESO_WINDOW (widget)));
}
