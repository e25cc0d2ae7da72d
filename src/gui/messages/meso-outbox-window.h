/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-outbox-window.h: the messages sent and to send to patients, with
 * Retry and Cancel. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_OUTBOX_WINDOW (meso_outbox_window_get_type ())
G_DECLARE_FINAL_TYPE (MesoOutboxWindow, meso_outbox_window, MESO, OUTBOX_WINDOW, AdwWindow)

MesoOutboxWindow *meso_outbox_window_new (GtkWindow   *parent,
                                          MesoContext *context);

G_END_DECLS
