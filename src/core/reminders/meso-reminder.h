/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder.h: a timed reminder, the rule that makes it, and its texts. */
#pragma once

#include "meso-resources.h"

G_BEGIN_DECLS

#define MESO_REMINDER_ERROR (meso_reminder_error_quark ())

typedef enum
{
  MESO_REMINDER_ERROR_INVALID,
  MESO_REMINDER_ERROR_NOT_FOUND,
} MesoReminderError;

/* What a reminder is about; each kind has one rule. */
typedef enum
{
  MESO_REMINDER_AFTERCARE_CALL,   /* the day after a session */
  MESO_REMINDER_AFTERCARE_WASH,   /* washing allowed again */
  MESO_REMINDER_AFTERCARE_SUN,    /* sun, sauna and sport allowed again */
  MESO_REMINDER_CONFIRM_CALL,     /* a booked appointment to confirm */
  MESO_REMINDER_ARRIVAL,          /* a patient due shortly */
  MESO_REMINDER_NO_SHOW,          /* a missed session to rebook */
  MESO_REMINDER_MAINTENANCE,      /* a finished course's maintenance session */
  MESO_REMINDER_SCREENING,        /* a session ahead with an outdated screening */
  MESO_REMINDER_LOT_EXPIRING,
  MESO_REMINDER_LOW_STOCK,
  MESO_REMINDER_N_KINDS
} MesoReminderKind;

#define MESO_TYPE_REMINDER_KIND (meso_reminder_kind_get_type ())
GType meso_reminder_kind_get_type (void);

/* What opening a reminder shows. */
typedef enum
{
  MESO_REMINDER_OPENS_PATIENT,
  MESO_REMINDER_OPENS_APPOINTMENT,
  MESO_REMINDER_OPENS_STOCK,
} MesoReminderTarget;

typedef enum
{
  MESO_REMINDER_PENDING,    /* not shown yet, or no notification server took it */
  MESO_REMINDER_SHOWN,      /* shown as a desktop notification */
  MESO_REMINDER_DONE,
  MESO_REMINDER_SNOOZED,    /* shown again at snoozed_until */
  MESO_REMINDER_DISMISSED,
  MESO_REMINDER_N_STATES
} MesoReminderState;

#define MESO_TYPE_REMINDER_STATE (meso_reminder_state_get_type ())
GType meso_reminder_state_get_type (void);

/* The placeholders a rule's texts may use, such as {patient}. */
typedef enum
{
  MESO_REMINDER_FIELD_PATIENT,
  MESO_REMINDER_FIELD_PHONE,
  MESO_REMINDER_FIELD_DATE,
  MESO_REMINDER_FIELD_TIME,
  MESO_REMINDER_FIELD_PRACTITIONER,
  MESO_REMINDER_FIELD_APPOINTMENT,
  MESO_REMINDER_FIELD_PROTOCOL,
  MESO_REMINDER_FIELD_SCREENED,
  MESO_REMINDER_FIELD_PRODUCT,
  MESO_REMINDER_FIELD_LOT,
  MESO_REMINDER_FIELD_EXPIRES,
  MESO_REMINDER_FIELD_ML,
  MESO_REMINDER_N_FIELDS
} MesoReminderField;

/**
 * MesoReminderRule:
 * @offset_minutes: from the event to the reminder; negative is before it
 * @at_minute: the local time of day the reminder moves to, on the day the
 *   offset gives; -1 keeps the exact time
 * @summary: the clinic's own text, or "" for the built-in one
 *
 * How the clinic wants one kind of reminder.
 */
typedef struct
{
  MesoReminderKind  kind;
  gboolean          enabled;
  int               offset_minutes;
  int               at_minute;
  char             *summary;
  char             *body;
} MesoReminderRule;

/**
 * MesoReminder:
 * @source: what made it, such as "appointment:12": with @kind, unique
 * @due_at: when it falls due (Unix seconds)
 * @snoozed_until: when a snoozed reminder is due again
 * @phone: the patient's phone number as it is now, "" if none
 * @notice_summary: what a desktop notification may say, with no clinical
 *   word: "Call Ayşe Yılmaz"; "" when it may not name the patient; set by
 *   meso_reminders_take_due(), %NULL in reminders read otherwise
 * @notice_body: the phone number, if the notification may name the patient
 * @redacted: @summary, @body and @phone were withheld ("") because nobody
 *   who may read patients' contact data is signed in
 */
typedef struct
{
  gint64             id;
  MesoReminderKind   kind;
  char              *source;
  gint64             patient_id;       /* 0: none */
  gint64             appointment_id;   /* 0: none */
  gint64             due_at;
  gint64             snoozed_until;
  MesoReminderState  state;
  char              *summary;
  char              *body;
  char              *phone;
  char              *notice_summary;
  char              *notice_body;
  gboolean           redacted;
} MesoReminder;

GQuark            meso_reminder_error_quark       (void);

const char       *meso_reminder_kind_get_code     (MesoReminderKind   kind);
gboolean          meso_reminder_kind_from_code    (const char        *code,
                                                   MesoReminderKind  *out_kind);
const char       *meso_reminder_kind_get_label    (MesoReminderKind   kind);
const char       *meso_reminder_kind_get_timing_label (MesoReminderKind kind);
int               meso_reminder_kind_get_unit_minutes (MesoReminderKind kind);
gboolean          meso_reminder_kind_is_standing  (MesoReminderKind   kind);
MesoReminderTarget meso_reminder_kind_get_target  (MesoReminderKind   kind);

const char       *meso_reminder_state_get_code    (MesoReminderState  state);
gboolean          meso_reminder_state_from_code   (const char        *code,
                                                   MesoReminderState *out_state);
gboolean          meso_reminder_state_is_open     (MesoReminderState  state);

void              meso_reminder_rule_init_default (MesoReminderRule  *rule,
                                                   MesoReminderKind   kind);
void              meso_reminder_rule_clear        (MesoReminderRule  *rule);
const char       *meso_reminder_rule_get_summary  (const MesoReminderRule *rule);
const char       *meso_reminder_rule_get_body     (const MesoReminderRule *rule);
gboolean          meso_reminder_rule_check        (const MesoReminderRule *rule,
                                                   GError           **error);
gint64            meso_reminder_rule_due_after    (MesoResources     *resources,
                                                   const MesoReminderRule *rule,
                                                   gint64             event);
char             *meso_reminder_list_fields       (void);
char             *meso_reminder_expand            (const char        *text,
                                                   const char *const *fields);
char             *meso_reminder_format_date       (const char        *iso);

void              meso_reminder_set_notice        (MesoReminder      *reminder,
                                                   const char        *patient);
void              meso_reminder_redact            (MesoReminder      *reminder);

void              meso_reminder_free              (MesoReminder      *reminder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoReminder, meso_reminder_free)

G_END_DECLS
