/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-dialog.c: the appointment form. It edits a copy; the
 * core decides whether the booking is allowed, and a refusal is shown at
 * the top of the form with everything typed kept. */
#define G_LOG_DOMAIN "meso-appointment-dialog"

#include <glib/gi18n.h>

#include "meso-appointment-dialog.h"
#include "meso-composer-window.h"
#include "meso-course.h"
#include "meso-date-format.h"
#include "meso-date-row.h"
#include "meso-enum-row.h"
#include "meso-handout-print.h"
#include "meso-health-banner.h"
#include "meso-ical.h"
#include "meso-patient-picker.h"
#include "meso-photo-window.h"
#include "meso-resource-list.h"
#include "meso-scalp-window.h"
#include "meso-time-row.h"
#include "meso-waitlist.h"

struct _MesoAppointmentDialog
{
  AdwWindow              parent_instance;

  MesoContext           *context;
  MesoAppointment       *original;
  gint64                 waitlist_entry_id;
  GtkWidget             *picker;
  GtkFileChooserNative  *chooser;

  /* Template children */
  AdwWindowTitle        *window_title;
  GtkButton             *save_button;
  GtkMenuButton         *print_button;
  GtkLabel              *error_label;
  GtkButton             *reload_button;
  AdwPreferencesGroup   *patient_group;
  AdwComboRow           *practitioner_row;
  AdwComboRow           *room_row;
  AdwEntryRow           *date_row;
  AdwEntryRow           *time_row;
  GtkSpinButton         *minutes_spin;
  AdwComboRow           *kind_row;
  AdwComboRow           *status_row;
  AdwEntryRow           *notes_row;
  AdwPreferencesGroup   *course_group;
  AdwActionRow          *course_row;
  GtkButton             *export_button;
  GtkButton             *scalp_button;
  GtkButton             *cocktail_button;
  GtkButton             *photos_button;
};

G_DEFINE_FINAL_TYPE (MesoAppointmentDialog, meso_appointment_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_APPOINTMENT,
  PROP_WAITLIST_ENTRY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MesoAppointmentDialog *self,
            const char            *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The appointment as the form shows it now: a copy of what it was read as,
 * with what was typed; %NULL if the date or time cannot be read. */
static MesoAppointment *
form_to_appointment (MesoAppointmentDialog  *self,
                     GError                **error)
{
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (self->context),
                                                          error);
  g_autoptr(MesoAppointment) changed = meso_appointment_copy (self->original);

  if (resources == NULL)
    return NULL;
  changed->patient_id = meso_patient_picker_get_patient (MESO_PATIENT_PICKER (self->picker));
  changed->practitioner_id = meso_resource_list_get_selected (self->practitioner_row);
  changed->room_id = meso_resource_list_get_selected (self->room_row);
  changed->minutes = gtk_spin_button_get_value_as_int (self->minutes_spin);
  changed->kind = meso_enum_row_get_value (self->kind_row);
  changed->status = meso_enum_row_get_value (self->status_row);
  g_free (changed->notes);
  changed->notes = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row))));
  if (!meso_resources_parse_local (resources, gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->time_row)),
                                   &changed->starts_at, error))
    return NULL;
  return g_steal_pointer (&changed);
}

/* Shows @appointment's fields (not its patient, set once by the picker). */
static void
fill_form (MesoAppointmentDialog *self,
           MesoAppointment       *appointment)
{
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (self->context),
                                                          NULL);
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (resources == NULL)
    return;
  meso_resource_list_fill_practitioners (self->practitioner_row, resources, NULL,
                                         appointment->practitioner_id);
  meso_resource_list_fill_rooms (self->room_row, resources, appointment->room_id);
  date = meso_resources_format (resources, appointment->starts_at, "%Y-%m-%d");
  time = meso_resources_format (resources, appointment->starts_at, "%H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  gtk_spin_button_set_value (self->minutes_spin, appointment->minutes);
  meso_enum_row_set_value (self->kind_row, appointment->kind);
  meso_enum_row_set_value (self->status_row, appointment->status);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), appointment->notes);
}

/* What another workstation changed since the form read the appointment
 * ("They changed: Time, Notes."), or %NULL. */
static char *
describe_stored_changes (MesoAppointmentDialog *self)
{
  g_autoptr(MesoAppointment) stored = meso_schedule_load (meso_context_get_schedule (self->context),
                                                          self->original->id, NULL);
  MesoAppointment *base = self->original;
  g_autoptr(GString) fields = g_string_new (NULL);
  const struct { gboolean changed; const char *name; } checks[] = {
    { stored != NULL && stored->patient_id != base->patient_id, N_("Patient") },
    { stored != NULL && stored->practitioner_id != base->practitioner_id, N_("Practitioner") },
    { stored != NULL && stored->room_id != base->room_id, N_("Room") },
    { stored != NULL && stored->starts_at != base->starts_at, N_("Date and time") },
    { stored != NULL && stored->minutes != base->minutes, N_("Minutes") },
    { stored != NULL && stored->kind != base->kind, N_("Kind") },
    { stored != NULL && stored->status != base->status, N_("Status") },
    { stored != NULL && g_strcmp0 (stored->notes, base->notes) != 0, N_("Notes") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (checks[i].changed)
      {
        if (fields->len > 0)
          g_string_append (fields, _(", "));
        g_string_append (fields, _(checks[i].name));
      }
  if (fields->len == 0)
    return NULL;
  /* Translators: the names of the fields another workstation changed */
  return g_strdup_printf (_("They changed: %s."), fields->str);
}

static void
on_save_button_clicked_cb (GtkButton             *button,
                           MesoAppointmentDialog *self)
{
  MesoSchedule *schedule = meso_context_get_schedule (self->context);
  g_autoptr(MesoAppointment) changed = NULL;
  g_autoptr(GError) error = NULL;

  changed = form_to_appointment (self, &error);
  /* Starting the treatment screens the patient again. */
  if (changed != NULL && changed->status == MESO_STATUS_IN_TREATMENT &&
      self->original->status != MESO_STATUS_IN_TREATMENT &&
      !meso_context_check_session_start (self->context, changed->patient_id, &error))
    g_clear_object (&changed);
  if (changed == NULL || !meso_schedule_save (schedule, changed, &error))
    {
      gboolean stale = g_error_matches (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE);
      g_autofree char *what = stale ? describe_stored_changes (self) : NULL;
      g_autofree char *text = what != NULL ? g_strdup_printf ("%s\n%s", error->message, what)
                                           : g_strdup (error->message);

      show_error (self, text);
      gtk_widget_set_visible (GTK_WIDGET (self->reload_button), stale);
      return;
    }
  if (self->waitlist_entry_id != 0 &&
      !meso_waitlist_resolve (schedule, self->waitlist_entry_id, &error))
    g_debug ("The waitlist entry stays: %s", error->message);

  g_signal_emit (self, signals[SAVED], 0, self->original, changed);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* After a refused save: what another workstation saved, with this form's
 * own changes on top (meso_appointment_merge()), to save again. */
static void
on_reload_button_clicked_cb (GtkButton             *button,
                             MesoAppointmentDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoAppointment) mine = form_to_appointment (self, &error);
  g_autoptr(MesoAppointment) stored = NULL;
  g_autoptr(MesoAppointment) merged = NULL;

  if (mine != NULL)
    stored = meso_schedule_load (meso_context_get_schedule (self->context), self->original->id,
                                 &error);
  if (stored == NULL)
    {
      show_error (self, error->message);
      return;
    }
  merged = meso_appointment_merge (self->original, mine, stored);
  g_set_object (&self->original, stored);
  fill_form (self, merged);
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_button), FALSE);
}

static void
on_chooser_response_cb (GtkNativeDialog       *chooser,
                        int                    response,
                        MesoAppointmentDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MesoHandoutTexts) texts = NULL;
  g_autofree char *calendar = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = meso_clock_get_now (meso_context_get_clock (self->context));

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  texts = meso_handout_load_patient_texts (self->context, self->original->patient_id, &error);
  if (texts != NULL)
    calendar = meso_ical_patient_calendar (meso_context_get_schedule (self->context), texts,
                                           self->original->patient_id, now, &error);
  if (calendar == NULL || !meso_ical_save (path, calendar, &error))
    show_error (self, error->message);
}

static void
on_export_button_clicked_cb (GtkButton             *button,
                             MesoAppointmentDialog *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Patient’s Appointments"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  /* Translators: the proposed name of a patient's exported appointments.
   * Keep ".ics". */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     C_("file name", "appointments.ics"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void on_composer_recorded_cb (MesoAppointmentDialog *self,
                                     gint64                 appointment_id);

/* Shows a window opened for this session, or why it could not open. */
static void
present_or_explain (MesoAppointmentDialog *self,
                    GtkWindow             *window,
                    GError                *error)
{
  if (window == NULL)
    show_error (self, error->message);
  else
    gtk_window_present (window);
}

static void
on_scalp_button_clicked_cb (GtkButton             *button,
                            MesoAppointmentDialog *self)
{
  g_autoptr(GError) error = NULL;
  MesoScalpWindow *window = meso_scalp_window_new (GTK_WINDOW (self), self->context,
                                                   self->original, &error);

  present_or_explain (self, GTK_WINDOW (window), error);
}

static void
on_cocktail_button_clicked_cb (GtkButton             *button,
                               MesoAppointmentDialog *self)
{
  g_autoptr(GError) error = NULL;
  MesoComposerWindow *window = meso_composer_window_new (GTK_WINDOW (self), self->context,
                                                         self->original, &error);

  if (window != NULL)
    g_signal_connect_object (window, "recorded", G_CALLBACK (on_composer_recorded_cb), self,
                             G_CONNECT_SWAPPED);
  present_or_explain (self, GTK_WINDOW (window), error);
}

static void
on_photos_button_clicked_cb (GtkButton             *button,
                             MesoAppointmentDialog *self)
{
  g_autoptr(GError) error = NULL;
  MesoPhotoWindow *window = meso_photo_window_new (GTK_WINDOW (self), self->context,
                                                   self->original, &error);

  present_or_explain (self, GTK_WINDOW (window), error);
}

/* Handouts are in the patient's language, from the appointment as saved. */
static const struct
{
  const char      *action;
  MesoHandoutKind  kind;
} print_actions[] = {
  { "dialog.print-aftercare", MESO_HANDOUT_AFTERCARE },
  { "dialog.print-instructions", MESO_HANDOUT_INSTRUCTIONS },
  { "dialog.print-schedule", MESO_HANDOUT_SCHEDULE },
  { "dialog.print-record", MESO_HANDOUT_RECORD },
};

static void
print_handout (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MesoAppointmentDialog *self = MESO_APPOINTMENT_DIALOG (widget);
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (print_actions); i++)
    if (g_str_equal (action_name, print_actions[i].action))
      handout = meso_handout_build (self->context, print_actions[i].kind, self->original->id, 0,
                                    now, &error);
  if (handout == NULL)
    show_error (self, error->message);
  else
    meso_handout_print_show (handout, meso_clinic_get_text (clinic, MESO_CLINIC_PAPER),
                             GTK_WINDOW (self));
}

/* What may be printed: a saved appointment's handouts, as the role allows;
 * a schedule for a session of a course; the aftercare sheet and the record
 * once the session is done, which the button's tooltip says until then. */
static void
update_print_actions (MesoAppointmentDialog *self)
{
  gboolean done = self->original->status == MESO_STATUS_DONE;

  gtk_widget_set_visible (GTK_WIDGET (self->print_button), self->original->id != 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->print_button),
                               done ? _("Print a Handout")
                                    : _("Print a Handout (the aftercare sheet and the session "
                                        "record print once the session is done)"));
  for (guint i = 0; i < G_N_ELEMENTS (print_actions); i++)
    {
      MesoHandoutKind kind = print_actions[i].kind;

      gtk_widget_action_set_enabled (GTK_WIDGET (self), print_actions[i].action,
                                     self->original->id != 0 &&
                                     meso_context_can (self->context,
                                                       meso_handout_kind_get_permission (kind)) &&
                                     (kind != MESO_HANDOUT_SCHEDULE ||
                                      self->original->course_id != 0) &&
                                     (!meso_handout_kind_needs_done (kind) || done));
    }
}

/* The core marked the session done as it recorded the cocktail: the form
 * follows, so that saving it does not put the old status back. */
static void
on_composer_recorded_cb (MesoAppointmentDialog *self,
                         gint64                 appointment_id)
{
  if (appointment_id != self->original->id)
    return;
  self->original->status = MESO_STATUS_DONE;
  self->original->revision++;
  meso_enum_row_set_value (self->status_row, MESO_STATUS_DONE);
  update_print_actions (self);
}

static void
show_course (MesoAppointmentDialog *self,
             MesoResources         *resources)
{
  MesoSchedule *schedule = meso_context_get_schedule (self->context);
  g_autoptr(MesoCourse) course = meso_schedule_load_course (schedule, self->original->course_id,
                                                            NULL);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  MesoCourseProgress progress;

  if (course == NULL ||
      !meso_course_get_progress (schedule, course->id,
                                 meso_clock_get_now (meso_context_get_clock (self->context)),
                                 &progress, NULL))
    return;
  title = g_strdup_printf (_("%s: session %u of %u"), course->protocol_name,
                           self->original->course_position, course->sessions);
  g_string_append_printf (subtitle, _("%u done, %u to go"), progress.done,
                          progress.total - MIN (progress.done, progress.total));
  if (g_date_valid (&progress.maintenance_due))
    {
      char due[64];

      g_date_strftime (due, sizeof due, meso_date_format_date (), &progress.maintenance_due);
      g_string_append_printf (subtitle, _(" · maintenance due %s"), due);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->course_row), title);
  adw_action_row_set_subtitle (self->course_row, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->course_group), TRUE);
}

static void
meso_appointment_dialog_constructed (GObject *object)
{
  MesoAppointmentDialog *self = MESO_APPOINTMENT_DIALOG (object);
  MesoSchedule *schedule = meso_context_get_schedule (self->context);
  MesoResources *resources = meso_schedule_get_resources (schedule, NULL);
  MesoAppointment *appointment;

  G_OBJECT_CLASS (meso_appointment_dialog_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_APPOINTMENT_DIALOG, self->context);

  if (self->original == NULL)
    self->original = meso_appointment_new ();
  appointment = self->original;
  adw_window_title_set_title (self->window_title, appointment->id == 0 ? _("New Appointment")
                                                                       : _("Appointment"));
  self->picker = meso_patient_picker_new (meso_context_get_patient_store (self->context),
                                          meso_context_get_clock (self->context));
  adw_preferences_group_add (self->patient_group, self->picker);
  if (appointment->patient_id != 0)
    meso_patient_picker_set_patient (MESO_PATIENT_PICKER (self->picker), appointment->patient_id,
                                     appointment->patient_name);
  else
    meso_patient_picker_grab_focus (MESO_PATIENT_PICKER (self->picker));
  meso_enum_row_set_enum (self->kind_row, MESO_TYPE_APPOINTMENT_KIND,
                          (MesoEnumLabelFunc) meso_appointment_kind_get_label);
  meso_enum_row_set_enum (self->status_row, MESO_TYPE_APPOINTMENT_STATUS,
                          (MesoEnumLabelFunc) meso_appointment_status_get_label);
  fill_form (self, appointment);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), appointment->patient_id != 0);
  /* The map is clinical: only for those who may read it, and for a booked session. */
  gtk_widget_set_visible (GTK_WIDGET (self->scalp_button),
                          appointment->id != 0 &&
                          meso_context_can (self->context, MESO_PERMISSION_READ_CLINICAL));
  gtk_widget_set_visible (GTK_WIDGET (self->cocktail_button),
                          gtk_widget_get_visible (GTK_WIDGET (self->scalp_button)));
  gtk_widget_set_visible (GTK_WIDGET (self->photos_button),
                          gtk_widget_get_visible (GTK_WIDGET (self->scalp_button)));
  if (appointment->course_id != 0)
    show_course (self, resources);
  update_print_actions (self);
}

static void
meso_appointment_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MesoAppointmentDialog *self = MESO_APPOINTMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_APPOINTMENT:
      /* A copy: the dialog edits its own, the caller's stays as it was. */
      if (g_value_get_object (value) != NULL)
        self->original = meso_appointment_copy (g_value_get_object (value));
      break;
    case PROP_WAITLIST_ENTRY_ID:
      self->waitlist_entry_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_appointment_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  MesoAppointmentDialog *self = MESO_APPOINTMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_APPOINTMENT:
      g_value_set_object (value, self->original);
      break;
    case PROP_WAITLIST_ENTRY_ID:
      g_value_set_int64 (value, self->waitlist_entry_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_appointment_dialog_dispose (GObject *object)
{
  MesoAppointmentDialog *self = MESO_APPOINTMENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_APPOINTMENT_DIALOG);
  g_clear_object (&self->chooser);
  g_clear_object (&self->original);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_appointment_dialog_parent_class)->dispose (object);
}

static void
meso_appointment_dialog_class_init (MesoAppointmentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_appointment_dialog_constructed;
  object_class->dispose = meso_appointment_dialog_dispose;
  object_class->set_property = meso_appointment_dialog_set_property;
  object_class->get_property = meso_appointment_dialog_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * MesoAppointmentDialog:appointment:
   *
   * The appointment to change, or a new one (id 0) with what is already
   * known; %NULL for a blank new one.
   */
  properties[PROP_APPOINTMENT] =
    g_param_spec_object ("appointment", NULL, NULL, MESO_TYPE_APPOINTMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * MesoAppointmentDialog:waitlist-entry-id:
   *
   * The waitlist entry this booking serves, taken off the waitlist on
   * saving; or 0.
   */
  properties[PROP_WAITLIST_ENTRY_ID] =
    g_param_spec_int64 ("waitlist-entry-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoAppointmentDialog::saved:
   * @before: the appointment as it was (id 0 when new)
   * @after: as saved
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, MESO_TYPE_APPOINTMENT,
                                 MESO_TYPE_APPOINTMENT);
  g_type_ensure (MESO_TYPE_DATE_ROW);
  g_type_ensure (MESO_TYPE_TIME_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-appointment-dialog.ui");
  meso_health_banner_class_bind (widget_class);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, reload_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, patient_group);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, practitioner_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, room_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, course_group);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, course_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, scalp_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, cocktail_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentDialog, photos_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (print_actions); i++)
    gtk_widget_class_install_action (widget_class, print_actions[i].action, NULL, print_handout);
}

static void
meso_appointment_dialog_init (MesoAppointmentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->save_button, "clicked", G_CALLBACK (on_save_button_clicked_cb), self);
  g_signal_connect (self->reload_button, "clicked", G_CALLBACK (on_reload_button_clicked_cb),
                    self);
  g_signal_connect (self->export_button, "clicked", G_CALLBACK (on_export_button_clicked_cb),
                    self);
  g_signal_connect (self->scalp_button, "clicked", G_CALLBACK (on_scalp_button_clicked_cb), self);
  g_signal_connect (self->cocktail_button, "clicked", G_CALLBACK (on_cocktail_button_clicked_cb),
                    self);
  g_signal_connect (self->photos_button, "clicked", G_CALLBACK (on_photos_button_clicked_cb),
                    self);
}

/**
 * meso_appointment_dialog_new:
 * @appointment: the appointment to change, or a new one (id 0) with what
 *   is already known (patient, practitioner, start)
 * @waitlist_entry_id: the waitlist entry this booking serves, taken off
 *   the waitlist on saving; or 0
 */
MesoAppointmentDialog *
meso_appointment_dialog_new (GtkWindow       *parent,
                             MesoContext     *context,
                             MesoAppointment *appointment,
                             gint64           waitlist_entry_id)
{
  return g_object_new (MESO_TYPE_APPOINTMENT_DIALOG, "transient-for", parent, "context", context,
                       "appointment", appointment, "waitlist-entry-id", waitlist_entry_id, NULL);
}
