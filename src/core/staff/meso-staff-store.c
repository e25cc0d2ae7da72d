/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-staff-store.c: staff accounts, and signing in with a PIN checked
 * against its Argon2id hash, with a pause after repeated wrong PINs. */
#define G_LOG_DOMAIN "meso-staff-store"

#include <glib/gi18n.h>
#include <string.h>

#include "config.h"

#include "meso-clinic.h"
#include "meso-db-write.h"
#include "meso-secret.h"
#include "meso-staff-store.h"
#include "meso-text.h"

/* After MESO_STAFF_MAX_FAILED_SIGN_INS wrong PINs in a row an account waits
 * this long, then twice as long after each further wrong PIN, up to the
 * longest pause: short enough not to stop a clinic after a slip, and about
 * one guess an hour for someone trying PINs one after another. */
#define FIRST_PAUSE_SECONDS 30
#define LONGEST_PAUSE_SECONDS 3600

struct _MesoStaffStore
{
  GObject     parent_instance;

  MesoDb     *db;
  MesoClock  *clock;            /* NULL until set or first needed */
  gboolean    pin_outdated;     /* the signed-in account's PIN breaks the rules */
  GHashTable *held_failures;    /* staff id -> HeldFailures, see begin_sign_in() */
};

/* Wrong PINs counted in memory while the file may not be written (being
 * checked, or damaged): an administrator must still be able to sign in and
 * restore a backup, and the pause must still hold. */
typedef struct
{
  gint64 failures;
  gint64 paused_until;
} HeldFailures;

G_DEFINE_TYPE (MesoStaffStore, meso_staff_store, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
meso_staff_store_finalize (GObject *object)
{
  MesoStaffStore *self = MESO_STAFF_STORE (object);

  g_clear_object (&self->clock);
  g_clear_object (&self->db);
  g_clear_pointer (&self->held_failures, g_hash_table_unref);

  G_OBJECT_CLASS (meso_staff_store_parent_class)->finalize (object);
}

static void
meso_staff_store_class_init (MesoStaffStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_staff_store_finalize;

  /**
   * MesoStaffStore::changed:
   *
   * Emitted after this store committed a change to an account (added,
   * renamed, a new role or PIN, deactivated); not for sign-in attempts.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_staff_store_init (MesoStaffStore *self)
{
}

MesoStaffStore *
meso_staff_store_new (MesoDb *db)
{
  MesoStaffStore *self = g_object_new (MESO_TYPE_STAFF_STORE, NULL);

  self->db = g_object_ref (db);
  self->held_failures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return self;
}

/**
 * meso_staff_store_set_clock:
 *
 * Sets the clock that times the pauses after wrong PINs. Without one, the
 * store makes its own from the clinic's settings when first needed.
 */
void
meso_staff_store_set_clock (MesoStaffStore *self,
                            MesoClock      *clock)
{
  g_return_if_fail (MESO_IS_STAFF_STORE (self));
  g_set_object (&self->clock, clock);
}

static gboolean
get_now (MesoStaffStore  *self,
         gint64          *out_now,
         GError         **error)
{
  if (self->clock == NULL)
    {
      g_autoptr(MesoClinic) clinic = meso_clinic_load (self->db, error);

      if (clinic == NULL)
        return FALSE;
      self->clock = meso_clock_new (clinic);
    }
  *out_now = meso_clock_get_now (self->clock);
  return TRUE;
}

/* How long an account waits after its @failures-th wrong PIN in a row. */
static gint64
pause_after (gint64 failures)
{
  gint64 pause = FIRST_PAUSE_SECONDS;

  if (failures < MESO_STAFF_MAX_FAILED_SIGN_INS)
    return 0;
  for (gint64 i = MESO_STAFF_MAX_FAILED_SIGN_INS; i < failures && pause < LONGEST_PAUSE_SECONDS;
       i++)
    pause *= 2;
  return MIN (pause, LONGEST_PAUSE_SECONDS);
}

static void
set_paused_error (GError **error,
                  gboolean wrong_pin,
                  gint64   seconds)
{
  /* Whole sentences, for the translators. */
  if (seconds > 90)
    {
      int minutes = (int) ((seconds + 59) / 60);

      if (wrong_pin)
        g_set_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Wrong PIN. Too many wrong PINs: try again in %d minute.",
                                  "Wrong PIN. Too many wrong PINs: try again in %d minutes.",
                                  minutes), minutes);
      else
        g_set_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Too many wrong PINs. Try again in %d minute.",
                                  "Too many wrong PINs. Try again in %d minutes.", minutes),
                     minutes);
    }
  else if (wrong_pin)
    g_set_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Wrong PIN. Too many wrong PINs: try again in %d second.",
                              "Wrong PIN. Too many wrong PINs: try again in %d seconds.",
                              seconds), (int) seconds);
  else
    g_set_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Too many wrong PINs. Try again in %d second.",
                              "Too many wrong PINs. Try again in %d seconds.", seconds),
                 (int) seconds);
}

/* Forgets the wrong PINs of account @id, in its own transaction. */
static gboolean
clear_failures (MesoStaffStore  *self,
                gint64           id,
                GError         **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  g_hash_table_remove (self->held_failures, &id);
  if (!meso_db_is_writable (self->db))
    return TRUE;
  w = meso_db_begin_write_unchecked (self->db, error);
  if (w == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db, "DELETE FROM sign_in_failure WHERE staff_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  return meso_db_step_done (self->db, stmt, error) && meso_db_write_commit (w, error);
}

static gint64
query_count (MesoStaffStore  *self,
             const char      *sql,
             gint64           id,
             GError         **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db, sql, error);
  gint64 count = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    count = meso_stmt_column_int64 (stmt, 0);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the staff accounts"));
  meso_stmt_reset (stmt);
  return count;
}

/* Returns: the number of active accounts; 0 means nobody can sign in yet. */
gint64
meso_staff_store_count (MesoStaffStore  *self,
                        GError         **error)
{
  return query_count (self, "SELECT count(*) FROM staff WHERE active = 1 AND ?1 = ?1", 0, error);
}

/* An unknown role is damage, never a guess: it decides what the account may do. */
static MesoStaff *
staff_from_row (MesoStmt *stmt,
                GError  **error)
{
  MesoRole role;

  if (!meso_role_from_code (meso_stmt_column_text (stmt, 2), &role))
    {
      meso_db_set_damaged (error, "staff");
      return NULL;
    }
  return meso_staff_new (meso_stmt_column_int64 (stmt, 0),
                         meso_stmt_column_text (stmt, 1), role,
                         meso_stmt_column_int (stmt, 3));
}

/**
 * meso_staff_store_list:
 * @include_inactive: also deactivated accounts; needs
 *   %MESO_PERMISSION_MANAGE_STAFF
 *
 * Returns: (transfer full): a list of #MesoStaff in name order. The active
 * accounts are listed to anyone: the sign-in screen shows them.
 */
GListModel *
meso_staff_store_list (MesoStaffStore  *self,
                       gboolean         include_inactive,
                       GError         **error)
{
  g_autoptr(GListStore) list = g_list_store_new (MESO_TYPE_STAFF);
  MesoStmt *stmt;
  int rc;

  if (include_inactive && !meso_db_require (self->db, MESO_PERMISSION_MANAGE_STAFF, error))
    return NULL;
  stmt = meso_db_prepare (self->db,
                          "SELECT id, display_name, role, active FROM staff"
                          " WHERE active = 1 OR ?1 <> 0 ORDER BY active DESC, lower (display_name)",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int (stmt, 1, include_inactive);
  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      g_autoptr(MesoStaff) staff = staff_from_row (stmt, error);

      if (staff == NULL)
        {
          meso_stmt_reset (stmt);
          return NULL;
        }
      g_list_store_append (list, staff);
    }
  if (!meso_db_rows_done (self->db, stmt, rc, _("Could not read the staff accounts"), error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&list));
}

MesoStaff *
meso_staff_store_load (MesoStaffStore  *self,
                       gint64           id,
                       GError         **error)
{
  MesoStmt *stmt;
  MesoStaff *staff = NULL;
  int rc;

  stmt = meso_db_prepare (self->db,
                          "SELECT id, display_name, role, active FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    staff = staff_from_row (stmt, error);
  else if (rc == MESO_STEP_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no staff account number %lld."), (long long) id);
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the staff accounts"));
  meso_stmt_reset (stmt);
  return staff;
}

/**
 * meso_staff_store_check_name:
 * @id: the account being edited, or 0 for a new one
 *
 * Returns: (transfer full) (nullable): why @name cannot be used, or %NULL.
 * Two active accounts may not share a name: the sign-in list would not
 * tell them apart.
 */
char *
meso_staff_store_check_name (MesoStaffStore *self,
                             gint64          id,
                             const char     *name)
{
  g_autofree char *folded = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GListModel) staff = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup (_("The name contains invalid characters."));
  if (*name == '\0')
    return g_strdup (_("Enter the name shown on the sign-in screen."));
  if (g_utf8_strlen (name, -1) > 100)
    return g_strdup (_("Use at most 100 characters."));
  problem = meso_text_check_name (name);
  if (problem != NULL)
    return g_steal_pointer (&problem);

  folded = meso_text_fold (name);
  staff = meso_staff_store_list (self, FALSE, NULL);
  for (guint i = 0; staff != NULL && i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(MesoStaff) other = g_list_model_get_item (staff, i);
      g_autofree char *other_folded = meso_text_fold (meso_staff_get_display_name (other));

      if (meso_staff_get_id (other) != id && g_strcmp0 (folded, other_folded) == 0)
        return g_strdup_printf (_("“%s” already has an account."),
                                meso_staff_get_display_name (other));
    }
  return NULL;
}

static gboolean
check_name_and_hash (MesoStaffStore  *self,
                     gint64           id,
                     const char      *name,
                     const char      *secret_hash,
                     GError         **error)
{
  g_autofree char *problem = name != NULL ? meso_staff_store_check_name (self, id, name) : NULL;

  if (problem != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, problem);
      return FALSE;
    }
  /* Only a hash from meso_secret_hash() is stored, never a PIN itself. */
  if (secret_hash != NULL && !g_str_has_prefix (secret_hash, "$argon2id$"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The PIN could not be stored securely."));
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_staff_store_add:
 * @name: the name shown on the sign-in screen
 * @secret_hash: from meso_secret_hash()
 *
 * Adds an account. Needs %MESO_PERMISSION_MANAGE_STAFF, except for the very
 * first account, which must be an administrator's.
 *
 * Returns: (transfer full): the new account.
 */
MesoStaff *
meso_staff_store_add (MesoStaffStore  *self,
                      const char      *name,
                      MesoRole         role,
                      const char      *secret_hash,
                      GError         **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 n_accounts;
  MesoStaff *staff;
  gint64 id;

  g_return_val_if_fail (role < MESO_N_ROLES, NULL);
  g_return_val_if_fail (secret_hash != NULL, NULL);

  /* Whether the permission is needed is read inside the transaction. */
  if (!check_name_and_hash (self, 0, trimmed, secret_hash, error) ||
      (w = meso_db_begin_write_unchecked (self->db, error)) == NULL)
    return NULL;

  n_accounts = query_count (self, "SELECT count(*) FROM staff WHERE ?1 = ?1", 0, error);
  if (n_accounts < 0)
    return NULL;
  if (n_accounts == 0 && role != MESO_ROLE_ADMINISTRATOR)
    {
      g_set_error_literal (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN,
                           _("The first account must be an administrator’s."));
      return NULL;
    }
  if (n_accounts > 0 && !meso_db_require (self->db, MESO_PERMISSION_MANAGE_STAFF, error))
    return NULL;

  stmt = meso_db_prepare (self->db,
                          "INSERT INTO staff (display_name, role, secret_hash) VALUES (?1, ?2, ?3)"
                          " RETURNING id", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_text (stmt, 1, trimmed);
  meso_stmt_bind_text (stmt, 2, meso_role_get_code (role));
  meso_stmt_bind_text (stmt, 3, secret_hash);
  id = meso_db_step_new_id (self->db, stmt, error);
  if (id == 0)
    return NULL;
  if (!meso_db_write_commit (w, error))
    return NULL;
  staff = meso_staff_new (id, trimmed, role, TRUE);
  g_signal_emit (self, signals[CHANGED], 0);
  return staff;
}

/**
 * meso_staff_store_update:
 *
 * @secret_hash: (nullable): a new PIN's hash from meso_secret_hash(), or
 *   %NULL to keep the PIN
 *
 * Renames an account, changes its role, resets its PIN, or deactivates it
 * (accounts are never deleted: the audit trail names them), in one
 * transaction. Needs %MESO_PERMISSION_MANAGE_STAFF; refuses to leave the
 * clinic without an active administrator.
 */
gboolean
meso_staff_store_update (MesoStaffStore  *self,
                         gint64           id,
                         const char      *name,
                         MesoRole         role,
                         gboolean         active,
                         const char      *secret_hash,
                         GError         **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  gint64 other_admins;

  g_return_val_if_fail (role < MESO_N_ROLES, FALSE);

  /* The permission first, so that a refusal comes before the form's problems. */
  if (!meso_db_require (self->db, MESO_PERMISSION_MANAGE_STAFF, error) ||
      !check_name_and_hash (self, id, active ? trimmed : NULL, secret_hash, error) ||
      (w = meso_db_begin_write_unchecked (self->db, error)) == NULL)
    return FALSE;

  if (role != MESO_ROLE_ADMINISTRATOR || !active)
    {
      other_admins = query_count (self,
                                  "SELECT count(*) FROM staff WHERE active = 1"
                                  " AND role = 'administrator' AND id <> ?1", id, error);
      if (other_admins < 0)
        return FALSE;
      if (other_admins == 0)
        {
          g_set_error_literal (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN,
                               _("This is the last administrator’s account: give another "
                                 "account the administrator role first."));
          return FALSE;
        }
    }

  stmt = meso_db_prepare (self->db,
                          "UPDATE staff SET display_name = ?2, role = ?3, active = ?4,"
                          " secret_hash = coalesce (?5, secret_hash) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_text (stmt, 2, trimmed);
  meso_stmt_bind_text (stmt, 3, meso_role_get_code (role));
  meso_stmt_bind_int (stmt, 4, !!active);
  if (secret_hash != NULL)
    meso_stmt_bind_text (stmt, 5, secret_hash);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;
  /* A new PIN from an administrator lifts a pause. */
  if (secret_hash != NULL)
    clear_failures (self, id, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * meso_staff_store_set_secret:
 * @secret_hash: from meso_secret_hash()
 *
 * Changes an account's PIN: an administrator may reset anyone's, everyone
 * may change their own.
 */
gboolean
meso_staff_store_set_secret (MesoStaffStore  *self,
                             gint64           id,
                             const char      *secret_hash,
                             GError         **error)
{
  MesoStaff *actor = meso_db_get_actor (self->db);
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;

  /* Everyone may change their own PIN. */
  if (actor == NULL || meso_staff_get_id (actor) != id)
    if (!meso_db_require (self->db, MESO_PERMISSION_MANAGE_STAFF, error))
      return FALSE;
  if (!check_name_and_hash (self, id, NULL, secret_hash, error) ||
      (w = meso_db_begin_write_unchecked (self->db, error)) == NULL)
    return FALSE;
  stmt = meso_db_prepare (self->db, "UPDATE staff SET secret_hash = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_text (stmt, 2, secret_hash);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return FALSE;
  clear_failures (self, id, NULL);
  if (actor != NULL && meso_staff_get_id (actor) == id)
    self->pin_outdated = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* The first half of signing in, on the caller's thread: the account, its
 * hash, and whether it may try now. The try is counted as a wrong PIN
 * before the PIN is checked, in one transaction with the check of the
 * pause: tries started together, here or on another workstation, cannot
 * get past the count, and a try cut short by a crash still counts. The
 * right PIN clears the count in finish_sign_in(). */
static char *
begin_sign_in (MesoStaffStore  *self,
               gint64           id,
               gint64          *out_failures,
               GError         **error)
{
  g_autoptr(MesoDbWrite) w = NULL;
  MesoStmt *stmt;
  g_autofree char *hash = NULL;
  gboolean writable = meso_db_is_writable (self->db);
  HeldFailures *held = g_hash_table_lookup (self->held_failures, &id);
  gint64 now, failures = 0, paused_until = 0;
  int rc;

  /* Nobody is signed in yet: the try is counted on the store's own account
   * (in memory while the file may not be written). */
  if (!get_now (self, &now, error) ||
      (writable && (w = meso_db_begin_write_unchecked (self->db, error)) == NULL))
    return NULL;

  stmt = meso_db_prepare (self->db,
                          "SELECT failures, paused_until FROM sign_in_failure WHERE staff_id = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW)
    {
      failures = meso_stmt_column_int64 (stmt, 0);
      paused_until = meso_stmt_column_int64 (stmt, 1);
    }
  meso_stmt_reset (stmt);
  if (rc != MESO_STEP_ROW && rc != MESO_STEP_DONE)
    {
      meso_db_set_error (self->db, error, rc, _("Could not read the staff accounts"));
      return NULL;
    }
  /* The count is incremented and sizes the pause: out of range, the file is
   * damaged, and nobody signs in on a count that is not one. */
  if (rc == MESO_STEP_ROW && (failures < 1 || failures > G_MAXINT32))
    {
      meso_db_set_damaged (error, "sign_in_failure");
      return NULL;
    }
  if (held != NULL)
    {
      failures = MAX (failures, held->failures);
      paused_until = MAX (paused_until, held->paused_until);
    }
  if (paused_until > now)
    {
      if (!writable)
        {
          set_paused_error (error, FALSE, MIN (paused_until - now, LONGEST_PAUSE_SECONDS));
          return NULL;
        }
      /* A clock set back must not stretch a pause beyond the longest one. */
      if (paused_until - now > LONGEST_PAUSE_SECONDS)
        {
          stmt = meso_db_prepare (self->db,
                                  "UPDATE sign_in_failure SET paused_until = ?2"
                                  " WHERE staff_id = ?1", error);
          if (stmt == NULL)
            return NULL;
          meso_stmt_bind_int64 (stmt, 1, id);
          meso_stmt_bind_int64 (stmt, 2, now + LONGEST_PAUSE_SECONDS);
          if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
            return NULL;
          set_paused_error (error, FALSE, LONGEST_PAUSE_SECONDS);
          return NULL;
        }
      set_paused_error (error, FALSE, paused_until - now);
      return NULL;
    }

  stmt = meso_db_prepare (self->db, "SELECT secret_hash, active FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  rc = meso_stmt_step (stmt);
  if (rc == MESO_STEP_ROW && meso_stmt_column_int (stmt, 1))
    hash = g_strdup (meso_stmt_column_text (stmt, 0));
  else if (rc == MESO_STEP_ROW || rc == MESO_STEP_DONE)
    g_set_error_literal (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_INACTIVE,
                         _("This account is no longer active."));
  else
    meso_db_set_error (self->db, error, rc, _("Could not read the staff accounts"));
  meso_stmt_reset (stmt);
  if (hash == NULL)
    return NULL;

  failures++;
  if (!writable)
    {
      if (held == NULL)
        {
          gint64 *key = g_memdup2 (&id, sizeof id);

          held = g_new0 (HeldFailures, 1);
          g_hash_table_insert (self->held_failures, key, held);
        }
      held->failures = failures;
      held->paused_until = failures >= MESO_STAFF_MAX_FAILED_SIGN_INS
                             ? now + pause_after (failures) : 0;
      *out_failures = failures;
      return g_steal_pointer (&hash);
    }
  stmt = meso_db_prepare (self->db,
                          "INSERT INTO sign_in_failure (staff_id, failures, paused_until)"
                          " VALUES (?1, ?2, ?3) ON CONFLICT (staff_id) DO UPDATE"
                          " SET failures = excluded.failures, paused_until = excluded.paused_until",
                          error);
  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_int64 (stmt, 2, failures);
  meso_stmt_bind_int64 (stmt, 3, failures >= MESO_STAFF_MAX_FAILED_SIGN_INS
                                 ? now + pause_after (failures) : 0);
  if (!meso_db_step_done (self->db, stmt, error) || !meso_db_write_commit (w, error))
    return NULL;
  *out_failures = failures;
  return g_steal_pointer (&hash);
}

/* The second half, on the caller's thread again: explains a wrong PIN, or
 * clears the count and makes the account the connection's actor. */
/* Stores @renewed, a hash of the PIN that matched @hash, made with today's
 * settings. Not a change of PIN: no "changed" signal, and a failure only
 * leaves the old hash, which still verifies. */
static void
renew_hash (MesoStaffStore *self,
            gint64          id,
            const char     *hash,
            const char     *renewed)
{
  g_autoptr(MesoDbWrite) w = NULL;
  g_autoptr(GError) error = NULL;
  MesoStmt *stmt;

  if (renewed == NULL || !meso_db_is_writable (self->db))
    return;
  w = meso_db_begin_write_unchecked (self->db, &error);
  if (w == NULL)
    goto out;
  /* Only if the PIN was not changed meanwhile, on another workstation. */
  stmt = meso_db_prepare (self->db,
                          "UPDATE staff SET secret_hash = ?3 WHERE id = ?1 AND secret_hash = ?2",
                          &error);
  if (stmt == NULL)
    goto out;
  meso_stmt_bind_int64 (stmt, 1, id);
  meso_stmt_bind_text (stmt, 2, hash);
  meso_stmt_bind_text (stmt, 3, renewed);
  if (meso_db_step_done (self->db, stmt, &error))
    meso_db_write_commit (w, &error);
out:
  if (error != NULL)
    g_warning ("The PIN's hash was not renewed: %s", error->message);
}

static MesoStaff *
finish_sign_in (MesoStaffStore  *self,
                gint64           id,
                gint64           failures,
                const char      *secret,
                gboolean         verified,
                GError         **error)
{
  g_autoptr(MesoStaff) staff = NULL;
  g_autofree char *problem = NULL;

  if (!verified)
    {
      gint64 left = MESO_STAFF_MAX_FAILED_SIGN_INS - failures;

      if (left <= 0)
        {
          set_paused_error (error, TRUE, pause_after (failures));
          return NULL;
        }
      g_set_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_WRONG_SECRET,
                   g_dngettext (GETTEXT_PACKAGE, "Wrong PIN. %u try left before a pause.",
                                "Wrong PIN. %u tries left before a pause.", left), (guint) left);
      return NULL;
    }

  staff = meso_staff_store_load (self, id, error);
  if (staff == NULL || !clear_failures (self, id, error))
    return NULL;
  /* A PIN set before the rules were stricter still opens the account, once
   * more: the GUI asks for a new one straight away. */
  problem = meso_secret_check (secret);
  self->pin_outdated = problem != NULL;
  meso_db_set_actor (self->db, staff);
  return g_steal_pointer (&staff);
}

/**
 * meso_staff_store_sign_in:
 *
 * Checks @secret against account @id and, if it matches, makes that
 * account the one every later call is made as. Blocks for the hash
 * (tens of milliseconds); the GUI uses meso_staff_store_sign_in_async().
 *
 * Returns: (transfer full): the signed-in account.
 */
MesoStaff *
meso_staff_store_sign_in (MesoStaffStore  *self,
                          gint64           id,
                          const char      *secret,
                          GError         **error)
{
  gint64 failures = 0;
  g_autofree char *hash = begin_sign_in (self, id, &failures, error);
  g_autoptr(MesoStaff) staff = NULL;
  g_autofree char *renewed = NULL;

  if (hash == NULL)
    return NULL;
  staff = finish_sign_in (self, id, failures, secret, meso_secret_verify (hash, secret), error);
  if (staff != NULL)
    {
      renewed = meso_secret_renew (hash, secret);
      renew_hash (self, id, hash, renewed);
    }
  return g_steal_pointer (&staff);
}

typedef struct
{
  gint64  id;
  gint64  failures;
  char   *hash;
  char   *renewed;  /* meso_secret_renew()'s, made in the same thread */
  char   *secret;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->hash);
  g_free (sign_in->renewed);
  explicit_bzero (sign_in->secret, strlen (sign_in->secret));
  g_free (sign_in->secret);
  g_free (sign_in);
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SignIn *sign_in = task_data;

  gboolean verified = meso_secret_verify (sign_in->hash, sign_in->secret);

  if (verified)
    sign_in->renewed = meso_secret_renew (sign_in->hash, sign_in->secret);
  g_task_return_boolean (task, verified);
}

/* meso_staff_store_sign_in() with the hash checked in a worker thread. */
void
meso_staff_store_sign_in_async (MesoStaffStore      *self,
                                gint64               id,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  SignIn *sign_in;
  gint64 failures = 0;
  char *hash;

  g_task_set_source_tag (task, meso_staff_store_sign_in_async);
  hash = begin_sign_in (self, id, &failures, &error);
  if (hash == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sign_in = g_new0 (SignIn, 1);
  sign_in->id = id;
  sign_in->failures = failures;
  sign_in->hash = hash;
  sign_in->secret = g_strdup (secret);
  g_task_set_task_data (task, sign_in, sign_in_free);
  g_task_run_in_thread (task, verify_in_thread);
}

/**
 * meso_staff_store_sign_in_finish:
 *
 * Returns: (transfer full): the signed-in account, or %NULL with @error.
 */
MesoStaff *
meso_staff_store_sign_in_finish (MesoStaffStore  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  SignIn *sign_in = g_task_get_task_data (G_TASK (result));
  g_autoptr(MesoStaff) staff = NULL;
  GError *local_error = NULL;
  gboolean verified;

  verified = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  staff = finish_sign_in (self, sign_in->id, sign_in->failures, sign_in->secret, verified, error);
  if (staff != NULL)
    renew_hash (self, sign_in->id, sign_in->hash, sign_in->renewed);
  return g_steal_pointer (&staff);
}

/* Locks the store: until the next sign-in, every protected call fails. */
void
meso_staff_store_sign_out (MesoStaffStore *self)
{
  self->pin_outdated = FALSE;
  meso_db_set_actor (self->db, NULL);
}

/**
 * meso_staff_store_get_pin_outdated:
 *
 * Returns: whether the account signed in last used a PIN that
 * meso_secret_check() now refuses (set before the rules were stricter); it
 * should choose a new one with meso_staff_store_set_secret() before
 * working.
 */
gboolean
meso_staff_store_get_pin_outdated (MesoStaffStore *self)
{
  g_return_val_if_fail (MESO_IS_STAFF_STORE (self), FALSE);
  return self->pin_outdated && meso_db_get_actor (self->db) != NULL;
}

/**
 * meso_staff_store_get_actor:
 *
 * Returns: (transfer none) (nullable): who is signed in, whom the rules and
 * the audit trail see behind every write.
 */
MesoStaff *
meso_staff_store_get_actor (MesoStaffStore *self)
{
  return meso_db_get_actor (self->db);
}

/**
 * meso_staff_store_set_actor:
 * @actor: (nullable): who acts from now on
 *
 * Acts as @actor without a PIN, for a process that has no one to ask for
 * one (the command line's --print-handout acts as a physician who reads).
 * The rules still check @actor's role on every write.
 */
void
meso_staff_store_set_actor (MesoStaffStore *self,
                            MesoStaff      *actor)
{
  meso_db_set_actor (self->db, actor);
}

/**
 * meso_staff_store_lookup_name:
 * @db: the connection the caller works on, inside its transaction or not
 * @id: an account's id
 *
 * The name of account @id, for a message of another feature (who changed a
 * record): those speak to the database through their own store's
 * connection, which this reads on.
 *
 * Returns: (transfer full) (nullable): the account's name, or %NULL if
 * there is no such account (or it could not be read).
 */
char *
meso_staff_store_lookup_name (MesoDb *db,
                              gint64  id)
{
  MesoStmt *stmt = meso_db_prepare (db, "SELECT display_name FROM staff WHERE id = ?1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  meso_stmt_bind_int64 (stmt, 1, id);
  if (meso_stmt_step (stmt) == MESO_STEP_ROW)
    name = g_strdup (meso_stmt_column_text (stmt, 0));
  meso_stmt_reset (stmt);
  return name;
}

/**
 * meso_staff_store_list_names:
 *
 * Every account's name, inactive ones too, for a list that says who did
 * what (the history): names only, so anyone signed in may read them.
 *
 * Returns: (transfer full) (element-type gint64 utf8): the names by staff
 * id (keys point to gint64), or %NULL with @error.
 */
GHashTable *
meso_staff_store_list_names (MesoStaffStore  *self,
                             GError         **error)
{
  return meso_db_read_names (self->db, "SELECT id, display_name FROM staff",
                             _("Could not read the staff accounts"), error);
}
