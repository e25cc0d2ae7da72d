/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-command.c: --import-patients brings in a file of patients
 * from the terminal, --undo-import takes the latest import back, and
 * --export-patient hands a patient's whole record over. They act as a staff
 * member signed in with their PIN (typed, or read from a private file),
 * whom the audit trail names. */
#define G_LOG_DOMAIN "meso-patient-command"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-clock.h"
#include "meso-context.h"
#include "meso-patient-command.h"
#include "meso-passphrase.h"
#include "meso-patient-import.h"
#include "meso-record-export.h"
#include "meso-staff-store.h"

static gint64
find_staff (MesoStaffStore  *store,
            const char      *name,
            GError         **error)
{
  g_autoptr(GListModel) staff = meso_staff_store_list (store, FALSE, error);
  g_autofree char *wanted = g_utf8_casefold (name, -1);

  if (staff == NULL)
    return 0;
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(MesoStaff) member = g_list_model_get_item (staff, i);
      g_autofree char *folded = g_utf8_casefold (meso_staff_get_display_name (member), -1);

      if (g_str_equal (folded, wanted))
        return meso_staff_get_id (member);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("There is no active staff account named “%s”."), name);
  return 0;
}

/* Signs in as --staff, a dry run too: it shows who the clinic's patients
 * are, and what the staff member may import. */
static gboolean
sign_in (MesoContext              *context,
         const MesoPatientCommand  *command,
         GError                  **error)
{
  MesoStaffStore *store = meso_context_get_staff_store (context);
  g_autoptr(MesoStaff) staff = NULL;
  char *pin = NULL;
  gint64 id;

  if (command->staff == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give --staff NAME: the audit trail names who does this."));
      return FALSE;
    }
  id = find_staff (store, command->staff, error);
  if (id == 0)
    return FALSE;
  pin = command->pin_file != NULL ? meso_passphrase_read_file (command->pin_file, error)
                                  : meso_passphrase_ask (_("PIN: "), error);
  if (pin == NULL)
    return FALSE;
  staff = meso_staff_store_sign_in (store, id, pin, error);
  meso_passphrase_free (pin);
  if (staff == NULL)
    return FALSE;
  meso_staff_store_set_actor (store, staff);
  return TRUE;
}

static void
print_settings (MesoPatientImport *import)
{
  guint n_columns = meso_patient_import_get_n_columns (import);

  if (meso_patient_import_get_format (import) == MESO_IMPORT_FORMAT_VCARD)
    g_print (_("%s: vCard, %s.\n"), meso_patient_import_get_source (import),
             meso_encoding_get_label (meso_patient_import_get_encoding (import)));
  else
    {
      char delimiter = meso_patient_import_get_delimiter (import);
      g_autofree char *shown = delimiter == '\t' ? g_strdup (_("tab")) : g_strdup_printf ("%c", delimiter);

      g_print (_("%s: CSV, %s, cells separated by “%s”, dates %s.\n"),
               meso_patient_import_get_source (import),
               meso_encoding_get_label (meso_patient_import_get_encoding (import)), shown,
               meso_patient_import_get_date_order (import) == MESO_DATE_ORDER_MONTH_FIRST
                 ? _("month first") : _("day first"));
      for (guint i = 0; i < n_columns; i++)
        {
          g_autofree char *name = meso_patient_import_dup_column_name (import, i);
          int field = meso_patient_import_get_column_field (import, i);

          g_print ("  %s → %s\n", name,
                   field >= 0 ? meso_patient_import_field_label (field) : _("(left out)"));
        }
    }
}

static void
print_rows (MesoPatientImport *import)
{
  for (guint i = 0; i < meso_patient_import_get_n_rows (import); i++)
    {
      guint line = meso_patient_import_get_row_line (import, i);
      const char *problems = meso_patient_import_get_row_problems (import, i);
      gint64 duplicate = meso_patient_import_get_row_duplicate (import, i);
      guint duplicate_line = meso_patient_import_get_row_duplicate_line (import, i);

      if (problems != NULL)
        {
          g_auto(GStrv) each = g_strsplit (problems, "\n", -1);

          for (guint j = 0; each[j] != NULL; j++)
            g_print (_("Line %u: %s\n"), line, each[j]);
        }
      else if (duplicate != 0)
        g_print (_("Line %u: the clinic may have this patient already (patient number "
                   "%lld).\n"), line, (long long) duplicate);
      else if (duplicate_line != 0)
        g_print (_("Line %u: the same patient as line %u.\n"), line, duplicate_line);
    }
}

static int
import_patients (MesoContext              *context,
                 const MesoPatientCommand  *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatientImport) import = NULL;
  MesoPatientStore *store = meso_context_get_patient_store (context);
  MesoEncoding encoding = MESO_ENCODING_AUTO;
  GDate today;
  g_autofree char *rows = NULL;
  g_autofree char *duplicates = NULL;
  guint n_rows, n_included, n_duplicates;
  gint64 import_id;

  if (command->encoding != NULL && !meso_encoding_from_name (command->encoding, &encoding))
    {
      g_printerr (_("mesodesk: --encoding is one of UTF-8, UTF-16LE, UTF-16BE, "
                    "Windows-1252, Windows-1254 and Windows-1251.\n"));
      return 2;
    }
  import = meso_patient_import_new_for_path (command->file, meso_context_get_path (context),
                                             encoding, &error);
  meso_clock_get_today (meso_context_get_clock (context), &today);
  if (import == NULL || !meso_patient_import_check (import, store, &today, &error))
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }

  print_settings (import);
  print_rows (import);
  n_rows = meso_patient_import_get_n_rows (import);
  n_included = meso_patient_import_count_included (import);
  n_duplicates = meso_patient_import_count_duplicates (import);
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);
  duplicates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u likely duplicate",
                                             "%u likely duplicates", n_duplicates), n_duplicates);
  g_print (_("%s: %u to import, %u with problems, %s."), rows, n_included,
           meso_patient_import_count_problems (import), duplicates);
  g_print ("\n");
  if (command->dry_run)
    {
      g_print (_("Dry run: nothing was written.\n"));
      return 0;
    }

  import_id = meso_patient_import_run (import, store, &error);
  if (import_id == 0)
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Imported %u patient; until the next import, mesodesk --undo-import "
                        "takes the import back.\n",
                        "Imported %u patients; until the next import, mesodesk --undo-import "
                        "takes the import back.\n", n_included), n_included);
  return 0;
}

static int
undo_import (MesoContext *context)
{
  g_autoptr(GError) error = NULL;
  MesoPatientStore *store = meso_context_get_patient_store (context);
  MesoPatientImportInfo info;

  if (!meso_patient_store_get_last_import (store, &info, &error))
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  if (info.id == 0)
    {
      g_printerr (_("mesodesk: no patients have been imported.\n"));
      return 1;
    }
  if (!meso_patient_store_undo_import (store, info.id, &error))
    {
      g_printerr ("mesodesk: %s\n", error->message);
      meso_patient_import_info_clear (&info);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Took back the %lld patient imported from %s.\n",
                        "Took back the %lld patients imported from %s.\n",
                        (gulong) info.n_patients),
           (long long) info.n_patients, info.source);
  meso_patient_import_info_clear (&info);
  return 0;
}

static int
export_patient (MesoContext              *context,
                const MesoPatientCommand *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  if (command->output == NULL)
    {
      g_printerr (_("mesodesk: give --output FOLDER, the folder the record is written in.\n"));
      return 2;
    }
  folder = meso_record_export_write (context, command->export_id, command->output, &error);
  if (folder == NULL)
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  g_print (_("The patient’s record is in %s: record.json, appointments.ics and summary.pdf, "
             "which only you may read.\n"), folder);
  return 0;
}

/* Returns: the exit status: 0 done, 1 failed, 2 the options were wrong. */
int
meso_patient_command_run (const MesoPatientCommand *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (command->database, FALSE, &error);

  if (context == NULL || !sign_in (context, command, &error))
    {
      g_printerr ("mesodesk: %s\n", error->message);
      return 1;
    }
  if (command->export_id != 0)
    return export_patient (context, command);
  return command->file != NULL ? import_patients (context, command) : undo_import (context);
}
