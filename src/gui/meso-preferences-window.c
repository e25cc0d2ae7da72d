/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-preferences-window.c: edits the clinic settings stored in the database;
 * each field is saved on its own, and a refused value is explained beside it.
 * Only the Clinic page is built with the window; every other page is built,
 * and reads what it shows, when it is first shown (meso-lazy-page.c). */
#define G_LOG_DOMAIN "meso-preferences-window"

#include <glib/gi18n.h>

#include "meso-account-dialog.h"
#include "meso-audit-window.h"
#include "meso-backup.h"
#include "meso-backup-encryption-group.h"
#include "meso-backup-passphrase.h"
#include "meso-file-chooser.h"
#include "meso-calendar-settings.h"
#include "meso-handout-settings.h"
#include "meso-photo-settings.h"
#include "meso-language.h"
#include "meso-lazy-page.h"
#include "meso-preferences-window.h"
#include "meso-mail-group.h"
#include "meso-passphrase.h"
#include "meso-second-folder-row.h"
#include "meso-server-group.h"
#include "meso-reminder-settings.h"
#include "meso-restore-question.h"
#include "meso-row-error.h"

struct _MesoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  MesoContext          *context;
  GtkFileChooserNative *logo_chooser;
  GtkFileChooserNative *folder_chooser;
  GtkFileChooserNative *restore_chooser;
  char                 *restore_path;   /* the backup the open question is about */
  GCancellable         *cancellable;
  gboolean              filling;

  /* Template children; those of the Staff and Backups pages are set when
   * the page is built, and are %NULL until then. */
  AdwEntryRow          *name_row;
  AdwEntryRow          *address_row;
  AdwEntryRow          *phone_row;
  AdwActionRow         *logo_row;
  GtkButton            *clear_logo_button;
  GtkButton            *choose_logo_button;
  AdwComboRow          *language_row;
  AdwComboRow          *script_order_row;
  GtkSpinButton        *session_spin;
  GtkSpinButton        *retention_spin;
  GtkSpinButton        *screening_spin;
  GtkSpinButton        *mix_spin;
  GtkSpinButton        *expiry_spin;
  GtkSpinButton        *low_stock_spin;
  AdwPreferencesPage   *staff_page;
  GtkListBox           *staff_list;
  GtkSpinButton        *lock_spin;
  AdwActionRow         *folder_row;
  GtkButton            *choose_folder_button;
  AdwActionRow         *last_backup_row;
  GtkButton            *back_up_button;
  GtkSpinButton        *daily_spin;
  GtkSpinButton        *weekly_spin;
  GtkSpinButton        *monthly_spin;
  GtkButton            *restore_button;
  AdwPreferencesPage   *backups_page;
  AdwPreferencesPage   *mail_page;
  AdwPreferencesPage   *server_page;
};

G_DEFINE_FINAL_TYPE (MesoPreferencesWindow, meso_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Which clinic number each spin button edits. */
static const struct
{
  gsize            spin_offset;
  MesoClinicNumber field;
} numbers[] = {
  { G_STRUCT_OFFSET (MesoPreferencesWindow, session_spin), MESO_CLINIC_SESSION_MINUTES },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, retention_spin), MESO_CLINIC_RETENTION_YEARS },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, lock_spin), MESO_CLINIC_LOCK_MINUTES },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, daily_spin), MESO_CLINIC_BACKUP_DAILY },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, weekly_spin), MESO_CLINIC_BACKUP_WEEKLY },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, monthly_spin), MESO_CLINIC_BACKUP_MONTHLY },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, screening_spin), MESO_CLINIC_SCREENING_DAYS },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, mix_spin), MESO_CLINIC_MIX_HOURS },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, expiry_spin), MESO_CLINIC_EXPIRY_WARNING_DAYS },
  { G_STRUCT_OFFSET (MesoPreferencesWindow, low_stock_spin), MESO_CLINIC_LOW_STOCK_ML },
};

static GtkSpinButton *
number_spin (MesoPreferencesWindow *self,
             guint                  i)
{
  return G_STRUCT_MEMBER (GtkSpinButton *, self, numbers[i].spin_offset);
}

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
  g_autofree char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->logo_chooser),
                                                      response);

  if (path != NULL)
    set_logo (self, path);
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

/* The rows are MesoScriptOrder's values in order. The patients' sort keys
 * follow in the core (meso-context.c). */
static void
on_script_order_row_selected_cb (MesoPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->script_order_row);
  g_autoptr(GError) error = NULL;

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (!meso_clinic_set_number (meso_context_get_clinic (self->context),
                               MESO_CLINIC_SCRIPT_ORDER, selected, &error))
    toast (self, error->message);
}

static void
on_spin_value_changed_cb (GtkSpinButton         *spin,
                          MesoPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (number_spin (self, i) == spin &&
        !meso_clinic_set_number (meso_context_get_clinic (self->context), numbers[i].field,
                                 gtk_spin_button_get_value_as_int (spin), &error))
      toast (self, error->message);
}

/* The account whose id @parameter holds, read afresh; %NULL (with a toast
 * saying why) if it cannot be read. */
static MesoStaff *
load_account (MesoPreferencesWindow *self,
              GVariant              *parameter)
{
  g_autoptr(GError) error = NULL;
  MesoStaff *staff = meso_staff_store_load (meso_context_get_staff_store (self->context),
                                            g_variant_get_int64 (parameter), &error);

  if (staff == NULL)
    toast (self, error->message);
  return staff;
}

/* prefs.change-account(x): the account dialog, for a new account with 0. */
static void
change_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (widget);
  g_autoptr(MesoStaff) staff = NULL;
  MesoAccountDialog *dialog;

  if (g_variant_get_int64 (parameter) != 0 && (staff = load_account (self, parameter)) == NULL)
    return;
  dialog = meso_account_dialog_new (self->context, staff);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* prefs.account-history(x): what the account did, and what was done to it. */
static void
account_history_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (widget);
  g_autoptr(MesoStaff) staff = load_account (self, parameter);
  MesoAuditWindow *window;

  if (staff == NULL)
    return;
  window = meso_audit_window_new (self->context, MESO_AUDIT_BY_STAFF, meso_staff_get_id (staff),
                                  meso_staff_get_display_name (staff));
  /* Transient for the main window, so that a lock closes it too. */
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                gtk_window_get_transient_for (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
}

static GtkWidget *
row_button (MesoStaff  *staff,
            const char *label,
            const char *action_name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", meso_staff_get_id (staff));
  return button;
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  MesoStaff *staff = item;
  GtkWidget *row = adw_action_row_new ();
  const char *role = meso_role_get_label (meso_staff_get_role (staff));
  g_autofree char *subtitle = meso_staff_get_active (staff)
                              ? g_strdup (role)
                              : g_strdup_printf (_("%s · inactive"), role);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meso_staff_get_display_name (staff));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (staff, _("_History"), "prefs.account-history"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (staff, _("_Change…"), "prefs.change-account"));
  return row;
}

static void
fill_staff (MesoPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) staff = NULL;

  /* Not built yet: it reads the accounts when it is. */
  if (self->staff_list == NULL)
    return;
  staff = meso_staff_store_list (meso_context_get_staff_store (self->context), TRUE, &error);
  if (staff == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_list_box_bind_model (self->staff_list, staff, create_account_row, NULL, NULL);
}

static void
update_backup_rows (MesoPreferencesWindow *self)
{
  g_autofree char *folder = meso_clinic_dup_backup_folder (meso_context_get_clinic (self->context));
  g_autoptr(GDateTime) latest = meso_backup_latest (folder);
  MesoClock *clock = meso_context_get_clock (self->context);
  g_autoptr(GDateTime) local = latest != NULL ? meso_clock_to_clinic_time (clock, latest) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M")
                                        : g_strdup (_("None yet"));

  adw_action_row_set_subtitle (self->folder_row, folder);
  adw_action_row_set_subtitle (self->last_backup_row, when);
}

static void
on_folder_chooser_response_cb (MesoPreferencesWindow *self,
                               int                    response)
{
  g_autofree char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->folder_chooser),
                                                      response);

  if (path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!meso_clinic_set_text (meso_context_get_clinic (self->context), MESO_CLINIC_BACKUP_FOLDER,
                                 path, &error))
        toast (self, error->message);
      update_backup_rows (self);
    }
  g_clear_object (&self->folder_chooser);
}

static void
on_choose_folder_button_clicked_cb (MesoPreferencesWindow *self)
{
  self->folder_chooser = gtk_file_chooser_native_new (_("Choose the Backup Folder"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Choose"), _("_Cancel"));
  g_signal_connect_swapped (self->folder_chooser, "response",
                            G_CALLBACK (on_folder_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
on_backed_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = meso_backup_write_rotated_finish (result, &error);
  MesoPreferencesWindow *self;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_up_button), TRUE);
  message = path != NULL ? g_strdup_printf (_("Backed up and checked: %s"), path)
                         : g_strdup (error->message);
  toast (self, message);
  update_backup_rows (self);
}

/* Whether the one signed in may back up and restore; if not, says why. */
static gboolean
may_manage_backups (MesoPreferencesWindow *self)
{
  MesoStaffStore *staff = meso_context_get_staff_store (self->context);
  g_autoptr(GError) error = NULL;

  if (meso_staff_require (meso_staff_store_get_actor (staff), MESO_PERMISSION_MANAGE_BACKUPS,
                          &error))
    return TRUE;
  toast (self, error->message);
  return FALSE;
}

static void
on_backup_passphrase_found_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *passphrase = meso_backup_passphrase_find_finish (result, &error);
  MesoPreferencesWindow *self;
  MesoClinic *clinic;
  g_autofree char *folder = NULL;
  MesoBackupPolicy policy;
  g_autoptr(GDateTime) now = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_PREFERENCES_WINDOW (user_data);
  if (error != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->back_up_button), TRUE);
      toast (self, error->message);
      return;
    }
  clinic = meso_context_get_clinic (self->context);
  folder = meso_clinic_dup_backup_folder (clinic);
  policy = meso_clinic_get_backup_policy (clinic);
  now = meso_clock_dup_now (meso_context_get_clock (self->context));
  meso_backup_write_rotated_async (meso_context_get_address (self->context), folder,
                                   meso_clinic_get_text (clinic, MESO_CLINIC_BACKUP_SECOND_FOLDER),
                                   now, &policy, passphrase, self->cancellable, on_backed_up_cb,
                                   self);
  meso_passphrase_free (passphrase);
}

/* Encrypted as the daily backups are, when the clinic encrypts them: never
 * a plain copy beside them. */
static void
on_back_up_button_clicked_cb (MesoPreferencesWindow *self)
{
  if (!may_manage_backups (self))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_up_button), FALSE);
  meso_backup_passphrase_find_async (meso_context_get_clinic (self->context), self->cancellable,
                                     on_backup_passphrase_found_cb, self);
}

/* What a restore needs when it ends, taken when it starts: this window, or
 * the one it was opened from, may be closed by then. */
typedef struct
{
  MesoPreferencesWindow *self;
  GtkApplication        *app;
  GtkWidget             *main_window;
  char                  *db_path;
  gboolean               is_demo;
} RestoreRun;

static void
restore_run_free (RestoreRun *run)
{
  g_object_unref (run->self);
  g_clear_object (&run->app);
  g_clear_object (&run->main_window);
  g_free (run->db_path);
  g_free (run);
}

static void
on_restored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RestoreRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!meso_backup_restore_finish (result, NULL, &error))
    {
      /* The window may have been closed meanwhile: then nobody reads it. */
      if (run->self->restore_button != NULL)
        {
          gtk_widget_set_sensitive (GTK_WIDGET (run->self->restore_button), TRUE);
          toast (run->self, error->message);
        }
    }
  /* Every window of this database closes and it opens afresh: everyone
   * signs in again. */
  else if (run->app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (run->app), "reopen-database",
                                    g_variant_new ("(sb)", run->db_path, run->is_demo));
  else if (run->main_window != NULL)
    gtk_widget_activate_action (run->main_window, "win.reopen-database", NULL);
  restore_run_free (run);
}

static void
on_restore_confirmed_cb (AdwMessageDialog      *dialog,
                         const char            *response,
                         MesoPreferencesWindow *self)
{
  const char *db_path = meso_context_get_address (self->context);
  MesoStaffStore *staff = meso_context_get_staff_store (self->context);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  GtkWindow *main_window = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *folder = NULL;
  RestoreRun *run;

  if (g_strcmp0 (response, "restore") != 0)
    return;
  run = g_new0 (RestoreRun, 1);
  run->self = g_object_ref (self);
  run->main_window = main_window != NULL ? g_object_ref (GTK_WIDGET (main_window)) : NULL;
  if (main_window != NULL && gtk_window_get_application (main_window) != NULL)
    run->app = g_object_ref (gtk_window_get_application (main_window));
  run->db_path = g_strdup (db_path);
  run->is_demo = meso_context_is_demo (self->context);
  folder = meso_clinic_dup_backup_folder (meso_context_get_clinic (self->context));
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
  meso_backup_restore_async (db_path, self->restore_path,
                             meso_restore_question_get_passphrase (dialog), folder, now, meso_staff_store_get_actor (staff),
                             /* Not cancelled with the window: a restore that
                              * ran must end with the database reopened. */
                             NULL, on_restored_cb, run);
}

/* Asks before replacing everything with @path, taken @when if known. */
static void
confirm_restore (MesoPreferencesWindow *self,
                 char                  *path,
                 GDateTime             *when)
{
  g_autofree char *folder = meso_clinic_dup_backup_folder (meso_context_get_clinic (self->context));
  g_autoptr(GDateTime) taken = when != NULL
    ? g_date_time_to_timezone (when, meso_clock_get_zone (meso_context_get_clock (self->context)))
    : NULL;
  GtkWidget *dialog = meso_restore_question_new (GTK_WINDOW (self), path, taken, folder);

  g_free (self->restore_path);
  self->restore_path = path;
  g_signal_connect (dialog, "response", G_CALLBACK (on_restore_confirmed_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restore_chooser_response_cb (MesoPreferencesWindow *self,
                                int                    response)
{
  char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->restore_chooser), response);

  g_clear_object (&self->restore_chooser);
  if (path != NULL)
    confirm_restore (self, path, NULL);
}

static void
on_verified_backup_found_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  MesoPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  char *path = meso_backup_find_verified_finish (result, &when, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), TRUE);
  if (path == NULL)
    toast (self, error->message);
  else
    confirm_restore (self, path, when);
}

static void
on_restore_passphrase_found_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *passphrase = meso_backup_passphrase_find_finish (result, &error);
  MesoPreferencesWindow *self;
  g_autofree char *folder = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MESO_PREFERENCES_WINDOW (user_data);
  /* Unknown here, only plain backups pass their check; the restore's own
   * question asks for the passphrase of one chosen by hand. */
  folder = meso_clinic_dup_backup_folder (meso_context_get_clinic (self->context));
  meso_backup_find_verified_async (folder, passphrase, self->cancellable,
                                   on_verified_backup_found_cb, self);
  meso_passphrase_free (passphrase);
}

/**
 * meso_preferences_window_restore_latest:
 *
 * Shows the backups page and offers to restore the newest backup that
 * passes its check (checking them takes a while: in a worker thread).
 */
void
meso_preferences_window_restore_latest (MesoPreferencesWindow *self)
{
  g_return_if_fail (MESO_IS_PREFERENCES_WINDOW (self));

  /* The window may not be shown yet, and the page not built. */
  meso_lazy_page_build_now (self->backups_page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), self->backups_page);
  if (!may_manage_backups (self))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
  meso_backup_passphrase_find_async (meso_context_get_clinic (self->context), self->cancellable,
                                     on_restore_passphrase_found_cb, self);
}

static void
on_restore_button_clicked_cb (MesoPreferencesWindow *self)
{
  g_autofree char *folder = meso_clinic_dup_backup_folder (meso_context_get_clinic (self->context));
  g_autoptr(GFile) start = g_file_new_for_path (folder);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (!may_manage_backups (self))
    return;
  gtk_file_filter_set_name (filter, _("Mesodesk databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.db.enc");
  self->restore_chooser = gtk_file_chooser_native_new (_("Choose the Backup to Restore"),
                                                       GTK_WINDOW (self),
                                                       GTK_FILE_CHOOSER_ACTION_OPEN,
                                                       _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->restore_chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->restore_chooser), start, NULL);
  g_signal_connect_swapped (self->restore_chooser, "response",
                            G_CALLBACK (on_restore_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->restore_chooser));
}

/* Shows the numbers of the page just built, each saved when changed; those
 * of pages built before are left as they are. */
static void
fill_numbers (MesoPreferencesWindow *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  gboolean filling = self->filling;

  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      GtkSpinButton *spin = number_spin (self, i);

      if (spin == NULL ||
          g_signal_handler_find (spin, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 on_spin_value_changed_cb, self) != 0)
        continue;
      gtk_spin_button_set_value (spin, meso_clinic_get_number (clinic, numbers[i].field));
      g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_value_changed_cb), self);
    }
  self->filling = filling;
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
  adw_combo_row_set_selected (self->script_order_row,
                              meso_clinic_get_number (clinic, MESO_CLINIC_SCRIPT_ORDER));
  fill_numbers (self);
  update_logo_row (self);
  self->filling = FALSE;
}

/* The Staff page: the accounts and the lock time. */
static void
build_staff_page (AdwPreferencesPage *page)
{
  static const char * const groups[] = { "accounts_group", "security_group", NULL };
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));
  g_autoptr(GtkBuilder) builder = meso_lazy_page_add_groups (
    page, "/io/github/mesodesk/Mesodesk/meso-preferences-staff.ui", groups);

#define BIND(name) \
  meso_lazy_page_bind (builder, self, #name, G_STRUCT_OFFSET (MesoPreferencesWindow, name))
  BIND (staff_list);
  BIND (lock_spin);
#undef BIND
  fill_staff (self);
  fill_numbers (self);
}

/* Who works on the same clinic server now: a row per workstation. */
static GtkWidget *
workstations_group (MesoPreferencesWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = meso_context_list_workstations (self->context, &error);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   _("Workstations Connected Now"));
  if (list == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
      return group;
    }
  for (guint i = 0; i < list->len; i++)
    {
      MesoWorkstation *workstation = list->pdata[i];
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_local (workstation->since);
      g_autofree char *time = since != NULL ? g_date_time_format (since, "%x %H:%M")
                                            : g_strdup ("");
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      subtitle = *workstation->address != '\0'
                   /* Translators: a workstation's network address, then since when it is connected. */
                   ? g_strdup_printf (_("%s, connected since %s"), workstation->address, time)
                   : g_strdup_printf (_("Connected since %s"), time);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), workstation->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

/* The Clinic Server page: which server this workstation works on, and on
 * a server, who else works there now. */
static void
build_server_page (AdwPreferencesPage *page)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));

  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (
    meso_server_group_new (meso_context_get_path (self->context))));
  if (meso_db_is_server_address (meso_context_get_path (self->context)))
    adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (workstations_group (self)));
}

/* The E-mail page: the clinic's mail server. */
static void
build_mail_page (AdwPreferencesPage *page)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));

  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (meso_mail_group_new (self->context)));
}

/* The Backups page: where, the latest, how many to keep, restore. */
static void
build_backups_page (AdwPreferencesPage *page)
{
  static const char * const groups[] = { "daily_group", "keep_group", "restore_group", NULL };
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));
  g_autoptr(GtkBuilder) builder = meso_lazy_page_add_groups (
    page, "/io/github/mesodesk/Mesodesk/meso-preferences-backups.ui", groups);
  AdwPreferencesGroup *daily_group;

#define BIND(name) \
  meso_lazy_page_bind (builder, self, #name, G_STRUCT_OFFSET (MesoPreferencesWindow, name))
  BIND (folder_row);
  BIND (choose_folder_button);
  BIND (last_backup_row);
  BIND (back_up_button);
  BIND (daily_spin);
  BIND (weekly_spin);
  BIND (monthly_spin);
  BIND (restore_button);
#undef BIND
  g_signal_connect_swapped (self->choose_folder_button, "clicked",
                            G_CALLBACK (on_choose_folder_button_clicked_cb), self);
  g_signal_connect_swapped (self->back_up_button, "clicked",
                            G_CALLBACK (on_back_up_button_clicked_cb), self);
  g_signal_connect_swapped (self->restore_button, "clicked",
                            G_CALLBACK (on_restore_button_clicked_cb), self);
  daily_group = ADW_PREFERENCES_GROUP (gtk_builder_get_object (builder, "daily_group"));
  adw_preferences_group_add (daily_group, meso_second_folder_row_new (self->context));
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (
    meso_backup_encryption_group_new (self->context)));
  update_backup_rows (self);
  fill_numbers (self);
}

static void
meso_preferences_window_dispose (GObject *object)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->logo_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->logo_chooser));
  g_clear_object (&self->logo_chooser);
  g_clear_object (&self->folder_chooser);
  g_clear_object (&self->restore_chooser);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->restore_path, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PREFERENCES_WINDOW);
  /* Like the template's children: a restore that ends after the window
   * closed finds them %NULL. */
  self->staff_list = NULL;
  self->lock_spin = NULL;
  self->folder_row = NULL;
  self->choose_folder_button = NULL;
  self->last_backup_row = NULL;
  self->back_up_button = NULL;
  self->daily_spin = NULL;
  self->weekly_spin = NULL;
  self->monthly_spin = NULL;
  self->restore_button = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_preferences_window_parent_class)->dispose (object);
}

static void
meso_preferences_window_constructed (GObject *object)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (meso_preferences_window_parent_class)->constructed (object);

  fill (self);
  meso_lazy_page_build_when_shown (self->staff_page, build_staff_page);
  meso_lazy_page_build_when_shown (self->backups_page, build_backups_page);
  meso_lazy_page_build_when_shown (self->mail_page, build_mail_page);
  meso_lazy_page_build_when_shown (self->server_page, build_server_page);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (meso_calendar_settings_new (self->context)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (meso_reminder_settings_new (self->context)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (meso_handout_settings_new (self->context)));
  /* Photos are clinical: a receptionist never sees them, nor their views. */
  if (meso_context_can (self->context, MESO_PERMISSION_READ_CLINICAL))
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                ADW_PREFERENCES_PAGE (meso_photo_settings_new (self->context)));
  g_signal_connect_swapped (self->language_row, "notify::selected",
                            G_CALLBACK (on_language_selected_cb), self);
  g_signal_connect_swapped (self->script_order_row, "notify::selected",
                            G_CALLBACK (on_script_order_row_selected_cb), self);
  /* Whoever saved an account, the list shows it. */
  g_signal_connect_object (meso_context_get_staff_store (self->context), "changed",
                           G_CALLBACK (fill_staff), self, G_CONNECT_SWAPPED);
}

static void
meso_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MesoPreferencesWindow *self = MESO_PREFERENCES_WINDOW (object);

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
meso_preferences_window_class_init (MesoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_preferences_window_dispose;
  object_class->constructed = meso_preferences_window_constructed;
  object_class->set_property = meso_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "prefs.change-account", "x",
                                   change_account_action);
  gtk_widget_class_install_action (widget_class, "prefs.account-history", "x",
                                   account_history_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, logo_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, clear_logo_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, script_order_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, session_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, screening_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, mix_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, expiry_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, low_stock_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, choose_logo_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, staff_page);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, backups_page);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, mail_page);
  gtk_widget_class_bind_template_child (widget_class, MesoPreferencesWindow, server_page);
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
  self->cancellable = g_cancellable_new ();
}

/**
 * meso_preferences_window_reload:
 * @self: a window built before it is shown
 *
 * Shows the clinic's details as they are now: another workstation may have
 * changed them since @self was built. The other pages read them when first
 * shown.
 */
void
meso_preferences_window_reload (MesoPreferencesWindow *self)
{
  MesoClinic *clinic;

  g_return_if_fail (MESO_IS_PREFERENCES_WINDOW (self));

  clinic = meso_context_get_clinic (self->context);
  fill (self);
  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (number_spin (self, i) != NULL)
      gtk_spin_button_set_value (number_spin (self, i),
                                 meso_clinic_get_number (clinic, numbers[i].field));
  self->filling = FALSE;
}

MesoPreferencesWindow *
meso_preferences_window_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_PREFERENCES_WINDOW, "context", context, NULL);
}
