/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-picker.c: a search entry that lists the first matching
 * patients under it; choosing one puts the name in the entry. */
#define G_LOG_DOMAIN "meso-patient-picker"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "meso-patient-picker.h"

#define MAX_MATCHES 6

struct _MesoPatientPicker
{
  GtkBox            parent_instance;

  MesoPatientStore *store;
  MesoClock        *clock;      /* for the ages in the matches */
  GtkSearchEntry   *entry;
  GtkListBox       *matches;    /* one row per patient in found */
  GListStore       *found;      /* of MesoPatient: the first matches */
  GtkWidget        *scroller;   /* around the matches, hidden without any */
  GtkLabel         *chosen;
  gint64            patient_id;
  gboolean          setting_text;
};

G_DEFINE_FINAL_TYPE (MesoPatientPicker, meso_patient_picker, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_chosen (MesoPatientPicker *self,
            gint64             patient_id,
            const char        *summary)
{
  self->patient_id = patient_id;
  gtk_label_set_label (self->chosen, summary != NULL ? summary : _("No patient chosen"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ID]);
}

static GtkWidget *
create_match_row (gpointer item,
                  gpointer user_data)
{
  MesoPatientPicker *self = user_data;
  g_autofree char *name = meso_patient_dup_display_name (item);
  g_autofree char *summary = NULL;
  GtkWidget *row = adw_action_row_new ();
  GDate today;

  meso_clock_get_today (self->clock, &today);
  summary = meso_patient_dup_summary (item, &today);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
on_entry_search_changed_cb (GtkSearchEntry    *entry,
                            MesoPatientPicker *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GArray) ids = NULL;

  g_list_store_remove_all (self->found);
  if (self->setting_text)
    return;
  gtk_widget_set_visible (self->scroller, FALSE);
  if (*query == '\0')
    return;

  ids = meso_patient_store_search (self->store, query, MESO_PATIENTS_CURRENT, NULL);
  for (guint i = 0; ids != NULL && i < MIN (ids->len, MAX_MATCHES); i++)
    {
      g_autoptr(MesoPatient) patient = meso_patient_store_load (self->store,
                                                                g_array_index (ids, gint64, i),
                                                                NULL);

      if (patient != NULL)
        g_list_store_append (self->found, patient);
    }
  gtk_widget_set_visible (self->scroller, ids != NULL && ids->len > 0);
}

static void
on_matches_row_activated_cb (GtkListBox        *box,
                             GtkListBoxRow     *row,
                             MesoPatientPicker *self)
{
  g_autoptr(MesoPatient) patient = g_list_model_get_item (G_LIST_MODEL (self->found),
                                                          gtk_list_box_row_get_index (row));
  g_autofree char *name = meso_patient_dup_display_name (patient);

  meso_patient_picker_set_patient (self, meso_patient_get_id (patient), name);
}

static void
meso_patient_picker_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MesoPatientPicker *self = MESO_PATIENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_PATIENT_ID:
      g_value_set_int64 (value, self->patient_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_patient_picker_dispose (GObject *object)
{
  g_clear_object (&MESO_PATIENT_PICKER (object)->store);
  g_clear_object (&MESO_PATIENT_PICKER (object)->found);
  g_clear_object (&MESO_PATIENT_PICKER (object)->clock);

  G_OBJECT_CLASS (meso_patient_picker_parent_class)->dispose (object);
}

static void
meso_patient_picker_class_init (MesoPatientPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = meso_patient_picker_get_property;
  object_class->dispose = meso_patient_picker_dispose;

  properties[PROP_PATIENT_ID] =
    g_param_spec_int64 ("patient-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_patient_picker_init (MesoPatientPicker *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->scroller = scroller;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->entry, 150);
  g_object_set (self->entry, "placeholder-text", _("Search patients by name or phone"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Patient"), -1);
  g_signal_connect (self->entry, "search-changed", G_CALLBACK (on_entry_search_changed_cb), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->entry));

  self->matches = GTK_LIST_BOX (gtk_list_box_new ());
  self->found = g_list_store_new (MESO_TYPE_PATIENT);
  gtk_list_box_bind_model (self->matches, G_LIST_MODEL (self->found), create_match_row, self,
                           NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->matches), "boxed-list");
  gtk_widget_set_visible (scroller, FALSE);
  g_signal_connect (self->matches, "row-activated", G_CALLBACK (on_matches_row_activated_cb),
                    self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->matches));
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_box_append (GTK_BOX (self), scroller);

  self->chosen = GTK_LABEL (gtk_label_new (_("No patient chosen")));
  gtk_label_set_xalign (self->chosen, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->chosen), "heading");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->chosen));
}

GtkWidget *
meso_patient_picker_new (MesoPatientStore *store,
                         MesoClock        *clock)
{
  MesoPatientPicker *self = g_object_new (MESO_TYPE_PATIENT_PICKER, NULL);

  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  return GTK_WIDGET (self);
}

gint64
meso_patient_picker_get_patient (MesoPatientPicker *self)
{
  return self->patient_id;
}

/* Shows @name as the chosen patient, without searching for it. */
void
meso_patient_picker_set_patient (MesoPatientPicker *self,
                                 gint64             patient_id,
                                 const char        *name)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  self->setting_text = FALSE;
  gtk_widget_set_visible (self->scroller, FALSE);
  set_chosen (self, patient_id, name);
}

/* Puts the keyboard in the search, for a form that starts with the patient. */
void
meso_patient_picker_grab_focus (MesoPatientPicker *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}
