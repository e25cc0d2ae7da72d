/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-settings.c: the Handouts page of the preferences. The clinic
 * chooses its paper and the advice where sources disagree (a hat in the
 * sun, how long without alcohol or dye), and rewrites the handouts' texts,
 * one language and one handout at a time: short texts in entry rows, the
 * body in a text view, each checked before it is stored. Its groups are
 * built, and the texts read, when the page is first shown. */
#define G_LOG_DOMAIN "meso-handout-settings"

#include <glib/gi18n.h>

#include "meso-handout-settings.h"
#include "meso-handout-texts.h"
#include "meso-language.h"
#include "meso-lazy-page.h"
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
  GtkButton           *restore_button;
  AdwPreferencesGroup *body_group;
  GtkTextView         *body_view;
  GtkLabel            *body_error;
  GtkButton           *save_button;
  GPtrArray           *key_rows;   /* the entry rows shown in keys_group */
  GPtrArray           *keys;       /* the key of each of key_rows */
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (MesoHandoutSettings, meso_handout_settings, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* Texts */

static void
fill_texts (MesoHandoutSettings *self);

static void
on_key_applied_cb (AdwEntryRow         *row,
                   MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;
  guint index;
  const char *key;

  if (!g_ptr_array_find (self->key_rows, row, &index))
    return;
  key = g_ptr_array_index (self->keys, index);
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

/* A refused body stays in the view, as typed, with the reason under it. */
static void
on_save_body_clicked_cb (MesoHandoutSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = body_text (self);

  if (!meso_handout_texts_save (self->texts, section (self), "body", text, &error))
    meso_row_error_show_label (self->body_error, NULL, error->message);
  else
    {
      meso_row_error_show_label (self->body_error, NULL, NULL);
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
  g_ptr_array_set_size (self->keys, 0);
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
      g_ptr_array_add (self->keys, g_strdup (keys[i]));
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
  meso_row_error_show_label (self->body_error, NULL, NULL);
}

static void
build (AdwPreferencesPage *page)
{
  static const char * const groups[] = {
    "advice_group", "texts_group", "keys_group", "body_group", NULL,
  };
  MesoHandoutSettings *self = MESO_HANDOUT_SETTINGS (page);
  g_autoptr(GtkBuilder) builder = meso_lazy_page_add_groups (
    page, "/io/github/mesodesk/Mesodesk/meso-handout-settings.ui", groups);
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sections = gtk_string_list_new (NULL);
  const char * const *codes = meso_language_codes ();
  const char * const *names = meso_handout_texts_sections ();
  const char *language = meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE);

#define BIND(name) \
  meso_lazy_page_bind (builder, self, #name, G_STRUCT_OFFSET (MesoHandoutSettings, name))
  BIND (paper_row);
  BIND (hat_switch);
  BIND (alcohol_spin);
  BIND (dye_spin);
  BIND (language_row);
  BIND (section_row);
  BIND (keys_group);
  BIND (restore_button);
  BIND (body_group);
  BIND (body_view);
  BIND (body_error);
  BIND (save_button);
#undef BIND
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (languages, meso_language_get_name (codes[i]));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (sections, meso_handout_texts_section_label (names[i]));
  self->filling = TRUE;
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
  adw_combo_row_set_model (self->section_row, G_LIST_MODEL (sections));
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
  g_signal_connect_swapped (self->language_row, "notify::selected", G_CALLBACK (fill_texts), self);
  g_signal_connect_swapped (self->section_row, "notify::selected", G_CALLBACK (fill_texts), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_body_clicked_cb),
                            self);
  g_signal_connect_swapped (self->restore_button, "clicked", G_CALLBACK (on_restore_clicked_cb),
                            self);
  /* Only staff who manage the settings change them; others see them. */
  gtk_widget_set_sensitive (GTK_WIDGET (self),
                            meso_handout_store_may_edit (meso_context_get_handout_store (
                                                           self->context), NULL));
}

static void
meso_handout_settings_constructed (GObject *object)
{
  G_OBJECT_CLASS (meso_handout_settings_parent_class)->constructed (object);

  meso_lazy_page_build_when_shown (ADW_PREFERENCES_PAGE (object), build);
}

static void
meso_handout_settings_dispose (GObject *object)
{
  MesoHandoutSettings *self = MESO_HANDOUT_SETTINGS (object);

  g_clear_object (&self->context);
  g_clear_object (&self->texts);
  g_clear_pointer (&self->key_rows, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (meso_handout_settings_parent_class)->dispose (object);
}

static void
meso_handout_settings_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MesoHandoutSettings *self = MESO_HANDOUT_SETTINGS (object);

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
meso_handout_settings_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MesoHandoutSettings *self = MESO_HANDOUT_SETTINGS (object);

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
meso_handout_settings_class_init (MesoHandoutSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = meso_handout_settings_constructed;
  object_class->dispose = meso_handout_settings_dispose;
  object_class->get_property = meso_handout_settings_get_property;
  object_class->set_property = meso_handout_settings_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_handout_settings_init (MesoHandoutSettings *self)
{
  self->key_rows = g_ptr_array_new ();
  self->keys = g_ptr_array_new_with_free_func (g_free);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Handouts"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "document-print-symbolic");
}

MesoHandoutSettings *
meso_handout_settings_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_HANDOUT_SETTINGS, "context", context, NULL);
}
