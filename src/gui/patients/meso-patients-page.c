/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patients-page.c: the patient area: a search list beside the editor,
 * and the welcome screen of a clinic with no patients yet. */
#define G_LOG_DOMAIN "meso-patients-page"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-list-view.h"
#include "meso-patient-editor.h"
#include "meso-patient-list.h"
#include "meso-patient-row.h"
#include "meso-patients-page.h"

/* What to do once unsaved edits are saved or discarded. */
typedef enum
{
  LEAVE_TO_PATIENT,
  LEAVE_TO_NEW_PATIENT,
  LEAVE_AND_CLOSE,
} LeaveAction;

struct _MesoPatientsPage
{
  GtkWidget           parent_instance;

  MesoContext        *context;
  MesoPatientList    *list;
  GtkSingleSelection *selection;
  gboolean            clinic_empty;
  gboolean            editing;
  gboolean            selecting;      /* selection changed by code, not by the user */
  GCancellable       *cancellable;    /* the searches, cancelled with the page */
  gint64              reveal_id;      /* a patient just saved, to be listed */
  LeaveAction         leave_action;
  gint64              leave_to_id;

  /* Template children */
  GtkStack           *page_stack;
  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *archived_toggle;
  GtkToggleButton    *restricted_toggle;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
  GtkStack           *content_stack;
  MesoPatientEditor  *editor;
};

G_DEFINE_FINAL_TYPE (MesoPatientsPage, meso_patients_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (MesoPatientsPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", message);
}

static MesoPatientShown
shown (MesoPatientsPage *self)
{
  if (gtk_toggle_button_get_active (self->restricted_toggle))
    return MESO_PATIENTS_RESTRICTED;
  return gtk_toggle_button_get_active (self->archived_toggle) ? MESO_PATIENTS_ARCHIVED
                                                              : MESO_PATIENTS_CURRENT;
}

/* An empty list means "nobody matches" only when something was searched. */
static void
update_empty_page (MesoPatientsPage *self)
{
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  static const struct
  {
    const char *title;
    const char *description;
  } empty[] = {
    [MESO_PATIENTS_CURRENT] = { N_("No Patients Yet"), N_("Saved patients are listed here.") },
    [MESO_PATIENTS_ARCHIVED] = { N_("No Archived Patients"),
                                 N_("Patients you archive are kept here with all their "
                                    "records.") },
    [MESO_PATIENTS_RESTRICTED] = { N_("No Restricted Patients"),
                                   N_("Patients an administrator restricts are kept here, "
                                      "hidden from everyone else.") },
  };

  if (searching)
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Patients"));
      adw_status_page_set_description (self->empty_page,
                                       _("Search by the start of a family or given name, a phone "
                                         "number or an e-mail address."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-users-symbolic");
      adw_status_page_set_title (self->empty_page, _(empty[shown (self)].title));
      adw_status_page_set_description (self->empty_page, _(empty[shown (self)].description));
    }
}

static void
update_state (MesoPatientsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *count = NULL;

  if (n == 0)
    update_empty_page (self);

  gtk_stack_set_visible_child_name (self->page_stack,
                                    self->clinic_empty && !self->editing ? "welcome" : "patients");
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->content_stack, self->editing ? "editor" : "none");

  switch (shown (self))
    {
    case MESO_PATIENTS_ARCHIVED:
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u archived patient",
                                            "%u archived patients", n), n);
      break;
    case MESO_PATIENTS_RESTRICTED:
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u restricted patient",
                                            "%u restricted patients", n), n);
      break;
    default:
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patient", "%u patients", n),
                               n);
    }
  gtk_label_set_text (self->count_label, count);
}

/* Selects @id in the list without treating it as the user's choice. */
static void
select_in_list (MesoPatientsPage *self,
                gint64            id)
{
  guint position = id != 0 ? meso_patient_list_find (self->list, id)
                           : GTK_INVALID_LIST_POSITION;

  self->selecting = TRUE;
  /* Not unselect_all (): a single selection that may not be unselected
   * ignores it, and the list keeps its rows across searches now, so a row
   * would stay selected beside an empty form. */
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                position);
  self->selecting = FALSE;
}

static void run_query (MesoPatientsPage *self);

/* The list changed by pure removals and insertions (see the list's
 * report_changes ()): a selected patient still listed stayed selected, one
 * no longer listed was unselected by GTK without looking through the list.
 * The editor's patient is selected again when listed again. */
static void
on_query_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MesoPatientsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!meso_patient_list_set_query_finish (MESO_PATIENT_LIST (source), result, &error))
    {
      /* A newer search is on its way, or the page is gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
    }

  /* A patient just saved that the search does not match would vanish:
   * show everyone. */
  if (self->reveal_id != 0 && error == NULL &&
      meso_patient_list_find (self->list, self->reveal_id) == G_MAXUINT &&
      (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
       shown (self) != MESO_PATIENTS_CURRENT))
    {
      self->selecting = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_toggle_button_set_active (self->archived_toggle, FALSE);
      gtk_toggle_button_set_active (self->restricted_toggle, FALSE);
      self->selecting = FALSE;
      run_query (self);
      return;
    }
  self->reveal_id = 0;
  select_in_list (self, meso_patient_editor_get_patient_id (self->editor));
  update_state (self);
}

/* The search runs off the main loop; the one it supersedes never lands.
 * The page shows at once what it knows already (the form, the welcome). */
static void
run_query (MesoPatientsPage *self)
{
  meso_patient_list_set_query_async (self->list,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                     shown (self),
                                     self->cancellable, on_query_done_cb, self);
  update_state (self);
}

static void
edit_now (MesoPatientsPage *self,
          LeaveAction       action,
          gint64            id)
{
  g_autoptr(MesoPatient) patient = NULL;
  g_autoptr(GError) error = NULL;

  if (action == LEAVE_AND_CLOSE)
    {
      gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
      return;
    }

  if (action == LEAVE_TO_PATIENT)
    {
      patient = meso_patient_new ();
      meso_patient_set_id (patient, id);
    }
  if (!meso_patient_editor_edit (self->editor, patient, &error))
    {
      show_error (self, error->message);
      return;
    }
  self->editing = TRUE;
  select_in_list (self, id);
  update_state (self);
  /* Only a folded leaflet navigates: moving there would also move the
   * focus, and typing meant for the list would land in the name field. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  if (action == LEAVE_TO_NEW_PATIENT)
    meso_patient_editor_focus_first_field (self->editor);
}

static void
on_leave_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             MesoPatientsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") == 0 && !meso_patient_editor_save (self->editor, &error))
    {
      show_error (self, error->message);
      return;
    }
  if (g_strcmp0 (response, "save") == 0 || g_strcmp0 (response, "discard") == 0)
    edit_now (self, self->leave_action, self->leave_to_id);
  else
    select_in_list (self, meso_patient_editor_get_patient_id (self->editor));
}

/* Goes where the user asked, first offering to save unsaved edits. */
static void
leave_editor (MesoPatientsPage *self,
              LeaveAction       action,
              gint64            id)
{
  GtkWidget *dialog;

  if (!meso_patient_editor_is_dirty (self->editor))
    {
      edit_now (self, action, id);
      return;
    }

  self->leave_action = action;
  self->leave_to_id = id;
  dialog = meso_patient_editor_new_save_dialog (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect (dialog, "response", G_CALLBACK (on_leave_dialog_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_selection_changed_cb (MesoPatientsPage *self)
{
  MesoPatient *patient = gtk_single_selection_get_selected_item (self->selection);

  if (self->selecting || patient == NULL)
    return;
  if (meso_patient_get_id (patient) == meso_patient_editor_get_patient_id (self->editor) &&
      self->editing)
    return;
  leave_editor (self, LEAVE_TO_PATIENT, meso_patient_get_id (patient));
}

static void
on_search_entry_search_changed_cb (MesoPatientsPage *self)
{
  if (!self->selecting)
    run_query (self);
}

/* Archived and restricted patients are lists of their own: one at a time. */
static void
on_filter_toggled_cb (MesoPatientsPage *self,
                      GtkToggleButton  *toggle)
{
  if (self->selecting)
    return;
  self->selecting = TRUE;
  if (gtk_toggle_button_get_active (toggle))
    gtk_toggle_button_set_active (toggle == self->archived_toggle ? self->restricted_toggle
                                                                  : self->archived_toggle, FALSE);
  self->selecting = FALSE;
  run_query (self);
}

static void
on_store_changed_cb (MesoPatientsPage *self)
{
  self->clinic_empty = FALSE;
  run_query (self);
}

static void
on_editor_saved_cb (MesoPatientsPage *self,
                    gint64            id)
{
  /* The store's "changed" ran the search again: its result shows them. */
  self->reveal_id = id;
  select_in_list (self, id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-message", "s", _("Patient saved"));
}

static void
on_editor_archived_changed_cb (MesoPatientsPage *self,
                               gint64            id,
                               gboolean          archived)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-message", "s",
                              archived ? _("Patient archived: find them with “Archived”")
                                       : _("Patient restored from the archive"));
}

/* The ages in the list are counted on the clinic's today. */
static void
on_day_changed_cb (MesoPatientsPage *self)
{
  GDate today;

  meso_context_get_today (self->context, &today);
  meso_patient_list_set_today (self->list, &today);
}

static void
meso_patients_page_constructed (GObject *object)
{
  MesoPatientsPage *self = MESO_PATIENTS_PAGE (object);
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  g_autoptr(GtkListItemFactory) factory = NULL;

  G_OBJECT_CLASS (meso_patients_page_parent_class)->constructed (object);

  meso_patient_editor_set_context (self->editor, self->context);
  self->list = meso_patient_list_new (store);
  on_day_changed_cb (self);
  g_signal_connect_object (meso_context_get_clock (self->context), "day-changed",
                           G_CALLBACK (on_day_changed_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  factory = meso_patient_row_factory_new ();
  gtk_list_view_set_factory (self->list_view, factory);
  meso_list_view_tab_leaves (self->list_view);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->restricted_toggle),
                          meso_context_can (self->context, MESO_PERMISSION_MANAGE_RECORDS));
  /* If counting fails the list is shown, and the query below reports why. */
  self->clinic_empty = meso_patient_store_count (store, NULL) == 0;
  run_query (self);
}

static void
meso_patients_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MesoPatientsPage *self = MESO_PATIENTS_PAGE (object);

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
meso_patients_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MesoPatientsPage *self = MESO_PATIENTS_PAGE (object);

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
meso_patients_page_dispose (GObject *object)
{
  MesoPatientsPage *self = MESO_PATIENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PATIENTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_patients_page_parent_class)->dispose (object);
}

static void
meso_patients_page_class_init (MesoPatientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_patients_page_constructed;
  object_class->get_property = meso_patients_page_get_property;
  object_class->set_property = meso_patients_page_set_property;
  object_class->dispose = meso_patients_page_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template looks the editor's type up by name. */
  g_type_ensure (MESO_TYPE_PATIENT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-patients-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, archived_toggle);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, restricted_toggle);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientsPage, editor);
}

static void
meso_patients_page_init (MesoPatientsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* GTK's 150 ms delay spared a search that blocked the main loop. Now it
   * runs on a worker and the next key supersedes it, so waiting would only
   * hold back the list: letters typed 100-200 ms apart are searched one by
   * one under any delay short enough to go unnoticed. */
  gtk_search_entry_set_search_delay (self->search_entry, 0);

  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (on_search_entry_search_changed_cb), self);
  g_signal_connect_swapped (self->archived_toggle, "toggled",
                            G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect_swapped (self->restricted_toggle, "toggled",
                            G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect_swapped (self->editor, "saved", G_CALLBACK (on_editor_saved_cb), self);
  g_signal_connect_swapped (self->editor, "archived-changed",
                            G_CALLBACK (on_editor_archived_changed_cb), self);
}

MesoPatientsPage *
meso_patients_page_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_PATIENTS_PAGE, "context", context, NULL);
}

void
meso_patients_page_new_patient (MesoPatientsPage *self)
{
  leave_editor (self, LEAVE_TO_NEW_PATIENT, 0);
}

/* Opens patient @id's record, first offering to save the one being edited. */
void
meso_patients_page_show_patient (MesoPatientsPage *self,
                                 gint64            id)
{
  leave_editor (self, LEAVE_TO_PATIENT, id);
}

void
meso_patients_page_focus_search (MesoPatientsPage *self)
{
  gtk_stack_set_visible_child_name (self->page_stack, "patients");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * meso_patients_page_close_window:
 *
 * Closes the window holding the page once unsaved edits are saved or
 * discarded; asks first if there are any.
 */
void
meso_patients_page_close_window (MesoPatientsPage *self)
{
  leave_editor (self, LEAVE_AND_CLOSE, 0);
}

/**
 * meso_patients_page_reset:
 *
 * Empties the page for someone else who signed in: the patient open, their
 * unsaved edits, the search; the list is read again for the new account.
 * What the form shows follows the new account's permissions.
 */
void
meso_patients_page_reset (MesoPatientsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MESO_IS_PATIENTS_PAGE (self));

  /* A blank form, so that nothing of the last patient stays in its rows. */
  if (!meso_patient_editor_edit (self->editor, NULL, &error))
    show_error (self, error->message);
  self->editing = FALSE;
  self->reveal_id = 0;
  /* Now, not when the list is read again: no row stays selected. */
  select_in_list (self, 0);
  self->selecting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->archived_toggle, FALSE);
  gtk_toggle_button_set_active (self->restricted_toggle, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->restricted_toggle),
                          meso_context_can (self->context, MESO_PERMISSION_MANAGE_RECORDS));
  self->selecting = FALSE;
  run_query (self);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

gboolean
meso_patients_page_has_unsaved_changes (MesoPatientsPage *self)
{
  return meso_patient_editor_is_dirty (self->editor);
}
