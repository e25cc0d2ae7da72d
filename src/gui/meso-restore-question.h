/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-restore-question.h: the question asked before a backup replaces
 * all data, with the passphrase of an encrypted one. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget  *meso_restore_question_new            (GtkWindow        *parent,
                                                  const char       *path,
                                                  GDateTime        *taken,
                                                  const char       *saved_folder);
const char *meso_restore_question_get_passphrase (AdwMessageDialog *question);

G_END_DECLS
