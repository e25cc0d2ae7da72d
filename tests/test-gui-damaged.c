/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-damaged.c: a database found damaged after the first frame. The
 * window shows a banner; an administrator restores from it the newest backup
 * that passes its check, and the damage is gone. */
#include <adwaita.h>

#include "meso-application.h"
#include "meso-audit.h"
#include "meso-backup.h"
#include "meso-health-banner.h"
#include "meso-test-app.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"
#include "meso-window.h"

static gboolean
banner_shows_damage (gpointer window)
{
  GtkWidget *banner = meso_test_find_by_type (window, MESO_TYPE_HEALTH_BANNER);
  GtkWidget *revealer = meso_test_find_by_type (banner, GTK_TYPE_REVEALER);
  GtkWidget *button = meso_test_find_by_type (banner, GTK_TYPE_BUTTON);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         gtk_widget_get_visible (button);
}

static gboolean
verified (gpointer window)
{
  MesoContext *context = NULL;

  g_object_get (window, "context", &context, NULL);
  g_object_unref (context);   /* the window keeps it */
  return meso_db_get_health (meso_context_get_db (context)) == MESO_DB_HEALTH_VERIFIED;
}

/* Damage found after the first frame: a banner says so; for an
 * administrator it offers the newest backup that passes its check (the
 * newest of all is damaged too), and restoring it ends the damage. */
static void
test_damaged_banner_restores (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "backups", NULL);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GDateTime) wednesday = g_date_time_new_utc (2026, 11, 18, 10, 0, 0);
  g_autoptr(GDateTime) thursday = g_date_time_new_utc (2026, 11, 19, 10, 0, 0);
  const MesoBackupPolicy policy = { 7, 4, 12 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoApplication) app = meso_application_new ();
  MesoTestReopened r = { NULL };
  MesoWindow *window;
  GtkWindow *confirm;
  const char *heading;

  meso_test_make_clinic (path, "Alpha");
  good = meso_backup_write_rotated (path, folder, NULL, wednesday, &policy, NULL, &error);
  bad = meso_backup_write_rotated (path, folder, NULL, thursday, &policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (bad, "not a database", -1, NULL));
  /* A value the schema forbids, written behind Mesodesk's back: the checks
   * at open pass, the full check after the first frame does not. */
  meso_test_forge (path, "PRAGMA ignore_check_constraints = ON; UPDATE patient SET sex = 'x'",
                   FALSE);

  window = meso_test_open_in_app (app, path);
  meso_test_iterate_until (banner_shows_damage, window, "the damage banner");
  /* A banner declared on its own, given the context at construction, follows
   * the same database. */
  {
    MesoContext *context = NULL;
    GtkWidget *banner;

    g_object_get (window, "context", &context, NULL);
    banner = g_object_ref_sink (g_object_new (MESO_TYPE_HEALTH_BANNER, "context", context, NULL));
    g_object_unref (context);   /* the window and the banner keep it */
    g_assert_true (banner_shows_damage (banner));
    g_assert_finalize_object (banner);
  }
  /* Before anyone signs in, nobody may restore. */
  g_assert_false (gtk_widget_is_sensitive (
    meso_test_find_by_type (meso_test_find_by_type (GTK_WIDGET (window), MESO_TYPE_HEALTH_BANNER),
                            GTK_TYPE_BUTTON)));

  meso_test_enter_pin (GTK_WIDGET (window), 0, MESO_TEST_PIN);
  meso_test_iterate_until (meso_test_working, window, "the sign-in");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-latest-backup", NULL);
  meso_test_iterate_until (meso_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                           "the offer of the latest good backup");
  confirm = meso_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  heading = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm));
  g_assert_nonnull (strstr (heading, "Wednesday 18 November 2026"));
  /* The newest backup that passes its check, named as the user reads it. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)), good));

  meso_test_answer_restore (&r, window, confirm);
  meso_test_iterate_until (meso_test_reopened, &r, "the restored database to open");
  window = MESO_WINDOW (meso_test_find_toplevel (MESO_TYPE_WINDOW));
  meso_test_iterate_until (verified, window, "the check of the restored database");
  g_assert_false (banner_shows_damage (window));

  meso_test_close_app (window, dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add_func ("/meso/gui/damaged/banner-restores", test_damaged_banner_restores);
  return g_test_run ();
}
