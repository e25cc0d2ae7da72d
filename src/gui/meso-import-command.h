/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-command.h: mesodesk --import-patients and --undo-import, on the terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *database;
  const char *file;       /* --import-patients, or NULL for --undo-import */
  gboolean    dry_run;
  const char *staff;      /* the staff member's name */
  const char *pin_file;   /* (nullable): else the PIN is typed */
  const char *encoding;   /* (nullable): else detected */
} MesoImportCommand;

int meso_import_command_run (const MesoImportCommand *command);

G_END_DECLS
