/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-room-row.h: a room or chair in the calendar settings: its name and
 * whether it is in use, saved as either is changed. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_ROOM_ROW (meso_room_row_get_type ())
G_DECLARE_FINAL_TYPE (MesoRoomRow, meso_room_row, MESO, ROOM_ROW, AdwEntryRow)

GtkWidget *meso_room_row_new (MesoContext    *context,
                              const MesoRoom *room);

G_END_DECLS
