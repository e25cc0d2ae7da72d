/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-settings.c: the Photos page of the preferences. It lists the
 * views every session is photographed in, each with a switch that takes it
 * out of use (its photos stay), and adds views of the clinic's own by
 * name. The core refuses a name another view has; only staff who may change
 * the clinic's settings change them, and the page follows changes made at
 * another workstation. */
#define G_LOG_DOMAIN "meso-photos"

#include <glib/gi18n.h>

#include "meso-photo-settings.h"

struct _MesoPhotoSettings
{
  AdwPreferencesPage   parent_instance;

  MesoContext         *context;
  AdwPreferencesGroup *views_group;
  GPtrArray           *rows;       /* the views' rows, to take out on a reload */
  AdwEntryRow         *name_row;
  guint                reload_source;
};

G_DEFINE_FINAL_TYPE (MesoPhotoSettings, meso_photo_settings, ADW_TYPE_PREFERENCES_PAGE)

static void
show_problem (MesoPhotoSettings *self,
              const char        *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
}

static void queue_reload (MesoPhotoSettings *self);

static void
on_in_use_cb (GtkSwitch         *toggle,
              GParamSpec        *pspec,
              MesoPhotoSettings *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (toggle), "meso-view-id");

  if (!meso_photo_store_archive_view (meso_context_get_photo_store (self->context), id,
                                      !gtk_switch_get_active (toggle), &error))
    {
      show_problem (self, error->message);
      queue_reload (self);
    }
}

static GtkWidget *
view_row (MesoPhotoSettings *self,
          MesoPhotoView     *view)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  gint64 *id = g_new (gint64, 1);

  *id = view->id;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meso_photo_view_get_label (view));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               view->code != NULL ? _("Standard view")
                                                  : _("The clinic’s own view"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), !view->archived);
  g_object_set_data_full (G_OBJECT (toggle), "meso-view-id", id, g_free);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_in_use_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  meso_photo_view_get_label (view), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

/* The views as stored now: after a change here or at another workstation. */
static gboolean
reload (gpointer data)
{
  MesoPhotoSettings *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (
    meso_context_get_photo_store (self->context), TRUE, &error);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->views_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  self->reload_source = 0;
  if (views == NULL)
    {
      show_problem (self, error->message);
      return G_SOURCE_REMOVE;
    }
  for (guint i = 0; i < views->len; i++)
    {
      GtkWidget *row = view_row (self, views->pdata[i]);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->views_group, row);
    }
  return G_SOURCE_REMOVE;
}

/* When idle: a change comes while a row's switch is still emitting. */
static void
queue_reload (MesoPhotoSettings *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload, self);
}

/* Enter, or the row's apply button: the name typed becomes a view; on a
 * refusal it stays there to be corrected. */
static void
on_name_apply_cb (MesoPhotoSettings *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (meso_photo_store_add_view (meso_context_get_photo_store (self->context), name,
                                 &error) == 0)
    {
      show_problem (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
}

static void
meso_photo_settings_dispose (GObject *object)
{
  MesoPhotoSettings *self = MESO_PHOTO_SETTINGS (object);

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (meso_context_get_photo_store (self->context), self);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (meso_photo_settings_parent_class)->dispose (object);
}

static void
meso_photo_settings_class_init (MesoPhotoSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_photo_settings_dispose;
}

static void
meso_photo_settings_init (MesoPhotoSettings *self)
{
  GtkWidget *add_group = adw_preferences_group_new ();

  self->rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Photos"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "camera-photo-symbolic");
  self->views_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->views_group, _("Photo Views"));
  adw_preferences_group_set_description (self->views_group,
    _("Photographed at every session, in this order. A view switched off is no longer "
      "asked for; its photos stay in the record."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->views_group);
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("New view’s name"));
  adw_entry_row_set_show_apply_button (self->name_row, TRUE);
  g_signal_connect_swapped (self->name_row, "apply", G_CALLBACK (on_name_apply_cb), self);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (add_group), _("The Clinic’s Own View"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (add_group),
    _("For a part of the head the standard views leave out, such as the beard. Press Enter to "
      "add it after the others."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->name_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (add_group));
}

/* The page for @context's clinic: changes only for staff who may change
 * the clinic's settings. */
MesoPhotoSettings *
meso_photo_settings_new (MesoContext *context)
{
  MesoPhotoSettings *self = g_object_new (MESO_TYPE_PHOTO_SETTINGS, NULL);

  self->context = g_object_ref (context);
  reload (self);
  g_signal_connect_object (meso_context_get_photo_store (context), "changed",
                           G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self),
                            meso_context_can (context, MESO_PERMISSION_MANAGE_SETTINGS));
  return self;
}
