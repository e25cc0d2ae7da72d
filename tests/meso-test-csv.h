/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-csv.h: reads an exported CSV file back as a spreadsheet would,
 * strictly by RFC 4180, so a test asserts the cells and not the bytes. */
#pragma once

#include <glib.h>

/* Returns: (transfer full) (element-type GStrv): the rows of the file at
 * @path; asserts the UTF-8 byte-order mark, CRLF row ends and quoting. */
static inline GPtrArray *
meso_test_read_csv (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  p = text + 3;
  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_cmpint (*p, !=, '\0');   /* an unclosed quote */
              if (*p == '"')
                p++;
              g_string_append_c (cell, *p);
            }
          p++;
        }
      else
        for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
          {
            g_assert_cmpint (*p, !=, '"');    /* a quote in an unquoted cell */
            g_assert_cmpint (*p, !=, '\n');   /* a bare line feed */
            g_string_append_c (cell, *p);
          }
      g_ptr_array_add (row, g_strdup (cell->str));
      g_string_truncate (cell, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (g_str_has_prefix (p, "\r\n"));   /* every row ends in CRLF */
      p += 2;
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
    }
  g_assert_cmpuint (row->len, ==, 0);   /* the last row ended too */
  return rows;
}
