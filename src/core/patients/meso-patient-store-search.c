/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store-search.c: counts patients, lists their names, and
 * answers searches in name order without loading patients into memory. */
#define G_LOG_DOMAIN "meso-patient-store"

#include <glib/gi18n.h>

#include "meso-patient-store-private.h"
#include "meso-text.h"
#include "meso-text-icu.h"

/* 32 MB of bitmap at most; a clinic adds a few thousand patients a year. */
#define MAX_LISTED_ID (G_GINT64_CONSTANT (1) << 28)

/* Returns: the number of patients, archived ones included. */
gint64
meso_patient_store_count (MesoPatientStore  *self,
                          GError           **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT count(*) FROM patient", error);
  gint64 count = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    count = meso_stmt_column_int64 (stmt, 0);
  else
    meso_db_set_error (self->db, error, rc, _("Could not count the patients"));
  meso_stmt_reset (stmt);
  return count;
}

/**
 * meso_patient_store_list_names:
 *
 * Every patient's name as the calendar shows it ("Ayşe Yılmaz"), archived
 * patients' too, for a caller that writes appointments in bulk.
 *
 * Returns: (transfer full) (element-type gint64 utf8): the names by
 * patient id (keys point to gint64).
 */
GHashTable *
meso_patient_store_list_names (MesoPatientStore  *self,
                               GError           **error)
{
  return meso_db_read_names (self->db,
                             "SELECT id, trim (given_name || ' ' || family_name) FROM patient",
                             _("Could not read the patients"), error);
}

static gboolean
ensure_order (MesoPatientStore  *self,
              GError           **error)
{
  gint64 data_version = meso_db_data_version (self->db);
  MesoStmt *stmt;
  int rc;

  if (self->order_valid && data_version == self->order_data_version)
    return TRUE;

  /* Read straight from the covering index patient_by_name, with no sort;
   * patients of the same name keep the index's stable order. */
  stmt = meso_db_prepare (self->db,
                          "SELECT id, archived, initials, restricted_on IS NOT NULL FROM patient"
                          " ORDER BY sort_key", error);
  if (stmt == NULL)
    return FALSE;

  /* Emptied: valid again only once read whole. */
  self->order_valid = FALSE;
  g_array_set_size (self->order, 0);
  self->max_id = 0;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      OrderEntry entry = { meso_stmt_column_int64 (stmt, 0), meso_stmt_column_int64 (stmt, 2),
                           meso_stmt_column_int (stmt, 1) != 0, meso_stmt_column_int (stmt, 3) != 0 };

      /* Ids index the searches' bitmaps: one out of range (a file changed
       * by another program) would be read out of bounds, or size them. */
      if (entry.id < 1 || entry.id > MAX_LISTED_ID)
        {
          g_message ("Patient %" G_GINT64_FORMAT " is left out of the lists: its id is out of range",
                     entry.id);
          continue;
        }
      g_array_append_val (self->order, entry);
      self->max_id = MAX (self->max_id, entry.id);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not list the patients"), error))
    return FALSE;
  self->order_valid = TRUE;
  self->order_data_version = data_version;
  return TRUE;
}

/* The server's text search: each word begins a word of search_text (folded
 * words and digit groups, one space apart), as FTS5's "word"* does on the
 * file. The table patient_word (data/schema-pg/0001-initial.sql) holds each
 * patient's words, keyed bytewise; the words beginning with ?1 are those
 * from ?1 up to ?1 followed by the last code point, a range its index
 * answers alone. A patient found by two of its words is set twice: the
 * bitmap takes it once. */
static char *
server_match_sql (guint n_words)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 1; i <= n_words; i++)
    g_string_append_printf (sql, "%sSELECT patient_id FROM patient_word"
                                 " WHERE word >= ?%u AND word < ?%u || chr (1114111)",
                            i > 1 ? " INTERSECT " : "", i, i);
  return g_string_free (sql, FALSE);
}

/* Sets a bit for each patient whose text has a word beginning with each of
 * @words (folded, two letters or more): the file's FTS5 index answers, or
 * the server's table of words. */
static guint8 *
match_text (MesoPatientStore  *self,
            char             **words,
            GError           **error)
{
  g_autofree guint8 *matches = g_malloc0 (self->max_id / 8 + 1);
  g_autofree char *sql = NULL;
  g_autofree char *fts_query = NULL;
  guint n_words = g_strv_length (words);
  MesoStmt *stmt;
  int rc;

  if (meso_db_is_server (self->db))
    {
      sql = server_match_sql (n_words);
      stmt = meso_db_prepare (self->db, sql, error);
      if (stmt == NULL)
        return NULL;
      for (guint i = 0; i < n_words; i++)
        meso_stmt_bind_text (stmt, i + 1, words[i]);
    }
  else
    {
      fts_query = meso_text_fts_prefix_query (words);
      stmt = meso_db_prepare (self->db,
                              "SELECT rowid FROM patient_fts WHERE patient_fts MATCH ?1", error);
      if (stmt == NULL)
        return NULL;
      meso_stmt_bind_text (stmt, 1, fts_query);
    }
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      guint64 id = meso_stmt_column_int64 (stmt, 0);
      if (id <= (guint64) self->max_id)
        matches[id >> 3] |= 1 << (id & 7);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not search the patients"), error))
    return NULL;
  return g_steal_pointer (&matches);
}

/**
 * meso_patient_store_search:
 * @query: (nullable): words typed by the user; each must begin a word of the
 *   patient's names, e-mail or phone number, ignoring case and accents
 * @shown: which patients: current, archived, or restricted (these for
 *   %MESO_PERMISSION_MANAGE_RECORDS only); a restricted patient is in no
 *   other list
 *
 * Returns: (transfer full) (element-type gint64): matching patient ids, in
 * the order of family and given names.
 */
GArray *
meso_patient_store_search (MesoPatientStore  *self,
                           const char        *query,
                           MesoPatientShown   shown,
                           GError           **error)
{
  g_auto(GStrv) words = meso_text_icu_query_words (query);
  g_autoptr(GPtrArray) text_words = g_ptr_array_new ();
  g_autofree guint8 *matches = NULL;
  guint64 required = 0;
  GArray *ids;
  guint n = 0;

  g_return_val_if_fail (MESO_IS_PATIENT_STORE (self), NULL);

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CONTACT, error) ||
      (shown == MESO_PATIENTS_RESTRICTED &&
       !meso_db_require (self->db, MESO_PERMISSION_MANAGE_RECORDS, error)) ||
      !ensure_order (self, error))
    return NULL;

  /* One-letter words are answered by the initials in the name order; the
   * text index answers the longer ones. A word in another script is looked
   * for in its Latin form, which every patient's text also holds: "шуле"
   * finds "Şule" as "sule", "татьяна" finds "Татьяна" as "tatana". */
  for (guint i = 0; words[i] != NULL; i++)
    {
      guint64 bit = meso_text_initial_bit (words[i]);

      if (bit != 0)
        required |= bit;
      else
        g_ptr_array_add (text_words, words[i]);
    }
  g_ptr_array_add (text_words, NULL);
  if (text_words->len > 1)
    {
      matches = match_text (self, (char **) text_words->pdata, error);
      if (matches == NULL)
        return NULL;
    }

  /* Walk the name order once: the result needs no sort. */
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->order->len);
  g_array_set_size (ids, self->order->len);
  for (guint i = 0; i < self->order->len; i++)
    {
      const OrderEntry *entry = &g_array_index (self->order, OrderEntry, i);
      MesoPatientShown list = entry->restricted ? MESO_PATIENTS_RESTRICTED
                              : entry->archived ? MESO_PATIENTS_ARCHIVED : MESO_PATIENTS_CURRENT;
      guint64 id = entry->id;

      if (list != shown || (entry->initials & required) != required)
        continue;
      if (matches != NULL && !(matches[id >> 3] & (1 << (id & 7))))
        continue;
      g_array_index (ids, gint64, n++) = id;
    }
  g_array_set_size (ids, n);
  return ids;
}
