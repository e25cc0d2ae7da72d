/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The code tables are enum GTypes whose nicks are the database codes. Their
 * enums are plain C enums with no negative values, so they have the size of
 * an int and an out pointer to one may be passed as `int *`. */

gboolean    meso_enum_from_code (GType       enum_type,
                                 const char *code,
                                 int        *out_value);
const char *meso_enum_to_code   (GType       enum_type,
                                 int         value);
guint       meso_enum_count     (GType       enum_type);

G_END_DECLS
