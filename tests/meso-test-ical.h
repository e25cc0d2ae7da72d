/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-ical.h: what every iCalendar file Mesodesk writes must pass:
 * libical's METHOD:PUBLISH restrictions and Python's icalendar. */
#pragma once

#include <gio/gio.h>
#include <libical/ical.h>

/* Python's icalendar, which other calendar programs' authors use, reads
 * @text's events. */
static inline void
meso_test_assert_python_reads (const char *text)
{
  static const char *const script =
    "import sys, icalendar\n"
    "calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\n"
    "events = calendar.walk('VEVENT')\n"
    "assert events and all(e.get('UID') and e.get('DTSTART') for e in events)\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                                                    "/usr/bin/python3", "-c", script, NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (python, text, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (python));
  g_assert_cmpint (g_subprocess_get_exit_status (python), ==, 0);
}

/* What RFC 5546 asks of a published calendar (an ORGANIZER on each event
 * among others), as libical checks it; and Python's icalendar reads it. */
static inline void
meso_test_assert_publishable (const char *text)
{
  icalcomponent *calendar = icalparser_parse_string (text);

  meso_test_assert_python_reads (text);
  g_assert_nonnull (calendar);
  if (!icalrestriction_check (calendar) || icalcomponent_count_errors (calendar) > 0)
    {
      char *checked = icalcomponent_as_ical_string_r (calendar);

      g_error ("not a valid METHOD:PUBLISH calendar:\n%s", checked);
    }
  icalcomponent_free (calendar);
}
