/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-summary.c: the values and tables of a patient's record
 * summary, the page a patient reads beside the record.json of their
 * right-of-access export. Each feature's store is asked through its
 * public calls, as the session's handouts do: the summary says what the
 * record means in the patient's words, the JSON holds every column. */
#define G_LOG_DOMAIN "meso-handout"

#include "meso-enum.h"
#include "meso-handout-private.h"
#include "meso-language.h"
#include "meso-outbox.h"
#include "meso-scalp-store.h"
#include "meso-treatment-store.h"

/* A stored text as it is, "—" for an empty one. */
static void
set_stored (MesoHandoutDraft *draft,
            const char       *field,
            const char       *text)
{
  meso_handout_draft_set (draft, field, text != NULL && *text != '\0' ? g_strdup (text) : NULL);
}

/* A word of @prefix and an enum's code: "status-no-show" for "no_show". */
static const char *
code_word (MesoHandoutDraft *draft,
           const char       *section,
           const char       *prefix,
           const char       *code)
{
  g_autofree char *key = g_strdelimit (g_strconcat (prefix, code, NULL), "_", '-');

  return meso_handout_texts_get (draft->texts, section, key);
}

/* A table's own line: empty (and so left out) when it has rows. */
static void
set_result (MesoHandoutDraft *draft,
            const char       *field,
            GPtrArray        *rows)
{
  meso_handout_draft_set (draft, field, rows->len > 0 ? g_strdup ("")
                                                     : meso_handout_draft_expand (draft, "empty"));
}

static void
add_identity_values (MesoHandoutDraft *draft,
                     MesoPatient      *patient)
{
  const char *sex = meso_patient_get_field (patient, MESO_PATIENT_SEX);
  const char *born = meso_patient_get_field (patient, MESO_PATIENT_BIRTH_DATE);

  set_stored (draft, "family_name", meso_patient_get_field (patient, MESO_PATIENT_FAMILY_NAME));
  set_stored (draft, "given_name", meso_patient_get_field (patient, MESO_PATIENT_GIVEN_NAME));
  meso_handout_draft_set (draft, "birth_date", meso_handout_draft_iso_date (draft, born));
  set_stored (draft, "sex", code_word (draft, "words", "sex-", *sex != '\0' ? sex : "unknown"));
  set_stored (draft, "phone", meso_patient_get_field (patient, MESO_PATIENT_PHONE));
  set_stored (draft, "email", meso_patient_get_field (patient, MESO_PATIENT_EMAIL));
  set_stored (draft, "address", meso_patient_get_field (patient, MESO_PATIENT_ADDRESS));
  set_stored (draft, "language",
              meso_language_get_name (meso_patient_get_field (patient, MESO_PATIENT_LANGUAGE)));
}

/* Every appointment, the cancelled and missed ones too: they are stored. */
static void
add_appointments (MesoHandoutDraft *draft,
                  GPtrArray        *appointments)
{
  GPtrArray *rows = meso_handout_draft_table (draft, "appointments");

  for (guint i = 0; i < appointments->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (appointments, i);
      g_autofree char *date = meso_handout_draft_date (draft, appointment->starts_at, "numeric");
      g_autofree char *time = meso_handout_draft_time (draft, appointment->starts_at);
      const char *kind = meso_appointment_kind_get_code (appointment->kind);
      const char *status = meso_appointment_status_get_code (appointment->status);

      meso_handout_draft_add_row (rows, date, time, code_word (draft, "calendar", "kind-", kind),
                                  code_word (draft, "words", "status-", status),
                                  meso_handout_draft_practitioner (draft,
                                                                   appointment->practitioner_id),
                                  NULL);
    }
  set_result (draft, "appointments_result", rows);
}

/* "1,50 ml (5 mg/ml)": the volume given, and the product's strength. */
static char *
format_dose (MesoHandoutDraft *draft,
             MesoCatalogue    *catalogue,
             MesoRecordItem   *item)
{
  MesoIngredient *ingredient = meso_catalogue_find (catalogue, item->ingredient_id);
  g_autofree char *volume = meso_handout_draft_ml (draft, item->volume_ml);
  g_autofree char *strength = NULL;
  /* "5 mg/ml", not "5,00 mg/ml": a strength is written as short as it is. */
  gboolean whole = item->concentration == (double) (gint64) item->concentration;

  if (item->concentration <= 0 || ingredient == NULL || ingredient->unit == NULL)
    return g_steal_pointer (&volume);
  strength = meso_handout_texts_format_number (draft->texts, item->concentration, whole ? 0 : 2);
  return g_strdup_printf ("%s (%s %s)", volume, strength, ingredient->unit);
}

/* Each session done: what was given (its latest record), and its map. */
static gboolean
add_sessions (MesoHandoutDraft  *draft,
              GPtrArray         *appointments,
              GError           **error)
{
  MesoTreatmentStore *treatment = meso_context_get_treatment_store (draft->context);
  MesoScalpStore *scalp = meso_context_get_scalp_store (draft->context);
  g_autoptr(MesoCatalogue) catalogue = meso_treatment_store_load_catalogue (treatment, error);
  GPtrArray *given = meso_handout_draft_table (draft, "treatments");
  GPtrArray *maps = meso_handout_draft_table (draft, "scalp");

  if (catalogue == NULL)
    return FALSE;
  for (guint i = 0; i < appointments->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (appointments, i);
      g_autofree char *date = meso_handout_draft_date (draft, appointment->starts_at, "numeric");
      g_autoptr(MesoRecord) record = NULL;
      g_autoptr(MesoScalpMap) map = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!meso_scalp_store_load (scalp, appointment->id, &map, error))
        return FALSE;
      if (map != NULL)
        {
          g_autoptr(GString) zones = g_string_new (NULL);
          g_autofree char *stage = meso_handout_draft_stage (draft, map);

          for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
            {
              MesoGrade grade = meso_scalp_map_get_grade (map, zone);

              if (grade != MESO_GRADE_NONE)
                g_string_append_printf (zones, "%s%s: %s", zones->len > 0 ? "; " : "",
                                        meso_handout_draft_zone (draft, zone),
                                        meso_handout_draft_grade (draft, grade));
            }
          meso_handout_draft_add_row (maps, date, stage != NULL ? stage : "—",
                                      zones->len > 0 ? zones->str
                                                     : meso_handout_draft_grade (draft,
                                                                                 MESO_GRADE_NONE),
                                      NULL);
        }

      /* A cocktail is recorded as its session is done. */
      if (appointment->status != MESO_STATUS_DONE)
        continue;
      record = meso_treatment_store_load_session_record (treatment, appointment->id,
                                                         &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      for (guint j = 0; record != NULL && record->closed && j < record->items->len; j++)
        {
          MesoRecordItem *item = &g_array_index (record->items, MesoRecordItem, j);
          g_autofree char *dose = format_dose (draft, catalogue, item);

          meso_handout_draft_add_row (given, date, item->ingredient,
                                      *item->brand != '\0' ? item->brand : "—",
                                      *item->lot_number != '\0' ? item->lot_number : "—",
                                      dose, NULL);
        }
    }
  set_result (draft, "treatments_result", given);
  set_result (draft, "scalp_result", maps);
  return TRUE;
}

static gboolean
add_messages (MesoHandoutDraft  *draft,
              gint64             patient_id,
              GError           **error)
{
  MesoOutbox *outbox = meso_context_get_outbox (draft->context);
  g_autoptr(GPtrArray) messages = meso_outbox_list_sent (outbox, patient_id, error);
  GPtrArray *rows = meso_handout_draft_table (draft, "messages");

  if (messages == NULL)
    return FALSE;
  for (guint i = 0; i < messages->len; i++)
    {
      MesoMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *date = meso_handout_draft_date (draft, message->sent_at, "numeric");

      meso_handout_draft_add_row (rows, date,
                                  code_word (draft, "words", "channel-",
                                             meso_enum_to_code (MESO_TYPE_CHANNEL,
                                                                message->channel)),
                                  message->subject, NULL);
    }
  set_result (draft, "messages_result", rows);
  return TRUE;
}

/* An audit entry's time (audit.at) as a date in the patient's language. */
static char *
format_audit_time (MesoHandoutDraft *draft,
                   const char       *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;

  return utc != NULL ? meso_handout_draft_date (draft, g_date_time_to_unix (utc), "numeric")
                     : NULL;
}

/* How many entries, over which days: the entries themselves are in record.json. */
static gboolean
add_audit (MesoHandoutDraft  *draft,
           gint64             patient_id,
           GError           **error)
{
  MesoAuditStore *store = meso_context_get_audit_store (draft->context);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gint64 count = meso_audit_store_count_patient (store, patient_id, &first, &last, error);

  if (count < 0)
    return FALSE;
  meso_handout_draft_set (draft, "audit_count", g_strdup_printf ("%" G_GINT64_FORMAT, count));
  meso_handout_draft_set (draft, "audit_first", format_audit_time (draft, first));
  meso_handout_draft_set (draft, "audit_last", format_audit_time (draft, last));
  meso_handout_draft_set (draft, "audit_result",
                          meso_handout_draft_expand (draft, count > 0 ? "audit" : "audit-none"));
  return TRUE;
}

/**
 * meso_handout_draft_add_summary:
 *
 * Fills the record summary of @patient, whose screening the caller has
 * added: identity and contact as stored, who exports it, every
 * appointment, what each session gave from which lot, the scalp's grades,
 * the messages sent, and how much of the audit trail is about them. Reads
 * the audit trail: for staff who may (%MESO_PERMISSION_READ_AUDIT).
 */
gboolean
meso_handout_draft_add_summary (MesoHandoutDraft  *draft,
                                MesoPatient       *patient,
                                GError           **error)
{
  MesoDb *db = meso_context_get_db (draft->context);
  gint64 patient_id = meso_patient_get_id (patient);
  g_autoptr(GPtrArray) appointments = NULL;
  g_autofree char *screened_on = NULL;

  if (!meso_db_require (db, MESO_PERMISSION_READ_AUDIT, error))
    return FALSE;
  add_identity_values (draft, patient);
  set_stored (draft, "exported_by", meso_staff_get_display_name (meso_db_get_actor (db)));
  if (!meso_patient_store_get_screened_on (meso_context_get_patient_store (draft->context),
                                           patient_id, &screened_on, error))
    return FALSE;
  meso_handout_draft_set (draft, "screened_on", meso_handout_draft_iso_date (draft, screened_on));

  appointments = meso_schedule_list_patient (meso_context_get_schedule (draft->context),
                                             patient_id, error);
  if (appointments == NULL)
    return FALSE;
  add_appointments (draft, appointments);
  return add_sessions (draft, appointments, error) &&
         add_messages (draft, patient_id, error) &&
         add_audit (draft, patient_id, error);
}
