/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-secret.c: PINs and passwords are only ever kept as Argon2id hashes.
 * Hashing takes tens of milliseconds on purpose, so the GUI does it in a
 * thread. */
#define G_LOG_DOMAIN "meso-secret"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "meso-secret.h"

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The password library could not start."));
      return FALSE;
    }
  return TRUE;
}

/* PINs people choose most often (lists of leaked PINs and passwords), that
 * the patterns below do not catch already. Compared in lower case. */
static const char *const common_secrets[] = {
  "000001", "100000", "102030", "110110", "111222", "112233", "11223344", "123000",
  "123321", "123654", "1234567890", "123456a", "135790", "147258", "147258369", "147852",
  "159357", "159753", "246810", "258369", "456123", "520131", "5201314", "741852",
  "789456", "852456", "963852", "abc123", "abcdef", "azerty", "iloveyou", "letmein",
  "mesodesk", "passwort", "password", "qwerty", "qwertz", "qwerty123",
};

/* 111111, aaaaaa, 121212, 123123: one short piece over and over. */
static gboolean
is_repeated (const char *secret,
             gsize       length)
{
  for (gsize period = 1; period <= length / 2; period++)
    {
      gsize i;

      if (length % period != 0)
        continue;
      for (i = period; i < length && secret[i] == secret[i - period]; i++)
        ;
      if (i == length)
        return TRUE;
    }
  return FALSE;
}

/* 123456, 987654, 890123: digits up or down the keypad's row. */
static gboolean
is_run (const char *secret,
        gsize       length)
{
  int step = (secret[1] - secret[0] + 10) % 10;

  if (step != 1 && step != 9)
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if ((secret[i] - secret[i - 1] + 10) % 10 != step)
      return FALSE;
  return TRUE;
}

static int
number_at (const char *digits,
           gsize       start,
           gsize       n)
{
  int value = 0;

  for (gsize i = start; i < start + n; i++)
    value = value * 10 + (digits[i] - '0');
  return value;
}

static gboolean
is_day (int day,
        int month)
{
  static const int days_in[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return month >= 1 && month <= 12 && day >= 1 && day <= days_in[month - 1];
}

static gboolean
is_year (int year)
{
  return year >= 1900 && year <= 2100;
}

/* Birthdays and birth years: DDMMYY, MMDDYY, YYMMDD, YYYYMM and MMYYYY in
 * six digits; DDMMYYYY, MMDDYYYY and YYYYMMDD in eight. */
static gboolean
is_date (const char *d,
         gsize       length)
{
  if (length == 6)
    return is_day (number_at (d, 0, 2), number_at (d, 2, 2)) ||
           is_day (number_at (d, 2, 2), number_at (d, 0, 2)) ||
           is_day (number_at (d, 4, 2), number_at (d, 2, 2)) ||
           (is_year (number_at (d, 0, 4)) && is_day (1, number_at (d, 4, 2))) ||
           (is_year (number_at (d, 2, 4)) && is_day (1, number_at (d, 0, 2)));
  if (length == 8)
    return (is_year (number_at (d, 4, 4)) &&
            (is_day (number_at (d, 0, 2), number_at (d, 2, 2)) ||
             is_day (number_at (d, 2, 2), number_at (d, 0, 2)))) ||
           (is_year (number_at (d, 0, 4)) && is_day (number_at (d, 6, 2), number_at (d, 4, 2)));
  return FALSE;
}

/**
 * meso_secret_check:
 *
 * The rules for a new PIN or password: at least %MESO_SECRET_MIN_CHARS
 * characters, not one of the commonest PINs, not one digit or piece over
 * and over, not a run like 123456, and not a date such as a birthday.
 * meso_secret_hash() refuses what this refuses, so no account gets such a
 * PIN anew.
 *
 * Returns: (transfer full) (nullable): why @secret cannot be used as a PIN
 * or password, or %NULL if it can.
 */
char *
meso_secret_check (const char *secret)
{
  g_autofree char *folded = NULL;
  gboolean all_digits = TRUE;
  glong n_chars;
  gsize length;

  if (secret == NULL || !g_utf8_validate (secret, -1, NULL))
    return g_strdup (_("The PIN contains invalid characters."));
  n_chars = g_utf8_strlen (secret, -1);
  if (n_chars < MESO_SECRET_MIN_CHARS)
    return g_strdup_printf (_("Use at least %d characters or digits."), MESO_SECRET_MIN_CHARS);
  if (n_chars > MESO_SECRET_MAX_CHARS)
    return g_strdup_printf (_("Use at most %d characters."), MESO_SECRET_MAX_CHARS);

  folded = g_utf8_strdown (secret, -1);
  length = strlen (folded);
  for (gsize i = 0; i < length; i++)
    all_digits = all_digits && g_ascii_isdigit (folded[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (common_secrets); i++)
    if (g_str_equal (folded, common_secrets[i]))
      return g_strdup (_("This is one of the PINs people choose most often: choose one that is "
                         "harder to guess."));
  if (is_repeated (folded, length) || (all_digits && is_run (folded, length)))
    return g_strdup (_("This is one of the PINs people choose most often: choose one that is "
                       "harder to guess."));
  if (all_digits && is_date (folded, length))
    return g_strdup (_("This PIN reads like a date, such as a birthday: choose one that is "
                       "harder to guess."));
  return NULL;
}

/* OWASP's Password Storage Cheat Sheet lists Argon2id settings of equal
 * strength; this is its lowest-memory one but two (19 MiB, 2 passes, 1 lane)
 * rather than libsodium's INTERACTIVE (64 MiB, 2 passes): the 64 MiB were a
 * third of the application's peak memory after each sign-in, and a clinic
 * workstation runs other programs. Hashes made with other settings still
 * verify, and are renewed at the next sign-in (meso_secret_renew()). */
#define HASH_OPSLIMIT 2
#define HASH_MEMLIMIT (19 * 1024 * 1024)

static char *
hash_unchecked (const char  *secret,
                GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str_alg (hash, secret, strlen (secret), HASH_OPSLIMIT, HASH_MEMLIMIT,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to protect the PIN."));
      return NULL;
    }
  return g_strdup (hash);
}

/**
 * meso_secret_hash:
 *
 * Returns: (transfer full): an Argon2id hash string of @secret with its own
 * random salt, for meso_secret_verify(); %NULL with @error if @secret fails
 * meso_secret_check() or memory runs out.
 */
char *
meso_secret_hash (const char  *secret,
                  GError     **error)
{
  g_autofree char *problem = meso_secret_check (secret);

  if (problem != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, problem);
      return NULL;
    }
  return hash_unchecked (secret, error);
}

/* Returns: whether @secret is the one @hash was made from. Constant time. */
gboolean
meso_secret_verify (const char *hash,
                    const char *secret)
{
  if (hash == NULL || secret == NULL || !ensure_sodium (NULL))
    return FALSE;
  return crypto_pwhash_str_verify (hash, secret, strlen (secret)) == 0;
}

/**
 * meso_secret_renew:
 * @hash: a hash that @secret was just verified against
 *
 * Returns: (transfer full) (nullable): a new hash of @secret with today's
 * settings if @hash was made with others, else %NULL. A PIN that the rules
 * now refuse is hashed anew too: its account still signs in with it until
 * it chooses another.
 */
char *
meso_secret_renew (const char *hash,
                   const char *secret)
{
  if (hash == NULL || secret == NULL || !ensure_sodium (NULL) ||
      crypto_pwhash_str_needs_rehash (hash, HASH_OPSLIMIT, HASH_MEMLIMIT) == 0)
    return NULL;
  return hash_unchecked (secret, NULL);
}

static void
hash_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  char *hash = meso_secret_hash (task_data, &error);

  if (hash != NULL)
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

static void
free_secret (gpointer secret)
{
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* meso_secret_hash() in a worker thread. */
void
meso_secret_hash_async (const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, meso_secret_hash_async);
  g_task_set_task_data (task, g_strdup (secret), free_secret);
  g_task_run_in_thread (task, hash_in_thread);
}

char *
meso_secret_hash_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
