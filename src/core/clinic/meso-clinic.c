/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-clinic.c: clinic data used on handouts and clinic-wide defaults, shared
 * by every workstation through the database's setting table. */
#define G_LOG_DOMAIN "meso-clinic"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "meso-clinic-private.h"
#include "meso-db-write.h"
#include "meso-language.h"
#include "meso-text.h"

G_DEFINE_TYPE (MesoClinic, meso_clinic, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char     *key;
  guint           max_chars;
  MesoPermission  permission;
} text_info[MESO_CLINIC_N_TEXT] = {
  [MESO_CLINIC_NAME]          = { "clinic.name", 100, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_ADDRESS]       = { "clinic.address", 300, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_PHONE]         = { "clinic.phone", 32, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_LOGO_FILE]     = { "clinic.logo-file", 4096, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_LANGUAGE]      = { "handout.default-language", 8,
                                  MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_BACKUP_FOLDER] = { "backup.folder", 4096, MESO_PERMISSION_MANAGE_BACKUPS },
  [MESO_CLINIC_TIME_ZONE]     = { "calendar.time-zone", 64, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_PAPER]         = { "handout.paper", 8, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_ICAL_DOMAIN]   = { "calendar.ical-domain", 253, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MAIL_HOST]     = { "mail.host", 253, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MAIL_USER]     = { "mail.user", 254, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MAIL_SENDER_NAME] = { "mail.sender-name", 100, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MAIL_SENDER_ADDRESS] = { "mail.sender-address", 254,
                                        MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MAIL_CERTIFICATE] = { "mail.certificate", 20000, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_BACKUP_SECOND_FOLDER] = { "backup.second-folder", 4096,
                                         MESO_PERMISSION_MANAGE_BACKUPS },
  [MESO_CLINIC_BACKUP_PASSPHRASE_CHECK] = { "backup.passphrase-check", 256,
                                            MESO_PERMISSION_MANAGE_BACKUPS },
};

static const struct
{
  const char     *key;
  guint           min;
  guint           max;
  guint           fallback;
  MesoPermission  permission;
} number_info[MESO_CLINIC_N_NUMBERS] = {
  /* Sessions last 30 min in most of the clinics' material (20-50 min seen). */
  [MESO_CLINIC_SESSION_MINUTES] = { "calendar.session-minutes", 10, 240, 30,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  /* "30 min, or 40-50 min, the first one longer": the analysis takes time. */
  [MESO_CLINIC_FIRST_SESSION_MINUTES] = { "calendar.first-session-minutes", 10, 240, 60,
                                          MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_LOCK_MINUTES]    = { "security.lock-minutes", 1, 240, 5,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  /* 7 daily, 4 weekly, 12 monthly: a year of history in 23 files. */
  [MESO_CLINIC_BACKUP_DAILY]    = { "backup.keep-daily", 1, 365, 7,
                                    MESO_PERMISSION_MANAGE_BACKUPS },
  [MESO_CLINIC_BACKUP_WEEKLY]   = { "backup.keep-weekly", 0, 520, 4,
                                    MESO_PERMISSION_MANAGE_BACKUPS },
  [MESO_CLINIC_BACKUP_MONTHLY]  = { "backup.keep-monthly", 0, 240, 12,
                                    MESO_PERMISSION_MANAGE_BACKUPS },
  /* "A screening older than the clinic's setting (for example 30 days)". */
  [MESO_CLINIC_SCREENING_DAYS]  = { "screening.max-age-days", 1, 365, 30,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_EXPIRY_WARNING_DAYS] = { "stock.expiry-warning-days", 1, 365, 30,
                                        MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_LOW_STOCK_ML]    = { "stock.low-ml", 0, 1000, 5, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MIX_HOURS]       = { "cocktail.use-within-hours", 1, 72, 8,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  /* Sources disagree on a hat in the sun after a session: the clinic says. */
  [MESO_CLINIC_AFTERCARE_HAT]   = { "aftercare.hat", 0, 1, 1, MESO_PERMISSION_MANAGE_SETTINGS },
  /* "No smoking and no alcohol for a while": a day unless the clinic says. */
  [MESO_CLINIC_NO_ALCOHOL_HOURS] = { "aftercare.no-alcohol-hours", 1, 336, 24,
                                     MESO_PERMISSION_MANAGE_SETTINGS },
  /* "No dye or perm shortly before or after a session": a week either side. */
  [MESO_CLINIC_NO_DYE_DAYS]     = { "aftercare.no-dye-days", 1, 60, 7,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  /* Off: a locked screen says how many reminders are due, not whose. */
  [MESO_CLINIC_NAMES_WHEN_LOCKED] = { "reminders.names-when-locked", 0, 1, 0,
                                      MESO_PERMISSION_MANAGE_SETTINGS },
  /* Interleaved: a receptionist finds "Попова" where "Popova" would be. */
  [MESO_CLINIC_SCRIPT_ORDER]    = { "patients.script-order", 0, 1, 0,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  /* STARTTLS on 587, what mail providers tell their customers to use. */
  [MESO_CLINIC_MAIL_SECURITY]   = { "mail.security", 0, 2, 0, MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MAIL_PORT]       = { "mail.port", 0, 65535, 0, MESO_PERMISSION_MANAGE_SETTINGS },
  /* A phone's calendar is seen by more eyes than the clinic's screens. */
  [MESO_CLINIC_AGENDA_INITIALS] = { "calendar.agenda-initials", 0, 1, 0,
                                    MESO_PERMISSION_MANAGE_SETTINGS },
  /* On: only patients who agreed get any, and a clinic with no mail server
   * sends none. */
  [MESO_CLINIC_MESSAGE_CONFIRMATION] = { "messages.confirmation", 0, 1, 1,
                                         MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MESSAGE_NEXT_SESSION] = { "messages.next-session", 0, 1, 1,
                                         MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MESSAGE_AFTERCARE] = { "messages.aftercare", 0, 1, 1,
                                      MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MESSAGE_MAINTENANCE] = { "messages.maintenance", 0, 1, 1,
                                        MESO_PERMISSION_MANAGE_SETTINGS },
  /* 10:00: read in the morning, answered the same day. */
  [MESO_CLINIC_MESSAGE_MINUTE] = { "messages.send-minute", 0, 1439, 600,
                                   MESO_PERMISSION_MANAGE_SETTINGS },
  [MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS] = { "messages.next-session-days", 1, 60, 7,
                                              MESO_PERMISSION_MANAGE_SETTINGS },
  /* Home by then, and the advice fresh. */
  [MESO_CLINIC_MESSAGE_AFTERCARE_MINUTES] = { "messages.aftercare-minutes", 0, 1440, 60,
                                              MESO_PERMISSION_MANAGE_SETTINGS },
  /* The law says how long medical records are kept, and the clinics' laws
   * disagree (5 years in Spain, more elsewhere): the longest is the safe
   * default, as an anonymised record cannot be brought back. */
  [MESO_CLINIC_RETENTION_YEARS] = { "patients.retention-years", 1, 100, 25,
                                    MESO_PERMISSION_MANAGE_RECORDS },
};

static void
meso_clinic_finalize (GObject *object)
{
  MesoClinic *self = MESO_CLINIC (object);

  for (guint i = 0; i < MESO_CLINIC_N_TEXT; i++)
    g_free (self->text[i]);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (meso_clinic_parent_class)->finalize (object);
}

static void
meso_clinic_class_init (MesoClinicClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_clinic_finalize;

  /**
   * MesoClinic::changed:
   *
   * Emitted after a setting was saved, with the new value already readable.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_clinic_init (MesoClinic *self)
{
  for (guint i = 0; i < MESO_CLINIC_N_TEXT; i++)
    self->text[i] = g_strdup ("");
  g_free (self->text[MESO_CLINIC_LANGUAGE]);
  self->text[MESO_CLINIC_LANGUAGE] = g_strdup ("en");
  g_free (self->text[MESO_CLINIC_PAPER]);
  self->text[MESO_CLINIC_PAPER] = g_strdup ("a4");
  g_free (self->text[MESO_CLINIC_ICAL_DOMAIN]);
  self->text[MESO_CLINIC_ICAL_DOMAIN] = g_strdup ("mesodesk");
  for (guint i = 0; i < MESO_CLINIC_N_NUMBERS; i++)
    self->numbers[i] = number_info[i].fallback;
}

/* What the setter could never have stored: text that is not UTF-8 or too
 * long, a language code that is not a short code, a paper that selects
 * nothing. The other checks (a folder that exists, a zone this workstation
 * knows) depend on the workstation, not on the file. */
static gboolean
text_is_damaged (MesoClinicText  field,
                 const char     *value)
{
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > text_info[field].max_chars)
    return TRUE;
  switch (field)
    {
    case MESO_CLINIC_LANGUAGE:
      for (const char *c = value; *c != '\0'; c++)
        if (!g_ascii_isalpha (*c) && *c != '_' && *c != '-')
          return TRUE;
      return *value == '\0';
    case MESO_CLINIC_PAPER:
      return !g_str_equal (value, "a4") && !g_str_equal (value, "letter");
    case MESO_CLINIC_NAME:
    case MESO_CLINIC_ADDRESS:
    case MESO_CLINIC_PHONE:
    case MESO_CLINIC_LOGO_FILE:
    case MESO_CLINIC_BACKUP_FOLDER:
    case MESO_CLINIC_TIME_ZONE:
    case MESO_CLINIC_ICAL_DOMAIN:
    case MESO_CLINIC_N_TEXT:
    default:
      return FALSE;
    }
}

/* A number setting's value in [@min, @max]: an integer, or on a clinic
 * server, whose setting column is text, its decimal digits. Anything else
 * is damage. */
static gboolean
read_number (MesoDb   *db,
             MesoStmt *stmt,
             int       column,
             guint64   min,
             guint64   max,
             gint64   *out_value)
{
  guint64 value;

  if (meso_stmt_column_type (stmt, column) == MESO_VALUE_INTEGER)
    {
      *out_value = meso_stmt_column_int64 (stmt, column);
      return *out_value >= (gint64) min && *out_value <= (gint64) max;
    }
  if (!meso_db_is_server (db) || meso_stmt_column_type (stmt, column) != MESO_VALUE_TEXT ||
      !g_ascii_string_to_unsigned (meso_stmt_column_text (stmt, column), 10, min, max, &value,
                                   NULL))
    return FALSE;
  *out_value = (gint64) value;
  return TRUE;
}

/**
 * meso_clinic_load:
 *
 * Returns: (transfer full): the clinic settings stored in @db, with
 * defaults for those never set.
 */
MesoClinic *
meso_clinic_load (MesoDb  *db,
                  GError **error)
{
  g_autoptr(MesoClinic) self = g_object_new (MESO_TYPE_CLINIC, NULL);
  MesoStmt *stmt;
  int rc;

  self->db = g_object_ref (db);
  stmt = meso_db_prepare (db, "SELECT key, value FROM setting", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = meso_stmt_step (stmt)) == MESO_STEP_ROW)
    {
      const char *key = meso_stmt_column_text (stmt, 0);
      const char *value = meso_stmt_column_text (stmt, 1);

      for (guint i = 0; i < MESO_CLINIC_N_TEXT; i++)
        if (g_strcmp0 (key, text_info[i].key) == 0 && value != NULL)
          {
            if (text_is_damaged (i, value))
              goto damaged;
            /* A language added by a newer Mesodesk sharing the file is
             * read as the default, as handouts read one (English). */
            if (i == MESO_CLINIC_LANGUAGE && !meso_language_is_known (value))
              continue;
            g_free (self->text[i]);
            self->text[i] = g_strdup (value);
          }
      /* Numbers size backups, timers and loops: the setter's range, as an
       * integer, or the file is damaged (a clamped value would hide it). */
      for (guint i = 0; i < MESO_CLINIC_N_NUMBERS; i++)
        {
          gint64 number;

          if (g_strcmp0 (key, number_info[i].key) != 0)
            continue;
          if (!read_number (db, stmt, 1, number_info[i].min, number_info[i].max, &number))
            goto damaged;
          self->numbers[i] = number;
        }
    }
  if (!meso_db_rows_done (db, stmt, rc, _("Could not read the clinic settings"), error))
    return NULL;
  return g_steal_pointer (&self);

damaged:
  meso_stmt_reset (stmt);
  meso_db_set_damaged (error, "setting");
  return NULL;
}

/**
 * meso_clinic_reload:
 *
 * Reads the settings again, after another workstation changed them, and
 * emits #MesoClinic::changed.
 */
gboolean
meso_clinic_reload (MesoClinic  *self,
                    GError     **error)
{
  g_autoptr(MesoClinic) stored = meso_clinic_load (self->db, error);

  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < MESO_CLINIC_N_TEXT; i++)
    {
      g_free (self->text[i]);
      self->text[i] = g_steal_pointer (&stored->text[i]);
    }
  memcpy (self->numbers, stored->numbers, sizeof self->numbers);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

const char *
meso_clinic_get_text (MesoClinic     *self,
                      MesoClinicText  field)
{
  g_return_val_if_fail (field < MESO_CLINIC_N_TEXT, NULL);
  return self->text[field];
}

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"

/* Whether @text is one or more PEM certificates, each base64 of one whole
 * DER SEQUENCE: checked whole, or every message would fail until the
 * file is replaced. */
static gboolean
is_pem_certificate (const char *text)
{
  const char *p = text;

  if (!g_str_has_prefix (p, PEM_BEGIN))
    return FALSE;
  while (g_str_has_prefix (p, PEM_BEGIN))
    {
      const char *end = strstr (p, PEM_END);
      g_autofree char *base64 = NULL;
      g_autofree guchar *der = NULL;
      gsize length = 0, content = 0, header = 2;

      if (end == NULL)
        return FALSE;
      base64 = g_strndup (p + strlen (PEM_BEGIN), end - p - strlen (PEM_BEGIN));
      der = g_base64_decode (g_strstrip (base64), &length);
      if (length < 2 || der[0] != 0x30)
        return FALSE;
      if (der[1] < 0x80)
        content = der[1];
      else if (der[1] == 0x81 && length > 2)
        content = der[2], header = 3;
      else if (der[1] == 0x82 && length > 3)
        content = (gsize) der[2] << 8 | der[3], header = 4;
      else
        return FALSE;
      if (header + content != length)
        return FALSE;
      p = end + strlen (PEM_END);
      while (g_ascii_isspace (*p))
        p++;
    }
  return *p == '\0';
}

/**
 * meso_clinic_check_text:
 *
 * Returns: (transfer full) (nullable): why @value cannot be saved as
 * @field, or %NULL if it can.
 */
char *
meso_clinic_check_text (MesoClinicText  field,
                        const char     *value)
{
  if (!g_utf8_validate (value, -1, NULL))
    return g_strdup (_("The text contains invalid characters."));
  if (g_utf8_strlen (value, -1) > text_info[field].max_chars)
    return g_strdup_printf (_("Use at most %u characters."), text_info[field].max_chars);

  switch (field)
    {
    case MESO_CLINIC_PHONE:
      return *value != '\0' ? meso_text_check_phone (value) : NULL;
    case MESO_CLINIC_LOGO_FILE:
      if (*value != '\0' && !g_file_test (value, G_FILE_TEST_IS_REGULAR))
        return g_strdup (_("The logo file does not exist."));
      return NULL;
    case MESO_CLINIC_LANGUAGE:
      return meso_language_is_known (value) ? NULL
                                            : g_strdup (_("Choose a language from the list."));
    case MESO_CLINIC_BACKUP_FOLDER:
    case MESO_CLINIC_BACKUP_SECOND_FOLDER:
      if (*value != '\0' && !g_path_is_absolute (value))
        return g_strdup (_("Choose the folder with the folder button."));
      if (*value != '\0' && !g_file_test (value, G_FILE_TEST_IS_DIR))
        return g_strdup (_("The folder does not exist. Is the drive connected?"));
      if (*value != '\0' && access (value, W_OK | X_OK) != 0)
        return g_strdup (_("Mesodesk may not write to this folder."));
      return NULL;
    case MESO_CLINIC_TIME_ZONE:
      if (*value != '\0')
        {
          GTimeZone *zone = g_time_zone_new_identifier (value);

          if (zone == NULL)
            return g_strdup (_("Use a time zone name such as Europe/Istanbul."));
          g_time_zone_unref (zone);
        }
      return NULL;
    case MESO_CLINIC_PAPER:
      return g_str_equal (value, "a4") || g_str_equal (value, "letter")
             ? NULL : g_strdup (_("Choose A4 or Letter."));
    case MESO_CLINIC_MAIL_HOST:
      if (strpbrk (value, "/@?# \t\r\n") != NULL)
        return g_strdup (_("Use the mail server’s name, such as smtp.example.com."));
      return NULL;
    case MESO_CLINIC_MAIL_SENDER_ADDRESS:
      if (*value != '\0' && !meso_mail_address_is_valid (value))
        return g_strdup (_("Use an e-mail address, such as reception@example.com."));
      return NULL;
    case MESO_CLINIC_BACKUP_PASSPHRASE_CHECK:
      /* Made by meso_backup_passphrase_make_check_async(), never typed. */
      if (*value != '\0' && !g_str_has_prefix (value, "$argon2id$"))
        return g_strdup (_("This is not a backup passphrase’s check."));
      return NULL;
    case MESO_CLINIC_MAIL_CERTIFICATE:
      if (*value != '\0' && !is_pem_certificate (value))
        return g_strdup (_("Choose the server’s certificate: a PEM file that begins with "
                           "“-----BEGIN CERTIFICATE-----”."));
      return NULL;
    case MESO_CLINIC_NAME:
    case MESO_CLINIC_ADDRESS:
    case MESO_CLINIC_ICAL_DOMAIN:
    case MESO_CLINIC_MAIL_USER:
    case MESO_CLINIC_MAIL_SENDER_NAME:
    case MESO_CLINIC_N_TEXT:
    default:
      return NULL;
    }
}

/* Prepares the statement that stores setting @key, its value to bind as ?2. */
MesoStmt *
meso_clinic_prepare_setting (MesoClinic  *self,
                             const char  *key,
                             GError     **error)
{
  MesoStmt *stmt = meso_db_prepare (self->db,
                                    "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    error);

  if (stmt != NULL)
    meso_stmt_bind_text (stmt, 1, key);
  return stmt;
}

/* Stores @value as @field inside the caller's write. */
static gboolean
write_text (MesoClinic      *self,
            MesoClinicText   field,
            const char      *value,
            GError         **error)
{
  MesoStmt *stmt = meso_clinic_prepare_setting (self, text_info[field].key, error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_text (stmt, 2, value);
  return meso_db_step_done (self->db, stmt, error);
}

static gboolean
write_number (MesoClinic        *self,
              MesoClinicNumber   field,
              guint              value,
              GError           **error)
{
  MesoStmt *stmt = meso_clinic_prepare_setting (self, number_info[field].key, error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int (stmt, 2, value);
  return meso_db_step_done (self->db, stmt, error);
}

/* Returns: (transfer full): @value trimmed, or %NULL with @error
 * (G_IO_ERROR_INVALID_ARGUMENT, a sentence for the user) if it cannot be
 * saved as @field. */
static char *
check_text (MesoClinicText   field,
            const char      *value,
            GError         **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  g_autofree char *problem = meso_clinic_check_text (field, trimmed);

  if (problem == NULL)
    return g_steal_pointer (&trimmed);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, problem);
  return NULL;
}

static gboolean
check_number (MesoClinicNumber   field,
              guint              value,
              GError           **error)
{
  if (value >= number_info[field].min && value <= number_info[field].max)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Choose a number from %u to %u."), number_info[field].min,
               number_info[field].max);
  return FALSE;
}

/**
 * meso_clinic_set_text:
 *
 * Validates @value (G_IO_ERROR_INVALID_ARGUMENT with a readable message if
 * it cannot be used) and stores it.
 */
gboolean
meso_clinic_set_text (MesoClinic      *self,
                      MesoClinicText   field,
                      const char      *value,
                      GError         **error)
{
  g_autofree char *trimmed = check_text (field, value, error);
  g_autoptr(MesoDbWrite) w = NULL;

  if (trimmed == NULL)
    return FALSE;
  w = meso_db_begin_write (self->db, text_info[field].permission, error);
  if (w == NULL || !write_text (self, field, trimmed, error) || !meso_db_write_commit (w, error))
    return FALSE;

  g_free (self->text[field]);
  self->text[field] = g_steal_pointer (&trimmed);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

guint
meso_clinic_get_number (MesoClinic       *self,
                        MesoClinicNumber  field)
{
  g_return_val_if_fail (field < MESO_CLINIC_N_NUMBERS, 0);
  return self->numbers[field];
}

/**
 * meso_clinic_set_number:
 *
 * Stores @value, or fails with G_IO_ERROR_INVALID_ARGUMENT when it lies
 * outside the setting's range.
 */
gboolean
meso_clinic_set_number (MesoClinic        *self,
                        MesoClinicNumber   field,
                        guint              value,
                        GError           **error)
{
  g_autoptr(MesoDbWrite) w = NULL;

  g_return_val_if_fail (field < MESO_CLINIC_N_NUMBERS, FALSE);

  if (!check_number (field, value, error))
    return FALSE;
  w = meso_db_begin_write (self->db, number_info[field].permission, error);
  if (w == NULL || !write_number (self, field, value, error) ||
      !meso_db_write_commit (w, error))
    return FALSE;

  self->numbers[field] = value;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * meso_clinic_get_mail_server:
 * @out_server: (out caller-allocates): the clinic's mail server; clear it
 *   with meso_mail_server_clear()
 *
 * Returns: whether the clinic has one (a server's name is set).
 */
gboolean
meso_clinic_get_mail_server (MesoClinic     *self,
                             MesoMailServer *out_server)
{
  *out_server = (MesoMailServer) {
    .host = g_strdup (self->text[MESO_CLINIC_MAIL_HOST]),
    .port = self->numbers[MESO_CLINIC_MAIL_PORT],
    .security = self->numbers[MESO_CLINIC_MAIL_SECURITY],
    .user = g_strdup (self->text[MESO_CLINIC_MAIL_USER]),
    .sender_name = g_strdup (self->text[MESO_CLINIC_MAIL_SENDER_NAME]),
    .sender_address = g_strdup (self->text[MESO_CLINIC_MAIL_SENDER_ADDRESS]),
    .certificate = g_strdup (self->text[MESO_CLINIC_MAIL_CERTIFICATE]),
  };
  return *out_server->host != '\0';
}

static const MesoClinicText mail_fields[] = { MESO_CLINIC_MAIL_HOST, MESO_CLINIC_MAIL_USER,
                                              MESO_CLINIC_MAIL_SENDER_NAME,
                                              MESO_CLINIC_MAIL_SENDER_ADDRESS,
                                              MESO_CLINIC_MAIL_CERTIFICATE };

/* @server's texts in the order of mail_fields, trimmed. */
static GStrv
trim_mail_texts (const MesoMailServer *server)
{
  const char *values[] = { server->host, server->user, server->sender_name,
                           server->sender_address, server->certificate };
  GStrv trimmed = g_new0 (char *, G_N_ELEMENTS (values) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    trimmed[i] = g_strstrip (g_strdup (values[i] != NULL ? values[i] : ""));
  return trimmed;
}

/**
 * meso_clinic_check_mail_server:
 * @out_field: (out) (optional): the text at fault, or %MESO_CLINIC_N_TEXT
 *   for the security or port
 *
 * Returns: (transfer full) (nullable): why @server (its texts trimmed)
 * cannot be saved, or %NULL if it can. A server needs a sender's address,
 * and takes no login without security (it would cross the network in clear).
 */
char *
meso_clinic_check_mail_server (const MesoMailServer *server,
                               MesoClinicText       *out_field)
{
  g_auto(GStrv) texts = trim_mail_texts (server);
  MesoClinicText field = MESO_CLINIC_N_TEXT;
  char *problem = NULL;

  for (guint i = 0; problem == NULL && i < G_N_ELEMENTS (mail_fields); i++)
    if ((problem = meso_clinic_check_text (mail_fields[i], texts[i])) != NULL)
      field = mail_fields[i];
  if (problem == NULL && *texts[0] != '\0' && *texts[3] == '\0')
    {
      problem = g_strdup (_("Use an e-mail address, such as reception@example.com."));
      field = MESO_CLINIC_MAIL_SENDER_ADDRESS;
    }
  if (problem == NULL && server->security == MESO_MAIL_SECURITY_NONE && *texts[1] != '\0')
    {
      problem = g_strdup (_("A server without security takes no login: leave the user name "
                            "empty, or choose STARTTLS or TLS."));
      field = MESO_CLINIC_MAIL_USER;
    }
  for (MesoClinicNumber n = MESO_CLINIC_MAIL_SECURITY; problem == NULL && n <= MESO_CLINIC_MAIL_PORT;
       n++)
    if ((n == MESO_CLINIC_MAIL_SECURITY ? (guint) server->security : server->port) >
        number_info[n].max)
      problem = g_strdup_printf (_("Choose a number from %u to %u."), number_info[n].min,
                                 number_info[n].max);
  if (out_field != NULL)
    *out_field = field;
  return problem;
}

/**
 * meso_clinic_set_mail_server:
 *
 * Stores every part of @server in one write, or none: what
 * meso_clinic_check_mail_server() refuses fails with
 * G_IO_ERROR_INVALID_ARGUMENT.
 */
gboolean
meso_clinic_set_mail_server (MesoClinic            *self,
                             const MesoMailServer  *server,
                             GError               **error)
{
  g_autofree char *problem = meso_clinic_check_mail_server (server, NULL);
  g_auto(GStrv) texts = NULL;
  g_autoptr(MesoDbWrite) w = NULL;

  if (problem != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, problem);
      return FALSE;
    }
  texts = trim_mail_texts (server);
  w = meso_db_begin_write (self->db, MESO_PERMISSION_MANAGE_SETTINGS, error);
  if (w == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (mail_fields); i++)
    if (!write_text (self, mail_fields[i], texts[i], error))
      return FALSE;
  if (!write_number (self, MESO_CLINIC_MAIL_SECURITY, server->security, error) ||
      !write_number (self, MESO_CLINIC_MAIL_PORT, server->port, error) ||
      !meso_db_write_commit (w, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (mail_fields); i++)
    {
      g_free (self->text[mail_fields[i]]);
      self->text[mail_fields[i]] = g_steal_pointer (&texts[i]);
    }
  self->numbers[MESO_CLINIC_MAIL_SECURITY] = server->security;
  self->numbers[MESO_CLINIC_MAIL_PORT] = server->port;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * meso_clinic_dup_backup_folder:
 *
 * Returns: (transfer full): the folder chosen for backups, or when none
 * was chosen the folder "backups" beside the database (on a clinic server,
 * a folder of this computer's own for it).
 */
char *
meso_clinic_dup_backup_folder (MesoClinic *self)
{
  g_autofree char *db_folder = NULL;

  if (*self->text[MESO_CLINIC_BACKUP_FOLDER] != '\0')
    return g_strdup (self->text[MESO_CLINIC_BACKUP_FOLDER]);
  /* A server's clinic is backed up to this computer, a folder per server
   * and database ("postgresql://user@host:port/db" made a file name). */
  if (meso_db_is_server (self->db))
    {
      g_autoptr(GString) name = g_string_new (meso_db_get_path (self->db));

      g_string_replace (name, "postgresql://", "", 1);
      for (char *c = name->str; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c) && *c != '.' && *c != '-' && *c != '_')
          *c = '_';
      return g_build_filename (g_get_user_data_dir (), "mesodesk", "server-backups", name->str,
                               NULL);
    }
  db_folder = g_path_get_dirname (meso_db_get_path (self->db));
  return g_build_filename (db_folder, "backups", NULL);
}

/* Returns: how many daily, weekly and monthly backups the clinic keeps. */
MesoBackupPolicy
meso_clinic_get_backup_policy (MesoClinic *self)
{
  return (MesoBackupPolicy) {
    self->numbers[MESO_CLINIC_BACKUP_DAILY],
    self->numbers[MESO_CLINIC_BACKUP_WEEKLY],
    self->numbers[MESO_CLINIC_BACKUP_MONTHLY],
  };
}

/**
 * meso_clinic_read_mark:
 * @key: the setting's key, named by the feature that keeps it
 *
 * A feature's own bookkeeping instant (when the reminders last synced),
 * kept with the settings but read from the database each time: another
 * connection (a worker thread's, another workstation's) writes it.
 *
 * Returns: the instant stored under @key, or 0 if none is.
 */
gint64
meso_clinic_read_mark (MesoClinic *self,
                       const char *key)
{
  MesoStmt *stmt = meso_db_prepare (self->db, "SELECT value FROM setting WHERE key = ?1",
                                        NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  meso_stmt_bind_text (stmt, 1, key);
  if (meso_stmt_step (stmt) == MESO_STEP_ROW)
    value = meso_stmt_column_int64 (stmt, 0);
  meso_stmt_reset (stmt);
  return value;
}

/**
 * meso_clinic_write_mark:
 *
 * Stores @value under @key, inside the caller's write transaction (so it
 * asks no permission of its own: the caller's write guard did).
 */
gboolean
meso_clinic_write_mark (MesoClinic  *self,
                        const char  *key,
                        gint64       value,
                        GError     **error)
{
  MesoStmt *stmt = meso_clinic_prepare_setting (self, key, error);

  if (stmt == NULL)
    return FALSE;
  meso_stmt_bind_int64 (stmt, 2, value);
  return meso_db_step_done (self->db, stmt, error);
}
