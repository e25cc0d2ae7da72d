/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-store.c: scalp photos in the clinic's database, so that its
 * backups, restores, --check and a clinic server keep them as they keep
 * everything else. Photos are clinical data: reading needs READ_CLINICAL,
 * writing WRITE_CLINICAL, and every list, view, export and print of them
 * writes a photo_access row, which the schema audits. Each image is
 * checked against its SHA-256 whenever it is read. */
#define G_LOG_DOMAIN "meso-photo"

#include <glib/gi18n.h>
#include <math.h>

#include "meso-db-write.h"
#include "meso-enum.h"
#include "meso-patient-store.h"
#include "meso-photo-store-private.h"

struct _MesoPhotoStore
{
  GObject         parent_instance;

  MesoDb         *db;
  MesoSchedule   *schedule;
  MesoScalpStore *scalp;
  MesoClock      *clock;
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (MesoPhotoStore, meso_photo_store, G_TYPE_OBJECT)

MesoDb *
meso_photo_store_get_db (MesoPhotoStore *self)
{
  return self->db;
}

void
meso_photo_store_emit_changed (MesoPhotoStore *self,
                               gint64          patient_id)
{
  g_signal_emit (self, signals[CHANGED], 0, patient_id);
}

static void
meso_photo_store_finalize (GObject *object)
{
  MesoPhotoStore *self = MESO_PHOTO_STORE (object);

  g_clear_object (&self->db);
  g_clear_object (&self->schedule);
  g_clear_object (&self->scalp);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (meso_photo_store_parent_class)->finalize (object);
}

static void
meso_photo_store_class_init (MesoPhotoStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_photo_store_finalize;

  /**
   * MesoPhotoStore::changed:
   * @patient_id: whose photos changed, or 0 when the views did
   *
   * Emitted after a photo or a view was saved through this store.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
meso_photo_store_init (MesoPhotoStore *self)
{
}

/**
 * meso_photo_store_new:
 * @schedule: the sessions photos belong to
 * @scalp: the session's scalp map, whose spots name trichoscopy photos
 * @clock: today, for the date consent was given
 */
MesoPhotoStore *
meso_photo_store_new (MesoDb         *db,
                      MesoSchedule   *schedule,
                      MesoScalpStore *scalp,
                      MesoClock      *clock)
{
  MesoPhotoStore *self = g_object_new (MESO_TYPE_PHOTO_STORE, NULL);

  self->db = g_object_ref (db);
  self->schedule = g_object_ref (schedule);
  self->scalp = g_object_ref (scalp);
  self->clock = g_object_ref (clock);
  return self;
}

static char *
today_text (MesoPhotoStore *self)
{
  GDate today;

  meso_clock_get_today (self->clock, &today);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&today), g_date_get_month (&today),
                          g_date_get_day (&today));
}

static gboolean
is_text (MesoStmt *stmt,
         int       column)
{
  return meso_stmt_column_type (stmt, column) == MESO_VALUE_TEXT;
}

/* Returns: (transfer full) (element-type MesoPhotoView): the views in
 * their order, the archived ones too when @with_archived. */
GPtrArray *
meso_photo_store_list_views (MesoPhotoStore  *self,
                             gboolean         with_archived,
                             GError         **error)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func (g_object_unref);
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (self->db, "SELECT id, code, name, position, archived FROM photo_view"
                                    " WHERE archived = 0 OR ?1 = 1 ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int (stmt, 1, with_archived);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      g_autoptr(MesoPhotoView) view = meso_photo_view_new ();
      gboolean standard = is_text (stmt, 1);

      /* A standard view's code must be one this build names. */
      if (!meso_stmt_column_int_in (stmt, 0, 1, G_MAXINT64) ||
          !meso_stmt_column_int_in (stmt, 3, 0, 1000) ||
          !meso_stmt_column_int_in (stmt, 4, 0, 1) || standard == is_text (stmt, 2) ||
          (standard && !meso_photo_view_code_is_known (meso_stmt_column_text (stmt, 1))))
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "photo_view");
          return NULL;
        }
      view->id = meso_stmt_column_int64 (stmt, 0);
      view->code = g_strdup (meso_stmt_column_text (stmt, 1));
      view->name = g_strdup (meso_stmt_column_text (stmt, 2));
      view->position = meso_stmt_column_int (stmt, 3);
      view->archived = meso_stmt_column_int (stmt, 4);
      g_ptr_array_add (views, g_steal_pointer (&view));
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the photo views"), error))
    return NULL;
  return g_steal_pointer (&views);
}

/* A name of 1 to 80 characters, trimmed; %NULL with @error otherwise. */
static char *
checked_name (const char  *name,
              const char  *empty_message,
              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, empty_message);
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > 80)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A name can be at most 80 characters long."));
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

/**
 * meso_photo_store_add_view:
 *
 * Adds a view of the clinic's own after the others, under a name no other
 * view has, in any case. Needs MANAGE_SETTINGS: views are how every
 * physician of the clinic takes photos.
 * Returns: its id, or 0 with @error
 */
gint64
meso_photo_store_add_view (MesoPhotoStore  *self,
                           const char      *name,
                           GError         **error)
{
  g_autofree char *trimmed = checked_name (name, _("Name the view."), error);
  g_autofree char *folded = NULL;
  g_autoptr(MesoDbWrite) write = NULL;
  g_autoptr(GPtrArray) views = NULL;
  MesoStmt *stmt;
  gint64 id;

  if (trimmed == NULL)
    return 0;
  write = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (write == NULL || (views = meso_photo_store_list_views (self, TRUE, error)) == NULL)
    return 0;
  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; i < views->len; i++)
    {
      g_autofree char *other = g_utf8_casefold (meso_photo_view_get_label (views->pdata[i]), -1);

      if (g_strcmp0 (other, folded) == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("There is already a view named “%s”."), trimmed);
          return 0;
        }
    }
  stmt = meso_db_prepare (self->db, "INSERT INTO photo_view (name, position)"
                                    " SELECT ?1, coalesce (max (position), 0) + 1"
                                    " FROM photo_view RETURNING id", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_text (stmt, 1, trimmed);
  id = meso_db_step_new_id (self->db, stmt, error);
  if (id == 0 || !meso_db_write_commit (write, error))
    return 0;
  g_signal_emit (self, signals[CHANGED], 0, (gint64) 0);
  return id;
}

/* Archives or restores a view: its photos stay, no new ones are taken in it. */
gboolean
meso_photo_store_archive_view (MesoPhotoStore  *self,
                               gint64           view_id,
                               gboolean         archived,
                               GError         **error)
{
  g_autoptr(MesoDbWrite) write = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS,
                                                      error);
  MesoStmt *stmt;

  if (write == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db, "UPDATE photo_view SET archived = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, view_id);
  meso_stmt_bind_int (stmt, 2, archived ? 1 : 0);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (write, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0, (gint64) 0);
  return TRUE;
}

/* The view @view_id, read inside the caller's transaction; %NULL with
 * @error when there is no such view, or it is archived. */
static MesoPhotoView *
load_view (MesoPhotoStore  *self,
           gint64           view_id,
           GError         **error)
{
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (self, FALSE, error);

  if (views == NULL)
    return NULL;
  for (guint i = 0; i < views->len; i++)
    if (MESO_PHOTO_VIEW (views->pdata[i])->id == view_id)
      return g_object_ref (views->pdata[i]);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("This view is no longer in use: choose another."));
  return NULL;
}

/* A trichoscopy photo names its spot; a photo in another view names none. */
static gboolean
check_spot (MesoPhotoView  *view,
            const char     *spot,
            char          **out_spot,
            GError        **error)
{
  *out_spot = NULL;
  if (!meso_photo_view_is_trichoscopy (view))
    return TRUE;
  *out_spot = checked_name (spot, _("Name the trichoscopy spot the photo was taken at."),
                            error);
  return *out_spot != NULL;
}

/**
 * meso_photo_store_add:
 * @view_id: one of meso_photo_store_list_views(), not archived
 * @spot: (nullable): for the trichoscopy view, the scalp map spot
 * @image: what meso_photo_image_prepare() made of the file
 *
 * Stores @image as a photo of the session @appointment_id, with the
 * patient's consent given today, in one write: the photo and its image, or
 * nothing. The session's patient is the photo's: the caller names only
 * the session.
 * Returns: the photo's id, or 0 with @error
 */
gint64
meso_photo_store_add (MesoPhotoStore    *self,
                      gint64             appointment_id,
                      gint64             view_id,
                      const char        *spot,
                      MesoPhotoConsent   consent,
                      MesoPhotoImage    *image,
                      GError           **error)
{
  g_autoptr(MesoDbWrite) write = NULL;
  g_autoptr(MesoAppointment) session = NULL;
  g_autoptr(MesoPhotoView) view = NULL;
  g_autofree char *checked_spot = NULL;
  g_autofree char *today = today_text (self);
  gboolean stored;
  MesoStmt *stmt;
  gint64 id;

  g_return_val_if_fail (consent < MESO_N_PHOTO_CONSENTS, 0);
  write = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (write == NULL)
    return 0;
  session = meso_schedule_load_session (self->schedule, appointment_id, error);
  if (session == NULL || !meso_patients_require_open (self->db, session->patient_id, error))
    return 0;
  view = load_view (self, view_id, error);
  if (view == NULL || !check_spot (view, spot, &checked_spot, error))
    return 0;
  /* What the file made is checked again: a caller could hand anything. */
  if (image->width < 1 || image->width > MESO_PHOTO_IMAGE_SIZE || image->height < 1 ||
      image->height > MESO_PHOTO_IMAGE_SIZE ||
      !meso_photo_image_check_hash (image->image, image->image_sha256) ||
      !meso_photo_image_check_hash (image->thumbnail, image->thumbnail_sha256))
    {
      g_set_error_literal (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_CHANGED,
                           _("The photo changed while it was imported: import it again."));
      return 0;
    }

  stmt = meso_db_prepare (self->db,
                          "INSERT INTO photo (appointment_id, patient_id, view_id, spot, width,"
                          " height, image_sha256, thumbnail_sha256, consent, consent_on,"
                          " file_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                          " RETURNING id", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_int64 (stmt, 1, appointment_id);
  meso_stmt_bind_int64 (stmt, 2, session->patient_id);
  meso_stmt_bind_int64 (stmt, 3, view_id);
  meso_stmt_bind_text (stmt, 4, checked_spot);
  meso_stmt_bind_int (stmt, 5, image->width);
  meso_stmt_bind_int (stmt, 6, image->height);
  meso_stmt_bind_text (stmt, 7, image->image_sha256);
  meso_stmt_bind_text (stmt, 8, image->thumbnail_sha256);
  meso_stmt_bind_text (stmt, 9, meso_photo_consent_get_code (consent));
  meso_stmt_bind_text (stmt, 10, today);
  meso_stmt_bind_text (stmt, 11, image->file_name);
  id = meso_db_step_new_id (self->db, stmt, error);
  if (id == 0)
    return 0;

  stmt = meso_db_prepare (self->db, "INSERT INTO photo_image (photo_id, image, thumbnail)"
                                    " VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return 0;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_blob (stmt, 2, image->image);
  meso_stmt_bind_blob (stmt, 3, image->thumbnail);
  stored = meso_db_step_done (self->db, stmt, error);
  /* The statement is kept for the next photo: it need not keep this one. */
  meso_stmt_bind_null (stmt, 2);
  meso_stmt_bind_null (stmt, 3);
  if (!stored || !meso_db_write_commit (write, error))
    return 0;
  g_signal_emit (self, signals[CHANGED], 0, session->patient_id);
  return id;
}

/* A list or a view the same person made of the same photos this long ago
 * is the same look: a window refreshed, a photo shown again. */
#define SAME_LOOK_SECONDS (10 * 60)

/* Binds @photo_id (0: all the patient's photos), @patient_id and
 * @purpose as parameters 1 to 3 of @stmt. */
static void
bind_look (MesoStmt         *stmt,
           gint64            photo_id,
           gint64            patient_id,
           MesoPhotoPurpose  purpose)
{
  if (photo_id != 0)
    meso_stmt_bind_int64 (stmt, 1, photo_id);
  else
    meso_stmt_bind_null (stmt, 1);
  meso_stmt_bind_int64 (stmt, 2, patient_id);
  meso_stmt_bind_text (stmt, 3, meso_enum_to_code (MESO_TYPE_PHOTO_PURPOSE, purpose));
}

/* Writes who looked at what, and why, at the clinic's clock: the schema
 * audits it. Every export and print is written; a list or a view only
 * when it is a new look. */
static gboolean
record_access (MesoPhotoStore    *self,
               gint64             photo_id,
               gint64             patient_id,
               MesoPhotoPurpose   purpose,
               GError           **error)
{
  g_autoptr(MesoDbWrite) write = meso_db_begin_write (self->db, MESO_PERMISSION_READ_CLINICAL,
                                                      error);
  g_autoptr(GDateTime) now = meso_clock_dup_now (self->clock);
  g_autoptr(GDateTime) now_utc = g_date_time_to_utc (now);
  g_autoptr(GDateTime) since = g_date_time_add_seconds (now_utc, -SAME_LOOK_SECONDS);
  g_autofree char *at = g_date_time_format (now_utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *after = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");
  MesoStmt *stmt;
  int rc;

  if (write == NULL)
    return FALSE;
  if (purpose == MESO_PHOTO_PURPOSE_LIST || purpose == MESO_PHOTO_PURPOSE_VIEW)
    {
      stmt = meso_db_prepare (self->db, "SELECT 1 FROM photo_access WHERE patient_id = ?2"
                                        " AND staff_id = meso_actor () AND purpose = ?3"
                                        " AND photo_id IS NOT DISTINCT FROM ?1"
                                        " AND at BETWEEN ?4 AND ?5", error);
      if (stmt == NULL)
        return FALSE;
      bind_look (stmt, photo_id, patient_id, purpose);
      meso_stmt_bind_text (stmt, 4, after);
      meso_stmt_bind_text (stmt, 5, at);
      rc = meso_stmt_step (stmt);
      meso_stmt_reset (stmt);
      if (rc == MESO_STEP_ROW)
        return TRUE;
      if (rc != MESO_STEP_DONE)
        {
          meso_db_set_error (self->db, error, rc, _("Could not read who looked at the photos"));
          return FALSE;
        }
    }
  stmt = meso_db_prepare (self->db, "INSERT INTO photo_access (photo_id, patient_id, staff_id,"
                                    " purpose, at) VALUES (?1, ?2, meso_actor (), ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_look (stmt, photo_id, patient_id, purpose);
  meso_stmt_bind_text (stmt, 4, at);
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (write, error);
}

#define PHOTO_COLUMNS "p.id, p.appointment_id, p.patient_id, p.view_id, p.spot, p.width," \
                      " p.height, p.consent, p.consent_on, p.file_name, p.imported_at," \
                      " p.revision"

/* A row of PHOTO_COLUMNS, range-checked; %NULL when it is damaged. */
static MesoPhoto *
photo_from_row (MesoStmt *stmt)
{
  g_autoptr(MesoPhoto) photo = meso_photo_new ();

  if (!meso_stmt_column_int_in (stmt, 0, 1, G_MAXINT64) ||
      !meso_stmt_column_int_in (stmt, 1, 1, G_MAXINT64) ||
      !meso_stmt_column_int_in (stmt, 2, 1, G_MAXINT64) ||
      !meso_stmt_column_int_in (stmt, 3, 1, G_MAXINT64) ||
      !meso_stmt_column_int_in (stmt, 5, 1, MESO_PHOTO_IMAGE_SIZE) ||
      !meso_stmt_column_int_in (stmt, 6, 1, MESO_PHOTO_IMAGE_SIZE) ||
      !meso_photo_consent_from_code (meso_stmt_column_text (stmt, 7), &photo->consent) ||
      !is_text (stmt, 8) || !is_text (stmt, 9) || !is_text (stmt, 10) ||
      !meso_stmt_column_int_in (stmt, 11, 1, G_MAXINT64))
    return NULL;
  photo->id = meso_stmt_column_int64 (stmt, 0);
  photo->appointment_id = meso_stmt_column_int64 (stmt, 1);
  photo->patient_id = meso_stmt_column_int64 (stmt, 2);
  photo->view_id = meso_stmt_column_int64 (stmt, 3);
  photo->spot = g_strdup (meso_stmt_column_text (stmt, 4));
  photo->width = meso_stmt_column_int (stmt, 5);
  photo->height = meso_stmt_column_int (stmt, 6);
  photo->consent_on = g_strdup (meso_stmt_column_text (stmt, 8));
  photo->file_name = g_strdup (meso_stmt_column_text (stmt, 9));
  photo->imported_at = g_strdup (meso_stmt_column_text (stmt, 10));
  photo->revision = meso_stmt_column_int64 (stmt, 11);
  return g_steal_pointer (&photo);
}

/* In the order of the sessions, a session's in the order imported. */
static int
by_session (gconstpointer a,
            gconstpointer b)
{
  MesoPhoto *first = *(MesoPhoto **) a, *second = *(MesoPhoto **) b;

  if (first->session_starts_at != second->session_starts_at)
    return first->session_starts_at < second->session_starts_at ? -1 : 1;
  return first->id < second->id ? -1 : first->id > second->id;
}

/**
 * meso_photo_store_list_patient:
 *
 * The patient's photos, not the removed ones, in the order of their
 * sessions, each with its session's start. The look is audited.
 * Returns: (transfer full) (element-type MesoPhoto): the photos, or %NULL
 *   with @error
 */
GPtrArray *
meso_photo_store_list_patient (MesoPhotoStore  *self,
                               gint64           patient_id,
                               GError         **error)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error) ||
      !meso_patients_require_open (self->db, patient_id, error))
    return NULL;
  stmt = meso_db_prepare (self->db, "SELECT " PHOTO_COLUMNS " FROM photo p"
                                    " WHERE p.patient_id = ?1 AND p.removed_on IS NULL"
                                    " AND p.erased_on IS NULL"
                                    " ORDER BY p.appointment_id, p.id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, patient_id);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      MesoPhoto *photo = photo_from_row (stmt);

      if (photo == NULL)
        {
          meso_stmt_reset (stmt);
          meso_db_set_damaged (error, "photo");
          return NULL;
        }
      g_ptr_array_add (photos, photo);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the photos"), error))
    return NULL;
  /* Each session's start, from the schedule: read once a session. */
  for (guint i = 0; i < photos->len; i++)
    {
      MesoPhoto *photo = photos->pdata[i];
      MesoPhoto *previous = i > 0 ? photos->pdata[i - 1] : NULL;
      g_autoptr(MesoAppointment) session = NULL;

      if (previous != NULL && previous->appointment_id == photo->appointment_id)
        {
          photo->session_starts_at = previous->session_starts_at;
          continue;
        }
      session = meso_schedule_load_session (self->schedule, photo->appointment_id, error);
      if (session == NULL)
        return NULL;
      photo->session_starts_at = session->starts_at;
    }
  g_ptr_array_sort (photos, by_session);
  if (!record_access (self, 0, patient_id, MESO_PHOTO_PURPOSE_LIST, error))
    return NULL;
  return g_steal_pointer (&photos);
}

/* The photo @photo_id's image or, with @thumbnail, its thumbnail, checked
 * against its hash; its patient in @out_patient_id. */
static GBytes *
load_bytes (MesoPhotoStore  *self,
            gint64           photo_id,
            gboolean         thumbnail,
            gint64          *out_patient_id,
            GError         **error)
{
  static const char *const queries[] = {
    "SELECT i.image, p.image_sha256, p.patient_id FROM photo p"
    " JOIN photo_image i ON i.photo_id = p.id WHERE p.id = ?1",
    "SELECT i.thumbnail, p.thumbnail_sha256, p.patient_id FROM photo p"
    " JOIN photo_image i ON i.photo_id = p.id WHERE p.id = ?1",
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  MesoStmt *stmt;
  int rc;

  if (!meso_db_require (self->db, MESO_PERMISSION_READ_CLINICAL, error))
    return NULL;
  stmt = meso_db_prepare (self->db, queries[thumbnail ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW && meso_stmt_column_type (stmt, 0) == MESO_VALUE_BLOB &&
      is_text (stmt, 1) && meso_stmt_column_int_in (stmt, 2, 1, G_MAXINT64))
    {
      bytes = g_bytes_new (meso_stmt_column_blob (stmt, 0), meso_stmt_column_bytes (stmt, 0));
      sha256 = g_strdup (meso_stmt_column_text (stmt, 1));
      *out_patient_id = meso_stmt_column_int64 (stmt, 2);
    }
  meso_stmt_reset (stmt);
  if (rc == MESO_STEP_DONE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This photo no longer exists."));
      return NULL;
    }
  if (rc != MESO_STEP_ROW)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the photo"));
      return NULL;
    }
  if (!meso_patients_require_open (self->db, *out_patient_id, error))
    return NULL;
  if (bytes == NULL || !meso_photo_image_check_hash (bytes, sha256))
    {
      g_set_error (error, MESO_PHOTO_ERROR, MESO_PHOTO_ERROR_CHANGED,
                   _("Photo %lld was damaged after it was stored: it no longer matches its "
                     "checksum. Restore it from a backup."), (long long) photo_id);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* Returns: (transfer full): the photo's thumbnail (JPEG), checked; its
 * look was audited with the list it is in. */
GBytes *
meso_photo_store_load_thumbnail (MesoPhotoStore  *self,
                                 gint64           photo_id,
                                 GError         **error)
{
  gint64 patient_id = 0;

  return load_bytes (self, photo_id, TRUE, &patient_id, error);
}

/**
 * meso_photo_store_load_image:
 * @purpose: why it is read, for the audit trail
 *
 * Returns: (transfer full): the photo's image (JPEG), checked against its
 *   SHA-256, or %NULL with @error
 */
GBytes *
meso_photo_store_load_image (MesoPhotoStore    *self,
                             gint64             photo_id,
                             MesoPhotoPurpose   purpose,
                             GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gint64 patient_id = 0;

  g_return_val_if_fail (purpose != MESO_PHOTO_PURPOSE_LIST, NULL);
  bytes = load_bytes (self, photo_id, FALSE, &patient_id, error);
  if (bytes == NULL || !record_access (self, photo_id, patient_id, purpose, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/* Runs @stmt, an UPDATE of the photo ?1, in @write; "no longer exists"
 * when it changed no row. Emits ::changed with the photo's patient. */
static gboolean
update_photo (MesoPhotoStore  *self,
              MesoDbWrite     *write,
              MesoStmt        *stmt,
              gint64           patient_id,
              GError         **error)
{
  if (!meso_db_step_done (self->db, stmt, error))
    return FALSE;
  if (meso_stmt_changes (stmt) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This photo no longer exists."));
      return FALSE;
    }
  if (!meso_db_write_commit (write, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0, patient_id);
  return TRUE;
}

/* The patient of photo @photo_id, 0 with @error when it is gone or the
 * patient's records are closed to the signed-in person (restricted). */
gint64
meso_photo_store_get_patient (MesoPhotoStore  *self,
                              gint64           photo_id,
                              GError         **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT patient_id FROM photo WHERE id = ?1"
                                              " AND removed_on IS NULL AND erased_on IS NULL",
                                    error);
  gint64 patient_id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW && meso_stmt_column_int_in (stmt, 0, 1, G_MAXINT64))
    patient_id = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    meso_db_set_error (self->db, error, rc, _("Could not read the photo"));
  else if (patient_id == 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("This photo no longer exists."));
  else if (!meso_patients_require_open (self->db, patient_id, error))
    return 0;
  return patient_id;
}

/* Records the patient's consent to the photo's use, as given today. */
gboolean
meso_photo_store_set_consent (MesoPhotoStore    *self,
                              gint64             photo_id,
                              MesoPhotoConsent   consent,
                              GError           **error)
{
  g_autoptr(MesoDbWrite) write = NULL;
  g_autofree char *today = today_text (self);
  MesoStmt *stmt;
  gint64 patient_id;

  g_return_val_if_fail (consent < MESO_N_PHOTO_CONSENTS, FALSE);
  write = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (write == NULL || (patient_id = meso_photo_store_get_patient (self, photo_id, error)) == 0)
    return FALSE;
  stmt = meso_db_prepare (self->db, "UPDATE photo SET consent = ?2, consent_on = ?3,"
                                    " revision = revision + 1"
                                    " WHERE id = ?1 AND consent <> ?2", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  meso_stmt_bind_text (stmt, 2, meso_photo_consent_get_code (consent));
  meso_stmt_bind_text (stmt, 3, today);
  /* The same consent again changes nothing, its date included. */
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (write, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0, patient_id);
  return TRUE;
}

/* Takes a photo out of the record's lists; the record keeps it. */
gboolean
meso_photo_store_remove (MesoPhotoStore  *self,
                         gint64           photo_id,
                         GError         **error)
{
  g_autoptr(MesoDbWrite) write = NULL;
  g_autofree char *today = today_text (self);
  MesoStmt *stmt;
  gint64 patient_id;

  write = meso_db_begin_write (self->db, MESO_PERMISSION_WRITE_CLINICAL, error);
  if (write == NULL || (patient_id = meso_photo_store_get_patient (self, photo_id, error)) == 0)
    return FALSE;
  stmt = meso_db_prepare (self->db, "UPDATE photo SET removed_on = ?2, revision = revision + 1"
                                    " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, photo_id);
  meso_stmt_bind_text (stmt, 2, today);
  return update_photo (self, write, stmt, patient_id, error);
}

/* Whether the session @appointment_id has a photo in @view at @spot. */
static gboolean
has_photo (GPtrArray  *taken,
           gint64      view_id,
           const char *spot)
{
  for (guint i = 0; i < taken->len; i++)
    {
      MesoPhoto *photo = taken->pdata[i];

      if (photo->view_id == view_id && g_strcmp0 (photo->spot, spot) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * meso_photo_store_find_missing_view:
 * @out_view_id: (out): the first view in order the session has no photo
 *   in, 0 when it has them all
 * @out_spot: (out) (transfer full) (nullable): for a trichoscopy photo,
 *   the first of the session's scalp map spots without one
 *
 * Where the next photo of the session goes: what a watched folder fills.
 */
gboolean
meso_photo_store_find_missing_view (MesoPhotoStore  *self,
                                    gint64           appointment_id,
                                    gint64          *out_view_id,
                                    char           **out_spot,
                                    GError         **error)
{
  g_autoptr(MesoAppointment) session = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();
  g_autoptr(MesoScalpMap) map = NULL;

  *out_view_id = 0;
  *out_spot = NULL;
  session = meso_schedule_load_session (self->schedule, appointment_id, error);
  if (session == NULL)
    return FALSE;
  views = meso_photo_store_list_views (self, FALSE, error);
  photos = views != NULL ? meso_photo_store_list_patient (self, session->patient_id, error)
                         : NULL;
  if (photos == NULL || !meso_scalp_store_load (self->scalp, appointment_id, &map, error))
    return FALSE;
  for (guint i = 0; i < photos->len; i++)
    if (MESO_PHOTO (photos->pdata[i])->appointment_id == appointment_id)
      g_ptr_array_add (taken, photos->pdata[i]);
  for (guint i = 0; i < views->len; i++)
    {
      MesoPhotoView *view = views->pdata[i];
      GPtrArray *readings = map != NULL ? meso_scalp_map_get_measurements (map) : NULL;

      if (!meso_photo_view_is_trichoscopy (view))
        {
          if (has_photo (taken, view->id, NULL))
            continue;
          *out_view_id = view->id;
          return TRUE;
        }
      for (guint j = 0; readings != NULL && j < readings->len; j++)
        {
          const char *spot = ((MesoTrichoscopy *) readings->pdata[j])->spot;

          if (has_photo (taken, view->id, spot))
            continue;
          *out_view_id = view->id;
          *out_spot = g_strdup (spot);
          return TRUE;
        }
    }
  return TRUE;
}

/**
 * meso_photo_store_erase_patient_in_write:
 * @today: YYYY-MM-DD, the day of the anonymisation
 *
 * For meso_record_anonymise(), in its write: erases the images of the
 * anonymised patient @patient_id's photos that may show the face (the
 * hairline, the temples and the clinic's own views, whose framing is not
 * known), and gives every photo of theirs a file name that names no one.
 * The rows stay, with their hashes, counts and dates, for the clinic's
 * statistics; the scalp-only views keep their images. The caller says
 * "changed" once its write is committed.
 */
gboolean
meso_photo_store_erase_patient_in_write (MesoPhotoStore  *self,
                                         gint64           patient_id,
                                         const char      *today,
                                         GError         **error)
{
  static const char *const statements[] = {
    "UPDATE photo SET erased_on = ?2, revision = revision + 1"
    " WHERE patient_id = ?1 AND erased_on IS NULL AND view_id IN"
    " (SELECT id FROM photo_view"
    "  WHERE code IS NULL OR code IN ('hairline', 'temple-left', 'temple-right'))",
    "UPDATE photo SET file_name = 'photo-' || id || '.jpg'"
    " WHERE patient_id = ?1 AND file_name <> 'photo-' || id || '.jpg'",
    "DELETE FROM photo_image WHERE photo_id IN"
    " (SELECT id FROM photo WHERE patient_id = ?1 AND erased_on IS NOT NULL)",
  };

  g_return_val_if_fail (meso_db_in_transaction (self->db), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      MesoStmt *stmt = meso_db_prepare (self->db, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      meso_stmt_bind_int64 (stmt, 1, patient_id);
      if (i == 0)
        meso_stmt_bind_text (stmt, 2, today);
      if (!meso_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * meso_photo_store_add_to_record:
 *
 * Adds the patient's photos (every column but the images, which the export
 * writes as files), who looked at them, and their alignments to @record.
 */
gboolean
meso_photo_store_add_to_record (MesoPhotoStore  *self,
                                gint64           patient_id,
                                MesoRecordJson  *record,
                                GError         **error)
{
  static const MesoRecordTable tables[] = {
    { "photo", "SELECT * FROM photo WHERE patient_id = ?1 ORDER BY id" },
    { "photo_access", "SELECT * FROM photo_access WHERE patient_id = ?1 ORDER BY id" },
    { "photo_alignment", "SELECT * FROM photo_alignment WHERE patient_id = ?1"
                         " ORDER BY photo_id, base_id" },
    { "photo_count", "SELECT * FROM photo_count WHERE patient_id = ?1 ORDER BY photo_id" },
    { "photo_map_placement", "SELECT * FROM photo_map_placement WHERE patient_id = ?1"
                             " ORDER BY photo_id" },
  };

  return meso_record_json_add_tables (record, self->db, tables, G_N_ELEMENTS (tables),
                                      patient_id, error);
}
