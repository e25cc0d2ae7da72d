/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-change-feed.h: what other workstations changed, read from the audit trail. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

/**
 * MesoChange:
 * @row_id: the changed row, as the audit trail names it
 * @patient_id: the patient it belongs to, or 0
 * @old_start: a timed row's start before (Unix seconds), or 0
 * @new_start: its start after, or 0
 *
 * One audited change of a row, made on another connection.
 */
typedef struct
{
  gint64 row_id;
  gint64 patient_id;
  gint64 old_start;
  gint64 new_start;
} MesoChange;

#define MESO_TYPE_CHANGE_FEED (meso_change_feed_get_type ())
G_DECLARE_FINAL_TYPE (MesoChangeFeed, meso_change_feed, MESO, CHANGE_FEED, GObject)

MesoChangeFeed *meso_change_feed_new  (MesoDb          *db,
                                       GError         **error);
gboolean        meso_change_feed_read (MesoChangeFeed  *self,
                                       GError         **error);

G_END_DECLS
