/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-pages.c: lays a handout out on pages with Pango and cairo,
 * for the print dialog (meso-handout-print.c) and for a PDF made with no
 * display (meso_handout_write_pdf(), attached to messages). The body is
 * cut into items that are never split (a line of text, a table row, the
 * scalp map, a row of photos); pages are filled with whole items, a
 * heading stays with what follows it, and a table continued on a new page
 * repeats its column titles. Every page has the clinic's header and a page
 * number. Photos are decoded with gdk-pixbuf and drawn with cairo alone:
 * no GTK here. */
#define G_LOG_DOMAIN "meso-handout"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <string.h>

#include "meso-handout-pages.h"

#define MARGIN 50.0          /* points: about 18 mm */
#define HEADER_HEIGHT 64.0
#define FOOTER_HEIGHT 24.0
#define LOGO_HEIGHT 44.0
#define BULLET_INDENT 16.0
#define CELL_PADDING 4.0
#define MAP_HEIGHT MESO_HANDOUT_MAP_HEIGHT
#define PHOTO_GAP 16.0         /* between two photos side by side */
#define PHOTO_MAX_HEIGHT 280.0 /* a portrait photo is not allowed to fill the page */
#define CAPTION_GAP 4.0

typedef enum
{
  ITEM_LINE,       /* one line of a paragraph, heading or bullet */
  ITEM_ROW,        /* one table row */
  ITEM_MAP,
  ITEM_PHOTOS,     /* one or two photos side by side, with their captions */
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
  GPtrArray   *photos;         /* ITEM_PHOTOS: MesoHandoutPhoto; their captions in @cells */
  GArray      *scales;         /* ITEM_PHOTOS: points per pixel of each photo */
  double       cell_width;     /* ITEM_PHOTOS: each photo's column */
  double       photo_height;   /* ITEM_PHOTOS: the tallest photo's, the captions under it */
} Item;

typedef struct
{
  guint  item;
  double y;
} Placement;

struct _MesoHandoutPages
{
  GObject            parent_instance;

  MesoHandout       *handout;
  PangoContext      *pango;
  GArray            *items;    /* of Item */
  GPtrArray         *pages;    /* of GArray of Placement */
  cairo_surface_t   *logo;
  double             width;    /* of the text column */
  double             top;      /* where the body starts on a page */
  double             bottom;
};

G_DEFINE_FINAL_TYPE (MesoHandoutPages, meso_handout_pages, G_TYPE_OBJECT)

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->layout);
  g_clear_object (&item->bullet);
  g_clear_pointer (&item->cells, g_ptr_array_unref);
  g_clear_pointer (&item->columns, g_array_unref);
  g_clear_pointer (&item->photos, g_ptr_array_unref);
  g_clear_pointer (&item->scales, g_array_unref);
}

static PangoLayout *
new_layout (PangoContext *context,
            const char   *text,
            const char   *font,
            double        width)
{
  PangoLayout *layout = pango_layout_new (context);
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
add_lines (MesoHandoutPages *self,
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

/* Column widths: each column's natural width, widened in proportion to
 * fill the page. In a table wider than the page the columns narrower than
 * an equal share keep theirs, and the wide ones share what is left: a date
 * is not broken because the text beside it is long. */
static GArray *
table_columns (PangoContext     *context,
               MesoHandoutBlock *block,
               double            width)
{
  guint n = g_strv_length (block->rows->len > 0 ? g_ptr_array_index (block->rows, 0)
                                                : block->header);
  g_autofree double *natural = g_new0 (double, n);
  g_autofree gboolean *kept = g_new0 (gboolean, n);
  GArray *columns = g_array_sized_new (FALSE, FALSE, sizeof (double), n + 1);
  double total = 0, x = 0, left = width, wide = 0;
  guint n_wide = n;
  gboolean narrowed = TRUE;

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
  if (total <= width)
    {
      for (guint c = 0; c < n; c++)
        {
          g_array_append_val (columns, x);
          x += total > 0 ? natural[c] * width / total : width / n;
        }
      g_array_append_val (columns, width);
      return columns;
    }

  while (narrowed && n_wide > 0)
    {
      narrowed = FALSE;
      for (guint c = 0; c < n; c++)
        if (!kept[c] && natural[c] <= left / n_wide)
          {
            kept[c] = narrowed = TRUE;
            left -= natural[c];
            n_wide--;
          }
    }
  for (guint c = 0; c < n; c++)
    wide += kept[c] ? 0 : natural[c];
  for (guint c = 0; c < n; c++)
    {
      g_array_append_val (columns, x);
      x += kept[c] ? natural[c] : natural[c] * left / wide;
    }
  g_array_append_val (columns, width);
  return columns;
}

static void
add_row (MesoHandoutPages *self,
         PangoContext     *context,
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
add_table (MesoHandoutPages *self,
           PangoContext     *context,
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

/* A row of photos: each as wide as its column and at most
 * PHOTO_MAX_HEIGHT high, keeping its shape, its caption under it. */
static void
add_photos (MesoHandoutPages *self,
            PangoContext     *context,
            MesoHandoutBlock *block)
{
  Item item = { ITEM_PHOTOS, .header = -1, .space_before = 10 };
  guint n = block->photos->len;
  double captions = 0;

  if (n == 0)
    return;
  item.photos = g_ptr_array_ref (block->photos);
  item.cells = g_ptr_array_new_with_free_func (g_object_unref);
  item.scales = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  item.cell_width = (self->width - PHOTO_GAP * (n - 1)) / n;
  for (guint i = 0; i < n; i++)
    {
      MesoHandoutPhoto *photo = g_ptr_array_index (block->photos, i);
      double scale = MIN (item.cell_width / MAX (photo->width, 1),
                          PHOTO_MAX_HEIGHT / MAX (photo->height, 1));
      PangoLayout *caption = new_layout (context, photo->caption, "Sans 9", item.cell_width);

      pango_layout_set_alignment (caption, PANGO_ALIGN_CENTER);
      g_array_append_val (item.scales, scale);
      item.photo_height = MAX (item.photo_height, photo->height * scale);
      captions = MAX (captions, layout_height (caption));
      g_ptr_array_add (item.cells, caption);
    }
  item.height = item.photo_height + CAPTION_GAP + captions;
  g_array_append_val (self->items, item);
}

static void
add_blocks (MesoHandoutPages *self,
            PangoContext     *context)
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
        case MESO_HANDOUT_BLOCK_PHOTOS:
          add_photos (self, context, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static double
chain_height (MesoHandoutPages *self,
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
new_page (MesoHandoutPages *self)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placement));

  g_ptr_array_add (self->pages, page);
  return page;
}

/* Fills pages with whole items; see the comment at the top. */
static void
paginate (MesoHandoutPages *self)
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

/* @pixbuf as cairo draws it (premultiplied ARGB, or RGB without alpha),
 * or %NULL: gdk_cairo_* is GTK's, which the core does without. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int source_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *source = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface;
  int stride;
  guchar *target;

  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || channels != (alpha ? 4 : 3))
    return NULL;
  surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                        width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  stride = cairo_image_surface_get_stride (surface);
  target = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = source + y * source_stride + x * channels;
        guint32 a = alpha ? p[3] : 255;
        guint32 pixel = a << 24 | (p[0] * a / 255) << 16 | (p[1] * a / 255) << 8 |
                        (p[2] * a / 255);

        memcpy (target + y * stride + x * 4, &pixel, 4);
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The clinic's logo as cairo draws it, or %NULL. */
static cairo_surface_t *
load_logo (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;

  if (path == NULL || *path == '\0')
    return NULL;
  loaded = gdk_pixbuf_new_from_file (path, &error);
  if (loaded == NULL)
    {
      /* Preferences checked the file when it was chosen; it may have gone since. */
      g_message ("The clinic's logo is not printed: %s", error->message);
      return NULL;
    }
  return surface_from_pixbuf (loaded);
}

/* @photo's image decoded for drawing, or %NULL. The JPEG itself goes with
 * it, so that a PDF or a printer gets the stored image as it is, not its
 * pixels again: smaller, and nothing lost. Decoded only as it is drawn:
 * a handout of many photos does not hold them all at once. */
static cairo_surface_t *
load_photo (MesoHandoutPhoto *photo)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (photo->image);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  cairo_surface_t *surface;

  if (pixbuf == NULL)
    {
      /* The store checked its hash as it was read: only a stored image
       * gdk-pixbuf cannot read comes here. */
      g_message ("A photo is not printed: %s", error->message);
      return NULL;
    }
  surface = surface_from_pixbuf (pixbuf);
  if (surface != NULL)
    cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG,
                                 g_bytes_get_data (photo->image, NULL),
                                 g_bytes_get_size (photo->image),
                                 (cairo_destroy_func_t) g_bytes_unref,
                                 g_bytes_ref (photo->image));
  return surface;
}

/**
 * meso_handout_pages_new:
 * @pango: the context the text is measured and drawn with: the printer's,
 *   or one for a PDF surface at 72 dots per inch
 * @page_width: in points, as @page_height
 *
 * Lays @handout out on pages of that size.
 *
 * Returns: (transfer full): the pages
 */
MesoHandoutPages *
meso_handout_pages_new (MesoHandout  *handout,
                        PangoContext *pango,
                        double        page_width,
                        double        page_height)
{
  MesoHandoutPages *self = g_object_new (MESO_TYPE_HANDOUT_PAGES, NULL);

  self->handout = g_object_ref (handout);
  self->pango = g_object_ref (pango);
  self->width = page_width - 2 * MARGIN;
  self->top = MARGIN + HEADER_HEIGHT;
  self->bottom = page_height - MARGIN - FOOTER_HEIGHT;
  self->logo = load_logo (meso_handout_get_clinic_text (handout, MESO_CLINIC_LOGO_FILE));
  add_blocks (self, self->pango);
  paginate (self);
  return self;
}

guint
meso_handout_pages_get_n_pages (MesoHandoutPages *self)
{
  return self->pages->len;
}
static void
show_text (MesoHandoutPages *self,
           cairo_t          *cr,
           const char       *text,
           const char       *font,
           double            x,
           double            y,
           double            width,
           PangoAlignment    alignment)
{
  g_autoptr(PangoLayout) layout = new_layout (self->pango, text, font, width);

  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The width the patient's name and the date take on the right of the
 * header: what they need, from 38 % to half of the page ("Напечатано 7
 * декабря 2026 г. (понедельник)" is long). */
static double
header_right_width (MesoHandoutPages *self)
{
  g_autoptr(PangoLayout) name = new_layout (self->pango,
                                            meso_handout_get_patient_name (self->handout),
                                            "Sans Bold 11", -1);
  g_autoptr(PangoLayout) printed = new_layout (self->pango,
                                               meso_handout_get_printed (self->handout),
                                               "Sans 8.5", -1);
  double needed = MAX (layout_width (name), layout_width (printed)) + 1;

  return CLAMP (needed, self->width * 0.38, self->width * 0.5);
}

/* The clinic (logo, name, address, phone) on the left; the patient and
 * the date on the right; a rule under them. */
static void
draw_header (MesoHandoutPages *self,
             cairo_t          *cr)
{
  double x = MARGIN, y = MARGIN, right = MARGIN + self->width - header_right_width (self);
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
  show_text (self, cr, meso_handout_get_clinic_text (self->handout, MESO_CLINIC_NAME),
             "Sans Bold 13", x, y, right - x, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  contact = g_strjoin (*address != '\0' && *phone != '\0' ? "\n" : "", address, phone, NULL);
  show_text (self, cr, contact, "Sans 8.5", x, y + 20, right - x, PANGO_ALIGN_LEFT);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  show_text (self, cr, meso_handout_get_patient_name (self->handout), "Sans Bold 11",
             right, y, MARGIN + self->width - right, PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  show_text (self, cr, meso_handout_get_printed (self->handout), "Sans 8.5",
             right, y + 18, MARGIN + self->width - right, PANGO_ALIGN_RIGHT);

  cairo_set_source_rgb (cr, 0.09, 0.33, 0.39);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, MARGIN, MARGIN + HEADER_HEIGHT - 12);
  cairo_line_to (cr, MARGIN + self->width, MARGIN + HEADER_HEIGHT - 12);
  cairo_stroke (cr);
}

static void
draw_row (MesoHandoutPages *self,
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

/* Each photo centred in its column, in a thin frame, its caption under
 * the row's tallest; a grey box for one that cannot be decoded. */
static void
draw_photos (MesoHandoutPages *self,
             cairo_t          *cr,
             Item             *item,
             double            y)
{
  for (guint i = 0; i < item->photos->len; i++)
    {
      MesoHandoutPhoto *photo = g_ptr_array_index (item->photos, i);
      double scale = g_array_index (item->scales, double, i);
      double width = photo->width * scale, height = photo->height * scale;
      double left = MARGIN + i * (item->cell_width + PHOTO_GAP);
      double x = left + (item->cell_width - width) / 2;
      cairo_surface_t *surface = load_photo (photo);

      cairo_save (cr);
      cairo_rectangle (cr, x, y, width, height);
      cairo_clip (cr);
      if (surface != NULL)
        {
          cairo_translate (cr, x, y);
          /* Its own size: the stored one, whatever the record said. */
          cairo_scale (cr, width / cairo_image_surface_get_width (surface),
                       height / cairo_image_surface_get_height (surface));
          cairo_set_source_surface (cr, surface, 0, 0);
          cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
          cairo_paint (cr);
          cairo_surface_destroy (surface);
        }
      else
        {
          cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
          cairo_paint (cr);
        }
      cairo_restore (cr);

      cairo_set_source_rgb (cr, 0.75, 0.78, 0.8);
      cairo_set_line_width (cr, 0.5);
      cairo_rectangle (cr, x, y, width, height);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_move_to (cr, left, y + item->photo_height + CAPTION_GAP);
      pango_cairo_show_layout (cr, g_ptr_array_index (item->cells, i));
    }
}

/**
 * meso_handout_pages_draw:
 * @page_nr: from 0
 * @paint_map: (nullable): draws the scalp map, for a handout that has one
 *
 * Draws one page on @cr, in points from its top left corner.
 */
void
meso_handout_pages_draw (MesoHandoutPages       *self,
                         cairo_t                *cr,
                         guint                   page_nr,
                         MesoHandoutMapPainter   paint_map)
{
  GArray *page;
  g_autofree char *number = NULL;

  g_return_if_fail (page_nr < self->pages->len);
  page = g_ptr_array_index (self->pages, page_nr);
  number = meso_handout_format_page (self->handout, page_nr + 1, self->pages->len);
  draw_header (self, cr);
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
          if (paint_map != NULL)
            {
              cairo_save (cr);
              cairo_translate (cr, MARGIN, placement->y);
              paint_map (cr, meso_handout_get_scalp_map (self->handout), self->width);
              cairo_restore (cr);
            }
          break;
        case ITEM_PHOTOS:
          draw_photos (self, cr, item, placement->y);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  show_text (self, cr, number, "Sans 8.5", MARGIN, self->bottom + FOOTER_HEIGHT - 10, self->width,
             PANGO_ALIGN_CENTER);
}


static void
meso_handout_pages_finalize (GObject *object)
{
  MesoHandoutPages *self = MESO_HANDOUT_PAGES (object);

  g_clear_object (&self->handout);
  g_clear_object (&self->pango);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->logo, cairo_surface_destroy);

  G_OBJECT_CLASS (meso_handout_pages_parent_class)->finalize (object);
}

static void
meso_handout_pages_class_init (MesoHandoutPagesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_handout_pages_finalize;
}

static void
meso_handout_pages_init (MesoHandoutPages *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * meso_handout_write_pdf:
 *
 * @handout as a PDF on the clinic's paper (MESO_CLINIC_PAPER), made with
 * no display: for a handout without a scalp map (a patient's), which is
 * all that is e-mailed. Photos are drawn here too.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error
 */
GBytes *
meso_handout_write_pdf (MesoHandout  *handout,
                        GError      **error)
{
  gboolean letter = g_strcmp0 (meso_handout_get_clinic_text (handout, MESO_CLINIC_PAPER),
                               "letter") == 0;
  double width = letter ? 612 : 595.28, height = letter ? 792 : 841.89;
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(MesoHandoutPages) pages = NULL;
  PangoContext *pango;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, width, height);
  cr = cairo_create (surface);
  pango = pango_cairo_create_context (cr);
  /* Points, as a printer's context measures them. */
  pango_cairo_context_set_resolution (pango, 72);
  pages = meso_handout_pages_new (handout, pango, width, height);
  g_object_unref (pango);
  for (guint i = 0; i < meso_handout_pages_get_n_pages (pages); i++)
    {
      meso_handout_pages_draw (pages, cr, i, NULL);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be made: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
