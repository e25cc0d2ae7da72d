/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-course-dialog.c: the course planner. The core places the sessions;
 * the receptionist may move single ones; booking checks and writes them
 * all in one transaction, so a refusal leaves nothing half-booked. */
#define G_LOG_DOMAIN "meso-course-dialog"

#include <glib/gi18n.h>

#include "meso-course-dialog.h"
#include "meso-course.h"
#include "meso-date-row.h"
#include "meso-health-banner.h"
#include "meso-patient-picker.h"
#include "meso-resource-list.h"
#include "meso-time-row.h"

struct _MesoCourseDialog
{
  AdwWindow            parent_instance;

  MesoContext         *context;
  GPtrArray           *protocols;   /* of MesoProtocol */
  GPtrArray           *sessions;    /* of MesoAppointment, the preview */
  MesoCourse          *course;
  GtkWidget           *picker;
  GPtrArray           *session_rows;
  GPtrArray           *session_dates;  /* their date and time entries, in the same order */
  GPtrArray           *session_times;

  /* Template children */
  GtkButton           *book_button;
  GtkLabel            *error_label;
  AdwPreferencesGroup *patient_group;
  AdwComboRow         *protocol_row;
  AdwComboRow         *practitioner_row;
  AdwComboRow         *room_row;
  AdwEntryRow         *start_row;
  AdwComboRow         *weekday_row;
  AdwEntryRow         *time_row;
  GtkButton           *preview_button;
  AdwPreferencesGroup *sessions_group;
};

G_DEFINE_FINAL_TYPE (MesoCourseDialog, meso_course_dialog, ADW_TYPE_WINDOW)

enum
{
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MesoCourseDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_preview (MesoCourseDialog *self)
{
  for (guint i = 0; i < self->session_rows->len; i++)
    adw_preferences_group_remove (self->sessions_group, g_ptr_array_index (self->session_rows, i));
  g_ptr_array_set_size (self->session_rows, 0);
  g_ptr_array_set_size (self->session_dates, 0);
  g_ptr_array_set_size (self->session_times, 0);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->course, meso_course_free);
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_group), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), FALSE);
}

static GtkWidget *
session_row (MesoCourseDialog *self,
             MesoResources    *resources,
             MesoAppointment  *session)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *date = gtk_entry_new ();
  GtkWidget *time = gtk_entry_new ();
  g_autofree char *title = g_strdup_printf (_("%u · %s · %u min"), session->course_position,
                                            meso_appointment_kind_get_label (session->kind),
                                            session->minutes);
  g_autofree char *when = meso_resources_format (resources, session->starts_at, "%A");
  g_autofree char *day = meso_resources_format (resources, session->starts_at, "%Y-%m-%d");
  g_autofree char *hour = meso_resources_format (resources, session->starts_at, "%H:%M");
  g_autofree char *date_label = g_strdup_printf (_("Date of session %u"),
                                                 session->course_position);
  g_autofree char *time_label = g_strdup_printf (_("Time of session %u"),
                                                 session->course_position);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  gtk_editable_set_text (GTK_EDITABLE (date), day);
  gtk_editable_set_width_chars (GTK_EDITABLE (date), 10);
  gtk_editable_set_text (GTK_EDITABLE (time), hour);
  gtk_editable_set_width_chars (GTK_EDITABLE (time), 5);
  gtk_widget_set_valign (date, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (time, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (date), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  date_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (time), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  time_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), date);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time);
  g_ptr_array_add (self->session_dates, date);
  g_ptr_array_add (self->session_times, time);
  return row;
}

static void
on_preview_button_clicked_cb (GtkButton        *button,
                              MesoCourseDialog *self)
{
  MesoSchedule *schedule = meso_context_get_schedule (self->context);
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule, &error);
  guint protocol_index = adw_combo_row_get_selected (self->protocol_row);
  MesoProtocol *protocol;
  gint64 start;
  GDate first;
  guint minute;

  clear_preview (self);
  show_error (self, NULL);
  if (resources == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (protocol_index >= self->protocols->len)
    {
      show_error (self, _("Choose a protocol."));
      return;
    }
  protocol = g_ptr_array_index (self->protocols, protocol_index);
  if (!meso_resources_parse_local (resources, gtk_editable_get_text (GTK_EDITABLE (self->start_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->time_row)), &start,
                                   &error))
    {
      show_error (self, error->message);
      return;
    }
  meso_resources_get_day (resources, start, &first, &minute);

  self->course = g_new0 (MesoCourse, 1);
  self->course->patient_id = meso_patient_picker_get_patient (MESO_PATIENT_PICKER (self->picker));
  self->course->protocol_name = g_strdup (protocol->name);
  self->course->practitioner_id = meso_resource_list_get_selected (self->practitioner_row);
  self->course->room_id = meso_resource_list_get_selected (self->room_row);
  self->course->weekday = adw_combo_row_get_selected (self->weekday_row);   /* 0: any day */
  self->course->minute_of_day = minute;
  self->course->sessions = meso_protocol_count_sessions (protocol);
  self->course->maintenance_days = protocol->maintenance_days;
  if (self->course->patient_id == 0)
    {
      show_error (self, _("Choose the patient."));
      return;
    }

  self->sessions = meso_course_plan (schedule, protocol, self->course, &first, &error);
  if (self->sessions == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < self->sessions->len; i++)
    {
      GtkWidget *row = session_row (self, resources, g_ptr_array_index (self->sessions, i));

      adw_preferences_group_add (self->sessions_group, row);
      g_ptr_array_add (self->session_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), TRUE);
}

static void
on_book_button_clicked_cb (GtkButton        *button,
                           MesoCourseDialog *self)
{
  MesoSchedule *schedule = meso_context_get_schedule (self->context);
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule, &error);

  if (resources == NULL || self->sessions == NULL)
    return;
  /* Take the receptionist's adjustments. */
  for (guint i = 0; i < self->sessions->len; i++)
    {
      MesoAppointment *session = g_ptr_array_index (self->sessions, i);
      GtkEditable *date = g_ptr_array_index (self->session_dates, i);
      GtkEditable *time = g_ptr_array_index (self->session_times, i);
      gint64 starts_at;

      if (!meso_resources_parse_local (resources, gtk_editable_get_text (date),
                                       gtk_editable_get_text (time), &starts_at, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Session %u: %s"),
                                                      session->course_position, error->message);
          show_error (self, message);
          return;
        }
      session->starts_at = starts_at;
    }
  if (!meso_schedule_book (schedule, self->course, self->sessions, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[BOOKED], 0, g_ptr_array_index (self->sessions, 0));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
meso_course_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MesoCourseDialog *self = MESO_COURSE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_course_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MesoCourseDialog *self = MESO_COURSE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_course_dialog_constructed (GObject *object)
{
  MesoCourseDialog *self = MESO_COURSE_DIALOG (object);
  MesoSchedule *schedule = meso_context_get_schedule (self->context);
  MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
  g_autoptr(GtkStringList) protocol_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) weekdays = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *start = NULL;
  GDate monday;

  G_OBJECT_CLASS (meso_course_dialog_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_COURSE_DIALOG, self->context);

  self->picker = meso_patient_picker_new (meso_context_get_patient_store (self->context),
                                          meso_context_get_clock (self->context));
  adw_preferences_group_add (self->patient_group, self->picker);

  self->protocols = meso_schedule_list_protocols (schedule, NULL);
  if (self->protocols == NULL)
    self->protocols = g_ptr_array_new ();
  for (guint i = 0; i < self->protocols->len; i++)
    {
      MesoProtocol *protocol = g_ptr_array_index (self->protocols, i);
      g_autofree char *phases = meso_protocol_format_phases (protocol);
      g_autofree char *label = g_strdup_printf ("%s (%s)", protocol->name, phases);

      gtk_string_list_append (protocol_names, label);
    }
  adw_combo_row_set_model (self->protocol_row, G_LIST_MODEL (protocol_names));

  if (resources != NULL)
    {
      meso_resource_list_fill_practitioners (self->practitioner_row, resources, NULL, 0);
      meso_resource_list_fill_rooms (self->room_row, resources, 0);
    }

  gtk_string_list_append (weekdays, _("Any day"));
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 5, 1, 2026);   /* a Monday, to name the weekdays */
  for (guint d = 0; d < 7; d++)
    {
      GDate day = monday;
      char name[32];

      g_date_add_days (&day, d);
      g_date_strftime (name, sizeof name, "%A", &day);
      gtk_string_list_append (weekdays, name);
    }
  adw_combo_row_set_model (self->weekday_row, G_LIST_MODEL (weekdays));

  start = g_date_time_format (tomorrow, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), "10:00");
}

static void
meso_course_dialog_dispose (GObject *object)
{
  MesoCourseDialog *self = MESO_COURSE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_COURSE_DIALOG);
  g_clear_pointer (&self->protocols, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->session_rows, g_ptr_array_unref);
  g_clear_pointer (&self->session_dates, g_ptr_array_unref);
  g_clear_pointer (&self->session_times, g_ptr_array_unref);
  g_clear_pointer (&self->course, meso_course_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_course_dialog_parent_class)->dispose (object);
}

static void
meso_course_dialog_class_init (MesoCourseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_course_dialog_constructed;
  object_class->dispose = meso_course_dialog_dispose;
  object_class->set_property = meso_course_dialog_set_property;
  object_class->get_property = meso_course_dialog_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoCourseDialog::booked:
   * @first: the course's first session, as booked
   */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, MESO_TYPE_APPOINTMENT);
  g_type_ensure (MESO_TYPE_DATE_ROW);
  g_type_ensure (MESO_TYPE_TIME_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-course-dialog.ui");
  meso_health_banner_class_bind (widget_class);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, patient_group);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, practitioner_row);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, room_row);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, weekday_row);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, preview_button);
  gtk_widget_class_bind_template_child (widget_class, MesoCourseDialog, sessions_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_course_dialog_init (MesoCourseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->session_rows = g_ptr_array_new ();
  self->session_dates = g_ptr_array_new ();
  self->session_times = g_ptr_array_new ();
  g_signal_connect (self->preview_button, "clicked", G_CALLBACK (on_preview_button_clicked_cb),
                    self);
  g_signal_connect (self->book_button, "clicked", G_CALLBACK (on_book_button_clicked_cb), self);
  /* A changed choice makes the preview stale. */
  g_signal_connect_swapped (self->protocol_row, "notify::selected", G_CALLBACK (clear_preview),
                            self);
  g_signal_connect_swapped (self->practitioner_row, "notify::selected",
                            G_CALLBACK (clear_preview), self);
}

/**
 * meso_course_dialog_new:
 * @patient_id: the patient, or 0 to choose one in the dialog
 */
MesoCourseDialog *
meso_course_dialog_new (GtkWindow   *parent,
                        MesoContext *context,
                        gint64       patient_id,
                        const char  *patient_name)
{
  MesoCourseDialog *self = g_object_new (MESO_TYPE_COURSE_DIALOG, "transient-for", parent,
                                         "context", context, NULL);

  if (patient_id != 0)
    meso_patient_picker_set_patient (MESO_PATIENT_PICKER (self->picker), patient_id,
                                     patient_name);
  else
    meso_patient_picker_grab_focus (MESO_PATIENT_PICKER (self->picker));
  return self;
}
