/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-resource-list.c: fills combo rows with the practitioners or rooms in
 * use (plus the one already chosen, if it is no longer in use), and keeps
 * their ids beside the names. */
#define G_LOG_DOMAIN "meso-resource-list"

#include "meso-resource-list.h"

static void
set_choices (AdwComboRow *row,
             GtkStringList *names,
             GArray      *ids,
             gint64       selected_id)
{
  guint selected = 0;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == selected_id)
      selected = i;
  g_object_set_data_full (G_OBJECT (row), "meso-ids", g_array_ref (ids),
                          (GDestroyNotify) g_array_unref);
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, selected);
}

/* @anyone: (nullable): a first choice meaning "any practitioner" (id 0). */
void
meso_resource_list_fill_practitioners (AdwComboRow   *row,
                                       MesoResources *resources,
                                       const char    *anyone,
                                       gint64         selected_id)
{
  GPtrArray *practitioners = meso_resources_get_practitioners (resources);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (anyone != NULL)
    {
      gint64 none = 0;

      gtk_string_list_append (names, anyone);
      g_array_append_val (ids, none);
    }
  for (guint i = 0; i < practitioners->len; i++)
    {
      MesoPractitioner *practitioner = g_ptr_array_index (practitioners, i);

      if (!practitioner->active && practitioner->id != selected_id)
        continue;
      gtk_string_list_append (names, practitioner->name);
      g_array_append_val (ids, practitioner->id);
    }
  set_choices (row, names, ids, selected_id);
}

void
meso_resource_list_fill_rooms (AdwComboRow   *row,
                               MesoResources *resources,
                               gint64         selected_id)
{
  GPtrArray *rooms = meso_resources_get_rooms (resources);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rooms->len; i++)
    {
      MesoRoom *room = g_ptr_array_index (rooms, i);

      if (!room->active && room->id != selected_id)
        continue;
      gtk_string_list_append (names, room->name);
      g_array_append_val (ids, room->id);
    }
  set_choices (row, names, ids, selected_id);
}

/* Returns: the id of the chosen practitioner or room (0: anyone, or none). */
gint64
meso_resource_list_get_selected (AdwComboRow *row)
{
  GArray *ids = g_object_get_data (G_OBJECT (row), "meso-ids");
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected >= ids->len)
    return 0;
  return g_array_index (ids, gint64, selected);
}
