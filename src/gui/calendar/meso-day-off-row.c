/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-day-off-row.c: a day the clinic is closed (its Julian day is its id)
 * or days a practitioner is away (the stored id). The row only says that
 * its Remove button was pressed: what removing means is its owner's. */
#define G_LOG_DOMAIN "meso-day-off-row"

#include "meso-day-off-row.h"

struct _MesoDayOffRow
{
  AdwActionRow  parent_instance;

  gint64        id;
  GtkButton    *remove_button;
};

G_DEFINE_FINAL_TYPE (MesoDayOffRow, meso_day_off_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ID,
  N_PROPS
};

enum
{
  REMOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_remove_clicked_cb (MesoDayOffRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
meso_day_off_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MESO_TYPE_DAY_OFF_ROW);

  G_OBJECT_CLASS (meso_day_off_row_parent_class)->dispose (object);
}

static void
meso_day_off_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  if (prop_id == PROP_ID)
    g_value_set_int64 (value, MESO_DAY_OFF_ROW (object)->id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
meso_day_off_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  if (prop_id == PROP_ID)
    MESO_DAY_OFF_ROW (object)->id = g_value_get_int64 (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
meso_day_off_row_class_init (MesoDayOffRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_day_off_row_dispose;
  object_class->get_property = meso_day_off_row_get_property;
  object_class->set_property = meso_day_off_row_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The Remove button was pressed. */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-day-off-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoDayOffRow, remove_button);
}

static void
meso_day_off_row_init (MesoDayOffRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove_clicked_cb),
                            self);
}

GtkWidget *
meso_day_off_row_new (gint64      id,
                      const char *title,
                      const char *subtitle)
{
  return g_object_new (MESO_TYPE_DAY_OFF_ROW, "id", id, "title", title, "subtitle", subtitle,
                       NULL);
}

gint64
meso_day_off_row_get_id (MesoDayOffRow *self)
{
  g_return_val_if_fail (MESO_IS_DAY_OFF_ROW (self), 0);

  return self->id;
}
