/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder.c: the kinds of reminder, their built-in rules and texts,
 * and filling a text's placeholders. */
#define G_LOG_DOMAIN "meso-reminder"

#include <glib/gi18n.h>
#include <string.h>

#include "meso-date-format.h"
#include "meso-enum.h"
#include "meso-reminder.h"
#include "meso-text.h"

#define HOUR 60
#define DAY (24 * HOUR)
#define MAX_SUMMARY_CHARS 200
#define MAX_BODY_CHARS 1000

G_DEFINE_QUARK (meso-reminder-error-quark, meso_reminder_error)

/* The nicks are the codes stored in reminder_rule.kind and reminder.kind. */
G_DEFINE_ENUM_TYPE (MesoReminderKind, meso_reminder_kind,
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_AFTERCARE_CALL, "aftercare-call"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_AFTERCARE_WASH, "aftercare-wash"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_AFTERCARE_SUN, "aftercare-sun"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_CONFIRM_CALL, "confirm-call"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_ARRIVAL, "arrival"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_NO_SHOW, "no-show"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_MAINTENANCE, "maintenance"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_SCREENING, "screening"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_LOT_EXPIRING, "lot-expiring"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_LOW_STOCK, "low-stock"))

/* The nicks are the codes stored in reminder.state. */
G_DEFINE_ENUM_TYPE (MesoReminderState, meso_reminder_state,
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_SHOWN, "shown"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_DONE, "done"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_SNOOZED, "snoozed"),
  G_DEFINE_ENUM_VALUE (MESO_REMINDER_DISMISSED, "dismissed"))

static const struct
{
  const char *label;
  const char *timing_label;   /* NULL: a standing condition, not timed from an event */
  int         unit_minutes;   /* of the timing; negative: before the event */
  int         offset_minutes;
  int         at_minute;
  const char *summary;
  const char *body;
} kinds[MESO_REMINDER_N_KINDS] = {
  /* The aftercare delays are where the sources disagree (24 h, or one to
   * two days): they are the clinic's to change. */
  [MESO_REMINDER_AFTERCARE_CALL] = {
    N_("Aftercare call"), N_("Days after the session"), DAY, DAY, 10 * HOUR,
    N_("Aftercare call: {patient}"),
    N_("Ask how the scalp has been since the session on {date}: redness, itching and small "
       "bruises should be fading. Phone: {phone}") },
  [MESO_REMINDER_AFTERCARE_WASH] = {
    N_("Washing allowed"), N_("Hours after the session"), HOUR, 24 * HOUR, -1,
    N_("{patient} may wash the hair again"),
    N_("The time without washing after the session at {time} on {date} is over: a mild "
       "shampoo, no scratching. Phone: {phone}") },
  [MESO_REMINDER_AFTERCARE_SUN] = {
    N_("Sun, sauna and sport allowed"), N_("Hours after the session"), HOUR,
    48 * HOUR, -1,
    N_("{patient}: sun, sauna and sport allowed again"),
    N_("The time without sun, sauna, pool, sea water and sport after the session on {date} "
       "is over. Phone: {phone}") },
  [MESO_REMINDER_CONFIRM_CALL] = {
    N_("Confirmation call"), N_("Days before the appointment"), -DAY, -DAY,
    10 * HOUR,
    N_("Confirm {patient}’s appointment"),
    N_("{appointment} with {practitioner} on {date} at {time}. Phone: {phone}") },
  [MESO_REMINDER_ARRIVAL] = {
    N_("Patient due"), N_("Minutes before the appointment"), -1, -15, -1,
    N_("{patient} is due at {time}"),
    N_("{appointment} with {practitioner}.") },
  [MESO_REMINDER_NO_SHOW] = {
    N_("Missed session to rebook"), N_("Minutes after the missed appointment"), 1, 0,
    -1,
    N_("Rebook {patient}"),
    N_("Missed: {appointment} on {date} at {time}. Phone: {phone}") },
  [MESO_REMINDER_MAINTENANCE] = {
    N_("Maintenance due"), N_("Days before maintenance is due"), -DAY, -7 * DAY,
    10 * HOUR,
    N_("Maintenance due for {patient}"),
    N_("The {protocol} course is over: maintenance is due on {date}. Phone: {phone}") },
  [MESO_REMINDER_SCREENING] = {
    N_("Screening out of date"), N_("Days before the session"), -DAY, -DAY,
    10 * HOUR,
    N_("Screening to renew: {patient}"),
    N_("Last answered: {screened}. Ask the questions again before the session on {date} at "
       "{time}.") },
  /* Stock reminders follow the stock settings (expiry warning, low stock). */
  [MESO_REMINDER_LOT_EXPIRING] = {
    N_("Lot about to expire"), NULL, 0, 0, 9 * HOUR,
    N_("Lot {lot} expires on {expires}"),
    N_("{product}: {ml} ml left. Use it first, or take it out of stock.") },
  [MESO_REMINDER_LOW_STOCK] = {
    N_("Low stock"), NULL, 0, 0, -1,
    N_("Low stock: {product}"),
    N_("{ml} ml left that can be used. Order more.") },
};

static const char *const field_names[MESO_REMINDER_N_FIELDS] = {
  [MESO_REMINDER_FIELD_PATIENT] = "patient",
  [MESO_REMINDER_FIELD_PHONE] = "phone",
  [MESO_REMINDER_FIELD_DATE] = "date",
  [MESO_REMINDER_FIELD_TIME] = "time",
  [MESO_REMINDER_FIELD_PRACTITIONER] = "practitioner",
  [MESO_REMINDER_FIELD_APPOINTMENT] = "appointment",
  [MESO_REMINDER_FIELD_PROTOCOL] = "protocol",
  [MESO_REMINDER_FIELD_SCREENED] = "screened",
  [MESO_REMINDER_FIELD_PRODUCT] = "product",
  [MESO_REMINDER_FIELD_LOT] = "lot",
  [MESO_REMINDER_FIELD_EXPIRES] = "expires",
  [MESO_REMINDER_FIELD_ML] = "ml",
};

const char *
meso_reminder_kind_get_code (MesoReminderKind kind)
{
  return meso_enum_to_code (MESO_TYPE_REMINDER_KIND, kind);
}

gboolean
meso_reminder_kind_from_code (const char       *code,
                              MesoReminderKind *out_kind)
{
  return meso_enum_from_code (MESO_TYPE_REMINDER_KIND, code, (int *) out_kind);
}

const char *
meso_reminder_kind_get_label (MesoReminderKind kind)
{
  g_return_val_if_fail (kind < MESO_REMINDER_N_KINDS, NULL);
  return _(kinds[kind].label);
}

/* Returns: (nullable): what the rule's timing counts, such as "Hours after
 * the session"; %NULL for a standing condition such as low stock. */
const char *
meso_reminder_kind_get_timing_label (MesoReminderKind kind)
{
  g_return_val_if_fail (kind < MESO_REMINDER_N_KINDS, NULL);
  return kinds[kind].timing_label != NULL ? _(kinds[kind].timing_label) : NULL;
}

/* Minutes in one unit of the timing label; negative when the reminder
 * comes before its event. */
int
meso_reminder_kind_get_unit_minutes (MesoReminderKind kind)
{
  g_return_val_if_fail (kind < MESO_REMINDER_N_KINDS, 0);
  return kinds[kind].unit_minutes;
}

/* Whether @kind reminds of a condition that holds now (stock), rather than
 * of a moment after or before an event. */
gboolean
meso_reminder_kind_is_standing (MesoReminderKind kind)
{
  g_return_val_if_fail (kind < MESO_REMINDER_N_KINDS, FALSE);
  return kinds[kind].timing_label == NULL;
}

/* A call or aftercare opens the patient (the phone number, the history);
 * what the reception acts on in the calendar opens the appointment. */
MesoReminderTarget
meso_reminder_kind_get_target (MesoReminderKind kind)
{
  switch (kind)
    {
    case MESO_REMINDER_CONFIRM_CALL:
    case MESO_REMINDER_ARRIVAL:
    case MESO_REMINDER_NO_SHOW:
    case MESO_REMINDER_SCREENING:
      return MESO_REMINDER_OPENS_APPOINTMENT;
    case MESO_REMINDER_LOT_EXPIRING:
    case MESO_REMINDER_LOW_STOCK:
      return MESO_REMINDER_OPENS_STOCK;
    case MESO_REMINDER_AFTERCARE_CALL:
    case MESO_REMINDER_AFTERCARE_WASH:
    case MESO_REMINDER_AFTERCARE_SUN:
    case MESO_REMINDER_MAINTENANCE:
    case MESO_REMINDER_N_KINDS:
    default:
      return MESO_REMINDER_OPENS_PATIENT;
    }
}

const char *
meso_reminder_state_get_code (MesoReminderState state)
{
  return meso_enum_to_code (MESO_TYPE_REMINDER_STATE, state);
}

gboolean
meso_reminder_state_from_code (const char        *code,
                               MesoReminderState *out_state)
{
  return meso_enum_from_code (MESO_TYPE_REMINDER_STATE, code, (int *) out_state);
}

/* Whether a reminder in @state is still a task: not done, not dismissed. */
gboolean
meso_reminder_state_is_open (MesoReminderState state)
{
  return state == MESO_REMINDER_PENDING || state == MESO_REMINDER_SHOWN ||
         state == MESO_REMINDER_SNOOZED;
}

void
meso_reminder_rule_init_default (MesoReminderRule *rule,
                                 MesoReminderKind  kind)
{
  g_return_if_fail (kind < MESO_REMINDER_N_KINDS);
  rule->kind = kind;
  rule->enabled = TRUE;
  rule->offset_minutes = kinds[kind].offset_minutes;
  rule->at_minute = kinds[kind].at_minute;
  rule->summary = g_strdup ("");
  rule->body = g_strdup ("");
}

void
meso_reminder_rule_clear (MesoReminderRule *rule)
{
  g_clear_pointer (&rule->summary, g_free);
  g_clear_pointer (&rule->body, g_free);
}

/* The summary @rule's reminders get: the clinic's, or the built-in one in
 * the user's language. */
const char *
meso_reminder_rule_get_summary (const MesoReminderRule *rule)
{
  return *rule->summary != '\0' ? rule->summary : _(kinds[rule->kind].summary);
}

const char *
meso_reminder_rule_get_body (const MesoReminderRule *rule)
{
  return *rule->body != '\0' ? rule->body : _(kinds[rule->kind].body);
}

static gboolean
is_field (const char *name,
          gsize       length,
          guint      *out_field)
{
  for (guint f = 0; f < MESO_REMINDER_N_FIELDS; f++)
    if (strlen (field_names[f]) == length && strncmp (name, field_names[f], length) == 0)
      {
        *out_field = f;
        return TRUE;
      }
  return FALSE;
}

/* Returns: (transfer full): the placeholders, as "{patient}, {phone}, …". */
char *
meso_reminder_list_fields (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint f = 0; f < MESO_REMINDER_N_FIELDS; f++)
    g_string_append_printf (list, "%s{%s}", f > 0 ? ", " : "", field_names[f]);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
check_text (const char  *text,
            guint        max_chars,
            GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, MESO_REMINDER_ERROR, MESO_REMINDER_ERROR_INVALID,
                   _("Use at most %u characters."), max_chars);
      return FALSE;
    }
  for (const char *open = strchr (text, '{'); open != NULL; open = strchr (open + 1, '{'))
    {
      const char *close = strchr (open, '}');
      guint field;

      if (close == NULL || !is_field (open + 1, close - open - 1, &field))
        {
          g_autofree char *fields = meso_reminder_list_fields ();
          g_autofree char *name = close != NULL ? g_strndup (open, close - open + 1)
                                                : g_strdup (open);

          g_set_error (error, MESO_REMINDER_ERROR, MESO_REMINDER_ERROR_INVALID,
                       _("“%s” is not a field. Use %s."), name, fields);
          return FALSE;
        }
    }
  return TRUE;
}

/* Whether @rule can be saved: its timing in range and its texts using
 * known fields only. */
gboolean
meso_reminder_rule_check (const MesoReminderRule  *rule,
                          GError                 **error)
{
  if (rule->kind >= MESO_REMINDER_N_KINDS || rule->at_minute < -1 || rule->at_minute >= DAY ||
      ABS (rule->offset_minutes) > 365 * DAY)
    {
      g_set_error_literal (error, MESO_REMINDER_ERROR, MESO_REMINDER_ERROR_INVALID,
                           _("Give a time of day between 00:00 and 23:59, and a delay of at "
                             "most a year."));
      return FALSE;
    }
  return check_text (rule->summary, MAX_SUMMARY_CHARS, error) &&
         check_text (rule->body, MAX_BODY_CHARS, error);
}

/**
 * meso_reminder_rule_due_after:
 *
 * Returns: when @rule puts its reminder of an event at @event: the
 * rule's offset later, moved to its time of day if it has one. Handouts
 * use it too, so that "do not wash before" and "washing allowed" agree.
 */
gint64
meso_reminder_rule_due_after (MesoResources          *resources,
                              const MesoReminderRule *rule,
                              gint64                  event)
{
  gint64 due = event + (gint64) rule->offset_minutes * 60;
  GDate day;

  if (rule->at_minute < 0)
    return due;
  meso_resources_get_day (resources, due, &day, NULL);
  return meso_resources_to_instant (resources, &day, rule->at_minute);
}

static const char *
lookup_field (const char *name,
              gsize       length,
              gpointer    user_data)
{
  const char * const *fields = user_data;
  guint field;

  if (!is_field (name, length, &field))
    return NULL;
  return fields[field] != NULL ? fields[field] : "";
}

/**
 * meso_reminder_expand:
 * @fields: (array fixed-size=MESO_REMINDER_N_FIELDS): values by
 *   #MesoReminderField, %NULL for none
 *
 * Returns: (transfer full): @text with each {field} replaced by its value.
 */
char *
meso_reminder_expand (const char        *text,
                      const char *const *fields)
{
  return meso_text_expand_fields (text, lookup_field, (gpointer) fields);
}

/**
 * meso_reminder_format_date:
 * @iso: a date as the database keeps it, YYYY-MM-DD
 *
 * Returns: (transfer full): @iso as a reminder's text shows it ("3 December
 * 2026"), or @iso itself if it is no date.
 */
char *
meso_reminder_format_date (const char *iso)
{
  GDate date;
  char text[64];

  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  if (!g_date_valid (&date))
    return g_strdup (iso);
  g_date_strftime (text, sizeof text, meso_date_format_date (), &date);
  return g_strdup (text);
}

/* A notification can be read by whoever passes the screen, or ends up in
 * a notification log: it names the patient at most, and says what to do
 * in words that tell nothing of a treatment. The full text is in Today. */
static const char *
notice_of (MesoReminderKind kind)
{
  switch (kind)
    {
    case MESO_REMINDER_AFTERCARE_CALL:
    case MESO_REMINDER_MAINTENANCE:
      return _("Call {patient}");
    case MESO_REMINDER_CONFIRM_CALL:
      return _("Confirm {patient}’s appointment");
    case MESO_REMINDER_ARRIVAL:
      return _("{patient} is due soon");
    case MESO_REMINDER_NO_SHOW:
      return _("Rebook {patient}");
    case MESO_REMINDER_LOT_EXPIRING:
      return _("A lot is about to expire");
    case MESO_REMINDER_LOW_STOCK:
      return _("Stock is running low");
    case MESO_REMINDER_AFTERCARE_WASH:
    case MESO_REMINDER_AFTERCARE_SUN:
    case MESO_REMINDER_SCREENING:
    case MESO_REMINDER_N_KINDS:
    default:
      return _("Reminder for {patient}");
    }
}

/**
 * meso_reminder_set_notice:
 * @patient: (nullable): the patient's name, or %NULL when the notification
 *   may not name them
 *
 * Sets @reminder's notice texts from its kind alone, never from the
 * clinic's own texts, which may say anything: a notification may say
 * whom to call and their phone number, nothing of the treatment. Without
 * @patient, a reminder about a patient gets no notice ("").
 */
void
meso_reminder_set_notice (MesoReminder *reminder,
                          const char   *patient)
{
  const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
  gboolean about_patient = meso_reminder_kind_get_target (reminder->kind) !=
                           MESO_REMINDER_OPENS_STOCK;

  g_free (reminder->notice_summary);
  g_free (reminder->notice_body);
  if (about_patient && patient == NULL)
    {
      reminder->notice_summary = g_strdup ("");
      reminder->notice_body = g_strdup ("");
      return;
    }
  fields[MESO_REMINDER_FIELD_PATIENT] = patient;
  reminder->notice_summary = meso_reminder_expand (notice_of (reminder->kind), fields);
  reminder->notice_body = about_patient && reminder->phone != NULL && *reminder->phone != '\0'
                          ? g_strdup_printf (_("Phone: %s"), reminder->phone)
                          : g_strdup ("");
}

/* Withholds @reminder's texts and phone number, which name the patient
 * and tell of the treatment; its ids stay, for it to be marked shown and
 * opened once someone has signed in. */
void
meso_reminder_redact (MesoReminder *reminder)
{
  g_free (reminder->summary);
  reminder->summary = g_strdup ("");
  g_free (reminder->body);
  reminder->body = g_strdup ("");
  g_free (reminder->phone);
  reminder->phone = g_strdup ("");
  reminder->redacted = TRUE;
}

void
meso_reminder_free (MesoReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_free (reminder->source);
  g_free (reminder->summary);
  g_free (reminder->body);
  g_free (reminder->phone);
  g_free (reminder->notice_summary);
  g_free (reminder->notice_body);
  g_free (reminder);
}
