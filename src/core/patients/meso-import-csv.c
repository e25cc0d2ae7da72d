/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-csv.c: the records of a CSV file another program wrote:
 * RFC 4180 quoting, any of the usual delimiters, any line ending, and
 * tolerance for what spreadsheets get wrong, each record saying where it
 * began and what could not be read. */
#define G_LOG_DOMAIN "meso-import-csv"

#include <glib/gi18n.h>

#include "meso-import-csv.h"

/* How a spreadsheet in a language with a decimal comma separates cells
 * (;), and what other exports use. */
static const char delimiters[] = { ',', ';', '\t', '|' };

/* Calls @record_done at the end of each record with its cells; stops after
 * @max_records (0: none). Quotes open only at a cell's start; "" inside
 * them is one quote; anything after a closing quote joins the cell. */
typedef void (*RecordDone) (guint      line,
                            GPtrArray *cells,
                            gboolean   unterminated,
                            gboolean   too_many,
                            gpointer   user_data);

static void
parse (const char *text,
       char        delimiter,
       guint       max_records,
       RecordDone  record_done,
       gpointer    user_data)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE, cell_started = FALSE, too_many = FALSE;
  guint line = 1, record_line = 1, n_records = 0;
  const char *p = text;

  for (;; p++)
    {
      char c = *p;

      if (quoted && c != '\0')
        {
          if (c == '"' && p[1] == '"')
            g_string_append_c (cell, '"'), p++;
          else if (c == '"')
            quoted = FALSE;
          else
            {
              line += c == '\n' || (c == '\r' && p[1] != '\n');
              g_string_append_c (cell, c);
            }
          continue;
        }
      if (c == '"' && !cell_started)
        {
          quoted = cell_started = TRUE;
          continue;
        }
      if (c == delimiter)
        {
          /* The cells past the limit are counted out, not kept. */
          if (cells->len < MESO_IMPORT_MAX_CELLS)
            g_ptr_array_add (cells, g_strdup (cell->str));
          else
            too_many = TRUE;
          g_string_truncate (cell, 0);
          cell_started = FALSE;
          continue;
        }
      if (c != '\n' && c != '\r' && c != '\0')
        {
          g_string_append_c (cell, c);
          cell_started = TRUE;
          continue;
        }

      /* The end of a line, or of the text (inside quotes if never closed). */
      if (cells->len > 0 || cell->len > 0 || cell_started)
        {
          if (cells->len < MESO_IMPORT_MAX_CELLS)
            g_ptr_array_add (cells, g_strdup (cell->str));
          else
            too_many = TRUE;
          record_done (record_line, cells, quoted, too_many, user_data);
          g_ptr_array_set_size (cells, 0);
          if (max_records > 0 && ++n_records == max_records)
            return;
        }
      g_string_truncate (cell, 0);
      cell_started = quoted = too_many = FALSE;
      if (c == '\0')
        return;
      if (c == '\r' && p[1] == '\n')
        p++;
      record_line = ++line;
    }
}


static void
count_cells (guint      line,
             GPtrArray *cells,
             gboolean   unterminated,
             gboolean   too_many,
             gpointer   user_data)
{
  GArray *counts = user_data;

  g_array_append_val (counts, cells->len);
}

/**
 * meso_import_csv_detect_delimiter:
 *
 * Returns: the delimiter that splits the first records of @text into the
 * same number of cells, more than one, most often; a comma if none does.
 */
char
meso_import_csv_detect_delimiter (const char *text)
{
  char best = ',';
  guint best_score = 0;

  for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
    {
      g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
      guint score = 0;

      parse (text, delimiters[d], 50, count_cells, counts);
      if (counts->len == 0 || g_array_index (counts, guint, 0) < 2)
        continue;
      for (guint i = 0; i < counts->len; i++)
        score += g_array_index (counts, guint, i) == g_array_index (counts, guint, 0);
      if (score > best_score)
        best = delimiters[d], best_score = score;
    }
  return best;
}

static void
add_row (guint      line,
         GPtrArray *cells,
         gboolean   unterminated,
         gboolean   too_many,
         gpointer   user_data)
{
  GPtrArray *rows = user_data;
  char **strv = g_new (char *, cells->len + 1);
  MesoImportRow *row;

  for (guint i = 0; i < cells->len; i++)
    strv[i] = g_steal_pointer (&g_ptr_array_index (cells, i));
  strv[cells->len] = NULL;
  row = meso_import_row_new (line, strv);
  if (unterminated)
    row->problem = g_strdup (_("A quotation mark opened here is never closed: the rest of the "
                               "file was read into one cell."));
  else if (too_many)
    row->problem = g_strdup_printf (_("This line has more than %d cells: check its quotation "
                                      "marks and delimiters."), MESO_IMPORT_MAX_CELLS);
  g_ptr_array_add (rows, row);
}

/**
 * meso_import_csv_read:
 * @text: the file's text, in UTF-8
 *
 * Returns: (transfer container) (element-type MesoImportRow): the
 * non-empty records of @text, in order: %MESO_IMPORT_MAX_RECORDS at most,
 * and one more if the text has more, for the caller to refuse.
 */
GPtrArray *
meso_import_csv_read (const char *text,
                      char        delimiter)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) meso_import_row_free);

  parse (text, delimiter, MESO_IMPORT_MAX_RECORDS + 1, add_row, rows);
  return rows;
}
