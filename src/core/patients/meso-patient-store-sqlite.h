/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-sqlite.h: the patients' part of checking an SQLite
 * file, for src/core/db only. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gint64 meso_patient_store_count_file (sqlite3 *handle);

G_END_DECLS
