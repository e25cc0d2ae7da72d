/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-private.h: the store's struct, shared by the files the
 * store is split into (loading and saving, searching); nothing else
 * includes it. */
#pragma once

#include "meso-patient-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   id;
  guint64  initials;   /* meso_text_initials() of the patient's search text */
  gboolean archived;
} OrderEntry;

struct _MesoPatientStore
{
  GObject  parent_instance;

  MesoDb  *db;

  /* Every patient's id in name order: 24 bytes a patient, refreshed when
   * this store writes or another connection commits (PRAGMA data_version). */
  GArray  *order;
  gint64   max_id;
  gint64   order_data_version;
  gboolean order_valid;
};

G_END_DECLS
