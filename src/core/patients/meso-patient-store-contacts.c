/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-contacts.c: what other features read of patients
 * beside their own rows: names and phones, and when they were last
 * screened, for one patient or many in one query. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "meso-patient-store-private.h"

/**
 * meso_patient_store_get_contact:
 * @out_name: (out) (optional): "Given Family", or "" if there is no patient @id
 * @out_phone: (out) (optional): the phone number, "" if none
 *
 * What other features show beside a patient's appointment, waitlist entry
 * or reminder. No permission is asked: the caller shows it only to whom
 * may read contact data (the reminders redact it while nobody is signed in).
 */
gboolean
meso_patient_store_get_contact (MesoPatientStore  *self,
                                gint64             id,
                                char             **out_name,
                                char             **out_phone,
                                GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                        "SELECT trim (given_name || ' ' || family_name), phone"
                                        " FROM patient WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_stmt_reset (stmt);
      meso_db_set_error (self->db, error, rc, _("Could not read the patient"));
      return FALSE;
    }
  if (out_name != NULL)
    *out_name = g_strdup (rc == MESO_STEP_ROW ? meso_patient_column_text (stmt, 0) : "");
  if (out_phone != NULL)
    *out_phone = g_strdup (rc == MESO_STEP_ROW ? meso_patient_column_text (stmt, 1) : "");
  meso_stmt_reset (stmt);
  return TRUE;
}

static int
compare_ids_at (gconstpointer a,
                gconstpointer b,
                gpointer      ids)
{
  gint64 first = ((const gint64 *) ids)[*(const guint *) a];
  gint64 second = ((const gint64 *) ids)[*(const guint *) b];

  return first < second ? -1 : first > second;
}

/* Gives each row @stmt selects (its first column a patient id, in id
 * order) to @fill, once for each index of @ids holding that id. */
typedef void (*FillRow) (MesoStmt *stmt,
                         guint     index,
                         gpointer  data);

/* Runs @sql, which selects rows by the ids of ?1 (a JSON list), for @ids:
 * the ids and the rows are both walked in id order, so nothing is looked
 * up one by one. */
static gboolean
read_by_ids (MesoPatientStore  *self,
             const char        *sql,
             const gint64      *ids,
             guint              n_ids,
             FillRow            fill,
             gpointer           data,
             const char        *what,
             GError           **error)
{
  g_autofree guint *order = g_new (guint, MAX (n_ids, 1));
  g_autoptr(GString) list = NULL;
  MesoStmt *stmt;
  guint next = 0;
  int rc;

  for (guint i = 0; i < n_ids; i++)
    order[i] = i;
  g_qsort_with_data (order, n_ids, sizeof *order, compare_ids_at, (gpointer) ids);
  list = meso_patient_json_id_list (ids, order, n_ids);
  stmt = meso_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text_len (stmt, 1, list->str, list->len);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 id = meso_stmt_column_int64 (stmt, 0);

      while (next < n_ids && ids[order[next]] < id)
        next++;
      for (; next < n_ids && ids[order[next]] == id; next++)
        fill (stmt, order[next], data);
    }
  return meso_db_rows_done (self->db, stmt, rc, what, error);
}

typedef struct
{
  char **names;
  char **phones;
} Contacts;

static void
fill_contact (MesoStmt *stmt,
              guint     index,
              gpointer  data)
{
  Contacts *contacts = data;

  contacts->names[index] = g_strdup (meso_patient_column_text (stmt, 1));
  contacts->phones[index] = g_strdup (meso_patient_column_text (stmt, 2));
}

/* Each of @ids's name and phone; no permission asked. */
static gboolean
read_contacts (MesoPatientStore  *self,
               const gint64      *ids,
               guint              n_ids,
               char             **out_names,
               char             **out_phones,
               GError           **error)
{
#define CONTACTS(ids_in_json)                                                      \
  "SELECT id, trim (given_name || ' ' || family_name), phone"                      \
  " FROM patient WHERE id IN (" ids_in_json ") ORDER BY id"
  Contacts contacts = { out_names, out_phones };

  for (guint i = 0; i < n_ids; i++)
    out_names[i] = out_phones[i] = NULL;
  return read_by_ids (self, meso_db_is_server (self->db) ? CONTACTS (SERVER_IDS_IN_JSON)
                                                         : CONTACTS (FILE_IDS_IN_JSON),
                      ids, n_ids, fill_contact, &contacts, _("Could not read the patients"),
                      error);
#undef CONTACTS
}

/**
 * meso_patient_store_get_contacts:
 * @ids: (array length=n_ids): patient ids, in any order, repeated or not
 * @out_names: (array length=n_ids) (out caller-allocates): each patient's
 *   "Given Family", %NULL where there is no patient of that id
 * @out_phones: (array length=n_ids) (out caller-allocates): each phone
 *
 * meso_patient_store_get_contact() for many patients in one query, for a
 * list that names them (a recall): the ids and the rows are both walked in
 * id order, so nothing is looked up one by one.
 */
gboolean
meso_patient_store_get_contacts (MesoPatientStore  *self,
                                 const gint64      *ids,
                                 guint              n_ids,
                                 char             **out_names,
                                 char             **out_phones,
                                 GError           **error)
{
  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error))
    return FALSE;
  return read_contacts (self, ids, n_ids, out_names, out_phones, error);
}

/**
 * meso_patient_store_get_contacts_unchecked:
 *
 * meso_patient_store_get_contacts() asking no permission, as
 * meso_patient_store_get_contact() asks none: for the reminders, which
 * name the patients of a few days' appointments in one query (one round
 * trip to a clinic server, not one a row) and redact them while nobody
 * is signed in.
 */
gboolean
meso_patient_store_get_contacts_unchecked (MesoPatientStore  *self,
                                           const gint64      *ids,
                                           guint              n_ids,
                                           char             **out_names,
                                           char             **out_phones,
                                           GError           **error)
{
  return read_contacts (self, ids, n_ids, out_names, out_phones, error);
}

/**
 * meso_patient_store_get_screened_on:
 * @out_date: (out) (transfer full) (nullable): YYYY-MM-DD, or %NULL if never
 *
 * When patient @id was last screened in full: the oldest of the answers
 * given (not "unknown"), leaving out pregnancy and breastfeeding, which are
 * asked again at every session. The reminders compare it with the clinic's
 * %MESO_CLINIC_SCREENING_DAYS; like them, it asks no permission and tells
 * no answer.
 */
gboolean
meso_patient_store_get_screened_on (MesoPatientStore  *self,
                                    gint64             id,
                                    char             **out_date,
                                    GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                        "SELECT min (asked_on) FROM screening_answer"
                                        " WHERE patient_id = ?1 AND answer <> 'unknown'"
                                        "  AND condition NOT IN ('pregnancy', 'breastfeeding')",
                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  *out_date = rc == MESO_STEP_ROW ? g_strdup (meso_stmt_column_text (stmt, 0)) : NULL;
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the screening record"));
      return FALSE;
    }
  return TRUE;
}

static void
fill_date (MesoStmt *stmt,
           guint     index,
           gpointer  dates)
{
  ((char **) dates)[index] = g_strdup (meso_stmt_column_text (stmt, 1));
}

/**
 * meso_patient_store_get_screened_on_many:
 * @ids: (array length=n_ids): patient ids, in any order, repeated or not
 * @out_dates: (array length=n_ids) (out caller-allocates): each patient's
 *   date as meso_patient_store_get_screened_on() gives it, %NULL if never
 *
 * meso_patient_store_get_screened_on() for many patients in one query.
 */
gboolean
meso_patient_store_get_screened_on_many (MesoPatientStore  *self,
                                         const gint64      *ids,
                                         guint              n_ids,
                                         char             **out_dates,
                                         GError           **error)
{
#define SCREENED_ON_MANY(ids_in_json)                                              \
  "SELECT patient_id, min (asked_on) FROM screening_answer"                         \
  " WHERE patient_id IN (" ids_in_json ") AND answer <> 'unknown'"                  \
  "  AND condition NOT IN ('pregnancy', 'breastfeeding')"                           \
  " GROUP BY patient_id ORDER BY patient_id"
  for (guint i = 0; i < n_ids; i++)
    out_dates[i] = NULL;
  if (!read_by_ids (self, meso_db_is_server (self->db) ? SCREENED_ON_MANY (SERVER_IDS_IN_JSON)
                                                       : SCREENED_ON_MANY (FILE_IDS_IN_JSON),
                    ids, n_ids, fill_date, out_dates, _("Could not read the screening record"),
                    error))
    {
      for (guint i = 0; i < n_ids; i++)
        g_clear_pointer (&out_dates[i], g_free);
      return FALSE;
    }
  return TRUE;
#undef SCREENED_ON_MANY
}
