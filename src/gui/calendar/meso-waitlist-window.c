/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-waitlist-window.c: lists the waiting patients, with their wishes,
 * and adds new ones. The offers themselves come from the calendar page
 * when a slot frees up. */
#define G_LOG_DOMAIN "meso-waitlist-window"

#include <glib/gi18n.h>

#include "meso-health-banner.h"
#include "meso-patient-picker.h"
#include "meso-resource-list.h"
#include "meso-time-row.h"
#include "meso-waitlist-window.h"
#include "meso-waitlist.h"

struct _MesoWaitlistWindow
{
  AdwWindow            parent_instance;

  MesoContext         *context;
  GtkWidget           *picker;
  GtkWidget           *day_buttons[7];
  GPtrArray           *rows;

  /* Template children */
  AdwPreferencesGroup *waiting_group;
  GtkLabel            *error_label;
  AdwPreferencesGroup *patient_group;
  AdwComboRow         *practitioner_row;
  GtkSpinButton       *minutes_spin;
  GtkBox              *days_box;
  AdwEntryRow         *earliest_row;
  AdwEntryRow         *latest_row;
  AdwEntryRow         *notes_row;
  GtkButton           *add_button;
};

G_DEFINE_FINAL_TYPE (MesoWaitlistWindow, meso_waitlist_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MesoSchedule *
schedule (MesoWaitlistWindow *self)
{
  return meso_context_get_schedule (self->context);
}

static void
show_error (MesoWaitlistWindow *self,
            const char         *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_remove_clicked_cb (GtkButton          *button,
                      MesoWaitlistWindow *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "entry-id");
  g_autoptr(GError) error = NULL;

  if (!meso_waitlist_resolve (schedule (self), id, &error))
    show_error (self, error->message);
}

static void
reload (MesoWaitlistWindow *self)
{
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = meso_waitlist_list (schedule (self), &error);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->waiting_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (entries == NULL || resources == NULL)
    {
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      MesoWaitlistEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove"));
      g_autofree char *wish = meso_waitlist_entry_describe (entry, resources);
      g_autofree char *subtitle = *entry->notes != '\0'
                                    ? g_strdup_printf ("%s · %s", wish, entry->notes)
                                    : g_strdup (wish);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->patient_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Take off the waitlist"));
      g_object_set_data_full (G_OBJECT (remove), "entry-id",
                              g_memdup2 (&entry->id, sizeof entry->id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->waiting_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static gboolean
parse_minutes (const char *text,
               guint      *out_minutes)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  guint64 hour, minute = 0;

  if (parts[0] == NULL || !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 0, 24, &hour,
                                                       NULL) ||
      (parts[1] != NULL &&
       !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 59, &minute, NULL)) ||
      hour * 60 + minute > 1440)
    return FALSE;
  *out_minutes = hour * 60 + minute;
  return TRUE;
}

static void
on_add_button_clicked_cb (GtkButton          *button,
                          MesoWaitlistWindow *self)
{
  g_autoptr(MesoWaitlistEntry) entry = meso_waitlist_entry_new ();
  g_autoptr(GError) error = NULL;

  entry->patient_id = meso_patient_picker_get_patient (MESO_PATIENT_PICKER (self->picker));
  entry->practitioner_id = meso_resource_list_get_selected (self->practitioner_row);
  entry->minutes = gtk_spin_button_get_value_as_int (self->minutes_spin);
  entry->weekdays = 0;
  for (guint d = 0; d < 7; d++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->day_buttons[d])))
      entry->weekdays |= 1u << d;
  g_free (entry->notes);
  entry->notes = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
  if (!parse_minutes (gtk_editable_get_text (GTK_EDITABLE (self->earliest_row)), &entry->earliest) ||
      !parse_minutes (gtk_editable_get_text (GTK_EDITABLE (self->latest_row)), &entry->latest))
    {
      show_error (self, _("Type the times as hours:minutes, such as 14:00."));
      return;
    }
  if (!meso_waitlist_add (schedule (self), entry, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  meso_patient_picker_set_patient (MESO_PATIENT_PICKER (self->picker), 0, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), "");
}

static void
meso_waitlist_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MesoWaitlistWindow *self = MESO_WAITLIST_WINDOW (object);

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
meso_waitlist_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MesoWaitlistWindow *self = MESO_WAITLIST_WINDOW (object);

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
meso_waitlist_window_constructed (GObject *object)
{
  MesoWaitlistWindow *self = MESO_WAITLIST_WINDOW (object);
  MesoResources *resources = meso_schedule_get_resources (schedule (self), NULL);

  G_OBJECT_CLASS (meso_waitlist_window_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_WAITLIST_WINDOW, self->context);

  self->picker = meso_patient_picker_new (meso_context_get_patient_store (self->context),
                                          meso_context_get_clock (self->context));
  adw_preferences_group_add (self->patient_group, self->picker);
  meso_patient_picker_grab_focus (MESO_PATIENT_PICKER (self->picker));
  if (resources != NULL)
    meso_resource_list_fill_practitioners (self->practitioner_row, resources, _("Anyone"), 0);
  g_signal_connect_swapped (schedule (self), "changed", G_CALLBACK (reload), self);
  reload (self);
}

static void
meso_waitlist_window_dispose (GObject *object)
{
  MesoWaitlistWindow *self = MESO_WAITLIST_WINDOW (object);

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (schedule (self), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_WAITLIST_WINDOW);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_waitlist_window_parent_class)->dispose (object);
}

static void
meso_waitlist_window_class_init (MesoWaitlistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_waitlist_window_constructed;
  object_class->dispose = meso_waitlist_window_dispose;
  object_class->set_property = meso_waitlist_window_set_property;
  object_class->get_property = meso_waitlist_window_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_type_ensure (MESO_TYPE_TIME_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-waitlist-window.ui");
  meso_health_banner_class_bind (widget_class);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, patient_group);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, practitioner_row);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, days_box);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, earliest_row);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, latest_row);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, notes_row);
  gtk_widget_class_bind_template_child (widget_class, MesoWaitlistWindow, add_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_waitlist_window_init (MesoWaitlistWindow *self)
{
  GDate monday;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 5, 1, 2026);   /* a Monday, to name the weekdays */
  for (guint d = 0; d < 7; d++)
    {
      GDate day = monday;
      char name[32], full[32];

      g_date_add_days (&day, d);
      g_date_strftime (name, sizeof name, "%a", &day);
      g_date_strftime (full, sizeof full, "%A", &day);
      self->day_buttons[d] = gtk_toggle_button_new_with_label (name);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->day_buttons[d]), d < 5);
      gtk_widget_set_tooltip_text (self->day_buttons[d], full);
      gtk_box_append (self->days_box, self->day_buttons[d]);
    }
  g_signal_connect (self->add_button, "clicked", G_CALLBACK (on_add_button_clicked_cb), self);
}

MesoWaitlistWindow *
meso_waitlist_window_new (GtkWindow   *parent,
                          MesoContext *context)
{
  return g_object_new (MESO_TYPE_WAITLIST_WINDOW, "transient-for", parent, "context", context,
                       NULL);
}
