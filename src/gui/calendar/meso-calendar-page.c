/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page.c: the calendar area. It loads the shown range from
 * the schedule, hands it to the grid or the agenda list, and turns what
 * the receptionist does (click, drag, keys) into core calls; after a slot
 * frees up it proposes the course's rebooking and the waitlist's offers. */
#define G_LOG_DOMAIN "meso-calendar-page"

#include <glib/gi18n.h>

#include "meso-appointment-dialog.h"
#include "meso-calendar-page.h"
#include "meso-calendar-view.h"
#include "meso-course-dialog.h"
#include "meso-course.h"
#include "meso-ical.h"
#include "meso-list-box.h"
#include "meso-waitlist-window.h"
#include "meso-waitlist.h"

struct _MesoCalendarPage
{
  GtkWidget             parent_instance;

  MesoContext          *context;
  char                 *view;          /* "day", "week", "month" or "agenda" */
  char                 *group_by;      /* day view columns: "practitioner" or "room" */
  char                 *colour_by;     /* "practitioner" or "status" */
  GDate                 date;          /* the day the view is about */
  GtkNoSelection       *agenda;        /* over the range shown in the agenda */
  MesoCalendarView     *grid;
  GtkFileChooserNative *chooser;
  gint64                export_practitioner;

  /* Template children */
  GtkWidget            *content;
  GtkMenuButton        *date_button;
  GtkPopover           *date_popover;
  GtkCalendar          *go_calendar;
  GtkPopover           *find_popover;
  GtkDropDown          *find_practitioner_dropdown;
  GtkSpinButton        *find_minutes_spin;
  GtkDropDown          *find_days_dropdown;
  GtkDropDown          *find_part_dropdown;
  GtkButton            *find_search_button;
  GtkLabel             *find_status_label;
  GtkListBox           *find_results;
  GtkStack             *stack;
  GtkBox               *grid_box;
  GtkListView          *agenda_view;
};

G_DEFINE_FINAL_TYPE (MesoCalendarPage, meso_calendar_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_VIEW,
  PROP_GROUP_BY,
  PROP_COLOUR_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void after_change (MesoCalendarPage *self,
                          MesoAppointment  *before,
                          MesoAppointment  *after);

static GtkWindow *
parent_window (MesoCalendarPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static MesoSchedule *
schedule (MesoCalendarPage *self)
{
  return meso_context_get_schedule (self->context);
}

/* Results go through the window, which shows one at a time. */
static void
show_toast (MesoCalendarPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-message", "s", message);
}

static void
show_error (MesoCalendarPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", message);
}

/* The days shown: a day, the week (from Monday), or the six weeks
 * around the month. */
static void
get_range (MesoCalendarPage *self,
           GDate            *out_first,
           guint            *out_days)
{
  *out_first = self->date;
  if (g_str_equal (self->view, "day"))
    {
      *out_days = 1;
      return;
    }
  if (g_str_equal (self->view, "month"))
    {
      g_date_set_day (out_first, 1);
      *out_days = 42;
    }
  else
    *out_days = 7;
  g_date_subtract_days (out_first, g_date_get_weekday (out_first) - G_DATE_MONDAY);
}

static void
update_title (MesoCalendarPage *self,
              const GDate      *first,
              guint             days)
{
  char text[128];
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
}

static void
reload (MesoCalendarPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointmentRange) range = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule (self), &error);
  GDate first, end;
  guint days;

  get_range (self, &first, &days);
  update_title (self, &first, days);
  if (resources == NULL)
    {
      show_error (self, error->message);
      return;
    }
  end = first;
  g_date_add_days (&end, days);
  range = meso_schedule_load_range (schedule (self),
                                    meso_resources_to_instant (resources, &first, 0),
                                    meso_resources_to_instant (resources, &end, 0), &error);
  if (range == NULL)
    {
      show_error (self, error->message);
      return;
    }

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
  reload (self);
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

static void
open_appointment (MesoCalendarPage *self,
                  MesoAppointment  *appointment,
                  gint64            waitlist_entry_id)
{
  MesoAppointmentDialog *dialog = meso_appointment_dialog_new (parent_window (self), self->context,
                                                               appointment, waitlist_entry_id);

  g_signal_connect_swapped (dialog, "saved", G_CALLBACK (after_change), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A new appointment at @starts_at with what is known; the default length
 * comes from the clinic's settings. */
static MesoAppointment *
new_appointment (MesoCalendarPage *self,
                 gint64            practitioner_id,
                 gint64            room_id,
                 gint64            starts_at)
{
  MesoAppointment *appointment = meso_appointment_new ();
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GPtrArray *practitioners = resources != NULL ? meso_resources_get_practitioners (resources)
                                               : NULL;
  GPtrArray *rooms = resources != NULL ? meso_resources_get_rooms (resources) : NULL;

  appointment->practitioner_id = practitioner_id;
  if (practitioner_id == 0 && practitioners != NULL && practitioners->len > 0)
    appointment->practitioner_id = ((MesoPractitioner *) practitioners->pdata[0])->id;
  appointment->room_id = room_id;
  if (room_id == 0 && rooms != NULL && rooms->len > 0)
    appointment->room_id = ((MesoRoom *) rooms->pdata[0])->id;
  appointment->starts_at = starts_at;
  appointment->minutes = meso_clinic_get_number (meso_context_get_clinic (self->context),
                                                 MESO_CLINIC_SESSION_MINUTES);
  return appointment;
}

static void
new_appointment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (widget);
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  g_autoptr(MesoAppointment) appointment = NULL;

  if (resources == NULL)
    return;
  appointment = new_appointment (self, 0, 0, meso_resources_to_instant (resources, &self->date,
                                                                        10 * 60));
  open_appointment (self, appointment, 0);
}

static void
on_course_booked_cb (MesoCourseDialog *dialog,
                     MesoAppointment  *first,
                     MesoCalendarPage *self)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GDate day;

  show_toast (self, _("The course is booked."));
  if (resources == NULL)
    return;
  meso_resources_get_day (resources, first->starts_at, &day, NULL);
  g_free (self->view);
  self->view = g_strdup ("week");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  meso_calendar_page_go_to (self, &day);
}

/**
 * meso_calendar_page_book_course:
 * @patient_id: the patient, or 0 to choose one in the dialog
 *
 * Opens the course planner; once booked, the week of the first session is shown.
 */
void
meso_calendar_page_book_course (MesoCalendarPage *self,
                                gint64            patient_id,
                                const char       *patient_name)
{
  MesoCourseDialog *dialog = meso_course_dialog_new (parent_window (self), self->context,
                                                     patient_id, patient_name);

  g_signal_connect (dialog, "booked", G_CALLBACK (on_course_booked_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
book_course_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  meso_calendar_page_book_course (MESO_CALENDAR_PAGE (widget), 0, NULL);
}

static void
show_waitlist_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (widget);
  MesoWaitlistWindow *window = meso_waitlist_window_new (parent_window (self), self->context);

  gtk_window_present (GTK_WINDOW (window));
}

/* iCalendar export of a practitioner's next 90 days. */

static void
on_export_chooser_response_cb (GtkNativeDialog  *chooser,
                               int               response,
                               MesoCalendarPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *calendar = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = meso_clock_get_now (meso_context_get_clock (self->context));
  MesoResources *resources;
  GDate end;

  if (response != GTK_RESPONSE_ACCEPT ||
      (resources = meso_schedule_get_resources (schedule (self), &error)) == NULL)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  end = self->date;
  g_date_add_days (&end, 90);
  calendar = meso_ical_practitioner_agenda (schedule (self), self->export_practitioner,
                                            meso_resources_to_instant (resources, &self->date, 0),
                                            meso_resources_to_instant (resources, &end, 0),
                                            now, &error);
  if (calendar == NULL || !meso_ical_save (path, calendar, &error))
    show_error (self, error->message);
  else
    show_toast (self, _("The agenda was exported."));
}

static void
on_export_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              MesoCalendarPage *self)
{
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "dropdown");
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");

  if (!g_str_equal (response, "export") || ids->len == 0)
    return;
  self->export_practitioner = g_array_index (ids, gint64, gtk_drop_down_get_selected (dropdown));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Agenda"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "agenda.ics");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_agenda_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (widget);
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *practitioners;
  GtkWidget *dropdown;
  AdwMessageDialog *dialog;

  if (resources == NULL)
    return;
  practitioners = meso_resources_get_practitioners (resources);
  for (guint i = 0; i < practitioners->len; i++)
    {
      MesoPractitioner *practitioner = g_ptr_array_index (practitioners, i);

      gtk_string_list_append (names, practitioner->name);
      g_array_append_val (ids, practitioner->id);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Export a Practitioner’s Agenda"),
                                                       _("The next 90 days from the day shown, "
                                                         "as an iCalendar file. Exporting again "
                                                         "updates the same events.")));
  adw_message_dialog_set_extra_child (dialog, dropdown);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "dropdown", dropdown);
  g_object_set_data_full (G_OBJECT (dialog), "ids", ids, (GDestroyNotify) g_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_dialog_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* After a change: rebooking and waitlist ---------------------------------- */

static char *
describe_slot (MesoCalendarPage *self,
               MesoAppointment  *appointment)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  MesoPractitioner *practitioner = meso_resources_find_practitioner (resources,
                                                                     appointment->practitioner_id);
  g_autofree char *when = meso_resources_format (resources, appointment->starts_at,
                                                 "%a %-d %b %H:%M");

  return g_strdup_printf (_("%s, %u min with %s"), when, appointment->minutes,
                          practitioner != NULL ? practitioner->name : "");
}

static void
on_offer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      MesoCalendarPage *self)
{
  GPtrArray *offers = g_object_get_data (G_OBJECT (dialog), "offers");
  MesoAppointment *freed = g_object_get_data (G_OBJECT (dialog), "freed");
  guint64 index;
  MesoWaitlistEntry *entry;
  g_autoptr(MesoAppointment) offer = NULL;

  if (!g_str_has_prefix (response, "offer-") ||
      !g_ascii_string_to_unsigned (response + 6, 10, 0, offers->len - 1, &index, NULL))
    return;
  entry = g_ptr_array_index (offers, index);
  offer = new_appointment (self, freed->practitioner_id, freed->room_id, freed->starts_at);
  offer->patient_id = entry->patient_id;
  offer->patient_name = g_strdup (entry->patient_name);
  offer->minutes = entry->minutes;
  open_appointment (self, offer, entry->id);
}

/* Offers the slot @freed left to the waiting patients it suits. */
static void
offer_waitlist (MesoCalendarPage *self,
                MesoAppointment  *freed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = meso_waitlist_offers (schedule (self), freed, &error);
  g_autofree char *slot = NULL;
  AdwMessageDialog *dialog;

  if (offers == NULL || offers->len == 0)
    return;
  slot = describe_slot (self, freed);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("A Slot Is Free"),
                                                       NULL));
  adw_message_dialog_format_body (dialog, ngettext ("%s. %u patient on the waitlist wants a slot "
                                                    "like this one. Book them?",
                                                    "%s. %u patients on the waitlist want a slot "
                                                    "like this one; the longest waiting first. "
                                                    "Book one?", offers->len),
                                  slot, offers->len);
  adw_message_dialog_add_response (dialog, "later", _("_Not Now"));
  for (guint i = 0; i < MIN (offers->len, 3); i++)
    {
      g_autofree char *id = g_strdup_printf ("offer-%u", i);

      adw_message_dialog_add_response (dialog, id,
                                       ((MesoWaitlistEntry *) offers->pdata[i])->patient_name);
    }
  adw_message_dialog_set_response_appearance (dialog, "offer-0", ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "offers", g_steal_pointer (&offers),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "freed", g_object_ref (freed), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_offer_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_rebook_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MesoCalendarPage *self)
{
  GPtrArray *plan = g_object_get_data (G_OBJECT (dialog), "plan");
  MesoAppointment *freed = g_object_get_data (G_OBJECT (dialog), "freed");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "rebook"))
    {
      if (meso_schedule_book (schedule (self), NULL, plan, &error))
        show_toast (self, _("The session is rebooked and the course shifted."));
      else
        show_error (self, error->message);
    }
  offer_waitlist (self, freed);
}

/* A missed or cancelled course session: propose the rebooking and the
 * shift of the rest of the course, then the waitlist for the freed slot. */
static void
propose_rebooking (MesoCalendarPage *self,
                   MesoAppointment  *missed)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;
  gint64 tomorrow;
  GDate day;

  meso_context_get_today (self->context, &day);
  g_date_add_days (&day, 1);
  tomorrow = meso_resources_to_instant (resources, &day, 0);
  plan = meso_course_plan_rebooking (schedule (self), missed, tomorrow, &error);
  if (plan == NULL)
    {
      show_error (self, error->message);
      offer_waitlist (self, missed);
      return;
    }
  for (guint i = 0; i < plan->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (plan, i);
      g_autofree char *when = meso_resources_format (resources, session->starts_at,
                                                     "%a %-d %b %Y, %H:%M");

      g_string_append_printf (body, _("Session %u: %s\n"), session->course_position, when);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Rebook the Missed Session?"), NULL));
  adw_message_dialog_format_body (dialog, _("Missed sessions delay results. Proposed, keeping the "
                                            "protocol’s intervals:\n\n%s"), body->str);
  adw_message_dialog_add_responses (dialog, "keep", _("_Not Now"), "rebook",
                                    _("_Rebook and Shift"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rebook", ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "plan", g_steal_pointer (&plan),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "freed", g_object_ref (missed), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_rebook_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
after_change (MesoCalendarPage *self,
              MesoAppointment  *before,
              MesoAppointment  *after)
{
  gboolean freed = before->id != 0 && meso_appointment_is_active (before) &&
                   (!meso_appointment_is_active (after) || after->starts_at != before->starts_at ||
                    after->practitioner_id != before->practitioner_id ||
                    after->minutes < before->minutes);

  if (after->course_id != 0 && meso_appointment_is_active (before) &&
      !meso_appointment_is_active (after))
    propose_rebooking (self, after);
  else if (freed)
    offer_waitlist (self, before);
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
    open_appointment (self, appointment, 0);
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
  open_appointment (self, appointment, 0);
}

static void
on_grid_appointment_activated_cb (MesoCalendarView *grid,
                                  gint64            id,
                                  MesoCalendarPage *self)
{
  open_stored (self, id);
}

static void
on_grid_appointment_dropped_cb (MesoCalendarView *grid,
                                MesoAppointment  *changed,
                                MesoCalendarPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) before = meso_schedule_load (schedule (self), changed->id, &error);
  g_autoptr(MesoAppointment) after = before != NULL ? meso_appointment_copy (before) : NULL;

  if (after != NULL)
    {
      after->practitioner_id = changed->practitioner_id;
      after->room_id = changed->room_id;
      after->starts_at = changed->starts_at;
      after->minutes = changed->minutes;
    }
  if (after == NULL || !meso_schedule_save (schedule (self), after, &error))
    {
      /* The same checks as booking: say why, and leave it where it was. */
      show_error (self, error->message);
      reload (self);
      return;
    }
  after_change (self, before, after);
}

static void
on_grid_slot_activated_cb (MesoCalendarView *grid,
                           gint64            resource_id,
                           gint64            starts_at,
                           MesoCalendarPage *self)
{
  gboolean by_room = g_str_equal (self->group_by, "room");
  g_autoptr(MesoAppointment) appointment =
    new_appointment (self, by_room ? 0 : resource_id, by_room ? resource_id : 0, starts_at);

  open_appointment (self, appointment, 0);
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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *who = gtk_label_new (NULL);
  GtkWidget *what = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (when), 22);
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
  gtk_list_item_set_child (item, box);
}

static void
on_agenda_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   MesoCalendarPage         *self)
{
  MesoAppointment *appointment = gtk_list_item_get_item (item);
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  GtkWidget *when = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *who = gtk_widget_get_next_sibling (when);
  GtkWidget *what = gtk_widget_get_next_sibling (who);
  MesoPractitioner *practitioner;
  MesoRoom *room;
  g_autofree char *time = NULL;
  g_autofree char *people = NULL;
  g_autofree char *status = NULL;

  if (resources == NULL)
    return;
  practitioner = meso_resources_find_practitioner (resources, appointment->practitioner_id);
  room = meso_resources_find_room (resources, appointment->room_id);
  time = meso_resources_format (resources, appointment->starts_at, "%a %-d %b  %H:%M");
  people = g_strdup_printf ("%s — %s, %s", appointment->patient_name,
                            practitioner != NULL ? practitioner->name : "",
                            room != NULL ? room->name : "");
  status = g_strdup_printf ("%s · %s", meso_appointment_kind_get_label (appointment->kind),
                            meso_appointment_status_get_label (appointment->status));
  gtk_label_set_label (GTK_LABEL (when), time);
  gtk_label_set_label (GTK_LABEL (who), people);
  gtk_label_set_label (GTK_LABEL (what), status);
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
  g_autoptr(MesoAppointment) appointment = new_appointment (self, slot->practitioner_id,
                                                            slot->room_id, slot->starts_at);

  appointment->minutes = slot->minutes;
  gtk_popover_popdown (self->find_popover);
  open_appointment (self, appointment, 0);
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
      g_autofree char *title = describe_slot (self, slot);

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
  const char *text = g_value_get_string (value);

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
        reload (self);
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
meso_calendar_page_dispose (GObject *object)
{
  MesoCalendarPage *self = MESO_CALENDAR_PAGE (object);

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (schedule (self), self);
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
  object_class->dispose = meso_calendar_page_dispose;

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
  gtk_widget_class_install_action (widget_class, "calendar.new-appointment", NULL,
                                   new_appointment_action);
  gtk_widget_class_install_action (widget_class, "calendar.book-course", NULL, book_course_action);
  gtk_widget_class_install_action (widget_class, "calendar.show-waitlist", NULL,
                                   show_waitlist_action);
  gtk_widget_class_install_action (widget_class, "calendar.export-agenda", NULL,
                                   export_agenda_action);
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
  add_shortcuts (self);
  self->agenda = gtk_no_selection_new (NULL);
  g_date_clear (&self->date, 1);

  self->grid = MESO_CALENDAR_VIEW (meso_calendar_view_new ());
  gtk_widget_set_focusable (GTK_WIDGET (self->grid), TRUE);
  gtk_box_append (self->grid_box, GTK_WIDGET (self->grid));
  g_signal_connect (self->grid, "appointment-activated",
                    G_CALLBACK (on_grid_appointment_activated_cb), self);
  g_signal_connect (self->grid, "appointment-dropped",
                    G_CALLBACK (on_grid_appointment_dropped_cb), self);
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
  g_object_unref (factory);
  gtk_list_view_set_model (self->agenda_view, GTK_SELECTION_MODEL (self->agenda));
  g_signal_connect (self->agenda_view, "activate", G_CALLBACK (on_agenda_view_activate_cb), self);
}

MesoCalendarPage *
meso_calendar_page_new (MesoContext *context)
{
  MesoCalendarPage *self = g_object_new (MESO_TYPE_CALENDAR_PAGE, NULL);

  self->context = g_object_ref (context);
  meso_calendar_view_set_clock (self->grid, meso_context_get_clock (context));
  g_signal_connect_swapped (schedule (self), "changed", G_CALLBACK (reload), self);
  meso_context_get_today (context, &self->date);
  reload (self);
  return self;
}
