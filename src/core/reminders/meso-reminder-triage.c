/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-triage.c: a receptionist's day read as five piles: the calls
 * to make now, the rest to do now, what comes later today, the patients'
 * aftercare milestones (which ask nothing of the desk) and the stock. */
#define G_LOG_DOMAIN "meso-reminder-triage"

#include <glib/gi18n.h>

#include "meso-reminder-triage.h"

static const struct
{
  const char *code;
  const char *label;
} sections[MESO_TRIAGE_N_SECTIONS] = {
  [MESO_TRIAGE_CALLS]       = { "calls", N_("Calls to Make") },
  [MESO_TRIAGE_DUE_NOW]     = { "due-now", N_("Due Now") },
  [MESO_TRIAGE_LATER_TODAY] = { "later-today", N_("Later Today") },
  [MESO_TRIAGE_MILESTONES]  = { "milestones", N_("Patients’ Aftercare Milestones") },
  [MESO_TRIAGE_STOCK]       = { "stock", N_("Stock") },
};

/* When @reminder asks for attention: a snoozed one when its snooze ends. */
gint64
meso_reminder_get_effective_due (const MesoReminder *reminder)
{
  return reminder->state == MESO_REMINDER_SNOOZED ? reminder->snoozed_until : reminder->due_at;
}

static gboolean
is_call (MesoReminderKind kind)
{
  return kind == MESO_REMINDER_AFTERCARE_CALL || kind == MESO_REMINDER_CONFIRM_CALL ||
         kind == MESO_REMINDER_MAINTENANCE;
}

/**
 * meso_reminder_triage:
 * @now: the clinic's clock, in Unix seconds
 *
 * Returns: the part of Today @reminder is listed under. Milestones and stock
 * keep their part whenever they fall due; the others are split by whether
 * they are due yet.
 */
MesoTriageSection
meso_reminder_triage (const MesoReminder *reminder,
                      gint64              now)
{
  switch (reminder->kind)
    {
    case MESO_REMINDER_AFTERCARE_WASH:
    case MESO_REMINDER_AFTERCARE_SUN:
      return MESO_TRIAGE_MILESTONES;
    case MESO_REMINDER_LOT_EXPIRING:
    case MESO_REMINDER_LOW_STOCK:
      return MESO_TRIAGE_STOCK;
    case MESO_REMINDER_AFTERCARE_CALL:
    case MESO_REMINDER_CONFIRM_CALL:
    case MESO_REMINDER_MAINTENANCE:
    case MESO_REMINDER_ARRIVAL:
    case MESO_REMINDER_NO_SHOW:
    case MESO_REMINDER_SCREENING:
    case MESO_REMINDER_N_KINDS:
    default:
      if (meso_reminder_get_effective_due (reminder) > now)
        return MESO_TRIAGE_LATER_TODAY;
      return is_call (reminder->kind) ? MESO_TRIAGE_CALLS : MESO_TRIAGE_DUE_NOW;
    }
}

/* Earliest due first (the most overdue leads); the same time by what it
 * says, then by id, so that the order never shuffles between refreshes. */
int
meso_reminder_compare_due (const MesoReminder *a,
                           const MesoReminder *b)
{
  gint64 a_due = meso_reminder_get_effective_due (a);
  gint64 b_due = meso_reminder_get_effective_due (b);
  int by_text;

  if (a_due != b_due)
    return a_due < b_due ? -1 : 1;
  by_text = g_utf8_collate (a->summary, b->summary);
  if (by_text != 0)
    return by_text;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* A stable name for @section, for settings. */
const char *
meso_triage_section_get_code (MesoTriageSection section)
{
  g_return_val_if_fail (section < MESO_TRIAGE_N_SECTIONS, NULL);
  return sections[section].code;
}

const char *
meso_triage_section_get_label (MesoTriageSection section)
{
  g_return_val_if_fail (section < MESO_TRIAGE_N_SECTIONS, NULL);
  return _(sections[section].label);
}
