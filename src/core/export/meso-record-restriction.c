/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-record-restriction.c: restriction instead of deletion. Restricting
 * a patient, and later anonymising them, reaches every feature that keeps
 * something about them: each does its part (meso-patient-store-restriction.c
 * the patient's own rows) inside one write, so that all of it happens or
 * none. Lifting a restriction is the patient store's alone
 * (meso_patient_store_lift_restriction()). */
#define G_LOG_DOMAIN "meso-record-restriction"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-db-write.h"
#include "meso-outbox.h"
#include "meso-photo-store.h"
#include "meso-record-restriction.h"
#include "meso-reminders.h"

/* After a commit: each store announces its change. */
static void
announce (MesoContext *context)
{
  g_signal_emit_by_name (meso_context_get_patient_store (context), "changed");
  g_signal_emit_by_name (meso_context_get_outbox (context), "changed");
  g_signal_emit_by_name (meso_context_get_photo_store (context), "changed", (gint64) 0);
  /* Compares the open reminders with what it last announced. */
  meso_reminders_changed_elsewhere (meso_context_get_reminders (context));
}

/**
 * meso_record_restrict:
 *
 * Restricts patient @patient_id: from now on they are listed only for
 * administrators, who alone may open them; their consent to messages is
 * withdrawn, their waiting and failed messages are not sent, their open
 * reminders are dismissed. Refused while they have upcoming appointments
 * or wait on the waiting list. Needs %MESO_PERMISSION_MANAGE_RECORDS.
 */
gboolean
meso_record_restrict (MesoContext  *context,
                      gint64        patient_id,
                      GError      **error)
{
  MesoDb *db = meso_context_get_db (context);
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_MANAGE_RECORDS, error);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (w == NULL ||
      !meso_patient_store_restrict_in_write (meso_context_get_patient_store (context),
                                             patient_id, today, error) ||
      !meso_schedule_check_nothing_booked_in_write (meso_context_get_schedule (context),
                                                    patient_id, g_date_time_to_unix (now),
                                                    error) ||
      !meso_outbox_cancel_patient_in_write (meso_context_get_outbox (context), patient_id,
                                            error) ||
      !meso_reminders_dismiss_patient_in_write (meso_context_get_reminders (context),
                                                patient_id, error) ||
      !meso_db_write_commit (w, error))
    return FALSE;
  announce (context);
  return TRUE;
}

/**
 * meso_record_get_anonymise_day:
 * @out_day: (out caller-allocates): the first day patient @patient_id may
 *   be anonymised: the clinic's retention period after their last visit
 *
 * Needs %MESO_PERMISSION_MANAGE_RECORDS.
 */
gboolean
meso_record_get_anonymise_day (MesoContext  *context,
                               gint64        patient_id,
                               GDate        *out_day,
                               GError      **error)
{
  gint64 last_visit = 0;

  return meso_db_require (meso_context_get_db (context), MESO_PERMISSION_MANAGE_RECORDS,
                          error) &&
         meso_schedule_get_last_visit (meso_context_get_schedule (context), patient_id,
                                       &last_visit, error) &&
         meso_patient_store_get_anonymise_day (meso_context_get_patient_store (context),
                                               patient_id, last_visit,
                                               meso_clock_get_zone (
                                                 meso_context_get_clock (context)),
                                               out_day, error);
}

/**
 * meso_record_anonymise:
 *
 * Anonymises restricted patient @patient_id once the clinic's retention
 * period has passed (meso_record_get_anonymise_day()): names, contacts,
 * notes, consent, and the addresses and texts of their messages and
 * reminders are replaced; photos that may show the face lose their images
 * and every photo its file name; the birth date keeps its year;
 * appointments, sessions, screening, scalp maps and scalp photos stay for
 * the clinic's statistics. It cannot be undone. Needs
 * %MESO_PERMISSION_MANAGE_RECORDS.
 */
gboolean
meso_record_anonymise (MesoContext  *context,
                       gint64        patient_id,
                       GError      **error)
{
  MesoDb *db = meso_context_get_db (context);
  g_autoptr(MesoDbWrite) w = meso_db_begin_write (db, MESO_PERMISSION_MANAGE_RECORDS, error);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (context));
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  /* In the language of the administrator who did it, as a note would be. */
  const char *marker = C_("patient's name", "Anonymised");
  gint64 last_visit = 0;
  gboolean anonymised = FALSE;

  if (w == NULL ||
      !meso_schedule_get_last_visit (meso_context_get_schedule (context), patient_id,
                                     &last_visit, error) ||
      !meso_patient_store_anonymise_in_write (meso_context_get_patient_store (context),
                                              patient_id, now, last_visit, marker,
                                              &anonymised, error))
    return FALSE;
  /* Anonymised already: nothing more to do. */
  if (!anonymised)
    return TRUE;
  if (!meso_outbox_erase_patient_in_write (meso_context_get_outbox (context), patient_id,
                                           error) ||
      !meso_reminders_erase_patient_in_write (meso_context_get_reminders (context), patient_id,
                                              marker, error) ||
      !meso_photo_store_erase_patient_in_write (meso_context_get_photo_store (context),
                                                patient_id, today, error) ||
      !meso_db_write_commit (w, error))
    return FALSE;
  announce (context);
  return TRUE;
}
