/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view-draw.c: how the calendar view draws its day, week and
 * month grids and the appointments on them. Every colour comes from the
 * style (light, dark or high contrast), and the text on each block is
 * inked for at least 4.5:1 on the block's fill as drawn. */
#define G_LOG_DOMAIN "meso-calendar-view"

#include <glib/gi18n.h>

#include "meso-appointment.h"
#include "meso-calendar-view-private.h"
#include "meso-colour.h"

/* Blocks' text is a little smaller than the interface's, so that names fit. */
#define BLOCK_TEXT_SCALE 0.8
#define TEXT_INSET 5.0      /* from a block's left edge, past its stripe */

/* The style's named colours for each status, the first one found is used
 * (libadwaita's names; a status the style has no colour for is drawn in
 * the accent). Done is the ink, greyed, set in look_up_style(). */
static const char * const status_names[MESO_N_STATUSES][2] = {
  [MESO_STATUS_BOOKED]       = { "accent_bg_color", NULL },
  [MESO_STATUS_CONFIRMED]    = { "success_bg_color", "success_color" },
  [MESO_STATUS_ARRIVED]      = { "warning_bg_color", "warning_color" },
  [MESO_STATUS_IN_TREATMENT] = { "purple_3", "accent_bg_color" },
  [MESO_STATUS_DONE]         = { NULL, NULL },
  [MESO_STATUS_CANCELLED]    = { "error_bg_color", "destructive_bg_color" },
  [MESO_STATUS_NO_SHOW]      = { "error_bg_color", "destructive_bg_color" },
};

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static gboolean
look_up (GtkStyleContext *context,
         const char      *name,
         GdkRGBA         *out_colour)
{
  return name != NULL && gtk_style_context_lookup_color (context, name, out_colour);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static MesoColour
to_colour (const GdkRGBA *rgba)
{
  return (MesoColour) { rgba->red, rgba->green, rgba->blue };
}

static GdkRGBA
to_rgba (MesoColour colour)
{
  return (GdkRGBA) { colour.red, colour.green, colour.blue, 1.0 };
}

/* Reads the colours the view draws with from the style: the ink, the view's
 * background, the accent and the status colours. */
static void
look_up_style (MesoCalendarView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  MesoColour fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &self->fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  fg = to_colour (&self->fg);
  /* A style without libadwaita's names still has an ink: its opposite is
   * the background. */
  if (!look_up (context, "view_bg_color", &self->bg) &&
      !look_up (context, "theme_base_color", &self->bg))
    self->bg = meso_colour_luminance (fg) > 0.5 ? (GdkRGBA) { 0, 0, 0, 1 }
                                                : (GdkRGBA) { 1, 1, 1, 1 };
  self->bg.alpha = 1.0;
  if (!look_up (context, "accent_bg_color", &self->accent_bg) &&
      !look_up (context, "theme_selected_bg_color", &self->accent_bg))
    self->accent_bg = self->fg;
  if (!look_up (context, "accent_fg_color", &self->accent_fg))
    self->accent_fg = self->bg;
  if (!look_up (context, "accent_color", &self->accent))
    self->accent = self->accent_bg;
  for (guint s = 0; s < MESO_N_STATUSES; s++)
    if (!look_up (context, status_names[s][0], &self->status[s]) &&
        !look_up (context, status_names[s][1], &self->status[s]))
      self->status[s] = self->accent_bg;
  self->status[MESO_STATUS_DONE] = to_rgba (meso_colour_blend (to_colour (&self->bg), fg, 0.45));
}

static void
item_colour (MesoCalendarView         *self,
             const MesoAppointmentRow *appointment,
             GdkRGBA                  *out_colour)
{
  MesoPractitioner *practitioner;

  if (self->colour_mode == MESO_COLOUR_BY_STATUS)
    *out_colour = self->status[MIN (appointment->status, MESO_N_STATUSES - 1)];
  else if ((practitioner = meso_resources_find_practitioner (self->resources,
                                                              appointment->practitioner_id)) &&
           gdk_rgba_parse (out_colour, practitioner->colour))
    ;
  else
    *out_colour = self->accent_bg;
}

/* A block's fill, @colour at @alpha on the view's background as the
 * renderer composes it (drawn opaque, so that the contrast measured is the
 * contrast seen), and the ink that reads best on it. */
static void
block_colours (MesoCalendarView *self,
               const GdkRGBA    *colour,
               double            alpha,
               GdkRGBA          *out_fill,
               GdkRGBA          *out_ink)
{
  MesoColour fill = meso_colour_blend (to_colour (&self->bg), to_colour (colour),
                                       alpha * colour->alpha);
  MesoColour ink;

  meso_colour_choose_ink (fill, meso_colour_blend (fill, to_colour (&self->fg), self->fg.alpha),
                          to_colour (&self->bg), &ink);
  *out_fill = to_rgba (fill);
  *out_ink = to_rgba (ink);
}

static double
fill_alpha (const MesoAppointmentRow *appointment)
{
  return meso_appointment_status_is_active (appointment->status) ? 0.28 : 0.12;
}

/* Colours each item from the style: looked up once per change of style or
 * range, not at every frame. */
static void
ensure_colours (MesoCalendarView *self)
{
  if (self->colours_valid)
    return;
  look_up_style (self);
  g_array_set_size (self->colours, self->items->len);
  g_array_set_size (self->fills, self->items->len);
  g_array_set_size (self->inks, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    {
      const MesoAppointmentRow *appointment = g_array_index (self->items, MesoLayoutItem, i).data;
      GdkRGBA *colour = &g_array_index (self->colours, GdkRGBA, i);

      item_colour (self, appointment, colour);
      block_colours (self, colour, fill_alpha (appointment),
                     &g_array_index (self->fills, GdkRGBA, i),
                     &g_array_index (self->inks, GdkRGBA, i));
    }
  self->colours_valid = TRUE;
}

/* The items' colours follow the style or the colour mode: drawn again. */
void
meso_calendar_view_compute_colours (MesoCalendarView *self)
{
  self->colours_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static PangoLayout *
block_layout (MesoCalendarView *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (BLOCK_TEXT_SCALE));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  return layout;
}

/**
 * meso_calendar_view_line_height:
 *
 * Returns: the height of a line of a block's text, in pixels, measured
 *   once per style.
 */
double
meso_calendar_view_line_height (MesoCalendarView *self)
{
  if (self->line_height <= 0)
    {
      g_autoptr(PangoLayout) layout = block_layout (self);
      int height;

      pango_layout_set_text (layout, "09:30 Ág", -1);
      pango_layout_get_pixel_size (layout, NULL, &height);
      self->line_height = MAX (height, 1);
    }
  return self->line_height;
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int width;

  pango_layout_set_width (layout, -1);
  pango_layout_set_height (layout, -1);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* A block's texts, made again from its plan at each frame (cheap), while
 * the plan, which measures them, is made once per size. */
typedef struct
{
  char label[160];   /* the name, and what is unusual about the visit */
  char range[48];    /* 09:30–10:00 */
  char start[16];    /* 09:30 */
  char both[208];    /* 09:30 Ayşe Yılmaz */
} BlockTexts;

static void
block_texts (const MesoLayoutItem *item,
             BlockTexts           *out)
{
  const MesoAppointmentRow *appointment = item->data;
  guint start = (guint) item->starts_at, end = start + appointment->minutes;

  if (appointment->status == MESO_STATUS_NO_SHOW)
    g_snprintf (out->label, sizeof out->label, "%s · %s", appointment->patient_name,
                meso_appointment_status_get_label (appointment->status));
  else
    g_strlcpy (out->label, appointment->patient_name, sizeof out->label);
  g_snprintf (out->start, sizeof out->start, "%02u:%02u", start / 60 % 24, start % 60);
  g_snprintf (out->range, sizeof out->range, "%s–%02u:%02u", out->start, end / 60 % 24, end % 60);
  g_snprintf (out->both, sizeof out->both, "%s %s", out->start, out->label);
}

static const char *
head_text (const BlockTexts *texts,
           MesoBlockHead     head)
{
  switch (head)
    {
    case MESO_BLOCK_HEAD_RANGE:
      return texts->range;
    case MESO_BLOCK_HEAD_START:
      return texts->start;
    case MESO_BLOCK_HEAD_START_AND_NAME:
      return texts->both;
    case MESO_BLOCK_HEAD_NAME:
      return texts->label;
    case MESO_BLOCK_HEAD_NONE:
    default:
      return NULL;
    }
}

/* What a block shows: a first line (the time, or the time and the name
 * when only one line fits), then the name wrapped over the lines left. */
static MesoBlockPlan
plan_block (MesoCalendarView      *self,
            PangoLayout           *layout,
            const MesoLayoutItem  *item,
            const graphene_rect_t *rect)
{
  double width = rect->size.width - TEXT_INSET - 2;
  guint lines = (guint) MAX (0, (rect->size.height - 1) / meso_calendar_view_line_height (self));
  MesoBlockPlan plan = { MESO_BLOCK_HEAD_NONE, 0, FALSE };
  MesoBlockHead time;
  BlockTexts texts;
  guint name_lines;

  if (width < 16 || lines < 1)
    return plan;
  block_texts (item, &texts);
  /* Lines the name takes wrapped at the block's width. */
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -1);
  pango_layout_set_text (layout, texts.label, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  name_lines = MIN (pango_layout_get_line_count (layout), G_MAXUINT8);
  time = text_width (layout, texts.range) <= width ? MESO_BLOCK_HEAD_RANGE
                                                   : MESO_BLOCK_HEAD_START;

  if (lines >= name_lines + 1)
    plan = (MesoBlockPlan) { time, name_lines, TRUE };
  else if (lines == 1 && text_width (layout, texts.both) <= width)
    plan = (MesoBlockPlan) { MESO_BLOCK_HEAD_START_AND_NAME, 0, TRUE };
  else if (lines >= name_lines)
    /* The name whole rather than the time, which the grid shows anyway. */
    plan = (MesoBlockPlan) { MESO_BLOCK_HEAD_NONE, name_lines, TRUE };
  else if (lines == 1)
    plan = (MesoBlockPlan) { MESO_BLOCK_HEAD_NAME, 0, FALSE };   /* who, rather than when */
  else
    plan = (MesoBlockPlan) { time, lines - 1, FALSE };
  return plan;
}

/* Plans every block's text once per size, not at every frame. */
static void
ensure_plans (MesoCalendarView *self)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (self->plans_valid)
    return;
  layout = block_layout (self);
  g_array_set_size (self->plans, self->items->len);
  for (guint i = 0; i < self->items->len && self->mode != MESO_CALENDAR_MONTH; i++)
    g_array_index (self->plans, MesoBlockPlan, i) =
      plan_block (self, layout, &g_array_index (self->items, MesoLayoutItem, i),
                  &g_array_index (self->rects, graphene_rect_t, i));
  self->plans_valid = TRUE;
}

/* Whether the block of item @index shows its patient's whole name. */
gboolean
meso_calendar_view_shows_whole_name (MesoCalendarView *self,
                                     guint             index)
{
  ensure_plans (self);
  return g_array_index (self->plans, MesoBlockPlan, index).whole;
}

static void
append_text (GtkSnapshot    *snapshot,
             PangoLayout    *text,
             const char     *string,
             double          x,
             double          y,
             double          width,
             const GdkRGBA  *colour)
{
  pango_layout_set_text (text, string, -1);
  pango_layout_set_width (text, (int) (width * PANGO_SCALE));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, text, colour);
  gtk_snapshot_restore (snapshot);
}

static void
column_title (MesoCalendarView *self,
              guint             column,
              char             *buffer,
              gsize             size)
{
  GDate day = self->first_day;

  if (self->mode == MESO_CALENDAR_DAY)
    {
      gint64 id = column < self->column_ids->len ? g_array_index (self->column_ids, gint64, column)
                                                 : 0;
      const char *name = NULL;

      if (self->group_mode == MESO_GROUP_BY_ROOM && meso_resources_find_room (self->resources, id))
        name = meso_resources_find_room (self->resources, id)->name;
      else if (meso_resources_find_practitioner (self->resources, id))
        name = meso_resources_find_practitioner (self->resources, id)->name;
      g_strlcpy (buffer, name != NULL ? name : _("No practitioners"), size);
      return;
    }
  g_date_add_days (&day, column);
  g_date_strftime (buffer, size, self->mode == MESO_CALENDAR_WEEK ? "%a %-d %b" : "%a", &day);
}

/* The columns' headings as drawn (for tests): names in the day view, days
 * otherwise. */
guint
meso_calendar_view_get_n_columns (MesoCalendarView *self)
{
  return n_columns (self);
}

char *
meso_calendar_view_dup_column_title (MesoCalendarView *self,
                                     guint             column)
{
  char title[128];

  column_title (self, column, title, sizeof title);
  return g_strdup (title);
}

/* Whether @day, a column's in the week view, is the clinic's today. */
static gboolean
is_today (MesoCalendarView *self,
          const GDate      *day)
{
  return self->mode == MESO_CALENDAR_WEEK && g_date_valid (&self->today) &&
         g_date_compare (day, &self->today) == 0;
}

static void
snapshot_grid (MesoCalendarView *self,
               GtkSnapshot      *snapshot,
               const GdkRGBA    *fg,
               PangoLayout      *text)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double col_width = column_width (self);
  double per_minute = minute_height (self);
  GdkRGBA line = *fg, faint = *fg, closed = *fg, tint = self->accent_bg;
  char title[128];

  tint.alpha = 0.06;
  line.alpha = 0.18;
  faint.alpha = 0.07;
  closed.alpha = 0.05;

  /* Shade what is closed: holidays, days off and hours outside work. */
  for (guint c = 0; c < n_columns (self); c++)
    {
      GDate day = self->first_day;
      MesoHours span;

      if (self->mode == MESO_CALENDAR_WEEK)
        g_date_add_days (&day, c);
      if (self->mode == MESO_CALENDAR_DAY && self->group_mode == MESO_GROUP_BY_PRACTITIONER &&
          c < self->column_ids->len)
        span = meso_resources_get_working_span (self->resources,
                                                g_array_index (self->column_ids, gint64, c), &day);
      else if (meso_resources_get_holiday (self->resources, &day) != NULL)
        span = (MesoHours) { 0 };
      else
        span = meso_resources_get_opening_hours (self->resources, g_date_get_weekday (&day));
      if (span.closes == 0)
        span.opens = span.closes = self->to_minute;
      span.opens = CLAMP (span.opens, self->from_minute, self->to_minute);
      span.closes = CLAMP (span.closes, span.opens, self->to_minute);
      gtk_snapshot_append_color (snapshot, &closed,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width, HEADER_HEIGHT,
                                                      col_width,
                                                      (span.opens - self->from_minute) *
                                                      per_minute));
      gtk_snapshot_append_color (snapshot, &closed,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width,
                                                      HEADER_HEIGHT + (span.closes -
                                                                       self->from_minute) *
                                                      per_minute, col_width,
                                                      (self->to_minute - span.closes) *
                                                      per_minute));

      if (is_today (self, &day))
        gtk_snapshot_append_color (snapshot, &tint,
                                   &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width, 0, col_width,
                                                        height));
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH + c * col_width, 0, 1, height));
    }

  for (guint minute = self->from_minute; minute < self->to_minute; minute += 30)
    {
      double y = HEADER_HEIGHT + (minute - self->from_minute) * per_minute;

      gtk_snapshot_append_color (snapshot, minute % 60 == 0 ? &line : &faint,
                                 &GRAPHENE_RECT_INIT (GUTTER_WIDTH, y, width - GUTTER_WIDTH, 1));
      if (minute % 60 == 0)
        {
          g_snprintf (title, sizeof title, "%02u:00", minute / 60);
          append_text (snapshot, text, title, 6, y + 2, GUTTER_WIDTH - 8, fg);
        }
    }
}

/* The headings, drawn last at the top of the part shown, over the blocks
 * scrolled under them, on the view's background: the days (or the day
 * view's practitioners and rooms) stay in sight, today's in the accent. */
static void
snapshot_header (MesoCalendarView *self,
                 GtkSnapshot      *snapshot,
                 const GdkRGBA    *fg,
                 PangoLayout      *text)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double col_width = column_width (self);
  double top = meso_calendar_view_header_top (self);
  GdkRGBA line = *fg, tint = self->accent_bg;
  char title[128];

  tint.alpha = 0.06;
  line.alpha = 0.18;
  /* A pixel higher when pinned: no sliver of a block above it where the
   * view lies between pixels. */
  gtk_snapshot_append_color (snapshot, &self->bg,
                             &GRAPHENE_RECT_INIT (0, top - MIN (top, 1), width,
                                                  HEADER_HEIGHT + MIN (top, 1)));
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  for (guint c = 0; c < n_columns (self); c++)
    {
      GDate day = self->first_day;
      double x = GUTTER_WIDTH + c * col_width;
      gboolean today;

      if (self->mode == MESO_CALENDAR_WEEK)
        g_date_add_days (&day, c);
      today = is_today (self, &day);
      if (today)
        gtk_snapshot_append_color (snapshot, &tint,
                                   &GRAPHENE_RECT_INIT (x, top, col_width, HEADER_HEIGHT));
      column_title (self, c, title, sizeof title);
      append_text (snapshot, text, title, x + 6, top + 6, col_width - 12,
                   today ? &self->accent : fg);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, top, 1, HEADER_HEIGHT));
    }
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (0, top + HEADER_HEIGHT - 1, width, 1));
}

static void
snapshot_item (MesoCalendarView      *self,
               GtkSnapshot           *snapshot,
               PangoLayout           *text,
               const MesoLayoutItem  *item,
               const MesoBlockPlan   *plan,
               const GdkRGBA         *colour,
               const GdkRGBA         *fill,
               const GdkRGBA         *ink,
               const graphene_rect_t *rect)
{
  double line_height = meso_calendar_view_line_height (self);
  double width = rect->size.width - TEXT_INSET - 2;
  double y = rect->origin.y;
  const char *head;
  BlockTexts texts;

  gtk_snapshot_append_color (snapshot, fill, rect);
  gtk_snapshot_append_color (snapshot, colour,
                             &GRAPHENE_RECT_INIT (rect->origin.x, rect->origin.y, 3,
                                                  rect->size.height));
  if (plan->head == MESO_BLOCK_HEAD_NONE && plan->name_lines == 0)
    return;
  block_texts (item, &texts);
  /* Text never spills out of its block onto the next one. */
  gtk_snapshot_push_clip (snapshot, rect);
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  if ((head = head_text (&texts, plan->head)) != NULL)
    {
      pango_layout_set_height (text, 0);   /* one line */
      append_text (snapshot, text, head, rect->origin.x + TEXT_INSET, y, width, ink);
      y += line_height;
    }
  if (plan->name_lines > 0)
    {
      pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (text, -(int) plan->name_lines);
      append_text (snapshot, text, texts.label, rect->origin.x + TEXT_INSET, y, width, ink);
    }
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_month (MesoCalendarView *self,
                GtkSnapshot      *snapshot,
                const GdkRGBA    *fg,
                PangoLayout      *text)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double cell_width = width / 7, cell_height = (height - HEADER_HEIGHT) / 6;
  /* Rows of 16 pixels under the day's number, the last one kept for "N more"
   * when the day has more than fit. */
  guint rows = (guint) MAX (0, (cell_height - 22) / 16);
  GdkRGBA line = *fg, dim = *fg;
  guint next_item = 0;
  GDate in_month = self->first_day;
  char title[64];

  g_date_add_days (&in_month, 6);   /* the first Sunday is always in the month */
  line.alpha = 0.18;
  dim.alpha = fg->alpha * 0.6;
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  for (guint c = 0; c < 7; c++)
    {
      column_title (self, c, title, sizeof title);
      append_text (snapshot, text, title, c * cell_width + 6, 6, cell_width - 12, fg);
    }
  for (guint d = 0; d < 42; d++)
    {
      double x = (d % 7) * cell_width, y = HEADER_HEIGHT + (d / 7) * cell_height;
      GDate day = self->first_day;
      const char *holiday;
      guint first = next_item, count = 0, shown = 0;
      gboolean is_today, outside;
      int number_width;

      g_date_add_days (&day, d);
      is_today = g_date_valid (&self->today) && g_date_compare (&day, &self->today) == 0;
      outside = g_date_get_month (&day) != g_date_get_month (&in_month);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, y, cell_width, 1));
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x, y, 1, cell_height));
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, y, cell_width, cell_height));

      /* Today's number on an accent disc, as GNOME Calendar marks it. */
      g_snprintf (title, sizeof title, "%u", g_date_get_day (&day));
      number_width = text_width (text, title);
      if (is_today)
        {
          double size = MAX (number_width + 8, 20);
          GskRoundedRect disc;

          gsk_rounded_rect_init_from_rect (&disc, &GRAPHENE_RECT_INIT (x + 3, y + 2, size, 20),
                                           10);
          gtk_snapshot_push_rounded_clip (snapshot, &disc);
          gtk_snapshot_append_color (snapshot, &self->accent_bg, &disc.bounds);
          gtk_snapshot_pop (snapshot);
          append_text (snapshot, text, title, x + 3 + (size - number_width) / 2, y + 3,
                       cell_width - 12, &self->accent_fg);
        }
      else
        append_text (snapshot, text, title, x + 6, y + 3, cell_width - 12, outside ? &dim : fg);
      holiday = meso_resources_get_holiday (self->resources, &day);
      if (holiday != NULL)
        append_text (snapshot, text, holiday, x + 6 + MAX (number_width + 8, 20) + 4, y + 3,
                     MAX (cell_width - 30 - number_width, 1), &dim);

      /* The items are in day order, a day's by start. */
      while (next_item < self->items->len &&
             g_array_index (self->items, MesoLayoutItem, next_item).column == d)
        next_item++;
      count = next_item - first;
      for (guint i = first; i < next_item && shown < (count > rows ? rows - 1 : rows); i++)
        {
          MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, i);
          const MesoAppointmentRow *appointment = item->data;
          char label[160];

          gtk_snapshot_append_color (snapshot, &g_array_index (self->colours, GdkRGBA, i),
                                     &GRAPHENE_RECT_INIT (x + 6, y + 24 + shown * 16, 6, 10));
          g_snprintf (label, sizeof label, "%02u:%02u %s", (guint) item->starts_at / 60,
                      (guint) item->starts_at % 60, appointment->patient_name);
          append_text (snapshot, text, label, x + 16, y + 19 + shown * 16, cell_width - 20, fg);
          shown++;
        }
      if (shown < count && rows > 0)
        {
          guint hidden = count - shown;

          g_snprintf (title, sizeof title, ngettext ("%u more", "%u more", hidden), hidden);
          append_text (snapshot, text, title, x + 16, y + 19 + shown * 16, cell_width - 20,
                       &dim);
        }
      gtk_snapshot_pop (snapshot);
    }
}

void
meso_calendar_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  g_autoptr(PangoLayout) text = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoLayout) block_text = NULL;

  if (self->resources == NULL)
    return;
  ensure_colours (self);
  /* The view's own background: the blocks' fills are composed on it. */
  gtk_snapshot_append_color (snapshot, &self->bg,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (text, 0);   /* one line */

  if (self->mode == MESO_CALENDAR_MONTH)
    {
      snapshot_month (self, snapshot, &self->fg, text);
      meso_calendar_view_snapshot_focus (self, snapshot);
      return;
    }
  snapshot_grid (self, snapshot, &self->fg, text);
  block_text = block_layout (self);
  ensure_plans (self);
  for (guint i = 0; i < self->items->len; i++)
    {
      if (self->drag_mode != DRAG_NONE && self->dragged && i == self->drag_item)
        continue;
      snapshot_item (self, snapshot, block_text, &g_array_index (self->items, MesoLayoutItem, i),
                     &g_array_index (self->plans, MesoBlockPlan, i),
                     &g_array_index (self->colours, GdkRGBA, i),
                     &g_array_index (self->fills, GdkRGBA, i),
                     &g_array_index (self->inks, GdkRGBA, i),
                     &g_array_index (self->rects, graphene_rect_t, i));
    }
  if (self->drag_mode != DRAG_NONE && self->dragged)
    {
      double per_minute = minute_height (self);
      double width = column_width (self);
      MesoLayoutItem ghost = g_array_index (self->items, MesoLayoutItem, self->drag_item);
      const GdkRGBA *colour = &g_array_index (self->colours, GdkRGBA, self->drag_item);
      GdkRGBA fill, ink;
      guint minute = minute_of (self, self->drag_starts_at);
      graphene_rect_t rect = GRAPHENE_RECT_INIT (GUTTER_WIDTH + self->drag_column * width + 1,
                                                 HEADER_HEIGHT +
                                                 ((double) minute - self->from_minute) *
                                                 per_minute, width - 2,
                                                 MAX (self->drag_minutes * per_minute,
                                                      meso_calendar_view_line_height (self) + 2));
      MesoBlockPlan plan;

      /* Where it would land, a little stronger than the blocks around it. */
      ghost.starts_at = minute;
      plan = plan_block (self, block_text, &ghost, &rect);
      block_colours (self, colour, 0.4, &fill, &ink);
      snapshot_item (self, snapshot, block_text, &ghost, &plan, colour, &fill, &ink, &rect);
    }
  meso_calendar_view_snapshot_focus (self, snapshot);
  snapshot_header (self, snapshot, &self->fg, text);
}
