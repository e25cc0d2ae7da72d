/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-alignment.c: the landmarks with which one photo is laid over
 * another of the same patient, kept so that the comparison opens aligned;
 * the similarity is fitted again from them (meso_similarity_fit()). And
 * where the scalp map's drawing is laid over a photo. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-db-write.h"
#include "meso-photo-store-private.h"

/* "x y bx by" for each landmark, as the table keeps them. */
static char *
landmarks_to_text (const MesoVec2 *on_photo,
                   const MesoVec2 *on_base,
                   guint           n_landmarks)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_landmarks; i++)
    {
      double values[] = { on_photo[i].x, on_photo[i].y, on_base[i].x, on_base[i].y };

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, g_ascii_formatd (number, sizeof number, "%.2f", values[j]));
        }
    }
  return g_string_free (text, FALSE);
}

/* The landmarks back from their text: two or three, each within the image
 * (2,048 pixels, with room to click just outside). */
static gboolean
landmarks_from_text (const char *text,
                     MesoVec2   *out_on_photo,
                     MesoVec2   *out_on_base,
                     guint      *out_n_landmarks)
{
  g_auto(GStrv) values = g_strsplit (text, " ", -1);
  guint n = g_strv_length (values);

  if (n % 4 != 0 || n / 4 < 2 || n / 4 > MESO_PHOTO_MAX_LANDMARKS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *end;
      double value = g_ascii_strtod (values[i], &end);
      MesoVec2 *point = (i % 4 < 2 ? out_on_photo : out_on_base) + i / 4;

      if (end == values[i] || *end != '\0' || !isfinite (value) || value < -4096 ||
          value > 4096)
        return FALSE;
      if (i % 2 == 0)
        point->x = value;
      else
        point->y = value;
    }
  *out_n_landmarks = n / 4;
  return TRUE;
}

/**
 * meso_photo_store_save_alignment:
 * @on_photo: the landmarks on the photo laid over, in its pixels
 * @on_base: the same landmarks on the photo under it
 * @n_landmarks: two or three
 *
 * Keeps the landmarks with which @photo_id is aligned on @base_id (two
 * photos of one patient), so that the comparison opens aligned next time.
 * Refuses landmarks from which no similarity can be fitted.
 */
gboolean
meso_photo_store_save_alignment (MesoPhotoStore  *self,
                                 gint64           photo_id,
                                 gint64           base_id,
                                 const MesoVec2  *on_photo,
                                 const MesoVec2  *on_base,
                                 guint            n_landmarks,
                                 GError         **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  g_autoptr(MesoDbWrite) write = NULL;
  g_autofree char *text = NULL;
  MesoSimilarity transform;
  MesoVec2 check_photo[MESO_PHOTO_MAX_LANDMARKS], check_base[MESO_PHOTO_MAX_LANDMARKS];
  guint n_checked;
  gint64 patient_id, base_patient_id;
  MesoStmt *stmt;

  if (n_landmarks < 2 || n_landmarks > MESO_PHOTO_MAX_LANDMARKS ||
      !meso_similarity_fit (on_photo, on_base, n_landmarks, &transform) ||
      !landmarks_from_text ((text = landmarks_to_text (on_photo, on_base, n_landmarks)),
                            check_photo, check_base, &n_checked))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Click two or three landmarks apart from each other on both "
                             "photos."));
      return FALSE;
    }
  write = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (write == NULL || (patient_id = meso_photo_store_get_patient (self, photo_id, error)) == 0 ||
      (base_patient_id = meso_photo_store_get_patient (self, base_id, error)) == 0)
    return FALSE;
  if (patient_id != base_patient_id || photo_id == base_id)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Only two photos of the same patient are compared."));
      return FALSE;
    }
  stmt = meso_db_prepare (db, "INSERT INTO photo_alignment (photo_id, base_id, patient_id,"
                                    " landmarks) VALUES (?1, ?2, ?3, ?4)"
                                    " ON CONFLICT (photo_id, base_id) DO UPDATE"
                                    " SET landmarks = excluded.landmarks,"
                                    " updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  meso_stmt_bind_int64 (stmt, 2, base_id);
  meso_stmt_bind_int64 (stmt, 3, patient_id);
  meso_stmt_bind_text (stmt, 4, text);
  if (!meso_db_step_done (db, stmt, error) || !meso_db_write_commit (write, error))
    return FALSE;
  meso_photo_store_emit_changed (self, patient_id);
  return TRUE;
}

/**
 * meso_photo_store_load_alignment:
 * @out_on_photo: (array fixed-size=3): the landmarks on @photo_id
 * @out_on_base: (array fixed-size=3): on @base_id
 * @out_n_landmarks: (out): how many, 0 when the two were never aligned
 */
gboolean
meso_photo_store_load_alignment (MesoPhotoStore  *self,
                                 gint64           photo_id,
                                 gint64           base_id,
                                 MesoVec2        *out_on_photo,
                                 MesoVec2        *out_on_base,
                                 guint           *out_n_landmarks,
                                 GError         **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  g_autofree char *text = NULL;
  MesoStmt *stmt;
  int rc;

  *out_n_landmarks = 0;
  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error) ||
      meso_photo_store_get_patient (self, photo_id, error) == 0)
    return FALSE;
  stmt = meso_db_prepare (db, "SELECT landmarks FROM photo_alignment"
                                    " WHERE photo_id = ?1 AND base_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  meso_stmt_bind_int64 (stmt, 2, base_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    text = g_strdup (meso_stmt_column_text (stmt, 0));
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read the photos’ alignment"));
      return FALSE;
    }
  if (rc == MESO_STEP_DONE)
    return TRUE;
  if (text == NULL || !landmarks_from_text (text, out_on_photo, out_on_base, out_n_landmarks))
    {
      *out_n_landmarks = 0;
      meso_db_set_damaged (error, "photo_alignment");
      return FALSE;
    }
  return TRUE;
}

/* Pixels per millimetre between which a placement is kept, as the table
 * checks them: from a whole head in 20 pixels to a close-up. */
#define MIN_MAP_SCALE 0.1
#define MAX_MAP_SCALE 200.0
#define MAX_MAP_SHIFT 8192.0

/* Whether a placement can be kept: the map neither lost to sight nor
 * beyond the photo's pixels. */
gboolean
meso_photo_map_placement_is_valid (const MesoSimilarity *placement)
{
  /* Squared, as the table checks it: a value at the edge is judged alike. */
  double scale2 = placement->a * placement->a + placement->b * placement->b;

  return isfinite (placement->a) && isfinite (placement->b) && isfinite (placement->tx) &&
         isfinite (placement->ty) && scale2 >= MIN_MAP_SCALE * MIN_MAP_SCALE &&
         scale2 <= MAX_MAP_SCALE * MAX_MAP_SCALE && fabs (placement->a) <= MAX_MAP_SCALE &&
         fabs (placement->b) <= MAX_MAP_SCALE && fabs (placement->tx) <= MAX_MAP_SHIFT &&
         fabs (placement->ty) <= MAX_MAP_SHIFT;
}

/**
 * meso_photo_default_map_placement:
 * @view: the scalp map's view the photo shows
 * @out_placement: (out): from the map's millimetres to the photo's pixels
 *
 * Where the map lies on a photo it was never placed on: the head's outline
 * upright, centred, filling most of the photo, as the standard views frame it.
 */
void
meso_photo_default_map_placement (MesoScalpView   view,
                                  guint           width,
                                  guint           height,
                                  MesoSimilarity *out_placement)
{
  g_autoptr(GArray) outline = meso_scalp_head_outline (view);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, scale;

  for (guint i = 0; i < outline->len; i++)
    {
      MesoVec2 point = g_array_index (outline, MesoVec2, i);

      x0 = MIN (x0, point.x);
      y0 = MIN (y0, point.y);
      x1 = MAX (x1, point.x);
      y1 = MAX (y1, point.y);
    }
  scale = CLAMP (0.85 * MIN (width / (x1 - x0), height / (y1 - y0)), MIN_MAP_SCALE,
                 MAX_MAP_SCALE);
  *out_placement = (MesoSimilarity) { scale, 0, width / 2.0 - scale * (x0 + x1) / 2,
                                      height / 2.0 - scale * (y0 + y1) / 2 };
}

/**
 * meso_photo_store_save_map_placement:
 * @placement: from the scalp map's millimetres to the photo's pixels
 *
 * Keeps where the physician laid the scalp map over @photo_id, so that it
 * lies there next time. Refuses a map too small, too large or too far off
 * the photo to be seen.
 */
gboolean
meso_photo_store_save_map_placement (MesoPhotoStore        *self,
                                     gint64                 photo_id,
                                     const MesoSimilarity  *placement,
                                     GError               **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  g_autoptr(MesoDbWrite) write = NULL;
  gint64 patient_id;
  MesoStmt *stmt;

  if (!meso_photo_map_placement_is_valid (placement))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The scalp map is too small, too large or too far off the photo "
                             "to be kept there."));
      return FALSE;
    }
  write = meso_db_begin_write (db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (write == NULL || (patient_id = meso_photo_store_get_patient (self, photo_id, error)) == 0)
    return FALSE;
  stmt = meso_db_prepare (db, "INSERT INTO photo_map_placement (photo_id, patient_id, a, b, tx,"
                              " ty) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                              " ON CONFLICT (photo_id) DO UPDATE"
                              " SET a = excluded.a, b = excluded.b, tx = excluded.tx,"
                              " ty = excluded.ty, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  meso_stmt_bind_int64 (stmt, 2, patient_id);
  meso_stmt_bind_double (stmt, 3, placement->a);
  meso_stmt_bind_double (stmt, 4, placement->b);
  meso_stmt_bind_double (stmt, 5, placement->tx);
  meso_stmt_bind_double (stmt, 6, placement->ty);
  if (!meso_db_step_done (db, stmt, error) || !meso_db_write_commit (write, error))
    return FALSE;
  meso_photo_store_emit_changed (self, patient_id);
  return TRUE;
}

/**
 * meso_photo_store_load_map_placement:
 * @out_placement: (out): where the map was laid, unchanged when it never was
 * @out_placed: (out): whether it was
 */
gboolean
meso_photo_store_load_map_placement (MesoPhotoStore  *self,
                                     gint64           photo_id,
                                     MesoSimilarity  *out_placement,
                                     gboolean        *out_placed,
                                     GError         **error)
{
  MesoDb *db = meso_photo_store_get_db (self);
  MesoSimilarity placement = MESO_SIMILARITY_IDENTITY;
  MesoStmt *stmt;
  int rc;

  *out_placed = FALSE;
  if (!meso_db_require (db, MESO_PERMISSION_READ_CLINICAL, error) ||
      meso_photo_store_get_patient (self, photo_id, error) == 0)
    return FALSE;
  stmt = meso_db_prepare (db, "SELECT a, b, tx, ty FROM photo_map_placement"
                              " WHERE photo_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    placement = (MesoSimilarity) { meso_stmt_column_double (stmt, 0),
                                   meso_stmt_column_double (stmt, 1),
                                   meso_stmt_column_double (stmt, 2),
                                   meso_stmt_column_double (stmt, 3) };
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (db, error, rc, _("Could not read where the scalp map lies on the "
                                          "photo"));
      return FALSE;
    }
  if (rc == MESO_STEP_DONE)
    return TRUE;
  /* Read back, checked again: it sizes what is drawn. */
  if (!meso_photo_map_placement_is_valid (&placement))
    {
      meso_db_set_damaged (error, "photo_map_placement");
      return FALSE;
    }
  *out_placement = placement;
  *out_placed = TRUE;
  return TRUE;
}
