/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window-compare.c: the photos window's Compare page: two
 * sessions of the selected view side by side, laid over each other or
 * across a wipe, aligned by the landmarks the physician clicked, which are
 * kept so that the comparison opens aligned next time. */
#define G_LOG_DOMAIN "meso-photo-window"

#include <glib/gi18n.h>

#include "meso-photo-window-private.h"

/* Comparing: the two photos picked, decoded in turn. */
typedef struct
{
  MesoPhotoWindow *self;
  MesoPhoto       *before;
  MesoPhoto       *after;
  GdkTexture      *textures[2];
  guint            pending;
} Comparison;

static void
comparison_free (Comparison *comparison)
{
  g_object_unref (comparison->self);
  g_object_unref (comparison->before);
  g_object_unref (comparison->after);
  g_clear_object (&comparison->textures[0]);
  g_clear_object (&comparison->textures[1]);
  g_free (comparison);
}

/* The stored landmarks of the two photos, fitted again, or none. */
static void
show_alignment (MesoPhotoWindow *self,
                MesoPhoto       *before,
                MesoPhoto       *after)
{
  g_autoptr(GError) error = NULL;
  MesoVec2 on_after[MESO_PHOTO_MAX_LANDMARKS], on_before[MESO_PHOTO_MAX_LANDMARKS];
  MesoSimilarity transform;
  guint n = 0;

  if (!meso_photo_store_load_alignment (self->store, after->id, before->id, on_after, on_before,
                                        &n, &error))
    meso_photo_window_show_problem (self, error->message);
  if (n >= 2 && meso_similarity_fit (on_after, on_before, n, &transform))
    {
      meso_photo_compare_set_landmarks (self->compare, on_after, on_before, n);
      meso_photo_compare_set_alignment (self->compare, &transform);
      return;
    }
  meso_photo_compare_clear_landmarks (self->compare);
  meso_photo_compare_set_alignment (self->compare, NULL);
}

static void
on_compare_decoded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  Comparison *comparison = data;
  MesoPhotoWindow *self = comparison->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "meso-which"));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (pixbuf != NULL)
    comparison->textures[which] = gdk_texture_new_for_pixbuf (pixbuf);
  if (--comparison->pending > 0)
    return;
  /* Cancelled: the window is closing, its widgets gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->compare == NULL)
    {
      comparison_free (comparison);
      return;
    }
  /* A newer choice replaced this one while it was decoded. */
  if (g_object_get_data (G_OBJECT (self->compare), "meso-comparison") == comparison &&
      comparison->textures[0] != NULL && comparison->textures[1] != NULL)
    {
      before = meso_photo_window_format_session (self, comparison->before->session_starts_at);
      after = meso_photo_window_format_session (self, comparison->after->session_starts_at);
      meso_photo_compare_set_photos (self->compare, comparison->textures[0], before,
                                     comparison->textures[1], after);
      show_alignment (self, comparison->before, comparison->after);
    }
  comparison_free (comparison);
}

static void
decode_for_comparison (MesoPhotoWindow *self,
                       Comparison      *comparison,
                       guint            which)
{
  g_autoptr(GError) error = NULL;
  MesoPhoto *photo = which == 0 ? comparison->before : comparison->after;
  g_autoptr(GBytes) bytes = meso_photo_store_load_image (self->store, photo->id,
                                                         MESO_PHOTO_PURPOSE_VIEW, &error);
  g_autoptr(GTask) task = NULL;

  if (bytes == NULL)
    {
      meso_photo_window_show_problem (self, error->message);
      bytes = g_bytes_new_static ("", 0);
    }
  task = g_task_new (NULL, self->cancellable, on_compare_decoded_cb, comparison);
  g_task_set_source_tag (task, decode_for_comparison);
  g_task_set_task_data (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_object_set_data (G_OBJECT (task), "meso-which", GUINT_TO_POINTER (which));
  g_task_run_in_thread (task, meso_photo_window_decode_thread);
}

static void
on_sessions_selected_cb (MesoPhotoWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  guint before = gtk_drop_down_get_selected (self->before_dropdown);
  guint after = gtk_drop_down_get_selected (self->after_dropdown);
  Comparison *comparison;

  if (self->updating || before >= n || after >= n || before == after)
    {
      g_object_set_data (G_OBJECT (self->compare), "meso-comparison", NULL);
      meso_photo_compare_set_photos (self->compare, NULL, NULL, NULL, NULL);
      return;
    }
  comparison = g_new0 (Comparison, 1);
  comparison->self = g_object_ref (self);
  comparison->before = g_list_model_get_item (G_LIST_MODEL (self->history), before);
  comparison->after = g_list_model_get_item (G_LIST_MODEL (self->history), after);
  self->compared[0] = comparison->before->id;
  self->compared[1] = comparison->after->id;
  /* Read, and audited as looked at, only once the page is shown. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "compare") != 0)
    {
      comparison_free (comparison);
      g_object_set_data (G_OBJECT (self->compare), "meso-comparison", NULL);
      meso_photo_compare_set_photos (self->compare, NULL, NULL, NULL, NULL);
      return;
    }
  comparison->pending = 2;
  g_object_set_data (G_OBJECT (self->compare), "meso-comparison", comparison);
  decode_for_comparison (self, comparison, 0);
  decode_for_comparison (self, comparison, 1);
}

/* Where the photo @photo_id is in the view's history, else @otherwise. */
static guint
history_position (MesoPhotoWindow *self,
                  gint64           photo_id,
                  guint            otherwise)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  for (guint i = 0; photo_id != 0 && i < n; i++)
    {
      g_autoptr(MesoPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->history), i);

      if (photo->id == photo_id)
        return i;
    }
  return otherwise;
}

/* The selected view's sessions to compare: the first and the latest,
 * unless the user chose others. */
void
meso_photo_window_update_compare (MesoPhotoWindow *self)
{
  g_autoptr(GtkStringList) sessions = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  Slot *slot = meso_photo_window_get_selected_slot (self);
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MesoPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->history), i);
      g_autofree char *date = meso_photo_window_format_session (self, photo->session_starts_at);

      gtk_string_list_append (sessions, date);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->before_dropdown, G_LIST_MODEL (sessions));
  gtk_drop_down_set_model (self->after_dropdown, G_LIST_MODEL (sessions));
  /* The photos compared before stay so when the list is read again. */
  gtk_drop_down_set_selected (self->before_dropdown, history_position (self, self->compared[0], 0));
  gtk_drop_down_set_selected (self->after_dropdown,
                              history_position (self, self->compared[1], n > 0 ? n - 1 : 0));
  self->updating = FALSE;
  if (slot == NULL || n < 2)
    text = g_strdup (_("Take this view in two sessions to compare them."));
  else
    text = g_strdup_printf (_("%s in %u sessions. Align them by clicking the same two or three "
                              "landmarks on both photos."), slot->label, n);
  gtk_label_set_text (self->compare_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->align_button), n >= 2);
  on_sessions_selected_cb (self);
}

/* The slider is the overlay's opacity or the wipe's split: side by side
 * has none. */
static void
on_mode_toggled_cb (MesoPhotoWindow *self)
{
  MesoCompareMode mode = gtk_toggle_button_get_active (self->overlay_button)
                         ? MESO_COMPARE_OVERLAY
                         : gtk_toggle_button_get_active (self->wipe_button)
                         ? MESO_COMPARE_WIPE : MESO_COMPARE_SIDE_BY_SIDE;

  meso_photo_compare_set_mode (self->compare, mode);
  gtk_widget_set_sensitive (self->position_scale, mode != MESO_COMPARE_SIDE_BY_SIDE);
}

static void
on_align_toggled_cb (MesoPhotoWindow *self)
{
  meso_photo_compare_set_picking (self->compare,
                                  gtk_toggle_button_get_active (self->align_button));
}

static void
on_landmarks_changed_cb (MesoPhotoWindow *self)
{
  MesoVec2 on_after[MESO_PHOTO_MAX_LANDMARKS], on_before[MESO_PHOTO_MAX_LANDMARKS];

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.save-alignment",
                                 meso_photo_compare_get_landmarks (self->compare, on_after,
                                                                   on_before) >= 2);
}

/* photo-window.save-alignment */
void
meso_photo_window_save_alignment (GtkWidget  *widget,
                                  const char *action,
                                  GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPhoto) before = NULL;
  g_autoptr(MesoPhoto) after = NULL;
  MesoVec2 on_after[MESO_PHOTO_MAX_LANDMARKS], on_before[MESO_PHOTO_MAX_LANDMARKS];
  guint n = meso_photo_compare_get_landmarks (self->compare, on_after, on_before);

  before = g_list_model_get_item (G_LIST_MODEL (self->history),
                                  gtk_drop_down_get_selected (self->before_dropdown));
  after = g_list_model_get_item (G_LIST_MODEL (self->history),
                                 gtk_drop_down_get_selected (self->after_dropdown));
  if (before == NULL || after == NULL ||
      !meso_photo_store_save_alignment (self->store, after->id, before->id, on_after, on_before,
                                        n, &error))
    {
      meso_photo_window_toast (self, error != NULL ? error->message
                                                   : _("Choose two sessions to compare."));
      return;
    }
  gtk_toggle_button_set_active (self->align_button, FALSE);
  show_alignment (self, before, after);
  meso_photo_window_toast (self, _("Alignment saved: the comparison opens aligned from now on."));
}

void
meso_photo_window_compare_init (MesoPhotoWindow *self)
{
  g_signal_connect_swapped (self->before_dropdown, "notify::selected",
                            G_CALLBACK (on_sessions_selected_cb), self);
  g_signal_connect_swapped (self->after_dropdown, "notify::selected",
                            G_CALLBACK (on_sessions_selected_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_sessions_selected_cb), self);
  g_signal_connect_swapped (self->overlay_button, "toggled", G_CALLBACK (on_mode_toggled_cb), self);
  g_signal_connect_swapped (self->wipe_button, "toggled", G_CALLBACK (on_mode_toggled_cb), self);
  g_signal_connect_swapped (self->side_button, "toggled", G_CALLBACK (on_mode_toggled_cb), self);
  g_signal_connect_swapped (self->align_button, "toggled", G_CALLBACK (on_align_toggled_cb), self);
  g_signal_connect_swapped (self->compare, "landmarks-changed",
                            G_CALLBACK (on_landmarks_changed_cb), self);
  g_object_bind_property (self->position_adjustment, "value", self->compare, "position",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.save-alignment", FALSE);
}
