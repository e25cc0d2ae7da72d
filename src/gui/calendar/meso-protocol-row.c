/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-protocol-row.c: a treatment protocol in the calendar settings,
 * saved as a whole with its button: the phases are parsed first, so a
 * mistyped plan is refused before anything is stored. */
#define G_LOG_DOMAIN "meso-protocol-row"

#include <glib/gi18n.h>

#include "meso-calendar-settings.h"
#include "meso-protocol-row.h"

struct _MesoProtocolRow
{
  AdwExpanderRow  parent_instance;

  MesoContext    *context;
  gint64          id;
  GtkButton      *save_button;
  AdwEntryRow    *name_row;
  AdwEntryRow    *phases_row;
  GtkSpinButton  *maintenance_spin;
};

G_DEFINE_FINAL_TYPE (MesoProtocolRow, meso_protocol_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_save_clicked_cb (GtkButton       *button,
                    MesoProtocolRow *self)
{
  g_autoptr(MesoProtocol) protocol =
    meso_protocol_new (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                       gtk_spin_button_get_value_as_int (self->maintenance_spin));
  g_autoptr(GError) error = NULL;

  protocol->id = self->id;
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_protocol_parse_phases (
                                   protocol, gtk_editable_get_text (GTK_EDITABLE (self->phases_row)),
                                   &error) &&
                                 meso_schedule_save_protocol (
                                   meso_context_get_schedule (self->context), protocol, &error),
                                 &error);
}

static void
meso_protocol_row_dispose (GObject *object)
{
  MesoProtocolRow *self = MESO_PROTOCOL_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PROTOCOL_ROW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_protocol_row_parent_class)->dispose (object);
}

static void
meso_protocol_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  if (prop_id == PROP_CONTEXT)
    MESO_PROTOCOL_ROW (object)->context = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
meso_protocol_row_class_init (MesoProtocolRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_protocol_row_dispose;
  object_class->set_property = meso_protocol_row_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-protocol-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoProtocolRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoProtocolRow, phases_row);
  gtk_widget_class_bind_template_child (widget_class, MesoProtocolRow, maintenance_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoProtocolRow, save_button);
}

static void
meso_protocol_row_init (MesoProtocolRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
}

GtkWidget *
meso_protocol_row_new (MesoContext        *context,
                       const MesoProtocol *protocol)
{
  g_autofree char *phases = meso_protocol_format_phases (protocol);
  g_autofree char *subtitle =
    protocol->maintenance_days > 0
      ? g_strdup_printf (_("%s, then maintenance every %u days"), phases,
                         protocol->maintenance_days)
      : g_strdup (phases);
  MesoProtocolRow *self = g_object_new (MESO_TYPE_PROTOCOL_ROW, "context", context,
                                        "title", protocol->name, "subtitle", subtitle, NULL);

  self->id = protocol->id;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), protocol->name);
  gtk_editable_set_text (GTK_EDITABLE (self->phases_row), phases);
  gtk_spin_button_set_value (self->maintenance_spin, protocol->maintenance_days);
  return GTK_WIDGET (self);
}
