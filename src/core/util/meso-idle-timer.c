/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-idle-timer.c: how long the workstation has been left alone, and when
 * that reaches the clinic's lock time. Idle time is a duration, so it is read
 * from the monotonic clock, which no change of the wall clock or time zone
 * moves; tests move this timer's reading forward instead of waiting. */
#define G_LOG_DOMAIN "meso-idle-timer"

#include "meso-idle-timer.h"

struct _MesoIdleTimer
{
  GObject  parent_instance;

  gint64   limit;           /* µs without input before "expired" */
  gint64   last_activity;   /* on this timer's clock */
  gint64   skew;            /* added to the monotonic clock by meso_idle_timer_advance() */
  gboolean running;
  guint    source;
};

G_DEFINE_FINAL_TYPE (MesoIdleTimer, meso_idle_timer, G_TYPE_OBJECT)

enum {
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now (MesoIdleTimer *self)
{
  return g_get_monotonic_time () + self->skew;
}

static void check (MesoIdleTimer *self);

static gboolean
on_timeout_cb (gpointer user_data)
{
  MesoIdleTimer *self = user_data;

  self->source = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

/* Expires when the limit is reached; otherwise looks again when it could
 * first be, not by polling. Whole seconds let GLib group the wake-ups. */
static void
check (MesoIdleTimer *self)
{
  gint64 idle = now (self) - self->last_activity;

  g_clear_handle_id (&self->source, g_source_remove);
  if (!self->running)
    return;
  if (idle >= self->limit)
    {
      self->running = FALSE;
      g_signal_emit (self, signals[EXPIRED], 0);
      return;
    }
  self->source = g_timeout_add_seconds ((guint) MAX (1, (self->limit - idle) / G_USEC_PER_SEC + 1),
                                        on_timeout_cb, self);
}

static void
meso_idle_timer_dispose (GObject *object)
{
  MesoIdleTimer *self = MESO_IDLE_TIMER (object);

  g_clear_handle_id (&self->source, g_source_remove);

  G_OBJECT_CLASS (meso_idle_timer_parent_class)->dispose (object);
}

static void
meso_idle_timer_class_init (MesoIdleTimerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_idle_timer_dispose;

  /**
   * MesoIdleTimer::expired:
   *
   * Nobody has touched the workstation for the limit's time. The timer
   * stops; meso_idle_timer_start() starts it again.
   */
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
meso_idle_timer_init (MesoIdleTimer *self)
{
}

MesoIdleTimer *
meso_idle_timer_new (void)
{
  return g_object_new (MESO_TYPE_IDLE_TIMER, NULL);
}

/**
 * meso_idle_timer_start:
 * @limit: how long without input, in microseconds, before it expires
 *
 * Counts idle time from now on.
 */
void
meso_idle_timer_start (MesoIdleTimer *self,
                       gint64         limit)
{
  g_return_if_fail (MESO_IS_IDLE_TIMER (self));
  g_return_if_fail (limit > 0);

  self->limit = limit;
  self->last_activity = now (self);
  self->running = TRUE;
  check (self);
}

/**
 * meso_idle_timer_stop:
 *
 * Stops counting, for as long as there is nothing to lock.
 */
void
meso_idle_timer_stop (MesoIdleTimer *self)
{
  g_return_if_fail (MESO_IS_IDLE_TIMER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->source, g_source_remove);
}

/**
 * meso_idle_timer_is_running:
 *
 * Returns: whether it counts, that is, started and not yet expired or stopped
 */
gboolean
meso_idle_timer_is_running (MesoIdleTimer *self)
{
  g_return_val_if_fail (MESO_IS_IDLE_TIMER (self), FALSE);

  return self->running;
}

/**
 * meso_idle_timer_set_limit:
 * @limit: the new limit, in microseconds
 *
 * Changes the limit without counting afresh: idle time already passed
 * counts towards the new limit, which may expire the timer at once.
 */
void
meso_idle_timer_set_limit (MesoIdleTimer *self,
                           gint64         limit)
{
  g_return_if_fail (MESO_IS_IDLE_TIMER (self));
  g_return_if_fail (limit > 0);

  self->limit = limit;
  if (self->running)
    check (self);
}

/**
 * meso_idle_timer_touch:
 *
 * Someone used the workstation: idle time starts again from zero. Cheap
 * enough to call for every input event; the timeout is moved only when it
 * fires.
 */
void
meso_idle_timer_touch (MesoIdleTimer *self)
{
  g_return_if_fail (MESO_IS_IDLE_TIMER (self));

  self->last_activity = now (self);
}

/**
 * meso_idle_timer_get_idle:
 *
 * Returns: microseconds since the last input, or since the start
 */
gint64
meso_idle_timer_get_idle (MesoIdleTimer *self)
{
  g_return_val_if_fail (MESO_IS_IDLE_TIMER (self), 0);

  return now (self) - self->last_activity;
}

/**
 * meso_idle_timer_advance:
 * @usec: how far to move this timer's clock forward, in microseconds
 *
 * Moves this timer's reading of the monotonic clock forward, as if @usec
 * had passed with no input, and expires it if that reaches the limit: the
 * way tests see minutes pass without waiting for them.
 */
void
meso_idle_timer_advance (MesoIdleTimer *self,
                         gint64         usec)
{
  g_return_if_fail (MESO_IS_IDLE_TIMER (self));
  g_return_if_fail (usec >= 0);

  self->skew += usec;
  if (self->running)
    check (self);
}
