/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-shortcuts.c: the shortcuts window lists every key the
 * application registers: each accel set on an action of the application,
 * and each shortcut of the calendar page. */
#include <adwaita.h>

#include "meso-application.h"
#include "meso-calendar-page.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"

typedef struct
{
  GPtrArray *actions;        /* the shortcuts window's action names */
  GPtrArray *accelerators;   /* its accelerators, one a key */
} Listed;

static void
collect (GtkWidget *widget,
         Listed    *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *action = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (widget, "action-name", &action, "accelerator", &accelerator, NULL);
      if (action != NULL)
        g_ptr_array_add (listed->actions, g_steal_pointer (&action));
      if (accelerator != NULL)
        {
          g_auto(GStrv) keys = g_strsplit (accelerator, " ", -1);

          for (guint i = 0; keys[i] != NULL; i++)
            g_ptr_array_add (listed->accelerators, g_strdup (keys[i]));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, listed);
}

static gboolean
same_key (const char      *accelerator,
          guint            keyval,
          GdkModifierType  mods)
{
  guint listed_keyval;
  GdkModifierType listed_mods;

  return gtk_accelerator_parse (accelerator, &listed_keyval, &listed_mods) &&
         gdk_keyval_to_lower (listed_keyval) == gdk_keyval_to_lower (keyval) &&
         listed_mods == mods;
}

static gboolean
is_listed (Listed          *listed,
           const char      *action,
           guint            keyval,
           GdkModifierType  mods)
{
  for (guint i = 0; action != NULL && i < listed->actions->len; i++)
    if (g_str_equal (g_ptr_array_index (listed->actions, i), action))
      return TRUE;
  for (guint i = 0; i < listed->accelerators->len; i++)
    if (same_key (g_ptr_array_index (listed->accelerators, i), keyval, mods))
      return TRUE;
  return FALSE;
}

static void
test_every_key_listed (void)
{
  g_autoptr(MesoApplication) app = meso_application_new ();
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/mesodesk/Mesodesk/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autofree char *dir = NULL;
  MesoContext *context = meso_test_open_context (&dir);
  GtkWidget *page = g_object_ref_sink (GTK_WIDGET (meso_calendar_page_new (context)));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (page);
  g_auto(GStrv) actions = NULL;
  Listed listed = { g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free) };
  guint n_keys = 0;

  meso_test_register_app (app);
  collect (overlay, &listed);
  g_assert_cmpuint (listed.accelerators->len, >, 0);

  /* The application's accels, as its windows' menus show them. */
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_assert_nonnull (actions[0]);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    actions[i]);

      for (guint j = 0; accels[j] != NULL; j++, n_keys++)
        {
          guint keyval;
          GdkModifierType mods;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          if (!is_listed (&listed, actions[i], keyval, mods))
            g_error ("%s (%s) is not in the shortcuts window", accels[j], actions[i]);
        }
    }

  /* The calendar page's own keys. */
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++, n_keys++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *text = gtk_shortcut_trigger_to_string (trigger);

          g_assert_true (GTK_IS_KEYVAL_TRIGGER (trigger));
          if (!is_listed (&listed, NULL, gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))))
            g_error ("the calendar's %s is not in the shortcuts window", text);
        }
    }
  /* Ctrl+Q, W, N, F, comma, L and ? on the application; ten on the calendar. */
  g_assert_cmpuint (n_keys, >=, 17);

  gtk_window_destroy (GTK_WINDOW (overlay));
  g_clear_object (&controllers);
  g_object_unref (page);
  meso_test_close_clinic (NULL, &context, &dir);
  g_ptr_array_unref (listed.actions);
  g_ptr_array_unref (listed.accelerators);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add_func ("/meso/gui/shortcuts/every-key-listed", test_every_key_listed);
  return g_test_run ();
}
