/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-pg.h: the patients' part of checking a clinic
 * server, for src/core/db only. */
#pragma once

#include "meso-db-pg.h"

G_BEGIN_DECLS

gint64 meso_patient_store_count_server (MesoPg *pg);

G_END_DECLS
