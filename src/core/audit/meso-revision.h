/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-revision.h: refusing a save made against a record another workstation changed. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/**
 * MesoRecordKind:
 * @MESO_RECORD_PATIENT: a patient with their screening record
 * @MESO_RECORD_APPOINTMENT: an appointment
 * @MESO_RECORD_PRACTITIONER: a practitioner with their working hours
 * @MESO_RECORD_ROOM: a room
 * @MESO_RECORD_SCALP_MAP: a session's scalp map, by its appointment's id
 * @MESO_RECORD_COCKTAIL: a session's recorded cocktail, by the id of the
 *   record that now stands in the way (the session's latest)
 *
 * The kinds of record a form edits and saves whole, each with a revision.
 */
typedef enum
{
  MESO_RECORD_PATIENT,
  MESO_RECORD_APPOINTMENT,
  MESO_RECORD_PRACTITIONER,
  MESO_RECORD_ROOM,
  MESO_RECORD_SCALP_MAP,
  MESO_RECORD_COCKTAIL,
} MesoRecordKind;

gboolean meso_revision_refuse          (MesoDb          *db,
                                        MesoRecordKind   kind,
                                        gint64           id,
                                        const char      *exists_sql,
                                        GError         **error);

gboolean meso_revision_mark            (MesoDb          *db,
                                        gint64          *out_mark,
                                        GError         **error);
gboolean meso_revision_changed_since   (MesoDb          *db,
                                        MesoRecordKind   kind,
                                        gint64           id,
                                        gint64           mark,
                                        gboolean        *out_changed,
                                        GError         **error);

void meso_revision_set_stale_error (MesoDb          *db,
                                    MesoRecordKind   kind,
                                    gint64           id,
                                    GError         **error);

G_END_DECLS
