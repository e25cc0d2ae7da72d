/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-count.c: the physician marks a 1 cm² square on a trichoscopy
 * photo and taps each hair in it, terminal or vellus. Each tap is kept, so
 * that a count can be checked and corrected later, with the totals beside
 * them; the density is hairs per cm², the square being one. Only a
 * trichoscopy photo is counted, and only hairs inside its square. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-db-write.h"
#include "meso-patient-store.h"
#include "meso-photo-count.h"
#include "meso-photo-store-private.h"

/* Hairs per cm²: the square is one. */
double
meso_hair_count_get_density (const MesoHairCount *count)
{
  return count->terminal + count->vellus;
}

/* Returns: %FALSE when no vellus hair was counted (no ratio to give). */
gboolean
meso_hair_count_get_ratio (const MesoHairCount *count,
                           double              *out_ratio)
{
  *out_ratio = count->vellus > 0 ? (double) count->terminal / count->vellus : 0;
  return count->vellus > 0;
}

/* Within the square, give or take the hundredth of a pixel the marks are
 * stored to: a mark on its edge stays in it once stored. */
static gboolean
inside (MesoVec2 point,
        MesoVec2 corner,
        double   side)
{
  const double slack = 0.01;

  return point.x >= corner.x - slack && point.x <= corner.x + side + slack &&
         point.y >= corner.y - slack && point.y <= corner.y + side + slack;
}

/* The trichoscopy photo @photo_id's patient and size, read inside the
 * caller's write; FALSE with @error when it is gone or of another view. */
static gboolean
load_counted_photo (MesoDb   *db,
                    gint64    photo_id,
                    gint64   *out_patient_id,
                    guint    *out_width,
                    guint    *out_height,
                    GError  **error)
{
  MesoStmt *stmt = meso_db_prepare (db, "SELECT p.patient_id, p.width, p.height, v.code"
                                        " FROM photo p JOIN photo_view v ON v.id = p.view_id"
                                        " WHERE p.id = ?1 AND p.removed_on IS NULL", error);
  gboolean tricho = FALSE;
  int rc;

  *out_patient_id = 0;
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      *out_patient_id = meso_stmt_column_int64 (stmt, 0);
      *out_width = CLAMP (meso_stmt_column_int (stmt, 1), 0, MESO_PHOTO_IMAGE_SIZE);
      *out_height = CLAMP (meso_stmt_column_int (stmt, 2), 0, MESO_PHOTO_IMAGE_SIZE);
      tricho = g_strcmp0 (meso_stmt_column_text (stmt, 3), "trichoscopy") == 0;
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    meso_db_set_error (db, error, rc, _("Could not read the photo"));
  else if (rc == MESO_STEP_DONE)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("This photo no longer exists."));
  else if (!tricho)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Hairs are counted on trichoscopy photos only."));
  return rc == MESO_STEP_ROW && tricho &&
         meso_patients_require_open (db, *out_patient_id, error);
}

/**
 * meso_photo_store_save_count:
 * @square_corner: the 1 cm² square's top left corner, in image pixels
 * @square_side: its side, in image pixels
 * @marks: (array length=n_marks): the hairs tapped, each inside the square
 *
 * Keeps the count of the trichoscopy photo @photo_id, replacing an earlier
 * one. Refuses a square outside the photo and a hair outside the square.
 */
gboolean
meso_photo_store_save_count (MesoPhotoStore      *self,
                             gint64               photo_id,
                             MesoVec2             square_corner,
                             double               square_side,
                             const MesoHairMark  *marks,
                             guint                n_marks,
                             GError             **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  g_autoptr(MesoDbWrite) write = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint terminal = 0, width = 0, height = 0;
  gint64 patient_id = 0;
  MesoStmt *stmt;

  write = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (write == NULL || !load_counted_photo (db, photo_id, &patient_id, &width, &height, error))
    return FALSE;
  if (!isfinite (square_corner.x) || !isfinite (square_corner.y) || !(square_side >= 8) ||
      square_corner.x < 0 || square_corner.y < 0 ||
      square_corner.x + square_side > width || square_corner.y + square_side > height)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Mark a 1 cm² square inside the photo first."));
      return FALSE;
    }
  if (n_marks > MESO_PHOTO_COUNT_MAX_HAIRS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("At most %d hairs are counted in a square."), MESO_PHOTO_COUNT_MAX_HAIRS);
      return FALSE;
    }
  for (guint i = 0; i < n_marks; i++)
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      if (!inside (marks[i].at, square_corner, square_side))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Count only the hairs inside the square."));
          return FALSE;
        }
      terminal += marks[i].terminal ? 1 : 0;
      g_string_append_printf (text, "%s%s %s %c", i > 0 ? " " : "",
                              g_ascii_formatd (x, sizeof x, "%.2f", marks[i].at.x),
                              g_ascii_formatd (y, sizeof y, "%.2f", marks[i].at.y),
                              marks[i].terminal ? 't' : 'v');
    }
  stmt = meso_db_prepare (db, "INSERT INTO photo_count (photo_id, patient_id, square_x, square_y,"
                              " square_side, terminal, vellus, marks)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                              " ON CONFLICT (photo_id) DO UPDATE SET square_x = excluded.square_x,"
                              " square_y = excluded.square_y, square_side = excluded.square_side,"
                              " terminal = excluded.terminal, vellus = excluded.vellus,"
                              " marks = excluded.marks, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  meso_stmt_bind_int64 (stmt, 2, patient_id);
  meso_stmt_bind_double (stmt, 3, square_corner.x);
  meso_stmt_bind_double (stmt, 4, square_corner.y);
  meso_stmt_bind_double (stmt, 5, square_side);
  meso_stmt_bind_int (stmt, 6, terminal);
  meso_stmt_bind_int (stmt, 7, n_marks - terminal);
  meso_stmt_bind_text (stmt, 8, text->str);
  if (!meso_db_step_done (db, stmt, error) || !meso_db_write_commit (write, error))
    return FALSE;
  meso_photo_store_emit_changed (self, patient_id);
  return TRUE;
}

/* The taps back from their text, each checked: %NULL when damaged. */
static GArray *
marks_from_text (const char *text)
{
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (MesoHairMark));
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = *text == '\0' ? 0 : g_strv_length (words);

  if (n % 3 != 0 || n / 3 > MESO_PHOTO_COUNT_MAX_HAIRS)
    return NULL;
  for (guint i = 0; i < n; i += 3)
    {
      MesoHairMark mark;
      char *end_x, *end_y;

      mark.at.x = g_ascii_strtod (words[i], &end_x);
      mark.at.y = g_ascii_strtod (words[i + 1], &end_y);
      if (*end_x != '\0' || *end_y != '\0' || end_x == words[i] || end_y == words[i + 1] ||
          !isfinite (mark.at.x) || !isfinite (mark.at.y) ||
          (g_strcmp0 (words[i + 2], "t") != 0 && g_strcmp0 (words[i + 2], "v") != 0))
        return NULL;
      mark.terminal = words[i + 2][0] == 't';
      g_array_append_val (marks, mark);
    }
  return g_steal_pointer (&marks);
}

/**
 * meso_photo_store_load_count:
 * @out_marks: (out) (transfer full) (element-type MesoHairMark) (nullable):
 *   the hairs tapped, %NULL when the photo was never counted
 */
gboolean
meso_photo_store_load_count (MesoPhotoStore  *self,
                             gint64           photo_id,
                             MesoVec2        *out_square_corner,
                             double          *out_square_side,
                             GArray         **out_marks,
                             GError         **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  MesoStmt *stmt;
  int rc;
  gboolean sound = TRUE;

  *out_marks = NULL;
  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error) ||
      meso_photo_store_get_patient (self, photo_id, error) == 0)
    return FALSE;
  stmt = meso_db_prepare (db, "SELECT square_x, square_y, square_side, marks, terminal, vellus"
                              " FROM photo_count WHERE photo_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      *out_square_corner = (MesoVec2) { meso_stmt_column_double (stmt, 0),
                                        meso_stmt_column_double (stmt, 1) };
      *out_square_side = meso_stmt_column_double (stmt, 2);
      *out_marks = meso_stmt_column_text (stmt, 3) != NULL
                   ? marks_from_text (meso_stmt_column_text (stmt, 3)) : NULL;
      /* The totals must be the taps': one of them changed alone is damage. */
      sound = *out_marks != NULL &&
              (*out_marks)->len == (guint) (meso_stmt_column_int (stmt, 4) +
                                            meso_stmt_column_int (stmt, 5));
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the hair count"));
      return FALSE;
    }
  if (!sound)
    {
      g_clear_pointer (out_marks, g_array_unref);
      meso_db_set_damaged (error, "photo_count");
      return FALSE;
    }
  return TRUE;
}

static void
clear_count (MesoHairCount *count)
{
  g_free (count->spot);
}

/**
 * meso_photo_store_list_counts:
 *
 * Returns: (transfer full) (element-type MesoHairCount): the patient's
 *   counts in the order of the sessions, or %NULL with @error
 */
GArray *
meso_photo_store_list_counts (MesoPhotoStore  *self,
                              gint64           patient_id,
                              GError         **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  g_autoptr(GPtrArray) photos = meso_photo_store_list_patient (self, patient_id, error);
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (MesoHairCount));
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        g_free);
  MesoStmt *stmt;
  int rc;

  g_array_set_clear_func (counts, (GDestroyNotify) clear_count);
  if (photos == NULL)
    return NULL;
  stmt = meso_db_prepare (db, "SELECT photo_id, terminal, vellus FROM photo_count"
                              " WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      guint *pair = g_new (guint, 2);
      gint64 *id = g_new (gint64, 1);

      *id = meso_stmt_column_int64 (stmt, 0);
      pair[0] = CLAMP (meso_stmt_column_int (stmt, 1), 0, MESO_PHOTO_COUNT_MAX_HAIRS);
      pair[1] = CLAMP (meso_stmt_column_int (stmt, 2), 0, MESO_PHOTO_COUNT_MAX_HAIRS);
      g_hash_table_insert (totals, id, pair);
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the hair counts"), error))
    return NULL;
  /* The photos are in the order of the sessions; a removed one is left out. */
  for (guint i = 0; i < photos->len; i++)
    {
      MesoPhoto *photo = photos->pdata[i];
      guint *pair = g_hash_table_lookup (totals, &photo->id);
      MesoHairCount count = { photo->id, photo->appointment_id, photo->session_starts_at,
                              g_strdup (photo->spot), 0, 0 };

      if (pair == NULL)
        {
          g_free (count.spot);
          continue;
        }
      count.terminal = pair[0];
      count.vellus = pair[1];
      g_array_append_val (counts, count);
    }
  return g_steal_pointer (&counts);
}
