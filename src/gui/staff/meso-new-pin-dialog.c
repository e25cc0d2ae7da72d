/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-new-pin-dialog.c: after signing in with a PIN the rules now refuse
 * (too short, too common), the person chooses a new one before working. The
 * dialog cannot be closed any other way; locking the workstation destroys
 * it, and the next sign-in asks again. */
#define G_LOG_DOMAIN "meso-new-pin-dialog"

#include <glib/gi18n.h>

#include "meso-new-pin-dialog.h"
#include "meso-row-error.h"
#include "meso-secret.h"

struct _MesoNewPinDialog
{
  AdwWindow            parent_instance;

  MesoContext         *context;
  MesoStaff           *staff;
  GCancellable        *cancellable;
  gboolean             saved;

  /* Template children */
  GtkButton           *save_button;
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *repeat_row;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (MesoNewPinDialog, meso_new_pin_dialog, ADW_TYPE_WINDOW)

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
meso_new_pin_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MesoNewPinDialog *self = MESO_NEW_PIN_DIALOG (object);

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
show_error (MesoNewPinDialog *self,
            const char       *message)
{
  meso_row_error_show_label (self->error_label, GTK_WIDGET (self->pin_row), message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

static void
on_hashed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MesoNewPinDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = meso_secret_hash_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hash == NULL ||
      !meso_staff_store_set_secret (meso_context_get_staff_store (self->context),
                                    meso_staff_get_id (self->staff), hash, &error))
    {
      show_error (self, error->message);
      return;
    }
  self->saved = TRUE;
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_button_clicked_cb (MesoNewPinDialog *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  g_autofree char *problem = meso_secret_check (pin);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  if (problem == NULL && g_strcmp0 (pin, repeat) != 0)
    problem = g_strdup (_("The two PINs differ: type the same one twice."));
  if (problem != NULL)
    {
      show_error (self, problem);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  meso_secret_hash_async (pin, self->cancellable, on_hashed_cb, g_object_ref (self));
}

/* Escape and the window manager's close do nothing: the old PIN must go. */
static gboolean
meso_new_pin_dialog_close_request (GtkWindow *window)
{
  return !MESO_NEW_PIN_DIALOG (window)->saved;
}

static void
meso_new_pin_dialog_dispose (GObject *object)
{
  MesoNewPinDialog *self = MESO_NEW_PIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_NEW_PIN_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->staff);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_new_pin_dialog_parent_class)->dispose (object);
}

static void
meso_new_pin_dialog_class_init (MesoNewPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = meso_new_pin_dialog_dispose;
  object_class->set_property = meso_new_pin_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = meso_new_pin_dialog_close_request;

  /**
   * MesoNewPinDialog::saved:
   *
   * Emitted when the new PIN was written, just before the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-new-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoNewPinDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MesoNewPinDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, MesoNewPinDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, MesoNewPinDialog, error_label);
}

static void
meso_new_pin_dialog_init (MesoNewPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->save_button, "clicked",
                            G_CALLBACK (on_save_button_clicked_cb), self);
  g_signal_connect_swapped (self->repeat_row, "entry-activated",
                            G_CALLBACK (on_save_button_clicked_cb), self);
}

/**
 * meso_new_pin_dialog_new:
 * @staff: who signed in, and whose PIN changes
 */
MesoNewPinDialog *
meso_new_pin_dialog_new (MesoContext *context,
                         MesoStaff   *staff)
{
  MesoNewPinDialog *self = g_object_new (MESO_TYPE_NEW_PIN_DIALOG, "context", context, NULL);

  self->staff = g_object_ref (staff);
  return self;
}
