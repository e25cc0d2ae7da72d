/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-export.c: a scalp map written to a PNG picture or an SVG
 * drawing, for records and handouts. */
#define G_LOG_DOMAIN "meso-scalp-export"

#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "meso-scalp-export.h"
#include "meso-scalp-renderer.h"

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL)
           ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/**
 * meso_scalp_export:
 * @svg: an SVG drawing; otherwise a PNG picture at 2400 × 1600
 *
 * Writes all five views of @map to @path, in the light style whatever the
 * desktop's: exports are for handouts and records.
 */
gboolean
meso_scalp_export (MesoScalpMap  *map,
                   const char    *path,
                   gboolean       svg,
                   GError       **error)
{
  MesoScalpStyle style;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) abandon = g_cancellable_new ();
  g_autoptr(GFileOutputStream) out = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  /* A patient's picture: readable by its owner only, and written whole or
   * not at all (the stream replaces the file when closed). */
  out = g_file_replace (file, NULL, FALSE,
                        G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return FALSE;
  surface = svg ? cairo_svg_surface_create_for_stream (write_to_stream, out, 1200, 800)
                : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2400, 1600);
  cr = cairo_create (surface);
  if (!svg)
    cairo_scale (cr, 2, 2);
  meso_scalp_style_init_for_paper (&style);
  gdk_cairo_set_source_rgba (cr, &style.rim);
  cairo_paint (cr);
  meso_scalp_render (cr, map, MESO_SCALP_OVERVIEW, 1200, 800, &style);
  cairo_destroy (cr);
  if (svg)
    cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS && !svg)
    status = cairo_surface_write_to_png_stream (surface, write_to_stream, out);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      /* A cancelled close keeps whatever file was there before. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
