/* meso-preferences-window.c: edits the clinic settings stored in the database;
 * each field is saved on its own, and a refused value is explained beside it. */
#define G_LOG_DOMAIN "meso-preferences-window"

#include <glib/gi18n.h>

#include "meso-language.h"
#include "meso-preferences-window.h"
#include "meso-row-error.h"

struct _MesoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  MesoContext          *context;
  GtkFileChooserNative *logo_chooser;
  gboolean              filling;

  /* Template children */
  AdwEntryRow          *name_row;
  AdwEntryRow          *address_row;
  AdwEntryRow          *phone_row;
  AdwActionRow         *logo_row;
  GtkButton            *clear_logo_button;
  GtkButton            *choose_logo_button;
  AdwComboRow          *language_row;
  GtkSpinButton        *session_spin;
};

G_DEFINE_FINAL_TYPE (MesoPreferencesWindow, meso_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static MesoClinicText
row_field (MesoPreferencesWindow *self,
           AdwEntryRow           *row)
{
  if (row == self->name_row)
    return MESO_CLINIC_NAME;
  if (row == self->address_row)
    return MESO_CLINIC_ADDRESS;
  return MESO_CLINIC_PHONE;
}

static void
toast (MesoPreferencesWindow *self,
       const char            *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
update_logo_row (MesoPreferencesWindow *self)
{
  const char *logo = meso_clinic_get_text (meso_context_get_clinic (self->context),
                                           MESO_CLINIC_LOGO_FILE);
  g_autofree char *name = *logo != '\0' ? g_path_get_basename (logo) : NULL;

  adw_action_row_set_subtitle (self->logo_row, name != NULL ? name : _("No logo"));
  gtk_widget_set_visible (GTK_WIDGET (self->clear_logo_button), name != NULL);
}

static void
set_logo (MesoPreferencesWindow *self,
          const char            *path)
{
  g_autoptr(GError) error = NULL;

  if (!meso_clinic_set_text (meso_context_get_clinic (self->context), MESO_CLINIC_LOGO_FILE,
                             path, &error))
    toast (self, error->message);
  update_logo_row (self);
}

static void
on_text_row_apply_cb (MesoPreferencesWindow *self,
                      AdwEntryRow           *row)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  MesoClinicText field = row_field (self, row);
  g_autoptr(GError) error = NULL;

  if (!meso_clinic_set_text (clinic, field, gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      /* Keep what was typed so it can be corrected. */
      meso_row_error_set (row, error->message);
      return;
    }
  meso_row_error_set (row, NULL);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), meso_clinic_get_text (clinic, field));
  self->filling = FALSE;
  toast (self, _("Saved"));
}

static void
on_logo_chooser_response_cb (MesoPreferencesWindow *self,
                             int                    response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->logo_chooser));
      g_autofree char *path = g_file_get_path (file);

      set_logo (self, path);
    }
  g_clear_object (&self->logo_chooser);
}

static void
on_choose_logo_button_clicked_cb (MesoPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  self->logo_chooser = gtk_file_chooser_native_new (_("Choose the Clinic Logo"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                                    _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->logo_chooser), filter);
  g_signal_connect_swapped (self->logo_chooser, "response",
                            G_CALLBACK (on_logo_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->logo_chooser));
}

static void
on_clear_logo_button_clicked_cb (MesoPreferencesWindow *self)
{
  set_logo (self, "");
}

static void
on_language_selected_cb (MesoPreferencesWindow *self)
{
  const char * const *codes = meso_language_codes ();
  guint selected = adw_combo_row_get_selected (self->language_row);
  g_autoptr(GError) error = NULL;

  if (self->filling || selected >= g_strv_length ((char **) codes))
    return;
  if (!meso_clinic_set_text (meso_context_get_clinic (self->context), MESO_CLINIC_LANGUAGE,
                             codes[selected], &error))
    toast (self, error->message);
}

static void
on_session_spin_value_changed_cb (MesoPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  if (!meso_clinic_set_number (meso_context_get_clinic (self->context), MESO_CLINIC_SESSION_MINUTES,
                                        gtk_spin_button_get_value_as_int (self->session_spin),
                                        &error))
    toast (self, error->message);
}

static void
fill (MesoPreferencesWindow *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  const char * const *codes = meso_language_codes ();
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  const char *language = meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), meso_clinic_get_text (clinic, MESO_CLINIC_NAME));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         meso_clinic_get_text (clinic, MESO_CLINIC_ADDRESS));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), meso_clinic_get_text (clinic, MESO_CLINIC_PHONE));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (languages, meso_language_get_name (codes[i]));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], language) == 0)
      adw_combo_row_set_selected (self->language_row, i);
  gtk_spin_button_set_value (self->session_spin, meso_clinic_get_number (clinic, MESO_CLINIC_SESSION_MINUTES));
  update_logo_row (self);
  self->filling = FALSE;
}

static void
meso_preferences_window_dispose (GObject *object)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (object);

  if (self->logo_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->logo_chooser));
  g_clear_object (&self->logo_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_preferences_window_parent_class)->dispose (object);
}

static void
meso_preferences_window_class_init (MesoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, logo_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, clear_logo_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, session_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, choose_logo_button);
}

static void
meso_preferences_window_init (MesoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < 3; i++)
    {
      AdwEntryRow *row = (AdwEntryRow *[]) { self->name_row, self->address_row, self->phone_row }[i];

      meso_row_error_attach (row);
      g_signal_connect_swapped (row, "apply", G_CALLBACK (on_text_row_apply_cb), self);
    }
  g_signal_connect_swapped (self->choose_logo_button, "clicked",
                            G_CALLBACK (on_choose_logo_button_clicked_cb), self);
  g_signal_connect_swapped (self->clear_logo_button, "clicked",
                            G_CALLBACK (on_clear_logo_button_clicked_cb), self);
  g_signal_connect_swapped (self->session_spin, "value-changed",
                            G_CALLBACK (on_session_spin_value_changed_cb), self);
}

MesoPreferencesWindow *
meso_preferences_window_new (MesoContext *context)
{
  MesoPreferencesWindow *self = g_object_new (MESO_TYPE_PREFERENCES_WINDOW, NULL);

  self->context = g_object_ref (context);
  fill (self);
  g_signal_connect_swapped (self->language_row, "notify::selected",
                            G_CALLBACK (on_language_selected_cb), self);
  return self;
}
