/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-command-line.c: mesodesk's options, and the ones that cannot be
 * given together; MesoApplication acts on them. */
#define G_LOG_DOMAIN "meso-command-line"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-command-line.h"
#include "meso-db.h"

const GOptionEntry meso_command_line_options[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the clinic database at PATH instead of the default one"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo clinic, a separate database with sample patients"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the database (with --database, or the default one) and exit"), NULL },
  { "backup", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Back up the database to FILE, check the copy, and exit"), N_("FILE") },
  { "encrypt", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --backup: encrypt the backup with a passphrase, typed or from --passphrase-file"),
    NULL },
  { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --backup --encrypt or --restore: read the backup’s passphrase from the first line "
       "of FILE, which only you may read"), N_("FILE") },
  { "restore", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Replace the database with the backup FILE, after saving it in the backup folder, "
       "and exit"), N_("FILE") },
  { "copy-to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Copy the clinic database (with --database, or the default one) whole to a new, empty "
       "database on a clinic server, in one transaction, and exit"), N_("URI") },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start without a window and show reminders as notifications (used when Mesodesk "
       "starts with the session)"), NULL },
  { "print-handout", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write a handout to a PDF file and exit: aftercare, schedule, record or instructions"),
    N_("TYPE") },
  { "session", 0, 0, G_OPTION_ARG_INT64, NULL, N_("The session (appointment) the handout is about"),
    N_("ID") },
  { "patient", 0, 0, G_OPTION_ARG_INT64, NULL,
    N_("For a schedule: the patient whose latest course is printed"), N_("ID") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The PDF file to write (never the database, nor an existing file without --force), or "
       "the folder to export a patient's record to"),
    N_("FILE") },
  { "force", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Replace the --output file if it exists"), NULL },
  { "paper", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The paper size, a4 or letter (default: the clinic's setting)"), N_("SIZE") },
  { "import-patients", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the patients of a CSV or vCard FILE in one go, after listing each row's problems "
       "and likely duplicates, and exit"), N_("FILE") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import-patients: list what would be imported, and write nothing"), NULL },
  { "encoding", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import-patients: the file's encoding, UTF-8, Windows-1252, Windows-1254 or "
       "Windows-1251 (default: detected)"), N_("NAME") },
  { "undo-import", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Take back the patients of the latest import, if none has changed since, and exit"),
    NULL },
  { "staff", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import-patients, --undo-import or --export-patient: who does it, signing in with "
       "their PIN"),
    N_("NAME") },
  { "pin-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --staff: read the PIN from the first line of FILE, which only you may read"),
    N_("FILE") },
  { "export-patient", 0, 0, G_OPTION_ARG_INT64, NULL,
    N_("Write patient ID's whole record (every stored row as JSON, and their appointments as "
       "iCalendar) into a new folder in the --output folder, which only you may read, and exit"),
    N_("ID") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

/* What Mesodesk is asked to do; one at a time, or one would silently not
 * happen. Without any of them it opens a window. */
static const char * const modes[] = {
  "check", "backup", "restore", "copy-to", "background", "print-handout", "import-patients",
  "undo-import", "export-patient", "version",
};

#define FOR_HANDOUT N_("mesodesk: --%s goes with --print-handout only.\n")
#define FOR_IMPORT N_("mesodesk: --%s goes with --import-patients only.\n")
#define FOR_STAFF N_("mesodesk: --%s goes with --import-patients, --undo-import or " \
                     "--export-patient only.\n")

/* The options that only say how to do what a mode does: the modes they go
 * with, and what is said when one comes alone. */
static const struct
{
  const char *name;
  const char *modes[4];
  const char *refusal;
} mode_options[] = {
  { "session", { "print-handout" }, FOR_HANDOUT },
  { "patient", { "print-handout" }, FOR_HANDOUT },
  { "output", { "print-handout", "export-patient" },
    N_("mesodesk: --%s goes with --print-handout or --export-patient only.\n") },
  { "force", { "print-handout" }, FOR_HANDOUT },
  { "paper", { "print-handout" }, FOR_HANDOUT },
  { "dry-run", { "import-patients" }, FOR_IMPORT },
  { "encoding", { "import-patients" }, FOR_IMPORT },
  { "staff", { "import-patients", "undo-import", "export-patient" }, FOR_STAFF },
  { "pin-file", { "import-patients", "undo-import", "export-patient" }, FOR_STAFF },
};

static int
refuse_pair (const char *first,
             const char *second)
{
  g_printerr (_("mesodesk: --%s and --%s cannot be used together: give one of them.\n"),
              first, second);
  return 2;
}

static gboolean
demo_on_server (GVariantDict *options)
{
  g_autofree char *database = NULL;

  return g_variant_dict_lookup (options, "database", "^ay", &database) &&
         meso_db_is_server_address (database);
}

/* Returns: 2 after saying which two options conflict, or -1 when they do not. */
int
meso_command_line_refuse_conflicts (GVariantDict *options)
{
  const char *mode = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_variant_dict_contains (options, modes[i]))
      {
        if (mode != NULL)
          return refuse_pair (mode, modes[i]);
        mode = modes[i];
      }

  /* The demo is a file of its own, so --demo and --database name two,
   * unless the database is a clinic server's, where the demo is made;
   * --version reads none, and --background never the demo. */
  if (g_variant_dict_contains (options, "database") && g_variant_dict_contains (options, "demo") &&
      !demo_on_server (options))
    return refuse_pair ("database", "demo");
  if (g_strcmp0 (mode, "version") == 0 && g_variant_dict_contains (options, "database"))
    return refuse_pair ("database", mode);
  if ((g_strcmp0 (mode, "version") == 0 || g_strcmp0 (mode, "background") == 0) &&
      g_variant_dict_contains (options, "demo"))
    return refuse_pair ("demo", mode);

  for (guint i = 0; i < G_N_ELEMENTS (mode_options); i++)
    if (g_variant_dict_contains (options, mode_options[i].name) &&
        (mode == NULL || !g_strv_contains (mode_options[i].modes, mode)))
      {
        if (mode != NULL)
          return refuse_pair (mode, mode_options[i].name);
        g_printerr (_(mode_options[i].refusal), mode_options[i].name);
        return 2;
      }
  if (g_variant_dict_contains (options, "encrypt") && g_strcmp0 (mode, "backup") != 0)
    {
      g_printerr (_("mesodesk: --encrypt goes with --backup only.\n"));
      return 2;
    }
  if (g_variant_dict_contains (options, "passphrase-file") &&
      !(g_strcmp0 (mode, "restore") == 0 ||
        (g_strcmp0 (mode, "backup") == 0 && g_variant_dict_contains (options, "encrypt"))))
    {
      g_printerr (_("mesodesk: --passphrase-file goes with --backup --encrypt or --restore "
                    "only.\n"));
      return 2;
    }
  return -1;
}

