/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-print.h: prints a handout, or exports it to PDF. */
#pragma once

#include <gtk/gtk.h>

#include "meso-handout.h"

G_BEGIN_DECLS

#define MESO_TYPE_HANDOUT_PRINT (meso_handout_print_get_type ())
G_DECLARE_FINAL_TYPE (MesoHandoutPrint, meso_handout_print, MESO, HANDOUT_PRINT,
                      GtkPrintOperation)

MesoHandoutPrint *meso_handout_print_new    (MesoHandout  *handout,
                                             const char   *paper);
void              meso_handout_print_show   (MesoHandout  *handout,
                                             const char   *paper,
                                             GtkWindow    *parent);
gboolean          meso_handout_print_export (MesoHandout  *handout,
                                             const char   *paper,
                                             const char   *path,
                                             GError      **error);
gboolean          meso_handout_print_progress (MesoContext *context,
                                               gint64       patient_id,
                                               gint64       session_id,
                                               GtkWindow   *parent);

G_END_DECLS
