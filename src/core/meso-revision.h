/* meso-revision.h: refusing a save made against a record another workstation changed. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/**
 * MesoRecordKind:
 * @MESO_RECORD_PATIENT: a patient with their screening record
 * @MESO_RECORD_APPOINTMENT: an appointment
 *
 * The kinds of record a form edits and saves whole, each with a revision.
 */
typedef enum
{
  MESO_RECORD_PATIENT,
  MESO_RECORD_APPOINTMENT,
} MesoRecordKind;

void meso_revision_set_stale_error (MesoDb          *db,
                                    MesoRecordKind   kind,
                                    gint64           id,
                                    GError         **error);

G_END_DECLS
