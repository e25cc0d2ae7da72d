/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-patient-names.c: names found across scripts, phone groups, and the list in the order
 * of the clinic's language. */
#include <string.h>

#include "meso-schema.h"
#include "meso-test-session.h"
#include "meso-test-db.h"
#include "meso-test-util.h"

typedef struct
{
  char             *dir;
  MesoContext      *context;
  MesoPatientStore *store;
  MesoStaff        *admin;
  GDate             today;
} Fixture;

/* Clinics in Istanbul, Madrid and Moscow, and one name of each kind. */
static const char *const names[][3] = {
  /* family, given, phone */
  { "Koç", "Şule", "+90 532 111 22 33" },
  { "Çelik", "Ayşe", "" },
  { "Cengiz", "Gül", "" },
  { "Şahin", "İpek", "" },
  { "Sarı", "Işıl", "" },
  { "Öztürk", "Oğuz", "" },
  { "Ünal", "Ümit", "" },
  { "Peña", "Íñigo", "" },
  { "Pena", "Ana", "" },
  { "Núñez", "José", "" },
  { "Попова", "Татьяна", "+7 948 596-70-90" },
  { "Алексеев", "Юрий", "" },
  { "Щукина", "Наталья", "" },
  { "Зайцев", "Алексей", "" },
  { "Smith", "John", "" },
  { "Yilmaz", "Zeynep", "" },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->store = meso_context_get_patient_store (f->context);
  f->admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                                "Administrator");
  meso_test_date (&f->today, 2026, 11, 20);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MesoPatient) patient = meso_patient_new ();
      g_autoptr(GError) error = NULL;

      meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, names[i][0]);
      meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, names[i][1]);
      meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "1980-01-01");
      meso_patient_set_field (patient, MESO_PATIENT_PHONE, names[i][2]);
      g_assert_true (meso_patient_store_save (f->store, patient, NULL, &f->today, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_assert_finalize_object (f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Returns: (transfer full): the family names @query finds, in list order,
 * joined by " | ". */
static char *
search (Fixture    *f,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = meso_patient_store_search (f->store, query, MESO_PATIENTS_CURRENT, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MesoPatient) p = meso_patient_store_load (f->store,
                                                          g_array_index (ids, gint64, i), NULL);

      g_string_append_printf (out, "%s%s", i > 0 ? " | " : "",
                              meso_patient_get_field (p, MESO_PATIENT_FAMILY_NAME));
    }
  return g_strdup (out->str);
}

static void
test_search_across_scripts (Fixture       *f,
                            gconstpointer  data)
{
  static const struct { const char *query; const char *found; } cases[] = {
    /* Latin keyboard, Cyrillic names: the BGN/PCGN spellings and their variants. */
    { "tatyana pop", "Попова" },
    { "tatiana", "Попова" },
    { "popova", "Попова" },
    { "yuriy", "Алексеев" },
    { "yury", "Алексеев" },
    { "yuri alekseev", "Алексеев" },
    { "aleksey", "Алексеев | Зайцев" },
    { "alexey", "Алексеев | Зайцев" },
    { "alex", "Алексеев | Зайцев" },
    { "shchukina", "Щукина" },
    { "natalya", "Щукина" },
    { "natalia", "Щукина" },
    { "zaytsev", "Зайцев" },
    /* Cyrillic keyboard, Cyrillic and Latin names. */
    { "татьяна", "Попова" },
    { "ТАТЬЯНА ПОП", "Попова" },
    { "шуле", "Koç" },
    { "коч", "Koç" },
    { "смит", "Smith" },
    { "пена", "Pena | Peña" },
    /* Turkish letters, typed or not. */
    { "şule", "Koç" },
    { "sule koc", "Koç" },
    { "celik", "Çelik" },
    { "çelik", "Çelik" },
    { "gul", "Cengiz" },
    { "ipek", "Şahin" },
    { "İPEK", "Şahin" },
    { "ışıl", "Sarı" },
    { "isil sari", "Sarı" },
    { "oguz", "Öztürk" },
    { "ÖZTÜRK", "Öztürk" },
    { "umit unal", "Ünal" },
    /* Spanish. */
    { "pena", "Pena | Peña" },
    { "peña", "Pena | Peña" },
    { "inigo", "Peña" },
    { "íñigo", "Peña" },
    { "nunez jose", "Núñez" },
    /* Phone numbers: only from the start of a digit group. */
    { "596", "Попова" },
    { "596 70", "Попова" },
    { "5967090", "Попова" },
    { "79485967090", "Попова" },
    { "967", "" },
    { "9670", "" },
    { "532 111", "Koç" },
    { "321", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = search (f, cases[i].query);

      g_test_message ("“%s”: “%s”", cases[i].query, found);
      if (!g_str_equal (found, cases[i].found))
        g_error ("“%s” found “%s”, not “%s”", cases[i].query, found, cases[i].found);
    }
}

/* The whole list's family names in the clinic's order, after the clinic's
 * language and script order are saved, as an administrator saves them in
 * Preferences: the stored keys follow. */
static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  static const struct { const char *language; guint script_order; const char *order; } cases[] = {
    { "tr", MESO_SCRIPT_ORDER_GROUPED,
      "Cengiz | Çelik | Koç | Núñez | Öztürk | Pena | Peña | Sarı | Smith | Şahin | Ünal"
      " | Yilmaz | Алексеев | Зайцев | Попова | Щукина" },
    { "es", MESO_SCRIPT_ORDER_GROUPED,
      "Çelik | Cengiz | Koç | Núñez | Öztürk | Pena | Peña | Şahin | Sarı | Smith | Ünal"
      " | Yilmaz | Алексеев | Зайцев | Попова | Щукина" },
    { "en", MESO_SCRIPT_ORDER_GROUPED,
      "Çelik | Cengiz | Koç | Núñez | Öztürk | Pena | Peña | Şahin | Sarı | Smith | Ünal"
      " | Yilmaz | Алексеев | Зайцев | Попова | Щукина" },
    /* Interleaved: Алексеев as Alekseyev, Зайцев as Zaytsev, Щукина as Shchukina. */
    { "en", MESO_SCRIPT_ORDER_INTERLEAVED,
      "Алексеев | Çelik | Cengiz | Koç | Núñez | Öztürk | Pena | Peña | Попова | Şahin | Sarı"
      " | Щукина | Smith | Ünal | Yilmaz | Зайцев" },
    { "tr", MESO_SCRIPT_ORDER_INTERLEAVED,
      "Алексеев | Cengiz | Çelik | Koç | Núñez | Öztürk | Pena | Peña | Попова | Sarı | Щукина"
      " | Smith | Şahin | Ünal | Yilmaz | Зайцев" },
    /* Russian: Cyrillic names grouped after Latin, as the setting says, not before. */
    { "ru", MESO_SCRIPT_ORDER_GROUPED,
      "Çelik | Cengiz | Koç | Núñez | Öztürk | Pena | Peña | Şahin | Sarı | Smith | Ünal"
      " | Yilmaz | Алексеев | Зайцев | Попова | Щукина" },
  };
  MesoClinic *clinic = meso_context_get_clinic (f->context);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *order = NULL;

      g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_LANGUAGE, cases[i].language,
                                           &error));
      g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_SCRIPT_ORDER,
                                             cases[i].script_order, &error));
      g_assert_no_error (error);
      while (meso_patient_store_is_rebuilding (f->store))
        g_main_context_iteration (NULL, TRUE);
      order = search (f, NULL);
      g_test_message ("%s, %u: %s", cases[i].language, cases[i].script_order, order);
      if (!g_str_equal (order, cases[i].order))
        g_error ("%s, %u: “%s”, not “%s”", cases[i].language, cases[i].script_order, order,
                 cases[i].order);
    }
}

/* A clinic opened again keeps its order, and a patient saved then sorts in it. */
static void
test_order_kept (Fixture       *f,
                 gconstpointer  data)
{
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autofree char *path = g_strdup (meso_context_get_address (f->context));
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_LANGUAGE, "tr", &error));
  g_assert_no_error (error);
  while (meso_patient_store_is_rebuilding (f->store))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->admin);
  g_assert_finalize_object (f->context);

  f->context = meso_context_open (path, FALSE, &error);
  g_assert_no_error (error);
  f->store = meso_context_get_patient_store (f->context);
  f->admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                                "Second administrator");
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Çakır");
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, "Ece");
  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "1980-01-01");
  g_assert_true (meso_patient_store_save (f->store, patient, NULL, &f->today, &error));
  g_assert_no_error (error);

  order = search (f, "c");
  g_assert_cmpstr (order, ==, "Cengiz | Çakır | Çelik");
}

/* Pairs that sort differently by language: the first before the second. */
static void
test_collation (void)
{
  static const struct
  {
    const char *language;
    guint       order;
    const char *first;
    const char *second;
  } cases[] = {
    { "es", MESO_SCRIPT_ORDER_GROUPED, "Penz", "Peña" },      /* ñ a letter of its own */
    { "en", MESO_SCRIPT_ORDER_GROUPED, "Peña", "Penz" },
    { "tr", MESO_SCRIPT_ORDER_GROUPED, "Cuma", "Çakır" },
    { "en", MESO_SCRIPT_ORDER_GROUPED, "Çakır", "Cuma" },
    { "tr", MESO_SCRIPT_ORDER_GROUPED, "Sözen", "Şahin" },
    { "tr", MESO_SCRIPT_ORDER_GROUPED, "Uysal", "Ünal" },
    { "tr", MESO_SCRIPT_ORDER_GROUPED, "Işık", "İnce" },       /* ı before i */
    { "tr", MESO_SCRIPT_ORDER_GROUPED, "Dogu", "Doğan" },       /* ğ after g */
    { "en", MESO_SCRIPT_ORDER_GROUPED, "Doğan", "Dogu" },
    { "ru", MESO_SCRIPT_ORDER_GROUPED, "Zorro", "Абрамов" },
    { "ru", MESO_SCRIPT_ORDER_INTERLEAVED, "Абрамов", "Zorro" },
    { "ru", MESO_SCRIPT_ORDER_GROUPED, "Ежов", "Жуков" },
    { "en", MESO_SCRIPT_ORDER_GROUPED, "Muller", "Mullerova" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = meso_text_icu_sort_key (cases[i].first, "Anna", cases[i].language,
                                                   cases[i].order);
      g_autofree char *b = meso_text_icu_sort_key (cases[i].second, "Anna", cases[i].language,
                                                   cases[i].order);

      g_test_message ("%s: %s < %s", cases[i].language, cases[i].first, cases[i].second);
      g_assert_cmpint (strcmp (a, b), <, 0);
      g_assert_true (g_utf8_validate (a, -1, NULL));
    }
}

/* A clinic of the version before (15), its keys folded text as they were
 * then: opening it makes them again in the clinic's language. */
static void
test_upgrade (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = meso_test_clinic_location (&dir);
  gboolean server = g_str_has_prefix (path, "postgresql:");
  guint n_migrations;
  const MesoDbMigration *migrations = server ? meso_schema_get_server_migrations (&n_migrations)
                                             : meso_schema_get_migrations (&n_migrations);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = NULL;
  GDate today;

  meso_test_date (&today, 2026, 11, 20);
  {
    g_autoptr(MesoDb) db = meso_db_open_with_migrations (path, migrations, 15, &error);
    g_autoptr(MesoPatientStore) store = NULL;
    g_autoptr(MesoClinic) clinic = NULL;
    g_autoptr(MesoStaff) admin = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (meso_db_get_schema_version (db), ==, 15);
    admin = meso_test_sign_in (db, MESO_ROLE_ADMINISTRATOR, "Administrator");
    clinic = meso_clinic_load (db, &error);
    g_assert_no_error (error);
    g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_LANGUAGE, "tr", &error));
    store = meso_patient_store_new (db);
    /* Зайцев, Şahin, Núñez, Koç, Pena, Öztürk */
    static const guint some[] = { 13, 3, 9, 0, 8, 5 };

    for (guint i = 0; i < G_N_ELEMENTS (some); i++)
      {
        g_autoptr(MesoPatient) patient = meso_patient_new ();

        meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, names[some[i]][0]);
        meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, names[some[i]][1]);
        meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, "1980-01-01");
        g_assert_true (meso_patient_store_save (store, patient, NULL, &today, &error));
      }
    g_assert_no_error (error);
    /* As version 15 made them: the names folded, no Latin forms. */
    g_assert_true (meso_test_write_sql (db, "UPDATE patient SET sort_key = lower (family_name),"
                                            " search_text = lower (family_name)", &error));
    g_assert_no_error (error);
  }

  context = meso_context_open (path, FALSE, &error);
  g_assert_no_error (error);
  /* Upgraded through version 16, and any version after it. */
  g_assert_cmpint (meso_db_get_schema_version (meso_context_get_db (context)), >=, 16);
  {
    MesoPatientStore *store = meso_context_get_patient_store (context);
    g_autoptr(MesoStaff) admin = meso_test_sign_in (meso_context_get_db (context),
                                                    MESO_ROLE_ADMINISTRATOR, "Second");
    Fixture f = { .store = store };
    g_autofree char *all = search (&f, NULL);

    /* Turkish order (Ş after S), Зайцев as Zaytsev (interleaved). */
    g_assert_cmpstr (all, ==, "Koç | Núñez | Öztürk | Pena | Şahin | Зайцев");
    g_clear_pointer (&all, g_free);
    all = search (&f, "zaytsev");
    g_assert_cmpstr (all, ==, "Зайцев");
  }
  g_assert_finalize_object (g_steal_pointer (&context));
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/patient-names/search-across-scripts", test_search_across_scripts);
  ADD ("/meso/patient-names/order", test_order);
  ADD ("/meso/patient-names/order-kept", test_order_kept);
#undef ADD
  g_test_add_func ("/meso/patient-names/collation", test_collation);
  g_test_add_func ("/meso/patient-names/upgrade", test_upgrade);

  return g_test_run ();
}
