/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-window.c: the main window: the app's areas in a view stack, toasts,
 * and this workstation's window state. */
#define G_LOG_DOMAIN "meso-window"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-backup.h"
#include "meso-calendar-page.h"
#include "meso-health-banner.h"
#include "meso-idle-timer.h"
#include "meso-new-pin-dialog.h"
#include "meso-patients-page.h"
#include "meso-today-page.h"
#include "meso-preferences-window.h"
#include "meso-stock-window.h"
#include "meso-sign-in-page.h"
#include "meso-window.h"

/* How often to look whether today's backup is still to be made. */
#define BACKUP_CHECK_SECONDS 3600

struct _MesoWindow
{
  AdwApplicationWindow  parent_instance;

  MesoContext          *context;
  GSettings            *settings;
  MesoPatientsPage     *patients_page;   /* made for each person who signs in */
  MesoCalendarPage     *calendar_page;
  MesoTodayPage        *today_page;
  AdwViewStackPage     *today_stack_page;
  MesoNotifier         *notifier;
  GBinding             *notifier_locked;  /* this window's lock, told to the notifier */
  gint64                reminder_to_open; /* asked for while locked: opened at sign-in */
  gboolean              open_reminder_at_sign_in;
  MesoSignInPage       *sign_in_page;
  MesoStaff            *staff;           /* signed in, or last signed in while locked */
  gboolean              locked;
  gboolean              close_confirmed; /* losing the work hidden behind the lock */
  MesoIdleTimer        *idle_timer;
  GtkWindow            *new_pin_dialog;  /* while an outdated PIN must be replaced */
  GPtrArray            *hidden;          /* of GWeakRef: windows hidden by the lock, in
                                          * stacking order, the one in use last */
  GHashTable           *discarded;       /* staff id -> what of theirs was closed */
  guint                 backup_source;
  GCancellable         *cancellable;
  AdwToast             *toast;           /* the result shown now, if any */
  gint64                toast_added_at;  /* monotonic */
  char                 *next_toast;      /* waiting for the current one to settle */
  guint                 next_toast_timeout;
  guint                 next_toast_source;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  MesoHealthBanner     *sign_in_banner;
  MesoHealthBanner     *work_banner;
  GtkBox               *sign_in_box;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkLabel             *user_label;
};

G_DEFINE_FINAL_TYPE (MesoWindow, meso_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOCKED,
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

/* How long a result stays: an error is read more slowly than a success. */
#define MESSAGE_TIMEOUT_S 4
#define ERROR_TIMEOUT_S   10

static void
on_toast_dismissed_cb (MesoWindow *self,
                       AdwToast   *toast)
{
  if (self->toast == toast)
    self->toast = NULL;
}

static void
replace_toast (MesoWindow *self,
               const char *message,
               guint       timeout)
{
  /* Toast titles are markup; messages are plain text. */
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_timeout (toast, timeout);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  self->toast = toast;
  self->toast_added_at = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
show_next_toast_cb (gpointer user_data)
{
  MesoWindow *self = user_data;
  g_autofree char *message = g_steal_pointer (&self->next_toast);

  self->next_toast_source = 0;
  replace_toast (self, message, self->next_toast_timeout);
  return G_SOURCE_REMOVE;
}

/* libadwaita 1.2 frees a toast dismissed during its entrance animation
 * (up to 500 ms) while that animation still runs: let it settle first. */
#define TOAST_SETTLE_US (600 * G_TIME_SPAN_MILLISECOND)

/* Each result replaces the one before: a "saved" queued behind an old "not
 * saved" would say the opposite of what happened. Every toast times out;
 * errors that belong to a field stay beside it, the toast only reports. */
static void
show_toast (MesoWindow *self,
            const char *message,
            guint       timeout)
{
  gint64 settled_at = self->toast_added_at + TOAST_SETTLE_US;
  gint64 now = g_get_monotonic_time ();

  if (self->toast == NULL || now >= settled_at)
    {
      replace_toast (self, message, timeout);
      return;
    }
  g_free (self->next_toast);
  self->next_toast = g_strdup (message);
  self->next_toast_timeout = timeout;
  if (self->next_toast_source == 0)
    self->next_toast_source = g_timeout_add ((settled_at - now) / 1000 + 1, show_next_toast_cb,
                                             self);
}

static void
window_show_error (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_toast (MESO_WINDOW (widget), g_variant_get_string (parameter, NULL), ERROR_TIMEOUT_S);
}

static void
window_show_message (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_toast (MESO_WINDOW (widget), g_variant_get_string (parameter, NULL), MESSAGE_TIMEOUT_S);
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

static gint64
lock_limit (MesoWindow *self)
{
  return (gint64) meso_clinic_get_number (meso_context_get_clinic (self->context),
                                          MESO_CLINIC_LOCK_MINUTES) * 60 * G_USEC_PER_SEC;
}

static gboolean
on_preferences_close_request_cb (MesoWindow *self)
{
  update_subtitle (self);   /* the clinic's name may have changed */
  if (meso_idle_timer_is_running (self->idle_timer))
    meso_idle_timer_set_limit (self->idle_timer, lock_limit (self));   /* and the lock time */
  return FALSE;
}

static MesoPreferencesWindow *
open_preferences (MesoWindow *self)
{
  MesoPreferencesWindow *preferences = meso_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  g_signal_connect_object (preferences, "close-request",
                           G_CALLBACK (on_preferences_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

static void
window_preferences (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_preferences (MESO_WINDOW (widget));
}

/* The damaged-database banner's way out, on the preferences' backup page
 * where a restore is made. */
static void
window_restore_latest_backup (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  meso_preferences_window_restore_latest (open_preferences (MESO_WINDOW (widget)));
}

static void
window_stock (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  MesoStockWindow *stock = meso_stock_window_new (GTK_WINDOW (self), self->context, &error);

  if (stock == NULL)
    show_toast (self, error->message, ERROR_TIMEOUT_S);
  else
    gtk_window_present (GTK_WINDOW (stock));
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
  if (adw_view_stack_get_visible_child_name (self->view_stack) != NULL)
    g_settings_set_string (self->settings, "last-view",
                           adw_view_stack_get_visible_child_name (self->view_stack));
}

static void
update_actions (MesoWindow *self)
{
  gboolean working = !self->locked && self->staff != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-patient", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-patient", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stock",
                                 working && meso_staff_can (self->staff,
                                                            MESO_PERMISSION_WRITE_CLINICAL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences",
                                 working && meso_staff_can (self->staff,
                                                            MESO_PERMISSION_MANAGE_SETTINGS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-latest-backup",
                                 working &&
                                 meso_staff_can (self->staff, MESO_PERMISSION_MANAGE_SETTINGS) &&
                                 meso_staff_can (self->staff, MESO_PERMISSION_MANAGE_BACKUPS) &&
                                 meso_db_get_health (meso_context_get_db (self->context)) ==
                                 MESO_DB_HEALTH_DAMAGED);
}

static void
on_backup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = meso_backup_write_rotated_finish (result, &error);
  MesoWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_WINDOW (user_data);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Today’s backup failed: %s"), error->message);
      show_toast (self, message, ERROR_TIMEOUT_S);
    }
  else
    g_debug ("Backup written to %s", path);
}

/* The automatic daily backup, in a worker thread while the clinic works. */
static gboolean
back_up_if_due (gpointer user_data)
{
  MesoWindow *self = user_data;
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autofree char *folder = meso_clinic_dup_backup_folder (clinic);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  MesoBackupPolicy policy = meso_clinic_get_backup_policy (clinic);

  /* A copy of damage would fail its check anyway; and rotation must not
   * make room by deleting the good backups. */
  if (meso_db_get_health (meso_context_get_db (self->context)) == MESO_DB_HEALTH_DAMAGED)
    return G_SOURCE_CONTINUE;
  if (meso_backup_is_due (folder, now))
    meso_backup_write_rotated_async (meso_db_get_path (meso_context_get_db (self->context)),
                                     folder, now, &policy, self->cancellable, on_backup_done_cb,
                                     self);
  return G_SOURCE_CONTINUE;
}

/* Backups killed before they were verified leave full-size hidden copies
 * that rotation never sees: at start, none of this process's is running. */
static void
clean_partial_backups (MesoWindow *self)
{
  g_autofree char *folder = meso_clinic_dup_backup_folder (meso_context_get_clinic (self->context));
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  guint n_removed = meso_backup_clean_partials (folder, now);

  if (n_removed > 0)
    g_debug ("Removed %u partial backups in %s", n_removed, folder);
}

/* What a person does, not what the window system does around them (a
 * pointer crossing into a window that appeared under it, a focus change). */
static gboolean
is_user_input (GdkEvent *event)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Input in any of Mesodesk's windows means someone is at the workstation:
 * a physician grading the scalp map is not idle because the main window
 * gets no keys. */
static gboolean
on_any_input_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event)
{
  GListModel *toplevels;

  if (!is_user_input (event))
    return GDK_EVENT_PROPAGATE;
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MESO_IS_WINDOW (window) && MESO_WINDOW (window)->idle_timer != NULL)
        meso_idle_timer_touch (MESO_WINDOW (window)->idle_timer);
    }
  return GDK_EVENT_PROPAGATE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The main window @window was opened from, directly or through others,
 * remembered once known: closing the appointment a scalp map was opened
 * from leaves the map with no transient parent, but it is still that main
 * window's to hide at the lock. Kept only to compare, never followed. */
static void
on_transient_for_changed_cb (GtkWindow *window)
{
  GtkWindow *root = window;

  for (GtkWindow *parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    root = parent;
  if (root != window && MESO_IS_WINDOW (root))
    g_object_set_data (G_OBJECT (window), "meso-main-window", root);
}

/* Whether @window was opened from @self, directly or from a window opened
 * from it (the composer, from an appointment). */
static gboolean
opened_from (GtkWindow  *window,
             MesoWindow *self)
{
  return !MESO_IS_WINDOW (window) &&
         g_object_get_data (G_OBJECT (window), "meso-main-window") == self;
}

/* Returns: (transfer none) (nullable): the open main window that @window
 * is or was opened from. */
static MesoWindow *
find_main_window (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (MESO_IS_WINDOW (window))
    return MESO_WINDOW (window);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (MESO_IS_WINDOW (toplevel) && opened_from (window, MESO_WINDOW (toplevel)))
        return MESO_WINDOW (toplevel);
    }
  return NULL;
}

static void lock (MesoWindow *self);

static gboolean
lock_cb (gpointer self)
{
  lock (self);
  return G_SOURCE_REMOVE;
}

/* Ctrl+L locks from any window, a modal appointment dialog included: the
 * main window's own shortcut cannot be reached from there. */
static gboolean
lock_from_any_window_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  MesoWindow *main_window = find_main_window (GTK_WINDOW (widget));

  if (main_window == NULL || main_window->locked || main_window->staff == NULL)
    return FALSE;
  /* Not while this window is still handling the key it is hidden by. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, lock_cb, g_object_ref (main_window), g_object_unref);
  return TRUE;
}

/* One watcher per window of the process, whichever main window adds it. */
static void
watch_input (GtkWindow *window)
{
  GtkEventController *input;
  GtkEventController *shortcuts;

  if (g_object_get_data (G_OBJECT (window), "meso-input-watched") != NULL)
    return;
  g_object_set_data (G_OBJECT (window), "meso-input-watched", GINT_TO_POINTER (TRUE));
  input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect (input, "event", G_CALLBACK (on_any_input_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), input);

  g_signal_connect (window, "notify::transient-for", G_CALLBACK (on_transient_for_changed_cb),
                    NULL);
  on_transient_for_changed_cb (window);
  if (!MESO_IS_WINDOW (window))
    {
      shortcuts = gtk_shortcut_controller_new ();
      gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
      gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (shortcuts),
        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                          gtk_callback_action_new (lock_from_any_window_cb, NULL, NULL)));
      gtk_widget_add_controller (GTK_WIDGET (window), shortcuts);
    }
}

static void
on_toplevels_changed_cb (GListModel *toplevels,
                         guint       position,
                         guint       removed,
                         guint       added,
                         gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      watch_input (window);
    }
}

/* Returns: (transfer full): the windows opened from this one that are
 * still open, shown or hidden, in stacking order (each opens above the
 * one it was opened from). */
static GPtrArray *
list_transient_windows (MesoWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *window = g_list_model_get_item (toplevels, i);

      if (opened_from (window, self))
        g_ptr_array_add (windows, window);
      else
        g_object_unref (window);
    }
  return windows;
}

/* Windows opened from this one (preferences, history, a session's map and
 * cocktail) show data: they close when the data goes away. */
static void
close_transient_windows (MesoWindow *self)
{
  g_autoptr(GPtrArray) windows = list_transient_windows (self);

  g_ptr_array_set_size (self->hidden, 0);
  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
}

/* Hides the windows opened from this one, unsaved work and all, until the
 * same person signs in again. Hidden, they are unmapped: no key or click
 * can reach them. The window in use is listed last, to get the focus back. */
static void
hide_transient_windows (MesoWindow *self)
{
  g_autoptr(GPtrArray) windows = list_transient_windows (self);
  GtkWindow *in_use = NULL;

  for (guint i = 0; i < windows->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (windows, i);

      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;   /* a file chooser's dialog kept for next time, say */
      if (gtk_window_is_active (window))
        in_use = window;
      else
        {
          GWeakRef *ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (ref, window);
          g_ptr_array_add (self->hidden, ref);
        }
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
    }
  if (in_use != NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, in_use);
      g_ptr_array_add (self->hidden, ref);
    }
}

/* Returns: (transfer container): the hidden windows still open. */
static GPtrArray *
list_hidden_windows (MesoWindow *self)
{
  GPtrArray *windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->hidden->len; i++)
    {
      GtkWindow *window = g_weak_ref_get (g_ptr_array_index (self->hidden, i));

      if (window != NULL)
        g_ptr_array_add (windows, window);
    }
  return windows;
}

/* Returns: (transfer container): the hidden windows still open; they are
 * the caller's to show or close. */
static GPtrArray *
take_hidden_windows (MesoWindow *self)
{
  GPtrArray *windows = list_hidden_windows (self);

  g_ptr_array_set_size (self->hidden, 0);
  return windows;
}

/* The title in @root's header bar, if it has one. */
static AdwWindowTitle *
find_window_title (GtkWidget *root)
{
  if (ADW_IS_WINDOW_TITLE (root))
    return ADW_WINDOW_TITLE (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwWindowTitle *found = find_window_title (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The title a person knows a window by: its own, or its header's (an
 * appointment's dialog has only the latter). */
static char *
dup_window_title (GtkWindow *window)
{
  const char *title = gtk_window_get_title (window);
  AdwWindowTitle *header = NULL;

  if (title == NULL || *title == '\0')
    {
      header = find_window_title (GTK_WIDGET (window));
      title = header != NULL ? adw_window_title_get_title (header) : NULL;
    }
  return g_strdup (title != NULL && *title != '\0' ? title : _("Untitled window"));
}

/* “A”, “A and B”, “A, B and C”: the titles of @windows, each quoted. */
static char *
dup_title_list (GPtrArray *windows)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < windows->len; i++)
    {
      g_autofree char *title = dup_window_title (g_ptr_array_index (windows, i));

      /* Translators: between the window titles of a list, and before the last one. */
      if (i > 0)
        g_string_append (list, i + 1 == windows->len ? _(" and ") : _(", "));
      /* Translators: a window's title, quoted in a sentence. */
      g_string_append_printf (list, _("“%s”"), title);
    }
  return g_string_free (list, FALSE);
}

/* Someone else signed in: the windows hidden for the last person close,
 * and both are told, the one signing in now and the last one when they
 * next sign in. Their work is not another person's to see or to save. */
static void
discard_hidden_windows (MesoWindow *self,
                        MesoStaff  *staff)
{
  g_autoptr(GPtrArray) windows = take_hidden_windows (self);
  g_autofree char *titles = NULL;
  g_autofree char *body = NULL;
  gint64 *author;
  AdwMessageDialog *dialog;

  if (windows->len == 0 || self->staff == NULL)
    return;
  titles = dup_title_list (windows);
  author = g_new (gint64, 1);
  *author = meso_staff_get_id (self->staff);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s left %s open when the workstation locked. It was "
                                       "closed: anything not saved in it is lost.",
                                       "%s left %s open when the workstation locked. They were "
                                       "closed: anything not saved in them is lost.",
                                       windows->len),
                          meso_staff_get_display_name (self->staff), titles);
  g_hash_table_insert (self->discarded, author,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "You left %s open when the workstation "
                                                     "locked. It was closed when %s signed in: "
                                                     "anything not saved in it is lost.",
                                                     "You left %s open when the workstation "
                                                     "locked. They were closed when %s signed "
                                                     "in: anything not saved in them is lost.",
                                                     windows->len),
                                        titles, meso_staff_get_display_name (staff)));
  for (guint i = windows->len; i > 0; i--)
    gtk_window_destroy (g_ptr_array_index (windows, i - 1));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Unsaved Work Was Discarded"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The same person is back: their windows come back as they were left. */
static void
show_hidden_windows (MesoWindow *self)
{
  g_autoptr(GPtrArray) windows = take_hidden_windows (self);

  for (guint i = 0; i < windows->len; i++)
    gtk_window_present (g_ptr_array_index (windows, i));
}

/* Hides everything behind the sign-in page. The patient area and the
 * windows opened from this one are kept as they were, unsaved edits
 * included, for the same person to carry on. */
static void
lock (MesoWindow *self)
{
  if (self->locked)
    return;
  self->locked = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  meso_idle_timer_stop (self->idle_timer);
  /* Not kept behind the lock: the next sign-in asks again if need be. */
  if (self->new_pin_dialog != NULL)
    gtk_window_destroy (self->new_pin_dialog);
  hide_transient_windows (self);
  meso_staff_store_sign_out (meso_context_get_staff_store (self->context));
  meso_sign_in_page_reset (self->sign_in_page, self->staff);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  update_actions (self);
  /* The keys typed next are a PIN: they go to this window, not to one
   * that was behind the window just hidden. */
  gtk_window_present (GTK_WINDOW (self));
}

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_close_confirmed_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MesoWindow       *self)
{
  if (g_strcmp0 (response, "close") != 0)
    return;
  self->close_confirmed = TRUE;
  /* Once the dialog, which belongs to this window, is done with its signal. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_cb, g_object_ref (self), g_object_unref);
}

/* Closing while windows are hidden behind the lock closes them too: not
 * without saying whose work that loses, and a way back to save it. */
static gboolean
confirm_close_hidden_windows (MesoWindow *self)
{
  g_autoptr(GPtrArray) windows = list_hidden_windows (self);
  g_autofree char *titles = NULL;
  AdwMessageDialog *dialog;

  if (windows->len == 0 || self->staff == NULL || self->close_confirmed)
    return FALSE;
  titles = dup_title_list (windows);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Discard Unsaved Work?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%s left %s open when the workstation locked. "
                                               "Closing now closes it as well, and anything not "
                                               "saved in it is lost. Cancel, and %s can sign in "
                                               "to save it.",
                                               "%s left %s open when the workstation locked. "
                                               "Closing now closes them as well, and anything not "
                                               "saved in them is lost. Cancel, and %s can sign in "
                                               "to save it.",
                                               windows->len),
                                  meso_staff_get_display_name (self->staff), titles,
                                  meso_staff_get_display_name (self->staff));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "close", _("_Close and Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
meso_window_close_request (GtkWindow *window)
{
  MesoWindow *self = MESO_WINDOW (window);

  save_window_state (self);
  if (self->patients_page != NULL && !self->locked &&
      meso_patients_page_has_unsaved_changes (self->patients_page))
    {
      meso_patients_page_close_window (self->patients_page);
      return TRUE;
    }
  if (confirm_close_hidden_windows (self))
    return TRUE;
  return GTK_WINDOW_CLASS (meso_window_parent_class)->close_request (window);
}

/* After a restore: this window's connection and caches belong to the data
 * that was replaced, so the database is opened afresh in a new window. */
static void
window_reopen_database (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GVariant *target = g_variant_new ("(sb)", meso_db_get_path (meso_context_get_db (self->context)),
                                    meso_context_is_demo (self->context));

  g_return_if_fail (app != NULL);
  g_application_hold (app);
  close_transient_windows (self);
  gtk_window_destroy (GTK_WINDOW (self));
  g_action_group_activate_action (G_ACTION_GROUP (app), "reopen-database", target);
  g_application_release (app);
}

static void
window_lock (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  lock (MESO_WINDOW (widget));
}

static gboolean
notifications_available (MesoWindow *self)
{
  return self->notifier == NULL || meso_notifier_get_server_available (self->notifier);
}

/* Today's badge counts the reminders due and not done; it asks for
 * attention when no notification server showed them. */
static void
update_badge (MesoWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 due;

  if (self->today_stack_page == NULL)
    return;
  due = meso_reminders_count_due (meso_context_get_reminders (self->context), &error);
  if (due < 0)
    {
      show_toast (self, error->message, ERROR_TIMEOUT_S);
      return;
    }
  adw_view_stack_page_set_badge_number (self->today_stack_page, (guint) due);
  adw_view_stack_page_set_needs_attention (self->today_stack_page,
                                           due > 0 && !notifications_available (self));
}

/* Shows what reminder @id is about: its appointment, its patient, or the
 * stock; 0 shows Today. While locked, it waits for someone to sign in. */
static void
open_reminder (MesoWindow *self,
               gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoReminder) reminder = NULL;

  if (self->locked || self->staff == NULL)
    {
      self->reminder_to_open = id;
      self->open_reminder_at_sign_in = TRUE;
      return;
    }
  if (id == 0)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "today");
      return;
    }
  reminder = meso_reminders_load (meso_context_get_reminders (self->context), id, &error);
  if (reminder == NULL)
    {
      show_toast (self, error->message, ERROR_TIMEOUT_S);
      return;
    }
  switch (meso_reminder_kind_get_target (reminder->kind))
    {
    case MESO_REMINDER_OPENS_STOCK:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.stock", NULL);
      break;
    case MESO_REMINDER_OPENS_APPOINTMENT:
      adw_view_stack_set_visible_child_name (self->view_stack, "calendar");
      meso_calendar_page_open_appointment (self->calendar_page, reminder->appointment_id);
      break;
    case MESO_REMINDER_OPENS_PATIENT:
    default:
      adw_view_stack_set_visible_child_name (self->view_stack, "patients");
      meso_patients_page_show_patient (self->patients_page, reminder->patient_id);
      break;
    }
}

static void
window_open_reminder (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_reminder (MESO_WINDOW (widget), g_variant_get_int64 (parameter));
}

/* A fresh patient area for whoever signed in: what it shows depends on
 * their role. Another person's unsaved edits are not theirs to see. */
static void
make_work_pages (MesoWindow *self)
{
  AdwViewStackPage *page;

  if (self->patients_page != NULL)
    {
      if (meso_patients_page_has_unsaved_changes (self->patients_page))
        {
          g_autofree char *message =
            g_strdup_printf (_("%s’s unsaved changes were discarded when you signed in."),
                             meso_staff_get_display_name (self->staff));
          show_toast (self, message, ERROR_TIMEOUT_S);
        }
      adw_view_stack_remove (self->view_stack, GTK_WIDGET (self->today_page));
      adw_view_stack_remove (self->view_stack, GTK_WIDGET (self->patients_page));
      adw_view_stack_remove (self->view_stack, GTK_WIDGET (self->calendar_page));
    }
  self->today_page = meso_today_page_new (self->context);
  meso_today_page_set_notifications_available (self->today_page, notifications_available (self));
  self->today_stack_page = adw_view_stack_add_titled (self->view_stack,
                                                      GTK_WIDGET (self->today_page), "today",
                                                      _("Today"));
  adw_view_stack_page_set_icon_name (self->today_stack_page, "task-due-symbolic");
  update_badge (self);
  self->calendar_page = meso_calendar_page_new (self->context);
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->calendar_page),
                                    "calendar", _("Calendar"));
  adw_view_stack_page_set_icon_name (page, "x-office-calendar-symbolic");
  self->patients_page = meso_patients_page_new (self->context);
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->patients_page),
                                    "patients", _("Patients"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
}

static void
on_signed_in_cb (MesoWindow *self,
                 MesoStaff  *staff)
{
  g_autofree char *last_view = g_settings_get_string (self->settings, "last-view");
  gint64 id = meso_staff_get_id (staff);
  gboolean same_person = self->staff != NULL && meso_staff_get_id (self->staff) == id;
  g_autofree char *discarded = NULL;
  g_autofree gpointer discarded_id = NULL;

  if (self->patients_page == NULL || !same_person)
    make_work_pages (self);
  if (!same_person)
    discard_hidden_windows (self, staff);
  g_set_object (&self->staff, staff);
  self->locked = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  gtk_label_set_text (self->user_label, meso_staff_get_display_name (staff));
  gtk_stack_set_visible_child_name (self->main_stack, "work");
  if (!same_person && adw_view_stack_get_child_by_name (self->view_stack, last_view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, last_view);
  update_actions (self);

  meso_idle_timer_start (self->idle_timer, lock_limit (self));
  if (same_person)
    show_hidden_windows (self);
  /* Told once, the first time they are back. */
  if (g_hash_table_steal_extended (self->discarded, &id, &discarded_id, (gpointer *) &discarded))
    show_toast (self, discarded, 0);
  if (self->open_reminder_at_sign_in)
    open_reminder (self, self->reminder_to_open);
  self->open_reminder_at_sign_in = FALSE;

  /* A PIN set before the rules were stricter is replaced before any work. */
  if (meso_staff_store_get_pin_outdated (meso_context_get_staff_store (self->context)) &&
      self->new_pin_dialog == NULL)
    {
      self->new_pin_dialog = GTK_WINDOW (meso_new_pin_dialog_new (self->context, staff));
      g_object_add_weak_pointer (G_OBJECT (self->new_pin_dialog),
                                 (gpointer *) &self->new_pin_dialog);
      gtk_window_set_transient_for (self->new_pin_dialog, GTK_WINDOW (self));
      gtk_window_present (self->new_pin_dialog);
    }
}

static void
meso_window_constructed (GObject *object)
{
  MesoWindow *self = MESO_WINDOW (object);

  G_OBJECT_CLASS (meso_window_parent_class)->constructed (object);

  self->sign_in_page = meso_sign_in_page_new (self->context);
  gtk_widget_set_vexpand (GTK_WIDGET (self->sign_in_page), TRUE);
  gtk_box_append (self->sign_in_box, GTK_WIDGET (self->sign_in_page));
  g_signal_connect_swapped (self->sign_in_page, "signed-in", G_CALLBACK (on_signed_in_cb), self);
  self->locked = TRUE;
  update_actions (self);
  /* Below each page's header bar. */
  meso_health_banner_set_db (self->sign_in_banner, meso_context_get_db (self->context));
  meso_health_banner_set_db (self->work_banner, meso_context_get_db (self->context));
  g_signal_connect_object (meso_context_get_db (self->context), "notify::health",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  update_subtitle (self);
  g_signal_connect_object (meso_context_get_reminders (self->context), "changed",
                           G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);

  clean_partial_backups (self);
  back_up_if_due (self);
  self->backup_source = g_timeout_add_seconds (BACKUP_CHECK_SECONDS, back_up_if_due, self);
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
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
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

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->backup_source, g_source_remove);
  g_clear_handle_id (&self->next_toast_source, g_source_remove);
  g_clear_pointer (&self->next_toast, g_free);
  if (self->idle_timer != NULL)
    meso_idle_timer_stop (self->idle_timer);
  if (self->new_pin_dialog != NULL)
    {
      GtkWindow *dialog = self->new_pin_dialog;

      g_clear_weak_pointer (&self->new_pin_dialog);
      gtk_window_destroy (dialog);
    }
  /* Hidden behind the lock, they would stay open for nobody to see. */
  if (self->hidden != NULL)
    {
      g_autoptr(GPtrArray) hidden = take_hidden_windows (self);

      for (guint i = hidden->len; i > 0; i--)
        gtk_window_destroy (g_ptr_array_index (hidden, i - 1));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->idle_timer);
  g_clear_pointer (&self->hidden, g_ptr_array_unref);
  g_clear_pointer (&self->discarded, g_hash_table_unref);
  g_clear_object (&self->staff);
  /* The reminders may run on in the background: for nobody, from now. */
  if (self->notifier != NULL)
    {
      if (!self->locked)
        meso_staff_store_sign_out (meso_context_get_staff_store (self->context));
      g_signal_handlers_disconnect_by_data (self->notifier, self);
      g_binding_unbind (self->notifier_locked);
      g_clear_object (&self->notifier_locked);
      meso_notifier_set_locked (self->notifier, TRUE);
    }
  g_clear_object (&self->notifier);
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
  /**
   * MesoWindow:locked:
   *
   * Whether the sign-in page hides the work: nobody is signed in here.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MESO_TYPE_HEALTH_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, sign_in_banner);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, work_banner);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, sign_in_box);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, user_label);

  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, window_new_patient);
  gtk_widget_class_install_action (widget_class, "win.find-patient", NULL, window_find_patient);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, window_preferences);
  gtk_widget_class_install_action (widget_class, "win.restore-latest-backup", NULL,
                                   window_restore_latest_backup);
  gtk_widget_class_install_action (widget_class, "win.stock", NULL, window_stock);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, window_lock);
  gtk_widget_class_install_action (widget_class, "win.reopen-database", NULL,
                                   window_reopen_database);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", window_show_error);
  gtk_widget_class_install_action (widget_class, "win.show-message", "s", window_show_message);
  gtk_widget_class_install_action (widget_class, "win.open-reminder", "x", window_open_reminder);
}

static void
meso_window_init (MesoWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->idle_timer = meso_idle_timer_new ();
  g_signal_connect_object (self->idle_timer, "expired", G_CALLBACK (lock), self,
                           G_CONNECT_SWAPPED);
  self->hidden = g_ptr_array_new_with_free_func (free_weak_ref);
  self->discarded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  /* Any key, click or pointer move in any window, this one's and those
   * opened later, counts as someone at the workstation. */
  on_toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
  g_signal_connect_object (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed_cb), self,
                           0);
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

static void
on_server_available_changed_cb (MesoWindow *self)
{
  gboolean available = notifications_available (self);

  if (self->today_page != NULL)
    meso_today_page_set_notifications_available (self->today_page, available);
  update_badge (self);
  if (!available)
    show_toast (self, _("Desktop notifications are not available: reminders are listed under "
                        "Today."), ERROR_TIMEOUT_S);
}

/* Shows whether @notifier reached a notification server; reminders open
 * here when its notifications are clicked. */
void
meso_window_set_notifier (MesoWindow   *self,
                          MesoNotifier *notifier)
{
  g_return_if_fail (meso_notifier_get_context (notifier) == self->context);

  if (!g_set_object (&self->notifier, notifier))
    return;
  g_signal_connect_object (notifier, "notify::server-available",
                           G_CALLBACK (on_server_available_changed_cb), self, G_CONNECT_SWAPPED);
  /* Notifications name patients only while someone is signed in here. */
  if (self->notifier_locked != NULL)
    g_binding_unbind (self->notifier_locked);
  g_clear_object (&self->notifier_locked);
  /* Held, so that unbinding never meets a binding freed with its target. */
  self->notifier_locked = g_object_ref (g_object_bind_property (self, "locked", notifier,
                                                                "locked", G_BINDING_SYNC_CREATE));
  if (!notifications_available (self))
    on_server_available_changed_cb (self);
}

/**
 * meso_window_get_idle_timer:
 *
 * Returns: (transfer none): the timer that locks this window when the
 * workstation is left alone; tests advance it.
 */
MesoIdleTimer *
meso_window_get_idle_timer (MesoWindow *self)
{
  g_return_val_if_fail (MESO_IS_WINDOW (self), NULL);

  return self->idle_timer;
}
