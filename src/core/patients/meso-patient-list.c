/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-list.c: a GListModel that holds only patient ids and loads
 * the rows a view asks for, a page at a time, keeping a bounded cache. */
#define G_LOG_DOMAIN "meso-patient-list"

#include "meso-patient-list.h"

#define PAGE_SIZE 64
#define MAX_CACHED_PAGES 32

struct _MesoPatientList
{
  GObject           parent_instance;

  MesoPatientStore *store;
  GArray           *ids;        /* gint64, in display order */
  GHashTable       *pages;      /* page number -> GPtrArray of MesoPatient */
  GQueue            page_lru;   /* page numbers, most recent first */
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

static GPtrArray *
load_page (MesoPatientList *self,
           guint            page)
{
  GPtrArray *patients = g_ptr_array_new_with_free_func (g_object_unref);
  guint end = MIN ((page + 1) * PAGE_SIZE, self->ids->len);

  for (guint i = page * PAGE_SIZE; i < end; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_array_index (self->ids, gint64, i);
      MesoPatient *patient = meso_patient_store_load (self->store, id, &error);

      /* A row that vanished or cannot be read still needs an item at its
       * position; it shows as an empty record until the next refresh. */
      if (patient == NULL)
        {
          g_debug ("Patient %" G_GINT64_FORMAT " not loaded: %s", id, error->message);
          patient = meso_patient_new ();
          meso_patient_set_id (patient, id);
        }
      if (g_date_valid (&self->today))
        meso_patient_set_summary_day (patient, &self->today);
      g_ptr_array_add (patients, patient);
    }
  return patients;
}

static gpointer
meso_patient_list_get_item (GListModel *model,
                            guint       position)
{
  MesoPatientList *self = MESO_PATIENT_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *patients;

  if (position >= self->ids->len)
    return NULL;

  patients = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (patients == NULL)
    {
      patients = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), patients);
      g_queue_push_head (&self->page_lru, GUINT_TO_POINTER (page));
      if (g_queue_get_length (&self->page_lru) > MAX_CACHED_PAGES)
        g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_lru));
    }
  return g_object_ref (g_ptr_array_index (patients, position % PAGE_SIZE));
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
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_lru);
}

static void
meso_patient_list_finalize (GObject *object)
{
  MesoPatientList *self = MESO_PATIENT_LIST (object);

  clear_cache (self);
  g_hash_table_unref (self->pages);
  g_array_unref (self->ids);
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
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_lru);
  g_date_clear (&self->today, 1);
}

MesoPatientList *
meso_patient_list_new (MesoPatientStore *store)
{
  MesoPatientList *self = g_object_new (MESO_TYPE_PATIENT_LIST, NULL);

  self->store = g_object_ref (store);
  return self;
}

/**
 * meso_patient_list_set_query:
 * @query: (nullable): the search text; empty or %NULL lists everyone
 * @archived: list archived patients instead of current ones
 *
 * Replaces the list's contents with the patients matching @query.
 */
gboolean
meso_patient_list_set_query (MesoPatientList  *self,
                             const char       *query,
                             gboolean          archived,
                             GError          **error)
{
  GArray *ids;
  guint old_len;

  g_return_val_if_fail (MESO_IS_PATIENT_LIST (self), FALSE);

  ids = meso_patient_store_search (self->store, query, archived, error);
  if (ids == NULL)
    return FALSE;

  old_len = self->ids->len;
  g_array_unref (self->ids);
  self->ids = ids;
  clear_cache (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, ids->len);
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
  GPtrArray *patients;

  g_return_if_fail (MESO_IS_PATIENT_LIST (self));

  if (g_date_valid (&self->today) && g_date_compare (&self->today, today) == 0)
    return;
  self->today = *today;
  /* Loaded rows are updated in place: new items would lose the selection. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &patients))
    for (guint i = 0; i < patients->len; i++)
      {
        meso_patient_set_summary_day (patients->pdata[i], today);
        g_object_notify (patients->pdata[i], "summary");
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
