/* meso-window.c: the main window: the app's areas in a view stack, toasts,
 * and this workstation's window state. */
#define G_LOG_DOMAIN "meso-window"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-patients-page.h"
#include "meso-preferences-window.h"
#include "meso-window.h"

struct _MesoWindow
{
  AdwApplicationWindow  parent_instance;

  MesoContext          *context;
  GSettings            *settings;
  MesoPatientsPage     *patients_page;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
};

G_DEFINE_FINAL_TYPE (MesoWindow, meso_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_subtitle (MesoWindow *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  const char *name = meso_clinic_get_text (clinic, MESO_CLINIC_NAME);
  g_autofree char *file = g_path_get_basename (meso_db_get_path (meso_context_get_db (self->context)));
  g_autofree char *subtitle = NULL;

  if (meso_context_is_demo (self->context))
    subtitle = g_strdup_printf (_("%s — demo, sample data"), name);
  else
    subtitle = g_strdup (*name != '\0' ? name : file);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
}

static void
show_toast (MesoWindow *self,
            const char *message,
            guint       timeout)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
window_show_error (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  /* Errors stay until dismissed: the user has to read them. */
  show_toast (MESO_WINDOW (widget), g_variant_get_string (parameter, NULL), 0);
}

static void
window_show_message (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_toast (MESO_WINDOW (widget), g_variant_get_string (parameter, NULL), 3);
}

static void
window_new_patient (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "patients");
  meso_patients_page_new_patient (self->patients_page);
}

static void
window_find_patient (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "patients");
  meso_patients_page_focus_search (self->patients_page);
}

static gboolean
on_preferences_close_request_cb (MesoWindow *self)
{
  update_subtitle (self);   /* the clinic's name may have changed */
  return FALSE;
}

static void
window_preferences (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);
  MesoPreferencesWindow *preferences = meso_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  g_signal_connect_object (preferences, "close-request",
                           G_CALLBACK (on_preferences_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
save_window_state (MesoWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (self->settings, "last-view",
                         adw_view_stack_get_visible_child_name (self->view_stack));
}

static gboolean
meso_window_close_request (GtkWindow *window)
{
  MesoWindow *self = MESO_WINDOW (window);

  save_window_state (self);
  if (meso_patients_page_has_unsaved_changes (self->patients_page))
    {
      meso_patients_page_close_window (self->patients_page);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (meso_window_parent_class)->close_request (window);
}

static void
meso_window_constructed (GObject *object)
{
  MesoWindow *self = MESO_WINDOW (object);
  AdwViewStackPage *page;
  g_autofree char *last_view = NULL;

  G_OBJECT_CLASS (meso_window_parent_class)->constructed (object);

  self->patients_page = meso_patients_page_new (self->context);
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->patients_page),
                                    "patients", _("Patients"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  last_view = g_settings_get_string (self->settings, "last-view");
  if (adw_view_stack_get_child_by_name (self->view_stack, last_view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, last_view);

  update_subtitle (self);
}

static void
meso_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MesoWindow *self = MESO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MesoWindow *self = MESO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_window_dispose (GObject *object)
{
  MesoWindow *self = MESO_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_window_parent_class)->dispose (object);
}

static void
meso_window_class_init (MesoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = meso_window_constructed;
  object_class->get_property = meso_window_get_property;
  object_class->set_property = meso_window_set_property;
  object_class->dispose = meso_window_dispose;
  window_class->close_request = meso_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, window_new_patient);
  gtk_widget_class_install_action (widget_class, "win.find-patient", NULL, window_find_patient);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, window_preferences);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", window_show_error);
  gtk_widget_class_install_action (widget_class, "win.show-message", "s", window_show_message);
}

static void
meso_window_init (MesoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
}

MesoWindow *
meso_window_new (GtkApplication *application,
                 MesoContext    *context)
{
  return g_object_new (MESO_TYPE_WINDOW, "application", application, "context", context, NULL);
}

MesoContext *
meso_window_get_context (MesoWindow *self)
{
  return self->context;
}
