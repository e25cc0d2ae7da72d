/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-patient-list.c: the patient list's searches as the user types: run
 * on a worker, superseded by the next key, cancelled, refused without a
 * signed-in account, and reported as changes a view can follow. */
#include "meso-demo.h"
#include "meso-patient-list.h"
#include "meso-patient-store.h"
#include "meso-staff-store.h"
#include "meso-test-db.h"
#include "meso-test-util.h"

typedef struct
{
  char             *dir;
  MesoDb           *db;
  MesoPatientStore *store;
  MesoStaff        *physician;
  MesoPatientList  *list;
} Fixture;

/* A demo clinic of @data patients, one of its physicians signed in, and a
 * list of everyone. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MesoStaffStore) staff = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  f->db = meso_test_open_db (&f->dir);
  f->store = meso_patient_store_new (f->db);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_NOVEMBER, 2026);
  g_assert_true (meso_demo_populate (f->store, GPOINTER_TO_UINT (data), 7, &today, &error));
  g_assert_no_error (error);
  staff = meso_staff_store_new (f->db);
  f->physician = meso_staff_store_sign_in (staff, 2, MESO_DEMO_PIN, &error);
  g_assert_no_error (error);
  f->list = meso_patient_list_new (f->store);
  g_assert_true (meso_patient_list_set_query (f->list, NULL, MESO_PATIENTS_CURRENT, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->list);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->physician);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* How one search ended, as its callback saw it. */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Outcome *outcome = data;

  outcome->ok = meso_patient_list_set_query_finish (MESO_PATIENT_LIST (source), result,
                                                    &outcome->error);
  outcome->done = TRUE;
}

static void
wait_for (Outcome *outcome)
{
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

static GArray *
list_ids (MesoPatientList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MesoPatient) patient = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_array_append_val (ids, (gint64) { meso_patient_get_id (patient) });
    }
  return ids;
}

static void
assert_ids_equal (GArray *a,
                  GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static void
assert_list_is_search (Fixture          *f,
                       const char       *query,
                       MesoPatientShown  shown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = meso_patient_store_search (f->store, query, shown, &error);
  g_autoptr(GArray) listed = list_ids (f->list);

  g_assert_no_error (error);
  assert_ids_equal (listed, expected);
}

/* A search answered on the worker lists what the synchronous one does,
 * archived patients included. */
static void
test_async_same_as_sync (Fixture       *f,
                         gconstpointer  data)
{
  const char *queries[] = { "e", "kaya", "a y", "+90", "zzzz", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    for (MesoPatientShown shown = MESO_PATIENTS_CURRENT; shown <= MESO_PATIENTS_ARCHIVED; shown++)
      {
        Outcome outcome = { 0 };

        meso_patient_list_set_query_async (f->list, queries[i], shown, NULL, on_done, &outcome);
        wait_for (&outcome);
        g_assert_no_error (outcome.error);
        g_assert_true (outcome.ok);
        assert_list_is_search (f, queries[i], shown);
      }
}

/* What the list looked like after each items-changed. */
static void
on_items_changed_count (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GArray     *lengths)
{
  guint n = g_list_model_get_n_items (model);

  g_array_append_val (lengths, n);
}

/* Typing fast: three keys before any result; only the last one lands, the
 * two before finish as cancelled without touching the list. */
static void
test_async_last_wins (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  Outcome first = { 0 }, second = { 0 }, third = { 0 };

  expected = meso_patient_store_search (f->store, "ka", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed_count), lengths);

  meso_patient_list_set_query_async (f->list, "zzzz", FALSE, NULL, on_done, &first);
  meso_patient_list_set_query_async (f->list, "k", FALSE, NULL, on_done, &second);
  meso_patient_list_set_query_async (f->list, "ka", FALSE, NULL, on_done, &third);
  wait_for (&first);
  wait_for (&second);
  wait_for (&third);

  g_assert_false (first.ok);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (second.ok);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (third.error);
  g_assert_true (third.ok);
  assert_list_is_search (f, "ka", MESO_PATIENTS_CURRENT);
  /* Never empty on the way, as "zzzz" would have left it. */
  for (guint i = 0; i < lengths->len; i++)
    g_assert_cmpuint (g_array_index (lengths, guint, i), >=, expected->len);
  g_signal_handlers_disconnect_by_data (f->list, lengths);
  g_clear_error (&first.error);
  g_clear_error (&second.error);
}

static void
on_items_changed_flag (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       gboolean   *changed)
{
  *changed = TRUE;
}

/* A search cancelled by its caller leaves the list as it was, whether it was
 * cancelled before it ran or while its answer was on the way back. */
static void
test_async_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GArray) before = list_ids (f->list);
  g_autoptr(GArray) after = NULL;
  gboolean changed = FALSE;

  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed_flag), &changed);
  for (guint delay = 0; delay < 2; delay++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Outcome outcome = { 0 };

      meso_patient_list_set_query_async (f->list, "kaya", FALSE, cancellable, on_done, &outcome);
      /* Long enough for the worker to answer before the cancel. */
      if (delay)
        g_usleep (200 * 1000);
      g_cancellable_cancel (cancellable);
      wait_for (&outcome);
      g_assert_false (outcome.ok);
      g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&outcome.error);
    }
  g_assert_false (changed);
  after = list_ids (f->list);
  assert_ids_equal (after, before);
  g_signal_handlers_disconnect_by_data (f->list, &changed);
}

/* A statement on a connection whose cancellable is cancelled stops early,
 * as a superseded search's text query does on the worker; the connection
 * answers again once it is unset. */
static void
test_cancellable_stops_statement (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  MesoDb *db = meso_db_open_worker (f->db, &error);
  MesoPatientStore *store;

  g_assert_no_error (error);
  store = meso_patient_store_new (db);
  meso_db_set_actor (db, f->physician);
  g_cancellable_cancel (cancellable);
  meso_db_set_cancellable (db, cancellable);
  g_assert_null (meso_patient_store_search (store, "kaya", MESO_PATIENTS_CURRENT, &error));
  g_assert_error (error, MESO_DB_ERROR, SQLITE_INTERRUPT);
  g_clear_error (&error);

  meso_db_set_cancellable (db, NULL);
  ids = meso_patient_store_search (store, "kaya", MESO_PATIENTS_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_finalize_object (store);
  g_assert_finalize_object (db);
}

/* Patients stay the same objects through a narrowing and a widening
 * search on the worker, so a view keeps their rows. */
static void
test_async_same_objects (Fixture       *f,
                         gconstpointer  data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  const char *queries[] = { "e", "ka", "" };
  guint n_same = 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (f->list), i));

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      Outcome outcome = { 0 };
      guint listed;

      meso_patient_list_set_query_async (f->list, queries[q], FALSE, NULL, on_done, &outcome);
      wait_for (&outcome);
      g_assert_true (outcome.ok);
      listed = g_list_model_get_n_items (G_LIST_MODEL (f->list));
      g_assert_cmpuint (listed, >, 0);
      for (guint i = 0, j = 0; i < listed; i++)
        {
          g_autoptr(MesoPatient) item = g_list_model_get_item (G_LIST_MODEL (f->list), i);

          while (meso_patient_get_id (before->pdata[j]) != meso_patient_get_id (item))
            j++;
          g_assert_true (item == before->pdata[j]);
          n_same++;
        }
    }
  g_assert_cmpuint (n_same, >, n);
}

/* Nobody signed in (the workstation locked): the worker refuses the
 * search too, and the list keeps what it showed. */
static void
test_async_not_signed_in (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GArray) before = list_ids (f->list);
  g_autoptr(GArray) after = NULL;
  Outcome allowed = { 0 }, refused = { 0 };

  /* Once as the physician, so that the worker has answered before. */
  meso_patient_list_set_query_async (f->list, "", FALSE, NULL, on_done, &allowed);
  wait_for (&allowed);
  g_assert_true (allowed.ok);

  meso_db_set_actor (f->db, NULL);
  meso_patient_list_set_query_async (f->list, "kaya", FALSE, NULL, on_done, &refused);
  wait_for (&refused);
  g_assert_false (refused.ok);
  g_assert_error (refused.error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN);
  g_clear_error (&refused.error);
  after = list_ids (f->list);
  assert_ids_equal (after, before);
}

/* A view that follows every items-changed, reading the new items at each
 * one, ends with the list: each run is consistent as it is reported. And
 * no run both removes and adds, which would send GTK looking for its
 * selected and focused rows among the added items. */
typedef struct
{
  GArray *mirror;
  guint   n_runs;
} Mirror;

static void
on_items_changed_mirror (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_true (removed == 0 || added == 0);
  g_assert_cmpuint (position + removed, <=, mirror->mirror->len);
  g_array_remove_range (mirror->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(MesoPatient) patient = g_list_model_get_item (model, position + i);

      g_array_insert_val (mirror->mirror, position + i, (gint64) { meso_patient_get_id (patient) });
    }
  g_assert_cmpuint (mirror->mirror->len, ==, g_list_model_get_n_items (model));
  mirror->n_runs++;
}

static void
test_runs_followed (Fixture       *f,
                    gconstpointer  data)
{
  const char *queries[] = { "e", "ka", "e", "", "m", "a", "", "zzzz", "" };
  Mirror mirror = { list_ids (f->list), 0 };

  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed_mirror), &mirror);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      Outcome outcome = { 0 };
      g_autoptr(GArray) listed = NULL;

      meso_patient_list_set_query_async (f->list, queries[q], FALSE, NULL, on_done, &outcome);
      wait_for (&outcome);
      g_assert_true (outcome.ok);
      assert_list_is_search (f, queries[q], MESO_PATIENTS_CURRENT);
      listed = list_ids (f->list);
      assert_ids_equal (mirror.mirror, listed);
    }
  /* Narrowing and widening by several runs, not the whole list at once. */
  g_assert_cmpuint (mirror.n_runs, >, 2 * G_N_ELEMENTS (queries));
  g_signal_handlers_disconnect_by_data (f->list, &mirror);
  g_array_unref (mirror.mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (500), fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/patient-list/async/same-as-sync", test_async_same_as_sync);
  ADD ("/meso/patient-list/async/last-wins", test_async_last_wins);
  ADD ("/meso/patient-list/async/cancelled", test_async_cancelled);
  ADD ("/meso/patient-list/async/same-objects", test_async_same_objects);
  ADD ("/meso/patient-list/async/not-signed-in", test_async_not_signed_in);
  ADD ("/meso/patient-list/cancellable-stops-statement", test_cancellable_stops_statement);
  ADD ("/meso/patient-list/runs-followed", test_runs_followed);
#undef ADD

  return g_test_run ();
}
