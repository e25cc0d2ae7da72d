/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window-count.c: the photos window's hair count on a
 * trichoscopy close-up: the counter over the photo, the kind a click marks,
 * the running totals, density and ratio, and the count saved. */
#define G_LOG_DOMAIN "meso-photo-window"

#include <glib/gi18n.h>

#include "meso-photo-window-private.h"

/* Counting: the close-up's texture in the counter, with its stored count. */
static void
on_count_toggled_cb (MesoPhotoWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) marks = NULL;
  MesoPhoto *photo = meso_photo_window_get_session_photo (self);
  GdkPaintable *shown = gtk_picture_get_paintable (self->photo_picture);
  gboolean counting = gtk_toggle_button_get_active (self->count_button) && photo != NULL &&
                      GDK_IS_TEXTURE (shown);
  MesoVec2 corner = { 0, 0 };
  double side = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->counter), counting);
  gtk_widget_set_visible (self->count_toolbar, counting);
  gtk_widget_set_visible (GTK_WIDGET (self->photo_picture), !counting);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_picture), !counting && self->guide_shown);
  if (!counting)
    return;
  meso_hair_counter_set_texture (self->counter, GDK_TEXTURE (shown));
  if (!meso_photo_store_load_count (self->store, photo->id, &corner, &side, &marks, &error))
    meso_photo_window_show_problem (self, error->message);
  else if (marks != NULL)
    meso_hair_counter_set_count (self->counter, corner, side, marks);
  gtk_widget_grab_focus (GTK_WIDGET (self->counter));
}

static void
on_counter_changed_cb (MesoPhotoWindow *self)
{
  g_autofree char *text = NULL;
  MesoHairCount count = { 0 };
  GArray *marks;
  MesoVec2 corner;
  double side, ratio;
  gboolean has_square = meso_hair_counter_get_count (self->counter, &corner, &side, &marks);

  for (guint i = 0; i < marks->len; i++)
    if (g_array_index (marks, MesoHairMark, i).terminal)
      count.terminal++;
    else
      count.vellus++;
  if (!has_square)
    text = g_strdup (_("Drag across the photo to mark the 1 cm² square."));
  else if (meso_hair_count_get_ratio (&count, &ratio))
    /* TRANSLATORS: terminal hairs, vellus hairs, hairs per cm², and their ratio */
    text = g_strdup_printf (_("%u terminal · %u vellus · %.0f hairs/cm² · ratio %.1f : 1"),
                            count.terminal, count.vellus, meso_hair_count_get_density (&count),
                            ratio);
  else
    text = g_strdup_printf (_("%u terminal · %u vellus · %.0f hairs/cm²"), count.terminal,
                            count.vellus, meso_hair_count_get_density (&count));
  gtk_label_set_text (self->count_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.save-count", has_square);
}

static void
on_terminal_toggled_cb (MesoPhotoWindow *self)
{
  meso_hair_counter_set_terminal (self->counter,
                                  gtk_toggle_button_get_active (self->terminal_button));
}

/* photo-window.save-count */
void
meso_photo_window_save_count (GtkWidget  *widget,
                              const char *action,
                              GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  MesoPhoto *photo = meso_photo_window_get_session_photo (self);
  GArray *marks;
  MesoVec2 corner;
  double side;

  meso_hair_counter_get_count (self->counter, &corner, &side, &marks);
  if (photo == NULL ||
      !meso_photo_store_save_count (self->store, photo->id, corner, side,
                                    (MesoHairMark *) marks->data, marks->len, &error))
    {
      meso_photo_window_show_problem (self, error != NULL ? error->message : NULL);
      return;
    }
  meso_photo_window_show_problem (self, NULL);
  meso_photo_window_toast (self, _("Hair count saved."));
}

/* photo-window.clear-count */
void
meso_photo_window_clear_count (GtkWidget  *widget,
                               const char *action,
                               GVariant   *parameter)
{
  meso_hair_counter_clear (MESO_PHOTO_WINDOW (widget)->counter);
}

void
meso_photo_window_count_init (MesoPhotoWindow *self)
{
  g_signal_connect_swapped (self->count_button, "toggled", G_CALLBACK (on_count_toggled_cb), self);
  g_signal_connect_swapped (self->counter, "changed", G_CALLBACK (on_counter_changed_cb), self);
  g_signal_connect_swapped (self->terminal_button, "toggled",
                            G_CALLBACK (on_terminal_toggled_cb), self);
}
