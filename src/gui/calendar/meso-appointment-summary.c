/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-summary.c: the popover a click on an appointment shows
 * (GNOME Calendar's pattern): who, when, with whom, where and its status,
 * and a button that opens the editor. The grid parents and fills it. */
#define G_LOG_DOMAIN "meso-appointment-summary"

#include "meso-appointment-summary.h"

struct _MesoAppointmentSummary
{
  GtkPopover  parent_instance;

  gint64      id;

  /* Template children */
  GtkLabel   *patient_label;
  GtkLabel   *time_label;
  GtkLabel   *practitioner_label;
  GtkLabel   *room_label;
  GtkLabel   *status_label;
  GtkButton  *open_button;
};

G_DEFINE_FINAL_TYPE (MesoAppointmentSummary, meso_appointment_summary, GTK_TYPE_POPOVER)

static void
on_open_button_clicked_cb (MesoAppointmentSummary *self)
{
  gint64 id = self->id;

  gtk_popover_popdown (GTK_POPOVER (self));
  /* The grid, the popover's parent, opens the editor. */
  gtk_widget_activate_action (GTK_WIDGET (self), "grid.open", "x", id);
}

static void
meso_appointment_summary_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MESO_TYPE_APPOINTMENT_SUMMARY);

  G_OBJECT_CLASS (meso_appointment_summary_parent_class)->dispose (object);
}

static void
meso_appointment_summary_class_init (MesoAppointmentSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_appointment_summary_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/"
                                               "meso-appointment-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentSummary, patient_label);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentSummary, time_label);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentSummary, practitioner_label);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentSummary, room_label);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentSummary, status_label);
  gtk_widget_class_bind_template_child (widget_class, MesoAppointmentSummary, open_button);
}

static void
meso_appointment_summary_init (MesoAppointmentSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Connected here, not in the template, as every template's signals are:
   * gtk4-builder-tool validates the template without this file's code. */
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (on_open_button_clicked_cb),
                            self);
}

GtkWidget *
meso_appointment_summary_new (void)
{
  return g_object_new (MESO_TYPE_APPOINTMENT_SUMMARY, NULL);
}

/* Shows appointment @id; @room may be empty. The Open button takes the
 * focus, so that Enter opens the editor from here too. */
void
meso_appointment_summary_set (MesoAppointmentSummary *self,
                              gint64                  id,
                              const char             *patient,
                              const char             *time,
                              const char             *practitioner,
                              const char             *room,
                              const char             *status)
{
  self->id = id;
  gtk_label_set_label (self->patient_label, patient);
  gtk_label_set_label (self->time_label, time);
  gtk_label_set_label (self->practitioner_label, practitioner);
  gtk_label_set_label (self->room_label, room);
  gtk_widget_set_visible (GTK_WIDGET (self->room_label), room != NULL && *room != '\0');
  gtk_label_set_label (self->status_label, status);
  gtk_popover_set_default_widget (GTK_POPOVER (self), GTK_WIDGET (self->open_button));
}

gint64
meso_appointment_summary_get_id (MesoAppointmentSummary *self)
{
  return self->id;
}
