/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handout.c: handouts are composed in the patient's language, with
 * limits computed from the session, and texts the clinic can rewrite. */
#include "meso-handout.h"
#include "meso-ical.h"
#include "meso-language.h"
#include "meso-scalp-store.h"
#include "meso-test-db.h"
#include "meso-test-handout.h"
#include "meso-treatment-store.h"

typedef MesoHandoutFixture Fixture;

static MesoHandout *
build (Fixture         *f,
       MesoHandoutKind  kind)
{
  g_autoptr(GError) error = NULL;
  MesoHandout *handout = meso_handout_build (f->context, kind, f->session->id, 0, f->now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (handout);
  return handout;
}

/* The whole handout as text, one block per line, tables as "a | b". */
static char *
handout_text (MesoHandout *handout)
{
  GPtrArray *blocks = meso_handout_get_blocks (handout);
  g_autoptr(GString) text = g_string_new (meso_handout_get_title (handout));

  for (guint i = 0; i < blocks->len; i++)
    {
      MesoHandoutBlock *block = g_ptr_array_index (blocks, i);

      g_string_append_c (text, '\n');
      switch (block->type)
        {
        case MESO_HANDOUT_BLOCK_TABLE:
          if (block->header != NULL)
            {
              g_autofree char *header = g_strjoinv (" | ", block->header);

              g_string_append_printf (text, "[%s]\n", header);
            }
          for (guint r = 0; r < block->rows->len; r++)
            {
              g_autofree char *row = g_strjoinv (" | ", g_ptr_array_index (block->rows, r));

              g_string_append_printf (text, "%s%s", r > 0 ? "\n" : "", row);
            }
          break;
        case MESO_HANDOUT_BLOCK_SCALP_MAP:
          g_string_append (text, "(scalp map)");
          break;
        case MESO_HANDOUT_BLOCK_HEADING:
        case MESO_HANDOUT_BLOCK_PARAGRAPH:
        case MESO_HANDOUT_BLOCK_BULLET:
        default:
          g_string_append (text, block->text);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not in:\n%s", expected, text);
}

static const struct
{
  const char *language;
  const char *title;
  const char *wash;
  const char *sun;
} aftercare_cases[] = {
  /* Patient language "" falls back to the clinic's default, English. */
  { "", "Aftercare after your mesotherapy session",
    "Do not wash your hair before Tuesday 24 November, 10:30.",
    "Keep your scalp out of direct sun until Wednesday 25 November, 10:30." },
  { "tr", "Mezoterapi seansı sonrası bakım",
    "Saçınızı şu tarihten önce yıkamayın: 24 Kasım Salı, saat 10:30.",
    "Saçlı derinizi şu tarihe kadar doğrudan güneşten koruyun: 25 Kasım Çarşamba, saat 10:30." },
  { "es", "Cuidados después de su sesión de mesoterapia",
    "No se lave el pelo antes del martes 24 de noviembre, a las 10:30.",
    "Proteja el cuero cabelludo del sol directo hasta el miércoles 25 de noviembre, a las 10:30." },
  { "ru", "Уход после сеанса мезотерапии",
    "Не мойте голову до 24 ноября (вторник), 10:30.",
    "Берегите кожу головы от прямых солнечных лучей до 25 ноября (среда), 10:30." },
};

/* The limits are counted from the session's end (10:30), written the
 * patient's language's way whatever the workstation's locale. */
static void
test_aftercare_languages (Fixture       *f,
                          gconstpointer  data)
{
  meso_handout_fixture_mark_done (f);
  for (guint i = 0; i < G_N_ELEMENTS (aftercare_cases); i++)
    {
      g_autoptr(MesoHandout) handout = NULL;
      g_autofree char *text = NULL;

      meso_test_set_language (f->db, aftercare_cases[i].language);
      handout = build (f, MESO_HANDOUT_AFTERCARE);
      text = handout_text (handout);
      g_assert_cmpstr (meso_handout_get_language (handout), ==,
                       *aftercare_cases[i].language != '\0' ? aftercare_cases[i].language : "en");
      g_assert_cmpstr (meso_handout_get_title (handout), ==, aftercare_cases[i].title);
      g_assert_cmpstr (meso_handout_get_patient_name (handout), ==, "Lucía García");
      assert_contains (text, "Lucía García");
      assert_contains (text, aftercare_cases[i].wash);
      assert_contains (text, aftercare_cases[i].sun);
    }
}

/* The clinic's settings move the limits: the washing reminder's rule, the
 * alcohol and dye delays, and the hat advice. */
static void
test_aftercare_settings (Fixture       *f,
                         gconstpointer  data)
{
  MesoReminders *reminders = meso_context_get_reminders (f->context);
  MesoClinic *clinic = meso_context_get_clinic (f->context);
  g_autoptr(MesoStaff) admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Admin");
  g_autoptr(MesoHandout) before = NULL;
  g_autoptr(MesoHandout) after = NULL;
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  MesoReminderRule wash = { 0 };

  meso_handout_fixture_mark_done (f);
  before = build (f, MESO_HANDOUT_AFTERCARE);
  text = handout_text (before);

  assert_contains (text, "Do not smoke or drink alcohol before Tuesday 24 November, 10:30.");
  assert_contains (text, "Do not dye, colour or perm your hair before Monday 30 November, 10:30.");
  assert_contains (text, "wear a loose, clean hat");
  assert_contains (text, "Please call us to book your next session");

  g_assert_true (meso_reminders_get_rule (reminders, MESO_REMINDER_AFTERCARE_WASH, &wash, &error));
  wash.offset_minutes = 48 * 60;
  g_assert_true (meso_reminders_save_rule (reminders, &wash, &error));
  meso_reminder_rule_clear (&wash);
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_NO_ALCOHOL_HOURS, 72, &error));
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_AFTERCARE_HAT, 0, &error));
  g_assert_no_error (error);

  after = build (f, MESO_HANDOUT_AFTERCARE);
  changed = handout_text (after);
  assert_contains (changed, "Do not wash your hair before Wednesday 25 November, 10:30.");
  assert_contains (changed, "Do not smoke or drink alcohol before Thursday 26 November, 10:30.");
  assert_contains (changed, "Do not wear a hat or cap");
  g_assert_null (strstr (changed, "loose, clean hat"));
}

/* Every booked session of the latest course, with date, time and
 * practitioner; a cancelled one is left out. */
static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(MesoHandout) none = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MesoHandoutBlock *table = NULL;
  GPtrArray *blocks;

  none = meso_handout_build (f->context, MESO_HANDOUT_SCHEDULE, 0, f->session->patient_id,
                             f->now, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  meso_test_book_course (f->context, f->session, 10);
  sessions = meso_schedule_list_course (schedule, 1, &error);
  g_assert_true (meso_schedule_set_status (schedule,
                                           ((MesoAppointment *) g_ptr_array_index (sessions, 9))->id,
                                           MESO_STATUS_CANCELLED, &error));
  g_assert_no_error (error);
  meso_test_set_language (f->db, "es");

  handout = meso_handout_build (f->context, MESO_HANDOUT_SCHEDULE, 0, f->session->patient_id,
                                f->now, &error);
  g_assert_no_error (error);
  text = handout_text (handout);
  g_assert_cmpstr (meso_handout_get_title (handout), ==, "Su calendario de tratamiento");
  assert_contains (text, "estas son las 9 sesiones de su tratamiento (Weekly)");
  assert_contains (text, "[N.º | Fecha | Hora | Profesional]");
  assert_contains (text, "1 | miércoles, 25 de noviembre de 2026 | 14:00 | Dr. Elif Aydın");
  assert_contains (text, "9 | miércoles, 20 de enero de 2027 | 14:00 | Dr. Elif Aydın");
  g_assert_null (strstr (text, "27 de enero"));

  blocks = meso_handout_get_blocks (handout);
  for (guint i = 0; i < blocks->len; i++)
    if (((MesoHandoutBlock *) g_ptr_array_index (blocks, i))->type == MESO_HANDOUT_BLOCK_TABLE)
      table = g_ptr_array_index (blocks, i);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->rows->len, ==, 9);
}

/* A patient's exported appointments speak the patient's language, a
 * course's session with its place in the course. */
static void
test_calendar_export (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MesoHandoutTexts) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *calendar = NULL;

  meso_test_book_course (f->context, f->session, 3);
  meso_test_set_language (f->db, "es");
  texts = meso_handout_load_patient_texts (f->context, f->session->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_handout_texts_get_language (texts), ==, "es");
  calendar = meso_ical_patient_calendar (meso_context_get_schedule (f->context), texts,
                                         f->session->patient_id, 0, &error);
  g_assert_no_error (error);
  assert_contains (calendar, "SUMMARY:Mesoterapia: Primera sesión 1 de 3");
  assert_contains (calendar, "SUMMARY:Mesoterapia: Sesión 2 de 3");
  assert_contains (calendar, "DESCRIPTION:Con Dr. Elif Aydın.");
}

static gint64
stock_lot (Fixture    *f,
           const char *ingredient,
           const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM ingredient WHERE name = '%s'",
                                          ingredient);
  MesoTreatmentStore *store = meso_context_get_treatment_store (f->context);
  gint64 product = meso_treatment_store_add_product (store, meso_test_query_int (f->db, sql),
                                                     "Mesolab", 5, 5, &error);
  gint64 lot = meso_treatment_store_receive (store, product, number, "2027-06-30", 10, &error);

  g_assert_no_error (error);
  return lot;
}

/* The record for the file: screening, map with zones and points, the
 * cocktail with its lots, who recorded it. Receptionists may not print it. */
static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Admin");
  gint64 biotin = stock_lot (f, "Biotin (B7)", "B-2027");
  MesoScalpStore *store = meso_context_get_scalp_store (f->context);
  MesoTreatmentStore *stock = meso_context_get_treatment_store (f->context);
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();
  g_autoptr(MesoLot) lot = meso_treatment_store_load_lot (stock, biotin, NULL);
  g_autoptr(MesoCocktail) cocktail = meso_cocktail_new ();
  MesoCocktailItem item = { lot->ingredient_id, biotin, lot->concentration, 1.5, 0 };
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(MesoHandout) refused = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (f->context));
  g_autofree char *asked = g_date_time_format (now, "Gebelik | Hayır | %d.%m.%Y");
  GDate today;

  meso_db_set_actor (f->db, f->physician);
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_SEVERE);
  meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP, 1u << MESO_SCALP_ZONE_VERTEX, 10, 2, 0.05);
  meso_scalp_map_set_scale (map, MESO_HAIR_SCALE_NORWOOD, MESO_NORWOOD_III_VERTEX);
  g_assert_true (meso_scalp_store_save (store, f->session->id, map, &error));
  g_assert_no_error (error);
  meso_cocktail_add (cocktail, &item);
  /* The session was screened today (see meso_test_book_session()). */
  meso_context_get_today (f->context, &today);
  g_assert_cmpint (meso_treatment_store_administer (stock, meso_context_get_schedule (f->context),
                                                    f->session->id, f->session->patient_id,
                                                    cocktail, 40, NULL, "", 0, &today, &error),
                   >, 0);
  g_assert_no_error (error);
  meso_test_set_language (f->db, "tr");

  handout = build (f, MESO_HANDOUT_RECORD);
  text = handout_text (handout);
  g_assert_cmpstr (meso_handout_get_title (handout), ==, "Seans kaydı");
  g_assert_nonnull (meso_handout_get_scalp_map (handout));
  assert_contains (text, "(scalp map)");
  assert_contains (text, "Kontrendikasyon bildirilmedi.");
  assert_contains (text, asked);
  assert_contains (text, "Tepe (verteks) | Şiddetli");
  /* The stored stage's word, in the patient's language. */
  assert_contains (text, "III verteks");
  g_assert_null (strstr (text, "III vertex"));
  assert_contains (text, "Biotin (B7) | Mesolab | B-2027 | 30.06.2027 | 1,50 ml");
  assert_contains (text, "Kaydeden: Dr. Elif Aydın");
  assert_contains (text, "Dr. Elif Aydın");

  /* Pregnancy is not asked of a man: his record does not list it. */
  {
    g_autoptr(MesoHandout) his = NULL;
    g_autofree char *his_text = NULL;
    g_autoptr(GError) sql_error = NULL;
    /* In a write, where a server's audit triggers learn who acts. */
    g_autoptr(MesoDbWrite) w = meso_db_begin_write_unchecked (f->db, &sql_error);

    g_assert_true (meso_db_exec (f->db, "UPDATE patient SET sex = 'male'", &sql_error));
    g_assert_true (meso_db_write_commit (w, &sql_error));
    g_assert_no_error (sql_error);
    his = build (f, MESO_HANDOUT_RECORD);
    his_text = handout_text (his);
    g_assert_null (strstr (his_text, "Gebelik"));
    g_assert_null (strstr (his_text, "Emzirme"));
    assert_contains (his_text, "Diyabet | Hayır");
  }

  receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  refused = meso_handout_build (f->context, MESO_HANDOUT_RECORD, f->session->id, 0, f->now,
                                &error);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_null (refused);
}

static void
test_instructions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MesoHandout) handout = NULL;
  g_autofree char *text = NULL;

  meso_test_set_language (f->db, "ru");
  handout = build (f, MESO_HANDOUT_INSTRUCTIONS);
  text = handout_text (handout);
  g_assert_cmpstr (meso_handout_get_title (handout), ==, "Перед сеансом");
  assert_contains (text, "назначен на 23 ноября 2026 г. (понедельник), 10:00");
  assert_contains (text, "Вымойте голову накануне, 22 ноября 2026 г. (воскресенье),");
  assert_contains (text, "С 16 ноября 2026 г. (понедельник) и до сеанса");
}

/* A session that did not happen (blocked, never given) has no aftercare
 * and no record: both are refused, saying why, until it is done; the
 * instructions are for before it, and print. */
static void
test_not_done (Fixture       *f,
               gconstpointer  data)
{
  static const MesoAppointmentStatus statuses[] = { MESO_STATUS_BOOKED, MESO_STATUS_CONFIRMED,
                                                    MESO_STATUS_IN_TREATMENT,
                                                    MESO_STATUS_CANCELLED };
  MesoSchedule *schedule = meso_context_get_schedule (f->context);
  g_autoptr(MesoHandout) instructions = NULL;
  g_autoptr(MesoHandout) aftercare = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_assert_true (meso_schedule_set_status (schedule, f->session->id, statuses[i], &error));
      g_assert_no_error (error);
      for (MesoHandoutKind kind = 0; kind < MESO_HANDOUT_N_KINDS; kind++)
        {
          g_autoptr(MesoHandout) handout = NULL;

          /* The progress handout's photos: test-handout-photos.c. */
          if (kind == MESO_HANDOUT_SCHEDULE || kind == MESO_HANDOUT_PROGRESS)
            continue;
          handout = meso_handout_build (f->context, kind, f->session->id, 0, f->now, &error);
          /* Instructions come before a session; a record summary is the patient's. */
          if (kind == MESO_HANDOUT_INSTRUCTIONS || kind == MESO_HANDOUT_RECORD_SUMMARY)
            {
              g_assert_no_error (error);
              g_assert_nonnull (handout);
              continue;
            }
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          g_assert_null (handout);
          g_assert_true (meso_handout_kind_needs_done (kind));
          g_assert_nonnull (strstr (error->message, "once the session is done"));
          g_assert_nonnull (strstr (error->message,
                                    meso_appointment_status_get_label (statuses[i])));
          g_clear_error (&error);
        }
    }

  meso_handout_fixture_mark_done (f);
  aftercare = build (f, MESO_HANDOUT_AFTERCARE);
  instructions = build (f, MESO_HANDOUT_INSTRUCTIONS);
  g_assert_cmpstr (meso_handout_get_title (aftercare), ==,
                   "Aftercare after your mesotherapy session");
}

/* A patient's record summary, given by the patient: in her language, her
 * details as stored, her appointment, "nothing stored" where a list is
 * empty; reception may not print it. */
static void
test_record_summary (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(MesoHandout) refused = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  meso_test_set_language (f->db, "es");
  handout = meso_handout_build (f->context, MESO_HANDOUT_RECORD_SUMMARY, 0,
                                f->session->patient_id, f->now, &error);
  g_assert_no_error (error);
  text = handout_text (handout);
  g_assert_cmpstr (meso_handout_get_title (handout), ==, "Resumen de su historial");
  assert_contains (text, "preparado a petición suya el lunes, 23 de noviembre de 2026 por "
                         "Dr. Elif Aydın.");
  assert_contains (text, "Apellidos: García");
  assert_contains (text, "Teléfono: +34 600 123 456");
  assert_contains (text, "Correo electrónico: —");
  assert_contains (text, "Sexo: Mujer");
  assert_contains (text, "Idioma de sus documentos: Español");
  assert_contains (text, "[Fecha | Hora | Tipo | Estado | Profesional]\n"
                         "23/11/2026 | 10:00 | Sesión | Reservada | Dr. Elif Aydın");
  assert_contains (text, "Embarazo | No |");
  assert_contains (text, "Mensajes que le hemos enviado\nNo hay datos guardados.");
  assert_contains (text, "Entradas sobre usted en el registro de auditoría de la clínica: ");
  g_assert_null (strstr (text, "{"));

  receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  refused = meso_handout_build (f->context, MESO_HANDOUT_RECORD_SUMMARY, 0,
                                f->session->patient_id, f->now, &error);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_null (refused);
}

/* The clinic rewrites a text: a wrong field is refused and nothing is
 * stored; the new text is printed; restoring brings the shipped one back. */
static void
test_edit_texts (Fixture       *f,
                 gconstpointer  data)
{
  MesoHandoutStore *store = meso_context_get_handout_store (f->context);
  g_autoptr(MesoHandoutTexts) texts = meso_handout_store_load_texts (store, "en", NULL);
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *own = "- Do not wash your hair before {wash_until}, please.\n{next_session}";
  guint changed = 0;

  /* The settings page follows the store: it says when a text was stored. */
  g_signal_connect_swapped (store, "changed", G_CALLBACK (meso_test_count_cb), &changed);

  /* Only those who manage the settings may. */
  g_assert_false (meso_handout_store_may_edit (store, NULL));
  g_assert_false (meso_handout_texts_save (texts, "aftercare", "body", own, &error));
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Admin");
  g_assert_false (meso_handout_texts_save (texts, "aftercare", "body",
                                           "Do not wash before {wash_untill}.", &error));
  g_assert_error (error, MESO_HANDOUT_TEXTS_ERROR, MESO_HANDOUT_TEXTS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "{wash_untill}"));
  g_clear_error (&error);
  g_assert_false (meso_handout_texts_save (texts, "schedule", "body", "Your sessions: {sessions}",
                                           &error));
  g_assert_error (error, MESO_HANDOUT_TEXTS_ERROR, MESO_HANDOUT_TEXTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (meso_handout_texts_save (texts, "dates", "months", "Jan;Feb;", &error));
  g_assert_error (error, MESO_HANDOUT_TEXTS_ERROR, MESO_HANDOUT_TEXTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM handout_text"), ==, 0);
  g_assert_cmpuint (changed, ==, 0);

  g_assert_true (meso_handout_store_may_edit (store, NULL));
  g_assert_true (meso_handout_texts_save (texts, "aftercare", "body", own, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (meso_handout_texts_is_own (texts, "aftercare", "body"));
  meso_handout_fixture_mark_done (f);
  handout = build (f, MESO_HANDOUT_AFTERCARE);
  text = handout_text (handout);
  assert_contains (text, "Do not wash your hair before Tuesday 24 November, 10:30, please.");
  g_assert_null (strstr (text, "What you may notice"));
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM audit"
                                               " WHERE table_name = 'handout_text'"), ==, 1);

  /* Another language's texts are not touched. */
  {
    g_autoptr(MesoHandoutTexts) spanish = meso_handout_store_load_texts (store, "es", NULL);

    g_assert_false (meso_handout_texts_is_own (spanish, "aftercare", "body"));
  }

  g_assert_true (meso_handout_texts_reset (texts, "aftercare", "body", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_signal_handlers_disconnect_by_data (store, &changed);
  g_clear_object (&handout);
  handout = build (f, MESO_HANDOUT_AFTERCARE);
  g_free (text);
  text = handout_text (handout);
  assert_contains (text, "What you may notice");
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count(*) FROM handout_text"), ==, 0);
}

/* Each shipped language has every text, and each passes the editor's
 * checks: a translation with a misspelt field would print "{fied}". */
static void
test_shipped_texts (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MesoDb) db = meso_test_open_db (&dir);
  g_autoptr(MesoHandoutStore) store = meso_handout_store_new (db);
  const char * const *languages = meso_language_codes ();
  const char * const *sections = meso_handout_texts_sections ();

  for (guint l = 0; languages[l] != NULL; l++)
    {
      g_autoptr(MesoHandoutTexts) texts = meso_handout_store_load_texts (store, languages[l], NULL);
      g_autofree char *path = g_strdup_printf ("/io/github/mesodesk/Mesodesk/core/handouts/%s.ini",
                                               languages[l]);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr(GKeyFile) file = g_key_file_new ();

      g_assert_true (g_key_file_load_from_bytes (file, bytes, G_KEY_FILE_NONE, NULL));
      for (guint s = 0; sections[s] != NULL; s++)
        {
          g_auto(GStrv) keys = meso_handout_texts_list_keys (sections[s]);

          g_assert_nonnull (meso_handout_texts_section_label (sections[s]));
          for (guint k = 0; keys[k] != NULL; k++)
            {
              g_autoptr(GError) error = NULL;

              if (!g_key_file_has_key (file, sections[s], keys[k], NULL))
                g_error ("%s.ini lacks [%s] %s", languages[l], sections[s], keys[k]);
              if (!meso_handout_texts_check (sections[s], keys[k],
                                             meso_handout_texts_get (texts, sections[s], keys[k]),
                                             &error))
                g_error ("%s.ini [%s] %s: %s", languages[l], sections[s], keys[k], error->message);
            }
        }
    }
  meso_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/handout/shipped-texts", test_shipped_texts);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, meso_handout_fixture_set_up, func, \
              meso_handout_fixture_tear_down)
  ADD ("/meso/handout/aftercare/languages", test_aftercare_languages);
  ADD ("/meso/handout/aftercare/settings", test_aftercare_settings);
  ADD ("/meso/handout/schedule", test_schedule);
  ADD ("/meso/handout/calendar-export", test_calendar_export);
  ADD ("/meso/handout/record", test_record);
  ADD ("/meso/handout/instructions", test_instructions);
  ADD ("/meso/handout/record-summary", test_record_summary);
  ADD ("/meso/handout/not-done", test_not_done);
  ADD ("/meso/handout/edit-texts", test_edit_texts);
#undef ADD

  return g_test_run ();
}
