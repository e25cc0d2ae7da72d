/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-editor.c: the patient form: identity, contact, notes and the
 * screening record, saved together; errors appear beside the field. */
#define G_LOG_DOMAIN "meso-patient-editor"

#include <glib/gi18n.h>

#include "meso-audit-window.h"
#include "meso-record-export-dialog.h"
#include "meso-restriction-group.h"
#include "meso-consent-row.h"
#include "meso-date-row.h"
#include "meso-enum-row.h"
#include "meso-enum.h"
#include "meso-icon-button.h"
#include "meso-language.h"
#include "meso-patient-editor.h"
#include "meso-row-error.h"

#define MAX_LIST_ITEM_CHARS 200

struct _MesoPatientEditor
{
  GtkWidget      parent_instance;

  MesoContext   *context;
  MesoPatient   *patient;      /* as last saved; id 0 for a new patient */
  MesoScreening *screening;    /* the working copy being edited */
  MesoScreening *saved_screening;  /* as last read or saved */
  gboolean       dirty;
  gboolean       filling;      /* the form is being filled, not edited */
  gboolean       clinical;     /* the signed-in staff member may see clinical data */

  AdwEntryRow   *field_rows[MESO_PATIENT_N_FIELDS];
  AdwComboRow   *condition_rows[MESO_N_CONDITIONS];
  GPtrArray     *list_rows;    /* allergy and medication rows, removed on refill */

  /* Template children */
  GtkWidget      *root_box;
  GtkScrolledWindow *scroller;
  AdwAvatar      *avatar;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *state_badge;
  AdwEntryRow    *family_name_row;
  AdwEntryRow    *given_name_row;
  AdwEntryRow    *birth_date_row;
  AdwComboRow    *sex_row;
  AdwComboRow    *language_row;
  AdwEntryRow    *phone_row;
  AdwEntryRow    *email_row;
  MesoConsentRow *consent_row;
  MesoRestrictionGroup *restriction_group;
  AdwEntryRow    *address_row;
  GtkTextView    *notes_view;
  AdwPreferencesGroup *clinical_hidden_group;
  GtkWidget      *clinical_box;
  GtkWidget      *history_button;
  GtkWidget      *export_button;
  AdwPreferencesGroup *screening_group;
  GtkButton      *confirm_screening_button;
  GtkListBox     *allergy_list;
  AdwEntryRow    *allergy_entry;
  GtkListBox     *medication_list;
  AdwEntryRow    *medication_entry;
  GtkCheckButton *blood_thinner_check;
  GtkButton      *archive_button;
  GtkWidget      *conflict_box;
  GtkLabel       *conflict_label;
};

G_DEFINE_FINAL_TYPE (MesoPatientEditor, meso_patient_editor, GTK_TYPE_WIDGET)

enum {
  SAVED,
  ARCHIVED_CHANGED,
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

static MesoSex
selected_sex (MesoPatientEditor *self)
{
  return meso_enum_row_get_value (self->sex_row);
}

static void fill_screening (MesoPatientEditor *self);

static void
update_actions (MesoPatientEditor *self)
{
  gboolean saved = self->patient != NULL && meso_patient_get_id (self->patient) != 0;
  gboolean archived = saved && meso_patient_get_archived (self->patient);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", self->dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.toggle-archived", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-history", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.export-record", saved);
  /* Restricting reloads the form: not over unsaved edits. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->restriction_group), !self->dirty);
  gtk_button_set_label (self->archive_button,
                        archived ? _("_Restore from Archive") : _("_Archive"));
}

static void
update_header (MesoPatientEditor *self)
{
  g_autofree char *name = meso_patient_dup_display_name (self->patient);
  g_autofree char *summary = NULL;
  const char *state = meso_patient_get_state_name (self->patient);
  GDate today;

  meso_context_get_today (self->context, &today);
  summary = meso_patient_dup_summary (self->patient, &today);

  if (meso_patient_get_id (self->patient) == 0)
    {
      gtk_label_set_text (self->title_label, *name != '\0' ? name : _("New Patient"));
      gtk_label_set_text (self->subtitle_label, _("Not saved yet"));
    }
  else
    {
      gtk_label_set_text (self->title_label, name);
      gtk_label_set_text (self->subtitle_label, summary);
    }
  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->state_badge, state != NULL ? state : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_badge), state != NULL);
}

static void
set_dirty (MesoPatientEditor *self,
           gboolean           dirty)
{
  if (self->filling || self->dirty == dirty)
    return;
  self->dirty = dirty;
  update_actions (self);
}

static void
on_form_changed_cb (MesoPatientEditor *self)
{
  set_dirty (self, TRUE);
}

static guint
language_index (const char *code)
{
  const char * const *codes = meso_language_codes ();

  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      return i + 1;
  return 0;   /* the clinic's default */
}

static void
remove_list_rows (MesoPatientEditor *self)
{
  for (guint i = 0; i < self->list_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->list_rows, i);
      gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
    }
  g_ptr_array_set_size (self->list_rows, 0);
}

/* editor.remove-allergy(u) and editor.remove-medication(u): the row's
 * remove button takes item u out of the screening record. */
static void
editor_remove_item (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);

  if (g_str_equal (action_name, "editor.remove-allergy"))
    meso_screening_remove_allergy (self->screening, g_variant_get_uint32 (parameter));
  else
    meso_screening_remove_medication (self->screening, g_variant_get_uint32 (parameter));
  fill_screening (self);
  set_dirty (self, TRUE);
}

static void
add_list_row (MesoPatientEditor *self,
              GtkListBox        *list,
              guint              index,
              const char        *title,
              const char        *warning,
              const char        *remove_action)
{
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), title);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = meso_icon_button_new ("user-trash-symbolic", remove_label);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (warning != NULL)
    {
      GtkWidget *tag = gtk_label_new (warning);
      gtk_widget_add_css_class (tag, "badge");
      gtk_widget_add_css_class (tag, "warning");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), remove_action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  gtk_list_box_insert (list, row, index);
  g_ptr_array_add (self->list_rows, row);
}

static void
fill_condition_row (MesoPatientEditor *self,
                    MesoCondition      condition)
{
  AdwComboRow *row = self->condition_rows[condition];
  const char *asked_on = meso_screening_get_asked_on (self->screening, condition);
  MesoAnswer answer = meso_screening_get_answer (self->screening, condition);
  g_autofree char *subtitle = asked_on != NULL
    ? g_strdup_printf (_("Asked on %s"), asked_on)
    : g_strdup (_("Never asked"));

  adw_combo_row_set_selected (row, answer);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (answer == MESO_ANSWER_YES)
    gtk_widget_add_css_class (GTK_WIDGET (row), "screening-positive");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "screening-positive");
}

/* Pregnancy and breastfeeding are not asked of a man: the core ignores
 * them for him, so the form does not ask them either. */
static void
update_condition_rows (MesoPatientEditor *self)
{
  gboolean male = selected_sex (self) == MESO_SEX_MALE;

  gtk_widget_set_visible (GTK_WIDGET (self->condition_rows[MESO_CONDITION_PREGNANCY]), !male);
  gtk_widget_set_visible (GTK_WIDGET (self->condition_rows[MESO_CONDITION_BREASTFEEDING]), !male);
}

static void
fill_screening (MesoPatientEditor *self)
{
  GPtrArray *allergies = meso_screening_get_allergies (self->screening);
  GArray *medications = meso_screening_get_medications (self->screening);
  gboolean was_filling = self->filling;

  self->filling = TRUE;
  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    fill_condition_row (self, i);

  remove_list_rows (self);
  for (guint i = 0; i < allergies->len; i++)
    add_list_row (self, self->allergy_list, i, g_ptr_array_index (allergies, i), NULL,
                  "editor.remove-allergy");
  for (guint i = 0; i < medications->len; i++)
    {
      MesoMedication *med = &g_array_index (medications, MesoMedication, i);
      add_list_row (self, self->medication_list, i, med->name,
                    med->blood_thinner ? _("Blood thinner") : NULL,
                    "editor.remove-medication");
    }
  self->filling = was_filling;
}

/* Shows @patient (the stored one, or one merged from it) and the
 * screening being edited; the form is not dirty. */
static void
fill_form_with (MesoPatientEditor *self,
                MesoPatient       *patient)
{
  MesoSex sex;

  self->filling = TRUE;

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    if (self->field_rows[i] != NULL)
      {
        gtk_editable_set_text (GTK_EDITABLE (self->field_rows[i]),
                               meso_patient_get_field (patient, i));
        meso_row_error_set (self->field_rows[i], NULL);
      }
  if (!meso_enum_from_code (MESO_TYPE_SEX, meso_patient_get_field (patient, MESO_PATIENT_SEX),
                            (int *) &sex))
    sex = MESO_SEX_UNKNOWN;
  meso_enum_row_set_value (self->sex_row, sex);
  update_condition_rows (self);
  adw_combo_row_set_selected (self->language_row,
                              language_index (meso_patient_get_field (patient,
                                                                      MESO_PATIENT_LANGUAGE)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            meso_patient_get_field (patient, MESO_PATIENT_NOTES), -1);
  gtk_editable_set_text (GTK_EDITABLE (self->allergy_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->medication_entry), "");
  meso_row_error_set (self->allergy_entry, NULL);
  meso_row_error_set (self->medication_entry, NULL);
  fill_screening (self);
  gtk_widget_set_visible (self->conflict_box, FALSE);

  self->filling = FALSE;
  self->dirty = FALSE;
  update_header (self);
  update_actions (self);
}

static void
fill_form (MesoPatientEditor *self)
{
  fill_form_with (self, self->patient);
}

/* The patient as the form shows it now, typed but not yet saved. */
static MesoPatient *
form_to_patient (MesoPatientEditor *self)
{
  MesoPatient *patient = meso_patient_copy (self->patient);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  const char * const *codes = meso_language_codes ();
  guint language = adw_combo_row_get_selected (self->language_row);
  g_autofree char *notes = NULL;
  GtkTextIter start, end;

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    if (self->field_rows[i] != NULL)
      meso_patient_set_field (patient, i, gtk_editable_get_text (GTK_EDITABLE (self->field_rows[i])));
  meso_patient_set_field (patient, MESO_PATIENT_SEX,
                          meso_enum_to_code (MESO_TYPE_SEX, selected_sex (self)));
  meso_patient_set_field (patient, MESO_PATIENT_LANGUAGE,
                          language > 0 && language <= g_strv_length ((char **) codes)
                          ? codes[language - 1] : "");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  meso_patient_set_field (patient, MESO_PATIENT_NOTES, notes);
  return patient;
}

/* Marks every field at fault; returns the first such row, or NULL. */
static GtkWidget *
show_field_errors (MesoPatientEditor *self,
                   MesoPatient       *patient)
{
  GtkWidget *first = NULL;
  GDate today;

  meso_context_get_today (self->context, &today);
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    {
      g_autofree char *message = meso_patient_check_field (patient, i, &today);

      if (self->field_rows[i] != NULL)
        meso_row_error_set (self->field_rows[i], message);
      if (message != NULL && first == NULL)
        first = self->field_rows[i] != NULL ? GTK_WIDGET (self->field_rows[i])
                                            : GTK_WIDGET (self->notes_view);
    }
  return first;
}

static char *
check_list_item (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    return g_strdup (_("Type a name first."));
  if (g_utf8_strlen (trimmed, -1) > MAX_LIST_ITEM_CHARS)
    return g_strdup_printf (_("Use at most %d characters."), MAX_LIST_ITEM_CHARS);
  return NULL;
}

static void
on_allergy_entry_apply_cb (MesoPatientEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->allergy_entry));
  g_autofree char *problem = check_list_item (text);

  meso_row_error_set (self->allergy_entry, problem);
  if (problem != NULL)
    return;
  meso_screening_add_allergy (self->screening, text);
  gtk_editable_set_text (GTK_EDITABLE (self->allergy_entry), "");
  fill_screening (self);
  set_dirty (self, TRUE);
}

static void
on_medication_entry_apply_cb (MesoPatientEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->medication_entry));
  g_autofree char *problem = check_list_item (text);

  meso_row_error_set (self->medication_entry, problem);
  if (problem != NULL)
    return;
  meso_screening_add_medication (self->screening, text,
                                 gtk_check_button_get_active (self->blood_thinner_check));
  gtk_editable_set_text (GTK_EDITABLE (self->medication_entry), "");
  gtk_check_button_set_active (self->blood_thinner_check, FALSE);
  fill_screening (self);
  set_dirty (self, TRUE);
}

static void
today_iso (MesoPatientEditor *self,
           char              *buffer,
           gsize              size)
{
  GDate today;

  meso_context_get_today (self->context, &today);
  g_date_strftime (buffer, size, "%Y-%m-%d", &today);
}

static void
on_condition_selected_cb (AdwComboRow       *row,
                          GParamSpec        *pspec,
                          MesoPatientEditor *self)
{
  MesoCondition condition = 0;
  char today[16];

  if (self->filling)
    return;
  while (condition < MESO_N_CONDITIONS && self->condition_rows[condition] != row)
    condition++;
  g_return_if_fail (condition < MESO_N_CONDITIONS);
  today_iso (self, today, sizeof today);
  meso_screening_set_answer (self->screening, condition, adw_combo_row_get_selected (row), today);
  self->filling = TRUE;
  fill_condition_row (self, condition);
  self->filling = FALSE;
  set_dirty (self, TRUE);
}

static void
on_confirm_screening_button_clicked_cb (MesoPatientEditor *self)
{
  char today[16];

  today_iso (self, today, sizeof today);
  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    meso_screening_set_answer (self->screening, i,
                               meso_screening_get_answer (self->screening, i), today);
  fill_screening (self);
  set_dirty (self, TRUE);
}

/* What the other workstation changed of the patient's own fields since
 * this form read them ("They changed: Phone, E-mail."), or %NULL. */
static char *
describe_stored_changes (MesoPatientEditor *self)
{
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  g_autoptr(MesoPatient) stored = meso_patient_store_load (store,
                                                           meso_patient_get_id (self->patient),
                                                           NULL);
  g_autoptr(GString) fields = g_string_new (NULL);

  if (stored == NULL)
    return NULL;
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    if (self->field_rows[i] != NULL &&
        g_strcmp0 (meso_patient_get_field (stored, i),
                   meso_patient_get_field (self->patient, i)) != 0)
      {
        if (fields->len > 0)
          g_string_append (fields, _(", "));
        g_string_append (fields, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->field_rows[i])));
      }
  if (fields->len == 0)
    return NULL;
  /* Translators: the names of the fields another workstation changed */
  return g_strdup_printf (_("They changed: %s."), fields->str);
}

/**
 * meso_patient_editor_save:
 *
 * Saves what the form shows. On failure the form keeps everything typed:
 * field errors are shown beside their fields, and @error says what to do.
 * When another workstation saved the patient first, the refusal (who and
 * when) also stays above the Save button until the form is reloaded.
 */
gboolean
meso_patient_editor_save (MesoPatientEditor  *self,
                          GError            **error)
{
  g_autoptr(MesoPatient) patient = form_to_patient (self);
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  g_autoptr(GError) local_error = NULL;
  GtkWidget *first_error;
  GDate today;

  first_error = show_field_errors (self, patient);
  if (first_error != NULL)
    {
      gtk_widget_grab_focus (first_error);
      g_set_error_literal (error, MESO_PATIENT_ERROR, 0,
                           _("Not saved: correct the fields marked in red."));
      return FALSE;
    }

  meso_context_get_today (self->context, &today);
  if (!meso_patient_store_save (store, patient, self->clinical ? self->screening : NULL, &today,
                                &local_error))
    {
      /* Another workstation saved first: say so above Save until the form
       * is reloaded; a toast would be gone before the user has copied. */
      if (g_error_matches (local_error, MESO_DB_ERROR, MESO_DB_ERROR_STALE))
        {
          g_autofree char *changed = describe_stored_changes (self);
          g_autofree char *text = changed != NULL
                                  ? g_strdup_printf ("%s\n%s", local_error->message, changed)
                                  : g_strdup (local_error->message);

          gtk_label_set_label (self->conflict_label, text);
          gtk_widget_set_visible (self->conflict_box, TRUE);
        }
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Not saved: "));
      return FALSE;
    }

  g_set_object (&self->patient, patient);
  g_clear_object (&self->saved_screening);
  self->saved_screening = meso_screening_copy (self->screening);
  fill_form (self);
  meso_consent_row_show (self->consent_row, self->context, meso_patient_get_id (patient));
  meso_restriction_group_show (self->restriction_group, self->context, patient);
  g_signal_emit (self, signals[SAVED], 0, meso_patient_get_id (patient));
  return TRUE;
}

static void
editor_show_history (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);
  g_autofree char *name = meso_patient_dup_display_name (self->patient);
  MesoAuditWindow *window;

  window = meso_audit_window_new (self->context, MESO_AUDIT_BY_PATIENT,
                                  meso_patient_get_id (self->patient), name);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
}

static void
editor_export_record (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);
  g_autofree char *name = meso_patient_dup_display_name (self->patient);

  meso_record_export_dialog_run (GTK_WINDOW (gtk_widget_get_root (widget)), self->context,
                                 meso_patient_get_id (self->patient), name);
}

static void
editor_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (meso_patient_editor_save (self, &error))
    return;
  /* Who and when are above Save; the toast replaces any "Patient saved". */
  if (g_error_matches (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE))
    gtk_widget_activate_action (widget, "win.show-error", "s",
                                _("Not saved: someone else changed this patient first"));
  else
    gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
}

static void
editor_revert (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);
  g_autoptr(MesoPatient) patient = g_object_ref (self->patient);
  g_autoptr(GError) error = NULL;

  if (!meso_patient_editor_edit (self, patient, &error))
    gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
}

/* Restricted, lifted or anonymised: the form shows the patient as stored. */
static void
on_restriction_changed_cb (MesoPatientEditor *self)
{
  editor_revert (GTK_WIDGET (self), NULL, NULL);
}

/* After a refused save: what the other workstation saved, with this
 * form's own changes on top (meso_patient_merge()), to save again. */
static void
editor_reload_keeping (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  gint64 id = meso_patient_get_id (self->patient);
  g_autoptr(MesoPatient) mine = form_to_patient (self);
  g_autoptr(MesoPatient) stored = NULL;
  g_autoptr(MesoPatient) merged = NULL;
  g_autoptr(MesoScreening) stored_screening = NULL;
  g_autoptr(GError) error = NULL;

  stored = meso_patient_store_load (store, id, &error);
  if (stored != NULL && self->clinical)
    stored_screening = meso_patient_store_load_screening (store, id, &error);
  if (stored == NULL || (self->clinical && stored_screening == NULL))
    {
      gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
      return;
    }
  merged = meso_patient_merge (self->patient, mine, stored);
  if (self->clinical)
    {
      g_autoptr(MesoScreening) screening = meso_screening_merge (self->saved_screening,
                                                                 self->screening,
                                                                 stored_screening);

      g_set_object (&self->screening, screening);
      g_set_object (&self->saved_screening, stored_screening);
    }
  g_set_object (&self->patient, stored);
  fill_form_with (self, merged);
  set_dirty (self, TRUE);
}

static void
editor_toggle_archived (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (widget);
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  gboolean archived = !meso_patient_get_archived (self->patient);
  gint64 id = meso_patient_get_id (self->patient);
  g_autoptr(GError) error = NULL;

  if (!meso_patient_store_set_archived (store, id, archived, &error))
    {
      gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
      return;
    }
  /* Only the saved record changes: edits in progress stay in the form. */
  meso_patient_set_archived (self->patient, archived);
  update_header (self);
  update_actions (self);
  g_signal_emit (self, signals[ARCHIVED_CHANGED], 0, id, archived);
}

static void
build_condition_rows (MesoPatientEditor *self)
{
  for (guint i = 0; i < MESO_N_CONDITIONS; i++)
    {
      const char *answers[] = { _("Unknown"), _("No"), _("Yes"), NULL };
      g_autoptr(GtkStringList) model = gtk_string_list_new (answers);
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meso_condition_get_label (i));
      adw_combo_row_set_model (row, G_LIST_MODEL (model));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_condition_selected_cb), self);
      adw_preferences_group_add (self->screening_group, GTK_WIDGET (row));
      self->condition_rows[i] = row;
    }
}

static void
build_language_model (MesoPatientEditor *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const char * const *codes = meso_language_codes ();

  gtk_string_list_append (model, _("Clinic default"));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (model, meso_language_get_name (codes[i]));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
}

static void
meso_patient_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (object);

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
meso_patient_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* Unset for a template child: its page calls set_context() later. */
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_patient_editor_dispose (GObject *object)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PATIENT_EDITOR);
  g_clear_object (&self->patient);
  g_clear_object (&self->screening);
  g_clear_object (&self->saved_screening);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_patient_editor_parent_class)->dispose (object);
}

static void
meso_patient_editor_finalize (GObject *object)
{
  MesoPatientEditor *self = MESO_PATIENT_EDITOR (object);

  g_ptr_array_unref (self->list_rows);

  G_OBJECT_CLASS (meso_patient_editor_parent_class)->finalize (object);
}

static void
meso_patient_editor_class_init (MesoPatientEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_patient_editor_dispose;
  object_class->finalize = meso_patient_editor_finalize;
  object_class->get_property = meso_patient_editor_get_property;
  object_class->set_property = meso_patient_editor_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoPatientEditor::saved:
   * @id: the saved patient's id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[ARCHIVED_CHANGED] = g_signal_new ("archived-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
  g_type_ensure (MESO_TYPE_DATE_ROW);
  g_type_ensure (MESO_TYPE_CONSENT_ROW);
  g_type_ensure (MESO_TYPE_RESTRICTION_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-patient-editor.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, root_box);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, avatar);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, state_badge);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, family_name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, given_name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, birth_date_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, sex_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, language_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, consent_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, restriction_group);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, clinical_hidden_group);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, clinical_box);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, history_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, export_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, screening_group);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, allergy_list);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, allergy_entry);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, medication_list);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, medication_entry);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, blood_thinner_check);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, archive_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, conflict_box);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, MesoPatientEditor, confirm_screening_button);

  gtk_widget_class_install_action (widget_class, "editor.show-history", NULL, editor_show_history);
  gtk_widget_class_install_action (widget_class, "editor.export-record", NULL,
                                   editor_export_record);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, editor_save);
  gtk_widget_class_install_action (widget_class, "editor.remove-allergy", "u",
                                   editor_remove_item);
  gtk_widget_class_install_action (widget_class, "editor.remove-medication", "u",
                                   editor_remove_item);
  gtk_widget_class_install_action (widget_class, "editor.revert", NULL, editor_revert);
  gtk_widget_class_install_action (widget_class, "editor.reload-keeping", NULL,
                                   editor_reload_keeping);
  gtk_widget_class_install_action (widget_class, "editor.toggle-archived", NULL,
                                   editor_toggle_archived);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
meso_patient_editor_init (MesoPatientEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The labels come from the core; a template cannot name a static function. */
  meso_enum_row_set_enum (self->sex_row, MESO_TYPE_SEX, (MesoEnumLabelFunc) meso_sex_get_label);

  self->list_rows = g_ptr_array_new ();
  self->field_rows[MESO_PATIENT_FAMILY_NAME] = self->family_name_row;
  self->field_rows[MESO_PATIENT_GIVEN_NAME] = self->given_name_row;
  self->field_rows[MESO_PATIENT_BIRTH_DATE] = self->birth_date_row;
  self->field_rows[MESO_PATIENT_PHONE] = self->phone_row;
  self->field_rows[MESO_PATIENT_EMAIL] = self->email_row;
  self->field_rows[MESO_PATIENT_ADDRESS] = self->address_row;

  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    if (self->field_rows[i] != NULL)
      {
        meso_row_error_attach (self->field_rows[i]);
        g_signal_connect_swapped (self->field_rows[i], "changed",
                                  G_CALLBACK (on_form_changed_cb), self);
      }
  meso_row_error_attach (self->allergy_entry);
  meso_row_error_attach (self->medication_entry);
  build_language_model (self);
  build_condition_rows (self);

  g_signal_connect_swapped (self->restriction_group, "changed",
                            G_CALLBACK (on_restriction_changed_cb), self);
  g_signal_connect_swapped (self->confirm_screening_button, "clicked",
                            G_CALLBACK (on_confirm_screening_button_clicked_cb), self);
  g_signal_connect_swapped (self->allergy_entry, "apply",
                            G_CALLBACK (on_allergy_entry_apply_cb), self);
  g_signal_connect_swapped (self->medication_entry, "apply",
                            G_CALLBACK (on_medication_entry_apply_cb), self);
  g_signal_connect_swapped (self->sex_row, "notify::selected",
                            G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect_swapped (self->sex_row, "notify::selected",
                            G_CALLBACK (update_condition_rows), self);
  g_signal_connect_swapped (self->language_row, "notify::selected",
                            G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->notes_view), "changed",
                            G_CALLBACK (on_form_changed_cb), self);
}


/* Sets the context once, before anything is edited, for an editor that is
 * a template child and so cannot be given it at construction. */
void
meso_patient_editor_set_context (MesoPatientEditor *self,
                                 MesoContext       *context)
{
  g_return_if_fail (self->context == NULL);
  self->context = g_object_ref (context);
}

/**
 * meso_patient_editor_edit:
 * @patient: (nullable): the patient to edit, or %NULL for a new one
 *
 * Shows @patient and its screening record, read afresh from the database.
 */
gboolean
meso_patient_editor_edit (MesoPatientEditor  *self,
                          MesoPatient        *patient,
                          GError            **error)
{
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  g_autoptr(MesoPatient) fresh = NULL;
  g_autoptr(MesoScreening) screening = NULL;

  /* What this form shows follows who is signed in; the store enforces it. */
  self->clinical = meso_context_can (self->context, MESO_PERMISSION_READ_CLINICAL);
  gtk_widget_set_visible (self->clinical_box, self->clinical);
  gtk_widget_set_visible (GTK_WIDGET (self->clinical_hidden_group), !self->clinical);
  gtk_widget_set_visible (self->history_button,
                          meso_context_can (self->context, MESO_PERMISSION_READ_AUDIT));
  /* The record holds clinical data and the audit trail: physicians and administrators. */
  gtk_widget_set_visible (self->export_button,
                          self->clinical &&
                          meso_context_can (self->context, MESO_PERMISSION_READ_AUDIT));

  if (patient != NULL && meso_patient_get_id (patient) != 0)
    {
      gint64 id = meso_patient_get_id (patient);

      fresh = meso_patient_store_load (store, id, error);
      if (fresh == NULL)
        return FALSE;
      screening = self->clinical ? meso_patient_store_load_screening (store, id, error)
                                 : meso_screening_new ();
      if (screening == NULL)
        return FALSE;
    }
  else
    {
      fresh = meso_patient_new ();
      screening = meso_screening_new ();
    }

  g_set_object (&self->patient, fresh);
  g_set_object (&self->screening, screening);
  g_clear_object (&self->saved_screening);
  self->saved_screening = meso_screening_copy (screening);
  fill_form (self);
  meso_consent_row_show (self->consent_row, self->context, meso_patient_get_id (fresh));
  meso_restriction_group_show (self->restriction_group, self->context, fresh);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  return TRUE;
}

gint64
meso_patient_editor_get_patient_id (MesoPatientEditor *self)
{
  return self->patient != NULL ? meso_patient_get_id (self->patient) : 0;
}

gboolean
meso_patient_editor_is_dirty (MesoPatientEditor *self)
{
  return self->dirty;
}

/* Puts the cursor in the first field, ready to type a new patient's name. */
void
meso_patient_editor_focus_first_field (MesoPatientEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->family_name_row));
}

/**
 * meso_patient_editor_new_save_dialog:
 *
 * Returns: (transfer floating): the question asked before unsaved edits
 * would be lost, with the responses "cancel", "discard" and "save".
 */
GtkWidget *
meso_patient_editor_new_save_dialog (GtkWindow *parent)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (parent, _("Save Changes?"),
                            _("This patient’s record has changes that are not saved yet.")));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"),
                                    "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return GTK_WIDGET (dialog);
}
