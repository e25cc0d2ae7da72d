/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout.c: composes a handout from the clinic's data and the texts
 * of the patient's language. The texts are templates: each line of a body
 * becomes a block, its {fields} filled in here, so that the printing code
 * only lays out words it is given. */
#define G_LOG_DOMAIN "meso-handout"

#include <glib/gi18n.h>

#include "meso-enum.h"
#include "meso-handout-private.h"
#include "meso-language.h"
#include "meso-reminders.h"
#include "meso-scalp-store.h"
#include "meso-treatment-store.h"

#define HOUR 3600
#define DAY (24 * HOUR)

struct _MesoHandout
{
  GObject           parent_instance;

  MesoHandoutKind   kind;
  MesoClinic       *clinic;
  MesoHandoutTexts *texts;
  char             *title;
  char             *patient_name;
  char             *printed;
  GPtrArray        *blocks;      /* of MesoHandoutBlock */
  MesoScalpMap     *scalp_map;
  GHashTable       *values;      /* field -> its text, for meso_handout_expand() */
};

G_DEFINE_TYPE (MesoHandout, meso_handout, G_TYPE_OBJECT)

/* The nicks name the handouts: their sections in handout_text, and the
 * command line's handout types. */
G_DEFINE_ENUM_TYPE (MesoHandoutKind, meso_handout_kind,
  G_DEFINE_ENUM_VALUE (MESO_HANDOUT_AFTERCARE, "aftercare"),
  G_DEFINE_ENUM_VALUE (MESO_HANDOUT_SCHEDULE, "schedule"),
  G_DEFINE_ENUM_VALUE (MESO_HANDOUT_RECORD, "record"),
  G_DEFINE_ENUM_VALUE (MESO_HANDOUT_INSTRUCTIONS, "instructions"),
  G_DEFINE_ENUM_VALUE (MESO_HANDOUT_RECORD_SUMMARY, "record-summary"),
  G_DEFINE_ENUM_VALUE (MESO_HANDOUT_PROGRESS, "progress"))

static const struct
{
  const char     *label;
  MesoPermission  permission;
} kinds[MESO_HANDOUT_N_KINDS] = {
  [MESO_HANDOUT_AFTERCARE]    = { N_("Aftercare Sheet"), MESO_PERMISSION_READ_CONTACT },
  [MESO_HANDOUT_SCHEDULE]     = { N_("Course Schedule"), MESO_PERMISSION_READ_CONTACT },
  [MESO_HANDOUT_RECORD]       = { N_("Session Record"), MESO_PERMISSION_READ_CLINICAL },
  [MESO_HANDOUT_INSTRUCTIONS] = { N_("Pre-Session Instructions"), MESO_PERMISSION_READ_CONTACT },
  /* It also counts the audit trail's entries: see meso_handout_draft_add_summary(). */
  [MESO_HANDOUT_RECORD_SUMMARY] = { N_("Record Summary"), MESO_PERMISSION_READ_CLINICAL },
  /* Photos are clinical data; the photo store checks it again as it reads them. */
  [MESO_HANDOUT_PROGRESS]     = { N_("Progress Photos"), MESO_PERMISSION_READ_CLINICAL },
};

const char *
meso_handout_kind_get_code (MesoHandoutKind kind)
{
  return meso_enum_to_code (MESO_TYPE_HANDOUT_KIND, kind);
}

gboolean
meso_handout_kind_from_code (const char      *code,
                             MesoHandoutKind *out_kind)
{
  return meso_enum_from_code (MESO_TYPE_HANDOUT_KIND, code, (int *) out_kind);
}

const char *
meso_handout_kind_get_label (MesoHandoutKind kind)
{
  g_return_val_if_fail (kind < MESO_HANDOUT_N_KINDS, NULL);
  return _(kinds[kind].label);
}

/* Who may print @kind: a session record shows clinical data. */
MesoPermission
meso_handout_kind_get_permission (MesoHandoutKind kind)
{
  g_return_val_if_fail (kind < MESO_HANDOUT_N_KINDS, MESO_PERMISSION_READ_CLINICAL);
  return kinds[kind].permission;
}

/**
 * meso_handout_kind_needs_done:
 *
 * Whether @kind is about a session that happened (the aftercare sheet, the
 * session record), so that it is printed only for a session done.
 */
gboolean
meso_handout_kind_needs_done (MesoHandoutKind kind)
{
  return kind == MESO_HANDOUT_AFTERCARE || kind == MESO_HANDOUT_RECORD;
}

static void
photo_free (gpointer data)
{
  MesoHandoutPhoto *photo = data;

  g_bytes_unref (photo->image);
  g_free (photo->caption);
  g_free (photo);
}

/* A new block of @type, taking @text; a photos block with no photo yet. */
MesoHandoutBlock *
meso_handout_block_new (MesoHandoutBlockType  type,
                        char                 *text)
{
  MesoHandoutBlock *block = g_new0 (MesoHandoutBlock, 1);

  block->type = type;
  block->text = text;
  if (type == MESO_HANDOUT_BLOCK_PHOTOS)
    block->photos = g_ptr_array_new_with_free_func (photo_free);
  return block;
}

void
meso_handout_block_free (gpointer data)
{
  MesoHandoutBlock *block = data;

  g_free (block->text);
  g_strfreev (block->header);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_clear_pointer (&block->photos, g_ptr_array_unref);
  g_free (block);
}

static void
meso_handout_finalize (GObject *object)
{
  MesoHandout *self = MESO_HANDOUT (object);

  g_clear_object (&self->clinic);
  g_clear_object (&self->texts);
  g_free (self->title);
  g_free (self->patient_name);
  g_free (self->printed);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_object (&self->scalp_map);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (meso_handout_parent_class)->finalize (object);
}

static void
meso_handout_class_init (MesoHandoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_handout_finalize;
}

static void
meso_handout_init (MesoHandout *self)
{
  self->blocks = g_ptr_array_new_with_free_func (meso_handout_block_free);
}

/* The appointment's own fields: when, with whom, how long. */
static void
add_session_values (MesoHandoutDraft *draft,
                    MesoAppointment  *session)
{
  gint64 ends_at = meso_appointment_get_ends_at (session);

  meso_handout_draft_set (draft, "date",
                          meso_handout_draft_date (draft, session->starts_at, "date"));
  meso_handout_draft_set (draft, "time", meso_handout_draft_time (draft, session->starts_at));
  meso_handout_draft_set (draft, "end_time", meso_handout_draft_time (draft, ends_at));
  meso_handout_draft_set (draft, "practitioner",
                          g_strdup (meso_handout_draft_practitioner (draft,
                                                                     session->practitioner_id)));
  meso_handout_draft_set (draft, "minutes", g_strdup_printf ("%u", session->minutes));
}

static gboolean
add_aftercare_values (MesoHandoutDraft  *draft,
                      MesoAppointment   *session,
                      GError           **error)
{
  MesoClinic *clinic = meso_context_get_clinic (draft->context);
  MesoReminders *reminders = meso_context_get_reminders (draft->context);
  MesoSchedule *schedule = meso_context_get_schedule (draft->context);
  gint64 ends_at = meso_appointment_get_ends_at (session);
  MesoReminderRule wash = { 0 }, sun = { 0 };
  g_autoptr(GPtrArray) appointments = NULL;
  MesoAppointment *next = NULL;
  guint alcohol_hours = meso_clinic_get_number (clinic, MESO_CLINIC_NO_ALCOHOL_HOURS);
  guint dye_days = meso_clinic_get_number (clinic, MESO_CLINIC_NO_DYE_DAYS);
  guint hat;

  /* The limits are the reminder rules' timings, so that the sheet and the
   * "washing allowed" reminder never disagree. */
  if (!meso_reminders_get_rule (reminders, MESO_REMINDER_AFTERCARE_WASH, &wash, error) ||
      !meso_reminders_get_rule (reminders, MESO_REMINDER_AFTERCARE_SUN, &sun, error))
    {
      meso_reminder_rule_clear (&wash);
      meso_reminder_rule_clear (&sun);
      return FALSE;
    }
  meso_handout_draft_set (draft, "wash_until",
                          meso_handout_draft_date (draft,
                                                   meso_reminder_rule_due_after (draft->resources,
                                                                                 &wash, ends_at),
                                                   "date-time"));
  meso_handout_draft_set (draft, "sun_until",
                          meso_handout_draft_date (draft,
                                                   meso_reminder_rule_due_after (draft->resources,
                                                                                 &sun, ends_at),
                                                   "date-time"));
  meso_handout_draft_set (draft, "sport_until",
                          g_strdup (g_hash_table_lookup (draft->values, "sun_until")));
  meso_handout_draft_set (draft, "alcohol_until",
                          meso_handout_draft_date (draft, ends_at + (gint64) alcohol_hours * HOUR,
                                                   "date-time"));
  meso_handout_draft_set (draft, "dye_until",
                          meso_handout_draft_date (draft, ends_at + (gint64) dye_days * DAY,
                                                   "date-time"));
  hat = meso_clinic_get_number (clinic, MESO_CLINIC_AFTERCARE_HAT);
  meso_handout_draft_set (draft, "sun_advice",
                          meso_handout_draft_expand (draft, hat ? "sun-hat" : "sun-no-hat"));
  meso_reminder_rule_clear (&wash);
  meso_reminder_rule_clear (&sun);

  appointments = meso_schedule_list_patient (schedule, session->patient_id, error);
  if (appointments == NULL)
    return FALSE;
  for (guint i = 0; i < appointments->len && next == NULL; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (appointments, i);

      if (appointment->starts_at > session->starts_at && meso_appointment_is_active (appointment))
        next = appointment;
    }
  if (next != NULL)
    {
      meso_handout_draft_set (draft, "next_date",
                              meso_handout_draft_date (draft, next->starts_at, "date-time"));
      meso_handout_draft_set (draft, "next_practitioner",
                              g_strdup (meso_handout_draft_practitioner (draft,
                                                                         next->practitioner_id)));
    }
  meso_handout_draft_set (draft, "next_session",
                          meso_handout_draft_expand (draft, next != NULL ? "next" : "no-next"));
  return TRUE;
}

static void
add_instructions_values (MesoHandoutDraft *draft,
                         MesoAppointment  *session)
{
  MesoClinic *clinic = meso_context_get_clinic (draft->context);
  guint dye_days = meso_clinic_get_number (clinic, MESO_CLINIC_NO_DYE_DAYS);

  meso_handout_draft_set (draft, "wash_day",
                          meso_handout_draft_date (draft, session->starts_at - DAY, "date"));
  meso_handout_draft_set (draft, "dye_from",
                          meso_handout_draft_date (draft,
                                                   session->starts_at - (gint64) dye_days * DAY,
                                                   "date"));
}

/* Every session of the course still to happen or done, in order: a
 * cancelled or missed one was rebooked, and the rebooking is listed. */
static gboolean
add_schedule_values (MesoHandoutDraft  *draft,
                     MesoAppointment   *session,
                     gint64             patient_id,
                     GError           **error)
{
  MesoSchedule *schedule = meso_context_get_schedule (draft->context);
  gint64 course_id = session != NULL ? session->course_id
                                     : meso_schedule_find_latest_course (schedule, patient_id,
                                                                         error);
  g_autoptr(MesoCourse) course = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  GPtrArray *rows = meso_handout_draft_table (draft, "sessions");

  if (course_id < 0)
    return FALSE;
  if (course_id == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s has no treatment course to print."), draft->handout->patient_name);
      return FALSE;
    }
  course = meso_schedule_load_course (schedule, course_id, error);
  sessions = course != NULL ? meso_schedule_list_course (schedule, course_id, error) : NULL;
  if (sessions == NULL)
    return FALSE;

  for (guint i = 0; i < sessions->len; i++)
    {
      MesoAppointment *appointment = g_ptr_array_index (sessions, i);
      g_autofree char *number = NULL;
      g_autofree char *date = NULL;
      g_autofree char *time = NULL;

      if (appointment->status == MESO_STATUS_CANCELLED ||
          appointment->status == MESO_STATUS_NO_SHOW)
        continue;
      number = g_strdup_printf ("%u", appointment->course_position);
      date = meso_handout_draft_date (draft, appointment->starts_at, "date");
      time = meso_handout_draft_time (draft, appointment->starts_at);
      meso_handout_draft_add_row (rows, number, date, time,
                                  meso_handout_draft_practitioner (draft,
                                                                   appointment->practitioner_id),
                                  NULL);
    }
  meso_handout_draft_set (draft, "protocol", g_strdup (course->protocol_name));
  meso_handout_draft_set (draft, "count", g_strdup_printf ("%u", rows->len));
  meso_handout_draft_set (draft, "practitioner", g_strdup (meso_handout_draft_practitioner (draft,
                                                                  course->practitioner_id)));
  return TRUE;
}

static char *
join_or_none (MesoHandoutDraft *draft,
              GPtrArray        *names)
{
  if (names->len == 0)
    return g_strdup (meso_handout_draft_word (draft, "none"));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static gboolean
add_screening_values (MesoHandoutDraft  *draft,
                      MesoPatient       *patient,
                      GError           **error)
{
  MesoPatientStore *store = meso_context_get_patient_store (draft->context);
  g_autoptr(MesoScreening) screening = NULL;
  g_autoptr(GPtrArray) yes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) medications = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) allergies = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *rows = meso_handout_draft_table (draft, "screening");
  gboolean male = g_strcmp0 (meso_patient_get_field (patient, MESO_PATIENT_SEX), "male") == 0;
  GArray *taken;

  screening = meso_patient_store_load_screening (store, meso_patient_get_id (patient), error);
  if (screening == NULL)
    return FALSE;
  for (MesoCondition c = 0; c < MESO_N_CONDITIONS; c++)
    {
      g_autofree char *key = g_strdup_printf ("condition-%s", meso_condition_get_code (c));
      MesoAnswer answer = meso_screening_get_answer (screening, c);
      g_autofree char *asked =
        meso_handout_draft_iso_date (draft, meso_screening_get_asked_on (screening, c));

      /* Not asked of a man, so not on his record either. */
      if (male && (c == MESO_CONDITION_PREGNANCY || c == MESO_CONDITION_BREASTFEEDING))
        continue;
      meso_handout_draft_add_row (rows, meso_handout_draft_word (draft, key),
                                  meso_handout_draft_word (draft, meso_answer_get_code (answer)),
                                  asked != NULL ? asked : "—", NULL);
      if (answer == MESO_ANSWER_YES)
        g_ptr_array_add (yes, g_strdup (meso_handout_draft_word (draft, key)));
    }
  meso_handout_draft_set (draft, "conditions", join_or_none (draft, yes));
  meso_handout_draft_set (draft, "screening_result",
                          meso_handout_draft_expand (draft, yes->len > 0 ? "reported" : "clear"));

  taken = meso_screening_get_medications (screening);
  for (guint i = 0; i < taken->len; i++)
    g_ptr_array_add (medications, g_strdup (g_array_index (taken, MesoMedication, i).name));
  meso_handout_draft_set (draft, "medication", join_or_none (draft, medications));
  for (guint i = 0; i < meso_screening_get_allergies (screening)->len; i++)
    g_ptr_array_add (allergies, g_strdup (g_ptr_array_index (meso_screening_get_allergies (screening), i)));
  meso_handout_draft_set (draft, "allergies", join_or_none (draft, allergies));
  return TRUE;
}

static gboolean
add_scalp_values (MesoHandoutDraft  *draft,
                  MesoAppointment   *session,
                  GError           **error)
{
  MesoScalpStore *store = meso_context_get_scalp_store (draft->context);
  g_autoptr(MesoScalpMap) map = NULL;
  GPtrArray *rows = meso_handout_draft_table (draft, "zones");

  if (!meso_scalp_store_load (store, session->id, &map, error))
    return FALSE;
  if (map == NULL)
    return TRUE;

  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    meso_handout_draft_add_row (rows, meso_handout_draft_zone (draft, zone),
                                meso_handout_draft_grade (draft,
                                                          meso_scalp_map_get_grade (map, zone)),
                                NULL);
  meso_handout_draft_set (draft, "points",
                          g_strdup_printf ("%u", meso_scalp_map_count_points (map)));
  meso_handout_draft_set (draft, "volume",
                          meso_handout_texts_format_number (draft->texts,
                                                            meso_scalp_map_total_volume (map), 2));
  meso_handout_draft_set (draft, "salt",
                          meso_handout_texts_format_number (draft->texts,
                                                            meso_scalp_map_salt_score (map), 1));
  meso_handout_draft_set (draft, "scale", meso_handout_draft_stage (draft, map));
  draft->handout->scalp_map = g_steal_pointer (&map);
  return TRUE;
}

/* The session's latest record (its last correction), with its lots. */
static gboolean
add_cocktail_values (MesoHandoutDraft  *draft,
                     MesoAppointment   *session,
                     GError           **error)
{
  MesoTreatmentStore *store = meso_context_get_treatment_store (draft->context);
  GPtrArray *rows = meso_handout_draft_table (draft, "cocktail");
  g_autoptr(MesoRecord) record = NULL;
  g_autoptr(MesoStaff) staff = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GError) local_error = NULL;

  record = meso_treatment_store_load_session_record (store, session->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* A record still open is not what was given yet. */
  if (record != NULL && !record->closed)
    g_clear_pointer (&record, meso_record_free);
  if (record == NULL)
    {
      meso_handout_draft_set (draft, "cocktail_result",
                              meso_handout_draft_expand (draft, "not-recorded"));
      return TRUE;
    }

  /* Who recorded it, asked of the staff's store. */
  staff = meso_staff_store_load (meso_context_get_staff_store (draft->context), record->staff_id,
                                 error);
  if (staff == NULL)
    return FALSE;
  utc = g_date_time_new_from_iso8601 (record->administered_at, NULL);
  meso_handout_draft_set (draft, "total",
                          meso_handout_texts_format_number (draft->texts, record->total_ml, 2));
  meso_handout_draft_set (draft, "recorded_by", g_strdup (meso_staff_get_display_name (staff)));
  if (utc != NULL)
    meso_handout_draft_set (draft, "recorded_on",
                            meso_handout_draft_date (draft, g_date_time_to_unix (utc),
                                                     "date-time"));
  /* Expanded now, from the values just set. */
  meso_handout_draft_set (draft, "cocktail_result", meso_handout_draft_expand (draft, "recorded"));
  for (guint i = 0; i < record->items->len; i++)
    {
      MesoRecordItem *item = &g_array_index (record->items, MesoRecordItem, i);
      g_autofree char *expires = meso_handout_draft_iso_date (draft, item->expires_on);
      g_autofree char *volume = meso_handout_draft_ml (draft, item->volume_ml);

      meso_handout_draft_add_row (rows, item->ingredient, item->brand, item->lot_number,
               expires != NULL ? expires : "—", volume, NULL);
    }
  return TRUE;
}

static gboolean
add_record_values (MesoHandoutDraft  *draft,
                   MesoAppointment   *session,
                   MesoPatient       *patient,
                   GError           **error)
{
  const char *born = meso_patient_get_field (patient, MESO_PATIENT_BIRTH_DATE);

  meso_handout_draft_set (draft, "birth_date", meso_handout_draft_iso_date (draft, born));
  /* What a session without a map or a cocktail leaves out. */
  static const char * const unknown[] = { "points", "volume", "salt", "scale", "total",
                                          "recorded_by", "recorded_on" };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    meso_handout_draft_set (draft, unknown[i], NULL);
  meso_handout_draft_set (draft, "course", g_strdup (""));
  if (session->course_id != 0)
    {
      MesoSchedule *schedule = meso_context_get_schedule (draft->context);
      g_autoptr(MesoCourse) course = meso_schedule_load_course (schedule, session->course_id,
                                                                error);

      if (course == NULL)
        return FALSE;
      meso_handout_draft_set (draft, "position", g_strdup_printf ("%u", session->course_position));
      meso_handout_draft_set (draft, "count", g_strdup_printf ("%u", course->sessions));
      meso_handout_draft_set (draft, "protocol", g_strdup (course->protocol_name));
      meso_handout_draft_set (draft, "course", meso_handout_draft_expand (draft, "course"));
    }
  return add_screening_values (draft, patient, error) &&
         add_scalp_values (draft, session, error) &&
         add_cocktail_values (draft, session, error);
}

static MesoHandoutBlock *
add_block (MesoHandout          *self,
           MesoHandoutBlockType  type,
           char                 *text)
{
  MesoHandoutBlock *block = meso_handout_block_new (type, text);

  g_ptr_array_add (self->blocks, block);
  return block;
}

/* Moves the blocks made for @name (photos under their headings) into the
 * body, once; %FALSE when none were made for it. */
static gboolean
place_blocks (MesoHandoutDraft *draft,
              const char       *name)
{
  GPtrArray *blocks = NULL;

  if (!g_hash_table_steal_extended (draft->blocks, name, NULL, (gpointer *) &blocks))
    return FALSE;
  g_ptr_array_set_free_func (blocks, NULL);
  g_ptr_array_extend_and_steal (draft->handout->blocks, blocks);
  return TRUE;
}

/* A column title line: "| No. | Date |" gives { "No.", "Date" }. */
static GStrv
split_header (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, "|", -1);
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();
  guint n = g_strv_length (parts);

  for (guint i = 1; i < n; i++)
    if (i < n - 1 || *g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (cells, g_strstrip (parts[i]));
  return g_strv_builder_end (cells);
}

/* Turns the body's lines into blocks; see data/handouts/en.ini. */
static void
add_body (MesoHandoutDraft *draft)
{
  MesoHandout *self = draft->handout;
  g_auto(GStrv) lines = g_strsplit (meso_handout_texts_get (draft->texts, draft->section, "body"),
                                    "\n", -1);
  g_auto(GStrv) header = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gsize length = strlen (line);
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;
      MesoHandoutBlockType type;

      if (length > 2 && line[0] == '{' && line[length - 1] == '}' &&
          strchr (line + 1, '{') == NULL)
        name = g_strndup (line + 1, length - 2);
      if (name != NULL && g_str_equal (name, "scalp_map"))
        {
          if (self->scalp_map != NULL)
            add_block (self, MESO_HANDOUT_BLOCK_SCALP_MAP, NULL);
          continue;
        }
      if (name != NULL && place_blocks (draft, name))
        continue;
      if (name != NULL && g_hash_table_contains (draft->tables, name))
        {
          GPtrArray *rows = g_hash_table_lookup (draft->tables, name);

          if (rows->len > 0)
            {
              MesoHandoutBlock *block = add_block (self, MESO_HANDOUT_BLOCK_TABLE, NULL);

              block->header = g_steal_pointer (&header);
              block->rows = g_ptr_array_ref (rows);
            }
          g_clear_pointer (&header, g_strfreev);
          continue;
        }
      g_clear_pointer (&header, g_strfreev);
      if (line[0] == '|')
        {
          header = split_header (line);
          continue;
        }

      type = g_str_has_prefix (line, "# ") ? MESO_HANDOUT_BLOCK_HEADING
             : g_str_has_prefix (line, "- ") ? MESO_HANDOUT_BLOCK_BULLET
             : MESO_HANDOUT_BLOCK_PARAGRAPH;
      text = meso_handout_texts_expand (type == MESO_HANDOUT_BLOCK_PARAGRAPH ? line : line + 2,
                                        draft->values);
      /* A line whose fields came out empty, such as {course} outside a course. */
      if (*g_strstrip (text) != '\0')
        add_block (self, type, g_steal_pointer (&text));
    }
}

/* The texts of @patient's language, or of the clinic's when the patient has none. */
static MesoHandoutTexts *
load_patient_texts (MesoContext  *context,
                    MesoPatient  *patient,
                    GError      **error)
{
  const char *language = meso_patient_get_field (patient, MESO_PATIENT_LANGUAGE);

  if (!meso_language_is_known (language))
    language = meso_clinic_get_text (meso_context_get_clinic (context), MESO_CLINIC_LANGUAGE);
  return meso_handout_store_load_texts (meso_context_get_handout_store (context), language,
                                        error);
}

/**
 * meso_handout_load_patient_texts:
 *
 * Returns: (transfer full): the texts a patient is written to in: those of
 * the patient's language, or of the clinic's when the patient has none.
 */
MesoHandoutTexts *
meso_handout_load_patient_texts (MesoContext  *context,
                                 gint64        patient_id,
                                 GError      **error)
{
  g_autoptr(MesoPatient) patient =
    meso_patient_store_load (meso_context_get_patient_store (context), patient_id, error);

  return patient != NULL ? load_patient_texts (context, patient, error) : NULL;
}

/**
 * meso_handout_build:
 * @appointment_id: the session the handout is about; 0 for a course
 *   schedule, a record summary or a progress handout given by @patient_id
 * @patient_id: for a schedule without a session: the patient whose latest
 *   course is printed; for a record summary or progress handout without a
 *   session: the patient; 0 otherwise
 * @now: when it is printed
 *
 * Composes the handout in the patient's language, or the clinic's when the
 * patient has none. Only staff whose role gives
 * meso_handout_kind_get_permission() may, and a kind that
 * meso_handout_kind_needs_done() only for a session done. A progress
 * handout given a session compares the photos up to that session.
 *
 * Returns: (transfer full): the handout, or %NULL with @error.
 */
MesoHandout *
meso_handout_build (MesoContext      *context,
                    MesoHandoutKind   kind,
                    gint64            appointment_id,
                    gint64            patient_id,
                    GDateTime        *now,
                    GError          **error)
{
  return meso_handout_build_full (context, kind, appointment_id, patient_id, NULL, 0, now, error);
}

/**
 * meso_handout_build_full:
 * @photo_ids: (array length=n_photo_ids) (nullable): for a session record,
 *   the patient's photos chosen to be printed on it, in that order, each
 *   with its view and the consent recorded; read for printing (audited)
 *
 * As meso_handout_build(), with the photos a session record shows.
 *
 * Returns: (transfer full): the handout, or %NULL with @error.
 */
MesoHandout *
meso_handout_build_full (MesoContext      *context,
                         MesoHandoutKind   kind,
                         gint64            appointment_id,
                         gint64            patient_id,
                         const gint64     *photo_ids,
                         guint             n_photo_ids,
                         GDateTime        *now,
                         GError          **error)
{
  g_autoptr(MesoHandout) self = g_object_new (MESO_TYPE_HANDOUT, NULL);
  MesoDb *db = meso_context_get_db (context);
  MesoSchedule *schedule = meso_context_get_schedule (context);
  MesoClinic *clinic = meso_context_get_clinic (context);
  g_autoptr(MesoAppointment) session = NULL;
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) blocks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  MesoHandoutDraft draft = { self, context, NULL, NULL, meso_handout_kind_get_code (kind), values,
                             tables, blocks };
  g_autofree char *today = NULL;
  g_autofree char *printed = NULL;
  gboolean ok;

  g_return_val_if_fail (kind < MESO_HANDOUT_N_KINDS, NULL);
  g_return_val_if_fail (n_photo_ids == 0 || kind == MESO_HANDOUT_RECORD, NULL);

  if (!meso_db_require (db, kinds[kind].permission, error))
    return NULL;
  draft.resources = meso_schedule_get_resources (schedule, error);
  if (draft.resources == NULL)
    return NULL;
  if (appointment_id != 0)
    {
      session = meso_schedule_load (schedule, appointment_id, error);
      if (session == NULL)
        return NULL;
      patient_id = session->patient_id;
    }
  else if (kind != MESO_HANDOUT_SCHEDULE && kind != MESO_HANDOUT_RECORD_SUMMARY &&
           kind != MESO_HANDOUT_PROGRESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This handout is about a session: give the session."));
      return NULL;
    }
  /* "Your session was done" is only true of a session done. */
  if (session != NULL && meso_handout_kind_needs_done (kind) &&
      session->status != MESO_STATUS_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The %s can only be printed once the session is done; this session is "
                     "“%s”."), meso_handout_kind_get_label (kind),
                   meso_appointment_status_get_label (session->status));
      return NULL;
    }
  patient = meso_patient_store_load (meso_context_get_patient_store (context), patient_id, error);
  if (patient == NULL)
    return NULL;

  self->texts = draft.texts = load_patient_texts (context, patient, error);
  if (self->texts == NULL)
    return NULL;
  self->kind = kind;
  self->clinic = g_object_ref (clinic);
  /* Addressed as people write their name, not as the list sorts it. */
  self->patient_name = g_strstrip (g_strdup_printf ("%s %s",
                                                    meso_patient_get_field (patient,
                                                                            MESO_PATIENT_GIVEN_NAME),
                                                    meso_patient_get_field (patient,
                                                                            MESO_PATIENT_FAMILY_NAME)));

  meso_handout_draft_set (&draft, "patient", g_strdup (self->patient_name));
  meso_handout_draft_set (&draft, "clinic",
                          g_strdup (meso_clinic_get_text (clinic, MESO_CLINIC_NAME)));
  meso_handout_draft_set (&draft, "clinic_phone",
                          g_strdup (meso_clinic_get_text (clinic, MESO_CLINIC_PHONE)));
  today = meso_handout_draft_date (&draft, g_date_time_to_unix (now), "date");
  if (session != NULL)
    add_session_values (&draft, session);
  else
    meso_handout_draft_set (&draft, "date", g_strdup (today));

  switch (kind)
    {
    case MESO_HANDOUT_AFTERCARE:
      ok = add_aftercare_values (&draft, session, error);
      break;
    case MESO_HANDOUT_SCHEDULE:
      ok = add_schedule_values (&draft, session, patient_id, error);
      break;
    case MESO_HANDOUT_RECORD:
      ok = add_record_values (&draft, session, patient, error) &&
           meso_handout_draft_add_photos (&draft, patient_id, photo_ids, n_photo_ids, error);
      break;
    case MESO_HANDOUT_INSTRUCTIONS:
      add_instructions_values (&draft, session);
      ok = TRUE;
      break;
    case MESO_HANDOUT_RECORD_SUMMARY:
      ok = add_screening_values (&draft, patient, error) &&
           meso_handout_draft_add_summary (&draft, patient, error);
      break;
    case MESO_HANDOUT_PROGRESS:
      ok = meso_handout_draft_add_progress (&draft, patient_id, session, error);
      break;
    case MESO_HANDOUT_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return NULL;

  self->title = meso_handout_draft_expand (&draft, "title");
  add_body (&draft);
  /* Photos are printed even under a body the clinic rewrote without their
   * line: at its end, a record's chosen ones under their heading. */
  if (g_hash_table_contains (blocks, "photos") &&
      ((GPtrArray *) g_hash_table_lookup (blocks, "photos"))->len > 0)
    {
      add_block (self, MESO_HANDOUT_BLOCK_HEADING, meso_handout_draft_expand (&draft,
                                                                            "photos-title"));
      place_blocks (&draft, "photos");
    }
  place_blocks (&draft, "comparisons");
  g_hash_table_insert (values, "today", g_steal_pointer (&today));
  draft.section = "page";
  self->printed = meso_handout_draft_expand (&draft, "printed");
  self->values = g_hash_table_ref (values);
  return g_steal_pointer (&self);
}

MesoHandoutKind
meso_handout_get_kind (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), 0);
  return self->kind;
}

const char *
meso_handout_get_language (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return meso_handout_texts_get_language (self->texts);
}

const char *
meso_handout_get_title (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return self->title;
}

const char *
meso_handout_get_patient_name (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return self->patient_name;
}

/* "Printed Friday 20 November 2026", in the handout's language. */
const char *
meso_handout_get_printed (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return self->printed;
}

/* The clinic's name, address, phone and logo file, for the page header. */
const char *
meso_handout_get_clinic_text (MesoHandout    *self,
                              MesoClinicText  field)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return meso_clinic_get_text (self->clinic, field);
}

/**
 * meso_handout_get_blocks:
 *
 * Returns: (transfer none) (element-type MesoHandoutBlock): the body.
 */
GPtrArray *
meso_handout_get_blocks (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return self->blocks;
}

/**
 * meso_handout_get_scalp_map:
 *
 * Returns: (transfer none) (nullable): the map a session record shows.
 */
MesoScalpMap *
meso_handout_get_scalp_map (MesoHandout *self)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return self->scalp_map;
}

/**
 * meso_handout_expand:
 * @section: a section of the texts, such as "messages"
 *
 * One of the texts of the handout's language with the handout's fields
 * filled in: a message to the patient says what the handout says.
 *
 * Returns: (transfer full): the text
 */
char *
meso_handout_expand (MesoHandout *self,
                     const char  *section,
                     const char  *key)
{
  g_return_val_if_fail (MESO_IS_HANDOUT (self), NULL);
  return meso_handout_texts_expand (meso_handout_texts_get (self->texts, section, key),
                                    self->values);
}

/* "Page 2 of 3", in the handout's language. */
char *
meso_handout_format_page (MesoHandout *self,
                          guint        page,
                          guint        pages)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (values, "page", g_strdup_printf ("%u", page));
  g_hash_table_insert (values, "pages", g_strdup_printf ("%u", pages));
  return meso_handout_texts_expand (meso_handout_texts_get (self->texts, "page", "page"), values);
}
