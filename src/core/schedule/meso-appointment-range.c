/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-range.c: a month of the calendar holds over 10,000
 * appointments; as plain rows with the names in one string chunk they load
 * several times faster than as objects. The list model makes an
 * appointment object only for a row a list actually shows. */
#define G_LOG_DOMAIN "meso-appointment-range"

#include "meso-appointment-range.h"

struct _MesoAppointmentRange
{
  GObject       parent_instance;

  GArray       *rows;    /* of MesoAppointmentRow */
  GStringChunk *names;   /* the rows' patient names */
};

static void meso_appointment_range_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MesoAppointmentRange, meso_appointment_range, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      meso_appointment_range_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return MESO_TYPE_APPOINTMENT;
}

static guint
get_n_items (GListModel *model)
{
  return MESO_APPOINTMENT_RANGE (model)->rows->len;
}

/* An appointment object for the row, without its notes: load it from the
 * schedule before changing it. */
static gpointer
get_item (GListModel *model,
          guint       position)
{
  MesoAppointmentRange *self = MESO_APPOINTMENT_RANGE (model);
  const MesoAppointmentRow *row;
  MesoAppointment *appointment;

  if (position >= self->rows->len)
    return NULL;
  row = &g_array_index (self->rows, MesoAppointmentRow, position);
  appointment = meso_appointment_new ();
  appointment->id = row->id;
  appointment->patient_id = row->patient_id;
  appointment->practitioner_id = row->practitioner_id;
  appointment->room_id = row->room_id;
  appointment->starts_at = row->starts_at;
  appointment->minutes = row->minutes;
  appointment->kind = row->kind;
  appointment->status = row->status;
  appointment->patient_name = g_strdup (row->patient_name);
  appointment->course_id = row->course_id;
  appointment->course_position = row->course_position;
  return appointment;
}

static void
meso_appointment_range_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
meso_appointment_range_finalize (GObject *object)
{
  MesoAppointmentRange *self = MESO_APPOINTMENT_RANGE (object);

  g_array_unref (self->rows);
  g_string_chunk_free (self->names);

  G_OBJECT_CLASS (meso_appointment_range_parent_class)->finalize (object);
}

static void
meso_appointment_range_class_init (MesoAppointmentRangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_appointment_range_finalize;
}

static void
meso_appointment_range_init (MesoAppointmentRange *self)
{
  self->rows = g_array_sized_new (FALSE, FALSE, sizeof (MesoAppointmentRow), 256);
  self->names = g_string_chunk_new (4096);
}

MesoAppointmentRange *
meso_appointment_range_new (void)
{
  return g_object_new (MESO_TYPE_APPOINTMENT_RANGE, NULL);
}

/* Appends a copy of @row; its patient name is copied (once per name) too. */
void
meso_appointment_range_append (MesoAppointmentRange     *self,
                               const MesoAppointmentRow *row)
{
  MesoAppointmentRow copy = *row;

  copy.patient_name = g_string_chunk_insert_const (self->names,
                                                   row->patient_name ? row->patient_name : "");
  g_array_append_val (self->rows, copy);
}

guint
meso_appointment_range_get_size (MesoAppointmentRange *self)
{
  return self->rows->len;
}

const MesoAppointmentRow *
meso_appointment_range_get_row (MesoAppointmentRange *self,
                                guint                 index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, MesoAppointmentRow, index);
}

static gboolean
overlaps (const MesoAppointmentRow *row,
          gint64                    from,
          gint64                    to)
{
  return row->starts_at < to && row->starts_at + (gint64) row->minutes * 60 > from;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const MesoAppointmentRow *x = a, *y = b;

  if (x->starts_at != y->starts_at)
    return x->starts_at < y->starts_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * meso_appointment_range_splice:
 * @fresh: the appointments in [@from, @to), loaded after @self
 *
 * Returns: (transfer full): @self with what it held in [@from, @to)
 * replaced by @fresh's, in start order, as a load of the whole would be.
 */
MesoAppointmentRange *
meso_appointment_range_splice (MesoAppointmentRange *self,
                               MesoAppointmentRange *fresh,
                               gint64                from,
                               gint64                to)
{
  MesoAppointmentRange *spliced = meso_appointment_range_new ();

  for (guint i = 0; i < self->rows->len; i++)
    {
      const MesoAppointmentRow *row = &g_array_index (self->rows, MesoAppointmentRow, i);

      if (!overlaps (row, from, to))
        meso_appointment_range_append (spliced, row);
    }
  for (guint i = 0; i < fresh->rows->len; i++)
    {
      const MesoAppointmentRow *row = &g_array_index (fresh->rows, MesoAppointmentRow, i);

      if (overlaps (row, from, to))
        meso_appointment_range_append (spliced, row);
    }
  g_array_sort (spliced->rows, compare_rows);
  return spliced;
}
