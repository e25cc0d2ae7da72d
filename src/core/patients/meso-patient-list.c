/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-list.c: a GListModel that holds only patient ids and loads
 * the rows a view asks for, a page at a time in one query, keeping a bounded
 * cache of patients by id across searches. Searches as the user types run on
 * a worker thread with a connection of its own. */
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

/* One search as the user typed it, for the worker. */
typedef struct
{
  MesoPatientList *list;
  char            *query;
  MesoPatientShown shown;
  MesoStaff       *actor;          /* who searches, checked again on the worker */
  GCancellable    *cancellable;    /* cancelled when a newer search supersedes it */
  GCancellable    *caller;         /* the caller's, which also cancels it */
  gulong           caller_handler;
  GTask           *task;           /* the caller's: returns once the result landed */
  GMainContext    *context;        /* where the result lands */
  /* Set on the worker: refs and signals stay on the list's thread. */
  GArray          *ids;
  GError          *error;
  gboolean         no_worker;      /* the worker's connection could not be opened */
} Job;

struct _MesoPatientList
{
  GObject           parent_instance;

  MesoPatientStore *store;
  GArray           *ids;        /* gint64, in display order */
  /* While a change is reported in several runs, the list is the first
   * head_len ids of head, then tail's from tail_from on (see
   * report_changes ()); head is NULL otherwise. */
  GArray           *head;
  guint             head_len;
  GArray           *tail;
  guint             tail_from;
  /* Patient id -> Entry: kept across queries, so a patient listed again is
   * the same object (the view keeps its row, focus and selection). */
  GHashTable       *cache;
  GQueue            lru;        /* Entry links, most recently used first */
  gint64            data_version;
  gboolean          stale;      /* the store saved since the rows were read */
  GDate             today;      /* the patients' ages are counted on it */

  /* The searches as the user types: one worker thread at a time, on a
   * connection and a store of its own (the store's name order is not shared
   * across threads), kept for the list's lifetime. */
  GThreadPool      *pool;
  MesoPatientStore *worker_store;  /* only touched on the pool's thread */
  GCancellable     *pending;       /* the latest search's Job cancellable */
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
  MesoPatientList *self = MESO_PATIENT_LIST (model);

  if (self->head != NULL)
    return self->head_len + self->tail->len - self->tail_from;
  return self->ids->len;
}

static gint64
id_at (MesoPatientList *self,
       guint            position)
{
  if (self->head == NULL)
    return g_array_index (self->ids, gint64, position);
  if (position < self->head_len)
    return g_array_index (self->head, gint64, position);
  return g_array_index (self->tail, gint64, self->tail_from + position - self->head_len);
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
  guint end = MIN ((page + 1) * PAGE_SIZE,
                   meso_patient_list_get_n_items (G_LIST_MODEL (self)));
  gint64 missing[PAGE_SIZE];
  MesoPatient *loaded[PAGE_SIZE];
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = page * PAGE_SIZE; i < end; i++)
    {
      gint64 id = id_at (self, i);

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

  if (position >= meso_patient_list_get_n_items (model))
    return NULL;

  id = id_at (self, position);
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

  /* Every search holds the list, so none is queued or running now. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->worker_store);
  g_clear_object (&self->pending);
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

static void search_in_worker (gpointer data,
                              gpointer user_data);

static void
meso_patient_list_init (MesoPatientList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
  g_date_clear (&self->today, 1);
  /* One thread at most, so the worker's connection is never used by two. */
  self->pool = g_thread_pool_new (search_in_worker, NULL, 1, FALSE, NULL);
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

static void
set_bit (guint8 *bits,
         gint64  id)
{
  bits[id >> 3] |= 1 << (id & 7);
}

static gboolean
get_bit (const guint8 *bits,
         gint64        id)
{
  return bits[id >> 3] & (1 << (id & 7));
}

/* Reports that the list is now the first @head_len ids of @head followed
 * by @tail's from @tail_from on, after a change at @position. */
static void
report_run (MesoPatientList *self,
            GArray          *head,
            guint            head_len,
            GArray          *tail,
            guint            tail_from,
            guint            position,
            guint            removed,
            guint            added)
{
  if (removed == 0 && added == 0)
    return;
  self->head = head;
  self->head_len = head_len;
  self->tail = tail;
  self->tail_from = tail_from;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  self->head = NULL;
}

/* Reports the change from @old to self->ids as runs that each only remove
 * or only add patients, both lists being in the same name order, from the
 * end of the list to its start. Time to land "m" (100,000 -> 19,208) and
 * to clear it, measured in the window at 100,000 patients:
 * - One change for all: a run that removes and adds at once sends GTK 4.8
 *   through every added item (GtkSingleSelection looks there for a removed
 *   selected item, GtkListItemManager for the rows it tracks: the focus and
 *   the scroll anchor), loading every page: 0.44-1.2 s, clearing 1.4-5.8 s.
 * - Pure runs from the start: 0.37-1.0 s, clearing 11-60 ms. GTK keeps
 *   rows for 200 items near the anchor, and each removal near the top pulls
 *   in an item that a later run removes: rows built only to be thrown away.
 * - Pure runs from the end (this): 94-211 ms, clearing 12-34 ms. Runs
 *   below GTK's rows cost a few tree operations; those among them only
 *   pull in items that stay, so rows are built only for patients listed. */
static void
report_changes (MesoPatientList *self,
                GArray          *old)
{
  GArray *new = self->ids;
  const gint64 *o = (const gint64 *) old->data;
  const gint64 *n = (const gint64 *) new->data;
  g_autofree guint8 *in_old = NULL;
  g_autofree guint8 *in_new = NULL;
  gint64 max_id = 0;
  guint i = old->len, j = new->len;

  for (guint k = 0; k < old->len; k++)
    max_id = MAX (max_id, o[k]);
  for (guint k = 0; k < new->len; k++)
    max_id = MAX (max_id, n[k]);
  in_old = g_malloc0 (max_id / 8 + 1);
  in_new = g_malloc0 (max_id / 8 + 1);
  for (guint k = 0; k < old->len; k++)
    set_bit (in_old, o[k]);
  for (guint k = 0; k < new->len; k++)
    set_bit (in_new, n[k]);

  while (i > 0 || j > 0)
    {
      guint end;

      if (i > 0 && j > 0 && o[i - 1] == n[j - 1])
        {
          i--;
          j--;
          continue;
        }

      for (end = i; i > 0 && !get_bit (in_new, o[i - 1]); i--)
        ;
      if (i < end)
        {
          report_run (self, old, i, new, j, i, end - i, 0);
          continue;
        }

      for (end = j; j > 0 && !get_bit (in_old, n[j - 1]); j--)
        ;
      if (j < end)
        {
          report_run (self, old, i, new, j, i, 0, end - j);
          continue;
        }

      /* Both listed, in another order: the rest is replaced, in two runs. */
      report_run (self, old, 0, new, j, 0, i, 0);
      report_run (self, old, 0, new, 0, 0, 0, j);
      i = j = 0;
    }
}

/* Lands a search's result: @ids (transfer full) replace the list's. */
static void
replace_ids (MesoPatientList *self,
             GArray          *ids)
{
  g_autoptr(GArray) old = self->ids;
  gint64 data_version = meso_db_data_version (meso_patient_store_get_db (self->store));
  gint64 start = g_get_monotonic_time ();

  self->ids = ids;
  /* The rows read before a save may be out of date: every item is new,
   * reported as removed, then added, so that no row is looked for. */
  if (self->stale || data_version != self->data_version)
    {
      clear_cache (self);
      self->stale = FALSE;
      self->data_version = data_version;
      report_run (self, old, 0, ids, ids->len, 0, old->len, 0);
      report_run (self, old, 0, ids, 0, 0, 0, ids->len);
    }
  else
    report_changes (self, old);
  g_debug ("%u -> %u patients listed in %" G_GINT64_FORMAT " µs", old->len, ids->len,
           g_get_monotonic_time () - start);
}

/* Supersedes the search still running, if any: its result will not land. */
static void
supersede (MesoPatientList *self)
{
  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
}

/**
 * meso_patient_list_set_query:
 * @query: (nullable): the search text; empty or %NULL lists everyone
 * @shown: current, archived or restricted patients
 *
 * Replaces the list's contents with the patients matching @query, on this
 * thread (see meso_patient_list_set_query_async() for typing). Patients
 * already loaded stay the same objects unless a save (here or by another
 * connection) may have changed them, and only the positions that differ
 * are reported changed: none at all when the result is the same. A search
 * still running is superseded.
 */
gboolean
meso_patient_list_set_query (MesoPatientList  *self,
                             const char       *query,
                             MesoPatientShown  shown,
                             GError          **error)
{
  GArray *ids;

  g_return_val_if_fail (MESO_IS_PATIENT_LIST (self), FALSE);

  supersede (self);
  ids = meso_patient_store_search (self->store, query, shown, error);
  if (ids == NULL)
    return FALSE;
  replace_ids (self, ids);
  return TRUE;
}

static void
job_free (Job *job)
{
  if (job->caller != NULL)
    {
      g_cancellable_disconnect (job->caller, job->caller_handler);
      g_object_unref (job->caller);
    }
  g_clear_object (&job->cancellable);
  g_clear_object (&job->actor);
  g_clear_object (&job->task);
  g_clear_object (&job->list);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_error (&job->error);
  g_free (job->query);
  g_free (job);
}

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Back on the list's thread: lands the result unless superseded or
 * cancelled meanwhile, then returns the caller's task. */
static gboolean
land (gpointer data)
{
  Job *job = data;
  MesoPatientList *self = job->list;

  if (!g_cancellable_is_cancelled (job->cancellable) && job->no_worker)
    job->ids = meso_patient_store_search (self->store, job->query, job->shown, &job->error);
  if (self->pending == job->cancellable)
    g_clear_object (&self->pending);

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      /* An interrupted statement's error means only that. */
      g_clear_error (&job->error);
      g_cancellable_set_error_if_cancelled (job->cancellable, &job->error);
    }
  else if (job->ids != NULL)
    replace_ids (self, g_steal_pointer (&job->ids));

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_boolean (job->task, TRUE);
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* On the pool's thread: the search on the worker's own connection, as the
 * actor who typed it; the connection stops early once it is superseded. */
static void
search_in_worker (gpointer data,
                  gpointer user_data)
{
  Job *job = data;
  MesoPatientList *self = job->list;
  GSource *source;
  MesoDb *db;

  if (g_cancellable_is_cancelled (job->cancellable))
    goto out;
  if (self->worker_store == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoDb) worker = meso_db_open_worker (meso_patient_store_get_db (self->store),
                                                      &error);

      if (worker == NULL)
        {
          /* Answered on the list's own connection instead (see land ()). */
          g_debug ("No worker connection for searches: %s", error->message);
          job->no_worker = TRUE;
          goto out;
        }
      self->worker_store = meso_patient_store_new (worker);
    }

  db = meso_patient_store_get_db (self->worker_store);
  meso_db_set_actor (db, job->actor);
  meso_db_set_cancellable (db, job->cancellable);
  job->ids = meso_patient_store_search (self->worker_store, job->query, job->shown,
                                        &job->error);
  meso_db_set_cancellable (db, NULL);
  meso_db_set_actor (db, NULL);

out:
  /* Not g_main_context_invoke (): it would land here, on this thread,
   * whenever the list's context is not running. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, land, job, NULL);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/**
 * meso_patient_list_set_query_async:
 * @query: (nullable): the search text; empty or %NULL lists everyone
 * @shown: current, archived or restricted patients
 * @cancellable: (nullable): stops the search, which then changes nothing
 *
 * Like meso_patient_list_set_query(), but the search runs on a worker
 * thread with a connection of its own, so that typing is never held up.
 * The signed-in staff member's permission is checked there, on the worker's
 * connection. The list changes on this thread just before @callback, only
 * if this is still the latest search: a newer one (or a call to
 * meso_patient_list_set_query()) supersedes it, stops it early, and it
 * finishes with %G_IO_ERROR_CANCELLED.
 */
void
meso_patient_list_set_query_async (MesoPatientList     *self,
                                   const char          *query,
                                   MesoPatientShown     shown,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  MesoStaff *actor;
  Job *job;

  g_return_if_fail (MESO_IS_PATIENT_LIST (self));

  supersede (self);
  actor = meso_db_get_actor (meso_patient_store_get_db (self->store));
  job = g_new0 (Job, 1);
  job->list = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();
  job->query = g_strdup (query);
  job->shown = shown;
  job->actor = actor != NULL ? g_object_ref (actor) : NULL;
  job->cancellable = g_cancellable_new ();
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, meso_patient_list_set_query_async);
  if (cancellable != NULL)
    {
      job->caller = g_object_ref (cancellable);
      job->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                   g_object_ref (job->cancellable),
                                                   g_object_unref);
    }
  self->pending = g_object_ref (job->cancellable);
  g_thread_pool_push (self->pool, job, NULL);
}

/**
 * meso_patient_list_set_query_finish:
 *
 * Returns: %TRUE if the list now shows the search's result; %FALSE with
 * %G_IO_ERROR_CANCELLED if it was superseded or cancelled (the list is
 * then as the other search left it), or with the search's error.
 */
gboolean
meso_patient_list_set_query_finish (MesoPatientList  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
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
  g_return_val_if_fail (MESO_IS_PATIENT_LIST (self), G_MAXUINT);
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}
