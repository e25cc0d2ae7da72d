/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-triage.h: which part of the Today page a reminder belongs
 * to, and the order within it. */
#pragma once

#include "meso-reminder.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_TRIAGE_CALLS,        /* a call due now or overdue */
  MESO_TRIAGE_DUE_NOW,      /* anything else to do now: arrivals, no-shows, screening */
  MESO_TRIAGE_LATER_TODAY,  /* calls and tasks not due yet */
  MESO_TRIAGE_MILESTONES,   /* a patient's aftercare milestone: nothing to do but know */
  MESO_TRIAGE_STOCK,        /* lots expiring, stock running low */
  MESO_TRIAGE_N_SECTIONS
} MesoTriageSection;

gint64             meso_reminder_get_effective_due (const MesoReminder *reminder);
MesoTriageSection  meso_reminder_triage            (const MesoReminder *reminder,
                                                    gint64              now);
int                meso_reminder_compare_due       (const MesoReminder *a,
                                                    const MesoReminder *b);
const char        *meso_triage_section_get_code    (MesoTriageSection   section);
const char        *meso_triage_section_get_label   (MesoTriageSection   section);

G_END_DECLS
