/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-thread-priority.c: the calling thread, and it alone, at the lowest CPU
 * priority (nice 19) and in the idle I/O class, for long work nobody waits
 * for, such as the daily backup and the full check of the file at start. */
#define G_LOG_DOMAIN "meso-thread-priority"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#ifdef __linux__
#include <linux/ioprio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "meso-thread-priority.h"

/**
 * meso_thread_priority_lower:
 * @error: return location for a #GError
 *
 * Lowers the calling thread's CPU priority to nice 19 and puts its I/O in
 * the idle class, which gets the disk only when no one else wants it (with
 * the BFQ scheduler; others ignore I/O classes). On Linux both are
 * attributes of a thread, named by its thread id: the rest of the process
 * keeps its priority. There is no way back without privileges, so call it
 * only on a thread of its own, never on a pool's thread that later runs
 * other work. Does nothing on other systems.
 *
 * Returns: %FALSE if either could not be set (the thread then runs on).
 */
gboolean
meso_thread_priority_lower (GError **error)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int saved_errno;

  /* Not setpriority (PRIO_PROCESS, 0, ...) or ioprio_set for getpid (): the
   * process id names the main thread, and would slow the windows down. */
  if (setpriority (PRIO_PROCESS, (id_t) tid, 19) != 0 ||
      syscall (SYS_ioprio_set, IOPRIO_WHO_PROCESS, tid,
               IOPRIO_PRIO_VALUE (IOPRIO_CLASS_IDLE, 0)) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not lower the priority of a background task: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }
#endif
  return TRUE;
}

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} LowPriorityRun;

static gpointer
run_at_low_priority (gpointer data)
{
  LowPriorityRun *run = data;
  g_autoptr(GTask) task = run->task;
  g_autoptr(GError) error = NULL;

  if (!meso_thread_priority_lower (&error))
    g_debug ("%s runs at normal priority: %s", g_task_get_name (task), error->message);
  run->func (task, g_task_get_source_object (task), g_task_get_task_data (task),
             g_task_get_cancellable (task));
  g_free (run);
  return NULL;
}

/**
 * meso_task_run_at_low_priority:
 * @task: the task; its name (g_task_set_name()) names the thread
 * @func: what to run
 *
 * Like g_task_run_in_thread(), but in a thread of its own that lowers its
 * priority first (meso_thread_priority_lower()) and ends with @func: a pool
 * thread would keep the low priority for whatever it runs next. With no
 * thread to spare, @func runs in the pool at normal priority, rather than
 * not at all.
 */
void
meso_task_run_at_low_priority (GTask           *task,
                               GTaskThreadFunc  func)
{
  LowPriorityRun *run = g_new0 (LowPriorityRun, 1);
  GThread *thread;

  run->task = g_object_ref (task);
  run->func = func;
  thread = g_thread_try_new (g_task_get_name (task), run_at_low_priority, run, NULL);
  if (thread != NULL)
    {
      g_thread_unref (thread);
      return;
    }
  g_object_unref (run->task);
  g_free (run);
  g_task_run_in_thread (task, func);
}
