/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-workstations.h: the workstations connected to a clinic server now. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/* One workstation: its name (its computer's), where it connects from
 * (empty for this computer's socket), since when, and over how many
 * connections (the window's, a worker's, the background's). */
typedef struct
{
  char   *name;
  char   *address;
  gint64  since;
  guint   connections;
} MesoWorkstation;

void       meso_workstation_free          (MesoWorkstation *workstation);
GPtrArray *meso_workstations_list         (MesoDb          *db,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoWorkstation, meso_workstation_free)

G_END_DECLS
