/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-store-private.h: the store's struct, shared by the files the
 * store is split into (the queries in meso-audit.c); nothing else includes it. */
#pragma once

#include "meso-audit-store.h"

G_BEGIN_DECLS

struct _MesoAuditStore
{
  GObject  parent_instance;

  MesoDb  *db;
};

G_END_DECLS
