/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-window-lock.c: the main window's lock. Input in any of Mesodesk's
 * windows keeps the idle lock away, Ctrl+L locks from any of them, and the
 * windows opened from this one are hidden at the lock, then shown again to
 * the same person, or closed (and both people told) when another signs in. */
#define G_LOG_DOMAIN "meso-window"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-window-private.h"

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

void
meso_window_free_weak_ref (gpointer data)
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

static gboolean
lock_cb (gpointer self)
{
  meso_window_lock (self);
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

void
meso_window_on_toplevels_changed_cb (GListModel *toplevels,
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
void
meso_window_close_transient_windows (MesoWindow *self)
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
GPtrArray *
meso_window_take_hidden_windows (MesoWindow *self)
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
void
meso_window_discard_hidden_windows (MesoWindow *self,
                                    MesoStaff  *staff)
{
  g_autoptr(GPtrArray) windows = meso_window_take_hidden_windows (self);
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
void
meso_window_show_hidden_windows (MesoWindow *self)
{
  g_autoptr(GPtrArray) windows = meso_window_take_hidden_windows (self);

  for (guint i = 0; i < windows->len; i++)
    gtk_window_present (g_ptr_array_index (windows, i));
}

/* Hides everything behind the sign-in page. The patient area and the
 * windows opened from this one are kept as they were, unsaved edits
 * included, for the same person to carry on. */
void
meso_window_lock (MesoWindow *self)
{
  if (self->locked)
    return;
  self->locked = TRUE;
  g_object_notify (G_OBJECT (self), "locked");
  meso_idle_timer_stop (self->idle_timer);
  /* Not kept behind the lock: the next sign-in asks again if need be. */
  if (self->new_pin_dialog != NULL)
    gtk_window_destroy (self->new_pin_dialog);
  hide_transient_windows (self);
  meso_staff_store_sign_out (meso_context_get_staff_store (self->context));
  meso_sign_in_page_reset (self->sign_in_page, self->staff);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  meso_window_update_actions (self);
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
gboolean
meso_window_confirm_close_hidden_windows (MesoWindow *self)
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
