/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-date-format.c: the long date formats, as each language writes a date.
 *
 * The order of weekday, day and month and the words between them differ
 * ("Monday 30 November", "lunes, 30 de noviembre", "30 Kasım Pazartesi"),
 * so the formats a sentence or a title uses are translated, not only the
 * names strftime() puts in them. Short forms ("Mon 30 Nov") are day-first
 * in every language Mesodesk speaks and stay as they are. */
#include <glib/gi18n.h>

#include "meso-date-format.h"

/* Returns: a day in a sentence, for g_date_time_format() or g_date_strftime(). */
const char *
meso_date_format_day (void)
{
  /* Translators: a day in a sentence, "Monday 30 November"; the % codes are
   * g_date_time_format()'s: %A weekday, %-d day, %B month. */
  return C_("date format", "%A %-d %B");
}

/* Returns: a day with its year, for g_date_time_format() or g_date_strftime(). */
const char *
meso_date_format_day_year (void)
{
  /* Translators: "Monday 30 November 2026"; %Y is the year. */
  return C_("date format", "%A %-d %B %Y");
}

/* Returns: a date without its weekday, for g_date_time_format() or g_date_strftime(). */
const char *
meso_date_format_date (void)
{
  /* Translators: "30 November 2026". */
  return C_("date format", "%-d %B %Y");
}
