/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-import-private.h: the import's struct, shared by reading
 * the file (meso-patient-import.c) and checking and writing its rows
 * (meso-patient-import-check.c); nothing else includes it. */
#pragma once

#include "meso-import-row.h"
#include "meso-patient-import.h"

G_BEGIN_DECLS

typedef struct
{
  MesoPatient *patient;
  char        *problems;        /* (nullable) one line for each */
  gint64       duplicate;       /* the existing patient it may be, or 0 */
  char        *duplicate_name;  /* and their name and phone, read by the check */
  char        *duplicate_phone;
  guint        duplicate_line;  /* the earlier line of the file it repeats, or 0 */
  gboolean     included;
} CheckedRow;

struct _MesoPatientImport
{
  GObject           parent_instance;

  char             *source;
  GBytes           *contents;
  MesoImportFormat  format;
  MesoEncoding      encoding;
  char              delimiter;
  gboolean          has_header;
  MesoDateOrder     date_order;

  GPtrArray        *records;   /* MesoImportRow, the header among them */
  GArray           *fields;    /* int: each column's MesoPatientField, or -1 */
  GArray           *checked;   /* CheckedRow, one per data record, once checked */
  GDate             checked_on;  /* the day the check measured birth dates from */
};

void          meso_patient_import_invalidate_check  (MesoPatientImport *self);
MesoDateOrder meso_patient_import_detect_date_order (MesoPatientImport *self);

G_END_DECLS
