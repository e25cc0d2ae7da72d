/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-account-dialog.c: the administrator's form for a staff account. A
 * refused value is explained under the form and nothing typed is lost; the
 * PIN is hashed in a worker thread. */
#define G_LOG_DOMAIN "meso-account-dialog"

#include <glib/gi18n.h>

#include "meso-account-dialog.h"
#include "meso-enum-row.h"
#include "meso-row-error.h"
#include "meso-secret.h"

struct _MesoAccountDialog
{
  AdwWindow            parent_instance;

  MesoContext         *context;
  MesoStaff           *staff;        /* NULL for a new account */
  GCancellable        *cancellable;

  /* Template children */
  GtkButton           *save_button;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwActionRow        *active_row;
  GtkSwitch           *active_switch;
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *repeat_row;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (MesoAccountDialog, meso_account_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
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

static void
meso_account_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MesoAccountDialog *self = MESO_ACCOUNT_DIALOG (object);

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
show_error (MesoAccountDialog *self,
            const char        *message)
{
  meso_row_error_show_label (self->error_label, NULL, message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

/* Writes the account; @secret_hash is NULL when the PIN stays. */
static void
write_account (MesoAccountDialog *self,
               const char        *secret_hash)
{
  MesoStaffStore *store = meso_context_get_staff_store (self->context);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  MesoRole role = meso_enum_row_get_value (self->role_row);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->staff == NULL)
    {
      g_autoptr(MesoStaff) added = meso_staff_store_add (store, name, role, secret_hash, &error);
      ok = added != NULL;
    }
  else
    ok = meso_staff_store_update (store, meso_staff_get_id (self->staff), name, role,
                                  gtk_switch_get_active (self->active_switch), secret_hash,
                                  &error);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_hashed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MesoAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = meso_secret_hash_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hash == NULL)
    show_error (self, error->message);
  else
    write_account (self, hash);
}

static void
on_save_button_clicked_cb (MesoAccountDialog *self)
{
  MesoStaffStore *store = meso_context_get_staff_store (self->context);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  gint64 id = self->staff != NULL ? meso_staff_get_id (self->staff) : 0;
  g_autofree char *problem = meso_staff_store_check_name (store, id, name);

  if (problem == NULL && (self->staff == NULL || *pin != '\0'))
    problem = meso_secret_check (pin);
  if (problem == NULL && g_strcmp0 (pin, repeat) != 0)
    problem = g_strdup (_("The two PINs differ: type the same one twice."));
  if (problem != NULL)
    {
      show_error (self, problem);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  if (*pin == '\0')
    write_account (self, NULL);
  else
    meso_secret_hash_async (pin, self->cancellable, on_hashed_cb, g_object_ref (self));
}

static void
meso_account_dialog_dispose (GObject *object)
{
  MesoAccountDialog *self = MESO_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->staff);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_account_dialog_parent_class)->dispose (object);
}

static void
meso_account_dialog_class_init (MesoAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_account_dialog_dispose;
  object_class->set_property = meso_account_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoAccountDialog::saved:
   *
   * Emitted when the account was written, just before the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, active_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, MesoAccountDialog, error_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_account_dialog_init (MesoAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  meso_enum_row_set_enum (self->role_row, MESO_TYPE_ROLE, (MesoEnumLabelFunc) meso_role_get_label);
  g_signal_connect_swapped (self->save_button, "clicked",
                            G_CALLBACK (on_save_button_clicked_cb), self);
  g_signal_connect_swapped (self->repeat_row, "entry-activated",
                            G_CALLBACK (on_save_button_clicked_cb), self);
}

/**
 * meso_account_dialog_new:
 * @staff: (nullable): the account to change, or %NULL for a new one
 */
MesoAccountDialog *
meso_account_dialog_new (MesoContext *context,
                         MesoStaff   *staff)
{
  MesoAccountDialog *self = g_object_new (MESO_TYPE_ACCOUNT_DIALOG, "context", context, NULL);

  g_set_object (&self->staff, staff);
  gtk_window_set_title (GTK_WINDOW (self), staff != NULL ? _("Change Account") : _("New Account"));
  gtk_widget_set_visible (GTK_WIDGET (self->active_row), staff != NULL);
  gtk_switch_set_active (self->active_switch, TRUE);
  if (staff != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), meso_staff_get_display_name (staff));
      meso_enum_row_set_value (self->role_row, meso_staff_get_role (staff));
      gtk_switch_set_active (self->active_switch, meso_staff_get_active (staff));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pin_row),
                                     _("New PIN (leave empty to keep the current one)"));
    }
  return self;
}
