/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-print.c: prints a handout through the print dialog, or
 * exports it to PDF, with the pages the core lays out
 * (meso-handout-pages.c, which draws photos too) and the scalp map drawn
 * by its renderer. */
#define G_LOG_DOMAIN "meso-handout-print"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "meso-handout-pages.h"
#include "meso-handout-print.h"
#include "meso-scalp-renderer.h"

/* The scalp map's size in points. Below 160 points per row the renderer
 * leaves out the views' titles, which are in the interface's language. */
#define MAP_WIDTH 450.0

struct _MesoHandoutPrint
{
  GtkPrintOperation  parent_instance;

  MesoHandout       *handout;
  MesoHandoutPages  *pages;
};

G_DEFINE_FINAL_TYPE (MesoHandoutPrint, meso_handout_print, GTK_TYPE_PRINT_OPERATION)

static void
meso_handout_print_begin_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  MesoHandoutPrint *self = MESO_HANDOUT_PRINT (operation);
  PangoContext *pango = gtk_print_context_create_pango_context (context);

  g_clear_object (&self->pages);
  self->pages = meso_handout_pages_new (self->handout, pango,
                                        gtk_print_context_get_width (context),
                                        gtk_print_context_get_height (context));
  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, meso_handout_pages_get_n_pages (self->pages));
}

/* The renderer draws labels and points in device space, so it draws on a
 * surface of its own, which is then placed on the page, still as vectors. */
static void
paint_map (cairo_t      *cr,
           MesoScalpMap *map,
           double        width)
{
  MesoScalpStyle style;
  cairo_rectangle_t extents = { 0, 0, MAP_WIDTH, MESO_HANDOUT_MAP_HEIGHT };
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                               &extents);
  cairo_t *map_cr = cairo_create (recording);

  meso_scalp_style_init_for_paper (&style);
  meso_scalp_render (map_cr, map, MESO_SCALP_OVERVIEW, MAP_WIDTH, MESO_HANDOUT_MAP_HEIGHT,
                     &style);
  cairo_destroy (map_cr);
  cairo_set_source_surface (cr, recording, (width - MAP_WIDTH) / 2, 0);
  cairo_paint (cr);
  cairo_surface_destroy (recording);
}

static void
meso_handout_print_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  MesoHandoutPrint *self = MESO_HANDOUT_PRINT (operation);

  meso_handout_pages_draw (self->pages, gtk_print_context_get_cairo_context (context), page_nr,
                           paint_map);
}

static void
meso_handout_print_finalize (GObject *object)
{
  MesoHandoutPrint *self = MESO_HANDOUT_PRINT (object);

  g_clear_object (&self->handout);
  g_clear_object (&self->pages);

  G_OBJECT_CLASS (meso_handout_print_parent_class)->finalize (object);
}

static void
meso_handout_print_class_init (MesoHandoutPrintClass *klass)
{
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = meso_handout_print_finalize;
  operation_class->begin_print = meso_handout_print_begin_print;
  operation_class->draw_page = meso_handout_print_draw_page;
}

static void
meso_handout_print_init (MesoHandoutPrint *self)
{
}

/**
 * meso_handout_print_new:
 * @paper: "a4" or "letter": the clinic's paper, preset in the dialog
 *
 * Returns: (transfer full): a print operation for @handout, its margins
 * its own, its size in points.
 */
MesoHandoutPrint *
meso_handout_print_new (MesoHandout *handout,
                        const char  *paper)
{
  MesoHandoutPrint *self = g_object_new (MESO_TYPE_HANDOUT_PRINT, NULL);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = gtk_paper_size_new (g_strcmp0 (paper, "letter") == 0
                                                     ? GTK_PAPER_NAME_LETTER
                                                     : GTK_PAPER_NAME_A4);
  g_autofree char *job = g_strdup_printf ("%s – %s", meso_handout_get_title (handout),
                                          meso_handout_get_patient_name (handout));

  self->handout = g_object_ref (handout);
  gtk_page_setup_set_paper_size_and_default_margins (setup, size);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), job);
  return self;
}

static void
explain_failure (GtkWindow  *parent,
                 const char *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("The Handout Was Not Printed"),
                                                       message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_done_cb (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  explain_failure (parent, error != NULL ? error->message : NULL);
}

/**
 * meso_handout_print_show:
 * @parent: the window the print dialog (with its preview) belongs to
 *
 * Opens the print dialog for @handout; printing then goes on without
 * holding the window. A failure is told in a dialog over @parent.
 */
void
meso_handout_print_show (MesoHandout *handout,
                         const char  *paper,
                         GtkWindow   *parent)
{
  g_autoptr(MesoHandoutPrint) operation = meso_handout_print_new (handout, paper);
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_done_cb), parent, 0);
  if (gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                               GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    explain_failure (parent, error->message);
}

/**
 * meso_handout_print_progress:
 * @patient_id: whose photos
 * @session_id: the latest session to show, or 0 for the latest photographed
 * @parent: the window the print dialog (with its preview) belongs to
 *
 * Composes the progress handout (each view photographed at two sessions,
 * the first beside the latest, in the patient's language) and opens the
 * print dialog for it, on the clinic's paper. Its photos are read as
 * printed, which the photo store audits. What stops it (a role without the
 * clinical permission, no view photographed at two sessions, a damaged
 * photo) is told in a dialog over @parent.
 *
 * Returns: whether the print dialog was opened
 */
gboolean
meso_handout_print_progress (MesoContext *context,
                             gint64       patient_id,
                             gint64       session_id,
                             GtkWindow   *parent)
{
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = meso_handout_build (context, MESO_HANDOUT_PROGRESS, session_id,
                                                       patient_id, now, &error);

  if (handout == NULL)
    {
      explain_failure (parent, error->message);
      return FALSE;
    }
  meso_handout_print_show (handout,
                           meso_clinic_get_text (meso_context_get_clinic (context),
                                                 MESO_CLINIC_PAPER), parent);
  return TRUE;
}

/**
 * meso_handout_print_export:
 *
 * Writes @handout to the PDF file @path, whole or not at all: it is
 * written beside it under a new name first, and moved into place when
 * complete, replacing any file there; whether @path may be replaced is the
 * caller's to check (meso_output_file_check()).
 */
gboolean
meso_handout_print_export (MesoHandout  *handout,
                           const char   *paper,
                           const char   *path,
                           GError      **error)
{
  g_autoptr(MesoHandoutPrint) operation = meso_handout_print_new (handout, paper);
  g_autofree char *partial = g_strconcat (path, ".XXXXXX.part", NULL);
  GtkPrintOperationResult result;
  int fd;

  /* A handout names the patient: create the file for its owner only before
   * cairo writes into it (cairo keeps the mode of an existing file). A new
   * name each time: never a file that is already there. */
  fd = g_mkstemp_full (partial, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 || !g_close (fd, NULL))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), partial);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                                    GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_unlink (partial);
      return FALSE;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}
