/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-schema.h: the ordered list of schema migrations. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/* "MESO": marks a SQLite file as a Mesodesk database. */
#define MESO_SCHEMA_APPLICATION_ID 0x4D45534F

const MesoDbMigration *meso_schema_get_migrations        (guint *n_migrations);
const MesoDbMigration *meso_schema_get_server_migrations (guint *n_migrations);
int                    meso_schema_latest_version        (void);

G_END_DECLS
