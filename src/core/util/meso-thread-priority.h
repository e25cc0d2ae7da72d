/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-thread-priority.h: a worker thread that yields the CPU and the disk
 * to everything else. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean meso_thread_priority_lower (GError **error);

G_END_DECLS
