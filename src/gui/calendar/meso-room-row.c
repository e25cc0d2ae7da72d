/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-room-row.c: a room or chair in the calendar settings. The row keeps
 * the revision it was read at and the one each save leaves, so that two
 * saves from it pass and a save over someone else's change is refused. */
#define G_LOG_DOMAIN "meso-room-row"

#include "meso-calendar-settings.h"
#include "meso-room-row.h"

struct _MesoRoomRow
{
  AdwEntryRow   parent_instance;

  MesoContext  *context;
  gint64        id;
  gint64        revision;
  gboolean      filling;    /* the widgets are being set from the stored room */
  GtkSwitch    *active_switch;
};

G_DEFINE_FINAL_TYPE (MesoRoomRow, meso_room_row, ADW_TYPE_ENTRY_ROW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
save (MesoRoomRow *self)
{
  MesoRoom room = {
    .id = self->id,
    .name = (char *) gtk_editable_get_text (GTK_EDITABLE (self)),
    .active = gtk_switch_get_active (self->active_switch),
    .revision = self->revision,
  };
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_save_room (meso_context_get_schedule (self->context),
                                                          &room, &error),
                                 &error);
  self->revision = room.revision;
}

static void
meso_room_row_dispose (GObject *object)
{
  MesoRoomRow *self = MESO_ROOM_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_ROOM_ROW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_room_row_parent_class)->dispose (object);
}

static void
meso_room_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  if (prop_id == PROP_CONTEXT)
    MESO_ROOM_ROW (object)->context = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
meso_room_row_class_init (MesoRoomRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_room_row_dispose;
  object_class->set_property = meso_room_row_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-room-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoRoomRow, active_switch);
}

static void
meso_room_row_init (MesoRoomRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "apply", G_CALLBACK (save), NULL);
  g_signal_connect_swapped (self->active_switch, "notify::active", G_CALLBACK (save), self);
}

GtkWidget *
meso_room_row_new (MesoContext    *context,
                   const MesoRoom *room)
{
  MesoRoomRow *self = g_object_new (MESO_TYPE_ROOM_ROW, "context", context, "text", room->name,
                                    NULL);

  self->id = room->id;
  self->revision = room->revision;
  self->filling = TRUE;
  gtk_switch_set_active (self->active_switch, room->active);
  self->filling = FALSE;
  return GTK_WIDGET (self);
}
