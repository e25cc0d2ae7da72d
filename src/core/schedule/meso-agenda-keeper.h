/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-agenda-keeper.h: each practitioner's agenda as an iCalendar file
 * kept up to date in a folder, for a calendar program to subscribe to. */
#pragma once

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_AGENDA_KEEPER (meso_agenda_keeper_get_type ())
G_DECLARE_FINAL_TYPE (MesoAgendaKeeper, meso_agenda_keeper, MESO, AGENDA_KEEPER, GObject)

MesoAgendaKeeper *meso_agenda_keeper_new        (MesoContext       *context,
                                                 const char        *folder,
                                                 GError           **error);
void              meso_agenda_keeper_stop       (MesoAgendaKeeper  *self);
const char       *meso_agenda_keeper_get_folder (MesoAgendaKeeper  *self);
char             *meso_agenda_keeper_dup_default_folder (void);
char             *meso_agenda_keeper_dup_path   (MesoAgendaKeeper  *self,
                                                 const char        *practitioner_name);

G_END_DECLS
