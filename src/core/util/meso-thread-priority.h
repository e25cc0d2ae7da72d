/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-thread-priority.h: a worker thread that yields the CPU and the disk
 * to everything else. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean meso_thread_priority_lower    (GError          **error);
void     meso_task_run_at_low_priority (GTask            *task,
                                        GTaskThreadFunc   func);

G_END_DECLS
