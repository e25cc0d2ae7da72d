/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-confirm.c: the question before a change that cannot be taken back,
 * Cancel its default: Enter or Escape changes nothing. */
#include <glib/gi18n.h>

#include "meso-confirm.h"

/**
 * meso_confirm_destructive:
 * @from: a widget of the window the question belongs to
 * @response: the id of the answer that makes the change, labelled @label
 * @on_response: an #AdwMessageDialog::response handler, called on @object
 *   while it lives
 *
 * Returns: (transfer none): the question, for the caller to attach what
 *   it is about
 */
GtkWidget *
meso_confirm_destructive (GtkWidget  *from,
                          const char *heading,
                          const char *body,
                          const char *response,
                          const char *label,
                          GCallback   on_response,
                          gpointer    object)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)), heading,
                                              body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", on_response, object, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
