/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-command.h: mesodesk --import-patients, --undo-import and
 * --export-patient, on the terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *database;
  const char *file;       /* --import-patients */
  gint64      export_id;  /* --export-patient, into the folder @output */
  const char *output;
  gboolean    dry_run;
  const char *staff;      /* the staff member's name */
  const char *pin_file;   /* (nullable): else the PIN is typed */
  const char *encoding;   /* (nullable): else detected */
} MesoPatientCommand;

int meso_patient_command_run (const MesoPatientCommand *command);

G_END_DECLS
