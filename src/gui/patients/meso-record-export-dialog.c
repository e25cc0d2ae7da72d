/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-export-dialog.c: a patient's whole record, handed over on
 * request: the folder it goes in is chosen, the core writes it
 * (meso-record-export), and a message says where it is, or why not. */
#define G_LOG_DOMAIN "meso-record-export-dialog"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "meso-file-chooser.h"
#include "meso-record-export-dialog.h"
#include "meso-record-export.h"

typedef struct
{
  GtkWindow   *parent;
  MesoContext *context;
  gint64       patient_id;
  char        *name;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->parent);
  g_clear_object (&export->context);
  g_free (export->name);
  g_free (export);
}

static void
tell (GtkWindow  *parent,
      const char *heading,
      const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = meso_record_export_write_finish (result, &error);
  g_autofree char *body = NULL;

  if (folder == NULL)
    tell (export->parent, _("The Record Was Not Exported"), error->message);
  else
    {
      body = g_strdup_printf (_("Everything Mesodesk stores about %s is in the folder %s, "
                                "which only you may open: record.json, every stored detail, "
                                "appointments.ics, their appointments for a calendar, and "
                                "summary.pdf, the record to read, in their language. The "
                                "audit trail records the export."), export->name, folder);
      tell (export->parent, _("Record Exported"), body);
    }
  export_free (export);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        Export          *export)
{
  g_autofree char *parent_folder = meso_file_chooser_get_path (chooser, response);

  g_object_unref (chooser);
  if (parent_folder == NULL)
    {
      export_free (export);
      return;
    }
  /* Every row read and the summary laid out: in a worker thread. The
   * message that follows says where it went, even if the window has
   * closed meanwhile (its parent is kept). */
  meso_record_export_write_async (export->context, export->patient_id, parent_folder, NULL,
                                  on_written_cb, export);
}

/**
 * meso_record_export_dialog_run:
 * @name: the patient's name, as the message names them
 *
 * Asks for the folder the patient's record goes in, writes it there, and
 * says where it is, or why it could not be written.
 */
void
meso_record_export_dialog_run (GtkWindow   *parent,
                               MesoContext *context,
                               gint64       patient_id,
                               const char  *name)
{
  GtkFileChooserNative *chooser;
  Export *export = g_new0 (Export, 1);

  export->parent = g_object_ref (parent);
  export->context = g_object_ref (context);
  export->patient_id = patient_id;
  export->name = g_strdup (name);
  chooser = gtk_file_chooser_native_new (_("Choose Where the Record Goes"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
