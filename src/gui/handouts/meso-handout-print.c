/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-print.c: lays a handout out on pages with Pango and cairo.
 * The body is cut into items that are never split (a line of text, a table
 * row, the scalp map); pages are filled with whole items, a heading stays
 * with what follows it, and a table continued on a new page repeats its
 * column titles. Every page has the clinic's header and a page number. */
#define G_LOG_DOMAIN "meso-handout-print"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "meso-handout-print.h"
#include "meso-scalp-renderer.h"

#define MARGIN 50.0          /* points: about 18 mm */
#define HEADER_HEIGHT 64.0
#define FOOTER_HEIGHT 24.0
#define LOGO_HEIGHT 44.0
#define BULLET_INDENT 16.0
#define CELL_PADDING 4.0
/* The scalp map's size in points. Below 160 points per row the renderer
 * leaves out the views' titles, which are in the interface's language. */
#define MAP_WIDTH 450.0
#define MAP_HEIGHT 300.0

typedef enum
{
  ITEM_LINE,       /* one line of a paragraph, heading or bullet */
  ITEM_ROW,        /* one table row */
  ITEM_MAP,
} ItemType;

typedef struct
{
  ItemType     type;
  double       height;
  double       space_before;   /* dropped at the top of a page */
  gboolean     keep_with_next;
  PangoLayout *layout;         /* ITEM_LINE: the paragraph; the line is @line */
  int          line;
  double       baseline;       /* of the line, from its top */
  double       indent;
  PangoLayout *bullet;         /* the bullet, on a bullet's first line */
  GPtrArray   *cells;          /* ITEM_ROW: PangoLayouts */
  GArray      *columns;        /* ITEM_ROW: x of each column, then the right edge */
  gboolean     is_header;
  int          header;         /* ITEM_ROW: the item of its table's titles, or -1 */
} Item;

typedef struct
{
  guint  item;
  double y;
} Placement;

struct _MesoHandoutPrint
{
  GtkPrintOperation  parent_instance;

  MesoHandout       *handout;
  GArray            *items;    /* of Item */
  GPtrArray         *pages;    /* of GArray of Placement */
  cairo_surface_t   *logo;
  double             width;    /* of the text column */
  double             top;      /* where the body starts on a page */
  double             bottom;
};

G_DEFINE_FINAL_TYPE (MesoHandoutPrint, meso_handout_print, GTK_TYPE_PRINT_OPERATION)

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->layout);
  g_clear_object (&item->bullet);
  g_clear_pointer (&item->cells, g_ptr_array_unref);
  g_clear_pointer (&item->columns, g_array_unref);
}

static PangoLayout *
new_layout (GtkPrintContext *context,
            const char      *text,
            const char      *font,
            double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

/* One item per line of @layout, so that a long paragraph can continue on
 * the next page between two lines, never through one. */
static void
add_lines (MesoHandoutPrint *self,
           PangoLayout      *layout,
           double            indent,
           PangoLayout      *bullet,
           double            space_before,
           gboolean          keep_with_next)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int lines = pango_layout_get_line_count (layout);
  int line = 0;

  do
    {
      PangoRectangle logical;
      Item item = { ITEM_LINE, .header = -1 };

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      item.height = (double) logical.height / PANGO_SCALE;
      item.baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      item.space_before = line == 0 ? space_before : 0;
      /* A heading stays with what follows; a paragraph's first line with its second. */
      item.keep_with_next = keep_with_next || (line == 0 && lines > 1);
      item.layout = g_object_ref (layout);
      item.line = line;
      item.indent = indent;
      item.bullet = line == 0 && bullet != NULL ? g_object_ref (bullet) : NULL;
      g_array_append_val (self->items, item);
      line++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* Column widths: each column's natural width, shrunk in proportion when
 * the table is wider than the page, and widened to fill it otherwise. */
static GArray *
table_columns (GtkPrintContext  *context,
               MesoHandoutBlock *block,
               double            width)
{
  guint n = g_strv_length (block->rows->len > 0 ? g_ptr_array_index (block->rows, 0)
                                                : block->header);
  g_autofree double *natural = g_new0 (double, n);
  GArray *columns = g_array_sized_new (FALSE, FALSE, sizeof (double), n + 1);
  double total = 0, x = 0;

  for (guint r = 0; r <= block->rows->len; r++)
    {
      GStrv cells = r < block->rows->len ? g_ptr_array_index (block->rows, r) : block->header;

      for (guint c = 0; cells != NULL && c < n && cells[c] != NULL; c++)
        {
          g_autoptr(PangoLayout) layout = new_layout (context, cells[c],
                                                      r < block->rows->len ? "Sans 9.5"
                                                                           : "Sans Bold 9.5", -1);

          natural[c] = MAX (natural[c], layout_width (layout) + 2 * CELL_PADDING);
        }
    }
  for (guint c = 0; c < n; c++)
    total += natural[c];
  for (guint c = 0; c < n; c++)
    {
      g_array_append_val (columns, x);
      x += total > 0 ? natural[c] * width / total : width / n;
    }
  g_array_append_val (columns, width);
  return columns;
}

static void
add_row (MesoHandoutPrint *self,
         GtkPrintContext  *context,
         GStrv             cells,
         GArray           *columns,
         gboolean          is_header,
         int               header,
         double            space_before)
{
  Item item = { ITEM_ROW, .space_before = space_before, .header = header,
                .is_header = is_header, .keep_with_next = is_header };
  double height = 0;

  item.cells = g_ptr_array_new_with_free_func (g_object_unref);
  item.columns = g_array_ref (columns);
  for (guint c = 0; c + 1 < columns->len; c++)
    {
      double width = g_array_index (columns, double, c + 1) - g_array_index (columns, double, c);
      const char *text = cells != NULL && c < g_strv_length (cells) ? cells[c] : "";
      PangoLayout *layout = new_layout (context, text, is_header ? "Sans Bold 9.5" : "Sans 9.5",
                                        width - 2 * CELL_PADDING);

      height = MAX (height, layout_height (layout));
      g_ptr_array_add (item.cells, layout);
    }
  item.height = height + 2 * CELL_PADDING;
  g_array_append_val (self->items, item);
}

static void
add_table (MesoHandoutPrint *self,
           GtkPrintContext  *context,
           MesoHandoutBlock *block)
{
  g_autoptr(GArray) columns = table_columns (context, block, self->width);
  int header = -1;

  if (block->header != NULL)
    {
      header = self->items->len;
      add_row (self, context, block->header, columns, TRUE, -1, 8);
    }
  for (guint r = 0; r < block->rows->len; r++)
    add_row (self, context, g_ptr_array_index (block->rows, r), columns, FALSE, header,
             r == 0 && header < 0 ? 8 : 0);
}

static void
add_blocks (MesoHandoutPrint *self,
            GtkPrintContext  *context)
{
  GPtrArray *blocks = meso_handout_get_blocks (self->handout);
  g_autoptr(PangoLayout) title = new_layout (context, meso_handout_get_title (self->handout),
                                             "Sans Bold 17", self->width);

  add_lines (self, title, 0, NULL, 0, TRUE);
  for (guint i = 0; i < blocks->len; i++)
    {
      MesoHandoutBlock *block = g_ptr_array_index (blocks, i);
      g_autoptr(PangoLayout) layout = NULL;
      g_autoptr(PangoLayout) bullet = NULL;

      switch (block->type)
        {
        case MESO_HANDOUT_BLOCK_HEADING:
          layout = new_layout (context, block->text, "Sans Bold 12.5", self->width);
          add_lines (self, layout, 0, NULL, 14, TRUE);
          break;
        case MESO_HANDOUT_BLOCK_PARAGRAPH:
          layout = new_layout (context, block->text, "Sans 10.5", self->width);
          add_lines (self, layout, 0, NULL, 6, FALSE);
          break;
        case MESO_HANDOUT_BLOCK_BULLET:
          layout = new_layout (context, block->text, "Sans 10.5", self->width - BULLET_INDENT);
          bullet = new_layout (context, "•", "Sans 10.5", -1);
          add_lines (self, layout, BULLET_INDENT, bullet, 4, FALSE);
          break;
        case MESO_HANDOUT_BLOCK_TABLE:
          add_table (self, context, block);
          break;
        case MESO_HANDOUT_BLOCK_SCALP_MAP:
          {
            Item item = { ITEM_MAP, .header = -1, .space_before = 8, .height = MAP_HEIGHT };

            g_array_append_val (self->items, item);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static double
chain_height (MesoHandoutPrint *self,
              guint             from)
{
  double height = 0;

  for (guint i = from; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      height += (i > from ? item->space_before : 0) + item->height;
      if (!item->keep_with_next)
        break;
    }
  return height;
}

static GArray *
new_page (MesoHandoutPrint *self)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placement));

  g_ptr_array_add (self->pages, page);
  return page;
}

/* Fills pages with whole items; see the comment at the top. */
static void
paginate (MesoHandoutPrint *self)
{
  GArray *page = new_page (self);
  double y = self->top;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double space = page->len > 0 ? item->space_before : 0;
      /* Chains longer than a page are broken where they must be. */
      double need = MIN (space + chain_height (self, i), self->bottom - self->top);
      Placement placement;

      if (page->len > 0 && y + need > self->bottom + 0.01)
        {
          page = new_page (self);
          y = self->top;
          space = 0;
          if (item->type == ITEM_ROW && item->header >= 0)
            {
              Placement repeated = { item->header, y };

              g_array_append_val (page, repeated);
              y += g_array_index (self->items, Item, item->header).height;
            }
        }
      placement = (Placement) { i, y + space };
      g_array_append_val (page, placement);
      y += space + item->height;
    }
}

static cairo_surface_t *
load_logo (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;

  if (path == NULL || *path == '\0')
    return NULL;
  texture = gdk_texture_new_from_filename (path, &error);
  if (texture == NULL)
    {
      /* Preferences checked the file when it was chosen; it may have gone since. */
      g_message ("The clinic's logo is not printed: %s", error->message);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gdk_texture_get_width (texture),
                                        gdk_texture_get_height (texture));
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
meso_handout_print_begin_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  MesoHandoutPrint *self = MESO_HANDOUT_PRINT (operation);

  self->width = gtk_print_context_get_width (context) - 2 * MARGIN;
  self->top = MARGIN + HEADER_HEIGHT;
  self->bottom = gtk_print_context_get_height (context) - MARGIN - FOOTER_HEIGHT;
  g_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->pages, 0);
  g_clear_pointer (&self->logo, cairo_surface_destroy);
  self->logo = load_logo (meso_handout_get_clinic_text (self->handout, MESO_CLINIC_LOGO_FILE));

  add_blocks (self, context);
  paginate (self);
  gtk_print_operation_set_n_pages (operation, self->pages->len);
}

static void
show_text (GtkPrintContext *context,
           const char      *text,
           const char      *font,
           double           x,
           double           y,
           double           width,
           PangoAlignment   alignment)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = new_layout (context, text, font, width);

  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The clinic (logo, name, address, phone) on the left; the patient and
 * the date on the right; a rule under them. */
static void
draw_header (MesoHandoutPrint *self,
             GtkPrintContext  *context)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double x = MARGIN, y = MARGIN, right = MARGIN + self->width * 0.62;
  g_autofree char *contact = NULL;
  const char *address = meso_handout_get_clinic_text (self->handout, MESO_CLINIC_ADDRESS);
  const char *phone = meso_handout_get_clinic_text (self->handout, MESO_CLINIC_PHONE);

  if (self->logo != NULL)
    {
      double scale = LOGO_HEIGHT / cairo_image_surface_get_height (self->logo);

      scale = MIN (scale, 120.0 / cairo_image_surface_get_width (self->logo));
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, self->logo, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      x += cairo_image_surface_get_width (self->logo) * scale + 10;
    }

  cairo_set_source_rgb (cr, 0.09, 0.33, 0.39);
  show_text (context, meso_handout_get_clinic_text (self->handout, MESO_CLINIC_NAME),
             "Sans Bold 13", x, y, right - x, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  contact = g_strjoin (*address != '\0' && *phone != '\0' ? "\n" : "", address, phone, NULL);
  show_text (context, contact, "Sans 8.5", x, y + 20, right - x, PANGO_ALIGN_LEFT);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  show_text (context, meso_handout_get_patient_name (self->handout), "Sans Bold 11",
             right, y, MARGIN + self->width - right, PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  show_text (context, meso_handout_get_printed (self->handout), "Sans 8.5",
             right, y + 18, MARGIN + self->width - right, PANGO_ALIGN_RIGHT);

  cairo_set_source_rgb (cr, 0.09, 0.33, 0.39);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, MARGIN, MARGIN + HEADER_HEIGHT - 12);
  cairo_line_to (cr, MARGIN + self->width, MARGIN + HEADER_HEIGHT - 12);
  cairo_stroke (cr);
}

static void
draw_row (MesoHandoutPrint *self,
          cairo_t          *cr,
          Item             *item,
          double            y)
{
  double right = g_array_index (item->columns, double, item->columns->len - 1);

  if (item->is_header)
    {
      cairo_set_source_rgb (cr, 0.9, 0.94, 0.95);
      cairo_rectangle (cr, MARGIN, y, right, item->height);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint c = 0; c < item->cells->len; c++)
    {
      cairo_move_to (cr, MARGIN + g_array_index (item->columns, double, c) + CELL_PADDING,
                     y + CELL_PADDING);
      pango_cairo_show_layout (cr, g_ptr_array_index (item->cells, c));
    }
  cairo_set_source_rgb (cr, 0.75, 0.78, 0.8);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, y + item->height);
  cairo_line_to (cr, MARGIN + right, y + item->height);
  cairo_stroke (cr);
}

/* The renderer draws labels and points in device space, so it draws on a
 * surface of its own, which is then placed on the page, still as vectors. */
static void
draw_map (MesoHandoutPrint *self,
          cairo_t          *cr,
          double            y)
{
  MesoScalpStyle style;
  cairo_rectangle_t extents = { 0, 0, MAP_WIDTH, MAP_HEIGHT };
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                               &extents);
  cairo_t *map_cr = cairo_create (recording);

  meso_scalp_style_init_for_paper (&style);
  meso_scalp_render (map_cr, meso_handout_get_scalp_map (self->handout), MESO_SCALP_OVERVIEW,
                     MAP_WIDTH, MAP_HEIGHT, &style);
  cairo_destroy (map_cr);
  cairo_set_source_surface (cr, recording, MARGIN + (self->width - MAP_WIDTH) / 2, y);
  cairo_paint (cr);
  cairo_surface_destroy (recording);
}

static void
meso_handout_print_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  MesoHandoutPrint *self = MESO_HANDOUT_PRINT (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page = g_ptr_array_index (self->pages, page_nr);
  g_autofree char *number = meso_handout_format_page (self->handout, page_nr + 1,
                                                      self->pages->len);

  draw_header (self, context);
  for (guint i = 0; i < page->len; i++)
    {
      Placement *placement = &g_array_index (page, Placement, i);
      Item *item = &g_array_index (self->items, Item, placement->item);

      switch (item->type)
        {
        case ITEM_LINE:
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          if (item->bullet != NULL)
            {
              cairo_move_to (cr, MARGIN + 4, placement->y);
              pango_cairo_show_layout (cr, item->bullet);
            }
          cairo_move_to (cr, MARGIN + item->indent, placement->y + item->baseline);
          pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (item->layout,
                                                                           item->line));
          break;
        case ITEM_ROW:
          draw_row (self, cr, item, placement->y);
          break;
        case ITEM_MAP:
          draw_map (self, cr, placement->y);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  show_text (context, number, "Sans 8.5", MARGIN, self->bottom + FOOTER_HEIGHT - 10, self->width,
             PANGO_ALIGN_CENTER);
}

static void
meso_handout_print_finalize (GObject *object)
{
  MesoHandoutPrint *self = MESO_HANDOUT_PRINT (object);

  g_clear_object (&self->handout);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->logo, cairo_surface_destroy);

  G_OBJECT_CLASS (meso_handout_print_parent_class)->finalize (object);
}

static void
meso_handout_print_class_init (MesoHandoutPrintClass *klass)
{
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = meso_handout_print_finalize;
  operation_class->begin_print = meso_handout_print_begin_print;
  operation_class->draw_page = meso_handout_print_draw_page;
}

static void
meso_handout_print_init (MesoHandoutPrint *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

/**
 * meso_handout_print_new:
 * @paper: "a4" or "letter": the clinic's paper, preset in the dialog
 *
 * Returns: (transfer full): a print operation for @handout, its margins
 * its own, its size in points.
 */
MesoHandoutPrint *
meso_handout_print_new (MesoHandout *handout,
                        const char  *paper)
{
  MesoHandoutPrint *self = g_object_new (MESO_TYPE_HANDOUT_PRINT, NULL);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = gtk_paper_size_new (g_strcmp0 (paper, "letter") == 0
                                                     ? GTK_PAPER_NAME_LETTER
                                                     : GTK_PAPER_NAME_A4);
  g_autofree char *job = g_strdup_printf ("%s – %s", meso_handout_get_title (handout),
                                          meso_handout_get_patient_name (handout));

  self->handout = g_object_ref (handout);
  gtk_page_setup_set_paper_size_and_default_margins (setup, size);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), job);
  return self;
}

static void
explain_failure (GtkWindow  *parent,
                 const char *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("The Handout Was Not Printed"),
                                                       message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_done_cb (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  explain_failure (parent, error != NULL ? error->message : NULL);
}

/**
 * meso_handout_print_show:
 * @parent: the window the print dialog (with its preview) belongs to
 *
 * Opens the print dialog for @handout; printing then goes on without
 * holding the window. A failure is told in a dialog over @parent.
 */
void
meso_handout_print_show (MesoHandout *handout,
                         const char  *paper,
                         GtkWindow   *parent)
{
  g_autoptr(MesoHandoutPrint) operation = meso_handout_print_new (handout, paper);
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_done_cb), parent, 0);
  if (gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                               GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    explain_failure (parent, error->message);
}

/**
 * meso_handout_print_export:
 *
 * Writes @handout to the PDF file @path, whole or not at all: it is
 * written beside it under a new name first, and moved into place when
 * complete, replacing any file there; whether @path may be replaced is the
 * caller's to check (meso_output_file_check()).
 */
gboolean
meso_handout_print_export (MesoHandout  *handout,
                           const char   *paper,
                           const char   *path,
                           GError      **error)
{
  g_autoptr(MesoHandoutPrint) operation = meso_handout_print_new (handout, paper);
  g_autofree char *partial = g_strconcat (path, ".XXXXXX.part", NULL);
  GtkPrintOperationResult result;
  int fd;

  /* A handout names the patient: create the file for its owner only before
   * cairo writes into it (cairo keeps the mode of an existing file). A new
   * name each time: never a file that is already there. */
  fd = g_mkstemp_full (partial, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 || !g_close (fd, NULL))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), partial);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                                    GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_unlink (partial);
      return FALSE;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}
