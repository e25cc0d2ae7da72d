/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window.c: a session's scalp photos. Each view of the session
 * is a row; the selected one shows its photo, the previous session's photo
 * of the view laid over it as a guide, its consent and its history; files
 * come in from the file chooser, by drag and drop, or from a watched
 * folder; Compare lays two sessions of the view side by side, over each
 * other or across a wipe, aligned by landmarks. Images are decoded in a
 * worker thread: a 2,048-pixel JPEG takes longer than a frame. */
#define G_LOG_DOMAIN "meso-photo-window"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-confirm.h"
#include "meso-health-banner.h"
#include "meso-photo-import.h"
#include "meso-photo-window-private.h"
#include "meso-wrap-box.h"

G_DEFINE_FINAL_TYPE (MesoPhotoWindow, meso_photo_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (MesoPhotoWindow *self);

static void
slot_free (Slot *slot)
{
  g_free (slot->spot);
  g_free (slot->label);
  g_free (slot);
}

/* @message: plain text (a file's name may hold "&"): a toast's title is markup */
void
meso_photo_window_toast (MesoPhotoWindow *self,
                         const char      *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Where the user is looking when a file is refused: under the photo. */
void
meso_photo_window_show_problem (MesoPhotoWindow *self,
                                const char      *message)
{
  gtk_label_set_text (self->import_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->import_error_label), message != NULL);
}

Slot *
meso_photo_window_get_selected_slot (MesoPhotoWindow *self)
{
  return self->slots != NULL && self->selected < self->slots->len
         ? self->slots->pdata[self->selected] : NULL;
}

static gboolean
in_slot (MesoPhoto  *photo,
         Slot       *slot)
{
  return photo->view_id == slot->view_id && g_strcmp0 (photo->spot, slot->spot) == 0;
}

/* The newest photo of @slot in this session, or %NULL. */
static MesoPhoto *
session_photo (MesoPhotoWindow *self,
               Slot            *slot)
{
  MesoPhoto *found = NULL;

  for (guint i = 0; slot != NULL && i < self->photos->len; i++)
    {
      MesoPhoto *photo = self->photos->pdata[i];

      if (photo->appointment_id == self->session->id && in_slot (photo, slot))
        found = photo;
    }
  return found;
}

/* The selected view's photo in this session, or %NULL. */
MesoPhoto *
meso_photo_window_get_session_photo (MesoPhotoWindow *self)
{
  return session_photo (self, meso_photo_window_get_selected_slot (self));
}

/* The newest photo of @slot from an earlier session: the guide. */
static MesoPhoto *
previous_photo (MesoPhotoWindow *self,
                Slot            *slot)
{
  MesoPhoto *found = NULL;

  for (guint i = 0; slot != NULL && i < self->photos->len; i++)
    {
      MesoPhoto *photo = self->photos->pdata[i];

      if (photo->session_starts_at < self->session->starts_at && in_slot (photo, slot))
        found = photo;
    }
  return found;
}

char *
meso_photo_window_format_session (MesoPhotoWindow *self,
                                  gint64           starts_at)
{
  return meso_clock_format (meso_context_get_clock (self->context), starts_at, "%x");
}

/* Returns: (transfer none) (nullable): @photo's thumbnail, read once. */
static GdkTexture *
thumbnail (MesoPhotoWindow *self,
           MesoPhoto       *photo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture = g_hash_table_lookup (self->thumbnails, &photo->id);

  if (texture != NULL)
    return texture;
  bytes = meso_photo_store_load_thumbnail (self->store, photo->id, &error);
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      g_debug ("No thumbnail for photo %" G_GINT64_FORMAT ": %s", photo->id, error->message);
      return NULL;
    }
  g_hash_table_insert (self->thumbnails, g_memdup2 (&photo->id, sizeof photo->id), texture);
  return texture;
}

/* Decodes the task's GBytes into a GdkPixbuf: in a worker thread. */
void
meso_photo_window_decode_thread (GTask        *task,
                                 gpointer      source,
                                 gpointer      data,
                                 GCancellable *cancellable)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (data);
  GError *error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
on_decoded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GtkPicture) picture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GdkTexture) texture = NULL;
  gint64 wanted = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (picture), "meso-photo-id"));

  if (pixbuf == NULL ||
      wanted != (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (result),
                                                              "meso-photo-id")))
    return;
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

/* Shows @photo in @picture once decoded; an earlier request still
 * decoding is dropped. Reading the image is audited as a view. */
static void
show_photo (MesoPhotoWindow *self,
            GtkPicture      *picture,
            MesoPhoto       *photo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;

  gint64 shown = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (picture), "meso-photo-id"));

  /* Read again (a consent changed, a count saved): the image has not. */
  if (photo != NULL && photo->id == shown && gtk_picture_get_paintable (picture) != NULL)
    return;
  g_object_set_data (G_OBJECT (picture), "meso-photo-id",
                     GSIZE_TO_POINTER (photo != NULL ? photo->id : 0));
  gtk_picture_set_paintable (picture, NULL);
  if (photo == NULL)
    return;
  bytes = meso_photo_store_load_image (self->store, photo->id, MESO_PHOTO_PURPOSE_VIEW, &error);
  if (bytes == NULL)
    {
      meso_photo_window_show_problem (self, error->message);
      return;
    }
  task = g_task_new (NULL, self->cancellable, on_decoded_cb, g_object_ref (picture));
  g_task_set_source_tag (task, show_photo);
  g_task_set_task_data (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_object_set_data (G_OBJECT (task), "meso-photo-id", GSIZE_TO_POINTER (photo->id));
  g_task_run_in_thread (task, meso_photo_window_decode_thread);
}

/* A close-up is counted, and the map laid, on the photo shown: not
 * before it is decoded. */
static void
on_photo_shown_cb (MesoPhotoWindow *self)
{
  gboolean decoded = GDK_IS_TEXTURE (gtk_picture_get_paintable (self->photo_picture));

  gtk_widget_set_sensitive (GTK_WIDGET (self->count_button), decoded);
  gtk_widget_set_sensitive (GTK_WIDGET (self->map_button), decoded);
}

/* The selected slot's photo, guide, consent and history. */
static void
show_slot (MesoPhotoWindow *self)
{
  Slot *slot = meso_photo_window_get_selected_slot (self);
  MesoPhoto *photo = session_photo (self, slot);
  MesoPhoto *guide = previous_photo (self, slot);
  gboolean show_guide = guide != NULL && gtk_check_button_get_active (self->guide_check);
  g_autofree char *name = NULL;
  gint64 shown = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (self->photo_picture),
                                                      "meso-photo-id"));

  self->updating = TRUE;
  /* Counting and the map end with the photo: a reload after a save, here
   * or elsewhere, that shows the same photo keeps them. */
  if (photo == NULL || photo->id != shown)
    {
      gtk_toggle_button_set_active (self->count_button, FALSE);
      gtk_toggle_button_set_active (self->map_button, FALSE);
    }
  show_photo (self, self->photo_picture, photo);
  show_photo (self, self->guide_picture, show_guide ? guide : NULL);
  self->guide_shown = show_guide;
  gtk_widget_set_visible (GTK_WIDGET (self->guide_picture), show_guide);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), photo == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->guide_check), guide != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->consent_dropdown), photo != NULL);
  if (photo != NULL)
    gtk_drop_down_set_selected (self->consent_dropdown, photo->consent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo-window.remove", photo != NULL);
  gtk_check_button_set_active (self->record_check,
                               photo != NULL && g_hash_table_contains (self->on_record,
                                                                       &photo->id));
  gtk_widget_set_sensitive (GTK_WIDGET (self->record_check), photo != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->count_button),
                          photo != NULL && slot != NULL && slot->spot != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->map_button),
                          photo != NULL && slot != NULL && slot->scalp_view >= 0);
  if (slot != NULL)
    {
      name = g_strdup_printf (_("Photo of this session: %s"), slot->label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->photo_picture),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  g_list_store_remove_all (self->history);
  for (guint i = 0; slot != NULL && i < self->photos->len; i++)
    if (in_slot (self->photos->pdata[i], slot))
      g_list_store_append (self->history, self->photos->pdata[i]);
  self->updating = FALSE;
  meso_photo_window_update_compare (self);
}

static GtkWidget *
slot_row (MesoPhotoWindow *self,
          Slot            *slot)
{
  MesoPhoto *photo = session_photo (self, slot);
  GtkWidget *row = adw_action_row_new ();
  GdkTexture *texture = photo != NULL ? thumbnail (self, photo) : NULL;
  GtkWidget *picture;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), slot->label);
  if (photo != NULL)
    subtitle = g_strdup_printf ("%s · %s", photo->file_name,
                                meso_photo_consent_get_label (photo->consent));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle
                                                     : _("Not taken yet"));
  if (texture != NULL)
    {
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_widget_set_size_request (picture, 48, 48);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
    }
  else
    {
      picture = gtk_image_new_from_icon_name ("camera-photo-symbolic");
      gtk_widget_add_css_class (picture, "dim-label");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  photo != NULL ? _("Thumbnail") : _("Not taken yet"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
  return row;
}

/* The rows: every view in use, trichoscopy once per spot, the spots being
 * this session's scalp map's and those photographed before. */
static void
build_slots (MesoPhotoWindow *self,
             GPtrArray       *views)
{
  g_autoptr(MesoScalpMap) map = NULL;
  g_autoptr(GPtrArray) spots = g_ptr_array_new ();
  GPtrArray *readings;

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  if (meso_scalp_store_load (meso_context_get_scalp_store (self->context), self->session->id,
                             &map, NULL) && map != NULL)
    {
      readings = meso_scalp_map_get_measurements (map);
      for (guint i = 0; i < readings->len; i++)
        g_ptr_array_add (spots, ((MesoTrichoscopy *) readings->pdata[i])->spot);
    }
  for (guint i = 0; i < self->photos->len; i++)
    {
      const char *spot = MESO_PHOTO (self->photos->pdata[i])->spot;

      if (spot != NULL && !g_ptr_array_find_with_equal_func (spots, spot, g_str_equal, NULL))
        g_ptr_array_add (spots, (gpointer) spot);
    }
  for (guint i = 0; i < views->len; i++)
    {
      MesoPhotoView *view = views->pdata[i];
      gboolean tricho = meso_photo_view_is_trichoscopy (view);

      for (guint j = 0; j < (tricho ? spots->len : 1); j++)
        {
          Slot *slot = g_new0 (Slot, 1);
          MesoScalpView scalp_view;

          slot->view_id = view->id;
          slot->scalp_view = meso_photo_view_get_scalp_view (view, &scalp_view) ? (int) scalp_view
                                                                                : -1;
          slot->spot = tricho ? g_strdup (spots->pdata[j]) : NULL;
          slot->label = tricho ? g_strdup_printf (_("Trichoscopy: %s"), slot->spot)
                               : g_strdup (meso_photo_view_get_label (view));
          g_ptr_array_add (self->slots, slot);
        }
    }
}

static gboolean
has_spots (MesoPhotoWindow *self,
           GPtrArray       *views)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (((Slot *) self->slots->pdata[i])->spot != NULL)
      return TRUE;
  for (guint i = 0; i < views->len; i++)
    if (meso_photo_view_is_trichoscopy (views->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Trichoscopy photos are of the scalp map's named spots: none yet. */
static GtkWidget *
no_spots_row (void)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Trichoscopy"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Record a reading at a named spot on the scalp map first."));
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* Reads the views and the patient's photos again, and shows them. */
static void
reload (MesoPhotoWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (self->store, FALSE, &error);
  GPtrArray *photos = views != NULL
                      ? meso_photo_store_list_patient (self->store, self->session->patient_id,
                                                       &error)
                      : NULL;
  GtkWidget *child;
  guint selected = self->selected;

  if (photos == NULL)
    {
      meso_photo_window_show_problem (self, error->message);
      return;
    }
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  self->photos = photos;
  build_slots (self, views);
  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_list))) != NULL)
    gtk_list_box_remove (self->view_list, child);
  for (guint i = 0; i < self->slots->len; i++)
    gtk_list_box_append (self->view_list, slot_row (self, self->slots->pdata[i]));
  if (!has_spots (self, views))
    gtk_list_box_append (self->view_list, no_spots_row ());
  self->selected = MIN (selected, self->slots->len > 0 ? self->slots->len - 1 : 0);
  gtk_list_box_select_row (self->view_list,
                           gtk_list_box_get_row_at_index (self->view_list, self->selected));
  self->updating = FALSE;
  show_slot (self);
}

static void
on_view_list_row_selected_cb (MesoPhotoWindow *self,
                              GtkListBoxRow   *row)
{
  if (self->updating || row == NULL)
    return;
  self->selected = gtk_list_box_row_get_index (row);
  meso_photo_window_show_problem (self, NULL);
  show_slot (self);
}

static guint
slot_index (MesoPhotoWindow *self,
            gint64           view_id,
            const char      *spot)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = self->slots->pdata[i];

      if (slot->view_id == view_id && g_strcmp0 (slot->spot, spot) == 0)
        return i;
    }
  return self->selected;
}

/* A file to import: where it goes, and its name for the message that
 * tells how it went. */
typedef struct
{
  MesoPhotoWindow *self;
  GFile           *file;
  char            *name;
  gint64           view_id;   /* 0: the session's next missing view */
  char            *spot;
} Importing;

static void
importing_free (Importing *importing)
{
  g_object_unref (importing->self);
  g_object_unref (importing->file);
  g_free (importing->name);
  g_free (importing->spot);
  g_free (importing);
}

static void import_next (MesoPhotoWindow *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Importing, importing_free)

/* A photo stored: the window shows it, selected; or why it was refused. */
static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(Importing) importing = data;
  MesoPhotoWindow *self = importing->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *added = NULL;
  g_autofree char *spot = NULL;
  gint64 view_id = 0;
  gboolean stored = meso_photo_import_finish (result, &view_id, &spot, &error);

  /* Cancelled: the window is closing, its widgets gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->importing = FALSE;
  import_next (self);
  if (!stored)
    {
      /* TRANSLATORS: a file's name, then why it was not imported */
      problem = g_strdup_printf (_("%s: %s"), importing->name, error->message);
      meso_photo_window_show_problem (self, problem);
      return;
    }
  meso_photo_window_show_problem (self, NULL);
  /* Stored on the worker's connection: this window, and any other showing
   * the patient, read it again. */
  g_signal_emit_by_name (self->store, "changed", self->session->patient_id);
  self->selected = slot_index (self, view_id, spot);
  gtk_list_box_select_row (self->view_list,
                           gtk_list_box_get_row_at_index (self->view_list, self->selected));
  if (meso_photo_window_get_selected_slot (self) == NULL)
    return;
  /* TRANSLATORS: a file's name, then the view it now shows */
  added = g_strdup_printf (_("%s added as %s"), importing->name,
                           meso_photo_window_get_selected_slot (self)->label);
  meso_photo_window_toast (self, added);
}

/* One import at a time: the next missing view is the one the previous
 * import left missing. */
static void
import_next (MesoPhotoWindow *self)
{
  Importing *importing;

  if (self->importing || (importing = g_queue_pop_head (&self->imports)) == NULL)
    return;
  self->importing = TRUE;
  meso_photo_import_async (self->context, importing->file, self->session->id,
                           importing->view_id, importing->spot,
                           adw_combo_row_get_selected (self->new_consent_row), self->cancellable,
                           on_imported_cb, importing);
}

/* Reads and stores @file in a worker thread; @to_selected: into the
 * selected view, or else into the session's next missing one. */
void
meso_photo_window_import_file (MesoPhotoWindow *self,
             GFile           *file,
             gboolean         to_selected)
{
  Slot *slot = to_selected ? meso_photo_window_get_selected_slot (self) : NULL;
  Importing *importing = g_new0 (Importing, 1);

  importing->self = g_object_ref (self);
  importing->file = g_object_ref (file);
  importing->name = g_file_get_basename (file);
  importing->view_id = slot != NULL ? slot->view_id : 0;
  importing->spot = slot != NULL ? g_strdup (slot->spot) : NULL;
  g_queue_push_tail (&self->imports, importing);
  import_next (self);
}

/* One file goes where the user put it; several fill the missing views. */
static void
import_files (MesoPhotoWindow *self,
              GSList          *files)
{
  gboolean one = files != NULL && files->next == NULL;

  for (GSList *l = files; l != NULL; l = l->next)
    meso_photo_window_import_file (self, l->data, one);
}

static void
on_chooser_response_cb (MesoPhotoWindow      *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GSList) list = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  for (guint i = g_list_model_get_n_items (files); i > 0; i--)
    list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
  import_files (self, list);
  g_slist_free_full (g_steal_pointer (&list), g_object_unref);
}

static void
import_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JPEG and PNG photos"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  gtk_file_filter_add_suffix (filter, "png");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Import Photos"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
on_drop_cb (GtkDropTarget   *target,
            const GValue    *value,
            double           x,
            double           y,
            MesoPhotoWindow *self)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr(GSList) files = list != NULL ? gdk_file_list_get_files (list) : NULL;

  if (files == NULL)
    return FALSE;
  import_files (self, files);
  return TRUE;
}

static void
on_consent_selected_cb (MesoPhotoWindow *self)
{
  g_autoptr(GError) error = NULL;
  MesoPhoto *photo = session_photo (self, meso_photo_window_get_selected_slot (self));
  guint consent = gtk_drop_down_get_selected (self->consent_dropdown);

  if (self->updating || photo == NULL || consent >= MESO_N_PHOTO_CONSENTS ||
      consent == photo->consent)
    return;
  /* Saved, the store's ::changed has the window read it again. */
  if (!meso_photo_store_set_consent (self->store, photo->id, consent, &error))
    {
      meso_photo_window_show_problem (self, error->message);
      gtk_drop_down_set_selected (self->consent_dropdown, photo->consent);
    }
}

/* The photo asked about is the one removed, whatever was selected since. */
static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MesoPhotoWindow  *self)
{
  g_autoptr(GError) error = NULL;
  gint64 photo_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "meso-photo-id"));

  if (g_strcmp0 (response, "remove") != 0 || photo_id == 0)
    return;
  if (!meso_photo_store_remove (self->store, photo_id, &error))
    meso_photo_window_show_problem (self, error->message);
}

static void
remove_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  MesoPhoto *photo = meso_photo_window_get_session_photo (MESO_PHOTO_WINDOW (widget));
  GtkWidget *dialog;

  if (photo == NULL)
    return;
  dialog = meso_confirm_destructive (widget, _("Remove This Photo?"),
                                     _("It leaves the session and its comparisons. The "
                                       "patient’s record keeps it, with who removed it and "
                                       "when."),
                                     "remove", _("_Remove"), G_CALLBACK (on_remove_response_cb),
                                     widget);
  g_object_set_data (G_OBJECT (dialog), "meso-photo-id", GSIZE_TO_POINTER (photo->id));
}

/* The history strip: the selected view in each session, oldest first. */
static void
on_strip_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();

  gtk_widget_set_size_request (picture, 112, 96);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
on_strip_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  MesoPhotoWindow          *self)
{
  MesoPhoto *photo = gtk_list_item_get_item (item);
  GtkWidget *picture = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *label = gtk_widget_get_next_sibling (picture);
  g_autofree char *date = meso_photo_window_format_session (self, photo->session_starts_at);

  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (thumbnail (self, photo)));
  gtk_label_set_text (GTK_LABEL (label), date);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, date,
                                  -1);
}

/* A photo of the course opens Compare, against the first session's. */
static void
on_strip_activate_cb (MesoPhotoWindow *self,
                      guint            position)
{
  if (position == 0 || position >= g_list_model_get_n_items (G_LIST_MODEL (self->history)))
    return;
  gtk_drop_down_set_selected (self->before_dropdown, 0);
  gtk_drop_down_set_selected (self->after_dropdown, position);
  adw_view_stack_set_visible_child_name (self->view_stack, "compare");
}

static void
meso_photo_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, MESO_PHOTO_WINDOW (object)->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_photo_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      MESO_PHOTO_WINDOW (object)->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A photo of the patient (or a view) changed, here or elsewhere. */
static void
on_store_changed_cb (MesoPhotoWindow *self,
                     gint64           patient_id)
{
  if (self->session != NULL && (patient_id == 0 || patient_id == self->session->patient_id))
    reload (self);
}

static void
meso_photo_window_constructed (GObject *object)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (object);

  G_OBJECT_CLASS (meso_photo_window_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_PHOTO_WINDOW, self->context);
  g_return_if_fail (MESO_IS_CONTEXT (self->context));
  self->store = g_object_ref (meso_context_get_photo_store (self->context));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
meso_photo_window_dispose (GObject *object)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->imports, (GDestroyNotify) importing_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PHOTO_WINDOW);
  g_clear_object (&self->chooser);
  g_clear_object (&self->folder);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->history);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_pointer (&self->on_record, g_hash_table_unref);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (meso_photo_window_parent_class)->dispose (object);
}

static void
meso_photo_window_class_init (MesoPhotoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = meso_photo_window_get_property;
  object_class->set_property = meso_photo_window_set_property;
  object_class->constructed = meso_photo_window_constructed;
  object_class->dispose = meso_photo_window_dispose;
  g_type_ensure (MESO_TYPE_WRAP_BOX);
  g_type_ensure (MESO_TYPE_PHOTO_COMPARE);
  g_type_ensure (MESO_TYPE_HAIR_COUNTER);
  g_type_ensure (MESO_TYPE_SCALP_OVERLAY);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-photo-window.ui");
  meso_health_banner_class_bind (widget_class);
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, MesoPhotoWindow, name)
  CHILD (toast_overlay);
  CHILD (switcher_title);
  CHILD (view_stack);
  CHILD (view_list);
  CHILD (new_consent_row);
  CHILD (folder_row);
  CHILD (preview_overlay);
  CHILD (photo_picture);
  CHILD (guide_picture);
  CHILD (empty_page);
  CHILD (import_error_label);
  CHILD (guide_check);
  CHILD (consent_dropdown);
  CHILD (record_check);
  CHILD (count_button);
  CHILD (counter);
  CHILD (count_toolbar);
  CHILD (terminal_button);
  CHILD (count_label);
  CHILD (map_button);
  CHILD (map_overlay);
  CHILD (map_toolbar);
  CHILD (strip);
  CHILD (before_dropdown);
  CHILD (after_dropdown);
  CHILD (side_button);
  CHILD (overlay_button);
  CHILD (wipe_button);
  CHILD (position_adjustment);
  CHILD (position_scale);
  CHILD (align_button);
  CHILD (compare_label);
  CHILD (compare);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "photo-window.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "photo-window.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "photo-window.choose-folder", NULL,
                                   meso_photo_window_choose_folder);
  gtk_widget_class_install_action (widget_class, "photo-window.stop-folder", NULL,
                                   meso_photo_window_stop_folder);
  gtk_widget_class_install_action (widget_class, "photo-window.print-progress", NULL,
                                   meso_photo_window_print_progress);
  gtk_widget_class_install_action (widget_class, "photo-window.print-record", NULL,
                                   meso_photo_window_print_record);
  gtk_widget_class_install_action (widget_class, "photo-window.save-count", NULL,
                                   meso_photo_window_save_count);
  gtk_widget_class_install_action (widget_class, "photo-window.clear-count", NULL,
                                   meso_photo_window_clear_count);
  gtk_widget_class_install_action (widget_class, "photo-window.save-alignment", NULL,
                                   meso_photo_window_save_alignment);
  gtk_widget_class_install_action (widget_class, "photo-window.save-map", NULL,
                                   meso_photo_window_save_map);
  gtk_widget_class_install_action (widget_class, "photo-window.fit-map", NULL,
                                   meso_photo_window_fit_map);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "photo-window.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "photo-window.print-progress", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
meso_photo_window_init (MesoPhotoWindow *self)
{
  g_autoptr(GtkStringList) consents = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->history = g_list_store_new (MESO_TYPE_PHOTO);
  self->thumbnails = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->on_record = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->settings = g_settings_new (APP_ID);

  for (MesoPhotoConsent c = 0; c < MESO_N_PHOTO_CONSENTS; c++)
    gtk_string_list_append (consents, meso_photo_consent_get_label (c));
  adw_combo_row_set_model (self->new_consent_row, G_LIST_MODEL (consents));
  gtk_drop_down_set_model (self->consent_dropdown, G_LIST_MODEL (consents));

  g_signal_connect (factory, "setup", G_CALLBACK (on_strip_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_strip_bind_cb), self);
  gtk_list_view_set_factory (self->strip, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history)));
  gtk_list_view_set_model (self->strip, GTK_SELECTION_MODEL (selection));

  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->preview_overlay), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (self->view_list, "row-selected",
                            G_CALLBACK (on_view_list_row_selected_cb), self);
  g_signal_connect_swapped (self->guide_check, "toggled", G_CALLBACK (show_slot), self);
  g_signal_connect_swapped (self->photo_picture, "notify::paintable",
                            G_CALLBACK (on_photo_shown_cb), self);
  g_signal_connect_swapped (self->consent_dropdown, "notify::selected",
                            G_CALLBACK (on_consent_selected_cb), self);
  g_signal_connect_swapped (self->strip, "activate", G_CALLBACK (on_strip_activate_cb), self);
  meso_photo_window_compare_init (self);
  meso_photo_window_count_init (self);
  meso_photo_window_map_init (self);
  meso_photo_window_print_init (self);
  meso_photo_window_folder_init (self);
}

/**
 * meso_photo_window_new:
 * @session: the session whose photos are taken
 *
 * Returns: (transfer none) (nullable): the window, owned by GTK's list of
 * windows, or %NULL with @error when the photos cannot be read (for one,
 * without the clinical permission).
 */
MesoPhotoWindow *
meso_photo_window_new (GtkWindow        *parent,
                       MesoContext      *context,
                       MesoAppointment  *session,
                       GError          **error)
{
  MesoPhotoWindow *self = g_object_new (MESO_TYPE_PHOTO_WINDOW, "transient-for", parent,
                                        "context", context, NULL);
  g_autoptr(GPtrArray) photos = meso_photo_store_list_patient (self->store, session->patient_id,
                                                               error);
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;

  if (photos == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  self->session = g_object_ref (session);
  when = meso_photo_window_format_session (self, session->starts_at);
  title = g_strdup_printf (_("Photos: %s"), session->patient_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, when);
  reload (self);
  meso_photo_window_take_folder (self);
  return self;
}
