/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-store-private.h: the store's struct, shared with the texts
 * it loads (meso-handout-texts.c), which write through it; nothing else
 * includes it. */
#pragma once

#include "meso-db-write.h"
#include "meso-handout-store.h"

G_BEGIN_DECLS

struct _MesoHandoutStore
{
  GObject  parent_instance;

  MesoDb  *db;
};

gboolean meso_handout_store_commit (MesoHandoutStore  *self,
                                    MesoDbWrite       *write,
                                    GError           **error);

G_END_DECLS
