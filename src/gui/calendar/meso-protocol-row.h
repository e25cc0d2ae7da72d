/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-protocol-row.h: a treatment protocol in the calendar settings: its
 * name, phases and maintenance interval, saved with a button. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"
#include "meso-course.h"

G_BEGIN_DECLS

#define MESO_TYPE_PROTOCOL_ROW (meso_protocol_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoProtocolRow, meso_protocol_row, MESO, PROTOCOL_ROW, AdwExpanderRow)

GtkWidget *meso_protocol_row_new (MesoContext        *context,
                                  const MesoProtocol *protocol);

G_END_DECLS
