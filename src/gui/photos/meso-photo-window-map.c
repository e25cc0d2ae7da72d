/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window-map.c: the photos window's scalp map laid over the
 * selected photo: the photo's session's map, in the view the photo shows,
 * where the physician last placed it on this photo; moved, sized and
 * turned until it fits the head, and kept. */
#define G_LOG_DOMAIN "meso-photo-window"

#include <glib/gi18n.h>

#include "meso-photo-window-private.h"

/* The map over the photo shown, or the photo alone. */
static void
on_map_toggled_cb (MesoPhotoWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoScalpMap) map = NULL;
  MesoPhoto *photo = meso_photo_window_get_session_photo (self);
  Slot *slot = meso_photo_window_get_selected_slot (self);
  gboolean shown = gtk_toggle_button_get_active (self->map_button) && photo != NULL &&
                   slot != NULL && slot->scalp_view >= 0 &&
                   GDK_IS_TEXTURE (gtk_picture_get_paintable (self->photo_picture));
  MesoSimilarity placement;
  gboolean placed = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->map_overlay), shown);
  gtk_widget_set_visible (self->map_toolbar, shown);
  /* The guide's lines and the map's would be one tangle. */
  gtk_widget_set_visible (GTK_WIDGET (self->guide_picture), !shown && self->guide_shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.save-map", FALSE);
  if (!shown)
    return;
  if (!meso_scalp_store_load (meso_context_get_scalp_store (self->context),
                              photo->appointment_id, &map, &error) ||
      !meso_photo_store_load_map_placement (self->store, photo->id, &placement, &placed, &error))
    {
      meso_photo_window_show_problem (self, error->message);
      gtk_toggle_button_set_active (self->map_button, FALSE);
      return;
    }
  /* A session with no map yet: the zones' outlines alone still guide the eye. */
  if (map == NULL)
    map = meso_scalp_map_new ();
  meso_scalp_overlay_set_map (self->map_overlay, map, slot->scalp_view, photo->width,
                              photo->height);
  if (placed)
    meso_scalp_overlay_set_placement (self->map_overlay, &placement);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_overlay));
}

static void
on_map_placed_cb (MesoPhotoWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.save-map", TRUE);
}

/* photo-window.save-map */
void
meso_photo_window_save_map (GtkWidget  *widget,
                            const char *action,
                            GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  MesoPhoto *photo = meso_photo_window_get_session_photo (self);
  MesoSimilarity placement;

  meso_scalp_overlay_get_placement (self->map_overlay, &placement);
  if (photo == NULL ||
      !meso_photo_store_save_map_placement (self->store, photo->id, &placement, &error))
    {
      meso_photo_window_show_problem (self, error != NULL ? error->message : NULL);
      return;
    }
  meso_photo_window_show_problem (self, NULL);
  gtk_widget_action_set_enabled (widget, "photo-window.save-map", FALSE);
  meso_photo_window_toast (self, _("The scalp map will lie here on this photo."));
}

/* photo-window.fit-map */
void
meso_photo_window_fit_map (GtkWidget  *widget,
                           const char *action,
                           GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);
  Slot *slot = meso_photo_window_get_selected_slot (self);
  MesoPhoto *photo = meso_photo_window_get_session_photo (self);
  MesoSimilarity placement;

  if (photo == NULL || slot == NULL || slot->scalp_view < 0)
    return;
  meso_photo_default_map_placement (slot->scalp_view, photo->width, photo->height, &placement);
  meso_scalp_overlay_set_placement (self->map_overlay, &placement);
  on_map_placed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_overlay));
}

void
meso_photo_window_map_init (MesoPhotoWindow *self)
{
  g_signal_connect_swapped (self->map_button, "toggled", G_CALLBACK (on_map_toggled_cb), self);
  g_signal_connect_swapped (self->map_overlay, "placed", G_CALLBACK (on_map_placed_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.save-map", FALSE);
}
