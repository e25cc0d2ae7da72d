/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-vcard.h: patients read from the contacts an address book or a phone
 * exports as vCard 3.0 or 4.0. */
#pragma once

#include <glib.h>

#include "meso-import-row.h"

G_BEGIN_DECLS

GPtrArray *meso_vcard_read (const char  *text,
                            GError     **error);

G_END_DECLS
