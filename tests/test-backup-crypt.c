/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Encrypted backups: what goes in comes out, and a wrong passphrase, one
 * changed byte, a cut-off file or a foreign one is refused by name with
 * nothing written. */
#define _GNU_SOURCE /* memmem */
#include <glib/gstdio.h>
#include <string.h>

#include "meso-backup-crypt.h"

#define PASSPHRASE "çay saati 17:00, Кофе"
#define CHUNK (64 * 1024)

typedef struct
{
  char *folder;
  char *plain;
  char *encrypted;
  char *decrypted;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->folder = g_dir_make_tmp ("backup-crypt-XXXXXX", NULL);
  fixture->plain = g_build_filename (fixture->folder, "plain.db", NULL);
  fixture->encrypted = g_build_filename (fixture->folder, "backup.db.enc", NULL);
  fixture->decrypted = g_build_filename (fixture->folder, "decrypted.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->plain);
  g_unlink (fixture->encrypted);
  g_unlink (fixture->decrypted);
  g_rmdir (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->plain);
  g_free (fixture->encrypted);
  g_free (fixture->decrypted);
}

/* A file of @size bytes that are not all alike. */
static GBytes *
write_plain (Fixture *fixture,
             gsize    size)
{
  guchar *data = g_malloc (size + 1);

  for (gsize i = 0; i < size; i++)
    data[i] = (guchar) (i * 7919 + i / 251);
  g_assert_true (g_file_set_contents (fixture->plain, (char *) data, size, NULL));
  return g_bytes_new_take (data, size);
}

static GBytes *
read_file (const char *path)
{
  char *contents;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static void
encrypt (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_backup_encrypt_file (fixture->plain, fixture->encrypted, PASSPHRASE,
                                           &error));
  g_assert_no_error (error);
}

/* Sizes around the chunk boundaries, and an empty file. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  static const gsize sizes[] = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 4321 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = write_plain (fixture, sizes[i]);
      g_autoptr(GBytes) decrypted = NULL;
      g_autoptr(GBytes) encrypted = NULL;
      g_autoptr(GError) error = NULL;
      GStatBuf st;

      encrypt (fixture);
      g_assert_true (meso_backup_is_encrypted (fixture->encrypted));
      g_assert_false (meso_backup_is_encrypted (fixture->plain));
      g_assert_cmpint (g_stat (fixture->encrypted, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      /* Nothing of the plain text shows. */
      encrypted = read_file (fixture->encrypted);
      if (sizes[i] >= 64)
        g_assert_null (memmem (g_bytes_get_data (encrypted, NULL), g_bytes_get_size (encrypted),
                               g_bytes_get_data (plain, NULL), 64));

      g_assert_true (meso_backup_decrypt_file (fixture->encrypted, fixture->decrypted, PASSPHRASE,
                                               &error));
      g_assert_no_error (error);
      decrypted = read_file (fixture->decrypted);
      g_assert_true (g_bytes_equal (plain, decrypted));
      g_assert_cmpint (g_stat (fixture->decrypted, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);

      g_unlink (fixture->encrypted);
      g_unlink (fixture->decrypted);
    }
}

static void
assert_refused (Fixture    *fixture,
                const char *passphrase,
                int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (meso_backup_decrypt_file (fixture->encrypted, fixture->decrypted, passphrase,
                                            &error));
  g_assert_error (error, MESO_BACKUP_CRYPT_ERROR, code);
  g_assert_nonnull (strstr (error->message, fixture->encrypted));
  g_assert_false (g_file_test (fixture->decrypted, G_FILE_TEST_EXISTS));
}

static void
test_wrong_passphrase (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) plain = write_plain (fixture, 2 * CHUNK);

  encrypt (fixture);
  assert_refused (fixture, PASSPHRASE " ", MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE);
  assert_refused (fixture, "", MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE);
}

/* Rewrites the encrypted file through @change. */
static void
change_encrypted (Fixture *fixture,
                  void (*change) (GByteArray *bytes, gsize at),
                  gsize    at)
{
  g_autoptr(GBytes) bytes = read_file (fixture->encrypted);
  g_autoptr(GByteArray) array = g_bytes_unref_to_array (g_steal_pointer (&bytes));

  change (array, at);
  g_assert_true (g_file_set_contents (fixture->encrypted, (char *) array->data, array->len, NULL));
}

static void
flip_byte (GByteArray *bytes,
           gsize       at)
{
  g_assert_cmpuint (at, <, bytes->len);
  bytes->data[at] ^= 0x01;
}

static void
truncate_at (GByteArray *bytes,
             gsize       at)
{
  g_byte_array_set_size (bytes, at);
}

static void
append_byte (GByteArray *bytes,
             gsize       at)
{
  g_byte_array_append (bytes, (const guint8 *) "x", 1);
}

/* One flipped byte anywhere after the key check is damage; one in the salt
 * is refused too. */
static void
test_flipped_byte (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) plain = write_plain (fixture, 2 * CHUNK + 100);
  gsize size;

  encrypt (fixture);
  {
    g_autoptr(GBytes) encrypted = read_file (fixture->encrypted);
    size = g_bytes_get_size (encrypted);
  }
  /* The stream's header, the first chunk, the second, the last tag. */
  const gsize places[] = { 50, 100, 72 + (CHUNK + 17) + 5, size - 1 };
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      change_encrypted (fixture, flip_byte, places[i]);
      assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);
      change_encrypted (fixture, flip_byte, places[i]);
    }
  /* The salt changed: the key derived is not the one checked, which reads
   * as a wrong passphrase (the message says the file may be changed). */
  change_encrypted (fixture, flip_byte, 10);
  assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_WRONG_PASSPHRASE);
  change_encrypted (fixture, flip_byte, 10);
  /* Flipped back, it opens: the refusals were the flips'. */
  g_assert_true (meso_backup_decrypt_file (fixture->encrypted, fixture->decrypted, PASSPHRASE,
                                           NULL));
}

/* Cut at a chunk's end (so that every chunk left is whole), inside a
 * chunk, inside the header; and one byte too many. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) plain = write_plain (fixture, 3 * CHUNK + 10);
  g_autoptr(GBytes) whole = NULL;
  gsize header = 72, sealed_chunk = CHUNK + 17;

  encrypt (fixture);
  whole = read_file (fixture->encrypted);
  const gsize cuts[] = { header + 2 * sealed_chunk, header + sealed_chunk + 1000,
                         g_bytes_get_size (whole) - 1 };
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_assert_true (g_file_set_contents (fixture->encrypted, g_bytes_get_data (whole, NULL),
                                          g_bytes_get_size (whole), NULL));
      change_encrypted (fixture, truncate_at, cuts[i]);
      assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);
    }
  g_assert_true (g_file_set_contents (fixture->encrypted, g_bytes_get_data (whole, NULL),
                                      g_bytes_get_size (whole), NULL));
  change_encrypted (fixture, append_byte, 0);
  assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);

  change_encrypted (fixture, truncate_at, 20);
  assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);
}

/* A file that is not one, and one whose header asks for 4 TiB of memory to
 * derive its key: refused before any is spent. */
static void
test_foreign (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) plain = write_plain (fixture, 1000);
  guint32 huge = GUINT32_TO_LE (G_MAXUINT32);

  g_assert_true (g_file_set_contents (fixture->encrypted, "SQLite format 3", -1, NULL));
  assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);

  g_unlink (fixture->encrypted);
  encrypt (fixture);
  {
    g_autoptr(GBytes) bytes = read_file (fixture->encrypted);
    g_autoptr(GByteArray) array = g_bytes_unref_to_array (g_steal_pointer (&bytes));

    memcpy (array->data + 28, &huge, 4);
    g_assert_true (g_file_set_contents (fixture->encrypted, (char *) array->data, array->len,
                                        NULL));
  }
  assert_refused (fixture, PASSPHRASE, MESO_BACKUP_CRYPT_ERROR_DAMAGED);
}

/* The output is never written over. */
static void
test_existing_output (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) plain = write_plain (fixture, 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) kept = NULL;

  encrypt (fixture);
  g_assert_true (g_file_set_contents (fixture->decrypted, "keep me", -1, NULL));
  g_assert_false (meso_backup_decrypt_file (fixture->encrypted, fixture->decrypted, PASSPHRASE,
                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  kept = read_file (fixture->decrypted);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "keep me", 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/backup-crypt/round-trip", test_round_trip);
  ADD ("/backup-crypt/wrong-passphrase", test_wrong_passphrase);
  ADD ("/backup-crypt/flipped-byte", test_flipped_byte);
  ADD ("/backup-crypt/truncated", test_truncated);
  ADD ("/backup-crypt/foreign", test_foreign);
  ADD ("/backup-crypt/existing-output", test_existing_output);
#undef ADD

  return g_test_run ();
}
