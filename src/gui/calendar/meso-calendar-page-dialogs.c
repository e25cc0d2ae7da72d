/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-page-dialogs.c: the dialogs the calendar page opens (an
 * appointment, a course, the waitlist, the agenda export) and, after a slot
 * frees up, its proposals: the course's rebooking and the waitlist's offers. */
#define G_LOG_DOMAIN "meso-calendar-page"

#include <glib/gi18n.h>

#include "meso-appointment-dialog.h"
#include "meso-calendar-page-private.h"
#include "meso-course-dialog.h"
#include "meso-course.h"
#include "meso-ical.h"
#include "meso-waitlist-window.h"
#include "meso-waitlist.h"

static GtkWindow *
parent_window (MesoCalendarPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

/* Results go through the window, which shows one at a time. */
static void
show_toast (MesoCalendarPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-message", "s", message);
}

void
meso_calendar_page_open_appointment_dialog (MesoCalendarPage *self,
                                            MesoAppointment  *appointment,
                                            gint64            waitlist_entry_id)
{
  MesoAppointmentDialog *dialog = meso_appointment_dialog_new (parent_window (self), self->context,
                                                               appointment, waitlist_entry_id);

  g_signal_connect_swapped (dialog, "saved", G_CALLBACK (meso_calendar_page_after_change), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A new appointment at @starts_at with what is known; the default length
 * comes from the clinic's settings. */
MesoAppointment *
meso_calendar_page_new_appointment (MesoCalendarPage *self,
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
  appointment = meso_calendar_page_new_appointment (self, 0, 0,
                                                    meso_resources_to_instant (resources,
                                                                               &self->date,
                                                                               10 * 60));
  meso_calendar_page_open_appointment_dialog (self, appointment, 0);
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
  g_object_notify (G_OBJECT (self), "view");
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
  /* Translators: the proposed name of an exported agenda. Keep ".ics". */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     C_("file name", "agenda.ics"));
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

char *
meso_calendar_page_describe_slot (MesoCalendarPage *self,
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

/* What a question after a change is about, instead of data hung on its
 * dialog: the slot the change freed, and the waitlist's offers for it or
 * the course's rebooking plan. */
typedef struct
{
  MesoCalendarPage *self;
  MesoAppointment  *freed;
  GPtrArray        *choices;
} Question;

static void
question_free (gpointer  data,
               GClosure *closure)
{
  Question *question = data;

  g_object_unref (question->freed);
  g_ptr_array_unref (question->choices);
  g_free (question);
}

/* Asks @dialog about @freed, suggesting the response @suggested; takes
 * @choices. @on_response gets the Question. */
static void
ask (MesoCalendarPage *self,
     AdwMessageDialog *dialog,
     const char       *suggested,
     MesoAppointment  *freed,
     GPtrArray        *choices,
     GCallback         on_response)
{
  Question *question = g_new0 (Question, 1);

  question->self = self;
  question->freed = g_object_ref (freed);
  question->choices = choices;
  adw_message_dialog_set_response_appearance (dialog, suggested, ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", on_response, question, question_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_offer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Question         *question)
{
  MesoAppointment *freed = question->freed;
  guint64 index;
  MesoWaitlistEntry *entry;
  g_autoptr(MesoAppointment) offer = NULL;

  if (!g_str_has_prefix (response, "offer-") ||
      !g_ascii_string_to_unsigned (response + 6, 10, 0, question->choices->len - 1, &index,
                                   NULL))
    return;
  entry = g_ptr_array_index (question->choices, index);
  offer = meso_calendar_page_new_appointment (question->self, freed->practitioner_id,
                                              freed->room_id, freed->starts_at);
  offer->patient_id = entry->patient_id;
  offer->patient_name = g_strdup (entry->patient_name);
  offer->minutes = entry->minutes;
  meso_calendar_page_open_appointment_dialog (question->self, offer, entry->id);
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
  slot = meso_calendar_page_describe_slot (self, freed);
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
  ask (self, dialog, "offer-0", freed, g_steal_pointer (&offers),
       G_CALLBACK (on_offer_response_cb));
}

static void
on_rebook_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       Question         *question)
{
  MesoCalendarPage *self = question->self;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "rebook"))
    {
      if (meso_schedule_book (schedule (self), NULL, question->choices, &error))
        show_toast (self, _("The session is rebooked and the course shifted."));
      else
        show_error (self, error->message);
    }
  offer_waitlist (self, question->freed);
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
  ask (self, dialog, "rebook", missed, g_steal_pointer (&plan),
       G_CALLBACK (on_rebook_response_cb));
}

void
meso_calendar_page_after_change (MesoCalendarPage *self,
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

void
meso_calendar_page_class_add_dialog_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "calendar.new-appointment", NULL,
                                   new_appointment_action);
  gtk_widget_class_install_action (widget_class, "calendar.book-course", NULL, book_course_action);
  gtk_widget_class_install_action (widget_class, "calendar.show-waitlist", NULL,
                                   show_waitlist_action);
  gtk_widget_class_install_action (widget_class, "calendar.export-agenda", NULL,
                                   export_agenda_action);
}
