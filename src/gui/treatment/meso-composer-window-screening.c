/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-composer-window-screening.c: the patient's screening, opened from
 * the composer in the form the app edits it with; once saved, the
 * composer screens the cocktail again. */
#define G_LOG_DOMAIN "meso-composer-window"

#include <glib/gi18n.h>

#include "meso-composer-window-private.h"
#include "meso-patient-editor.h"

/* The editor saved the patient: screen again from what is stored now. */
static void
on_screening_saved_cb (MesoComposerWindow *self,
                       gint64              id)
{
  MesoPatientStore *patients = meso_context_get_patient_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoScreening) screening = meso_patient_store_load_screening (patients, id, &error);
  g_autoptr(MesoPatient) patient = screening != NULL ? meso_patient_store_load (patients, id,
                                                                                &error)
                                                     : NULL;

  if (patient == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_set_object (&self->screening, screening);
  g_set_object (&self->patient, patient);
  meso_composer_window_refresh (self);
}

/* win.show-error and win.show-message, which the editor reports through. */
static void
on_editor_message_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (user_data),
                               adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static gboolean
destroy_window_cb (gpointer window)
{
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
on_close_screening_response_cb (AdwMessageDialog  *dialog,
                                const char        *response,
                                MesoPatientEditor *editor)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (editor)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") == 0 && !meso_patient_editor_save (editor, &error))
    {
      gtk_widget_activate_action (GTK_WIDGET (editor), "win.show-error", "s", error->message);
      return;
    }
  /* Once the question is gone: it is the window's transient child. */
  if (g_strcmp0 (response, "save") == 0 || g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_window_cb, g_object_ref (window),
                     g_object_unref);
}

/* Closing with edits not saved asks first, as the patients page does. */
static gboolean
on_screening_close_request_cb (GtkWindow         *window,
                               MesoPatientEditor *editor)
{
  GtkWidget *dialog;

  if (!meso_patient_editor_is_dirty (editor))
    return FALSE;
  dialog = meso_patient_editor_new_save_dialog (window);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_screening_response_cb),
                           editor, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Opens the patient's record in the form the app edits screening with, in
 * a window of its own: the appointment's dialog is modal, so the main
 * window cannot be reached while the composer is open. */
void
meso_composer_window_open_screening (MesoComposerWindow *self)
{
  static const GActionEntry entries[] = {
    { "show-error", on_editor_message_cb, "s", NULL, NULL, { 0 } },
    { "show-message", on_editor_message_cb, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = meso_patient_dup_display_name (self->patient);
  g_autofree char *title = g_strdup_printf (_("Screening: %s"), name);
  GtkWidget *window = adw_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *editor = g_object_new (MESO_TYPE_PATIENT_EDITOR,
                                    "context", self->context,
                                    "vexpand", TRUE,
                                    NULL);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 760);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), editor);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_window_set_content (ADW_WINDOW (window), overlay);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries),
                                   overlay);
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));

  if (!meso_patient_editor_edit (MESO_PATIENT_EDITOR (editor), self->patient, &error))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_screening_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (window, "close-request", G_CALLBACK (on_screening_close_request_cb), editor);
  gtk_window_present (GTK_WINDOW (window));
}
