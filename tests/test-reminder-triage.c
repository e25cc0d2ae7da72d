/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reminder-triage.c: Today's parts: calls to make are not mixed with
 * what comes later, milestones or stock, and each part is in due order. */
#include "meso-reminder-triage.h"

#define NOW 1795168800   /* Friday 20 November 2026, 10:00 UTC */

static MesoReminder
reminder (gint64            id,
          MesoReminderKind  kind,
          MesoReminderState state,
          gint64            minutes_from_now,
          const char       *summary)
{
  MesoReminder r = { .id = id, .kind = kind, .state = state, .summary = (char *) summary };

  if (state == MESO_REMINDER_SNOOZED)
    {
      r.due_at = NOW - 3 * 3600;
      r.snoozed_until = NOW + minutes_from_now * 60;
    }
  else
    r.due_at = NOW + minutes_from_now * 60;
  return r;
}

static void
test_sections (void)
{
  const struct
  {
    MesoReminderKind  kind;
    MesoReminderState state;
    gint64            minutes;
    MesoTriageSection section;
  } cases[] = {
    { MESO_REMINDER_AFTERCARE_CALL, MESO_REMINDER_PENDING, -90, MESO_TRIAGE_CALLS },
    { MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_SHOWN, 0, MESO_TRIAGE_CALLS },
    { MESO_REMINDER_MAINTENANCE, MESO_REMINDER_PENDING, -1440, MESO_TRIAGE_CALLS },
    { MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_PENDING, 120, MESO_TRIAGE_LATER_TODAY },
    /* Snoozed past now: later, though it first fell due hours ago. */
    { MESO_REMINDER_AFTERCARE_CALL, MESO_REMINDER_SNOOZED, 30, MESO_TRIAGE_LATER_TODAY },
    { MESO_REMINDER_AFTERCARE_CALL, MESO_REMINDER_SNOOZED, -5, MESO_TRIAGE_CALLS },
    { MESO_REMINDER_ARRIVAL, MESO_REMINDER_PENDING, -10, MESO_TRIAGE_DUE_NOW },
    { MESO_REMINDER_NO_SHOW, MESO_REMINDER_SHOWN, -60, MESO_TRIAGE_DUE_NOW },
    { MESO_REMINDER_SCREENING, MESO_REMINDER_PENDING, -1, MESO_TRIAGE_DUE_NOW },
    { MESO_REMINDER_ARRIVAL, MESO_REMINDER_PENDING, 45, MESO_TRIAGE_LATER_TODAY },
    { MESO_REMINDER_AFTERCARE_WASH, MESO_REMINDER_PENDING, -60, MESO_TRIAGE_MILESTONES },
    { MESO_REMINDER_AFTERCARE_SUN, MESO_REMINDER_PENDING, 300, MESO_TRIAGE_MILESTONES },
    { MESO_REMINDER_LOT_EXPIRING, MESO_REMINDER_PENDING, -2880, MESO_TRIAGE_STOCK },
    { MESO_REMINDER_LOW_STOCK, MESO_REMINDER_PENDING, 60, MESO_TRIAGE_STOCK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MesoReminder r = reminder (i + 1, cases[i].kind, cases[i].state, cases[i].minutes, "");

      g_test_message ("case %u", i);
      g_assert_cmpint (meso_reminder_triage (&r, NOW), ==, cases[i].section);
    }
}

static int
compare_cb (gconstpointer a,
            gconstpointer b)
{
  return meso_reminder_compare_due (a, b);
}

static void
test_order (void)
{
  MesoReminder list[] = {
    reminder (1, MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_PENDING, -10, "Call Zeynep"),
    reminder (2, MESO_REMINDER_AFTERCARE_CALL, MESO_REMINDER_SNOOZED, -60, "Call Ayşe"),
    reminder (3, MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_PENDING, -10, "Call Ceren"),
    reminder (4, MESO_REMINDER_MAINTENANCE, MESO_REMINDER_PENDING, -600, "Call Lucía"),
    reminder (5, MESO_REMINDER_CONFIRM_CALL, MESO_REMINDER_PENDING, -10, "Call Ceren"),
  };
  const gint64 expected[] = { 4, 2, 3, 5, 1 };

  qsort (list, G_N_ELEMENTS (list), sizeof list[0], compare_cb);
  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    g_assert_cmpint (list[i].id, ==, expected[i]);
}

static void
test_labels (void)
{
  for (MesoTriageSection s = 0; s < MESO_TRIAGE_N_SECTIONS; s++)
    {
      g_assert_nonnull (meso_triage_section_get_label (s));
      g_assert_nonnull (meso_triage_section_get_code (s));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/reminder-triage/sections", test_sections);
  g_test_add_func ("/meso/reminder-triage/order", test_order);
  g_test_add_func ("/meso/reminder-triage/labels", test_labels);

  return g_test_run ();
}
