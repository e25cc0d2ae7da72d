/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clock.c: the clinic's date and hour come from its own time zone, not
 * the workstation's (the tests run with TZ=UTC, three hours from Istanbul
 * and from São Paulo), and the day and minute signals fire as the clock
 * crosses them. */
#include "meso-test-session.h"

/* Friday 20 November 2026, 21:30 UTC: already Saturday 00:30 in Istanbul. */
#define ISTANBUL_PAST_MIDNIGHT 1795210200
/* Saturday 21 November 2026, 02:30 UTC: still Friday 23:30 in São Paulo. */
#define SAO_PAULO_BEFORE_MIDNIGHT 1795228200
/* Friday 20 November 2026, 23:59:30 in Istanbul (20:59:30 UTC). */
#define ISTANBUL_LAST_MINUTE 1795208370

typedef struct
{
  char        *dir;
  MesoContext *context;
  MesoStaff   *admin;
  guint        days_changed;
  guint        minutes_changed;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  /* The clinic's zone is the administrator's to set. */
  f->admin = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_ADMINISTRATOR,
                                "Administrator");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_assert_finalize_object (f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
set_zone (Fixture    *f,
          const char *zone)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_clinic_set_text (meso_context_get_clinic (f->context),
                                       MESO_CLINIC_TIME_ZONE, zone, &error));
  g_assert_no_error (error);
}

static void
assert_date (const GDate *date,
             int          year,
             int          month,
             int          day)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_year (date), ==, year);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_day (date), ==, day);
}

static void
on_day_changed_cb (MesoClock *clock,
                   Fixture   *f)
{
  f->days_changed++;
}

static void
on_minute_changed_cb (MesoClock *clock,
                      Fixture   *f)
{
  f->minutes_changed++;
}

static void
count_signals (Fixture   *f,
               MesoClock *clock)
{
  g_signal_connect (clock, "day-changed", G_CALLBACK (on_day_changed_cb), f);
  g_signal_connect (clock, "minute-changed", G_CALLBACK (on_minute_changed_cb), f);
}

/* The workstation says Friday 21:30; the clinic in Istanbul is at Saturday
 * 00:30, and that is the day and hour every window reads. */
static void
test_clinic_zone (Fixture       *f,
                  gconstpointer  data)
{
  MesoClock *clock = meso_context_get_clock (f->context);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *shown = NULL;
  GDate today;

  g_assert_cmpstr (g_getenv ("TZ"), ==, "UTC");
  set_zone (f, "Europe/Istanbul");
  meso_clock_set_now (clock, ISTANBUL_PAST_MIDNIGHT);

  g_assert_cmpint (meso_clock_get_now (clock), ==, ISTANBUL_PAST_MIDNIGHT);
  now = meso_clock_dup_now (clock);
  g_assert_cmpint (g_date_time_get_day_of_month (now), ==, 21);
  g_assert_cmpint (g_date_time_get_hour (now), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (now), ==, 30);
  shown = meso_clock_format (clock, ISTANBUL_PAST_MIDNIGHT, "%Y-%m-%d %H:%M");
  g_assert_cmpstr (shown, ==, "2026-11-21 00:30");

  meso_context_get_today (f->context, &today);
  assert_date (&today, 2026, 11, 21);
}

/* The reverse: at 23:30 in São Paulo the workstation is already on the
 * next day, and the clinic's today is still Friday. */
static void
test_evening_before_workstation (Fixture       *f,
                                 gconstpointer  data)
{
  MesoClock *clock = meso_context_get_clock (f->context);
  g_autofree char *shown = NULL;
  GDate today;

  set_zone (f, "America/Sao_Paulo");
  meso_clock_set_now (clock, SAO_PAULO_BEFORE_MIDNIGHT);

  meso_context_get_today (f->context, &today);
  assert_date (&today, 2026, 11, 20);
  shown = meso_clock_format (clock, SAO_PAULO_BEFORE_MIDNIGHT, "%H:%M");
  g_assert_cmpstr (shown, ==, "23:30");
}

/* Crossing the clinic's midnight announces the new day once; seconds
 * within a minute announce nothing. */
static void
test_day_rollover (Fixture       *f,
                   gconstpointer  data)
{
  MesoClock *clock = meso_context_get_clock (f->context);
  GDate today;

  set_zone (f, "Europe/Istanbul");
  meso_clock_set_now (clock, ISTANBUL_LAST_MINUTE);
  count_signals (f, clock);

  meso_clock_set_now (clock, ISTANBUL_LAST_MINUTE + 20);     /* 23:59:50 */
  g_assert_cmpuint (f->days_changed, ==, 0);
  g_assert_cmpuint (f->minutes_changed, ==, 0);
  meso_clock_get_today (clock, &today);
  assert_date (&today, 2026, 11, 20);

  meso_clock_set_now (clock, ISTANBUL_LAST_MINUTE + 40);     /* 00:00:10 */
  g_assert_cmpuint (f->days_changed, ==, 1);
  g_assert_cmpuint (f->minutes_changed, ==, 1);
  meso_clock_get_today (clock, &today);
  assert_date (&today, 2026, 11, 21);

  meso_clock_set_now (clock, ISTANBUL_LAST_MINUTE + 100);    /* 00:01:10 */
  g_assert_cmpuint (f->days_changed, ==, 1);
  g_assert_cmpuint (f->minutes_changed, ==, 2);

  /* A suspend over a whole day: one day-changed, with the right date. */
  meso_clock_set_now (clock, ISTANBUL_LAST_MINUTE + 2 * 24 * 3600);
  g_assert_cmpuint (f->days_changed, ==, 2);
  meso_clock_get_today (clock, &today);
  assert_date (&today, 2026, 11, 22);
}

/* Changing the clinic's zone in the preferences moves the clock with it,
 * and a clinic with no zone set uses the workstation's. */
static void
test_follows_setting (Fixture       *f,
                      gconstpointer  data)
{
  MesoClock *clock = meso_context_get_clock (f->context);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GDate today;

  meso_clock_set_now (clock, ISTANBUL_PAST_MIDNIGHT);
  count_signals (f, clock);
  meso_clock_get_today (clock, &today);
  assert_date (&today, 2026, 11, 20);
  before = meso_clock_format (clock, ISTANBUL_PAST_MIDNIGHT, "%H:%M");
  g_assert_cmpstr (before, ==, "21:30");

  set_zone (f, "Europe/Istanbul");
  after = meso_clock_format (clock, ISTANBUL_PAST_MIDNIGHT, "%H:%M");
  g_assert_cmpstr (after, ==, "00:30");
  /* The next look at the clock (a tick, here the same instant again)
   * announces the clinic's new date. */
  meso_clock_set_now (clock, ISTANBUL_PAST_MIDNIGHT);
  g_assert_cmpuint (f->days_changed, ==, 1);
  meso_clock_get_today (clock, &today);
  assert_date (&today, 2026, 11, 21);
}

/* Left alone, the clock reads the system's time. */
static void
test_wall_clock (void)
{
  g_autoptr(MesoClock) clock = meso_clock_new (NULL);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 now = meso_clock_get_now (clock);

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, g_get_real_time () / G_USEC_PER_SEC);
}

/* A new demo clinic is in Istanbul from its first open: the clock must not
 * keep the empty zone it was given before the demo was written. */
static void
test_new_demo_zone (void)
{
  g_autofree char *dir = meso_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoContext) context = meso_context_open (path, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_time_zone_get_identifier (meso_clock_get_zone (
                     meso_context_get_clock (context))), ==, "Europe/Istanbul");
  g_clear_object (&context);
  meso_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meso/clock/clinic-zone", Fixture, NULL, fixture_set_up, test_clinic_zone,
              fixture_tear_down);
  g_test_add ("/meso/clock/evening-before-workstation", Fixture, NULL, fixture_set_up,
              test_evening_before_workstation, fixture_tear_down);
  g_test_add ("/meso/clock/day-rollover", Fixture, NULL, fixture_set_up, test_day_rollover,
              fixture_tear_down);
  g_test_add ("/meso/clock/follows-setting", Fixture, NULL, fixture_set_up,
              test_follows_setting, fixture_tear_down);
  g_test_add_func ("/meso/clock/wall-clock", test_wall_clock);
  g_test_add_func ("/meso/clock/new-demo-zone", test_new_demo_zone);

  return g_test_run ();
}
