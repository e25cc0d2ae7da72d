/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-idle-timer.c: the workstation's idle timer expires once after the
 * limit without input, input starts idle time again, a shorter limit
 * counts the time already idle, and a stopped timer never expires. */
#include "meso-idle-timer.h"
#include "meso-test-util.h"

#define MINUTE (60 * G_USEC_PER_SEC)

static MesoIdleTimer *
new_timer (guint *expired)
{
  MesoIdleTimer *timer = meso_idle_timer_new ();

  g_signal_connect_swapped (timer, "expired", G_CALLBACK (meso_test_count_cb), expired);
  return timer;
}

static void
test_input_keeps_it_running (void)
{
  guint expired = 0;
  g_autoptr(MesoIdleTimer) timer = new_timer (&expired);

  meso_idle_timer_start (timer, MINUTE);
  /* Input every 12 s for two minutes: never a whole minute idle. */
  for (int i = 0; i < 10; i++)
    {
      meso_idle_timer_advance (timer, 12 * G_USEC_PER_SEC);
      meso_idle_timer_touch (timer);
    }
  g_assert_cmpuint (expired, ==, 0);
  g_assert_true (meso_idle_timer_is_running (timer));
  g_assert_cmpint (meso_idle_timer_get_idle (timer), <, G_USEC_PER_SEC);

  meso_idle_timer_advance (timer, MINUTE - 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (expired, ==, 0);
  meso_idle_timer_advance (timer, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (expired, ==, 1);
  g_assert_false (meso_idle_timer_is_running (timer));

  /* Expired once: more idle time does not expire it again. */
  meso_idle_timer_advance (timer, 10 * MINUTE);
  g_assert_cmpuint (expired, ==, 1);

  /* Started again, it counts from the start. */
  meso_idle_timer_start (timer, MINUTE);
  meso_idle_timer_advance (timer, MINUTE / 2);
  g_assert_cmpuint (expired, ==, 1);
  meso_idle_timer_advance (timer, MINUTE / 2);
  g_assert_cmpuint (expired, ==, 2);
}

static void
test_shorter_limit (void)
{
  guint expired = 0;
  g_autoptr(MesoIdleTimer) timer = new_timer (&expired);

  meso_idle_timer_start (timer, 5 * MINUTE);
  meso_idle_timer_advance (timer, 3 * MINUTE);
  meso_idle_timer_set_limit (timer, 4 * MINUTE);
  g_assert_cmpuint (expired, ==, 0);
  /* Three minutes idle already count towards a two-minute limit. */
  meso_idle_timer_set_limit (timer, 2 * MINUTE);
  g_assert_cmpuint (expired, ==, 1);
}

static void
test_stopped (void)
{
  guint expired = 0;
  g_autoptr(MesoIdleTimer) timer = new_timer (&expired);

  meso_idle_timer_advance (timer, 10 * MINUTE);
  g_assert_cmpuint (expired, ==, 0);
  meso_idle_timer_start (timer, MINUTE);
  meso_idle_timer_stop (timer);
  meso_idle_timer_advance (timer, 10 * MINUTE);
  g_assert_cmpuint (expired, ==, 0);
  g_assert_false (meso_idle_timer_is_running (timer));
}

/* The real clock, not only the test's: a one-second limit expires from
 * the main loop. */
static gboolean
expired_or_late (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_real_time (void)
{
  guint expired = 0;
  g_autoptr(MesoIdleTimer) timer = new_timer (&expired);
  gint64 started = g_get_monotonic_time ();

  meso_idle_timer_start (timer, G_USEC_PER_SEC);
  while (!expired_or_late (&expired) && g_get_monotonic_time () - started < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (expired, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meso/idle-timer/input-keeps-it-running", test_input_keeps_it_running);
  g_test_add_func ("/meso/idle-timer/shorter-limit", test_shorter_limit);
  g_test_add_func ("/meso/idle-timer/stopped", test_stopped);
  g_test_add_func ("/meso/idle-timer/real-time", test_real_time);

  return g_test_run ();
}
