/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-treatment-store-private.h: the store's struct, shared by the files
 * the store is split into (catalogue, stock); nothing else includes it. */
#pragma once

#include "meso-db-write.h"
#include "meso-reminder-source.h"
#include "meso-treatment-store.h"

G_BEGIN_DECLS

struct _MesoTreatmentStore
{
  GObject  parent_instance;

  MesoDb  *db;
};

gboolean meso_treatment_store_commit (MesoTreatmentStore  *self,
                                     MesoDbWrite         *write,
                                     GError             **error);
/* meso-treatment-reminders.c */
void     meso_treatment_store_reminder_source_init (MesoReminderSourceInterface *iface);

G_END_DECLS
