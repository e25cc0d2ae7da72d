/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-demo.c: seeds a clinic with practitioners, rooms and patients whose
 * names, phones and addresses come from the clinics' countries. */
#define G_LOG_DOMAIN "meso-demo"

#include <glib/gi18n.h>

#include "meso-catalogue.h"
#include "meso-clinic.h"
#include "meso-db-write.h"
#include "meso-demo.h"
#include "meso-resources.h"
#include "meso-schedule-generate.h"
#include "meso-scalp-store.h"
#include "meso-secret.h"
#include "meso-staff-store.h"
#include "meso-text.h"
#include "meso-treatment-store.h"

/* Generated rows are committed in batches so that 100,000 patients neither
 * hold one huge transaction nor pay a sync per patient. */
#define BATCH_SIZE 5000

typedef struct
{
  const char * const *female;
  const char * const *male;
  const char * const *family;
  const char * const *family_latin;   /* e-mail spelling, when family is not Latin */
  const char * const *female_latin;
  const char * const *male_latin;
  const char * const *streets;
  const char         *city;
  const char         *phone_format;   /* '#' is a random digit */
  const char         *language;
  const char         *mail_domain;
  gboolean            feminine_a;     /* a woman's surname ends in -a (Иванов → Иванова) */
} Country;

#define STRV(...) (const char * const[]) { __VA_ARGS__, NULL }

static const Country countries[] = {
  { STRV ("Elif", "Zeynep", "Ayşe", "Fatma", "Emine", "Merve", "Büşra", "Şule", "Özlem", "Gül"),
    STRV ("Mehmet", "Mustafa", "Ahmet", "Emre", "Murat", "Burak", "Oğuz", "İsmail", "Hakan", "Çağlar"),
    STRV ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
          "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özdemir", "Güneş", "Erdoğan"),
    NULL, NULL, NULL,
    STRV ("Atatürk Cd.", "Bağdat Cd.", "İstiklal Cd.", "Cumhuriyet Mah.", "Gazi Bulvarı"),
    "İstanbul", "+90 5## ### ## ##", "tr", "gmail.com" },
  { STRV ("María", "Lucía", "Carmen", "Sofía", "Paula", "Elena", "Marta", "Inés", "Begoña", "Nuria"),
    STRV ("José", "Antonio", "Javier", "Manuel", "Álvaro", "Sergio", "Íñigo", "Rubén", "Jesús", "Raúl"),
    STRV ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
          "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Muñoz", "Álvarez", "Romero",
          "Núñez"),
    NULL, NULL, NULL,
    STRV ("Calle Mayor", "Gran Vía", "Avenida de la Constitución", "Calle del Carmen",
          "Paseo de Gracia"),
    "Madrid", "+34 6## ### ###", "es", "hotmail.es" },
  { STRV ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Юлия", "Ирина"),
    STRV ("Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Иван", "Михаил", "Николай"),
    STRV ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Фёдоров"),
    STRV ("ivanov", "smirnov", "kuznetsov", "popov", "vasilyev", "petrov", "sokolov", "fyodorov"),
    STRV ("anna", "maria", "elena", "olga", "natalya", "tatyana", "yulia", "irina"),
    STRV ("alexander", "dmitry", "sergey", "andrey", "alexey", "ivan", "mikhail", "nikolay"),
    STRV ("ул. Ленина", "ул. Пушкина", "Невский пр.", "ул. Гагарина", "Тверская ул."),
    "Москва", "+7 9## ###-##-##", "ru", "yandex.ru", TRUE },
  { STRV ("Astrid", "Elsa", "Maja", "Ingrid", "Sofia", "Linnéa", "Ebba", "Karin"),
    STRV ("Lars", "Erik", "Johan", "Björn", "Anders", "Oskar", "Nils", "Gustav"),
    STRV ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
          "Persson", "Svensson", "Gustafsson", "Lindström", "Åberg", "Öberg"),
    NULL, NULL, NULL,
    STRV ("Drottninggatan", "Storgatan", "Kungsgatan", "Sveavägen", "Götgatan"),
    "Stockholm", "+46 7# ### ## ##", "en", "telia.se" },
  { STRV ("Anna", "Lena", "Sabine", "Jana", "Katrin", "Ute", "Petra"),
    STRV ("Thomas", "Michael", "Stefan", "Jörg", "Uwe", "Klaus", "Dieter"),
    STRV ("Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Schäfer", "Größer", "Köhler"),
    NULL, NULL, NULL,
    STRV ("Hauptstraße", "Schillerstraße", "Goethestraße", "Bahnhofstraße"),
    "Berlin", "+49 15# ########", "en", "web.de" },
};

/* Turkish, Spanish and Russian patients are the clinics' main groups. */
static const guint country_weights[] = { 40, 30, 15, 10, 5 };

static const char * const allergies[] = {
  "Lidocaine", "Biotin", "Nickel", "Hair dye (PPD)", "Penicillin", "Latex", "Dexpanthenol",
};

static const struct
{
  const char *name;
  gboolean    blood_thinner;
} medications[] = {
  { "Warfarin 5 mg", TRUE },
  { "Acetylsalicylic acid 100 mg", TRUE },
  { "Apixaban 5 mg", TRUE },
  { "Levothyroxine 50 µg", FALSE },
  { "Metformin 850 mg", FALSE },
  { "Ramipril 5 mg", FALSE },
  { "Oral contraceptive", FALSE },
  { "Isotretinoin 20 mg", FALSE },
};

static const char * const notes[] = {
  "Prefers afternoon appointments.",
  "Anxious about needles: numbing cream 30 min before.",
  "Hair loss started after childbirth.",
  "Seasonal shedding every autumn.",
  "Works night shifts; call after 14:00.",
};

static const char *
pick (GRand              *rand,
      const char * const *strv)
{
  return strv[g_rand_int_range (rand, 0, g_strv_length ((char **) strv))];
}

static guint
pick_index (GRand              *rand,
            const char * const *strv)
{
  return g_rand_int_range (rand, 0, g_strv_length ((char **) strv));
}

static const Country *
pick_country (GRand *rand)
{
  guint total = 0;
  guint roll;

  for (guint i = 0; i < G_N_ELEMENTS (country_weights); i++)
    total += country_weights[i];
  roll = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (country_weights); i++)
    {
      if (roll < country_weights[i])
        return &countries[i];
      roll -= country_weights[i];
    }
  return &countries[0];
}

static char *
random_phone (GRand      *rand,
              const char *format)
{
  GString *out = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    if (*p == '#')
      g_string_append_c (out, '0' + g_rand_int_range (rand, 0, 10));
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static char *
iso_days_before (GDate *today,
                 guint  days)
{
  GDate date = *today;
  char iso[16];

  g_date_subtract_days (&date, days);
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
  return g_strdup (iso);
}

static MesoScreening *
random_screening (GRand    *rand,
                  gboolean  female,
                  guint     age,
                  GDate    *today)
{
  MesoScreening *screening = meso_screening_new ();
  g_autofree char *asked_on = NULL;
  gboolean medication;

  /* One patient in eight has never been screened: a newcomer's first visit. */
  if (g_rand_int_range (rand, 0, 8) == 0)
    return screening;

  asked_on = iso_days_before (today, g_rand_int_range (rand, 0, 90));
  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    {
      MesoAnswer answer = MESO_ANSWER_NO;

      if ((i == MESO_CONDITION_PREGNANCY || i == MESO_CONDITION_BREASTFEEDING) &&
          female && age < 45 && g_rand_int_range (rand, 0, 30) == 0)
        answer = MESO_ANSWER_YES;
      else if (i == MESO_CONDITION_DIABETES && g_rand_int_range (rand, 0, 15) == 0)
        answer = MESO_ANSWER_YES;
      else if (g_rand_int_range (rand, 0, 60) == 0)
        answer = MESO_ANSWER_YES;
      meso_screening_set_answer (screening, i, answer, asked_on);
    }

  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      meso_screening_add_allergy (screening,
                                  allergies[g_rand_int_range (rand, 0, G_N_ELEMENTS (allergies))]);
      meso_screening_set_answer (screening, MESO_CONDITION_PAST_ALLERGIC_REACTION,
                                 MESO_ANSWER_YES, asked_on);
    }

  medication = g_rand_int_range (rand, 0, 4) == 0;
  meso_screening_set_answer (screening, MESO_CONDITION_REGULAR_MEDICATION,
                             medication ? MESO_ANSWER_YES : MESO_ANSWER_NO, asked_on);
  if (medication)
    {
      guint m = g_rand_int_range (rand, 0, G_N_ELEMENTS (medications));
      meso_screening_add_medication (screening, medications[m].name, medications[m].blood_thinner);
    }
  return screening;
}

static MesoPatient *
random_patient (GRand  *rand,
                GDate  *today,
                guint   serial,
                guint  *out_age,
                gboolean *out_female)
{
  const Country *country = pick_country (rand);
  MesoPatient *patient = meso_patient_new ();
  gboolean female = g_rand_int_range (rand, 0, 10) < 6;   /* most clinics' majority */
  const char * const *given_list = female ? country->female : country->male;
  const char * const *given_latin = female ? country->female_latin : country->male_latin;
  guint given_index = pick_index (rand, given_list);
  guint family_index = pick_index (rand, country->family);
  guint age = g_rand_int_range (rand, 18, 76);
  GDate birth = *today;
  g_autofree char *mail_given = NULL;
  g_autofree char *mail_family = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = random_phone (rand, country->phone_format);
  g_autofree char *address = NULL;
  g_autofree char *family = NULL;
  char iso[16];

  g_date_subtract_days (&birth, age * 365 + g_rand_int_range (rand, 0, 365));
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &birth);

  family = g_strconcat (country->family[family_index], female && country->feminine_a ? "а" : "",
                        NULL);
  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, family);
  meso_patient_set_field (patient, MESO_PATIENT_GIVEN_NAME, given_list[given_index]);
  meso_patient_set_field (patient, MESO_PATIENT_BIRTH_DATE, iso);
  meso_patient_set_field (patient, MESO_PATIENT_SEX, female ? "female" : "male");
  meso_patient_set_field (patient, MESO_PATIENT_PHONE, phone);
  meso_patient_set_field (patient, MESO_PATIENT_LANGUAGE, country->language);

  /* Not everyone gives an e-mail address. */
  if (g_rand_int_range (rand, 0, 3) != 0)
    {
      g_autofree char *latin = country->family_latin != NULL
                                 ? g_strconcat (country->family_latin[family_index],
                                                female && country->feminine_a ? "a" : "", NULL)
                                 : g_strdup (family);

      mail_given = meso_text_fold (given_latin != NULL ? given_latin[given_index]
                                                       : given_list[given_index]);
      mail_family = meso_text_fold (latin);
      email = g_strdup_printf ("%s.%s%u@%s", mail_given, mail_family, serial % 100,
                               country->mail_domain);
      meso_patient_set_field (patient, MESO_PATIENT_EMAIL, email);
    }
  address = g_strdup_printf ("%s %d, %s", pick (rand, country->streets),
                             g_rand_int_range (rand, 1, 180), country->city);
  meso_patient_set_field (patient, MESO_PATIENT_ADDRESS, address);
  if (g_rand_int_range (rand, 0, 6) == 0)
    meso_patient_set_field (patient, MESO_PATIENT_NOTES,
                            notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))]);

  *out_age = age;
  *out_female = female;
  return patient;
}

/* The staff accounts, the administrator first (the first account must be
 * one). They share one hash of MESO_DEMO_PIN: each hash takes time on purpose.
 * Returns: (transfer full): the administrator. */
static MesoStaff *
add_accounts (MesoDb  *db,
              GError **error)
{
  static const struct
  {
    const char *name;
    MesoRole    role;
  } accounts[] = {
    { "Selin Demir", MESO_ROLE_ADMINISTRATOR },
    { "Dr. Elif Aydın", MESO_ROLE_PHYSICIAN },
    { "Dr. Javier Moreno", MESO_ROLE_PHYSICIAN },
    { "Dr. Anna Lindqvist", MESO_ROLE_PHYSICIAN },
    { "Zeynep Kaya", MESO_ROLE_RECEPTIONIST },
    { "Lucía Ortega", MESO_ROLE_RECEPTIONIST },
  };
  g_autoptr(MesoStaffStore) store = meso_staff_store_new (db);
  g_autofree char *hash = meso_secret_hash (MESO_DEMO_PIN, error);
  g_autoptr(MesoStaff) administrator = NULL;

  if (hash == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr(MesoStaff) staff = meso_staff_store_add (store, accounts[i].name,
                                                         accounts[i].role, hash, error);
      if (staff == NULL)
        return NULL;
      if (i == 0)
        {
          administrator = g_object_ref (staff);
          meso_db_set_actor (db, administrator);
        }
    }
  return g_steal_pointer (&administrator);
}

/* The practitioners and rooms, through the schedule, as settings would. */
static gboolean
add_resources (MesoSchedule  *schedule,
               GError       **error)
{
  static const char * const practitioners[][2] = {
    { "Dr. Elif Aydın", "#3584e4" },
    { "Dr. Javier Moreno", "#2ec27e" },
    { "Dr. Anna Lindqvist", "#9141ac" },
  };
  static const char * const rooms[] = { "Treatment room 1", "Treatment room 2",
                                        "Consultation room" };

  for (guint i = 0; i < G_N_ELEMENTS (practitioners); i++)
    {
      MesoPractitioner practitioner = { .name = (char *) practitioners[i][0],
                                        .colour = (char *) practitioners[i][1], .active = TRUE };

      if (!meso_schedule_save_practitioner (schedule, &practitioner, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rooms); i++)
    {
      MesoRoom room = { .name = (char *) rooms[i], .active = TRUE };

      if (!meso_schedule_save_room (schedule, &room, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
set_clinic (MesoDb  *db,
            GError **error)
{
  g_autoptr(MesoClinic) clinic = meso_clinic_load (db, error);

  return clinic != NULL &&
         meso_clinic_set_text (clinic, MESO_CLINIC_NAME, "Bosphorus Hair & Scalp Clinic", error) &&
         meso_clinic_set_text (clinic, MESO_CLINIC_ADDRESS,
                               "Teşvikiye Cd. 12, 34365 Şişli, İstanbul", error) &&
         meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 01 23", error) &&
         meso_clinic_set_text (clinic, MESO_CLINIC_TIME_ZONE, "Europe/Istanbul", error) &&
         meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 30, error);
}

/* A product of every catalogue ingredient, each with a lot in date and,
 * so that the stock alerts have something to show, one that expires next
 * week and one almost used up. The vial holds the ingredient at twice its
 * usual strength, so that a cocktail dilutes it. */
static gboolean
add_stock (MesoDb       *db,
           const GDate  *today,
           GError      **error)
{
  static const char * const brands[] = { "Dermalab", "Medicafarm", "Trichopharm" };
  g_autoptr(MesoTreatmentStore) store = meso_treatment_store_new (db);
  g_autoptr(MesoCatalogue) catalogue = meso_treatment_store_load_catalogue (store, error);
  GPtrArray *ingredients;

  if (catalogue == NULL)
    return FALSE;
  ingredients = meso_catalogue_get_ingredients (catalogue);
  for (guint i = 0; i < ingredients->len; i++)
    {
      MesoIngredient *ingredient = g_ptr_array_index (ingredients, i);
      double vial_ml = g_str_equal (ingredient->form, "gel") ? 2 : 5;
      gint64 product = meso_treatment_store_add_product (store, ingredient->id,
                                                         brands[i % G_N_ELEMENTS (brands)], vial_ml,
                                                         2 * ingredient->usual, error);
      GDate expires = *today;
      char date[11], lot_number[16];
      double quantity = vial_ml * 10;

      if (product == 0)
        return FALSE;
      /* Most lots last a year; every fifth expires next week, every
       * seventh is down to its last millilitre. */
      g_date_add_days (&expires, i % 5 == 3 ? 6 : 365);
      if (i % 7 == 4)
        quantity = 1;
      g_date_strftime (date, sizeof date, "%Y-%m-%d", &expires);
      g_snprintf (lot_number, sizeof lot_number, "L%02u%04u", i + 1, 2610 + 7 * i);
      if (meso_treatment_store_receive (store, product, lot_number, date, quantity, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* Scalp maps for the first patients with several sessions done: thinning
 * at the crown and temples that improves session by session, a grid of
 * injection points over it, and trichoscopy readings. */
/* By patient, then by start (the appointments are listed by start). */
static int
compare_sessions (gconstpointer a,
                  gconstpointer b)
{
  MesoAppointment *first = *(MesoAppointment **) a;
  MesoAppointment *second = *(MesoAppointment **) b;

  if (first->patient_id != second->patient_id)
    return first->patient_id < second->patient_id ? -1 : 1;
  return first->starts_at < second->starts_at ? -1 : first->starts_at > second->starts_at;
}

/* The sessions done by the first @n_patients patients (by id) who had at
 * least two, by patient and start, as pairs of appointment and patient ids. */
static GArray *
list_sessions_done (MesoSchedule  *schedule,
                    guint          n_patients,
                    GError       **error)
{
  g_autoptr(GPtrArray) all = meso_schedule_list_range (schedule, G_MININT64, G_MAXINT64, error);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  GArray *sessions;
  guint taken = 0;

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    if (((MesoAppointment *) g_ptr_array_index (all, i))->status == MESO_STATUS_DONE)
      g_ptr_array_add (done, g_ptr_array_index (all, i));
  /* Stable, so that one patient's sessions at one time stay in id order. */
  g_ptr_array_sort (done, compare_sessions);
  sessions = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  for (guint i = 0; i + 1 < done->len && taken < n_patients; )
    {
      gint64 patient = ((MesoAppointment *) g_ptr_array_index (done, i))->patient_id;
      guint end = i;

      while (end < done->len &&
             ((MesoAppointment *) g_ptr_array_index (done, end))->patient_id == patient)
        end++;
      if (end - i >= 2)
        {
          for (; i < end; i++)
            {
              gint64 row[2] = { ((MesoAppointment *) g_ptr_array_index (done, i))->id, patient };

              g_array_append_val (sessions, row);
            }
          taken++;
        }
      i = end;
    }
  return sessions;
}

static gboolean
add_scalp_maps (MesoSchedule  *schedule,
                GRand         *rand,
                GError       **error)
{
  g_autoptr(MesoScalpStore) store = meso_scalp_store_new (meso_schedule_get_db (schedule), schedule);
  g_autoptr(GArray) sessions = list_sessions_done (schedule, 12, error);
  gint64 patient = 0;
  guint done = 0;
  MesoGrade crown = 0, temples = 0;

  if (sessions == NULL)
    return FALSE;

  for (guint i = 0; i < sessions->len; i++)
    {
      gint64 *row = &g_array_index (sessions, gint64, i * 2);
      g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
      g_autoptr(GArray) crown_zone = meso_scalp_zone_polygon (MESO_SCALP_ZONE_VERTEX,
                                                              MESO_SCALP_VIEW_TOP);
      g_autoptr(GArray) patch = g_array_new (FALSE, FALSE, sizeof (MesoVec2));
      double shrink;

      if (row[1] != patient)
        {
          patient = row[1];
          done = 0;
          crown = g_rand_int_range (rand, MESO_GRADE_MODERATE, MESO_GRADE_NO_FOLLICLES);
          temples = g_rand_int_range (rand, MESO_GRADE_MILD, MESO_GRADE_SEVERE + 1);
        }
      meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MAX ((int) crown - (int) done / 2, 1));
      meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_LEFT_TEMPLE,
                                MAX ((int) temples - (int) done / 3, 0));
      meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_RIGHT_TEMPLE,
                                MAX ((int) temples - (int) done / 3, 0));
      meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_MID_SCALP, MESO_GRADE_MILD);
      /* The bald patch at the crown shrinks as the course goes on. */
      shrink = MAX (0.25, 0.7 - done * 0.08);
      for (guint p = 0; p < crown_zone->len; p += 2)
        {
          MesoVec2 point = g_array_index (crown_zone, MesoVec2, p);

          point.x *= shrink;
          point.y = 26 + (point.y - 26) * shrink;
          g_array_append_val (patch, point);
        }
      meso_scalp_map_add_region (map, MESO_SCALP_VIEW_TOP, (MesoVec2 *) patch->data, patch->len);
      meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP,
                               1u << MESO_SCALP_ZONE_VERTEX | 1u << MESO_SCALP_ZONE_LEFT_TEMPLE |
                               1u << MESO_SCALP_ZONE_RIGHT_TEMPLE, 10, 1.5, 0.05);
      meso_scalp_map_set_measurement (map, _("Crown"), 95 + done * 9 + g_rand_int_range (rand, 0, 6),
                                      52 + done * 2);
      meso_scalp_map_set_measurement (map, _("Frontal"), 150 + g_rand_int_range (rand, 0, 20), 64);
      meso_scalp_map_set_pull_test (map, done < 2 ? MESO_PULL_TEST_POSITIVE
                                                  : MESO_PULL_TEST_NEGATIVE);
      {
        g_autofree char *stage = meso_scalp_map_suggest_stage (map, MESO_HAIR_SCALE_NORWOOD);

        meso_scalp_map_set_scale (map, MESO_HAIR_SCALE_NORWOOD, stage);
      }
      if (!meso_scalp_store_save (store, row[0], map, error))
        return FALSE;
      done++;
    }
  return TRUE;
}

/* Commits the batch @w holds and begins the next one in its place. */
static gboolean
next_batch (MesoDb       *db,
            MesoDbWrite **w,
            GError      **error)
{
  gboolean committed = meso_db_write_commit (*w, error);

  g_clear_pointer (w, meso_db_write_free);
  if (committed)
    *w = meso_db_begin_write_unchecked (db, error);
  return *w != NULL;
}

/* The practitioners, the rooms and @n_patients patients, in batches. */
static gboolean
add_patients (MesoPatientStore  *store,
              GRand             *rand,
              guint              n_patients,
              GDate             *today,
              GError           **error)
{
  MesoDb *db = meso_patient_store_get_db (store);
  g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (db, error);

  if (w == NULL)
    return FALSE;
  for (guint i = 0; i < n_patients; i++)
    {
      guint age;
      gboolean female;
      g_autoptr(MesoPatient) patient = random_patient (rand, today, i, &age, &female);
      g_autoptr(MesoScreening) screening = random_screening (rand, female, age, today);

      if (!meso_patient_store_insert_unchecked (store, patient, screening, error))
        return FALSE;
      if ((i + 1) % BATCH_SIZE == 0 && i + 1 < n_patients && !next_batch (db, &w, error))
        return FALSE;
    }
  return meso_db_write_commit (w, error);
}

/**
 * meso_demo_populate:
 * @n_patients: how many patients to generate
 * @seed: the same seed gives the same clinic
 *
 * Fills an empty database with a demo clinic: staff accounts (PIN
 * %MESO_DEMO_PIN), its data, three practitioners, three rooms, and
 * @n_patients patients with screening records, all recorded in the audit
 * trail as made by the demo administrator. Used by `mesodesk --demo` and by
 * the benchmark's generator. Nobody is signed in afterwards.
 */
gboolean
meso_demo_populate (MesoPatientStore  *store,
                    guint              n_patients,
                    guint32            seed,
                    GDate             *today,
                    GError           **error)
{
  MesoDb *db = meso_patient_store_get_db (store);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(MesoStaff) administrator = add_accounts (db, error);
  GDate first = *today;
  gboolean ok;

  g_date_subtract_days (&first, 21);
  ok = administrator != NULL && set_clinic (db, error) && add_resources (schedule, error) &&
       add_patients (store, rand, n_patients, today, error) &&
       meso_demo_add_appointments (db, seed, &first, 63, 10, today, error) &&
       add_scalp_maps (schedule, rand, error) &&
       add_stock (db, today, error);
  meso_db_set_actor (db, NULL);
  /* Let the lists know, as a save would. */
  if (ok)
    g_signal_emit_by_name (store, "changed");
  return ok;
}

/* Adds what @batch holds through the schedule, and empties it. */
static gboolean
flush_appointments (MesoSchedule  *schedule,
                    GArray        *batch,
                    GError       **error)
{
  gboolean ok = meso_schedule_add_generated (schedule,
                                             (MesoGeneratedAppointment *) batch->data,
                                             batch->len, NULL, error);

  g_array_set_size (batch, 0);
  return ok;
}

/* A plausible status for an appointment on @day, seen from @today. */
static MesoAppointmentStatus
random_status (GRand       *rand,
               const GDate *day,
               const GDate *today)
{
  int roll = g_rand_int_range (rand, 0, 100);
  int compared = g_date_compare (day, today);

  if (compared < 0)
    return roll < 90 ? MESO_STATUS_DONE : roll < 95 ? MESO_STATUS_NO_SHOW : MESO_STATUS_CANCELLED;
  if (compared == 0)
    return roll < 30 ? MESO_STATUS_DONE : roll < 45 ? MESO_STATUS_ARRIVED
         : roll < 55 ? MESO_STATUS_IN_TREATMENT : MESO_STATUS_CONFIRMED;
  return roll < 40 ? MESO_STATUS_CONFIRMED : roll < 95 ? MESO_STATUS_BOOKED
                                                       : MESO_STATUS_CANCELLED;
}

/**
 * meso_demo_add_appointments:
 * @first_day: the first day to fill
 * @n_days: how many days
 * @per_practitioner_day: about how many appointments each practitioner has
 *   on a full working day (a day has room for one every 32 minutes)
 *
 * Fills the calendar with appointments of the database's patients, for
 * every active practitioner in their working hours, each in a room of
 * their own (practitioner i uses room i modulo the rooms). Slots that are
 * already taken are skipped. Needs someone signed in, for the audit trail.
 */
gboolean
meso_demo_add_appointments (MesoDb       *db,
                            guint32       seed,
                            const GDate  *first_day,
                            guint         n_days,
                            guint         per_practitioner_day,
                            const GDate  *today,
                            GError      **error)
{
  static const struct
  {
    MesoAppointmentKind kind;
    guint               minutes;
  } visits[] = {
    { MESO_KIND_SESSION, 30 }, { MESO_KIND_SESSION, 30 }, { MESO_KIND_SESSION, 30 },
    { MESO_KIND_SESSION, 30 }, { MESO_KIND_FIRST_SESSION, 60 }, { MESO_KIND_MAINTENANCE, 30 },
    { MESO_KIND_CONSULTATION, 30 }, { MESO_KIND_FOLLOW_UP, 15 },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed + 1);
  g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
  g_autoptr(MesoPatientStore) patients = meso_patient_store_new (db);
  g_autoptr(MesoResources) resources = meso_resources_load (db, error);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GArray) batch = NULL;
  GPtrArray *practitioners, *rooms;
  GHashTableIter iter;
  gpointer key;
  gint64 n_patients = 0;

  if (resources == NULL ||
      (names = meso_patient_store_list_names (patients, error)) == NULL)
    return FALSE;
  practitioners = meso_resources_get_practitioners (resources);
  rooms = meso_resources_get_rooms (resources);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    n_patients = MAX (n_patients, *(gint64 *) key);
  if (n_patients == 0 || rooms->len == 0)
    return TRUE;
  batch = g_array_sized_new (FALSE, FALSE, sizeof (MesoGeneratedAppointment), BATCH_SIZE * 4);

  for (guint d = 0; d < n_days; d++)
    {
      GDate day = *first_day;

      g_date_add_days (&day, d);
      for (guint p = 0; p < practitioners->len; p++)
        {
          MesoPractitioner *practitioner = g_ptr_array_index (practitioners, p);
          MesoHours span = meso_resources_get_working_span (resources, practitioner->id, &day);
          guint capacity, minute;

          if (span.closes == 0)
            continue;
          /* Leave a share of the day free, in half-hour gaps at random
           * places, as a busy clinic's day looks. */
          capacity = (span.closes - span.opens) / 32;
          minute = span.opens;
          for (guint n = 0; n < capacity; n++)
            {
              guint visit = g_rand_int_range (rand, 0, G_N_ELEMENTS (visits));
              MesoGeneratedAppointment row;

              if ((guint) g_rand_int_range (rand, 0, capacity) >= per_practitioner_day)
                {
                  minute += 30;
                  continue;
                }
              if (minute + visits[visit].minutes > span.closes)
                break;
              row.patient_id = g_rand_int_range (rand, 1, n_patients + 1);
              row.patient_name = g_hash_table_lookup (names, &row.patient_id);
              row.practitioner_id = practitioner->id;
              row.room_id = ((MesoRoom *) g_ptr_array_index (rooms, p % rooms->len))->id;
              row.starts_at = meso_resources_to_instant (resources, &day, minute);
              row.ends_at = row.starts_at + visits[visit].minutes * 60;
              row.kind = visits[visit].kind;
              row.status = random_status (rand, &day, today);
              g_array_append_val (batch, row);
              minute += visits[visit].minutes;
              if (batch->len == BATCH_SIZE * 4 && !flush_appointments (schedule, batch, error))
                return FALSE;
            }
        }
    }
  return flush_appointments (schedule, batch, error);
}
