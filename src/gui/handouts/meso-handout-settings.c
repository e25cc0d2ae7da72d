/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-settings.c: the Handouts page of the preferences. The clinic
 * chooses its paper and the advice where sources disagree (a hat in the
 * sun, how long without alcohol or dye), and rewrites the handouts' texts,
 * one language and one handout at a time: short texts in entry rows, the
 * body in a text view, each checked before it is stored. */
#define G_LOG_DOMAIN "meso-handout-settings"

#include <glib/gi18n.h>

#include "meso-handout-settings.h"
#include "meso-handout-texts.h"
#include "meso-language.h"
#include "meso-row-error.h"

struct _MesoHandoutSettings
{
  AdwPreferencesPage   parent_instance;

  MesoContext         *context;
  MesoHandoutTexts    *texts;      /* of the chosen language */
  AdwComboRow         *paper_row;
  GtkSwitch           *hat_switch;
  GtkSpinButton       *alcohol_spin;
  GtkSpinButton       *dye_spin;
  AdwComboRow         *language_row;
  AdwComboRow         *section_row;
  AdwPreferencesGroup *keys_group;
  GPtrArray           *key_rows;   /* the entry rows shown in keys_group */
  AdwPreferencesGroup *body_group;
  GtkTextView         *body_view;
  GtkLabel            *body_error;
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (MesoHandoutSettings, meso_handout_settings, ADW_TYPE_PREFERENCES_PAGE)

#define KEY_DATA "meso-handout-key"

static void
toast (MesoHandoutSettings *self,
       const char          *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static MesoClinic *
clinic (MesoHandoutSettings *self)
{
  return meso_context_get_clinic (self->context);
}

static const char *
section (MesoHandoutSettings *self)
{
  return meso_handout_texts_sections ()[adw_combo_row_get_selected (self->section_row)];
}

/* Paper and advice */

static void
on_paper_selected_cb (MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->filling &&
      !meso_clinic_set_text (clinic (self), MESO_CLINIC_PAPER,
                             adw_combo_row_get_selected (self->paper_row) == 1 ? "letter" : "a4",
                             &error))
    toast (self, error->message);
}

static void
on_advice_changed_cb (MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  if (!meso_clinic_set_number (clinic (self), MESO_CLINIC_AFTERCARE_HAT,
                               gtk_switch_get_active (self->hat_switch), &error) ||
      !meso_clinic_set_number (clinic (self), MESO_CLINIC_NO_ALCOHOL_HOURS,
                               gtk_spin_button_get_value_as_int (self->alcohol_spin), &error) ||
      !meso_clinic_set_number (clinic (self), MESO_CLINIC_NO_DYE_DAYS,
                               gtk_spin_button_get_value_as_int (self->dye_spin), &error))
    toast (self, error->message);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              guint                max)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static void
build_printing_group (MesoHandoutSettings *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const char * const papers[] = { _("A4"), _("Letter"), NULL };
  g_autoptr(GtkStringList) paper_list = gtk_string_list_new (papers);
  GtkWidget *hat_row = adw_action_row_new ();

  adw_preferences_group_set_title (group, _("Paper and Advice"));
  adw_preferences_group_set_description (group, _("The aftercare sheet’s washing and sun limits "
                                                  "follow the timings of the aftercare "
                                                  "reminders."));
  self->paper_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paper_row), _("Paper"));
  adw_combo_row_set_model (self->paper_row, G_LIST_MODEL (paper_list));
  adw_preferences_group_add (group, GTK_WIDGET (self->paper_row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hat_row), _("Advise a Hat in the Sun"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (hat_row),
                               _("Sources disagree: a loose hat outdoors, or none at all"));
  self->hat_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->hat_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (hat_row), GTK_WIDGET (self->hat_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (hat_row),
                                         GTK_WIDGET (self->hat_switch));
  adw_preferences_group_add (group, hat_row);
  self->alcohol_spin = add_spin_row (group, _("No Smoking or Alcohol"),
                                     _("Hours after the session"), 336);
  self->dye_spin = add_spin_row (group, _("No Dye, Colour or Perm"),
                                 _("Days before and after the session"), 60);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

/* Texts */

static void
fill_texts (MesoHandoutSettings *self);

static void
on_key_applied_cb (AdwEntryRow         *row,
                   MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;
  const char *key = g_object_get_data (G_OBJECT (row), KEY_DATA);

  if (!meso_handout_texts_save (self->texts, section (self), key,
                                gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    meso_row_error_set (row, error->message);
  else
    meso_row_error_set (row, NULL);
}

static char *
body_text (MesoHandoutSettings *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_body_error (MesoHandoutSettings *self,
                 const char          *message)
{
  gtk_label_set_text (self->body_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->body_error), message != NULL);
}

/* A refused body stays in the view, as typed, with the reason under it. */
static void
on_save_body_clicked_cb (MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = body_text (self);

  if (!meso_handout_texts_save (self->texts, section (self), "body", text, &error))
    show_body_error (self, error->message);
  else
    {
      show_body_error (self, NULL);
      toast (self, _("Text saved"));
    }
}

static void
on_restore_clicked_cb (MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = meso_handout_texts_list_keys (section (self));

  for (guint i = 0; keys[i] != NULL; i++)
    if (meso_handout_texts_is_own (self->texts, section (self), keys[i]) &&
        !meso_handout_texts_reset (self->texts, section (self), keys[i], &error))
      {
        toast (self, error->message);
        return;
      }
  fill_texts (self);
}

static void
clear_key_rows (MesoHandoutSettings *self)
{
  for (guint i = 0; i < self->key_rows->len; i++)
    adw_preferences_group_remove (self->keys_group, g_ptr_array_index (self->key_rows, i));
  g_ptr_array_set_size (self->key_rows, 0);
}

/* Shows the texts of the chosen language and handout. */
static void
fill_texts (MesoHandoutSettings *self)
{
  const char *language = meso_language_codes ()[adw_combo_row_get_selected (self->language_row)];
  g_auto(GStrv) keys = meso_handout_texts_list_keys (section (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;
  gboolean has_body = FALSE;

  g_clear_object (&self->texts);
  self->texts = meso_handout_store_load_texts (meso_context_get_handout_store (self->context),
                                               language, &error);
  clear_key_rows (self);
  if (self->texts == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; keys[i] != NULL; i++)
    {
      AdwEntryRow *row;
      g_autofree char *title = NULL;

      if (g_str_equal (keys[i], "body"))
        {
          has_body = TRUE;
          continue;
        }
      title = meso_handout_texts_key_label (keys[i]);
      row = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_entry_row_set_show_apply_button (row, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row),
                             meso_handout_texts_get (self->texts, section (self), keys[i]));
      g_object_set_data_full (G_OBJECT (row), KEY_DATA, g_strdup (keys[i]), g_free);
      meso_row_error_attach (row);
      g_signal_connect (row, "apply", G_CALLBACK (on_key_applied_cb), self);
      adw_preferences_group_add (self->keys_group, GTK_WIDGET (row));
      g_ptr_array_add (self->key_rows, row);
    }
  fields = meso_handout_texts_list_fields (section (self), "body");
  if (*fields != '\0')
    {
      g_autofree char *description = g_strdup_printf (_("Fields: %s"), fields);

      adw_preferences_group_set_description (self->keys_group, description);
    }
  else
    adw_preferences_group_set_description (self->keys_group, _("These texts take no fields."));
  gtk_widget_set_visible (GTK_WIDGET (self->body_group), has_body);
  if (has_body)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                              meso_handout_texts_get (self->texts, section (self), "body"), -1);
  show_body_error (self, NULL);
}

static void
build_texts_groups (MesoHandoutSettings *self)
{
  AdwPreferencesGroup *choose = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sections = gtk_string_list_new (NULL);
  const char * const *codes = meso_language_codes ();
  const char * const *names = meso_handout_texts_sections ();
  GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore Shipped Texts"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Text"));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (languages, meso_language_get_name (codes[i]));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (sections, meso_handout_texts_section_label (names[i]));

  adw_preferences_group_set_title (choose, _("Texts"));
  adw_preferences_group_set_description (choose, _("Each language has its own texts, written "
                                                   "for patients who read it."));
  self->language_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language_row), _("Language"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
  adw_preferences_group_add (choose, GTK_WIDGET (self->language_row));
  self->section_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->section_row), _("Handout"));
  adw_combo_row_set_model (self->section_row, G_LIST_MODEL (sections));
  adw_preferences_group_add (choose, GTK_WIDGET (self->section_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), choose);

  self->keys_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->keys_group, restore);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->keys_group);

  /* The body: one block per line; see the hint under the view. */
  self->body_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->body_group, _("Text"));
  adw_preferences_group_set_description (self->body_group,
                                         _("One block per line: “# ” starts a heading, “- ” a "
                                           "bullet, “| a | b |” names a table’s columns, and a "
                                           "table or the scalp map stands alone on its line."));
  self->body_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->body_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (self->body_view, TRUE);
  gtk_text_view_set_top_margin (self->body_view, 8);
  gtk_text_view_set_bottom_margin (self->body_view, 8);
  gtk_text_view_set_left_margin (self->body_view, 8);
  gtk_text_view_set_right_margin (self->body_view, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->body_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Handout text"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->body_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  self->body_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->body_error, TRUE);
  gtk_label_set_xalign (self->body_error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->body_error), "error");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->body_error));
  gtk_box_append (GTK_BOX (box), buttons);
  adw_preferences_group_add (self->body_group, box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->body_group);

  g_signal_connect_swapped (self->language_row, "notify::selected", G_CALLBACK (fill_texts), self);
  g_signal_connect_swapped (self->section_row, "notify::selected", G_CALLBACK (fill_texts), self);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_body_clicked_cb), self);
  g_signal_connect_swapped (restore, "clicked", G_CALLBACK (on_restore_clicked_cb), self);
}

static void
meso_handout_settings_dispose (GObject *object)
{
  MesoHandoutSettings *self = MESO_HANDOUT_SETTINGS (object);

  g_clear_object (&self->context);
  g_clear_object (&self->texts);
  g_clear_pointer (&self->key_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (meso_handout_settings_parent_class)->dispose (object);
}

static void
meso_handout_settings_class_init (MesoHandoutSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_handout_settings_dispose;
}

static void
meso_handout_settings_init (MesoHandoutSettings *self)
{
  self->key_rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Handouts"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "document-print-symbolic");
  build_printing_group (self);
  build_texts_groups (self);
}

/* Only staff who manage the settings change them; others see them. */
MesoHandoutSettings *
meso_handout_settings_new (MesoContext *context)
{
  MesoHandoutSettings *self = g_object_new (MESO_TYPE_HANDOUT_SETTINGS, NULL);
  MesoClinic *clinic = meso_context_get_clinic (context);
  const char * const *codes = meso_language_codes ();
  const char *language = meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE);

  self->context = g_object_ref (context);
  self->filling = TRUE;
  adw_combo_row_set_selected (self->paper_row,
                              g_str_equal (meso_clinic_get_text (clinic, MESO_CLINIC_PAPER),
                                           "letter"));
  gtk_switch_set_active (self->hat_switch,
                         meso_clinic_get_number (clinic, MESO_CLINIC_AFTERCARE_HAT));
  gtk_spin_button_set_value (self->alcohol_spin,
                             meso_clinic_get_number (clinic, MESO_CLINIC_NO_ALCOHOL_HOURS));
  gtk_spin_button_set_value (self->dye_spin,
                             meso_clinic_get_number (clinic, MESO_CLINIC_NO_DYE_DAYS));
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], language) == 0)
      adw_combo_row_set_selected (self->language_row, i);
  self->filling = FALSE;
  fill_texts (self);

  g_signal_connect_swapped (self->paper_row, "notify::selected",
                            G_CALLBACK (on_paper_selected_cb), self);
  g_signal_connect_swapped (self->hat_switch, "notify::active",
                            G_CALLBACK (on_advice_changed_cb), self);
  g_signal_connect_swapped (self->alcohol_spin, "value-changed",
                            G_CALLBACK (on_advice_changed_cb), self);
  g_signal_connect_swapped (self->dye_spin, "value-changed",
                            G_CALLBACK (on_advice_changed_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self),
                            meso_handout_store_may_edit (meso_context_get_handout_store (context),
                                                         NULL));
  return self;
}
