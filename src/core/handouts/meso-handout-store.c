/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-store.c: the handouts feature's store. The texts it loads
 * (meso-handout-texts.c) are saved through it, so that it can say when
 * they changed. */
#define G_LOG_DOMAIN "meso-handout-store"

#include "meso-handout-store-private.h"

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (MesoHandoutStore, meso_handout_store, G_TYPE_OBJECT)

static void
meso_handout_store_finalize (GObject *object)
{
  g_clear_object (&MESO_HANDOUT_STORE (object)->db);

  G_OBJECT_CLASS (meso_handout_store_parent_class)->finalize (object);
}

static void
meso_handout_store_class_init (MesoHandoutStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_handout_store_finalize;

  /**
   * MesoHandoutStore::changed:
   *
   * Emitted after a text of the clinic's was saved or reset.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_handout_store_init (MesoHandoutStore *self)
{
}

MesoHandoutStore *
meso_handout_store_new (MesoDb *db)
{
  MesoHandoutStore *self = g_object_new (MESO_TYPE_HANDOUT_STORE, NULL);

  self->db = g_object_ref (db);
  return self;
}

/**
 * meso_handout_store_may_edit:
 *
 * Whether the signed-in user may rewrite the texts, for the settings page,
 * which shows them read-only otherwise; every save checks it again.
 */
gboolean
meso_handout_store_may_edit (MesoHandoutStore  *self,
                             GError           **error)
{
  return meso_db_require (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
}

/* Commits @write and, when that worked, says so. */
gboolean
meso_handout_store_commit (MesoHandoutStore  *self,
                           MesoDbWrite       *write,
                           GError           **error)
{
  if (!meso_db_write_commit (write, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
