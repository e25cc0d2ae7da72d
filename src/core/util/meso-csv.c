/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-csv.c: CSV as spreadsheets open it safely: RFC 4180 quoting, CRLF
 * rows, a UTF-8 byte-order mark, and no cell a spreadsheet runs as a formula. */
#define G_LOG_DOMAIN "meso-csv"

#include <stdarg.h>
#include <string.h>

#include "meso-csv.h"

/* Without the mark, Excel reads UTF-8 as the machine's code page and the
 * names of Turkish or Russian patients arrive garbled. */
#define BOM "\xEF\xBB\xBF"

struct _MesoCsv
{
  GString  *text;
  gboolean  row_started;
};

/**
 * meso_csv_new:
 *
 * Returns: (transfer full): an empty CSV file, its byte-order mark written.
 */
MesoCsv *
meso_csv_new (void)
{
  MesoCsv *self = g_new0 (MesoCsv, 1);

  self->text = g_string_new (BOM);
  return self;
}

void
meso_csv_free (MesoCsv *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_free (self);
}

/* Spreadsheets take a cell starting with one of these as a formula (a tab
 * or carriage return before it is skipped), so a patient named "=HYPERLINK(…)"
 * could run one on the reader's machine. */
static gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/**
 * meso_csv_add_cell:
 *
 * Appends @value (%NULL is an empty cell) to the current row: quoted when it
 * holds a comma, a quote or a line break, and prefixed with `'` and quoted
 * when it starts like a formula.
 */
void
meso_csv_add_cell (MesoCsv    *self,
                   const char *value)
{
  gboolean formula;

  value = value != NULL ? value : "";
  formula = is_formula_start (value[0]);
  if (self->row_started)
    g_string_append_c (self->text, ',');
  self->row_started = TRUE;
  if (!formula && strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (self->text, value);
      return;
    }
  g_string_append_c (self->text, '"');
  if (formula)
    g_string_append_c (self->text, '\'');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (self->text, '"');
      g_string_append_c (self->text, *c);
    }
  g_string_append_c (self->text, '"');
}

/* A number is written as digits, never neutralised: a negative one would
 * otherwise turn into text. */
void
meso_csv_add_int (MesoCsv *self,
                  gint64   value)
{
  if (self->row_started)
    g_string_append_c (self->text, ',');
  self->row_started = TRUE;
  g_string_append_printf (self->text, "%" G_GINT64_FORMAT, value);
}

/* Ends the current row; an empty row is one empty cell. */
void
meso_csv_end_row (MesoCsv *self)
{
  g_string_append (self->text, "\r\n");
  self->row_started = FALSE;
}

/* Appends a whole row of cells, the list ended by %NULL. */
void
meso_csv_add_row (MesoCsv    *self,
                  const char *first,
                  ...)
{
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    meso_csv_add_cell (self, cell);
  va_end (args);
  meso_csv_end_row (self);
}

/**
 * meso_csv_get_text:
 * @length: (out) (optional): its length in bytes
 *
 * Returns: (transfer none): the file so far, byte-order mark included.
 */
const char *
meso_csv_get_text (MesoCsv *self,
                   gsize   *length)
{
  if (length != NULL)
    *length = self->text->len;
  return self->text->str;
}

/**
 * meso_csv_write:
 *
 * Writes the file to @path whole or not at all, readable only by its owner:
 * exports hold clinical data.
 */
gboolean
meso_csv_write (MesoCsv     *self,
                const char  *path,
                GError     **error)
{
  if (self->row_started)
    meso_csv_end_row (self);
  return g_file_set_contents_full (path, self->text->str, self->text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
