/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-stock.c: stock and the record of what was given. Administering a
 * cocktail screens the patient again, checks every lot (not expired,
 * enough left), writes the record with its items, deducts the lots,
 * closes the record and marks the session done, all in one transaction;
 * the schema refuses any later change to a closed record. */
#define G_LOG_DOMAIN "meso-stock"

#include <glib/gi18n.h>

#include "meso-clinic.h"
#include "meso-csv.h"
#include "meso-patient-store.h"
#include "meso-revision.h"
#include "meso-staff-store.h"
#include "meso-text.h"
#include "meso-treatment-store-private.h"

void
meso_lot_free (MesoLot *lot)
{
  g_free (lot->ingredient);
  g_free (lot->brand);
  g_free (lot->lot_number);
  g_free (lot->expires_on);
  g_free (lot);
}

void
meso_recall_hit_free (MesoRecallHit *hit)
{
  g_free (hit->patient_name);
  g_free (hit->phone);
  g_free (hit->administered_at);
  g_free (hit);
}

/* Returns: the new product's id, or 0 with @error. */
gint64
meso_treatment_store_add_product (MesoTreatmentStore  *self,
                                  gint64               ingredient_id,
                                  const char          *brand,
                                  double               vial_ml,
                                  double               concentration,
                                  GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 id;

  if (brand == NULL || *brand == '\0' || vial_ml <= 0 || concentration <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the brand, the vial's size and its concentration."));
      return 0;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return 0;
  stmt = meso_db_prepare (db, "INSERT INTO product (ingredient_id, brand, vial_ml, concentration)"
                              " VALUES (?1, ?2, ?3, ?4) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_int64 (stmt, 1, ingredient_id);
  meso_stmt_bind_text (stmt, 2, brand);
  meso_stmt_bind_double (stmt, 3, vial_ml);
  meso_stmt_bind_double (stmt, 4, concentration);
  id = meso_db_step_new_id (db, stmt, error);
  if (id == 0)
    return 0;
  if (!meso_treatment_store_commit (self, w, error))
    return 0;
  return id;
}

void
meso_product_free (MesoProduct *product)
{
  g_free (product->brand);
  g_free (product);
}

/* Returns: (transfer full) (element-type MesoProduct): every product, by
 * ingredient then brand. */
GPtrArray *
meso_treatment_store_list_products (MesoTreatmentStore  *self,
                                    GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_product_free);
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (db, "SELECT p.id, p.ingredient_id, p.brand, p.vial_ml, p.concentration"
                              " FROM product p JOIN ingredient i ON i.id = p.ingredient_id"
                              " WHERE p.active = 1 ORDER BY i.name, p.brand, p.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoProduct *product = g_new0 (MesoProduct, 1);

      product->id = meso_stmt_column_int64 (stmt, 0);
      product->ingredient_id = meso_stmt_column_int64 (stmt, 1);
      product->brand = g_strdup (meso_stmt_column_text (stmt, 2));
      product->vial_ml = meso_stmt_column_double (stmt, 3);
      product->concentration = meso_stmt_column_double (stmt, 4);
      g_ptr_array_add (products, product);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the stock"), error))
    return NULL;
  return g_steal_pointer (&products);
}

/**
 * meso_treatment_store_receive:
 * @expires_on: YYYY-MM-DD
 *
 * Records a delivery: a new lot, or more of a lot already in stock.
 * Returns: the lot's id, or 0 with @error.
 */
gint64
meso_treatment_store_receive (MesoTreatmentStore  *self,
                              gint64               product_id,
                              const char          *lot_number,
                              const char          *expires_on,
                              double               quantity_ml,
                              GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 id = 0;
  int rc;

  if (lot_number == NULL || *lot_number == '\0' || quantity_ml <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the lot number and the quantity received."));
      return 0;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return 0;
  stmt = meso_db_prepare (db, "INSERT INTO lot (product_id, lot_number, expires_on, quantity_ml)"
                              " VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (product_id, lot_number) DO UPDATE"
                              /* qualified: PostgreSQL finds a bare name ambiguous here */
                              " SET quantity_ml = lot.quantity_ml + excluded.quantity_ml"
                              " RETURNING id", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_int64 (stmt, 1, product_id);
  meso_stmt_bind_text (stmt, 2, lot_number);
  meso_stmt_bind_text (stmt, 3, expires_on);
  meso_stmt_bind_double (stmt, 4, quantity_ml);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    id = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  if (id == 0)
    {
      meso_db_set_error (db, error, rc, _("Could not record the delivery (is the expiry a date?)"));
      return 0;
    }
  return meso_treatment_store_commit (self, w, error) ? id : 0;
}

#define LOT_COLUMNS \
  "l.id, l.product_id, p.ingredient_id, p.brand, l.lot_number, l.expires_on, l.quantity_ml," \
  " p.concentration, i.name FROM lot l JOIN product p ON p.id = l.product_id" \
  " JOIN ingredient i ON i.id = p.ingredient_id"

static MesoLot *
lot_from_row (MesoStmt *stmt)
{
  MesoLot *lot = g_new0 (MesoLot, 1);

  lot->id = meso_stmt_column_int64 (stmt, 0);
  lot->product_id = meso_stmt_column_int64 (stmt, 1);
  lot->ingredient_id = meso_stmt_column_int64 (stmt, 2);
  lot->brand = g_strdup (meso_stmt_column_text (stmt, 3));
  lot->lot_number = g_strdup (meso_stmt_column_text (stmt, 4));
  lot->expires_on = g_strdup (meso_stmt_column_text (stmt, 5));
  lot->quantity_ml = meso_stmt_column_double (stmt, 6);
  lot->concentration = meso_stmt_column_double (stmt, 7);
  lot->ingredient = g_strdup (meso_stmt_column_text (stmt, 8));
  return lot;
}

static GPtrArray *
collect_lots (MesoDb   *db,
              MesoStmt *stmt,
              GError  **error)
{
  g_autoptr(GPtrArray) lots = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_lot_free);
  int rc;

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    g_ptr_array_add (lots, lot_from_row (stmt));
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the stock"), error))
    return NULL;
  return g_steal_pointer (&lots);
}

/* Returns: (transfer full) (element-type MesoLot): the lots, used up or
 * not, whose number starts with @number (any case), for a recall. */
GPtrArray *
meso_treatment_store_find_lots (MesoTreatmentStore  *self,
                                const char          *number,
                                GError             **error)
{
  MesoDb *db = self->db;
  MesoStmt *stmt;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  /* lower(): SQLite's LIKE ignores case, a server's does not. */
  stmt = meso_db_prepare (db, "SELECT " LOT_COLUMNS " WHERE lower (l.lot_number) LIKE"
                              "  lower (replace (replace (replace (?1, '\\', '\\\\'), '%', '\\%'),"
                              "   '_', '\\_')) || '%' ESCAPE '\\'"
                              " ORDER BY l.lot_number, l.id LIMIT 100", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_text (stmt, 1, number);
  return collect_lots (db, stmt, error);
}

/* Returns: (transfer full) (element-type MesoLot): the lots of
 * @ingredient_id (0: all) with stock left, soonest to expire first. */
GPtrArray *
meso_treatment_store_list_lots (MesoTreatmentStore  *self,
                                gint64               ingredient_id,
                                GError             **error)
{
  MesoDb *db = self->db;
  MesoStmt *stmt;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (db, "SELECT " LOT_COLUMNS " WHERE l.quantity_ml > 0"
                              " AND (?1 = 0 OR p.ingredient_id = ?1)"
                              " ORDER BY l.expires_on, l.id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, ingredient_id);
  return collect_lots (db, stmt, error);
}

MesoLot *
meso_treatment_store_load_lot (MesoTreatmentStore  *self,
                               gint64               lot_id,
                               GError             **error)
{
  MesoDb *db = self->db;
  MesoStmt *stmt = meso_db_prepare (db, "SELECT " LOT_COLUMNS " WHERE l.id = ?1", error);
  MesoLot *lot = NULL;

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, lot_id);
  if (meso_stmt_step (stmt) == MESO_STEP_ROW)
    lot = lot_from_row (stmt);
  meso_stmt_reset (stmt);
  if (lot == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This lot is not in stock."));
  return lot;
}

/* Whether @volume_ml may be drawn from @lot on @today. */
gboolean
meso_lot_check (const MesoLot  *lot,
                double          volume_ml,
                const GDate    *today,
                GError        **error)
{
  char today_iso[16];

  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", today);
  if (strcmp (lot->expires_on, today_iso) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Lot %s of %s expired on %s."), lot->lot_number, lot->brand,
                   lot->expires_on);
      return FALSE;
    }
  if (lot->quantity_ml + 1e-9 < volume_ml)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Lot %s of %s has %.2f ml left, not %.2f ml."), lot->lot_number,
                   lot->brand, lot->quantity_ml, volume_ml);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full) (element-type utf8): lots expired or expiring
 * within @expiring_days, then products with less than @low_ml in lots
 * still usable (out of stock included), as sentences. */
GPtrArray *
meso_treatment_store_alerts (MesoTreatmentStore  *self,
                             const GDate         *today,
                             guint                expiring_days,
                             double               low_ml,
                             GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lots = meso_treatment_store_list_lots (self, 0, error);
  MesoStmt *stmt;
  char soon[16], today_iso[16];
  GDate limit = *today;
  int rc;

  if (lots == NULL)
    return NULL;
  g_date_add_days (&limit, expiring_days);
  g_date_strftime (soon, sizeof soon, "%Y-%m-%d", &limit);
  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", today);
  for (guint i = 0; i < lots->len; i++)
    {
      MesoLot *lot = g_ptr_array_index (lots, i);

      if (strcmp (lot->expires_on, today_iso) < 0)
        g_ptr_array_add (alerts, g_strdup_printf (_("%s (%s), lot %s: expired on %s. Do not use it."),
                                                  lot->ingredient, lot->brand, lot->lot_number,
                                                  lot->expires_on));
      else if (strcmp (lot->expires_on, soon) <= 0)
        g_ptr_array_add (alerts, g_strdup_printf (_("%s (%s), lot %s: expires on %s."),
                                                  lot->ingredient, lot->brand, lot->lot_number,
                                                  lot->expires_on));
    }

  /* Low stock is what can still be given of a product, over its lots. */
  stmt = meso_db_prepare (db, "SELECT i.name, p.brand,"
                              "  coalesce (sum (l.quantity_ml), 0.0) AS usable"
                              " FROM product p JOIN ingredient i ON i.id = p.ingredient_id"
                              " LEFT JOIN lot l ON l.product_id = p.id AND l.expires_on >= ?1"
                              " WHERE p.active = 1 GROUP BY p.id, p.brand, i.name"
                              " HAVING coalesce (sum (l.quantity_ml), 0.0) < ?2"
                              " ORDER BY usable, i.name", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_text (stmt, 1, today_iso);
  meso_stmt_bind_double (stmt, 2, low_ml);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    g_ptr_array_add (alerts, g_strdup_printf (_("%s (%s): %.1f ml left that can be used."),
                                              meso_stmt_column_text (stmt, 0),
                                              meso_stmt_column_text (stmt, 1),
                                              meso_stmt_column_double (stmt, 2)));
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the stock"), error))
    return NULL;
  return g_steal_pointer (&alerts);
}

/**
 * meso_treatment_store_recall:
 *
 * Returns: (transfer full) (element-type MesoRecallHit): every record in
 * which @lot_id went into a cocktail, newest first, with the patient.
 */
GPtrArray *
meso_treatment_store_recall (MesoTreatmentStore  *self,
                             gint64               lot_id,
                             GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_recall_hit_free);
  g_autoptr(GArray) patient_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(MesoPatientStore) store = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) phones = NULL;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (db,
                          "SELECT patient_id, administration_id, administered_at, volume_ml"
                          " FROM administration_item"
                          " WHERE lot_id = ?1 ORDER BY administration_id DESC", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, lot_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoRecallHit *hit = g_new0 (MesoRecallHit, 1);

      hit->patient_id = meso_stmt_column_int64 (stmt, 0);
      hit->administration_id = meso_stmt_column_int64 (stmt, 1);
      hit->administered_at = g_strdup (meso_stmt_column_text (stmt, 2));
      hit->volume_ml = meso_stmt_column_double (stmt, 3);
      g_ptr_array_add (hits, hit);
      g_array_append_val (patient_ids, hit->patient_id);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not search the records"), error))
    return NULL;

  /* Who to call, asked of the patients' store in one go. */
  store = meso_patient_store_new (db);
  names = g_new0 (char *, hits->len + 1);
  phones = g_new0 (char *, hits->len + 1);
  if (!meso_patient_store_get_contacts (store, (const gint64 *) patient_ids->data,
                                        patient_ids->len, names, phones, error))
    return NULL;
  for (guint i = 0; i < hits->len; i++)
    {
      MesoRecallHit *hit = g_ptr_array_index (hits, i);

      if (names[i] == NULL)
        {
          meso_db_set_damaged (error, "administration_item");
          return NULL;
        }
      hit->patient_name = g_steal_pointer (&names[i]);
      hit->phone = g_steal_pointer (&phones[i]);
    }
  return g_steal_pointer (&hits);
}

/**
 * meso_treatment_store_export_recall_csv:
 *
 * Writes everyone who received @lot_id to @path as CSV (see meso_csv_new()),
 * with their phone number for the calls, readable only by its owner.
 */
gboolean
meso_treatment_store_export_recall_csv (MesoTreatmentStore  *self,
                                        gint64               lot_id,
                                        const char          *path,
                                        GError             **error)
{
  g_autoptr(GPtrArray) hits = meso_treatment_store_recall (self, lot_id, error);
  g_autoptr(MesoCsv) csv = NULL;

  if (hits == NULL)
    return FALSE;
  csv = meso_csv_new ();
  meso_csv_add_row (csv,
                    C_("recall export column", "patient number"),
                    C_("recall export column", "patient"),
                    C_("recall export column", "phone"),
                    C_("recall export column", "administered (UTC)"),
                    C_("recall export column", "volume (ml)"),
                    C_("recall export column", "record"),
                    NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      MesoRecallHit *hit = g_ptr_array_index (hits, i);
      char volume[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (volume, sizeof volume, "%.2f", hit->volume_ml);
      meso_csv_add_int (csv, hit->patient_id);
      meso_csv_add_cell (csv, hit->patient_name);
      meso_csv_add_cell (csv, hit->phone);
      meso_csv_add_cell (csv, hit->administered_at);
      meso_csv_add_cell (csv, volume);
      meso_csv_add_int (csv, hit->administration_id);
      meso_csv_end_row (csv);
    }
  return meso_csv_write (csv, path, error);
}

/**
 * meso_treatment_store_label:
 * @use_within_hours: how long the mixture keeps once prepared
 *
 * Returns: (transfer full): the syringe label: patient, date, contents
 * with lots and their expiry, total, and when the mixture must be used.
 */
char *
meso_treatment_store_label (MesoTreatmentStore *self,
                            MesoCatalogue      *catalogue,
                            MesoCocktail       *cocktail,
                            const char         *patient_name,
                            GDateTime          *prepared,
                            guint               use_within_hours)
{
  GArray *items = meso_cocktail_get_items (cocktail);
  g_autoptr(GDateTime) use_by = g_date_time_add_hours (prepared, use_within_hours);
  g_autofree char *when = g_date_time_format (prepared, "%Y-%m-%d %H:%M");
  g_autofree char *until = g_date_time_format (use_by, "%Y-%m-%d %H:%M");
  GString *label = g_string_new (NULL);
  char earliest[16] = "9999-12-31";

  g_string_append_printf (label, _("%s\nPrepared %s\n"), patient_name, when);
  for (guint i = 0; i < items->len; i++)
    {
      MesoCocktailItem *item = &g_array_index (items, MesoCocktailItem, i);
      MesoIngredient *ingredient = meso_catalogue_find (catalogue, item->ingredient_id);
      g_autoptr(MesoLot) lot = item->lot_id != 0 ? meso_treatment_store_load_lot (self,
                                                                                  item->lot_id,
                                                                                  NULL)
                                                 : NULL;

      g_string_append_printf (label, "%s %.2f ml", ingredient != NULL ? ingredient->name : "?",
                              item->volume_ml);
      if (lot != NULL)
        {
          g_string_append_printf (label, _(" (lot %s, exp. %s)"), lot->lot_number,
                                  lot->expires_on);
          if (strcmp (lot->expires_on, earliest) < 0)
            g_strlcpy (earliest, lot->expires_on, sizeof earliest);
        }
      g_string_append_c (label, '\n');
    }
  if (meso_cocktail_get_diluent (cocktail) > 0.005)
    g_string_append_printf (label, _("Saline %.2f ml\n"), meso_cocktail_get_diluent (cocktail));
  g_string_append_printf (label, _("Total %.2f ml · use by %s"), meso_cocktail_get_total (cocktail),
                          until);
  if (strcmp (earliest, "9999-12-31") != 0)
    g_string_append_printf (label, _(" (lots to %s)"), earliest);
  return g_string_free (label, FALSE);
}

/* A session is recorded once; after that only its latest record can be
 * corrected. The unique indexes enforce it too; this says it clearly. The
 * composer names the record it read (@corrects, or none): a record made
 * since, by another room, is a change it did not see, refused as a stale
 * save naming who recorded it and when. */
static gboolean
may_record (MesoDb  *db,
            gint64   appointment_id,
            gint64   corrects,
            GError **error)
{
  MesoStmt *stmt;
  gint64 since = 0;
  int rc;

  if (corrects != 0)
    stmt = meso_db_prepare (db, "SELECT id FROM administration WHERE corrects = ?1", error);
  else if (appointment_id != 0)
    stmt = meso_db_prepare (db, "SELECT id FROM administration WHERE appointment_id = ?1"
                                " ORDER BY id LIMIT 1", error);
  else
    return TRUE;
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, corrects != 0 ? corrects : appointment_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    since = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the session's record"));
      return FALSE;
    }
  if (since != 0)
    meso_revision_set_stale_error (db, MESO_RECORD_COCKTAIL, since, error);
  return since == 0;
}

static void
record_item_clear (gpointer data)
{
  MesoRecordItem *item = data;

  g_free (item->ingredient);
  g_free (item->brand);
  g_free (item->lot_number);
  g_free (item->expires_on);
}

void
meso_record_free (MesoRecord *record)
{
  g_free (record->administered_at);
  g_clear_pointer (&record->items, g_array_unref);
  g_free (record);
}

/**
 * meso_treatment_store_load_session_record:
 *
 * Returns: (transfer full) (nullable): the latest record of session
 * @appointment_id (its last correction) with its ingredients and lots, or
 * %NULL: with @error on failure, without when nothing is recorded.
 */
MesoRecord *
meso_treatment_store_load_session_record (MesoTreatmentStore  *self,
                                          gint64               appointment_id,
                                          GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoRecord) record = NULL;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (db, "SELECT a.id, a.total_ml, a.administered_at, a.staff_id, a.closed"
                              " FROM administration a"
                              " WHERE a.appointment_id = ?1 AND NOT EXISTS"
                              "  (SELECT 1 FROM administration c WHERE c.corrects = a.id)", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, appointment_id);
  if (meso_stmt_step (stmt) == MESO_STEP_ROW)
    {
      record = g_new0 (MesoRecord, 1);
      record->id = meso_stmt_column_int64 (stmt, 0);
      record->total_ml = meso_stmt_column_double (stmt, 1);
      record->administered_at = g_strdup (meso_stmt_column_text (stmt, 2));
      record->staff_id = meso_stmt_column_int64 (stmt, 3);
      record->closed = meso_stmt_column_int (stmt, 4) != 0;
      record->items = g_array_new (FALSE, TRUE, sizeof (MesoRecordItem));
      g_array_set_clear_func (record->items, record_item_clear);
    }
  meso_stmt_reset (stmt);
  if (record == NULL)
    return NULL;

  stmt = meso_db_prepare (db, "SELECT i.ingredient_id, g.name, coalesce (i.lot_id, 0),"
                              "  coalesce (p.brand, ''), coalesce (l.lot_number, ''), l.expires_on,"
                              "  coalesce (p.concentration, 0), i.volume_ml"
                              " FROM administration_item i JOIN ingredient g ON g.id = i.ingredient_id"
                              " LEFT JOIN lot l ON l.id = i.lot_id"
                              " LEFT JOIN product p ON p.id = l.product_id"
                              " WHERE i.administration_id = ?1 ORDER BY i.position", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, record->id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoRecordItem item = {
        meso_stmt_column_int64 (stmt, 0), g_strdup (meso_stmt_column_text (stmt, 1)),
        meso_stmt_column_int64 (stmt, 2), g_strdup (meso_stmt_column_text (stmt, 3)),
        g_strdup (meso_stmt_column_text (stmt, 4)),
        g_strdup (meso_stmt_column_text (stmt, 5)), meso_stmt_column_double (stmt, 6),
        meso_stmt_column_double (stmt, 7),
      };

      g_array_append_val (record->items, item);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the session's record"), error))
    return NULL;
  return g_steal_pointer (&record);
}

/**
 * meso_treatment_store_load_record:
 * @out_record_id: (out): the latest record of the session, its last correction
 * @out_recorded: (out) (optional): when and by whom, for display
 *
 * Returns: (transfer full) (nullable): what the session's latest record
 * gave, or %NULL: with @error on failure, without when nothing is recorded.
 */
MesoCocktail *
meso_treatment_store_load_record (MesoTreatmentStore  *self,
                                  gint64               appointment_id,
                                  gint64              *out_record_id,
                                  char               **out_recorded,
                                  GError             **error)
{
  g_autoptr(MesoRecord) record = NULL;
  g_autoptr(MesoCocktail) cocktail = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_record_id = 0;
  record = meso_treatment_store_load_session_record (self, appointment_id, &local_error);
  if (record == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (out_recorded != NULL)
    {
      /* Who recorded it, asked of the staff's store. */
      g_autoptr(MesoStaffStore) staff_store = meso_staff_store_new (self->db);
      g_autoptr(MesoStaff) staff = meso_staff_store_load (staff_store, record->staff_id, error);

      if (staff == NULL)
        return NULL;
      *out_recorded = g_strdup_printf ("%s · %s", record->administered_at,
                                       meso_staff_get_display_name (staff));
    }
  cocktail = meso_cocktail_new ();
  meso_cocktail_set_total (cocktail, record->total_ml);
  for (guint i = 0; i < record->items->len; i++)
    {
      MesoRecordItem *given = &g_array_index (record->items, MesoRecordItem, i);
      MesoCocktailItem item = { given->ingredient_id, given->lot_id, given->concentration,
                                given->volume_ml, 0 };

      meso_cocktail_add (cocktail, &item);
    }
  *out_record_id = record->id;
  return g_steal_pointer (&cocktail);
}

static gboolean
has_text (const char *text)
{
  while (text != NULL && g_ascii_isspace (*text))
    text++;
  return text != NULL && *text != '\0';
}

/* The session being recorded, read inside the write transaction: it must
 * be @patient_id's, and not cancelled or missed. */
static MesoAppointment *
load_session (MesoSchedule  *schedule,
              gint64         appointment_id,
              gint64         patient_id,
              GError       **error)
{
  g_autoptr(MesoAppointment) session = meso_schedule_load (schedule, appointment_id, error);

  if (session == NULL)
    return NULL;
  if (session->patient_id != patient_id)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This session is another patient’s."));
      return NULL;
    }
  if (!meso_appointment_is_active (session))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("This session is “%s”: a cocktail cannot be recorded for it."),
                   meso_appointment_status_get_label (session->status));
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* Screens @patient_id for @cocktail as the database stands: the screening
 * record, the catalogue and the clinic's limit, whatever the caller saw.
 * Returns: (transfer full): the findings, or %NULL with @error when one
 * blocks or a warning has no reason in @reasons. */
static GPtrArray *
screen_again (MesoTreatmentStore  *self,
              gint64               patient_id,
              MesoCocktail        *cocktail,
              GHashTable          *reasons,
              const GDate         *today,
              GError             **error)
{
  MesoDb *db = self->db;
  g_autoptr(MesoPatientStore) store = meso_patient_store_new (db);
  g_autoptr(MesoPatient) patient = meso_patient_store_load (store, patient_id, error);
  g_autoptr(MesoScreening) screening = NULL;
  g_autoptr(MesoCatalogue) catalogue = NULL;
  g_autoptr(MesoClinic) clinic = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) findings = NULL;
  GArray *items = meso_cocktail_get_items (cocktail);
  MesoVerdict verdict;

  if (patient == NULL ||
      (screening = meso_patient_store_load_screening (store, patient_id, error)) == NULL ||
      (catalogue = meso_treatment_store_load_catalogue (self, error)) == NULL ||
      (clinic = meso_clinic_load (db, error)) == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    g_array_append_val (ids, g_array_index (items, MesoCocktailItem, i).ingredient_id);
  findings = meso_catalogue_screen (catalogue, screening,
                                    g_strcmp0 (meso_patient_get_field (patient, MESO_PATIENT_SEX),
                                               "male") != 0,
                                    (const gint64 *) ids->data, ids->len, today,
                                    meso_clinic_get_number (clinic, MESO_CLINIC_SCREENING_DAYS),
                                    &verdict);
  for (guint i = 0; i < findings->len; i++)
    {
      MesoFinding *finding = g_ptr_array_index (findings, i);
      const char *reason = reasons != NULL ? g_hash_table_lookup (reasons, finding->key) : NULL;

      if (finding->level == MESO_VERDICT_BLOCKED)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, _("Blocked: %s"),
                       finding->message);
          return NULL;
        }
      if (!has_text (reason))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Record why you go on despite: %s"), finding->message);
          return NULL;
        }
    }
  return g_steal_pointer (&findings);
}

/**
 * meso_treatment_store_administer:
 * @schedule: the clinic's schedule, whose session is marked done
 * @appointment_id: the session, or 0 for a record outside the calendar
 * @patient_id: the patient (the session's, when there is one)
 * @reasons: (nullable) (element-type utf8 utf8): the reason recorded for
 *   each warning, by its key
 * @corrects: the closed record this one corrects (its lots are given back
 *   first): the session's latest as the caller read it, or 0 for none
 * @today: the clinic's today, for the screening's age and the lots' expiry
 *
 * Records what was given and deducts it from stock, in one transaction.
 * Inside it, the patient is screened again from the database (screening
 * record, catalogue, the clinic's limit): refused when that blocks, when
 * a warning has no reason in @reasons, or when a lot is expired, short or
 * of another ingredient; refused with %MESO_DB_ERROR_STALE, naming who and
 * when, when the session was recorded or @corrects corrected since. The session is marked done in the same
 * transaction, so that its aftercare starts; #MesoSchedule::changed tells
 * the reminders.
 * Returns: the closed record's id, or 0 with @error.
 */
gint64
meso_treatment_store_administer (MesoTreatmentStore  *self,
                                 MesoSchedule        *schedule,
                                 gint64               appointment_id,
                                 gint64               patient_id,
                                 MesoCocktail        *cocktail,
                                 guint                points,
                                 GHashTable          *reasons,
                                 const char          *label,
                                 gint64               corrects,
                                 const GDate         *today,
                                 GError             **error)
{
  MesoDb *db = self->db;
  GArray *items = meso_cocktail_get_items (cocktail);
  g_autoptr(MesoAppointment) session = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 id;

  if (items->len == 0 || !meso_cocktail_compute (cocktail, error))
    {
      if (items->len == 0)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("The cocktail has no ingredient."));
      return 0;
    }
  w = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (w == NULL)
    return 0;
  if (!may_record (db, appointment_id, corrects, error))
    return 0;
  if (appointment_id != 0 &&
      (session = load_session (schedule, appointment_id, patient_id, error)) == NULL)
    return 0;
  findings = screen_again (self, patient_id, cocktail, reasons, today, error);
  if (findings == NULL)
    return 0;

  /* A correction gives the corrected record's lots back first. */
  if (corrects != 0)
    {
      stmt = meso_db_prepare (db, "UPDATE lot SET quantity_ml = quantity_ml + i.volume_ml"
                                  " FROM administration_item i"
                                  " WHERE i.administration_id = ?1 AND i.lot_id = lot.id", error);
      if (stmt == NULL)
        return 0;
      meso_stmt_bind_int64 (stmt, 1, corrects);
      if (!meso_db_step_done (db, stmt, error))
        return 0;
    }

  {
    /* Each finding overridden, with its reason, in the order screened. */
    g_autoptr(GString) overrides = g_string_new ("[");

    for (guint i = 0; i < findings->len; i++)
      {
        MesoFinding *finding = g_ptr_array_index (findings, i);

        g_string_append (overrides, i > 0 ? ",{\"finding\":" : "{\"finding\":");
        meso_text_append_json_string (overrides, finding->key);
        g_string_append (overrides, ",\"reason\":");
        meso_text_append_json_string (overrides, g_hash_table_lookup (reasons, finding->key));
        g_string_append_c (overrides, '}');
      }
    g_string_append_c (overrides, ']');
    stmt = meso_db_prepare (db, "INSERT INTO administration (appointment_id, patient_id, staff_id,"
                                "  total_ml, points, verdict, overrides, label, corrects)"
                                " VALUES (nullif (?1, 0), ?2, meso_actor (), ?3, ?4, ?5, ?6, ?7,"
                                "  nullif (?8, 0))"
                                " RETURNING id", error);
    if (stmt == NULL)
      return 0;
    meso_stmt_bind_int64 (stmt, 1, appointment_id);
    meso_stmt_bind_int64 (stmt, 2, patient_id);
    meso_stmt_bind_double (stmt, 3, meso_cocktail_get_total (cocktail));
    meso_stmt_bind_int (stmt, 4, points);
    meso_stmt_bind_text (stmt, 5, findings->len > 0 ? "warnings" : "clear");
    meso_stmt_bind_text (stmt, 6, overrides->str);
    meso_stmt_bind_text (stmt, 7, label != NULL ? label : "");
    meso_stmt_bind_int64 (stmt, 8, corrects);
    id = meso_db_step_new_id (db, stmt, error);
    if (id == 0)
      return 0;
  }

  for (guint i = 0; i < items->len; i++)
    {
      MesoCocktailItem *item = &g_array_index (items, MesoCocktailItem, i);

      if (item->lot_id != 0)
        {
          g_autoptr(MesoLot) lot = meso_treatment_store_load_lot (self, item->lot_id, error);

          if (lot == NULL || !meso_lot_check (lot, item->volume_ml, today, error))
            return 0;
          /* What was screened is what is deducted and recorded. */
          if (lot->ingredient_id != item->ingredient_id)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Lot %s is %s, not the ingredient it was chosen for."),
                           lot->lot_number, lot->ingredient);
              return 0;
            }
          stmt = meso_db_prepare (db, "UPDATE lot SET quantity_ml = quantity_ml - ?2"
                                      " WHERE id = ?1", error);
          if (stmt == NULL)
            return 0;
          meso_stmt_bind_int64 (stmt, 1, item->lot_id);
          meso_stmt_bind_double (stmt, 2, item->volume_ml);
          if (!meso_db_step_done (db, stmt, error))
            return 0;
        }
      stmt = meso_db_prepare (db, "INSERT INTO administration_item"
                                  " (administration_id, position, ingredient_id, lot_id, volume_ml,"
                                  "  patient_id, administered_at)"
                                  " SELECT ?1, ?2, ?3, nullif (?4, 0), ?5, patient_id,"
                                  "  administered_at FROM administration WHERE id = ?1", error);
      if (stmt == NULL)
        return 0;
      meso_stmt_bind_int64 (stmt, 1, id);
      meso_stmt_bind_int (stmt, 2, i + 1);
      meso_stmt_bind_int64 (stmt, 3, item->ingredient_id);
      meso_stmt_bind_int64 (stmt, 4, item->lot_id);
      meso_stmt_bind_double (stmt, 5, item->volume_ml);
      if (!meso_db_step_done (db, stmt, error))
        return 0;
    }

  stmt = meso_db_prepare (db, "UPDATE administration SET closed = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_int64 (stmt, 1, id);
  if (!meso_db_step_done (db, stmt, error))
    return 0;

  /* Given is done: the aftercare reminders wait for nobody to say so. */
  if (session != NULL && session->status != MESO_STATUS_DONE)
    {
      if (!meso_schedule_mark_done_in_write (schedule, appointment_id, error))
        return 0;
    }
  if (!meso_treatment_store_commit (self, w, error))
    return 0;
  if (session != NULL)
    meso_schedule_emit_changed (schedule);
  return id;
}
