/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-chip.c: an appointment of the calendar grid as a child
 * widget: GTK 4.8 exposes only widgets to screen readers and to the
 * keyboard's focus. The grid still draws the block (one pass for thousands
 * of them); the chip lies over it, takes the focus, draws the focus ring
 * (style.css, in the style's accent) and names the appointment. Pointer
 * input passes through it to the grid, which handles clicks and drags. */
#define G_LOG_DOMAIN "meso-appointment-chip"

#include "meso-appointment-chip.h"

struct _MesoAppointmentChip
{
  GtkWidget  parent_instance;

  gint64     id;
  guint      index;   /* the grid's item */
  guint      stamp;   /* of what the label says, to skip making it again */
  char      *label;
};

G_DEFINE_FINAL_TYPE (MesoAppointmentChip, meso_appointment_chip, GTK_TYPE_WIDGET)

/* A screen reader's actions: the grid (an ancestor) carries them out. */
static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "grid.open", "x", MESO_APPOINTMENT_CHIP (widget)->id);
}

static void
summary_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "grid.summary", "x", MESO_APPOINTMENT_CHIP (widget)->id);
}

static void
meso_appointment_chip_finalize (GObject *object)
{
  g_free (MESO_APPOINTMENT_CHIP (object)->label);

  G_OBJECT_CLASS (meso_appointment_chip_parent_class)->finalize (object);
}

static void
meso_appointment_chip_class_init (MesoAppointmentChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = meso_appointment_chip_finalize;
  gtk_widget_class_install_action (widget_class, "appointment.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "appointment.summary", NULL, summary_action);
  gtk_widget_class_set_css_name (widget_class, "appointment");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
meso_appointment_chip_init (MesoAppointmentChip *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
meso_appointment_chip_new (void)
{
  return g_object_new (MESO_TYPE_APPOINTMENT_CHIP, NULL);
}

/**
 * meso_appointment_chip_set:
 * @index: the grid's item it lies over
 *
 * Points the chip at appointment @id.
 */
void
meso_appointment_chip_set (MesoAppointmentChip *self,
                           gint64               id,
                           guint                index)
{
  self->id = id;
  self->index = index;
}

/* A hash of what the label is made from: the same, and the label need not
 * be made again (thousands of them at each reload). */
guint
meso_appointment_chip_get_stamp (MesoAppointmentChip *self)
{
  return self->stamp;
}

/**
 * meso_appointment_chip_set_label:
 * @label: what a screen reader says: patient, day and time, practitioner, status
 * @stamp: a hash of what @label is made from
 *
 * The accessible name is set only when it changes, as each change is sent
 * to the screen reader.
 */
void
meso_appointment_chip_set_label (MesoAppointmentChip *self,
                                 const char          *label,
                                 guint                stamp)
{
  self->stamp = stamp;
  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

gint64
meso_appointment_chip_get_id (MesoAppointmentChip *self)
{
  return self->id;
}

guint
meso_appointment_chip_get_index (MesoAppointmentChip *self)
{
  return self->index;
}

const char *
meso_appointment_chip_get_label (MesoAppointmentChip *self)
{
  return self->label;
}
