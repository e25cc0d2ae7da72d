/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-backup-crypt.c: the key comes from the passphrase through Argon2id,
 * and the file is one crypto_secretstream_xchacha20poly1305 stream, so a
 * changed, reordered or cut-off piece is found, not restored.
 *
 * The file: "MDSKENC1", the salt, Argon2id's passes and memory (KiB), a
 * check of the key (so that a wrong passphrase is told apart from damage),
 * the stream's header, then the chunks. The first chunk authenticates all
 * of the header as its additional data. */
#define G_LOG_DOMAIN "meso-backup"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "meso-backup-crypt.h"

G_DEFINE_QUARK (meso-backup-crypt-error-quark, meso_backup_crypt_error)

#define MAGIC "MDSKENC1"
#define MAGIC_LEN 8
#define KEY_CHECK_LEN 16
#define CHUNK_LEN (64 * 1024)

enum
{
  SALT_AT = MAGIC_LEN,
  OPS_AT = SALT_AT + crypto_pwhash_SALTBYTES,
  MEM_AT = OPS_AT + 4,
  KEY_CHECK_AT = MEM_AT + 4,
  STREAM_AT = KEY_CHECK_AT + KEY_CHECK_LEN,
  HEADER_LEN = STREAM_AT + crypto_secretstream_xchacha20poly1305_HEADERBYTES,
};

/* libsodium's MODERATE: about a second and 256 MiB here, paid once per
 * backup, and by whoever guesses passphrases once per guess. */
#define OPS_LIMIT crypto_pwhash_OPSLIMIT_MODERATE
#define MEM_LIMIT crypto_pwhash_MEMLIMIT_MODERATE
/* What a file may ask for: no more than SENSITIVE, whatever it says. */
#define MAX_OPS_LIMIT crypto_pwhash_OPSLIMIT_SENSITIVE
#define MAX_MEM_LIMIT crypto_pwhash_MEMLIMIT_SENSITIVE

typedef struct
{
  guchar key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guchar check[KEY_CHECK_LEN];
} DerivedKey;

/* libsodium fails to start only without a source of randomness. */
static gboolean
start_sodium (GError **error)
{
  if (sodium_init () >= 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("This computer gives no random numbers, which encryption needs."));
  return FALSE;
}

static gboolean
set_io_error (GError    **error,
              const char *format,
              const char *path)
{
  int saved_errno = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), format, path,
               g_strerror (saved_errno));
  return FALSE;
}

static void
put_u32 (guchar *at,
         guint32 value)
{
  value = GUINT32_TO_LE (value);
  memcpy (at, &value, 4);
}

static guint32
get_u32 (const guchar *at)
{
  guint32 value;

  memcpy (&value, at, 4);
  return GUINT32_FROM_LE (value);
}

static gboolean
derive_key (const char   *passphrase,
            const guchar *salt,
            guint32       ops,
            guint32       mem_kib,
            DerivedKey   *out,
            GError      **error)
{
  static const guchar check_input[] = "Mesodesk backup key check";

  if (crypto_pwhash (out->key, sizeof out->key, passphrase, strlen (passphrase), salt, ops,
                     (gsize) mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough memory to derive the backup’s key from the "
                     "passphrase. Close other programs and try again."));
      return FALSE;
    }
  crypto_generichash (out->check, sizeof out->check, check_input, sizeof check_input,
                      out->key, sizeof out->key);
  return TRUE;
}

/* Opens @path for writing, new and readable by this user only. */
static FILE *
create_private (const char  *path,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  FILE *file;

  if (fd < 0)
    {
      set_io_error (error, _("Could not create “%s”: %s"), path);
      return NULL;
    }
  file = fdopen (fd, "wb");
  if (file == NULL)
    {
      set_io_error (error, _("Could not create “%s”: %s"), path);
      close (fd);
      g_unlink (path);
    }
  return file;
}

/* Closes @file, which was written, reporting what fclose() found. */
static gboolean
close_written (FILE        *file,
               const char  *path,
               GError     **error)
{
  if (fflush (file) != 0 || fsync (fileno (file)) != 0)
    {
      set_io_error (error, _("Could not write “%s”: %s"), path);
      fclose (file);
      return FALSE;
    }
  if (fclose (file) != 0)
    return set_io_error (error, _("Could not write “%s”: %s"), path);
  return TRUE;
}

/**
 * meso_backup_is_encrypted:
 *
 * Returns: whether @path starts as an encrypted backup does. It is read
 * with plain file calls: never pass the database itself.
 */
gboolean
meso_backup_is_encrypted (const char *path)
{
  FILE *file = g_fopen (path, "rbe");
  char magic[MAGIC_LEN];
  gboolean encrypted;

  if (file == NULL)
    return FALSE;
  encrypted = fread (magic, 1, MAGIC_LEN, file) == MAGIC_LEN &&
              memcmp (magic, MAGIC, MAGIC_LEN) == 0;
  fclose (file);
  return encrypted;
}

static gboolean
encrypt_stream (FILE        *in,
                FILE        *out,
                const char  *plain_path,
                const char  *encrypted_path,
                const char  *passphrase,
                GError     **error)
{
  guchar header[HEADER_LEN];
  DerivedKey derived;
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree guchar *plain = g_malloc (CHUNK_LEN);
  g_autofree guchar *sealed = g_malloc (CHUNK_LEN + crypto_secretstream_xchacha20poly1305_ABYTES);
  gboolean first = TRUE, done = FALSE, ok = FALSE;

  memcpy (header, MAGIC, MAGIC_LEN);
  randombytes_buf (header + SALT_AT, crypto_pwhash_SALTBYTES);
  put_u32 (header + OPS_AT, OPS_LIMIT);
  put_u32 (header + MEM_AT, MEM_LIMIT / 1024);
  if (!derive_key (passphrase, header + SALT_AT, OPS_LIMIT, MEM_LIMIT / 1024, &derived, error))
    return FALSE;
  memcpy (header + KEY_CHECK_AT, derived.check, KEY_CHECK_LEN);
  crypto_secretstream_xchacha20poly1305_init_push (&state, header + STREAM_AT, derived.key);
  sodium_memzero (&derived, sizeof derived);
  if (fwrite (header, 1, HEADER_LEN, out) != HEADER_LEN)
    goto write_failed;

  while (!done)
    {
      size_t n = fread (plain, 1, CHUNK_LEN, in);
      unsigned long long sealed_len;

      if (ferror (in))
        {
          set_io_error (error, _("Could not read “%s”: %s"), plain_path);
          goto out;
        }
      done = n < CHUNK_LEN; /* so the final chunk is never a full one */
      crypto_secretstream_xchacha20poly1305_push (
          &state, sealed, &sealed_len, plain, n, first ? header : NULL, first ? HEADER_LEN : 0,
          done ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      first = FALSE;
      if (fwrite (sealed, 1, sealed_len, out) != sealed_len)
        goto write_failed;
    }
  ok = TRUE;
  goto out;

write_failed:
  set_io_error (error, _("Could not write “%s”: %s"), encrypted_path);
out:
  sodium_memzero (plain, CHUNK_LEN);
  sodium_memzero (&state, sizeof state);
  return ok;
}

/* Encrypts or decrypts @in into @out; the paths are for messages. */
typedef gboolean (*StreamFunc) (FILE        *in,
                                FILE        *out,
                                const char  *in_path,
                                const char  *out_path,
                                const char  *passphrase,
                                GError     **error);

/* Reads @in_path through @stream into @out_path, new and 0600; on failure
 * nothing is left at @out_path. */
static gboolean
transform_file (StreamFunc   stream,
                const char  *in_path,
                const char  *out_path,
                const char  *passphrase,
                GError     **error)
{
  FILE *in;
  FILE *out;
  gboolean done;

  if (!start_sodium (error))
    return FALSE;
  in = g_fopen (in_path, "rbe");
  if (in == NULL)
    return set_io_error (error, _("Could not read “%s”: %s"), in_path);
  out = create_private (out_path, error);
  if (out == NULL)
    {
      fclose (in);
      return FALSE;
    }
  done = stream (in, out, in_path, out_path, passphrase, error);
  fclose (in);
  if (!done)
    {
      fclose (out);
      g_unlink (out_path);
      return FALSE;
    }
  if (!close_written (out, out_path, error))
    {
      g_unlink (out_path);
      return FALSE;
    }
  return TRUE;
}

/**
 * meso_backup_encrypt_file:
 * @encrypted_path: must not exist; made 0600
 *
 * Encrypts the file @plain_path (a backup, never the open database) into
 * @encrypted_path with a key derived from @passphrase. On failure nothing
 * is left at @encrypted_path.
 */
gboolean
meso_backup_encrypt_file (const char  *plain_path,
                          const char  *encrypted_path,
                          const char  *passphrase,
                          GError     **error)
{
  return transform_file (encrypt_stream, plain_path, encrypted_path, passphrase, error);
}

static gboolean
damaged (GError    **error,
         const char *path)
{
  g_set_error (error, MESO_BACKUP_CRYPT_ERROR, MESO_BACKUP_CRYPT_ERROR_DAMAGED,
               _("The encrypted backup “%s” was changed or cut short after it was written: "
                 "it cannot be restored. Use another backup."), path);
  return FALSE;
}

/* Reads and checks the header, and derives the key into @state. */
static gboolean
open_stream (FILE                                       *in,
             const char                                 *path,
             const char                                 *passphrase,
             guchar                                      header[HEADER_LEN],
             crypto_secretstream_xchacha20poly1305_state *state,
             GError                                    **error)
{
  DerivedKey derived;
  guint32 ops, mem_kib;
  gboolean key_fits;

  size_t n = fread (header, 1, HEADER_LEN, in);

  if (ferror (in))
    return set_io_error (error, _("Could not read “%s”: %s"), path);
  if (n < MAGIC_LEN || memcmp (header, MAGIC, MAGIC_LEN) != 0)
    {
      g_set_error (error, MESO_BACKUP_CRYPT_ERROR, MESO_BACKUP_CRYPT_ERROR_DAMAGED,
                   _("“%s” is not an encrypted Mesodesk backup."), path);
      return FALSE;
    }
  if (n < HEADER_LEN)
    return damaged (error, path);
  /* Range-checked before use: a file must not make us spend a day or all
   * the memory deriving its key. */
  ops = get_u32 (header + OPS_AT);
  mem_kib = get_u32 (header + MEM_AT);
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > MAX_OPS_LIMIT ||
      mem_kib < crypto_pwhash_MEMLIMIT_MIN / 1024 || mem_kib > MAX_MEM_LIMIT / 1024)
    return damaged (error, path);
  if (!derive_key (passphrase, header + SALT_AT, ops, mem_kib, &derived, error))
    return FALSE;
  key_fits = sodium_memcmp (derived.check, header + KEY_CHECK_AT, KEY_CHECK_LEN) == 0;
  if (key_fits)
    crypto_secretstream_xchacha20poly1305_init_pull (state, header + STREAM_AT, derived.key);
  sodium_memzero (&derived, sizeof derived);
  if (!key_fits)
    {
      g_set_error (error, MESO_BACKUP_CRYPT_ERROR, MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE,
                   _("The passphrase does not open the backup “%s”, or the backup’s first "
                     "bytes were changed. Check the passphrase and try again."),
                   path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decrypt_stream (FILE        *in,
                FILE        *out,
                const char  *encrypted_path,
                const char  *plain_path,
                const char  *passphrase,
                GError     **error)
{
  enum { SEALED_LEN = CHUNK_LEN + crypto_secretstream_xchacha20poly1305_ABYTES };
  guchar header[HEADER_LEN];
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree guchar *sealed = g_malloc (SEALED_LEN);
  g_autofree guchar *plain = g_malloc (CHUNK_LEN);
  gboolean first = TRUE, ok = FALSE;
  guchar tag = 0;

  if (!open_stream (in, encrypted_path, passphrase, header, &state, error))
    return FALSE;
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      size_t n = fread (sealed, 1, SEALED_LEN, in);
      unsigned long long plain_len;

      if (ferror (in))
        {
          set_io_error (error, _("Could not read “%s”: %s"), encrypted_path);
          goto out;
        }
      /* The final chunk is never a full one, so bytes after it are read
       * with it and fail it, as does a stream cut short. */
      if (crypto_secretstream_xchacha20poly1305_pull (
              &state, plain, &plain_len, &tag, sealed, n, first ? header : NULL,
              first ? HEADER_LEN : 0) != 0)
        {
          damaged (error, encrypted_path);
          goto out;
        }
      first = FALSE;
      if (fwrite (plain, 1, plain_len, out) != plain_len)
        {
          set_io_error (error, _("Could not write “%s”: %s"), plain_path);
          goto out;
        }
    }
  ok = TRUE;
out:
  sodium_memzero (plain, CHUNK_LEN);
  sodium_memzero (&state, sizeof state);
  return ok;
}

/**
 * meso_backup_decrypt_file:
 * @plain_path: must not exist; made 0600
 *
 * Decrypts @encrypted_path into @plain_path. A wrong passphrase fails with
 * %MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE, a changed, cut-off or foreign
 * file with %MESO_BACKUP_CRYPT_ERROR_DAMAGED; either way nothing is left at
 * @plain_path.
 */
gboolean
meso_backup_decrypt_file (const char  *encrypted_path,
                          const char  *plain_path,
                          const char  *passphrase,
                          GError     **error)
{
  return transform_file (decrypt_stream, encrypted_path, plain_path, passphrase, error);
}

/**
 * meso_backup_temp_path:
 *
 * Returns: (transfer full) (nullable): a path named @name in a new folder
 * that only this user may enter, on this computer: where a backup is
 * decrypted or made before it is encrypted, so that the plain copy never
 * lands on the USB disk or cloud folder. Remove it with
 * meso_backup_remove_temp().
 */
char *
meso_backup_temp_path (const char  *name,
                       GError     **error)
{
  g_autofree char *folder = g_dir_make_tmp ("mesodesk-backup-XXXXXX", error);

  return folder != NULL ? g_build_filename (folder, name, NULL) : NULL;
}

/* Removes @path, what SQLite may have made beside it, and its folder. */
void
meso_backup_remove_temp (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *folder = NULL;

  if (path == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);
      g_unlink (companion);
    }
  folder = g_path_get_dirname (path);
  g_rmdir (folder);
}

/**
 * meso_backup_decrypt_to_temp:
 *
 * Returns: (transfer full) (nullable): @encrypted_path decrypted into
 * meso_backup_temp_path(); remove it with meso_backup_remove_temp().
 */
char *
meso_backup_decrypt_to_temp (const char  *encrypted_path,
                             const char  *passphrase,
                             GError     **error)
{
  g_autofree char *plain = meso_backup_temp_path ("backup", error);

  if (plain == NULL)
    return NULL;
  if (!meso_backup_decrypt_file (encrypted_path, plain, passphrase, error))
    {
      meso_backup_remove_temp (plain);
      return NULL;
    }
  return g_steal_pointer (&plain);
}
