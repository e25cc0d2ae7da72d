/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-treatment-reminders.c: the stock as a source of reminders: lots in
 * stock that expire within the clinic's warning time, and products low on
 * what can still be used. Both are standing reminders: wanted for as long
 * as the stock is so, whatever the sync's window. */
#define G_LOG_DOMAIN "meso-treatment-store"

#include <glib/gi18n.h>

#include "meso-reminder-source.h"
#include "meso-treatment-store-private.h"

static gboolean
collect_expiring (MesoTreatmentStore  *self,
                  MesoReminderQuery   *query,
                  const GDate         *today,
                  guint                warning_days,
                  GError             **error)
{
  const MesoReminderRule *rule = meso_reminder_query_get_rule (query,
                                                               MESO_REMINDER_LOT_EXPIRING);
  MesoResources *resources = meso_reminder_query_get_resources (query);
  MesoStmt *stmt;
  char limit_iso[16];
  GDate limit = *today;
  int rc;

  if (!rule->enabled)
    return TRUE;
  g_date_add_days (&limit, warning_days);
  g_date_strftime (limit_iso, sizeof limit_iso, "%Y-%m-%d", &limit);
  stmt = meso_db_prepare (self->db,
    "SELECT l.id, l.lot_number, l.expires_on, l.quantity_ml, i.name || ' (' || p.brand || ')'"
    " FROM lot l JOIN product p ON p.id = l.product_id JOIN ingredient i ON i.id = p.ingredient_id"
    " WHERE l.quantity_ml > 0 AND l.expires_on <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, limit_iso);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      const char *expires_on = meso_stmt_column_text (stmt, 2);
      const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
      g_autofree char *expires = meso_reminder_format_date (expires_on);
      g_autofree char *ml = g_strdup_printf ("%.1f", meso_stmt_column_double (stmt, 3));
      GDate warn_on;

      g_date_clear (&warn_on, 1);
      g_date_set_parse (&warn_on, expires_on);
      /* The schema allows only dates: skipping another would hide a lot
       * that may have expired. */
      if (!g_date_valid (&warn_on))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "lot");
          return FALSE;
        }
      g_date_subtract_days (&warn_on, warning_days);
      fields[MESO_REMINDER_FIELD_LOT] = meso_stmt_column_text (stmt, 1);
      fields[MESO_REMINDER_FIELD_EXPIRES] = expires;
      fields[MESO_REMINDER_FIELD_PRODUCT] = meso_stmt_column_text (stmt, 4);
      fields[MESO_REMINDER_FIELD_ML] = ml;
      meso_reminder_query_add (query, MESO_REMINDER_LOT_EXPIRING,
                               g_strdup_printf ("lot:%" G_GINT64_FORMAT,
                                                (gint64) meso_stmt_column_int64 (stmt, 0)),
                               0, 0,
                               meso_resources_to_instant (resources, &warn_on,
                                                          MAX (rule->at_minute, 0)),
                               fields);
    }
  return meso_db_rows_done (self->db, stmt, rc, _("Could not read the stock"), error);
}

/* A delivery of a low product names a new source, so that running low
 * again reminds again. */
static gboolean
collect_low (MesoTreatmentStore  *self,
             MesoReminderQuery   *query,
             const GDate         *today,
             GError             **error)
{
  MesoClinic *clinic = meso_reminder_query_get_clinic (query);
  MesoStmt *stmt;
  char today_iso[16];
  int rc;

  if (!meso_reminder_query_get_rule (query, MESO_REMINDER_LOW_STOCK)->enabled)
    return TRUE;
  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", today);
  stmt = meso_db_prepare (self->db,
    "SELECT id, name, usable, last_lot FROM (SELECT p.id, i.name || ' (' || p.brand || ')'"
    "  AS name, (SELECT coalesce (sum (quantity_ml), 0.0) FROM lot"
    "   WHERE product_id = p.id AND expires_on >= ?1) AS usable,"
    "  (SELECT coalesce (max (id), 0) FROM lot WHERE product_id = p.id) AS last_lot"
    " FROM product p JOIN ingredient i ON i.id = p.ingredient_id WHERE p.active = 1) s"
    " WHERE usable < ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 1, today_iso);
  meso_stmt_bind_double (stmt, 2, meso_clinic_get_number (clinic, MESO_CLINIC_LOW_STOCK_ML));
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      const char *fields[MESO_REMINDER_N_FIELDS] = { NULL };
      g_autofree char *ml = g_strdup_printf ("%.1f", meso_stmt_column_double (stmt, 2));

      fields[MESO_REMINDER_FIELD_PRODUCT] = meso_stmt_column_text (stmt, 1);
      fields[MESO_REMINDER_FIELD_ML] = ml;
      meso_reminder_query_add (query, MESO_REMINDER_LOW_STOCK,
                               g_strdup_printf ("product:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                (gint64) meso_stmt_column_int64 (stmt, 0),
                                                (gint64) meso_stmt_column_int64 (stmt, 3)),
                               0, 0, 0, fields);
    }
  return meso_db_rows_done (self->db, stmt, rc, _("Could not read the stock"), error);
}

static gboolean
meso_treatment_store_collect (MesoReminderSource  *source,
                              MesoReminderQuery   *query,
                              GError             **error)
{
  MesoTreatmentStore *self = MESO_TREATMENT_STORE (source);
  GDate today;

  meso_resources_get_day (meso_reminder_query_get_resources (query),
                          meso_reminder_query_get_now (query), &today, NULL);
  return collect_expiring (self, query, &today,
                           meso_clinic_get_number (meso_reminder_query_get_clinic (query),
                                                   MESO_CLINIC_EXPIRY_WARNING_DAYS),
                           error) &&
         collect_low (self, query, &today, error);
}

static MesoReminderSource *
meso_treatment_store_open_on (MesoReminderSource *source,
                              MesoDb             *db)
{
  return MESO_REMINDER_SOURCE (meso_treatment_store_new (db));
}

void
meso_treatment_store_reminder_source_init (MesoReminderSourceInterface *iface)
{
  iface->open_on = meso_treatment_store_open_on;
  iface->collect = meso_treatment_store_collect;
}
