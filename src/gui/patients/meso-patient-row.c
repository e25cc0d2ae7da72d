/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-row.c: one row of the patient list, the initials, name and
 * summary of the patient it shows. Built in code, not from a template, and
 * with MesoInitials rather than AdwAvatar: a search that narrows the list
 * makes GTK 4.8 build rows for up to 200 patients at once, and a template's
 * builder, then AdwAvatar, were most of a keystroke's time. */
#define G_LOG_DOMAIN "meso-patient-row"

#include "meso-initials.h"
#include "meso-list-view.h"
#include "meso-patient-row.h"

struct _MesoPatientRow
{
  GtkWidget     parent_instance;

  MesoPatient  *patient;
  MesoInitials *initials;
  GtkLabel     *name_label;
  GtkLabel     *summary_label;
};

G_DEFINE_FINAL_TYPE (MesoPatientRow, meso_patient_row, GTK_TYPE_WIDGET)

static void
show_name (MesoPatientRow *self)
{
  g_autofree char *name = meso_patient_dup_display_name (self->patient);

  meso_initials_set_name (self->initials, name);
  gtk_label_set_text (self->name_label, name);
  meso_list_view_name_row (GTK_WIDGET (self), name, gtk_label_get_text (self->summary_label));
}

static void
show_summary (MesoPatientRow *self)
{
  g_autofree char *summary = NULL;

  g_object_get (self->patient, "summary", &summary, NULL);
  gtk_label_set_text (self->summary_label, summary);
  meso_list_view_name_row (GTK_WIDGET (self), gtk_label_get_text (self->name_label), summary);
}

/**
 * meso_patient_row_set_patient:
 * @patient: (nullable): the patient to show, and follow while shown
 */
void
meso_patient_row_set_patient (MesoPatientRow *self,
                              MesoPatient    *patient)
{
  g_return_if_fail (MESO_IS_PATIENT_ROW (self));

  if (self->patient != NULL)
    g_signal_handlers_disconnect_by_data (self->patient, self);
  if (!g_set_object (&self->patient, patient) || patient == NULL)
    return;
  show_name (self);
  show_summary (self);
  g_signal_connect_object (patient, "notify::display-name", G_CALLBACK (show_name), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (patient, "notify::summary", G_CALLBACK (show_summary), self,
                           G_CONNECT_SWAPPED);
}

static GtkWidget *
make_label (const char *style,
            const char *second_style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, style);
  if (second_style != NULL)
    gtk_widget_add_css_class (label, second_style);
  return label;
}

static void
meso_patient_row_dispose (GObject *object)
{
  MesoPatientRow *self = MESO_PATIENT_ROW (object);
  GtkWidget *child;

  meso_patient_row_set_patient (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (meso_patient_row_parent_class)->dispose (object);
}

static void
meso_patient_row_class_init (MesoPatientRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_patient_row_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BOX_LAYOUT);
}

static void
meso_patient_row_init (MesoPatientRow *self)
{
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  self->initials = MESO_INITIALS (meso_initials_new (36));
  gtk_widget_set_valign (GTK_WIDGET (self->initials), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (GTK_WIDGET (self->initials), GTK_WIDGET (self));

  self->name_label = GTK_LABEL (make_label ("heading", NULL));
  self->summary_label = GTK_LABEL (make_label ("caption", "dim-label"));
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->summary_label));
  gtk_widget_set_parent (texts, GTK_WIDGET (self));
}

GtkWidget *
meso_patient_row_new (void)
{
  return g_object_new (MESO_TYPE_PATIENT_ROW, NULL);
}

static void
setup_row (GtkListItemFactory *factory,
           GtkListItem        *item)
{
  gtk_list_item_set_child (item, meso_patient_row_new ());
}

static void
bind_row (GtkListItemFactory *factory,
          GtkListItem        *item)
{
  meso_patient_row_set_patient (MESO_PATIENT_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_row (GtkListItemFactory *factory,
            GtkListItem        *item)
{
  meso_patient_row_set_patient (MESO_PATIENT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Returns: (transfer full): a factory of rows for a list of #MesoPatient. */
GtkListItemFactory *
meso_patient_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  return factory;
}
