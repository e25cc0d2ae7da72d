/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-output-file.h: choosing a file to write an export to, safely. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean meso_output_file_is_database (const char  *path,
                                       const char  *database);
gboolean meso_output_file_check (const char  *path,
                                 const char  *database,
                                 gboolean     replace,
                                 GError     **error);

G_END_DECLS
