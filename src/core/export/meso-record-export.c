/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-export.c: a patient's whole record, handed over on request
 * (the right of access): a folder only its owner may open, with a JSON
 * document of every stored row about the patient, each feature adding its
 * own tables, the .ics of their appointments, and a summary for the
 * patient to read, in their language (a handout). The export is written
 * under a temporary name, recorded in the audit trail, and only then named:
 * no export without its entry, no entry without its files. */
#define G_LOG_DOMAIN "meso-record-export"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "config.h"
#include "meso-audit-store.h"
#include "meso-db-write.h"
#include "meso-handout-pages.h"
#include "meso-ical.h"
#include "meso-outbox.h"
#include "meso-record-export.h"
#include "meso-reminders.h"
#include "meso-scalp-store.h"
#include "meso-treatment-store.h"

#include <string.h>

#define RECORD_FORMAT "io.github.mesodesk.patient-record"
#define RECORD_FORMAT_VERSION "1"

/* The export sees clinical data and the audit trail: physicians and
 * administrators. */
static gboolean
require_permissions (MesoDb  *db,
                     GError **error)
{
  return meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error) &&
         meso_db_require (db, MESO_PERMISSION_READ_AUDIT, error);
}

/**
 * meso_record_export_dup_json:
 *
 * Returns: (transfer full): the JSON document of every row the clinic
 * stores about patient @patient_id, every column of them (see
 * data/patient-record.schema.json), or %NULL with @error set.
 */
char *
meso_record_export_dup_json (MesoContext  *context,
                             gint64        patient_id,
                             GError      **error)
{
  MesoDb *db = meso_context_get_db (context);
  g_autoptr(MesoRecordJson) record = meso_record_json_new ();
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autofree char *exported_at = g_date_time_format_iso8601 (now);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, patient_id);
  MesoStaff *actor = meso_db_get_actor (db);

  if (!require_permissions (db, error))
    return NULL;
  meso_record_json_set (record, "format", RECORD_FORMAT);
  meso_record_json_set (record, "format_version", RECORD_FORMAT_VERSION);
  meso_record_json_set (record, "application", "Mesodesk " PACKAGE_VERSION);
  meso_record_json_set (record, "exported_at", exported_at);
  meso_record_json_set (record, "exported_by", meso_staff_get_display_name (actor));
  meso_record_json_set (record, "patient_id", id);

  if (!meso_patient_store_add_to_record (meso_context_get_patient_store (context), patient_id,
                                         record, error))
    return NULL;
  if (meso_record_json_count_rows (record, "patient") != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no patient number %lld."), (long long) patient_id);
      return NULL;
    }
  if (!meso_schedule_add_to_record (meso_context_get_schedule (context), patient_id, record,
                                    error) ||
      !meso_treatment_store_add_to_record (meso_context_get_treatment_store (context),
                                           patient_id, record, error) ||
      !meso_scalp_store_add_to_record (meso_context_get_scalp_store (context), patient_id,
                                       record, error) ||
      !meso_photo_store_add_to_record (meso_context_get_photo_store (context), patient_id,
                                       record, error) ||
      !meso_reminders_add_to_record (meso_context_get_reminders (context), patient_id, record,
                                     error) ||
      !meso_outbox_add_to_record (meso_context_get_outbox (context), patient_id, record,
                                  error) ||
      !meso_record_exports_add_to_record (db, patient_id, record, error) ||
      !meso_audit_store_add_to_record (meso_context_get_audit_store (context), patient_id,
                                       record, error))
    return NULL;
  return meso_record_json_end (record);
}

/* The record's own rows: the earlier exports of it. */
gboolean
meso_record_exports_add_to_record (MesoDb          *db,
                                   gint64           patient_id,
                                   MesoRecordJson  *record,
                                   GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "record_export", "SELECT * FROM record_export WHERE patient_id = ?1 ORDER BY id" },
  };

  return meso_record_json_add_tables (record, db, tables, G_N_ELEMENTS (tables), patient_id,
                                      error);
}

static gboolean
write_private_file (const char  *folder,
                    const char  *name,
                    const char  *contents,
                    gssize       length,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  return g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

/* "Yılmaz Ayşe 2026-12-07": the patient's name without what a file
 * system refuses or hides. */
static char *
folder_name (MesoContext *context,
             gint64       patient_id)
{
  MesoPatientStore *store = meso_context_get_patient_store (context);
  g_autoptr(MesoPatient) patient = meso_patient_store_load (store, patient_id, NULL);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  g_autoptr(GString) base = g_string_new (NULL);

  if (patient != NULL)
    name = g_strdup_printf ("%s %s", meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME),
                            meso_patient_get_field (patient, MESO_PATIENT_GIVEN_NAME));
  else
    name = g_strdup_printf ("%" G_GINT64_FORMAT, patient_id);
  for (const char *p = name; *p != '\0' && base->len < 120; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '/' && c != '\\' && !g_unichar_iscntrl (c) && (base->len > 0 || c != '.'))
        g_string_append_unichar (base, c);
    }
  g_strstrip (base->str);
  return g_strdup_printf ("%s %s", base->str, day);
}

/* Gives @temporary its name in @parent: @name, or "@name (2)" and so on
 * where one exists. Returns: (transfer full): the folder's path. */
static char *
name_folder (const char  *temporary,
             const char  *parent,
             const char  *name,
             GError     **error)
{
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (name) : g_strdup_printf ("%s (%u)", name, n);
      g_autofree char *path = g_build_filename (parent, candidate, NULL);

      /* rename() would replace an empty folder of that name: never one that exists. */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (temporary, path) == 0)
        return g_steal_pointer (&path);
      if (errno != EEXIST && errno != ENOTEMPTY)
        break;
    }
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               _("Could not name the export’s folder in %s: %s"), parent, g_strerror (errno));
  return NULL;
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

static gboolean
record_export (MesoDb      *db,
               gint64       patient_id,
               const char  *folder,
               const char  *files,
               GError     **error)
{
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_READ_AUDIT, error);
  MesoStmt *stmt;

  if (w == NULL || !require_permissions (db, error))
    return FALSE;
  stmt = meso_db_prepare (db,
                          "INSERT INTO record_export (patient_id, staff_id, folder, files)"
                          " VALUES (?1, meso_actor (), ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  meso_stmt_bind_text (stmt, 2, folder);
  meso_stmt_bind_text (stmt, 3, files);
  return meso_db_step_done (db, stmt, error) && meso_db_write_commit (w, error);
}

/* Each of the patient's photos as photo-ID.jpg beside the record, which
 * names them (its photo table): each export is audited with its photo.
 * Appends their names to @files, a JSON array being written. */
static gboolean
write_photos (MesoContext  *context,
              gint64        patient_id,
              const char   *folder,
              GString      *files,
              GError      **error)
{
  MesoPhotoStore *store = meso_context_get_photo_store (context);
  g_autoptr(GPtrArray) photos = meso_photo_store_list_patient (store, patient_id, error);

  if (photos == NULL)
    return FALSE;
  for (guint i = 0; i < photos->len; i++)
    {
      gint64 photo_id = MESO_PHOTO (photos->pdata[i])->id;
      g_autoptr(GBytes) image = meso_photo_store_load_image (store, photo_id,
                                                             MESO_PHOTO_PURPOSE_EXPORT, error);
      g_autofree char *file = g_strdup_printf ("photo-%" G_GINT64_FORMAT ".jpg", photo_id);

      if (image == NULL || !write_private_file (folder, file, g_bytes_get_data (image, NULL),
                                                g_bytes_get_size (image), error))
        return FALSE;
      g_string_append_printf (files, ", \"%s\"", file);
    }
  return TRUE;
}

/**
 * meso_record_export_write:
 * @parent: the folder the export's folder is made in
 *
 * Writes patient @patient_id's whole record into a new folder in @parent
 * that only its owner may open: record.json (every stored row about the
 * patient), appointments.ics, summary.pdf (the record as the patient
 * reads it, in their language) and each photo as photo-ID.jpg, each
 * readable by its owner alone. The
 * files are written under a hidden temporary name, the export is recorded
 * in the audit trail (who, when, which files), and the folder only then
 * gets its name; a failure on the way leaves neither files nor an entry.
 * For physicians and administrators.
 *
 * Returns: (transfer full): the new folder's path, or %NULL with @error set.
 */
char *
meso_record_export_write (MesoContext  *context,
                          gint64        patient_id,
                          const char   *parent,
                          GError      **error)
{
  MesoDb *db = meso_context_get_db (context);
  g_autoptr(MesoHandoutTexts) texts = NULL;
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autoptr(MesoHandout) summary = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *json = NULL;
  g_autofree char *calendar = NULL;
  g_autofree char *name = NULL;
  g_autofree char *temporary = NULL;
  g_autoptr(GString) files = NULL;
  char *folder;

  json = meso_record_export_dup_json (context, patient_id, error);
  if (json == NULL)
    return NULL;
  texts = meso_handout_load_patient_texts (context, patient_id, error);
  if (texts == NULL)
    return NULL;
  calendar = meso_ical_patient_calendar (meso_context_get_schedule (context), texts, patient_id,
                                         meso_clock_get_now (meso_context_get_clock (context)),
                                         error);
  if (calendar == NULL)
    return NULL;
  summary = meso_handout_build (context, MESO_HANDOUT_RECORD_SUMMARY, 0, patient_id, now, error);
  if (summary == NULL)
    return NULL;
  pdf = meso_handout_write_pdf (summary, error);
  if (pdf == NULL)
    return NULL;

  name = folder_name (context, patient_id);
  /* Made in place of its XXXXXX. */
  temporary = g_build_filename (parent, ".mesodesk-export-XXXXXX", NULL);
  if (g_mkdtemp_full (temporary, 0700) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not make the export’s folder in %s: %s"), parent, g_strerror (errno));
      return NULL;
    }
  files = g_string_new ("[\"record.json\", \"appointments.ics\", \"summary.pdf\"");
  if (!write_private_file (temporary, "record.json", json, -1, error) ||
      !write_private_file (temporary, "appointments.ics", calendar, -1, error) ||
      !write_private_file (temporary, "summary.pdf", g_bytes_get_data (pdf, NULL),
                           g_bytes_get_size (pdf), error) ||
      !write_photos (context, patient_id, temporary, files, error) ||
      !record_export (db, patient_id, name, g_string_append_c (files, ']')->str, error))
    {
      remove_folder (temporary);
      return NULL;
    }
  folder = name_folder (temporary, parent, name, error);
  if (folder == NULL)
    remove_folder (temporary);
  return folder;
}

/* What the worker thread needs, taken on the main loop. */
typedef struct
{
  MesoContext *context;
  MesoStaff   *actor;
  gint64       patient_id;
  char        *parent;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_object_unref (export->context);
  g_clear_object (&export->actor);
  g_free (export->parent);
  g_free (export);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(MesoContext) worker = NULL;
  GError *error = NULL;
  char *folder = NULL;

  /* The export is the signed-in person's, checked and audited as theirs. */
  worker = meso_context_open_worker (export->context,
                                     meso_context_get_clock (export->context), &error);
  if (worker != NULL)
    {
      meso_db_set_actor (meso_context_get_db (worker), export->actor);
      folder = meso_record_export_write (worker, export->patient_id, export->parent, &error);
    }
  if (folder == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, folder, g_free);
}

/**
 * meso_record_export_write_async:
 *
 * meso_record_export_write() in a worker thread, on a connection of its
 * own, for the member of staff signed in now: reading every row and laying
 * out the summary's pages takes longer than a frame.
 */
void
meso_record_export_write_async (MesoContext         *context,
                                gint64               patient_id,
                                const char          *parent,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  MesoStaff *actor = meso_db_get_actor (meso_context_get_db (context));
  Export *export = g_new0 (Export, 1);

  export->context = g_object_ref (context);
  export->actor = actor != NULL ? g_object_ref (actor) : NULL;
  export->patient_id = patient_id;
  export->parent = g_strdup (parent);
  g_task_set_source_tag (task, meso_record_export_write_async);
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, write_in_thread);
}

/* Returns: (transfer full): the new folder's path, or %NULL with @error set. */
char *
meso_record_export_write_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
