/* meso-secret.c: PINs and passwords are only ever kept as Argon2id hashes.
 * Hashing takes about 150 ms on purpose, so the GUI does it in a thread. */
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

/**
 * meso_secret_check:
 *
 * Returns: (transfer full) (nullable): why @secret cannot be used as a PIN
 * or password, or %NULL if it can.
 */
char *
meso_secret_check (const char *secret)
{
  glong n_chars;

  if (secret == NULL || !g_utf8_validate (secret, -1, NULL))
    return g_strdup (_("The PIN contains invalid characters."));
  n_chars = g_utf8_strlen (secret, -1);
  if (n_chars < MESO_SECRET_MIN_CHARS)
    return g_strdup_printf (_("Use at least %d characters or digits."), MESO_SECRET_MIN_CHARS);
  if (n_chars > MESO_SECRET_MAX_CHARS)
    return g_strdup_printf (_("Use at most %d characters."), MESO_SECRET_MAX_CHARS);
  return NULL;
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
  char hash[crypto_pwhash_STRBYTES];

  if (problem != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, problem);
      return NULL;
    }
  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str_alg (hash, secret, strlen (secret), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to protect the PIN."));
      return NULL;
    }
  return g_strdup (hash);
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
