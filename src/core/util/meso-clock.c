/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-clock.c: "now" for the whole application, read in one place and in
 * the clinic's time zone, with signals when the minute and the day change;
 * tests stop it at an instant of their choosing. */
#define G_LOG_DOMAIN "meso-clock"

#include "meso-clock.h"

struct _MesoClock
{
  GObject     parent_instance;

  MesoClinic *clinic;         /* whose time zone setting is followed */
  char       *zone_id;        /* the setting the zone was made from */
  GTimeZone  *zone;
  gboolean    fixed;          /* stopped at @now by a test */
  gint64      now;
  gint64      last_minute;    /* what the signals last announced */
  GDate       last_day;
  guint       tick_source;
};

G_DEFINE_FINAL_TYPE (MesoClock, meso_clock, G_TYPE_OBJECT)

enum {
  DAY_CHANGED,
  MINUTE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
meso_clock_dispose (GObject *object)
{
  MesoClock *self = MESO_CLOCK (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->clinic);

  G_OBJECT_CLASS (meso_clock_parent_class)->dispose (object);
}

static void
meso_clock_finalize (GObject *object)
{
  MesoClock *self = MESO_CLOCK (object);

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->zone_id);

  G_OBJECT_CLASS (meso_clock_parent_class)->finalize (object);
}

static void
meso_clock_class_init (MesoClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = meso_clock_dispose;
  object_class->finalize = meso_clock_finalize;

  /**
   * MesoClock::day-changed:
   *
   * Emitted when the clinic's date changes: at midnight in its time zone,
   * after a suspend or a clock change across midnight, or when the
   * clinic's time zone setting moves it to another date.
   */
  signals[DAY_CHANGED] = g_signal_new ("day-changed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MesoClock::minute-changed:
   *
   * Emitted when a new minute starts (or several have passed at once).
   */
  signals[MINUTE_CHANGED] = g_signal_new ("minute-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
meso_clock_init (MesoClock *self)
{
  g_date_clear (&self->last_day, 1);
}

/* Made again whenever the setting differs from the one it was made from,
 * so a zone changed in the preferences applies at once. */
static GTimeZone *
current_zone (MesoClock *self)
{
  const char *id = self->clinic != NULL
                     ? meso_clinic_get_text (self->clinic, MESO_CLINIC_TIME_ZONE) : "";

  if (self->zone == NULL || g_strcmp0 (id, self->zone_id) != 0)
    {
      g_clear_pointer (&self->zone, g_time_zone_unref);
      g_free (self->zone_id);
      self->zone_id = g_strdup (id);
      self->zone = *id != '\0' ? g_time_zone_new_identifier (id) : NULL;
      /* An empty setting (or one no longer known here): the workstation's. */
      if (self->zone == NULL)
        self->zone = g_time_zone_new_local ();
    }
  return self->zone;
}

/* Announces what changed since the last call. */
static void
check_changes (MesoClock *self)
{
  gint64 minute;
  GDate today;

  minute = meso_clock_get_now (self);
  minute = minute >= 0 ? minute / 60 : (minute - 59) / 60;
  meso_clock_get_today (self, &today);
  if (!g_date_valid (&self->last_day) || g_date_compare (&today, &self->last_day) != 0)
    {
      gboolean first = !g_date_valid (&self->last_day);

      self->last_day = today;
      if (!first)
        g_signal_emit (self, signals[DAY_CHANGED], 0);
    }
  if (minute != self->last_minute)
    {
      self->last_minute = minute;
      g_signal_emit (self, signals[MINUTE_CHANGED], 0);
    }
}

static gboolean on_tick_cb (gpointer user_data);

/* Timeouts run on the monotonic clock, which stops during a suspend and
 * ignores clock changes: waiting at most a minute, and reading the wall
 * clock again at each tick, catches both within a minute. */
static void
schedule_tick (MesoClock *self)
{
  gint64 ms = g_get_real_time () / 1000;

  self->tick_source = g_timeout_add (60000 - ms % 60000 + 1, on_tick_cb, self);
  g_source_set_name_by_id (self->tick_source, "[mesodesk] clock tick");
}

static gboolean
on_tick_cb (gpointer user_data)
{
  MesoClock *self = user_data;

  self->tick_source = 0;
  schedule_tick (self);
  check_changes (self);
  return G_SOURCE_REMOVE;
}

/**
 * meso_clock_new:
 * @clinic: (nullable): whose time zone setting to follow; %NULL for the
 *   workstation's zone
 *
 * Returns: (transfer full): a clock that reads the system time and emits
 * its signals from the thread-default main context of the caller. Read it
 * from that thread only.
 */
MesoClock *
meso_clock_new (MesoClinic *clinic)
{
  MesoClock *self = g_object_new (MESO_TYPE_CLOCK, NULL);

  self->clinic = clinic != NULL ? g_object_ref (clinic) : NULL;
  check_changes (self);
  schedule_tick (self);
  return self;
}

/**
 * meso_clock_new_fixed:
 * @now: the instant it shows, in Unix seconds
 *
 * Returns: (transfer full): a clock that stays at @now until
 * meso_clock_set_now() moves it: for tests and the benchmark.
 */
MesoClock *
meso_clock_new_fixed (MesoClinic *clinic,
                      gint64      now)
{
  MesoClock *self = g_object_new (MESO_TYPE_CLOCK, NULL);

  self->clinic = clinic != NULL ? g_object_ref (clinic) : NULL;
  self->fixed = TRUE;
  self->now = now;
  check_changes (self);
  return self;
}

/**
 * meso_clock_set_now:
 * @now: an instant in Unix seconds
 *
 * Stops the clock at @now (for tests), and emits #MesoClock::day-changed
 * and #MesoClock::minute-changed as the move across them requires.
 */
void
meso_clock_set_now (MesoClock *self,
                    gint64     now)
{
  g_return_if_fail (MESO_IS_CLOCK (self));

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->fixed = TRUE;
  self->now = now;
  check_changes (self);
}

/* Returns: the time now, in Unix seconds. */
gint64
meso_clock_get_now (MesoClock *self)
{
  g_return_val_if_fail (MESO_IS_CLOCK (self), 0);

  return self->fixed ? self->now : g_get_real_time () / G_USEC_PER_SEC;
}

/* Returns: (transfer full): the time now in the clinic's time zone. */
GDateTime *
meso_clock_dup_now (MesoClock *self)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (meso_clock_get_now (self));

  return g_date_time_to_timezone (utc, current_zone (self));
}

/**
 * meso_clock_get_today:
 * @out_today: (out caller-allocates): the clinic's date today
 */
void
meso_clock_get_today (MesoClock *self,
                      GDate     *out_today)
{
  g_autoptr(GDateTime) now = meso_clock_dup_now (self);

  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

/* Returns: (transfer none): the clinic's time zone, as set now. */
GTimeZone *
meso_clock_get_zone (MesoClock *self)
{
  g_return_val_if_fail (MESO_IS_CLOCK (self), NULL);

  return current_zone (self);
}

/* Returns: (transfer full): @time in the clinic's time zone. */
GDateTime *
meso_clock_to_clinic_time (MesoClock *self,
                           GDateTime *time)
{
  return g_date_time_to_timezone (time, current_zone (self));
}

/**
 * meso_clock_format:
 * @instant: Unix seconds
 * @format: as for g_date_time_format()
 *
 * Returns: (transfer full): @instant as the clinic's wall clock shows it.
 */
char *
meso_clock_format (MesoClock  *self,
                   gint64      instant,
                   const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, current_zone (self));

  return g_date_time_format (local, format);
}
