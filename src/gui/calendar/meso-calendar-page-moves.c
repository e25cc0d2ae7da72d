/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page-moves.c: an appointment dragged or moved with
 * Shift and an arrow, through the core, which refuses a move whole; the
 * toast that says where it went, and Undo (Ctrl+Z) for the last move. */
#define G_LOG_DOMAIN "meso-calendar-page"

#include <glib/gi18n.h>

#include "meso-calendar-page-private.h"
#include "meso-window.h"

/* Shows the appointment's day (a move may take it to another week) and
 * keeps the keyboard on it, once that day is shown. */
static void
follow (MesoCalendarPage *self,
        MesoAppointment  *appointment)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GDate first, last, day;
  guint days;

  if (resources == NULL || g_str_equal (self->view, "agenda"))
    return;
  meso_calendar_page_get_range (self, &first, &days);
  last = first;
  g_date_add_days (&last, days - 1);
  meso_resources_get_day (resources, appointment->starts_at, &day, NULL);
  if (g_date_compare (&day, &first) >= 0 && g_date_compare (&day, &last) <= 0)
    {
      meso_calendar_view_focus_appointment (self->grid, appointment->id);
      return;
    }
  self->focus_after_load = appointment->id;
  meso_calendar_page_go_to (self, &day);
}

static void undo_move (MesoCalendarPage *self);

/* Undo on a toast undoes that toast's move only while it is the last one. */
static void
on_undo_clicked_cb (AdwToast         *toast,
                    MesoCalendarPage *self)
{
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "move")) == self->move_serial)
    undo_move (self);
}

/* "Moved Ayşe Yılmaz to Tue 24 Nov 09:45", with Undo. */
static void
announce_move (MesoCalendarPage *self,
               MesoAppointment  *before,
               MesoAppointment  *after,
               gboolean          undone)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  MesoPractitioner *practitioner = meso_resources_find_practitioner (resources,
                                                                     after->practitioner_id);
  g_autofree char *when = meso_resources_format (resources, after->starts_at, "%a %-d %b %H:%M");
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (undone)
    message = g_strdup_printf (_("Moved %s back to %s"), after->patient_name, when);
  else if (after->practitioner_id != before->practitioner_id && practitioner != NULL)
    message = g_strdup_printf (_("Moved %s to %s with %s"), after->patient_name, when,
                               practitioner->name);
  else
    message = g_strdup_printf (_("Moved %s to %s"), after->patient_name, when);
  if (!MESO_IS_WINDOW (root))
    return;
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 8);
  if (!undone)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data (G_OBJECT (toast), "move", GUINT_TO_POINTER (self->move_serial));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
    }
  meso_window_add_toast (MESO_WINDOW (root), toast);
}

static void
update_undo (MesoCalendarPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calendar.undo-move",
                                 self->undo_after != NULL);
}

/* A move that leaves its old time free, as the waitlist and a course's
 * rebooking see it: not a nudge by a quarter hour. */
static gboolean
frees_its_slot (MesoAppointment *before,
                MesoAppointment *after)
{
  return before->practitioner_id != after->practitioner_id ||
         after->starts_at >= meso_appointment_get_ends_at (before) ||
         meso_appointment_get_ends_at (after) <= before->starts_at;
}

/* A drag's drop, or Shift and an arrow: the core checks the new place in
 * its write (double booking, hours, still where it was @drawn) and refuses
 * it whole, saying why. */
void
meso_calendar_page_move (MesoCalendarPage *self,
                         MesoAppointment  *changed,
                         MesoAppointment  *drawn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) before = meso_schedule_move (schedule (self), changed, drawn, &error);
  g_autoptr(MesoAppointment) after = NULL;

  if (before == NULL)
    {
      show_error (self, error->message);
      meso_calendar_view_focus_appointment (self->grid, changed->id);
      meso_calendar_page_reload (self);
      return;
    }
  after = meso_appointment_copy (before);
  after->practitioner_id = changed->practitioner_id;
  after->room_id = changed->room_id;
  after->starts_at = changed->starts_at;
  after->minutes = changed->minutes;
  g_set_object (&self->undo_before, before);
  g_set_object (&self->undo_after, after);
  self->move_serial++;
  update_undo (self);
  announce_move (self, before, after, FALSE);
  follow (self, after);
  if (frees_its_slot (before, after))
    meso_calendar_page_after_change (self, before, after);
}

/* Puts the last moved appointment back, if it is still where the move put
 * it: a change made since (here or elsewhere) is never undone. */
static void
undo_move (MesoCalendarPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) before = NULL;
  g_autoptr(MesoAppointment) back = NULL;
  g_autoptr(MesoAppointment) moved = NULL;

  if (self->undo_after == NULL)
    return;
  back = g_steal_pointer (&self->undo_before);
  moved = g_steal_pointer (&self->undo_after);
  update_undo (self);
  before = meso_schedule_move (schedule (self), back, moved, &error);
  if (before == NULL)
    {
      show_error (self, error->message);
      return;
    }
  announce_move (self, moved, back, TRUE);
  follow (self, back);
}

void
meso_calendar_page_undo_move_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  undo_move (MESO_CALENDAR_PAGE (widget));
}
