/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-store.h: the handouts feature's table (the clinic's own
 * texts), and the only code that reads or writes it. */
#pragma once

#include "meso-db.h"
#include "meso-handout-texts.h"

G_BEGIN_DECLS

#define MESO_TYPE_HANDOUT_STORE (meso_handout_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoHandoutStore, meso_handout_store, MESO, HANDOUT_STORE, GObject)

MesoHandoutStore *meso_handout_store_new        (MesoDb            *db);
gboolean          meso_handout_store_may_edit   (MesoHandoutStore  *self,
                                                 GError           **error);
MesoHandoutTexts *meso_handout_store_load_texts (MesoHandoutStore  *self,
                                                 const char        *language,
                                                 GError           **error);

G_END_DECLS
