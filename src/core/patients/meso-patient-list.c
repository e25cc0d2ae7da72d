/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-list.c: a GListModel that holds only patient ids and loads
 * the rows a view asks for, a page at a time in one query, keeping a bounded
 * cache of patients by id across searches. */
#define G_LOG_DOMAIN "meso-patient-list"

#include "meso-patient-list.h"

#include <string.h>

#define PAGE_SIZE 64
/* As many patients as the 32 pages of 64 cached before. */
#define MAX_CACHED 2048

typedef struct
{
  MesoPatient *patient;
  GList        link;    /* in the list's LRU queue; data is the entry */
  gint64       id;
} Entry;

struct _MesoPatientList
{
  GObject           parent_instance;

  MesoPatientStore *store;
  GArray           *ids;        /* gint64, in display order */
  /* Patient id -> Entry: kept across queries, so a patient listed again is
   * the same object (the view keeps its row, focus and selection). */
  GHashTable       *cache;
  GQueue            lru;        /* Entry links, most recently used first */
  gint64            data_version;
  gboolean          stale;      /* the store saved since the rows were read */
  GDate             today;      /* the patients' ages are counted on it */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (MesoPatientList, meso_patient_list, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
meso_patient_list_get_item_type (GListModel *model)
{
  return MESO_TYPE_PATIENT;
}

static guint
meso_patient_list_get_n_items (GListModel *model)
{
  return MESO_PATIENT_LIST (model)->ids->len;
}

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->patient);
  g_free (entry);
}

static void
cache_add (MesoPatientList *self,
           gint64           id,
           MesoPatient     *patient)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->id = id;
  entry->patient = patient;
  entry->link.data = entry;
  g_hash_table_insert (self->cache, &entry->id, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
  while (self->lru.length > MAX_CACHED)
    {
      Entry *oldest = g_queue_pop_tail_link (&self->lru)->data;

      g_hash_table_remove (self->cache, &oldest->id);
    }
}

/* Loads the patients of @page not yet cached, in one query. */
static void
load_page (MesoPatientList *self,
           guint            page)
{
  guint end = MIN ((page + 1) * PAGE_SIZE, self->ids->len);
  gint64 missing[PAGE_SIZE];
  MesoPatient *loaded[PAGE_SIZE];
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = page * PAGE_SIZE; i < end; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);

      if (!g_hash_table_contains (self->cache, &id))
        missing[n++] = id;
    }
  if (n == 0)
    return;
  if (!meso_patient_store_load_many (self->store, missing, n, loaded, &error))
    {
      g_debug ("Patients not loaded: %s", error->message);
      memset (loaded, 0, sizeof loaded);
    }
  for (guint i = 0; i < n; i++)
    {
      /* A row that vanished or cannot be read still needs an item at its
       * position; it shows as an empty record until the next refresh. */
      if (loaded[i] == NULL)
        {
          loaded[i] = meso_patient_new ();
          meso_patient_set_id (loaded[i], missing[i]);
        }
      if (g_date_valid (&self->today))
        meso_patient_set_summary_day (loaded[i], &self->today);
      cache_add (self, missing[i], loaded[i]);
    }
}

static gpointer
meso_patient_list_get_item (GListModel *model,
                            guint       position)
{
  MesoPatientList *self = MESO_PATIENT_LIST (model);
  gint64 id;
  Entry *entry;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  entry = g_hash_table_lookup (self->cache, &id);
  if (entry == NULL)
    {
      load_page (self, position / PAGE_SIZE);
      entry = g_hash_table_lookup (self->cache, &id);
    }
  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);
  return g_object_ref (entry->patient);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = meso_patient_list_get_item_type;
  iface->get_n_items = meso_patient_list_get_n_items;
  iface->get_item = meso_patient_list_get_item;
}

static void
clear_cache (MesoPatientList *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_init (&self->lru);
}

static void
on_store_changed (MesoPatientList *self)
{
  self->stale = TRUE;
}

static void
meso_patient_list_finalize (GObject *object)
{
  MesoPatientList *self = MESO_PATIENT_LIST (object);

  clear_cache (self);
  g_hash_table_unref (self->cache);
  g_array_unref (self->ids);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (meso_patient_list_parent_class)->finalize (object);
}

static void
meso_patient_list_class_init (MesoPatientListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_patient_list_finalize;
}

static void
meso_patient_list_init (MesoPatientList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
  g_date_clear (&self->today, 1);
}

MesoPatientList *
meso_patient_list_new (MesoPatientStore *store)
{
  MesoPatientList *self = g_object_new (MESO_TYPE_PATIENT_LIST, NULL);

  self->store = g_object_ref (store);
  self->data_version = meso_db_data_version (meso_patient_store_get_db (store));
  g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed), self);
  return self;
}

/**
 * meso_patient_list_set_query:
 * @query: (nullable): the search text; empty or %NULL lists everyone
 * @archived: list archived patients instead of current ones
 *
 * Replaces the list's contents with the patients matching @query. Patients
 * already loaded stay the same objects unless a save (here or by another
 * connection) may have changed them, and only the run of positions that
 * differs is reported changed: none at all when the result is the same.
 */
gboolean
meso_patient_list_set_query (MesoPatientList  *self,
                             const char       *query,
                             gboolean          archived,
                             GError          **error)
{
  GArray *ids;
  gint64 data_version;
  guint old_len, prefix = 0, suffix = 0;
  gboolean reloaded = FALSE;

  g_return_val_if_fail (MESO_IS_PATIENT_LIST (self), FALSE);

  ids = meso_patient_store_search (self->store, query, archived, error);
  if (ids == NULL)
    return FALSE;

  /* The rows read before a save may be out of date: every item is new. */
  data_version = meso_db_data_version (meso_patient_store_get_db (self->store));
  if (self->stale || data_version != self->data_version)
    {
      clear_cache (self);
      self->stale = FALSE;
      self->data_version = data_version;
      reloaded = TRUE;
    }

  old_len = self->ids->len;
  if (!reloaded)
    {
      guint shorter = MIN (old_len, ids->len);
      const gint64 *old_ids = (const gint64 *) self->ids->data;
      const gint64 *new_ids = (const gint64 *) ids->data;

      while (prefix < shorter && old_ids[prefix] == new_ids[prefix])
        prefix++;
      while (suffix < shorter - prefix
             && old_ids[old_len - 1 - suffix] == new_ids[ids->len - 1 - suffix])
        suffix++;
    }
  g_array_unref (self->ids);
  self->ids = ids;
  if (prefix + suffix < MAX (old_len, ids->len))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                                ids->len - prefix - suffix);
  return TRUE;
}

/**
 * meso_patient_list_set_today:
 * @today: the clinic's date, for the ages in the patients' summaries
 *
 * Sets the day the ages are counted on, and shows them again.
 */
void
meso_patient_list_set_today (MesoPatientList *self,
                             const GDate     *today)
{
  GHashTableIter iter;
  Entry *entry;

  g_return_if_fail (MESO_IS_PATIENT_LIST (self));

  if (g_date_valid (&self->today) && g_date_compare (&self->today, today) == 0)
    return;
  self->today = *today;
  /* Loaded rows are updated in place: new items would lose the selection. */
  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      meso_patient_set_summary_day (entry->patient, today);
      g_object_notify (G_OBJECT (entry->patient), "summary");
    }
}

/* Returns: the position of patient @id, or G_MAXUINT if not listed. */
guint
meso_patient_list_find (MesoPatientList *self,
                        gint64           id)
{
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}
