/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-outbox-window.c: the outbox as patients' staff read it: to whom,
 * about what, where each message is and when, the server's answer when it
 * was not sent; Retry for one not sent, Cancel for one not yet sent. It
 * follows the outbox, so a message the sender finishes (here or on another
 * workstation) changes in place; hidden (the workstation locked, nobody
 * signed in to read it), it reads again when shown. */
#define G_LOG_DOMAIN "meso-outbox-window"

#include <glib/gi18n.h>

#include "meso-outbox-window.h"

/* A page, not the whole history: the newest are the ones acted upon. */
#define SHOWN_MESSAGES 200

struct _MesoOutboxWindow
{
  AdwWindow            parent_instance;

  MesoContext         *context;
  GPtrArray           *rows;
  gboolean             stale;   /* changed while hidden */

  /* Template children */
  GtkStack            *stack;
  GtkLabel            *error_label;
  AdwPreferencesGroup *messages_group;
};

G_DEFINE_FINAL_TYPE (MesoOutboxWindow, meso_outbox_window, ADW_TYPE_WINDOW)

static MesoOutbox *
outbox (MesoOutboxWindow *self)
{
  return meso_context_get_outbox (self->context);
}

static void
show_error (MesoOutboxWindow *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
format_time (MesoOutboxWindow *self,
             gint64            unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, meso_clock_get_zone (meso_context_get_clock (self->context)));
  return g_date_time_format (local, "%x %H:%M");
}

/* The address, where @message is and since when, on a line each (the
 * server's answer on another). */
static char *
describe (MesoOutboxWindow  *self,
          const MesoMessage *message)
{
  const char *state = meso_message_state_get_label (message->state);
  const char *kind = meso_message_kind_get_label (message->kind);
  gint64 when = message->state == MESO_MESSAGE_SENT ? message->sent_at : message->send_at;
  g_autofree char *time = format_time (self, when);

  if (message->answer != NULL && *message->answer != '\0' &&
      message->state != MESO_MESSAGE_SENT)
    /* Translators: the address; what the message is about, where it is, when; then the
     * server's answer. */
    return g_strdup_printf (_("%s\n%s · %s, %s\n%s"), message->recipient, kind, state, time,
                            message->answer);
  /* Translators: the address; what the message is about, where it is, and when. */
  return g_strdup_printf (_("%s\n%s · %s, %s"), message->recipient, kind, state, time);
}

static void
on_row_button_clicked_cb (GtkButton        *button,
                          MesoOutboxWindow *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "message-id");
  gboolean retry = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "retry"));
  g_autoptr(GError) error = NULL;

  if (retry ? !meso_outbox_retry (outbox (self), id, &error)
            : !meso_outbox_cancel (outbox (self), id, &error))
    show_error (self, error->message);
}

static GtkWidget *
row_button (MesoOutboxWindow  *self,
            const MesoMessage *message,
            const char        *patient,
            gboolean           retry)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (retry ? _("_Retry") : _("_Cancel"));
  /* Translators: the button's accessible name; %s is the patient's name. */
  g_autofree char *name = g_strdup_printf (retry ? _("Send the message to %s again")
                                                 : _("Cancel the message to %s"),
                                           patient);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "message-id",
                          g_memdup2 (&message->id, sizeof message->id), g_free);
  g_object_set_data (G_OBJECT (button), "retry", GINT_TO_POINTER (retry));
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_button_clicked_cb), self);
  return button;
}

/* @patient: the patient's name, or %NULL (no longer on record): the
 * address stands for it. */
static GtkWidget *
create_row (MesoOutboxWindow  *self,
            const MesoMessage *message,
            const char        *patient)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe (self, message);

  if (patient == NULL || *patient == '\0')
    patient = message->recipient;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patient);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 5);
  if (message->state == MESO_MESSAGE_FAILED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, message, patient, TRUE));
  if (message->state == MESO_MESSAGE_FAILED || message->state == MESO_MESSAGE_QUEUED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (self, message, patient, FALSE));
  if (message->state == MESO_MESSAGE_FAILED)
    gtk_widget_add_css_class (row, "error");
  g_object_set_data_full (G_OBJECT (row), "message-id",
                          g_memdup2 (&message->id, sizeof message->id), g_free);
  return row;
}

/* The id of the message whose row has the focus, or 0. */
static gint64
focused_message (MesoOutboxWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (guint i = 0; focus != NULL && i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (focus == row || gtk_widget_is_ancestor (focus, row))
        return *(gint64 *) g_object_get_data (G_OBJECT (row), "message-id");
    }
  return 0;
}

/* Reads the outbox again; the focus stays on the message it was on (its
 * buttons change with its state), so Retry does not throw the keyboard
 * user back to the top of the window. */
static void
reload (MesoOutboxWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = meso_outbox_list (outbox (self), SHOWN_MESSAGES, &error);
  g_autofree gint64 *ids = NULL;
  /* Each may be NULL (no such patient); all are freed, however far the
   * reading got. */
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  gint64 focused = focused_message (self);

  if (messages != NULL)
    {
      ids = g_new0 (gint64, MAX (messages->len, 1));
      g_ptr_array_set_size (names, messages->len);
      g_ptr_array_set_size (phones, messages->len);
      for (guint i = 0; i < messages->len; i++)
        ids[i] = ((MesoMessage *) g_ptr_array_index (messages, i))->patient_id;
      if (!meso_patient_store_get_contacts (meso_context_get_patient_store (self->context), ids,
                                            messages->len, (char **) names->pdata,
                                            (char **) phones->pdata, &error))
        g_clear_pointer (&messages, g_ptr_array_unref);
    }
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->messages_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (messages == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  for (guint i = 0; i < messages->len; i++)
    {
      MesoMessage *message = g_ptr_array_index (messages, i);
      GtkWidget *row = create_row (self, message, g_ptr_array_index (names, i));

      adw_preferences_group_add (self->messages_group, row);
      g_ptr_array_add (self->rows, row);
      if (message->id == focused)
        gtk_widget_grab_focus (row);
    }
  gtk_stack_set_visible_child_name (self->stack, messages->len > 0 ? "list" : "empty");
}

static void
on_outbox_changed_cb (MesoOutboxWindow *self)
{
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->stale)
    reload (self);
}

static void
on_map_cb (MesoOutboxWindow *self)
{
  if (self->stale)
    reload (self);
  self->stale = FALSE;
}

static void
meso_outbox_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MESO_TYPE_OUTBOX_WINDOW);
  G_OBJECT_CLASS (meso_outbox_window_parent_class)->dispose (object);
}

static void
meso_outbox_window_finalize (GObject *object)
{
  MesoOutboxWindow *self = MESO_OUTBOX_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (meso_outbox_window_parent_class)->finalize (object);
}

static void
meso_outbox_window_class_init (MesoOutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_outbox_window_dispose;
  object_class->finalize = meso_outbox_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-outbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoOutboxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MesoOutboxWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MesoOutboxWindow, messages_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_outbox_window_init (MesoOutboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

MesoOutboxWindow *
meso_outbox_window_new (GtkWindow   *parent,
                        MesoContext *context)
{
  MesoOutboxWindow *self = g_object_new (MESO_TYPE_OUTBOX_WINDOW, "transient-for", parent, NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (outbox (self), "changed", G_CALLBACK (on_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  reload (self);
  return self;
}
