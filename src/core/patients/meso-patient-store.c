/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store.c: loads patients and saves them with their screening
 * in one transaction; counting and searching are in meso-patient-store-search.c. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "meso-db-write.h"
#include "meso-enum.h"
#include "meso-patient-store-private.h"
#include "meso-revision.h"
#include "meso-text.h"

G_DEFINE_TYPE (MesoPatientStore, meso_patient_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
meso_patient_store_finalize (GObject *object)
{
  MesoPatientStore *self = MESO_PATIENT_STORE (object);

  g_clear_object (&self->db);
  g_array_unref (self->order);
  g_free (self->language);
  g_clear_object (&self->rebuild_superseded);
  g_mutex_clear (&self->rebuild_lock);

  G_OBJECT_CLASS (meso_patient_store_parent_class)->finalize (object);
}

static void
meso_patient_store_class_init (MesoPatientStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_patient_store_finalize;

  /**
   * MesoPatientStore::changed:
   *
   * Emitted after this store committed a change to any patient.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_patient_store_init (MesoPatientStore *self)
{
  self->order = g_array_new (FALSE, FALSE, sizeof (OrderEntry));
  self->language = g_strdup ("en");
  g_mutex_init (&self->rebuild_lock);
}

MesoPatientStore *
meso_patient_store_new (MesoDb *db)
{
  MesoPatientStore *self = g_object_new (MESO_TYPE_PATIENT_STORE, NULL);

  self->db = g_object_ref (db);
  return self;
}

MesoDb *
meso_patient_store_get_db (MesoPatientStore *self)
{
  return self->db;
}

static void
bind_text (MesoStmt   *stmt,
           int         index,
           const char *text)
{
  meso_stmt_bind_text (stmt, index, text);
}

const char *
meso_patient_column_text (MesoStmt *stmt,
                          int       index)
{
  const char *text = meso_stmt_column_text (stmt, index);
  return text != NULL ? text : "";
}

#define PATIENT_COLUMNS "family_name, given_name, birth_date, sex, phone, email," \
                        " address, language, notes, archived, revision, restricted_on," \
                        " anonymised_on"
#define PATIENT_N_COLUMNS (MESO_PATIENT_N_FIELDS + 4)

/* The patient @id from a row of PATIENT_COLUMNS, or %NULL when it is damaged. */
static MesoPatient *
patient_from_row (MesoPatientStore *self,
                  MesoStmt         *stmt,
                  gint64            id,
                  GError          **error)
{
  MesoPatient *patient;
  const char *restricted_on = meso_stmt_column_text (stmt, MESO_PATIENT_N_FIELDS + 2);

  if (restricted_on != NULL && !meso_db_require (self->db, MESO_PERMISSION_MANAGE_RECORDS, NULL))
    {
      meso_patient_store_set_restricted_error (error);
      return NULL;
    }
  /* The sex selects the rules for pregnancy: one the schema does not allow
   * is damage. A language this build does not know is not: handouts use the
   * clinic's then, and a newer Mesodesk may offer more. */
  if (!meso_enum_from_code (MESO_TYPE_SEX, meso_patient_column_text (stmt, MESO_PATIENT_SEX), NULL))
    {
      meso_db_set_damaged (error, "patient");
      return NULL;
    }
  patient = meso_patient_new ();
  meso_patient_set_id (patient, id);
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    meso_patient_set_field (patient, i, meso_patient_column_text (stmt, i));
  /* Notes are clinical: a receptionist gets the contact data only. */
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, NULL))
    meso_patient_set_field (patient, MESO_PATIENT_NOTES, "");
  meso_patient_set_archived (patient, meso_stmt_column_int (stmt, MESO_PATIENT_N_FIELDS));
  meso_patient_set_revision (patient, meso_stmt_column_int64 (stmt, MESO_PATIENT_N_FIELDS + 1));
  meso_patient_set_restriction (patient, restricted_on,
                                meso_stmt_column_text (stmt, MESO_PATIENT_N_FIELDS + 3));
  return patient;
}

/**
 * meso_patient_store_load:
 *
 * Returns: (transfer full): the patient with @id, or %NULL with
 * %G_IO_ERROR_NOT_FOUND if there is none. The clinical notes are left empty
 * for staff who may not read them.
 */
MesoPatient *
meso_patient_store_load (MesoPatientStore  *self,
                         gint64             id,
                         GError           **error)
{
  MesoStmt *stmt;
  MesoPatient *patient;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return NULL;
  stmt = meso_db_prepare (self->db, "SELECT " PATIENT_COLUMNS " FROM patient WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);

  rc = meso_stmt_step (stmt);
  if (rc != MESO_STEP_ROW)
    {
      if (rc == MESO_STEP_DONE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("There is no patient number %lld."), (long long) id);
      else
        meso_db_set_error (self->db, error, rc, _("Could not read the patient"));
      meso_stmt_reset (stmt);
      return NULL;
    }

  patient = patient_from_row (self, stmt, id, error);
  meso_stmt_reset (stmt);
  return patient;
}

/* @ids as a JSON array for json_each (), in the order @order gives (or as
 * they are, with %NULL), an id repeated next to itself written once. */
GString *
meso_patient_json_id_list (const gint64 *ids,
                           const guint  *order,
                           guint         n_ids)
{
  GString *list = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    {
      gint64 id = ids[order != NULL ? order[i] : i];

      if (i > 0 && id == ids[order != NULL ? order[i - 1] : i - 1])
        continue;
      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", id);
    }
  g_string_append_c (list, ']');
  return list;
}


/**
 * meso_patient_store_load_many:
 * @ids: (array length=n_ids): patient ids, in any order, not repeated
 * @out_patients: (array length=n_ids) (out caller-allocates) (transfer full):
 *   each patient, %NULL where there is no patient of that id or its row is damaged
 *
 * meso_patient_store_load() for many patients in one query, so one read
 * transaction: a list loads its page of rows at once, not row by row.
 *
 * Returns: %FALSE with @error if the patients could not be read; then no
 * patient is returned.
 */
gboolean
meso_patient_store_load_many (MesoPatientStore  *self,
                              const gint64      *ids,
                              guint              n_ids,
                              MesoPatient      **out_patients,
                              GError           **error)
{
  g_autoptr(GHashTable) slots = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) list = meso_patient_json_id_list (ids, NULL, n_ids);
  MesoStmt *stmt;
  int rc;

  for (guint i = 0; i < n_ids; i++)
    {
      out_patients[i] = NULL;
      g_hash_table_insert (slots, (gpointer) &ids[i], &out_patients[i]);
    }
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return FALSE;
  stmt = meso_db_prepare (self->db, meso_db_is_server (self->db)
                                      ? "SELECT " PATIENT_COLUMNS ", id FROM patient"
                                        " WHERE id IN (" SERVER_IDS_IN_JSON ")"
                                      : "SELECT " PATIENT_COLUMNS ", id FROM patient"
                                        " WHERE id IN (" FILE_IDS_IN_JSON ")", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text_len (stmt, 1, list->str, list->len);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 id = meso_stmt_column_int64 (stmt, PATIENT_N_COLUMNS);
      MesoPatient **slot = g_hash_table_lookup (slots, &id);
      g_autoptr(GError) damaged = NULL;

      /* A damaged row is left out like a missing one: the others still show. */
      if (slot != NULL && *slot == NULL)
        *slot = patient_from_row (self, stmt, id, &damaged);
      if (damaged != NULL)
        g_debug ("Patient %" G_GINT64_FORMAT " not loaded: %s", id, damaged->message);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the patients"), error))
    {
      for (guint i = 0; i < n_ids; i++)
        g_clear_object (&out_patients[i]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_rows (MesoDb   *db,
           MesoStmt *stmt,
           int      *rc,
           GError  **error)
{
  *rc = meso_stmt_step (stmt);
  if (*rc == MESO_STEP_ROW)
    return TRUE;
  if (*rc != MESO_STEP_DONE)
    meso_db_set_error (db, error, *rc, _("Could not read the screening record"));
  meso_stmt_reset (stmt);
  return FALSE;
}

/**
 * meso_patient_store_load_screening:
 *
 * Returns: (transfer full): the screening record of patient @id; every
 * condition never asked is "unknown". Needs %MESO_PERMISSION_READ_CLINICAL.
 */
MesoScreening *
meso_patient_store_load_screening (MesoPatientStore  *self,
                                   gint64             id,
                                   GError           **error)
{
  g_autoptr(MesoScreening) screening = NULL;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  screening = meso_screening_new ();

  stmt = meso_db_prepare (self->db,
                          "SELECT condition, answer, asked_on FROM screening_answer"
                          " WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  while (step_rows (self->db, stmt, &rc, error))
    {
      MesoCondition condition;
      MesoAnswer answer;

      /* The schema allows only three answers: another one is damage, and
       * not a question left unasked. */
      if (!meso_answer_from_code (meso_patient_column_text (stmt, 1), &answer))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "screening_answer");
          return NULL;
        }
      /* Conditions this build does not know (added by a newer one: the
       * schema leaves them open) are kept in the database, untouched, and
       * not shown; they select nothing here. */
      if (meso_condition_from_code (meso_patient_column_text (stmt, 0), &condition))
        meso_screening_set_answer (screening, condition, answer,
                                   meso_stmt_column_text (stmt, 2));
    }
  if (rc != MESO_STEP_DONE)
    return NULL;

  stmt = meso_db_prepare (self->db,
                          "SELECT substance FROM allergy WHERE patient_id = ?1 ORDER BY id",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  while (step_rows (self->db, stmt, &rc, error))
    meso_screening_add_allergy (screening, meso_patient_column_text (stmt, 0));
  if (rc != MESO_STEP_DONE)
    return NULL;

  stmt = meso_db_prepare (self->db,
                          "SELECT name, blood_thinner FROM medication WHERE patient_id = ?1"
                          " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  while (step_rows (self->db, stmt, &rc, error))
    meso_screening_add_medication (screening, meso_patient_column_text (stmt, 0),
                                   meso_stmt_column_int (stmt, 1));
  if (rc != MESO_STEP_DONE)
    return NULL;

  return g_steal_pointer (&screening);
}

/* %FALSE with @error set when there is no patient @id or it cannot be read. */
static gboolean
patient_exists (MesoPatientStore  *self,
                gint64             id,
                GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT 1 FROM patient WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  meso_stmt_reset (stmt);
  if (rc == MESO_STEP_ROW)
    return TRUE;
  if (rc == MESO_STEP_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no patient number %lld."), (long long) id);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the patient"));
  return FALSE;
}

/* Inserts a new @patient (id 0), giving it its id, or updates a loaded one. */
static gboolean
write_patient (MesoPatientStore  *self,
               MesoPatient       *patient,
               GError           **error)
{
  g_autofree char *sort_key = meso_patient_dup_sort_key (patient, self->language,
                                                        self->script_order);
  g_autofree char *search_text = meso_patient_dup_search_text (patient);
  gint64 id = meso_patient_get_id (patient);
  const char *birth_date;
  MesoStmt *stmt;

  if (id == 0)
    stmt = meso_db_prepare (self->db,
                            "INSERT INTO patient (family_name, given_name, birth_date, sex,"
                            " phone, email, address, language, notes, archived, sort_key,"
                            " search_text, initials, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                            " CASE WHEN ?15 <> 0 THEN ?9 ELSE '' END, ?10,"
                            " ?11, ?12, ?14,"
                            " strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ'))"
                            " RETURNING id", error);
  else
    /* Only a form read at the stored revision may overwrite the patient
     * (write_all() bumps it). Archiving is its own action, left as it is. */
    stmt = meso_db_prepare (self->db,
                            "UPDATE patient SET family_name = ?1, given_name = ?2,"
                            " birth_date = ?3, sex = ?4, phone = ?5, email = ?6, address = ?7,"
                            " language = ?8, notes = CASE WHEN ?15 <> 0 THEN ?9 ELSE notes END,"
                            " sort_key = ?11,"
                            " search_text = ?12, initials = ?14,"
                            " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ')"
                            " WHERE id = ?13 AND revision = ?16", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    bind_text (stmt, i + 1, meso_patient_get_field (patient, i));
  birth_date = meso_patient_get_field (patient, MESO_PATIENT_BIRTH_DATE);
  if (*birth_date == '\0')
    meso_stmt_bind_null (stmt, 1 + MESO_PATIENT_BIRTH_DATE);
  meso_stmt_bind_int (stmt, 10, meso_patient_get_archived (patient));
  bind_text (stmt, 11, sort_key);
  bind_text (stmt, 12, search_text);
  if (id != 0)
    {
      meso_stmt_bind_int64 (stmt, 13, id);
      meso_stmt_bind_int64 (stmt, 16, meso_patient_get_revision (patient));
    }
  meso_stmt_bind_int64 (stmt, 14, (gint64) meso_text_initials (search_text));
  /* Staff who may not see the clinical notes cannot overwrite them either. */
  meso_stmt_bind_int (stmt, 15, meso_db_require (self->db, MESO_PERMISSION_WRITE_CLINICAL, NULL));

  if (id == 0)
    {
      /* The new id comes from the insert itself: on a server the audit
       * trigger's own rows leave no "last id" that is the patient's. */
      id = meso_db_step_new_id (self->db, stmt, error);
      meso_patient_set_id (patient, id);
      return id != 0;
    }
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (meso_stmt_changes (stmt) != 1)
    {
      if (patient_exists (self, id, error))
        meso_revision_set_stale_error (self->db, MESO_RECORD_PATIENT, id, error);
      return FALSE;
    }
  return TRUE;
}

/* Inserts a new @patient inside the caller's write, as it is: the importer
 * has validated it. */
gboolean
meso_patient_store_write_new (MesoPatientStore  *self,
                              MesoPatient       *patient,
                              GError           **error)
{
  g_return_val_if_fail (meso_patient_get_id (patient) == 0, FALSE);

  return write_patient (self, patient, error);
}

/* A new revision only when the audit trail recorded a change of the patient
 * since @last_audit_id: a save that changed nothing leaves other forms on the
 * patient current, and a refusal always has a change to name. */
static gboolean
bump_revision (MesoPatientStore  *self,
               MesoPatient       *patient,
               gint64             last_audit_id,
               GError           **error)
{
  gint64 id = meso_patient_get_id (patient);
  gboolean changed = FALSE;
  MesoStmt *stmt;

  if (!meso_revision_changed_since (self->db, MESO_RECORD_PATIENT, id, last_audit_id, &changed,
                                    error))
    return FALSE;
  if (!changed)
    return TRUE;
  stmt = meso_db_prepare (self->db, "UPDATE patient SET revision = revision + 1 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (meso_stmt_changes (stmt) == 1)
    meso_patient_set_revision (patient, meso_patient_get_revision (patient) + 1);
  return TRUE;
}

/* Runs @sql, with ?1 the patient @id. */
gboolean
meso_patient_store_run_with_id (MesoPatientStore  *self,
                                const char        *sql,
                                gint64             id,
                                GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  return meso_db_step_done (self->db, stmt, error);
}

/* Reads the patient's existing rows of @sql (id, name, flag) into a table
 * name -> row, so that a save touches only what changed and the audit trail
 * shows real edits instead of a delete and re-insert of every row. */
typedef struct
{
  gint64   id;
  gboolean flag;
} ExistingRow;

static GHashTable *
read_existing (MesoPatientStore  *self,
               const char        *sql,
               gint64             patient_id,
               GError           **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  MesoStmt *stmt = meso_db_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      ExistingRow *row = g_new (ExistingRow, 1);

      row->id = meso_stmt_column_int64 (stmt, 0);
      row->flag = meso_stmt_column_int (stmt, 2);
      g_hash_table_replace (rows, g_strdup (meso_patient_column_text (stmt, 1)), row);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the screening record"), error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
delete_rows_left (MesoPatientStore  *self,
                  const char        *sql,
                  GHashTable        *rows,
                  GError           **error)
{
  GHashTableIter iter;
  ExistingRow *row;

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (!meso_patient_store_run_with_id (self, sql, row->id, error))
      return FALSE;
  return TRUE;
}

static gboolean
write_answers (MesoPatientStore  *self,
               gint64             id,
               MesoScreening     *screening,
               GError           **error)
{
  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    {
      /* A condition never asked gets no row until it is asked. */
      MesoStmt *stmt =
        meso_db_prepare (self->db,
                         "INSERT INTO screening_answer (patient_id, condition, answer, asked_on)"
                         " SELECT ?1, ?2, ?3, ?4"
                         " WHERE ?3 <> 'unknown' OR ?4 IS NOT NULL OR EXISTS (SELECT 1"
                         "  FROM screening_answer WHERE patient_id = ?1 AND condition = ?2)"
                         " ON CONFLICT (patient_id, condition)"
                         " DO UPDATE SET answer = excluded.answer,"
                         " asked_on = excluded.asked_on", error);
      if (stmt == NULL)
        return FALSE;
      meso_stmt_bind_int64 (stmt, 1, id);
      bind_text (stmt, 2, meso_condition_get_code (i));
      bind_text (stmt, 3, meso_answer_get_code (meso_screening_get_answer (screening, i)));
      bind_text (stmt, 4, meso_screening_get_asked_on (screening, i));
      if (!meso_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The statements of one list of named rows a screening keeps per patient. */
typedef struct
{
  const char *select_sql;  /* the patient's rows: id, name, flag; ?1 = patient */
  const char *insert_sql;  /* ?1 = patient, ?2 = name, ?3 = flag */
  const char *update_sql;  /* ?1 = row id, ?2 = flag; NULL where the rows have no flag */
  const char *delete_sql;  /* ?1 = row id */
} NamedRowsSql;

typedef void (*NamedRowAt) (gconstpointer  list,
                            guint          i,
                            const char   **name,
                            gboolean      *flag);

/* Brings the patient's rows in line with @list: inserts the new names, updates a changed
 * flag and deletes the names no longer listed, leaving unchanged rows alone. */
static gboolean
write_named_rows (MesoPatientStore    *self,
                  gint64               id,
                  const NamedRowsSql  *sql,
                  gconstpointer        list,
                  guint                n_items,
                  NamedRowAt           item_at,
                  GError             **error)
{
  g_autoptr(GHashTable) existing = read_existing (self, sql->select_sql, id, error);

  if (existing == NULL)
    return FALSE;

  for (guint i = 0; i < n_items; i++)
    {
      const char *name;
      gboolean flag;
      ExistingRow *row;
      MesoStmt *stmt;

      item_at (list, i, &name, &flag);
      row = g_hash_table_lookup (existing, name);
      if (row != NULL && row->flag == flag)
        {
          g_hash_table_remove (existing, name);
          continue;
        }
      if (row != NULL)
        {
          stmt = meso_db_prepare (self->db, sql->update_sql, error);
          if (stmt == NULL)
            return FALSE;
          meso_stmt_bind_int64 (stmt, 1, row->id);
          meso_stmt_bind_int (stmt, 2, flag);
          g_hash_table_remove (existing, name);
        }
      else
        {
          stmt = meso_db_prepare (self->db, sql->insert_sql, error);
          if (stmt == NULL)
            return FALSE;
          meso_stmt_bind_int64 (stmt, 1, id);
          bind_text (stmt, 2, name);
          if (sql->update_sql != NULL)
            meso_stmt_bind_int (stmt, 3, flag);
        }
      if (!meso_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return delete_rows_left (self, sql->delete_sql, existing, error);
}

static void
allergy_at (gconstpointer   list,
            guint           i,
            const char    **name,
            gboolean       *flag)
{
  *name = g_ptr_array_index ((GPtrArray *) list, i);
  *flag = FALSE;  /* allergy rows have no flag; their select reads 0 */
}

static void
medication_at (gconstpointer   list,
               guint           i,
               const char    **name,
               gboolean       *flag)
{
  const MesoMedication *med = &g_array_index ((GArray *) list, MesoMedication, i);

  *name = med->name;
  *flag = med->blood_thinner;
}

static const NamedRowsSql allergy_sql = {
  "SELECT id, substance, 0 FROM allergy WHERE patient_id = ?1",
  "INSERT INTO allergy (patient_id, substance) VALUES (?1, ?2)",
  NULL,
  "DELETE FROM allergy WHERE id = ?1",
};

static const NamedRowsSql medication_sql = {
  "SELECT id, name, blood_thinner FROM medication WHERE patient_id = ?1",
  "INSERT INTO medication (patient_id, name, blood_thinner) VALUES (?1, ?2, ?3)",
  "UPDATE medication SET blood_thinner = ?2 WHERE id = ?1",
  "DELETE FROM medication WHERE id = ?1",
};

static gboolean
write_allergies (MesoPatientStore  *self,
                 gint64             id,
                 MesoScreening     *screening,
                 GError           **error)
{
  GPtrArray *allergies = meso_screening_get_allergies (screening);

  return write_named_rows (self, id, &allergy_sql, allergies, allergies->len, allergy_at, error);
}

static gboolean
write_medications (MesoPatientStore  *self,
                   gint64             id,
                   MesoScreening     *screening,
                   GError           **error)
{
  GArray *medications = meso_screening_get_medications (screening);

  return write_named_rows (self, id, &medication_sql, medications, medications->len,
                           medication_at, error);
}

static gboolean
write_screening (MesoPatientStore  *self,
                 gint64             id,
                 MesoScreening     *screening,
                 GError           **error)
{
  return write_answers (self, id, screening, error) &&
         write_allergies (self, id, screening, error) &&
         write_medications (self, id, screening, error);
}

/* Writes without validating or committing: the caller owns the transaction. */
static gboolean
write_all (MesoPatientStore  *self,
           MesoPatient       *patient,
           MesoScreening     *screening,
           GError           **error)
{
  gboolean is_new = meso_patient_get_id (patient) == 0;
  gint64 last_audit_id = 0;

  if (!is_new && (!meso_patient_store_check_access (self, meso_patient_get_id (patient), error) ||
                  !meso_revision_mark (self->db, &last_audit_id, error)))
    return FALSE;
  if (!write_patient (self, patient, error))
    return FALSE;
  if ((screening != NULL &&
       !write_screening (self, meso_patient_get_id (patient), screening, error)) ||
      (!is_new && !bump_revision (self, patient, last_audit_id, error)))
    {
      if (is_new)
        meso_patient_set_id (patient, 0);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_patient_store_save:
 * @patient: a new patient (id 0), which receives its id, or a loaded one
 * @screening: (nullable): the screening record to store with it
 * @today: the date the birth date is checked against
 *
 * Normalizes and validates @patient, then writes it and @screening in one
 * transaction: either everything is saved or nothing is. A loaded @patient
 * is saved only if nobody changed it since it was read: otherwise the save
 * is refused with %MESO_DB_ERROR_STALE, naming who changed it and when.
 * On success @patient carries the new revision. Needs
 * %MESO_PERMISSION_WRITE_CONTACT, and %MESO_PERMISSION_WRITE_CLINICAL for a
 * @screening; the notes are kept as they are for staff who may not write
 * clinical data.
 */
gboolean
meso_patient_store_save (MesoPatientStore  *self,
                         MesoPatient       *patient,
                         MesoScreening     *screening,
                         GDate             *today,
                         GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  gint64 revision;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), FALSE);
  g_return_val_if_fail (MESO_IS_PATIENT (patient), FALSE);

  if (!meso_db_require (self->db, MESO_PERMISSION_WRITE_CONTACT, error) ||
      (screening != NULL &&
       !meso_db_require (self->db, MESO_PERMISSION_WRITE_CLINICAL, error)))
    return FALSE;

  meso_patient_normalize (patient);
  if (!meso_patient_validate (patient, today, error))
    return FALSE;

  revision = meso_patient_get_revision (patient);
  /* The permissions were checked first, so that a refusal comes before the
   * form's own problems. */
  w = meso_db_begin_write_unchecked (self->db, error);
  if (w == NULL)
    return FALSE;
  if (!write_all (self, patient, screening, error) || !meso_db_write_commit (w, error))
    {
      /* Nothing was saved: the form may be saved again once reloaded. */
      meso_patient_set_revision (patient, revision);
      return FALSE;
    }

  self->order_valid = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * meso_patient_store_insert_unchecked:
 *
 * Inserts a new patient inside the caller's transaction, without validation
 * or change notification: for the demo and synthetic data generators, which
 * write thousands of rows in one transaction.
 */
gboolean
meso_patient_store_insert_unchecked (MesoPatientStore  *self,
                                     MesoPatient       *patient,
                                     MesoScreening     *screening,
                                     GError           **error)
{
  g_return_val_if_fail (meso_patient_get_id (patient) == 0, FALSE);

  if (!meso_db_require (self->db, MESO_PERMISSION_WRITE_CLINICAL, error))
    return FALSE;
  self->order_valid = FALSE;
  return write_all (self, patient, screening, error);
}

/**
 * meso_patient_store_set_archived:
 *
 * Archives or restores a patient. Archived patients keep every record and
 * are left out of searches unless asked for.
 */
gboolean
meso_patient_store_set_archived (MesoPatientStore  *self,
                                 gint64             id,
                                 gboolean           archived,
                                 GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CONTACT, error);
  if (w == NULL || !meso_patient_store_check_access (self, id, error))
    return FALSE;
  stmt = meso_db_prepare (self->db,
                          "UPDATE patient SET archived = ?2,"
                          " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ') WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_int (stmt, 2, !!archived);
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (meso_stmt_changes (stmt) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no patient number %lld."), (long long) id);
      return FALSE;
    }
  if (!meso_db_write_commit (w, error))
    return FALSE;

  self->order_valid = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
