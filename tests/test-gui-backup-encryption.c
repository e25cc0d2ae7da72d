/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-backup-encryption.c: the Backups page's encryption, driven as
 * an administrator would, with a keyring of its own (with-keyring.sh). The
 * new passphrase cannot be saved until it is long enough and typed twice
 * alike; saved, the clinic keeps its check and this workstation's keyring
 * the passphrase; stopping asks first and brings plain backups back. */
#include "meso-backup-encryption-group.h"
#include "meso-backup-passphrase.h"
#include "meso-passphrase.h"
#include "meso-test-db.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"

#define PASSPHRASE "kırmızı elma 2026"

typedef struct
{
  char        *dir;
  MesoContext *context;
  MesoStaff   *admin;
  GtkWidget   *window;
  AdwPreferencesPage *page;
  GtkWidget   *group;
} Fixture;

/* The group on a page of its own, as on the Backups page. */
static void
show_group (Fixture *f)
{
  f->group = meso_backup_encryption_group_new (f->context);
  adw_preferences_page_add (f->page, ADW_PREFERENCES_GROUP (f->group));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                                "Selin Demir");
  f->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  show_group (f);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->admin);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const char *
state (Fixture *f)
{
  GtkWidget *row = meso_test_find_by_type (f->group, ADW_TYPE_ACTION_ROW);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static gboolean
passphrase_known (gpointer f)
{
  GtkWidget *row = meso_test_find_by_type (((Fixture *) f)->group, ADW_TYPE_ACTION_ROW);

  return g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                           "This workstation knows the passphrase.");
}

static AdwMessageDialog *
open_dialog (void)
{
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the dialog");
  return ADW_MESSAGE_DIALOG (meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* The dialog's password entries, in order. */
static void
collect_entries (GtkWidget *widget,
                 GPtrArray *entries)
{
  if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
    g_ptr_array_add (entries, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_entries (child, entries);
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static char *
find_kept (Fixture  *f,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  meso_backup_passphrase_find_async (meso_context_get_clinic (f->context), NULL,
                                     meso_test_keep_result_cb, &result);
  return meso_backup_passphrase_find_finish (meso_test_wait_result (&result), error);
}

static void
test_encrypt_and_stop (Fixture       *f,
                       gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  char *kept;

  g_assert_cmpstr (state (f), ==, "Not encrypted");
  gtk_widget_activate_action (f->group, "encryption.set", NULL);
  dialog = open_dialog ();
  collect_entries (GTK_WIDGET (dialog), entries);
  g_assert_cmpuint (entries->len, ==, 2);

  /* Not saved until long enough and typed twice alike. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (entries->pdata[0], "kısa");
  gtk_editable_set_text (entries->pdata[1], "kısa");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (entries->pdata[0], PASSPHRASE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (entries->pdata[1], PASSPHRASE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  answer (dialog, "save");

  meso_test_iterate_until (passphrase_known, f, "the passphrase kept");
  g_assert_cmpstr (state (f), ==, "Encrypted");
  meso_test_screenshot (f->window, "backup-encryption", 1024, 600);
  g_assert_true (g_str_has_prefix (meso_clinic_get_text (clinic,
                                                         MESO_CLINIC_BACKUP_PASSPHRASE_CHECK),
                                   "$argon2id$"));
  kept = find_kept (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, PASSPHRASE);
  meso_passphrase_free (kept);

  /* Asked first: cancelling keeps the encryption. */
  gtk_widget_activate_action (f->group, "encryption.stop", NULL);
  answer (open_dialog (), "cancel");
  g_assert_true (meso_clinic_encrypts_backups (clinic));
  gtk_widget_activate_action (f->group, "encryption.stop", NULL);
  answer (open_dialog (), "stop");
  g_assert_false (meso_clinic_encrypts_backups (clinic));
  g_assert_cmpstr (state (f), ==, "Not encrypted");
}

static gboolean
error_shown (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      gtk_widget_has_css_class (widget, "error"))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (error_shown (child))
      return TRUE;
  return FALSE;
}

static gboolean
problem_shown (gpointer f)
{
  return error_shown (((Fixture *) f)->group);
}

/* Set on another workstation: this one is told it does not know the
 * passphrase, refuses a wrong one, and keeps the clinic's. */
static void
test_enter_elsewhere_set (Fixture       *f,
                          gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  AdwMessageDialog *dialog;
  GtkWidget *enter;
  char *kept;

  meso_backup_passphrase_make_check_async (PASSPHRASE, NULL, meso_test_keep_result_cb, &result);
  check = meso_backup_passphrase_make_check_finish (meso_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_BACKUP_PASSPHRASE_CHECK, check,
                                       &error));
  g_assert_no_error (error);
  /* Preferences opened again. */
  adw_preferences_page_remove (f->page, ADW_PREFERENCES_GROUP (f->group));
  show_group (f);
  enter = meso_test_find_by_type (f->group, ADW_TYPE_ACTION_ROW);
  while (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (enter)),
                    "E_nter Passphrase…") != 0)
    enter = gtk_widget_get_next_sibling (enter);
  meso_test_iterate_until ((GSourceFunc) gtk_widget_get_visible, enter, "the Enter row");
  g_assert_cmpstr (state (f), ==, "Encrypted");
  meso_test_screenshot (f->window, "backup-encryption-unknown", 1920, 1080);

  gtk_widget_activate_action (f->group, "encryption.enter", NULL);
  dialog = open_dialog ();
  collect_entries (GTK_WIDGET (dialog), entries);
  g_assert_cmpuint (entries->len, ==, 1);
  gtk_editable_set_text (entries->pdata[0], "not the clinic's passphrase");
  answer (dialog, "save");
  meso_test_iterate_until (problem_shown, f, "the wrong passphrase refused");
  g_assert_null (find_kept (f, &error));
  g_clear_error (&error);

  gtk_widget_activate_action (f->group, "encryption.enter", NULL);
  dialog = open_dialog ();
  g_ptr_array_set_size (entries, 0);
  collect_entries (GTK_WIDGET (dialog), entries);
  gtk_editable_set_text (entries->pdata[0], PASSPHRASE);
  answer (dialog, "save");
  meso_test_iterate_until (passphrase_known, f, "the passphrase kept");
  g_assert_false (gtk_widget_get_visible (enter));
  kept = find_kept (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, PASSPHRASE);
  meso_passphrase_free (kept);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/backup-encryption/encrypt-and-stop", Fixture, NULL, fixture_set_up,
              test_encrypt_and_stop, fixture_tear_down);
  g_test_add ("/meso/gui/backup-encryption/enter-elsewhere-set", Fixture, NULL, fixture_set_up,
              test_enter_elsewhere_set, fixture_tear_down);
  return g_test_run ();
}
