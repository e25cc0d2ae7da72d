/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-agenda-keeper.c: writes each practitioner's agenda (the past month
 * and the next six) to "<name>.ics" in a folder, again after every change
 * of the schedule, here or on another workstation. Each file is replaced
 * whole (written beside it, then renamed), so a calendar program that
 * watches it never reads half of one. The writing runs in a worker thread
 * on a context of its own that acts for the clinic, one pass at a time: a
 * change during a pass makes one more pass after it. */
#define G_LOG_DOMAIN "meso-schedule"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "meso-agenda-keeper.h"
#include "meso-ical.h"

#define DAY (24 * 60 * 60)
#define PAST_DAYS 31
#define AHEAD_DAYS 183

struct _MesoAgendaKeeper
{
  GObject      parent_instance;

  MesoContext *worker;    /* used by one pass at a time, in its thread */
  char        *folder;
  gboolean     writing;
  gboolean     again;     /* changed while writing */
  gboolean     stopped;   /* a pass under way finishes; no more follow */
};

G_DEFINE_FINAL_TYPE (MesoAgendaKeeper, meso_agenda_keeper, G_TYPE_OBJECT)

enum
{
  WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
meso_agenda_keeper_finalize (GObject *object)
{
  MesoAgendaKeeper *self = MESO_AGENDA_KEEPER (object);

  g_clear_object (&self->worker);
  g_free (self->folder);
  G_OBJECT_CLASS (meso_agenda_keeper_parent_class)->finalize (object);
}

static void
meso_agenda_keeper_class_init (MesoAgendaKeeperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_agenda_keeper_finalize;

  /**
   * MesoAgendaKeeper::written:
   * @error: (nullable): why the files were not all written
   *
   * Emitted after each pass.
   */
  signals[WRITTEN] = g_signal_new ("written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
meso_agenda_keeper_init (MesoAgendaKeeper *self)
{
}

/**
 * meso_agenda_keeper_dup_path:
 *
 * Returns: (transfer full): where the agenda of the practitioner named
 * @practitioner_name is kept: the name is the file's, so that it says
 * whose it is.
 */
char *
meso_agenda_keeper_dup_path (MesoAgendaKeeper *self,
                             const char       *practitioner_name)
{
  g_autofree char *name = g_strdup_printf ("%s.ics", practitioner_name);

  return g_build_filename (self->folder, g_strdelimit (name, "/\\", '-'), NULL);
}

/* In the worker thread: one pass over every practitioner. */
static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  MesoAgendaKeeper *self = source;
  MesoSchedule *schedule = meso_context_get_schedule (self->worker);
  gint64 now = meso_clock_get_now (meso_context_get_clock (self->worker));
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;
  MesoResources *resources;
  GPtrArray *practitioners;

  /* Practitioners may have been added or renamed elsewhere. */
  meso_schedule_resources_changed_elsewhere (schedule);
  resources = meso_schedule_get_resources (schedule, &error);
  if (resources == NULL ||
      (appointments = meso_schedule_list_range (schedule, now - PAST_DAYS * DAY,
                                                now + AHEAD_DAYS * DAY, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  practitioners = meso_resources_get_practitioners (resources);
  for (guint i = 0; i < practitioners->len; i++)
    {
      MesoPractitioner *practitioner = g_ptr_array_index (practitioners, i);
      g_autofree char *path = NULL;
      g_autofree char *calendar = NULL;

      if (!practitioner->active)
        continue;
      path = meso_agenda_keeper_dup_path (self, practitioner->name);
      calendar = meso_ical_agenda_of (schedule, appointments, practitioner->id, now, &error);
      if (calendar == NULL || !meso_ical_save (path, calendar, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void write_soon (MesoAgendaKeeper *self);

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  MesoAgendaKeeper *self = MESO_AGENDA_KEEPER (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("The agendas in %s were not all written: %s", self->folder, error->message);
  self->writing = FALSE;
  g_signal_emit (self, signals[WRITTEN], 0, error);
  if (self->again && !self->stopped)
    write_soon (self);
}

/* Writes the agendas again, now or after the pass under way. */
static void
write_soon (MesoAgendaKeeper *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->stopped)
    return;
  if (self->writing)
    {
      self->again = TRUE;
      return;
    }
  self->writing = TRUE;
  self->again = FALSE;
  task = g_task_new (self, NULL, on_written_cb, NULL);
  g_task_run_in_thread (task, write_in_thread);
}

/**
 * meso_agenda_keeper_new:
 * @folder: where the files go; made if missing
 *
 * Writes the agendas of @context's clinic into @folder now, and again
 * after every change, while the keeper lives.
 *
 * Returns: (transfer full) (nullable): the keeper, or %NULL with @error
 */
MesoAgendaKeeper *
meso_agenda_keeper_new (MesoContext  *context,
                        const char   *folder,
                        GError      **error)
{
  g_autoptr(MesoAgendaKeeper) self = g_object_new (MESO_TYPE_AGENDA_KEEPER, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the folder %s: %s"), folder, g_strerror (saved_errno));
      return NULL;
    }
  self->worker = meso_context_open_worker (context, meso_context_get_clock (context), error);
  if (self->worker == NULL)
    return NULL;
  self->folder = g_strdup (folder);
  g_signal_connect_object (meso_context_get_schedule (context), "changed",
                           G_CALLBACK (write_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (meso_context_get_schedule (context), "appointments-changed",
                           G_CALLBACK (write_soon), self, G_CONNECT_SWAPPED);
  /* Initials or the clinic's name. */
  g_signal_connect_object (meso_context_get_clinic (context), "changed",
                           G_CALLBACK (write_soon), self, G_CONNECT_SWAPPED);
  write_soon (self);
  return g_steal_pointer (&self);
}

/**
 * meso_agenda_keeper_stop:
 *
 * Writes no more: the keeper is no longer wanted, though a pass under way
 * (which holds it) finishes.
 */
void
meso_agenda_keeper_stop (MesoAgendaKeeper *self)
{
  self->stopped = TRUE;
}

const char *
meso_agenda_keeper_get_folder (MesoAgendaKeeper *self)
{
  return self->folder;
}

/* Returns: (transfer full): where a workstation keeps the agendas: in the
 * user's own data folder, as the files name patients. */
char *
meso_agenda_keeper_dup_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "mesodesk", "agendas", NULL);
}
