/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-pg.c: the patients' part of checking a clinic server
 * (--check): how many there are, read on the check's own connection. */
#define G_LOG_DOMAIN "meso-patient-store"

#include "meso-patient-store-pg.h"

/* Returns: the number of patients, or -1 if it could not be read. */
gint64
meso_patient_store_count_server (MesoPg *pg)
{
  g_autofree char *count = NULL;

  if (!meso_pg_query_value (pg, "SELECT count(*) FROM patient", &count, NULL) || count == NULL)
    return -1;
  return g_ascii_strtoll (count, NULL, 10);
}
