/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-passphrase.h: a backup's passphrase, typed at a terminal or read
 * from a private file, and the rule a new one keeps. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Long enough that guessing it, at Argon2id's price per guess, is hopeless. */
#define MESO_PASSPHRASE_MIN_CHARS 12

gboolean  meso_passphrase_check_new (const char  *passphrase,
                                     GError     **error);
char     *meso_passphrase_read_file (const char  *path,
                                     GError     **error);
char     *meso_passphrase_ask       (const char  *prompt,
                                     GError     **error);
void      meso_passphrase_free      (char        *passphrase);

G_END_DECLS
