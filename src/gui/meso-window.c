/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-window.c: the main window: the app's areas in a view stack, toasts,
 * and this workstation's window state. The lock, and the windows hidden
 * behind it, are in meso-window-lock.c. */
#define G_LOG_DOMAIN "meso-window"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-backup.h"
#include "meso-backup-passphrase.h"
#include "meso-calendar-page.h"
#include "meso-health-banner.h"
#include "meso-idle-timer.h"
#include "meso-new-pin-dialog.h"
#include "meso-patients-page.h"
#include "meso-today-page.h"
#include "meso-import-window.h"
#include "meso-outbox-window.h"
#include "meso-passphrase.h"
#include "meso-stock-window.h"
#include "meso-sign-in-page.h"
#include "meso-window-private.h"

/* How often to look whether today's backup is still to be made. */
#define BACKUP_CHECK_SECONDS 3600
/* The first look comes ten minutes after the first frame: the copy and its
 * check read the whole file (a minute or more for a large clinic) and,
 * even at idle priority, fill the page cache with it; by then the day's
 * first sign-ins, searches and bookings are done. The hourly looks after
 * it still make the day's backup if the window opened before its time. */
#define BACKUP_DELAY_SECONDS (10 * 60)

G_DEFINE_FINAL_TYPE (MesoWindow, meso_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
meso_window_update_subtitle (MesoWindow *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  const char *name = meso_clinic_get_text (clinic, MESO_CLINIC_NAME);
  g_autofree char *file = g_path_get_basename (meso_context_get_path (self->context));
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
               AdwToast   *toast)
{
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  self->toast = toast;
  self->toast_added_at = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* How long a toast stays before the next replaces it: long enough to be
 * read, so that a background failure does not wipe out the result of what
 * the user just did; and libadwaita 1.2 frees a toast dismissed during its
 * entrance animation (up to 500 ms) while that animation still runs. */
#define TOAST_MIN_SHOWN_US (1500 * G_TIME_SPAN_MILLISECOND)

static gboolean
show_next_toast_cb (gpointer user_data)
{
  MesoWindow *self = user_data;

  self->next_toast_source = 0;
  replace_toast (self, g_queue_pop_head (&self->next_toasts));
  if (!g_queue_is_empty (&self->next_toasts))
    self->next_toast_source = g_timeout_add (TOAST_MIN_SHOWN_US / 1000, show_next_toast_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
toast_says (AdwToast *toast,
            AdwToast *other)
{
  return other != NULL && adw_toast_get_button_label (toast) == NULL &&
         g_strcmp0 (adw_toast_get_title (toast), adw_toast_get_title (other)) == 0;
}

/**
 * meso_window_add_toast:
 * @toast: (transfer full): a result, perhaps with a button (Undo)
 *
 * Each result replaces the one before once that one has been on screen for
 * a moment; results that come faster wait their turn in order, so that a
 * background failure queued after the user's "not saved" cannot push it
 * out unseen. The same words again, while they are on screen or waiting,
 * add nothing (a view that fails on every retry). Every toast times out;
 * errors that belong to a field stay beside it, the toast only reports.
 */
void
meso_window_add_toast (MesoWindow *self,
                       AdwToast   *toast)
{
  gint64 shown_until = self->toast_added_at + TOAST_MIN_SHOWN_US;
  gint64 now = g_get_monotonic_time ();

  if (toast_says (toast, self->toast))
    {
      g_object_unref (toast);
      return;
    }
  for (GList *l = self->next_toasts.head; l != NULL; l = l->next)
    if (toast_says (toast, l->data))
      {
        g_object_unref (toast);
        return;
      }
  if (g_queue_is_empty (&self->next_toasts) && (self->toast == NULL || now >= shown_until))
    {
      replace_toast (self, toast);
      return;
    }
  g_queue_push_tail (&self->next_toasts, toast);
  if (self->next_toast_source == 0)
    self->next_toast_source = g_timeout_add ((shown_until - now) / 1000 + 1, show_next_toast_cb,
                                             self);
}

static void
show_toast (MesoWindow *self,
            const char *message,
            guint       timeout)
{
  /* Toast titles are markup; messages are plain text. */
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_timeout (toast, timeout);
  meso_window_add_toast (self, toast);
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

static gboolean notifications_available (MesoWindow *self);

/* Each work page is built the first time it is shown: at sign-in only the
 * one the user sees costs anything. */
static void
build_page (MesoWindow *self,
            const char *name)
{
  if (g_strcmp0 (name, "today") == 0 && self->today_page == NULL)
    {
      self->today_page = meso_today_page_new (self->context);
      meso_today_page_set_notifications_available (self->today_page,
                                                   notifications_available (self));
      adw_bin_set_child (self->today_bin, GTK_WIDGET (self->today_page));
    }
  else if (g_strcmp0 (name, "calendar") == 0 && self->calendar_page == NULL)
    {
      self->calendar_page = meso_calendar_page_new (self->context);
      adw_bin_set_child (self->calendar_bin, GTK_WIDGET (self->calendar_page));
    }
  else if (g_strcmp0 (name, "patients") == 0 && self->patients_page == NULL)
    {
      self->patients_page = meso_patients_page_new (self->context);
      adw_bin_set_child (self->patients_bin, GTK_WIDGET (self->patients_page));
    }
}

static void
on_view_stack_visible_child_cb (MesoWindow *self)
{
  build_page (self, adw_view_stack_get_visible_child_name (self->view_stack));
}

/* Shows work page @name, built if it was not yet. */
static void
show_page (MesoWindow *self,
           const char *name)
{
  build_page (self, name);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* Alt+1, Alt+2 and Alt+3: the keyboard's way to the view switcher's pages. */
static void
window_show_page (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    show_page (self, name);
}

static void
window_new_patient (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);

  show_page (self, "patients");
  meso_patients_page_new_patient (self->patients_page);
}

static void
window_find_patient (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);

  show_page (self, "patients");
  meso_patients_page_focus_search (self->patients_page);
}

gint64
meso_window_lock_limit (MesoWindow *self)
{
  return (gint64) meso_clinic_get_number (meso_context_get_clinic (self->context),
                                          MESO_CLINIC_LOCK_MINUTES) * 60 * G_USEC_PER_SEC;
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
window_import_patients (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (meso_import_window_new (GTK_WINDOW (self), self->context)));
}

static void
window_outbox (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MesoWindow *self = MESO_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (meso_outbox_window_new (GTK_WINDOW (self), self->context)));
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

/* Whether the person signed in, with the window not locked, may do what
 * @permission allows. */
gboolean
meso_window_may (MesoWindow     *self,
                 MesoPermission  permission)
{
  return !self->locked && self->staff != NULL && meso_staff_can (self->staff, permission);
}

void
meso_window_update_actions (MesoWindow *self)
{
  gboolean working = !self->locked && self->staff != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-patient", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-patient", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", working);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stock",
                                 meso_window_may (self, MESO_PERMISSION_WRITE_CLINICAL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-patients",
                                 meso_window_may (self, MESO_PERMISSION_WRITE_CONTACT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.outbox",
                                 meso_window_may (self, MESO_PERMISSION_READ_CONTACT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences",
                                 meso_window_may (self, MESO_PERMISSION_MANAGE_SETTINGS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-latest-backup",
                                 meso_window_may (self, MESO_PERMISSION_MANAGE_SETTINGS) &&
                                 meso_window_may (self, MESO_PERMISSION_MANAGE_BACKUPS) &&
                                 meso_context_get_health (self->context) ==
                                 MESO_DB_HEALTH_DAMAGED);
}

static void
on_backup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = meso_clinic_back_up_daily_finish (MESO_CLINIC (source), result,
                                                            &error);
  MesoWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_WINDOW (user_data);
  if (g_error_matches (error, MESO_BACKUP_SECOND_FOLDER_ERROR, 0))
    show_toast (self, error->message, ERROR_TIMEOUT_S);
  else if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Today’s backup failed: %s"), error->message);
      show_toast (self, message, ERROR_TIMEOUT_S);
    }
  else if (path != NULL)
    g_debug ("Backup written to %s", path);
}

static void
back_up_daily (MesoWindow *self,
               const char *passphrase)
{
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));

  meso_clinic_back_up_daily_async (meso_context_get_clinic (self->context),
                                   meso_context_get_address (self->context), passphrase, now,
                                   self->cancellable, on_backup_done_cb, self);
}

static void
on_backup_passphrase_found_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *passphrase = meso_backup_passphrase_find_finish (result, &error);
  MesoWindow *self;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_WINDOW (user_data);
  if (error != NULL)
    {
      /* Looked for again next time: an administrator may enter it. */
      g_clear_pointer (&self->backup_check, g_free);
      message = g_strdup_printf (_("Today’s backup failed: %s"), error->message);
      show_toast (self, message, ERROR_TIMEOUT_S);
      return;
    }
  self->backup_passphrase = passphrase;
  back_up_daily (self, passphrase);
}

/* The automatic daily backup, in a worker thread while the clinic works:
 * a clinic server's by one of its workstations a day; encrypted with the
 * passphrase this workstation's keyring keeps, when the clinic says so
 * (found once for the clinic's check, not each hour). */
static gboolean
back_up_if_due (gpointer user_data)
{
  MesoWindow *self = user_data;
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  const char *check = meso_clinic_get_text (clinic, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK);

  /* A copy of damage would fail its check anyway; and rotation must not
   * make room by deleting the good backups. */
  if (meso_context_get_health (self->context) == MESO_DB_HEALTH_DAMAGED)
    return G_SOURCE_CONTINUE;
  if (g_strcmp0 (check, self->backup_check) == 0)
    {
      back_up_daily (self, self->backup_passphrase);
      return G_SOURCE_CONTINUE;
    }
  g_free (self->backup_check);
  self->backup_check = g_strdup (check);
  g_clear_pointer (&self->backup_passphrase, meso_passphrase_free);
  meso_backup_passphrase_find_async (clinic, self->cancellable, on_backup_passphrase_found_cb,
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

static gboolean
first_backup_check (gpointer user_data)
{
  MesoWindow *self = user_data;

  back_up_if_due (self);
  self->backup_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, BACKUP_CHECK_SECONDS,
                                                    back_up_if_due, self, NULL);
  return G_SOURCE_REMOVE;
}

/* What can wait for the first frame: the reminders' catch-up (a worker
 * and due reminders on the main loop) and the backups. */
static gboolean
after_first_frame (gpointer user_data)
{
  MesoWindow *self = user_data;

  self->first_frame_source = 0;
  self->first_frame_presented = TRUE;
  if (self->notifier != NULL)
    meso_notifier_start (self->notifier);
  clean_partial_backups (self);
  self->backup_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, BACKUP_DELAY_SECONDS,
                                                    first_backup_check, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   MesoWindow    *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  /* Below the redraw's priority: the frame is shown before the work starts. */
  self->first_frame_source = g_idle_add_full (G_PRIORITY_LOW, after_first_frame, self, NULL);
}

static void
meso_window_map (GtkWidget *widget)
{
  MesoWindow *self = MESO_WINDOW (widget);

  GTK_WIDGET_CLASS (meso_window_parent_class)->map (widget);
  if (!self->first_frame_presented && self->first_frame_source == 0 &&
      !self->waiting_for_first_frame)
    {
      self->waiting_for_first_frame = TRUE;
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (on_after_paint_cb), self, 0);
    }
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
  if (meso_window_confirm_close_hidden_windows (self))
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
  GVariant *target = g_variant_new ("(sb)", meso_context_get_address (self->context),
                                    meso_context_is_demo (self->context));

  g_return_if_fail (app != NULL);
  g_application_hold (app);
  meso_window_close_transient_windows (self);
  gtk_window_destroy (GTK_WINDOW (self));
  g_action_group_activate_action (G_ACTION_GROUP (app), "reopen-database", target);
  g_application_release (app);
}

static void
window_lock (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  meso_window_lock (MESO_WINDOW (widget));
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
      show_page (self, "today");
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
      show_page (self, "calendar");
      meso_calendar_page_open_appointment (self->calendar_page, reminder->appointment_id);
      break;
    case MESO_REMINDER_OPENS_PATIENT:
    default:
      show_page (self, "patients");
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

/* The work pages' places in the view stack, made once per window: the
 * switcher shows all three, each page is built when first shown. */
static void
make_work_pages (MesoWindow *self,
                 const char *first_shown)
{
  AdwViewStackPage *page;

  self->today_bin = ADW_BIN (adw_bin_new ());
  self->today_stack_page = adw_view_stack_add_titled (self->view_stack,
                                                      GTK_WIDGET (self->today_bin), "today",
                                                      _("Today"));
  adw_view_stack_page_set_icon_name (self->today_stack_page, "task-due-symbolic");
  update_badge (self);
  self->calendar_bin = ADW_BIN (adw_bin_new ());
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->calendar_bin),
                                    "calendar", _("Calendar"));
  adw_view_stack_page_set_icon_name (page, "x-office-calendar-symbolic");
  self->patients_bin = ADW_BIN (adw_bin_new ());
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->patients_bin),
                                    "patients", _("Patients"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
  /* The first page added became the visible one: not built unless wanted. */
  if (adw_view_stack_get_child_by_name (self->view_stack, first_shown) == NULL)
    first_shown = "calendar";
  adw_view_stack_set_visible_child_name (self->view_stack, first_shown);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_view_stack_visible_child_cb), self, G_CONNECT_SWAPPED);
  on_view_stack_visible_child_cb (self);
}

/* Someone else signed in: what the pages show depends on their role, and
 * another person's patient and unsaved edits are not theirs to see. */
static void
clear_work_pages (MesoWindow *self)
{
  if (self->patients_page == NULL)
    return;   /* never shown: nothing of anyone's in it */
  if (meso_patients_page_has_unsaved_changes (self->patients_page))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s’s unsaved changes were discarded when you signed in."),
                         meso_staff_get_display_name (self->staff));
      show_toast (self, message, ERROR_TIMEOUT_S);
    }
  meso_patients_page_reset (self->patients_page);
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

  if (self->today_stack_page == NULL)
    make_work_pages (self, last_view);
  else if (!same_person)
    clear_work_pages (self);
  if (!same_person)
    meso_window_discard_hidden_windows (self, staff);
  g_set_object (&self->staff, staff);
  self->locked = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  gtk_label_set_text (self->user_label, meso_staff_get_display_name (staff));
  gtk_stack_set_visible_child_name (self->main_stack, "work");
  if (!same_person && adw_view_stack_get_child_by_name (self->view_stack, last_view) != NULL)
    show_page (self, last_view);
  meso_window_update_actions (self);

  meso_idle_timer_start (self->idle_timer, meso_window_lock_limit (self));
  meso_window_prepare_preferences (self);
  if (same_person)
    meso_window_show_hidden_windows (self);
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
  /* Built before it had a window, the page could not take the focus. */
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
  g_signal_connect_swapped (self->sign_in_page, "signed-in", G_CALLBACK (on_signed_in_cb), self);
  self->locked = TRUE;
  meso_window_update_actions (self);
  /* Below each page's header bar. */
  meso_health_banner_set_context (self->sign_in_banner, self->context);
  meso_health_banner_set_context (self->work_banner, self->context);
  g_signal_connect_object (self->context, "notify::health",
                           G_CALLBACK (meso_window_update_actions), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  meso_window_update_subtitle (self);
  if (meso_context_is_demo (self->context))
    g_menu_remove_all (self->demo_section);
  g_signal_connect_object (meso_context_get_reminders (self->context), "changed",
                           G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);

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
  g_clear_pointer (&self->backup_check, g_free);
  g_clear_pointer (&self->backup_passphrase, meso_passphrase_free);
  g_clear_handle_id (&self->first_frame_source, g_source_remove);
  g_clear_handle_id (&self->next_toast_source, g_source_remove);
  meso_window_drop_spare_preferences (self);
  g_queue_clear_full (&self->next_toasts, g_object_unref);
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
      g_autoptr(GPtrArray) hidden = meso_window_take_hidden_windows (self);

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
  widget_class->map = meso_window_map;

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
  gtk_widget_class_bind_template_child (widget_class, MesoWindow, demo_section);

  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, window_new_patient);
  gtk_widget_class_install_action (widget_class, "win.find-patient", NULL, window_find_patient);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", window_show_page);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL,
                                   meso_window_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.restore-latest-backup", NULL,
                                   meso_window_restore_latest_backup_action);
  gtk_widget_class_install_action (widget_class, "win.stock", NULL, window_stock);
  gtk_widget_class_install_action (widget_class, "win.import-patients", NULL,
                                   window_import_patients);
  gtk_widget_class_install_action (widget_class, "win.outbox", NULL, window_outbox);
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
  g_signal_connect_object (self->idle_timer, "expired", G_CALLBACK (meso_window_lock), self,
                           G_CONNECT_SWAPPED);
  self->hidden = g_ptr_array_new_with_free_func (meso_window_free_weak_ref);
  self->discarded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  /* Any key, click or pointer move in any window, this one's and those
   * opened later, counts as someone at the workstation. */
  meso_window_on_toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels),
                                       NULL);
  g_signal_connect_object (toplevels, "items-changed",
                           G_CALLBACK (meso_window_on_toplevels_changed_cb), self, 0);
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
  if (self->first_frame_presented)
    meso_notifier_start (notifier);
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
