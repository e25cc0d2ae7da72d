/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-treatment-history.c: the treatment store's synthetic past, for the
 * benchmark's large clinic: lots of every product and a closed record for
 * sessions that have none, written in one transaction as the app writes
 * them, so that the audit trail records each. */
#define G_LOG_DOMAIN "meso-treatment-store"

#include <glib/gi18n.h>

#include "meso-treatment-store-private.h"

#define ITEMS_PER_RECORD 3

static gboolean
add_lots (MesoTreatmentStore  *self,
          guint                lots_per_product,
          const GDate         *today,
          GArray              *lots,
          GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(GArray) products = g_array_new (FALSE, FALSE, sizeof (gint64));
  MesoStmt *stmt;
  int rc;

  if (!meso_db_exec (db, "INSERT INTO product (ingredient_id, brand, vial_ml, concentration)"
                         " SELECT id, 'Benchlab', 5, 2 * usual FROM ingredient"
                         " WHERE id NOT IN (SELECT ingredient_id FROM product)", error))
    return FALSE;
  stmt = meso_db_prepare (db, "SELECT id FROM product ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 id = meso_stmt_column_int64 (stmt, 0);

      g_array_append_val (products, id);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the stock"), error))
    return FALSE;

  /* Expiring every four months, from eight years ago on; numbered and
   * dated here, the same on either engine. */
  stmt = meso_db_prepare (db, "INSERT INTO lot (product_id, lot_number, expires_on, quantity_ml)"
                              " VALUES (?1, ?2, ?3, 1000)"
                              " ON CONFLICT (product_id, lot_number) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < products->len; i++)
    for (guint k = 1; k <= lots_per_product; k++)
      {
        gint64 product_id = g_array_index (products, gint64, i);
        g_autofree char *number = g_strdup_printf ("B%03" G_GINT64_FORMAT "-%02u", product_id, k);
        GDate expires = *today;
        char expires_iso[16];

        if (k * 120 >= 3000)
          g_date_add_days (&expires, k * 120 - 3000);
        else
          g_date_subtract_days (&expires, 3000 - k * 120);
        g_date_strftime (expires_iso, sizeof expires_iso, "%Y-%m-%d", &expires);
        meso_stmt_bind_int64 (stmt, 1, product_id);
        meso_stmt_bind_text (stmt, 2, number);
        meso_stmt_bind_text (stmt, 3, expires_iso);
        if (!meso_db_step_done (db, stmt, error))
          return FALSE;
      }
  stmt = meso_db_prepare (db, "SELECT l.id, p.ingredient_id FROM lot l"
                              " JOIN product p ON p.id = l.product_id ORDER BY l.id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      gint64 lot[2] = { meso_stmt_column_int64 (stmt, 0), meso_stmt_column_int64 (stmt, 1) };

      g_array_append_vals (lots, lot, 2);
    }
  return meso_db_rows_done (db, stmt, rc, _("Could not read the stock"), error);
}

static gboolean
add_record (MesoTreatmentStore    *self,
            const MesoPastSession *session,
            GArray                *lots,
            GError               **error)
{
  MesoDb *db = self->db;
  guint n_lots = lots->len / 2;
  g_autoptr(GDateTime) starts = g_date_time_new_from_unix_utc (session->starts_at);
  g_autofree char *administered_at = NULL;
  MesoStmt *stmt;

  if (starts == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A session's time is out of range."));
      return FALSE;
    }
  administered_at = g_date_time_format (starts, "%Y-%m-%dT%H:%M:%SZ");

  stmt = meso_db_prepare (db, "INSERT INTO administration (id, appointment_id, patient_id,"
                              "  staff_id, administered_at, total_ml, points, verdict)"
                              " VALUES (?1, ?1, ?2, meso_actor (),"
                              "  ?3, 2.5, 50, 'clear')", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, session->appointment_id);
  meso_stmt_bind_int64 (stmt, 2, session->patient_id);
  meso_stmt_bind_text (stmt, 3, administered_at);
  if (!meso_db_step_done (db, stmt, error))
    return FALSE;
  for (guint k = 1; k <= ITEMS_PER_RECORD; k++)
    {
      /* Spread over the lots, the same for the same session every time. */
      guint n = (session->appointment_id * 7 + k * 131) % n_lots;

      stmt = meso_db_prepare (db, "INSERT INTO administration_item (administration_id, position,"
                                  "  ingredient_id, lot_id, volume_ml, patient_id, administered_at)"
                                  " SELECT id, ?2, ?3, ?4, 0.5, patient_id, administered_at"
                                  " FROM administration WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      meso_stmt_bind_int64 (stmt, 1, session->appointment_id);
      meso_stmt_bind_int (stmt, 2, k);
      meso_stmt_bind_int64 (stmt, 3, g_array_index (lots, gint64, 2 * n + 1));
      meso_stmt_bind_int64 (stmt, 4, g_array_index (lots, gint64, 2 * n));
      if (!meso_db_step_done (db, stmt, error))
        return FALSE;
    }
  stmt = meso_db_prepare (db, "UPDATE administration SET closed = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, session->appointment_id);
  return meso_db_step_done (db, stmt, error);
}

/**
 * meso_treatment_store_add_history:
 * @lots_per_product: lots of every product to have, a "Benchlab" product
 *   added for an ingredient without one
 * @today: the clinic's today, which the lots' expiry dates are spread around
 * @sessions: (array length=n_sessions): past sessions with no record yet
 *
 * Fills a synthetic clinic's past: a closed record of three lots, 2.5 ml
 * in all, for each of @sessions, recorded by the signed-in user. For the
 * benchmark; unlike meso_treatment_store_administer() it neither screens
 * nor deducts stock.
 */
gboolean
meso_treatment_store_add_history (MesoTreatmentStore     *self,
                                  guint                   lots_per_product,
                                  const GDate            *today,
                                  const MesoPastSession  *sessions,
                                  guint                   n_sessions,
                                  GError                **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autoptr(GArray) lots = g_array_new (FALSE, FALSE, sizeof (gint64));

  w = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL || !add_lots (self, lots_per_product, today, lots, error))
    return FALSE;
  if (lots->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no lot in stock."));
      return FALSE;
    }
  for (guint i = 0; i < n_sessions; i++)
    if (!add_record (self, &sessions[i], lots, error))
      return FALSE;
  return meso_treatment_store_commit (self, w, error);
}
