/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page.c: the calendar area. It loads the shown range from
 * the schedule, hands it to the grid or the agenda list, and turns what
 * the receptionist does (click, drag, keys) into core calls. The dialogs
 * it opens, and what it proposes after a slot frees up, are in
 * meso-calendar-page-dialogs.c. */
#define G_LOG_DOMAIN "meso-calendar-page"

#include <glib/gi18n.h>

#include "meso-calendar-page-private.h"
#include "meso-calendar-view.h"
#include "meso-date-format.h"
#include "meso-list-box.h"
#include "meso-list-view.h"
#include "meso-wrap-box.h"

G_DEFINE_FINAL_TYPE (MesoCalendarPage, meso_calendar_page, GTK_TYPE_WIDGET)

/* The days a refresh loads, in instants. */
typedef struct
{
  gint64 from;
  gint64 to;
} RefreshedSpan;

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_VIEW,
  PROP_GROUP_BY,
  PROP_COLOUR_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The days shown: a day, the week (from Monday), or the six weeks
 * around the month. */
void
meso_calendar_page_get_range (MesoCalendarPage *self,
                              GDate            *out_first,
                              guint            *out_days)
{
  *out_first = self->date;
  if (g_str_equal (self->view, "day"))
    {
      *out_days = 1;
      return;
    }
  *out_days = g_str_equal (self->view, "month") ? 42 : 7;
  /* The agenda is what comes: seven days from the day it is about (today
   * when the page opens), not from the Monday before. */
  if (g_str_equal (self->view, "agenda"))
    return;
  if (g_str_equal (self->view, "month"))
    g_date_set_day (out_first, 1);
  g_date_subtract_days (out_first, g_date_get_weekday (out_first) - G_DATE_MONDAY);
}

static void
update_title (MesoCalendarPage *self,
              const GDate      *first,
              guint             days)
{
  char text[128];
  g_autofree char *spoken = NULL;
  GDate last = *first;

  g_date_add_days (&last, days - 1);
  if (g_str_equal (self->view, "day"))
    g_date_strftime (text, sizeof text, "%a %-d %b %Y", &self->date);
  else if (g_str_equal (self->view, "month"))
    g_date_strftime (text, sizeof text, "%B %Y", &self->date);
  else
    {
      char from[64], to[64];

      g_date_strftime (from, sizeof from,
                       g_date_get_month (first) == g_date_get_month (&last) ? "%-d" : "%-d %b",
                       first);
      g_date_strftime (to, sizeof to, "%-d %b %Y", &last);
      g_snprintf (text, sizeof text, "%s–%s", from, to);
    }
  gtk_menu_button_set_label (self->date_button, text);
  /* Translators: the calendar's date button as a screen reader says it;
   * %s is the days shown, "November 2026" or "23–29 November 2026". */
  spoken = g_strdup_printf (_("%s, go to a date"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

/* The range loaded for the days shown now: a load for days since left
 * was cancelled and never lands here. */
static void show_range (MesoCalendarPage     *self,
                        MesoAppointmentRange *range);

static void
on_range_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointmentRange) range =
    meso_schedule_load_range_finish (MESO_SCHEDULE (source), result, &error);
  MesoCalendarPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the page may be gone: touch nothing */
  self = MESO_CALENDAR_PAGE (user_data);
  g_clear_object (&self->loading);
  if (range == NULL)
    show_error (self, error->message);
  else
    show_range (self, range);
}

/* Shows @range, the appointments of the days shown. */
static void
show_range (MesoCalendarPage     *self,
            MesoAppointmentRange *range)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule (self), &error);
  GDate first;
  guint days;

  if (resources == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_set_object (&self->range, range);
  meso_calendar_page_get_range (self, &first, &days);
  if (g_str_equal (self->view, "agenda"))
    {
      gtk_no_selection_set_model (self->agenda, G_LIST_MODEL (range));
      gtk_stack_set_visible_child_name (self->stack, meso_appointment_range_get_size (range) > 0
                                                     ? "agenda" : "empty");
      return;
    }
  meso_calendar_view_set_range (self->grid, resources,
                                g_str_equal (self->view, "day") ? MESO_CALENDAR_DAY
                                : g_str_equal (self->view, "week") ? MESO_CALENDAR_WEEK
                                : MESO_CALENDAR_MONTH, &first, days, range);
  gtk_stack_set_visible_child_name (self->stack, "grid");
  if (self->focus_after_load != 0)
    meso_calendar_view_focus_appointment (self->grid, self->focus_after_load);
  self->focus_after_load = 0;
}

/* The title follows at once; the days' appointments are read off the main
 * loop and drawn when they come, the previous ones shown till then. */
void
meso_calendar_page_reload (MesoCalendarPage *self)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule (self), &error);
  GDate first, end;
  guint days;

  meso_calendar_page_get_range (self, &first, &days);
  update_title (self, &first, days);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->refreshing);
  g_clear_object (&self->refreshing);
  self->stale_from = self->stale_to = 0;
  if (resources == NULL)
    {
      show_error (self, error->message);
      return;
    }
  end = first;
  g_date_add_days (&end, days);
  self->loading = g_cancellable_new ();
  meso_schedule_load_range_async (schedule (self),
                                  meso_resources_to_instant (resources, &first, 0),
                                  meso_resources_to_instant (resources, &end, 0), self->loading,
                                  on_range_loaded_cb, self);
}

static void refresh_stale_days (MesoCalendarPage *self);

static void
on_days_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointmentRange) fresh =
    meso_schedule_load_range_finish (MESO_SCHEDULE (source), result, &error);
  MesoCalendarPage *self;
  RefreshedSpan *span;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the page may be gone, or loads all its days again */
  self = MESO_CALENDAR_PAGE (user_data);
  span = g_object_get_data (G_OBJECT (self->refreshing), "span");
  if (fresh == NULL)
    show_error (self, error->message);
  else
    {
      g_autoptr(MesoAppointmentRange) spliced =
        meso_appointment_range_splice (self->range, fresh, span->from, span->to);

      show_range (self, spliced);
    }
  g_clear_object (&self->refreshing);
  refresh_stale_days (self);
}

/* Loads the stale days alone and splices them into the range shown; days
 * that go stale meanwhile wait for it to land. */
static void
refresh_stale_days (MesoCalendarPage *self)
{
  RefreshedSpan *span;

  if (self->refreshing != NULL || self->stale_to <= self->stale_from)
    return;
  span = g_new (RefreshedSpan, 1);
  span->from = self->stale_from;
  span->to = self->stale_to;
  self->stale_from = self->stale_to = 0;
  self->refreshing = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (self->refreshing), "span", span, g_free);
  meso_schedule_load_range_async (schedule (self), span->from, span->to, self->refreshing,
                                  on_days_refreshed_cb, self);
}

/* Another workstation booked, moved or cancelled appointments starting at
 * @starts (before and after): the days shown among theirs load again. */
static void
on_appointments_changed_cb (MesoCalendarPage *self,
                            GArray           *starts)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GDate first, end;
  guint days;
  gint64 shown_from, shown_to;

  if (resources == NULL || self->range == NULL || self->loading != NULL)
    {
      meso_calendar_page_reload (self);   /* a load under way may have read before the change */
      return;
    }
  meso_calendar_page_get_range (self, &first, &days);
  end = first;
  g_date_add_days (&end, days);
  shown_from = meso_resources_to_instant (resources, &first, 0);
  shown_to = meso_resources_to_instant (resources, &end, 0);
  for (guint i = 0; i < starts->len; i++)
    {
      gint64 start = g_array_index (starts, gint64, i);
      GDate day, next;

      if (start < shown_from || start >= shown_to)
        continue;
      meso_resources_get_day (resources, start, &day, NULL);
      next = day;
      g_date_add_days (&next, 1);
      if (self->stale_to <= self->stale_from)
        {
          self->stale_from = meso_resources_to_instant (resources, &day, 0);
          self->stale_to = meso_resources_to_instant (resources, &next, 0);
        }
      self->stale_from = MIN (self->stale_from, meso_resources_to_instant (resources, &day, 0));
      self->stale_to = MAX (self->stale_to, meso_resources_to_instant (resources, &next, 0));
    }
  refresh_stale_days (self);
}

/* Actions ------------------------------------------------------------------ */

/**
 * meso_calendar_page_go_to:
 *
 * Shows @day in the current view.
 */
void
meso_calendar_page_go_to (MesoCalendarPage *self,
                          const GDate      *day)
{
  self->date = *day;
  meso_calendar_page_reload (self);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (widget);
  GDate today;

  meso_context_get_today (self->context, &today);
  meso_calendar_page_go_to (self, &today);
}

static void
step (MesoCalendarPage *self,
      int               direction)
{
  GDate day = self->date;

  if (g_str_equal (self->view, "day"))
    direction > 0 ? g_date_add_days (&day, 1) : g_date_subtract_days (&day, 1);
  else if (g_str_equal (self->view, "month"))
    direction > 0 ? g_date_add_months (&day, 1) : g_date_subtract_months (&day, 1);
  else
    direction > 0 ? g_date_add_days (&day, 7) : g_date_subtract_days (&day, 7);
  meso_calendar_page_go_to (self, &day);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  step (MESO_CALENDAR_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  step (MESO_CALENDAR_PAGE (widget), 1);
}

static void
go_to_date_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (widget);
  g_autoptr(GDateTime) shown = g_date_time_new_local (g_date_get_year (&self->date),
                                                      g_date_get_month (&self->date),
                                                      g_date_get_day (&self->date), 12, 0, 0);

  gtk_calendar_select_day (self->go_calendar, shown);
  gtk_menu_button_popup (self->date_button);
}

static void
on_go_calendar_day_selected_cb (GtkCalendar      *calendar,
                                MesoCalendarPage *self)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (calendar);
  GDate day;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->date_popover)))
    return;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (chosen), g_date_time_get_month (chosen),
                  g_date_time_get_year (chosen));
  gtk_popover_popdown (self->date_popover);
  meso_calendar_page_go_to (self, &day);
}

/* The grid --------------------------------------------------------------- */

/* Opens the stored appointment: the calendar's rows do not carry notes. */
static void
open_stored (MesoCalendarPage *self,
             gint64            id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) appointment = meso_schedule_load (schedule (self), id, &error);

  if (appointment == NULL)
    show_error (self, error->message);
  else
    meso_calendar_page_open_appointment_dialog (self, appointment, 0);
}

/* Shows appointment @id's day and opens it, as from a reminder. */
void
meso_calendar_page_open_appointment (MesoCalendarPage *self,
                                     gint64            id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) appointment = meso_schedule_load (schedule (self), id, &error);
  MesoResources *resources = appointment != NULL
                             ? meso_schedule_get_resources (schedule (self), &error) : NULL;
  GDate day;

  if (resources == NULL)
    {
      show_error (self, error->message);
      return;
    }
  meso_resources_get_day (resources, appointment->starts_at, &day, NULL);
  meso_calendar_page_go_to (self, &day);
  meso_calendar_page_open_appointment_dialog (self, appointment, 0);
}

static void
on_grid_appointment_activated_cb (MesoCalendarView *grid,
                                  gint64            id,
                                  MesoCalendarPage *self)
{
  open_stored (self, id);
}

static void
on_grid_slot_activated_cb (MesoCalendarView *grid,
                           gint64            resource_id,
                           gint64            starts_at,
                           MesoCalendarPage *self)
{
  gboolean by_room = g_str_equal (self->group_by, "room");
  g_autoptr(MesoAppointment) appointment =
    meso_calendar_page_new_appointment (self, by_room ? 0 : resource_id,
                                        by_room ? resource_id : 0, starts_at);

  meso_calendar_page_open_appointment_dialog (self, appointment, 0);
}

static void
on_grid_day_activated_cb (MesoCalendarView *grid,
                          guint             julian,
                          MesoCalendarPage *self)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, julian);
  g_free (self->view);
  self->view = g_strdup ("day");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  meso_calendar_page_go_to (self, &day);
}

/* The agenda list -------------------------------------------------------- */

static void
on_agenda_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    MesoCalendarPage         *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *who = gtk_label_new (NULL);
  GtkWidget *what = gtk_label_new (NULL);

  /* A day's first row carries the day's heading: GTK 4.8's list view has
   * no sections of its own. */
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 12);
  /* The row's own height centres one line: a day's first row, taller,
   * keeps the same space around its line. */
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_label_set_width_chars (GTK_LABEL (when), 12);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "numeric");
  gtk_label_set_xalign (GTK_LABEL (who), 0);
  gtk_widget_set_hexpand (who, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (what), 1);
  gtk_widget_add_css_class (what, "dim-label");
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), who);
  gtk_box_append (GTK_BOX (box), what);
  gtk_box_append (GTK_BOX (row), heading);
  gtk_box_append (GTK_BOX (row), box);
  gtk_list_item_set_child (item, row);
}

/* Whether the appointment at @position starts another day than the one
 * before it: its row then shows the day's heading. */
static gboolean
starts_a_day (MesoCalendarPage *self,
              MesoResources    *resources,
              guint             position)
{
  g_autoptr(MesoAppointment) before = NULL;
  g_autoptr(MesoAppointment) appointment = NULL;
  GDate day, day_before;
  guint minute;

  if (position == 0)
    return TRUE;
  before = g_list_model_get_item (G_LIST_MODEL (self->agenda), position - 1);
  appointment = g_list_model_get_item (G_LIST_MODEL (self->agenda), position);
  if (before == NULL || appointment == NULL)
    return TRUE;
  meso_resources_get_day (resources, before->starts_at, &day_before, &minute);
  meso_resources_get_day (resources, appointment->starts_at, &day, &minute);
  return g_date_compare (&day, &day_before) != 0;
}

static void
on_agenda_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   MesoCalendarPage         *self)
{
  MesoAppointment *appointment = gtk_list_item_get_item (item);
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GtkWidget *heading = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *when = gtk_widget_get_first_child (gtk_widget_get_next_sibling (heading));
  GtkWidget *who = gtk_widget_get_next_sibling (when);
  GtkWidget *what = gtk_widget_get_next_sibling (who);
  MesoPractitioner *practitioner;
  MesoRoom *room;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *people = NULL;
  g_autofree char *status = NULL;
  g_autofree char *spoken = NULL;

  if (resources == NULL)
    return;
  practitioner = meso_resources_find_practitioner (resources, appointment->practitioner_id);
  room = meso_resources_find_room (resources, appointment->room_id);
  day = meso_resources_format (resources, appointment->starts_at, meso_date_format_day ());
  time = meso_resources_format (resources, appointment->starts_at, "%H:%M");
  people = g_strdup_printf ("%s — %s, %s", appointment->patient_name,
                            practitioner != NULL ? practitioner->name : "",
                            room != NULL ? room->name : "");
  status = g_strdup_printf ("%s · %s", meso_appointment_kind_get_label (appointment->kind),
                            meso_appointment_status_get_label (appointment->status));
  gtk_label_set_label (GTK_LABEL (heading), day);
  gtk_widget_set_visible (heading, starts_a_day (self, resources,
                                                 gtk_list_item_get_position (item)));
  gtk_label_set_label (GTK_LABEL (when), time);
  gtk_label_set_label (GTK_LABEL (who), people);
  gtk_label_set_label (GTK_LABEL (what), status);
  spoken = g_strdup_printf ("%s %s, %s", day, time, people);
  meso_list_view_name_row (gtk_list_item_get_child (item), spoken, status);
}

static void
on_agenda_view_activate_cb (GtkListView      *view,
                            guint             position,
                            MesoCalendarPage *self)
{
  g_autoptr(MesoAppointment) appointment = g_list_model_get_item (G_LIST_MODEL (self->agenda),
                                                                  position);

  open_stored (self, appointment->id);
}

/* The free-slot finder --------------------------------------------------- */

static void
on_find_result_activated_cb (GtkListBox       *box,
                             GtkListBoxRow    *row,
                             MesoCalendarPage *self)
{
  MesoAppointment *slot = g_object_get_data (G_OBJECT (row), "slot");
  g_autoptr(MesoAppointment) appointment =
    meso_calendar_page_new_appointment (self, slot->practitioner_id, slot->room_id,
                                        slot->starts_at);

  appointment->minutes = slot->minutes;
  gtk_popover_popdown (self->find_popover);
  meso_calendar_page_open_appointment_dialog (self, appointment, 0);
}

static void
on_find_search_button_clicked_cb (GtkButton        *button,
                                  MesoCalendarPage *self)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GArray *ids = g_object_get_data (G_OBJECT (self->find_practitioner_dropdown), "ids");
  guint part = gtk_drop_down_get_selected (self->find_part_dropdown);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  MesoSlotQuery query = {
    .minutes = gtk_spin_button_get_value_as_int (self->find_minutes_spin),
    .weekdays = gtk_drop_down_get_selected (self->find_days_dropdown) == 0 ? 0x1f : 0,
    .earliest = part == 2 ? 12 * 60 : 0,
    .latest = part == 1 ? 12 * 60 : 0,
    .max_days = 90,
  };

  if (resources == NULL || ids == NULL)
    return;
  query.practitioner_id = g_array_index (ids, gint64,
                                         gtk_drop_down_get_selected (self->find_practitioner_dropdown));
  query.not_before = MAX (meso_clock_get_now (meso_context_get_clock (self->context)),
                          meso_resources_to_instant (resources, &self->date, 0));
  meso_list_box_remove_all (self->find_results);

  slots = meso_schedule_find_slots (schedule (self), &query, 8, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->find_status_label), slots == NULL || slots->len == 0);
  if (slots == NULL || slots->len == 0)
    {
      gtk_label_set_label (self->find_status_label,
                           slots == NULL ? error->message
                                         : _("No free slot like this in the next 90 days."));
      return;
    }
  for (guint i = 0; i < slots->len; i++)
    {
      MesoAppointment *slot = g_ptr_array_index (slots, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = meso_calendar_page_describe_slot (self, slot);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "slot", g_object_ref (slot), g_object_unref);
      gtk_list_box_append (self->find_results, row);
    }
}

static void
on_find_popover_show_cb (GtkPopover       *popover,
                         MesoCalendarPage *self)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 anyone = 0;
  GPtrArray *practitioners;

  if (resources == NULL)
    return;
  gtk_string_list_append (names, _("With anyone"));
  g_array_append_val (ids, anyone);
  practitioners = meso_resources_get_practitioners (resources);
  for (guint i = 0; i < practitioners->len; i++)
    {
      MesoPractitioner *practitioner = g_ptr_array_index (practitioners, i);
      g_autofree char *label = NULL;

      if (!practitioner->active)
        continue;
      label = g_strdup_printf (_("With %s"), practitioner->name);
      gtk_string_list_append (names, label);
      g_array_append_val (ids, practitioner->id);
    }
  g_object_set_data_full (G_OBJECT (self->find_practitioner_dropdown), "ids", ids,
                          (GDestroyNotify) g_array_unref);
  gtk_drop_down_set_model (self->find_practitioner_dropdown, G_LIST_MODEL (names));
}

/* GObject ---------------------------------------------------------------- */

static void
meso_calendar_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    case PROP_GROUP_BY:
      g_value_set_string (value, self->group_by);
      break;
    case PROP_COLOUR_BY:
      g_value_set_string (value, self->colour_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_calendar_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (object);
  const char *text;

  if (prop_id == PROP_CONTEXT)
    {
      self->context = g_value_dup_object (value);
      return;
    }

  text = g_value_get_string (value);
  switch (prop_id)
    {
    case PROP_VIEW:
      if (g_strcmp0 (text, self->view) == 0 ||
          !g_strv_contains ((const char *[]) { "day", "week", "month", "agenda", NULL }, text))
        return;
      g_free (self->view);
      self->view = g_strdup (text);
      g_object_notify_by_pspec (object, pspec);
      if (self->context != NULL)
        meso_calendar_page_reload (self);
      break;
    case PROP_GROUP_BY:
      if (g_strcmp0 (text, self->group_by) == 0)
        return;
      g_free (self->group_by);
      self->group_by = g_strdup (g_str_equal (text, "room") ? "room" : "practitioner");
      meso_calendar_view_set_group_mode (self->grid, g_str_equal (self->group_by, "room")
                                                     ? MESO_GROUP_BY_ROOM
                                                     : MESO_GROUP_BY_PRACTITIONER);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_COLOUR_BY:
      if (g_strcmp0 (text, self->colour_by) == 0)
        return;
      g_free (self->colour_by);
      self->colour_by = g_strdup (g_str_equal (text, "status") ? "status" : "practitioner");
      meso_calendar_view_set_colour_mode (self->grid, g_str_equal (self->colour_by, "status")
                                                      ? MESO_COLOUR_BY_STATUS
                                                      : MESO_COLOUR_BY_PRACTITIONER);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_calendar_page_constructed (GObject *object)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (object);

  G_OBJECT_CLASS (meso_calendar_page_parent_class)->constructed (object);

  meso_calendar_view_set_clock (self->grid, meso_context_get_clock (self->context));
  g_signal_connect_swapped (schedule (self), "changed", G_CALLBACK (meso_calendar_page_reload),
                            self);
  g_signal_connect_swapped (schedule (self), "appointments-changed",
                            G_CALLBACK (on_appointments_changed_cb), self);
  meso_context_get_today (self->context, &self->date);
  meso_calendar_page_reload (self);
}

static void
meso_calendar_page_dispose (GObject *object)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (object);

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (schedule (self), self);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->refreshing);
  g_clear_object (&self->refreshing);
  g_clear_object (&self->range);
  g_clear_object (&self->undo_before);
  g_clear_object (&self->undo_after);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_CALENDAR_PAGE);
  g_clear_object (&self->chooser);
  g_clear_object (&self->agenda);
  g_clear_object (&self->context);
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->group_by, g_free);
  g_clear_pointer (&self->colour_by, g_free);

  G_OBJECT_CLASS (meso_calendar_page_parent_class)->dispose (object);
}

static void
meso_calendar_page_class_init (MesoCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = meso_calendar_page_get_property;
  object_class->set_property = meso_calendar_page_set_property;
  object_class->constructed = meso_calendar_page_constructed;
  object_class->dispose = meso_calendar_page_dispose;
  g_type_ensure (MESO_TYPE_WRAP_BOX);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "week",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP_BY] =
    g_param_spec_string ("group-by", NULL, NULL, "practitioner",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOUR_BY] =
    g_param_spec_string ("colour-by", NULL, NULL, "practitioner",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, content);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, date_popover);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, go_calendar);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_popover);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage,
                                        find_practitioner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_days_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_part_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_search_button);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_status_label);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, find_results);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, grid_box);
  gtk_widget_class_bind_template_child (widget_class, MesoCalendarPage, agenda_view);

  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "calendar.go-to-date", NULL, go_to_date_action);
  meso_calendar_page_class_add_dialog_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "calendar.undo-move", NULL,
                                   meso_calendar_page_undo_move_action);
  meso_calendar_page_class_add_toolbar (widget_class);
  gtk_widget_class_install_property_action (widget_class, "calendar.view", "view");
  gtk_widget_class_install_property_action (widget_class, "calendar.group-by", "group-by");
  gtk_widget_class_install_property_action (widget_class, "calendar.colour-by", "colour-by");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* The calendar's keys work whenever the calendar is shown, wherever the
 * focus is in the window. */
static void
add_shortcuts (MesoCalendarPage *self)
{
  static const struct
  {
    const char *trigger;
    const char *action;
    const char *view;
  } keys[] = {
    { "<Control>t", "calendar.today", NULL },
    { "<Alt>Left", "calendar.previous", NULL },
    { "Page_Up", "calendar.previous", NULL },
    { "<Alt>Right", "calendar.next", NULL },
    { "Page_Down", "calendar.next", NULL },
    { "<Control>g", "calendar.go-to-date", NULL },
    { "<Control>z", "calendar.undo-move", NULL },
    { "<Control>1", "calendar.view", "day" },
    { "<Control>2", "calendar.view", "week" },
    { "<Control>3", "calendar.view", "month" },
    { "<Control>4", "calendar.view", "agenda" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                gtk_named_action_new (keys[i].action));

      if (keys[i].view != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].view));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
meso_calendar_page_init (MesoCalendarPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  /* The property actions read these while the template is built. */
  self->view = g_strdup ("week");
  self->group_by = g_strdup ("practitioner");
  self->colour_by = g_strdup ("practitioner");
  gtk_widget_init_template (GTK_WIDGET (self));
  meso_calendar_page_init_toolbar (self);
  add_shortcuts (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calendar.undo-move", FALSE);
  self->agenda = gtk_no_selection_new (NULL);
  g_date_clear (&self->date, 1);

  self->grid = MESO_CALENDAR_VIEW (meso_calendar_view_new ());
  gtk_widget_set_focusable (GTK_WIDGET (self->grid), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Appointments"), -1);
  gtk_box_append (self->grid_box, GTK_WIDGET (self->grid));
  g_signal_connect (self->grid, "appointment-activated",
                    G_CALLBACK (on_grid_appointment_activated_cb), self);
  g_signal_connect_swapped (self->grid, "appointment-dropped",
                            G_CALLBACK (meso_calendar_page_move), self);
  g_signal_connect (self->grid, "slot-activated", G_CALLBACK (on_grid_slot_activated_cb), self);
  g_signal_connect (self->grid, "day-activated", G_CALLBACK (on_grid_day_activated_cb), self);
  g_signal_connect (self->go_calendar, "day-selected",
                    G_CALLBACK (on_go_calendar_day_selected_cb), self);
  g_signal_connect (self->find_popover, "show", G_CALLBACK (on_find_popover_show_cb), self);
  g_signal_connect (self->find_search_button, "clicked",
                    G_CALLBACK (on_find_search_button_clicked_cb), self);
  g_signal_connect (self->find_results, "row-activated",
                    G_CALLBACK (on_find_result_activated_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (on_agenda_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_agenda_bind_cb), self);
  gtk_list_view_set_factory (self->agenda_view, factory);
  meso_list_view_tab_leaves (self->agenda_view);
  g_object_unref (factory);
  gtk_list_view_set_model (self->agenda_view, GTK_SELECTION_MODEL (self->agenda));
  g_signal_connect (self->agenda_view, "activate", G_CALLBACK (on_agenda_view_activate_cb), self);
}

MesoCalendarPage *
meso_calendar_page_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_CALENDAR_PAGE, "context", context, NULL);
}
