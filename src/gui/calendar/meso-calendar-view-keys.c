/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-view-keys.c: the calendar view's appointments as children
 * (MesoAppointmentChip) for the keyboard and screen readers: which
 * appointments get one, the focus among them, the keys, and the summary a
 * click shows. Only the appointments drawn get a chip, and chips are kept
 * from range to range: a busy week's two thousand are made once. */
#define G_LOG_DOMAIN "meso-calendar-view"

#include <glib/gi18n.h>

#include "meso-calendar-view-private.h"
#include "meso-date-format.h"

/* What Shift+Up and Shift+Down move an appointment by: the grid's quarter
 * hour, on which a double click books too. */
#define SLOT_MINUTES 15

/* How long one pass may spend making new chips: a busy week's two
 * thousand cost about 50 ms, more than a frame, so the rest are made in
 * later passes at idle priority, between frames. */
#define CHIP_SLICE_USEC 4000

static gboolean
is_drawn (MesoCalendarView *self,
          guint             index)
{
  const graphene_rect_t *rect;

  if (index >= self->rects->len)
    return FALSE;
  rect = &g_array_index (self->rects, graphene_rect_t, index);
  return rect->size.width > 0 && rect->size.height > 0;
}

static const MesoAppointmentRow *
row_at (MesoCalendarView *self,
        guint             index)
{
  return g_array_index (self->items, MesoLayoutItem, index).data;
}

static MesoAppointmentChip *
chip_of (MesoCalendarView *self,
         gint64            id)
{
  return g_hash_table_lookup (self->chips, (gpointer) (gintptr) id);
}

/* The item of appointment @id, or -1 when it has no chip. */
static int
index_of (MesoCalendarView *self,
          gint64            id)
{
  MesoAppointmentChip *chip = chip_of (self, id);

  return chip != NULL ? (int) meso_appointment_chip_get_index (chip) : -1;
}

static void
format_minute (char  *buffer,
               gsize  size,
               guint  minute)
{
  g_snprintf (buffer, size, "%02u:%02u", minute / 60 % 24, minute % 60);
}

/* Each day shown, in words ("Tuesday 24 November"): made once per range. */
static GPtrArray *
day_names (MesoCalendarView *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  guint n = self->mode == MESO_CALENDAR_DAY ? 1 : self->n_days;

  for (guint d = 0; d < n; d++)
    {
      GDate day = self->first_day;

      g_date_add_days (&day, d);
      g_ptr_array_add (names, meso_resources_format (self->resources,
                                                     meso_resources_to_instant (self->resources,
                                                                                &day, 12 * 60),
                                                     meso_date_format_day ()));
    }
  return names;
}

static const char *
day_name (MesoCalendarView *self,
          GPtrArray        *names,
          guint             index)
{
  guint column = g_array_index (self->items, MesoLayoutItem, index).column;

  return self->mode == MESO_CALENDAR_DAY || column >= names->len ? names->pdata[0]
                                                                 : names->pdata[column];
}

static const char *
practitioner_name (MesoCalendarView         *self,
                   const MesoAppointmentRow *row)
{
  MesoPractitioner *practitioner = meso_resources_find_practitioner (self->resources,
                                                                     row->practitioner_id);

  return practitioner != NULL ? practitioner->name : "";
}

/* What a screen reader says of the appointment: who, when, with whom, and
 * its status, in the interface's language. */
static void
describe (MesoCalendarView *self,
          GPtrArray        *names,
          guint             index,
          GString          *out)
{
  const MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, index);
  const MesoAppointmentRow *row = item->data;
  char from[8], to[8];

  format_minute (from, sizeof from, (guint) item->starts_at);
  format_minute (to, sizeof to, (guint) item->starts_at + row->minutes);
  /* Translators: an appointment on the calendar as a screen reader says it:
   * the patient, the day, the start and end times, the practitioner and the
   * status, e.g. "Ayşe Yılmaz, Tuesday 24 November, 09:30–10:00, Elif Şahin,
   * Booked". */
  g_string_printf (out, _("%1$s, %2$s, %3$s–%4$s, %5$s, %6$s"), row->patient_name,
                   day_name (self, names, index), from, to, practitioner_name (self, row),
                   meso_appointment_status_get_label (row->status));
}

/* A hash of what describe() says of item @index (0 for "always again"). */
static guint
stamp_of (MesoCalendarView *self,
          guint             index)
{
  const MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, index);
  const MesoAppointmentRow *row = item->data;
  guint64 mix = (guint64) row->starts_at * 31 + (guint64) item->starts_at;

  mix = mix * 31 + row->minutes;
  mix = mix * 31 + row->status;
  /* The name, not the id: a practitioner renamed is read out renamed. */
  mix = mix * 31 + g_str_hash (practitioner_name (self, row));
  mix = mix * 31 + (row->patient_name != NULL ? g_str_hash (row->patient_name) : 0);
  return (guint) (mix ^ (mix >> 32));
}

static gboolean update_chips_cb (gpointer user_data);

/* Keeps @chip hidden for appointment @key's next range; a second chip of
 * the same appointment is dropped. */
static void
keep_spare (MesoCalendarView *self,
            gpointer          key,
            GtkWidget        *chip)
{
  if (g_hash_table_contains (self->spare_chips, key))
    gtk_widget_unparent (chip);
  else
    g_hash_table_insert (self->spare_chips, key, chip);
}

/* Gives each appointment drawn a chip: the one it had if it had one, so
 * that the focus stays on it through a reload; the chips left over are
 * hidden for the next range. The chips follow the items' order, which is
 * the order a screen reader reads them in. New chips are made for
 * CHIP_SLICE_USEC at most; the appointments still without one get theirs
 * in another pass, scheduled here. */
gboolean
meso_calendar_view_update_chips (MesoCalendarView *self)
{
  gint64 deadline = g_get_monotonic_time () + CHIP_SLICE_USEC;
  GtkWidget *view = GTK_WIDGET (self);
  GtkWidget *focus = gtk_widget_get_focus_child (view);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) label = g_string_new (NULL);
  GHashTableIter iter, spare;
  gpointer key, chip;
  GtkWidget *previous = NULL;
  gboolean focus_lost = FALSE, changed = FALSE, unfinished = FALSE, spares_left;

  if (self->resources == NULL)
    return FALSE;
  names = day_names (self);
  /* An appointment keeps its chip, shown or spare: back in a range, its
   * label need not be made and sent to the screen reader again. */
  for (guint i = 0; i < self->items->len; i++)
    {
      if (!is_drawn (self, i))
        continue;
      key = (gpointer) (gintptr) row_at (self, i)->id;
      if (g_hash_table_steal_extended (self->chips, key, NULL, &chip) ||
          g_hash_table_steal_extended (self->spare_chips, key, NULL, &chip))
        g_hash_table_insert (kept, key, chip);
    }
  /* What is left had no appointment drawn this time. */
  g_hash_table_iter_init (&iter, self->chips);
  while (g_hash_table_iter_next (&iter, &key, &chip))
    {
      focus_lost |= chip == focus;
      changed = TRUE;
      g_hash_table_iter_steal (&iter);
      keep_spare (self, key, chip);
    }
  /* Any spare left serves an appointment that never had a chip. */
  g_hash_table_iter_init (&spare, self->spare_chips);
  spares_left = g_hash_table_size (self->spare_chips) > 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      const MesoAppointmentRow *row;
      guint stamp;

      if (!is_drawn (self, i))
        continue;
      row = row_at (self, i);
      if (!g_hash_table_steal_extended (kept, (gpointer) (gintptr) row->id, NULL, &chip))
        {
          if (spares_left && (spares_left = g_hash_table_iter_next (&spare, NULL, &chip)))
            g_hash_table_iter_steal (&spare);
          else if (g_get_monotonic_time () > deadline)
            {
              unfinished = TRUE;
              continue;
            }
          else
            {
              chip = meso_appointment_chip_new ();
              gtk_widget_set_parent (chip, view);
            }
        }
      if (!gtk_widget_get_visible (chip))
        {
          gtk_widget_set_visible (chip, TRUE);
          changed = TRUE;
        }
      g_hash_table_insert (self->chips, (gpointer) (gintptr) row->id, chip);
      meso_appointment_chip_set (chip, row->id, i);
      stamp = stamp_of (self, i);
      if (stamp != meso_appointment_chip_get_stamp (chip) || stamp == 0)
        {
          describe (self, names, i, label);
          meso_appointment_chip_set_label (chip, label->str, stamp);
        }
      if (gtk_widget_get_prev_sibling (chip) != previous)
        {
          gtk_widget_insert_after (chip, view, previous);
          changed = TRUE;
        }
      previous = chip;
    }
  /* The same appointment twice in a range (never from the schedule). */
  g_hash_table_iter_init (&iter, kept);
  while (g_hash_table_iter_next (&iter, &key, &chip))
    keep_spare (self, key, chip);
  g_hash_table_iter_init (&iter, self->spare_chips);
  while (g_hash_table_iter_next (&iter, NULL, &chip))
    gtk_widget_set_visible (chip, FALSE);
  if (focus_lost)
    {
      /* Keep the focus in the grid, on its first appointment. */
      GtkWidget *next = gtk_widget_get_first_child (view);

      if (next != NULL && MESO_IS_APPOINTMENT_CHIP (next) && gtk_widget_get_visible (next))
        gtk_widget_grab_focus (next);
      else
        gtk_widget_grab_focus (view);
    }
  if (self->focus_pending != 0 && (chip = chip_of (self, self->focus_pending)) != NULL)
    {
      self->focus_pending = 0;
      gtk_widget_grab_focus (chip);
    }
  if (unfinished && self->chips_source == 0)
    self->chips_source = g_idle_add (update_chips_cb, self);
  return changed;
}

static gboolean
update_chips_cb (gpointer user_data)
{
  MesoCalendarView *self = user_data;

  self->chips_source = 0;
  if (meso_calendar_view_update_chips (self))
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* After a new size: the kept chips follow their items at once; which
 * items have one (a month's day has room for more lines) and their order
 * change after the allocation, never during it, which would ask for
 * another one at every frame. */
void
meso_calendar_view_resize_chips (MesoCalendarView *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      MesoAppointmentChip *chip = is_drawn (self, i) ? chip_of (self, row_at (self, i)->id)
                                                     : NULL;

      if (chip != NULL)
        meso_appointment_chip_set (chip, row_at (self, i)->id, i);
    }
  if (self->chips_source == 0)
    self->chips_source = g_idle_add (update_chips_cb, self);
}

/* Each chip over its block (or its line of a month's day). */
void
meso_calendar_view_allocate_chips (MesoCalendarView *self)
{
  GHashTableIter iter;
  gpointer chip;

  g_hash_table_iter_init (&iter, self->chips);
  while (g_hash_table_iter_next (&iter, NULL, &chip))
    {
      guint index = meso_appointment_chip_get_index (chip);
      /* A chip left from a range no longer laid out has no block. */
      graphene_rect_t none = GRAPHENE_RECT_INIT (0, 0, 1, 1);
      const graphene_rect_t *rect = index < self->rects->len
                                      ? &g_array_index (self->rects, graphene_rect_t, index)
                                      : &none;

      gtk_widget_measure (chip, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
      gtk_widget_measure (chip, GTK_ORIENTATION_VERTICAL, -1, NULL, NULL, NULL, NULL);
      gtk_widget_size_allocate (chip, &(GtkAllocation) { (int) rect->origin.x,
                                                         (int) rect->origin.y,
                                                         (int) MAX (rect->size.width, 1),
                                                         (int) MAX (rect->size.height, 1) }, -1);
    }
  if (self->summary != NULL)
    gtk_popover_present (GTK_POPOVER (self->summary));
}

/* Only the focused chip draws anything: its focus ring. */
void
meso_calendar_view_snapshot_focus (MesoCalendarView *self,
                                   GtkSnapshot      *snapshot)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self));

  if (focus != NULL && MESO_IS_APPOINTMENT_CHIP (focus) && gtk_widget_get_visible (focus))
    gtk_widget_snapshot_child (GTK_WIDGET (self), focus, snapshot);
}

/* Focus ------------------------------------------------------------------ */

/**
 * meso_calendar_view_focus_appointment:
 *
 * Puts the keyboard's focus on appointment @id now if it is shown, else
 * once a range that shows it is set.
 */
void
meso_calendar_view_focus_appointment (MesoCalendarView *self,
                                      gint64            id)
{
  MesoAppointmentChip *chip = chip_of (self, id);

  self->focus_pending = chip != NULL ? 0 : id;
  if (chip != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (chip));
}

static gboolean
focus_index (MesoCalendarView *self,
             guint             index)
{
  MesoAppointmentChip *chip = index < self->items->len ? chip_of (self, row_at (self, index)->id)
                                                       : NULL;

  if (chip == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }
  gtk_widget_grab_focus (GTK_WIDGET (chip));
  return TRUE;
}

/* The next appointment drawn after @index (before it for @step -1), in
 * the order of the days and their times. */
static gboolean
focus_step (MesoCalendarView *self,
            guint             index,
            int               step)
{
  for (int i = (int) index + step; i >= 0 && i < (int) self->items->len; i += step)
    if (is_drawn (self, i))
      return focus_index (self, i);
  gtk_widget_error_bell (GTK_WIDGET (self));
  return TRUE;
}

/* The appointment nearest in time in the next column (day, or practitioner
 * in the day view) that has one, towards @step. */
static gboolean
focus_across (MesoCalendarView *self,
              guint             index,
              int               step)
{
  const MesoLayoutItem *from = &g_array_index (self->items, MesoLayoutItem, index);
  int best = -1;
  guint column = 0;
  gint64 best_distance = G_MAXINT64;

  for (guint i = 0; i < self->items->len; i++)
    {
      const MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, i);
      gint64 distance = ABS (item->starts_at - from->starts_at);

      if (!is_drawn (self, i) ||
          (step > 0 ? item->column <= from->column : item->column >= from->column))
        continue;
      /* The nearest column first, then the nearest time in it. */
      if (best >= 0 && item->column != column &&
          (step > 0 ? item->column > column : item->column < column))
        continue;
      if (best < 0 || item->column != column || distance < best_distance)
        {
          best = i;
          column = item->column;
          best_distance = distance;
        }
    }
  if (best < 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }
  return focus_index (self, best);
}

/* Tab enters the grid on the appointment focused last (or the first) and
 * leaves it from any appointment: the arrows move inside. */
static gboolean
meso_calendar_view_focus (GtkWidget        *widget,
                          GtkDirectionType  direction)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  GtkWidget *chip = NULL;

  if (gtk_widget_get_focus_child (widget) != NULL || gtk_widget_is_focus (widget))
    return FALSE;
  if (self->current_id != 0)
    chip = (GtkWidget *) chip_of (self, self->current_id);
  for (guint i = 0; chip == NULL && i < self->items->len; i++)
    if (is_drawn (self, i))
      chip = (GtkWidget *) chip_of (self, row_at (self, i)->id);
  if (chip != NULL)
    return gtk_widget_grab_focus (chip);
  return gtk_widget_grab_focus (widget);
}

static void
meso_calendar_view_set_focus_child (GtkWidget *widget,
                                    GtkWidget *child)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  GtkWidgetClass *parent_class = g_type_class_peek_parent (G_OBJECT_GET_CLASS (widget));

  parent_class->set_focus_child (widget, child);
  if (child != NULL && MESO_IS_APPOINTMENT_CHIP (child))
    {
      guint index = meso_appointment_chip_get_index (MESO_APPOINTMENT_CHIP (child));

      self->current_id = meso_appointment_chip_get_id (MESO_APPOINTMENT_CHIP (child));
      /* In sight below the headings, when the day or week scrolls. */
      if (index < self->rects->len)
        meso_calendar_view_scroll_to (self, &g_array_index (self->rects, graphene_rect_t, index));
    }
  /* The ring moves: drawn again. */
  gtk_widget_queue_draw (widget);
}

/* The summary ------------------------------------------------------------- */

static void
on_summary_closed_cb (MesoCalendarView *self)
{
  MesoAppointmentChip *chip = chip_of (self, meso_appointment_summary_get_id (self->summary));

  /* Back where the keyboard was, unless the editor opened meanwhile. */
  if (chip != NULL && gtk_widget_get_visible (GTK_WIDGET (chip)))
    gtk_widget_grab_focus (GTK_WIDGET (chip));
}

static void
show_summary (MesoCalendarView *self,
              guint             index)
{
  const MesoLayoutItem *item = &g_array_index (self->items, MesoLayoutItem, index);
  const MesoAppointmentRow *row = item->data;
  const graphene_rect_t *rect = &g_array_index (self->rects, graphene_rect_t, index);
  MesoRoom *room = meso_resources_find_room (self->resources, row->room_id);
  g_autoptr(GPtrArray) names = day_names (self);
  g_autofree char *time = NULL;
  g_autofree char *status = NULL;
  char from[8], to[8];

  if (self->summary == NULL)
    {
      self->summary = MESO_APPOINTMENT_SUMMARY (meso_appointment_summary_new ());
      gtk_widget_set_parent (GTK_WIDGET (self->summary), GTK_WIDGET (self));
      g_signal_connect_swapped (self->summary, "closed", G_CALLBACK (on_summary_closed_cb), self);
    }
  format_minute (from, sizeof from, (guint) item->starts_at);
  format_minute (to, sizeof to, (guint) item->starts_at + row->minutes);
  /* Translators: the day, then the start and end times of an appointment. */
  time = g_strdup_printf (_("%s, %s–%s"), day_name (self, names, index), from, to);
  status = g_strdup_printf ("%s · %s", meso_appointment_kind_get_label (row->kind),
                            meso_appointment_status_get_label (row->status));
  meso_appointment_summary_set (self->summary, row->id, row->patient_name, time,
                                practitioner_name (self, row), room != NULL ? room->name : "",
                                status);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->summary),
                               &(GdkRectangle) { (int) rect->origin.x, (int) rect->origin.y,
                                                 (int) MAX (rect->size.width, 1),
                                                 (int) MAX (rect->size.height, 1) });
  gtk_popover_popup (GTK_POPOVER (self->summary));
}

static gboolean
show_summary_cb (gpointer user_data)
{
  MesoCalendarView *self = user_data;
  int index = index_of (self, self->summary_id);

  self->summary_source = 0;
  if (index >= 0)
    show_summary (self, index);
  return G_SOURCE_REMOVE;
}

/* A single click: the summary, once it is sure no second click follows
 * (that one opens the editor instead). */
void
meso_calendar_view_clicked (MesoCalendarView *self,
                            guint             index)
{
  MesoAppointmentChip *chip = chip_of (self, row_at (self, index)->id);
  guint wait = 400;

  if (self->activated_on_press)
    return;
  if (chip != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (chip));
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &wait, NULL);
  g_clear_handle_id (&self->summary_source, g_source_remove);
  self->summary_id = row_at (self, index)->id;
  self->summary_source = g_timeout_add (wait, show_summary_cb, self);
}

void
meso_calendar_view_double_clicked (MesoCalendarView *self,
                                   guint             index)
{
  g_clear_handle_id (&self->summary_source, g_source_remove);
  self->activated_on_press = TRUE;
  meso_calendar_view_emit_activated (self, row_at (self, index)->id);
}

/* Keys ------------------------------------------------------------------- */

/* Asks the page to move the appointment by @minutes or @days: only one
 * still to come moves, as with a drag. */
static gboolean
move (MesoCalendarView *self,
      guint             index,
      int               minutes,
      int               days)
{
  const MesoAppointmentRow *row = row_at (self, index);
  g_autoptr(MesoAppointment) drawn = NULL;
  g_autoptr(MesoAppointment) place = NULL;

  if (row->status != MESO_STATUS_BOOKED && row->status != MESO_STATUS_CONFIRMED)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s",
                                  _("Only an appointment still to come can be moved."));
      return TRUE;
    }
  drawn = meso_calendar_view_new_place (row);
  place = meso_appointment_copy (drawn);
  place->starts_at = row->starts_at + (gint64) minutes * 60;
  if (days != 0)
    {
      GDate day;
      guint minute;

      /* The same time of day, across a change of clock too. */
      meso_resources_get_day (self->resources, row->starts_at, &day, &minute);
      days > 0 ? g_date_add_days (&day, days) : g_date_subtract_days (&day, -days);
      place->starts_at = meso_resources_to_instant (self->resources, &day, minute);
    }
  meso_calendar_view_emit_moved (self, place, drawn);
  return TRUE;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MesoCalendarView      *self)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self));
  gboolean shift;
  guint index;

  if (focus == NULL || !MESO_IS_APPOINTMENT_CHIP (focus))
    return FALSE;
  index = meso_appointment_chip_get_index (MESO_APPOINTMENT_CHIP (focus));
  if (index >= self->items->len)
    return FALSE;
  state &= gtk_accelerator_get_default_mod_mask ();
  if (state != 0 && state != GDK_SHIFT_MASK)
    return FALSE;
  shift = state == GDK_SHIFT_MASK;
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (shift)
        return FALSE;
      meso_calendar_view_emit_activated (self, row_at (self, index)->id);
      return TRUE;
    case GDK_KEY_Menu:
    case GDK_KEY_F10:
      if (keyval == GDK_KEY_F10 && !shift)
        return FALSE;
      show_summary (self, index);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return shift ? move (self, index, -SLOT_MINUTES, 0) : focus_step (self, index, -1);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return shift ? move (self, index, SLOT_MINUTES, 0) : focus_step (self, index, 1);
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return shift ? move (self, index, 0, -1) : focus_across (self, index, -1);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return shift ? move (self, index, 0, 1) : focus_across (self, index, 1);
    default:
      return FALSE;
    }
}

/* The chips' actions, for screen readers (meso-appointment-chip.c). */
static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  meso_calendar_view_emit_activated (MESO_CALENDAR_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
summary_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MesoCalendarView *self = MESO_CALENDAR_VIEW (widget);
  int index = index_of (self, g_variant_get_int64 (parameter));

  if (index >= 0)
    show_summary (self, index);
}

void
meso_calendar_view_class_add_keys (GtkWidgetClass *widget_class)
{
  widget_class->focus = meso_calendar_view_focus;
  widget_class->set_focus_child = meso_calendar_view_set_focus_child;
  gtk_widget_class_install_action (widget_class, "grid.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "grid.summary", "x", summary_action);
}

void
meso_calendar_view_init_keys (MesoCalendarView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->chips = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->spare_chips = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
meso_calendar_view_dispose_keys (MesoCalendarView *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->summary_source, g_source_remove);
  g_clear_handle_id (&self->chips_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->summary = NULL;
  g_clear_pointer (&self->chips, g_hash_table_unref);
  g_clear_pointer (&self->spare_chips, g_hash_table_unref);
}
